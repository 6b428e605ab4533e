"""Test di ``course.monitoraggio.riepilogo``: la conformità per Patto, case manager, Ambito o mese."""

import numpy as np
import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.monitoraggio import allerte, conformita_mensile, riepilogo_conformita

from esempi_monitoraggio import attivita_casuali, riga


def test_riepilogo_per_ambito_case_manager_mese_e_patto():
    df = attivita_casuali(seme=11)
    c = conformita_mensile(df)
    patti = pd.DataFrame({"id_patto": [f"P{i:02d}" for i in range(25)],
                          "codice_ambito": ["ATS-BA-01"] * 10 + ["ATS-BA-02"] * 15,
                          "id_operatore": [f"OP{i % 4}" for i in range(25)]})
    a = allerte(c)
    amb = riepilogo_conformita(c, patti, per="ambito", allerte=a)
    assert amb["mesi_patto"].sum() == len(c)
    assert amb["patti"].sum() == c["id_patto"].nunique()
    assert amb["patti_in_allerta"].sum() == a["allerta"].sum()
    atteso = c.merge(patti, on="id_patto").groupby("codice_ambito")["conforme"].mean()
    assert np.allclose(amb.set_index("codice_ambito")["quota_conformi"], atteso)
    cm = riepilogo_conformita(c, patti, per="case_manager")
    assert set(cm["id_operatore"]) <= {"OP0", "OP1", "OP2", "OP3"}
    mese = riepilogo_conformita(c, per="mese")
    assert mese["mese"].is_monotonic_increasing and mese["mesi_patto"].sum() == len(c)
    assert (mese["patti"] == c.groupby("mese")["id_patto"].nunique().to_numpy()).all()
    per_patto = riepilogo_conformita(c, per="patto")
    assert len(per_patto) == c["id_patto"].nunique()


def test_riepilogo_un_solo_ambito_e_patti_non_trovati():
    c = conformita_mensile(pd.DataFrame([riga("P1", "2025-01-01", "tirocinio", 70),
                                         riga("P9", "2025-01-01", "tirocinio", 70)]))
    patti = pd.DataFrame({"id_patto": ["P1"], "codice_ambito": ["ATS-TA-01"]})
    r = riepilogo_conformita(c, patti, per="ambito")
    assert r["codice_ambito"].tolist() == ["ATS-TA-01", "Patto non trovato nella tabella patti"]


def test_riepilogo_errori():
    c = conformita_mensile(pd.DataFrame([riga("P1", "2025-01-01", "tirocinio", 70)]))
    with pytest.raises(ErroreCorso, match="Forse intendevi: ambito"):
        riepilogo_conformita(c, per="ambto")
    with pytest.raises(ErroreCorso, match="serve la tabella patti"):
        riepilogo_conformita(c, per="ambito")
    with pytest.raises(ErroreCorso, match="mancano le colonne: codice_ambito"):
        riepilogo_conformita(c, pd.DataFrame({"id_patto": ["P1"], "ambito": ["x"]}), per="ambito")


def test_riepilogo_con_ambito_categoria_e_case_manager_mancante():
    c = conformita_mensile(pd.DataFrame([riga("P1", "2025-01-01", "tirocinio", 70),
                                         riga("P2", "2025-01-01", "tirocinio", 20)]))
    patti = pd.DataFrame({"id_patto": ["P1", "P2", "P2"], "codice_ambito": pd.Categorical(["ATS-TA-01"] * 3),
                          "id_operatore": ["OP1", None, None]})
    cm = riepilogo_conformita(c, patti, per="case_manager")
    assert cm["id_operatore"].tolist() == ["OP1", "non indicato"]
    amb = riepilogo_conformita(c, patti, per="ambito")
    assert amb["codice_ambito"].tolist() == ["ATS-TA-01"] and amb.loc[0, "patti"] == 2
