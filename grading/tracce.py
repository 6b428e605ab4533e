"""Le tracce dei compiti del corso: testi, soluzioni e rubriche. Materiale per i formatori: non distribuire.

Da qui si ricostruiscono i notebook sorgente di nbgrader in ``source/``::

    ambiti-lab valuta genera --ricostruisci

Gli esercizi con verifica automatica riprendono quelli delle lezioni (stesso codice, stessa
verifica in ``course/verifica/esercizi_NN.py``); le domande aperte sono corrette dal formatore con
la rubrica scritta qui (nbgrader la toglie dalla versione per i corsisti).
"""

from __future__ import annotations

from course.valutazione.costruisci import Aperta, Compito, Esercizio

__all__ = ["COMPITI"]

_PREPARAZIONE_DATI = "from course import parametro\nfrom course.dati import carica"


def _scelte(frasi: dict) -> str:
    return "\n".join(f"- **{k}**: {v}" for k, v in frasi.items())


def _frasi_comitato() -> dict:
    from course.verifica.esercizi_05 import FRASI_COMITATO

    return FRASI_COMITATO


_GDPR = {
    "a": "Invio all'ente tutta l'anagrafica, così ha sotto mano tutto quello che potrebbe servire.",
    "b": "Invio solo i dati che servono all'ente per il suo compito, con uno pseudonimo al posto della persona.",
    "c": "Chiedo il consenso ai beneficiari e poi invio l'anagrafica completa.",
    "d": "Tolgo la colonna del nome e invio il resto della tabella così com'è.",
}

MODULO_01 = Compito(
    "modulo-01", "Compito del modulo 01 – Il contesto",
    "Lavori sui dati reali di comuni, popolazione e Ambiti e sulle regole della tabella dei parametri. "
    "L'Ambito di riferimento è **ATS-LE-03** (Gagliano del Capo).",
    [
        Esercizio("1.1", "Quanti **residenti** ha l'Ambito ATS-LE-03? Usa `popolazione_ambiti()` di `course.territorio`.",
                  "from course.territorio import popolazione_ambiti\n"
                  "pop = popolazione_ambiti()\n"
                  "risposta_1_1 = pop.loc[pop['codice_ambito'] == 'ATS-LE-03', 'popolazione'].iloc[0]"),
        Esercizio("1.2", "Qual è il **numero minimo di assistenti sociali** a tempo pieno che l'Ambito ATS-LE-03 deve "
                         "avere per rispettare il LEPS (`parametro(\"residenti_per_assistente_sociale\")` residenti per "
                         "assistente)? Rispondi con un numero intero.",
                  "import math\nfrom course.territorio import popolazione_ambiti\n"
                  "pop = popolazione_ambiti()\n"
                  "residenti = pop.loc[pop['codice_ambito'] == 'ATS-LE-03', 'popolazione'].iloc[0]\n"
                  "risposta_1_2 = math.ceil(residenti / parametro('residenti_per_assistente_sociale'))"),
        Esercizio("1.3", "Prepara una tabella con gli **Ambiti della provincia di Lecce** (sigla `\"LE\"`), con almeno le "
                         "colonne `codice_ambito` e `popolazione`, **ordinata dal più popoloso al meno popoloso**.",
                  "from course.territorio import popolazione_ambiti\n"
                  "pop = popolazione_ambiti()\n"
                  "risposta_1_3 = pop[pop['sigla_provincia'] == 'LE'].sort_values('popolazione', ascending=False)"),
        Esercizio("1.4", "Un nucleo di **3 persone** presenta domanda il **3 marzo 2025**; il richiedente ha **45 anni** e "
                         "l'ISEE è di **9.800 euro**. In base alle soglie di età e di ISEE in vigore alla data della "
                         "domanda, può chiedere il ReD? E l'ADI? Rispondi con un dizionario come "
                         "`{\"ReD\": True, \"ADI\": False}` (i valori sono solo un esempio).",
                  "giorno = '2025-03-03'\nisee, eta = 9800, 45\n"
                  "red = isee <= parametro('isee_massimo_red', alla_data=giorno) and "
                  "parametro('eta_minima_red') <= eta <= parametro('eta_massima_red')\n"
                  "adi = isee <= parametro('isee_massimo_adi', alla_data=giorno)\n"
                  "risposta_1_4 = {'ReD': red, 'ADI': adi}"),
        Aperta("1.a", "Un nuovo assessore ti chiede perché l'Ambito, e non ogni singolo comune, programma i servizi "
                      "sociali. Rispondi in 5-8 righe, citando il Piano sociale di zona e almeno un livello essenziale (LEPS).",
               "- 1 punto: spiega la gestione associata tra comuni (Ambito, comune capofila, Ufficio di Piano).\n"
               "- 1 punto: cita il Piano sociale di zona triennale dentro il Piano regionale.\n"
               "- 1 punto: cita correttamente un LEPS (ad esempio 1 assistente sociale ogni 5.000 residenti).\n"
               "- 1 punto: argomenta l'equità tra comuni piccoli e grandi o l'uso comune delle risorse.\n"
               "Errori tipici: confondere Ambito e distretto sanitario; cifre del LEPS sbagliate.",
               4, ("C1",)),
    ],
    preparazione=_PREPARAZIONE_DATI,
)

MODULO_02 = Compito(
    "modulo-02", "Compito del modulo 02 – Procedure e priorità",
    "Lavori sui Patti sintetici dell'Ambito (`carica(\"patti\")`), con le scadenze della presa in carico.",
    [
        Esercizio("2.1", "Prendi il Patto ADI con la **data della domanda più recente** (a parità di data, quello con "
                         "`id_patto` più alto). Entro quale data va fatto il **primo colloquio**? "
                         "Usa `parametro(\"giorni_primo_colloquio_adi\")` e rispondi con una data.",
                  "import pandas as pd\npatti = carica('patti')\n"
                  "caso = patti[patti['misura'] == 'ADI'].sort_values(['data_domanda', 'id_patto']).iloc[-1]\n"
                  "risposta_2_1 = caso['data_domanda'] + pd.Timedelta(days=parametro('giorni_primo_colloquio_adi'))"),
        Esercizio("2.2", "Con `prossime_scadenze` di `course.scadenze`, quanti casi hanno una scadenza **già passata** "
                         "(stato «scaduta»)?",
                  "from course.scadenze import prossime_scadenze\n"
                  "scadenze = prossime_scadenze(carica('patti'))\n"
                  "risposta_2_2 = int((scadenze['stato'] == 'scaduta').sum())"),
        Esercizio("2.3", "Per il **primo case manager** della tabella di `carico_case_manager`, quali sono i **primi tre "
                         "casi** (`id_patto`) del suo scadenzario, nell'ordine di priorità? Rispondi con un elenco.",
                  "from course.scadenze import carico_case_manager, filtra_scadenzario, scadenzario\n"
                  "patti = carica('patti')\n"
                  "cm = carico_case_manager(patti, operatori=carica('operatori'))['id_operatore'].iloc[0]\n"
                  "coda = filtra_scadenzario(scadenzario(patti, nuclei=carica('nuclei')), case_manager=cm)\n"
                  "risposta_2_3 = coda['id_patto'].head(3).tolist()"),
        Esercizio("2.4", "Qual è il **carico medio di casi aperti per case manager a tempo pieno** (casi aperti diviso "
                         "per la somma dei tempi pieni equivalenti, arrotondato a un decimale)?",
                  "from course.scadenze import carico_case_manager\n"
                  "carico = carico_case_manager(carica('patti'), operatori=carica('operatori'))\n"
                  "risposta_2_4 = round(carico['casi_aperti'].sum() / carico['fte'].sum(), 1)"),
        Aperta("2.a", "Lunedì mattina hai tre casi: un primo colloquio ADI che scade domani, una revisione del Patto "
                      "scaduta da una settimana e un nucleo nuovo con un minore in una situazione di rischio segnalata "
                      "ieri. In che ordine li affronti e perché? Indica il criterio di priorità che usi.",
               "- 2 punti: mette per primo il rischio per il minore (tutela prima delle scadenze amministrative).\n"
               "- 1 punto: distingue scadenza imminente da scadenza già passata e spiega come recuperare quella scaduta.\n"
               "- 1 punto: esplicita un criterio ripetibile (gravità, scadenza, impatto) e dice chi avvisa.\n"
               "Errore tipico: ordinare solo per data di scadenza.",
               4, ("C2",)),
    ],
    preparazione=_PREPARAZIONE_DATI,
)

MODULO_05 = Compito(
    "modulo-05", "Compito del modulo 05 – Confrontare gli Ambiti",
    "Confronti tra Ambiti con i tassi per residenti e il funnel plot (`course.confronto`). "
    "L'Ambito di riferimento è **ATS-LE-03**.",
    [
        Esercizio("5.1", "Quante **prese in carico ogni 1.000 residenti** ha l'Ambito ATS-LE-03? Usa `confronto.tassi` "
                         "sui Patti e rispondi con un numero.",
                  "from course import confronto\n"
                  "t = confronto.tassi(carica('patti'))\n"
                  "risposta_5_1 = t.loc[t['codice_ambito'] == 'ATS-LE-03', 'tasso'].iloc[0]"),
        Esercizio("5.2", "Considera solo i Patti **decaduti**. Quali Ambiti sono **davvero sopra l'atteso** secondo il "
                         "funnel plot (oltre il limite del 99,8%)? Rispondi con l'elenco dei codici.",
                  "from course import confronto\npatti = carica('patti')\n"
                  "f = confronto.posizioni_funnel(confronto.tassi(patti[patti['esito'] == 'decaduto']))\n"
                  "risposta_5_2 = f.loc[f['posizione'] == 'sopra l’atteso (oltre il 99,8%)', 'codice_ambito'].tolist()"),
        Esercizio("5.3", "Con `confronto.rapporto_leps` sugli operatori, quanti **residenti per assistente sociale** ha "
                         "l'Ambito ATS-LE-03, e **rispetta il LEPS**? Rispondi con un dizionario con le chiavi "
                         "`residenti_per_as` e `rispetta_leps`.",
                  "from course import confronto\n"
                  "r = confronto.rapporto_leps(carica('operatori'))\n"
                  "riga = r[r['codice_ambito'] == 'ATS-LE-03'].iloc[0]\n"
                  "risposta_5_3 = {'residenti_per_as': riga['residenti_per_as'], "
                  "'rispetta_leps': bool(riga['as_mancanti_leps'] == 0)}"),
        Esercizio("5.4", "Quale frase puoi dire a un comitato senza ingannarlo? Rispondi con la lettera.\n\n"
                         + _scelte(_frasi_comitato()), "risposta_5_4 = 'c'"),
        Aperta("5.a", "Il tuo Ambito è quinto su 45 per tasso di Patti decaduti. Il sindaco del capofila vuole dirlo in "
                      "conferenza stampa come un risultato negativo. Che cosa gli consigli di dire, e con quale grafico?",
               "- 1 punto: spiega che la posizione in graduatoria ha una forchetta di incertezza.\n"
               "- 1 punto: propone il funnel plot e dice che conta solo l'uscita dai limiti.\n"
               "- 1 punto: ricorda i numeri piccoli (pochi casi, tassi instabili) e il confronto per residenti.\n"
               "- 1 punto: messaggio finale chiaro e non ingannevole per il pubblico.",
               4, ("C5",)),
    ],
    preparazione=_PREPARAZIONE_DATI,
)

MODULO_07 = Compito(
    "modulo-07", "Compito del modulo 07 – Dati reali e qualità",
    "File veri di un comune, controlli di qualità, correzioni e pseudonimi: il lavoro quotidiano sui dati.",
    [
        Esercizio("7.1", "Il comune ha mandato il file `file_comunale()` (di `course.esercitazioni`). Leggilo con "
                         "`leggi_tabella` e calcola l'**ISEE medio** dei nuclei.",
                  "from course.dati import leggi_tabella\nfrom course.esercitazioni import file_comunale\n"
                  "risposta_7_1 = leggi_tabella(file_comunale(), rapporto=False)['isee'].mean()"),
        Esercizio("7.2", "Carica i nuclei con difetti (`carica(\"nuclei\", cartella=dati_con_difetti())`) e controllali "
                         "con `valida`. Quante **righe** hanno almeno un problema?",
                  "from course.dati import valida\nfrom course.esercitazioni import dati_con_difetti\n"
                  "nuclei = carica('nuclei', cartella=dati_con_difetti())\n"
                  "risposta_7_2 = valida(nuclei, 'nuclei')['riga'].nunique()"),
        Esercizio("7.3", "Correggi ciò che si può correggere nei nuclei con difetti: togli i **duplicati** di "
                         "`id_nucleo`, rimetti le **6 cifre** ai codici ISTAT e scrivi i **codici di Ambito** in "
                         "maiuscolo. Non cancellare altre righe.",
                  "from course.esercitazioni import dati_con_difetti\n"
                  "df = carica('nuclei', cartella=dati_con_difetti()).drop_duplicates(subset='id_nucleo').copy()\n"
                  "df['codice_istat'] = df['codice_istat'].astype(str).str.zfill(6)\n"
                  "df['codice_ambito'] = df['codice_ambito'].astype(str).str.upper()\n"
                  "risposta_7_3 = df"),
        Esercizio("7.4", "Prepara da `anagrafica_di_esempio()` una tabella da **condividere con un ente**: "
                         "pseudonimizza con `privacy.pseudonimizza` sulla colonna `codice_fiscale`, con una chiave "
                         "segreta.",
                  "from course.esercitazioni import anagrafica_di_esempio\nfrom course.privacy import pseudonimizza\n"
                  "risposta_7_4 = pseudonimizza(anagrafica_di_esempio(), 'codice_fiscale', "
                  "chiave='frase segreta custodita dall Ufficio di Piano')"),
        Esercizio("7.5", "Un ente del terzo settore chiede i dati dei beneficiari per organizzare un laboratorio. "
                         "Che cosa fai? Rispondi con la lettera.\n\n" + _scelte(_GDPR), "risposta_7_5 = 'b'"),
        Aperta("7.a", "Il file mensile di un comune arriva con separatore «;», virgola decimale, una riga «Totale» e "
                      "molti «n.d.». Scrivi la procedura in 4-5 passi che l'Ufficio di Piano deve seguire ogni mese "
                      "prima di usare i dati, e che cosa rimandare al comune.",
               "- 1 punto: lettura corretta (separatore, decimali, codifica) senza ritoccare a mano il file.\n"
               "- 1 punto: togliere le righe di totale e trattare «n.d.» come mancanti, non come zero.\n"
               "- 1 punto: controlli ripetibili (valida) con l'elenco dei problemi per riga.\n"
               "- 1 punto: correggere solo ciò che è certo e rimandare il resto al comune, tenendo traccia.\n"
               "- 1 punto: pseudonimizzare prima di condividere (minimizzazione, GDPR).",
               5, ("C8",)),
    ],
    preparazione=_PREPARAZIONE_DATI,
)

COMPITI = {c.nome: c for c in (MODULO_01, MODULO_02, MODULO_05, MODULO_07)}
