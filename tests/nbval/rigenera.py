"""Riscrive gli output salvati dei notebook di riferimento di nbval (``tests/nbval/*.ipynb``).

Si usa SOLO quando un risultato cambia di proposito (una regola corretta, un errore sistemato):
``python tests/nbval/rigenera.py``, poi si guarda ``git diff tests/nbval`` cella per cella e si
spiega il cambiamento nel commit. Ogni notebook si esegue dall'inizio alla fine in un kernel nuovo,
nella sua cartella, con i dati distribuiti con il corso.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CARTELLA = Path(__file__).resolve().parent


def rigenera(percorso: Path) -> None:
    nb = nbformat.read(percorso, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(percorso.parent)}}).execute()
    for cella in nb.cells:
        cella.metadata.pop("execution", None)
    nbformat.write(nb, percorso)
    print(f"riscritto {percorso.relative_to(CARTELLA.parents[1])}")


if __name__ == "__main__":
    for nome in sys.argv[1:] or sorted(p.name for p in CARTELLA.glob("*.ipynb")):
        rigenera(CARTELLA / nome)
