"""Proprietà (hypothesis): nessuna funzione pubblica dà un risultato per un input che deve rifiutare.

Per ogni funzione, un generatore di input sbagliati (ore o importi negativi, date impossibili, Ambiti
inesistenti): la funzione dà un errore in italiano (ErroreCorso) o segnala il caso nel risultato, mai un
risultato normale come se niente fosse.
"""

import datetime as dt
import string
import warnings

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import buone_pratiche, cronoprogramma, scadenze
from course.date import leggi_data, leggi_date
from course.errori import ErroreCorso
from course.monitoraggio import conformita_mensile
from course.note import NotaCorso
from course.parametri import parametro
from course.piano_operativo import andamento_azioni
from course.territorio import ambiti, trova_ambito

VELOCE = settings(max_examples=25, deadline=None)


def _impossibile(g, m, a):
    try:
        dt.date(a, m, g)
        return False
    except ValueError:
        return True


date_impossibili = st.tuples(st.integers(1, 39), st.integers(1, 19), st.integers(1990, 2040)).filter(
    lambda t: _impossibile(*t)).map(lambda t: f"{t[0]:02d}/{t[1]:02d}/{t[2]}")


@VELOCE
@given(date_impossibili)
def test_date_impossibili_rifiutate_da_ogni_funzione_che_prende_una_data(testo):
    chiamate = [
        lambda: leggi_data(testo),
        lambda: leggi_date(pd.Series([testo]), colonna="d", tabella="t"),
        lambda: parametro("isee_massimo_adi", alla_data=testo),
        lambda: scadenze.termini(alla_data=testo),
        lambda: cronoprogramma.stato_attivita(pd.DataFrame({
            "descrizione": ["A"], "avanzamento_pct": [0], "inizio_previsto": ["01/01/2025"],
            "fine_prevista": ["31/03/2025"], "inizio_effettivo": [None], "fine_effettiva": [None]}), al=testo),
        lambda: buone_pratiche.istruttoria(pd.DataFrame({
            "id_candidatura": ["BP-1"], "codice_ambito": ["ATS-LE-03"], "titolo": ["x"], "area_tematica": ["processi organizzativi"],
            "poverta_educative": [False], "data_invio": ["01/07/2023"], "inviata_via_pec": [True],
            "domanda_allegata": [True], "descrizione": ["x"]}), scadenza=testo),
    ]
    for chiama in chiamate:
        with pytest.raises(ErroreCorso):
            chiama()


@VELOCE
@given(st.integers(-500, -1), st.sampled_from(["ore_svolte", "ore_previste", "assenze_giustificate",
                                                "assenze_ingiustificate"]))
def test_ore_negative_sempre_rifiutate(negativo, colonna):
    righe = pd.DataFrame({"id_patto": ["P1", "P1"], "mese": ["01/03/2025"] * 2, "tipo_attivita": ["tirocinio", "altro"],
                          "ore_previste": [40, 40], "ore_svolte": [40, 40], "assenze_giustificate": [0, 0],
                          "assenze_ingiustificate": [0, 0]})
    righe.loc[1, colonna] = negativo
    with pytest.raises(ErroreCorso, match="negativ"):
        conformita_mensile(righe, pd.DataFrame({"id_patto": ["P1"], "misura": ["ReD"]}))


@VELOCE
@given(st.floats(-1e6, -0.01), st.sampled_from(["budget", "spesa"]))
def test_importi_negativi_mai_un_segnale_normale(negativo, colonna):
    azioni = pd.DataFrame({"id_azione": ["A1"], "codice_ambito": ["ATS-LE-03"], "tipo_azione": ["azioni di sistema"],
                           "budget": [10000.0], "spesa": [5000.0], "data_inizio": ["01/01/2025"],
                           "data_fine": ["31/12/2025"]})
    azioni.loc[0, colonna] = negativo
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotaCorso)
        a = andamento_azioni(azioni, alla_data="30/06/2025")
    assert a.loc[0, "segnale"] == "da verificare" and "negativ" in a.loc[0, "anomalie"]




@VELOCE
@given(st.text(alphabet=string.ascii_letters, min_size=3, max_size=12))
def test_un_ambito_inventato_non_diventa_mai_un_ambito_a_caso(nome):
    try:
        codice, capito = trova_ambito(nome)
    except ErroreCorso as errore:
        assert "Ambito sconosciuto" in str(errore)
        return
    # se lo riconosce, deve dire che cosa ha capito (un comune, un nome, un codice scritto diversamente)
    assert capito and codice in capito


def _nota_o_errore(chiama) -> str:
    """Il testo della nota (NotaCorso) o dell'errore (ErroreCorso) che accompagna un input tutto vuoto."""
    with warnings.catch_warnings(record=True) as avvisi:
        warnings.simplefilter("always")
        try:
            chiama()
        except ErroreCorso as errore:
            return str(errore)
    return " ".join(str(a.message) for a in avvisi if issubclass(a.category, NotaCorso))


def _patti_tutti_vuoti():
    from course.dati import carica

    return carica("patti").head(50).assign(data_domanda=pd.NaT)


@pytest.mark.parametrize("nome, chiama", [
    ("scadenze senza date delle domande", lambda: scadenze.prossime_scadenze(_patti_tutti_vuoti())),
    ("istruttoria senza date di invio", lambda: buone_pratiche.istruttoria(pd.DataFrame({
        "id_candidatura": ["BP-1", "BP-2"], "codice_ambito": ["ATS-LE-03"] * 2, "titolo": ["x"] * 2,
        "area_tematica": ["processi organizzativi"] * 2, "poverta_educative": [False] * 2, "data_invio": [None] * 2,
        "inviata_via_pec": [True] * 2, "domanda_allegata": [True] * 2, "descrizione": ["x"] * 2}))),
    ("azioni senza budget", lambda: andamento_azioni(pd.DataFrame({
        "id_azione": ["A1"], "codice_ambito": ["ATS-LE-03"], "tipo_azione": ["azioni di sistema"], "budget": [None],
        "spesa": [100.0], "data_inizio": ["01/01/2025"], "data_fine": ["31/12/2025"]}), alla_data="30/06/2025")),
    ("azioni senza spesa", lambda: andamento_azioni(pd.DataFrame({
        "id_azione": ["A1"], "codice_ambito": ["ATS-LE-03"], "tipo_azione": ["azioni di sistema"], "budget": [1000.0],
        "spesa": [None], "data_inizio": ["01/01/2025"], "data_fine": ["31/12/2025"]}), alla_data="30/06/2025")),
    ("ore senza valori", lambda: conformita_mensile(pd.DataFrame({
        "id_patto": ["P1"], "mese": ["01/03/2025"], "tipo_attivita": ["tirocinio"], "ore_previste": [40],
        "ore_svolte": [None], "assenze_giustificate": [0], "assenze_ingiustificate": [0]}),
        pd.DataFrame({"id_patto": ["P1"], "misura": ["ReD"]}))),
])
def test_un_ingresso_tutto_vuoto_ha_sempre_una_nota(nome, chiama):
    # issue 11: una colonna tutta vuota non deve dare una tabella «normale» senza una parola
    assert "tutta vuota" in _nota_o_errore(chiama), nome
