"""Test di ``course.indicatori.calcolo``: il calcolo per Ambito, provincia, mese."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.indicatori import Indicatore, calcola, con_ambito, dal_catalogo

from esempi_indicatori import indicatore_completo, patti_esempio


def test_calcola_quota_per_ambito():
    quota = indicatore_completo()
    r = calcola(quota, patti_esempio())
    assert r["codice_ambito"].tolist() == ["ATS-BA-01", "ATS-LE-02"]
    assert r["valore"].tolist() == pytest.approx([100 / 3, 50.0])
    assert r["target_raggiunto"].tolist() == [False, False]


def test_calcola_denominatore_zero_non_rompe():
    media = Indicatore("Giorni medi di attesa", numeratore="data_primo_colloquio - data_domanda",
                       denominatore="data_primo_colloquio.notna()", polarita="decrescente", target=30)
    p = patti_esempio()
    p.loc[p["codice_ambito"] == "ATS-LE-02", "data_primo_colloquio"] = pd.NaT
    r = calcola(media, p)
    assert r.loc[0, "valore"] == pytest.approx((10 + 70) / 2)
    assert math.isnan(r.loc[1, "valore"]) and "denominatore zero" in r.loc[1, "nota"]
    assert pd.isna(r.loc[1, "target_raggiunto"]) and not np.isinf(r["valore"]).any()


def test_calcola_per_mese_provincia_totale_e_colonna():
    ind = Indicatore("Numero di domande", data="data_domanda")
    assert calcola(ind, patti_esempio(), per="mese")["valore"].tolist() == [2, 2, 1]
    assert calcola(ind, patti_esempio(), per="provincia").set_index("provincia")["valore"].to_dict() == {"BA": 3, "LE": 2}
    assert calcola(ind, patti_esempio(), per="totale")["valore"].tolist() == [5]
    assert calcola(ind, patti_esempio(), per="misura").set_index("misura")["valore"].to_dict() == {"ADI": 3, "ReD": 2}
    doppio = calcola(ind, patti_esempio(), per=["ambito", "trimestre"])
    assert set(doppio.columns) >= {"codice_ambito", "trimestre"} and doppio["valore"].sum() == 5
    assert calcola(ind, patti_esempio(), per="anno")["anno"].tolist() == [2025]


def test_calcola_con_funzione():
    ind = Indicatore("Numero di patti ADI", numeratore=lambda df: df["misura"] == "ADI")
    assert calcola(ind, patti_esempio())["valore"].tolist() == [2, 1]


def test_calcola_raggruppamento_sconosciuto():
    with pytest.raises(ErroreCorso, match="Forse intendevi: ambito"):
        calcola(indicatore_completo(), patti_esempio(), per="ambto")


def test_calcola_per_mese_senza_data():
    with pytest.raises(ErroreCorso, match="data="):
        calcola(indicatore_completo(), patti_esempio(), per="mese")


def test_calcola_tabella_vuota():
    r = calcola(indicatore_completo(), patti_esempio().iloc[0:0])
    assert r.empty and "vuota" in r.attrs["avviso"]


def test_calcola_colonna_tutta_vuota():
    p = patti_esempio().assign(data_primo_colloquio=pd.NaT)
    media = dal_catalogo("Giorni medi dalla domanda al primo colloquio")
    r = calcola(media, p)
    assert r["valore"].isna().all() and r["nota"].str.contains("denominatore zero").all()


def test_calcola_un_solo_ambito():
    p = patti_esempio()
    r = calcola(indicatore_completo(), p[p["codice_ambito"] == "ATS-LE-02"])
    assert len(r) == 1 and r["valore"].iloc[0] == 50


def test_calcola_dati_sbagliati():
    with pytest.raises(ErroreCorso, match="dizionario"):
        calcola(indicatore_completo(), [1, 2, 3])
    with pytest.raises(ErroreCorso, match="Indicatore"):
        calcola("quota", patti_esempio())
    with pytest.raises(ErroreCorso, match="serve la tabella 'patti'"):
        calcola(indicatore_completo(tabella="patti"), {"pati": patti_esempio(), "operatori": pd.DataFrame()})


def test_calcola_due_tabelle_e_popolazione():
    operatori = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-LE-03"],
                              "ruolo": ["assistente sociale", "psicologo", "assistente sociale"],
                              "fte": [1.0, 1.0, 0.5]})
    ind = dal_catalogo("Residenti per assistente sociale")
    r = calcola(ind, {"operatori": operatori}).set_index("codice_ambito")
    from course.territorio import popolazione_ambiti

    pop = popolazione_ambiti().set_index("codice_ambito")["popolazione"]
    assert sorted(r.index) == ["ATS-BA-01", "ATS-LE-03"]  # la popolazione si limita agli Ambiti dei dati
    assert r.loc["ATS-BA-01", "valore"] == pytest.approx(pop["ATS-BA-01"])
    assert r.loc["ATS-LE-03", "valore"] == pytest.approx(pop["ATS-LE-03"] / 0.5)
    # con la popolazione passata esplicitamente, un Ambito senza assistenti sociali ha valore vuoto, non infinito
    esplicita = calcola(ind, {"operatori": operatori, "popolazione": popolazione_ambiti()}).set_index("codice_ambito")
    assert len(esplicita) == 45 and math.isnan(esplicita.loc["ATS-FG-01", "valore"])
    assert not np.isinf(esplicita["valore"]).any()
    with pytest.raises(ErroreCorso, match="due tabelle"):
        calcola(ind, operatori)


def test_ambito_ricavato_dal_patto():
    attivita = pd.DataFrame({"id_patto": ["P1", "P4", "P4"], "mese": pd.to_datetime(["2025-01-01"] * 3),
                             "ore_previste": [62, 62, 10], "assenze_ingiustificate": [2, 0, 10]})
    ind = dal_catalogo("Quota di ore perse per assenze ingiustificate")
    r = calcola(ind, {"attivita_mensili": attivita, "patti": patti_esempio()}).set_index("codice_ambito")
    assert r.loc["ATS-LE-02", "valore"] == pytest.approx(10 / 72 * 100)
    assert con_ambito({"attivita_mensili": attivita, "patti": patti_esempio()})["attivita_mensili"]["codice_ambito"].notna().all()
    with pytest.raises(ErroreCorso, match="codice_ambito"):
        calcola(ind, {"attivita_mensili": attivita})


def test_righe_senza_data_o_ambito_sono_segnalate():
    p = patti_esempio()
    p.loc[0, "data_domanda"] = pd.NaT
    p.loc[1, "codice_ambito"] = None
    ind = Indicatore("Numero di domande", data="data_domanda")
    r = calcola(ind, p, per="mese")
    assert r["valore"].sum() == 4 and "1 riga" in r.attrs["avviso"] and "mese" in r.attrs["avviso"]
    r = calcola(ind, p, per="ambito")
    assert r["valore"].sum() == 4 and "Ambito" in r.attrs["avviso"]
    assert "avviso" not in calcola(ind, patti_esempio(), per="ambito").attrs


def test_per_mese_con_date_scritte_come_testo():
    p = patti_esempio().assign(data_domanda=["05/01/2025", "20/01/2025", "2025-02-10", "15.2.2025", "01/03/2025"])
    r = calcola(Indicatore("Numero di domande", data="data_domanda"), p, per="mese")
    assert r["mese"].dt.month.tolist() == [1, 2, 3] and r["valore"].tolist() == [2, 2, 1]
