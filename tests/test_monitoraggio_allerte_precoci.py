"""Test di ``course.monitoraggio.allerte_precoci``: le allerte precoci per Patto."""

import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.monitoraggio import allerte, conformita_mensile

from esempi_monitoraggio import riga


def test_allerte_sotto_soglia_mesi_mancanti_e_assenze():
    righe = [
        # P1: conforme, poi due mesi sotto soglia con assenze in aumento
        riga("P1", "2025-01-01", "tirocinio", 70), riga("P1", "2025-02-01", "tirocinio", 40, ingiust=5),
        riga("P1", "2025-03-01", "tirocinio", 30, ingiust=9),
        # P2: un mese mancante in mezzo, poi un mese conforme: nessuna serie aperta alla fine
        riga("P2", "2025-01-01", "tirocinio", 70), riga("P2", "2025-03-01", "tirocinio", 70),
        # P3: un solo mese sotto soglia
        riga("P3", "2025-03-01", "tirocinio", 20),
    ]
    a = allerte(conformita_mensile(pd.DataFrame(righe))).set_index("id_patto")
    assert a.loc["P1", "mesi_sotto_soglia_consecutivi"] == 2 and a.loc["P1", "allerta_sotto_soglia"]
    assert a.loc["P1", "aumenti_assenze_consecutivi"] == 2 and a.loc["P1", "allerta_assenze"]
    assert a.loc["P2", "mesi"] == 3 and a.loc["P2", "mesi_senza_attivita"] == 1
    assert a.loc["P2", "mesi_sotto_soglia_consecutivi"] == 0 and a.loc["P2", "allerta_senza_attivita"]
    assert a.loc["P2", "motivo"] == "1 mese senza attività"
    assert a.loc["P3", "mesi_sotto_soglia_consecutivi"] == 1 and not a.loc["P3", "allerta"]
    assert a.loc["P3", "motivo"] == ""


def test_allerte_fino_alla_data_per_i_patti_aperti():
    righe = [riga("P1", "2025-01-01", "tirocinio", 70), riga("P1", "2025-02-01", "tirocinio", 70),
             riga("P2", "2025-01-01", "tirocinio", 70), riga("P2", "2025-02-01", "tirocinio", 70)]
    c = conformita_mensile(pd.DataFrame(righe))
    patti = pd.DataFrame({"id_patto": ["P1", "P2"], "data_chiusura": [pd.NaT, pd.Timestamp("2025-02-28")]})
    senza = allerte(c).set_index("id_patto")
    assert not senza["allerta"].any()
    # al 30 aprile P1 (aperto) non ha attività in marzo e aprile; P2 è chiuso e non si guarda oltre
    con = allerte(c, patti=patti, alla_data="2025-04-30").set_index("id_patto")
    assert con.loc["P1", "mesi"] == 4 and con.loc["P1", "mesi_senza_attivita"] == 2
    assert con.loc["P1", "mesi_sotto_soglia_consecutivi"] == 2 and con.loc["P1", "allerta_sotto_soglia"]
    assert con.loc["P1", "ultimo_mese"] == pd.Timestamp("2025-02-01")
    assert con.loc["P2", "mesi"] == 2 and not con.loc["P2", "allerta"]
    # a metà aprile l'ultimo mese concluso è marzo
    assert allerte(c, patti=patti, alla_data="2025-04-15").set_index("id_patto").loc["P1", "mesi"] == 3
    with pytest.raises(ErroreCorso, match="mancano le colonne: data_chiusura"):
        allerte(c, patti=patti[["id_patto"]], alla_data="2025-04-30")
