"""Benchmark dell'avvio: ``ambiti-lab avvia`` contro un ``jupyter lab`` semplice, fino alla prima risposta HTTP.

Stessa macchina, stessa esecuzione, alternando i due comandi. Per ``avvia`` ogni prova parte da una
cartella di lavoro nuova, quindi include la copia delle lezioni e la scrittura delle impostazioni
(il caso peggiore, il primo avvio). Il tempo va dal lancio del comando alla prima risposta di
``/api/status`` con il token. Si tiene la mediana. Scrive ``benchmarks/risultati/avvio.json``.

Uso: ``python benchmarks/bench_avvio.py [--ripetizioni 5]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUI = Path(__file__).resolve().parent
sys.path.insert(0, str(QUI))
sys.path.insert(0, str(QUI.parent / "tests"))

from _comune import salva  # noqa: E402
from avvio_lab import attendi_http, ferma, porta_libera  # noqa: E402

TOKEN = "token-del-benchmark"


def _comando_avvia(cartella: Path, porta: int) -> list[str]:
    script = Path(sys.executable).with_name("ambiti-lab")
    avvio = [str(script)] if script.exists() else [sys.executable, "-m", "course.cli"]
    return [*avvio, "avvia", "--cartella", str(cartella), "--porta", str(porta), "--senza-browser"]


def _comando_lab(cartella: Path, porta: int) -> list[str]:
    comando = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={porta}", f"--ServerApp.root_dir={cartella}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        comando.append("--allow-root")  # solo per misurare come root (CI); avvia lo gestisce da sé
    return comando


def misura(comando: list[str], porta: int) -> float:
    ambiente = {**os.environ, "JUPYTER_TOKEN": TOKEN, "AMBITI_LAB_CONSENTI_ROOT": "1"}
    inizio = time.perf_counter()
    processo = subprocess.Popen(comando, env=ambiente, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        attendi_http(f"http://127.0.0.1:{porta}/api/status?token={TOKEN}", processo, limite=180)
        return time.perf_counter() - inizio
    finally:
        ferma(processo)


def main() -> None:
    argomenti = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argomenti.add_argument("--ripetizioni", type=int, default=5)
    opzioni = argomenti.parse_args()

    tempi = {"avvia": [], "jupyter lab": []}
    with tempfile.TemporaryDirectory() as base:
        base = Path(base)
        (base / "vuota").mkdir()
        # Un giro a vuoto per ciascuno: riempie le cache del disco, che altrimenti penalizzano il primo.
        misura(_comando_lab(base / "vuota", porta := porta_libera()), porta)
        misura(_comando_avvia(base / "riscaldamento", porta := porta_libera()), porta)
        for giro in range(opzioni.ripetizioni):
            porta = porta_libera()
            tempi["jupyter lab"].append(misura(_comando_lab(base / "vuota", porta), porta))
            porta = porta_libera()
            tempi["avvia"].append(misura(_comando_avvia(base / f"lavoro-{giro}", porta), porta))
            print(f"giro {giro + 1}: avvia {tempi['avvia'][-1]:.2f} s, "
                  f"jupyter lab {tempi['jupyter lab'][-1]:.2f} s", flush=True)

    salva(
        "avvio",
        descrizione=("Primo avvio di «ambiti-lab avvia» (copia delle lezioni, impostazioni in italiano, "
                     "JupyterLab) fino alla prima risposta HTTP, contro un «jupyter lab» semplice "
                     "nella stessa esecuzione; mediana di più prove alternate."),
        valore=statistics.median(tempi["avvia"]),
        base=statistics.median(tempi["jupyter lab"]),
        obiettivo=1.5,
        unita="s",
        ripetizioni=opzioni.ripetizioni,
        campioni={k: [round(t, 3) for t in v] for k, v in tempi.items()},
    )


if __name__ == "__main__":
    main()
