"""I file di ``binder/`` (repo2docker) e una prova in un ambiente virtuale nuovo costruito solo da essi.

Costruire da zero l'intero ambiente (JupyterLab, pandas, nbgrader…) richiede minuti: nella suite
normale l'ambiente nuovo vede le dipendenze già installate nell'ambiente dei test (un file ``.pth``,
senza i loro hook; sono le stesse versioni fissate, vedi ``tests/test_requisiti.py``), mentre il
pacchetto del corso vi è installato da ``postBuild`` come farebbe repo2docker; poi si eseguono
``start`` e la lezione 00. Con
``AMBITI_LAB_BINDER_COMPLETO=1`` anche le dipendenze si installano da zero (prova lenta, da fare a mano).
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from avvio_lab import attendi_http, ferma, porta_libera
from ruota import lucchetto_di_costruzione

RADICE = Path(__file__).resolve().parents[1]
BINDER = RADICE / "binder"
COMPLETO = os.environ.get("AMBITI_LAB_BINDER_COMPLETO") == "1"


def _righe(percorso: Path) -> list[str]:
    return [r.split("#", 1)[0].strip() for r in percorso.read_text(encoding="utf-8").splitlines()
            if r.split("#", 1)[0].strip()]


def test_runtime_python_311():
    assert _righe(BINDER / "runtime.txt") == ["python-3.11"]


def test_requisiti_fissati_con_hash_e_pacchetto_dalla_radice():
    """Le versioni fissate dell'immagine del hub (requisiti/hub.txt); il corso lo installa postBuild."""
    requisiti = (BINDER / "requirements.txt").read_text(encoding="utf-8")
    assert requisiti.endswith((RADICE / "requisiti" / "hub.txt").read_text(encoding="utf-8")), \
        "binder/requirements.txt non è requisiti/hub.txt: rigenera con «python requisiti/aggiorna.py»"
    voci = [r.split(" \\")[0] for r in requisiti.splitlines() if r and not r.startswith((" ", "#"))]
    assert len(voci) > 50
    for voce in voci:
        requisito = Requirement(voce)  # solleva un errore se la riga non è un requisito valido
        assert str(requisito.specifier).startswith("=="), voce
    assert "." not in _righe(BINDER / "requirements.txt")
    assert 'pip install --no-cache-dir --no-deps "$(dirname "$0")/.."' in (BINDER / "postBuild").read_text()


@pytest.mark.parametrize("nome", ["postBuild", "start"])
def test_script_eseguibili_e_sintassi_bash(nome):
    script = BINDER / nome
    assert os.access(script, os.X_OK), f"binder/{nome} deve essere eseguibile (chmod +x)"
    assert script.read_text(encoding="utf-8").startswith("#!/bin/bash")
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0


def test_nessuna_scorciatoia_insicura():
    for script in BINDER.iterdir():
        testo = script.read_text(encoding="utf-8")
        for vietato in ("token=''", 'token=""', "disable_check_xsrf", "allow_root", "allow-root",
                        "sudo ", "password=''"):
            assert vietato not in testo, f"binder/{script.name} contiene {vietato!r}"
    assert _righe(BINDER / "start")[-1] == 'exec "$@"'


def _collega_mancanti(origine: Path, copia: Path) -> None:
    """Collega in ``copia`` ciò che c'è in ``origine`` e manca; le cartelle già presenti si uniscono."""
    if not origine.is_dir():
        return
    copia.mkdir(parents=True, exist_ok=True)
    for voce in origine.iterdir():
        destinazione = copia / voce.name
        if voce.name == "settings" and voce.parent.name == "lab":
            continue  # le impostazioni del Lab le scrive postBuild
        if voce.name == "lab" or (destinazione.is_dir() and not destinazione.is_symlink()):
            _collega_mancanti(voce, destinazione)
        elif not destinazione.exists():
            destinazione.symlink_to(voce)


def _ambiente_nuovo(base: Path) -> tuple[Path, dict]:
    """Un ambiente virtuale nuovo con il corso installato da ``binder/requirements.txt``."""
    ambiente_virtuale = base / "venv"
    python_base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([python_base, "-m", "venv", str(ambiente_virtuale)], check=True, timeout=120)
    python = ambiente_virtuale / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if COMPLETO:
        with lucchetto_di_costruzione():
            subprocess.run([*pip, "-r", str(BINDER / "requirements.txt")], cwd=RADICE, check=True,
                           timeout=3600)
    else:  # il corso lo installa postBuild, come su Binder
        destinazione = Path(subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True, text=True, check=True).stdout.strip())
        # Solo i percorsi: gli hook dell'ambiente dei test (es. il corso installato in modalità
        # modificabile) non passano, così il corso si importa dalla copia appena installata.
        (destinazione / "dipendenze-dai-test.pth").write_text(
            "\n".join(site.getsitepackages() + [sysconfig.get_paths()["purelib"]]) + "\n")
        # Come sopra per i file di dati che le dipendenze installano nell'ambiente (JupyterLab,
        # estensioni): collegamenti, tranne le impostazioni del Lab, che scrive postBuild.
        for relativo in ("share/jupyter", "etc/jupyter"):
            _collega_mancanti(Path(sys.prefix) / relativo, ambiente_virtuale / relativo)
        # I comandi che pip crea per JupyterLab, qui da creare a mano (le dipendenze non sono installate).
        lancia = ambiente_virtuale / "bin" / "jupyter-lab"
        lancia.write_text(f"#!{python}\nimport sys\nfrom jupyterlab.labapp import main\nsys.exit(main())\n")
        lancia.chmod(0o755)
    casa = base / "casa"
    casa.mkdir()
    variabili = {**os.environ, "HOME": str(casa),
                 "PATH": f"{ambiente_virtuale / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    for chiave in ("VIRTUAL_ENV", "PYTHONPATH", "AMBITI_LAB_DATI", "JUPYTERLAB_SETTINGS_DIR"):
        variabili.pop(chiave, None)
    variabili["VIRTUAL_ENV"] = str(ambiente_virtuale)
    return ambiente_virtuale, variabili


@pytest.fixture(scope="module")
def binder_costruito(tmp_path_factory):
    base = tmp_path_factory.mktemp("binder")
    ambiente_virtuale, variabili = _ambiente_nuovo(base)
    python = ambiente_virtuale / "bin" / "python"
    # Fuori dal repository: il pacchetto installato deve bastare da solo (lezioni e dati compresi).
    with lucchetto_di_costruzione():  # postBuild costruisce il pacchetto dalla radice del repository
        costruzione = subprocess.run([str(BINDER / "postBuild")], cwd=base, env=variabili,
                                     capture_output=True, text=True, timeout=600)
    assert costruzione.returncode == 0, costruzione.stdout + costruzione.stderr
    dove = subprocess.run([str(python), "-c", "import course; print(course.__file__)"], cwd=base,
                          capture_output=True, text=True, env=variabili, check=True).stdout
    assert str(ambiente_virtuale) in dove, f"il corso non viene dall'ambiente nuovo: {dove}"
    return {"venv": ambiente_virtuale, "env": variabili, "base": base, "uscita": costruzione.stdout}


def test_postbuild_imposta_italiano_e_dati(binder_costruito):
    impostazioni = (binder_costruito["venv"] / "share" / "jupyter" / "lab" / "settings" / "overrides.d"
                    / "ambiti-lab.json")
    dati = json.loads(impostazioni.read_text())
    assert dati["@jupyterlab/translation-extension:plugin"]["locale"] == "it_IT"
    assert "Dati del corso pronti" in binder_costruito["uscita"]


def test_start_apre_la_lezione_00_in_italiano(binder_costruito):
    # Come su Binder: il server parte nella copia del repository, con il token.
    repo = binder_costruito["base"] / "repo"
    shutil.copytree(RADICE / "modules", repo / "modules")
    porta, token = porta_libera(), "token-della-prova-binder"
    variabili = {**binder_costruito["env"], "JUPYTER_TOKEN": token}
    comando = [str(BINDER / "start"), "jupyter-lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={porta}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        comando.append("--ServerApp.allow_root=True")  # solo la CI gira come root, non Binder
    processo = subprocess.Popen(comando, cwd=repo, env=variabili, stdout=subprocess.DEVNULL,
                                stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{porta}"
    try:
        attendi_http(f"{base}/api/status?token={token}", processo)

        class NonSeguire(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *argomenti):
                return None

        apri = urllib.request.build_opener(NonSeguire)
        with pytest.raises(urllib.error.HTTPError) as rinvio:
            apri.open(f"{base}/?token={token}", timeout=10)
        assert rinvio.value.headers["Location"].startswith(
            "/lab/tree/modules/00-benvenuto/00-benvenuto.ipynb")
        lingua = json.load(urllib.request.urlopen(
            f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={token}", timeout=10))
        assert lingua["schema"]["properties"]["locale"]["default"] == "it_IT"
        with pytest.raises(urllib.error.HTTPError) as senza_token:
            urllib.request.urlopen(f"{base}/api/contents", timeout=10)
        assert senza_token.value.code == 403
    finally:
        ferma(processo)


def test_lezione_00_si_esegue_nell_ambiente_binder(binder_costruito):
    codice = (
        "import nbformat, importlib.resources as r\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(r.files('course.moduli') / '00-benvenuto' / '00-benvenuto.ipynb', as_version=4)\n"
        "NotebookClient(nb, timeout=120, kernel_name='python3').execute()\n"
        # la cella che sbaglia apposta (tag raises-exception) mostra l'errore, spiegato in italiano
        "errori = [o for c in nb.cells if c.cell_type == 'code' and 'raises-exception' not in c.metadata.get('tags', [])\n"
        "          for o in c.outputs if o.output_type == 'error']\n"
        "spiegati = [o for c in nb.cells for o in c.get('outputs', []) if '🧭' in o.get('data', {}).get('text/plain', '')]\n"
        "assert spiegati, 'su Binder gli errori devono arrivare spiegati in italiano'\n"
        "assert not errori, errori\n"
        "print('celle eseguite:', sum(c.cell_type == 'code' for c in nb.cells))\n"
    )
    esito = subprocess.run([str(binder_costruito["venv"] / "bin" / "python"), "-c", codice],
                           cwd=binder_costruito["base"], env=binder_costruito["env"],
                           capture_output=True, text=True, timeout=300)
    assert esito.returncode == 0, esito.stdout + esito.stderr[-3000:]
    assert "celle eseguite:" in esito.stdout
