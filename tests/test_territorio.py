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
