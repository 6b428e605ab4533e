"""Il rapporto del Piano operativo nel browser, come lo apre un coordinatore: zoom al 200% senza scorrere di lato."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from avvio_lab import chromium_avviato
from course.dati.tabelle import TIPI_AZIONE
from course.rapporto import rapporto_piano_operativo, salva_rapporto

ARTEFATTI = Path(__file__).resolve().parents[1] / "artefatti"


@pytest.fixture(scope="module")
def browser():
    with chromium_avviato(ARTEFATTI) as chromium:
        yield chromium


@pytest.fixture
def pagina_piano(tmp_path):
    azioni = pd.DataFrame({
        "tipo_azione": list(TIPI_AZIONE),
        "descrizione": ["Sportello di ascolto e orientamento nei comuni più piccoli", "Mediazione familiare",
                        "Tutoraggio dei tirocini con registro delle presenze"],
        "ente": ["Cooperativa sociale Aurora", "APS Il Ponte", "Cooperativa sociale Aurora"],
        "budget": [30000.0, 40000.0, 14940.0],
    })
    attivita = pd.DataFrame({
        "azione": list(azioni["descrizione"]) * 2,
        "descrizione": ["Apertura dello sportello nei comuni dell'entroterra con calendario settimanale",
                        "Primi incontri di mediazione con le famiglie segnalate dai servizi",
                        "Registro presenze digitale e verifica mensile delle ore con i tutor",
                        "Campagna informativa", "Gruppi di sostegno alla genitorialità",
                        "Certificazione delle competenze trasversali acquisite nei tirocini"],
        "inizio_previsto": ["2026-01-15", "2026-02-01", "2026-01-10", "2026-03-01", "2026-04-01", "2026-09-01"],
        "fine_prevista": ["2026-12-31", "2026-11-30", "2026-12-31", "2026-05-31", "2026-10-31", "2026-12-15"],
    })
    pagina = rapporto_piano_operativo(azioni, ambito="ATS-LE-03", cronoprogramma=attivita, contributo=84940,
                                      indicatori=[{"nome": "Nuclei raggiunti", "tipo": "output", "target": 120}],
                                      inizio="2026-01-01", fine="2026-12-31")
    return salva_rapporto(pagina, tmp_path / "piano.html")


def test_zoom_al_200_per_cento_immagini_dentro_la_pagina(browser, pagina_piano):
    # zoom al 200% su uno schermo largo 1280 punti: la pagina ne vede 640, con pixel doppi
    pagina = browser.new_page(viewport={"width": 640, "height": 900}, device_scale_factor=2, locale="it-IT")
    try:
        pagina.goto(pagina_piano.as_uri())
        larghezza = pagina.evaluate("document.documentElement.clientWidth")
        immagini = pagina.locator("img")
        assert immagini.count() == 2
        for i in range(immagini.count()):
            scatola = immagini.nth(i).bounding_box()
            assert scatola["x"] >= 0 and scatola["x"] + scatola["width"] <= larghezza + 0.5, scatola
        # la pagina non scorre di lato (le tabelle larghe scorrono dentro il loro riquadro)
        assert pagina.evaluate("document.documentElement.scrollWidth") <= larghezza + 1
        assert pagina.locator("caption").count() == pagina.locator("table").count() == 4
        assert "Ambito territoriale di Gagliano del Capo" in pagina.locator("h1").inner_text()
        pagina.screenshot(path=str(ARTEFATTI / "rapporto-zoom-200.png"), full_page=True)
    finally:
        pagina.close()
