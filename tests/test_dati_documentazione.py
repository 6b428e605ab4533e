import json
import shutil
from pathlib import Path

from course.dati.documentazione import aggiorna_documentazione, datapackage
from course.dati.schemi import colonne
from course.dati.tabelle import TABELLE

DATASETS = Path(__file__).parents[1] / "datasets"


def test_documentazione_aggiornata(tmp_path):
    """datapackage.json e il dizionario in datasets/README.md coincidono con quelli derivati dagli schemi."""
    copia = tmp_path / "datasets"
    shutil.copytree(DATASETS, copia, ignore=shutil.ignore_patterns("riferimento"))
    aggiorna_documentazione(copia)
    for nome in ["datapackage.json", "README.md"]:
        assert (copia / nome).read_text(encoding="utf-8") == (DATASETS / nome).read_text(encoding="utf-8"), (
            f"{nome} non è aggiornato: rigeneralo (vedi datasets/README.md)")


def test_datapackage_descrive_ogni_colonna():
    pacchetto = datapackage()
    for risorsa in pacchetto["resources"]:
        assert [f["name"] for f in risorsa["schema"]["fields"]] == list(colonne(risorsa["name"]))
        assert all(f["description"] for f in risorsa["schema"]["fields"])
    assert {r["name"] for r in pacchetto["resources"]} == set(TABELLE)
    file = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
    for risorsa in file["resources"]:
        assert (DATASETS / risorsa["path"]).exists(), risorsa["path"]
