"""Verifiche del modulo 06 (buone pratiche: istruttoria, griglia con pesi, sensibilità, scheda di una pratica).

I valori attesi si calcolano quando la verifica gira, dalle candidature che il corsista carica e con
``course.buone_pratiche``; la scheda descrittiva (6.4) si controlla nella forma e nel contenuto minimo.
"""

from __future__ import annotations

from course.verifica._letture import dati, leggi_codici
from course.verifica.registro import registra

__all__ = ["PESI_COMITATO", "SOGLIA_STABILITA", "PRIME", "VOCI_SCHEDA", "PAROLE_MINIME"]

#: I pesi decisi dal comitato nell'esercizio 6.2 (gli altri criteri restano a 1).
PESI_COMITATO = {"evidenza_risultati": 2}
#: Esercizio 6.3: le pratiche che restano tra le prime PRIME in almeno questa quota di simulazioni.
SOGLIA_STABILITA = 0.9
PRIME = 5
#: Le voci della scheda descrittiva di una pratica (esercizio 6.4).
VOCI_SCHEDA = ("titolo", "area_tematica", "problema", "destinatari", "attivita", "risultati", "costo_annuo",
               "condizioni_per_replicarla")
#: Parole minime delle voci descrittive: una frase vera, non un'etichetta.
PAROLE_MINIME = 8


def _esito():
    from course.buone_pratiche import istruttoria

    return istruttoria(dati("buone_pratiche"))


@registra("6.1", titolo="L'istruttoria formale delle candidature", competenze=["C6"], punti=2)
def _istruttoria(risposta, c):
    codici = leggi_codici(risposta, c, cosa="le candidature escluse", colonna="id_candidatura", esempio="BP-…",
                          peso=2)
    if codici is None:
        return
    e = _esito()
    escluse = e.loc[e["esito"] == "esclusa", "id_candidatura"].tolist()
    if sorted(codici) == sorted(escluse):
        c.bene("Hai trovato esattamente le candidature escluse.", peso=2)
        return
    motivi = e.set_index("id_candidatura")["motivi"].astype(str)
    per_limite = [i for i in escluse if motivi[i].startswith("oltre il limite")]
    casi = [
        (e.loc[e["esito"] == "ammessa", "id_candidatura"].tolist(),
         "Hai elencato le candidature ammesse: la domanda chiede quelle escluse."),
        ([i for i in escluse if i not in per_limite] if per_limite else None,
         "Ti mancano le candidature oltre il limite: una per Ambito, più una seconda solo se riguarda le povertà "
         "educative."),
        (e["id_candidatura"].tolist(), "Hai elencato tutte le candidature: tieni solo quelle con esito «esclusa»."),
    ]
    for sbagliati, consiglio in casi:
        if sbagliati is not None and sorted(codici) == sorted(sbagliati):
            c.male("L'elenco delle escluse non è quello giusto.", suggerimento=consiglio, specifico=True, peso=2)
            return
    c.confronta_insieme(codici, escluse, cosa="candidature escluse", peso=2,
                        suggerimento="Applica istruttoria(candidature) e prendi id_candidatura delle righe con esito "
                                     "«esclusa»; la colonna motivi spiega ogni esclusione.")


@registra("6.2", titolo="La griglia con i pesi del comitato", competenze=["C6"])
def _griglia(risposta, c):
    # La media di tutte le candidature valutate, non il punteggio della prima: la prima spesso ha il
    # massimo in ogni criterio (100 con qualunque peso) e non mostrerebbe l'effetto dei pesi.
    from course.buone_pratiche import CRITERI, punteggi

    n = c.numero(risposta, cosa="il punteggio medio")
    if n is None:
        return
    e = _esito()
    p = punteggi(e, pesi=PESI_COMITATO)
    if p.empty:
        c.male("Non ci sono candidature ammesse da valutare.", suggerimento="Controlla i dati caricati.")
        return
    atteso = float(p["punteggio"].mean())
    c.confronta(n, atteso, cosa="Il punteggio medio delle candidature valutate", relativa=0.002, assoluta=0.01,
                errori_tipici=[
        (float(punteggi(e)["punteggio"].mean()), "Questa è la media con i pesi predefiniti: passa a punteggi(...) i "
                                                 "pesi del comitato con pesi={\"evidenza_risultati\": 2}."),
        (atteso / 100, "Il punteggio va letto così com'è, su una scala da zero a cento: non dividerlo."),
        (float(p["punteggio"].iloc[0]), "Questo è il punteggio della prima in graduatoria: serve la media di tutte "
                                        "le candidature valutate (.mean() sulla colonna punteggio)."),
        (float(p[list(CRITERI)].sum(axis=1).mean()), "Hai sommato i voti: il punteggio pesato si legge nella colonna "
                                                     "punteggio."),
        (float(punteggi(dati("buone_pratiche"), pesi=PESI_COMITATO)["punteggio"].mean()),
         "Hai valutato anche le candidature escluse: parti dal risultato dell'istruttoria."),
    ], suggerimento="Usa punteggi(esito, pesi={\"evidenza_risultati\": 2}) e fai la media della colonna punteggio.")


@registra("6.3", titolo="Quanto è stabile la graduatoria", competenze=["C6", "C5"], punti=2)
def _sensibilita(risposta, c):
    from course.buone_pratiche import sensibilita

    codici = leggi_codici(risposta, c, cosa="le candidature stabili", colonna="id_candidatura", esempio="BP-…",
                          peso=2)
    if codici is None:
        return
    s = sensibilita(_esito(), primi=PRIME)
    attesi = s.loc[s["quota_primi"] >= SOGLIA_STABILITA, "id_candidatura"].tolist()
    if sorted(codici) == sorted(attesi):
        c.bene("Hai trovato le pratiche che restano in testa quasi con qualunque peso.", peso=2)
        return
    prime = s.loc[s["posizione"] <= PRIME, "id_candidatura"].tolist()
    if sorted(codici) == sorted(prime) and sorted(prime) != sorted(attesi):
        c.male("Questi sono i primi posti con i pesi di partenza, non le pratiche stabili.", peso=2, specifico=True,
               suggerimento="Guarda la colonna quota_primi: conta quante volte la pratica resta tra le prime "
                            "cambiando i pesi.")
        return
    c.confronta_insieme(codici, attesi, cosa="candidature stabili", peso=2,
                        suggerimento=f"Tieni le righe di sensibilita(...) con quota_primi almeno {SOGLIA_STABILITA} "
                                     "(cioè il 90% delle simulazioni).")


def _parole(testo) -> int:
    return len(str(testo).split())


@registra("6.4", titolo="La scheda descrittiva di una pratica", competenze=["C6"], punti=2)
def _scheda(risposta, c):
    import re

    from course.buone_pratiche import area_tematica

    d = c.dizionario(risposta, chiavi=VOCI_SCHEDA, cosa="la scheda della pratica", peso=4)
    if d is None:
        return
    c.controlla(isinstance(d["titolo"], str) and 2 <= _parole(d["titolo"]) <= 15,
                bene="Il titolo è chiaro.", male="Il titolo manca o è troppo lungo (servono da 2 a 15 parole).",
                suggerimento="Scrivi un titolo breve che dica che cosa fa la pratica.", peso=0.5)
    c.controlla(isinstance(d["area_tematica"], str) and area_tematica(d["area_tematica"]) is not None,
                bene="L'area tematica è una delle cinque dell'avviso.",
                male="L'area tematica non è una delle cinque dell'avviso: la candidatura sarebbe esclusa.",
                suggerimento="Usa una delle aree di course.dati.tabelle.AREE_TEMATICHE (etichetta breve) o la dicitura "
                            "dell'avviso (course.dati.tabelle.DICITURE_AREE).",
                peso=0.5)
    corte = [v for v in ("problema", "destinatari", "attivita", "condizioni_per_replicarla")
             if not isinstance(d[v], str) or _parole(d[v]) < PAROLE_MINIME]
    c.controlla(not corte, bene="Problema, destinatari, attività e condizioni sono descritti con frasi complete.",
                male="Alcune voci sono vuote o troppo brevi: " + ", ".join(corte) + ".",
                suggerimento=f"Scrivi almeno {PAROLE_MINIME} parole per voce: chi altro la leggerà deve capire "
                             "senza chiederti nulla.", peso=1.5)
    risultati = d["risultati"]
    misurati = isinstance(risultati, str) and bool(re.search(r"\d", risultati)) and _parole(risultati) >= 5
    c.controlla(misurati, bene="I risultati sono documentati con numeri.",
                male="I risultati non contengono una misura: «molto positivi» non si può verificare.",
                suggerimento="Indica almeno un risultato misurato, con un numero (ad esempio «62 nuclei seguiti, "
                             "38 percorsi conclusi»).", peso=1)
    costo = d["costo_annuo"]
    c.controlla(isinstance(costo, (int, float)) and not isinstance(costo, bool) and costo > 0,
                bene="Il costo annuo è indicato.", male="Il costo annuo deve essere un numero maggiore di zero.",
                suggerimento="Scrivi il costo annuo in euro come numero, senza virgolette (ad esempio 18500).",
                peso=0.5)
