"""Soluzioni ed errori tipici del modulo 07 (dati reali e qualità). Materiale per i formatori: non distribuire."""

import hashlib

import pandas as pd

from course.dati import carica, leggi_tabella, valida
from course.esercitazioni import anagrafica_di_esempio, dati_con_difetti, file_comunale
from course.privacy import pseudonimizza

CHIAVE = "frase segreta custodita dall'Ufficio di Piano"


def _leggi_male():
    # pandas con le opzioni giuste ma senza togliere la riga Totale
    return pd.read_csv(file_comunale(), sep=";", decimal=",", thousands=".", encoding="cp1252",
                       na_values=["n.d."])["ISEE"]


def _isee_medio():
    return leggi_tabella(file_comunale(), rapporto=False)["isee"].mean()


def _nuclei():
    return carica("nuclei", cartella=dati_con_difetti())


def _problemi():
    return valida(_nuclei(), "nuclei")


def _corretti(*, duplicati=True, istat=True, ambito=True, dropna=False):
    df = _nuclei().copy()
    if duplicati:
        df = df.drop_duplicates(subset="id_nucleo")
    if istat:
        df["codice_istat"] = df["codice_istat"].astype(str).str.zfill(6)
    if ambito:
        df["codice_ambito"] = df["codice_ambito"].astype(str).str.upper()
    if dropna:
        df = df.dropna()
    return df


def _istat_come_numeri():
    df = _corretti(istat=False)
    df["codice_istat"] = df["codice_istat"].astype(int)
    return df


def _pseudonimizzata():
    """Solo pseudonimizzata: ISEE al centesimo, componenti e comune rendono ognuno riconoscibile."""
    return pseudonimizza(anagrafica_di_esempio(), "codice_fiscale", chiave=CHIAVE)


def _condivisibile():
    # all'ente del tutoraggio servono pseudonimo, Ambito, attività e ore: il resto non si invia
    return _pseudonimizzata().drop(columns=["comune", "isee", "componenti"])


def _hash_senza_chiave():
    df = anagrafica_di_esempio()
    df["pseudonimo"] = df["codice_fiscale"].map(lambda v: hashlib.sha256(v.encode()).hexdigest())
    return df.drop(columns=["nome", "cognome", "codice_fiscale", "telefono"])


SOLUZIONI = {
    "7.1": _isee_medio,
    "7.2": lambda: _problemi()["riga"].nunique(),
    "7.3": _corretti,
    "7.4": _condivisibile,
    "7.5": "b",
}

ERRORI_TIPICI = {
    "7.1": [
        (lambda: _leggi_male().mean(), "Totale"),
        (lambda: leggi_tabella(file_comunale(), rapporto=False)["isee"].fillna(0).mean(), "n.d."),
        (lambda: leggi_tabella(file_comunale(), rapporto=False)["isee"].median(), "mediana"),
        (lambda: leggi_tabella(file_comunale(), rapporto=False)["isee"], "un solo numero"),
    ],
    "7.2": [
        (lambda: len(_problemi()), "nunique"),
        (lambda: int(_nuclei().isna().any(axis=1).sum()), "valori mancanti"),
        (lambda: len(_nuclei()), "tutte le righe"),
    ],
    "7.3": [
        (lambda: _corretti(istat=False, ambito=True), "zfill"),
        (lambda: _corretti(dropna=True), "dropna"),
        (lambda: _corretti(duplicati=False), "drop_duplicates"),
        (_istat_come_numeri, "zfill"),
        (lambda: _corretti(ambito=False), "upper"),
        (lambda: _corretti()["codice_istat"], "codice_ambito"),
    ],
    "7.4": [
        (lambda: _condivisibile().assign(cognome=anagrafica_di_esempio()["cognome"]), "Nome, cognome"),
        (_hash_senza_chiave, "chiave segreta"),
        (lambda: _condivisibile().drop_duplicates("pseudonimo"), "non toglie righe"),
        (lambda: anagrafica_di_esempio().drop(columns=["codice_fiscale"]), "pseudonimo"),
        (_pseudonimizzata, "controlla_condivisione"),
        (lambda: _pseudonimizzata().drop(columns=["isee"]), "componenti"),
    ],
    "7.5": [
        ("a", "minimizzazione"),
        ("c", "consenso"),
        ("d", "codice fiscale"),
        ("e", "una delle scelte"),
    ],
}
