"""L'installazione leggera del corsista: nessun gruppo opzionale, ogni modulo importato dichiarato.

- ogni modulo di terze parti importato da ``course/`` è dichiarato in ``pyproject.toml``, e quelli
  importati in cima ai file che il corsista usa sono nelle dipendenze di base;
- ``import course`` e tutto ciò che il corsista usa funzionano senza i pacchetti dei gruppi opzionali
  (simulati assenti in un processo a parte: ciò che non c'è in ``requisiti/corso.txt`` non si importa);
- un comando del formatore senza gli strumenti del formatore dice in italiano cosa installare.

La prova vera, in un ambiente virtuale nuovo installato dalle versioni fissate, è in
``tests/test_edizione.py`` (l'edizione per i corsisti esegue la lezione 00 e un compito).
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

RADICE = Path(__file__).resolve().parents[1]
PROGETTO = tomllib.loads((RADICE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# Moduli che il corsista non usa: gli strumenti del formatore e il comando che pubblica l'edizione.
SOLO_FORMATORI = ("course.valutazione", "course.edizione")
# ...tranne quello che i compiti rilasciati importano nel kernel del corsista.
USATI_DAI_COMPITI = ("course.valutazione.consegna",)


def _base() -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in PROGETTO["dependencies"]}


def _dichiarate() -> set[str]:
    tutte = set(_base())
    for requisiti in PROGETTO["optional-dependencies"].values():
        tutte |= {canonicalize_name(Requirement(r).name) for r in requisiti}
    return tutte


def _facoltative(albero) -> set[str]:
    """I moduli importati dentro un ``try`` che gestisce la loro assenza (dipendenze facoltative)."""
    facoltative = set()
    for nodo in ast.walk(albero):
        if isinstance(nodo, ast.Try) and any(
                h.type is None or any(isinstance(n, ast.Name) and n.id in {"ImportError", "ModuleNotFoundError",
                                                                             "Exception"} for n in ast.walk(h.type))
                for h in nodo.handlers):
            for interno in (n for parte in nodo.body for n in ast.walk(parte)):
                if isinstance(interno, ast.Import):
                    facoltative |= {a.name.split(".")[0] for a in interno.names}
                elif isinstance(interno, ast.ImportFrom) and interno.level == 0 and interno.module:
                    facoltative.add(interno.module.split(".")[0])
    return facoltative


def _importazioni(percorso: Path) -> tuple[set[str], set[str]]:
    """(moduli importati in cima al file, moduli importati dentro funzioni o blocchi)."""
    albero = ast.parse(percorso.read_text(encoding="utf-8"))
    in_cima = set()
    for nodo in albero.body:
        if isinstance(nodo, ast.Import):
            in_cima |= {a.name.split(".")[0] for a in nodo.names}
        elif isinstance(nodo, ast.ImportFrom) and nodo.level == 0 and nodo.module:
            in_cima.add(nodo.module.split(".")[0])
    tutti = set()
    for nodo in ast.walk(albero):
        if isinstance(nodo, ast.Import):
            tutti |= {a.name.split(".")[0] for a in nodo.names}
        elif isinstance(nodo, ast.ImportFrom) and nodo.level == 0 and nodo.module:
            tutti.add(nodo.module.split(".")[0])
    return in_cima, tutti - in_cima


def _nome_modulo(percorso: Path) -> str:
    return ".".join(percorso.relative_to(RADICE).with_suffix("").parts).removesuffix(".__init__")


@functools.cache
def _pacchetti_dei_moduli() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def _distribuzioni(modulo: str) -> set[str]:
    return {canonicalize_name(d) for d in _pacchetti_dei_moduli().get(modulo, [])}


def test_ogni_modulo_di_terze_parti_e_dichiarato():
    dichiarate, base = _dichiarate(), _base()
    mancanti, non_di_base = [], []
    for percorso in sorted((RADICE / "course").rglob("*.py")):
        in_cima, dentro = _importazioni(percorso)
        facoltative = _facoltative(ast.parse(percorso.read_text(encoding="utf-8")))
        nome = _nome_modulo(percorso)
        for modulo in sorted(in_cima | dentro):
            if modulo in sys.stdlib_module_names or modulo in {"course", "__future__"}:
                continue
            distribuzioni = _distribuzioni(modulo)
            if not distribuzioni and modulo in facoltative:
                continue  # facoltativa e non installata: il codice sa farne a meno
            assert distribuzioni, f"{nome}: non so da quale pacchetto viene «{modulo}» (non è installato)"
            if not distribuzioni & dichiarate:
                mancanti.append(f"{nome}: {modulo} ({', '.join(sorted(distribuzioni))})")
            corsista = not nome.startswith(SOLO_FORMATORI) or nome in USATI_DAI_COMPITI
            if corsista and modulo in in_cima and not distribuzioni & base:
                non_di_base.append(f"{nome}: {modulo}")
    assert not mancanti, "moduli importati ma non dichiarati in pyproject.toml:\n" + "\n".join(mancanti)
    assert not non_di_base, ("moduli del corsista che importano in cima un pacchetto di un gruppo opzionale "
                             "(spostalo dentro la funzione che lo usa):\n" + "\n".join(non_di_base))


def _assenti_per_il_corsista() -> list[str]:
    """I moduli dei pacchetti dei test che non ci sono nell'installazione del corsista."""
    def nomi(file: str) -> set[str]:
        testo = (RADICE / "requisiti" / file).read_text(encoding="utf-8")
        return {canonicalize_name(m) for m in re.findall(r"^([A-Za-z0-9_.\-]+)==", testo, re.M)}

    solo_test = nomi("test.txt") - nomi("corso.txt")
    moduli = importlib.metadata.packages_distributions()
    return sorted(m for m, d in moduli.items() if {canonicalize_name(x) for x in d} <= solo_test
                  and not m.startswith("_") and m != "course")


PROVA_SENZA_GRUPPI = r'''
import importlib, importlib.abc, json, pkgutil, sys
ASSENTI = set(json.loads(sys.argv[1]))

class Assente(importlib.abc.MetaPathFinder):
    def find_spec(self, nome, percorso=None, obiettivo=None):
        if nome.split(".")[0] in ASSENTI:
            raise ModuleNotFoundError(f"No module named {nome!r}", name=nome)

sys.meta_path.insert(0, Assente())
import course
print(course.parametro("giorni_revisione_percorso"))
saltati = tuple(json.loads(sys.argv[2])); usati = tuple(json.loads(sys.argv[3]))
importati = []
for info in pkgutil.walk_packages(course.__path__, "course."):
    if info.name.startswith(saltati) and info.name not in usati:
        continue
    importlib.import_module(info.name)
    importati.append(info.name)
from course.cli import costruisci_parser
costruisci_parser().parse_args(["avvia", "--cartella", "x"])
from course.dati import carica
print(len(carica("patti", colonne=["id_patto"])) > 0, len(importati))
print("caricati:", sorted(m for m in sys.modules if m.split(".")[0] in ASSENTI))
'''


def test_il_corso_funziona_senza_i_gruppi_opzionali():
    assenti = _assenti_per_il_corsista()
    assert {"nbgrader", "jupyterhub", "pytest", "sphinx", "duckdb", "pyarrow"} <= set(assenti), assenti
    esito = subprocess.run([sys.executable, "-c", PROVA_SENZA_GRUPPI, json.dumps(assenti),
                            json.dumps(SOLO_FORMATORI), json.dumps(USATI_DAI_COMPITI)],
                           capture_output=True, text=True, timeout=300, cwd=RADICE)
    assert esito.returncode == 0, esito.stderr[-3000:]
    righe = esito.stdout.splitlines()
    assert righe[0] == "90" and righe[1].startswith("True ") and int(righe[1].split()[1]) > 30
    assert righe[2] == "caricati: []"


def test_un_comando_del_formatore_senza_gli_strumenti_lo_dice_in_italiano(tmp_path):
    codice = ("import sys\nsys.modules['nbgrader'] = None\nfrom course.cli import main\n"
              f"sys.exit(main(['valuta', 'genera', '--corso', {str(tmp_path / 'corso')!r}]))")
    esito = subprocess.run([sys.executable, "-c", codice], capture_output=True, text=True, timeout=300)
    assert esito.returncode == 2, esito.stderr[-2000:]
    assert "Traceback" not in esito.stderr
    assert 'pip install "ambiti-lab[formatore]"' in esito.stderr and "nbgrader" in esito.stderr


def test_la_diagnosi_del_corsista_non_chiede_gli_strumenti_dei_gruppi_facoltativi(monkeypatch):
    """«ambiti-lab diagnosi» su un'installazione del corsista: nbgrader e pyarrow mancano e va bene così."""
    from course import diagnosi

    vere = diagnosi._versione
    monkeypatch.setattr(diagnosi, "_versione", lambda p: None if p in {"nbgrader", "pyarrow"} else vere(p))
    esiti = {e.nome: e for e in diagnosi.controlli()}
    for nome in ("nbgrader", "pyarrow"):
        assert esiti[nome].ok, esiti[nome]
        assert esiti[nome].dettaglio.startswith("non installato: serve solo")
    # una versione troppo vecchia di un pacchetto facoltativo installato si segnala, con il gruppo da aggiornare
    monkeypatch.setattr(diagnosi, "_versione", lambda p: "0.1" if p == "pyarrow" else vere(p))
    vecchio = {e.nome: e for e in diagnosi.controlli()}["pyarrow"]
    assert not vecchio.ok and '"ambiti-lab[parquet]"' in vecchio.rimedio
