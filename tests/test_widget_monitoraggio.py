import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.monitoraggio import conformita_mensile
from course.widget import monitoraggio as wm


@pytest.fixture
def dati():
    mesi = pd.date_range("2025-01-01", periods=3, freq="MS")
    righe = []
    for patto, ore in {"P1": [70, 70, 70], "P2": [70, 40, 30], "P3": [20, 20, 20], "P4": [80, 80, 80]}.items():
        for mese, h in zip(mesi, ore):
            righe.append({"id_patto": patto, "mese": mese, "tipo_attivita": "tirocinio", "ore_previste": 80,
                          "ore_svolte": h, "assenze_giustificate": 0, "assenze_ingiustificate": 80 - h})
    patti = pd.DataFrame({"id_patto": ["P1", "P2", "P3", "P4"],
                          "codice_ambito": ["ATS-FG-01", "ATS-FG-01", "ATS-FG-02", "ATS-FG-02"],
                          "id_operatore": ["OP1", "OP2", "OP3", "OP3"]})
    return conformita_mensile(pd.DataFrame(righe)), patti


def test_vista_livelli_e_filtri(dati):
    conf, patti = dati
    tab, fig = wm.vista_monitoraggio(conf, patti, livello="ambito")
    assert tab["Ambito"].tolist() == ["ATS-FG-01", "ATS-FG-02"]
    assert tab["Patti in allerta"].tolist() == [1, 1]
    tab, _ = wm.vista_monitoraggio(conf, patti, livello="patto", ambito="ATS-FG-01", solo_allerte=True)
    assert tab["Patto"].tolist() == ["P2"] and "sotto la regola" in tab.loc[0, "Allerta"]
    tab, _ = wm.vista_monitoraggio(conf, patti, livello="case_manager", case_manager="OP3")
    assert tab["Case manager"].tolist() == ["OP3"] and tab.loc[0, "Patti"] == 2
    assert fig.axes
    with pytest.raises(ErroreCorso, match="Forse intendevi: patto"):
        wm.vista_monitoraggio(conf, patti, livello="patti")


def test_esploratore_reagisce_ai_menu(dati):
    conf, patti = dati
    esp = wm.esploratore_monitoraggio(conf, patti)
    assert esp.grafico.value[:4] == b"\x89PNG" and len(esp.risultato) == 2
    esp.ambito.value = "ATS-FG-02"
    assert esp.risultato["Ambito"].tolist() == ["ATS-FG-02"]
    assert list(esp.case_manager.options) == ["tutti", "OP3"]
    esp.livello.value = "patto"
    assert sorted(esp.risultato["Patto"]) == ["P3", "P4"]
    esp.solo_allerte.value = True
    assert esp.risultato["Patto"].tolist() == ["P3"]
    assert "1 riga" in esp.messaggio.value
