"""Materiali per le esercitazioni sui dati reali: un file «come arriva dal comune», un'anagrafica
finta da pseudonimizzare e un insieme di dati con difetti piantati.

Tutto è sintetico e ricostruibile: le verifiche degli esercizi usano le stesse funzioni per sapere
che cosa c'è nei file, senza cifre scritte a mano.

>>> df = anagrafica_di_esempio(20, seme=3)
>>> list(df.columns)[:4]
['nome', 'cognome', 'codice_fiscale', 'telefono']
"""

from __future__ import annotations

import os
import shutil
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from course import formato

__all__ = [
    "anagrafica_di_esempio", "codice_fiscale_finto", "file_comunale", "tabella_del_file_comunale",
    "dati_con_difetti", "SEME_DIFETTI",
]

#: Il seme dei dati con difetti usati nel modulo 07 (lo stesso per il notebook e per le verifiche).
SEME_DIFETTI = 7
_OGNI_ND = 17  # una riga ogni 17 ha l'ISEE «n.d.» nel file comunale

_NOMI = ("Maria", "Giuseppe", "Anna", "Antonio", "Francesca", "Giovanni", "Rosa", "Vincenzo", "Lucia", "Francesco",
         "Angela", "Michele", "Teresa", "Nicola", "Carmela", "Luigi", "Grazia", "Domenico", "Paola", "Cosimo",
         "Rita", "Vito", "Lorenza", "Donato", "Immacolata", "Pasquale", "Addolorata", "Raffaele", "Marta", "Savino")
_NOMI_FEMMINILI = frozenset(n for n in _NOMI if n.endswith("a") and n != "Cosimo") | {"Immacolata"}
_COGNOMI = ("Russo", "De Santis", "Lorusso", "Colucci", "Greco", "Martucci", "Caputo", "Palumbo", "Rizzi", "Longo",
            "Marzano", "Leone", "Quarta", "Morelli", "De Giorgi", "Carrieri", "Lattanzio", "Perrone", "Gentile",
            "Ruggiero", "Pagliara", "Stasi", "Zecca", "Cassano", "Mastrolia", "Sportelli", "Fanelli", "Valente")
_DISPARI = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                    [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8,
                     12, 14, 16, 10, 22, 25, 24, 23]))
_PARI = {**{str(i): i for i in range(10)}, **{chr(65 + i): i for i in range(26)}}
_MESI_CF = "ABCDEHLMPRST"


def _consonanti(testo: str) -> str:
    lettere = [c for c in testo.upper() if c.isalpha()]
    cons = [c for c in lettere if c not in "AEIOU"]
    voc = [c for c in lettere if c in "AEIOU"]
    return "".join(cons + voc + ["X", "X", "X"])[:3]


def codice_fiscale_finto(nome: str, cognome: str, *, anno: int, mese: int, giorno: int, luogo: str) -> str:
    """Un codice con la forma di un codice fiscale ma con il carattere di controllo volutamente sbagliato.

    Non può quindi appartenere a nessuna persona reale: serve solo per esercitarsi.

    >>> codice_fiscale_finto("Maria", "Russo", anno=1980, mese=3, giorno=5, luogo="Q123")
    'RSSMRA80C45Q123V'
    """
    giorno_cf = giorno + 40 if nome in _NOMI_FEMMINILI else giorno
    base = f"{_consonanti(cognome)}{_consonanti(nome)}{anno % 100:02d}{_MESI_CF[mese - 1]}{giorno_cf:02d}{luogo}"
    somma = sum(_DISPARI[c] if i % 2 == 0 else _PARI[c] for i, c in enumerate(base))
    return base + chr(65 + (somma + 1) % 26)  # +1: controllo sbagliato di proposito


def anagrafica_di_esempio(n: int = 200, *, seme: int = 1) -> pd.DataFrame:
    """Un elenco finto di beneficiari con dati personali (nomi, codici fiscali non validi, telefoni inventati).

    Alcune persone compaiono su più righe (più attività), come nei registri veri. Serve per esercitarsi
    a pseudonimizzare: non contiene nessuna persona reale.

    >>> a = anagrafica_di_esempio(50, seme=2)
    >>> len(a), a["codice_fiscale"].nunique() < len(a)
    (50, True)
    """
    from course.territorio import comuni, mappatura

    rng = np.random.default_rng([seme, 77])
    persone = max(1, int(n * 0.8))
    nomi = rng.choice(_NOMI, persone)
    cognomi = rng.choice(_COGNOMI, persone)
    anni = rng.integers(1960, 2004, persone)
    mesi = rng.integers(1, 13, persone)
    giorni = rng.integers(1, 29, persone)
    luoghi = [f"Q{v:03d}" for v in rng.integers(0, 1000, persone)]
    codici = [codice_fiscale_finto(a, b, anno=int(c), mese=int(d), giorno=int(e), luogo=f)
              for a, b, c, d, e, f in zip(nomi, cognomi, anni, mesi, giorni, luoghi)]
    mappa = mappatura().merge(comuni()[["codice_istat", "sigla_provincia"]], on="codice_istat")
    mappa = mappa[mappa["sigla_provincia"] == "LE"].reset_index(drop=True)
    scelti = mappa.iloc[rng.integers(0, len(mappa), persone)].reset_index(drop=True)
    persone_df = pd.DataFrame({
        "nome": nomi, "cognome": cognomi, "codice_fiscale": codici,
        "telefono": [f"3{v:02d} {w:07d}" for v, w in zip(rng.integers(20, 99, persone), rng.integers(0, 10**7, persone))],
        "comune": scelti["comune"], "codice_ambito": scelti["codice_ambito"],
        "componenti": rng.integers(1, 7, persone),
        "isee": np.round(rng.gamma(2.2, 2600, persone), 2),
    })
    quale = np.concatenate([np.arange(persone), rng.integers(0, persone, n - persone)])
    df = persone_df.iloc[np.sort(quale)].reset_index(drop=True)
    df["attivita"] = rng.choice(["tirocinio", "sussidiarietà", "lavoro di comunità", "formazione"], n)
    df["ore_previste"] = rng.integers(4, 40, n)
    return df


def tabella_del_file_comunale() -> pd.DataFrame:
    """Il contenuto «vero» del file comunale: i nuclei del primo Ambito dei dati, con l'ISEE mancante dove il file dice n.d.

    Colonne: id_nucleo, codice_istat, comune, componenti, eta_richiedente, isee, misura, data_domanda.
    """
    from course.dati import cartella_dati

    cartella = cartella_dati()
    versione = max((p.stat().st_mtime_ns for p in cartella.glob("*")), default=0)
    return _tabella_comunale(str(cartella), versione).copy()


@lru_cache(maxsize=4)
def _tabella_comunale(cartella: str, _versione: int) -> pd.DataFrame:
    from course.dati import carica
    from course.territorio import comuni

    nuclei = carica("nuclei", cartella=cartella)
    ambito = sorted(nuclei["codice_ambito"].astype(str).unique())[0]
    nuclei = nuclei[nuclei["codice_ambito"] == ambito]
    domande = carica("domande", cartella=cartella, colonne=["id_nucleo", "data_domanda"]).drop_duplicates("id_nucleo")
    df = nuclei.merge(domande, on="id_nucleo", how="left").merge(
        comuni()[["codice_istat", "comune"]], on="codice_istat", how="left")
    df = df[["id_nucleo", "codice_istat", "comune", "componenti", "eta_richiedente", "isee", "misura",
             "data_domanda"]].reset_index(drop=True)
    df["isee"] = df["isee"].where(df.index % _OGNI_ND != _OGNI_ND - 1)
    df["misura"] = df["misura"].astype(str)
    return df


def file_comunale(cartella: str | Path | None = None) -> Path:
    """Scrive ``nuclei_dal_comune.csv`` come lo esporterebbe un gestionale comunale e ne restituisce il percorso.

    Separatore «;», codifica Windows (cp1252), virgola decimale e punto delle migliaia, date gg/mm/aaaa,
    «n.d.» per i valori mancanti, codici ISTAT senza lo zero iniziale, intestazioni con spazi e accenti
    e una riga «Totale» in fondo. Il contenuto è quello di ``tabella_del_file_comunale()``.
    """
    base = Path(cartella) if cartella is not None else Path(os.environ.get(
        "AMBITI_LAB_LAVORO", Path.home() / "ambiti-lab-lavoro")) / "file-esercizi"
    base.mkdir(parents=True, exist_ok=True)
    df = tabella_del_file_comunale()
    uscita = pd.DataFrame({
        "ID nucleo": df["id_nucleo"],
        "Cod. ISTAT comune": df["codice_istat"].astype(str).str.lstrip("0"),
        "Comune": df["comune"],
        "Componenti": df["componenti"].astype(str),
        "Età richiedente": df["eta_richiedente"].astype(str),
        "ISEE": formato.numero(df["isee"], decimali=2, vuoto="n.d."),
        "Misura": df["misura"],
        "Data domanda": formato.data(df["data_domanda"], vuoto="n.d."),
    })
    riga_totale = {colonna: "" for colonna in uscita.columns} | {
        "ID nucleo": "Totale", "Componenti": str(int(df["componenti"].sum())),
        "ISEE": formato.numero(df["isee"].sum(), decimali=2, vuoto="n.d.")}
    totale = pd.DataFrame([riga_totale], columns=uscita.columns)
    percorso = base / "nuclei_dal_comune.csv"
    pd.concat([uscita, totale]).to_csv(percorso, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    return percorso


def dati_con_difetti(cartella: str | Path | None = None) -> Path:
    """La cartella con i dati di un Ambito in cui sono stati piantati difetti (e il loro elenco ``difetti.csv``).

    Li genera la prima volta (pochi secondi) con il seme ``SEME_DIFETTI``; poi li riusa.
    """
    from course.dati import genera

    base = Path(cartella) if cartella is not None else Path(os.environ.get(
        "AMBITI_LAB_LAVORO", Path.home() / "ambiti-lab-lavoro")) / "dati" / f"esercizi-difetti-seme{SEME_DIFETTI}"
    if (base / "metadati.json").exists() and (base / "difetti.csv").exists():
        return base
    # Si genera in una cartella provvisoria e poi la si sposta: due processi insieme non si pestano i piedi.
    provvisoria = base.with_name(f"{base.name}.{os.getpid()}.tmp")
    genera(scala="ambito", seme=SEME_DIFETTI, difetti=True, cartella=provvisoria, progresso=False)
    try:
        provvisoria.rename(base)
    except OSError:
        shutil.rmtree(provvisoria, ignore_errors=True)
        if not (base / "metadati.json").exists():
            raise
    return base
