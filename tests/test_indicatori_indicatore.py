"""Test di ``course.indicatori.indicatore``: la scheda Indicatore e il controllo SMART."""

from __future__ import annotations

import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.indicatori import Indicatore, catalogo, controlla_smart, mesi_di_attivita

from esempi_indicatori import indicatore_completo


def test_indicatore_normalizza_i_campi():
    i = Indicatore("Giorni di attesa medi", tipo=" RISULTATO ", polarita="Decrescente", baseline="12,5",
                   target="1.200", scadenza="2025-06-30")
    assert (i.tipo, i.polarita, i.baseline, i.target) == ("risultato", "decrescente", 12.5, 1200.0)
    assert i.scadenza == pd.Timestamp("2025-06-30")
    assert Indicatore("X y z", scadenza="05/03/2025").scadenza == pd.Timestamp("2025-03-05")


def test_indicatore_riporta_tutti_i_problemi_insieme():
    with pytest.raises(ErroreCorso) as e:
        Indicatore("Prova", tipo="risultati", polarita="alta", target="tanti", scadenza="domani")
    testo = str(e.value)
    assert "4 problemi" in testo
    assert "forse: risultato" in testo and "polarita" in testo and "target" in testo and "scadenza" in testo


@pytest.mark.parametrize("nome", ["", "   ", None, 3])
def test_indicatore_senza_nome(nome):
    with pytest.raises(ErroreCorso, match="nome"):
        Indicatore(nome)


def test_indicatore_espressione_di_tipo_sbagliato():
    with pytest.raises(ErroreCorso, match="numeratore"):
        Indicatore("Quota di qualcosa", numeratore=3.5)


def test_to_dict_con_funzione():
    d = Indicatore("Quota di mesi", numeratore=mesi_di_attivita, scadenza="2025-12-31").to_dict()
    assert d["numeratore"] == "funzione mesi_di_attivita" and d["scadenza"] == "2025-12-31"


def test_smart_indicatore_completo_senza_rilievi():
    assert controlla_smart(indicatore_completo()) == []


@pytest.mark.parametrize("modifica, campo, gravita", [
    (dict(denominatore=None), "denominatore", "grave"),
    (dict(scadenza=None), "scadenza", "grave"),
    (dict(polarita=None), "polarita", "grave"),
    (dict(fonte="percezione degli operatori"), "fonte", "grave"),
    (dict(fonte=""), "fonte", "grave"),
    (dict(nome="Migliorare la qualità"), "nome", "attenzione"),
    (dict(target=40), "target", "attenzione"),
    (dict(target=140), "target", "grave"),
    (dict(numeratore=None), "numeratore", "grave"),
    (dict(frequenza=""), "frequenza", "consiglio"),
])
def test_smart_rilievi(modifica, campo, gravita):
    rilievi = controlla_smart(indicatore_completo(**modifica))
    trovati = [r for r in rilievi if r.campo == campo]
    assert trovati and trovati[0].gravita == gravita and trovati[0].suggerimento
    assert all(r.gravita in ("grave", "attenzione", "consiglio") for r in rilievi)


def test_smart_ordinati_per_gravita():
    ordine = {"grave": 0, "attenzione": 1, "consiglio": 2}
    gravita = [ordine[r.gravita] for r in controlla_smart(Indicatore("Quota"))]
    assert gravita == sorted(gravita) and len(gravita) > 3


def test_smart_tipo_sbagliato():
    with pytest.raises(ErroreCorso, match="Indicatore"):
        controlla_smart("Quota di Patti")


def test_smart_prova_le_espressioni_sullo_schema():
    buono = indicatore_completo(tabella="patti")
    assert not [r for r in controlla_smart(buono) if r.campo in ("numeratore", "denominatore")]
    sbagliato = indicatore_completo(tabella="patti", numeratore="data_firma.notna()")
    rilievi = [r for r in controlla_smart(sbagliato) if r.campo == "numeratore"]
    assert rilievi and rilievi[0].gravita == "grave" and "data_firma" in rilievi[0].messaggio
    assert not [r for r in controlla_smart(indicatore_completo(tabella="mia_tabella", numeratore="x > 1"))
                if r.campo == "numeratore"]  # tabella sconosciuta: non si può provare
    for ind in catalogo():
        assert not [r for r in controlla_smart(ind) if r.campo in ("numeratore", "denominatore")], ind.nome
