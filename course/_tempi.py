"""Aiuti interni per scadenze e monitoraggio: data di riferimento, conversione di date e numeri.

Non fanno parte dell'interfaccia pubblica: i messaggi d'errore però sono già per chi usa il corso.

>>> import pandas as pd
>>> data_riferimento(pd.DataFrame(), "2025-03-31")
Timestamp('2025-03-31 00:00:00')
"""

from __future__ import annotations

import pandas as pd

from course.date import leggi_data, leggi_date
from course.errori import ErroreCorso
from course.parametri import parametro, voce

__all__ = ["data_riferimento", "come_date", "come_numeri", "parametro_alla_data", "righe_in_breve"]


def data_riferimento(df, alla_data=None) -> pd.Timestamp:
    """La data a cui si calcolano scadenze e stati: ``alla_data`` o, se manca, quella dei dati."""
    if alla_data is None:
        alla_data = getattr(df, "attrs", {}).get("data_riferimento")
    if alla_data is None:
        raise ErroreCorso(
            "Manca la data di riferimento: i dati non la indicano (df.attrs['data_riferimento']). "
            "Indicala tu, ad esempio alla_data='31/03/2025'."
        )
    return leggi_data(alla_data, cosa="la data di riferimento (alla_data)")


def righe_in_breve(indice, *, massimo: int = 5) -> str:
    """«righe 3, 7, 9» con al più ``massimo`` numeri (l'indice della tabella, come lo vede chi la usa)."""
    valori = [str(i) for i in list(indice)[:massimo]]
    altre = len(indice) - len(valori)
    return ("riga " if len(indice) == 1 else "righe ") + ", ".join(valori) + (f" e altre {altre}" if altre > 0 else "")


def come_date(serie: pd.Series, *, colonna: str, tabella: str) -> pd.Series:
    """La colonna come date, con il lettore di date del corso (``course.date``): giorno prima del mese."""
    return leggi_date(serie, colonna=colonna, tabella=tabella)


def come_numeri(serie: pd.Series, *, colonna: str, tabella: str) -> pd.Series:
    """La colonna come numeri decimali; accetta la virgola decimale, il resto è un errore."""
    if pd.api.types.is_bool_dtype(serie) or not (
        pd.api.types.is_numeric_dtype(serie) or serie.dtype == object or pd.api.types.is_string_dtype(serie)
    ):
        raise ErroreCorso(
            f"Nella tabella {tabella}, la colonna {colonna} deve contenere numeri, non {serie.dtype}."
        )
    if pd.api.types.is_numeric_dtype(serie):
        return serie.astype("float64")
    testo = serie.astype("string").str.strip()
    # con la virgola decimale il punto separa le migliaia (1.234,5); senza virgola il punto è decimale
    virgola = testo.str.contains(",", regex=False).fillna(False)
    testo = testo.where(~virgola, testo.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    numeri = pd.to_numeric(testo, errors="coerce").astype("float64")
    sbagliati = serie.notna() & testo.ne("") & numeri.isna()
    if sbagliati.any():
        raise ErroreCorso(
            f"Nella tabella {tabella}, colonna {colonna}: valori non numerici nelle "
            f"{righe_in_breve(serie.index[sbagliati])} (ad esempio {serie[sbagliati].iloc[0]!r}). "
            "Scrivi solo numeri (es. 12 o 12,5) oppure lascia la cella vuota."
        )
    return numeri


def parametro_alla_data(nome: str, giorno: pd.Timestamp):
    """Il parametro in vigore a ``giorno``; se a quella data non era ancora in vigore, la prima versione nota."""
    try:
        return voce(nome, alla_data=giorno.date()).valore
    except ErroreCorso:
        return parametro(nome)
