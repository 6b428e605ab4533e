import math

import numpy as np
import pandas as pd
import pytest

from course import confronto as c
from course.errori import ErroreCorso
from course.parametri import parametro


def _pop(**valori):
    return pd.DataFrame({"codice_ambito": list(valori), "popolazione": list(valori.values())})


def _casi(**conteggi):
    return pd.DataFrame({"codice_ambito": [k for k, n in conteggi.items() for _ in range(n)]})


POP = _pop(**{"ATS-BA-01": 10000, "ATS-BA-02": 50000, "ATS-LE-01": 200000, "ATS-LE-03": 20000})


def _poisson_cdf(k, mu):
    return sum(math.exp(-mu) * mu**i / math.factorial(i) for i in range(int(k) + 1))


# ----------------------------------------------------------------------------- tassi
def test_tasso_e_intervallo_contengono_il_valore():
    t = c.tassi(_casi(**{"ATS-BA-01": 5, "ATS-BA-02": 60, "ATS-LE-01": 150}), popolazione=POP)
    assert t["eventi"].tolist() == [5, 60, 150]
    assert np.allclose(t["tasso"], [0.5, 1.2, 0.75])
    assert (t["tasso_inf"] < t["tasso"]).all() and (t["tasso"] < t["tasso_sup"]).all()
    # più residenti → intervallo relativo più stretto
    ampiezza = (t["tasso_sup"] - t["tasso_inf"]) / t["tasso"]
    assert ampiezza.iloc[0] > ampiezza.iloc[2]


@pytest.mark.parametrize("osservati", [0, 1, 3, 10, 40])
def test_byar_vicino_all_intervallo_esatto_di_poisson(osservati):
    # L'intervallo esatto: P(X >= o | inf) = 2,5% e P(X <= o | sup) = 2,5%.
    t = c.tassi(_casi(**{"ATS-BA-01": osservati}) if osservati else pd.DataFrame({"codice_ambito": ["ATS-BA-01"]}).iloc[:0],
                popolazione=_pop(**{"ATS-BA-01": 1000}), tutti_gli_ambiti=True, per=1000)
    inf, sup = float(t["tasso_inf"].iloc[0]), float(t["tasso_sup"].iloc[0])
    assert abs(_poisson_cdf(osservati, sup) - 0.025) < 0.003
    if osservati:
        assert abs(1 - _poisson_cdf(osservati - 1, inf) - 0.025) < 0.003
    else:
        assert inf == 0


def test_wilson_per_le_quote():
    t = c.tassi(_casi(**{"ATS-BA-01": 30}), popolazione=_pop(**{"ATS-BA-01": 100}), metodo="wilson", per=100)
    # valori noti dell'intervallo di Wilson per 30 su 100 al 95%
    assert t["tasso_inf"].iloc[0] == pytest.approx(21.9, abs=0.1)
    assert t["tasso_sup"].iloc[0] == pytest.approx(39.6, abs=0.1)


def test_wilson_con_piu_eventi_che_residenti_non_inventa_intervalli():
    t = c.tassi(_casi(**{"ATS-BA-01": 30}), popolazione=_pop(**{"ATS-BA-01": 10}), metodo="wilson")
    assert t["tasso_inf"].isna().all() and "poisson" in t["nota"].iloc[0]


def test_colonna_di_conteggio_e_popolazione_dell_utente():
    df = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-LE-03"], "n": [4, 6, 2]})
    t = c.tassi(df, conteggio="n", popolazione=POP)
    assert t.set_index("codice_ambito")["eventi"].to_dict() == {"ATS-BA-01": 10, "ATS-LE-03": 2}
    assert t["sigla_provincia"].tolist() == ["BA", "LE"]
    assert t["ambito"].iloc[1] == "Ambito territoriale di Gagliano del Capo"


def test_popolazione_reale_e_mappatura_dell_utente():
    from course.territorio import mappatura

    t = c.tassi(_casi(**{"ATS-LE-03": 10}))
    assert t["popolazione"].iloc[0] > 10000
    mia = mappatura()[["codice_istat", "codice_ambito"]].copy()
    # sposto tutti i comuni di ATS-LE-03 in ATS-LE-02: ATS-LE-03 resta a zero residenti
    mia.loc[mia["codice_ambito"] == "ATS-LE-03", "codice_ambito"] = "ATS-LE-02"
    t2 = c.tassi(_casi(**{"ATS-LE-03": 10}), mappatura=mia)
    assert t2["popolazione"].iloc[0] == 0 and np.isnan(t2["tasso"].iloc[0])


def test_zero_eventi_e_zero_popolazione():
    pop = _pop(**{"ATS-BA-01": 0, "ATS-BA-02": 5000})
    t = c.tassi(pd.DataFrame({"codice_ambito": pd.Series([], dtype=str)}), popolazione=pop, tutti_gli_ambiti=True)
    assert t["eventi"].tolist() == [0, 0]
    assert np.isnan(t["tasso"].iloc[0]) and "popolazione zero" in t["nota"].iloc[0]
    assert t["tasso"].iloc[1] == 0 and t["tasso_sup"].iloc[1] > 0 and "nessun evento" in t["nota"].iloc[1]


def test_tabella_vuota_da_tabella_vuota_con_colonne():
    t = c.tassi(pd.DataFrame({"codice_ambito": pd.Series([], dtype=str)}), popolazione=POP)
    assert t.empty and "tasso_inf" in t.columns
    assert c.graduatoria(t).empty and c.limiti_funnel(t).empty and c.posizioni_funnel(t).empty


def test_ambito_assente_dalla_popolazione_ha_una_nota():
    t = c.tassi(_casi(**{"ATS-TA-06": 3}), popolazione=POP)
    assert "non trovato" in t["nota"].iloc[0] and np.isnan(t["tasso"].iloc[0])


def test_codice_scritto_male_nei_dati_suggerisce_quello_vicino():
    t = c.tassi(_casi(**{"ATS-LE-3X": 3, "ATS-LE-03": 2}))
    assert t.set_index("codice_ambito").loc["ATS-LE-3X", "nota"] == (
        "Ambito non trovato nella tabella della popolazione (forse ATS-LE-03?)")


def test_codice_in_altra_forma_si_riconosce_con_una_nota():
    # issue 11: «ATS-LE-3» e «ats-le-03 » sono ATS-LE-03 (prima restavano Ambiti a sé, con tasso vuoto)
    with pytest.warns(UserWarning, match="ATS-LE-03"):
        t = c.tassi(_casi(**{"ATS-LE-3": 3, "ats-le-03 ": 1, "ATS-LE-03": 2}))
    assert t.set_index("codice_ambito").loc["ATS-LE-03", "eventi"] == 6


@pytest.mark.parametrize("argomenti, parola", [
    ({"metodo": "wilsn"}, "wilson"), ({"livello": 95}, "tra 0 e 1"), ({"per": 0}, "positivo"),
    ({"conteggio": "numero"}, "numero"),
])
def test_argomenti_sbagliati(argomenti, parola):
    with pytest.raises(ErroreCorso, match=parola):
        c.tassi(_casi(**{"ATS-BA-01": 3}), popolazione=POP, **argomenti)


def test_colonna_sbagliata_suggerisce_il_nome():
    with pytest.raises(ErroreCorso, match="codice_ambito"):
        c.tassi(pd.DataFrame({"codice_ambit": ["ATS-BA-01"]}), popolazione=POP)
    with pytest.raises(ErroreCorso, match="DataFrame"):
        c.tassi(["ATS-BA-01"], popolazione=POP)


def test_conteggio_tutto_vuoto_o_negativo():
    df = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "n": [np.nan, np.nan]})
    with pytest.raises(ErroreCorso, match="tutta vuota"):
        c.tassi(df, conteggio="n", popolazione=POP)
    with pytest.raises(ErroreCorso, match="riga 1:"):
        c.tassi(df.assign(n=[1, -2]), conteggio="n", popolazione=POP)


def test_popolazione_non_numerica():
    with pytest.raises(ErroreCorso, match="riga 1:"):
        c.tassi(_casi(**{"ATS-BA-01": 1}), popolazione=pd.DataFrame(
            {"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "popolazione": [100, "tanti"]}))


# ----------------------------------------------------------------------------- province
def test_per_provincia_somma_prima_di_dividere():
    t = c.tassi(_casi(**{"ATS-BA-01": 10, "ATS-BA-02": 10, "ATS-LE-01": 100}), popolazione=POP)
    p = c.per_provincia(t)
    ba = p.set_index("sigla_provincia").loc["BA"]
    assert ba["eventi"] == 20 and ba["popolazione"] == 60000
    assert ba["tasso"] == pytest.approx(20 / 60000 * 1000)  # non la media di 1,0 e 0,2
    assert ba["provincia"] == "Bari"


def test_per_provincia_rifiuta_tabelle_estranee():
    with pytest.raises(ErroreCorso, match="tassi"):
        c.per_provincia(pd.DataFrame({"sigla_provincia": ["BA"], "popolazione": [1]}))


# ----------------------------------------------------------------------------- LEPS
def test_leps_classi_dai_parametri():
    leps = parametro("residenti_per_assistente_sociale")
    obiettivo = parametro("residenti_per_assistente_sociale_obiettivo")
    contributo = parametro("residenti_per_assistente_sociale_contributo")
    codici = ["ATS-BA-01", "ATS-BA-02", "ATS-BA-03", "ATS-BA-04", "ATS-BA-05", "ATS-BA-06"]
    pop = pd.DataFrame({"codice_ambito": codici,
                        "popolazione": [obiettivo * 2, leps * 2, (contributo - 100) * 2, contributo * 2, 1000, 0]})
    op = pd.DataFrame({"codice_ambito": codici[:4] * 2 + ["ATS-BA-06", "ATS-BA-05"],
                       "ruolo": ["assistente sociale"] * 9 + ["psicologo"],
                       "fte": [1.0] * 10})
    r = c.rapporto_leps(op, popolazione=pop).set_index("codice_ambito")
    assert r["residenti_per_as"].tolist()[:4] == [obiettivo, leps, contributo - 100, contributo]
    classi = r["classe"].tolist()
    assert classi[0].startswith("obiettivo raggiunto")
    assert classi[1].startswith("LEPS rispettato")
    assert classi[2].startswith("sotto il LEPS")
    assert classi[3].startswith("lontano dal LEPS")
    assert classi[4] == "nessun assistente sociale registrato"
    assert classi[5] == "popolazione zero o mancante"
    assert r.loc["ATS-BA-04", "as_mancanti_leps"] == pytest.approx(contributo * 2 / leps - 2, abs=0.01)
    assert r.loc["ATS-BA-01", "as_mancanti_leps"] == 0


def test_leps_alla_data_conta_solo_chi_era_in_servizio():
    op = pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 2, "ruolo": ["assistente sociale"] * 2, "fte": [1.0, 1.0],
                       "in_servizio_dal": pd.to_datetime(["2022-01-01", "2024-06-01"])})
    pop = _pop(**{"ATS-LE-03": 10000})
    assert c.rapporto_leps(op, popolazione=pop)["fte_assistenti_sociali"].iloc[0] == 2
    assert c.rapporto_leps(op, popolazione=pop, alla_data="2023-12-31")["fte_assistenti_sociali"].iloc[0] == 1


def test_leps_fte_impossibile_nomina_le_righe():
    op = pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 3, "ruolo": ["assistente sociale"] * 3,
                       "fte": [1.0, 1.5, -0.5]}, index=[10, 11, 12])
    with pytest.raises(ErroreCorso, match=r"righe 11, 12: valori impossibili \(1,5, -0,5\)"):
        c.rapporto_leps(op, popolazione=POP)


def test_codice_ambito_vuoto_nomina_le_righe():
    df = pd.DataFrame({"codice_ambito": ["ATS-BA-01", None, " "]})
    with pytest.raises(ErroreCorso, match="righe 1, 2"):
        c.tassi(df, popolazione=POP)


def test_leps_fte_tutta_vuota():
    op = pd.DataFrame({"codice_ambito": ["ATS-LE-03"], "ruolo": ["assistente sociale"], "fte": [np.nan]})
    with pytest.raises(ErroreCorso, match="fte"):
        c.rapporto_leps(op, popolazione=POP)


def test_leps_per_provincia():
    op = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "ruolo": ["assistente sociale"] * 2,
                       "fte": [1.0, 1.0]})
    p = c.per_provincia(c.rapporto_leps(op, popolazione=POP))
    assert p["residenti_per_as"].tolist() == [30000.0]
    assert p["provincia"].tolist() == ["Bari"]


# ----------------------------------------------------------------------------- funnel
def _regione():
    pop = _pop(**{f"ATS-BA-{i:02d}": n for i, n in enumerate([5000, 20000, 80000, 150000, 300000], start=1)})
    casi = _casi(**{"ATS-BA-01": 30, "ATS-BA-02": 20, "ATS-BA-03": 75, "ATS-BA-04": 140, "ATS-BA-05": 200})
    return c.tassi(casi, popolazione=pop)


def test_limiti_funnel_si_restringono_con_la_popolazione():
    lim = c.limiti_funnel(_regione(), punti=50)
    larghezza = lim["sup_95"] - lim["inf_95"]
    assert larghezza.is_monotonic_decreasing
    assert (lim["sup_99,8"] >= lim["sup_95"]).all() and (lim["inf_99,8"] <= lim["inf_95"]).all()
    assert (lim["inf_99,8"] >= 0).all()


def test_limiti_funnel_come_i_quantili_di_poisson():
    t = _regione()
    theta = t["eventi"].sum() / t["popolazione"].sum()
    lim = c.limiti_funnel(t, punti=30)
    riga = lim.iloc[15]
    atteso = theta * riga["popolazione"]
    sup = riga["sup_95"] * riga["popolazione"] / 1000
    # oltre il limite superiore la probabilità di Poisson di un valore così alto è circa 2,5%
    assert 0.005 < 1 - _poisson_cdf(math.ceil(sup) - 1, atteso) < 0.04


def test_posizioni_funnel_segnala_il_piccolo_ambito_solo_se_davvero_fuori():
    p = c.posizioni_funnel(_regione()).set_index("codice_ambito")["posizione"]
    assert p["ATS-BA-01"].startswith("sopra l’atteso (oltre il 99,8%)")  # 30 casi su 5.000: troppi
    assert p["ATS-BA-03"] == "in linea con l’atteso"
    # il riferimento scelto a mano cambia il giudizio
    p2 = c.posizioni_funnel(_regione(), riferimento=10).set_index("codice_ambito")["posizione"]
    assert p2["ATS-BA-05"].startswith("sotto l’atteso")


def test_posizioni_funnel_coerenti_con_le_curve():
    t = c.posizioni_funnel(_regione())
    lim = c.limiti_funnel(_regione(), punti=400)
    for _, r in t.iterrows():
        sup = np.interp(r["popolazione"], lim["popolazione"], lim["sup_95"])
        if r["tasso"] > sup * 1.02:
            assert r["posizione"].startswith("sopra")


# ----------------------------------------------------------------------------- graduatoria
def test_graduatoria_ripetibile_e_piu_incerta_per_i_piccoli():
    t = _regione()
    g1, g2 = c.graduatoria(t, seme=7), c.graduatoria(t, seme=7)
    pd.testing.assert_frame_equal(g1, g2)
    g = g1.set_index("codice_ambito")
    assert g.loc["ATS-BA-01", "posizione"] == 1
    assert (g["posizione_inf"] <= g["posizione"]).all() and (g["posizione"] <= g["posizione_sup"]).all()
    ampiezza = g["posizione_sup"] - g["posizione_inf"]
    assert ampiezza["ATS-BA-02"] >= ampiezza["ATS-BA-05"]


def test_graduatoria_crescente_e_un_solo_ambito():
    t = c.tassi(_casi(**{"ATS-BA-01": 3}), popolazione=POP)
    g = c.graduatoria(t, decrescente=False)
    assert g[["posizione", "posizione_inf", "posizione_sup"]].iloc[0].tolist() == [1, 1, 1]
    with pytest.raises(ErroreCorso, match="simulazioni"):
        c.graduatoria(t, simulazioni=0)


# ----------------------------------------------------------------------------- filtri e indicatori
def test_filtra_e_nomi_sbagliati():
    t = _regione().pipe(lambda d: pd.concat([d, c.tassi(_casi(**{"ATS-LE-03": 2}), popolazione=POP)]))
    assert set(c.filtra(t, provincia="le")["codice_ambito"]) == {"ATS-LE-03"}
    assert len(c.filtra(t, provincia="tutte")) == len(t)
    with pytest.raises(ErroreCorso, match="Forse intendevi: Gagliano del Capo"):
        c.filtra(t, ambito="Galiano del Capo")
    with pytest.raises(ErroreCorso, match="Lecce"):
        c.filtra(t, provincia="Lece")


def test_calcola_indicatore():
    patti = pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 4, "misura": ["ADI", "ADI", "ReD", "ADI"],
                          "data_sottoscrizione": pd.to_datetime(["2024-01-01", None, None, "2024-03-01"])})
    tab = {"patti": patti}
    assert c.calcola_indicatore("prese in carico ogni 1.000 residenti", tab, popolazione=POP)["eventi"].iloc[0] == 4
    assert c.calcola_indicatore("patti sottoscritti ogni 1.000 residenti", tab, popolazione=POP)["eventi"].iloc[0] == 2
    assert c.calcola_indicatore("prese in carico ReD ogni 1.000 residenti", tab, popolazione=POP)["eventi"].iloc[0] == 1
    with pytest.raises(ErroreCorso, match="operatori"):
        c.calcola_indicatore("residenti per assistente sociale (LEPS)", tab)
    with pytest.raises(ErroreCorso, match="Forse intendevi"):
        c.calcola_indicatore("prese in carico ogni 1.000 resident", tab)
