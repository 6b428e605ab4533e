"""Le verifiche di 7.4 e 7.5: la tabella da condividere è accettata solo se minimizzata, e le due risposte
dicono la stessa cosa (pseudonimo, Ambito, attività e ore; niente ISEE, componenti né comune)."""

from course import privacy, verifica
from course.esercitazioni import anagrafica_di_esempio

CHIAVE = "una frase segreta del test abbastanza lunga"


def _pseudonimizzata():
    return privacy.pseudonimizza(anagrafica_di_esempio(), "codice_fiscale", chiave=CHIAVE)


def test_7_4_la_vecchia_risposta_con_isee_componenti_e_comune_non_basta():
    # prima era la risposta accettata: ma le 160 persone sono tutte uniche su ISEE, componenti e comune
    vecchia = _pseudonimizzata()[["pseudonimo", "comune", "isee", "componenti", "attivita", "ore_previste"]]
    esito = verifica.verifica("7.4", vecchia)
    assert not esito.superato
    testo = " ".join(esito.da_rivedere)
    assert "non ancora minimizzata" in testo or "non è ancora minimizzata" in testo
    assert "ISEE" in esito.suggerimento or "isee" in testo


def test_7_4_la_tabella_minimizzata_come_dice_7_5_e_accettata():
    p = privacy.comune_in_ambito(_pseudonimizzata())
    minimizzata = p[["pseudonimo", "codice_ambito", "attivita", "ore_previste"]]
    assert privacy.controlla_condivisione(minimizzata).condivisibile
    esito = verifica.verifica("7.4", minimizzata)
    assert esito.superato, esito.da_rivedere
    assert "minimizzata" in " ".join(esito.giusto)
    # e la scelta di 7.5 descrive proprio questa tabella
    assert verifica.verifica("7.5", "b").superato
    assert not verifica.verifica("7.5", "d").superato
