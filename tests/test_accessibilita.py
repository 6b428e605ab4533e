"""Le pagine HTML che il corso produce passano axe-core nel browser vero (WCAG 2.1 AA): la pagina di
riscontro di un compito corretto e il rapporto del Piano operativo del progetto finale.
(Le pagine del sito del corso: ``tests/test_sito.py``.)"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from accessibilita import servi, violazioni_gravi
from test_browser import browser, pagina_riscontro  # noqa: F401 - fixture condivise (Chromium, riscontro vero)


def _controlla(browser, file, *, tabelle: bool = True):  # noqa: F811
    testo = file.read_text(encoding="utf-8")
    assert re.search(r'<html[^>]*\blang="it"', testo), "manca lang=\"it\""
    assert re.search(r'<meta[^>]*name="viewport"', testo), "manca il viewport"
    with servi(file.parent) as indirizzo:
        pagina = browser.new_page()
        pagina.goto(f"{indirizzo}/{file.name}", wait_until="load")
        violazioni = violazioni_gravi(pagina)
        pagina.close()
    assert not violazioni, "\n".join(violazioni[:10])
    for tabella in re.findall(r"<table.*?</table>", testo, re.S) if tabelle else []:
        assert "<caption" in tabella, f"tabella senza didascalia: {tabella[:200]}"
        assert not re.search(r"<th(?=[\s>])(?![^>]*scope=)", tabella), f"intestazione senza scope: {tabella[:200]}"


def test_pagina_di_riscontro(browser, pagina_riscontro, tmp_path):  # noqa: F811
    pagina, _ = pagina_riscontro
    # le tabelle qui sono gli output dei corsisti, riportati come sono: vale il controllo di axe
    _controlla(browser, pagina, tabelle=False)


def test_rapporto_del_piano_operativo(browser, tmp_path):  # noqa: F811
    from course.dati.tabelle import TIPI_AZIONE
    from course.rapporto import rapporto_piano_operativo, salva_rapporto

    azioni = pd.DataFrame({"tipo_azione": list(TIPI_AZIONE),
                           "descrizione": ["Sportello di ascolto", "Mediazione familiare", "Tutoraggio"],
                           "ente": ["Coop. Aurora", "APS Il Ponte", "Coop. Aurora"],
                           "budget": [30000.0, 40000.0, 14940.0]})
    attivita = pd.DataFrame({"azione": ["Sportello di ascolto", "Mediazione familiare", "Tutoraggio"],
                             "descrizione": ["Apertura sportello", "Primi incontri", "Registro presenze"],
                             "inizio_previsto": ["2025-01-15", "2025-02-01", "2025-01-10"],
                             "fine_prevista": ["2025-12-31", "2025-10-31", "2025-12-20"]})
    pagina = rapporto_piano_operativo(azioni, ambito="ATS-LE-03", cronoprogramma=attivita,
                                      inizio="2025-01-01", fine="2025-12-31")
    file = salva_rapporto(pagina, tmp_path / "rapporto.html")
    assert re.search(r'<img[^>]+alt="[^"]{20,}"', pagina), "i grafici del rapporto devono avere un testo alternativo"
    _controlla(browser, file)
