"""Benchmark del percorso: quanto costa eseguire ogni modulo rispetto a un notebook «minimo».

Misura, nella stessa esecuzione e sugli stessi dati appena generati:

1. il tempo di ogni notebook di ``modules/*/`` eseguito da solo (avvio del kernel compreso) e il tempo di un
   notebook «pavimento» che importa soltanto pandas, matplotlib e ipywidgets (mediana di 3 prove);
   obiettivo: mediana dei moduli ≤ 2 × pavimento;
2. il tempo totale per eseguire tutto il percorso con 2 processi in parallelo; obiettivo: < 3 minuti.

Uso: ``python benchmarks/bench_moduli.py`` → stampa i risultati e scrive ``benchmarks/risultati/moduli.json``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

RADICE = Path(__file__).resolve().parents[1]
RISULTATI = RADICE / "benchmarks" / "risultati" / "moduli.json"
TEMPO_PER_CELLA = 120
PROVE_PAVIMENTO = 3
PROCESSI = 2


def _notebook_pavimento() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in (
        "import pandas as pd", "import matplotlib.pyplot as plt", "import ipywidgets as widgets")]
    return nb


def esegui(percorso_o_nb, cartella: str) -> float:
    """Esegue un notebook (percorso o oggetto) in ``cartella`` e restituisce i secondi impiegati."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(percorso_o_nb, as_version=4) if isinstance(percorso_o_nb, (str, Path)) else percorso_o_nb
    Path(cartella).mkdir(parents=True, exist_ok=True)
    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(cartella) / ".kernel-ipc"))
    inizio = time.perf_counter()
    NotebookClient(nb, km=km, timeout=TEMPO_PER_CELLA, allow_errors=False,
                   resources={"metadata": {"path": cartella}}).execute(cleanup_kc=True)
    return time.perf_counter() - inizio


def _esegui_da_percorso(argomenti: tuple[str, str]) -> tuple[str, float]:
    percorso, cartella = argomenti
    return percorso, esegui(percorso, cartella)


def main() -> dict:
    from course.dati import genera

    # la galleria dei grafici non è una lezione (ha un suo test): qui contano i moduli del percorso
    notebook = sorted(p for p in (RADICE / "modules").glob("*/*.ipynb")
                      if ".ipynb_checkpoints" not in p.parts and "galleria" not in p.parent.name)
    if not notebook:
        sys.exit("Nessun notebook in modules/*/")
    with tempfile.TemporaryDirectory(prefix="bench-moduli-") as tmp:
        tmp = Path(tmp)
        print("Genero i dati (regione, seme 3)…", flush=True)
        dati = genera(scala="regione", seme=3, cartella=tmp / "dati", progresso=False)
        os.environ["AMBITI_LAB_DATI"] = str(dati)
        os.environ["AMBITI_LAB_LAVORO"] = str(tmp / "lavoro")
        # i notebook che preparano file (ad esempio i dati con difetti) li trovano già pronti: una prova a vuoto
        esegui(_notebook_pavimento(), str(tmp / "riscaldamento"))

        pavimento = [esegui(_notebook_pavimento(), str(tmp / f"pavimento-{i}")) for i in range(PROVE_PAVIMENTO)]
        tempi = {}
        for p in notebook:
            tempi[p.parent.name] = esegui(p, str(tmp / "uno" / p.parent.name))
            print(f"  {p.parent.name:<28} {tempi[p.parent.name]:6.1f} s", flush=True)
        pav = statistics.median(pavimento)
        mediana = statistics.median(tempi.values())

        inizio = time.perf_counter()
        # «spawn»: un processo figlio creato con fork dopo l'uso di zmq/asyncio può bloccarsi
        with ProcessPoolExecutor(max_workers=PROCESSI, mp_context=multiprocessing.get_context("spawn")) as pool:
            lavori = [(str(p), str(tmp / "parallelo" / p.parent.name)) for p in notebook]
            list(pool.map(_esegui_da_percorso, lavori))
        totale = time.perf_counter() - inizio
        seriale = sum(tempi.values())

    risultati = {
        "tema": "moduli",
        "descrizione": "Esecuzione dei notebook del percorso su dati appena generati (scala regione).",
        "macchina": {"processori": os.cpu_count(), "python": platform.python_version(), "sistema": platform.platform()},
        "notebook": {k: round(v, 2) for k, v in tempi.items()},
        "misure": [
            {
                "nome": "mediana per notebook rispetto al notebook pavimento",
                "valore": round(mediana, 2), "baseline": round(pav, 2), "ratio": round(mediana / pav, 2),
                "target": "≤ 2", "passed": mediana / pav <= 2,
                "descrizione": "Secondi mediani per eseguire un modulo (kernel compreso) diviso i secondi di un "
                               "notebook che importa solo pandas, matplotlib e ipywidgets (mediana di 3 prove).",
            },
            {
                "nome": "tutto il percorso con 2 processi",
                "valore": round(totale, 2), "baseline": round(seriale, 2), "ratio": round(totale / seriale, 2),
                "target": "< 180 s", "passed": totale < 180,
                "descrizione": f"Secondi per eseguire tutti i {len(notebook)} notebook con {PROCESSI} processi in "
                               "parallelo; la baseline è la somma dei tempi eseguiti uno alla volta.",
            },
        ],
    }
    RISULTATI.parent.mkdir(parents=True, exist_ok=True)
    RISULTATI.write_text(json.dumps(risultati, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Pavimento: {pav:.1f} s; mediana dei moduli: {mediana:.1f} s; rapporto {mediana / pav:.2f} (obiettivo ≤ 2)")
    print(f"Tutto il percorso con {PROCESSI} processi: {totale:.1f} s (obiettivo < 180 s; uno alla volta {seriale:.1f} s)")
    print(f"Risultati in {RISULTATI.relative_to(RADICE)}")
    return risultati


if __name__ == "__main__":
    main()
