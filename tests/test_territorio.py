import pandas as pd
import pytest

from course import territorio as t
from course.errori import ErroreCorso


def test_conteggi_reali():
    assert len(t.comuni()) == 257
    assert t.comuni()["codice_istat"].str.fullmatch(r"\d{6}").all()
    assert t.ambiti().groupby("sigla_provincia").size().to_dict() == {"BA": 12, "BR": 4, "BT": 5, "FG": 8, "LE": 10, "TA": 6}
    p = t.popolazione_ambiti()
    assert p["popolazione"].sum() == t.comuni()["popolazione"].sum() == 3926931
    assert p["n_comuni"].sum() == 257


def test_mappatura_utente_da_csv_con_separatore_e_zeri_persi(tmp_path):
    m = t.mappatura()[["codice_istat", "codice_ambito"]].copy()
    # Sposto Alberona da Lucera a Troia: la popolazione segue.
    m.loc[m["codice_istat"] == "071002", "codice_ambito"] = "ATS-FG-07"
    m["codice_istat"] = m["codice_istat"].astype(int)  # come farebbe Excel
    file = tmp_path / "mia.csv"
    m.to_csv(file, sep=";", index=False, encoding="cp1252")
    mia = t.mappatura(file)
    assert mia["codice_istat"].str.len().eq(6).all()
    prima = t.popolazione_ambiti().set_index("codice_ambito")["popolazione"]
    dopo = t.popolazione_ambiti(mia).set_index("codice_ambito")["popolazione"]
    alberona = int(t.comuni().set_index("codice_istat").loc["071002", "popolazione"])
    assert dopo["ATS-FG-07"] - prima["ATS-FG-07"] == alberona
    assert prima["ATS-FG-03"] - dopo["ATS-FG-03"] == alberona


def test_mappatura_sbagliata_elenca_tutti_i_problemi():
    m = t.mappatura()[["codice_istat", "codice_ambito"]].copy()
    m = pd.concat([m, m.iloc[[0]]])               # duplicato
    m = m[m["codice_istat"] != "075088"]          # Tricase mancante
    m.iloc[5, 1] = "ATS-BA-99"                   # Ambito sconosciuto
    m.iloc[6, 0] = "999999"                      # comune sconosciuto
    with pytest.raises(ErroreCorso) as e:
        t.valida_mappatura(m)
    testo = str(e.value)
    for atteso in ["compare 2 volte", "075088 (Tricase)", "ATS-BA-99", "999999", "5 problemi"]:
        assert atteso in testo, atteso


def test_mappatura_senza_colonne():
    with pytest.raises(ErroreCorso, match="codice_ambito"):
        t.valida_mappatura(pd.DataFrame({"codice_istat": ["071001"]}))


def test_nomi_sbagliati_suggeriscono():
    assert t.codice_ambito("ATS-BA-01") == "ATS-BA-01"
    assert t.codice_ambito("ambito territoriale di lucera") == "ATS-FG-03"
    with pytest.raises(ErroreCorso, match="Forse intendevi: Lucera"):
        t.codice_ambito("Lucerra")
    with pytest.raises(ErroreCorso, match="Tricase"):
        t.codice_comune("Tricasse")
    with pytest.raises(ErroreCorso, match="non esiste"):
        t.mappatura("/non/esiste.csv")


def test_righe_del_file_come_in_excel(tmp_path):
    """Con righe di titolo sopra l'intestazione, il numero di riga nel messaggio è quello del file."""
    m = t.mappatura()[["codice_istat", "codice_ambito"]].copy()
    m.iloc[0, 1] = "ATS-XX-01"
    file = tmp_path / "con_titolo.csv"
    file.write_text("Mappatura dei comuni;\n;\n" + m.to_csv(sep=";", index=False), encoding="utf-8")
    with pytest.raises(ErroreCorso, match="riga 4: Ambito sconosciuto 'ATS-XX-01'"):
        t.mappatura(file)


# --- Issue 11: un solo riconoscitore dei nomi di Ambito, con una nota di che cosa ha capito ---

import warnings as _warnings

from hypothesis import given, settings
from hypothesis import strategies as st

from course.note import NotaCorso
from course.territorio import ambiti as _ambiti, codice_ambito, codice_comune, codici_ambito, mappatura, trova_ambito, valida_mappatura


@pytest.mark.parametrize("scritto,atteso", [
    ("Bari", "ATS-BA-02"), ("Ambito di Bari", "ATS-BA-02"), ("ambito bari", "ATS-BA-02"),
    ("AMBITO TERRITORIALE DI BARI", "ATS-BA-02"), ("ats-ba-02 ", "ATS-BA-02"), ("ATS BA 2", "ATS-BA-02"),
    ("Mola di Bari", "ATS-BA-09"), ("Tricase", "ATS-LE-03"), ("patu'", "ATS-LE-03"), ("Alto Tavoliere", "ATS-FG-06"),
    ("75088", "ATS-LE-03"), ("075088", "ATS-LE-03")])
def test_trova_ambito_capisce_i_modi_di_scriverlo(scritto, atteso):
    codice, capito = trova_ambito(scritto)
    assert codice == atteso and capito   # e dice che cosa ha capito


def test_codice_ambito_di_bari_non_suggerisce_mola():
    # prima: codice_ambito("Ambito di Bari") → errore «Forse intendevi: Mola di Bari»
    with pytest.warns(NotaCorso, match="ATS-BA-02"):
        assert codice_ambito("Ambito di Bari") == "ATS-BA-02"


def test_cinque_cifre_hanno_un_suggerimento():
    with pytest.warns(NotaCorso, match="senza lo zero iniziale"):
        assert codice_comune("75088") == "075088"
    with pytest.raises(ErroreCorso, match="6 cifre"):
        codice_comune("99999")


def test_nome_sconosciuto_propone_i_vicini():
    with pytest.raises(ErroreCorso, match="Forse intendevi: .*Gagliano del Capo"):
        trova_ambito("Ambito di Galiano del Capo")


def test_filtra_scadenzario_con_il_nome_del_capofila():
    from course.scadenze import filtra_scadenzario

    coda = pd.DataFrame({"posizione": [1, 2], "codice_ambito": ["ATS-BA-02", "ATS-LE-03"], "id_operatore": ["X", "Y"],
                         "misura": ["ADI", "ReD"], "fase": ["primo colloquio"] * 2, "stato": ["scaduta"] * 2})
    # prima: ambito="Bari" dava 0 righe senza una parola
    with pytest.warns(NotaCorso, match="ATS-BA-02"):
        assert filtra_scadenzario(coda, ambito="Bari")["codice_ambito"].tolist() == ["ATS-BA-02"]


def test_tassi_con_codici_scritti_male():
    from course.confronto import tassi

    pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "popolazione": [10000, 20000]})
    casi = pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 5 + ["ats-ba-01 "] * 5 + ["ATS-BA-02"] * 4})
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore", NotaCorso)
        t = tassi(casi, popolazione=pop).set_index("codice_ambito")
    # prima: «ats-ba-01 » era un Ambito a sé, con tasso NaN
    assert t.loc["ATS-BA-01", "eventi"] == 10 and t["tasso"].notna().all()
    with pytest.raises(ErroreCorso, match="Ambito sconosciuto: 'ATS-XX-99'"):
        codici_ambito(pd.Series(["ATS-XX-99"]), tabella="tabella dei dati")


def test_mappatura_con_codici_di_cinque_cifre():
    m = mappatura()
    corta = m.assign(codice_istat=m["codice_istat"].str.lstrip("0"))
    with pytest.warns(NotaCorso, match="5 cifre"):
        assert valida_mappatura(corta)["codice_istat"].tolist() == valida_mappatura(m)["codice_istat"].tolist()


def _varianti(riga):
    codice, capofila = riga["codice_ambito"], riga["comune_capofila"]
    return st.sampled_from([codice, codice.lower(), f"  {codice} ", codice.replace("-", " "), codice.replace("-", ""),
                            capofila, capofila.upper(), capofila.lower(), f"Ambito di {capofila}",
                            f"ambito territoriale di {capofila}", f"Ambito territoriale sociale di {capofila}"])


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 44).flatmap(lambda i: st.tuples(st.just(i), _varianti(_ambiti().iloc[i]))))
def test_ogni_variante_del_nome_porta_allo_stesso_ambito(caso):
    i, scritto = caso
    assert trova_ambito(scritto)[0] == _ambiti().iloc[i]["codice_ambito"]
