"""Il giro nel browser delle lezioni 05–08 e della galleria, come lo fa chi impara.

Avvia il Lab con ``avvia`` in una cartella temporanea, apre ogni lezione, la esegue tutta dal menu
«Esegui» e guarda ogni grafico e ogni esploratore (widget) come compaiono sullo schermo:

- nessuna cella finisce con un errore non voluto (le celle con il tag ``raises-exception`` sì, apposta);
- ogni grafico è un'immagine vera, larga e con dei dati disegnati (non un riquadro vuoto);
- ogni esploratore si disegna (nessun «javascript error»), i suoi menu e le sue scritte non si
  sovrappongono e il grafico che contiene ha dei dati.

Le fotografie di ogni grafico e di ogni esploratore finiscono in ``artefatti/giro/`` (ignorata da git):
sono quelle da guardare a occhio. Le scritte sovrapposte *dentro* i grafici le controllano i test dei
grafici (``tests/test_grafici_*.py``), su tutti i 45 Ambiti.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import nbformat
import pytest

from avvio_lab import chromium_avviato, lab_avviato

FOTO = Path(__file__).resolve().parents[1] / "artefatti" / "giro"
TOKEN = "token-del-giro-dei-grafici"
ATTESA_MS = 120_000
#: Una lezione intera su una macchina carica (la 05 simula le graduatorie): tempo largo, nessuna misura.
ESECUZIONE_MS = 1_200_000

#: Le lezioni del giro e quanti grafici mostra almeno ciascuna nel notebook (la 07 lavora su tabelle;
#: i grafici della 08 stanno nel rapporto del Piano, che il giro apre a parte).
LEZIONI = {
    "05-confrontare/05-confrontare.ipynb": 6,
    "06-buone-pratiche/06-buone-pratiche.ipynb": 3,
    "07-dati-reali/07-dati-reali.ipynb": 0,
    "08-progetto-finale/08-progetto-finale.ipynb": 0,
    "99-galleria/galleria.ipynb": 18,
}


@pytest.fixture(scope="module")
def browser():
    with chromium_avviato(FOTO) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    lavoro = tmp_path_factory.mktemp("giro") / "lavoro"
    with lab_avviato(lavoro, token=TOKEN, log=lavoro.parent / "lab.log") as (base, token):
        yield base, lavoro


def _chiudi_kernel(base: str) -> None:
    """Spegne i kernel delle lezioni già viste: cinque kernel accesi insieme pesano su una macchina condivisa."""
    richiesta = urllib.request.Request(f"{base}/api/sessions?token={TOKEN}")
    with urllib.request.urlopen(richiesta, timeout=30) as risposta:
        sessioni = json.load(risposta)
    for s in sessioni:
        urllib.request.urlopen(urllib.request.Request(
            f"{base}/api/sessions/{s['id']}?token={TOKEN}", method="DELETE"), timeout=30)


def _quota_colorata(png: bytes) -> float:
    """La parte dell'immagine che non è sfondo bianco (0 = vuota)."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    istogramma = img.histogram()
    return 1 - sum(istogramma[245:]) / (img.width * img.height)


_SOVRAPPOSTI_JS = """root => {
    // i controlli e le scritte dell'esploratore (menu, etichette, messaggi): nessuno copre un altro
    const el = [...root.querySelectorAll('.widget-label, .widget-dropdown select, .widget-html-content, '
                                         + '.widget-toggle-buttons, .widget-checkbox, .widget-readout, button')]
        .filter(e => e.offsetParent !== null);
    const box = el.map(e => e.getBoundingClientRect()).filter(b => b.width > 0 && b.height > 0);
    const out = [];
    for (let i = 0; i < box.length; i++) for (let j = i + 1; j < box.length; j++) {
        const a = box[i], b = box[j];
        const dentro = (x, y) => x.left >= y.left - 1 && x.right <= y.right + 1 && x.top >= y.top - 1 && x.bottom <= y.bottom + 1;
        if (dentro(a, b) || dentro(b, a)) continue;  // un'etichetta dentro il suo controllo non è una sovrapposizione
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2) out.push([el[i].textContent.slice(0, 40), el[j].textContent.slice(0, 40)]);
    }
    return out;
}"""


def _guarda_grafico(img, foto: Path, cosa: str) -> None:
    """Un grafico sullo schermo: immagine vera, larga, con dei dati disegnati; fotografato com'è."""
    pagina = img.page
    img.scroll_into_view_if_needed()
    larghezza = img.evaluate("i => i.naturalWidth")
    assert larghezza > 300, f"{cosa}: largo solo {larghezza} px"
    # un grafico più alto dello schermo (i 45 Ambiti in colonna) si fotografa in una finestra alta
    altezza = int(img.bounding_box()["height"])
    if altezza > 700:
        pagina.set_viewport_size({"width": 1366, "height": min(altezza + 400, 4000)})
        img.scroll_into_view_if_needed()
        pagina.wait_for_timeout(300)
    quota = _quota_colorata(img.screenshot(path=str(foto)))
    pagina.set_viewport_size({"width": 1366, "height": 900})
    assert quota > 0.03, f"{cosa}: è quasi vuoto ({quota:.1%} disegnato)"


@pytest.mark.parametrize("lezione", LEZIONI, ids=[Path(x).parent.name for x in LEZIONI])
def test_ogni_grafico_e_ogni_esploratore_si_vedono_con_i_dati(browser, lab, lezione):
    base, lavoro = lab
    nome = Path(lezione).parent.name
    assert (lavoro / lezione).exists(), f"avvia non ha copiato {lezione}"
    quaderno = nbformat.read(lavoro / lezione, as_version=4)
    celle_codice = sum(c.cell_type == "code" for c in quaderno.cells)

    pagina = browser.new_page(viewport={"width": 1366, "height": 900}, locale="it-IT")
    errori_pagina = []
    pagina.on("pageerror", lambda errore: errori_pagina.append(str(errore)))
    try:
        pagina.goto(f"{base}/lab/tree/{lezione}?reset&token={TOKEN}")
        pagina.wait_for_selector(".jp-Notebook .jp-Cell", timeout=ATTESA_MS)
        pagina.get_by_text("| Inattivo").wait_for(timeout=ATTESA_MS)
        pagina.locator(".lm-MenuBar-itemLabel", has_text="Esegui").first.click()
        pagina.locator(".lm-Menu-itemLabel").get_by_text("Esegui Tutte le Celle", exact=True).click()
        pagina.wait_for_function(
            """n => {
                const prompt = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
                return prompt.length === n && prompt.every(p => /\\[\\d+\\]/.test(p.textContent));
            }""",
            arg=celle_codice, timeout=ESECUZIONE_MS,
        )
        pagina.get_by_text("| Inattivo").wait_for(timeout=ATTESA_MS)

        # Nessun errore fuori dalle celle che lo mostrano apposta.
        errori = pagina.locator(".jp-CodeCell").filter(
            has=pagina.locator("[data-mime-type='application/vnd.jupyter.error']"))
        volute = sum("raises-exception" in c.metadata.get("tags", []) for c in quaderno.cells if c.cell_type == "code")
        assert errori.count() <= volute, f"{nome}: celle con un errore: {errori.all_inner_texts()[:2]}"
        assert "Traceback" not in pagina.locator(".jp-Notebook").inner_text()

        # Ogni grafico: un'immagine vera, larga, con dei dati disegnati; fotografato com'è sullo schermo.
        # (i grafici arrivano come immagini, o come figure HTML con la didascalia: course.nel_notebook)
        grafici = [img for img in pagina.locator(".jp-OutputArea-output img").all()
                   if img.evaluate("i => i.closest('.jupyter-widgets') === null")]
        assert len(grafici) >= LEZIONI[lezione], f"{nome}: {len(grafici)} grafici, almeno {LEZIONI[lezione]} attesi"
        for i, img in enumerate(grafici):
            _guarda_grafico(img, FOTO / f"{nome}-grafico-{i:02d}.png", f"{nome}: il grafico {i}")

        # Ogni esploratore: si disegna, niente scritte sovrapposte, e il suo grafico ha dei dati.
        esploratori = [w for w in pagina.locator(".jp-OutputArea-output .jupyter-widgets.widget-box").all()
                       if w.evaluate("w => w.parentElement.closest('.jupyter-widgets') === null")]
        attesi = sum("esploratore" in c.source for c in quaderno.cells if c.cell_type == "code")
        rotti = pagina.locator(".jupyter-widgets-error-widget").count()
        assert rotti == 0, f"{nome}: {rotti} widget che il Lab non riesce a disegnare (riquadro d'errore)"
        assert len(esploratori) >= attesi, f"{nome}: {attesi} esploratori attesi, {len(esploratori)} disegnati"
        for i, w in enumerate(esploratori):
            w.scroll_into_view_if_needed()
            testo = w.inner_text()
            assert "javascript error" not in testo.lower() and "Error" not in testo, testo[:300]
            assert w.bounding_box()["height"] > 40
            sovrapposti = w.evaluate(_SOVRAPPOSTI_JS)
            assert not sovrapposti, f"{nome}: scritte sovrapposte nell'esploratore {i}: {sovrapposti}"
            immagini = w.locator("img").all()
            assert immagini, f"{nome}: l'esploratore {i} non mostra il suo grafico"
            for j, img in enumerate(immagini):
                img.scroll_into_view_if_needed()
                png = img.screenshot()
                assert _quota_colorata(png) > 0.03, f"{nome}: il grafico {j} dell'esploratore {i} è quasi vuoto"
            # l'esploratore intero sta in una finestra alta: la foto lo mostra tutto, dai menu alla tabella
            altezza = int(w.bounding_box()["height"])
            pagina.set_viewport_size({"width": 1366, "height": min(altezza + 400, 4000)})
            w.scroll_into_view_if_needed()
            pagina.wait_for_timeout(300)
            w.screenshot(path=str(FOTO / f"{nome}-esploratore-{i:02d}.png"))
            pagina.set_viewport_size({"width": 1366, "height": 900})
        assert errori_pagina == [], errori_pagina

        # La 08 scrive il rapporto del Piano: lo si apre come lo apre il coordinatore, con i suoi grafici.
        for i, rapporto in enumerate(sorted(lavoro.glob(f"{Path(lezione).parent}/**/*.html"))):
            pagina.goto(rapporto.as_uri())
            pagina.wait_for_load_state("load")
            immagini = pagina.locator("img").all()
            assert immagini, f"{rapporto.name}: il rapporto non ha grafici"
            for j, img in enumerate(immagini):
                _guarda_grafico(img, FOTO / f"{nome}-rapporto-{i}-grafico-{j:02d}.png", f"{rapporto.name}: grafico {j}")
            pagina.screenshot(path=str(FOTO / f"{nome}-rapporto-{i}.png"), full_page=True)
    finally:
        pagina.close()
        _chiudi_kernel(base)
