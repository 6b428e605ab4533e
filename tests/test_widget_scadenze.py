import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.scadenze import scadenzario
from course.widget import scadenze as ws

OGGI = "2025-06-30"


@pytest.fixture
def coda():
    domande = pd.to_datetime(["2025-01-10", "2025-06-20", "2025-02-01", "2025-06-25", "2024-12-01"])
    n = len(domande)
    patti = pd.DataFrame({
        "id_patto": [f"P{i}" for i in range(n)],
        "codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-BA-02", "ATS-BA-02", "ATS-BA-02"],
        "misura": ["ADI", "ReD", "ReD", "ADI", "ReD"], "id_operatore": ["OP1", "OP1", "OP2", "OP3", "OP3"],
        "data_domanda": domande, "data_assegnazione": domande + pd.Timedelta(days=2),
        "data_primo_colloquio": [pd.NaT] * n, "data_analisi_preliminare": [pd.NaT] * n,
        "quadro_analisi_necessario": [False] * n, "data_quadro_analisi": [pd.NaT] * n,
        "data_sottoscrizione": [pd.NaT] * n, "data_ultima_revisione": [pd.NaT] * n, "data_chiusura": [pd.NaT] * n,
    })
    return scadenzario(patti, alla_data=OGGI)


def test_vista_filtri_e_viste(coda):
    tab, fig = ws.vista_scadenzario(coda, ambito="ATS-BA-02", solo_scadute=True)
    assert set(tab["Ambito"]) == {"ATS-BA-02"} and set(tab["Stato"].astype(str)) == {"scaduta"}
    assert tab["N."].tolist() == list(range(1, len(tab) + 1))
    assert fig.axes
    carico, _ = ws.vista_scadenzario(coda, vista="carico dei case manager")
    assert carico["Casi aperti"].sum() == len(coda)
    anz, _ = ws.vista_scadenzario(coda, vista="anzianità dei casi", misura="ADI")
    assert anz["totale"].sum() == (coda["misura"] == "ADI").sum()
    with pytest.raises(ErroreCorso, match="Valore di vista sconosciuto"):
        ws.vista_scadenzario(coda, vista="grafico")


def test_esploratore_reagisce_ai_filtri(coda):
    esp = ws.EsploratoreScadenzario(coda)
    assert esp.grafico.value[:4] == b"\x89PNG"
    assert len(esp.risultato) == len(coda) and "5 casi aperti" in esp.riepilogo.value
    esp.ambito.value = "ATS-BA-01"
    assert set(esp.risultato["Ambito"]) == {"ATS-BA-01"}
    assert list(esp.case_manager.options) == ["tutti", "OP1"]  # i case manager seguono l'Ambito
    esp.solo_scadute.value = True
    assert set(esp.risultato["Stato"].astype(str)) == {"scaduta"}
    esp.ambito.value = "tutti"
    esp.case_manager.value = "OP3"
    assert set(esp.risultato["Case manager"]) == {"OP3"}
    esp.vista.value = "carico dei case manager"
    assert esp.risultato["Case manager"].tolist() == ["OP3"]
    esp.misura.value = "ADI"
    esp.case_manager.value = "OP2"
    assert len(esp.risultato) == 0 and "Nessuna riga" in esp.tabella.value
    assert "Nessun case manager" not in esp.riepilogo.value and "0 casi aperti" in esp.riepilogo.value
