"""Verifiche del modulo 05 (confrontare gli Ambiti: tassi, denominatori, funnel plot, LEPS, presentare i risultati).

I valori attesi si calcolano quando la verifica gira, dagli stessi dati del corsista e con
``course.confronto`` (popolazione reale da ``course.territorio``).
"""

from __future__ import annotations

from course.verifica._letture import dati, leggi_codici
from course.verifica.registro import registra

__all__ = ["AMBITO_ESEMPIO", "ambito_esempio", "decaduti", "FRASI_COMITATO"]

#: L'Ambito degli esercizi 5.1 e 5.3 (Gagliano del Capo, quello del Piano operativo di esempio).
AMBITO_ESEMPIO = "ATS-LE-03"

#: Le frasi dell'esercizio 5.4: quale si può dire a un comitato senza ingannarlo?
FRASI_COMITATO = {
    "a": "L'Ambito primo in graduatoria è certamente quello con il tasso più alto: la distanza dal secondo "
         "non può essere dovuta al caso.",
    "b": "Gli Ambiti piccoli con i tassi più alti sono i più anomali e vanno segnalati per primi.",
    "c": "Un Ambito fuori dai limiti del funnel plot merita una domanda prima di un giudizio: con 45 Ambiti circa "
         "2 escono dai limiti del 95% anche solo per caso, e se gli Ambiti differiscono più di quanto spieghi il "
         "caso servono i limiti corretti. La posizione in graduatoria va presentata con la forchetta delle "
         "posizioni plausibili.",
    "d": "Meglio confrontare il numero di prese in carico: i tassi per residenti nascondono i casi veri.",
    "e": "Un Ambito fuori dal limite del 95% ha sicuramente un problema: per puro caso succede solo una volta su "
         "venti.",
}


def ambito_esempio(tabella) -> str:
    """L'Ambito degli esercizi: ATS-LE-03 se è nei dati, altrimenti il primo in ordine di codice."""
    codici = sorted(set(tabella["codice_ambito"].astype(str)))
    return AMBITO_ESEMPIO if AMBITO_ESEMPIO in codici or not codici else codici[0]


def decaduti(patti):
    """Le prese in carico chiuse con esito «decaduto» (l'evento dell'esercizio 5.2)."""
    return patti[patti["esito"].astype("string").eq("decaduto").fillna(False)]


@registra("5.1", titolo="Prese in carico ogni 1.000 residenti", competenze=["C5"])
def _tasso(risposta, c):
    from course.territorio import comuni, popolazione_ambiti

    n = c.numero(risposta, cosa="il tasso")
    if n is None:
        return
    patti = dati("patti")
    ambito = ambito_esempio(patti)
    pop = popolazione_ambiti().set_index("codice_ambito")
    residenti = float(pop.loc[ambito, "popolazione"])
    eventi = int((patti["codice_ambito"].astype(str) == ambito).sum())
    atteso = eventi / residenti * 1000
    capofila = comuni().set_index("comune").loc[pop.loc[ambito, "comune_capofila"], "popolazione"]
    c.confronta(n, atteso, cosa="Il tasso ogni 1.000 residenti", relativa=0.01, errori_tipici=[
        (eventi, "Questo è il numero di prese in carico: per confrontare Ambiti di dimensioni diverse dividi "
                 "per i residenti e moltiplica per 1.000."),
        (eventi / residenti * 100, "Hai calcolato il tasso ogni 100 residenti: moltiplica per 1.000."),
        (eventi / residenti * 10000, "Hai calcolato il tasso ogni 10.000 residenti: moltiplica per 1.000."),
        (eventi / residenti, "Hai diviso per i residenti ma non hai moltiplicato per 1.000."),
        (eventi / capofila * 1000, "Hai usato i residenti del solo comune capofila: l'Ambito comprende tutti i "
                                   "suoi comuni."),
    ], suggerimento="Prendi la riga dell'Ambito nella tabella di confronto.tassi(patti) e leggi la colonna tasso, "
                    "oppure dividi le prese in carico per i residenti e moltiplica per 1.000.")


def _sopra(f) -> list[str]:
    return f.loc[f["posizione"].astype(str).str.startswith("sopra"), "codice_ambito"].tolist()


def _funnel_decaduti(patti, *, denominatore: str = "prese in carico"):
    """Il funnel dei Patti decaduti con i limiti della lezione, contati su un certo ``denominatore``.

    «prese in carico» è la domanda dell'esercizio 5.2; «prese in carico chiuse» e «patti sottoscritti»
    sono altri modi ragionevoli di contare chi poteva decadere; «residenti» è il denominatore sbagliato.
    """
    from course.confronto import posizioni_funnel, quote, tassi

    decaduto = patti["esito"].astype("string").eq("decaduto").fillna(False)
    if denominatore == "residenti":
        return posizioni_funnel(tassi(patti[decaduto]))
    if denominatore == "prese in carico":
        return posizioni_funnel(quote(patti, evento=decaduto))
    casi = patti["esito"].notna() if denominatore == "prese in carico chiuse" else patti["data_sottoscrizione"].notna()
    return posizioni_funnel(quote(patti[casi], evento=decaduto[casi]))


@registra("5.2", titolo="Il funnel plot: chi perde davvero più Patti", competenze=["C5"], punti=2)
def _funnel(risposta, c):
    codici = leggi_codici(risposta, c, cosa="gli Ambiti sopra l'atteso", colonna="codice_ambito",
                          esempio="ATS-…", peso=2)
    if codici is None:
        return
    patti = dati("patti")
    f = _funnel_decaduti(patti)
    attesi = _sopra(f)
    if sorted(codici) == sorted(attesi):
        c.bene("Hai trovato esattamente gli Ambiti sopra il limite superiore del 95%, con il denominatore giusto "
               "(le prese in carico)." if attesi else
               "Giusto: nessun Ambito supera il limite superiore del 95%.", peso=2)
        return
    # altri denominatori ragionevoli per la stessa domanda (chi poteva decadere): il ragionamento è giusto
    for altro in ("prese in carico chiuse", "patti sottoscritti"):
        if sorted(codici) == sorted(_sopra(_funnel_decaduti(patti, denominatore=altro))):
            c.bene(f"Giusto: hai contato i decaduti sulle {altro}, un denominatore che risponde alla stessa domanda "
                   "(quanto spesso decade un Patto di chi è stato preso in carico).", peso=2)
            return
    posizione = f["posizione"].astype(str)
    if not codici and attesi:
        quanti = "1 Ambito è" if len(attesi) == 1 else f"{len(attesi)} Ambiti sono"
        c.male(f"L'elenco è vuoto, ma {quanti} sopra l'atteso. Di solito succede filtrando con l'etichetta scritta a "
               "mano: nella tabella «l’atteso» ha l'apostrofo tipografico (’), mentre quello della tastiera (') è un "
               "altro carattere, quindi il confronto non trova nessuna riga.", peso=2, specifico=True,
               suggerimento="Filtra con .str.startswith(\"sopra\"), che non dipende dall'apostrofo, oppure copia "
                            "l'etichetta direttamente dalla tabella.")
        return
    residenti = _sopra(_funnel_decaduti(patti, denominatore="residenti"))
    if codici and sorted(codici) == sorted(residenti):
        c.male("Questi sono gli Ambiti sopra l'atteso per i decaduti ogni 1.000 residenti. Quel tasso cresce anche "
               "solo perché un Ambito prende in carico più nuclei: risponde a un'altra domanda.", peso=2,
               specifico=True, suggerimento="La domanda è quanto spesso decade un Patto una volta avviata la presa in "
                                            "carico: il denominatore sono le prese in carico, con "
                                            "confronto.quote(patti, evento=patti[\"esito\"] == \"decaduto\").")
        return
    quanti = max(len(attesi), 1)
    primi = f.sort_values(["tasso", "codice_ambito"], ascending=[False, True])["codice_ambito"].head(quanti).tolist()
    solo_998 = f.loc[posizione.str.startswith("sopra") & posizione.str.contains("99,8"), "codice_ambito"].tolist()
    sotto = f.loc[posizione.str.startswith("sotto"), "codice_ambito"].tolist()
    if sorted(codici) == sorted(primi):
        c.male("Questi sono gli Ambiti con la quota più alta, non quelli fuori dai limiti del funnel.", peso=2,
               specifico=True, suggerimento="Una quota alta con poche prese in carico può essere solo caso: guarda la "
                                            "colonna posizione di confronto.posizioni_funnel(...), non l'ordine delle quote.")
        return
    if codici and solo_998 != attesi and sorted(codici) == sorted(solo_998):
        c.male("Hai preso solo gli Ambiti oltre il 99,8%: mancano quelli oltre il solo 95%.", peso=2, specifico=True,
               suggerimento="La consegna chiede tutti gli Ambiti sopra il limite del 95%: quelli oltre il 99,8% "
                            "lo superano anch'essi.")
        return
    if sotto and sorted(codici) == sorted(sotto):
        c.male("Questi Ambiti sono fuori dai limiti, ma dal lato basso (sotto l'atteso).", peso=2, specifico=True,
               suggerimento="Tieni le righe la cui posizione comincia con «sopra».")
        return
    c.confronta_insieme(codici, attesi, cosa="Ambiti sopra l'atteso", peso=2,
                        suggerimento="Calcola le quote dei decaduti sulle prese in carico con confronto.quote, poi "
                                     "filtra confronto.posizioni_funnel(...) sulle righe la cui posizione comincia con "
                                     "«sopra».")


@registra("5.3", titolo="Il rapporto LEPS di un Ambito", competenze=["C5", "C1"], punti=2)
def _leps(risposta, c):
    from course.confronto import rapporto_leps
    from course.parametri import parametro

    d = c.dizionario(risposta, chiavi=["residenti_per_as", "rispetta_leps"], cosa="il rapporto LEPS", peso=2)
    if d is None:
        return
    operatori = dati("operatori")
    ambito = ambito_esempio(operatori)
    r = rapporto_leps(operatori).set_index("codice_ambito").loc[ambito]
    atteso = float(r["residenti_per_as"])
    op = operatori[operatori["codice_ambito"].astype(str) == ambito]
    as_ = op["ruolo"].astype(str) == "assistente sociale"
    residenti = float(r["popolazione"])
    n = c.numero(d["residenti_per_as"], cosa="i residenti per assistente sociale")
    if n is not None:
        c.confronta(n, atteso, cosa="Il numero di residenti per assistente sociale", relativa=0.005, errori_tipici=[
            (residenti / as_.sum(), "Hai diviso per il numero di assistenti sociali: chi lavora a metà tempo conta "
                                    "mezzo, somma la colonna fte."),
            (residenti / op["fte"].sum(), "Hai contato tutti gli operatori: il LEPS riguarda solo gli assistenti "
                                          "sociali (colonna ruolo)."),
            (op.loc[as_, "fte"].sum() / residenti, "Hai fatto la divisione al contrario: residenti diviso assistenti "
                                                   "sociali."),
        ], suggerimento="Dividi i residenti dell'Ambito per la somma degli fte degli assistenti sociali, oppure leggi "
                        "la colonna residenti_per_as di confronto.rapporto_leps(operatori).")
    rispetta = c.logico(d["rispetta_leps"], cosa="il rispetto del LEPS")
    if rispetta is not None:
        c.controlla(rispetta == bool(atteso <= parametro("residenti_per_assistente_sociale")),
                    bene="Il giudizio sul LEPS è giusto.", male="Il giudizio sul LEPS non è giusto.",
                    suggerimento="Il LEPS è rispettato se i residenti per assistente sociale sono al massimo "
                                 "parametro(\"residenti_per_assistente_sociale\").")


@registra("5.4", titolo="Che cosa dire al comitato", competenze=["C5"])
def _comitato(risposta, c):
    c.confronta_scelta(risposta, "c", scelte=list(FRASI_COMITATO), cosa="La frase scelta", errori_tipici={
        "a": "Guarda le colonne posizione_inf e posizione_sup della graduatoria: anche il primo potrebbe essere "
             "secondo o terzo, per puro caso.",
        "b": "Con pochi residenti un tasso oscilla molto per caso: è proprio ciò che il funnel plot corregge.",
        "d": "I numeri assoluti premiano gli Ambiti grandi: per confrontare servono i tassi per residenti.",
        "e": "Una volta su venti per ogni Ambito: su 45 Ambiti ne escono circa 2 per puro caso. Un punto appena "
             "fuori dal 95% è un indizio debole, e anche oltre il 99,8% resta una domanda, non una condanna.",
    }, suggerimento="Rileggi la parte sul funnel plot, sui molti confronti e sulla graduatoria con incertezza.")
