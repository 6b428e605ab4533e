"""Il flusso completo del formatore su un compito piccolo: genera → raccogli → correggi → feedback → esporta → stato."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from course.valutazione.corso import Corso
from course.valutazione.costruisci import Aperta, Compito, Esercizio, crea_corso
from course.valutazione.esecuzione import Limiti

COMPITO = Compito(
    "prova", "Compito di prova", "Tre esercizi brevi sui dati reali e una domanda aperta.",
    [
        Esercizio("0.1", "Quanti sono gli Ambiti della Puglia?",
                  "from course.territorio import ambiti\nrisposta_0_1 = len(ambiti())"),
        Esercizio("0.2", "Quale provincia ha più Ambiti? Rispondi con la sigla.",
                  "from course.territorio import ambiti\nrisposta_0_2 = ambiti()['sigla_provincia'].value_counts().idxmax()"),
        Esercizio("1.3", "Gli Ambiti della provincia di Lecce, dal più popoloso.",
                  "from course.territorio import popolazione_ambiti\npop_tutti = popolazione_ambiti()\n"
                  "risposta_1_3 = pop_tutti[pop_tutti['sigla_provincia'] == 'LE'].sort_values('popolazione', ascending=False)"),
        Aperta("0.a", "Perché gli Ambiti programmano insieme i servizi?",
               "Pieni punti se cita la programmazione associata nel Piano di zona e l'equità tra comuni piccoli e grandi.",
               3, ("C1",)),
    ],
)
LIMITI = Limiti(cella=20, consegna=60)
CORSISTI = "id,nome,cognome,email,ambito,squadra,moodle_id\n" \
           "ada,Ada,Rossi,ada@example.org,ATS-BA-01,A,101\n" \
           "bea,Bea,Verdi,bea@example.org,ATS-BA-01,A,102\n" \
           "ciro,Ciro,Neri,ciro@example.org,ATS-LE-03,B,103\n"


@pytest.fixture(scope="session")
def corso_generato(tmp_path_factory):
    """Un corso con il compito di prova già generato (nbgrader gira una volta sola per sessione)."""
    from course.valutazione.genera import genera

    radice = crea_corso(tmp_path_factory.mktemp("corso") / "corso", [COMPITO])
    (radice / "corsisti.csv").write_text(CORSISTI, encoding="utf-8")
    genera(Corso(radice), "prova")
    return radice


@pytest.fixture()
def corso(corso_generato, tmp_path):
    destinazione = tmp_path / "corso"
    shutil.copytree(corso_generato, destinazione)
    return Corso(destinazione)


def notebooks(corso):
    return (nbformat.read(str(corso.rilascio("prova")), as_version=4), nbformat.read(str(corso.sorgente("prova")), as_version=4))


def solo_testo(pagina: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", pagina))


def test_la_versione_per_i_corsisti_non_ha_soluzioni_ne_test_nascosti(corso):
    from course.valutazione.genera import cerca_segreti, frammenti_segreti

    rilascio, sorgente = notebooks(corso)
    segreti = frammenti_segreti(sorgente)
    assert any("consegna(" in s for s in segreti) and any("sort_values" in s for s in segreti)
    assert any("Piano di zona" in s for s in segreti), "la rubrica deve essere tra i segreti"
    assert cerca_segreti(corso.rilascio("prova").parent, segreti) == []
    testo = corso.rilascio("prova").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in testo and "HIDDEN TESTS" not in testo and "consegna(" not in testo.replace("consegna import", "")
    # il controllo sa anche trovare una fuga, se c'è
    (corso.rilascio("prova").parent / "appunti.txt").write_text(segreti[0], encoding="utf-8")
    assert cerca_segreti(corso.rilascio("prova").parent, segreti)
    assert (corso.radice / "rubriche" / "prova.md").read_text(encoding="utf-8").count("Piano di zona") == 1


def test_ogni_cella_valutata_ha_competenze_e_domanda_separata(corso):
    _, sorgente = notebooks(corso)
    valutate = [c for c in sorgente.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(valutate) == 4
    for c in valutate:
        assert c.metadata["ambiti_lab"]["competenze"] and all(re.fullmatch(r"C[1-8]", x) for x in c.metadata["ambiti_lab"]["competenze"])
    ids = [c.metadata["nbgrader"]["grade_id"] for c in sorgente.cells]
    for gid in ("risposta-0-1", "aperta-0-a"):
        domanda = ids[ids.index(gid) - 1]
        assert domanda.startswith("domanda") and sorgente.cells[ids.index(domanda)].metadata["nbgrader"]["locked"]
    parziale = sorgente.cells[ids.index("verifica-1-3")]
    assert parziale.metadata["nbgrader"]["points"] == 3.0


def _cartella_consegne(corso, base: Path) -> Path:
    from course.valutazione.sintetiche import consegna, consegna_giusta, consegna_sbagliata

    rilascio, sorgente = notebooks(corso)
    (base / "ada").mkdir(parents=True)
    (base / "ada" / "prova.ipynb").write_bytes(consegna_giusta(rilascio, sorgente))
    (base / "bea").mkdir()
    (base / "bea" / "compito-bea.ipynb").write_bytes(consegna_sbagliata(rilascio))
    # ciro: giusto a metà, e la tabella con l'ordine sbagliato (credito parziale)
    (base / "ciro.ipynb").write_bytes(consegna(rilascio, {
        "risposta-0-1": "risposta_0_1 = 45", "risposta-0-2": "risposta_0_2 = 'LE'",
        "risposta-1-3": "from course.territorio import popolazione_ambiti\npop_tutti = popolazione_ambiti()\n"
                        "risposta_1_3 = pop_tutti[pop_tutti['sigla_provincia'] == 'LE'].sort_values('popolazione')"}))
    return base


def test_flusso_completo(corso, tmp_path):
    from nbgrader.api import Gradebook

    from course.valutazione.correzione import correggi
    from course.valutazione.esporta import esporta_generico, esporta_moodle, scrivi_profili
    from course.valutazione.feedback import feedback_compito
    from course.valutazione.genera import frammenti_segreti
    from course.valutazione.raccolta import raccogli, registro_archivio
    from course.valutazione.stato import descrivi_stato, stato_compito

    esito = raccogli(corso, "prova", _cartella_consegne(corso, tmp_path / "consegne"))
    assert esito["raccolti"] == ["ada", "bea", "ciro"]
    registro = registro_archivio(corso, "prova")
    for voce in registro:
        contenuto = (corso.archivio("prova") / voce["percorso"]).read_bytes()
        assert hashlib.sha256(contenuto).hexdigest() == voce["sha256"]

    riepilogo = correggi(corso, "prova", limiti=LIMITI)
    assert sorted(riepilogo["corretti"]) == ["ada", "bea", "ciro"], riepilogo
    punti = {s: json.loads(corso.esito(s, "prova").read_text())["punti"] for s in ("ada", "bea", "ciro")}
    assert punti["ada"] == 5.0  # 1 + 1 + 3; la domanda aperta aspetta il formatore
    assert punti["bea"] == 0.0
    assert 2.0 < punti["ciro"] < 5.0  # credito parziale sulla tabella non ordinata
    with Gradebook(corso.db_url) as gb:
        assert gb.find_submission("prova", "ada").score == 5.0
        assert gb.find_grade("aperta-0-a", "prova", "prova", "ada").needs_manual_grade
        assert gb.find_submission("prova", "bea").score == 0.0
        # il formatore corregge a mano la domanda aperta di ada
        gb.find_grade("aperta-0-a", "prova", "prova", "ada").manual_score = 2.5
        gb.db.commit()
    assert corso.corretto("ada", "prova").exists()

    scritti = feedback_compito(corso, "prova")
    assert len(scritti["scritti"]) == 3 and not scritti["errori"]
    _, sorgente = notebooks(corso)
    segreti = frammenti_segreti(sorgente)
    nascosti = [s for s in segreti if "consegna(" in s]
    rubrica = [s for s in segreti if "Piano di zona" in s]
    for studente in ("ada", "bea", "ciro"):
        pagina = solo_testo(corso.pagina_feedback(studente, "prova").read_text(encoding="utf-8"))
        for s in nascosti + rubrica:
            assert s not in pagina, f"{studente}: il riscontro mostra {s!r}"
        assert "Le tue competenze" in pagina and "C1" in pagina and "C5" in pagina
    pagina_bea = solo_testo(corso.pagina_feedback("bea", "prova").read_text(encoding="utf-8"))
    for s in segreti:
        assert s not in pagina_bea, f"il riscontro di chi ha sbagliato mostra la soluzione {s!r}"
    pagina_ada = solo_testo(corso.pagina_feedback("ada", "prova").read_text(encoding="utf-8"))
    assert "Punteggio: 7,5 su 8" in pagina_ada

    moodle = esporta_moodle(corso)
    righe = list(csv.reader(io.StringIO(moodle.file["prova"].read_text(encoding="utf-8"))))
    assert righe[0] == ["email", "prova", "commento prova"]
    valori = {r[0]: float(r[1]) for r in righe[1:]}
    # ciro ha la domanda aperta ancora da correggere: fuori dal file (Moodle non riceve un voto provvisorio)
    assert valori == {"ada@example.org": 7.5, "bea@example.org": 0.0}
    assert set(moodle.esclusi["prova"]) == {"ciro"} and "aperte" in moodle.esclusi["prova"]["ciro"]
    tutti = esporta_moodle(corso, anche_incompleti=True)
    valori = {r[0]: float(r[1]) for r in list(csv.reader(io.StringIO(tutti.percorso.read_text(encoding="utf-8"))))[1:]}
    assert valori == {"ada@example.org": 7.5, "bea@example.org": 0.0, "ciro@example.org": punti["ciro"]}
    su_cento = esporta_moodle(corso, identifica="id", scala=100, destinazione=tmp_path / "m.csv")
    assert list(csv.reader(io.StringIO(su_cento.percorso.read_text())))[1][:2] == ["ada", "93.75"]

    generico = esporta_generico(corso)
    tabella = list(csv.DictReader(io.StringIO(generico.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert {"studente", "email", "ambito", "compito", "punti", "massimo", "stato", "quota_C1", "quota_C5"} <= set(tabella[0])
    ada = next(r for r in tabella if r["studente"] == "ada")
    assert ada["punti"] == "7,5" and ada["stato"] == "corretto"

    file_profili = scrivi_profili(corso)
    assert {p.name for p in file_profili} >= {"profili-corsisti.csv", "profili-ambito.csv", "profili-squadra.png"}

    stato = stato_compito(corso, "prova")
    assert list(stato["stato"]) == ["corretto"] * 3
    assert "3 consegne su 3 corsisti" in descrivi_stato(stato, "prova")


def test_correzione_riproducibile_dagli_originali(corso, tmp_path):
    from course.valutazione.correzione import correggi
    from course.valutazione.raccolta import raccogli, registro_archivio

    raccogli(corso, "prova", _cartella_consegne(corso, tmp_path / "consegne"))
    correggi(corso, "prova", limiti=LIMITI, studenti=["ciro"])
    primo = json.loads(corso.esito("ciro", "prova").read_text())
    # il file in submitted/ viene cambiato dopo la raccolta: la nuova versione si archivia, l'originale resta
    sottomesso = corso.sottomesso("ciro", "prova")
    originale = sottomesso.read_bytes()
    sottomesso.write_bytes(originale.replace(b"risposta_0_1 = 45", b"risposta_0_1 = 46"))
    correggi(corso, "prova", limiti=LIMITI, studenti=["ciro"])
    secondo = json.loads(corso.esito("ciro", "prova").read_text())
    assert secondo["punti"] == primo["punti"] - 1
    voci = [v for v in registro_archivio(corso, "prova") if v["studente"] == "ciro"]
    assert len(voci) == 2 and hashlib.sha256(originale).hexdigest() in {v["sha256"] for v in voci}
    sottomesso.write_bytes(originale)
    correggi(corso, "prova", limiti=LIMITI, studenti=["ciro"])
    terzo = json.loads(corso.esito("ciro", "prova").read_text())
    assert terzo["punti"] == primo["punti"] and terzo["celle"] == primo["celle"]
    assert len([v for v in registro_archivio(corso, "prova") if v["studente"] == "ciro"]) == 2


def test_raccolta_da_zip_di_moodle_in_due_forme(corso, tmp_path):
    from course.valutazione.raccolta import raccogli

    rilascio, sorgente = notebooks(corso)
    from course.valutazione.sintetiche import consegna_giusta

    zip_path = tmp_path / "consegne.zip"
    with zipfile.ZipFile(zip_path, "w") as z:
        z.writestr("Ada Rossi_101_assignsubmission_file_/prova.ipynb", consegna_giusta(rilascio, sorgente))
        z.writestr("Ada Rossi_101_assignsubmission_file_/appunti.txt", "note")
        z.writestr("Bea Verdi_102_assignsubmission_file_compito di bea.ipynb", consegna_giusta(rilascio, sorgente))
        z.writestr("Dario Blu_999_assignsubmission_onlinetext_onlinetext.html", "<p>solo testo</p>")
    esito = raccogli(corso, "prova", zip_path)
    assert esito["raccolti"] == ["ada", "bea"]
    assert esito["senza_notebook"] == ["dario.blu"]
    assert corso.sottomesso("bea", "prova").exists()
    with pytest.raises(Exception, match="zip leggibile"):
        (tmp_path / "rotto.zip").write_bytes(b"non sono uno zip")
        raccogli(corso, "prova", tmp_path / "rotto.zip")


def test_raccolta_dall_exchange_prende_l_ultima_consegna(corso, tmp_path):
    from course.valutazione.raccolta import raccogli

    rilascio, sorgente = notebooks(corso)
    from course.valutazione.sintetiche import consegna_giusta, consegna_sbagliata

    inbound = tmp_path / "exchange" / "ambiti-lab" / "inbound"
    vecchia = inbound / "ada+prova+2026-03-01 10:00:00.000000 UTC+abc"
    nuova = inbound / "ada+prova+2026-03-02 09:00:00.000000 UTC+def"
    altro = inbound / "ada+altro-compito+2026-03-03 09:00:00.000000 UTC+ghi"
    for d, contenuto in ((vecchia, consegna_sbagliata(rilascio)), (nuova, consegna_giusta(rilascio, sorgente)),
                         (altro, b"{}")):
        d.mkdir(parents=True)
        (d / "prova.ipynb").write_bytes(contenuto)
    # qui nessun utente di sistema «ada»: il controllo dei proprietari è nel test del hub (utenti veri)
    assert raccogli(corso, "prova", tmp_path / "exchange", controlla_proprietari=False)["raccolti"] == ["ada"]
    assert corso.sottomesso("ada", "prova").read_bytes() == consegna_giusta(rilascio, sorgente)
    assert "2026-03-02 09:00:00" in (corso.sottomesso("ada", "prova").parent / "timestamp.txt").read_text()


def test_dopo_raccogli_nbgrader_collect_update_legge_le_date(corso, tmp_path):
    """``timestamp.txt`` scritto da raccogli è nel formato di nbgrader: ``nbgrader collect --update`` lo legge
    e sostituisce la consegna solo con una più recente (prima «UTC» diventava «U C» e nbgrader si fermava)."""
    import subprocess
    import sys

    from course.valutazione.raccolta import raccogli

    rilascio, sorgente = notebooks(corso)
    from course.valutazione.sintetiche import consegna_giusta, consegna_sbagliata

    inbound = tmp_path / "exchange" / "ambiti-lab" / "inbound"
    prima = inbound / "ada+prova+2026-03-01 10:00:00.000000 UTC+abc"
    prima.mkdir(parents=True)
    (prima / "prova.ipynb").write_bytes(consegna_sbagliata(rilascio))
    # bea consegna fuori dall'exchange: la data del file (ora locale) diventa UTC
    cartella = tmp_path / "cartella" / "bea"
    cartella.mkdir(parents=True)
    (cartella / "prova.ipynb").write_bytes(consegna_sbagliata(rilascio))
    assert raccogli(corso, "prova", tmp_path / "exchange", controlla_proprietari=False)["raccolti"] == ["ada"]
    assert raccogli(corso, "prova", tmp_path / "cartella")["raccolti"] == ["bea"]
    for studente in ("ada", "bea"):
        testo = (corso.sottomesso(studente, "prova").parent / "timestamp.txt").read_text(encoding="utf-8")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC", testo), testo
    poi = inbound / "ada+prova+2026-03-02 09:00:00.000000 UTC+def"
    poi.mkdir()
    (poi / "prova.ipynb").write_bytes(consegna_giusta(rilascio, sorgente))
    (poi / "timestamp.txt").write_text("2026-03-02 09:00:00.000000 UTC", encoding="utf-8")  # come nbgrader submit
    raccolta = subprocess.run(
        [sys.executable, "-m", "nbgrader", "collect", "prova", "--update",
         f"--Exchange.root={tmp_path / 'exchange'}", "--CollectApp.check_owner=False"],
        cwd=corso.radice, capture_output=True, text=True, timeout=300)
    assert raccolta.returncode == 0, raccolta.stderr
    assert "Updating submission: ada prova" in raccolta.stderr, raccolta.stderr
    assert corso.sottomesso("ada", "prova").read_bytes() == consegna_giusta(rilascio, sorgente)
    assert (corso.sottomesso("ada", "prova").parent / "timestamp.txt").read_text().startswith("2026-03-02 09:00:00")


def test_comandi_della_riga_di_comando(corso, tmp_path, capsys):
    import argparse

    from course.valutazione.cli import aggiungi_comandi

    parser = argparse.ArgumentParser(prog="ambiti-lab")
    aggiungi_comandi(parser.add_subparsers(dest="comando", required=True))
    azioni = parser._subparsers._group_actions[0].choices["valuta"]._subparsers._group_actions[0].choices
    assert set(azioni) == {"genera", "raccogli", "correggi", "feedback", "esporta", "stato", "aperte", "ricontrolla"}
    for nome, sotto in azioni.items():
        assert sotto.description and not re.search(r"\b(the|and|with)\b", sotto.description)

    def esegui(*argomenti):
        args = parser.parse_args(["valuta", *argomenti])
        return args.esegui(args)

    consegne = _cartella_consegne(corso, tmp_path / "consegne")
    assert esegui("raccogli", "prova", str(consegne), "--corso", str(corso.radice)) == 0
    assert "Raccolte 3 consegne" in capsys.readouterr().out
    assert esegui("correggi", "prova", "--corso", str(corso.radice), "--studente", "bea", "--limite-cella", "20") == 0
    uscita = capsys.readouterr().out
    assert "Corrette 1, segnalate 0" in uscita
    assert "Protezioni attive:" in uscita and "sorvegliata" in uscita
    assert esegui("stato", "prova", "--corso", str(corso.radice)) == 0
    uscita = capsys.readouterr().out
    assert "bea" in uscita and "da correggere" in uscita
    assert esegui("esporta", "--corso", str(corso.radice)) == 0
    assert "voti-moodle-prova.csv" in capsys.readouterr().out
    from course.errori import ErroreCorso

    with pytest.raises(ErroreCorso, match="compito"):
        esegui("stato", "modulo-99", "--corso", str(corso.radice))


def test_domande_aperte_corrette_in_un_foglio_di_calcolo(corso, tmp_path):
    from course.errori import ErroreCorso
    from course.valutazione.aperte import esporta_aperte, importa_aperte
    from course.valutazione.correzione import correggi
    from course.valutazione.raccolta import raccogli
    from course.valutazione.voti import tabella_voti

    raccogli(corso, "prova", _cartella_consegne(corso, tmp_path / "consegne"))
    correggi(corso, "prova", limiti=LIMITI, studenti=["ada", "bea"])
    foglio = esporta_aperte(corso, "prova").percorso
    righe = list(csv.DictReader(io.StringIO(foglio.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [(r["studente"], r["grade_id"], r["massimo"]) for r in righe] == [("ada", "aperta-0-a", "3"), ("bea", "aperta-0-a", "3")]
    assert righe[0]["risposta"] == "Risposta scritta dal corsista." and "Piano di zona" in righe[0]["rubrica"]
    assert "Perché gli Ambiti" in righe[0]["domanda"]

    def scrivi(valori):
        with foglio.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(righe[0]), delimiter=";")
            w.writeheader()
            for r, (punti, commento) in zip(righe, valori):
                w.writerow({**r, "punti": punti, "commento": commento})

    scrivi([("9", ""), ("tre", "")])
    with pytest.raises(ErroreCorso) as errore:
        importa_aperte(corso, "prova", foglio)
    assert "riga 2" in str(errore.value) and "riga 3" in str(errore.value) and "al massimo 3" in str(errore.value)
    assert tabella_voti(corso, "prova")["da_correggere"].sum() == 1  # niente scritto
    scrivi([("2,5", "Buona sintesi, manca l'equità."), ("", "")])
    assert importa_aperte(corso, "prova", foglio)["scritti"] == 1
    voti = tabella_voti(corso, "prova").set_index(["studente", "grade_id"])
    assert voti.loc[("ada", "aperta-0-a"), "punti"] == 2.5 and not voti.loc[("ada", "aperta-0-a"), "da_correggere"]
    assert "2,5" in list(csv.DictReader(io.StringIO(esporta_aperte(corso, "prova").percorso.read_text(encoding="utf-8-sig")),
                                        delimiter=";"))[0]["punti"]
