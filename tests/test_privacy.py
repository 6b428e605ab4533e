"""Pseudonimi con chiave e ricerca degli identificativi diretti."""

import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.esercitazioni import anagrafica_di_esempio
from course.privacy import identificativi_diretti, pseudonimizza, pseudonimo

CHIAVE = "una chiave abbastanza lunga"


def test_stessa_persona_stesso_pseudonimo_e_chiave_diversa_pseudonimo_diverso():
    a = anagrafica_di_esempio(60, seme=4)
    p = pseudonimizza(a, "codice_fiscale", chiave=CHIAVE)
    assert len(p) == len(a)
    assert (p.groupby(a["codice_fiscale"])["pseudonimo"].nunique() == 1).all()
    assert p["pseudonimo"].nunique() == a["codice_fiscale"].nunique()
    altra = pseudonimizza(a, "codice_fiscale", chiave=CHIAVE + "!")
    assert not (altra["pseudonimo"] == p["pseudonimo"]).any()


def test_niente_dati_identificativi_nel_risultato():
    a = anagrafica_di_esempio(40, seme=5)
    p = pseudonimizza(a, "codice_fiscale", chiave=CHIAVE)
    assert identificativi_diretti(p) == []
    assert not p.astype(str).stack().isin(set(a["codice_fiscale"]) | set(a["telefono"])).any()
    assert {"comune", "isee", "ore_previste"} <= set(p.columns)


def test_valori_mancanti_restano_mancanti():
    df = pd.DataFrame({"codice_fiscale": ["AAABBB80A01C123X", None], "ore": [1, 2]})
    p = pseudonimizza(df, chiave=CHIAVE)
    assert p["pseudonimo"].isna().tolist() == [False, True]


@pytest.mark.parametrize("chiave", [None, "", "corta", 12345])
def test_chiave_obbligatoria_e_lunga(chiave):
    with pytest.raises(ErroreCorso, match="chiave segreta"):
        pseudonimo("AAABBB80A01C123X", chiave=chiave)


def test_colonna_sbagliata_e_tipo_sbagliato():
    with pytest.raises(ErroreCorso, match="mancano le colonne: cf"):
        pseudonimizza(pd.DataFrame({"codice_fiscale": ["x"]}), "cf", chiave=CHIAVE)
    with pytest.raises(ErroreCorso, match="DataFrame"):
        identificativi_diretti(["a"])


def test_tabella_vuota():
    vuota = pd.DataFrame({"codice_fiscale": pd.Series([], dtype=str), "ore": pd.Series([], dtype=int)})
    assert list(pseudonimizza(vuota, chiave=CHIAVE).columns) == ["pseudonimo", "ore"]
    assert identificativi_diretti(pd.DataFrame()) == []
