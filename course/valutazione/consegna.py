"""La parte nascosta delle celle di test: consegna la risposta al correttore e restituisce i punti.

Nel notebook corretto, l'ultima riga di una cella di test è ``consegna("1.2", risposta_1_2, esito_1_2)``:

- mostra al correttore la risposta codificata come soli dati (tipo MIME :data:`MIME_RISPOSTA`), che
  il correttore verifica di nuovo in un processo pulito, al riparo da eventuali manomissioni;
- restituisce i punti calcolati nel kernel: un numero che nbgrader usa come credito parziale, così
  il compito resta correggibile anche con il solo ``nbgrader autograde``.

>>> consegna("0.1", 45)
1.0
"""

from __future__ import annotations

__all__ = ["consegna", "MIME_RISPOSTA"]

from course.valutazione.codifica import MIME_RISPOSTA


def consegna(codice: str, risposta, esito=None) -> float:
    """Consegna la risposta all'esercizio ``codice`` al correttore e restituisce i punti ottenuti.

    ``esito`` è l'``Esito`` appena mostrato al corsista nella stessa cella: se corrisponde all'esercizio,
    i suoi punti si riusano invece di rifare la verifica (che può essere lenta sui dati grandi).
    """
    from course.valutazione.codifica import RispostaNonCodificabile, codifica
    from course.verifica import punteggio

    try:
        dati = {"codice": str(codice), "risposta": codifica(risposta)}
    except (RispostaNonCodificabile, ValueError, TypeError, ImportError) as errore:
        dati = {"codice": str(codice), "errore": str(errore)[:300]}
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display({MIME_RISPOSTA: dati, "text/plain": f"Risposta all'esercizio {codice} consegnata."}, raw=True)
    except ImportError:
        pass
    if getattr(esito, "codice", None) == str(codice) and isinstance(getattr(esito, "punti", None), (int, float)):
        return float(esito.punti)
    return float(punteggio(codice, risposta))
