"""Errori del corso: messaggi in italiano che dicono cosa, dove e come correggere."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["ErroreCorso", "nomi_vicini", "controlla_scelta", "controlla_colonne", "mostra_errori_in_breve"]


class ErroreCorso(ValueError):
    """Errore dovuto ai dati o agli argomenti forniti (non un difetto del programma).

    Il messaggio è già scritto per chi usa il corso: in italiano, con il rimedio.

    >>> raise ErroreCorso("Colonna mancante.")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Colonna mancante.
    """


def nomi_vicini(nome: str, scelte: Iterable[str], *, quanti: int = 3) -> list[str]:
    """I nomi di ``scelte`` più simili a ``nome`` (maiuscole e minuscole non contano).

    >>> nomi_vicini("Lucerna", ["Lucera", "Lecce", "Bari"])
    ['Lucera']
    """
    scelte = [str(s) for s in scelte]
    per_minuscolo = {s.lower(): s for s in scelte}
    vicini = difflib.get_close_matches(str(nome).lower(), list(per_minuscolo), n=quanti, cutoff=0.75)
    return [per_minuscolo[v] for v in vicini]


def _elenco(valori: Iterable[str], *, massimo: int = 12) -> str:
    valori = [str(v) for v in valori]
    testo = ", ".join(valori[:massimo])
    return testo + (f", … (altri {len(valori) - massimo})" if len(valori) > massimo else "")


def controlla_scelta(valore, scelte: Iterable[str], *, cosa: str) -> str:
    """Restituisce ``valore`` se è tra le ``scelte``; altrimenti un errore con i nomi più vicini.

    >>> controlla_scelta("mese", ["ambito", "mese"], cosa="raggruppamento")
    'mese'
    >>> controlla_scelta("ambto", ["ambito", "mese"], cosa="raggruppamento")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Valore di raggruppamento sconosciuto: 'ambto'. Forse intendevi: ambito. Valori ammessi: ambito, mese.
    """
    scelte = list(scelte)
    if valore in scelte:
        return valore
    vicini = nomi_vicini(str(valore), scelte)
    forse = f" Forse intendevi: {_elenco(vicini)}." if vicini else ""
    raise ErroreCorso(
        f"Valore di {cosa} sconosciuto: {valore!r}.{forse} Valori ammessi: {_elenco(scelte)}."
    )


def controlla_colonne(df, richieste: Iterable[str], *, tabella: str = "tabella") -> None:
    """Verifica che ``df`` sia una tabella pandas con tutte le colonne ``richieste``.

    >>> import pandas as pd
    >>> controlla_colonne(pd.DataFrame({"ambito": [1]}), ["ambito"])
    >>> controlla_colonne(pd.DataFrame({"ambito": [1]}), ["ambto", "mese"], tabella="patti")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Nella tabella patti mancano le colonne: ambto, mese. Colonne presenti: ambito. Controlla i nomi (forse: ambto → ambito).
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise ErroreCorso(
            f"Mi aspettavo una tabella pandas (DataFrame) per {tabella}, ma ho ricevuto "
            f"{type(df).__name__}. Carica i dati con course.dati.carica(...) o pandas.read_csv(...)."
        )
    mancanti = [c for c in richieste if c not in df.columns]
    if not mancanti:
        return
    suggerimenti = []
    for c in mancanti:
        vicini = nomi_vicini(c, df.columns, quanti=1)
        if vicini:
            suggerimenti.append(f"{c} → {vicini[0]}")
    forse = f" Controlla i nomi (forse: {'; '.join(suggerimenti)})." if suggerimenti else ""
    raise ErroreCorso(
        f"Nella tabella {tabella} mancano le colonne: {_elenco(mancanti)}. "
        f"Colonne presenti: {_elenco(df.columns)}.{forse}"
    )


def mostra_errori_in_breve() -> bool:
    """Vero se in questo notebook gli errori compaiono spiegati in italiano, con il rimedio.

    Non c'è più niente da attivare: lo fa già ``import course`` (e, negli ambienti del corso,
    l'avvio del kernel; vedi ``course.spiegazioni``). Le lezioni la chiamano nella prima cella e
    restano valide. Fuori da IPython, o con le spiegazioni spente, restituisce ``False``.

    >>> mostra_errori_in_breve()
    False
    """
    import sys

    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    # il segno che course.spiegazioni lascia sulla shell quando le attiva
    return bool(getattr(get_ipython(), "_ambiti_lab_spiegazioni", False))
