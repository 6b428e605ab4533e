import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from course.dati import carica, genera
from course.dati.tabelle import TABELLE
from course.errori import ErroreCorso
from course.parametri import parametro


def _impronte(cartella):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(cartella.iterdir())}


def test_stesso_seme_stessi_byte(tmp_path, cartella_ambito):
    di_nuovo = genera("ambito", seme=11, cartella=tmp_path / "bis", progresso=False)
    assert _impronte(di_nuovo) == _impronte(cartella_ambito)
    altro = genera("ambito", seme=12, cartella=tmp_path / "ter", progresso=False)
    assert _impronte(altro)["patti.csv"] != _impronte(cartella_ambito)["patti.csv"]


def test_dati_distribuiti_sono_quelli_del_seme_1(tmp_path):
    """I dati regionali nel repository si rigenerano identici (e il metadati.json ne registra le impronte)."""
    from course.dati.caricamento import cartella_predefinita

    cartella = genera("regione", seme=1, cartella=tmp_path, progresso=False)
    distribuiti = json.loads((cartella_predefinita() / "metadati.json").read_text())
    rigenerati = json.loads((cartella / "metadati.json").read_text())
    assert rigenerati == distribuiti
    assert _impronte(cartella) == _impronte(cartella_predefinita())


def test_metadati_e_tabelle(cartella_ambito):
    info = json.loads((cartella_ambito / "metadati.json").read_text())
    assert set(info["tabelle"]) == set(TABELLE)
    assert info["scala"] == "ambito" and info["seme"] == 11
    nuclei = carica("nuclei", cartella=cartella_ambito)
    assert len(nuclei) == info["tabelle"]["nuclei"]["righe"] == 500
    assert nuclei["codice_ambito"].eq("ATS-LE-03").all()


def test_realismo_regionale():
    from course.dati.caricamento import cartella_predefinita

    regione = cartella_predefinita()
    nuclei, patti = carica("nuclei", cartella=regione), carica("patti", cartella=regione)
    attivita = carica("attivita_mensili", cartella=regione)
    assert nuclei["componenti"].between(1, 8).all()
    assert 2000 < nuclei["isee"].median() < 9000
    assert nuclei["codice_ambito"].nunique() == 45
    # Ritardi diversi tra Ambiti: le mediane dei giorni al primo colloquio devono variare davvero.
    giorni = (patti["data_primo_colloquio"] - patti["data_domanda"]).dt.days
    mediane = giorni.groupby(patti["codice_ambito"]).median()
    assert mediane.max() > 1.6 * mediane.min()
    # Alcuni termini mancati, ma non la maggioranza.
    termine = np.where(patti["misura"] == "ADI", parametro("giorni_primo_colloquio_adi"),
                       parametro("giorni_primo_colloquio_red"))
    quota_mancati = (giorni > termine).mean()
    assert 0.03 < quota_mancati < 0.5
    # Alcuni mesi sotto le ore minime, non tutti.
    ore = attivita.groupby(["id_patto", "mese"])["ore_svolte"].sum()
    assert 0.05 < (ore < parametro("ore_mensili_minime")).mean() < 0.5
    # Qualche azione del Piano operativo oltre il budget.
    azioni = carica("azioni_ets", cartella=regione)
    assert (azioni["spesa"] > azioni["budget"]).sum() >= 1
    assert (azioni["spesa"] <= azioni["budget"]).mean() > 0.6


def test_niente_dati_personali_reali(cartella_ambito):
    nuclei = carica("nuclei", cartella=cartella_ambito)
    assert set(nuclei.columns) == {"id_nucleo", "codice_ambito", "codice_istat", "componenti", "minori",
                                   "eta_richiedente", "isee", "misura"}
    assert nuclei["id_nucleo"].str.fullmatch(r"NUC-[0-9A-F]{8}").all()


def test_scala_nazione_ridotta_scrive_parquet(tmp_path, monkeypatch):
    from course.dati import generatore

    monkeypatch.setitem(generatore.SCALE, "nazione", {**generatore.SCALE["nazione"], "nuclei": 3000})
    cartella = genera("nazione", seme=7, cartella=tmp_path, progresso=False)
    assert (cartella / "attivita_mensili.parquet").exists()
    attivita = carica("attivita_mensili", cartella=cartella)
    assert attivita["mese"].dtype.kind == "M" and len(attivita) > 10 * 3000 * 0.5
    assert isinstance(attivita["tipo_attivita"].dtype, pd.CategoricalDtype)


def test_argomenti_sbagliati(tmp_path):
    with pytest.raises(ErroreCorso, match="Forse intendevi: regione"):
        genera("regioen", cartella=tmp_path)
    with pytest.raises(ErroreCorso, match="seme"):
        genera("ambito", seme="uno", cartella=tmp_path)
    with pytest.raises(ErroreCorso, match="difetti"):
        genera("nazione", difetti=True, cartella=tmp_path)
    with pytest.raises(ErroreCorso, match="Ambito sconosciuto"):
        genera("ambito", ambito="Atlantide", cartella=tmp_path)
