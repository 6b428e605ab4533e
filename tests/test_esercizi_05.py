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



@pytest.mark.parametrize("indicatore", ["patti decaduti ogni 100 prese in carico",
                                        "prese in carico ogni 1.000 residenti"])
def test_lezione_esploratore_e_verifica_usano_gli_stessi_limiti(patti, indicatore):
    # la lezione chiama posizioni_funnel e grafico_funnel con i valori di partenza, l'esploratore parte da
    # «automatici», la verifica di 5.2 usa _funnel_decaduti: stessi limiti, stessi Ambiti fuori
    from collections import Counter

    from course import confronto
    from course.grafici import confronto as grafici_confronto
    from course.widget.confronto import vista_confronto

    decaduti = "decaduti" in indicatore
    t = confronto.quote(patti, evento=patti["esito"] == "decaduto") if decaduti else confronto.tassi(patti)
    lezione = confronto.posizioni_funnel(t)
    tabella, _ = vista_confronto({"patti": patti}, indicatore=indicatore)
    assert lezione.attrs["correzione"] == tabella.attrs["correzione"]
    assert Counter(lezione["posizione"].astype(str)) == Counter(tabella.filter(like="Rispetto").iloc[:, 0].astype(str))
    legenda = " ".join(t.get_text() for leg in grafici_confronto.grafico_funnel(t).legends for t in leg.get_texts())
    if lezione.attrs["correzione"] != "nessuna":
        assert "corretti" in legenda, legenda
    if decaduti:
        assert _sopra(lezione) == _sopra(_funnel_decaduti(patti))
    else:
        assert lezione.attrs["correzione"] != "nessuna"  # le prese in carico sono sovradisperse
