"""Test di ``course.date``: un solo lettore di date, il giorno sempre prima del mese, errori in italiano.

Ogni caso della issue 11 che prima dava una risposta sbagliata senza dire nulla ha qui il suo test.
"""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import buone_pratiche, piano_operativo
from course.date import leggi_data, leggi_date
from course.dati import carica
from course.dati.validazione import valida
from course.errori import ErroreCorso
from course.parametri import parametro


# --- il lettore ---

@pytest.mark.parametrize("testo", ["01/06/2025", "1/6/2025", "1/6/25", "01-06-2025", "01.06.2025", "2025-06-01",
                                   "2025-06-01 00:00:00", "2025-06-01T09:30", " 01/06/2025 ", "2025/06/01"])
def test_ogni_forma_scritta_da_lo_stesso_giorno(testo):
    assert leggi_data(testo) == pd.Timestamp("2025-06-01")


@pytest.mark.parametrize("valore", [dt.date(2025, 6, 1), dt.datetime(2025, 6, 1, 14, 5), pd.Timestamp("2025-06-01 10:00"),
                                    np.datetime64("2025-06-01"), pd.Timestamp("2025-06-01", tz="Europe/Rome")])
def test_le_date_gia_date_restano_il_giorno(valore):
    assert leggi_data(valore) == pd.Timestamp("2025-06-01")


@pytest.mark.parametrize("testo,frammento", [("31/02/2023", "febbraio 2023 ha 28 giorni"),
                                             ("29/02/2023", "febbraio 2023 ha 28 giorni"),
                                             ("12/13/2025", "il mese 13 non esiste"),
                                             ("2025-04-31", "aprile 2025 ha 30 giorni"),
                                             ("ieri", "non si legge come data"), ("", "non si legge")])
def test_date_impossibili_o_illeggibili_sono_un_errore_italiano(testo, frammento):
    with pytest.raises(ErroreCorso, match=frammento):
        leggi_data(testo)


def test_colonne_miste_e_vuote():
    serie = pd.Series(["05/02/2024", "2024-02-05", None, "n.d.", "", pd.Timestamp("2024-02-05"), "5/2/24"])
    lette = leggi_date(serie, colonna="d", tabella="t")
    assert lette.dropna().eq(pd.Timestamp("2024-02-05")).all() and lette.isna().sum() == 3
    with pytest.raises(ErroreCorso, match=r"tabella t, colonna d: .*alle righe 1, 2 .*'30/02/2024': febbraio 2024"):
        leggi_date(pd.Series(["01/01/2024", "30/02/2024", "30/02/2024"]), colonna="d", tabella="t")
    assert leggi_date(pd.Series(["boh"]), vuote_se_illeggibili=True).isna().all()


# --- i casi della issue: prima sbagliavano in silenzio ---

def test_andamento_azioni_legge_alla_data_con_il_giorno_prima():
    # prima «01/06/2025» era letto 6 gennaio
    azioni = carica("azioni_ets")
    italiano = piano_operativo.andamento_azioni(azioni, alla_data="01/06/2025")
    iso = piano_operativo.andamento_azioni(azioni, alla_data="2025-06-01")
    pd.testing.assert_series_equal(italiano["quota_tempo"], iso["quota_tempo"])


def test_istruttoria_con_la_scadenza_all_italiana():
    # prima «01/08/2023» era letto 8 gennaio ed escludeva tutte le 36 candidature
    c = carica("buone_pratiche")
    italiana = buone_pratiche.istruttoria(c, scadenza="01/08/2023")
    iso = buone_pratiche.istruttoria(c, scadenza="2023-08-01")
    assert italiana["esito"].tolist() == iso["esito"].tolist()
    assert (italiana["esito"] == "ammessa").any()


def test_istruttoria_data_invio_come_testo_all_italiana():
    c = carica("buone_pratiche")
    come_testo = c.assign(data_invio=c["data_invio"].dt.strftime("%d/%m/%Y"))
    assert buone_pratiche.istruttoria(come_testo)["esito"].tolist() == buone_pratiche.istruttoria(c)["esito"].tolist()


def test_scadenza_impossibile_e_un_errore_italiano_non_un_traceback():
    with pytest.raises(ErroreCorso, match="febbraio 2023 ha 28 giorni"):
        buone_pratiche.istruttoria(carica("buone_pratiche"), scadenza="31/02/2023")


def test_valida_legge_le_date_testuali_con_il_giorno_prima():
    # prima «05/02/2024» era letto 2 maggio e valida segnalava fasi fuori ordine che non c'erano
    patti = carica("patti").head(30)
    come_testo = patti.assign(**{c: patti[c].dt.strftime("%d/%m/%Y") for c in
                                 ["data_domanda", "data_assegnazione", "data_primo_colloquio"]})
    assert valida(patti, "patti").empty
    assert valida(come_testo, "patti").empty
    rotta = come_testo.copy()
    rotta.loc[rotta.index[0], "data_domanda"] = "31/02/2024"
    rapporto = valida(rotta, "patti")
    assert len(rapporto) == 1 and rapporto.loc[0, "colonna"] == "data_domanda"


def test_parametro_alla_data_all_italiana():
    assert parametro("isee_massimo_adi", alla_data="31/12/2024") == parametro("isee_massimo_adi", alla_data="2024-12-31")
    with pytest.raises(ErroreCorso, match="dicembre 2024 ha 31 giorni"):
        parametro("isee_massimo_adi", alla_data="32/12/2024")


# --- proprietà: ogni forma scritta dello stesso giorno dà lo stesso giorno ---

giorni = st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2069, 12, 31))


def _forme(d: dt.date) -> list:
    return [d.strftime("%d/%m/%Y"), f"{d.day}/{d.month}/{d.year}", f"{d.day}/{d.month}/{d.year % 100:02d}",
            d.strftime("%d-%m-%Y"), d.strftime("%d.%m.%Y"), d.isoformat(), d.isoformat() + " 00:00:00",
            d.isoformat() + "T12:30:00", d, dt.datetime(d.year, d.month, d.day, 8, 15), pd.Timestamp(d),
            np.datetime64(d.isoformat())]


@settings(max_examples=60, deadline=None)
@given(giorni)
def test_ogni_forma_di_una_data_da_lo_stesso_giorno(d):
    atteso = pd.Timestamp(d)
    for forma in _forme(d):
        assert leggi_data(forma) == atteso, forma
    colonna = leggi_date(pd.Series(_forme(d), dtype=object), colonna="c", tabella="t")
    assert colonna.eq(atteso).all()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 31), st.integers(1, 12), st.integers(1970, 2069))
def test_una_data_impossibile_non_diventa_mai_un_altro_giorno(g, m, a):
    testo = f"{g:02d}/{m:02d}/{a}"
    try:
        atteso = pd.Timestamp(a, m, g)
    except ValueError:
        with pytest.raises(ErroreCorso, match="non è una data possibile"):
            leggi_data(testo)
        return
    assert leggi_data(testo) == atteso   # il giorno prima del mese, sempre


@pytest.mark.parametrize("cella", ["01/01/1500", "1500-01-01", dt.date(1500, 1, 1), dt.datetime(2300, 6, 1)])
def test_anno_fuori_dalle_date_possibili_e_un_errore_italiano(cella):
    # prima: OutOfBoundsDatetime in inglese (e per le date già date, un avviso sulla cella sbagliata)
    with pytest.raises(ErroreCorso, match=r"fuori dalle date possibili \(dal 1678 al 2261\)"):
        leggi_date(pd.Series(["05/02/2024", cella]), colonna="data_domanda", tabella="patti")
    assert leggi_date(pd.Series(["05/02/2024", cella]), vuote_se_illeggibili=True).isna().tolist() == [False, True]
