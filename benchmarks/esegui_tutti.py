"""Esegue tutti i benchmark (``bench_*.py``) e scrive BENCHMARKS.md con i risultati e la macchina.

Uso: ``python benchmarks/esegui_tutti.py`` (tutti) oppure ``python benchmarks/esegui_tutti.py import lettura``
(solo alcuni); ``--solo-rapporto`` riscrive BENCHMARKS.md dai risultati già salvati.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

QUI = Path(__file__).parent
RADICE = QUI.parent


def _macchina() -> str:
    cpu = platform.processor() or "?"
    try:
        for riga in Path("/proc/cpuinfo").read_text().splitlines():
            if riga.startswith("model name"):
                cpu = riga.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memoria = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (ValueError, OSError):
        memoria = float("nan")
    return (f"{cpu}, {os.cpu_count()} core, {memoria:.0f} GB di RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def _valore(v) -> str:
    if isinstance(v, float):
        return f"{v:,.3f}".replace(",", "§").replace(".", ",").replace("§", ".")
    return str(v)


def scrivi_rapporto() -> Path:
    righe = ["# Benchmark", "",
             f"Ultima esecuzione: {dt.date.today():%d/%m/%Y} — macchina: {_macchina()}.", "",
             "Ogni misura è confrontata con un riferimento misurato **nella stessa esecuzione** "
             "(colonna «rapporto» = misura / riferimento). Si rilanciano con `python benchmarks/esegui_tutti.py`.",
             "", "| benchmark | misura | riferimento | rapporto | obiettivo | esito |", "|---|---|---|---|---|---|"]
    dettagli = []
    for file in sorted((QUI / "risultati").glob("*.json")):
        dati = json.loads(file.read_text(encoding="utf-8"))
        if isinstance(dati, dict) and "misure" in dati:  # un file con più misure dello stesso tema
            dati = [{**m, "nome": f"{dati.get('tema', file.stem)}: {m.get('nome', '')}"} for m in dati["misure"]]
        for d in dati if isinstance(dati, list) else [dati]:
            nome = d.get("nome", d.get("name", file.stem))
            unita = d.get("unita", "")
            righe.append(f"| {nome} | {_valore(d.get('valore', d.get('value')))} {unita} | "
                         f"{_valore(d.get('base', d.get('baseline')))} | {_valore(d.get('rapporto', d.get('ratio')))} | "
                         f"{d.get('obiettivo', d.get('target'))} | {'✓' if d.get('superato', d.get('passed')) else '✗'} |")
            extra = {k: v for k, v in d.items() if k not in {"nome", "descrizione", "valore", "base", "rapporto",
                                                           "obiettivo", "superato", "unita", "name", "value",
                                                           "baseline", "ratio", "target", "passed", "description"}}
            dettagli.append(f"- **{nome}**: {d.get('descrizione', d.get('description', ''))} "
                            + ("(" + "; ".join(f"{k}: {_valore(v)}" for k, v in extra.items()) + ")" if extra else ""))
    testo = "\n".join(righe + ["", "## Che cosa misura ciascuno", ""] + dettagli) + "\n"
    percorso = RADICE / "BENCHMARKS.md"
    percorso.write_text(testo, encoding="utf-8")
    return percorso


def main(argv: list[str]) -> int:
    if "--solo-rapporto" not in argv:
        scelti = [a for a in argv if not a.startswith("-")]
        errori = 0
        for script in sorted(QUI.glob("bench_*.py")):
            if scelti and script.stem.removeprefix("bench_") not in scelti:
                continue
            print(f"== {script.name}", flush=True)
            errori += subprocess.run([sys.executable, script.name], cwd=QUI).returncode != 0
        if errori:
            print(f"{errori} benchmark non sono andati a buon fine.", file=sys.stderr)
    print(f"Scritto {scrivi_rapporto()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
