import numpy as np
import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.monitoraggio import allerte, conformita_mensile, riepilogo_conformita
from course.parametri import parametro

TIPI = ["tirocinio", "sussidiarietà", "lavoro di comunità", "formazione", "altro"]


def attivita_casuali(n=400, seme=3):
    rng = np.random.default_rng(seme)
    prev = rng.integers(0, 60, n)
    sv = np.minimum(prev, rng.integers(0, 70, n))
    ag = rng.integers(0, 1 + (prev - sv))
    return pd.DataFrame({
        "id_patto": rng.choice([f"P{i:02d}" for i in range(25)], n),
        "mese": pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 8, n) * 31, unit="D"),
        "tipo_attivita": rng.choice(TIPI, n),
        "ore_previste": prev, "ore_svolte": sv, "assenze_giustificate": ag,
        "assenze_ingiustificate": prev - sv - ag,
    }).assign(mese=lambda d: d["mese"].dt.to_period("M").dt.to_timestamp())


def riferimento(df):
    """La stessa regola scritta nel modo più semplice, con groupby di pandas."""
    qual = df["tipo_attivita"].isin(parametro("attivita_qualificanti"))
    g = df.assign(q=df["ore_svolte"].where(qual, 0)).groupby(["id_patto", "mese"]).agg(
        ore_svolte=("ore_svolte", "sum"), ore_qualificanti=("q", "sum"), ore_previste=("ore_previste", "sum"))
    g["conforme"] = (g["ore_svolte"] >= parametro("ore_mensili_minime")) & (
        g["ore_qualificanti"] >= parametro("quota_minima_attivita_qualificanti") * g["ore_svolte"])
    return g.reset_index()


def riga(patto, mese, tipo, svolte, previste=None, ingiust=0):
    return {"id_patto": patto, "mese": pd.Timestamp(mese), "tipo_attivita": tipo,
            "ore_previste": previste if previste is not None else svolte + ingiust, "ore_svolte": svolte,
            "assenze_giustificate": 0, "assenze_ingiustificate": ingiust}


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
                                                           (100, 50, True)])
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
    with pytest.raises(ErroreCorso, match="colonna mese: date non leggibili nelle riga 1"):
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


def test_somme_grandi_restano_esatte():
    # ore (o minuti) molto grandi: le somme per gruppo non devono «girare» su tipi piccoli
    df = pd.DataFrame([riga("P1", "2025-01-01", "tirocinio", 30000, previste=30000),
                       riga("P1", "2025-01-01", "altro", 30000, previste=30000),
                       riga("P2", "2025-01-01", "altro", 5, previste=5)])
    for col in ["ore_previste", "ore_svolte", "assenze_giustificate", "assenze_ingiustificate"]:
        df[col] = df[col].astype("int16")
    c = conformita_mensile(df)
    assert c["ore_svolte"].tolist() == [60000, 5] and c["ore_qualificanti"].tolist() == [30000, 0]
