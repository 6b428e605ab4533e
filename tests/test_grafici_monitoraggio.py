import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.grafici import monitoraggio as gm
from course.monitoraggio import conformita_mensile
from course.piano_operativo import piano_operativo
from immagini import quota_disegnata

@pytest.fixture
def conformita():
    mesi = pd.date_range("2025-01-01", periods=4, freq="MS")
    righe = []
    for i, mese in enumerate(mesi):
        righe.append({"id_patto": "P1", "mese": mese, "tipo_attivita": "tirocinio", "ore_previste": 40,
                      "ore_svolte": 40 - 5 * i, "assenze_giustificate": 0, "assenze_ingiustificate": 5 * i})
        righe.append({"id_patto": "P1", "mese": mese, "tipo_attivita": "formazione", "ore_previste": 30,
                      "ore_svolte": 30, "assenze_giustificate": 0, "assenze_ingiustificate": 0})
        righe.append({"id_patto": "P2", "mese": mese, "tipo_attivita": "sussidiarietà", "ore_previste": 70,
                      "ore_svolte": 70, "assenze_giustificate": 0, "assenze_ingiustificate": 0})
    return conformita_mensile(pd.DataFrame(righe))


def test_conformita(conformita, tmp_path):
    fig = gm.grafico_conformita(conformita)
    ax = fig.axes[0]
    assert len(ax.lines) == 2 and len(ax.lines[0].get_xdata()) == 4
    # gennaio e febbraio: tutti e due conformi; da marzo P1 scende sotto le 62 ore
    assert list(ax.lines[0].get_ydata()) == [1.0, 1.0, 0.5, 0.5]
    assert quota_disegnata(fig, tmp_path / "conformita.png") > 0.02


def test_ore_patto(conformita, tmp_path):
    fig = gm.grafico_ore_patto(conformita, "P1")
    ax = fig.axes[0]
    assert len(ax.patches) == 8  # due barre impilate per mese
    # le barre si vedono: larghe quasi un mese (con le date al nanosecondo una larghezza «20» erano 20 ns)
    assert all(15 <= b.get_width() <= 31 and b.get_height() > 0 for b in ax.patches)
    assert len(ax.collections) == 1 and len(ax.collections[0].get_offsets()) == 2  # marzo e aprile non conformi
    assert quota_disegnata(fig, tmp_path / "ore.png") > 0.02
    with pytest.raises(ErroreCorso, match="Forse intendevi: P1"):
        gm.grafico_ore_patto(conformita, "P01")


def test_ore_patto_legenda_e_soglia_non_coprono_le_barre(conformita):
    # prima la legenda stava dentro il grafico, sopra le barre, e «minimo 62 ore» era scritto sulle barre
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = gm.grafico_ore_patto(conformita, "P1")
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    assert ax.get_legend() is None and not ax.texts
    legenda = fig.legends[0].get_window_extent()
    assert not legenda.overlaps(ax.get_window_extent())
    assert any("62 ore" in t.get_text() for t in fig.legends[0].get_texts())


def test_spesa(tmp_path):
    azioni = pd.DataFrame({"id_azione": ["A1", "A2", "A3"], "codice_ambito": ["ATS-FG-01"] * 3,
                           "tipo_azione": ["azioni di sistema", "interventi trasversali", "pacchetti personalizzati"],
                           "budget": [10000.0, 30000.0, 5000.0], "spesa": [9000.0, 3000.0, 2500.0],
                           "data_inizio": pd.to_datetime(["2025-01-01"] * 3),
                           "data_fine": pd.to_datetime(["2025-12-31"] * 3)})
    piano = piano_operativo(azioni, alla_data="2025-07-02")
    fig = gm.grafico_spesa(piano)
    ax = fig.axes[0]
    assert len(ax.patches) == 9
    assert {t.get_text() for t in ax.texts} == {"sovraspesa", "sottospesa"}
    assert quota_disegnata(fig, tmp_path / "spesa.png") > 0.02


def test_spesa_la_legenda_non_copre_le_barre():
    # nell'esploratore della galleria la legenda, nell'angolo in alto, copriva la terza barra e «sovraspesa»
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    azioni = pd.DataFrame({"id_azione": ["A1", "A2", "A3"], "codice_ambito": ["ATS-FG-01"] * 3,
                           "tipo_azione": ["azioni di sistema", "interventi trasversali", "pacchetti personalizzati"],
                           "budget": [10000.0, 10000.0, 10000.0], "spesa": [7000.0, 7000.0, 7000.0],
                           "data_inizio": pd.to_datetime(["2025-01-01"] * 3),
                           "data_fine": pd.to_datetime(["2025-12-31"] * 3)})
    fig = gm.grafico_spesa(piano_operativo(azioni, alla_data="2025-07-02"))
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    assert ax.get_legend() is None and len(fig.legends) == 1
    legenda = fig.legends[0].get_window_extent()
    assert not legenda.overlaps(ax.get_window_extent())
    assert not any(legenda.overlaps(t.get_window_extent()) for t in ax.texts)


def test_vuoti(conformita, tmp_path):
    assert "Nessun mese" in gm.grafico_conformita(conformita.iloc[:0]).axes[0].texts[0].get_text()
    piano = pd.DataFrame(columns=["tipo_azione", "budget", "spesa", "spesa_prevista_fine", "segnale"])
    fig = gm.grafico_spesa(piano)
    assert "Nessuna azione" in fig.axes[0].texts[0].get_text()
    assert quota_disegnata(fig, tmp_path / "v.png") > 0
