"""Benchmark di ``calcola_tutti``: tutti gli indicatori del catalogo per Ambito sui dati sintetici regionali.

Confronta, nella stessa esecuzione, ``course.indicatori.calcola_tutti(dati, per="ambito")``
(un raggruppamento vettoriale per indicatore) con lo stesso calcolo scritto come un ciclo Python
sugli Ambiti (per ogni indicatore e per ogni Ambito: si filtrano le tabelle e si calcola il totale).
Controlla anche che i due risultati coincidano. Obiettivo assoluto: meno di 1 secondo.

Uso: ``python benchmarks/bench_indicatori.py [--ripetizioni 5]``. Scrive ``benchmarks/risultati/indicatori.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd

OBIETTIVO = 1.0


def carica_dati() -> dict:
    from course.indicatori.standard import _tabelle_necessarie, catalogo
    from course.dati import carica

    return {nome: carica(nome) for nome in sorted(_tabelle_necessarie(catalogo()))}


def vettoriale(dati: dict) -> pd.DataFrame:
    from course.indicatori import calcola_tutti

    return calcola_tutti(dati, per="ambito")


def ciclo_per_ambito(dati: dict) -> pd.DataFrame:
    """La base di confronto: un ciclo sugli Ambiti, con le tabelle filtrate Ambito per Ambito."""
    from course.indicatori import calcola, catalogo, con_ambito
    from course.territorio import popolazione_ambiti

    tutte = con_ambito({**dati, "popolazione": popolazione_ambiti()})
    oggi = dati["patti"].attrs.get("data_riferimento")
    righe = []
    for ind in catalogo():
        for ambito in sorted(tutte["patti"]["codice_ambito"].astype(str).unique()):
            parte = {}
            for nome in {ind.tabella, ind.tabella_denominatore} - {None}:
                df = tutte[nome]
                parte[nome] = df[df["codice_ambito"] == ambito]
                parte[nome].attrs = df.attrs
            r = calcola(ind, parte, per="totale", oggi=oggi)
            righe.append({"indicatore": ind.nome, "codice_ambito": ambito, "valore": r["valore"].iloc[0]})
    return pd.DataFrame(righe)


def _tempo(funzione, dati, ripetizioni: int) -> tuple[float, float, pd.DataFrame]:
    """Il tempo minimo (orologio) e il tempo di CPU della stessa ripetizione: se la macchina è carica
    di altri processi, il secondo dice quanto lavoro fa davvero il calcolo."""
    tempi, risultato = [], None
    for _ in range(ripetizioni):
        inizio, cpu = time.perf_counter(), time.process_time()
        risultato = funzione(dati)
        tempi.append((time.perf_counter() - inizio, time.process_time() - cpu))
    orologio, processore = min(tempi)
    return orologio, processore, risultato


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description="Benchmark degli indicatori per Ambito (dati regionali).")
    parser.add_argument("--ripetizioni", type=int, default=5, help="quante volte ripetere ogni misura (si tiene il minimo)")
    opzioni = parser.parse_args(argv)
    dati = carica_dati()
    vettoriale(dati)  # riscaldamento: importazioni e cache dei parametri
    t_vett, cpu_vett, r_vett = _tempo(vettoriale, dati, opzioni.ripetizioni)
    t_ciclo, cpu_ciclo, r_ciclo = _tempo(ciclo_per_ambito, dati, max(1, opzioni.ripetizioni // 2))
    confronto = r_vett.merge(r_ciclo, on=["indicatore", "codice_ambito"], suffixes=("", "_ciclo"))
    uguali = bool(len(confronto) == len(r_ciclo) and np.allclose(
        confronto["valore"], confronto["valore_ciclo"], equal_nan=True))
    righe = sum(len(df) for df in dati.values())
    risultato = {
        "nome": "indicatori",
        "descrizione": (f"Tutti i {r_vett['indicatore'].nunique()} indicatori del catalogo per ciascuno dei "
                        f"{r_vett['codice_ambito'].nunique()} Ambiti sui dati sintetici regionali "
                        f"({f'{righe:,}'.replace(',', '.')} righe in tutto, per lo più attività mensili dei Patti) "
                        "con calcola_tutti, contro lo stesso calcolo fatto con un ciclo Python sugli Ambiti. "
                        "Obiettivo: meno di 1 secondo."),
        "valore": round(t_vett, 3),
        "base": round(t_ciclo, 3),
        "rapporto": round(t_vett / t_ciclo, 3),
        "obiettivo": f"< {OBIETTIVO:g} s (assoluto)",
        "superato": bool(t_vett < OBIETTIVO),
        "risultati_uguali": uguali,
        "tempo_cpu": round(cpu_vett, 3),
        "tempo_cpu_base": round(cpu_ciclo, 3),
        "carico_macchina": [round(x, 2) for x in os.getloadavg()],
        "unita": "secondi (minimo su più ripetizioni)",
        "righe": righe,
        "ripetizioni": opzioni.ripetizioni,
        "pandas": pd.__version__,
        "python": platform.python_version(),
    }
    risultato.update(name=risultato["nome"], value=risultato["valore"], baseline=risultato["base"],
                     ratio=risultato["rapporto"], target=OBIETTIVO, passed=risultato["superato"])
    cartella = Path(__file__).with_name("risultati")
    cartella.mkdir(exist_ok=True)
    (cartella / "indicatori.json").write_text(json.dumps(risultato, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"calcola_tutti: {t_vett:.3f} s (CPU {cpu_vett:.3f} s); ciclo sugli Ambiti: {t_ciclo:.3f} s; rapporto {t_vett / t_ciclo:.3f} "
          f"(ciclo {t_ciclo / t_vett:.1f} volte più lento); obiettivo < {OBIETTIVO} s: "
          f"{'superato' if risultato['superato'] else 'NON superato'}; risultati uguali: {uguali}")
    return risultato


if __name__ == "__main__":
    main()
