import numpy as np
import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.widget import confronto as wc

POP = pd.DataFrame({"codice_ambito": ["ATS-LE-01", "ATS-LE-03", "ATS-BA-01", "ATS-BA-02"],
                    "popolazione": [80000, 20000, 140000, 300000]})


@pytest.fixture
def tabelle():
    patti = pd.DataFrame({"codice_ambito": np.repeat(POP["codice_ambito"], [60, 40, 100, 200]),
                          "misura": ["ADI", "ReD"] * 200,
                          "data_sottoscrizione": pd.to_datetime(["2024-01-01", None] * 200),
                          "esito": ["decaduto", "concluso", None, "concluso"] * 100})
    operatori = pd.DataFrame({"codice_ambito": np.repeat(POP["codice_ambito"], [10, 6, 20, 70]),
                              "ruolo": "assistente sociale", "fte": 1.0})
    return {"patti": patti, "operatori": operatori}


def test_vista_funnel_provincia_e_riferimento_regionale(tabelle):
    tab, fig = wc.vista_confronto(tabelle, indicatore="prese in carico ogni 1.000 residenti", provincia="Lecce",
                                  popolazione=POP)
    assert set(tab["Prov."]) == {"LE"} and len(tab) == 2
    # il riferimento resta quello di tutta la regione: 400 casi su 540.000 residenti
    riferimento = fig.axes[0].lines[0].get_ydata()[0]
    assert riferimento == pytest.approx(400 / 540000 * 1000)
    assert "Rispetto all’atteso" in tab.columns


@pytest.mark.parametrize("vista", wc.VISTE)
def test_tutte_le_viste_per_tutti_gli_indicatori(tabelle, vista):
    from course.confronto import INDICATORI_CONFRONTO

    for indicatore in INDICATORI_CONFRONTO:
        tab, fig = wc.vista_confronto(tabelle, indicatore=indicatore, vista=vista, popolazione=POP,
                                      ambito="Gagliano del Capo")
        assert len(tab) > 0 and fig.axes


def test_ambito_scritto_male(tabelle):
    with pytest.raises(ErroreCorso, match="Forse intendevi: Gagliano del Capo"):
        wc.vista_confronto(tabelle, indicatore="prese in carico ogni 1.000 residenti", ambito="Galiano del Capo",
                           popolazione=POP)


def test_esploratore_reagisce_ai_menu(tabelle):
    esp = wc.esploratore_confronto(tabelle, popolazione=POP)
    assert esp.grafico.value[:4] == b"\x89PNG" and "Gagliano" in esp.tabella.value
    primo = esp.grafico.value

    esp.provincia.value = "BA"
    assert "Gagliano" not in esp.tabella.value and "Altamura" in esp.tabella.value
    # il menu degli Ambiti mostra solo quelli della provincia scelta
    assert {v for _, v in esp.ambito.options} - {""} <= {f"ATS-BA-{i:02d}" for i in range(1, 13)}
    assert esp.grafico.value != primo

    esp.ambito.value = "ATS-BA-01"
    esp.provincia.value = "LE"
    assert esp.ambito.value == ""  # l'Ambito di Bari non c'è più tra quelli di Lecce

    esp.indicatore.value = "residenti per assistente sociale (LEPS)"
    assert "Residenti per AS" in esp.tabella.value and "Per il LEPS" in esp.messaggio.value

    esp.vista.value = "confronto tra province"
    assert "Bari" in esp.tabella.value and "Lecce" in esp.tabella.value and esp.messaggio.value == ""


def test_esploratore_mostra_l_errore_senza_rompersi(tabelle):
    esp = wc.esploratore_confronto({"patti": tabelle["patti"]}, popolazione=POP)
    esp.indicatore.value = "residenti per assistente sociale (LEPS)"
    assert "serve la tabella «operatori»" in esp.messaggio.value
    esp.indicatore.value = "prese in carico ogni 1.000 residenti"
    assert "⚠️" not in esp.messaggio.value and "limiti semplici" in esp.messaggio.value


def test_tabella_vuota_html():
    assert "Nessuna riga" in wc.tabella_html(pd.DataFrame({"a": []}))
    html = wc.tabella_html(pd.DataFrame({"n": range(100)}), massimo=10)
    assert "altre 90 righe" in html
