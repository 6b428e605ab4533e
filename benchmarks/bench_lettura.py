"""Benchmark di ``leggi_tabella`` su un CSV all'italiana da 1.000.000 di righe.

Confronta, nella stessa esecuzione, ``course.dati.leggi_tabella`` (che riconosce da solo il
formato e annota ogni conversione) con ``pandas.read_csv`` a cui si danno già tutte le opzioni
giuste (separatore, virgola decimale, punto delle migliaia, codifica, «n.d.») più la conversione
delle date con il formato esplicito. Obiettivo: rapporto ≤ 2.

Uso: ``python benchmarks/bench_lettura.py [--righe 1000000] [--ripetizioni 3]``.
Scrive ``benchmarks/risultati/lettura.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

OBIETTIVO = 2.0
COLONNE_DATA = ["Data domanda", "Data patto"]
ATTIVITA = ["tirocinio", "sussidiarietà", "lavoro di comunità", "formazione", "altro"]


def _importi(valori: np.ndarray) -> pd.Series:
    """Numeri con due decimali scritti all'italiana: 1234.5 → «1.234,50»."""
    testo = pd.Series(valori).map("{:,.2f}".format)
    return testo.str.replace(",", "§", regex=False).str.replace(".", ",", regex=False).str.replace("§", ".", regex=False)


def _date(giorni: np.ndarray) -> pd.Series:
    return pd.Series(pd.Timestamp("2021-01-01") + pd.to_timedelta(giorni, unit="D")).dt.strftime("%d/%m/%Y")


def scrivi_csv(percorso: Path, righe: int, *, seme: int = 1) -> None:
    """Un file come quelli esportati dai gestionali: ';', virgola decimale, cp1252, «n.d.»."""
    rng = np.random.default_rng(seme)
    from course.territorio import comuni

    elenco = comuni()
    scelti = rng.integers(0, len(elenco), righe)
    domanda = rng.integers(0, 1400, righe)
    patto = pd.Series(_date(domanda + rng.integers(10, 200, righe)))
    patto[rng.random(righe) < 0.1] = "n.d."
    ore = pd.Series(rng.integers(0, 1240, righe) / 10).map("{:.1f}".format).str.replace(".", ",", regex=False)
    ore[rng.random(righe) < 0.05] = "n.d."
    tabella = pd.DataFrame({
        "Codice ISTAT": elenco["codice_istat"].to_numpy()[scelti],
        "Comune": elenco["comune"].to_numpy()[scelti],
        "Attività": np.array(ATTIVITA)[rng.integers(0, len(ATTIVITA), righe)],
        "Data domanda": _date(domanda),
        "Data patto": patto,
        "Importo": _importi(rng.gamma(2.0, 800.0, righe).round(2)),
        "Ore svolte": ore,
        "ISEE": _importi(rng.uniform(0, 20000, righe).round(2)),
    })
    tabella.to_csv(percorso, sep=";", index=False, encoding="cp1252")


def con_pandas(percorso: Path) -> pd.DataFrame:
    """La base di confronto: read_csv con tutte le opzioni già note, poi le date con il formato esplicito."""
    df = pd.read_csv(percorso, sep=";", decimal=",", thousands=".", encoding="cp1252", na_values=["n.d."],
                     dtype={"Codice ISTAT": str})
    for colonna in COLONNE_DATA:
        df[colonna] = pd.to_datetime(df[colonna], format="%d/%m/%Y")
    return df


def con_leggi_tabella(percorso: Path) -> pd.DataFrame:
    from course.dati.lettura import leggi_tabella

    return leggi_tabella(percorso, rapporto=False)


def _tempi(funzioni, percorso: Path, ripetizioni: int) -> tuple[list[float], list[float]]:
    """Tempo reale e tempo di CPU minimi di ciascuna funzione. Le esecuzioni si alternano, così il
    carico della macchina pesa allo stesso modo su entrambe; il tempo di CPU ne risente meno."""
    reali, cpu = [[] for _ in funzioni], [[] for _ in funzioni]
    for _ in range(ripetizioni):
        for i, funzione in enumerate(funzioni):
            inizio, inizio_cpu = time.perf_counter(), time.process_time()
            funzione(percorso)
            reali[i].append(time.perf_counter() - inizio)
            cpu[i].append(time.process_time() - inizio_cpu)
    return [min(t) for t in reali], [min(t) for t in cpu]


def main(righe: int = 1_000_000, ripetizioni: int = 3) -> dict:
    with tempfile.TemporaryDirectory() as cartella:
        percorso = Path(cartella) / "prese_in_carico.csv"
        scrivi_csv(percorso, righe)
        megabyte = percorso.stat().st_size / 1e6
        # Prima un controllo: i due lettori devono dare gli stessi numeri e le stesse date.
        atteso, ottenuto = con_pandas(percorso), con_leggi_tabella(percorso)
        assert len(atteso) == len(ottenuto) == righe
        assert np.allclose(atteso["Importo"], ottenuto["importo"])
        assert atteso["Data patto"].equals(ottenuto["data_patto"].astype(atteso["Data patto"].dtype))
        (base, nostro), (base_cpu, nostro_cpu) = _tempi([con_pandas, con_leggi_tabella], percorso, ripetizioni)
    rapporto = nostro / base
    risultato = {
        "nome": "lettura",
        "descrizione": (f"leggi_tabella su un CSV all'italiana di {righe:,} righe".replace(",", ".") + f" ({megabyte:.0f} MB: ';', virgola "
                        "decimale, punto delle migliaia, date gg/mm/aaaa, «n.d.», cp1252) contro pandas.read_csv "
                        "con le opzioni giuste più pandas.to_datetime con il formato esplicito."),
        "valore": round(nostro, 3),
        "base": round(base, 3),
        "rapporto": round(rapporto, 3),
        "obiettivo": OBIETTIVO,
        "superato": rapporto <= OBIETTIVO,
        "unita": "secondi (tempo reale, minimo su più ripetizioni)",
        "cpu": {"valore": round(nostro_cpu, 3), "base": round(base_cpu, 3),
                "rapporto": round(nostro_cpu / base_cpu, 3)},
        "righe": righe,
        "ripetizioni": ripetizioni,
        "pandas": pd.__version__,
        "python": platform.python_version(),
        # Nomi in inglese richiesti per il riepilogo BENCHMARKS.md.
        "name": "lettura", "value": round(nostro, 3), "baseline": round(base, 3), "ratio": round(rapporto, 3),
        "target": OBIETTIVO, "passed": rapporto <= OBIETTIVO,
    }
    uscita = Path(__file__).parent / "risultati" / "lettura.json"
    uscita.parent.mkdir(parents=True, exist_ok=True)
    uscita.write_text(json.dumps(risultato, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"leggi_tabella: {nostro:.2f} s   pandas.read_csv: {base:.2f} s   rapporto: {rapporto:.2f} "
          f"(obiettivo ≤ {OBIETTIVO}) → {'superato' if risultato['superato'] else 'NON superato'}; "
          f"solo CPU: {nostro_cpu:.2f} s contro {base_cpu:.2f} s, rapporto {nostro_cpu / base_cpu:.2f}")
    return risultato


if __name__ == "__main__":
    argomenti = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argomenti.add_argument("--righe", type=int, default=1_000_000)
    argomenti.add_argument("--ripetizioni", type=int, default=3)
    opzioni = argomenti.parse_args()
    main(opzioni.righe, opzioni.ripetizioni)
