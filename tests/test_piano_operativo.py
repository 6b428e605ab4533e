import numpy as np
import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.parametri import parametro
from course.piano_operativo import SEGNALI, andamento_azioni, piano_operativo


def azioni(**colonne):
    base = {"id_azione": ["A1", "A2", "A3", "A4"], "codice_ambito": ["ATS-LE-01", "ATS-LE-01", "ATS-LE-02", "ATS-LE-02"],
            "tipo_azione": ["azioni di sistema", "interventi trasversali", "azioni di sistema", "pacchetti personalizzati"],
            "budget": [10000.0, 20000.0, 8000.0, 5000.0], "spesa": [5000.0, 19000.0, 1000.0, 0.0],
            "data_inizio": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-01", "2025-09-01"]),
            "data_fine": pd.to_datetime(["2025-12-31", "2025-12-31", "2025-12-31", "2026-06-30"])}
    base.update(colonne)
    return pd.DataFrame(base)


OGGI = "2025-07-02"  # metà esatta del 2025: 183 giorni su 365


def test_previsione_e_segnali():
    a = andamento_azioni(azioni(), alla_data=OGGI).set_index("id_azione")
    assert a.loc["A1", "giorni_trascorsi"] == 183 and a.loc["A1", "giorni_totali"] == 365
    assert a.loc["A1", "spesa_prevista_fine"] == pytest.approx(5000 * 365 / 183)
    assert a.loc["A1", "spesa_mensile"] == pytest.approx(5000 / (183 / (365.25 / 12)))
    assert a.loc["A1", "segnale"] == "in linea"
    assert a.loc["A2", "segnale"] == "sovraspesa"
    assert a.loc["A3", "segnale"] == "sottospesa"
    assert a.loc["A4", "segnale"] == "non avviata" and a.loc["A4", "giorni_trascorsi"] == 0
    assert set(a["segnale"].cat.categories) == set(SEGNALI)


def test_tolleranza_dai_parametri():
    tolleranza = parametro("tolleranza_spesa_piano_operativo")
    quota = 183 / 365
    appena_sopra = 10000 * (1 + tolleranza) * quota * 1.01
    appena_sotto = 10000 * (1 + tolleranza) * quota * 0.99
    a = andamento_azioni(azioni(spesa=[appena_sopra, appena_sotto, 1000.0, 0.0]), alla_data=OGGI)
    assert a["segnale"].astype(str).tolist()[:1] == ["sovraspesa"]
    b = andamento_azioni(azioni(budget=[10000.0, appena_sotto * 365 / 183 / (1 + tolleranza) / 0.995, 8000.0, 5000.0],
                                spesa=[appena_sotto, appena_sotto, 1000.0, 0.0]), alla_data=OGGI)
    assert b.loc[0, "segnale"] == "in linea"


def test_date_fuori_ordine_e_dati_mancanti():
    df = azioni(data_fine=pd.to_datetime(["2024-12-01", "2025-12-31", "2025-12-31", "2026-06-30"]),
                spesa=[5000.0, np.nan, 1000.0, 100.0])
    a = andamento_azioni(df, alla_data=OGGI).set_index("id_azione")
    assert a.loc["A1", "segnale"] == "da verificare"
    assert "la fine dell'azione viene prima dell'inizio" in a.loc["A1", "anomalie"]
    assert a.loc["A2", "anomalie"] == "manca la spesa"
    assert "spesa prima dell'inizio" in a.loc["A4", "anomalie"]


def test_piano_per_tipo_ambito_e_errori():
    p = piano_operativo(azioni(), alla_data=OGGI)
    assert p["tipo_azione"].tolist() == sorted(set(azioni()["tipo_azione"]))
    assert p["budget"].sum() == azioni()["budget"].sum() and p["spesa"].sum() == azioni()["spesa"].sum()
    sistema = p.set_index("tipo_azione").loc["azioni di sistema"]
    assert sistema["azioni"] == 2 and sistema["azioni_in_sottospesa"] == 1
    amb = piano_operativo(azioni(), alla_data=OGGI, per="ambito")
    assert amb["codice_ambito"].tolist() == ["ATS-LE-01", "ATS-LE-02"]
    assert len(piano_operativo(azioni(), alla_data=OGGI, per="ambito_e_tipo")) == 4
    with pytest.raises(ErroreCorso, match="Forse intendevi: ambito"):
        piano_operativo(azioni(), alla_data=OGGI, per="ambiti")
    with pytest.raises(ErroreCorso, match="mancano le colonne: budget"):
        piano_operativo(azioni().rename(columns={"budget": "importo"}), alla_data=OGGI)
    with pytest.raises(ErroreCorso, match="budget: valori non numerici nelle riga 1"):
        andamento_azioni(azioni(budget=["10.000,50", "tanti", "1", "2"]), alla_data=OGGI)


def test_importi_all_italiana_vuoto_e_un_ambito():
    a = andamento_azioni(azioni(budget=["10.000,50", "20000", "8000", "5000"]), alla_data=OGGI)
    assert a.loc[0, "budget"] == 10000.5
    vuoto = piano_operativo(azioni().iloc[:0], alla_data=OGGI)
    assert len(vuoto) == 0 and "segnale" in vuoto.columns
    uno = piano_operativo(azioni(codice_ambito=["ATS-LE-01"] * 4), alla_data=OGGI, per="ambito")
    assert len(uno) == 1 and uno.loc[0, "azioni"] == 4


def test_spesa_tutta_mancante_resta_da_verificare():
    p = piano_operativo(azioni(spesa=[np.nan] * 4), alla_data=OGGI)
    assert p["spesa"].isna().all()
    assert set(p["segnale"].astype(str)) == {"da verificare"}
    assert (p["azioni_da_verificare"] == p["azioni"]).all()


# --- Issue 11: mai silenziosamente sbagliato ---

def _azioni_semplici(**cambi):
    base = {"id_azione": ["A1", "A2"], "codice_ambito": ["ATS-LE-03"] * 2,
            "tipo_azione": ["azioni di sistema", "interventi trasversali"], "budget": [10000.0, 10000.0],
            "spesa": [5000.0, 5000.0], "data_inizio": pd.to_datetime(["2025-01-01"] * 2),
            "data_fine": pd.to_datetime(["2025-12-31"] * 2)}
    base.update(cambi)
    return pd.DataFrame(base)


def test_spesa_negativa_non_diventa_sottospesa():
    # prima: spesa=-100 era «sottospesa»
    with pytest.warns(UserWarning, match="negativi"):
        a = andamento_azioni(_azioni_semplici(spesa=[-100.0, 5000.0]), alla_data="2025-07-02")
    assert a.loc[0, "segnale"] == "da verificare" and "spesa negativa" in a.loc[0, "anomalie"]
    assert a.loc[1, "segnale"] == "in linea"
    with pytest.warns(UserWarning):
        g = piano_operativo(_azioni_semplici(spesa=[-100.0, 5000.0], tipo_azione=["azioni di sistema"] * 2),
                            alla_data="2025-07-02")
    assert g.loc[0, "spesa"] == 5000.0 and g.loc[0, "azioni_da_verificare"] == 1


def test_budget_negativo_segnalato():
    with pytest.warns(UserWarning, match="negativi"):
        a = andamento_azioni(_azioni_semplici(budget=[-10000.0, 10000.0]), alla_data="2025-07-02")
    assert a.loc[0, "segnale"] == "da verificare" and "budget negativo" in a.loc[0, "anomalie"]


def test_spesa_tutta_vuota_da_una_nota():
    with pytest.warns(UserWarning, match="tutta vuota"):
        a = andamento_azioni(_azioni_semplici(spesa=[None, None]), alla_data="2025-07-02")
    assert (a["segnale"] == "da verificare").all() and a.attrs["note"]
