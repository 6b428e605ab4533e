"""Una classe attraverso due giri di consegne, con il solo comando ``ambiti-lab`` (issue 16, «fatto quando»).

Sette corsisti di tre Ambiti, compito modulo-04, ``corsisti.csv`` salvato da Excel (punto e virgola, cp1252).

- Primo giro: zip di Moodle con i nomi; una corsista consegna due notebook (la bozza e la versione
  finale «(1)»); un corsista tocca una cella di test (segnalato, poi ricontrollato); le domande aperte
  si correggono nel foglio di calcolo salvato da Excel; un punto extra dato «nel formgrader».
- Secondo giro: zip di Moodle con la valutazione anonima («Partecipante_NNN»): tre corsisti riconsegnano,
  due con la risposta aperta riscritta e uno identico; serve l'elenco dei partecipanti (salvato da Excel).

Alla fine: nessun voto o commento perso, l'ultima consegna di ognuno corretta, i commenti nei riscontri,
riscontri rifatti dove i voti sono cambiati, un CSV per Moodle che non può cancellare un voto, e ogni
sorpresa detta sullo schermo in italiano.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from course.valutazione.corso import Corso

AMBITI_LAB = Path(sys.executable).with_name("ambiti-lab")
COMPITO = "modulo-04"
CLASSE = {  # id: (nome, cognome, Ambito, squadra, numero di partecipante nel compito di Moodle)
    "anna.russo": ("Anna", "Russo", "ATS-BA-01", "A", "548101"),
    "biagio.lore": ("Biagio", "D'Amato Loré", "ATS-BA-01", "A", "548102"),
    "dario.greco": ("Dario", "Greco", "ATS-LE-03", "A", "548104"),
    "elena.conte": ("Elena", "Conte", "ATS-LE-03", "B", "548105"),
    "fabio.marino": ("Fabio", "Marino", "ATS-LE-03", "B", "548106"),
    "ivo.santoro": ("Ivo", "Santoro", "ATS-FG-02", "B", "548108"),
    "lia.ferri": ("Lia", "Ferri", "ATS-FG-02", "A", "548109"),
}
PRIMO = (2026, 3, 2, 9, 0, 0)
SECONDO = (2026, 3, 16, 9, 0, 0)


def ambiti_lab(*argomenti, cwd, errore_atteso=False) -> str:
    esito = subprocess.run([str(AMBITI_LAB), *argomenti], cwd=cwd, capture_output=True, text=True, timeout=900)
    uscita = esito.stdout + esito.stderr
    assert "Traceback" not in uscita, uscita[-3000:]
    if errore_atteso:
        assert esito.returncode == 2, uscita[-2000:]
        assert "Errore:" in esito.stderr
    else:
        assert esito.returncode == 0, f"ambiti-lab {' '.join(argomenti)}:\n{uscita[-3000:]}"
    return uscita


def da_excel(testo: str) -> bytes:
    """Come lo salva Excel in italiano: punto e virgola già nel testo, a capo CRLF, cp1252 (le emoji diventano «?»)."""
    return testo.replace("\n", "\r\n").encode("cp1252", errors="replace")


def solo_testo(pagina: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", pagina.read_text(encoding="utf-8"))).split()).replace(" :", ":")


def leggi_foglio(percorso: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(percorso.read_text(encoding="utf-8-sig")), delimiter=";"))


def scrivi_foglio_da_excel(percorso: Path, righe: list[dict]) -> None:
    buffer = io.StringIO()
    scrittore = csv.DictWriter(buffer, fieldnames=list(righe[0]), delimiter=";", lineterminator="\n")
    scrittore.writeheader()
    scrittore.writerows(righe)
    percorso.write_bytes(da_excel(buffer.getvalue()))


def moodle_csv(percorso: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(percorso.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def due_giri(tmp_path_factory):
    """I due giri, una volta sola; i test guardano i risultati e le uscite dei comandi."""
    from course.valutazione.sintetiche import consegna, consegna_sbagliata, soluzioni_del_sorgente

    if not AMBITI_LAB.exists():
        pytest.fail(f"Il comando {AMBITI_LAB} non c'è: installa il pacchetto (pip install -e .).")
    base = tmp_path_factory.mktemp("due-giri")
    radice = base / "corso-2026"
    uscite: dict[str, str] = {}
    ambiti_lab("valuta", "genera", "--corso", str(radice), COMPITO, cwd=base)
    corso = Corso(radice)
    righe = ["id;nome;cognome;E-mail;ambito;squadra"] + [
        f"{i};{n};{c};{i}@comune.example.it;{a};{s}" for i, (n, c, a, s, _) in CLASSE.items()]
    corso.elenco_corsisti.write_bytes(da_excel("\n".join(righe) + "\n"))

    rilascio = nbformat.read(str(corso.rilascio(COMPITO)), as_version=4)
    sorgente = nbformat.read(str(corso.sorgente(COMPITO)), as_version=4)
    giuste = soluzioni_del_sorgente(sorgente)

    def giusta(aperta):
        return consegna(rilascio, giuste, aperte=aperta)

    def nome_moodle(ident):
        return f"{CLASSE[ident][0]} {CLASSE[ident][1]}"

    # --- primo giro ---------------------------------------------------------------------------------------
    primo = {i: giusta(f"Risposta di {CLASSE[i][0]}: monitoro ore e Patti ogni mese.") for i in CLASSE}
    primo["dario.greco"] = consegna_sbagliata(rilascio)
    manomessa = json.loads(primo["elena.conte"])
    for cella in manomessa["cells"]:
        if cella["metadata"].get("nbgrader", {}).get("grade_id") == "verifica-4-2":
            cella["source"] = "print('verifica tolta')"
    primo["elena.conte"] = json.dumps(manomessa).encode()
    zip1 = base / "consegne-giro-1.zip"
    with zipfile.ZipFile(zip1, "w") as z:
        for ident in CLASSE:
            cartella = f"{nome_moodle(ident)}_{CLASSE[ident][4]}_assignsubmission_file_"
            z.writestr(zipfile.ZipInfo(f"{cartella}/{COMPITO}.ipynb", date_time=PRIMO),
                       primo[ident] if ident != "anna.russo" else consegna_sbagliata(rilascio))
            if ident == "anna.russo":  # la bozza e la versione finale, stessa ora
                z.writestr(zipfile.ZipInfo(f"{cartella}/{COMPITO} (1).ipynb", date_time=PRIMO), primo[ident])
    uscite["raccogli1"] = ambiti_lab("valuta", "raccogli", COMPITO, str(zip1), cwd=radice)
    uscite["correggi1"] = ambiti_lab("valuta", "correggi", COMPITO, "--limite-cella", "20", cwd=radice)
    uscite["ricontrolla"] = ambiti_lab("valuta", "ricontrolla", COMPITO, "elena.conte", "--nota", "la verifica era stata "
                                       "cancellata per sbaglio: ripristinata, il punteggio va bene", cwd=radice)
    uscite["aperte1"] = ambiti_lab("valuta", "aperte", COMPITO, cwd=radice)
    foglio = corso.esportazioni / f"aperte-{COMPITO}.csv"
    righe = leggi_foglio(foglio)
    for r in righe:
        r["punti"], r["commento"] = "3" if r["studente"] != "biagio.lore" else "2,5", f"Commento per {r['studente']}: chiaro."
    scrivi_foglio_da_excel(foglio, righe)
    # prima di importare il formatore riesporta per sbaglio: il suo lavoro resta
    uscite["aperte1-di-nuovo"] = ambiti_lab("valuta", "aperte", COMPITO, cwd=radice)
    uscite["importa1"] = ambiti_lab("valuta", "aperte", COMPITO, "--importa", cwd=radice)
    from nbgrader.api import Gradebook

    with Gradebook(corso.db_url) as gb:  # un punto extra dato nel formgrader
        gb.find_grade("aperta-4-a", COMPITO, COMPITO, "ivo.santoro").extra_credit = 1
        gb.db.commit()
    uscite["feedback1"] = ambiti_lab("valuta", "feedback", COMPITO, cwd=radice)
    uscite["esporta1"] = ambiti_lab("valuta", "esporta", COMPITO, cwd=radice)
    pagine1 = {i: corso.pagina_feedback(i, COMPITO).read_bytes() for i in CLASSE}
    moodle1 = moodle_csv(corso.esportazioni / f"voti-moodle-{COMPITO}.csv")

    # --- secondo giro: zip anonimo, tre riconsegne -----------------------------------------------------------
    secondo = {"biagio.lore": giusta("Biagio, riscritta: confronto ore previste ed erogate con la regola del corso."),
               "fabio.marino": giusta("Fabio, riscritta: allerta quando le ore calano per due mesi."),
               "lia.ferri": primo["lia.ferri"]}
    zip2 = base / "consegne-giro-2.zip"
    with zipfile.ZipFile(zip2, "w") as z:
        for ident, contenuto in secondo.items():
            z.writestr(zipfile.ZipInfo(f"Partecipante_{CLASSE[ident][4]}_assignsubmission_file_/{COMPITO}.ipynb",
                                       date_time=SECONDO), contenuto)
    uscite["raccogli2-senza-elenco"] = ambiti_lab("valuta", "raccogli", COMPITO, str(zip2), cwd=radice, errore_atteso=True)
    elenco = base / "foglio-di-valutazione.csv"
    elenco.write_bytes(da_excel("Identificativo;Nome completo;Indirizzo email;Stato\n" + "".join(
        f"Partecipante {v[4]};{v[0]} {v[1]};{i}@comune.example.it;Consegnato\n" for i, v in CLASSE.items())))
    uscite["raccogli2"] = ambiti_lab("valuta", "raccogli", COMPITO, str(zip2), "--partecipanti", str(elenco), cwd=radice)
    uscite["stato2-prima"] = ambiti_lab("valuta", "stato", COMPITO, cwd=radice)
    uscite["esporta2-prima"] = ambiti_lab("valuta", "esporta", COMPITO, cwd=radice)
    moodle2_prima = moodle_csv(corso.esportazioni / f"voti-moodle-{COMPITO}.csv")
    # il comando che raccogli suggerisce: si correggono solo le consegne nuove o cambiate
    suggerito = re.search(r"«ambiti-lab (valuta correggi [^»]+)»", uscite["raccogli2"]).group(1).split()
    uscite["correggi2"] = ambiti_lab(*suggerito, "--limite-cella", "20", cwd=radice)
    uscite["aperte2"] = ambiti_lab("valuta", "aperte", COMPITO, cwd=radice)
    foglio2 = leggi_foglio(foglio)
    for r in foglio2:
        if not r["punti"]:
            r["punti"], r["commento"] = "4", f"Nuova risposta di {r['studente']}: molto meglio."
    scrivi_foglio_da_excel(foglio, foglio2)
    uscite["importa2"] = ambiti_lab("valuta", "aperte", COMPITO, "--importa", cwd=radice)
    uscite["stato2"] = ambiti_lab("valuta", "stato", COMPITO, cwd=radice)
    uscite["feedback2"] = ambiti_lab("valuta", "feedback", COMPITO, cwd=radice)
    uscite["stato2-fine"] = ambiti_lab("valuta", "stato", COMPITO, cwd=radice)
    uscite["esporta2"] = ambiti_lab("valuta", "esporta", COMPITO, "--scala", "100", cwd=radice)
    return {"corso": corso, "uscite": uscite, "pagine1": pagine1, "moodle1": moodle1, "moodle2_prima": moodle2_prima,
            "secondo": secondo, "foglio_prima": righe, "foglio2": foglio2}


def test_nessun_voto_e_nessun_commento_persi(due_giri):
    from course.valutazione.voti import commenti, tabella_voti

    corso, u = due_giri["corso"], due_giri["uscite"]
    assert f"Ho tenuto {len(CLASSE)} celle che avevi già riempito" in u["aperte1-di-nuovo"]
    voti = tabella_voti(corso, COMPITO).set_index(["studente", "grade_id"])
    scritti = commenti(corso, COMPITO)
    for ident in CLASSE:
        aperta = voti.loc[(ident, "aperta-4-a")]
        assert not aperta["da_correggere"], ident
        if ident in ("biagio.lore", "fabio.marino"):  # risposta riscritta: voto nuovo, il vecchio nello storico
            assert aperta["punti"] == 4 and "molto meglio" in scritti[(ident, "aperta-4-a")]
        else:
            atteso = 2.5 if ident == "biagio.lore" else 3
            assert aperta["punti"] - aperta["extra"] == atteso and scritti[(ident, "aperta-4-a")].endswith("chiaro.")
    storico = json.loads((corso.radice / "storico" / f"aperte-{COMPITO}.json").read_text(encoding="utf-8"))
    assert {(v["studente"], v["punti"], v["commento"]) for v in storico} == {
        ("biagio.lore", 2.5, "Commento per biagio.lore: chiaro."), ("fabio.marino", 3.0, "Commento per fabio.marino: chiaro.")}
    assert "riaperte" in u["stato2-prima"] and "voto precedente conservato" in u["stato2-prima"]
    # il foglio riesportato mostra il voto di prima accanto alla risposta nuova
    nota = {r["studente"]: r["nota"] for r in due_giri["foglio2"]}
    assert "voto precedente 2,5" in nota["biagio.lore"] and "Commento per biagio.lore" in nota["biagio.lore"]


def test_l_ultima_consegna_di_ognuno_e_quella_corretta(due_giri):
    import hashlib

    corso, u = due_giri["corso"], due_giri["uscite"]
    assert "ignorato modulo-04.ipynb" in u["raccogli1"] and "copia più recente" in u["raccogli1"]
    for ident in CLASSE:
        esito = json.loads(corso.esito(ident, COMPITO).read_text(encoding="utf-8"))
        consegnato = corso.sottomesso(ident, COMPITO).read_bytes()
        assert esito["sha256_originale"] == hashlib.sha256(consegnato).hexdigest(), ident
    for ident, contenuto in due_giri["secondo"].items():
        assert corso.sottomesso(ident, COMPITO).read_bytes() == contenuto
    anna = json.loads(corso.esito("anna.russo", COMPITO).read_text(encoding="utf-8"))
    assert anna["punti"] == 6  # la versione finale «(1)», non la bozza sbagliata
    assert re.search(r"biagio\.lore\s+cambiata", u["raccogli2"]) and re.search(r"fabio\.marino\s+cambiata", u["raccogli2"])
    assert "0 consegne nuove, 2 cambiate (da ricorreggere), 1 invariata, 0 più vecchie" in u["raccogli2"]
    assert "da ricorreggere 2" in u["stato2-prima"] and "da ricorreggere 0" in u["stato2"]
    assert re.search(r"Corrette 2, segnalate 0 in \d+(,\d)? s", u["correggi2"])  # solo le due consegne cambiate


def test_commenti_e_punti_extra_nei_riscontri(due_giri):
    corso = due_giri["corso"]
    for ident in CLASSE:
        pagina = solo_testo(corso.pagina_feedback(ident, COMPITO))
        assert "Commento del formatore" in pagina, ident
    assert "Nuova risposta di fabio.marino: molto meglio." in solo_testo(corso.pagina_feedback("fabio.marino", COMPITO))
    ivo = solo_testo(corso.pagina_feedback("ivo.santoro", COMPITO))
    assert "1 punto extra" in ivo and "Punteggio: 10 su 10" in ivo
    elena = solo_testo(corso.pagina_feedback("elena.conte", COMPITO))
    assert "segnalata" not in elena and "verifica-4-2" not in elena


def test_riscontri_rifatti_dove_i_voti_sono_cambiati(due_giri):
    corso, u = due_giri["corso"], due_giri["uscite"]
    prima = u["stato2-prima"]
    for ident in ("biagio.lore", "fabio.marino"):
        riga = next(r for r in prima.splitlines() if r.strip().startswith(ident))
        assert "riscontro da rifare" in riga and "riscontro pronto" not in riga
    riga_lia = next(r for r in prima.splitlines() if r.strip().startswith("lia.ferri"))
    assert "riscontro pronto" in riga_lia  # consegna identica: niente da rifare
    assert "Riscontri da rifare (2)" in prima
    assert re.search(r"ivo\.santoro .*10/10 +\(compreso 1 punto extra\)", u["stato2-fine"])
    assert "riscontro da rifare" not in u["stato2-fine"] and u["stato2-fine"].count("[riscontro pronto]") == len(CLASSE)
    for ident in ("biagio.lore", "fabio.marino"):
        assert corso.pagina_feedback(ident, COMPITO).read_bytes() != due_giri["pagine1"][ident]


def test_il_csv_per_moodle_non_puo_cancellare_un_voto(due_giri):
    corso, u = due_giri["corso"], due_giri["uscite"]
    for righe in (due_giri["moodle1"], due_giri["moodle2_prima"], moodle_csv(corso.esportazioni / f"voti-moodle-{COMPITO}.csv")):
        assert righe[0] == ["email", COMPITO, f"commento {COMPITO}"]
        assert all(all(c.strip() for c in r) for r in righe[1:]), "una cella vuota in Moodle vuol dire «nessun voto»"
    # prima della ricorrezione chi ha riconsegnato resta fuori (il voto in Moodle non cambia), e il comando lo dice
    fuori = {r[0] for r in due_giri["moodle2_prima"][1:]}
    assert "biagio.lore@comune.example.it" not in fuori and "lia.ferri@comune.example.it" in fuori
    assert "consegna nuova non ancora corretta" in u["esporta2-prima"]
    finale = {r[0]: r for r in moodle_csv(corso.esportazioni / f"voti-moodle-{COMPITO}.csv")[1:]}
    assert len(finale) == len(CLASSE)
    assert finale["ivo.santoro@comune.example.it"][1] == "100.00"  # 10 su 10 (extra compreso), su 100
    assert finale["fabio.marino@comune.example.it"][1] == "100.00" and "molto meglio" in finale["fabio.marino@comune.example.it"][2]
    assert finale["dario.greco@comune.example.it"][1] == "30.00"
    assert "--scala 100" in u["esporta1"] and "riportati su 100" in u["esporta2"]
    with zipfile.ZipFile(corso.esportazioni / f"riscontri-moodle-{COMPITO}.zip") as z:
        nomi = z.namelist()
    assert len(nomi) == len(CLASSE) and all(re.fullmatch(r"[^_]+_\d+_assignfeedback_file_riscontro-modulo-04\.html", n)
                                            for n in nomi)


def test_ogni_sorpresa_detta_sullo_schermo_in_italiano(due_giri):
    u = due_giri["uscite"]
    assert "anonimo" in u["raccogli2-senza-elenco"] and "--partecipanti" in u["raccogli2-senza-elenco"]
    assert "Non ho raccolto nulla" in u["raccogli2-senza-elenco"]
    assert "ricontrollata" in u["ricontrolla"]
    assert f"{len(CLASSE)} voti nuovi" in u["importa1"]
    assert f"2 voti nuovi, 0 cambiati, {len(CLASSE) - 2} invariati" in u["importa2"]
    assert "aperte riaperte" in u["stato2-prima"] or "riaperte perché cambiate" in u["stato2-prima"]
    assert "voto riaperto" in u["raccogli2"]
    assert "Non ho potuto controllare le e-mail" in u["esporta1"]  # prima dell'elenco di Moodle
    assert "Non ho potuto controllare le e-mail" not in u["esporta2"]  # dopo: l'elenco c'è
    for nome, testo in u.items():
        assert not re.search(r"\b(Error|Warning|Exception|not found)\b", testo), (nome, testo[-1500:])
