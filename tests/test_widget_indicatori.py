"""L'esploratore degli indicatori guidato da Python, senza browser."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course.indicatori import dal_catalogo
from course.errori import ErroreCorso
from course.widget.indicatori import (
    EsploratoreIndicatori, anni_disponibili, esploratore_indicatori, filtra_dati, vista_indicatore,
)


def _dati():
    rng = np.random.default_rng(5)
    n = 400
    patti = pd.DataFrame({
        "id_patto": [f"P{k}" for k in range(n)],
        "codice_ambito": rng.choice(["ATS-BA-01", "ATS-LE-03", "ATS-FG-02"], n),
        "misura": pd.Categorical(rng.choice(["ADI", "ReD"], n)),
        "data_domanda": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 600, n), unit="D"),
    })
    patti["data_primo_colloquio"] = patti["data_domanda"] + pd.to_timedelta(rng.integers(5, 90, n), unit="D")
    patti["data_sottoscrizione"] = patti["data_primo_colloquio"].where(rng.random(n) < 0.7)
    patti["data_ultima_revisione"] = pd.NaT
    patti["data_chiusura"] = pd.NaT
    patti["esito"] = None
    patti.attrs["data_riferimento"] = pd.Timestamp("2025-09-30")
    operatori = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-LE-03", "ATS-FG-02"],
                              "ruolo": ["assistente sociale"] * 3, "fte": [10.0, 8.0, 5.0]})
    return {"patti": patti, "operatori": operatori}


INDICATORI = [dal_catalogo("Quota di Patti sottoscritti"), dal_catalogo("Residenti per assistente sociale")]


def test_funzioni_semplici():
    dati = _dati()
    ind = INDICATORI[0]
    assert anni_disponibili(dati, ind) == [2024, 2025]
    assert anni_disponibili(dati, INDICATORI[1]) == []
    ridotti = filtra_dati(dati, ind, ambito="Gagliano del Capo", anno=2025)
    assert set(ridotti["patti"]["codice_ambito"]) == {"ATS-LE-03"}
    assert ridotti["patti"]["data_domanda"].dt.year.eq(2025).all()
    tabella, fig = vista_indicatore(dati, indicatore=ind, vista="per mese", ambito="ATS-BA-01")
    assert list(tabella.columns[:2]) == ["Mese", "Numeratore"] and len(tabella) == 20
    assert fig.axes[0].lines
    with pytest.raises(ErroreCorso, match="vista"):
        vista_indicatore(dati, indicatore=ind, vista="per settimana")
    with pytest.raises(ErroreCorso, match="non ha una data"):
        vista_indicatore(dati, indicatore=INDICATORI[1], vista="per mese")


def test_esploratore_reagisce_ai_menu():
    esp = EsploratoreIndicatori(_dati(), indicatori=INDICATORI)
    assert len(esp.risultato) == 3 and esp.messaggio.value == ""
    immagine_iniziale, tabella_iniziale = esp.grafico.value, esp.tabella.value
    assert immagine_iniziale[:4] == b"\x89PNG" and "Gagliano del Capo" in tabella_iniziale

    esp.ambito.value = "ATS-LE-03"
    assert esp.risultato["Codice"].tolist() == ["ATS-LE-03"]
    assert esp.grafico.value != immagine_iniziale and esp.tabella.value != tabella_iniziale

    tutti_gli_anni = esp.risultato["Valore"].iloc[0]
    esp.periodo.value = 2024
    assert esp.risultato["Denominatore"].iloc[0] < _dati()["patti"]["codice_ambito"].eq("ATS-LE-03").sum()
    assert esp.risultato["Valore"].iloc[0] != tutti_gli_anni or len(esp.risultato) == 1

    esp.vista.value = "per mese"
    assert "Mese" in esp.risultato.columns and len(esp.risultato) == 12

    esp.indicatore.value = "Residenti per assistente sociale"
    assert "non ha una data" in esp.messaggio.value and esp.risultato.empty
    assert [v for _, v in esp.periodo.options] == [0]

    esp.vista.value = "per Ambito"
    assert esp.messaggio.value == "" and esp.risultato["Codice"].tolist() == ["ATS-LE-03"]
    esp.ambito.value = ""
    assert len(esp.risultato) == 3 and "Target raggiunto" in esp.risultato.columns
    assert "application/vnd.jupyter.widget-view+json" in esp._repr_mimebundle_()


def test_esploratore_senza_indicatori_e_con_dati_del_corso():
    with pytest.raises(ErroreCorso):
        EsploratoreIndicatori(_dati(), indicatori=[])
    esp = esploratore_indicatori(_dati(), indicatori=INDICATORI[:1])
    assert list(esp.indicatore.options) == ["Quota di Patti sottoscritti"]


def test_dal_catalogo_solo_gli_indicatori_calcolabili():
    esp = EsploratoreIndicatori(_dati())
    nomi = list(esp.indicatore.options)
    assert "Residenti per assistente sociale" in nomi and "Quota di Patti sottoscritti" in nomi
    assert "Quota di mesi di Patto con ore sufficienti" not in nomi  # manca la tabella delle attività
    for nome in nomi:
        esp.indicatore.value = nome
        assert esp.messaggio.value == "", (nome, esp.messaggio.value)


def test_avviso_delle_righe_senza_data():
    dati = _dati()
    dati["patti"].loc[dati["patti"].index[:3], "data_domanda"] = pd.NaT
    esp = EsploratoreIndicatori(dati, indicatori=INDICATORI[:1])
    assert esp.messaggio.value == ""
    esp.vista.value = "per mese"
    assert "3 righe" in esp.messaggio.value and not esp.risultato.empty
