"""Generazione dei dati in scala «nazione» (700.000 nuclei, ~21 milioni di attività in Parquet).

Obiettivi assoluti: al massimo 2 minuti e 4 GB di memoria di picco sulla macchina a 2 core.
Riferimento nella stessa esecuzione: rileggere e riscrivere in Parquet gli stessi file (il costo
minimo di scrittura di quei dati), così il rapporto dice quanto costa «inventarli» oltre a scriverli.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _comune import salva

GENERA = "from course.dati import genera; genera('nazione', seme=7, cartella={!r}, progresso=False)"
COPIA = """
import pyarrow.parquet as pq, pathlib
for p in sorted(pathlib.Path({!r}).glob('*.parquet')):
    pq.write_table(pq.read_table(p), pathlib.Path({!r}) / p.name, compression='zstd')
"""


def _esegui(codice: str) -> tuple[float, float]:
    prima = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    inizio = time.perf_counter()
    subprocess.run([sys.executable, "-c", codice], check=True)
    durata = time.perf_counter() - inizio
    picco_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return durata, max(picco_kb, prima) / 1024 / 1024


def main() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        dati, copia = Path(tmp) / "nazione", Path(tmp) / "copia"
        copia.mkdir()
        durata, picco_gb = _esegui(GENERA.format(str(dati)))
        base, _ = _esegui(COPIA.format(str(dati), str(copia)))
        import pyarrow.parquet as pq

        righe = pq.ParquetFile(dati / "attivita_mensili.parquet").metadata.num_rows
    return salva(
        "generazione", descrizione="Generazione della scala «nazione» (seme 7) contro la sola riscrittura "
        "in Parquet degli stessi file. Obiettivi assoluti: ≤ 120 s e ≤ 4 GB di picco.",
        valore=durata, base=base, obiettivo="≤ 120 s e ≤ 4 GB", unita="secondi",
        superato=durata <= 120 and picco_gb <= 4,
        secondi=round(durata, 1), picco_memoria_gb=round(picco_gb, 2), righe_attivita=righe,
    )


if __name__ == "__main__":
    main()
