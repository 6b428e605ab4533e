"""Test del cronoprogramma: stato delle attività, raggiungimento degli indicatori, sintesi dell'obiettivo."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course.cronoprogramma import STATI, raggiungimento, riepilogo_attivita, sintesi_obiettivo, stato_attivita
from course.errori import ErroreCorso

AL = "2025-06-30"


def _attivita():
    nat = pd.NaT
    return pd.DataFrame({
        "id_attivita": ["A1", "A2", "A3", "A4", "A5", "A6"],
        "id_obiettivo": ["OB-1"] * 6,
        "descrizione": ["futura", "in corso", "conclusa in tempo", "conclusa tardi", "mai avviata", "scaduta"],
        "responsabile": ["Ufficio di Piano"] * 6,
        "avanzamento_pct": [0.0, 40.0, 100.0, 100.0, 0.0, 70.0],
        "inizio_previsto": pd.to_datetime(["2025-09-01", "2025-05-01", "2025-01-01", "2025-01-01", "2025-06-01", "2025-02-01"]),
        "fine_prevista": pd.to_datetime(["2025-12-31", "2025-08-31", "2025-03-31", "2025-03-31", "2025-09-30", "2025-05-31"]),
        "inizio_effettivo": pd.to_datetime([nat, "2025-05-03", "2025-01-02", "2025-01-10", nat, "2025-02-01"]),
        "fine_effettiva": pd.to_datetime([nat, nat, "2025-03-30", "2025-04-20", nat, nat]),
    })


def test_stati_ritardi_e_rispetto_dei_tempi():
    r = stato_attivita(_attivita(), al=AL)
    assert r["stato"].astype(str).tolist() == ["non avviata", "in corso", "conclusa", "conclusa", "in ritardo", "in ritardo"]
    assert r["ritardo_giorni"].tolist() == [0, 0, 0, 20, 29, 30]
    assert r["rispetto_tempi"].tolist() == [True, True, True, False, False, False]
    assert list(r["stato"].cat.categories) == list(STATI)
    assert r["anomalie"].eq("").all()
    # in corso: dal 1/5 al 31/8 (122 giorni), al 30/6 ne sono passati 60
    assert r.loc[1, "avanzamento_atteso_pct"] == pytest.approx(60 / 122 * 100, abs=0.1)
    assert r.loc[0, "avanzamento_atteso_pct"] == 0 and r.loc[2, "avanzamento_atteso_pct"] == 100


def test_la_data_di_riferimento_viene_dai_dati():
    att = _attivita()
    att.attrs["data_riferimento"] = pd.Timestamp(AL)
    assert stato_attivita(att)["stato"].astype(str).tolist() == stato_attivita(_attivita(), al=AL)["stato"].astype(str).tolist()
    with pytest.raises(ErroreCorso, match="al="):
        stato_attivita(_attivita())
    with pytest.raises(ErroreCorso, match="non si legge come data"):
        stato_attivita(_attivita(), al="ieri")
    assert stato_attivita(_attivita(), al="30/06/2025")["ritardo_giorni"].tolist()[-1] == 30
    assert stato_attivita(_attivita(), al="1.7.2025")["ritardo_giorni"].tolist()[-1] == 31


def test_date_fuori_ordine_segnalate_non_bloccanti():
    att = _attivita()
    att.loc[1, "fine_prevista"] = pd.Timestamp("2025-04-01")  # prima dell'inizio previsto
    att.loc[3, "fine_effettiva"] = pd.Timestamp("2025-01-05")  # prima dell'inizio effettivo
    att.loc[4, "fine_effettiva"] = pd.Timestamp("2025-06-10")  # conclusa senza inizio
    r = stato_attivita(att, al=AL)
    assert "fine prevista prima" in r.loc[1, "anomalie"]
    assert "fine effettiva prima" in r.loc[3, "anomalie"]
    assert "senza inizio effettivo" in r.loc[4, "anomalie"]
    assert r["ritardo_giorni"].min() >= 0 and len(r) == len(att)


def test_date_come_testo_e_illeggibili():
    att = _attivita().astype({c: "object" for c in ["inizio_previsto", "fine_prevista"]})
    att["inizio_previsto"] = ["01/09/2025", "01/05/2025", "01/01/2025", "01/01/2025", "01/06/2025", "32/13/2025"]
    att["fine_prevista"] = ["31/12/2025", "31/08/2025", "31/03/2025", "31/03/2025", "30/09/2025", "31/05/2025"]
    r = stato_attivita(att, al=AL)
    assert r.loc[0, "inizio_previsto"] == pd.Timestamp("2025-09-01")
    assert "inizio previsto illeggibile" in r.loc[5, "anomalie"]
    assert r.loc[1, "stato"] == "in corso"


def test_avanzamento_incoerente():
    att = _attivita()
    att["avanzamento_pct"] = [10.0, 140.0, 80.0, 100.0, 0.0, np.nan]
    r = stato_attivita(att, al=AL)
    assert "non avviata" in r.loc[0, "anomalie"]
    assert "fuori da 0–100" in r.loc[1, "anomalie"] and "fuori da 0–100" in r.loc[5, "anomalie"]
    assert "sotto il 100%" in r.loc[2, "anomalie"]


def test_tabella_vuota_e_colonne_sbagliate():
    vuota = stato_attivita(_attivita().iloc[0:0], al=AL)
    assert vuota.empty and {"stato", "ritardo_giorni", "anomalie"} <= set(vuota.columns)
    with pytest.raises(ErroreCorso, match="fine_prevista"):
        stato_attivita(_attivita().rename(columns={"fine_prevista": "fine prevista"}), al=AL)
    with pytest.raises(ErroreCorso, match="DataFrame"):
        stato_attivita([1, 2], al=AL)


def test_colonne_tutte_vuote():
    att = _attivita().assign(inizio_effettivo=pd.NaT, fine_effettiva=pd.NaT)
    r = stato_attivita(att, al=AL)
    assert set(r["stato"].astype(str)) <= {"non avviata", "in ritardo"}
    tutto_vuoto = _attivita().assign(inizio_previsto=pd.NaT, fine_prevista=pd.NaT, inizio_effettivo=pd.NaT,
                                     fine_effettiva=pd.NaT)
    r = stato_attivita(tutto_vuoto, al=AL)
    assert r["anomalie"].str.contains("manca una data prevista").all() and r["rispetto_tempi"].isna().all()


# ------------------------------------------------------------------ indicatori

def _indicatori():
    return pd.DataFrame({
        "id_indicatore": ["I1", "I2", "I3", "I4", "I5", "I6"],
        "id_obiettivo": ["OB-1"] * 6,
        "descrizione": ["Patti sottoscritti nell'anno (almeno 20)", "Quota di revisioni pari a 80 (valore in %)",
                        "Giorni medi di attesa non oltre 30 giorni", "Giorni di chiusura", "Operatori formati",
                        "Nuclei raggiunti"],
        "tipo": ["output", "risultato", "processo", "processo", "output", "output"],
        "unita": ["numero", "%", "giorni", "giorni", "numero", "numero"],
        "polarita": ["crescente", "crescente", "decrescente", "decrescente", "crescente", None],
        "valore_previsto": [np.nan, np.nan, np.nan, 10.0, 0.0, 50.0],
        "valore_raggiunto": [25.0, 60.0, 40.0, 0.0, 3.0, 55.0],
    })


def test_raggiungimento_con_polarita_e_target_dal_testo():
    r = raggiungimento(_indicatori())
    assert r["target"].tolist() == [20, 80, 30, 10, 0, 50]
    assert r["origine_target"].tolist() == ["descrizione"] * 3 + ["colonna"] * 3
    assert r["raggiungimento_pct"].iloc[:3].tolist() == pytest.approx([125.0, 75.0, 75.0])
    assert r["target_raggiunto"].tolist()[:5] == [True, False, False, True, True]
    assert np.isnan(r.loc[3, "raggiungimento_pct"]) and "raggiunto zero" in r.loc[3, "nota"]
    assert np.isnan(r.loc[4, "raggiungimento_pct"]) and "previsto zero" in r.loc[4, "nota"]
    assert pd.isna(r.loc[5, "target_raggiunto"]) and "polarità" in r.loc[5, "nota"]


def test_raggiungimento_senza_colonna_polarita():
    r = raggiungimento(_indicatori().drop(columns="polarita"))
    assert r["polarita_usata"].iloc[[0, 2]].tolist() == ["crescente", "decrescente"]
    assert pd.isna(r.loc[1, "polarita_usata"])
    assert r.loc[0, "target_raggiunto"] and not r.loc[2, "target_raggiunto"]
    assert pd.isna(r.loc[1, "target_raggiunto"])  # «pari a» non dice la polarità


def test_raggiungimento_valori_mancanti_e_errori():
    ind = _indicatori().assign(valore_raggiunto=np.nan)
    r = raggiungimento(ind)
    assert r["target_raggiunto"].isna().all() and r["nota"].str.contains("manca il valore raggiunto").all()
    senza = _indicatori().assign(descrizione="Indicatore senza numeri", valore_previsto=np.nan)
    assert raggiungimento(senza)["origine_target"].eq("mancante").all()
    with pytest.raises(ErroreCorso, match="valore_raggiunto"):
        raggiungimento(_indicatori().drop(columns="valore_raggiunto"))
    assert raggiungimento(_indicatori().iloc[0:0]).empty


# ------------------------------------------------------------------ sintesi

def test_sintesi_obiettivo():
    testo = sintesi_obiettivo(_attivita(), _indicatori(), al=AL)
    assert testo.startswith("Obiettivo OB-1.") and "Situazione al 30/06/2025" in testo
    assert "2 in ritardo" in testo and "«scaduta», di 30 giorni" in testo
    assert "3 su 5 hanno raggiunto il target" in testo
    assert testo.count("\n") == 0 and testo.endswith(".")


def test_sintesi_con_titolo_e_giudizio_in_linea():
    att = _attivita().iloc[[2]]
    obiettivi = pd.DataFrame({"id_obiettivo": ["OB-1"], "titolo": ["Ridurre i tempi"], "responsabile": ["Ufficio di Piano"]})
    testo = sintesi_obiettivo(att, _indicatori().iloc[[0]], obiettivi=obiettivi, al=AL)
    assert "«Ridurre i tempi» (responsabile: Ufficio di Piano)" in testo and "in linea" in testo
    assert "L'unica attività è conclusa" in testo


def test_sintesi_piu_obiettivi_e_vuota():
    att = pd.concat([_attivita(), _attivita().assign(id_obiettivo="OB-2")])
    with pytest.raises(ErroreCorso, match="id_obiettivo"):
        sintesi_obiettivo(att, al=AL)
    assert "OB-2" in sintesi_obiettivo(att, id_obiettivo="OB-2", al=AL)
    assert "niente da riassumere" in sintesi_obiettivo(att, _indicatori(), id_obiettivo="OB-9", al=AL)


def test_sintesi_segnala_le_anomalie():
    att = _attivita()
    att.loc[0, "fine_prevista"] = pd.Timestamp("2025-01-01")
    assert "incoerenti" in sintesi_obiettivo(att, al=AL)


def test_dati_generati_con_difetti(cartella_difetti):
    from course.dati import carica

    att = carica("cronoprogramma", cartella=cartella_difetti)
    ind = carica("indicatori", cartella=cartella_difetti)
    r = stato_attivita(att)
    assert len(r) == len(att) and r["stato"].notna().all()
    g = raggiungimento(ind)
    assert (g["origine_target"] != "mancante").all()
    for ob in att["id_obiettivo"].unique()[:5]:
        assert sintesi_obiettivo(att, ind, id_obiettivo=ob).startswith(f"Obiettivo {ob}")


def test_numeri_scritti_come_testo():
    ind = _indicatori().astype({"valore_previsto": "object", "valore_raggiunto": "object"})
    ind["valore_previsto"] = ["1.200", "80%", None, "10", "n.d.", "abc"]
    ind["valore_raggiunto"] = ["1.500,5", "60", "40", "0", "3", "55"]
    r = raggiungimento(ind)
    assert r["target"].tolist()[:2] == [1200.0, 80.0] and r.loc[0, "valore_raggiunto"] == 1500.5
    assert r.loc[0, "raggiungimento_pct"] == pytest.approx(1500.5 / 1200 * 100, abs=0.1)
    assert "valore previsto illeggibile" in r.loc[5, "nota"] and "illeggibile" not in r.loc[4, "nota"]
    att = _attivita().astype({"avanzamento_pct": "object"})
    att["avanzamento_pct"] = ["0", "40%", "100", "100,0", "zero", None]
    s = stato_attivita(att, al=AL)
    assert s["avanzamento_pct"].tolist()[:4] == [0, 40, 100, 100]
    assert "avanzamento illeggibile" in s.loc[4, "anomalie"] and "fuori da 0–100" in s.loc[5, "anomalie"]


def test_date_iso_e_italiane_insieme():
    att = _attivita().astype({"inizio_previsto": "object"})
    att["inizio_previsto"] = ["2025-09-01", "01/05/2025", "2025-01-01 00:00:00", "1.1.2025", "2025-06-01", "01/02/2025"]
    r = stato_attivita(att, al=AL)
    assert r["inizio_previsto"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-09-01", "2025-05-01", "2025-01-01", "2025-01-01", "2025-06-01", "2025-02-01"]
    assert r["anomalie"].eq("").all()


def test_riepilogo_attivita():
    att = pd.concat([_attivita(), _attivita().iloc[[2]].assign(id_obiettivo="OB-2", id_attivita="B1")])
    r = riepilogo_attivita(att, al=AL).set_index("id_obiettivo")
    assert r.loc["OB-1", ["non avviata", "in corso", "conclusa", "in ritardo"]].tolist() == [1, 1, 2, 2]
    assert r.loc["OB-1", "attivita"] == 6 and r.loc["OB-1", "ritardo_massimo_giorni"] == 30
    assert r.loc["OB-1", "quota_nei_tempi"] == pytest.approx(50.0) and r.loc["OB-2", "quota_nei_tempi"] == 100
    per_ufficio = riepilogo_attivita(att, al=AL, per="responsabile")
    assert per_ufficio["attivita"].tolist() == [7]
    with pytest.raises(ErroreCorso, match="responsabile"):
        riepilogo_attivita(att, al=AL, per="responsabil")
    assert riepilogo_attivita(att.iloc[0:0], al=AL).empty


def test_ritardo_di_avvio_visibile_e_rispetto_dei_tempi_sulla_fine():
    # issue 11: prima si vedeva solo il ritardo sulla fine; un'attività partita 20 giorni dopo ma finita in tempo
    att = pd.DataFrame({"descrizione": ["partita tardi, finita in tempo", "non ancora partita"],
                        "avanzamento_pct": [100, 0],
                        "inizio_previsto": pd.to_datetime(["2025-01-01", "2025-05-01"]),
                        "fine_prevista": pd.to_datetime(["2025-03-31", "2025-09-30"]),
                        "inizio_effettivo": pd.to_datetime(["2025-01-21", None]),
                        "fine_effettiva": pd.to_datetime(["2025-03-30", None])})
    r = stato_attivita(att, al="2025-05-31")
    assert r["ritardo_avvio_giorni"].tolist() == [20, 30]
    assert r["ritardo_giorni"].tolist() == [0, 30]
    assert r["rispetto_tempi"].tolist() == [True, False]


def test_raggiungimento_non_arrotonda_dentro_il_calcolo():
    # 1/3 di 100 = 33,333…: arrotondare a 33,3 va fatto solo quando lo si scrive
    r = raggiungimento(pd.DataFrame({"descrizione": ["x"], "polarita": ["crescente"],
                                     "valore_previsto": [3.0], "valore_raggiunto": [1.0]}))
    assert r.loc[0, "raggiungimento_pct"] == pytest.approx(100 / 3, rel=1e-12)


def test_responsabile_e_centro_di_responsabilita_sono_due_colonne():
    # issue 11: nei dati del corso c'era solo «responsabile», con dentro l'ufficio (che è il centro di responsabilità)
    from course.dati import carica

    for tabella in ("obiettivi", "cronoprogramma"):
        t = carica(tabella)
        assert {"responsabile", "centro_responsabilita"} <= set(t.columns), tabella
        assert not (t["responsabile"] == t["centro_responsabilita"]).any(), tabella
    obiettivi = carica("obiettivi")
    primo = obiettivi.iloc[0]
    att = carica("cronoprogramma")
    testo = sintesi_obiettivo(att, id_obiettivo=primo["id_obiettivo"], obiettivi=obiettivi)
    assert f"responsabile: {primo['responsabile']}; centro di responsabilità: {primo['centro_responsabilita']}" in testo
