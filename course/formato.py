"""Numeri, percentuali, importi, date e valori mancanti scritti all'italiana, come testo.

È l'unico posto del corso che trasforma un valore in testo da leggere: tabelle, grafici, riga di
comando, feedback e rapporti lo usano tutti, così una cifra appare scritta sempre allo stesso modo.

- punto per le migliaia, virgola per i decimali: ``1.234,5``;
- percentuali e importi con uno spazio prima del simbolo: ``95,4 %``, ``1.250,00 €``;
- date come ``gg/mm/aaaa`` (``03/03/2025``) o, dove serve brevità (grafici), ``3 mar 2025``;
- un valore mancante (vuoto, NaN, NaT) è ``—``.

Ogni funzione accetta un valore singolo oppure una colonna pandas (e allora restituisce una colonna).

>>> numero(1234.5), percentuale(95.4), euro(1250), data("2025-03-03"), numero(None)
('1.234,5', '95,4 %', '1.250,00 €', '03/03/2025', '—')
"""

from __future__ import annotations

import datetime as dt
import math
import numbers

import pandas as pd

from course.date import leggi_data

__all__ = ["MANCANTE", "MESI", "numero", "intero", "percentuale", "euro", "data", "mese", "mancante", "valore",
           "tabella"]

MANCANTE = "—"
"""Come si scrive un valore che manca."""

MESI = ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic")
"""I mesi abbreviati, per grafici e tabelle strette."""


def mancante(x) -> bool:
    """Vero se ``x`` è un valore mancante: ``None``, NaN, ``pd.NA``, ``NaT`` o un testo vuoto.

    >>> [mancante(v) for v in (None, float("nan"), pd.NA, pd.NaT, "", " ", 0, "n.d.")]
    [True, True, True, True, True, True, False, False]
    """
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    if isinstance(x, str):
        return not x.strip()
    if isinstance(x, float):
        return math.isnan(x)
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _per_colonna(funzione):
    """Applica ``funzione`` a ogni valore se riceve una colonna pandas (e restituisce una colonna)."""
    def applica(x, *args, **opzioni):
        if isinstance(x, pd.Series):
            return x.map(lambda v: funzione(v, *args, **opzioni)).astype(object)
        return funzione(x, *args, **opzioni)

    applica.__name__, applica.__qualname__, applica.__doc__ = funzione.__name__, funzione.__qualname__, funzione.__doc__
    applica.__wrapped__ = funzione
    return applica


def _cifre(valore: float, decimali: int | None) -> str:
    if decimali is None:
        # «quanti servono», al massimo due: 3 → «3», 2,5 → «2,5», 0,3333 → «0,33»
        testo = f"{valore:,.2f}".rstrip("0").rstrip(".")
    else:
        testo = f"{valore:,.{decimali}f}"
    if testo.startswith("-") and not any(c in "123456789" for c in testo):
        testo = testo[1:]  # -0,001 arrotondato è «0», non «-0»
    return testo.replace(",", "§").replace(".", ",").replace("§", ".")


def _come_numero(x) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"mi serve un numero, non {type(x).__name__} ({x!r})")
    return float(x)


@_per_colonna
def numero(x, *, decimali: int | None = None, vuoto: str = MANCANTE) -> str:
    """Un numero all'italiana: punto per le migliaia, virgola per i decimali.

    ``decimali`` fissa il numero di decimali; se manca se ne scrivono quanti servono, al massimo due.
    ``vuoto`` è il testo per un valore mancante.

    >>> numero(3926931), numero(1234.5), numero(0.3333), numero(2.0), numero(12.5, decimali=2)
    ('3.926.931', '1.234,5', '0,33', '2', '12,50')
    >>> numero(float("nan")), numero(None, vuoto="n.d.")
    ('—', 'n.d.')
    >>> numero(pd.Series([1500, None])).tolist()
    ['1.500', '—']
    """
    if mancante(x):
        return vuoto
    return _cifre(_come_numero(x), decimali)


@_per_colonna
def intero(x, *, vuoto: str = MANCANTE) -> str:
    """Un conteggio: un numero intero con il punto delle migliaia.

    >>> intero(45), intero(1234567), intero(None)
    ('45', '1.234.567', '—')
    """
    return numero(x, decimali=0, vuoto=vuoto)


@_per_colonna
def percentuale(x, *, decimali: int | None = 1, da_quota: bool = False, vuoto: str = MANCANTE) -> str:
    """Una percentuale: ``x`` è già in punti percentuali (95,4), oppure una quota tra 0 e 1 con ``da_quota=True``.

    >>> percentuale(95.44), percentuale(0.256, da_quota=True, decimali=0), percentuale(None)
    ('95,4 %', '26 %', '—')
    """
    if mancante(x):
        return vuoto
    valore = _come_numero(x) * (100 if da_quota else 1)
    return f"{_cifre(valore, decimali)} %"


@_per_colonna
def euro(x, *, decimali: int = 2, vuoto: str = MANCANTE) -> str:
    """Un importo in euro, con due decimali se non si chiede diversamente.

    >>> euro(84940), euro(1234.6, decimali=0), euro(None)
    ('84.940,00 €', '1.235 €', '—')
    """
    if mancante(x):
        return vuoto
    return f"{_cifre(_come_numero(x), decimali)} €"


def _giorno(d):
    if isinstance(d, dt.date):
        return d
    if isinstance(d, str):
        return leggi_data(d)
    return pd.Timestamp(d)


def data(d, *, breve: bool = False, vuoto: str = MANCANTE):
    """Una data come ``gg/mm/aaaa``; con ``breve=True`` come «3 mar 2025» (per i grafici).

    Accetta date, ``Timestamp`` e testi già scritti come ``aaaa-mm-gg`` o ``gg/mm/aaaa``.

    >>> import datetime as dt
    >>> data(dt.date(2025, 3, 3)), data("2025-12-31"), data(dt.date(2025, 3, 3), breve=True), data(pd.NaT)
    ('03/03/2025', '31/12/2025', '3 mar 2025', '—')
    >>> data(pd.Series(pd.to_datetime(["2025-01-31", None]))).tolist()
    ['31/01/2025', '—']
    """
    if isinstance(d, pd.Series):
        if pd.api.types.is_datetime64_any_dtype(d) and not breve:
            # colonne lunghe (scadenzari di tutta la regione): strftime su tutta la colonna
            return d.dt.strftime("%d/%m/%Y").astype(object).where(d.notna(), vuoto)
        return d.map(lambda v: data(v, breve=breve, vuoto=vuoto)).astype(object)
    if mancante(d):
        return vuoto
    giorno = _giorno(d)
    if breve:
        return f"{giorno.day} {MESI[giorno.month - 1]} {giorno.year}"
    return f"{giorno.day:02d}/{giorno.month:02d}/{giorno.year:04d}"


@_per_colonna
def mese(d, *, vuoto: str = MANCANTE) -> str:
    """Il mese di una data come «mar 2025» (assi dei grafici, tabelle mensili).

    >>> mese("2025-03-01"), mese(None)
    ('mar 2025', '—')
    """
    if mancante(d):
        return vuoto
    giorno = _giorno(d)
    return f"{MESI[giorno.month - 1]} {giorno.year}"


def valore(x, *, vuoto: str = MANCANTE) -> str:
    """Un valore qualsiasi di una tabella come testo da leggere: numero, data, durata o testo.

    >>> valore(1234.5), valore(pd.Timestamp("2025-03-03")), valore(pd.NA), valore(pd.Timedelta(days=3)), valore("ADI")
    ('1.234,5', '03/03/2025', '—', '3 giorni', 'ADI')
    """
    if isinstance(x, (list, tuple, set, dict)):
        return str(x)
    if mancante(x):
        return vuoto
    if isinstance(x, (bool, str)) or type(x).__name__ == "bool_":
        return str(x)
    if isinstance(x, (pd.Timestamp, dt.date)):
        testo = data(x)
        ora = getattr(x, "hour", 0), getattr(x, "minute", 0)
        return testo + (f" {ora[0]:02d}:{ora[1]:02d}" if any(ora) else "")
    if isinstance(x, (pd.Timedelta, dt.timedelta)):
        giorni = pd.Timedelta(x).days
        return f"{giorni} {'giorno' if abs(giorni) == 1 else 'giorni'}"
    if isinstance(x, numbers.Integral):
        return intero(x)
    if isinstance(x, numbers.Real):
        return numero(float(x))
    return str(x)


def tabella(df: pd.DataFrame, *, vuoto: str = MANCANTE) -> pd.DataFrame:
    """La stessa tabella con ogni valore scritto all'italiana (testo): per mostrarla, non per calcolare.

    Numeri con il punto delle migliaia e la virgola decimale, date ``gg/mm/aaaa``, valori mancanti
    ``—`` (mai ``NaN``, ``NaT``, ``<NA>`` o ``None``). Nomi delle colonne e indice restano com'erano
    (un indice di date si scrive all'italiana).

    >>> t = pd.DataFrame({"ore": [1234.5, None], "giorno": pd.to_datetime(["2025-03-03", None])})
    >>> tabella(t).values.tolist()
    [['1.234,5', '03/03/2025'], ['—', '—']]
    """
    if isinstance(df, pd.Series):
        return tabella(df.to_frame(), vuoto=vuoto).iloc[:, 0].rename(df.name)
    colonne = {}
    for posizione in range(df.shape[1]):
        colonna = df.iloc[:, posizione]
        if pd.api.types.is_datetime64_any_dtype(colonna) and not (colonna.dt.hour.any() or colonna.dt.minute.any()):
            colonne[posizione] = data(colonna, vuoto=vuoto)
        else:
            colonne[posizione] = colonna.map(lambda v: valore(v, vuoto=vuoto)).astype(object)
    risultato = pd.DataFrame(colonne, index=df.index)
    risultato.columns = df.columns
    if isinstance(df.index, pd.DatetimeIndex):
        risultato.index = pd.Index(data(pd.Series(df.index), vuoto=vuoto).tolist(), name=df.index.name)
    return risultato
