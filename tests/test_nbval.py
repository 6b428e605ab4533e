"""I notebook di riferimento di ``tests/nbval``: conservano gli output (i risultati attesi) e nbval li
confronta davvero: un risultato cambiato fa fallire i test e nbval mostra la differenza."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

CARTELLA = Path(__file__).resolve().parent / "nbval"
NOTEBOOK = sorted(CARTELLA.glob("*.ipynb"))
GRUPPI = {"lettura", "indicatori", "monitoraggio", "confronto", "grafici"}


def test_un_notebook_per_gruppo_di_funzioni():
    assert {p.stem for p in NOTEBOOK} >= GRUPPI


@pytest.mark.parametrize("percorso", NOTEBOOK, ids=lambda p: p.stem)
def test_gli_output_attesi_sono_salvati(percorso):
    """Chi pulisce questi notebook (come si fa con le lezioni) toglie i risultati attesi."""
    nb = nbformat.read(percorso, as_version=4)
    codice = [c for c in nb.cells if c.cell_type == "code"]
    senza = [i for i, c in enumerate(codice, 1) if not c.outputs and "import" not in c.source.splitlines()[0]]
    assert len(codice) >= 4 and not senza, (f"{percorso.name}: celle senza output atteso {senza}: "
                                             "rigenera con «python tests/nbval/rigenera.py»")
    errori = [o for c in codice for o in c.outputs if o.output_type == "error"]
    assert not errori


def test_un_risultato_cambiato_fa_fallire_nbval_con_la_differenza(tmp_path):
    nb = nbformat.read(CARTELLA / "indicatori.ipynb", as_version=4)
    cella = next(c for c in nb.cells if c.cell_type == "code" and "leggi_target(testo)" in c.source)
    uscita = cella.outputs[0]
    assert "≥ 20" in uscita.text
    uscita.text = uscita.text.replace("≥ 20", "≥ 21")  # come se leggi_target desse un altro risultato
    nb.cells = [c for c in nb.cells if c is cella or "import" in c.source]
    nbformat.write(nb, tmp_path / "indicatori.ipynb")
    shutil.copy2(CARTELLA / "sanifica.cfg", tmp_path)
    esito = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=",
                            "--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(tmp_path / "sanifica.cfg"),
                            "--rootdir", str(tmp_path), str(tmp_path / "indicatori.ipynb")],
                           capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert esito.returncode == 1, esito.stdout[-3000:]
    assert "1 failed" in esito.stdout
    assert "≥ 21" in esito.stdout and "≥ 20" in esito.stdout, "nbval deve mostrare atteso e ottenuto"


def test_con_piu_processi_le_celle_di_un_notebook_restano_insieme(tmp_path):
    """Come nel comando del README (-n): ogni notebook in un solo processo, con il suo kernel."""
    esito = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "-q", str(CARTELLA / "indicatori.ipynb")],
                           capture_output=True, text=True, timeout=600, cwd=CARTELLA.parents[1])
    assert esito.returncode == 0, esito.stdout[-3000:]  # celle divise: NameError nelle celle successive
    assert "5 passed" in esito.stdout
