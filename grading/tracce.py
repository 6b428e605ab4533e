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
    "b": "Invio solo i dati che servono all'ente per il suo compito, con uno pseudonimo al posto della persona, "
         "dopo aver controllato che nessuno resti riconoscibile da comune, ISEE o composizione del nucleo.",
    "c": "Chiedo il consenso ai beneficiari e poi invio l'anagrafica completa.",
    "d": "Tolgo la colonna del nome e invio il resto della tabella così com'è.",
}

MODULO_01 = Compito(
    "modulo-01", "Compito del modulo 01 – Il contesto",
    "Lavori sui dati reali di comuni, popolazione e Ambiti e sulle regole della tabella dei parametri. "
    "Ognuno ha **il suo Ambito**: la cella di preparazione lo scrive e lo mette in `VARIANTE[\"ambito\"]` "
    "(la sua provincia in `VARIANTE[\"provincia\"]`). Gli esercizi con 📨 li corregge il formatore sul tuo Ambito.",
    [
        Esercizio("1.1", "Quanti **residenti** ha il tuo Ambito (`VARIANTE[\"ambito\"]`)? Usa `popolazione_ambiti()` di "
                         "`course.territorio`.",
                  "from course.territorio import popolazione_ambiti\n"
                  "pop = popolazione_ambiti()\n"
                  "risposta_1_1 = pop.loc[pop['codice_ambito'] == VARIANTE['ambito'], 'popolazione'].iloc[0]",
                  personale=True),
        Esercizio("1.2", "Qual è il **numero minimo di assistenti sociali** a tempo pieno che il tuo Ambito deve "
                         "avere per rispettare il LEPS (`parametro(\"residenti_per_assistente_sociale\")` residenti per "
                         "assistente)? Rispondi con un numero intero.",
                  "import math\nfrom course.territorio import popolazione_ambiti\n"
                  "pop = popolazione_ambiti()\n"
                  "residenti = pop.loc[pop['codice_ambito'] == VARIANTE['ambito'], 'popolazione'].iloc[0]\n"
                  "risposta_1_2 = math.ceil(residenti / parametro('residenti_per_assistente_sociale'))", personale=True),
        Esercizio("1.3", "Prepara una tabella con gli **Ambiti della provincia del tuo Ambito** (`VARIANTE[\"provincia\"]`), "
                         "con almeno le "
                         "colonne `codice_ambito` e `popolazione`, **ordinata dal più popoloso al meno popoloso**.",
                  "from course.territorio import popolazione_ambiti\n"
                  "pop = popolazione_ambiti()\n"
                  "risposta_1_3 = pop[pop['sigla_provincia'] == VARIANTE['provincia']].sort_values('popolazione', ascending=False)",
                  personale=True),
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
        Esercizio("5.2", "Considera i Patti **decaduti ogni 100 prese in carico** (`confronto.quote`): una volta "
                         "avviata la presa in carico, quanto spesso il Patto decade? Quali Ambiti sono **sopra "
                         "l'atteso** secondo il funnel plot (oltre il limite del 95%, compresi quelli oltre il 99,8%)? "
                         "Rispondi con l'elenco dei codici.",
                  "from course import confronto\npatti = carica('patti')\n"
                  "f = confronto.posizioni_funnel(confronto.quote(patti, evento=patti['esito'] == 'decaduto'))\n"
                  "risposta_5_2 = f.loc[f['posizione'].astype(str).str.startswith('sopra'), 'codice_ambito'].tolist()"),
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
               "- 1 punto: propone il funnel plot con il denominatore giusto (le prese in carico) e ricorda che con "
               "45 Ambiti circa 2 escono dai limiti del 95% per puro caso (e che, se gli Ambiti variano più del "
               "caso, valgono i limiti corretti).\n"
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
        Esercizio("7.4", "Prepara da `anagrafica_di_esempio()` la tabella da **condividere con l'ente del "
                         "tutoraggio**: pseudonimizza con `privacy.pseudonimizza` sulla colonna `codice_fiscale`, con "
                         "una chiave segreta; tieni tutte le righe e le colonne `attivita` e `ore_previste`, e "
                         "**minimizza** finché `privacy.controlla_condivisione` non la dice condivisibile.",
                  "from course.esercitazioni import anagrafica_di_esempio\nfrom course.privacy import pseudonimizza\n"
                  "risposta_7_4 = pseudonimizza(anagrafica_di_esempio(), 'codice_fiscale', "
                  "chiave='frase segreta custodita dall Ufficio di Piano').drop(columns=['comune', 'isee', 'componenti'])"),
        Esercizio("7.5", "Un ente del terzo settore chiede i dati dei beneficiari per organizzare un laboratorio. "
                         "Che cosa fai? Rispondi con la lettera.\n\n" + _scelte(_GDPR), "risposta_7_5 = 'b'"),
        Aperta("7.a", "Il file mensile di un comune arriva con separatore «;», virgola decimale, una riga «Totale» e "
                      "molti «n.d.». Scrivi la procedura in 4-5 passi che l'Ufficio di Piano deve seguire ogni mese "
                      "prima di usare i dati, e che cosa rimandare al comune.",
               "- 1 punto: lettura corretta (separatore, decimali, codifica) senza ritoccare a mano il file.\n"
               "- 1 punto: togliere le righe di totale e trattare «n.d.» come mancanti, non come zero.\n"
               "- 1 punto: controlli ripetibili (valida) con l'elenco dei problemi per riga.\n"
               "- 1 punto: correggere solo ciò che è certo e rimandare il resto al comune, tenendo traccia.\n"
               "- 1 punto: pseudonimizzare e minimizzare prima di condividere (solo le colonne che servono, nessun "
               "gruppo troppo piccolo; GDPR).",
               5, ("C8",)),
    ],
    preparazione=_PREPARAZIONE_DATI,
)

MODULO_03 = Compito(
    "modulo-03", "Compito del modulo 03 – Progettare indicatori",
    "Schede indicatore, polarità, tipi di indicatore e baseline, con il catalogo degli indicatori del corso "
    "(`course.indicatori`) e i Patti sintetici.",
    [
        Esercizio("3.1", "Per ognuno di questi indicatori, un valore più alto è una buona notizia (`\"crescente\"`) o una "
                         "cattiva notizia (`\"decrescente\"`)? Rispondi con un dizionario nome → polarità.\n\n"
                         "- Giorni medi dalla domanda al primo colloquio\n- Quota di Patti sottoscritti\n"
                         "- Quota di ore perse per assenze ingiustificate\n- Residenti per assistente sociale\n"
                         "- Quota di Patti conclusi positivamente",
                  "risposta_3_1 = {\n"
                  "    'Giorni medi dalla domanda al primo colloquio': 'decrescente',\n"
                  "    'Quota di Patti sottoscritti': 'crescente',\n"
                  "    'Quota di ore perse per assenze ingiustificate': 'decrescente',\n"
                  "    'Residenti per assistente sociale': 'decrescente',\n"
                  "    'Quota di Patti conclusi positivamente': 'crescente',\n}"),
        Esercizio("3.2", "Di che tipo è ciascun indicatore: `\"input\"`, `\"processo\"`, `\"output\"` o `\"risultato\"`? "
                         "Rispondi con un dizionario nome → tipo.\n\n- Residenti per assistente sociale\n"
                         "- Giorni medi dalla domanda al primo colloquio\n- Quota di Patti sottoscritti\n"
                         "- Quota di Patti conclusi positivamente",
                  "risposta_3_2 = {\n"
                  "    'Residenti per assistente sociale': 'input',\n"
                  "    'Giorni medi dalla domanda al primo colloquio': 'processo',\n"
                  "    'Quota di Patti sottoscritti': 'output',\n"
                  "    'Quota di Patti conclusi positivamente': 'risultato',\n}"),
        Esercizio("3.3", "Scrivi la scheda SMART dell'indicatore «Quota di prese in carico ADI con il Patto sottoscritto» "
                         "come `Indicatore` (di `course.indicatori`; guarda `help(Indicatore)`): definizione, numeratore "
                         "e denominatore come condizioni sulla tabella `patti`, unità, tipo, fonte, frequenza, polarità, "
                         "un target con la sua scadenza e l'ufficio responsabile.",
                  "from course.indicatori import Indicatore\n"
                  "risposta_3_3 = Indicatore(\n"
                  "    nome='Quota di prese in carico ADI con il Patto sottoscritto',\n"
                  "    definizione='Tra le prese in carico ADI, quota di quelle in cui il nucleo ha già firmato il Patto.',\n"
                  "    numeratore=\"(misura == 'ADI') & data_sottoscrizione.notna()\",\n"
                  "    denominatore=\"misura == 'ADI'\",\n"
                  "    unita='%', tipo='output', fonte='Piattaforma GePI (tabella patti)', frequenza='trimestrale',\n"
                  "    polarita='crescente', baseline=None, target=80, scadenza='31/12/2026', responsabile='Ufficio di Piano',\n"
                  "    tabella='patti', data='data_domanda',\n)", personale=True),
        Esercizio("3.4", "Qual è la **baseline** dell'indicatore «Giorni medi dalla domanda al primo colloquio» per il tuo "
                         "Ambito (`VARIANTE[\"ambito\"]`)? Prendi l'indicatore con `dal_catalogo` e calcolalo sui Patti con "
                         "`calcola`.",
                  "from course.indicatori import calcola, dal_catalogo\n"
                  "valori = calcola(dal_catalogo('Giorni medi dalla domanda al primo colloquio'), carica('patti'))\n"
                  "risposta_3_4 = valori.loc[valori['codice_ambito'] == VARIANTE['ambito'], 'valore'].iloc[0]", personale=True),
        Aperta("3.a", "Il Piano di zona misura il successo del segretariato sociale con l'indicatore «numero di accessi "
                      "allo sportello». Critica l'indicatore (almeno due difetti) e proponi una versione migliore, "
                      "con numeratore, denominatore, polarità e target.",
               "- 1 punto: nota che è un conteggio assoluto (dipende dalla popolazione): serve un tasso o una quota.\n"
               "- 1 punto: nota che misura l'attività (output), non ciò che cambia per le persone.\n"
               "- 1 punto: proposta con numeratore e denominatore chiari e una fonte dei dati.\n"
               "- 1 punto: polarità, baseline e target con scadenza (SMART).\n"
               "Errore tipico: proporre un altro conteggio senza denominatore.",
               4, ("C3",)),
    ],
    preparazione=_PREPARAZIONE_DATI,
)

MODULO_04 = Compito(
    "modulo-04", "Compito del modulo 04 – Monitorare",
    "Patti, ore e presenze, allerte precoci, cronoprogramma, indicatori e budget del Piano operativo con gli ETS "
    "(`course.monitoraggio`, `course.cronoprogramma`, `course.piano_operativo`).",
    [
        Esercizio("4.1", "Con `monitoraggio.conformita_mensile` sulle attività mensili e sui patti "
                         "(`carica(\"attivita_mensili\")`, `carica(\"patti\")`: la regola delle ore è del ReD, i "
                         "Patti ADI restano fuori), quanti beneficiari sono **in regola** (colonna `conforme`) "
                         "nell'**ultimo mese**?",
                  "from course import monitoraggio\n"
                  "conf = monitoraggio.conformita_mensile(carica('attivita_mensili'), carica('patti'))\n"
                  "risposta_4_1 = int(conf.loc[conf['mese'] == conf['mese'].max(), 'conforme'].fillna(False).sum())"),
        Esercizio("4.2", "Con `monitoraggio.allerte` sulla conformità mensile, quante sono le **allerte per ore sotto la "
                         "soglia** (colonna `allerta_sotto_soglia`)?",
                  "from course import monitoraggio\n"
                  "allerte = monitoraggio.allerte(monitoraggio.conformita_mensile(carica('attivita_mensili'), carica('patti')))\n"
                  "risposta_4_2 = int(allerte['allerta_sotto_soglia'].sum())"),
        Esercizio("4.3", "Con `cronoprogramma.stato_attivita` sul cronoprogramma (`carica(\"cronoprogramma\")`), quante "
                         "attività **non hanno rispettato i tempi**?",
                  "from course import cronoprogramma\n"
                  "stato = cronoprogramma.stato_attivita(carica('cronoprogramma'))\n"
                  "risposta_4_3 = int((stato['rispetto_tempi'] == False).sum())  # noqa: E712"),
        Esercizio("4.4", "Tra gli indicatori degli obiettivi dell'Ambito ATS-LE-03, quali hanno **raggiunto il target**? "
                         "Usa `cronoprogramma.raggiungimento` e rispondi con l'elenco degli `id_indicatore`.",
                  "from course import cronoprogramma\n"
                  "obiettivi = carica('obiettivi')\n"
                  "suoi = obiettivi.loc[obiettivi['codice_ambito'] == 'ATS-LE-03', 'id_obiettivo']\n"
                  "ind = carica('indicatori')\n"
                  "r = cronoprogramma.raggiungimento(ind[ind['id_obiettivo'].isin(suoi)])\n"
                  "risposta_4_4 = r.loc[(r['target_raggiunto'] == True).fillna(False).astype(bool), 'id_indicatore'].tolist()  # noqa: E712"),
        Esercizio("4.5", "Con `piano_operativo.piano_operativo` sulle azioni con gli ETS (`carica(\"azioni_ets\")`), quale "
                         "**quota del budget** delle **azioni di sistema** è stata spesa?",
                  "from course import piano_operativo\n"
                  "p = piano_operativo.piano_operativo(carica('azioni_ets'))\n"
                  "risposta_4_5 = p.loc[p['tipo_azione'] == 'azioni di sistema', 'quota_spesa'].iloc[0]"),
        Aperta("4.a", "Tre beneficiari sono sotto le ore del Patto da due mesi. Scrivi la nota per il case manager: che "
                      "cosa verificare, chi coinvolgere (anche tra gli ETS) e che cosa registrare, entro quando.",
               "- 1 punto: distingue assenze giustificate e ingiustificate e verifica le presenze registrate.\n"
               "- 1 punto: propone un colloquio di revisione del Patto entro un termine preciso.\n"
               "- 1 punto: coinvolge il tutor o l'ETS dell'attività e chiede un riscontro scritto.\n"
               "- 1 punto: indica che cosa registrare nel monitoraggio e quando ricontrollare.",
               4, ("C4", "C7")),
    ],
    preparazione=_PREPARAZIONE_DATI,
)

MODULO_06 = Compito(
    "modulo-06", "Compito del modulo 06 – Buone pratiche",
    "Istruttoria delle candidature alla Banca dati regionale delle buone pratiche, griglia di valutazione con i pesi "
    "del comitato, stabilità della graduatoria e scheda descrittiva (`course.buone_pratiche`, "
    "`carica(\"buone_pratiche\")`).",
    [
        Esercizio("6.1", "Fai l'**istruttoria formale** delle candidature con `buone_pratiche.istruttoria`. Quali "
                         "candidature sono **escluse**? Rispondi con l'elenco degli `id_candidatura`.",
                  "from course import buone_pratiche as bp\n"
                  "esito = bp.istruttoria(carica('buone_pratiche'))\n"
                  "risposta_6_1 = esito.loc[esito['esito'] == 'esclusa', 'id_candidatura'].tolist()"),
        Esercizio("6.2", "Il comitato decide che l'**evidenza dei risultati** pesa il doppio (`pesi={\"evidenza_risultati\": 2}`). "
                         "Con `buone_pratiche.punteggi` sulle candidature dell'istruttoria, qual è il **punteggio medio** "
                         "delle candidature valutate?",
                  "from course import buone_pratiche as bp\n"
                  "esito = bp.istruttoria(carica('buone_pratiche'))\n"
                  "risposta_6_2 = bp.punteggi(esito, pesi={'evidenza_risultati': 2})['punteggio'].mean()"),
        Esercizio("6.3", "Quanto è stabile la graduatoria? Con `buone_pratiche.sensibilita(..., primi=5)`, quali "
                         "candidature restano tra le prime cinque in **almeno il 90%** delle prove (colonna `quota_primi`)?",
                  "from course import buone_pratiche as bp\n"
                  "s = bp.sensibilita(bp.istruttoria(carica('buone_pratiche')), primi=5)\n"
                  "risposta_6_3 = s.loc[s['quota_primi'] >= 0.9, 'id_candidatura'].tolist()"),
        Esercizio("6.4", "Scrivi la **scheda descrittiva** di una pratica del tuo Ambito come dizionario con le voci "
                         "`titolo`, `area_tematica` (una delle cinque dell'avviso: `course.dati.tabelle.AREE_TEMATICHE`), "
                         "`problema`, `destinatari`, `attivita`, `risultati` (con numeri), `costo_annuo` e "
                         "`condizioni_per_replicarla`; frasi complete, non etichette.",
                  "risposta_6_4 = {\n"
                  "    'titolo': 'Sportello unico di comunità',\n"
                  "    'area_tematica': 'erogazione dei servizi e relazione con gli utenti',\n"
                  "    'problema': 'I nuclei in difficoltà dovevano rivolgersi a tre uffici diversi per ReD, ADI e servizi comunali.',\n"
                  "    'destinatari': 'Nuclei beneficiari di ReD e ADI residenti nei comuni dell Ambito, con priorità a chi ha minori.',\n"
                  "    'attivita': 'Un unico sportello settimanale in ogni comune, con assistente sociale ed educatore insieme, agenda condivisa e cartella sociale unica.',\n"
                  "    'risultati': 'Nel 2024 sono stati accolti 412 nuclei; i tempi del primo colloquio sono scesi da 74 a 41 giorni.',\n"
                  "    'costo_annuo': 18500,\n"
                  "    'condizioni_per_replicarla': 'Serve una cartella sociale condivisa tra i comuni, un accordo con il Centro per l impiego e almeno un operatore dedicato ogni ventimila residenti.',\n"
                  "}"),
        Aperta("6.a", "Critica la griglia che hai usato nell'esercizio 6.2: quale criterio rischia di premiare gli "
                      "Ambiti più grandi o già organizzati, e come lo correggeresti? Che cosa ti dice l'esercizio 6.3 "
                      "sul modo di presentare la graduatoria?",
               "- 1 punto: individua un criterio sbilanciato (ad esempio partenariato, costo, innovazione).\n"
               "- 1 punto: spiega il meccanismo (risorse, dimensione, esperienza pregressa).\n"
               "- 1 punto: propone una correzione praticabile (pesi, criteri relativi alla dimensione, soglie).\n"
               "- 1 punto: usa la stabilità (6.3) per presentare fasce o posizioni plausibili, non un ordine rigido.",
               4, ("C6", "C5")),
    ],
    preparazione=_PREPARAZIONE_DATI,
)

_AZIONI_PIANO = """import pandas as pd
totale = parametro('contributo_piano_operativo_esempio')
quote = {'Sportello di ascolto e orientamento': 0.25, 'Laboratori di alfabetizzazione digitale': 0.10,
         'Sostegno alla genitorialità e mediazione familiare': 0.30,
         'Tutoraggio con registro delle presenze': 0.20, 'Monitoraggio in itinere dei Patti': 0.15}
budget = [round(totale * q, 2) for q in quote.values()]
budget[-1] = round(totale - sum(budget[:-1]), 2)
azioni = pd.DataFrame({
    'tipo_azione': ['interventi trasversali', 'interventi trasversali', 'pacchetti personalizzati',
                    'azioni di sistema', 'azioni di sistema'],
    'descrizione': list(quote),
    'ente': ['Cooperativa sociale Aurora', 'Associazione Ponti di Comunità', 'Cooperativa sociale Il Mosaico',
             'Cooperativa sociale Aurora', 'Associazione Ponti di Comunità'],
    'budget': budget,
    'destinatari_previsti': [180, 60, 45, 120, 150],
    'destinatari': 'beneficiari ReD e loro nuclei',
})
risposta_8_1 = azioni"""

_ATTIVITA_PIANO = """from course.rapporto import periodo_piano
inizio, fine = periodo_piano(carica('azioni_ets').attrs['data_riferimento'])
righe = []
for i, nome in enumerate(azioni['descrizione']):
    partenza = inizio + pd.DateOffset(months=i % 3)
    righe.append({'azione': nome, 'descrizione': f'Avvio: {nome.lower()}', 'inizio_previsto': partenza,
                  'fine_prevista': partenza + pd.DateOffset(months=2) - pd.Timedelta(days=1)})
    righe.append({'azione': nome, 'descrizione': f'Svolgimento e verifica: {nome.lower()}',
                  'inizio_previsto': partenza + pd.DateOffset(months=2), 'fine_prevista': fine})
attivita = pd.DataFrame(righe)
risposta_8_2 = {'azioni': azioni, 'attivita': attivita}"""

_INDICATORI_PIANO = """from dataclasses import replace
from course.indicatori import Indicatore, dal_catalogo
comuni = dict(fonte='Registro delle presenze e rendicontazione degli ETS', frequenza='trimestrale',
              responsabile='Ufficio di Piano')
scadenza = fine.strftime('%d/%m/%Y')
indicatori = [
    Indicatore('Quota di destinatari raggiunti dalle azioni', tipo='output', unita='%', polarita='crescente',
               numeratore='destinatari_raggiunti', denominatore='destinatari_previsti', tabella='azioni_ets',
               target=90, scadenza=scadenza, **comuni),
    Indicatore('Quota di Patti conclusi positivamente tra i nuclei seguiti', tipo='risultato', unita='%',
               polarita='crescente', numeratore="esito == 'concluso'", denominatore='data_chiusura.notna()',
               tabella='patti', target=50, scadenza=scadenza, **comuni),
    replace(dal_catalogo('Quota di mesi di Patto con ore sufficienti'), target=75, scadenza=pd.Timestamp(fine)),
]
risposta_8_3 = indicatori"""

_RAPPORTO_PIANO = """from course.rapporto import rapporto_piano_operativo, salva_rapporto
pagina = rapporto_piano_operativo(azioni, ambito='ATS-LE-03', cronoprogramma=attivita, indicatori=indicatori,
                                  contributo=totale, premessa='Il Piano rafforza i Patti dei nuclei più fragili.',
                                  inizio=inizio, fine=fine, grafici=False)
risposta_8_4 = salva_rapporto(pagina, 'piano_operativo.html')"""

PROGETTO_FINALE = Compito(
    "progetto-finale", "Progetto finale – Un Piano operativo con gli ETS",
    "Il Piano operativo dell'Ambito ATS-LE-03 con gli Enti del Terzo Settore: azioni per i destinatari del ReD, budget pari al "
    "contributo (`parametro(\"contributo_piano_operativo_esempio\")`), cronoprogramma dentro il periodo del Piano, "
    "indicatori SMART e il rapporto HTML da consegnare. Gli esercizi si costruiscono uno sull'altro: usa le "
    "variabili delle celle precedenti.",
    [
        Esercizio("8.1", "Prepara la tabella `azioni` del Piano: azioni di una o più delle tre tipologie dell'avviso "
                         "(interventi trasversali, pacchetti personalizzati, azioni di sistema: nessuna è obbligatoria), "
                         "con `descrizione`, `ente`, `budget` (in euro, numeri), `destinatari_previsti` e `destinatari` "
                         "(tutte le azioni sono per i beneficiari del ReD e i loro nuclei). La somma dei budget deve "
                         "essere uguale al contributo.",
                  _AZIONI_PIANO),
        Esercizio("8.2", "Scrivi il cronoprogramma `attivita` (colonne `azione`, `descrizione`, `inizio_previsto`, "
                         "`fine_prevista`) con almeno un'attività per azione, tutte dentro il periodo del Piano "
                         "(`periodo_piano` di `course.rapporto`). Rispondi con `{\"azioni\": azioni, \"attivita\": attivita}`.",
                  _ATTIVITA_PIANO),
        Esercizio("8.3", "Scegli almeno tre indicatori del Piano (almeno uno di **risultato**) come elenco di "
                         "`Indicatore`, ognuno con polarità, fonte, target e scadenza.", _INDICATORI_PIANO),
        Esercizio("8.4", "Prepara il rapporto con `rapporto_piano_operativo` e salvalo con `salva_rapporto(pagina, "
                         "\"piano_operativo.html\")`; la risposta è il percorso del file salvato.", _RAPPORTO_PIANO),
        Aperta("8.a", "Spiega al comitato dei sindaci, in 8-10 righe, perché le azioni di sistema del tuo Piano non "
                      "sostituiscono il lavoro degli uffici e come verificherai in itinere che i Patti ne traggano beneficio.",
               "- 1 punto: le azioni di sistema sostengono gli uffici (monitoraggio, tutoraggio) senza sostituirli.\n"
               "- 1 punto: il monitoraggio in itinere ha tempi e dati precisi (presenze, ore, revisioni dei Patti).\n"
               "- 1 punto: collega almeno un indicatore dell'esercizio 8.3 a una decisione da prendere.\n"
               "- 1 punto: linguaggio chiaro per amministratori, senza gergo tecnico.",
               4, ("C7", "C4")),
        Aperta("8.b", "Quale rischio principale vedi nel tuo Piano (budget, ritardi degli ETS, dati mancanti) e come lo "
                      "affronti? Indica chi se ne occupa e quale segnale precoce lo farebbe emergere.",
               "- 1 punto: rischio concreto e pertinente al Piano descritto.\n"
               "- 1 punto: misura di prevenzione o di recupero praticabile.\n"
               "- 1 punto: responsabile e segnale precoce (indicatore, scadenza, allerta) ben definiti.",
               3, ("C7", "C3")),
    ],
    preparazione=_PREPARAZIONE_DATI,
)

COMPITI = {c.nome: c for c in (MODULO_01, MODULO_02, MODULO_03, MODULO_04, MODULO_05, MODULO_06, MODULO_07,
                                   PROGETTO_FINALE)}
