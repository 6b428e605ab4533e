"""Funnel plot: limiti semplici e corretti, posizioni, molti confronti, quote sulle prese in carico."""

import numpy as np
import pandas as pd
import pytest

from course import confronto as c
from course.dati import carica
from course.errori import ErroreCorso


@pytest.fixture(scope="module")
def patti():
    return carica("patti")


def _sovradispersi(quanti=30, seme=2):
    rng = np.random.default_rng(seme)
    codici = [f"ATS-BA-{i:02d}" for i in range(1, quanti + 1)]
    residenti = rng.integers(20_000, 300_000, quanti)
    eventi = rng.poisson(residenti * rng.gamma(8, 5e-4, quanti))
    pop = pd.DataFrame({"codice_ambito": codici, "popolazione": residenti})
    return c.tassi(pd.DataFrame({"codice_ambito": codici, "n": eventi}), conteggio="n", popolazione=pop)


def test_sui_dati_del_corso_le_prese_in_carico_sono_sovradisperse(patti):
    t = c.tassi(patti)
    stima = c.stima_sovradispersione(t)
    assert stima.presente and stima.phi > 5
    fuori = c.quanti_fuori(t).set_index("limiti")
    # con i limiti semplici quasi metà degli Ambiti è «fuori» al 99,8%: per caso ce ne aspetteremmo 0,1
    assert fuori.loc["limiti semplici (solo il caso)", "fuori_99_8"] >= 15
    for corretti in ("limiti corretti, fattore moltiplicativo", "limiti corretti, varianza tra Ambiti (additivi)"):
        assert fuori.loc[corretti, "fuori_99_8"] <= 2
        assert fuori.loc[corretti, "fuori_95"] <= 6
    assert fuori["attesi_per_caso_95"].iloc[0] == pytest.approx(45 * 0.05, abs=0.05)
    # la scelta automatica usa i limiti additivi
    assert c.posizioni_funnel(t).attrs["correzione"] == "additiva"


def test_decaduti_sulle_prese_in_carico_un_solo_ambito_spicca(patti):
    q = c.quote(patti, evento=patti["esito"] == "decaduto")
    assert q.attrs["tipo"] == "quote" and q["prese_in_carico"].sum() == len(patti)
    assert not c.stima_sovradispersione(q).presente
    f = c.posizioni_funnel(q)
    assert f.attrs["correzione"] == "nessuna"
    assert len(f[f["posizione"].str.startswith("sopra")]) == 1


def test_il_denominatore_residenti_mescola_due_domande(patti):
    decaduti_residenti = c.tassi(patti[patti["esito"] == "decaduto"], tutti_gli_ambiti=True)
    prese = c.tassi(patti)
    assert decaduti_residenti["tasso"].corr(prese["tasso"]) > 0.5
    quote = c.quote(patti, evento=patti["esito"] == "decaduto")
    assert abs(quote["tasso"].corr(prese["tasso"])) < 0.3


@pytest.mark.parametrize("correzione", ["nessuna", "moltiplicativa", "additiva"])
def test_posizioni_coerenti_con_le_curve(correzione):
    t = _sovradispersi()
    f = c.posizioni_funnel(t, correzione=correzione)
    lim = c.limiti_funnel(t, correzione=correzione, punti=2000)
    sup = np.interp(f["popolazione"], lim["popolazione"], lim["sup_95"])
    inf = np.interp(f["popolazione"], lim["popolazione"], lim["inf_95"])
    chiaramente_sopra = f["tasso"] > sup * 1.01
    chiaramente_dentro = (f["tasso"] < sup * 0.99) & (f["tasso"] > inf * 1.01)
    assert f.loc[chiaramente_sopra, "posizione"].str.startswith("sopra").all()
    assert (f.loc[chiaramente_dentro, "posizione"] == "in linea con l’atteso").all()


def test_la_stima_di_tutta_la_regione_vale_anche_per_una_provincia():
    t = _sovradispersi()
    stima = c.stima_sovradispersione(t)
    parte = t.iloc[:4]
    with pytest.raises(ErroreCorso, match="ne servono almeno 10"):
        c.posizioni_funnel(parte, correzione="additiva")
    f = c.posizioni_funnel(parte, correzione="additiva", sovradispersione=stima)
    intera = c.posizioni_funnel(t, correzione="additiva").iloc[:4]
    assert f["posizione"].tolist() == intera["posizione"].tolist()


def test_correzione_sconosciuta_con_suggerimento():
    with pytest.raises(ErroreCorso, match="Forse intendevi: additiva"):
        c.posizioni_funnel(_sovradispersi(), correzione="aditiva")


def test_quote_errori_e_controlli():
    df = pd.DataFrame({"codice_ambito": ["ATS-LE-03", "ATS-LE-03", None], "decaduto": [True, False, True]})
    with pytest.raises(ErroreCorso, match="codice dell'Ambito è vuoto"):
        c.quote(df, evento="decaduto")
    ok = df.iloc[:2]
    with pytest.raises(ErroreCorso, match="stessa tabella"):
        c.quote(ok, evento=[True, False])
    con_vuoti = ok.assign(decaduto=pd.array([True, None], dtype="boolean"))
    with pytest.raises(ErroreCorso, match=r"fillna\(False\)"):
        c.quote(con_vuoti, evento="decaduto")
    q = c.quote(ok, evento="decaduto")
    assert q[["prese_in_carico", "eventi", "tasso"]].iloc[0].tolist() == [2, 1, 50.0]
    assert q["tasso_inf"].iloc[0] < 50 < q["tasso_sup"].iloc[0]


def test_quote_per_provincia_e_graduatoria(patti):
    q = c.quote(patti, evento=patti["esito"] == "decaduto")
    p = c.per_provincia(q)
    assert p["prese_in_carico"].sum() == len(patti) and set(p["sigla_provincia"]) == set(c.PROVINCE)
    totale = (patti["esito"] == "decaduto").sum() / len(patti) * 100
    assert p["tasso"].min() < totale < p["tasso"].max()
    g = c.graduatoria(q, simulazioni=300)
    assert len(g) == 45 and (g["posizione_inf"] <= g["posizione"]).all()
    assert (g["posizione"] <= g["posizione_sup"]).all()


def test_indicatori_dei_decaduti_nei_due_denominatori(patti):
    tabelle = {"patti": patti}
    su_prese = c.calcola_indicatore("patti decaduti ogni 100 prese in carico", tabelle)
    su_residenti = c.calcola_indicatore("patti decaduti ogni 1.000 residenti", tabelle)
    assert su_prese.attrs["tipo"] == "quote" and su_residenti.attrs["tipo"] == "tassi"
    assert su_prese["eventi"].sum() == su_residenti["eventi"].sum() == (patti["esito"] == "decaduto").sum()

