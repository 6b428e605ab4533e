"""La scala degli aiuti nelle lezioni: a ogni tentativo sbagliato un aiuto più preciso, mai il codice.

- 1° tentativo sbagliato: un aiuto generale (da dove partire);
- 2°: un aiuto specifico (che cosa guardare);
- dal 3°: anche il metodo, passo per passo, a parole, e l'offerta di una soluzione svolta
  (``verifica.soluzione("2.1")``), la via d'uscita per chi è bloccato da solo.

Un errore tipico riconosciuto dalla verifica ha il suo consiglio mirato, che vale più del gradino.
I tentativi si contano in questo kernel (riavviandolo si riparte da zero). Nei compiti valutati la
scala si ferma al consiglio della verifica e le soluzioni svolte non si aprono.

>>> azzera()
>>> from course.verifica.esito import Esito
>>> sbagliato = Esito("0.1", "Quanti sono gli Ambiti", 0.0, 1.0)
>>> [sali(sbagliato).tentativo for _ in range(3)]
[1, 2, 3]
>>> sali(sbagliato).soluzione
True
>>> azzera()
"""

from __future__ import annotations

import html
import sys
from dataclasses import replace

from course.errori import ErroreCorso
from course.verifica.aiuti import AIUTI
from course.verifica.esito import Esito
from course.verifica.svolte import SVOLTE, Svolta

__all__ = ["TENTATIVI_PER_LA_SOLUZIONE", "in_compito", "tentativi", "azzera", "sali", "soluzione", "SoluzioneSvolta"]

#: Dopo quanti tentativi sbagliati si può aprire la soluzione svolta.
TENTATIVI_PER_LA_SOLUZIONE = 3
_TENTATIVI: dict[str, int] = {}
# Moduli che solo un compito valutato importa (preparazione della consegna, varianti personali).
_MODULI_DEI_COMPITI = ("course.valutazione.consegna", "course.valutazione.varianti")


def in_compito() -> bool:
    """Vero dentro un compito valutato: niente scala degli aiuti, niente soluzioni svolte."""
    return any(nome in sys.modules for nome in _MODULI_DEI_COMPITI)


def tentativi(codice: str) -> int:
    """I tentativi sbagliati dell'esercizio ``codice`` in questo kernel."""
    return _TENTATIVI.get(str(codice).strip(), 0)


def azzera(codice: str | None = None) -> None:
    """Riparte da zero con i tentativi di un esercizio (o di tutti)."""
    if codice is None:
        _TENTATIVI.clear()
    else:
        _TENTATIVI.pop(str(codice).strip(), None)


def sali(esito: Esito) -> Esito:
    """Conta il tentativo e restituisce l'esito con l'aiuto del gradino raggiunto.

    Un esito superato resta com'è. Senza aiuti a gradini per l'esercizio resta il consiglio della verifica.
    """
    if esito.superato:
        return esito
    n = _TENTATIVI[esito.codice] = tentativi(esito.codice) + 1
    if in_compito():
        return replace(esito, tentativo=n)
    gradini = AIUTI.get(esito.codice)
    suggerimento, metodo = esito.suggerimento, None
    if gradini:
        generale, specifico, passi = gradini
        if not esito.mirato:
            suggerimento = generale if n == 1 else specifico
        if n >= TENTATIVI_PER_LA_SOLUZIONE:
            metodo = passi
    offerta = n >= TENTATIVI_PER_LA_SOLUZIONE and esito.codice in SVOLTE
    return replace(esito, suggerimento=suggerimento, tentativo=n, metodo=metodo, soluzione=offerta)


class SoluzioneSvolta:
    """Una soluzione svolta da mostrare nel notebook: il ragionamento e la cella da copiare."""

    def __init__(self, codice: str, svolta: Svolta):
        self.codice, self.svolta = codice, svolta

    def __str__(self) -> str:
        return (f"📘 Soluzione svolta dell'esercizio {self.codice}\n{self.svolta.ragionamento}\n\n"
                f"{self.svolta.codice}\n\nCopia il codice nella cella dell'esercizio al posto del tuo ed eseguilo. "
                "Poi rileggilo riga per riga: il prossimo esercizio simile prova a farlo da solo.")

    def _repr_html_(self) -> str:
        e = html.escape
        return (
            '<div class="ambiti-lab-svolta" style="border-left:6px solid #56B4E9;padding:0.4em 0.8em;'
            'margin:0.3em 0;background:rgba(86,180,233,0.08)">'
            f"<p><b>📘 Soluzione svolta dell'esercizio {e(self.codice)}</b></p>"
            f"<p>{e(self.svolta.ragionamento)}</p>"
            f'<pre class="ambiti-lab-soluzione" style="white-space:pre-wrap">{e(self.svolta.codice)}</pre>'
            "<p>Copia il codice nella cella dell'esercizio al posto del tuo ed eseguilo. Poi rileggilo riga per "
            "riga: il prossimo esercizio simile prova a farlo da solo.</p></div>"
        )

    def __repr__(self) -> str:
        return str(self)


def soluzione(codice: str) -> SoluzioneSvolta:
    """La soluzione svolta dell'esercizio ``codice``, dopo tre tentativi sbagliati (solo nelle lezioni).

    >>> azzera(); soluzione("0.1")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: La soluzione svolta dell'esercizio 0.1 si apre dopo 3 tentativi: finora ne hai fatti 0. Prova ancora seguendo il suggerimento della verifica: ogni tentativo sbagliato ti dà un aiuto più preciso.
    """
    codice = str(codice).strip()
    if in_compito():
        raise ErroreCorso("Nei compiti valutati non ci sono soluzioni svolte: usa i suggerimenti della verifica e "
                          "gli esempi della lezione. Se sei bloccato, chiedi al formatore.")
    if codice not in SVOLTE:
        disponibili = ", ".join(sorted(SVOLTE, key=lambda c: tuple(int(x) for x in c.split("."))))
        raise ErroreCorso(f"Per l'esercizio {codice!r} non c'è una soluzione svolta. Ci sono per: {disponibili}.")
    fatti = tentativi(codice)
    if fatti < TENTATIVI_PER_LA_SOLUZIONE:
        raise ErroreCorso(
            f"La soluzione svolta dell'esercizio {codice} si apre dopo {TENTATIVI_PER_LA_SOLUZIONE} tentativi: "
            f"finora ne hai fatti {fatti}. Prova ancora seguendo il suggerimento della verifica: ogni tentativo "
            "sbagliato ti dà un aiuto più preciso.")
    return SoluzioneSvolta(codice, SVOLTE[codice])
