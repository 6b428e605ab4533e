"""Ogni funzione pubblica che riceve una data o un Ambito usa il lettore di date e il riconoscitore del corso.

L'elenco non si scrive a memoria: il primo test guarda le firme di tutte le funzioni pubbliche di
``course`` (dominio, grafici, widget) e chiede che ogni parametro con un nome da data (``alla_data``,
``al``, ``oggi``, ``scadenza``, ``data_riferimento``, ``inizio``, ``fine``) o da Ambito (``ambito``,
``evidenzia``) sia provato qui sotto. Una funzione nuova che dimentica il lettore non passa inosservata.

Per ogni funzione (proprietà, con hypothesis):
- una data impossibile è un errore in italiano (``ErroreCorso``), mai un risultato né un ``ValueError`` grezzo;
- una data scritta all'italiana (``01/06/2025``, ``1/6/25``) dà lo stesso risultato del ``Timestamp``;
- «Bari», «ambito di Bari», « ats-ba-02 » danno lo stesso risultato del codice; un nome inventato è un errore.
"""

import datetime as dt
import importlib
import inspect
import pkgutil
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import course  # noqa: E402
from course import buone_pratiche, confronto, cronoprogramma, miei_dati, parametri, piano_operativo, rapporto  # noqa: E402
from course import scadenze  # noqa: E402
from course._tempi import data_riferimento  # noqa: E402
from course.dati import carica  # noqa: E402
from course.dati.validazione import valida  # noqa: E402
from course.errori import ErroreCorso  # noqa: E402
from test_rifiuti import _impossibile  # noqa: E402 - la stessa data impossibile dei test dei rifiuti
from course.grafici import confronto as g_confronto  # noqa: E402
from course.grafici.cronoprogramma import gantt  # noqa: E402
from course.grafici.scadenze import grafico_anzianita  # noqa: E402
from course.indicatori import Indicatore, calcola, calcola_tutti  # noqa: E402
from course.indicatori.espressioni import data_di_riferimento, valuta_espressione  # noqa: E402
from course.monitoraggio import allerte, conformita_mensile  # noqa: E402
from course.note import NotaCorso  # noqa: E402
from course.widget import confronto as w_confronto  # noqa: E402
from course.widget import indicatori as w_indicatori  # noqa: E402
from course.widget import miei_dati as w_miei_dati  # noqa: E402
from course.widget import monitoraggio as w_monitoraggio  # noqa: E402
from course.widget import scadenze as w_scadenze  # noqa: E402

NOMI_DATA = {"alla_data", "al", "oggi", "scadenza", "data_riferimento", "inizio", "fine"}
NOMI_AMBITO = {"ambito", "evidenzia"}
# moduli che non sono strumenti del coordinatore (correzione, spiegazioni, verifiche: hanno i loro test)
FUORI = ("course.valutazione", "course.spiegazioni", "course.verifica", "course.cli", "course.lab_italiano",
         "course.sessione", "course.edizione", "course.moduli", "course.dati.generatore")
# classi di risultato con un campo «ambito» già letto da chi le crea (non un ingresso del corsista)
NON_INGRESSI = {"course.miei_dati.Mappatura"}
VELOCE = settings(max_examples=6, deadline=None)


def _firme():
    trovate = {}
    for m in pkgutil.walk_packages(course.__path__, "course."):
        if m.name.startswith(FUORI):
            continue
        modulo = importlib.import_module(m.name)
        for nome, f in vars(modulo).items():
            if nome.startswith("_") and nome != "data_riferimento" or not callable(f):
                continue
            if getattr(f, "__module__", None) != modulo.__name__:
                continue
            try:
                parametri_f = set(inspect.signature(f).parameters)
            except (TypeError, ValueError):
                continue
            if parametri_f & (NOMI_DATA | NOMI_AMBITO) and f"{modulo.__name__}.{nome}" not in NON_INGRESSI:
                trovate[f"{modulo.__name__}.{nome}"] = parametri_f & (NOMI_DATA | NOMI_AMBITO)
    return trovate


# ---------------------------------------------------------------- dati piccoli, letti una volta

@pytest.fixture(scope="module")
def d(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("miei-dati")
    miei_dati.scrivi_esempio(tmp)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotaCorso)
        patti_tutti = carica("patti")
        scelti = patti_tutti[patti_tutti["codice_ambito"].isin(["ATS-BA-02", "ATS-LE-03"])]
        patti = scelti.groupby("codice_ambito").head(150).reset_index(drop=True)
        patti.attrs = dict(patti_tutti.attrs)
        att = carica("attivita_mensili")
        att = att[att["id_patto"].isin(patti["id_patto"])].reset_index(drop=True)
        att.attrs = dict(patti.attrs)
        azioni_tutte = carica("azioni_ets")
        azioni = azioni_tutte[azioni_tutte["codice_ambito"].isin(["ATS-BA-02", "ATS-LE-03"])].reset_index(drop=True)
        azioni.attrs = dict(azioni_tutte.attrs)
        crono = carica("cronoprogramma")
        crono = crono[crono["id_obiettivo"].str.contains("LE-03")].reset_index(drop=True)
        operatori = carica("operatori")
        tassi = confronto.tassi(patti_tutti)
        conf = conformita_mensile(att, patti)
    return {"patti": patti, "patti_tutti": patti_tutti, "att": att, "azioni": azioni, "crono": crono,
            "operatori": operatori, "tassi": tassi, "conf": conf,
            "leps": confronto.rapporto_leps(operatori),
            "grad": confronto.graduatoria(tassi, simulazioni=200),
            "scad": scadenze.scadenzario(patti), "cartella": tmp}


def _indicatore_patti():
    return Indicatore("Patti sottoscritti", numeratore="data_sottoscrizione.notna()", tabella="patti", unita="n.")


def _piano_di_prova(d):
    azioni = d["azioni"][d["azioni"]["codice_ambito"] == "ATS-LE-03"].head(3).copy()
    return azioni.assign(destinatari="beneficiari ReD e loro nuclei")


def _importa(d, *, alla_data="30/09/2025", ambito="ATS-BA-02"):
    file = next(d["cartella"].glob("*.csv"))
    r = miei_dati.importa(file, cartella=d["cartella"], ambito=ambito, alla_data=alla_data, salva=False)
    return r.scadenzario


def _cronoprogramma_del_piano(d):
    azioni = _piano_di_prova(d)
    return pd.DataFrame({"azione": azioni["descrizione"].to_numpy(), "descrizione": "Avvio",
                         "inizio_previsto": "01/05/2025", "fine_prevista": "30/11/2025"})


# ---------------------------------------------------------------- ogni funzione con una data

CON_UNA_DATA = {
    "course._tempi.data_riferimento": lambda d, x: data_riferimento(d["patti"], x),
    "course.buone_pratiche.istruttoria": lambda d, x: buone_pratiche.istruttoria(carica("buone_pratiche"), scadenza=x),
    "course.confronto.rapporto_leps": lambda d, x: confronto.rapporto_leps(d["operatori"], alla_data=x),
    "course.cronoprogramma.stato_attivita": lambda d, x: cronoprogramma.stato_attivita(d["crono"], al=x),
    "course.cronoprogramma.riepilogo_attivita": lambda d, x: cronoprogramma.riepilogo_attivita(d["crono"], al=x),
    "course.cronoprogramma.sintesi_obiettivo": lambda d, x: cronoprogramma.sintesi_obiettivo(
        d["crono"], id_obiettivo=d["crono"]["id_obiettivo"].iloc[0], al=x),
    "course.dati.validazione.valida": lambda d, x: valida(d["patti"], "patti", data_riferimento=x),
    "course.grafici.cronoprogramma.gantt": lambda d, x: gantt(d["crono"], al=x),
    "course.grafici.scadenze.grafico_anzianita": lambda d, x: grafico_anzianita(d["patti"], alla_data=x),
    "course.indicatori.calcolo.calcola": lambda d, x: calcola(_indicatore_patti(), {"patti": d["patti"]}, oggi=x),
    "course.indicatori.espressioni.data_di_riferimento": lambda d, x: data_di_riferimento(d["patti"], x),
    "course.indicatori.espressioni.valuta_espressione": lambda d, x: valuta_espressione(
        d["patti"], "data_sottoscrizione.notna()", oggi=x),
    "course.indicatori.indicatore.Indicatore": lambda d, x: Indicatore("Prova", scadenza=x).scadenza,
    "course.indicatori.standard.calcola_tutti": lambda d, x: calcola_tutti(
        {"patti": d["patti"]}, indicatori=[_indicatore_patti()], oggi=x),
    "course.monitoraggio.allerte_precoci.allerte": lambda d, x: allerte(d["conf"], patti=d["patti"], alla_data=x),
    "course.parametri.voce": lambda d, x: parametri.voce("isee_massimo_adi", alla_data=x),
    "course.parametri.parametro": lambda d, x: parametri.parametro("isee_massimo_adi", alla_data=x),
    "course.piano_operativo.andamento_azioni": lambda d, x: piano_operativo.andamento_azioni(d["azioni"], alla_data=x),
    "course.piano_operativo.piano_operativo": lambda d, x: piano_operativo.piano_operativo(d["azioni"], alla_data=x),
    "course.rapporto.periodo_piano": lambda d, x: rapporto.periodo_piano(x),
    "course.rapporto.controlla_cronoprogramma": lambda d, x: rapporto.controlla_cronoprogramma(
        _cronoprogramma_del_piano(d), _piano_di_prova(d), inizio=x, fine="31/12/2026"),
    "course.rapporto.rapporto_piano_operativo": lambda d, x: rapporto.rapporto_piano_operativo(
        _piano_di_prova(d), ambito="ATS-LE-03", inizio="01/01/2025", fine=x, grafici=False),
    "course.scadenze.termini": lambda d, x: scadenze.termini(alla_data=x),
    "course.scadenze.prossime_scadenze": lambda d, x: scadenze.prossime_scadenze(d["patti"], alla_data=x),
    "course.scadenze.scadenzario": lambda d, x: scadenze.scadenzario(d["patti"], alla_data=x),
    "course.scadenze.carico_case_manager": lambda d, x: scadenze.carico_case_manager(d["patti"], alla_data=x),
    "course.scadenze.anzianita_casi": lambda d, x: scadenze.anzianita_casi(d["patti"], alla_data=x),
    "course.widget.indicatori.vista_indicatore": lambda d, x: w_indicatori.vista_indicatore(
        {"patti": d["patti"]}, indicatore=_indicatore_patti(), oggi=x)[0],
    "course.widget.monitoraggio.vista_piano_operativo": lambda d, x: w_monitoraggio.vista_piano_operativo(
        d["azioni"], alla_data=x)[0],
    "course.widget.monitoraggio.EsploratorePianoOperativo": lambda d, x: w_monitoraggio.EsploratorePianoOperativo(
        d["azioni"], alla_data=x).tabella.value,
    "course.miei_dati.importa": lambda d, x: _importa(d, alla_data=x),
    "course.widget.miei_dati.abbina_colonne": lambda d, x: w_miei_dati.abbina_colonne(
        next(d["cartella"].glob("*.csv")), cartella=d["cartella"], ambito="ATS-BA-02", alla_data=x).menu.keys(),
    "course.widget.scadenze.esploratore_scadenzario": lambda d, x: w_scadenze.esploratore_scadenzario(
        d["patti"], alla_data=x).riepilogo.value,
}

CON_UN_AMBITO = {
    "course.confronto.filtra": lambda d, a: confronto.filtra(d["tassi"], ambito=a),
    "course.scadenze.filtra_scadenzario": lambda d, a: scadenze.filtra_scadenzario(d["scad"], ambito=a),
    "course.rapporto.rapporto_piano_operativo": lambda d, a: rapporto.rapporto_piano_operativo(
        d["azioni"][d["azioni"]["codice_ambito"] == "ATS-BA-02"].assign(destinatari="beneficiari ReD e loro nuclei"),
        ambito=a, grafici=False),
    "course.grafici.confronto.grafico_funnel": lambda d, a: g_confronto.grafico_funnel(d["tassi"], evidenzia=a),
    "course.grafici.confronto.grafico_tassi": lambda d, a: g_confronto.grafico_tassi(d["tassi"], evidenzia=a),
    "course.grafici.confronto.grafico_graduatoria": lambda d, a: g_confronto.grafico_graduatoria(d["grad"], evidenzia=a),
    "course.grafici.confronto.grafico_leps": lambda d, a: g_confronto.grafico_leps(d["leps"], evidenzia=a),
    "course.widget.confronto.vista_confronto": lambda d, a: w_confronto.vista_confronto(
        {"patti": d["patti_tutti"]}, indicatore="prese in carico ogni 1.000 residenti", ambito=a)[0],
    "course.widget.indicatori.filtra_dati": lambda d, a: w_indicatori.filtra_dati(
        {"patti": d["patti"]}, _indicatore_patti(), ambito=a)["patti"],
    "course.widget.indicatori.vista_indicatore": lambda d, a: w_indicatori.vista_indicatore(
        {"patti": d["patti"]}, indicatore=_indicatore_patti(), ambito=a)[0],
    "course.widget.monitoraggio.vista_monitoraggio": lambda d, a: w_monitoraggio.vista_monitoraggio(
        d["conf"], d["patti"], ambito=a)[0],
    "course.widget.monitoraggio.vista_piano_operativo": lambda d, a: w_monitoraggio.vista_piano_operativo(
        d["azioni"], ambito=a)[0],
    "course.miei_dati.importa": lambda d, a: _importa(d, ambito=a),
    "course.widget.miei_dati.abbina_colonne": lambda d, a: w_miei_dati.abbina_colonne(
        next(d["cartella"].glob("*.csv")), cartella=d["cartella"], ambito=a, alla_data="30/09/2025").menu.keys(),
    "course.widget.scadenze.vista_scadenzario": lambda d, a: w_scadenze.vista_scadenzario(d["scad"], ambito=a)[0],
}


def _confrontabile(r):
    """Un risultato in una forma che si può confrontare (le figure con i testi che mostrano)."""
    if isinstance(r, plt.Figure):
        testi = [t.get_text() for ax in r.axes for t in [ax.title, *ax.get_yticklabels(), *ax.texts]]
        plt.close(r)
        return testi
    if isinstance(r, tuple):
        return tuple(_confrontabile(x) for x in r)
    if isinstance(r, pd.DataFrame):
        return r.reset_index(drop=True).astype(str).to_dict("list")
    if isinstance(r, pd.Series):
        return r.astype(str).tolist()
    if isinstance(r, dict):
        return {k: _confrontabile(v) for k, v in r.items()}
    return r


def _chiama(f, *argomenti):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _confrontabile(f(*argomenti))


def test_ogni_funzione_con_una_data_o_un_ambito_e_provata_qui():
    firme = _firme()
    con_data = {n for n, p in firme.items() if p & NOMI_DATA}
    con_ambito = {n for n, p in firme.items() if p & NOMI_AMBITO}
    assert con_data == set(CON_UNA_DATA), ("Funzioni con una data da aggiungere (o togliere) in CON_UNA_DATA: "
                                           f"{sorted(con_data ^ set(CON_UNA_DATA))}")
    assert con_ambito == set(CON_UN_AMBITO), ("Funzioni con un Ambito da aggiungere (o togliere) in CON_UN_AMBITO: "
                                              f"{sorted(con_ambito ^ set(CON_UN_AMBITO))}")


DATE_IMPOSSIBILI = st.tuples(st.integers(1, 39), st.integers(1, 19), st.integers(2000, 2030)).filter(
    lambda t: _impossibile(*t)).map(lambda t: f"{t[0]:02d}/{t[1]:02d}/{t[2]}")


@pytest.mark.parametrize("nome", sorted(CON_UNA_DATA))
def test_una_data_impossibile_e_sempre_un_errore_italiano(d, nome):
    @VELOCE
    @given(DATE_IMPOSSIBILI)
    def prova(testo):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(ErroreCorso, match="non è una data possibile"):
                CON_UNA_DATA[nome](d, testo)
    prova()


@pytest.mark.parametrize("nome", sorted(CON_UNA_DATA))
def test_la_data_all_italiana_da_lo_stesso_risultato(d, nome):
    f = CON_UNA_DATA[nome]
    atteso = _chiama(f, d, pd.Timestamp("2025-06-01"))
    for scritta in ("01/06/2025", "1/6/25", "2025-06-01", dt.date(2025, 6, 1), np.datetime64("2025-06-01")):
        assert _chiama(f, d, scritta) == atteso, f"{nome} con {scritta!r}"


@pytest.mark.parametrize("nome", sorted(CON_UN_AMBITO))
def test_ogni_modo_di_scrivere_l_ambito_da_lo_stesso_risultato(d, nome):
    f = CON_UN_AMBITO[nome]
    atteso = _chiama(f, d, "ATS-BA-02")
    for scritto in ("Bari", "ambito di Bari", " ats-ba-02 ", "ATS BA 02"):
        assert _chiama(f, d, scritto) == atteso, f"{nome} con {scritto!r}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ErroreCorso, match="Ambito sconosciuto"):
            f(d, "Zzyzx")


def test_le_date_del_comando_con_il_lettore_del_corso(capsys):
    from course.cli import costruisci_parser, data_italiana

    assert data_italiana("1/6/25") == data_italiana("01/06/2025") == pd.Timestamp("2025-06-01")
    with pytest.raises(ErroreCorso, match="febbraio 2025 ha 28 giorni"):
        data_italiana("31/02/2025")
    with pytest.raises(SystemExit):
        costruisci_parser().parse_args(["dati", "valida", "patti", "--alla-data", "31/02/2025"])
    assert "serve una data come 31/12/2025" in capsys.readouterr().err


def test_il_grafico_dell_anzianita_dice_la_data_scelta_non_quella_dei_dati(d):
    fig = grafico_anzianita(d["patti"], alla_data="01/06/2025")   # i dati portano il 31/12/2025
    titolo = fig.axes[0].get_title(loc="left")
    plt.close(fig)
    assert "1 giu 2025" in titolo, titolo
