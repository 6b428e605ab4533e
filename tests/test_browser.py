"""Il corso in un browser vero: Chromium di Debian pilotato da Playwright.

Avvia ``ambiti-lab avvia`` in una cartella temporanea, apre la lezione 00, controlla che
l'interfaccia sia in italiano, esegue tutte le celle e guarda che widget e grafico compaiano senza
errori. Apre anche una pagina di riscontro generata da ``course.valutazione`` e controlla che non
mostri test nascosti né soluzioni. Gli screenshot finiscono in ``artefatti/`` (ignorata da git).

Chromium si installa con ``.ci/sistema.sh``: in CI (``CI=true``) se manca il test fallisce,
fuori dalla CI viene saltato con il motivo.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from avvio_lab import chromium_avviato, lab_avviato, nuova_pagina
from course.spiegazioni.regole import _ha_i_puntini

RADICE = Path(__file__).resolve().parents[1]
ARTEFATTI = RADICE / "artefatti"
LEZIONE = "00-benvenuto/00-benvenuto.ipynb"
TOKEN = "token-del-test-browser"
ATTESA_MS = 90_000


@pytest.fixture(scope="module")
def browser():
    with chromium_avviato(ARTEFATTI) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Il Lab lanciato come lo lancia il corsista: ``ambiti-lab avvia --senza-browser``."""
    lavoro = tmp_path_factory.mktemp("browser") / "lavoro"
    with lab_avviato(lavoro, token=TOKEN, log=lavoro.parent / "lab.log") as (base, _):
        yield base, lavoro


def test_launcher_in_italiano(browser, lab):
    base, lavoro = lab
    pagina, errori = nuova_pagina(browser)
    # «reset» riparte da un'area di lavoro vuota: si vede il Launcher.
    pagina.goto(f"{base}/lab?reset&token={TOKEN}")
    pagina.wait_for_selector(".jp-LauncherCard", timeout=ATTESA_MS)
    menu = pagina.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert {"File", "Modifica", "Visualizza", "Esegui", "Impostazioni", "Aiuto"} <= set(menu), menu
    assert "Edit" not in menu and "View" not in menu
    assert "Nbgrader" not in menu, "sul portatile il menu dello scambio dei compiti non serve"
    # Testi tradotti dal pacchetto linguistico, non dal corso: la lingua è davvero attiva.
    assert pagina.get_by_text("Terminale", exact=True).count() >= 1
    # Gli strumenti di nbgrader per il formatore non compaiono ai corsisti.
    assert pagina.get_by_text("Create Assignment").count() == 0
    assert (lavoro / LEZIONE).exists()
    pagina.screenshot(path=str(ARTEFATTI / "launcher.png"))
    assert errori == []
    pagina.close()


def test_lezione_00_eseguita_con_widget_e_grafico(browser, lab):
    base, lavoro = lab
    pagina, errori = nuova_pagina(browser)
    pagina.goto(f"{base}/lab/tree/{LEZIONE}?reset&token={TOKEN}")
    pagina.wait_for_selector(".jp-Notebook .jp-Cell", timeout=ATTESA_MS)
    # Il kernel deve essere pronto prima di «Esegui tutte le celle».
    pagina.get_by_text("| Inattivo").wait_for(timeout=ATTESA_MS)
    pagina.locator(".lm-MenuBar-itemLabel", has_text="Esegui").first.click()
    pagina.locator(".lm-Menu-itemLabel").get_by_text("Esegui Tutte le Celle", exact=True).click()

    quaderno = nbformat.read(lavoro / LEZIONE, as_version=4)
    celle_codice = sum(c.cell_type == "code" for c in quaderno.cells)
    # Finito quando ogni cella di codice ha il suo numero di esecuzione «[n]:».
    pagina.wait_for_function(
        """n => {
            const prompt = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            return prompt.length === n && prompt.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        arg=celle_codice, timeout=ATTESA_MS,
    )
    widget = pagina.locator(".jp-OutputArea-output .jupyter-widgets").first
    widget.wait_for(timeout=ATTESA_MS)
    grafico = pagina.locator(".jp-OutputArea-output img[src^='data:image/png']").first
    grafico.wait_for(timeout=ATTESA_MS)
    assert grafico.evaluate("img => img.naturalWidth") > 100

    assert pagina.locator("[data-mime-type='application/vnd.jupyter.error']").count() == 0
    # Gli esercizi da completare, lasciati con i tre puntini, si fermano con la spiegazione in italiano
    # (è quello che vede chi esegue tutto senza completarli); nessun'altra cella deve dare errore.
    puntini = 0
    for cella in pagina.locator(".jp-CodeCell").all():
        errori_cella = [t for t in cella.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
                        if "Error" in t or "Traceback" in t]
        if errori_cella:
            assert "rimasti i tre puntini" in cella.inner_text(), errori_cella
            puntini += 1
    assert puntini == sum(_ha_i_puntini(c.source) for c in quaderno.cells if c.cell_type == "code")
    testo = pagina.locator(".jp-Notebook").inner_text()
    assert "Traceback" not in testo

    # Il Lab disegna solo le celle visibili: del widget si fotografa l'elemento (Playwright lo porta a schermo).
    widget.wait_for(state="visible", timeout=ATTESA_MS)
    assert widget.bounding_box()["height"] > 10
    widget.screenshot(path=str(ARTEFATTI / "lezione-widget.png"))
    grafico.scroll_into_view_if_needed()
    grafico.wait_for(state="visible", timeout=ATTESA_MS)
    pagina.wait_for_timeout(500)
    pagina.screenshot(path=str(ARTEFATTI / "lezione.png"))
    assert errori == []
    pagina.close()


@pytest.fixture(scope="module")
def pagina_riscontro(tmp_path_factory):
    """Una pagina di riscontro vera: compito piccolo, una consegna sbagliata, correzione, feedback."""
    try:
        from course.valutazione.corso import Corso
        from course.valutazione.correzione import correggi
        from course.valutazione.costruisci import Compito, Esercizio, crea_corso
        from course.valutazione.esecuzione import Limiti
        from course.valutazione.feedback import feedback_compito
        from course.valutazione.genera import frammenti_segreti, genera
        from course.valutazione.raccolta import raccogli
        from course.valutazione.sintetiche import consegna_sbagliata
    except ImportError as errore:
        pytest.fail(f"Il generatore dei riscontri (course.valutazione) non è importabile: {errore}")

    compito = Compito("riscontro", "Compito per il test del browser", "Due esercizi brevi.", [
        Esercizio("0.1", "Quanti sono gli Ambiti della Puglia?",
                  "from course.territorio import ambiti\nrisposta_0_1 = len(ambiti())"),
        Esercizio("0.2", "Quale provincia ha più Ambiti? Rispondi con la sigla.",
                  "from course.territorio import ambiti\n"
                  "risposta_0_2 = ambiti()['sigla_provincia'].value_counts().idxmax()"),
    ])
    base = tmp_path_factory.mktemp("riscontro")
    radice = crea_corso(base / "corso", [compito])
    (radice / "corsisti.csv").write_text(
        "id,nome,cognome,email,ambito,squadra,moodle_id\nbea,Bea,Verdi,bea@example.org,ATS-BA-01,A,1\n",
        encoding="utf-8")
    corso = Corso(radice)
    genera(corso, "riscontro")
    rilascio = nbformat.read(str(corso.rilascio("riscontro")), as_version=4)
    sorgente = nbformat.read(str(corso.sorgente("riscontro")), as_version=4)
    (base / "consegne" / "bea").mkdir(parents=True)
    (base / "consegne" / "bea" / "riscontro.ipynb").write_bytes(consegna_sbagliata(rilascio))
    raccogli(corso, "riscontro", base / "consegne")
    correggi(corso, "riscontro", limiti=Limiti(cella=20, consegna=60))
    scritti = feedback_compito(corso, "riscontro")
    assert not scritti["errori"], scritti
    return corso.pagina_feedback("bea", "riscontro"), frammenti_segreti(sorgente)


def test_pagina_di_riscontro_senza_test_nascosti(browser, pagina_riscontro):
    percorso, segreti = pagina_riscontro
    assert segreti, "il compito di prova dovrebbe avere soluzioni e test nascosti"
    pagina, errori = nuova_pagina(browser)
    pagina.goto(percorso.as_uri())
    pagina.wait_for_selector("body", timeout=ATTESA_MS)
    visibile = pagina.locator("body").inner_text()
    assert "Riscontro" in visibile and "Punteggio" in visibile
    for frammento in segreti:
        for riga in (r.strip() for r in frammento.splitlines()):
            if len(riga) > 12:
                assert riga not in visibile, f"la pagina di riscontro mostra {riga!r}"
    # Nemmeno nascosto nel codice della pagina (es. in un elemento invisibile).
    sorgente_pagina = pagina.content()
    for frammento in segreti:
        assert frammento not in sorgente_pagina
    pagina.screenshot(path=str(ARTEFATTI / "riscontro.png"), full_page=True)
    assert errori == []
    pagina.close()
