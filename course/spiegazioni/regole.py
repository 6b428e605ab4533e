"""``spiega``: dall'errore alla spiegazione, provando le regole in ordine (la prima che risponde vince).

>>> print(spiega(ZeroDivisionError("division by zero")).titolo)
Stai dividendo per zero.
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Mapping
from pathlib import Path

from course.errori import ErroreCorso
from course.spiegazioni._parole import tecnico
from course.spiegazioni.nomi import spiega_attributo, spiega_chiave, spiega_import, spiega_nome
from course.spiegazioni.scrittura import spiega_scrittura
from course.spiegazioni.spiegazione import Spiegazione
from course.spiegazioni.valori import spiega_divisione, spiega_file, spiega_posizione, spiega_tipo, spiega_valore

__all__ = ["spiega", "REGOLE"]


def _errore_del_corso(errore, **_) -> Spiegazione | None:
    # Un messaggio del corso è già scritto per chi impara (che cosa, dove, come rimediare).
    if not isinstance(errore, ErroreCorso):
        return None
    return Spiegazione("Il corso ti segnala un problema:", str(errore))


def _ha_i_puntini(codice: str | None) -> bool:
    """Vero se nel codice (non nei commenti né nei testi) ci sono i tre puntini ``...`` da completare.

    >>> _ha_i_puntini("x = len(...)  # completa"), _ha_i_puntini("x = 1  # scrivi qui..."), _ha_i_puntini('"..."')
    (True, False, False)
    """
    if not codice:
        return False
    try:
        return any(t.type == tokenize.OP and t.string == "..."
                   for t in tokenize.generate_tokens(io.StringIO(codice).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return False


def _puntini(errore, codice: str | None = None, **_) -> Spiegazione | None:
    # Negli esercizi a completamento i tre puntini segnano il pezzo che manca.
    if isinstance(errore, SyntaxError) or ("ellipsis" not in str(errore) and not _ha_i_puntini(codice)):
        return None
    return Spiegazione(
        "Nella cella sono rimasti i tre puntini `...`.",
        "Negli esercizi da completare i puntini segnano il pezzo di codice che manca.",
        "Scrivi al posto dei puntini quello che chiede l'esercizio, poi esegui di nuovo la cella.", tecnico(errore))


#: Le regole nell'ordine in cui si provano; ognuna restituisce una Spiegazione o None.
REGOLE = (
    _errore_del_corso,
    _puntini,
    spiega_scrittura,
    spiega_nome,
    spiega_attributo,
    spiega_chiave,
    spiega_import,
    spiega_file,
    spiega_tipo,
    spiega_valore,
    spiega_divisione,
    spiega_posizione,
)


def _generica(errore: BaseException) -> Spiegazione:
    return Spiegazione(
        f"Python si è fermato per un errore (`{type(errore).__name__}`).",
        "L'ultima riga del messaggio qui sotto dice che cosa non va; le righe sopra dicono dove.",
        "Rileggi la riga di codice indicata. Se non ne esci, mostra il messaggio al formatore.",
        tecnico(errore))


def spiega(errore: BaseException, *, variabili: Mapping | None = None, cartella: Path | None = None,
           codice: str | None = None) -> Spiegazione:
    """La spiegazione in italiano di un errore di Python, con il rimedio.

    ``variabili`` sono i nomi definiti nel notebook (per proporre quello giusto), ``cartella`` la
    cartella di lavoro (per i file), ``codice`` il testo della cella. Non solleva mai eccezioni: se
    nessuna regola riconosce l'errore, la spiegazione è generica.

    >>> print(spiega(NameError("name 'conformità' is not defined", name="conformità"),
    ...              variabili={"conformita": 0.8}).rimedio)
    Forse intendevi `conformita`? Correggi il nome ed esegui di nuovo la cella.
    """
    contesto = {"variabili": variabili, "cartella": cartella, "codice": codice,
                "tb": getattr(errore, "__traceback__", None)}
    for regola in REGOLE:
        try:
            spiegazione = regola(errore, **contesto)
        except Exception:  # noqa: BLE001 - una regola che inciampa non deve nascondere l'errore vero
            spiegazione = None
        if spiegazione is not None:
            return spiegazione
    return _generica(errore)
