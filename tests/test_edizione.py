"""L'edizione per i corsisti (``ambiti-lab pubblica``): nessuna soluzione, rubrica o test nascosto.

L'edizione si costruisce una volta, come ramo senza storia comune in un clone del repository dei
formatori (lo stesso percorso del rilascio vero); poi si legge il ramo e si cerca ogni segreto in
ogni file. Altri test provano che la ricerca trova davvero le fughe e che ``pubblica`` si rifiuta
di scrivere un'edizione con una soluzione dentro.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

from course.edizione import (BINDER_CORSISTI, COMPITI, MAI, REPOSITORY_CORSISTI, SEGNO, _spazi, cerca_fughe,
                             file_pubblici, pubblica, radice_formatori, segreti)
from course.errori import ErroreCorso
from course.valutazione.costruisci import Aperta, Esercizio, carica_tracce

RADICE = Path(__file__).resolve().parents[1]
TRACCE = carica_tracce(RADICE / "grading")
SOLUZIONI = sorted((RADICE / "formatori" / "soluzioni").glob("modulo_*.py"))
SORGENTI = sorted((RADICE / "grading" / "source").glob("*/*.ipynb"))


def _git(cartella: Path, *argomenti: str) -> str:
    return subprocess.run(["git", *argomenti], cwd=cartella, capture_output=True, text=True, check=True,
                          timeout=120).stdout.strip()


@pytest.fixture(scope="module")
def segreti_del_corso() -> dict[str, list[str]]:
    return segreti(RADICE)


@pytest.fixture(scope="module")
def frammenti(segreti_del_corso) -> list[str]:
    return sorted({f for righe in segreti_del_corso.values() for f in righe})


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """Un clone del repository dei formatori, con le modifiche in corso (il test prova il codice di adesso)."""
    cartella = tmp_path_factory.mktemp("formatori") / "repo"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(RADICE), str(cartella)], check=True, timeout=300)
    for relativo in _git(RADICE, "ls-files").splitlines():
        if (RADICE / relativo).is_file():
            (cartella / relativo).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(RADICE / relativo, cartella / relativo)
    _git(cartella, "add", "--all")
    _git(cartella, "-c", "user.name=prova", "-c", "user.email=prova@example.invalid", "commit", "--quiet",
         "--allow-empty", "-m", "stato di lavoro")
    return cartella


@pytest.fixture(scope="module")
def edizione(clone, tmp_path_factory) -> Path:
    """L'edizione pubblicata sul ramo «corsisti» del clone, estratta in una cartella per leggerla."""
    risultato = pubblica(ramo="corsisti", sorgente=clone)
    assert risultato.ramo == "corsisti" and risultato.commit
    cartella = tmp_path_factory.mktemp("edizione")
    archivio = subprocess.run(["git", "archive", "corsisti"], cwd=clone, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(cartella)], input=archivio, check=True)
    return cartella


# --- ciò che c'è e ciò che non c'è ----------------------------------------------------------------------

def test_nessuna_soluzione_rubrica_o_test_nascosto_in_nessun_file(edizione, frammenti):
    assert len(frammenti) > 300
    fughe = cerca_fughe(edizione, frammenti)
    assert not fughe, "\n".join(fughe[:20])


def test_niente_materiale_dei_formatori(edizione):
    presenti = {p.relative_to(edizione).parts[0] for p in edizione.rglob("*")}
    assert not presenti & set(MAI), presenti & set(MAI)
    nomi = [p.relative_to(edizione).as_posix() for p in edizione.rglob("*") if p.is_file()]
    # il gradebook vero (i voti), non il codice della libreria che lo legge (course/valutazione/gradebook.py)
    assert not [n for n in nomi if re.search(r"tracce\.py$|soluzion|gradebook\.(db|sqlite|json)$|/source/|rubriche/", n)]


def test_c_e_tutto_quello_che_serve_ai_corsisti(edizione):
    for atteso in ["README.md", "pyproject.toml", "LICENSE", "LICENSE-CC-BY-4.0.md", "docs/glossario.md",
                   "binder/requirements.txt", "binder/postBuild", "modules/00-benvenuto/00-benvenuto.ipynb",
                   "course/__init__.py", "course/verifica/esercizi_01.py", "datasets/sintetici/regione/patti.csv",
                   SEGNO]:
        assert (edizione / atteso).is_file(), atteso
    compiti = sorted(p.parent.name for p in (edizione / COMPITI).glob("*/*.ipynb"))
    assert compiti == sorted(TRACCE)


@pytest.mark.parametrize("nome", sorted(TRACCE))
def test_i_compiti_sono_le_versioni_rilasciate_da_nbgrader(edizione, nome):
    nb = nbformat.read(str(edizione / COMPITI / nome / f"{nome}.ipynb"), as_version=4)
    da_completare = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert da_completare, "nessuna cella di risposta"
    for cella in da_completare:
        # i segnaposto in italiano di grading/nbgrader_config.py al posto della soluzione
        segnaposto = "Scrivi qui il tuo codice" if cella.cell_type == "code" else "Scrivi qui la tua risposta"
        assert segnaposto in cella.source, cella.source
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_le_lezioni_dell_edizione_hanno_le_cifre_delle_regole(edizione):
    """Nell'edizione (Binder, nbgitpuller, sito) il corsista legge «62 ore», mai il nome del parametro."""
    from course.lezioni import nomi_rimasti

    lezioni = sorted((edizione / "modules").glob("*/*.ipynb"))
    assert lezioni
    for lezione in lezioni:
        nb = nbformat.read(lezione, as_version=4)
        rimasti = [n for c in nb.cells if c.cell_type == "markdown" for n in nomi_rimasti(c.source)]
        assert not rimasti, f"{lezione.relative_to(edizione)}: {rimasti}"
    testo = (edizione / "modules" / "04-monitorare" / "04-monitorare.ipynb").read_text(encoding="utf-8")
    assert "almeno 62 ore" in testo


def test_readme_per_i_corsisti(edizione):
    testo = (edizione / "README.md").read_text(encoding="utf-8")
    assert "{{" not in testo
    assert f"({BINDER_CORSISTI})" in testo
    formatori = (RADICE / "README.md").read_text(encoding="utf-8").split("## I due comandi", 1)[1]
    avvio = re.findall(r"```[a-z]*\n(.*?)```", formatori, re.S)[0].strip()
    assert avvio in testo
    for nome in TRACCE:
        assert f"`{COMPITI}/{nome}/{nome}.ipynb`" in testo
    assert "soluzion" not in testo.lower().replace("senza soluzioni", "")


def test_il_ramo_dei_corsisti_non_ha_storia_comune_con_i_formatori(clone, edizione):
    comune = subprocess.run(["git", "merge-base", "corsisti", "HEAD"], cwd=clone, capture_output=True)
    assert comune.returncode != 0, "il ramo dei corsisti condivide commit con quello dei formatori"
    assert _git(clone, "rev-list", "--count", "corsisti") == "1"
    assert _git(clone, "rev-parse", "--abbrev-ref", "HEAD") != "corsisti"
    assert not _git(clone, "worktree", "list", "--porcelain").count("corsisti")


def test_sul_ramo_dei_formatori_si_rifiuta(clone):
    with pytest.raises(ErroreCorso, match="è quello dei formatori"):
        pubblica(ramo=_git(clone, "rev-parse", "--abbrev-ref", "HEAD"), sorgente=clone)
    with pytest.raises(ErroreCorso, match="storia in comune"):
        _git(clone, "branch", "copia-dei-formatori")
        pubblica(ramo="copia-dei-formatori", sorgente=clone)


# --- la ricerca trova davvero ciò che cerca -----------------------------------------------------------------

def test_ogni_soluzione_e_ogni_rubrica_dei_compiti_sono_cercate_intere(segreti_del_corso):
    interi = set(segreti_del_corso["grading (interi)"])
    for nome, compito in TRACCE.items():
        for parte in compito.parti:
            testo = parte.soluzione if isinstance(parte, Esercizio) else parte.rubrica
            assert _spazi(testo) in interi, f"{nome}: {testo[:60]!r} non viene cercato"


@pytest.mark.parametrize("percorso", SOLUZIONI, ids=lambda p: p.name)
def test_un_file_di_soluzioni_copiato_viene_trovato(percorso, segreti_del_corso, frammenti, tmp_path):
    assert len(segreti_del_corso[percorso.relative_to(RADICE).as_posix()]) >= 10
    shutil.copy2(percorso, tmp_path / "appunti.py")
    assert len(cerca_fughe(tmp_path, frammenti)) >= 10


@pytest.mark.parametrize("percorso", SORGENTI, ids=lambda p: p.parent.name)
def test_un_compito_sorgente_copiato_viene_trovato(percorso, frammenti, tmp_path):
    shutil.copy2(percorso, tmp_path / "compito.ipynb")
    fughe = cerca_fughe(tmp_path, frammenti)
    assert any("BEGIN SOLUTION" in f for f in fughe) and any("BEGIN HIDDEN TESTS" in f for f in fughe)
    assert len(fughe) >= 5


@pytest.mark.parametrize("nome", sorted(TRACCE))
def test_una_soluzione_o_una_rubrica_in_una_lezione_viene_trovata(nome, frammenti, tmp_path):
    for i, parte in enumerate(TRACCE[nome].parti):
        testo = parte.soluzione if isinstance(parte, Esercizio) else parte.rubrica
        cartella = tmp_path / str(i)
        cartella.mkdir()
        cella = nbformat.v4.new_code_cell(testo) if isinstance(parte, Esercizio) else nbformat.v4.new_markdown_cell(testo)
        nbformat.write(nbformat.v4.new_notebook(cells=[cella]), cartella / "lezione.ipynb")
        assert cerca_fughe(cartella, frammenti), f"{nome}, parte {i + 1}: la fuga non viene trovata"


def test_pubblica_si_rifiuta_se_una_lezione_contiene_la_soluzione_di_un_compito(tmp_path):
    sorgente = tmp_path / "formatori"
    for relativo in file_pubblici(RADICE) + ["README.md", "edizione/README.md"]:
        (sorgente / relativo).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(RADICE / relativo, sorgente / relativo)
    shutil.copytree(RADICE / "grading", sorgente / "grading", ignore=shutil.ignore_patterns("gradebook.db", "release"))
    shutil.copytree(RADICE / "formatori", sorgente / "formatori")
    esercizio = next(p for c in TRACCE.values() for p in c.parti if isinstance(p, Esercizio) and "\n" in p.soluzione)
    lezione = sorgente / "modules" / "01-contesto" / "01-contesto.ipynb"
    nb = nbformat.read(str(lezione), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(esercizio.soluzione))
    nbformat.write(nb, lezione)
    destinazione = tmp_path / "edizione"
    with pytest.raises(ErroreCorso, match="conterrebbe soluzioni") as errore:
        pubblica(destinazione, sorgente=sorgente)
    assert "modules/01-contesto/01-contesto.ipynb" in str(errore.value)
    assert list(destinazione.iterdir()) == [], "con una fuga non si deve scrivere niente"


def test_non_cancella_una_cartella_che_non_e_un_edizione(tmp_path):
    cartella = tmp_path / "documenti"
    cartella.mkdir()
    (cartella / "tesi.docx").write_text("importante")
    with pytest.raises(ErroreCorso, match="non è un'edizione"):
        pubblica(cartella)
    assert (cartella / "tesi.docx").read_text() == "importante"
    with pytest.raises(ErroreCorso, match="fuori"):
        pubblica(radice_formatori() / "edizione-di-prova")
    with pytest.raises(ErroreCorso, match="non entrambi"):
        pubblica(cartella, ramo="corsisti")


def test_in_un_repository_git_fa_il_commit_e_sostituisce_l_edizione_precedente(clone, edizione, tmp_path,
                                                                                 monkeypatch):
    import course.edizione

    def gia_generati(radice, destinazione):  # nbgrader ha già generato i compiti per l'edizione sul ramo
        shutil.copytree(edizione / COMPITI, destinazione)
        return sorted(TRACCE)

    monkeypatch.setattr(course.edizione, "compiti_rilasciati", gia_generati)
    destinazione = tmp_path / "pubblico"
    subprocess.run(["git", "init", "--quiet", str(destinazione)], check=True)
    (destinazione / SEGNO).write_text("{}")
    (destinazione / "vecchio-file.md").write_text("di un'edizione precedente")
    risultato = pubblica(destinazione, sorgente=clone)
    assert risultato.commit and _git(destinazione, "rev-parse", "HEAD") == risultato.commit
    assert not (destinazione / "vecchio-file.md").exists()
    assert _git(destinazione, "status", "--porcelain") == ""
    elenco = set(_git(destinazione, "ls-files").splitlines())
    assert elenco == {p.relative_to(edizione).as_posix() for p in edizione.rglob("*") if p.is_file()}


# --- un indirizzo pubblico, in un posto solo ------------------------------------------------------------

def test_binder_sessione_e_progetto_puntano_all_edizione_per_i_corsisti():
    from course.cli import costruisci_parser

    readme = (RADICE / "README.md").read_text(encoding="utf-8")
    assert f"[![Apri su Binder](https://mybinder.org/badge_logo.svg)]({BINDER_CORSISTI})" in readme
    assert "ORGANIZZAZIONE" not in readme
    argomenti = costruisci_parser(["sessione"]).parse_args(["sessione", "link", "--hub", "https://hub.esempio.it"])
    assert argomenti.repo == REPOSITORY_CORSISTI
    progetto = tomllib.loads((RADICE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert REPOSITORY_CORSISTI in progetto["urls"].values()
    assert yaml.safe_load((RADICE / "CITATION.cff").read_text(encoding="utf-8"))["repository-code"] == REPOSITORY_CORSISTI


def test_il_segno_dell_edizione_dice_versione_e_origine(edizione):
    import course

    segno = json.loads((edizione / SEGNO).read_text(encoding="utf-8"))
    assert segno["versione"] == course.__version__ and segno["sorgente"]


def test_il_pacchetto_dell_edizione_si_costruisce_senza_materiale_dei_formatori(edizione, frammenti, tmp_path):
    """Il pacchetto per PyPI si costruisce dall'edizione: niente corso modello, niente segreti."""
    import sys
    import zipfile

    impostazioni = tomllib.loads((edizione / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "grading" not in impostazioni["package-dir"].values()
    assert not [p for p in impostazioni["packages"] if "modello" in p]
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "ruota"),
                    str(edizione)], check=True, timeout=600)
    ruota = next((tmp_path / "ruota").glob("ambiti_lab-*.whl"))
    zipfile.ZipFile(ruota).extractall(tmp_path / "contenuto")
    nomi = [p.relative_to(tmp_path / "contenuto").as_posix() for p in (tmp_path / "contenuto").rglob("*")]
    assert "course/moduli/00-benvenuto/00-benvenuto.ipynb" in nomi
    assert not [n for n in nomi if "modello" in n or "tracce" in n]
    fughe = cerca_fughe(tmp_path / "contenuto", frammenti)
    assert not fughe, fughe[:10]


ESEGUI = r'''
import sys
import nbformat
from nbclient import NotebookClient

for percorso in sys.argv[1:]:
    nb = nbformat.read(percorso, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(__import__("pathlib").Path(percorso).parent)}}).execute()
    errori = [(i, o.ename, o.evalue) for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error" and "raises-exception" not in c.metadata.get("tags", [])]
    assert not errori, (percorso, errori)
    print("eseguito", percorso, sum(c.cell_type == "code" for c in nb.cells))
'''


def test_installata_dalle_versioni_fissate_esegue_la_lezione_00_e_un_compito(edizione, tmp_path):
    """Come Binder e nbgitpuller: un ambiente nuovo, le versioni di requisiti/corso.txt, il corso dall'edizione."""
    import os
    import sys

    ambiente = tmp_path / "venv"
    python_base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([python_base, "-m", "venv", str(ambiente)], check=True, timeout=300)
    python = str(ambiente / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(edizione / "requisiti" / "corso.txt")], check=True, timeout=3000)
    subprocess.run([*pip, "--no-deps", str(edizione)], check=True, timeout=600)
    casa = tmp_path / "casa"
    casa.mkdir()
    variabili = {k: v for k, v in os.environ.items()
                 if not k.startswith(("AMBITI_LAB", "JUPYTER", "PYTHON", "VIRTUAL_ENV"))}
    variabili.update(HOME=str(casa), PATH=f"{ambiente / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    for pesante in ("nbgrader", "pyarrow"):   # strumenti del formatore; pyarrow (~170 MB) solo con [parquet]
        assente = subprocess.run([python, "-c", f"import {pesante}"], capture_output=True, env=variabili)
        assert assente.returncode != 0, f"{pesante} non deve arrivare al corsista"
    lavoro = tmp_path / "lavoro"
    # la lezione 00, il monitoraggio (conformità e allerte) e un compito rilasciato, senza pyarrow
    shutil.copytree(edizione / "modules" / "00-benvenuto", lavoro / "00-benvenuto")
    shutil.copytree(edizione / "modules" / "04-monitorare", lavoro / "04-monitorare")
    shutil.copytree(edizione / COMPITI / "modulo-01", lavoro / "modulo-01")
    esito = subprocess.run([python, "-c", ESEGUI, str(lavoro / "00-benvenuto" / "00-benvenuto.ipynb"),
                            str(lavoro / "04-monitorare" / "04-monitorare.ipynb"),
                            str(lavoro / "modulo-01" / "modulo-01.ipynb")],
                           capture_output=True, text=True, env=variabili, cwd=casa, timeout=1800)
    assert esito.returncode == 0, esito.stdout[-2000:] + esito.stderr[-4000:]
    assert esito.stdout.count("eseguito") == 3
