"""Test di ``course.monitoraggio.conformita``: ore, presenze e regola delle ore, da tabella o da Parquet."""

import numpy as np
import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.monitoraggio import allerte, conformita_mensile, riepilogo_conformita

from esempi_monitoraggio import attivita_casuali, riferimento, riga


def test_uguale_al_riferimento_con_righe_in_disordine():
    df = attivita_casuali()
    atteso = riferimento(df).sort_values(["id_patto", "mese"]).reset_index(drop=True)
    c = conformita_mensile(df.sample(frac=1, random_state=1))
    c = c.assign(id_patto=c["id_patto"].astype(str)).sort_values(["id_patto", "mese"]).reset_index(drop=True)
    assert len(c) == len(atteso)
    for col in ["ore_svolte", "ore_qualificanti", "ore_previste", "conforme"]:
        assert c[col].astype(atteso[col].dtype).tolist() == atteso[col].tolist(), col


def test_parquet_e_dataframe_danno_lo_stesso_risultato(tmp_path):
    df = attivita_casuali(seme=5).sort_values(["id_patto", "mese"])
    percorso = tmp_path / "attivita_mensili.parquet"
    df.to_parquet(percorso, index=False, row_group_size=37)  # tanti pezzi: i Patti attraversano i confini
    da_file = conformita_mensile(percorso)
    da_tabella = conformita_mensile(df)
    pd.testing.assert_frame_equal(
        da_file.assign(id_patto=da_file["id_patto"].astype(str)),
        da_tabella.assign(id_patto=da_tabella["id_patto"].astype(str)))


def test_parquet_non_ordinato_e_con_categorie(tmp_path):
    df = attivita_casuali(seme=8).sample(frac=1, random_state=2)
    df["tipo_attivita"] = df["tipo_attivita"].astype("category")
    df["id_patto"] = df["id_patto"].astype("category")
    percorso = tmp_path / "a.parquet"
    df.to_parquet(percorso, index=False, row_group_size=50)
    c = conformita_mensile(percorso)
    atteso = riferimento(df.assign(tipo_attivita=df["tipo_attivita"].astype(str), id_patto=df["id_patto"].astype(str)))
    unito = c.assign(id_patto=c["id_patto"].astype(str)).merge(atteso, on=["id_patto", "mese"], suffixes=("", "_atteso"))
    assert len(unito) == len(atteso)
    assert (unito["ore_svolte"] == unito["ore_svolte_atteso"]).all()
    assert (unito["conforme"] == unito["conforme_atteso"]).all()
    assert c["conforme"].sum() == atteso["conforme"].sum()
    assert c["ore_qualificanti"].sum() == atteso["ore_qualificanti"].sum()
    assert len(c) == len(atteso)


@pytest.mark.parametrize("svolte,qualificanti,conforme", [(62, 31, True), (61, 61, False), (62, 30, False),
                                                           (100, 50, True), (80, 35, True), (100, 31, True),
                                                           (100, 30, False)])
def test_confini_della_regola(svolte, qualificanti, conforme):
    righe = [riga("P1", "2025-01-01", "tirocinio", qualificanti)]
    if svolte > qualificanti:
        righe.append(riga("P1", "2025-01-01", "formazione", svolte - qualificanti))
    c = conformita_mensile(pd.DataFrame(righe))
    assert bool(c.loc[0, "conforme"]) is conforme
    assert c.loc[0, "ore_svolte"] == svolte


def test_ore_previste_zero_danno_tasso_mancante_non_infinito():
    c = conformita_mensile(pd.DataFrame([riga("P1", "2025-01-01", "altro", 0, previste=0)]))
    assert np.isnan(c.loc[0, "tasso_presenza"]) and np.isnan(c.loc[0, "quota_qualificanti"])
    assert not bool(c.loc[0, "conforme"])


def test_mese_senza_valori_resta_non_valutabile():
    df = pd.DataFrame([riga("P1", "2025-01-01", "altro", 70), riga("P2", "2025-01-01", "altro", 10)])
    df["ore_svolte"] = pd.array([70, pd.NA], dtype="Int64")
    c = conformita_mensile(df)
    assert c["conforme"].isna().tolist() == [False, True]


def test_colonna_tutta_vuota_errore_chiaro():
    df = pd.DataFrame([riga("P1", "2025-01-01", "altro", 70)])
    df["ore_svolte"] = pd.array([pd.NA], dtype="Int64")
    with pytest.raises(ErroreCorso, match="ore_svolte è tutta vuota"):
        conformita_mensile(df)


def test_nome_di_colonna_sbagliato():
    df = pd.DataFrame([riga("P1", "2025-01-01", "altro", 70)]).rename(columns={"ore_svolte": "ore_fatte"})
    with pytest.raises(ErroreCorso, match="mancano le colonne: ore_svolte.*Colonne presenti: id_patto"):
        conformita_mensile(df)


def test_nome_di_colonna_sbagliato_nel_parquet(tmp_path):
    df = pd.DataFrame([riga("P1", "2025-01-01", "altro", 70)]).rename(columns={"mese": "mes"})
    df.to_parquet(tmp_path / "a.parquet")
    with pytest.raises(ErroreCorso, match="mancano le colonne: mese.*forse: mese → mes"):
        conformita_mensile(tmp_path / "a.parquet")


def test_tipo_sbagliato_e_date_illeggibili():
    with pytest.raises(ErroreCorso, match="DataFrame"):
        conformita_mensile([1, 2, 3])
    df = pd.DataFrame([riga("P1", "2025-01-01", "altro", 70), riga("P1", "2025-02-01", "altro", 70)])
    df["mese"] = ["01/01/2025", "trenta febbraio"]
    with pytest.raises(ErroreCorso, match="colonna mese: date impossibili o illeggibili alla riga 1"):
        conformita_mensile(df)
    df["mese"] = ["01/01/2025", "01/02/2025"]
    df["ore_svolte"] = ["70", "tanti"]
    with pytest.raises(ErroreCorso, match="ore_svolte: valori non numerici nelle riga 1"):
        conformita_mensile(df)


def test_tabella_vuota():
    vuota = pd.DataFrame([riga("P1", "2025-01-01", "altro", 70)]).iloc[:0]
    c = conformita_mensile(vuota)
    assert len(c) == 0 and "conforme" in c.columns
    assert len(allerte(c)) == 0
    r = riepilogo_conformita(c, pd.DataFrame({"id_patto": [], "codice_ambito": []}), per="ambito")
    assert len(r) == 0 and "quota_conformi" in r.columns


def test_parquet_con_mese_come_testo_o_mancante(tmp_path):
    df = pd.DataFrame([riga("P1", "2025-01-01", "tirocinio", 70), riga("P1", "2025-02-01", "altro", 10)])
    df["mese"] = ["01/01/2025", "2025-02-01"]
    df.to_parquet(tmp_path / "a.parquet")
    c = conformita_mensile(tmp_path / "a.parquet")
    assert c["mese"].tolist() == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-01")]
    df["mese"] = ["01/01/2025", None]
    df.to_parquet(tmp_path / "b.parquet")
    with pytest.raises(ErroreCorso, match="non hanno il mese"):
        conformita_mensile(tmp_path / "b.parquet")


def test_somme_grandi_restano_esatte():
    # ore (o minuti) molto grandi: le somme per gruppo non devono «girare» su tipi piccoli
    df = pd.DataFrame([riga("P1", "2025-01-01", "tirocinio", 30000, previste=30000),
                       riga("P1", "2025-01-01", "altro", 30000, previste=30000),
                       riga("P2", "2025-01-01", "altro", 5, previste=5)])
    for col in ["ore_previste", "ore_svolte", "assenze_giustificate", "assenze_ingiustificate"]:
        df[col] = df[col].astype("int16")
    c = conformita_mensile(df)
    assert c["ore_svolte"].tolist() == [60000, 5] and c["ore_qualificanti"].tolist() == [30000, 0]


# --- Issue 11: una sola lettura della regola delle ore, solo per il ReD, mai ore negative ---

def _ottanta_ore(misura="ReD"):
    righe = [riga("P1", "2025-01-01", "tirocinio", 35), riga("P1", "2025-01-01", "formazione", 45)]
    return pd.DataFrame(righe), pd.DataFrame({"id_patto": ["P1"], "misura": [misura]})


def test_ottanta_ore_di_cui_35_qualificanti_sono_in_regola_come_nel_modulo_01():
    # «almeno 62 ore, di cui almeno la metà»: la metà del minimo (31), non delle 80 svolte
    attivita, patti = _ottanta_ore()
    c = conformita_mensile(attivita, patti)
    assert bool(c.loc[0, "conforme"]) is True
    assert c.attrs["ore_qualificanti_minime"] == 31
    assert bool(conformita_mensile(attivita, patti, lettura="metà delle ore svolte").loc[0, "conforme"]) is False


def test_lettura_sconosciuta_e_un_errore_con_le_scelte():
    attivita, patti = _ottanta_ore()
    with pytest.raises(ErroreCorso, match="metà del minimo"):
        conformita_mensile(attivita, patti, lettura="metà")


def test_i_patti_adi_non_sono_valutati_con_la_regola_delle_ore():
    attivita, patti = _ottanta_ore("ADI")
    attivita = pd.concat([attivita, pd.DataFrame([riga("P2", "2025-01-01", "formazione", 10)])])
    patti = pd.concat([patti, pd.DataFrame({"id_patto": ["P2"], "misura": ["ReD"]})])
    with pytest.warns(UserWarning, match="1 Patti ADI"):
        c = conformita_mensile(attivita, patti).set_index(c_id := "id_patto")
    assert c.loc["P1", "misura"] == "ADI" and pd.isna(c.loc["P1", "conforme"])
    assert pd.isna(c.loc["P1", "ore_sufficienti"]) and pd.isna(c.loc["P1", "quota_sufficiente"])
    assert bool(c.loc["P2", "conforme"]) is False
    assert c_id == "id_patto"


def test_la_misura_si_legge_anche_dal_registro():
    attivita, _ = _ottanta_ore()
    c = conformita_mensile(attivita.assign(misura="ADI"))
    assert pd.isna(c.loc[0, "conforme"])


def test_senza_misura_la_regola_vale_per_tutti_ma_lo_dice():
    attivita, _ = _ottanta_ore()
    with pytest.warns(UserWarning, match="non vale per l'ADI"):
        c = conformita_mensile(attivita)
    assert bool(c.loc[0, "conforme"]) is True
    assert any("ADI" in n for n in c.attrs["note"])


def test_allerte_mai_sotto_soglia_per_i_patti_adi():
    righe = [riga("P1", m, "formazione", 10) for m in ("2025-01-01", "2025-02-01", "2025-03-01")]
    attivita = pd.DataFrame(righe)
    for misura, attesa in (("ADI", False), ("ReD", True)):
        patti = pd.DataFrame({"id_patto": ["P1"], "misura": [misura], "data_chiusura": [pd.NaT]})
        a = allerte(conformita_mensile(attivita, patti))
        assert bool(a.loc[0, "allerta_sotto_soglia"]) is attesa, misura
        # anche se la conformità è stata calcolata senza patti, la tabella patti passata alle allerte basta
        a = allerte(conformita_mensile(attivita), patti=patti, alla_data="2025-03-31")
        assert bool(a.loc[0, "allerta_sotto_soglia"]) is attesa, misura


@pytest.mark.parametrize("colonna", ["ore_svolte", "ore_previste", "assenze_ingiustificate"])
def test_ore_negative_sono_un_errore(colonna, tmp_path):
    # prima: ore_svolte=-12 in un mese con 80 ore cambiava la conformità senza una parola
    righe = [riga("P1", "2025-01-01", "tirocinio", 40), riga("P1", "2025-01-01", "formazione", 40)]
    df = pd.DataFrame(righe)
    df.loc[1, colonna] = -12
    with pytest.raises(ErroreCorso, match="negativ"):
        conformita_mensile(df)
    percorso = tmp_path / "a.parquet"
    df.to_parquet(percorso, index=False)
    with pytest.raises(ErroreCorso, match="negativ"):
        conformita_mensile(percorso)
