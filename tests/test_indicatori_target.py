"""Test di ``course.indicatori.target``: il valore atteso letto da un testo."""

from __future__ import annotations

import math

import pytest

from course.indicatori import leggi_target


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
