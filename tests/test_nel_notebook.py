"""Il corso nel notebook (``course.nel_notebook``): tabelle all'italiana e grafici con la descrizione, in un kernel vero."""

from __future__ import annotations

import pandas as pd
import pytest

from course.nel_notebook import tabella_html, tabella_testo
from test_spiegazioni import _avvia_kernel

ATTESA = 120


def _risultato(kc, codice: str) -> dict:
    """Il risultato che si vede sotto la cella (l'ultima espressione o un display)."""
    visto = {}

    def raccogli(msg):
        if msg["msg_type"] in ("execute_result", "display_data"):
            visto.update(msg["content"]["data"])
            visto["metadati"] = msg["content"].get("metadata", {})
        elif msg["msg_type"] == "error":
            visto["errore"] = msg["content"]

    risposta = kc.execute_interactive(codice, output_hook=raccogli, timeout=ATTESA)
    assert risposta["content"]["status"] == "ok", visto
    return visto


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    km, kc = _avvia_kernel(tmp_path_factory.mktemp("nel-notebook"), del_corso=True)
    _risultato(kc, "import pandas as pd, numpy as np")
    try:
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_tabella_con_valori_mancanti_e_numeri_all_italiana(kernel):
    visto = _risultato(kernel, (
        "pd.DataFrame({'ore': [1234.5, np.nan, 2], 'data': pd.to_datetime(['2025-03-03', None, '2025-01-31']),\n"
        "              'n': pd.array([1500, None, 3], dtype='Int64'), 'nota': ['a', None, 'c']})"))
    for cosa in ("text/html", "text/plain"):
        testo = visto[cosa]
        assert "1.234,5" in testo and "03/03/2025" in testo and "1.500" in testo and "—" in testo, testo
        for inglese in ("NaN", "NaT", "<NA>", "None", "2025-03-03"):
            assert inglese not in testo, (cosa, inglese)


def test_tabella_lunga_mostra_inizio_fine_e_dimensioni(kernel):
    visto = _risultato(kernel, "pd.DataFrame({'x': range(1000), 'y': 0.5})")
    assert "…" in visto["text/html"] and "1.000 righe × 2 colonne" in visto["text/html"]
    assert "999" in visto["text/html"] and "500" not in visto["text/html"]


def test_colonna_e_numero_di_numpy(kernel):
    assert "1.234" in _risultato(kernel, "pd.Series([1234, None], name='residenti')")["text/html"]
    assert _risultato(kernel, "np.float64(0.35)")["text/plain"] == "0.35"


def test_grafico_con_didascalia_e_testo_alternativo(kernel):
    visto = _risultato(kernel, (
        "from course.grafici.stile import nuova_figura\n"
        "fig, ax = nuova_figura()\nax.bar(['Bari', 'Lecce'], [12, 7]); ax.set_title('Patti per Ambito')\nfig"))
    assert "<figcaption" in visto["text/html"] and 'alt="Grafico «Patti per Ambito»' in visto["text/html"]
    assert visto["metadati"]["image/png"]["alt"].startswith("Grafico «Patti per Ambito»")
    assert "image/png" in visto


def test_spente_per_la_correzione(tmp_path):
    km, kc = _avvia_kernel(tmp_path, del_corso=True, ambiente={"AMBITI_LAB_SPIEGAZIONI": "0"})
    try:
        visto = _risultato(kc, "import pandas as pd\npd.DataFrame({'ore': [1234.5, None]})")
        assert "NaN" in visto["text/plain"], "nella correzione le tabelle restano quelle di pandas"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_funzioni_senza_kernel():
    df = pd.DataFrame({"a": [1.5, None]}, index=pd.MultiIndex.from_tuples([("x", 1), ("y", 2)]))
    assert "1,5" in tabella_html(df) and "—" in tabella_testo(df)
    lunga = pd.DataFrame({"a": range(70)}, index=pd.MultiIndex.from_arrays([range(70), range(70)]))
    assert "…" in tabella_testo(lunga)
