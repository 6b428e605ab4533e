"""I file che fanno fidare di un repository pubblico: versione in un posto solo, licenze, citazione,
novità, come contribuire, come segnalare una vulnerabilità, pre-commit che pulisce i notebook."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

import course

from ruota import ruota_del_corso

RADICE = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((RADICE / "pyproject.toml").read_text(encoding="utf-8"))
VERSIONE_SEMANTICA = re.compile(r"^\d+\.\d+\.\d+([ab]\d+|rc\d+)?$")


def _file_del_repository() -> list[Path]:
    elenco = subprocess.run(["git", "ls-files"], cwd=RADICE, capture_output=True, text=True, check=True).stdout
    return [RADICE / r for r in elenco.splitlines() if (RADICE / r).is_file()]


# --- una versione, in un posto solo ----------------------------------------------------------------------

def test_la_versione_sta_solo_in_course_init():
    assert VERSIONE_SEMANTICA.match(course.__version__), course.__version__
    assert "version" not in PYPROJECT["project"], "pyproject.toml non deve ripetere la versione"
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "course.__version__"}
    assert "version" not in yaml.safe_load((RADICE / "CITATION.cff").read_text(encoding="utf-8"))


def test_nessun_altro_file_scrive_la_versione_a_mano():
    assegnazione = re.compile(r"""^\s*(__version__|version)\s*[:=]\s*["']\d+\.\d+""", re.M)
    doppioni = [p.relative_to(RADICE).as_posix() for p in _file_del_repository()
                if p.suffix in {".py", ".toml", ".cfg", ".cff", ".yaml", ".yml", ".json"}
                and assegnazione.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert doppioni == ["course/__init__.py"], doppioni


def test_il_pacchetto_costruito_ha_la_versione_di_course(tmp_path):
    ruota = ruota_del_corso()
    assert ruota.name.startswith(f"ambiti_lab-{course.__version__}-"), ruota.name


def test_il_changelog_ha_la_versione_corrente():
    testo = (RADICE / "CHANGELOG.md").read_text(encoding="utf-8")
    titoli = re.findall(r"^## \[([^\]]+)\]", testo, re.M)
    assert titoli and titoli[0] == "Non ancora rilasciato", titoli
    assert course.__version__ in titoli, f"manca la sezione della versione {course.__version__} in CHANGELOG.md"
    for titolo in titoli:  # ogni titolo ha il suo collegamento in fondo
        assert re.search(rf"^\[{re.escape(titolo)}\]: https://", testo, re.M), titolo


# --- licenze, citazione, indirizzi del progetto ---------------------------------------------------------

def test_licenze_dichiarate_e_spiegate():
    progetto = PYPROJECT["project"]
    assert progetto["license"] == "MIT AND CC-BY-4.0"
    for nome in progetto["license-files"]:
        assert (RADICE / nome).is_file(), nome
    assert "MIT License" in (RADICE / "LICENSE").read_text(encoding="utf-8")
    assert "creativecommons.org/licenses/by/4.0" in (RADICE / "LICENSE-CC-BY-4.0.md").read_text(encoding="utf-8")
    readme = (RADICE / "README.md").read_text(encoding="utf-8")
    licenze = readme.split("## Licenze", 1)[1].split("\n## ", 1)[0]
    assert "MIT" in licenze and "CC BY 4.0" in licenze
    assert re.search(r"Codice.*MIT", licenze) and re.search(r"Testo del corso.*\n?.*dati", licenze)


def test_citazione_valida():
    cff = yaml.safe_load((RADICE / "CITATION.cff").read_text(encoding="utf-8"))
    for chiave in ("cff-version", "message", "title", "authors", "type", "license", "repository-code"):
        assert cff.get(chiave), f"CITATION.cff: manca {chiave}"
    assert cff["cff-version"] == "1.2.0"
    assert sorted(cff["license"]) == sorted(PYPROJECT["project"]["license"].split(" AND "))
    assert cff["repository-code"] in PYPROJECT["project"]["urls"].values()
    assert cff["url"] in PYPROJECT["project"]["urls"].values()


def test_indirizzi_e_classificatori():
    indirizzi = PYPROJECT["project"]["urls"]
    assert len(indirizzi) >= 3 and all(u.startswith("https://") for u in indirizzi.values())
    classificatori = PYPROJECT["project"]["classifiers"]
    assert "Natural Language :: Italian" in classificatori
    assert not any(c.startswith("License ::") for c in classificatori), "la licenza va solo in «license» (PEP 639)"
    minimo = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    assert f"Programming Language :: Python :: {minimo}" in classificatori


# --- contribuire e segnalare --------------------------------------------------------------------------

def _percorsi_citati(testo: str) -> set[str]:
    citati = set()
    for frammento in re.findall(r"`([^`\s]+)`", testo):
        frammento = frammento.rstrip(":,.")
        if "/" in frammento and not frammento.startswith(("http", ".venv")) and not re.search(r"NN|N\.M|<|\*", frammento):
            citati.add(frammento)
    return citati


@pytest.mark.parametrize("documento", ["CONTRIBUTING.md", "SECURITY.md"])
def test_i_percorsi_citati_esistono(documento):
    testo = (RADICE / documento).read_text(encoding="utf-8")
    mancanti = sorted(p for p in _percorsi_citati(testo) if not (RADICE / p.split(" ")[0]).exists())
    assert not mancanti, f"{documento} cita file che non esistono: {mancanti}"


def test_contributing_spiega_lezione_esercizio_e_banca_degli_errori():
    testo = (RADICE / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for titolo in ("## Aggiungere una lezione", "## Aggiungere un esercizio e la sua banca degli errori tipici",
                   "## Aggiungere una dipendenza"):
        assert titolo in testo
    for nome in ("ERRORI_TIPICI", "SOLUZIONI", "@registra(", "verifica.esercizio("):
        assert nome in testo


def test_security_dice_come_segnalare_in_privato():
    testo = (RADICE / "SECURITY.md").read_text(encoding="utf-8")
    assert "## Come segnalare" in testo and "Non aprire una issue pubblica" in testo
    assert "security/advisories/new" in testo
    assert "## Cosa proteggiamo" in testo and "codice non fidato" in testo


# --- pre-commit toglie gli output dalle lezioni, non dai notebook di riferimento di nbval -----------------

def _gancio_nbstripout() -> dict:
    configurazione = yaml.safe_load((RADICE / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ganci = [g for r in configurazione["repos"] for g in r["hooks"] if g["id"] == "nbstripout"]
    assert len(ganci) == 1, "serve un gancio nbstripout in .pre-commit-config.yaml"
    return ganci[0]


def test_pre_commit_esclude_solo_i_notebook_di_riferimento():
    escluso = re.compile(_gancio_nbstripout()["exclude"])
    notebook = [p.relative_to(RADICE).as_posix() for p in _file_del_repository() if p.suffix == ".ipynb"]
    assert any(n.startswith("modules/") for n in notebook)
    for nome in notebook:
        assert bool(escluso.search(nome)) == nome.startswith("tests/nbval/"), nome


def test_il_gancio_toglie_davvero_gli_output(tmp_path):
    gancio = _gancio_nbstripout()
    eseguibile = shutil.which(gancio["entry"].split()[0], path=str(Path(sys.executable).parent))
    assert eseguibile, "nbstripout non è installato (è nel gruppo [test])"
    cella = nbformat.v4.new_code_cell("1 + 1", execution_count=1,
                                      outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"},
                                                                      execution_count=1)])
    percorso = tmp_path / "lezione.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cella]), percorso)
    subprocess.run([eseguibile, *gancio["entry"].split()[1:], *gancio.get("args", []), str(percorso)],
                   check=True, timeout=120)
    pulita = json.loads(percorso.read_text(encoding="utf-8"))["cells"][0]
    assert pulita["outputs"] == [] and pulita["execution_count"] is None
