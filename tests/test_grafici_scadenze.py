import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.grafici import scadenze as gs
from course.scadenze import carico_case_manager, prossime_scadenze
from immagini import quota_disegnata

OGGI = "2025-06-30"

@pytest.fixture
def patti():
    domande = pd.to_datetime(["2025-06-20", "2025-05-01", "2025-01-10", "2024-03-01", "2025-02-01", "2025-06-01"])
    n = len(domande)
    return pd.DataFrame({
        "id_patto": [f"P{i}" for i in range(n)], "codice_ambito": ["ATS-BA-01"] * n,
        "misura": ["ADI", "ReD"] * 3, "id_operatore": ["OP1", "OP2", "OP1", "OP3", "OP2", "OP1"],
        "data_domanda": domande, "data_assegnazione": domande + pd.Timedelta(days=3),
        "data_primo_colloquio": [pd.NaT] * n, "data_analisi_preliminare": [pd.NaT] * n,
        "quadro_analisi_necessario": [False] * n, "data_quadro_analisi": [pd.NaT] * n,
        "data_sottoscrizione": [pd.NaT] * n, "data_ultima_revisione": [pd.NaT] * n, "data_chiusura": [pd.NaT] * n,
    })


def test_anzianita(patti, tmp_path):
    s = prossime_scadenze(patti, alla_data=OGGI)
    fig = gs.grafico_anzianita(s)
    ax = fig.axes[0]
    altezze = sum(p.get_height() for p in ax.patches)
    assert altezze == len(s)  # ogni caso aperto è in una barra
    assert {t.get_text() for t in ax.get_legend().get_texts()} <= set(gs.COLORI_STATO)
    assert "30 giu 2025" in ax.get_title(loc="left")
    assert quota_disegnata(fig, tmp_path / "anzianita.png") > 0.02
    # dalla tabella patti e con classi scelte
    fig2 = gs.grafico_anzianita(patti, alla_data=OGGI, classi=(0, 90, 365))
    assert len(fig2.axes[0].get_xticklabels()) == 3


def test_carico(patti, tmp_path):
    operatori = pd.DataFrame({"id_operatore": ["OP1", "OP2", "OP3"], "fte": [1.0, 0.5, 1.0]})
    carico = carico_case_manager(patti, operatori=operatori, alla_data=OGGI)
    fig = gs.grafico_carico(carico)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == carico["id_operatore"].tolist()[::-1]
    assert any("per FTE" in t.get_text() for t in ax.texts)
    assert quota_disegnata(fig, tmp_path / "carico.png") > 0.02


def test_vuoti_ed_errori(patti, tmp_path):
    vuota = prossime_scadenze(patti.iloc[:0], alla_data=OGGI)
    fig = gs.grafico_anzianita(vuota)
    assert "Nessun caso aperto" in fig.axes[0].texts[0].get_text()
    assert quota_disegnata(fig, tmp_path / "vuoto.png") > 0
    assert "Nessun case manager" in gs.grafico_carico(carico_case_manager(patti.iloc[:0], alla_data=OGGI)).axes[0].texts[0].get_text()
    with pytest.raises(ErroreCorso, match="mancano le colonne"):
        gs.grafico_carico(pd.DataFrame({"operatore": ["OP1"]}))


def _etichette(fig, asse):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    tacche = ax.get_yticklabels() if asse == "y" else ax.get_xticklabels()
    return [t.get_text() for t in tacche if t.get_text()]


def test_con_pochi_casi_gli_assi_dei_conteggi_hanno_solo_numeri_interi(patti):
    # un caso o due: prima l'asse diceva «0 0 0 1 1 1» (tacche a 0,2 scritte senza decimali)
    pochi = patti.iloc[:1]
    etichette = _etichette(gs.grafico_anzianita(prossime_scadenze(pochi, alla_data=OGGI)), "y")
    assert etichette and len(etichette) == len(set(etichette)), etichette
    carico = carico_case_manager(patti.iloc[:2], alla_data=OGGI)
    etichette = _etichette(gs.grafico_carico(carico), "x")
    assert etichette and len(etichette) == len(set(etichette)), etichette
