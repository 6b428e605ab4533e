"""Test di ``course.indicatori.espressioni``: numeratore e denominatore, errori in italiano."""

from __future__ import annotations

import pytest

from course.errori import ErroreCorso
from course.indicatori import Indicatore, calcola, valuta_espressione
from course.parametri import parametro

from esempi_indicatori import patti_esempio


def test_calcola_oggi_e_parametri():
    termine = Indicatore("Quota di colloqui in ritardo", unita="%",
                         numeratore="data_primo_colloquio.isna() & (@oggi - data_domanda > @giorni_primo_contatto)",
                         denominatore="righe")
    r = calcola(termine, patti_esempio(), per="totale", oggi="2025-03-20")
    # senza colloquio: P3 (38 giorni) e P5 (19 giorni): solo P3 oltre i 30 giorni
    assert r["valore"].iloc[0] == pytest.approx(100 / 5)
    assert parametro("giorni_primo_contatto") == 30


@pytest.mark.parametrize("espressione, cerca", [
    ("data_sottoscrizion.notna()", "data_sottoscrizione"),
    ("data_domanda > @giorni_revisione", "@giorni_revisione_percorso"),
    ("(data_domanda >", "parentesi"),
    ("misura.nonesiste()", "Controlla"),
])
def test_espressioni_sbagliate_danno_errori_in_italiano(espressione, cerca):
    with pytest.raises(ErroreCorso) as e:
        valuta_espressione(patti_esempio(), espressione)
    assert cerca in str(e.value)


def test_espressione_di_testo_non_numerica():
    with pytest.raises(ErroreCorso, match="numeri"):
        valuta_espressione(patti_esempio(), "id_patto")
