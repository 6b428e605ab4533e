"""Ogni grafico del cronoprogramma e degli indicatori, salvato in PNG e controllato: contiene dati."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course import formato
from course.errori import ErroreCorso
from course.grafici.cronoprogramma import COLORI_STATO, gantt, grafico_previsto_raggiunto
from course.grafici.indicatori import grafico_indicatore
from course.indicatori import Indicatore, calcola

AL = "2025-06-30"


def _png_con_dati(fig, percorso) -> np.ndarray:
    """Salva la figura e verifica che l'immagine non sia bianca (molti pixel colorati, non tutti uguali)."""
    import matplotlib.image as mpimg

    fig.savefig(percorso, dpi=60)
    immagine = mpimg.imread(percorso)[..., :3]
    assert immagine.std() > 0.05
    colorati = (np.abs(immagine - immagine.mean(axis=2, keepdims=True)).max(axis=2) > 0.1).mean()
    return colorati


def _attivita():
    return pd.DataFrame({
        "descrizione": ["Ricognizione dei casi in attesa", "Formazione dei case manager", "Accordo con il Centro per l'impiego",
                        "Date sbagliate"],
        "avanzamento_pct": [100.0, 40.0, 0.0, 10.0],
        "inizio_previsto": pd.to_datetime(["2025-01-01", "2025-03-01", "2025-09-01", "2025-05-01"]),
        "fine_prevista": pd.to_datetime(["2025-02-28", "2025-05-31", "2025-11-30", "2025-04-01"]),
        "inizio_effettivo": pd.to_datetime(["2025-01-05", "2025-03-20", None, "2025-05-02"]),
        "fine_effettiva": pd.to_datetime(["2025-03-10", None, None, None]),
    })


def _indicatori():
    return pd.DataFrame({"descrizione": ["Patti sottoscritti (almeno 20)", "Giorni di attesa", "Quota senza valore"],
                         "polarita": ["crescente", "decrescente", "crescente"], "unita": ["numero", "giorni", "%"],
                         "valore_previsto": [np.nan, 30, 80], "valore_raggiunto": [25, 40, np.nan]})


def test_gantt(tmp_path):
    fig = gantt(_attivita(), al=AL)
    ax = fig.axes[0]
    assert len(ax.patches) == 8  # una barra prevista e una effettiva per attività
    colori_effettivi = {tuple(np.round(p.get_facecolor()[:3], 2)) for p in ax.patches[4:]}
    assert len(colori_effettivi) >= 2  # stati diversi, colori diversi
    assert [t.get_text() for t in ax.get_yticklabels()][3].startswith("⚠")
    assert "30 giu 2025" in ax.get_title()
    assert _png_con_dati(fig, tmp_path / "gantt.png") > 0.01
    assert set(COLORI_STATO) == {"conclusa", "in corso", "in ritardo", "non avviata"}


def test_gantt_vuoto_e_data_dai_dati(tmp_path):
    vuoto = gantt(_attivita().iloc[0:0], al=AL)
    assert "vuoto" in vuoto.axes[0].texts[0].get_text()
    _png_con_dati(vuoto, tmp_path / "vuoto.png")
    att = _attivita()
    att.attrs["data_riferimento"] = pd.Timestamp(AL)
    assert "30 giu 2025" in gantt(att).axes[0].get_title()


def test_previsto_raggiunto(tmp_path):
    fig = grafico_previsto_raggiunto(_indicatori())
    ax = fig.axes[0]
    larghezze = [p.get_width() for p in ax.patches]
    assert larghezze == pytest.approx([125.0, 75.0, 0.0])
    testi = [t.get_text() for t in ax.texts]
    assert any("25 su 20" in t for t in testi) and any(f"({formato.MANCANTE})" in t for t in testi)
    assert _png_con_dati(fig, tmp_path / "indicatori.png") > 0.01
    assert "vuota" in grafico_previsto_raggiunto(_indicatori().iloc[0:0]).axes[0].texts[0].get_text()


def _patti():
    rng = np.random.default_rng(3)
    n = 300
    return pd.DataFrame({
        "codice_ambito": rng.choice(["ATS-BA-01", "ATS-LE-03", "ATS-FG-02"], n),
        "data_domanda": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 540, n), unit="D"),
        "firmato": rng.random(n) < 0.7,
    })


_QUOTA = Indicatore("Quota di Patti sottoscritti", unita="%", numeratore="firmato", denominatore="righe",
                    polarita="crescente", target=70, data="data_domanda")


def test_grafico_per_ambito(tmp_path):
    fig = grafico_indicatore(calcola(_QUOTA, _patti()))
    ax = fig.axes[0]
    assert len(ax.patches) == 3 and any(line.get_linestyle() == "--" for line in ax.lines)
    etichette = [t.get_text() for t in ax.get_yticklabels()]
    assert "Gagliano del Capo" in " ".join(etichette)  # nomi degli Ambiti, non codici
    assert ax.xaxis.get_major_formatter()(50, 0) == "50 %"
    _png_con_dati(fig, tmp_path / "ambiti.png")


def test_grafico_nel_tempo(tmp_path):
    fig = grafico_indicatore(calcola(_QUOTA, _patti(), per=["ambito", "mese"]))
    ax = fig.axes[0]
    linee_dati = [line for line in ax.lines if len(line.get_xdata()) > 2]
    assert len(linee_dati) == 3
    _png_con_dati(fig, tmp_path / "mesi.png")
    trimestri = grafico_indicatore(calcola(_QUOTA, _patti(), per="trimestre"))
    assert len(trimestri.axes[0].lines[0].get_xdata()) == 6
    _png_con_dati(trimestri, tmp_path / "trimestri.png")


def test_grafico_molti_ambiti_usa_la_mediana(tmp_path):
    p = _patti()
    p["codice_ambito"] = [f"ATS-BA-{k:02d}" for k in np.arange(len(p)) % 12 + 1]
    fig = grafico_indicatore(calcola(_QUOTA, p, per=["ambito", "anno"]))
    assert [t.get_label() for t in fig.axes[0].lines][0] == "mediana"
    _png_con_dati(fig, tmp_path / "mediana.png")


def test_grafico_da_calcola_tutti_e_valori_mancanti(tmp_path):
    from course.indicatori import calcola_tutti, dal_catalogo

    p = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "esito": ["concluso", None],
                      "data_chiusura": pd.to_datetime(["2025-03-01", None])})
    t = calcola_tutti({"patti": p}, indicatori=[dal_catalogo("Quota di Patti conclusi positivamente")])
    fig = grafico_indicatore(t, indicatore="Quota di Patti conclusi positivamente")
    assert any(" n.d." == tx.get_text() for tx in fig.axes[0].texts)
    _png_con_dati(fig, tmp_path / "tutti.png")
    with pytest.raises(ErroreCorso, match="Ci sono"):
        grafico_indicatore(t, indicatore="Altro")


def test_grafico_vuoto_e_tabella_sbagliata():
    vuoto = calcola(_QUOTA, _patti().iloc[0:0])
    assert "Nessun valore" in grafico_indicatore(vuoto).axes[0].texts[0].get_text()
    with pytest.raises(ErroreCorso, match="valore"):
        grafico_indicatore(pd.DataFrame({"x": [1]}))


def test_scelta_dell_obiettivo(tmp_path):
    att = pd.concat([_attivita().assign(id_obiettivo="OB-1"), _attivita().iloc[:2].assign(id_obiettivo="OB-2")])
    assert len(gantt(att, al=AL, id_obiettivo="OB-2").axes[0].patches) == 4
    ind = _indicatori().assign(id_obiettivo=["OB-1", "OB-2", "OB-2"])
    fig = grafico_previsto_raggiunto(ind, id_obiettivo="OB-2")
    assert len(fig.axes[0].patches) == 2
    _png_con_dati(fig, tmp_path / "ob2.png")
    assert "vuot" in gantt(att, al=AL, id_obiettivo="OB-9").axes[0].texts[0].get_text()
    with pytest.raises(ErroreCorso, match="id_obiettivo"):
        gantt(_attivita(), al=AL, id_obiettivo="OB-1")
