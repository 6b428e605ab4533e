"""Test di ``course.indicatori.standard``: il catalogo del corso e la regola delle ore letta dal monitoraggio."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.indicatori import (
    calcola, calcola_tutti, catalogo, controlla_smart, dal_catalogo, mesi_con_ore_sufficienti, mesi_di_attivita,
)
from course.parametri import parametro

from esempi_indicatori import patti_esempio


def test_regola_delle_ore_al_limite():
    minime, quota = parametro("ore_mensili_minime"), parametro("quota_minima_attivita_qualificanti")
    q = minime * quota
    attivita = pd.DataFrame({
        "id_patto": ["A", "A", "B", "B", "C"],
        "mese": pd.to_datetime(["2025-01-01"] * 5),
        "tipo_attivita": ["tirocinio", "formazione", "tirocinio", "formazione", "lavoro di comunità"],
        "ore_svolte": pd.array([q, minime - q, q - 1, minime - q + 1, minime - 1], dtype="Int64"),
        "ore_previste": 40, "assenze_giustificate": 0, "assenze_ingiustificate": 0,
    })
    assert mesi_con_ore_sufficienti(attivita).tolist() == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert mesi_di_attivita(attivita).sum() == 3


def test_regola_delle_ore_scritta_una_volta_sola():
    """Il catalogo dà la stessa quota del monitoraggio, anche con un mese senza ore registrate.

    Prima il catalogo riscriveva la regola e contava il mese vuoto come non conforme (quota 50 %),
    mentre il monitoraggio lo lascia fuori perché non valutabile (quota 100 %).
    """
    from course.monitoraggio import conformita_mensile, riepilogo_conformita

    minime = parametro("ore_mensili_minime")
    attivita = pd.DataFrame({
        "id_patto": ["P1", "P1", "P4", "P4"],
        "mese": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-01-01", "2025-02-15"]),
        "tipo_attivita": ["tirocinio", "tirocinio", "tirocinio", "formazione"],
        "ore_svolte": pd.array([minime, None, minime - 1, minime], dtype="Int64"),
        "ore_previste": minime, "assenze_giustificate": 0, "assenze_ingiustificate": 0,
    })
    dati = {"attivita_mensili": attivita, "patti": patti_esempio()}
    ind = dal_catalogo("Quota di mesi di Patto con ore sufficienti")
    dal_catalogo_ = calcola(ind, dati).set_index("codice_ambito")["valore"]
    riepilogo = riepilogo_conformita(conformita_mensile(attivita, patti_esempio()), patti_esempio(),
                                     per="ambito").set_index("codice_ambito")
    assert dal_catalogo_.dropna().to_dict() == pytest.approx((riepilogo["quota_conformi"] * 100).dropna().to_dict())
    # P1 (BA) è un Patto ADI: la regola delle ore non lo riguarda, quindi BA non ha mesi valutabili
    assert pd.isna(dal_catalogo_["ATS-BA-01"]) and dal_catalogo_["ATS-LE-02"] == 0.0
    tutti = calcola_tutti(dati, indicatori=[ind]).set_index("codice_ambito")["valore"]
    pd.testing.assert_series_equal(tutti, dal_catalogo_, check_names=False)


def test_catalogo_completo():
    voci = catalogo()
    assert len({i.nome for i in voci}) == len(voci) >= 6
    for i in voci:
        gravi = [r for r in controlla_smart(i) if r.gravita == "grave" and r.campo != "scadenza"]
        assert not gravi, (i.nome, gravi)
    with pytest.raises(ErroreCorso, match="Forse intendevi"):
        dal_catalogo("Quota di Patti sottoscrit")


def test_calcola_tutti_su_dati_piccoli():
    p = patti_esempio()
    t = calcola_tutti({"patti": p}, oggi="2025-03-31")
    attese = {i.nome for i in catalogo() if i.tabella == "patti"}
    assert set(t["indicatore"]) == attese
    assert len(t.attrs["saltati"]) == len(catalogo()) - len(attese)
    sottoscritti = t[t["indicatore"] == "Quota di Patti sottoscritti"].set_index("codice_ambito")["valore"]
    assert sottoscritti.to_dict() == pytest.approx({"ATS-BA-01": 100 / 3, "ATS-LE-02": 50.0})
    entro = t[t["indicatore"] == "Quota di primi colloqui entro il termine"].set_index("codice_ambito")["valore"]
    # BA: P1 ADI 10 gg sì, P2 ReD 70 gg no (termine 60), P3 ADI senza colloquio e termine non scaduto: escluso
    assert entro["ATS-BA-01"] == pytest.approx(50.0)
    with pytest.raises(ErroreCorso, match="dizionario"):
        calcola_tutti(p)


def test_calcola_tutti_per_mese_salta_chi_non_ha_date():
    t = calcola_tutti({"patti": patti_esempio(), "operatori": pd.DataFrame(
        {"codice_ambito": ["ATS-BA-01"], "ruolo": ["assistente sociale"], "fte": [1.0]})}, per="mese")
    assert "mese" in t.columns
    assert any("Residenti per assistente sociale" in s for s in t.attrs["saltati"])


def test_calcola_tutti_sui_dati_generati(cartella_ambito):
    from course.indicatori.standard import _tabelle_necessarie
    from course.dati import carica

    dati = {n: carica(n, cartella=cartella_ambito) for n in _tabelle_necessarie(catalogo())}
    t = calcola_tutti(dati)
    assert set(t["indicatore"]) == {i.nome for i in catalogo()} and not t.attrs["saltati"]
    assert t["valore"].notna().all() and np.isfinite(t["valore"]).all()
    quote = t[t["unita"] == "%"]["valore"]
    assert quote.between(0, 100).all()
    # il calcolo per gruppi coincide con quello fatto Ambito per Ambito
    ind = dal_catalogo("Quota di revisioni in ritardo")
    patti = dati["patti"]
    for ambito, parte in patti.groupby("codice_ambito", observed=True):
        singolo = calcola(ind, parte, per="totale", oggi=patti.attrs["data_riferimento"])["valore"].iloc[0]
        riga = t[(t["indicatore"] == ind.nome) & (t["codice_ambito"] == ambito)]["valore"].iloc[0]
        assert singolo == pytest.approx(riga, nan_ok=True)
