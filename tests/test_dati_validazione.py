"""Test derivati dagli schemi: per ogni regola dichiarata, un valore che la viola deve essere segnalato."""

import pandas as pd
import pytest

from course.dati import carica, valida
from course.dati.schemi import colonne, controlli_tra_colonne
from course.dati.tabelle import TABELLE
from course.errori import ErroreCorso


def _violazioni(tabella):
    """(colonna, valore che viola, descrizione) per ogni regola di ogni colonna dello schema."""
    for nome, col in colonne(tabella).items():
        if col.obbligatoria:
            yield nome, None, "obbligatoria"
        if col.ammessi is not None:
            yield nome, "valore inventato", "ammessi"
        if col.forma is not None:
            yield nome, "??", "forma"
        if col.minimo is not None:
            yield nome, (pd.Timestamp("1990-01-01") if col.tipo == "data" else col.minimo - 1), "minimo"
        if col.massimo is not None:
            yield nome, (pd.Timestamp("2040-01-01") if col.tipo == "data" else col.massimo + 1), "massimo"
        if col.tipo in {"intero", "numero", "data"}:
            yield nome, "non è un numero", "tipo"


CASI = [(t, c, v, d) for t in TABELLE for c, v, d in _violazioni(t)]


@pytest.fixture(scope="module")
def tabelle(cartella_ambito):
    return {t: carica(t, cartella=cartella_ambito).head(30).reset_index(drop=True) for t in TABELLE}


@pytest.mark.parametrize("tabella", TABELLE)
def test_dati_puliti_senza_problemi(tabella, cartella_ambito):
    assert valida(carica(tabella, cartella=cartella_ambito), tabella).empty


@pytest.mark.parametrize("tabella, colonna, valore, regola", CASI, ids=[f"{t}-{c}-{d}" for t, c, _, d in CASI])
def test_ogni_regola_viene_segnalata(tabelle, tabella, colonna, valore, regola):
    df = tabelle[tabella].copy()
    df[colonna] = df[colonna].astype(object)
    riga = min(3, len(df) - 1)
    df.at[riga, colonna] = valore
    problemi = valida(df, tabella)
    trovati = problemi[(problemi["riga"] == riga) & (problemi["colonna"] == colonna)]
    assert not trovati.empty, f"{tabella}.{colonna} ({regola}) non segnalato:\n{problemi}"
    assert trovati["come_correggere"].str.len().gt(10).all()


@pytest.mark.parametrize("tabella", [t for t in TABELLE if any(c.unica for c in colonne(t).values())])
def test_duplicati(tabelle, tabella):
    chiave = next(n for n, c in colonne(tabella).items() if c.unica)
    df = pd.concat([tabelle[tabella], tabelle[tabella].iloc[[0]]], ignore_index=True)
    problemi = valida(df, tabella)
    assert set(problemi.loc[problemi["colonna"] == chiave, "riga"]) >= {0, len(df) - 1}


def test_controlli_tra_colonne_sono_tutti_esercitati(tabelle):
    """Le date in ordine sbagliato vengono segnalate (ogni controllo tra colonne almeno una volta)."""
    patti = tabelle["patti"].copy()
    riga = patti["data_sottoscrizione"].first_valid_index()
    patti.at[riga, "data_sottoscrizione"] = patti.at[riga, "data_domanda"] - pd.Timedelta(days=3)
    problemi = valida(patti, "patti")
    assert "data_sottoscrizione" in set(problemi.loc[problemi["riga"] == riga, "colonna"])
    assert {c["nome"] for c in controlli_tra_colonne("patti")} >= {"data_sottoscrizione_dopo_data_domanda"}


def test_ogni_difetto_piantato_viene_trovato(cartella_difetti):
    manifesto = pd.read_csv(cartella_difetti / "difetti.csv")
    assert len(manifesto) >= 30
    assert manifesto["difetto"].nunique() >= 8
    for tabella, voci in manifesto.groupby("tabella"):
        problemi = valida(carica(tabella, cartella=cartella_difetti), tabella)
        trovati = set(zip(problemi["riga"].astype(int), problemi["colonna"]))
        mancanti = [v for v in voci.itertuples() if (v.riga, v.colonna) not in trovati]
        assert not mancanti, f"difetti non trovati in {tabella}: {mancanti}"


def test_colonna_mancante_e_input_sbagliato(tabelle):
    problemi = valida(tabelle["nuclei"].drop(columns=["isee"]), "nuclei")
    assert problemi.loc[0, "problema"] == "colonna mancante" and problemi.loc[0, "colonna"] == "isee"
    with pytest.raises(ErroreCorso, match="DataFrame"):
        valida([1, 2], "nuclei")
    with pytest.raises(ErroreCorso, match="Forse intendevi: nuclei"):
        valida(tabelle["nuclei"], "nucle")


def test_mappatura_utente_cambia_il_controllo(tabelle, tmp_path):
    from course.territorio import mappatura

    nuclei = tabelle["nuclei"]
    m = mappatura()[["codice_istat", "codice_ambito"]].copy()
    comune = nuclei.at[0, "codice_istat"]
    m.loc[m["codice_istat"] == comune, "codice_ambito"] = "ATS-BA-01"
    problemi = valida(nuclei, "nuclei", mappatura=m)
    assert ((problemi["colonna"] == "codice_istat") & (problemi["problema"].str.contains("non appartiene"))).any()


def test_numeri_scritti_come_testo(tabelle):
    """«12» si legge; «1.234» no (milleduecentotrentaquattro o 1,234?): si chiede, non si indovina."""
    nuclei = tabelle["nuclei"].copy()
    nuclei["isee"] = nuclei["isee"].astype(object)
    nuclei.at[0, "isee"] = "12"
    nuclei.at[1, "isee"] = "1.234"
    nuclei.at[2, "isee"] = "12,5"
    problemi = valida(nuclei, "nuclei")
    segnalate = problemi.loc[problemi["colonna"] == "isee"].set_index("riga")["problema"]
    assert 0 not in segnalate.index
    assert segnalate[1] == segnalate[2] == "tipo non valido: mi aspettavo un numero"


def test_intero_con_la_virgola_e_codice_diventato_numero(tabelle):
    nuclei = tabelle["nuclei"].copy()
    nuclei["componenti"] = nuclei["componenti"].astype(object)
    nuclei.at[0, "componenti"] = 2.5
    nuclei["codice_istat"] = nuclei["codice_istat"].astype(object)
    nuclei.at[1, "codice_istat"] = 71001  # 071001 letto da Excel come numero: lo zero iniziale è perso
    problemi = valida(nuclei, "nuclei")
    cella = problemi[(problemi["riga"] == 0) & (problemi["colonna"] == "componenti")]
    assert cella["problema"].tolist() == ["tipo non valido: mi aspettavo un numero intero"]
    codice = problemi[(problemi["riga"] == 1) & (problemi["colonna"] == "codice_istat")].set_index("problema")
    assert "zeri iniziali" in codice.loc["forma non valida", "come_correggere"]


def test_date_lontane_e_limiti_scritti_all_italiana(tabelle):
    from datetime import date

    patti = tabelle["patti"].copy()
    patti["data_domanda"] = patti["data_domanda"].astype(object)
    patti.at[0, "data_domanda"] = date(1500, 1, 1)
    patti.at[1, "data_domanda"] = "05/02/2024"  # 5 febbraio, giorno prima del mese
    problemi = valida(patti, "patti")
    prima = problemi[(problemi["riga"] == 0) & (problemi["colonna"] == "data_domanda")]
    assert prima["problema"].tolist() == ["valore troppo basso (il minimo è 01/01/2000)"]
    assert problemi[(problemi["riga"] == 1) & (problemi["colonna"] == "data_domanda")].empty


def test_valore_non_ammesso_suggerisce_il_piu_vicino(tabelle):
    nuclei = tabelle["nuclei"].copy()
    nuclei["misura"] = nuclei["misura"].astype(object)
    nuclei.loc[[0, 1], "misura"] = "Red"
    nuclei.at[2, "misura"] = "xyz"
    problemi = valida(nuclei, "nuclei")
    rimedi = problemi.loc[problemi["colonna"] == "misura"].set_index("riga")["come_correggere"]
    assert "(forse «ReD»)" in rimedi[0] and "(forse «ReD»)" in rimedi[1]
    assert "forse" not in rimedi[2]


def test_il_valore_segnalato_resta_quello_della_tabella(tabelle):
    """Un codice mancante accanto a una data sbagliata resta vuoto (prima diventava NaT, una «data vuota»)."""
    patti = tabelle["patti"].copy()
    patti["id_operatore"] = patti["id_operatore"].astype(object)
    patti.at[0, "id_operatore"] = None
    patti.at[1, "data_sottoscrizione"] = patti.at[1, "data_domanda"] - pd.Timedelta(days=3)
    problemi = valida(patti, "patti")
    cella = problemi[(problemi["riga"] == 0) & (problemi["colonna"] == "id_operatore")]
    assert cella["valore"].tolist() == [None]
    data = problemi[(problemi["riga"] == 1) & (problemi["colonna"] == "data_sottoscrizione")]
    assert not data.empty and all(isinstance(v, pd.Timestamp) for v in data["valore"])
