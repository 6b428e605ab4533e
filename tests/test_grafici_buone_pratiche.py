import pandas as pd
import pytest

from course import buone_pratiche as bp
from course.dati.tabelle import AREE_TEMATICHE
from course.grafici import buone_pratiche as gb
from course.parametri import parametro
from immagini import quota_disegnata

@pytest.fixture
def candidature():
    n = 6
    scadenza = pd.Timestamp(parametro("scadenza_buone_pratiche"))
    return pd.DataFrame({
        "id_candidatura": [f"BP-{i}" for i in range(n)],
        "codice_ambito": [f"ATS-BA-{i + 1:02d}" for i in range(n)],
        "titolo": ["Sportello unico", "Orti", "Tutor", "Cartella sociale", "Banca del tempo", "Doposcuola"],
        "area_tematica": [AREE_TEMATICHE[0]] * 5 + ["sport"],
        "poverta_educative": [False] * n,
        "data_invio": [scadenza - pd.Timedelta(days=3)] * 5 + [scadenza + pd.Timedelta(days=3)],
        "inviata_via_pec": [True] * n, "domanda_allegata": [True] * n,
        "descrizione": ["testo"] * n, "anno_avvio": [2015, 2018, 2020, 2021, 2022, 2019],
        "risultati_documentati": [True, False, True, False, True, True], "n_partner": [1, 2, 3, 4, 5, 0],
        "costo_annuo": [1000.0, 5000.0, 8000.0, 2000.0, 9000.0, 100.0], "voto_innovazione": [1, 2, 3, 4, 5, 0],
    })


def test_istruttoria(candidature, tmp_path):
    fig = gb.grafico_istruttoria(bp.istruttoria(candidature))
    ax = fig.axes[0]
    assert ax.get_title() == "Istruttoria: 5 ammesse, 1 esclusa"
    assert len(ax.patches) == 2  # due motivi per l'unica esclusa
    assert quota_disegnata(fig, tmp_path / "istruttoria.png") > 0.02


def test_istruttoria_senza_escluse_e_vuota(candidature):
    fig = gb.grafico_istruttoria(bp.istruttoria(candidature.iloc[:5]))
    assert "Nessuna candidatura esclusa" in fig.axes[0].texts[0].get_text()
    assert "Nessuna candidatura" in gb.grafico_istruttoria(bp.istruttoria(candidature.iloc[:0])).axes[0].texts[0].get_text()


def test_punteggi_barre_impilate_fino_al_totale(candidature, tmp_path):
    p = bp.punteggi(bp.istruttoria(candidature), pesi={"costo": 3})
    fig = gb.grafico_punteggi(p)
    ax = fig.axes[0]
    assert len(ax.patches) == len(p) * len(bp.CRITERI)
    # la barra più a destra di ogni pratica finisce esattamente al punteggio
    fine = sorted({round(r.get_x() + r.get_width(), 6) for r in ax.patches if r.get_width() > 0}, reverse=True)[0]
    assert fine == pytest.approx(p["punteggio"].max())
    legenda = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "costo (peso 3,0)" in legenda
    assert "replicabilità (senza voti, escluso)" in legenda
    assert quota_disegnata(fig, tmp_path / "punteggi.png") > 0.02
    assert len(gb.grafico_punteggi(p, primi=2).axes[0].get_yticklabels()) == 2


def test_sensibilita(candidature, tmp_path):
    s = bp.sensibilita(candidature, primi=3, simulazioni=200)
    fig = gb.grafico_sensibilita(s)
    quote = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    assert len(quote) == len(s) and all(q.endswith("%") for q in quote)
    assert quota_disegnata(fig, tmp_path / "sensibilita.png") > 0.02


def test_vuoti(candidature, tmp_path):
    vuota = candidature.iloc[:0]
    for nome, fig in {"p": gb.grafico_punteggi(bp.punteggi(vuota)),
                      "s": gb.grafico_sensibilita(bp.sensibilita(vuota))}.items():
        assert fig.axes[0].texts and quota_disegnata(fig, tmp_path / f"{nome}.png") > 0


def test_sensibilita_parziale_mostra_tutte_le_posizioni(candidature):
    s = bp.sensibilita(candidature, primi=3, simulazioni=200)
    parte = s.head(2)
    _, destra = sorted(gb.grafico_sensibilita(parte).axes[0].get_xlim())
    assert destra >= parte["posizione_max"].max()
