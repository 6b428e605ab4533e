"""Le verifiche del modulo 05 sui dati regionali del corso: denominatore, apostrofo, molti confronti."""

import pytest

from course import verifica
from course.dati import carica
from course.verifica.esercizi_05 import FRASI_COMITATO, _funnel_decaduti, _sopra


@pytest.fixture(scope="module")
def patti():
    return carica("patti")


def test_la_risposta_di_5_2_usa_le_prese_in_carico(patti):
    giusta = _sopra(_funnel_decaduti(patti))
    assert giusta and giusta != _sopra(_funnel_decaduti(patti, denominatore="residenti"))
    esito = verifica.verifica("5.2", giusta)
    assert esito.superato and "prese in carico" in " ".join(esito.giusto)


@pytest.mark.parametrize("altro", ["prese in carico chiuse", "patti sottoscritti"])
def test_5_2_accetta_un_altro_denominatore_ragionevole(patti, altro):
    assert verifica.verifica("5.2", _sopra(_funnel_decaduti(patti, denominatore=altro))).superato


def test_5_2_il_denominatore_dei_residenti_spiegato(patti):
    esito = verifica.verifica("5.2", _sopra(_funnel_decaduti(patti, denominatore="residenti")))
    assert not esito.superato
    assert "ogni 1.000 residenti" in " ".join(esito.da_rivedere)
    assert "prese in carico" in esito.suggerimento


def test_5_2_elenco_vuoto_spiega_l_apostrofo(patti):
    f = _funnel_decaduti(patti)
    # il tranello della lezione: l'etichetta scritta con l'apostrofo della tastiera
    vuoto = f.loc[f["posizione"] == "sopra l'atteso (oltre il 95%)", "codice_ambito"].tolist()
    assert vuoto == []
    esito = verifica.verifica("5.2", vuoto)
    testo = " ".join(esito.da_rivedere)
    assert "apostrofo" in testo and "99,8" not in testo
    assert "startswith" in esito.suggerimento


def test_5_4_la_frase_giusta_non_esagera_e_i_molti_confronti():
    giusta = FRASI_COMITATO["c"]
    assert "solo se" not in giusta and "per caso" in giusta
    esito = verifica.verifica("5.4", "e")
    assert not esito.superato and "su 45 Ambiti" in esito.suggerimento
