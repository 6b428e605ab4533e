"""La lettura a blocchi del Parquet dà esattamente la stessa conformità della via generale, anche ai bordi."""

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import course.monitoraggio as monitoraggio
import course.monitoraggio._somme_a_blocchi as blocchi
import course.monitoraggio.conformita as conformita
from course.errori import ErroreCorso

TIPI = ["tirocinio", "sussidiarietà", "lavoro di comunità", "formazione", "altro"]


def _attivita(seme: int, *, patti: int = 12, vuoti: float = 0.0) -> pd.DataFrame:
    """Righe raggruppate per Patto e in ordine di mese, con gruppi Patto-mese di lunghezza varia."""
    rng = np.random.default_rng(seme)
    righe = []
    for p in range(patti):
        for mese in pd.date_range("2025-01-01", periods=int(rng.integers(1, 6)), freq="MS"):
            for _ in range(int(rng.integers(1, 9))):
                righe.append({"id_patto": f"P{seme}-{p:03d}", "mese": mese.date(), "tipo_attivita": rng.choice(TIPI),
                              "ore_previste": int(rng.integers(0, 40)), "ore_svolte": int(rng.integers(0, 40)),
                              "assenze_giustificate": int(rng.integers(0, 5)),
                              "assenze_ingiustificate": int(rng.integers(0, 5))})
    df = pd.DataFrame(righe)
    for colonna in ("ore_svolte", "assenze_ingiustificate", "tipo_attivita"):
        df[colonna] = df[colonna].where(rng.random(len(df)) >= vuoti)
    for colonna in ("ore_previste", "ore_svolte", "assenze_giustificate", "assenze_ingiustificate"):
        df[colonna] = df[colonna].astype("Int16")
    return df


def _via_generale(percorso, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(conformita, "somme_mensili", lambda *a, **k: None)
        return monitoraggio.conformita_mensile(percorso)


@pytest.mark.parametrize("righe_per_blocco", [1, 2, 3, 7, 50, 1 << 19])
@pytest.mark.parametrize("seme,vuoti", [(1, 0.0), (2, 0.15), (3, 0.6)])
def test_a_blocchi_uguale_alla_via_generale(tmp_path, monkeypatch, righe_per_blocco, seme, vuoti):
    percorso = tmp_path / "attivita.parquet"
    _attivita(seme, vuoti=vuoti).to_parquet(percorso, row_group_size=5)
    monkeypatch.setattr(blocchi, "RIGHE_PER_BLOCCO", righe_per_blocco)
    assert blocchi.somme_mensili(percorso, ("tirocinio",)) is not None, "il file ordinato deve usare i blocchi"
    assert_frame_equal(monitoraggio.conformita_mensile(percorso), _via_generale(percorso, monkeypatch))


def test_gruppo_vuoto_spezzato_tra_due_blocchi(tmp_path, monkeypatch):
    df = _attivita(4, patti=1).head(4).assign(mese=pd.Timestamp("2025-03-01").date())
    df["ore_svolte"] = pd.array([None, None, 5, None], dtype="Int16")
    percorso = tmp_path / "a.parquet"
    df.to_parquet(percorso)
    monkeypatch.setattr(blocchi, "RIGHE_PER_BLOCCO", 2)
    risultato = monitoraggio.conformita_mensile(percorso)
    assert risultato["ore_svolte"].tolist() == [5]
    assert_frame_equal(risultato, _via_generale(percorso, monkeypatch))


def test_mese_come_data_e_ora_e_giorni_qualsiasi(tmp_path, monkeypatch):
    df = _attivita(5)
    df["mese"] = pd.to_datetime(df["mese"]) + pd.to_timedelta(np.arange(len(df)) % 20, unit="D")
    df = df.sort_values(["id_patto", "mese"], kind="stable")
    percorso = tmp_path / "a.parquet"
    df.to_parquet(percorso)
    monkeypatch.setattr(blocchi, "RIGHE_PER_BLOCCO", 4)
    assert blocchi.somme_mensili(percorso, ("tirocinio",)) is not None
    assert_frame_equal(monitoraggio.conformita_mensile(percorso), _via_generale(percorso, monkeypatch))


@pytest.mark.parametrize("guasto", ["patto_spezzato", "mesi_indietro", "patto_mancante"])
def test_file_non_adatto_usa_la_via_generale(tmp_path, monkeypatch, guasto):
    df = _attivita(6)
    if guasto == "patto_spezzato":
        df = pd.concat([df, df.head(3)], ignore_index=True)
    elif guasto == "mesi_indietro":
        df = df.iloc[::-1].reset_index(drop=True)
    percorso = tmp_path / "a.parquet"
    if guasto == "patto_mancante":
        df.loc[5, "id_patto"] = None
    df.to_parquet(percorso)
    monkeypatch.setattr(blocchi, "RIGHE_PER_BLOCCO", 8)
    assert blocchi.somme_mensili(percorso, ("tirocinio",)) is None
    if guasto == "patto_mancante":
        with pytest.raises(ErroreCorso, match="id_patto"):
            monitoraggio.conformita_mensile(percorso)
    else:
        atteso = monitoraggio.conformita_mensile(df)
        ottenuto = monitoraggio.conformita_mensile(percorso)
        chiavi = ["id_patto", "mese"]
        ordina = lambda t: t.assign(id_patto=t["id_patto"].astype(str)).sort_values(chiavi).reset_index(drop=True)  # noqa: E731
        assert_frame_equal(ordina(ottenuto), ordina(atteso))


def test_colonna_tutta_vuota_spiegata(tmp_path):
    df = _attivita(7)
    df["ore_svolte"] = pd.array([None] * len(df), dtype="Int16")
    percorso = tmp_path / "a.parquet"
    df.to_parquet(percorso)
    with pytest.raises(ErroreCorso, match="ore_svolte è tutta vuota"):
        monitoraggio.conformita_mensile(percorso)
