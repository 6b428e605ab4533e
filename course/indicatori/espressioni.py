"""Le espressioni di numeratore e denominatore: da un breve testo sulle colonne a un numero per riga.

Le regole di scrittura («righe», una colonna, una condizione, un calcolo, ``@oggi``, ``@parametro``)
sono nella documentazione di ``course.indicatori``.

>>> import pandas as pd
>>> patti = pd.DataFrame({"esito": ["concluso", "interrotto", None]})
>>> valuta_espressione(patti, "esito == 'concluso'").tolist()
[1.0, 0.0, 0.0]
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from course.dati.tabelle import TABELLE
from course.date import leggi_data
from course.errori import ErroreCorso, nomi_vicini
from course.parametri import tabella_parametri

__all__ = ["valuta_espressione", "data_di_riferimento", "prova_espressione"]


@lru_cache(maxsize=1)
def _parametri_numerici() -> tuple:
    par = tabella_parametri()
    par = par[~par["unita"].isin(["data", "elenco"])].sort_values("valido_dal").drop_duplicates("nome", keep="last")
    return tuple(zip(par["nome"], par["valore"]))


def _in_giorni(serie: pd.Series) -> pd.Series:
    return (serie - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)


def data_di_riferimento(df: pd.DataFrame, oggi=None) -> pd.Timestamp:
    """La data di riferimento («oggi» dei dati): ``oggi`` se indicata, poi ``df.attrs``, poi la data più recente della tabella.

    >>> import pandas as pd
    >>> data_di_riferimento(pd.DataFrame({"d": pd.to_datetime(["2025-03-01", "2025-05-02"])})).date()
    datetime.date(2025, 5, 2)
    """
    if oggi is not None:
        return leggi_data(oggi, cosa="la data di oggi (oggi=)")
    if df.attrs.get("data_riferimento") is not None:
        return leggi_data(df.attrs["data_riferimento"], cosa="la data di riferimento dei dati")
    date = [df[c].max() for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])]
    date = [d for d in date if pd.notna(d)]
    return max(date) if date else pd.Timestamp.today().normalize()


def valuta_espressione(df: pd.DataFrame, espressione, *, oggi=None, tabella: str = "tabella") -> pd.Series:
    """Il valore di un'espressione (numeratore o denominatore) per ogni riga di ``df``, come numero.

    Le date diventano giorni, le condizioni 1 (vera) o 0 (falsa); dove il valore non si può
    calcolare resta vuoto (NaN). ``@oggi`` è la data di riferimento (vedi ``data_di_riferimento``).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"d1": pd.to_datetime(["2025-01-01", "2025-01-01"]),
    ...                    "d2": pd.to_datetime(["2025-01-31", None])})
    >>> valuta_espressione(df, "d2 - d1").tolist()
    [30.0, nan]
    >>> valuta_espressione(df, "d2 - d1 <= @giorni_primo_contatto").tolist()
    [1.0, 0.0]
    >>> valuta_espressione(df, "d3 - d1")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Nell'espressione "d3 - d1" la tabella non ha la colonna 'd3'. Colonne presenti: d1, d2.
    """
    if oggi is not None:   # letta subito: una data impossibile è un errore anche se l'espressione non la usa
        oggi = leggi_data(oggi, cosa="la data di oggi (oggi=)")
    if espressione is None or (isinstance(espressione, str) and espressione.strip().lower() in {"righe", "1", ""}):
        return pd.Series(1.0, index=df.index)
    if callable(espressione):
        risultato = espressione(df)
    elif espressione in df.columns:
        risultato = df[espressione]
    else:
        risultato = _eval(df, str(espressione), oggi=oggi, tabella=tabella)
    if np.isscalar(risultato):
        return pd.Series(float(risultato), index=df.index)
    if not isinstance(risultato, pd.Series) or len(risultato) != len(df):
        raise ErroreCorso(f"L'espressione {espressione!r} deve dare un valore per ogni riga della {tabella}: "
                          "una colonna, un calcolo tra colonne o una condizione.")
    if pd.api.types.is_datetime64_any_dtype(risultato):
        risultato = _in_giorni(risultato)
    elif pd.api.types.is_timedelta64_dtype(risultato):
        risultato = risultato / pd.Timedelta(days=1)
    try:
        return pd.Series(risultato.to_numpy(dtype="float64", na_value=np.nan), index=df.index)
    except (TypeError, ValueError):
        raise ErroreCorso(f"L'espressione {espressione!r} non dà numeri né condizioni vere/false sulla {tabella}: "
                          "usa una colonna numerica, un calcolo o una condizione (ad esempio esito == 'concluso').") from None


def _eval(df: pd.DataFrame, testo: str, *, oggi, tabella: str):
    # Si preparano solo le colonne nominate nell'espressione (le date diventano giorni).
    nominate = set(re.findall(r"[A-Za-z_]\w*", testo))
    colonne = {c: (_in_giorni(df[c]) if pd.api.types.is_datetime64_any_dtype(df[c]) else df[c])
               for c in df.columns if isinstance(c, str) and c in nominate}
    variabili = {}
    if "@" in testo:
        variabili = {f"__v_{n}": v for n, v in _parametri_numerici()}
        variabili["__v_oggi"] = float(_in_giorni(pd.Series([data_di_riferimento(df, oggi)])).iloc[0])
    codice = re.sub(r"@(\w+)", r"__v_\1", testo)
    try:
        return pd.eval(codice, resolvers=(colonne, variabili), engine="python")
    except pd.errors.UndefinedVariableError as e:
        nome = re.search(r"'([^']+)'", str(e)).group(1)
        if nome.startswith("__v_"):
            nome = nome[4:]
            vicini = nomi_vicini(nome, [k[4:] for k in variabili])
            forse = f" Forse intendevi: {', '.join('@' + v for v in vicini)}." if vicini else ""
            raise ErroreCorso(f"Nell'espressione \"{testo}\" non conosco @{nome}.{forse} Si possono usare @oggi e "
                              "i nomi della tabella dei parametri (course.parametri.tabella_parametri()).") from None
        vicini = nomi_vicini(nome, df.columns)
        forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
        raise ErroreCorso(f"Nell'espressione \"{testo}\" la {tabella} non ha la colonna {nome!r}.{forse} "
                          f"Colonne presenti: {', '.join(map(str, df.columns))}.") from None
    except Exception as e:  # qualunque errore di scrittura dell'espressione diventa un messaggio per chi la scrive
        raise ErroreCorso(f"Non riesco a calcolare l'espressione \"{testo}\" sulla {tabella} ({e}). "
                          "Controlla parentesi, virgolette e nomi delle colonne; le condizioni si uniscono con "
                          "& (e) e | (o), ad esempio \"(misura == 'ADI') & data_sottoscrizione.notna()\".") from None


def _tabella_vuota(tabella: str) -> pd.DataFrame | None:
    """Una tabella senza righe con le colonne e i tipi dello schema (per provare un'espressione)."""
    if tabella == "popolazione":
        return pd.DataFrame({"codice_ambito": pd.Series([], dtype="string"), "popolazione": pd.Series([], dtype="int64")})
    if tabella not in TABELLE:
        return None
    from course.dati.schemi import colonne

    return pd.DataFrame({nome: pd.Series([], dtype=c.tipo_pandas) for nome, c in colonne(tabella).items()})


def prova_espressione(espressione, tabella: str | None) -> str | None:
    """Il problema (un testo) che l'espressione dà sulla tabella del corso ``tabella``, oppure ``None``.

    Si prova l'espressione su una tabella vuota con le colonne dello schema: così un nome di colonna
    sbagliato si scopre prima di avere i dati.

    >>> prova_espressione("data_sottoscrizione.notna()", "patti") is None
    True
    >>> print(prova_espressione("data_firma.notna()", "patti"))  # doctest: +ELLIPSIS
    Nell'espressione "data_firma.notna()" la tabella patti non ha la colonna 'data_firma'...
    """
    if not isinstance(espressione, str) or tabella is None:
        return None
    vuota = _tabella_vuota(tabella)
    if vuota is None:
        return None
    try:
        valuta_espressione(vuota, espressione, tabella=f"tabella {tabella}", oggi="2025-01-01")
    except ErroreCorso as e:
        return str(e)
    return None
