"""Il sito del corso (``python sito/costruisci.py``): si costruisce senza rete, in italiano, con la
ricerca, il glossario, le lezioni eseguite e i tre bottoni su ogni lezione; ogni pagina passa axe-core
(WCAG 2.1 AA) senza violazioni gravi o critiche."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import nbformat
import pytest

from accessibilita import servi, violazioni_gravi
from course.edizione import REPOSITORY_CORSISTI
from course.lezioni import nomi_rimasti, rendi_lezione
from course.sessione import link_nbgitpuller

RADICE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RADICE / "sito"))
from costruisci import SCARICA, costruisci, lezioni  # noqa: E402

HUB = "https://hub.esempio.it"
# Il sito si costruisce una volta sola: tutti i test di questo file nello stesso processo.
pytestmark = pytest.mark.xdist_group("sito")


@pytest.fixture(scope="module")
def sito(tmp_path_factory) -> Path:
    return costruisci(tmp_path_factory.mktemp("sito") / "html", hub=HUB, processi="2")


def _pagine(sito: Path) -> list[Path]:
    return sorted(p for p in sito.rglob("*.html") if not {"_static", SCARICA} & set(p.relative_to(sito).parts))


def _html_lezione(sito: Path, lezione: Path) -> str:
    return (sito / lezione.with_suffix(".html")).read_text(encoding="utf-8")


def test_ogni_pagina_in_italiano_e_per_schermi_piccoli(sito):
    pagine = _pagine(sito)
    assert len(pagine) >= len(lezioni()) + 3
    for pagina in pagine:
        testo = pagina.read_text(encoding="utf-8")
        assert re.search(r'<html[^>]*\blang="it"', testo), pagina.name
        assert '<meta name="viewport" content="width=device-width' in testo, pagina.name


def test_nessuna_risorsa_da_siti_esterni(sito):
    """Il sito funziona senza rete: niente script, fogli di stile o caratteri da altri siti."""
    for pagina in _pagine(sito):
        testo = pagina.read_text(encoding="utf-8")
        esterni = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', testo)
        assert not esterni, f"{pagina.relative_to(sito)}: {esterni[:3]}"


def test_ogni_lezione_eseguita_con_i_suoi_bottoni(sito):
    for lezione in lezioni():
        html = _html_lezione(sito, lezione)
        bottoni = re.search(r'<nav class="ambiti-bottoni" aria-label="[^"]+">(.*?)</nav>', html, re.S)
        assert bottoni, f"{lezione}: mancano i bottoni"
        link = dict(re.findall(r'href="([^"]+)"[^>]*>([^<]+)<', bottoni.group(1))[i][::-1] for i in range(3))
        binder = urlsplit(link["Apri su Binder"].replace("&amp;", "&"))
        assert binder.netloc == "mybinder.org" and REPOSITORY_CORSISTI.removeprefix("https://github.com/") in binder.path
        assert unquote(parse_qs(binder.query)["urlpath"][0]) == f"lab/tree/{lezione.as_posix()}"
        assert link["Apri sul JupyterHub"].replace("&amp;", "&") == link_nbgitpuller(
            HUB, repo=REPOSITORY_CORSISTI, percorso=lezione.as_posix())
        scarica = (sito / lezione.parent / link["Scarica il notebook"]).resolve()
        assert scarica == (sito / SCARICA / lezione).resolve()
        assert scarica.read_bytes() == rendi_lezione(lezione.name, (RADICE / lezione).read_bytes())
    # le lezioni sono eseguite: risultati e grafici veri nelle pagine
    assert "cell_output" in _html_lezione(sito, Path("modules/04-monitorare/04-monitorare.ipynb"))


def test_le_cifre_delle_regole_al_posto_dei_nomi_dei_parametri(sito):
    """Pagine e notebook da scaricare dicono «62 ore», mai ``{{ore_mensili_minime}}`` (course.lezioni)."""
    for pagina in _pagine(sito):
        testo = html.unescape(re.sub(r"<[^>]+>", "", pagina.read_text(encoding="utf-8")))
        assert "{{" not in testo, f"{pagina.relative_to(sito)}: {testo[testo.index('{{'):][:80]}"
    scaricati = sorted((sito / SCARICA).rglob("*.ipynb"))
    assert len(scaricati) == len(lezioni())
    for percorso in scaricati:
        nb = nbformat.read(percorso, as_version=4)
        rimasti = [n for c in nb.cells if c.cell_type == "markdown" for n in nomi_rimasti(c.source)]
        assert not rimasti, f"{percorso.relative_to(sito)}: {rimasti}"
    assert "62 ore" in _html_lezione(sito, Path("modules/04-monitorare/04-monitorare.ipynb"))


def test_ogni_grafico_ha_la_sua_descrizione_come_testo_alternativo(sito):
    immagini = []
    for lezione in lezioni():
        immagini += re.findall(r"<img[^>]*>", _html_lezione(sito, lezione))
    assert len(immagini) >= 20
    for immagine in immagini:
        alt = re.search(r'alt="([^"]*)"', immagine)
        assert alt and alt.group(1).startswith("Grafico") and not alt.group(1).endswith(".png"), immagine[:200]


def test_glossario_e_ricerca_in_italiano(sito):
    glossario = (sito / "docs" / "glossario.html").read_text(encoding="utf-8")
    assert "Ambito territoriale sociale" in glossario and "Case manager" in glossario
    ricerca = (sito / "search.html").read_text(encoding="utf-8")
    assert "Cerca" in ricerca
    indice = (sito / "searchindex.js").read_text(encoding="utf-8")
    assert "patto" in indice and "ambit" in indice  # parole delle lezioni, con le radici italiane
    assert '"language":"it"' in (sito / "_static" / "documentation_options.js").read_text(encoding="utf-8").replace(" ", "").replace("'", '"') \
        or "LANGUAGE: 'it'" in (sito / "_static" / "documentation_options.js").read_text(encoding="utf-8")


def test_axe_nessuna_violazione_grave_in_nessuna_pagina(sito):
    from playwright.sync_api import sync_playwright

    from avvio_lab import CHROMIUM, OPZIONI_CHROMIUM

    problemi = {}
    with servi(sito) as indirizzo, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=OPZIONI_CHROMIUM)
        pagina = browser.new_page()
        for percorso in _pagine(sito):
            relativo = percorso.relative_to(sito).as_posix()
            pagina.goto(f"{indirizzo}/{relativo}", wait_until="load")
            if violazioni := violazioni_gravi(pagina):
                problemi[relativo] = violazioni
        (RADICE / "artefatti").mkdir(exist_ok=True)
        pagina.goto(f"{indirizzo}/modules/04-monitorare/04-monitorare.html", wait_until="load")
        pagina.screenshot(path=str(RADICE / "artefatti" / "sito-lezione-04.png"))
        browser.close()
    assert not problemi, "\n".join(f"{p}: {v[:5]}" for p, v in problemi.items())
