"""Carica le tabelle sintetiche con i tipi giusti (date, categorie, interi con valori mancanti).

Da dove: la cartella indicata, altrimenti quella nella variabile d'ambiente ``AMBITI_LAB_DATI``,
altrimenti i dati regionali distribuiti con il corso (scala «regione», seme 1).

>>> patti = carica("patti", cartella=cartella_predefinita())
>>> patti["data_sottoscrizione"].dtype.kind, str(patti["misura"].dtype)
('M', 'category')
>>> patti.attrs["data_riferimento"]
Timestamp('2025-12-31 00:00:00')
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import pandas as pd

from course import _pyarrow
from course.dati.tabelle import TABELLE
from course.errori import ErroreCorso, controlla_scelta

__all__ = ["carica", "cartella_dati", "cartella_predefinita", "metadati"]

ESTENSIONI = (".parquet", ".csv.gz", ".csv")


def cartella_predefinita() -> Path:
    """La cartella dei dati regionali distribuiti con il corso."""
    return Path(str(resources.files("course.datasets") / "sintetici" / "regione"))


def cartella_dati(cartella: str | Path | None = None) -> Path:
    """La cartella da cui ``carica`` legge: l'argomento, poi ``AMBITI_LAB_DATI``, poi quella distribuita.

    >>> cartella_dati(cartella_predefinita()).name
    'regione'
    """
    scelta = cartella if cartella is not None else os.environ.get("AMBITI_LAB_DATI") or cartella_predefinita()
    scelta = Path(scelta).expanduser()
    if not scelta.is_dir():
        origine = "la variabile AMBITI_LAB_DATI" if cartella is None else "l'argomento cartella"
        raise ErroreCorso(
            f"La cartella dei dati {str(scelta)!r} (da {origine}) non esiste. Generala con "
            "«ambiti-lab dati genera --cartella …» oppure ometti la cartella per usare i dati del corso."
        )
    return scelta


def metadati(cartella: str | Path | None = None) -> dict:
    """Le informazioni sui dati di una cartella (scala, seme, data di riferimento, righe, impronte)."""
    percorso = cartella_dati(cartella) / "metadati.json"
    if not percorso.exists():
        return {}
    return json.loads(percorso.read_text(encoding="utf-8"))


def _file_tabella(cartella: Path, tabella: str) -> Path:
    for estensione in ESTENSIONI:
        percorso = cartella / f"{tabella}{estensione}"
        if percorso.exists():
            return percorso
    raise ErroreCorso(
        f"Nella cartella {str(cartella)!r} non trovo la tabella {tabella!r} "
        f"(cercavo {', '.join(tabella + e for e in ESTENSIONI)}). Rigenera i dati con «ambiti-lab dati genera»."
    )


def _tipizza(df: pd.DataFrame, tabella: str, percorso: Path) -> pd.DataFrame:
    from course.dati.schemi import colonne

    for nome, colonna in colonne(tabella).items():
        if nome not in df.columns:
            continue
        tipo = colonna.tipo
        try:
            if tipo == "data":
                df[nome] = pd.to_datetime(df[nome], format="ISO8601").astype("datetime64[ns]")
            elif tipo == "intero":
                df[nome] = pd.to_numeric(df[nome]).astype("Int64")
            elif tipo == "numero":
                df[nome] = pd.to_numeric(df[nome]).astype("float64")
            elif tipo == "sì/no":
                if df[nome].dtype == object or str(df[nome].dtype) in {"str", "string"}:
                    df[nome] = df[nome].map({"True": True, "False": False, "true": True, "false": False})
                df[nome] = df[nome].astype("boolean")
            elif tipo == "categoria":
                df[nome] = df[nome].astype("category")
            else:
                df[nome] = df[nome].astype(object).where(df[nome].notna(), None)
        except (ValueError, TypeError) as e:
            raise ErroreCorso(
                f"Nel file {percorso.name}, colonna {nome!r}: un valore non è del tipo atteso ({tipo}). "
                f"Dettaglio: {e}. Controlla il file con course.dati.leggi_tabella(...) e correggilo."
            ) from None
    return df


def _leggi_csv_veloce(percorso: Path, tabella: str, colonne: list[str] | None) -> pd.DataFrame:
    """Lettura con pyarrow e tipi dallo schema; solleva un errore di pyarrow se un valore non torna."""
    import pyarrow as pa
    import pyarrow.csv as pc

    from course.dati.schemi import colonne as dichiarate

    tipi_arrow = {"data": pa.date32(), "intero": pa.int64(), "numero": pa.float64(), "sì/no": pa.bool_(),
                  "categoria": pa.dictionary(pa.int32(), pa.string()), "testo": pa.string()}
    tipi = {nome: tipi_arrow[c.tipo] for nome, c in dichiarate(tabella).items()}
    tabella_arrow = pc.read_csv(
        percorso,
        convert_options=pc.ConvertOptions(column_types=tipi, null_values=[""], strings_can_be_null=True,
                                          true_values=["True", "true"], false_values=["False", "false"],
                                          include_columns=colonne),
    )
    df = tabella_arrow.to_pandas(date_as_object=False, types_mapper={pa.int64(): pd.Int64Dtype(),
                                                                     pa.bool_(): pd.BooleanDtype()}.get)
    for nome, colonna in dichiarate(tabella).items():
        if nome in df.columns and colonna.tipo == "data":
            df[nome] = df[nome].astype("datetime64[ns]")
        elif nome in df.columns and colonna.tipo == "categoria":
            df[nome] = df[nome].cat.reorder_categories(sorted(df[nome].cat.categories))
        elif nome in df.columns and colonna.tipo == "testo":
            df[nome] = df[nome].astype(object).where(df[nome].notna(), None)
    return df


def _leggi_csv_pandas(percorso: Path, tabella: str, colonne: list[str] | None) -> pd.DataFrame:
    """Senza pyarrow (l'installazione del corsista): pandas legge già numeri e interi con i tipi dello
    schema, poi :func:`_tipizza` sistema date, categorie e testi. Solleva un errore se un valore non torna."""
    from course.dati.schemi import colonne as dichiarate

    tipi_pandas = {"intero": "Int64", "numero": "float64"}
    tipi = {nome: tipi_pandas.get(c.tipo, object) for nome, c in dichiarate(tabella).items()}
    df = pd.read_csv(percorso, dtype=tipi, keep_default_na=False, na_values=[""], usecols=colonne)
    if colonne is not None:
        df = df[list(colonne)]   # nell'ordine chiesto, come la lettura con pyarrow
    return _tipizza(df, tabella, percorso)


def _leggi_csv_lento(percorso: Path, tabella: str, colonne: list[str] | None) -> pd.DataFrame:
    """File modificato a mano: la lettura lenta dice in italiano quale colonna non torna."""
    df = pd.read_csv(percorso, dtype=str, keep_default_na=False, na_values=[""], usecols=colonne)
    return _tipizza(df, tabella, percorso)


def carica(tabella: str, *, cartella: str | Path | None = None, colonne: list[str] | None = None) -> pd.DataFrame:
    """La tabella sintetica ``tabella`` come DataFrame con i tipi dello schema.

    ``tabella`` è una di: operatori, nuclei, domande, patti, attivita_mensili, azioni_ets, obiettivi,
    cronoprogramma, indicatori, buone_pratiche. ``colonne`` limita le colonne lette (utile sui file grandi).
    La data di riferimento dei dati («oggi» per i dati) è in ``df.attrs["data_riferimento"]``.

    >>> carica("nuclei", cartella=cartella_predefinita(), colonne=["id_nucleo", "isee"]).columns.tolist()
    ['id_nucleo', 'isee']
    >>> carica("pati")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Valore di tabella sconosciuto: 'pati'. Forse intendevi: patti. Valori ammessi: operatori, nuclei, domande, patti, attivita_mensili, azioni_ets, obiettivi, cronoprogramma, indicatori, buone_pratiche.
    """
    controlla_scelta(tabella, TABELLE, cosa="tabella")
    base = cartella_dati(cartella)
    percorso = _file_tabella(base, tabella)
    if colonne is not None:
        from course.dati.schemi import colonne as dichiarate

        for c in colonne:
            controlla_scelta(c, list(dichiarate(tabella)), cosa=f"colonna della tabella {tabella}")
    if percorso.suffix == ".parquet":
        _pyarrow.richiedi(f"leggere il file Parquet {percorso.name}")
        df = _tipizza(pd.read_parquet(percorso, columns=colonne), tabella, percorso)
    elif _pyarrow.disponibile():
        import pyarrow as pa

        try:
            df = _leggi_csv_veloce(percorso, tabella, colonne)
        except (pa.ArrowInvalid, pa.ArrowTypeError, KeyError):
            df = _leggi_csv_lento(percorso, tabella, colonne)
    else:
        try:
            df = _leggi_csv_pandas(percorso, tabella, colonne)
        except (ValueError, TypeError, KeyError):
            df = _leggi_csv_lento(percorso, tabella, colonne)
    info = metadati(base)
    df.attrs["data_riferimento"] = pd.Timestamp(info.get("data_riferimento", "2025-12-31"))
    df.attrs["tabella"] = tabella
    return df
