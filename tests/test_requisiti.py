"""Le versioni fissate (``uv.lock`` e ``requisiti/*.txt``) vanno d'accordo con ``pyproject.toml``.

Se un test qui fallisce dopo aver aggiunto o cambiato una dipendenza: ``python requisiti/aggiorna.py``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

RADICE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RADICE / "requisiti"))
from aggiorna import BINDER, ESPORTAZIONI  # noqa: E402

PROGETTO = tomllib.loads((RADICE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
BLOCCO = tomllib.loads((RADICE / "uv.lock").read_text(encoding="utf-8"))
RIGENERA = "rigenera con «python requisiti/aggiorna.py»"


def _uv() -> str:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert uv, "uv non è installato (è nel gruppo [test])"
    return uv


def _fissati(percorso: Path) -> dict[str, set[str]]:
    """nome → versioni fissate (più d'una se cambiano con la versione di Python)."""
    fissati: dict[str, set[str]] = {}
    for riga in percorso.read_text(encoding="utf-8").splitlines():
        trovato = re.match(r"^([A-Za-z0-9_.\-]+)==([^ ;\\]+)", riga)
        if trovato:
            fissati.setdefault(canonicalize_name(trovato.group(1)), set()).add(trovato.group(2))
    return fissati


def test_il_blocco_corrisponde_a_pyproject():
    esito = subprocess.run([_uv(), "lock", "--check", "--offline"], cwd=RADICE, capture_output=True, text=True,
                           timeout=120)
    assert esito.returncode == 0, f"uv.lock non corrisponde a pyproject.toml: {RIGENERA}\n{esito.stderr}"


def test_le_dipendenze_dichiarate_sono_quelle_del_blocco():
    """Lo stesso controllo, leggendo i due file: ogni dipendenza con il suo gruppo e i suoi limiti."""
    radice = next(p for p in BLOCCO["package"] if p["name"] == "ambiti-lab")
    nel_blocco = {(canonicalize_name(d["name"]), tuple(sorted(d.get("extras", []))),
                   SpecifierSet(d.get("specifier", "")), d.get("marker", "")) for d in radice["metadata"]["requires-dist"]}
    dichiarate = set()
    gruppi = {"": PROGETTO["dependencies"], **PROGETTO["optional-dependencies"]}
    for gruppo, requisiti in gruppi.items():
        for testo in requisiti:
            r = Requirement(testo)
            dichiarate.add((canonicalize_name(r.name), tuple(sorted(r.extras)), r.specifier,
                            f"extra == '{gruppo}'" if gruppo else ""))
    assert dichiarate == nel_blocco, (f"{RIGENERA}\nsolo in pyproject: {sorted(map(str, dichiarate - nel_blocco))}\n"
                                      f"solo in uv.lock: {sorted(map(str, nel_blocco - dichiarate))}")


@pytest.mark.parametrize("destinazione", sorted(ESPORTAZIONI))
def test_i_file_per_pip_sono_quelli_del_blocco(destinazione, tmp_path):
    gruppi = ESPORTAZIONI[destinazione]
    opzioni = ["--all-extras"] if gruppi is None else [f"--extra={g}" for g in gruppi]
    uscita = tmp_path / "esportato.txt"
    subprocess.run([_uv(), "export", "--frozen", "--no-emit-project", "--no-dev", "--quiet", *opzioni,
                    "--output-file", str(uscita)], cwd=RADICE, check=True, timeout=120)

    def senza_comando(testo: str) -> str:
        return "\n".join(r for r in testo.splitlines() if not r.startswith("#    uv export"))

    assert senza_comando((RADICE / destinazione).read_text(encoding="utf-8")) == \
        senza_comando(uscita.read_text(encoding="utf-8")), f"{destinazione} non è aggiornato: {RIGENERA}"


@pytest.mark.parametrize("destinazione", sorted(ESPORTAZIONI) + [BINDER])
def test_ogni_versione_ha_gli_hash(destinazione):
    testo = (RADICE / destinazione).read_text(encoding="utf-8")
    blocchi = re.split(r"\n(?=[A-Za-z0-9])", testo.split("\n", 2)[-1])
    voci = [b for b in blocchi if re.match(r"^[A-Za-z0-9_.\-]+==", b)]
    assert len(voci) > 50
    senza_hash = [b.split()[0] for b in voci if "--hash=sha256:" not in b]
    assert not senza_hash, senza_hash


def test_il_corsista_non_riceve_gli_strumenti_del_formatore_ne_dei_test():
    corso, hub, prove = (_fissati(RADICE / f"requisiti/{n}.txt") for n in ("corso", "hub", "test"))
    for leggero in ("nbgrader", "sqlalchemy", "alembic", "jupyterhub", "pytest", "sphinx", "duckdb", "playwright"):
        assert leggero not in corso, f"{leggero} non deve arrivare al corsista"
    for nome in ("nbgrader", "jupyterhub", "nbgitpuller", "jupyterlab", "pandas"):
        assert nome in hub, nome
    assert set(corso) <= set(hub) <= set(prove)
    for nome, versioni in corso.items():  # la stessa versione per il corsista, il hub e i test
        assert versioni == hub[nome] == prove[nome], nome


def test_la_coppia_jupyterlab_pacchetto_italiano_e_fissata():
    corso = _fissati(RADICE / "requisiti/corso.txt")
    assert len(corso["jupyterlab"]) == 1 and len(corso["jupyterlab-language-pack-it-it"]) == 1
    lab = Requirement(next(d for d in PROGETTO["dependencies"] if d.startswith("jupyterlab>")
                           or d.startswith("jupyterlab=") or d.startswith("jupyterlab<")))
    assert lab.specifier.contains(next(iter(corso["jupyterlab"]))), "la versione fissata non rispetta pyproject"
