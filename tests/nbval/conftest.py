"""Le celle di un notebook di riferimento si eseguono in ordine nello stesso kernel: con pytest-xdist
vanno tutte allo stesso processo (gruppo xdist per notebook, con ``--dist loadgroup`` in pyproject)."""

from __future__ import annotations

from pathlib import Path

import pytest

CARTELLA = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # prima di xdist, che legge i gruppi nello stesso passo
def pytest_collection_modifyitems(items):
    for item in items:
        percorso = Path(str(item.path))
        if percorso.suffix == ".ipynb" and percorso.parent == CARTELLA:
            item.add_marker(pytest.mark.xdist_group(name=f"nbval-{percorso.stem}"))
