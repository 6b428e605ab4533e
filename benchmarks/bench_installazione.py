"""Installazione del corsista contro il pavimento, nella stessa esecuzione: spazio su disco e tempo.

- **pavimento**: ciò che qualunque corso in JupyterLab con pandas installerebbe comunque:
  ``jupyterlab``, il pacchetto della lingua italiana, ``pandas``, ``matplotlib``, ``ipywidgets``;
- **corsista**: ``pip install ambiti-lab`` (il pacchetto dell'edizione per i corsisti, qui costruito
  da questo repository con ``pip wheel``), senza nessun gruppo opzionale, come fa il primo comando del README.

Ogni installazione avviene in un ambiente virtuale nuovo; prima si fa un giro a vuoto che riempie
la cache di pip per entrambi (si misura l'installazione, non lo scaricamento). Il tempo è il tempo di
CPU di pip e dei suoi processi, mediana di più prove alternate (il tempo di orologio, che sulla macchina
condivisa dipende dal carico degli altri, si registra accanto); lo spazio è quello dell'ambiente virtuale. Obiettivo: ≤ 1,15 volte il
pavimento in spazio e in tempo.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _comune import salva

RADICE = Path(__file__).resolve().parents[1]
PAVIMENTO = ["jupyterlab", "jupyterlab-language-pack-it-IT", "pandas", "matplotlib", "ipywidgets"]
OBIETTIVO = 1.15
PROVE = int(os.environ.get("AMBITI_LAB_PROVE_INSTALLAZIONE", "3"))


def _dimensione(cartella: Path) -> int:
    return sum(p.stat().st_size for p in cartella.rglob("*") if p.is_file() and not p.is_symlink())


def _cpu_dei_figli() -> float:
    uso = resource.getrusage(resource.RUSAGE_CHILDREN)
    return uso.ru_utime + uso.ru_stime


def _installa(base: Path, nome: str, requisiti: list[str]) -> tuple[float, float, int]:
    """(secondi di orologio, secondi di CPU di pip e dei suoi processi, byte dell'ambiente)."""
    ambiente = base / nome
    python_base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([python_base, "-m", "venv", str(ambiente)], check=True)
    inizio, cpu = time.perf_counter(), _cpu_dei_figli()
    subprocess.run([str(ambiente / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", *requisiti], check=True)
    return time.perf_counter() - inizio, _cpu_dei_figli() - cpu, _dimensione(ambiente)


def main() -> None:
    carico_prima = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="bench-installazione-") as lavoro:
        base = Path(lavoro)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(base / "ruota"),
                        str(RADICE)], check=True)
        ruota = str(next((base / "ruota").glob("ambiti_lab-*.whl")))
        concorrenti = {"pavimento": PAVIMENTO, "corsista": [ruota]}
        for nome, requisiti in concorrenti.items():  # giro a vuoto: la cache di pip si riempie per entrambi
            _installa(base / "vuoto", nome, requisiti)
        tempi = {nome: [] for nome in concorrenti}
        cpu = {nome: [] for nome in concorrenti}
        spazio = {}
        for prova in range(PROVE):
            for nome, requisiti in concorrenti.items():
                durata, secondi_cpu, byte = _installa(base / f"prova-{prova}", nome, requisiti)
                tempi[nome].append(round(durata, 2))
                cpu[nome].append(round(secondi_cpu, 2))
                spazio[nome] = byte
        mb = {nome: round(b / 1e6, 1) for nome, b in spazio.items()}
        mediane_cpu = {nome: statistics.median(t) for nome, t in cpu.items()}
        rapporti_orologio = [c / p for c, p in zip(tempi["corsista"], tempi["pavimento"])]
    # carico medio della macchina (1, 5, 15 minuti) prima e dopo: su una macchina condivisa i tempi ne dipendono
    comune = {"pavimento": " + ".join(PAVIMENTO), "campioni_cpu_s": cpu, "campioni_orologio_s": tempi,
              "rapporto_orologio_mediano": round(statistics.median(rapporti_orologio), 3), "spazio_mb": mb,
              "carico_macchina": {"prima": carico_prima, "dopo": [round(x, 2) for x in os.getloadavg()]}}
    salva("installazione_spazio", descrizione="Spazio dell'installazione del corsista (pip install ambiti-lab) "
          "contro il pavimento (JupyterLab, lingua italiana, pandas, matplotlib, ipywidgets), ambienti nuovi.",
          valore=mb["corsista"], base=mb["pavimento"], obiettivo=OBIETTIVO, unita="MB", **comune)
    salva("installazione_tempo", descrizione="Tempo di CPU di pip install (pip e i suoi processi) del corsista contro "
          "il pavimento, cache di pip già piena per entrambi; mediana di prove alternate. Si misura la CPU perché "
          "sulla macchina condivisa il tempo di orologio dipende dal carico degli altri (riportato a parte, "
          "con il carico della macchina).",
          valore=mediane_cpu["corsista"], base=mediane_cpu["pavimento"], obiettivo=OBIETTIVO, unita="s CPU", **comune)


if __name__ == "__main__":
    main()
