"""Il formatore non perde mai lavoro (issue 16): ogni sorpresa trovata provando il flusso da formatore è un test.

Un corso piccolo con due compiti («prova» con una domanda aperta, «altro»), tre corsisti di due Ambiti,
consegne in zip di Moodle. La prima correzione si fa una volta sola; ogni test lavora su una copia.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from course.errori import ErroreCorso
from course.valutazione.corso import Corso
from course.valutazione.costruisci import Aperta, Compito, Esercizio, crea_corso
from course.valutazione.esecuzione import Limiti

PROVA = Compito("prova", "Compito di prova", "Due esercizi brevi e una domanda aperta.", [
    Esercizio("0.1", "Quanti sono gli Ambiti della Puglia?", "from course.territorio import ambiti\nrisposta_0_1 = len(ambiti())"),
    Esercizio("0.2", "Quale provincia ha più Ambiti? Rispondi con la sigla.",
              "from course.territorio import ambiti\nrisposta_0_2 = ambiti()['sigla_provincia'].value_counts().idxmax()"),
    Aperta("0.a", "Perché gli Ambiti programmano insieme i servizi?",
           "Pieni punti se cita il Piano di zona e l'equità tra comuni.", 3, ("C1", "C7")),
])
# le stesse celle di un esercizio di «prova»: il compito di un notebook si riconosce dai suoi metadati
ALTRO = Compito("altro", "Un altro compito", "Un esercizio.", [
    Esercizio("0.2", "Quale provincia ha più Ambiti? Rispondi con la sigla.",
              "from course.territorio import ambiti\nrisposta_0_2 = ambiti()['sigla_provincia'].value_counts().idxmax()"),
])
CORSISTI = ("id,nome,cognome,email,ambito,squadra\n"
            "ada,Ada,Rossi,ada@example.org,ATS-BA-01,A\n"
            "bea,Bea,Verdi,bea@example.org,ATS-BA-01,B\n"
            "ciro,Ciro,Neri,ciro@example.org,ATS-LE-03,A\n")
LIMITI = Limiti(cella=20, consegna=60)
NOMI = {"ada": ("Ada Rossi", "501"), "bea": ("Bea Verdi", "502"), "ciro": ("Ciro Neri", "503")}


def solo_testo(pagina: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", pagina.read_text(encoding="utf-8"))).split()).replace(" :", ":")


def notebooks(corso, compito="prova"):
    return (nbformat.read(str(corso.rilascio(compito)), as_version=4), nbformat.read(str(corso.sorgente(compito)), as_version=4))


def consegna_di(corso, tipo: str, *, aperta="La mia prima risposta aperta.", compito="prova") -> bytes:
    from course.valutazione.sintetiche import consegna, consegna_sbagliata, soluzioni_del_sorgente

    rilascio, sorgente = notebooks(corso, compito)
    if tipo == "giusta":
        return consegna(rilascio, soluzioni_del_sorgente(sorgente), aperte=aperta)
    if tipo == "sbagliata":
        return consegna_sbagliata(rilascio)
    raise KeyError(tipo)


def zip_moodle(percorso: Path, voci) -> Path:
    """``voci``: (nome come lo scrive Moodle, numero di partecipante, nome del file, contenuto, data)."""
    with zipfile.ZipFile(percorso, "w") as z:
        for nome, numero, file, contenuto, quando in voci:
            info = zipfile.ZipInfo(f"{nome}_{numero}_assignsubmission_file_/{file}", date_time=quando)
            z.writestr(info, contenuto)
    return percorso


PRIMA = (2026, 3, 2, 9, 0, 0)
DOPO = (2026, 3, 9, 9, 0, 0)


@pytest.fixture(scope="module")
def corso_corretto(tmp_path_factory):
    """Il corso dopo il primo giro: ada giusta, bea sbagliata, ciro giusta; corretto, senza voti delle aperte."""
    from course.valutazione.correzione import correggi
    from course.valutazione.genera import genera_compiti
    from course.valutazione.raccolta import raccogli

    base = tmp_path_factory.mktemp("formatore")
    radice = crea_corso(base / "corso", [PROVA, ALTRO])
    (radice / "corsisti.csv").write_text(CORSISTI, encoding="utf-8")
    corso = Corso(radice)
    genera_compiti(corso, ["prova", "altro"])
    voci = [(*NOMI["ada"], "prova.ipynb", consegna_di(corso, "giusta", aperta="Ada: il Piano di zona."), PRIMA),
            (*NOMI["bea"], "prova.ipynb", consegna_di(corso, "sbagliata"), PRIMA),
            (*NOMI["ciro"], "prova.ipynb", consegna_di(corso, "giusta", aperta="Ciro: equità tra comuni."), PRIMA)]
    raccogli(corso, "prova", zip_moodle(base / "giro1.zip", voci))
    riepilogo = correggi(corso, "prova", limiti=LIMITI)
    assert sorted(riepilogo["corretti"]) == ["ada", "bea", "ciro"], riepilogo
    return radice


@pytest.fixture()
def corso(corso_corretto, tmp_path):
    destinazione = tmp_path / "corso"
    shutil.copytree(corso_corretto, destinazione)
    return Corso(destinazione)


def voto_aperto(corso, studente, punti, commento="", extra=None):
    from course.valutazione.gradebook import apri

    with apri(corso) as gb:
        voto = gb.find_grade("aperta-0-a", "prova", "prova", studente)
        voto.manual_score, voto.extra_credit = punti, extra
        voto.needs_manual_grade = punti is None
        if commento:
            gb.find_comment("aperta-0-a", "prova", "prova", studente).manual_comment = commento
        gb.db.commit()


# --- lavoro che non arriva ai corsisti o si perde --------------------------------------------------------

def test_i_commenti_del_formatore_arrivano_nel_riscontro_e_in_moodle(corso):
    from course.valutazione.esporta import esporta_moodle, esporta_riscontri_moodle
    from course.valutazione.feedback import feedback_compito

    voto_aperto(corso, "ada", 2.5, "Bene il Piano di zona; manca l'equità <tra comuni>.")
    voto_aperto(corso, "ciro", 3)
    assert not feedback_compito(corso, "prova")["errori"]
    pagina = solo_testo(corso.pagina_feedback("ada", "prova"))
    assert "Commento del formatore" in pagina and "manca l'equità <tra comuni>" in pagina
    assert "<tra comuni>" not in corso.pagina_feedback("ada", "prova").read_text(encoding="utf-8")  # testo, non HTML
    righe = list(csv.reader(io.StringIO(esporta_moodle(corso, ["prova"]).percorso.read_text(encoding="utf-8"))))
    assert righe[0] == ["email", "prova", "commento prova"]
    ada = next(r for r in righe if r[0] == "ada@example.org")
    assert "manca l'equità" in ada[2] and "Punteggio: 4,5 su 5" in ada[2]
    assert all(r[2] for r in righe[1:]), "una cella di commento vuota cancellerebbe il feedback scritto in Moodle"
    archivio, fuori = esporta_riscontri_moodle(corso, "prova")
    with zipfile.ZipFile(archivio) as z:
        nomi = sorted(z.namelist())
    assert "Ada Rossi_501_assignfeedback_file_riscontro-prova.html" in nomi and len(nomi) == 3 and not fuori


def test_il_foglio_delle_aperte_non_cancella_voti_e_commenti(corso):
    from course.valutazione.aperte import esporta_aperte, importa_aperte

    foglio = esporta_aperte(corso, "prova").percorso
    righe = list(csv.DictReader(io.StringIO(foglio.read_text(encoding="utf-8-sig")), delimiter=";"))
    for r in righe:
        r["punti"], r["commento"] = {"ada": ("2,5", "Manca l'equità."), "ciro": ("3", "Completa.")}.get(r["studente"], ("", ""))
    with foglio.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(righe[0]), delimiter=";")
        w.writeheader()
        w.writerows(righe)
    # il formatore rilancia l'esportazione prima di importare: il suo lavoro resta nel foglio
    di_nuovo = esporta_aperte(corso, "prova")
    assert di_nuovo.tenute == 2 and di_nuovo.copia and di_nuovo.copia.exists()
    dopo = {r["studente"]: r for r in csv.DictReader(io.StringIO(foglio.read_text(encoding="utf-8-sig")), delimiter=";")}
    assert (dopo["ada"]["punti"], dopo["ada"]["commento"]) == ("2,5", "Manca l'equità.")
    esito = importa_aperte(corso, "prova")
    assert esito["scritti"] == 2 and esito["commenti"] == 2
    # dopo l'importazione, riesportare riporta voti e commenti dal gradebook (prima il commento si svuotava)
    esporta_aperte(corso, "prova")
    dopo = {r["studente"]: r for r in csv.DictReader(io.StringIO(foglio.read_text(encoding="utf-8-sig")), delimiter=";")}
    assert (dopo["ada"]["punti"], dopo["ada"]["commento"]) == ("2,5", "Manca l'equità.")
    # un commento vuoto nel foglio non cancella quello nel gradebook
    righe = list(csv.DictReader(io.StringIO(foglio.read_text(encoding="utf-8-sig")), delimiter=";"))
    for r in righe:
        r["commento"] = ""
    with foglio.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(righe[0]), delimiter=";")
        w.writeheader()
        w.writerows(righe)
    importa_aperte(corso, "prova")
    from course.valutazione.voti import commenti

    assert commenti(corso, "prova")[("ada", "aperta-0-a")] == "Manca l'equità."


def test_i_percorsi_stampati_funzionano_dalla_cartella_del_corso(corso, monkeypatch, capsys):
    import argparse

    from course.valutazione.cli import aggiungi_comandi

    parser = argparse.ArgumentParser(prog="ambiti-lab")
    aggiungi_comandi(parser.add_subparsers(dest="comando", required=True))
    monkeypatch.chdir(corso.radice)

    def esegui(*argomenti):
        args = parser.parse_args(["valuta", *argomenti])
        return args.esegui(args)

    assert esegui("aperte", "prova") == 0
    uscita = capsys.readouterr().out
    consiglio = re.search(r"«(ambiti-lab valuta aperte prova --importa[^»]*)»", uscita).group(1)
    assert esegui(*consiglio.split()[2:]) == 0, consiglio
    assert esegui("aperte", "prova", "--esporta") == 0  # --esporta da solo: il foglio di sempre
    assert esegui("aperte", "prova", "--importa", "aperte-prova.csv") == 0  # anche solo il nome del file
    with pytest.raises(ErroreCorso, match="ambiti-lab valuta aperte prova»"):
        esegui("aperte", "prova", "--importa", "non-esiste.csv")


def test_file_salvati_da_excel_in_italiano(corso):
    """corsisti.csv e foglio delle aperte salvati da Excel: punto e virgola, cp1252, accenti, CRLF."""
    from course.valutazione.aperte import esporta_aperte, importa_aperte
    from course.valutazione.esporta import esporta_moodle
    from course.valutazione.feedback import feedback_compito
    from course.valutazione.stato import stato_compito
    from course.valutazione.voti import commenti

    corso.elenco_corsisti.write_bytes(
        ("id;nome;cognome;E-mail;ambito;squadra\r\nada;Ada;Rossi;ada@example.org;ATS-BA-01;A\r\n"
         "bea;Bea;Verdi;bea@example.org;ATS-BA-01;B\r\nciro;Ciro;Niccolò;ciro@example.org;ATS-LE-03;A\r\n").encode("cp1252"))
    foglio = esporta_aperte(corso, "prova").percorso
    righe = list(csv.DictReader(io.StringIO(foglio.read_text(encoding="utf-8-sig")), delimiter=";"))
    buffer = io.StringIO()
    w = csv.DictWriter(buffer, fieldnames=list(righe[0]), delimiter=";", lineterminator="\r\n")
    w.writeheader()
    for r in righe:
        w.writerow({**r, "punti": "2,5" if r["studente"] == "ada" else "", "commento": "Più concretezza, però." if
                    r["studente"] == "ada" else ""})
    foglio.write_bytes(buffer.getvalue().encode("cp1252", errors="replace"))  # Excel mette «?» al posto delle emoji
    assert importa_aperte(corso, "prova")["scritti"] == 1
    assert commenti(corso, "prova")[("ada", "aperta-0-a")] == "Più concretezza, però."
    stato = stato_compito(corso, "prova")
    assert len(stato) == 3
    assert len(feedback_compito(corso, "prova")["scritti"]) == 3
    assert "Niccolò" in solo_testo(corso.pagina_feedback("ciro", "prova"))
    assert "ada@example.org" in esporta_moodle(corso, ["prova"]).percorso.read_text(encoding="utf-8")


# --- riconsegne e versioni -------------------------------------------------------------------------------

def test_riconsegna_con_la_risposta_aperta_riscritta(corso, tmp_path):
    from course.valutazione.correzione import correggi
    from course.valutazione.feedback import feedback_compito
    from course.valutazione.raccolta import raccogli
    from course.valutazione.stato import descrivi_stato, stato_compito
    from course.valutazione.voti import tabella_voti

    voto_aperto(corso, "ada", 2, "Va approfondito.")
    voto_aperto(corso, "ciro", 3, "Bene.")
    feedback_compito(corso, "prova")
    nuovo = zip_moodle(tmp_path / "giro2.zip", [
        (*NOMI["ada"], "prova.ipynb", consegna_di(corso, "giusta", aperta="Ada, riscritta: Piano di zona ed equità."), DOPO),
        (*NOMI["ciro"], "prova.ipynb", consegna_di(corso, "giusta", aperta="Ciro: equità tra comuni."), DOPO)])
    esito = raccogli(corso, "prova", nuovo)
    assert esito["cambiate"] == ["ada"] and esito["invariate"] == ["ciro"]
    assert esito["riaperte"] == [("ada", "aperta-0-a")]
    stato = stato_compito(corso, "prova").set_index("studente")
    assert stato.loc["ada", "stato"] == "da ricorreggere" and stato.loc["ada", "riscontro"] == "da rifare"
    assert stato.loc["ada", "da_correggere"] == 1 and stato.loc["ada", "riaperte"] == 1
    assert stato.loc["ciro", "riscontro"] == "pronto"
    assert "da ricorreggere" in descrivi_stato(stato_compito(corso, "prova"), "prova")
    storico = json.loads((corso.radice / "storico" / "aperte-prova.json").read_text(encoding="utf-8"))
    assert storico[0]["punti"] == 2 and storico[0]["commento"] == "Va approfondito."
    correggi(corso, "prova", limiti=LIMITI, studenti=["ada"])
    voti = tabella_voti(corso, "prova").set_index(["studente", "grade_id"])
    assert voti.loc[("ada", "aperta-0-a"), "da_correggere"]  # il voto vecchio non vale per il testo nuovo
    assert voti.loc[("ciro", "aperta-0-a"), "punti"] == 3
    # una raccolta più vecchia non sostituisce la più recente
    vecchio = zip_moodle(tmp_path / "vecchio.zip", [(*NOMI["ada"], "prova.ipynb", consegna_di(corso, "sbagliata"), PRIMA)])
    esito = raccogli(corso, "prova", vecchio)
    assert esito["piu_vecchie"] == ["ada"] and "più vecchia" in " ".join(esito["dettagli"]["ada"]["note"])
    assert b"riscritta" in corso.sottomesso("ada", "prova").read_bytes()
    assert raccogli(corso, "prova", vecchio, accetta_vecchie=True)["cambiate"] == ["ada"]


def test_un_voto_cambiato_rende_il_riscontro_da_rifare(corso):
    from course.valutazione.feedback import feedback_compito, stato_riscontri

    voto_aperto(corso, "ada", 2)
    feedback_compito(corso, "prova")
    assert set(stato_riscontri(corso, "prova").values()) == {"pronto"}
    voto_aperto(corso, "ada", 3)
    assert stato_riscontri(corso, "prova")["ada"] == "da rifare"
    assert stato_riscontri(corso, "prova")["bea"] == "pronto"
    feedback_compito(corso, "prova", studenti=["ada"])
    assert stato_riscontri(corso, "prova")["ada"] == "pronto"
    assert "Punteggio: 5 su 5" in solo_testo(corso.pagina_feedback("ada", "prova"))


def test_due_notebook_nella_stessa_cartella_si_corregge_il_piu_recente(corso, tmp_path):
    from course.valutazione.raccolta import descrivi_raccolta, raccogli

    bozza, finale = consegna_di(corso, "sbagliata"), consegna_di(corso, "giusta", aperta="Finale.")
    stessa_ora = zip_moodle(tmp_path / "due.zip", [(*NOMI["bea"], "prova.ipynb", bozza, DOPO),
                                                   (*NOMI["bea"], "prova (1).ipynb", finale, DOPO)])
    esito = raccogli(corso, "prova", stessa_ora)
    assert esito["dettagli"]["bea"]["file"] == "prova (1).ipynb"
    assert corso.sottomesso("bea", "prova").read_bytes() == finale
    assert "ignorato prova.ipynb" in descrivi_raccolta(esito, "prova")
    # con date diverse vince la più recente, qualunque sia il nome
    ore = zip_moodle(tmp_path / "ore.zip", [(*NOMI["ciro"], "prova.ipynb", finale, (2026, 3, 10, 9, 0, 0)),
                                            (*NOMI["ciro"], "prova (1).ipynb", bozza, (2026, 3, 10, 8, 0, 0))])
    assert raccogli(corso, "prova", ore)["dettagli"]["ciro"]["file"] == "prova.ipynb"
    # e il formatore può scegliere
    assert raccogli(corso, "prova", ore, scegli={"ciro": "prova (1).ipynb"}, accetta_vecchie=True)["dettagli"]["ciro"]["file"] \
        == "prova (1).ipynb"


# --- Moodle, senza sorprese --------------------------------------------------------------------------------

def test_zip_anonimo_con_l_elenco_dei_partecipanti(corso, tmp_path):
    from course.valutazione.raccolta import raccogli

    anonimo = zip_moodle(tmp_path / "anonimo.zip", [
        ("Partecipante", "548101", "prova.ipynb", consegna_di(corso, "giusta", aperta="Anonima 1."), DOPO),
        ("Partecipante", "548102", "prova.ipynb", consegna_di(corso, "giusta", aperta="Anonima 2."), DOPO)])
    prima = corso.sottomesso("ada", "prova").read_bytes()
    with pytest.raises(ErroreCorso, match="anonimo.*--partecipanti"):
        raccogli(corso, "prova", anonimo)
    assert corso.sottomesso("ada", "prova").read_bytes() == prima
    assert not (corso.radice / "submitted" / "partecipante").exists()
    elenco = tmp_path / "foglio-di-valutazione.csv"
    elenco.write_bytes(("Identificativo;Nome completo;Indirizzo email;Stato\r\n"
                        "Partecipante 548101;Bea Verdi;bea@example.org;Consegnato\r\n"
                        "Partecipante 548102;Ada Rossi;ada@example.org;Consegnato\r\n").encode("cp1252"))
    esito = raccogli(corso, "prova", anonimo, partecipanti=elenco)
    assert sorted(esito["cambiate"]) == ["ada", "bea"]
    assert b"Anonima 2." in corso.sottomesso("ada", "prova").read_bytes()
    assert b"Anonima 1." in corso.sottomesso("bea", "prova").read_bytes()
    # l'elenco resta nel corso: la volta dopo non serve ripeterlo
    assert raccogli(corso, "prova", anonimo)["invariate"] == ["ada", "bea"]


def test_nome_e_numero_in_disaccordo_fermano_la_raccolta(corso, tmp_path):
    from course.valutazione.raccolta import raccogli

    # moodle_id in corsisti.csv è l'id dell'utente: il numero nello zip è un'altra cosa e qui indica ciro
    corso.elenco_corsisti.write_text(CORSISTI.replace("squadra\n", "squadra,moodle_id\n").replace("A\n", "A,7\n", 1)
                                     .replace("B\n", "B,8\n").replace("ATS-LE-03,A\n", "ATS-LE-03,A,503\n"), encoding="utf-8")
    bea_nuova = consegna_di(corso, "giusta", aperta="Bea, nuova.")
    confuso = zip_moodle(tmp_path / "confuso.zip", [("Bea Verdi", "503", "prova.ipynb", bea_nuova, DOPO)])
    prima = {s: corso.sottomesso(s, "prova").read_bytes() for s in ("bea", "ciro")}
    with pytest.raises(ErroreCorso, match="Bea Verdi.*503.*ciro"):
        raccogli(corso, "prova", confuso)
    assert {s: corso.sottomesso(s, "prova").read_bytes() for s in ("bea", "ciro")} == prima


def test_raccogliere_il_compito_sbagliato_si_rifiuta_e_la_raccolta_si_annulla(corso, tmp_path):
    from course.valutazione.correzione import correggi
    from course.valutazione.raccolta import raccogli
    from course.valutazione.stato import stato_compito
    from course.valutazione.versioni import annulla_raccolta

    di_prova = zip_moodle(tmp_path / "prova.zip", [(*NOMI["ada"], "prova.ipynb", consegna_di(corso, "giusta"), DOPO)])
    with pytest.raises(ErroreCorso, match="nessun notebook di altro.*prova"):
        raccogli(corso, "altro", di_prova)
    assert not (corso.radice / "submitted" / "ada" / "altro").exists()
    # una raccolta giusta nel compito «altro», poi annullata: tutto torna com'era (niente si cancella)
    di_altro = zip_moodle(tmp_path / "altro.zip", [(*NOMI["bea"], "altro.ipynb", consegna_di(corso, "sbagliata", compito="altro"),
                                                    DOPO)])
    assert raccogli(corso, "altro", di_altro)["nuove"] == ["bea"]
    correggi(corso, "altro", limiti=LIMITI)
    assert corso.esito("bea", "altro").exists()
    esito = annulla_raccolta(corso, "altro")
    assert esito["tolti"] == ["bea"]
    assert not corso.sottomesso("bea", "altro").exists() and not corso.esito("bea", "altro").exists()
    assert list((corso.archivio("altro") / "annullati").rglob("esito.json"))
    assert stato_compito(corso, "altro")["consegnato"].sum() == 0
    # annullare una riconsegna rimette la consegna di prima e il voto riaperto
    voto_aperto(corso, "ada", 2, "Primo commento.")
    prima = corso.sottomesso("ada", "prova").read_bytes()
    riconsegna = zip_moodle(tmp_path / "ri.zip", [(*NOMI["ada"], "prova.ipynb", consegna_di(corso, "giusta", aperta="Altra."), DOPO)])
    assert raccogli(corso, "prova", riconsegna)["riaperte"] == [("ada", "aperta-0-a")]
    esito = annulla_raccolta(corso, "prova")
    assert esito["ripristinati"] == ["ada"] and esito["voti_ripristinati"] == 1
    assert corso.sottomesso("ada", "prova").read_bytes() == prima
    from course.valutazione.voti import commenti, voti_manuali

    assert voti_manuali(corso, "prova")[("ada", "aperta-0-a")] == 2
    assert commenti(corso, "prova")[("ada", "aperta-0-a")] == "Primo commento."


def test_export_moodle_non_puo_cancellare_un_voto(corso):
    from course.valutazione.esporta import esporta_moodle
    from course.valutazione.moodle import salva_partecipanti

    voto_aperto(corso, "ada", 3)
    voto_aperto(corso, "ciro", 3)
    esito = json.loads(corso.esito("bea", "prova").read_text(encoding="utf-8"))
    esito.update(stato="segnalato", motivi=["tempo scaduto nella cella 5 (limite 20 s per cella)"])
    corso.esito("bea", "prova").write_text(json.dumps(esito), encoding="utf-8")
    moodle = esporta_moodle(corso, ["prova"])
    righe = list(csv.reader(io.StringIO(moodle.percorso.read_text(encoding="utf-8"))))
    assert all(all(cella.strip() for cella in r) for r in righe), "nessuna cella vuota"
    assert "bea@example.org" not in {r[0] for r in righe} and "segnalata" in moodle.esclusi["prova"]["bea"]
    assert not moodle.email_controllate
    # con l'elenco di Moodle un'e-mail sconosciuta resta fuori (Moodle rifiuterebbe tutto il file)
    elenco = corso.radice / "partecipanti.csv"
    elenco.write_text("Identificativo,Nome completo,Indirizzo email\nPartecipante 1,Ada Rossi,ada@example.org\n"
                      "Partecipante 2,Bea Verdi,bea@example.org\n", encoding="utf-8")
    salva_partecipanti(corso, "corso", elenco)
    moodle = esporta_moodle(corso, ["prova"], includi_segnalati=True, scala=100)
    emails = {r[0] for r in list(csv.reader(io.StringIO(moodle.percorso.read_text(encoding="utf-8"))))[1:]}
    assert emails == {"ada@example.org", "bea@example.org"} and "partecipanti di Moodle" in moodle.esclusi["prova"]["ciro"]
    assert moodle.email_controllate
    su_cento = {r[0]: r[1] for r in csv.reader(io.StringIO(moodle.percorso.read_text(encoding="utf-8")))}
    assert su_cento["ada@example.org"] == "100.00"


def test_un_solo_totale_anche_con_i_punti_extra(corso, capsys):
    from nbgrader.api import Gradebook

    from course.valutazione.esporta import esporta_moodle
    from course.valutazione.feedback import feedback_compito
    from course.valutazione.stato import stato_compito

    voto_aperto(corso, "ada", 2, extra=1)
    with Gradebook(corso.db_url) as gb:
        nel_formgrader = gb.find_submission("prova", "ada").score
    assert nel_formgrader == 5.0  # 1 + 1 + 2 + 1 extra
    assert stato_compito(corso, "prova").set_index("studente").loc["ada", "punti"] == nel_formgrader
    feedback_compito(corso, "prova", studenti=["ada"])
    pagina = solo_testo(corso.pagina_feedback("ada", "prova"))
    assert "Punteggio: 5 su 5" in pagina and "1 punto extra" in pagina
    voti = {r[0]: r[1] for r in csv.reader(io.StringIO(esporta_moodle(corso, ["prova"], anche_incompleti=True).percorso.read_text()))}
    assert float(voti["ada@example.org"]) == nel_formgrader
    # con il punto extra oltre il massimo il comando lo dice (Moodle può tagliare il voto al massimo)
    voto_aperto(corso, "ada", 3, extra=1)
    oltre = esporta_moodle(corso, ["prova"], anche_incompleti=True).oltre_il_massimo["prova"]
    assert oltre == {"ada": (6.0, 5.0)}
    import argparse

    from course.valutazione.cli import aggiungi_comandi

    parser = argparse.ArgumentParser(prog="ambiti-lab")
    aggiungi_comandi(parser.add_subparsers(dest="comando", required=True))
    args = parser.parse_args(["valuta", "esporta", "prova", "--corso", str(corso.radice), "--anche-incompleti"])
    assert args.esegui(args) == 0
    assert "superano il massimo di prova: ada (6 su 5)" in capsys.readouterr().err


# --- segnalazioni e Lab del formatore --------------------------------------------------------------------

def test_ricontrollata_vale_anche_dopo_una_nuova_correzione(corso):
    from course.valutazione.correzione import correggi
    from course.valutazione.feedback import feedback_compito
    from course.valutazione.gradebook import apri
    from course.valutazione.ricontrolli import ricontrolla
    from course.valutazione.stato import stato_compito

    # bea segnalata: una cella di test modificata (ripristinata dall'originale)
    nb = json.loads(corso.sottomesso("bea", "prova").read_text(encoding="utf-8"))
    for cella in nb["cells"]:
        if cella["metadata"].get("nbgrader", {}).get("grade_id") == "verifica-0-2":
            cella["source"] = "print('tolta la verifica')"
    corso.sottomesso("bea", "prova").write_text(json.dumps(nb), encoding="utf-8")
    correggi(corso, "prova", limiti=LIMITI, studenti=["bea"])
    assert stato_compito(corso, "prova").set_index("studente").loc["bea", "stato"] == "segnalato"
    feedback_compito(corso, "prova", studenti=["bea"])
    pagina = solo_testo(corso.pagina_feedback("bea", "prova"))
    assert "la verifica dell'esercizio 0.2" in pagina and "verifica-0-2" not in pagina
    ricontrolla(corso, "prova", "bea", nota="ho guardato: nessun imbroglio")
    from course.valutazione.feedback import stato_riscontri

    # la pagina scritta dice ancora «segnalata»: non è un riscontro pronto
    assert stato_riscontri(corso, "prova")["bea"] == "da rifare"
    correggi(corso, "prova", limiti=LIMITI, studenti=["bea"])
    stato = stato_compito(corso, "prova").set_index("studente")
    assert stato.loc["bea", "stato"] == "corretto" and stato.loc["bea", "ricontrollata"]
    with apri(corso) as gb:
        assert not gb.find_submission_notebook("prova", "prova", "bea").flagged
    feedback_compito(corso, "prova", studenti=["bea"])
    assert "segnalata" not in solo_testo(corso.pagina_feedback("bea", "prova"))


def test_i_motivi_nel_riscontro_senza_il_gergo_della_correzione(corso):
    from course.valutazione.feedback import feedback_compito

    esito = json.loads(corso.esito("bea", "prova").read_text(encoding="utf-8"))
    esito.update(stato="segnalato", motivi=[
        "tempo scaduto nella cella 5 (limite 2.5 s per cella): forse un ciclo infinito",
        "il kernel si è interrotto (crash) nella cella 6: forse os._exit, memoria esaurita o un errore grave",
        "il kernel non è partito (RuntimeError: Kernel died before replying to kernel_info)",
        "celle di sola lettura o di test cancellate (ripristinate dall'originale): verifica-0-2"])
    corso.esito("bea", "prova").write_text(json.dumps(esito), encoding="utf-8")
    assert not feedback_compito(corso, "prova", studenti=["bea"])["errori"]
    pagina = solo_testo(corso.pagina_feedback("bea", "prova"))
    pagina = pagina[pagina.index("segnalata"):pagina.index("Le tue competenze")]  # il riquadro dei motivi
    assert "ha superato il tempo massimo di 2,5 secondi: forse un ciclo che non finisce mai" in pagina
    assert "si è fermato all'improvviso" in pagina and "non è riuscita ad aprire il notebook" in pagina
    assert "hai cancellato celle che dovevano restare" in pagina and "la verifica dell'esercizio 0.2" in pagina
    for gergo in ("kernel", "os._exit", "RuntimeError", "sola lettura", "verifica-0-2", "crash"):
        assert gergo not in pagina, gergo


def test_fuori_dalla_cartella_del_corso_si_dice_dove_si_e_cercato(tmp_path, monkeypatch):
    import argparse

    from course.valutazione.cli import aggiungi_comandi

    parser = argparse.ArgumentParser(prog="ambiti-lab")
    aggiungi_comandi(parser.add_subparsers(dest="comando", required=True))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AMBITI_LAB_CARTELLA_CORSO", raising=False)
    args = parser.parse_args(["valuta", "stato", "modulo-04"])
    with pytest.raises(ErroreCorso) as errore:
        args.esegui(args)
    messaggio = str(errore.value)
    assert str(tmp_path) in messaggio and "--corso" in messaggio and "AMBITI_LAB_CARTELLA_CORSO" in messaggio


def test_profili_con_nome_ambito_squadra_e_competenze_su_un_solo_esercizio(corso):
    from course.valutazione.esporta import scrivi_profili

    voto_aperto(corso, "ada", 3)
    scrivi_profili(corso, ["prova"])
    righe = list(csv.DictReader(io.StringIO((corso.esportazioni / "profili-corsisti.csv").read_text(encoding="utf-8-sig")),
                                delimiter=";"))
    ada = [r for r in righe if r["studente"] == "ada"]
    assert {r["nome"] for r in ada} == {"Ada"} and {r["ambito"] for r in ada} == {"ATS-BA-01"} and {r["squadra"] for r in ada} == {"A"}
    per_competenza = {r["competenza"]: r for r in ada}
    # C1 è misurata da tre celle, C7 solo dalla domanda aperta: il profilo lo dice
    assert per_competenza["C1"]["esercizi"] == "3" and not per_competenza["C1"]["nota"]
    assert per_competenza["C7"]["esercizi"] == "1" and "un solo esercizio" in per_competenza["C7"]["nota"]
    ambiti = list(csv.DictReader(io.StringIO((corso.esportazioni / "profili-ambito.csv").read_text(encoding="utf-8-sig")),
                                 delimiter=";"))
    assert {(r["ambito"], r["competenza"], r["esercizi"]) for r in ambiti if r["competenza"] == "C7"} == \
        {("ATS-BA-01", "C7", "1"), ("ATS-LE-03", "C7", "1")}


def test_mappa_delle_competenze_con_la_tavolozza_del_corso():
    import numpy as np
    import pandas as pd

    from course.grafici.stile import TAVOLOZZA
    from course.valutazione.grafici import mappa_competenze

    p = pd.DataFrame({"studente": ["ada", "bea"], "competenza": ["C1", "C1"], "quota": [0.0, 1.0], "esercizi": [1, 3]})
    fig = mappa_competenze(p)
    scala = fig.axes[0].images[0].get_cmap()
    assert scala.name != "RdYlGn"
    from matplotlib.colors import to_hex

    assert to_hex(scala(0.0)).lower() == TAVOLOZZA[3].lower() and to_hex(scala(1.0)).lower() == TAVOLOZZA[0].lower()
    testi = [t.get_text() for t in fig.axes[0].texts]
    assert "0 %*" in testi and "100 %" in testi
    assert any("un solo esercizio" in t.get_text() for t in fig.texts)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    nota = next(t for t in fig.texts if "un solo esercizio" in t.get_text())
    assert not nota.get_window_extent().overlaps(fig.axes[0].xaxis.label.get_window_extent()), "la nota copre «Competenza»"
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()][-1] == "100 %"  # la barra dei colori all'italiana
    assert np.isfinite([0.0]).all()


def test_guida_e_cruscotto_spiegano_anche_il_foglio_delle_aperte():
    radice = Path(__file__).resolve().parents[1]
    guida = (radice / "formatori" / "guida-formatore.md").read_text(encoding="utf-8")
    sezione = guida[guida.index("## 6."):guida.index("## 7.")]
    assert "valuta aperte" in sezione and "--importa" in sezione and "formgrader" in sezione
    cruscotto = nbformat.read(str(radice / "grading" / "cruscotto-formatore.ipynb"), as_version=4)
    testo_cruscotto = "\n".join(c.source for c in cruscotto.cells)
    assert "valuta aperte" in testo_cruscotto and "--importa" in testo_cruscotto


def test_il_lab_del_formatore_senza_corso_dice_dove_ha_cercato(tmp_path, monkeypatch):
    """«avvia --formatore» fuori dal corso non apre un formgrader vuoto: si ferma e dice come indicare il corso."""
    from course.avvio import prepara_avvio

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AMBITI_LAB_CARTELLA_CORSO", raising=False)
    with pytest.raises(ErroreCorso) as errore:
        prepara_avvio(apri_browser=False, formatore=True)
    messaggio = str(errore.value)
    assert str(tmp_path) in messaggio and "--cartella" in messaggio and "AMBITI_LAB_CARTELLA_CORSO" in messaggio
    assert not any(tmp_path.iterdir()), "nessuna lezione copiata, nessuna cartella creata"
    # dal comando vero: un errore in italiano, senza traceback e senza server avviato
    ambiente = {**{k: v for k, v in os.environ.items() if k != "AMBITI_LAB_CARTELLA_CORSO"}, "AMBITI_LAB_CONSENTI_ROOT": "1"}
    esito = subprocess.run([sys.executable, "-m", "course.cli", "avvia", "--formatore", "--senza-browser"], cwd=tmp_path,
                           env=ambiente, capture_output=True, text=True, timeout=300)
    assert esito.returncode != 0 and "Traceback" not in esito.stderr
    assert "non la trovo" in esito.stderr and "--cartella" in esito.stderr
