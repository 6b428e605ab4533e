"""Comuni, Ambiti territoriali sociali e popolazione della Puglia (dati reali ISTAT).

L'appartenenza dei comuni agli Ambiti è in parte indicativa (colonna ``stato``): chi ha un elenco
ufficiale più recente può sostituirla con un proprio CSV (``mappatura(percorso)``).

>>> len(comuni()), len(ambiti())
(257, 45)
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from course.errori import ErroreCorso, controlla_colonne, nomi_vicini

__all__ = [
    "comuni", "ambiti", "mappatura", "valida_mappatura", "popolazione_ambiti", "codice_ambito",
    "codice_comune", "cartella_riferimento",
]

COLONNE_MAPPATURA = ("codice_istat", "codice_ambito")


def cartella_riferimento() -> Path:
    """La cartella con i CSV reali di riferimento (comuni, Ambiti, appartenenza)."""
    return Path(str(resources.files("course.datasets") / "riferimento"))


@lru_cache(maxsize=None)
def _leggi(nome: str) -> pd.DataFrame:
    return pd.read_csv(cartella_riferimento() / nome, dtype={"codice_istat": str}, keep_default_na=False,
                       na_values=[""])


def comuni() -> pd.DataFrame:
    """I 257 comuni della Puglia: codice ISTAT, nome, provincia, popolazione al 1/1/2021.

    >>> comuni().loc[0, ["codice_istat", "comune", "sigla_provincia"]].tolist()
    ['071001', 'Accadia', 'FG']
    """
    return _leggi("puglia_comuni.csv").copy()


def ambiti() -> pd.DataFrame:
    """I 45 Ambiti territoriali sociali: codice, nome, provincia, comune capofila, note.

    >>> ambiti().groupby("sigla_provincia").size().to_dict()
    {'BA': 12, 'BR': 4, 'BT': 5, 'FG': 8, 'LE': 10, 'TA': 6}
    """
    return _leggi("puglia_ambiti.csv").copy()


def _ambito_per_comune() -> pd.DataFrame:
    return _leggi("puglia_ambiti_comuni.csv")


def valida_mappatura(df: pd.DataFrame, *, origine: str = "Nella mappatura") -> pd.DataFrame:
    """Controlla una mappatura comune → Ambito e la restituisce pulita; altrimenti elenca TUTTI i problemi.

    Regole: ogni comune pugliese compare esattamente una volta, con un codice ISTAT noto e un
    codice di Ambito noto.

    >>> m = mappatura()
    >>> len(valida_mappatura(m))
    257
    >>> valida_mappatura(m.iloc[1:])
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Nella mappatura ho trovato 1 problema:
      - manca il comune 071001 (Accadia): ogni comune deve comparire una volta
    Correggi il file e riprova.
    """
    controlla_colonne(df, COLONNE_MAPPATURA, tabella="mappatura")
    df = df.copy()
    df["codice_istat"] = df["codice_istat"].astype("string").str.strip().str.zfill(6)
    df["codice_ambito"] = df["codice_ambito"].astype("string").str.strip()
    noti = comuni().set_index("codice_istat")["comune"]
    ambiti_noti = set(ambiti()["codice_ambito"])
    problemi = []
    # Numeri di riga come li vede chi apre il file: quelli veri se la tabella viene da leggi_tabella.
    numeri = df["riga_file"] if "riga_file" in df.columns else range(2, len(df) + 2)
    for riga, codice, ambito in zip(numeri, df["codice_istat"], df["codice_ambito"]):
        if pd.isna(codice) or codice not in noti.index:
            problemi.append(f"riga {riga}: codice ISTAT sconosciuto {codice!r} (deve essere un comune pugliese, 6 cifre)")
        if pd.isna(ambito) or ambito not in ambiti_noti:
            vicini = nomi_vicini(str(ambito), ambiti_noti, quanti=1)
            forse = f" (forse {vicini[0]})" if vicini else ""
            problemi.append(f"riga {riga}: Ambito sconosciuto {ambito!r}{forse}")
    conteggi = df["codice_istat"].value_counts()
    for codice, n in conteggi[conteggi > 1].items():
        problemi.append(f"il comune {codice} ({noti.get(codice, '?')}) compare {n} volte: deve comparire una volta sola")
    for codice in noti.index.difference(df["codice_istat"].dropna()):
        problemi.append(f"manca il comune {codice} ({noti[codice]}): ogni comune deve comparire una volta")
    if problemi:
        parola = "problema" if len(problemi) == 1 else "problemi"
        elenco = "\n".join(f"  - {p}" for p in problemi)
        raise ErroreCorso(f"{origine} ho trovato {len(problemi)} {parola}:\n{elenco}\nCorreggi il file e riprova.")
    df["comune"] = df["codice_istat"].map(noti)
    if "stato" not in df.columns:
        df["stato"] = "fornito dall'utente"
    return df.astype({"codice_istat": str, "codice_ambito": str}).reset_index(drop=True)


def mappatura(percorso: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """L'appartenenza dei comuni agli Ambiti, con lo ``stato`` di ogni assegnazione.

    Senza argomenti usa la mappatura distribuita con il corso; con ``percorso`` (un CSV o una
    tabella con almeno ``codice_istat`` e ``codice_ambito``) usa la tua, dopo averla controllata.

    >>> mappatura()["stato"].value_counts().to_dict()
    {'verificato': 218, 'parziale': 28, 'indicativo': 11}
    """
    if percorso is None:
        return _ambito_per_comune().copy()
    if isinstance(percorso, pd.DataFrame):
        return valida_mappatura(percorso, origine="Nella mappatura fornita")
    percorso = Path(percorso)
    if not percorso.exists():
        raise ErroreCorso(f"Il file della mappatura {str(percorso)!r} non esiste. Controlla il percorso.")
    from course.dati.lettura import leggi_tabella

    df = leggi_tabella(percorso, rapporto=False, riga_file=True)
    return valida_mappatura(df, origine=f"Nel file {percorso.name}").drop(columns="riga_file")


def popolazione_ambiti(mappa: pd.DataFrame | str | Path | None = None) -> pd.DataFrame:
    """Residenti e numero di comuni per Ambito (secondo la mappatura indicata o quella distribuita).

    >>> p = popolazione_ambiti()
    >>> int(p["popolazione"].sum()), len(p)
    (3926931, 45)
    """
    mappa = mappatura(mappa) if not isinstance(mappa, pd.DataFrame) else valida_mappatura(mappa)
    unione = mappa[["codice_istat", "codice_ambito"]].merge(
        comuni()[["codice_istat", "popolazione"]], on="codice_istat")
    per_ambito = unione.groupby("codice_ambito").agg(
        n_comuni=("codice_istat", "size"), popolazione=("popolazione", "sum")).reset_index()
    info = ambiti()[["codice_ambito", "ambito", "sigla_provincia", "comune_capofila"]]
    return info.merge(per_ambito, on="codice_ambito", how="left").fillna({"n_comuni": 0, "popolazione": 0}).astype(
        {"n_comuni": int, "popolazione": int})


def codice_ambito(nome: str) -> str:
    """Il codice di un Ambito dato il codice, il nome o il comune capofila (con suggerimenti se sbagliato).

    >>> codice_ambito("Gagliano del Capo")
    'ATS-LE-03'
    >>> codice_ambito("Galiano del Capo")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Ambito sconosciuto: 'Galiano del Capo'. Forse intendevi: Gagliano del Capo. L'elenco è in course.territorio.ambiti().
    """
    a = ambiti()
    voci = {}
    for col in ("codice_ambito", "ambito", "comune_capofila"):
        voci.update({str(v).lower(): c for v, c in zip(a[col], a["codice_ambito"])})
    chiave = str(nome).strip().lower()
    if chiave in voci:
        return voci[chiave]
    vicini = nomi_vicini(str(nome), list(a["comune_capofila"]) + list(a["codice_ambito"]) + list(a["ambito"]))
    forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
    raise ErroreCorso(f"Ambito sconosciuto: {nome!r}.{forse} L'elenco è in course.territorio.ambiti().")


def codice_comune(nome: str) -> str:
    """Il codice ISTAT di un comune pugliese dato il nome (con suggerimenti se sbagliato).

    >>> codice_comune("Tricase")
    '075088'
    """
    c = comuni()
    per_nome = {n.lower(): k for n, k in zip(c["comune"], c["codice_istat"])}
    chiave = str(nome).strip().lower()
    if chiave in per_nome:
        return per_nome[chiave]
    if chiave in set(c["codice_istat"]):
        return chiave
    vicini = nomi_vicini(str(nome), c["comune"])
    forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
    raise ErroreCorso(f"Comune sconosciuto: {nome!r}.{forse} L'elenco è in course.territorio.comuni().")
