"""Verifiche del modulo 08 (progetto finale: il Piano operativo con gli ETS e il suo rapporto).

Il progetto non ha una sola risposta giusta: le verifiche controllano la coerenza del Piano con le
regole (tre tipologie di azione, budget uguale al contributo, cronoprogramma dentro il periodo,
indicatori SMART) usando ``course.rapporto`` e ``course.indicatori``, gli stessi strumenti della lezione.
Il contributo viene dalla tabella dei parametri, il periodo dalla data di riferimento dei dati.
"""

from __future__ import annotations

from course.verifica._letture import dati
from course.verifica.registro import registra

__all__ = ["contributo", "periodo", "MIN_INDICATORI", "SEZIONI_RAPPORTO"]

#: Indicatori minimi del Piano (almeno uno di risultato).
MIN_INDICATORI = 3
#: Le sezioni che il rapporto consegnato deve contenere.
SEZIONI_RAPPORTO = ("Risorse per tipologia di azione", "Azioni", "Cronoprogramma", "Indicatori",
                    "Controlli di coerenza")


def contributo() -> float:
    """Il contributo del Piano operativo di esempio (tabella dei parametri)."""
    from course.parametri import parametro

    return float(parametro("contributo_piano_operativo_esempio"))


def periodo():
    """Il periodo del nuovo Piano: i dodici mesi dopo la data di riferimento dei dati."""
    from course.rapporto import periodo_piano

    return periodo_piano(dati("azioni_ets").attrs.get("data_riferimento"))


def _tabella(risposta, c, *, colonne, cosa, peso):
    return c.tabella(risposta, colonne=colonne, cosa=cosa, peso=peso)


def _problemi(c, problemi, *, bene, peso, suggerimenti):
    """Annota l'esito di un controllo di coerenza: bene se non ci sono problemi, altrimenti il primo con il suo consiglio."""
    if not problemi:
        c.bene(bene, peso=peso)
        return
    primo = problemi[0]
    consiglio = next((testo for chiave, testo in suggerimenti if chiave in primo), "Correggi il primo problema "
                     "dell'elenco e controlla di nuovo.")
    c.male("Il controllo di coerenza trova " + ("un problema: " if len(problemi) == 1 else
                                                 f"{len(problemi)} problemi: ") + " ".join(problemi),
           suggerimento=consiglio, specifico=True, peso=peso)


_CONSIGLI_AZIONI = [
    ("non rivolte ai destinatari del ReD", "Le risorse del Piano sono per i destinatari del ReD e i loro nuclei: "
                                          "scrivi nella colonna destinatari «beneficiari ReD e loro nuclei» e togli "
                                          "le azioni pensate per i soli nuclei ADI."),
    ("colonna destinatari", "Aggiungi la colonna destinatari: per ogni azione, a chi è rivolta (i beneficiari "
                            "del ReD e i loro nuclei)."),
    ("Tipologie non previste", "Scrivi la tipologia esattamente come nell'avviso: interventi trasversali, "
                               "pacchetti personalizzati, azioni di sistema."),
    ("diversa dal contributo", "La somma dei budget deve essere uguale al contributo: ridistribuisci la "
                               "differenza fra le azioni."),
    ("Budget mancante", "Il budget va scritto come numero, senza virgolette né simbolo dell'euro."),
    ("Budget nullo", "Ogni azione ha bisogno di un budget maggiore di zero."),
    ("Ente del Terzo settore", "Indica l'ente che realizza ogni azione nella colonna ente."),
    ("vuota", "Aggiungi almeno un'azione (di una o più delle tre tipologie)."),
]


@registra("8.1", titolo="Le azioni e il budget del Piano operativo", competenze=["C7"], punti=3)
def _azioni(risposta, c):
    from course.rapporto import COLONNE_AZIONI, controlla_piano

    az = _tabella(risposta, c, colonne=COLONNE_AZIONI, cosa="la tabella delle azioni", peso=3)
    if az is None:
        return
    _problemi(c, controlla_piano(az, contributo=contributo()), peso=2,
              bene="Le azioni sono per i destinatari del ReD, con tipologie dell'avviso, e il budget torna con il "
                   "contributo.",
              suggerimenti=_CONSIGLI_AZIONI)
    if "destinatari_previsti" in az.columns:
        import pandas as pd

        numeri = pd.to_numeric(az["destinatari_previsti"], errors="coerce")
        c.controlla(len(az) > 0 and bool((numeri > 0).all()), peso=1,
                    bene="Ogni azione dice quanti destinatari vuole raggiungere.",
                    male="Alcune azioni non hanno un numero di destinatari previsti maggiore di zero.",
                    suggerimento="Scrivi nella colonna destinatari_previsti quante persone (o nuclei) conta di "
                                 "raggiungere ogni azione: servirà per gli indicatori di output.")
    else:
        c.male("Manca la colonna destinatari_previsti.", peso=1,
               suggerimento="Aggiungi la colonna destinatari_previsti: quante persone conta di raggiungere "
                            "ogni azione.")


_CONSIGLI_CRONO = [
    ("illeggibili", "Scrivi le date come 01/03/2026 o 2026-03-01."),
    ("prima dell'inizio", "In una riga la fine viene prima dell'inizio: scambia le due date."),
    ("prima dell'avvio", "Le attività cominciano dal primo giorno del Piano: guarda inizio_piano."),
    ("dopo la chiusura", "Le attività finiscono entro l'ultimo giorno del Piano: guarda fine_piano."),
    ("non sono nel Piano", "Nella colonna azione scrivi la descrizione dell'azione esattamente come nella "
                           "tabella delle azioni."),
    ("senza nessuna attività", "Ogni azione deve avere almeno un'attività nel cronoprogramma."),
    ("vuoto", "Scrivi almeno un'attività per ogni azione."),
]


@registra("8.2", titolo="Il cronoprogramma del Piano", competenze=["C7", "C4"], punti=2)
def _cronoprogramma(risposta, c):
    from course.rapporto import COLONNE_ATTIVITA, COLONNE_AZIONI, controlla_cronoprogramma

    d = c.dizionario(risposta, chiavi=["azioni", "attivita"], cosa="il Piano", peso=2)
    if d is None:
        return
    az = _tabella(d["azioni"], c, colonne=COLONNE_AZIONI, cosa="la tabella delle azioni", peso=0.5)
    att = _tabella(d["attivita"], c, colonne=COLONNE_ATTIVITA, cosa="il cronoprogramma", peso=1.5)
    if az is None or att is None:
        return
    inizio, fine = periodo()
    _problemi(c, controlla_cronoprogramma(att, az, inizio=inizio, fine=fine), peso=1.5,
              bene="Il cronoprogramma è coerente: date in ordine, dentro il periodo, ogni azione ha le sue attività.",
              suggerimenti=_CONSIGLI_CRONO)
    c.controlla(len(att) >= len(az) + 1, peso=0.5, bene="Il cronoprogramma ha abbastanza passaggi.",
                male="Il cronoprogramma ha poche attività: una per azione non basta a seguirne l'avanzamento.",
                suggerimento="Aggiungi almeno un'attività di avvio o di verifica (ad esempio il monitoraggio "
                             "intermedio).")


@registra("8.3", titolo="Gli indicatori del Piano", competenze=["C3", "C7"], punti=2)
def _indicatori(risposta, c):
    from course.indicatori import Indicatore, controlla_smart
    from course.verifica.correzione import descrivi_tipo

    if not isinstance(risposta, (list, tuple)) or not all(isinstance(i, Indicatore) for i in risposta):
        c.male(f"Mi aspettavo un elenco di Indicatore, ma hai dato {descrivi_tipo(risposta)}.", peso=4,
               specifico=True, suggerimento="Metti gli indicatori tra parentesi quadre: [Indicatore(...), "
                                            "Indicatore(...), ...].")
        return
    c.controlla(len(risposta) >= MIN_INDICATORI, peso=1, bene="Gli indicatori sono abbastanza.",
                male=f"Servono almeno {MIN_INDICATORI} indicatori.",
                suggerimento=f"Scrivi almeno {MIN_INDICATORI} indicatori: uno di output per le azioni, uno di "
                             "risultato per i nuclei, uno di processo o di spesa.")
    tipi = {i.tipo for i in risposta}
    c.controlla("risultato" in tipi, peso=1, bene="C'è almeno un indicatore di risultato.",
                male="Manca un indicatore di risultato: il Piano deve dire che cosa cambia per i nuclei.",
                suggerimento="Aggiungi un indicatore di tipo «risultato», ad esempio la quota di Patti conclusi "
                             "positivamente fra i nuclei seguiti.")
    gravi = [(i.nome, r) for i in risposta for r in controlla_smart(i) if r.gravita == "grave"]
    if gravi:
        nome, rilievo = gravi[0]
        elenco = sorted({n for n, _ in gravi})
        c.male("Il controllo SMART trova problemi gravi in: " + ", ".join(elenco) + ".", peso=2,
               suggerimento=f"«{nome}»: {rilievo.messaggio} {rilievo.suggerimento}", specifico=True)
    else:
        c.bene("Tutti gli indicatori superano il controllo SMART senza problemi gravi.", peso=2)


@registra("8.4", titolo="Il rapporto da consegnare", competenze=["C7"], punti=2)
def _rapporto(risposta, c):
    from pathlib import Path

    from course.verifica.correzione import descrivi_tipo

    if not isinstance(risposta, (str, Path)) or (isinstance(risposta, str) and not risposta.strip()):
        c.male(f"Mi aspettavo il percorso del file salvato, ma hai dato {descrivi_tipo(risposta)}.", peso=3,
               specifico=True, suggerimento="Usa come risposta il risultato di salva_rapporto(pagina, "
                                            "\"piano_operativo.html\").")
        return
    percorso = Path(risposta)
    if percorso.suffix.lower() not in {".html", ".htm"} or not percorso.is_file():
        c.male(f"Non trovo il file HTML {str(percorso)!r}.", peso=3, specifico=True,
               suggerimento="Esegui prima la cella che salva il rapporto con salva_rapporto(...) e usa il "
                            "percorso che restituisce.")
        return
    testo = percorso.read_text(encoding="utf-8", errors="replace")
    mancanti = [s for s in SEZIONI_RAPPORTO if f">{s}" not in testo]
    c.controlla(testo.lstrip().startswith("<!DOCTYPE html>") and not mancanti, peso=1,
                bene="Il rapporto è una pagina completa con tutte le sezioni.",
                male="Nel rapporto mancano sezioni: " + ", ".join(mancanti) + "." if mancanti else
                "Il file non sembra un rapporto generato con rapporto_piano_operativo.",
                suggerimento="Genera la pagina con rapporto_piano_operativo(azioni, cronoprogramma=..., "
                             "indicatori=..., ...).")
    c.controlla("Nessun problema di coerenza trovato" in testo, peso=1.5,
                bene="I controlli di coerenza non trovano problemi: il Piano si può consegnare.",
                male="Il rapporto elenca ancora problemi di coerenza.",
                suggerimento="Apri il rapporto, leggi la sezione «Controlli di coerenza» e correggi le tabelle "
                             "prima di rigenerarlo.")
    c.controlla("<h2>Premessa</h2>" in testo and "Scrivete qui" not in testo, peso=0.5,
                bene="C'è una premessa che spiega il Piano.", male="Manca la premessa (o è ancora quella del modello).",
                suggerimento="Passa a rapporto_piano_operativo anche premessa=\"...\": due paragrafi sul perché "
                             "del Piano, a partire dai numeri dell'analisi.")
