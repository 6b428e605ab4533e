"""Una classe di 40 corsisti valutata con il solo comando ``ambiti-lab`` (come farebbe un formatore).

genera → (consegne in uno zip di Moodle: giuste, sbagliate e ostili) → raccogli → correggi → stato →
feedback → esporta. Il comando è quello installato nell'ambiente, lanciato come processo a parte.
"""

import csv
import html
import io
import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from course.valutazione.corso import Corso
from course.valutazione.genera import frammenti_segreti
from course.valutazione.sintetiche import consegna_di_tipo

AMBITI_LAB = Path(sys.executable).with_name("ambiti-lab")
COMPITO = "modulo-01"
OSTILI = ["os_exit", "json_non_valido", "solo_avvisi", "system_exit", "manomette_verifica", "test_cancellati",
          "metadati_cambiati", "ciclo_infinito"]
TIPI = ["giusta"] * 20 + ["sbagliata"] * 12 + OSTILI


def _comando(*argomenti, cwd) -> str:
    esito = subprocess.run([str(AMBITI_LAB), *argomenti], cwd=cwd, capture_output=True, text=True, timeout=900)
    assert esito.returncode in (0, 1), f"ambiti-lab {' '.join(argomenti)}:\n{esito.stdout[-2000:]}\n{esito.stderr[-3000:]}"
    assert "Traceback" not in esito.stderr, esito.stderr[-3000:]
    return esito.stdout + esito.stderr


@pytest.fixture(scope="module")
def classe(tmp_path_factory):
    if not AMBITI_LAB.exists():
        pytest.fail(f"Il comando {AMBITI_LAB} non c'è: installa il pacchetto (pip install -e .).")
    base = tmp_path_factory.mktemp("classe")
    radice = base / "corso-2026"
    _comando("valuta", "genera", "--corso", str(radice), COMPITO, cwd=base)
    corso = Corso(radice)
    tipi = TIPI[:]
    random.Random(3).shuffle(tipi)
    corsisti = {f"corsista{i:02d}": tipo for i, tipo in enumerate(tipi, start=1)}
    righe = ["id,nome,cognome,email,ambito,squadra,moodle_id"] + [
        f"{c},Corsista,Numero {i},{c}@comune.example.it,ATS-BA-0{1 + i % 3},{'AB'[i % 2]},{5000 + i}"
        for i, c in enumerate(corsisti, start=1)]
    (radice / "corsisti.csv").write_text("\n".join(righe) + "\n", encoding="utf-8")

    rilascio = nbformat.read(str(corso.rilascio(COMPITO)), as_version=4)
    sorgente = nbformat.read(str(corso.sorgente(COMPITO)), as_version=4)
    archivio = base / "consegne-moodle.zip"
    with zipfile.ZipFile(archivio, "w") as z:
        for i, (c, tipo) in enumerate(corsisti.items(), start=1):
            contenuto = consegna_di_tipo(tipo, rilascio, sorgente, valore=str(i))
            z.writestr(f"Corsista Numero {i}_{5000 + i}_assignsubmission_file_/{COMPITO}.ipynb", contenuto)
    uscite = {
        "raccogli": _comando("valuta", "raccogli", COMPITO, str(archivio), "--corso", str(radice), cwd=base),
        "correggi": _comando("valuta", "correggi", COMPITO, "--corso", str(radice), "--limite-cella", "10", cwd=base),
        "stato": _comando("valuta", "stato", COMPITO, "--corso", str(radice), cwd=base),
        "feedback": _comando("valuta", "feedback", COMPITO, "--corso", str(radice), cwd=base),
        "esporta": _comando("valuta", "esporta", "--corso", str(radice), "--anche-incompleti", cwd=base),
    }
    return {"corso": corso, "corsisti": corsisti, "uscite": uscite, "sorgente": sorgente}


def test_tutte_le_consegne_raccolte_e_concluse(classe):
    assert "Raccolte 40 consegne" in classe["uscite"]["raccogli"]
    corrette, segnalate = map(int, re.search(r"Corrette (\d+), segnalate (\d+)", classe["uscite"]["correggi"]).groups())
    assert corrette + segnalate == 40
    assert corrette >= 32   # le giuste e le sbagliate, più le ostili che finiscono comunque corrette
    assert "40 consegne su 40 corsisti" in classe["uscite"]["stato"]


def test_voti_coerenti_e_esportati_per_moodle(classe):
    corso, corsisti = classe["corso"], classe["corsisti"]
    righe = list(csv.reader(io.StringIO((corso.radice / "esportazioni" / f"voti-moodle-{COMPITO}.csv").read_text(encoding="utf-8"))))
    assert righe[0][:2] == ["email", COMPITO]
    assert all(all(cella.strip() for cella in r) for r in righe[1:]), "Moodle legge una cella vuota come «nessun voto»"
    # le consegne segnalate restano fuori dal file (il voto in Moodle non cambia) finché il formatore non decide,
    # e il comando le elenca una per una
    voti = {r[0].split("@")[0]: float(r[1]) for r in righe[1:]}
    segnalati = {c for c in corsisti if json.loads(corso.esito(c, COMPITO).read_text())["stato"] == "segnalato"}
    assert set(voti) == set(corsisti) - segnalati and segnalati
    for c in segnalati:
        assert re.search(rf"{re.escape(c)}: consegna segnalata", classe["uscite"]["esporta"])
    assert {c for c, t in corsisti.items() if t in ("giusta", "sbagliata")} <= set(voti)
    giuste = {voti[c] for c, t in corsisti.items() if t == "giusta"}
    sbagliate = {voti[c] for c, t in corsisti.items() if t == "sbagliata"}
    assert len(giuste) == 1 and giuste.pop() > max(sbagliate), (giuste, sbagliate)
    assert voti[next(c for c, t in corsisti.items() if t == "solo_avvisi")] == max(voti.values())


def test_riscontri_senza_soluzioni_ne_test_nascosti(classe):
    corso, corsisti = classe["corso"], classe["corsisti"]
    segreti = frammenti_segreti(classe["sorgente"])
    assert segreti
    for c, tipo in corsisti.items():
        pagina = corso.pagina_feedback(c, COMPITO)
        if tipo in ("giusta", "sbagliata"):
            assert pagina.exists(), f"manca il riscontro di {c}"
        if pagina.exists():
            testo = html.unescape(re.sub(r"<[^>]+>", "", pagina.read_text(encoding="utf-8")))
            assert "Le tue competenze" in testo
            if tipo == "sbagliata":
                for s in segreti:
                    assert s not in testo, f"il riscontro di {c} mostra {s!r}"
