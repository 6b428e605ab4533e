"""I compiti veri del corso (grading/): sorgenti aggiornati, soluzioni giuste, versioni per i corsisti pulite,
cruscotto del formatore che si esegue."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from ruota import ruota_del_corso

from course.valutazione.corso import Corso
from course.valutazione.costruisci import Aperta, Esercizio, carica_tracce, notebook_sorgente

GRADING = Path(__file__).resolve().parents[1] / "grading"
TRACCE = carica_tracce(GRADING)


def test_ogni_modulo_ha_il_suo_compito_e_i_sorgenti_sono_aggiornati():
    assert Corso(GRADING).compiti() == sorted(TRACCE)
    assert {"modulo-01", "modulo-07"} <= set(TRACCE)
    for nome, compito in TRACCE.items():
        salvato = nbformat.read(str(GRADING / "source" / nome / f"{nome}.ipynb"), as_version=4)
        atteso = notebook_sorgente(compito)
        assert [c.source for c in salvato.cells] == [c.source for c in atteso.cells], \
            f"{nome}: rigenera i sorgenti con «ambiti-lab valuta genera --ricostruisci --corso grading»"
        assert [c.metadata for c in salvato.cells] == [c.metadata for c in atteso.cells]


@pytest.mark.parametrize("nome", sorted(TRACCE))
def test_compito_ben_fatto(nome):
    compito = TRACCE[nome]
    nb = notebook_sorgente(compito)
    aperte = [p for p in compito.parti if isinstance(p, Aperta)]
    esercizi = [p for p in compito.parti if isinstance(p, Esercizio)]
    assert aperte, f"{nome}: serve almeno una domanda aperta con rubrica"
    from course.verifica import elenco_esercizi

    numero = nome.removeprefix("modulo-")
    registrati = (elenco_esercizi()["modulo"] == numero).sum() if numero.isdigit() else 2
    assert len(esercizi) >= min(2, registrati), f"{nome}: servono almeno due esercizi con verifica automatica"
    for c in nb.cells:
        nbg = c.metadata["nbgrader"]
        if nbg["grade"]:
            assert all(re.fullmatch(r"C[1-8]", x) for x in c.metadata["ambiti_lab"]["competenze"])
        if not nbg["solution"]:
            assert nbg["locked"]
        assert not c.get("outputs")


@pytest.mark.parametrize("nome", sorted(TRACCE))
def test_le_soluzioni_prendono_tutti_i_punti(nome, tmp_path, monkeypatch):
    from course.valutazione.correzione import carica_verifiche_personali
    from course.valutazione.varianti import variante_per
    from course.verifica import verifica

    compito = TRACCE[nome]
    personali = carica_verifiche_personali(GRADING)
    for studente in ("ada", "bea.verdi"):  # due varianti diverse: la soluzione vale sul proprio Ambito
        spazio: dict = {"VARIANTE": variante_per(nome, studente)}  # come nel notebook: stesso spazio di nomi
        monkeypatch.chdir(tmp_path)
        exec(compito.preparazione, spazio)  # noqa: S102 - codice del formatore
        for parte in compito.parti:
            if isinstance(parte, Esercizio):
                exec(parte.soluzione, spazio)  # noqa: S102 - soluzioni del formatore
                if parte.personale:
                    esito = personali.verifica(parte.codice, spazio[parte.nome_variabile], spazio["VARIANTE"])
                else:
                    esito = verifica(parte.codice, spazio[parte.nome_variabile])
                assert esito.superato, f"{nome}, esercizio {parte.codice}:\n{esito}"


def test_le_versioni_per_i_corsisti_non_contengono_soluzioni_ne_test_nascosti(tmp_path):
    from course.valutazione.genera import cerca_segreti, frammenti_segreti, genera_compiti

    radice = tmp_path / "corso"
    shutil.copytree(GRADING, radice, ignore=shutil.ignore_patterns("release", "gradebook.db", "__pycache__"))
    corso = Corso(radice)
    cartelle = genera_compiti(corso, corso.compiti())
    segreti_tutti = []
    for nome in corso.compiti():
        sorgente = nbformat.read(str(corso.sorgente(nome)), as_version=4)
        segreti = frammenti_segreti(sorgente)
        if any(isinstance(p, Esercizio) for p in TRACCE[nome].parti):
            assert any("consegna(" in s for s in segreti), nome
        assert any(s.startswith("- ") for s in segreti), f"{nome}: la rubrica deve essere tra i segreti"
        segreti_tutti += segreti
    fughe = cerca_segreti(radice / "release", segreti_tutti)
    assert fughe == []
    assert set(cartelle) == set(corso.compiti())
    for f in (radice / "release").rglob("*.ipynb"):
        testo = f.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in testo and "BEGIN HIDDEN TESTS" not in testo and "Rubrica per il formatore" not in testo

    # le soluzioni, consegnate come notebook, prendono tutti i punti anche nella correzione vera (kernel
    # recintato, dati del corso, risposte verificate di nuovo fuori dal kernel): tabelle con attrs,
    # dataclass Indicatore, file scritti nella cartella di lavoro
    from course.valutazione.correzione import Limiti, correggi
    from course.valutazione.sintetiche import consegna_giusta

    for nome in ("modulo-01", "modulo-03", "modulo-07", "progetto-finale"):
        rilascio = nbformat.read(str(corso.rilascio(nome)), as_version=4)
        sorgente = nbformat.read(str(corso.sorgente(nome)), as_version=4)
        destinazione = corso.sottomesso("modello", nome)
        destinazione.parent.mkdir(parents=True)
        destinazione.write_bytes(consegna_giusta(rilascio, sorgente))
        riepilogo = correggi(corso, nome, limiti=Limiti(cella=120, consegna=400))
        assert riepilogo["corretti"] == ["modello"], riepilogo
        esito = json.loads(corso.esito("modello", nome).read_text())
        automatiche = [c for c in esito["celle"] if not c["manuale"]]
        assert automatiche and all(c["punti"] == c["massimo"] for c in automatiche), (nome, esito["celle"])


def test_cruscotto_salvato_senza_output_e_che_si_esegue(tmp_path, monkeypatch):
    from nbclient import NotebookClient

    percorso = GRADING / "cruscotto-formatore.ipynb"
    nb = nbformat.read(str(percorso), as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")

    radice = tmp_path / "corso"
    shutil.copytree(GRADING, radice, ignore=shutil.ignore_patterns("release", "gradebook.db", "__pycache__"))
    (radice / "corsisti.csv").write_text("id,nome,cognome,email,ambito,squadra\nada,Ada,R,a@x.it,ATS-BA-01,A\n"
                                         "bea,Bea,V,b@x.it,ATS-LE-03,B\n", encoding="utf-8")
    for studente, punti in (("ada", [1.0, 2.0]), ("bea", [0.0, 1.0])):
        esito = {"stato": "corretto" if studente == "ada" else "segnalato", "motivi": [] if studente == "ada" else [
            "tempo scaduto", "tentativo non consentito: scrittura di un file fuori dalla cartella di lavoro (/gradebook.db)"],
                 "celle": [{"grade_id": "verifica-1-1", "punti": punti[0], "massimo": 1.0, "competenze": ["C1"], "manuale": False},
                           {"grade_id": "verifica-1-3", "punti": punti[1], "massimo": 3.0, "competenze": ["C1", "C5"], "manuale": False},
                           {"grade_id": "aperta-1-a", "punti": None, "massimo": 4.0, "competenze": ["C1"], "manuale": True}]}
        (radice / "esiti" / "modulo-01").mkdir(parents=True, exist_ok=True)
        (radice / "esiti" / "modulo-01" / f"{studente}.json").write_text(json.dumps(esito), encoding="utf-8")
    monkeypatch.setenv("AMBITI_LAB_CARTELLA_CORSO", str(radice))
    monkeypatch.setenv("AMBITI_LAB_CORSO", "ambiti-lab")  # come sul hub: l'identificativo, non la cartella
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(radice)}}).execute()
    testo = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    assert "tempo scaduto" in testo and "ATS-LE-03" in testo and "image/png" in testo
    assert "Tentativi non consentiti in 1 consegne (bea)" in testo
    assert "tentativo non consentito: scrittura di un file fuori dalla cartella di lavoro" in testo
    assert "Error" not in "".join(o.get("output_type", "") for c in nb.cells for o in c.get("outputs", []))


def test_le_copie_dei_moduli_per_i_corsisti_non_rivelano_le_soluzioni_dei_compiti():
    from course.valutazione.genera import frammenti_segreti

    segreti = []
    for nome in TRACCE:
        sorgente = nbformat.read(str(GRADING / "source" / nome / f"{nome}.ipynb"), as_version=4)
        # le righe che danno la risposta finale, i test nascosti e le rubriche: righe generiche come
        # «pop = popolazione_ambiti()» possono comparire negli esempi svolti delle lezioni
        segreti += [s for s in frammenti_segreti(sorgente)
                    if re.match(r"risposta_\d+_\d+\s*=\s*\S.{5,}", s) or "consegna(" in s or s.startswith("- ")]
    assert len(segreti) > 20
    moduli = Path(__file__).resolve().parents[1] / "modules"
    for f in sorted(moduli.rglob("*")):
        if f.is_file() and f.suffix in {".ipynb", ".md", ".py", ".html"}:
            testo = f.read_text(encoding="utf-8", errors="replace")
            celle = json.loads(testo).get("cells", []) if f.suffix == ".ipynb" else []
            testo += "\n".join("".join(c.get("source", "")) for c in celle)
            trovati = [s for s in segreti if s in testo]
            assert not trovati, f"{f.relative_to(moduli)} contiene soluzioni dei compiti: {trovati[:3]}"


def test_comandi_del_formatore_da_un_installazione_normale_con_le_variabili_del_hub(tmp_path):
    """``pip install .`` (non modificabile) porta con sé il corso modello; con ``AMBITI_LAB_CORSO`` del hub
    (l'identificativo del corso, non una cartella) ``cd grading && ambiti-lab valuta genera`` funziona."""
    import os
    import subprocess
    import sys

    ruota = ruota_del_corso().parent
    installato = tmp_path / "installato"
    posata = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(installato),
                             *map(str, ruota.glob("*.whl"))], capture_output=True, text=True, timeout=600)
    assert posata.returncode == 0, posata.stderr[-3000:]
    ambiente = {**os.environ, "PYTHONPATH": str(installato), "AMBITI_LAB_CORSO": "ambiti-lab"}
    ambiente.pop("AMBITI_LAB_CARTELLA_CORSO", None)

    def ambiti_lab(*argomenti, cartella):
        return subprocess.run([sys.executable, "-c", "import sys, course.cli; print(course.cli.__file__, file=sys.stderr); "
                               "sys.exit(course.cli.main())", *argomenti],
                              cwd=cartella, env=ambiente, capture_output=True, text=True, timeout=600)

    # il formatore crea il suo corso dal modello del pacchetto installato
    creato = ambiti_lab("valuta", "genera", "modulo-01", "--corso", "grading", cartella=tmp_path)
    assert str(installato) in creato.stderr, "deve girare il pacchetto installato, non il repository"
    assert creato.returncode == 0, creato.stderr[-3000:]
    corso = tmp_path / "grading"
    assert (corso / "tracce.py").is_file() and (corso / "source" / "progetto-finale" / "progetto-finale.ipynb").is_file()
    # poi, dalla cartella del corso, i comandi come li scrive la guida
    di_nuovo = ambiti_lab("valuta", "genera", "modulo-01", cartella=corso)
    assert di_nuovo.returncode == 0, di_nuovo.stderr[-3000:]
    assert (corso / "release" / "modulo-01" / "modulo-01.ipynb").is_file()
    stato = ambiti_lab("valuta", "stato", "modulo-01", cartella=corso)
    assert stato.returncode == 0, stato.stderr[-3000:]
