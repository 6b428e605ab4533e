"""Gli esercizi come una scala: aiuti che crescono a ogni tentativo, soluzioni svolte dopo tre tentativi (solo
nelle lezioni), riscontri accordati nel genere e nel numero."""

from __future__ import annotations

import re
import sys
import types

import pytest

from course import verifica
from course.errori import ErroreCorso
from course.parametri import tabella_parametri
from course.verifica import scala
from course.verifica.aiuti import AIUTI
from course.verifica.correzione import Correzione
from course.verifica.svolte import SVOLTE

LEZIONI_CON_LA_SCALA = ("00", "01", "02", "03", "04")


@pytest.fixture(autouse=True)
def tentativi_da_zero():
    scala.azzera()
    yield
    scala.azzera()


def _esercizi_delle_lezioni():
    df = verifica.elenco_esercizi()
    return df.loc[df["modulo"].isin(LEZIONI_CON_LA_SCALA), "codice"].tolist()


def test_ogni_esercizio_delle_lezioni_00_04_ha_scala_e_soluzione_svolta():
    codici = _esercizi_delle_lezioni()
    assert len(codici) >= 19
    assert set(codici) <= set(AIUTI) and set(codici) <= set(SVOLTE)


def test_gli_aiuti_non_danno_nomi_di_parametri_ne_codice_della_risposta():
    nomi = set(tabella_parametri()["nome"])
    for codice, gradini in AIUTI.items():
        for testo in gradini:
            trovati = [n for n in nomi if re.search(rf"\b{re.escape(n)}\b", testo)]
            assert not trovati, f"{codice}: l'aiuto nomina {trovati}"
            assert "misura ==" not in testo and "risposta_" not in testo, f"{codice}: l'aiuto dà il codice"


@pytest.mark.parametrize("codice", sorted(SVOLTE, key=lambda c: tuple(map(int, c.split(".")))))
def test_ogni_soluzione_svolta_prende_tutti_i_punti(codice, capsys):
    svolta = SVOLTE[codice]
    variabile = re.search(rf'verifica\.esercizio\("{re.escape(codice)}", (\w+)\)\s*$', svolta.codice).group(1)
    spazio: dict = {}
    exec(compile(svolta.codice, f"<soluzione {codice}>", "exec"), spazio)
    assert verifica.verifica(codice, spazio[variabile]).superato, codice
    assert "✅" in capsys.readouterr().out


def test_gli_aiuti_crescono_a_ogni_tentativo(capsys):
    generale, specifico, metodo = AIUTI["0.3"]
    primo = verifica.esercizio("0.3", 12)   # un numero sbagliato che nessun errore tipico riconosce
    assert (primo.tentativo, primo.suggerimento, primo.metodo, primo.soluzione) == (1, generale, None, False)
    secondo = verifica.esercizio("0.3", 13)
    assert (secondo.tentativo, secondo.suggerimento) == (2, specifico)
    assert "Suggerimento più preciso" in str(secondo)
    terzo = verifica.esercizio("0.3", 14)
    assert terzo.metodo == metodo and terzo.soluzione
    testo = str(terzo)
    assert "Il metodo, passo per passo" in testo and 'verifica.soluzione("0.3")' in testo
    assert "verifica.soluzione" in terzo._repr_html_()


def test_un_errore_riconosciuto_tiene_il_suo_consiglio_mirato():
    for _ in range(3):
        esito = verifica.esercizio("0.1", 257, mostra=True)   # 257 sono i comuni: consiglio mirato
    assert "comuni" in esito.suggerimento and esito.metodo == AIUTI["0.1"][2]


def test_la_soluzione_svolta_si_apre_dopo_tre_tentativi():
    with pytest.raises(ErroreCorso, match="dopo 3 tentativi: finora ne hai fatti 1"):
        verifica.esercizio("1.1", 5)
        verifica.soluzione("1.1")
    verifica.esercizio("1.1", 6)
    verifica.esercizio("1.1", 7)
    svolta = verifica.soluzione("1.1")
    assert 'class="ambiti-lab-soluzione"' in svolta._repr_html_() and "popolazione_ambiti" in str(svolta)
    with pytest.raises(ErroreCorso, match="non c'è una soluzione svolta"):
        verifica.soluzione("9.9")


def test_nei_compiti_valutati_niente_scala_ne_soluzioni(monkeypatch):
    monkeypatch.setitem(sys.modules, "course.valutazione.consegna", types.ModuleType("consegna"))
    for _ in range(4):
        esito = verifica.esercizio("0.3", 12)
    assert esito.metodo is None and not esito.soluzione and esito.suggerimento not in AIUTI["0.3"]
    with pytest.raises(ErroreCorso, match="Nei compiti valutati non ci sono soluzioni svolte"):
        verifica.soluzione("0.3")


def test_il_punteggio_per_nbgrader_non_conta_i_tentativi():
    for _ in range(5):
        verifica.punteggio("0.3", 12)
    assert scala.tentativi("0.3") == 0


@pytest.mark.parametrize("cosa, bene, male", [
    ("La baseline", "La baseline è giusta.", "La baseline non è ancora giusta"),
    ("Il numero di Ambiti", "Il numero di Ambiti è giusto.", "Il numero di Ambiti non è ancora giusto"),
    ("Le quote", "Le quote sono giuste.", "Le quote non sono ancora giuste"),
    ("I giorni", "I giorni sono giusti.", "I giorni non sono ancora giusti"),
])
def test_il_riscontro_si_accorda_con_la_cosa(cosa, bene, male):
    c = Correzione("9.9", "Prova")
    c.confronta(3, 3, cosa=cosa)
    c.confronta(5, 3, cosa=cosa)
    assert c.giusto == [bene] and c.da_rivedere[0].startswith(male)
    c = Correzione("9.9", "Prova")
    c.confronta_scelta("b", "a", scelte="ab", cosa="La scelta")
    assert c.da_rivedere == ["La scelta non è quella giusta."]


def test_la_baseline_e_giusta_nel_riscontro_vero(capsys):
    from course.dati import carica
    from course.indicatori import calcola, dal_catalogo

    valori = calcola(dal_catalogo("Giorni medi dalla domanda al primo colloquio"), carica("patti"))
    esito = verifica.verifica("3.4", valori.loc[valori["codice_ambito"] == "ATS-LE-03", "valore"].iloc[0])
    assert any("è giusta" in g for g in esito.giusto) and not any("è giusto" in g for g in esito.giusto)


def test_puntini_e_decimali_con_la_virgola_hanno_un_consiglio():
    c = Correzione("9.9", "Prova")
    c.numero(..., cosa="il totale")
    assert "tre puntini" in c.esito().suggerimento
    c = Correzione("9.9", "Prova")
    c.numero((95, 4), cosa="la quota")
    assert "95.4" in c.esito().suggerimento
