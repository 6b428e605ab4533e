"""Quanto pesa «import course» rispetto a «import pandas» (obiettivo: al massimo 1,3 volte).

Ogni importazione gira in un processo Python nuovo; le due misure si alternano e si prende la mediana.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from _comune import salva


def _tempo(istruzione: str) -> float:
    inizio = time.perf_counter()
    subprocess.run([sys.executable, "-c", istruzione], check=True)
    return time.perf_counter() - inizio


def main(ripetizioni: int = 15) -> dict:
    _tempo("import course, pandas")  # riscalda la cache dei file
    corso, pandas = [], []
    for _ in range(ripetizioni):
        corso.append(_tempo("import course"))
        pandas.append(_tempo("import pandas"))
    return salva("import", descrizione="Avvio di un processo Python con «import course» contro «import pandas» "
                 "(processi nuovi, misure alternate, mediana).",
                 valore=statistics.median(corso), base=statistics.median(pandas), obiettivo=1.3,
                 unita="secondi (mediana)", ripetizioni=ripetizioni)


if __name__ == "__main__":
    main()
