"""Il README dà esattamente due comandi, e .ci/run esegue proprio quello dei test."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from ruota import ruota_del_corso

RADICE = Path(__file__).parents[1]


def _comandi():
    testo = (RADICE / "README.md").read_text(encoding="utf-8")
    sezione = testo.split("## I due comandi", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```[a-z]*\n(.*?)```", sezione, re.S)]


def test_due_comandi_di_una_riga():
    comandi = _comandi()
    assert len(comandi) == 2
    assert all("\n" not in c for c in comandi)
    installa, prova = comandi
    assert installa.startswith("python3 -m venv") and "ambiti-lab avvia" in installa
    assert prova.startswith("python3 -m venv") and "pytest" in prova
    # i test si installano dalle versioni fissate, poi il corso senza dipendenze (già tutte lì)
    assert "pip install -r requisiti/test.txt" in prova and "pip install --no-deps -e ." in prova
    assert prova.index("requisiti/test.txt") < prova.index("--no-deps -e .") < prova.index("pytest")
    assert "[" not in installa, "il corsista non installa gruppi opzionali"


def test_ci_esegue_il_comando_del_readme():
    ci = (RADICE / ".ci" / "run").read_text(encoding="utf-8")
    assert _comandi()[1] in ci.splitlines()


def test_il_pacchetto_contiene_dati_e_moduli(tmp_path):
    """Un'installazione non modificabile (come su Binder) deve avere dati, parametri e notebook."""
    ruota = ruota_del_corso()
    nomi = set(zipfile.ZipFile(ruota).namelist())
    for atteso in ["course/parametri.csv", "course/datasets/riferimento/puglia_comuni.csv",
                   "course/datasets/sintetici/regione/patti.csv", "course/datasets/datapackage.json",
                   "course/moduli/00-benvenuto/00-benvenuto.ipynb"]:
        assert atteso in nomi, atteso
    for init in (RADICE / "course").rglob("__init__.py"):
        atteso = init.relative_to(RADICE).as_posix()
        assert atteso in nomi, f"il sottopacchetto {init.parent.name} manca dal pacchetto: aggiungilo in pyproject.toml"
    assert not any(n.startswith(("formatori/", "tests/", "course/formatori")) for n in nomi)
    assert not any("soluzion" in n for n in nomi)


def test_bottone_binder_sulla_lezione_00():
    testo = (RADICE / "README.md").read_text(encoding="utf-8")
    bottone = re.search(r"\[!\[[^\]]*\]\(https://mybinder.org/badge_logo.svg\)\]\((https://mybinder.org/v2/gh/[^)]+)\)", testo)
    assert bottone, "manca il bottone di Binder nel README"
    lezione = "modules/00-benvenuto/00-benvenuto.ipynb"
    assert bottone.group(1).endswith(f"urlpath=lab/tree/{lezione}")
    assert (RADICE / lezione).exists()
