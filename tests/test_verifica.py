"""Validità delle verifiche: ogni soluzione prende tutti i punti, ogni errore tipico è riconosciuto
con il suo suggerimento; più i test del meccanismo (codici sconosciuti, tipi sbagliati, credito parziale).

Trova da solo i file ``course/verifica/esercizi_NN.py`` e ``formatori/soluzioni/modulo_NN.py``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from course import verifica
from course.errori import ErroreCorso
from course.verifica import Correzione, Esito, elenco_esercizi, esercizio, punteggio, registra

RADICE = Path(__file__).resolve().parents[1]
SOLUZIONI = RADICE / "formatori" / "soluzioni"


def _carica_soluzioni() -> tuple[dict, dict]:
    soluzioni, errori = {}, {}
    for percorso in sorted(SOLUZIONI.glob("modulo_*.py")):
        spec = importlib.util.spec_from_file_location(f"_soluzioni_{percorso.stem}", percorso)
        modulo = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(modulo)
        soluzioni.update(getattr(modulo, "SOLUZIONI", {}))
        errori.update(getattr(modulo, "ERRORI_TIPICI", {}))
    return soluzioni, errori


SOL, ERR = _carica_soluzioni()
CODICI = list(elenco_esercizi()["codice"])
CASI_ERRATI = [(codice, i) for codice in CODICI for i in range(len(ERR.get(codice, [])))]


@pytest.fixture(scope="session")
def _cartelle_corso(tmp_path_factory):
    """Un insieme di dati sintetici generato una volta per sessione (e una cartella di lavoro)."""
    try:
        from course.dati import genera
    except (ImportError, AttributeError):
        return None
    cartella = tmp_path_factory.mktemp("dati_verifica")
    genera(scala="ambito", seme=1, cartella=cartella, progresso=False)
    return cartella, tmp_path_factory.mktemp("lavoro")


@pytest.fixture
def dati_corso(_cartelle_corso, monkeypatch):
    """I dati del corso letti da carica() tramite AMBITI_LAB_DATI, solo per la durata del test."""
    if _cartelle_corso is None:
        return None
    dati, lavoro = _cartelle_corso
    monkeypatch.setenv("AMBITI_LAB_DATI", str(dati))
    monkeypatch.setenv("AMBITI_LAB_LAVORO", str(lavoro))
    return dati


def _valore(x):
    return x() if callable(x) else x


# --- la banca delle soluzioni e degli errori ------------------------------------------------------

def test_ogni_esercizio_ha_soluzione_e_almeno_due_errori_tipici():
    assert CODICI, "nessun esercizio registrato"
    senza_soluzione = [c for c in CODICI if c not in SOL]
    pochi_errori = [c for c in CODICI if len(ERR.get(c, [])) < 2]
    assert not senza_soluzione, f"esercizi senza soluzione in formatori/soluzioni: {senza_soluzione}"
    assert not pochi_errori, f"esercizi con meno di due errori tipici: {pochi_errori}"
    orfani = sorted(set(SOL) - set(CODICI))
    assert not orfani, f"soluzioni per esercizi non registrati: {orfani}"


@pytest.mark.parametrize("codice", CODICI)
def test_la_soluzione_prende_tutti_i_punti(codice, dati_corso):
    if codice not in SOL:
        pytest.fail(f"manca la soluzione di {codice}")
    esito = verifica.verifica(codice, _valore(SOL[codice]))
    assert esito.superato, f"la soluzione di {codice} non passa:\n{esito}"
    assert not esito.da_rivedere
    assert esito.competenze and all(c.startswith("C") for c in esito.competenze)


@pytest.mark.parametrize("codice,indice", CASI_ERRATI)
def test_ogni_errore_tipico_ha_il_suo_suggerimento(codice, indice, dati_corso):
    risposta, frammento = ERR[codice][indice]
    risposta = _valore(risposta)
    try:
        coincide = bool(risposta == _valore(SOL[codice]))
    except (TypeError, ValueError):   # tabelle, serie: non sono una cifra da confrontare
        coincide = False
    if coincide:
        pytest.skip(f"{codice}: su questi dati l'errore tipico n. {indice} dà la stessa cifra della risposta giusta")
    esito = verifica.verifica(codice, risposta)
    assert not esito.superato, f"{codice}: l'errore tipico n. {indice} è stato accettato:\n{esito}"
    assert esito.da_rivedere, f"{codice}: nessuna voce da rivedere per l'errore n. {indice}"
    assert esito.suggerimento and frammento.lower() in esito.suggerimento.lower(), (
        f"{codice}: per l'errore n. {indice} mi aspettavo un suggerimento con «{frammento}», "
        f"invece: {esito.suggerimento!r}")


@pytest.mark.parametrize("codice", CODICI)
@pytest.mark.parametrize("strana", [None, "testo qualsiasi", 3.5, [1, 2], {"a": 1}, pd.DataFrame({"x": [1]}),
                                    pd.DataFrame(), float("nan"), object()])
def test_nessuna_verifica_si_rompe_con_risposte_strane(codice, strana, dati_corso):
    esito = verifica.verifica(codice, strana)
    assert isinstance(esito, Esito)
    assert 0 <= esito.punti <= esito.massimo
    assert not esito.superato
    assert esito.suggerimento, f"{codice}: nessun suggerimento per {strana!r}"
    assert "Traceback" not in str(esito)


@pytest.mark.parametrize("codice", CODICI)
def test_il_suggerimento_non_contiene_la_soluzione(codice, dati_corso):
    """Il riscontro a una risposta sbagliata non rivela il numero atteso (quando è un numero)."""
    giusta = _valore(SOL.get(codice))
    if not isinstance(giusta, (int, float)) or isinstance(giusta, bool) or abs(giusta) < 100:
        return
    for risposta, _ in ERR.get(codice, []):
        testo = str(verifica.verifica(codice, _valore(risposta)))
        for forma in {f"{giusta:.0f}", f"{giusta:,.0f}".replace(",", ".")}:
            assert forma not in testo, f"{codice}: il riscontro rivela la soluzione {forma}:\n{testo}"


# --- il meccanismo -------------------------------------------------------------------------------

def test_codice_sconosciuto_suggerisce_i_codici_del_modulo():
    with pytest.raises(ErroreCorso, match=r"Gli esercizi del modulo 00 sono: 0\.1, 0\.2"):
        esercizio("0.9", 1)


def test_modulo_senza_esercizi_elenca_i_moduli_disponibili():
    with pytest.raises(ErroreCorso, match="Moduli con esercizi: 00"):
        esercizio("42.1", 1)


@pytest.mark.parametrize("codice", ["1,2", "uno", 1.2, None, "1.2.3"])
def test_codice_malformato(codice):
    with pytest.raises(ErroreCorso, match="Codice di esercizio non valido"):
        esercizio(codice, 1)


def test_esercizio_stampa_fuori_dal_notebook(capsys):
    esito = esercizio("0.1", 45)
    assert "Ottimo lavoro" in capsys.readouterr().out
    assert esito.superato and esito.quota == 1.0


def test_esercizio_silenzioso(capsys):
    esercizio("0.1", 44, mostra=False)
    assert capsys.readouterr().out == ""


def test_punteggio_in_scala():
    assert punteggio("0.1", 45, su=5) == 5.0
    assert punteggio("0.1", 44, su=5) == 0.0


def test_credito_parziale_e_suggerimento_unico():
    @registra("99.5", titolo="Prova parziale", competenze=["C3"], punti=4)
    def _(risposta, c):
        c.controlla(risposta >= 1, bene="uno", male="non uno", suggerimento="generico", peso=1)
        c.controlla(risposta >= 2, bene="due", male="non due", suggerimento="secondo", peso=3)

    esito = verifica.verifica("99.5", 1)
    assert esito.punti == 1.0 and esito.massimo == 4.0
    assert esito.giusto == ["uno"] and esito.da_rivedere == ["non due"]
    assert esito.suggerimento == "secondo"
    assert punteggio("99.5", 2) == 4.0


def test_un_errore_nella_verifica_diventa_riscontro():
    @registra("99.6", titolo="Prova che si rompe", competenze=["C1"])
    def _(risposta, c):
        return risposta["colonna"].sum()

    esito = verifica.verifica("99.6", pd.DataFrame({"altra": [1]}))
    assert esito.punti == 0 and "forma che non mi aspettavo" in esito.da_rivedere[0]


def test_un_errore_del_corso_nella_verifica_resta_leggibile():
    @registra("99.9", titolo="Prova con errore del corso", competenze=["C8"])
    def _(risposta, c):
        raise ErroreCorso("La cartella dei dati non esiste: generala con ambiti-lab dati genera.")

    esito = verifica.verifica("99.9", 1)
    assert esito.punti == 0 and "generala con ambiti-lab dati genera" in esito.da_rivedere[0]
    assert "Segui l'indicazione" in esito.suggerimento


def test_verifica_nella_forma_senza_correzione():
    @registra("99.7", titolo="Forma breve", competenze=["C2"], punti=2)
    def _(risposta):
        return Esito("99.7", "Forma breve", 2.0 if risposta == "ok" else 0.0, 2.0, ("C2",))

    assert punteggio("99.7", "ok") == 2.0


def test_competenze_sconosciute_rifiutate():
    with pytest.raises(ErroreCorso, match="C9"):
        registra("99.8", titolo="x", competenze=["C9"])


def test_esito_testo_e_html():
    e = Esito("1.1", "Prova <b>", 0.5, 1.0, ("C1",), ["ok"], ["ko"], "riprova")
    assert "Ci sei quasi" in str(e) and "💡 Suggerimento: riprova" in str(e)
    html = e._repr_html_()
    assert "&lt;b&gt;" in html and "riprova" in html and "C1" in html
    superato = Esito("1.1", "Prova", 1.0, 1.0, ("C1",), ["ok"], [], "non mostrare")
    assert "non mostrare" not in str(superato) and "non mostrare" not in superato._repr_html_()


def test_lettura_tollerante_delle_risposte():
    c = Correzione("9.9", "x")
    assert c.numero(pd.Series([7])) == 7.0
    assert c.numero(True) is None and "Vero/Falso" in c.da_rivedere[-1]
    assert c.numero(float("nan")) is None and "NaN" in c.da_rivedere[-1]
    assert c.logico("no") is False and c.logico(1) is None
    assert c.dizionario({"red": 1}, chiavi=["ReD", "ADI"]) is None
    assert "mancano le voci ADI" in c.da_rivedere[-1]
    c = Correzione("9.9", "x")
    df = c.tabella(pd.DataFrame({"Popolazione": [1]}), colonne=["popolazione"])
    assert df is None and "Popolazione → popolazione" in c.esito().suggerimento


def test_confronto_percentuale_e_insieme():
    c = Correzione("9.9", "x")
    assert c.confronta(35.0, 0.35, cosa="La quota", percentuale=True)
    assert not c.confronta(0.35, 35.0, cosa="Il valore")
    assert c.confronta_insieme(["A", "b"], ["a", "b"], cosa="voci") == 1.0
    assert c.confronta_insieme(["a", "z"], ["a", "b"], cosa="voci") == pytest.approx(1 / 3)
    assert c.confronta_insieme("a", ["a"], cosa="voci") is None


def test_confronta_insieme_singolare_e_plurale():
    c = Correzione("9.9", "x")
    c.confronta_insieme(["a"], ["a", "b"], cosa="voci")
    assert "1 voce giusta su 2" in c.giusto[-1] and "ne manca 1." in c.da_rivedere[-1]
    c.confronta_insieme(["a"], ["a", "b", "d"], cosa="voci")
    assert "ne mancano 2." in c.da_rivedere[-1]
    c.confronta_insieme(["a", "b"], ["a", "b", "d"], cosa="voci")
    assert "2 voci giuste su 3" in c.giusto[-1]


def test_elenco_esercizi():
    df = elenco_esercizi()
    assert list(df.columns) == ["codice", "modulo", "titolo", "competenze", "punti"]
    assert {"0.1", "0.2", "0.3"} <= set(df["codice"])
    assert not df["codice"].str.startswith("99.").any()
    assert df["codice"].is_unique


def test_ogni_competenza_ha_almeno_due_esercizi_verificati():
    """Ogni competenza C1–C8 è misurata da almeno due esercizi con verifica (e banca degli errori)."""
    df = elenco_esercizi()
    conteggio = {f"C{i}": 0 for i in range(1, 9)}
    for competenze in df["competenze"]:
        for c in competenze.split(", "):
            conteggio[c] += 1
    scoperte = [c for c, n in conteggio.items() if n < 2]
    assert not scoperte, f"competenze con meno di due esercizi verificati: {scoperte}"
