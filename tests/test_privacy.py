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


# --- minimizzazione: quasi-identificativi e gruppo minimo (k-anonimità) -----------------------------

from course import privacy  # noqa: E402
from course.parametri import parametro, voce  # noqa: E402


def _pseudonimizzata():
    return pseudonimizza(anagrafica_di_esempio(), "codice_fiscale", chiave=CHIAVE)


def test_la_tabella_della_lezione_7_4_non_e_condivisibile_finche_non_e_minimizzata():
    p = _pseudonimizzata()
    giudizio = privacy.controlla_condivisione(p)
    assert not giudizio.condivisibile and giudizio.k == 1
    # comune, ISEE al centesimo e componenti: ogni persona è un gruppo a sé
    assert giudizio.persone_in_gruppi_piccoli == giudizio.persone == 160
    assert {"comune", "isee", "componenti"} <= set(giudizio.quasi_identificativi)
    assert "pseudonimizzata e condivisibile" not in str(giudizio)
    assert any("fasce_isee" in s for s in giudizio.suggerimenti)
    assert any("comune_in_ambito" in s for s in giudizio.suggerimenti)
    minimizzata = p.drop(columns=["comune", "isee", "componenti"])
    ok = privacy.controlla_condivisione(minimizzata)
    assert ok.condivisibile and ok.giudizio == "pseudonimizzata e condivisibile" and ok.k >= parametro("k_anonimato_minimo")


def test_il_gruppo_minimo_conta_le_persone_non_le_righe():
    df = pd.DataFrame({"pseudonimo": ["A"] * 6 + ["B", "C", "D", "E"],
                       "comune": ["Bari"] * 6 + ["Lecce"] * 4})
    # Bari ha 6 righe ma una sola persona
    assert privacy.gruppo_minimo(df) == 1
    assert privacy.gruppo_minimo(df, persona=None) == 1
    assert privacy.gruppo_minimo(df.drop(columns="pseudonimo")) == 4  # senza persona: conta le righe
    piccoli = privacy.gruppi_piccoli(df)
    assert piccoli.to_dict("records") == [{"comune": "Bari", "persone": 1}, {"comune": "Lecce", "persone": 4}]


def test_la_soglia_viene_dai_parametri_con_la_sua_fonte():
    g = privacy.controlla_condivisione(_pseudonimizzata())
    assert g.soglia == parametro("k_anonimato_minimo")
    assert "Convenzione del corso" in g.fonte_soglia and "El Emam" in g.fonte_soglia
    assert "Convenzione del corso" in voce("k_anonimato_minimo").fonte
    assert privacy.controlla_condivisione(_pseudonimizzata().drop(columns=["comune", "isee", "componenti"]),
                                          soglia=50).k < 50


def test_identificativi_diretti_rendono_non_condivisibile_anche_con_k_alto():
    df = pd.DataFrame({"telefono": ["333"] * 10, "ore": range(10)})
    g = privacy.controlla_condivisione(df)
    assert not g.condivisibile and "telefono" in g.giudizio


def test_generalizzare_riduce_il_rischio_ma_non_basta_da_solo():
    p = _pseudonimizzata()
    g = privacy.generalizza(p)
    assert set(g["isee"].dropna()) <= {"fino a 3.000 €", "da 3.000 a 6.000 €", "da 6.000 a 9.000 €",
                                       "da 9.000 a 12.000 €", "oltre 12.000 €"}
    assert set(g["componenti"]) <= {"1", "2", "3-4", "5 o più"}
    assert "comune" not in g.columns and g["codice_ambito"].str.match(r"ATS-LE-\d{2}").all()
    prima = privacy.controlla_condivisione(p).persone_in_gruppi_piccoli
    dopo = privacy.controlla_condivisione(g)
    assert dopo.persone_in_gruppi_piccoli < prima and not dopo.condivisibile
    assert any("già in fasce" in s for s in dopo.suggerimenti)


def test_quasi_identificativi_per_nome_con_accenti_e_maiuscole():
    df = pd.DataFrame({"Età": [1], "Comune di residenza": ["Bari"], "ISEE 2024": [1.0], "ore": [2], "CAP": ["70100"]})
    assert privacy.quasi_identificativi(df) == ["Età", "Comune di residenza", "ISEE 2024", "CAP"]


def test_comune_in_ambito_con_errori_in_italiano():
    with pytest.raises(ErroreCorso, match="Forse intendevi: Tricase"):
        privacy.comune_in_ambito(pd.DataFrame({"comune": ["Tricasse"]}))
    with pytest.raises(ErroreCorso, match="mancano le colonne"):
        privacy.comune_in_ambito(pd.DataFrame({"paese": ["Tricase"]}))
