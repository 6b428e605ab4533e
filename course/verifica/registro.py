"""Il registro delle verifiche: codice dell'esercizio → funzione che corregge la risposta.

Le verifiche del modulo NN stanno in ``course/verifica/esercizi_NN.py`` e si caricano solo
quando serve, dal prefisso del codice ("1.2" → ``esercizi_01``; "8.3" → ``esercizi_08``).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from course.errori import ErroreCorso
from course.verifica import scala
from course.verifica.correzione import Correzione
from course.verifica.esito import Esito

__all__ = ["Esercizio", "registra", "esercizio", "punteggio", "elenco_esercizi", "verifica", "modulo_del_codice"]

_FORMA_CODICE = re.compile(r"^(\d{1,2})\.(\d{1,2})$")


@dataclass(frozen=True)
class Esercizio:
    """Un esercizio registrato: codice, titolo, competenze, punti e funzione di verifica."""

    codice: str
    titolo: str
    competenze: tuple[str, ...]
    punti: float
    funzione: Callable

    @property
    def modulo(self) -> str:
        return modulo_del_codice(self.codice)


_REGISTRO: dict[str, Esercizio] = {}


def modulo_del_codice(codice: str) -> str:
    """Il modulo (due cifre) a cui appartiene il codice di un esercizio.

    >>> modulo_del_codice("1.2"), modulo_del_codice("8.3")
    ('01', '08')
    >>> modulo_del_codice("1,2")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Codice di esercizio non valido: '1,2'. Si scrive come "1.2" (modulo 01, esercizio 2), con il punto e tra virgolette.
    """
    trovato = _FORMA_CODICE.match(str(codice).strip()) if isinstance(codice, str) else None
    if trovato is None:
        raise ErroreCorso(
            f"Codice di esercizio non valido: {codice!r}. Si scrive come \"1.2\" (modulo 01, esercizio 2), "
            "con il punto e tra virgolette."
        )
    return f"{int(trovato.group(1)):02d}"


def registra(codice: str, *, titolo: str, competenze: Iterable[str], punti: float = 1.0):
    """Decoratore: registra la funzione di verifica dell'esercizio ``codice``.

    La funzione può avere due forme:

    - ``f(risposta, c)``: riceve una ``Correzione`` già intestata e annota lì i criteri (la forma
      consigliata); se non restituisce nulla, l'esito è ``c.esito()``;
    - ``f(risposta)``: restituisce da sola un ``Esito``.

    >>> @registra("99.1", titolo="Prova di registrazione", competenze=["C1"], punti=2)
    ... def _(risposta, c):
    ...     c.confronta(c.numero(risposta, cosa="il numero"), 4, cosa="Il numero")
    >>> punteggio("99.1", 4)
    2.0
    """
    modulo_del_codice(codice)
    competenze = tuple(competenze)
    sconosciute = [c for c in competenze if not re.fullmatch(r"C[1-8]", c)]
    if sconosciute:
        raise ErroreCorso(f"Competenze sconosciute per l'esercizio {codice}: {', '.join(sconosciute)}. Usa C1…C8.")

    def decoratore(funzione: Callable) -> Callable:
        _REGISTRO[codice] = Esercizio(codice, titolo, competenze, float(punti), funzione)
        return funzione

    return decoratore


def _carica_modulo(modulo: str) -> bool:
    try:
        importlib.import_module(f"course.verifica.esercizi_{modulo}")
    except ModuleNotFoundError as errore:
        if errore.name == f"course.verifica.esercizi_{modulo}":
            return False
        raise
    return True


def _tutti_i_moduli() -> list[str]:
    # i file esercizi_NN.py accanto a questo (senza importare il pacchetto, che importa questo modulo)
    moduli = sorted(
        m.name.removeprefix("esercizi_") for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if re.fullmatch(r"esercizi_\d{2}", m.name)
    )
    for modulo in moduli:
        _carica_modulo(modulo)
    return moduli


def _trova(codice) -> Esercizio:
    modulo = modulo_del_codice(codice)
    codice = str(codice).strip()
    if codice not in _REGISTRO:
        _carica_modulo(modulo)
    if codice in _REGISTRO:
        return _REGISTRO[codice]
    moduli = _tutti_i_moduli()
    stesso_modulo = sorted((c for c in _REGISTRO if modulo_del_codice(c) == modulo), key=_ordine)
    if stesso_modulo:
        raise ErroreCorso(
            f"Non conosco l'esercizio {codice!r}. Gli esercizi del modulo {modulo} sono: "
            f"{', '.join(stesso_modulo)}. Controlla il numero scritto nel testo dell'esercizio."
        )
    raise ErroreCorso(
        f"Non conosco l'esercizio {codice!r}: il modulo {modulo} non ha esercizi con verifica. "
        f"Moduli con esercizi: {', '.join(moduli) or 'nessuno'}."
    )


def _ordine(codice: str) -> tuple[int, int]:
    a, b = codice.split(".")
    return int(a), int(b)


def verifica(codice: str, risposta) -> Esito:
    """Esegue la verifica di ``codice`` e restituisce l'``Esito`` senza mostrare nulla.

    Non si interrompe mai per colpa della risposta: se la verifica incontra un imprevisto,
    l'esito lo spiega (0 punti) invece di sollevare un'eccezione.

    >>> verifica("0.1", 45).superato
    True
    """
    es = _trova(codice)
    c = Correzione(es.codice, es.titolo, competenze=es.competenze, massimo=es.punti)
    try:
        n_parametri = len(inspect.signature(es.funzione).parameters)
        risultato = es.funzione(risposta, c) if n_parametri >= 2 else es.funzione(risposta)
    except Exception as errore:  # la risposta ha una forma imprevista: diventa feedback, non un crash
        c = Correzione(es.codice, es.titolo, competenze=es.competenze, massimo=es.punti)
        if isinstance(errore, ErroreCorso):  # un messaggio del corso è già scritto per chi impara
            c.male(f"Non sono riuscito a completare la verifica: {str(errore)[:400]}",
                   suggerimento="Segui l'indicazione del messaggio, poi esegui di nuovo la cella.")
        else:
            c.male(f"Non sono riuscito a controllare la risposta: ha una forma che non mi aspettavo "
                   f"({type(errore).__name__}: {str(errore)[:200]}).",
                   suggerimento="Rileggi la consegna: che tipo di risultato chiede (un numero, una tabella, un testo)?")
        return c.esito()
    if isinstance(risultato, Esito):
        return risultato
    if isinstance(risultato, Correzione):
        return risultato.esito()
    return c.esito()


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def _numero_cella() -> int | None:
    from IPython import get_ipython

    shell = get_ipython()
    return getattr(shell, "execution_count", None)


class _EsitoMostrato(Esito):
    """Un ``Esito`` già mostrato nel notebook: se è l'ultima riga della stessa cella non si ripete."""

    def _ipython_display_(self):
        if _numero_cella() != getattr(self, "_cella", None):
            _mostra(self)


def _mostra(esito: Esito) -> None:
    """Mostra l'esito nel notebook come riquadro HTML, con il testo semplice per chi non vede l'HTML."""
    from IPython.display import display

    display({"text/html": esito._repr_html_(), "text/plain": str(esito)}, raw=True)


def esercizio(codice: str, risposta, *, mostra: bool = True) -> Esito:
    """Controlla la tua risposta all'esercizio ``codice`` e mostra che cosa va bene e che cosa no.

    Nel notebook il riscontro compare come un riquadro colorato; fuori dal notebook viene
    stampato. Restituisce l'``Esito`` (punti, cose giuste, cose da rivedere, un suggerimento). Nelle
    lezioni ogni tentativo sbagliato dà un aiuto più preciso e dal terzo si può aprire la soluzione
    svolta (:mod:`course.verifica.scala`).

    >>> e = esercizio("0.1", 257)
    🔁 Esercizio 0.1 – Quanti sono gli Ambiti: 0 punti su 1. Non ancora, ma nessun problema: leggi il suggerimento e riprova.
      ✘ Il numero di Ambiti non è ancora giusto.
      💡 Suggerimento: 257 sono i comuni: gli Ambiti sono gruppi di comuni, quindi sono molti meno. Conta le righe della tabella degli Ambiti.
    >>> e.superato
    False
    """
    esito = verifica(codice, risposta)
    if not mostra:
        return esito
    esito = scala.sali(esito)  # nelle lezioni: aiuti a gradini e, dal terzo tentativo, la soluzione svolta
    if _in_notebook():
        _mostra(esito)
        mostrato = _EsitoMostrato(**esito.__dict__)
        mostrato._cella = _numero_cella()
        return mostrato
    print(esito)
    return esito


def punteggio(codice: str, risposta, *, su: float | None = None, mostra: bool = False) -> float:
    """I punti ottenuti dalla risposta (per la correzione automatica con nbgrader).

    Con ``su`` i punti sono riportati in scala (ad esempio ``su=1`` dà la quota tra 0 e 1);
    con ``mostra=True`` stampa anche il riscontro in italiano.

    >>> punteggio("0.1", 45), punteggio("0.1", "45", su=1)
    (1.0, 0.0)
    """
    esito = verifica(codice, risposta)
    if mostra:
        print(esito)
    if su is not None:
        return round(esito.quota * su, 4)
    return esito.punti


def elenco_esercizi():
    """Tutti gli esercizi con verifica: codice, modulo, titolo, competenze, punti.

    >>> df = elenco_esercizi()
    >>> list(df.columns)
    ['codice', 'modulo', 'titolo', 'competenze', 'punti']
    >>> "0.1" in set(df["codice"])
    True
    """
    import pandas as pd

    _tutti_i_moduli()
    righe = [
        {"codice": e.codice, "modulo": e.modulo, "titolo": e.titolo, "competenze": ", ".join(e.competenze),
         "punti": e.punti}
        for e in sorted(_REGISTRO.values(), key=lambda e: _ordine(e.codice))
        if not e.codice.startswith("99.")
    ]
    return pd.DataFrame(righe, columns=["codice", "modulo", "titolo", "competenze", "punti"])
