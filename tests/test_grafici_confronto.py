import numpy as np
import pandas as pd
import pytest

from course import confronto as c
from course.errori import ErroreCorso
from course.grafici import confronto as gc
from immagini import quota_disegnata

POP = pd.DataFrame({"codice_ambito": [f"ATS-LE-{i:02d}" for i in range(1, 7)],
                    "popolazione": [8000, 20000, 40000, 60000, 120000, 250000]})
CASI = pd.DataFrame({"codice_ambito": np.repeat(POP["codice_ambito"], [40, 18, 40, 55, 100, 180])})

@pytest.fixture
def t():
    return c.tassi(CASI, popolazione=POP)


def test_funnel(t, tmp_path):
    fig = gc.grafico_funnel(t, evidenzia="Gagliano del Capo")
    ax = fig.axes[0]
    punti = sum(len(coll.get_offsets()) for coll in ax.collections)
    assert punti == len(t) + 1  # gli Ambiti più il cerchio dell'Ambito scelto
    assert len(ax.lines) == 5  # riferimento e quattro limiti
    # l'Ambito piccolo con un tasso molto alto (40 casi su 8.000) è fuori dai limiti e ha il nome accanto
    assert "Campi Salentina" in {a.get_text() for a in ax.texts}
    assert ax.get_ylabel() == "Tasso ogni 1.000 residenti"
    assert quota_disegnata(fig, tmp_path / "funnel.png") > 0.02


def test_tassi_e_graduatoria(t, tmp_path):
    fig = gc.grafico_tassi(t, evidenzia="ATS-LE-03")
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == len(t)
    grassetto = [e.get_text() for e in ax.get_yticklabels() if e.get_fontweight() == "bold"]
    assert grassetto == ["Gagliano del Capo"]
    assert quota_disegnata(fig, tmp_path / "tassi.png") > 0.02
    fig = gc.grafico_graduatoria(c.graduatoria(t, simulazioni=200))
    assert len(fig.axes[0].get_yticklabels()) == len(t)
    assert quota_disegnata(fig, tmp_path / "graduatoria.png") > 0.02


def test_leps_e_province(tmp_path):
    op = pd.DataFrame({"codice_ambito": np.repeat(POP["codice_ambito"], 4), "ruolo": "assistente sociale",
                       "fte": 1.0})
    r = c.rapporto_leps(op, popolazione=POP)
    fig = gc.grafico_leps(r)
    assert len(fig.axes[0].patches) == len(r)
    assert any("LEPS: 1 ogni 5.000" in e.get_text() for e in fig.axes[0].get_legend().get_texts())
    assert quota_disegnata(fig, tmp_path / "leps.png") > 0.02
    fig = gc.grafico_province(c.per_provincia(r))
    assert len(fig.axes[0].patches) == 1
    assert quota_disegnata(fig, tmp_path / "province_leps.png") > 0.01


def test_province_tassi_con_numeri_all_italiana(t, tmp_path):
    pop = pd.concat([POP, pd.DataFrame({"codice_ambito": ["ATS-BA-01"], "popolazione": [50000]})])
    casi = pd.concat([CASI, pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 30})])
    fig = gc.grafico_province(c.per_provincia(c.tassi(casi, popolazione=pop)))
    testi = [a.get_text() for a in fig.axes[0].texts]
    assert len(testi) == 2 and all("," in x for x in testi)
    assert [e.get_text() for e in fig.axes[0].get_xticklabels()] == ["Bari", "Lecce"]
    assert quota_disegnata(fig, tmp_path / "province.png") > 0.02


@pytest.mark.parametrize("funzione", [gc.grafico_funnel, gc.grafico_tassi])
def test_tabella_vuota_da_una_figura_che_spiega(funzione, tmp_path):
    vuota = c.tassi(CASI.iloc[:0], popolazione=POP)
    fig = funzione(vuota)
    assert "Nessun Ambito" in fig.axes[0].texts[0].get_text()
    assert quota_disegnata(fig, tmp_path / "vuota.png") > 0


def test_un_solo_ambito_e_zero_popolazione(tmp_path):
    pop = pd.DataFrame({"codice_ambito": ["ATS-LE-03", "ATS-LE-04"], "popolazione": [20000, 0]})
    t = c.tassi(pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 5 + ["ATS-LE-04"]}), popolazione=pop)
    for nome, fig in {"funnel": gc.grafico_funnel(t), "tassi": gc.grafico_tassi(t),
                      "grad": gc.grafico_graduatoria(c.graduatoria(t)),
                      "leps": gc.grafico_leps(c.rapporto_leps(pd.DataFrame(
                          {"codice_ambito": ["ATS-LE-03"], "ruolo": ["assistente sociale"], "fte": [1.0]}),
                          popolazione=pop))}.items():
        assert quota_disegnata(fig, tmp_path / f"{nome}.png") > 0.01
    assert "Nessun Ambito" in gc.grafico_graduatoria(c.graduatoria(t).iloc[:0]).axes[0].texts[0].get_text()
    assert "Nessun Ambito" in gc.grafico_leps(c.rapporto_leps(pd.DataFrame(
        {"codice_ambito": ["ATS-LE-03"], "ruolo": ["psicologo"], "fte": [1.0]}), popolazione=pop)).axes[0].texts[0].get_text()


def test_ambito_evidenziato_scritto_male(t):
    with pytest.raises(ErroreCorso, match="Forse intendevi: Gagliano del Capo"):
        gc.grafico_tassi(t, evidenzia="Galiano del Capo")


def test_nessuno_stile_globale_cambiato(t):
    import matplotlib as mpl

    prima = dict(mpl.rcParams)
    gc.grafico_funnel(t)
    assert dict(mpl.rcParams) == prima


def test_graduatoria_parziale_mostra_tutta_la_forchetta(t):
    g = c.graduatoria(t, simulazioni=200)
    parte = g.head(2)
    fig = gc.grafico_graduatoria(parte)
    sinistra, destra = sorted(fig.axes[0].get_xlim())
    assert destra >= parte["posizione_sup"].max()


def _scatole_dei_nomi(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    return ax, [(a.get_text(), a.get_window_extent(renderer)) for a in ax.texts]


@pytest.mark.parametrize("correzione", ["nessuna", "automatica"])
def test_funnel_i_nomi_non_si_sovrappongono(correzione, tmp_path):
    # sui dati del corso, con i limiti semplici, 27 Ambiti su 45 sono fuori: i nomi si accalcano
    from course.dati import carica

    fig = gc.grafico_funnel(c.tassi(carica("patti")), correzione=correzione)
    ax, scatole = _scatole_dei_nomi(fig)
    assert len(scatole) >= 3
    area = ax.get_window_extent()
    for i, (nome, scatola) in enumerate(scatole):
        assert area.x0 - 1 <= scatola.x0 and scatola.x1 <= area.x1 + 1, nome
        assert area.y0 - 1 <= scatola.y0 and scatola.y1 <= area.y1 + 1, nome
        for altro, seconda in scatole[i + 1:]:
            assert not scatola.overlaps(seconda), f"«{nome}» copre «{altro}»"
    assert quota_disegnata(fig, tmp_path / "funnel.png") > 0.02


def test_funnel_corretto_mostra_anche_i_limiti_semplici():
    from course.dati import carica

    t = c.tassi(carica("patti"))
    ax = gc.grafico_funnel(t).axes[0]
    grigie = [linea for linea in ax.lines if linea.get_color() == "#BBBBBB"]
    assert len(grigie) == 4 and len(ax.lines) == 9
    etichette = [e.get_text() for e in ax.figure.legends[0].get_texts()]
    assert "limiti semplici (solo il caso)" in etichette
    assert "limiti corretti (additivi) al 95%" in etichette
    semplice = gc.grafico_funnel(t, correzione="nessuna").axes[0]
    assert len(semplice.lines) == 5


def test_funnel_delle_quote_sulle_prese_in_carico(tmp_path):
    from course.dati import carica

    patti = carica("patti")
    fig = gc.grafico_funnel(c.quote(patti, evento=patti["esito"] == "decaduto"))
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Prese in carico (scala logaritmica)"
    assert ax.get_ylabel() == "Quota ogni 100 prese in carico"
    assert quota_disegnata(fig, tmp_path / "quote.png") > 0.02


def test_le_tacche_dei_tassi_dicono_il_loro_valore():
    # sui dati del corso le prese in carico ADI stanno fra 0,5 e 2: prima le tacche a 1,25 si leggevano «1,2»
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from course import formato
    from course.dati import carica

    patti = carica("patti")
    t = c.calcola_indicatore("prese in carico ADI ogni 1.000 residenti", {"patti": patti})
    for fig, asse in ((gc.grafico_funnel(t), "y"), (gc.grafico_tassi(t), "x")):
        FigureCanvasAgg(fig).draw()
        ax = fig.axes[0]
        tacche = ax.get_yticklabels() if asse == "y" else ax.get_xticklabels()
        for etichetta in tacche:
            valore = etichetta.get_position()[1 if asse == "y" else 0]
            testo = etichetta.get_text()
            if testo:
                assert float(testo.replace(".", "").replace(",", ".")) == pytest.approx(valore), (testo, valore)
