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


def test_piano_operativo_vista_ed_esploratore():
    azioni = pd.DataFrame({"id_azione": ["A1", "A2", "A3"], "codice_ambito": ["ATS-LE-03", "ATS-LE-03", "ATS-LE-04"],
                           "tipo_azione": ["azioni di sistema", "interventi trasversali", "azioni di sistema"],
                           "budget": [10000.0, 20000.0, 8000.0], "spesa": [9000.0, 2000.0, 4000.0],
                           "data_inizio": pd.to_datetime(["2025-01-01"] * 3),
                           "data_fine": pd.to_datetime(["2025-12-31", "2025-12-31", "2024-12-31"])})
    azioni.attrs["data_riferimento"] = pd.Timestamp("2025-07-02")
    tab, fig = wm.vista_piano_operativo(azioni, ambito="ATS-LE-03")
    assert tab["Tipo di azione"].tolist() == ["azioni di sistema", "interventi trasversali"]
    assert tab["Segnale"].astype(str).tolist() == ["sovraspesa", "sottospesa"] and fig.axes
    per_azione, _ = wm.vista_piano_operativo(azioni, per="azione")
    assert "la fine dell'azione viene prima dell'inizio" in per_azione.loc[2, "Da verificare"]
    esp = wm.EsploratorePianoOperativo(azioni)
    assert esp.grafico.value[:4] == b"\x89PNG" and len(esp.risultato) == 2
    esp.per.value = "ambito"
    assert esp.risultato["Ambito"].tolist() == ["ATS-LE-03", "ATS-LE-04"]
    esp.ambito.value = "ATS-LE-04"
    assert esp.risultato["Ambito"].tolist() == ["ATS-LE-04"]
    with pytest.raises(ErroreCorso, match="Valore di raggruppamento sconosciuto"):
        wm.vista_piano_operativo(azioni, per="tipo")
