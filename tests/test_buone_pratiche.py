import numpy as np
import pandas as pd
import pytest

from course import buone_pratiche as bp
from course.dati.tabelle import AREE_TEMATICHE
from course.errori import ErroreCorso
from course.parametri import parametro

SCADENZA = pd.Timestamp(parametro("scadenza_buone_pratiche"))


def _candidature(n=1, **colonne):
    base = {
        "id_candidatura": [f"BP-{i:03d}" for i in range(n)],
        "codice_ambito": ["ATS-BA-01"] * n,
        "soggetto_proponente": ["Ambito"] * n,
        "codice_istat": [None] * n,
        "titolo": ["Una pratica"] * n,
        "area_tematica": [AREE_TEMATICHE[0]] * n,
        "poverta_educative": [False] * n,
        "data_invio": [SCADENZA - pd.Timedelta(days=5)] * n,
        "inviata_via_pec": [True] * n,
        "domanda_allegata": [True] * n,
        "descrizione": ["Descrizione completa"] * n,
        "anno_avvio": [2020] * n,
        "risultati_documentati": [True] * n,
        "n_partner": [3] * n,
        "costo_annuo": [20000.0] * n,
    }
    base.update(colonne)
    return pd.DataFrame(base)


# ----------------------------------------------------------------------------- istruttoria
def test_candidatura_in_regola_ammessa():
    e = bp.istruttoria(_candidature())
    assert e[["esito", "motivi", "n_motivi"]].iloc[0].tolist() == ["ammessa", "", 0]


def test_tutti_i_motivi_insieme():
    c = _candidature(data_invio=[SCADENZA + pd.Timedelta(days=1)], inviata_via_pec=[False],
                     domanda_allegata=[False], descrizione=["   "], titolo=[None],
                     area_tematica=["sport e tempo libero"])
    e = bp.istruttoria(c).iloc[0]
    assert e["esito"] == "esclusa" and e["n_motivi"] == 6
    for pezzo in ["dopo la scadenza del 15/07/2023", "non inviata via PEC", "domanda di partecipazione",
                  "titolo mancante", "descrizione della pratica mancante", "«sport e tempo libero» non prevista"]:
        assert pezzo in e["motivi"]


def test_il_giorno_della_scadenza_va_bene_anche_con_l_ora():
    c = _candidature(2, data_invio=[SCADENZA + pd.Timedelta(hours=23), SCADENZA + pd.Timedelta(days=1)],
                     codice_ambito=["ATS-BA-01", "ATS-BA-02"])
    assert bp.istruttoria(c)["esito"].tolist() == ["ammessa", "esclusa"]


def test_scadenza_personalizzata():
    c = _candidature(data_invio=[pd.Timestamp("2024-03-01")])
    assert bp.istruttoria(c)["esito"].iloc[0] == "esclusa"
    assert bp.istruttoria(c, scadenza="2024-03-31")["esito"].iloc[0] == "ammessa"


def test_valori_mancanti_nei_campi_obbligatori():
    c = _candidature(inviata_via_pec=pd.array([pd.NA], dtype="boolean"), data_invio=[pd.NaT],
                     area_tematica=[None], domanda_allegata=pd.array([pd.NA], dtype="boolean"))
    motivi = bp.istruttoria(c)["motivi"].iloc[0]
    assert "non si sa se è stata inviata via PEC" in motivi
    assert "data di invio mancante" in motivi
    assert "area tematica mancante" in motivi
    assert "domanda di partecipazione non allegata" in motivi


def test_area_scritta_male_suggerisce_quella_giusta():
    c = _candidature(area_tematica=["uso eficiente delle risorse"])
    assert "(forse: uso efficiente delle risorse)" in bp.istruttoria(c)["motivi"].iloc[0]


def test_comune_senza_codice_istat_e_soggetto_ignoto():
    c = _candidature(2, soggetto_proponente=["Comune", "Provincia"], codice_ambito=["ATS-BA-01", "ATS-BA-02"])
    m = bp.istruttoria(c)["motivi"].tolist()
    assert "senza codice ISTAT" in m[0] and "«Provincia» non previsto" in m[1]


def test_una_per_ambito_piu_una_sulle_poverta_educative():
    giorni = [SCADENZA - pd.Timedelta(days=d) for d in (10, 9, 8, 7)]
    c = _candidature(4, data_invio=giorni, poverta_educative=[True, False, False, True])
    e = bp.istruttoria(c).set_index("id_candidatura")
    # la prima ordinaria (BP-001) e la prima sulle povertà educative (BP-000) entrano
    assert e["esito"].to_dict() == {"BP-000": "ammessa", "BP-001": "ammessa", "BP-002": "esclusa",
                                    "BP-003": "esclusa"}
    assert "già ammessa BP-000, BP-001" in e.loc["BP-002", "motivi"]


def test_due_sulle_poverta_educative_senza_ordinarie_entrano_entrambe():
    c = _candidature(3, poverta_educative=[True, True, True],
                     data_invio=[SCADENZA - pd.Timedelta(days=d) for d in (3, 2, 1)])
    assert bp.istruttoria(c)["esito"].tolist() == ["ammessa", "ammessa", "esclusa"]


def test_le_candidature_non_in_regola_non_occupano_il_posto():
    c = _candidature(2, inviata_via_pec=[False, True],
                     data_invio=[SCADENZA - pd.Timedelta(days=9), SCADENZA - pd.Timedelta(days=1)])
    e = bp.istruttoria(c)
    assert e["esito"].tolist() == ["esclusa", "ammessa"]
    assert e["motivi"].iloc[0] == "non inviata via PEC"


def test_limite_per_proponente():
    c = _candidature(2, soggetto_proponente=["Ambito", "Comune"], codice_istat=[None, "072004"])
    assert bp.istruttoria(c)["esito"].tolist() == ["ammessa", "esclusa"]
    assert bp.istruttoria(c, limite_per="proponente")["esito"].tolist() == ["ammessa", "ammessa"]
    with pytest.raises(ErroreCorso, match="Forse intendevi: proponente"):
        bp.istruttoria(c, limite_per="proponent")


def test_codice_ripetuto_esclude_la_copia():
    c = _candidature(2, id_candidatura=["BP-7", "BP-7"], codice_ambito=["ATS-BA-01", "ATS-BA-02"])
    e = bp.istruttoria(c)
    assert e["esito"].tolist() == ["ammessa", "esclusa"]
    assert "«BP-7» già usato" in e["motivi"].iloc[1]


def test_istruttoria_tabella_vuota_e_colonne_mancanti():
    e = bp.istruttoria(_candidature().iloc[:0])
    assert e.empty and {"esito", "motivi", "n_motivi"} <= set(e.columns)
    with pytest.raises(ErroreCorso, match="inviata_via_pec"):
        bp.istruttoria(_candidature().drop(columns="inviata_via_pec"))


def test_motivi_esclusione_raggruppa_i_tipi():
    c = _candidature(3, codice_ambito=["ATS-BA-01", "ATS-BA-02", "ATS-BA-03"],
                     area_tematica=["sport", "cultura", AREE_TEMATICHE[1]], inviata_via_pec=[False, True, False])
    m = bp.motivi_esclusione(bp.istruttoria(c)).set_index("motivo")["candidature"]
    assert m["area tematica «…» non prevista dall'avviso"] == 2
    assert m["non inviata via PEC"] == 2
    assert bp.motivi_esclusione(bp.istruttoria(_candidature())).empty


# ----------------------------------------------------------------------------- punteggi
def test_regole_automatiche_dei_voti():
    c = _candidature(3, codice_ambito=["ATS-BA-01", "ATS-BA-02", "ATS-BA-03"], anno_avvio=[2010, 2021, 2023],
                     n_partner=[0, 2, 9], costo_annuo=[10000.0, 20000.0, 50000.0],
                     risultati_documentati=[True, False, True])
    p = bp.punteggi(c).set_index("id_candidatura").loc[["BP-000", "BP-001", "BP-002"]]
    assert p["sostenibilita"].tolist() == [5, 2, 0]
    assert p["partenariato"].tolist() == [0, 2, 5]
    assert p["costo"].tolist() == [5.0, 3.75, 0.0]
    assert p["evidenza_risultati"].tolist() == [5, 0, 5]
    # senza voto non vuol dire 0: il criterio resta vuoto ed è escluso dal punteggio
    assert p["replicabilita"].isna().all()
    assert p["criteri_senza_voto"].iloc[0] == "replicabilità, trasferibilità, innovazione"
    assert bp.criteri_esclusi(p) == ["replicabilita", "trasferibilita", "innovazione"]
    assert (p["criteri_valutati"] == 4).all()


def test_voto_manuale_ha_la_precedenza_e_pesi_cambiano_la_graduatoria():
    c = _candidature(2, codice_ambito=["ATS-BA-01", "ATS-BA-02"], n_partner=[5, 0],
                     voto_innovazione=[0, 3], voto_partenariato=[np.nan, 1])
    p = bp.punteggi(c).set_index("id_candidatura")
    assert p.loc["BP-001", "partenariato"] == 1 and p.loc["BP-000", "partenariato"] == 5
    assert p.loc["BP-000", "posizione"] == 1 and p.loc["BP-001", "criteri_senza_voto"] == "replicabilità, trasferibilità"
    p2 = bp.punteggi(c, pesi={"innovazione": 5}).set_index("id_candidatura")
    assert p2.loc["BP-001", "posizione"] == 1


def test_punteggio_tra_0_e_100_e_formula():
    c = _candidature(1, **{f"voto_{k}": [5] for k in bp.CRITERI})
    assert bp.punteggi(c)["punteggio"].iloc[0] == pytest.approx(100)
    c0 = _candidature(1, **{f"voto_{k}": [0] for k in bp.CRITERI})
    assert bp.punteggi(c0)["punteggio"].iloc[0] == 0
    c2 = _candidature(1, **{f"voto_{k}": [0] for k in bp.CRITERI}) .assign(voto_costo=[4])
    assert bp.punteggi(c2, pesi={"costo": 3})["punteggio"].iloc[0] == pytest.approx(100 * 3 * 4 / (5 * 9))


def test_solo_ammesse_se_c_e_l_esito():
    e = bp.istruttoria(_candidature(2, codice_ambito=["ATS-BA-01", "ATS-BA-02"], inviata_via_pec=[True, False]))
    assert bp.punteggi(e)["id_candidatura"].tolist() == ["BP-000"]


def test_colonne_tutte_vuote_non_valgono_zero_ma_sono_escluse_e_dette():
    c = _candidature(2, codice_ambito=["ATS-BA-01", "ATS-BA-02"], costo_annuo=[np.nan, np.nan],
                     n_partner=pd.array([pd.NA, pd.NA], dtype="Int64"))
    p = bp.punteggi(c)
    assert p["costo"].isna().all() and p["partenariato"].isna().all()
    assert "costo" in p["criteri_senza_voto"].iloc[0] and "partenariato" in p["criteri_senza_voto"].iloc[0]
    assert {"costo", "partenariato"} <= set(bp.criteri_esclusi(p))
    avviso = bp.avviso_griglia(p)
    assert "restano fuori dal punteggio" in avviso and "voto_costo" in avviso
    # il peso di un criterio escluso non cambia nulla
    assert bp.punteggi(c, pesi={"costo": 5})["punteggio"].tolist() == p["punteggio"].tolist()


def test_un_criterio_che_manca_solo_ad_alcuni_non_li_penalizza_in_silenzio():
    c = _candidature(2, codice_ambito=["ATS-BA-01", "ATS-BA-02"], costo_annuo=[10000.0, np.nan],
                     **{f"voto_{k}": [4, 4] for k in ("replicabilita", "trasferibilita", "innovazione")},
                     n_partner=[4, 4], anno_avvio=[2019, 2019], risultati_documentati=[True, True])
    p = bp.punteggi(c).set_index("id_candidatura")
    assert np.isnan(p.loc["BP-001", "costo"]) and p.loc["BP-001", "criteri_senza_voto"] == "costo"
    assert p.loc["BP-001", "criteri_valutati"] == 6
    # la media pesata dei soli criteri valutati, non un 0 nascosto
    voti = p.loc["BP-001", [k for k in bp.CRITERI if k != "costo"]].astype(float)
    assert p.loc["BP-001", "punteggio"] == pytest.approx(voti.mean() / 5 * 100)
    assert "1 candidatura non ha il voto di tutti i criteri" in bp.avviso_griglia(bp.punteggi(c))


def test_i_dati_del_corso_dicono_quali_criteri_non_contano():
    from course.dati import carica

    e = bp.istruttoria(carica("buone_pratiche"))
    p = bp.punteggi(e)
    esclusi = bp.criteri_esclusi(p)
    assert esclusi and all(p[c].isna().all() for c in esclusi)
    assert bp.avviso_griglia(p)
    # un cursore di un criterio escluso non cambia la graduatoria né i punteggi
    for criterio in esclusi:
        assert bp.punteggi(e, pesi={criterio: 5})["punteggio"].tolist() == p["punteggio"].tolist()


def test_pesi_solo_sui_criteri_senza_voti():
    c = _candidature(2, codice_ambito=["ATS-BA-01", "ATS-BA-02"])
    pesi = {k: 0 for k in bp.CRITERI} | {"innovazione": 2}
    with pytest.raises(ErroreCorso, match="nessun punteggio si può calcolare"):
        bp.punteggi(c, pesi=pesi)


def test_help_dice_che_la_griglia_e_del_corso():
    primo_paragrafo = bp.__doc__.strip().split("\n\n")[1]
    assert "del corso" in primo_paragrafo and "come nell'avviso" not in bp.__doc__


def test_un_solo_costo_prende_il_massimo():
    assert bp.punteggi(_candidature())["costo"].iloc[0] == 5


@pytest.mark.parametrize("pesi, parola", [
    ({"inovazione": 1}, "Forse intendevi: innovazione"), ({"costo": -1}, "maggiore o uguale a 0"),
    ({"costo": "tanto"}, "numero"), ({k: 0 for k in bp.CRITERI}, "Tutti i pesi sono 0"),
])
def test_pesi_sbagliati(pesi, parola):
    with pytest.raises(ErroreCorso, match=parola):
        bp.punteggi(_candidature(), pesi=pesi)


def test_voto_manuale_fuori_scala():
    with pytest.raises(ErroreCorso, match="voto_innovazione.*riga 1:"):
        bp.punteggi(_candidature(2, codice_ambito=["ATS-BA-01", "ATS-BA-02"], voto_innovazione=[3, 7]))


def test_punteggi_tabella_vuota():
    p = bp.punteggi(_candidature().iloc[:0])
    assert p.empty and "punteggio" in p.columns


# ----------------------------------------------------------------------------- sensibilità
def _gruppo():
    return _candidature(4, codice_ambito=["ATS-BA-01", "ATS-BA-02", "ATS-BA-03", "ATS-BA-04"],
                        voto_innovazione=[5, 0, 4, 1], voto_replicabilita=[0, 5, 4, 1], n_partner=[5, 5, 2, 0])


def test_sensibilita_ripetibile_e_coerente():
    s1 = bp.sensibilita(_gruppo(), seme=3, primi=2)
    pd.testing.assert_frame_equal(s1, bp.sensibilita(_gruppo(), seme=3, primi=2))
    assert (s1["posizione_min"] <= s1["posizione_mediana"]).all()
    assert (s1["posizione_mediana"] <= s1["posizione_max"]).all()
    assert s1["quota_primi"].between(0, 1).all()
    s = s1.set_index("id_candidatura")
    assert s.loc["BP-003", "quota_primi"] == 0 and s.loc["BP-003", "posizione_min"] == 4


def test_senza_variazione_la_graduatoria_non_cambia():
    s = bp.sensibilita(_gruppo(), variazione=0)
    assert (s["posizione_min"] == s["posizione"]).all() and (s["posizione_max"] == s["posizione"]).all()


def test_sensibilita_argomenti_e_vuoto():
    with pytest.raises(ErroreCorso, match="variazione"):
        bp.sensibilita(_gruppo(), variazione=1.5)
    with pytest.raises(ErroreCorso, match="simulazioni"):
        bp.sensibilita(_gruppo(), simulazioni=0)
    assert bp.sensibilita(_gruppo().iloc[:0]).empty


# --- Issue 11: le diciture ufficiali dell'avviso sono aree ammesse ---

from course.buone_pratiche import area_tematica, istruttoria  # noqa: E402
from course.dati.tabelle import DICITURE_AREE  # noqa: E402


def test_le_cinque_diciture_ufficiali_sono_ammesse():
    # prima: tutte e cinque escluse come «non prevista dall'avviso»
    diciture = list(DICITURE_AREE)
    df = _candidature(len(diciture)).assign(area_tematica=diciture, codice_ambito=[f"ATS-BA-0{i}" for i in range(1, 6)])
    esito = istruttoria(df)
    assert esito["esito"].eq("ammessa").all(), esito["motivi"].tolist()
    assert area_tematica("  PROGETTI INNOVATIVI in ambito socio-educativo - assistenziale; ") == \
        "progetti socio-educativo-assistenziali innovativi"
    assert "assistenzial" in area_tematica(diciture[4])
    assert area_tematica("welfare digitale") is None
