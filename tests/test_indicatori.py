"""Test degli indicatori: scheda, SMART, lettura dei target, calcolo, schede e file, catalogo."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course.catalogo_indicatori import (
    calcola_tutti, catalogo, dal_catalogo, mesi_con_ore_sufficienti, mesi_di_attivita,
)
from course.errori import ErroreCorso
from course.indicatori import (
    ElencoIndicatori, Indicatore, calcola, controlla_smart, leggi_indicatori, leggi_target, scheda,
    scrivi_indicatori, valuta_espressione,
)
from course.indicatori_calcolo import con_ambito
from course.parametri import parametro


def _patti():
    return pd.DataFrame({
        "id_patto": ["P1", "P2", "P3", "P4", "P5"],
        "codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-BA-01", "ATS-LE-02", "ATS-LE-02"],
        "misura": pd.Categorical(["ADI", "ReD", "ADI", "ReD", "ADI"]),
        "data_domanda": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-02-10", "2025-02-15", "2025-03-01"]),
        "data_primo_colloquio": pd.to_datetime(["2025-01-15", "2025-03-31", None, "2025-03-01", None]),
        "data_sottoscrizione": pd.to_datetime(["2025-02-01", None, None, "2025-03-20", None]),
        "data_ultima_revisione": pd.to_datetime(["2025-03-01", None, None, None, None]),
        "data_chiusura": pd.to_datetime([None, None, None, None, None]),
        "esito": [None, None, None, None, None],
        "n_revisioni": pd.array([1, 0, 0, 0, 0], dtype="Int64"),
    })


def _completo(**altro):
    campi = dict(nome="Quota di Patti sottoscritti entro 60 giorni", definizione="Patti firmati sul totale",
                 numeratore="data_sottoscrizione.notna()", denominatore="righe", unita="%", tipo="output",
                 fonte="Piattaforma GePI", frequenza="mensile", polarita="crescente", baseline=50, target=70,
                 scadenza="31/12/2025", responsabile="Ufficio di Piano")
    campi.update(altro)
    return Indicatore(**campi)


# ------------------------------------------------------------------ Indicatore

def test_indicatore_normalizza_i_campi():
    i = Indicatore("Giorni di attesa medi", tipo=" RISULTATO ", polarita="Decrescente", baseline="12,5",
                   target="1.200", scadenza="2025-06-30")
    assert (i.tipo, i.polarita, i.baseline, i.target) == ("risultato", "decrescente", 12.5, 1200.0)
    assert i.scadenza == pd.Timestamp("2025-06-30")
    assert Indicatore("X y z", scadenza="05/03/2025").scadenza == pd.Timestamp("2025-03-05")


def test_indicatore_riporta_tutti_i_problemi_insieme():
    with pytest.raises(ErroreCorso) as e:
        Indicatore("Prova", tipo="risultati", polarita="alta", target="tanti", scadenza="domani")
    testo = str(e.value)
    assert "4 problemi" in testo
    assert "forse: risultato" in testo and "polarita" in testo and "target" in testo and "scadenza" in testo


@pytest.mark.parametrize("nome", ["", "   ", None, 3])
def test_indicatore_senza_nome(nome):
    with pytest.raises(ErroreCorso, match="nome"):
        Indicatore(nome)


def test_indicatore_espressione_di_tipo_sbagliato():
    with pytest.raises(ErroreCorso, match="numeratore"):
        Indicatore("Quota di qualcosa", numeratore=3.5)


def test_to_dict_con_funzione():
    d = Indicatore("Quota di mesi", numeratore=mesi_di_attivita, scadenza="2025-12-31").to_dict()
    assert d["numeratore"] == "funzione mesi_di_attivita" and d["scadenza"] == "2025-12-31"


# ------------------------------------------------------------------ target nel testo

@pytest.mark.parametrize("testo, confronto, valore, unita", [
    ("Patti sottoscritti nell'anno (almeno 20)", ">=", 20, None),
    ("Nuclei con Patto concluso positivamente pari a 48 (valore in %)", "=", 48, "%"),
    ("Giorni medi dalla domanda al primo colloquio non oltre 30 giorni", "<=", 30, "giorni"),
    ("Copertura ≥ 80%", ">=", 80, "%"),
    ("Spesa non più di 1.500 euro", "<=", 1500, "euro"),
    ("Quota almeno 12,5%", ">=", 12.5, "%"),
    ("Rapporto 2017/2016 pari al 110%", "=", 110, "%"),
    ("Tempo di attesa al massimo 45 giorni", "<=", 45, "giorni"),
    ("Quota superiore al 30%", ">=", 30, "%"),
])
def test_leggi_target(testo, confronto, valore, unita):
    t = leggi_target(testo)
    assert t is not None and t.confronto == confronto and math.isclose(t.valore, valore) and t.unita == unita


@pytest.mark.parametrize("testo", ["Migliorare la qualità", "", None, float("nan"), "Oltre il servizio",
                                   "Quota di Patti firmati entro 60 giorni dalla domanda",
                                   "Patti aperti da oltre 90 giorni senza revisione"])
def test_leggi_target_senza_valore(testo):
    assert leggi_target(testo) is None


def test_target_polarita_dedotta():
    assert leggi_target("almeno 5").polarita == "crescente"
    assert leggi_target("non oltre 5").polarita == "decrescente"
    assert leggi_target("pari a 5").polarita is None


# ------------------------------------------------------------------ SMART

def test_smart_indicatore_completo_senza_rilievi():
    assert controlla_smart(_completo()) == []


@pytest.mark.parametrize("modifica, campo, gravita", [
    (dict(denominatore=None), "denominatore", "grave"),
    (dict(scadenza=None), "scadenza", "grave"),
    (dict(polarita=None), "polarita", "grave"),
    (dict(fonte="percezione degli operatori"), "fonte", "grave"),
    (dict(fonte=""), "fonte", "grave"),
    (dict(nome="Migliorare la qualità"), "nome", "attenzione"),
    (dict(target=40), "target", "attenzione"),
    (dict(target=140), "target", "grave"),
    (dict(numeratore=None), "numeratore", "grave"),
    (dict(frequenza=""), "frequenza", "consiglio"),
])
def test_smart_rilievi(modifica, campo, gravita):
    rilievi = controlla_smart(_completo(**modifica))
    trovati = [r for r in rilievi if r.campo == campo]
    assert trovati and trovati[0].gravita == gravita and trovati[0].suggerimento
    assert all(r.gravita in ("grave", "attenzione", "consiglio") for r in rilievi)


def test_smart_ordinati_per_gravita():
    ordine = {"grave": 0, "attenzione": 1, "consiglio": 2}
    gravita = [ordine[r.gravita] for r in controlla_smart(Indicatore("Quota"))]
    assert gravita == sorted(gravita) and len(gravita) > 3


def test_smart_tipo_sbagliato():
    with pytest.raises(ErroreCorso, match="Indicatore"):
        controlla_smart("Quota di Patti")


# ------------------------------------------------------------------ calcolo

def test_calcola_quota_per_ambito():
    quota = _completo()
    r = calcola(quota, _patti())
    assert r["codice_ambito"].tolist() == ["ATS-BA-01", "ATS-LE-02"]
    assert r["valore"].tolist() == pytest.approx([100 / 3, 50.0])
    assert r["target_raggiunto"].tolist() == [False, False]


def test_calcola_denominatore_zero_non_rompe():
    media = Indicatore("Giorni medi di attesa", numeratore="data_primo_colloquio - data_domanda",
                       denominatore="data_primo_colloquio.notna()", polarita="decrescente", target=30)
    p = _patti()
    p.loc[p["codice_ambito"] == "ATS-LE-02", "data_primo_colloquio"] = pd.NaT
    r = calcola(media, p)
    assert r.loc[0, "valore"] == pytest.approx((10 + 70) / 2)
    assert math.isnan(r.loc[1, "valore"]) and "denominatore zero" in r.loc[1, "nota"]
    assert pd.isna(r.loc[1, "target_raggiunto"]) and not np.isinf(r["valore"]).any()


def test_calcola_per_mese_provincia_totale_e_colonna():
    ind = Indicatore("Numero di domande", data="data_domanda")
    assert calcola(ind, _patti(), per="mese")["valore"].tolist() == [2, 2, 1]
    assert calcola(ind, _patti(), per="provincia").set_index("provincia")["valore"].to_dict() == {"BA": 3, "LE": 2}
    assert calcola(ind, _patti(), per="totale")["valore"].tolist() == [5]
    assert calcola(ind, _patti(), per="misura").set_index("misura")["valore"].to_dict() == {"ADI": 3, "ReD": 2}
    doppio = calcola(ind, _patti(), per=["ambito", "trimestre"])
    assert set(doppio.columns) >= {"codice_ambito", "trimestre"} and doppio["valore"].sum() == 5
    assert calcola(ind, _patti(), per="anno")["anno"].tolist() == [2025]


def test_calcola_oggi_e_parametri():
    termine = Indicatore("Quota di colloqui in ritardo", unita="%",
                         numeratore="data_primo_colloquio.isna() & (@oggi - data_domanda > @giorni_primo_contatto)",
                         denominatore="righe")
    r = calcola(termine, _patti(), per="totale", oggi="2025-03-20")
    # senza colloquio: P3 (38 giorni) e P5 (19 giorni): solo P3 oltre i 30 giorni
    assert r["valore"].iloc[0] == pytest.approx(100 / 5)
    assert parametro("giorni_primo_contatto") == 30


def test_calcola_con_funzione():
    ind = Indicatore("Numero di patti ADI", numeratore=lambda df: df["misura"] == "ADI")
    assert calcola(ind, _patti())["valore"].tolist() == [2, 1]


@pytest.mark.parametrize("espressione, cerca", [
    ("data_sottoscrizion.notna()", "data_sottoscrizione"),
    ("data_domanda > @giorni_revisione", "@giorni_revisione_percorso"),
    ("(data_domanda >", "parentesi"),
    ("misura.nonesiste()", "Controlla"),
])
def test_espressioni_sbagliate_danno_errori_in_italiano(espressione, cerca):
    with pytest.raises(ErroreCorso) as e:
        valuta_espressione(_patti(), espressione)
    assert cerca in str(e.value)


def test_espressione_di_testo_non_numerica():
    with pytest.raises(ErroreCorso, match="numeri"):
        valuta_espressione(_patti(), "id_patto")


def test_calcola_raggruppamento_sconosciuto():
    with pytest.raises(ErroreCorso, match="Forse intendevi: ambito"):
        calcola(_completo(), _patti(), per="ambto")


def test_calcola_per_mese_senza_data():
    with pytest.raises(ErroreCorso, match="data="):
        calcola(_completo(), _patti(), per="mese")


def test_calcola_tabella_vuota():
    r = calcola(_completo(), _patti().iloc[0:0])
    assert r.empty and "vuota" in r.attrs["avviso"]


def test_calcola_colonna_tutta_vuota():
    p = _patti().assign(data_primo_colloquio=pd.NaT)
    media = dal_catalogo("Giorni medi dalla domanda al primo colloquio")
    r = calcola(media, p)
    assert r["valore"].isna().all() and r["nota"].str.contains("denominatore zero").all()


def test_calcola_un_solo_ambito():
    p = _patti()
    r = calcola(_completo(), p[p["codice_ambito"] == "ATS-LE-02"])
    assert len(r) == 1 and r["valore"].iloc[0] == 50


def test_calcola_dati_sbagliati():
    with pytest.raises(ErroreCorso, match="dizionario"):
        calcola(_completo(), [1, 2, 3])
    with pytest.raises(ErroreCorso, match="Indicatore"):
        calcola("quota", _patti())
    with pytest.raises(ErroreCorso, match="serve la tabella 'patti'"):
        calcola(_completo(tabella="patti"), {"pati": _patti(), "operatori": pd.DataFrame()})


def test_calcola_due_tabelle_e_popolazione():
    operatori = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-LE-03"],
                              "ruolo": ["assistente sociale", "psicologo", "assistente sociale"],
                              "fte": [1.0, 1.0, 0.5]})
    ind = dal_catalogo("Residenti per assistente sociale")
    r = calcola(ind, {"operatori": operatori}).set_index("codice_ambito")
    from course.territorio import popolazione_ambiti

    pop = popolazione_ambiti().set_index("codice_ambito")["popolazione"]
    assert sorted(r.index) == ["ATS-BA-01", "ATS-LE-03"]  # la popolazione si limita agli Ambiti dei dati
    assert r.loc["ATS-BA-01", "valore"] == pytest.approx(pop["ATS-BA-01"])
    assert r.loc["ATS-LE-03", "valore"] == pytest.approx(pop["ATS-LE-03"] / 0.5)
    # con la popolazione passata esplicitamente, un Ambito senza assistenti sociali ha valore vuoto, non infinito
    esplicita = calcola(ind, {"operatori": operatori, "popolazione": popolazione_ambiti()}).set_index("codice_ambito")
    assert len(esplicita) == 45 and math.isnan(esplicita.loc["ATS-FG-01", "valore"])
    assert not np.isinf(esplicita["valore"]).any()
    with pytest.raises(ErroreCorso, match="due tabelle"):
        calcola(ind, operatori)


def test_ambito_ricavato_dal_patto():
    attivita = pd.DataFrame({"id_patto": ["P1", "P4", "P4"], "mese": pd.to_datetime(["2025-01-01"] * 3),
                             "ore_previste": [62, 62, 10], "assenze_ingiustificate": [2, 0, 10]})
    ind = dal_catalogo("Quota di ore perse per assenze ingiustificate")
    r = calcola(ind, {"attivita_mensili": attivita, "patti": _patti()}).set_index("codice_ambito")
    assert r.loc["ATS-LE-02", "valore"] == pytest.approx(10 / 72 * 100)
    assert con_ambito({"attivita_mensili": attivita, "patti": _patti()})["attivita_mensili"]["codice_ambito"].notna().all()
    with pytest.raises(ErroreCorso, match="codice_ambito"):
        calcola(ind, {"attivita_mensili": attivita})


def test_regola_delle_ore_al_limite():
    minime, quota = parametro("ore_mensili_minime"), parametro("quota_minima_attivita_qualificanti")
    q = minime * quota
    attivita = pd.DataFrame({
        "id_patto": ["A", "A", "B", "B", "C"],
        "mese": pd.to_datetime(["2025-01-01"] * 5),
        "tipo_attivita": ["tirocinio", "formazione", "tirocinio", "formazione", "lavoro di comunità"],
        "ore_svolte": pd.array([q, minime - q, q - 1, minime - q + 1, minime - 1], dtype="Int64"),
    })
    assert mesi_con_ore_sufficienti(attivita).tolist() == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert mesi_di_attivita(attivita).sum() == 3


# ------------------------------------------------------------------ scheda e file

def test_scheda_html_markdown_csv():
    i = _completo(nome="Quota <di> Patti sottoscritti", polarita=None)
    s = scheda(i)
    html = s._repr_html_()
    assert "&lt;di&gt;" in html and "Polarità" in html and "grave" in html
    assert "| Unità di misura | % |" in s.markdown()
    righe = pd.read_csv(__import__("io").StringIO(s.csv()), sep=";")
    assert righe.set_index("campo").loc["Scadenza del target", "valore"] == "31 dic 2025"
    assert s.to_dict()["rilievi"] and s.to_dict()["nome"] == i.nome
    with pytest.raises(ErroreCorso):
        scheda({"nome": "x"})


@pytest.mark.parametrize("estensione", ["xlsx", "csv"])
def test_scrivi_e_rileggi(tmp_path, estensione):
    originali = [_completo(baseline=12.5), Indicatore("Numero di colloqui", tipo="output")]
    percorso = scrivi_indicatori(originali, tmp_path / f"set.{estensione}")
    letti = leggi_indicatori(percorso)
    assert isinstance(letti, ElencoIndicatori) and len(letti) == 2
    assert letti[0].baseline == 12.5 and letti[0].scadenza == pd.Timestamp("2025-12-31")
    assert letti[0].numeratore == "data_sottoscrizione.notna()" and letti[1].tipo == "output"
    assert letti.rapporto["esito"].tolist() == ["nessun target trovato"]  # solo il secondo non ha target


def test_leggi_excel_con_titolo_e_intestazioni_italiane(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Piano della performance 2025 – indicatori"])
    ws.append([])
    ws.append(["Descrizione", "Tipo", "Unità", "Polarità", "Valore previsto"])
    ws.append(["Patti sottoscritti nell'anno (almeno 20)", "OUTPUT", "numero", None, None])
    ws.append(["Quota di revisioni nei termini", "risultato", "%", "crescente", 80])
    ws.append(["Giorni medi di attesa non oltre 30 giorni", "processo", None, None, None])
    ws.append(["Totale", None, None, None, None])
    wb.save(tmp_path / "piano.xlsx")
    letti = leggi_indicatori(tmp_path / "piano.xlsx")
    assert [i.target for i in letti] == [20, 80, 30]
    assert [i.polarita for i in letti] == ["crescente", "crescente", "decrescente"]
    assert letti[2].unita == "giorni"
    rap = letti.rapporto
    assert rap["riga"].tolist() == [4, 6] and rap["testo_letto"].tolist() == ["almeno 20", "non oltre 30 giorni"]


def test_leggi_errori_con_riga(tmp_path):
    t = pd.DataFrame({"nome": ["Quota A di patti", "Quota B di patti", "Quota C di patti"],
                      "tipo": ["output", "risultati", "processo"], "target": ["10", "20", "trenta"]})
    with pytest.raises(ErroreCorso) as e:
        leggi_indicatori(t)
    assert "2 righe" in str(e.value) and "riga 3" in str(e.value) and "riga 4" in str(e.value)


def test_leggi_senza_colonna_nome_e_file_sbagliati(tmp_path):
    with pytest.raises(ErroreCorso, match="nome"):
        leggi_indicatori(pd.DataFrame({"tipo": ["output"]}))
    with pytest.raises(ErroreCorso, match="Non trovo"):
        leggi_indicatori(tmp_path / "manca.xlsx")
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(ErroreCorso, match="xlsx"):
        leggi_indicatori(tmp_path / "x.json")
    with pytest.raises(ErroreCorso, match="xlsx"):
        scrivi_indicatori([_completo()], tmp_path / "x.txt")
    with pytest.raises(ErroreCorso, match="posizione 1"):
        scrivi_indicatori([_completo(), "no"], tmp_path / "x.csv")


def test_leggi_csv_all_italiana(tmp_path):
    percorso = tmp_path / "ind.csv"
    percorso.write_bytes("Indicatore;Unità di misura;Valore atteso;Polarità\nQuota di Patti;%;12,5;crescente\n"
                         .encode("cp1252"))
    letti = leggi_indicatori(percorso)
    assert letti[0].target == 12.5 and letti[0].unita == "%"


# ------------------------------------------------------------------ catalogo

def test_catalogo_completo():
    voci = catalogo()
    assert len({i.nome for i in voci}) == len(voci) >= 6
    for i in voci:
        gravi = [r for r in controlla_smart(i) if r.gravita == "grave" and r.campo != "scadenza"]
        assert not gravi, (i.nome, gravi)
    with pytest.raises(ErroreCorso, match="Forse intendevi"):
        dal_catalogo("Quota di Patti sottoscrit")


def test_calcola_tutti_su_dati_piccoli():
    p = _patti()
    t = calcola_tutti({"patti": p}, oggi="2025-03-31")
    attese = {i.nome for i in catalogo() if i.tabella == "patti"}
    assert set(t["indicatore"]) == attese
    assert len(t.attrs["saltati"]) == len(catalogo()) - len(attese)
    sottoscritti = t[t["indicatore"] == "Quota di Patti sottoscritti"].set_index("codice_ambito")["valore"]
    assert sottoscritti.to_dict() == pytest.approx({"ATS-BA-01": 100 / 3, "ATS-LE-02": 50.0})
    entro = t[t["indicatore"] == "Quota di primi colloqui entro il termine"].set_index("codice_ambito")["valore"]
    # BA: P1 ADI 10 gg sì, P2 ReD 70 gg no (termine 60), P3 ADI senza colloquio e termine non scaduto: escluso
    assert entro["ATS-BA-01"] == pytest.approx(50.0)
    with pytest.raises(ErroreCorso, match="dizionario"):
        calcola_tutti(p)


def test_calcola_tutti_per_mese_salta_chi_non_ha_date():
    t = calcola_tutti({"patti": _patti(), "operatori": pd.DataFrame(
        {"codice_ambito": ["ATS-BA-01"], "ruolo": ["assistente sociale"], "fte": [1.0]})}, per="mese")
    assert "mese" in t.columns
    assert any("Residenti per assistente sociale" in s for s in t.attrs["saltati"])


def test_calcola_tutti_sui_dati_generati(cartella_ambito):
    from course.catalogo_indicatori import _tabelle_necessarie
    from course.dati import carica

    dati = {n: carica(n, cartella=cartella_ambito) for n in _tabelle_necessarie(catalogo())}
    t = calcola_tutti(dati)
    assert set(t["indicatore"]) == {i.nome for i in catalogo()} and not t.attrs["saltati"]
    assert t["valore"].notna().all() and np.isfinite(t["valore"]).all()
    quote = t[t["unita"] == "%"]["valore"]
    assert quote.between(0, 100).all()
    # il calcolo per gruppi coincide con quello fatto Ambito per Ambito
    ind = dal_catalogo("Quota di revisioni in ritardo")
    patti = dati["patti"]
    for ambito, parte in patti.groupby("codice_ambito", observed=True):
        singolo = calcola(ind, parte, per="totale", oggi=patti.attrs["data_riferimento"])["valore"].iloc[0]
        riga = t[(t["indicatore"] == ind.nome) & (t["codice_ambito"] == ambito)]["valore"].iloc[0]
        assert singolo == pytest.approx(riga, nan_ok=True)


def test_target_della_tabella_indicatori_generata(cartella_ambito):
    from course.dati import carica

    ind = carica("indicatori", cartella=cartella_ambito)
    senza = ind[ind["valore_previsto"].isna()]
    assert len(senza) > 0
    assert senza["descrizione"].map(leggi_target).notna().all()


def test_smart_prova_le_espressioni_sullo_schema():
    buono = _completo(tabella="patti")
    assert not [r for r in controlla_smart(buono) if r.campo in ("numeratore", "denominatore")]
    sbagliato = _completo(tabella="patti", numeratore="data_firma.notna()")
    rilievi = [r for r in controlla_smart(sbagliato) if r.campo == "numeratore"]
    assert rilievi and rilievi[0].gravita == "grave" and "data_firma" in rilievi[0].messaggio
    assert not [r for r in controlla_smart(_completo(tabella="mia_tabella", numeratore="x > 1"))
                if r.campo == "numeratore"]  # tabella sconosciuta: non si può provare
    for ind in catalogo():
        assert not [r for r in controlla_smart(ind) if r.campo in ("numeratore", "denominatore")], ind.nome


def test_righe_senza_data_o_ambito_sono_segnalate():
    p = _patti()
    p.loc[0, "data_domanda"] = pd.NaT
    p.loc[1, "codice_ambito"] = None
    ind = Indicatore("Numero di domande", data="data_domanda")
    r = calcola(ind, p, per="mese")
    assert r["valore"].sum() == 4 and "1 riga" in r.attrs["avviso"] and "mese" in r.attrs["avviso"]
    r = calcola(ind, p, per="ambito")
    assert r["valore"].sum() == 4 and "Ambito" in r.attrs["avviso"]
    assert "avviso" not in calcola(ind, _patti(), per="ambito").attrs


def test_il_catalogo_si_scrive_e_si_rilegge_uguale(tmp_path):
    percorso = scrivi_indicatori(catalogo(), tmp_path / "catalogo.xlsx")
    letti = leggi_indicatori(percorso)
    assert [i.to_dict() for i in letti] == [i.to_dict() for i in catalogo()]
    assert letti[6].numeratore is mesi_con_ore_sufficienti
    t = pd.DataFrame({"nome": ["Quota di qualcosa"], "numeratore": ["funzione os.system"]})
    with pytest.raises(ErroreCorso, match="non è tra quelle del catalogo"):
        leggi_indicatori(t)


def test_per_mese_con_date_scritte_come_testo():
    p = _patti().assign(data_domanda=["05/01/2025", "20/01/2025", "2025-02-10", "15.2.2025", "01/03/2025"])
    r = calcola(Indicatore("Numero di domande", data="data_domanda"), p, per="mese")
    assert r["mese"].dt.month.tolist() == [1, 2, 3] and r["valore"].tolist() == [2, 2, 1]
