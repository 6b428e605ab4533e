"""Test di ``course.indicatori.target``: il valore atteso letto da un testo."""

from __future__ import annotations

import math

import pytest

import pandas as pd

from course.indicatori import leggi_target
from course.indicatori.target import leggi_valore_base


@pytest.mark.parametrize("testo, confronto, valore, unita", [
    ("Patti sottoscritti nell'anno (almeno 20)", ">=", 20, None),
    ("Nuclei con Patto concluso positivamente pari a 48 (valore in %)", "=", 48, "%"),
    ("Giorni medi dalla domanda al primo colloquio non oltre 30 giorni", "<=", 30, "giorni"),
    ("Copertura ≥ 80%", ">=", 80, "%"),
    ("Spesa non più di 1.500 euro", "<=", 1500, "euro"),
    ("Quota almeno 12,5%", ">=", 12.5, "%"),
    ("Rapporto 2017/2016 pari al 110%", "=", 110, "%"),
    ("Tempo di attesa al massimo 45 giorni", "<=", 45, "giorni"),
    ("Quota superiore al 30%", ">=", 30, "%"),
])
def test_leggi_target(testo, confronto, valore, unita):
    t = leggi_target(testo)
    assert t is not None and t.confronto == confronto and math.isclose(t.valore, valore) and t.unita == unita


@pytest.mark.parametrize("testo", ["Migliorare la qualità", "", None, float("nan"), "Oltre il servizio",
                                   "Quota di Patti firmati entro 60 giorni dalla domanda",
                                   "Patti aperti da oltre 90 giorni senza revisione"])
def test_leggi_target_senza_valore(testo):
    assert leggi_target(testo) is None


def test_target_polarita_dedotta():
    assert leggi_target("almeno 5").polarita == "crescente"
    assert leggi_target("non oltre 5").polarita == "decrescente"
    assert leggi_target("pari a 5").polarita is None


# --- Issue 11: nel rapporto tra due anni «pari a N» è il valore dell'anno base, non il target ---
RAPPORTO = "n. utenti presi in carico nel 2017 / n. utenti presi in carico nel 2016 pari a 20 (valore in %)"


def test_pari_a_nel_rapporto_tra_anni_non_e_un_target():
    # prima leggi_target restituiva «= 20 %»: il valore dell'anno base scambiato per il target
    assert leggi_target(RAPPORTO) is None
    base = leggi_valore_base(RAPPORTO)
    assert base.valore == 20 and base.anno == 2016
    # un vero target nello stesso testo resta un target
    t = leggi_target(RAPPORTO.replace("(valore in %)", "(valore in %), almeno 110 %"))
    assert t.confronto == ">=" and t.valore == 110


def test_raggiungimento_non_usa_il_valore_base_come_target():
    from course.cronoprogramma import raggiungimento

    ind = pd.DataFrame({"descrizione": [RAPPORTO, RAPPORTO], "polarita": ["crescente"] * 2,
                        "valore_previsto": [None, 110], "valore_raggiunto": [115, 115]})
    r = raggiungimento(ind)
    assert pd.isna(r.loc[0, "target"]) and pd.isna(r.loc[0, "target_raggiunto"])
    assert "anno base" in r.loc[0, "nota"]
    assert r.loc[1, "target"] == 110 and bool(r.loc[1, "target_raggiunto"])
    assert r.loc[0, "valore_base"] == 20
