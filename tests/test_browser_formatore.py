"""Il Lab del formatore in un browser vero: ``ambiti-lab avvia --formatore`` sulla cartella del corso.

Un corso piccolo con due consegne corrette (una segnalata perché ha cambiato una cella di test):
il Lab si apre sul corso senza copiarci le lezioni, il formgrader non mostra l'avviso in inglese
sulla cartella di scambio, la colonna «Flagged?» mostra la segnalazione del corso e i totali sono
quelli di ``stato``. Le foto finiscono in ``artefatti/``.
"""

from __future__ import annotations

import json

import pytest

from accessibilita import servi, violazioni_gravi
from avvio_lab import lab_avviato, nuova_pagina
from test_browser import ARTEFATTI, ATTESA_MS, browser  # noqa: F401 - il browser condiviso

TOKEN = "token-del-formatore"


@pytest.fixture(scope="module")
def corso_con_segnalata(tmp_path_factory):
    from course.valutazione.corso import Corso
    from course.valutazione.correzione import correggi
    from course.valutazione.costruisci import Aperta, Compito, Esercizio, crea_corso
    from course.valutazione.esecuzione import Limiti
    from course.valutazione.genera import genera
    from course.valutazione.raccolta import raccogli
    from course.valutazione.sintetiche import consegna_giusta

    import nbformat

    compito = Compito("prova", "Compito di prova", "Un esercizio e una domanda aperta.", [
        Esercizio("0.1", "Quanti sono gli Ambiti della Puglia?", "from course.territorio import ambiti\nrisposta_0_1 = len(ambiti())"),
        Aperta("0.a", "Perché programmare insieme?", "Cita il Piano di zona.", 2, ("C1",)),
    ])
    base = tmp_path_factory.mktemp("lab-formatore")
    radice = crea_corso(base / "corso", [compito])
    (radice / "corsisti.csv").write_text("id,nome,cognome,email\nada,Ada,Rossi,ada@example.org\nbea,Bea,Verdi,bea@example.org\n",
                                         encoding="utf-8")
    corso = Corso(radice)
    genera(corso, "prova")
    rilascio = nbformat.read(str(corso.rilascio("prova")), as_version=4)
    sorgente = nbformat.read(str(corso.sorgente("prova")), as_version=4)
    giusta = consegna_giusta(rilascio, sorgente)
    manomessa = json.loads(giusta)
    for cella in manomessa["cells"]:
        if cella["metadata"].get("nbgrader", {}).get("grade_id") == "verifica-0-1":
            cella["source"] = "print('niente verifica')"
    for studente, contenuto in (("ada", giusta), ("bea", json.dumps(manomessa).encode())):
        (base / "consegne" / studente).mkdir(parents=True)
        (base / "consegne" / studente / "prova.ipynb").write_bytes(contenuto)
    raccogli(corso, "prova", base / "consegne")
    correggi(corso, "prova", limiti=Limiti(cella=20, consegna=60))
    from course.valutazione.feedback import feedback_compito

    assert not feedback_compito(corso, "prova", studenti=["bea"])["errori"]  # il riscontro di bea, ancora segnalata
    return corso


@pytest.fixture(scope="module")
def lab_formatore(corso_con_segnalata):
    corso = corso_con_segnalata
    with lab_avviato(corso.radice, token=TOKEN, log=corso.radice.parent / "lab.log", formatore=True,
                     senza=("AMBITI_LAB_EXCHANGE",)) as (base, _):
        yield base, corso


def test_il_lab_del_formatore_si_apre_sul_corso_senza_lezioni(lab_formatore):
    _, corso = lab_formatore
    assert not any(p.name.startswith("00-") for p in corso.radice.iterdir()), "le lezioni non vanno nel corso"
    assert (corso.radice / "gradebook.db").exists()


def test_il_riscontro_che_il_formatore_manda_si_legge_nel_browser(browser, corso_con_segnalata):  # noqa: F811
    """Il riscontro con il voto e il commento della domanda aperta, un punto extra e (per bea) il motivo a parole."""
    from course.valutazione.feedback import feedback_compito
    from course.valutazione.gradebook import apri

    corso = corso_con_segnalata
    commento = "Bene il Piano di zona; aggiungi come si tiene conto dell'equità tra i comuni."
    with apri(corso) as gb:
        voto = gb.find_grade("aperta-0-a", "prova", "prova", "ada")
        voto.manual_score, voto.extra_credit, voto.needs_manual_grade = 1.5, 0.5, False
        gb.find_comment("aperta-0-a", "prova", "prova", "ada").manual_comment = commento
        gb.db.commit()
    assert not feedback_compito(corso, "prova", studenti=["ada"])["errori"]
    visti = {}
    for studente in ("ada", "bea"):
        file = corso.pagina_feedback(studente, "prova")
        with servi(file.parent) as indirizzo:
            pagina, errori = nuova_pagina(browser)
            pagina.goto(f"{indirizzo}/{file.name}", wait_until="load")
            visti[studente] = " ".join(pagina.locator("body").inner_text().split())
            assert not violazioni_gravi(pagina), studente
            pagina.screenshot(path=str(ARTEFATTI / f"riscontro-formatore-{studente}.png"), full_page=True)
            assert errori == []
            pagina.close()
    assert "Commento del formatore: " + commento in visti["ada"]
    assert "Punteggio: 3 su 3" in visti["ada"] and "punti extra" in visti["ada"]
    assert "la verifica dell'esercizio 0.1" in visti["bea"] and "verifica-0-1" not in visti["bea"]
    assert "Commento del formatore" not in visti["bea"]


def test_formgrader_senza_avviso_in_inglese_e_con_le_segnalazioni(browser, lab_formatore):  # noqa: F811
    base, corso = lab_formatore
    pagina, errori = nuova_pagina(browser)
    pagina.goto(f"{base}/formgrader?token={TOKEN}")
    pagina.wait_for_selector("table", timeout=ATTESA_MS)
    assert pagina.locator("#warning-exchange").count() == 0
    assert "exchange directory" not in pagina.locator("body").inner_text()
    pagina.screenshot(path=str(ARTEFATTI / "formgrader-compiti.png"), full_page=True)
    pagina.goto(f"{base}/formgrader/gradebook/prova/prova?token={TOKEN}")
    pagina.wait_for_selector("td.flagged", timeout=ATTESA_MS)
    pagina.get_by_role("button", name="Show All Names").click()  # il formgrader nasconde i nomi finché non si chiede
    pagina.wait_for_selector("text=Verdi", timeout=ATTESA_MS)
    righe = {}
    for riga in pagina.locator("table tbody tr").all():
        testo = riga.inner_text()
        righe["bea" if "Verdi" in testo or "bea" in testo else "ada"] = riga
    assert righe["bea"].locator("td.flagged span").count() == 1, "bea è segnalata: la bandierina deve esserci"
    assert righe["ada"].locator("td.flagged span").count() == 0
    pagina.screenshot(path=str(ARTEFATTI / "formgrader-segnalate.png"), full_page=True)
    # ricontrollata dal formatore: la bandierina sparisce anche nel formgrader
    from course.valutazione.ricontrolli import ricontrolla

    ricontrolla(corso, "prova", "bea", nota="guardata: la verifica è stata ripristinata")
    pagina.reload()
    pagina.wait_for_selector("td.flagged", timeout=ATTESA_MS)
    assert pagina.locator("td.flagged span").count() == 0
    assert errori == []
    pagina.close()
