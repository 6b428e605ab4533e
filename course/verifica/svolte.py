"""Le soluzioni svolte degli esercizi delle lezioni: la via d'uscita per chi è bloccato (anche da solo su Binder).

Si aprono con ``verifica.soluzione("2.1")`` dopo tre tentativi sbagliati, solo nelle lezioni: nei
compiti valutati non ci sono (e i compiti chiedono lo stesso ragionamento su dati diversi, quelli del
proprio Ambito). Ogni soluzione è una cella completa da copiare al posto di quella dell'esercizio: si
carica da sola ciò che le serve e finisce con la verifica. ``tests/test_verifica_scala.py`` le esegue
tutte e controlla che prendano tutti i punti.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Svolta", "SVOLTE"]


@dataclass(frozen=True)
class Svolta:
    """Una soluzione svolta: il ragionamento a parole e la cella di codice commentata."""

    ragionamento: str
    codice: str


SVOLTE: dict[str, Svolta] = {
    "0.1": Svolta(
        "Nella tabella degli Ambiti ogni riga è un Ambito: basta contarne le righe.",
        'from course import territorio, verifica\n\n'
        'ambiti = territorio.ambiti()      # la tabella: una riga per Ambito\n'
        'risposta_0_1 = len(ambiti)        # len() conta le righe\n'
        'verifica.esercizio("0.1", risposta_0_1)'),
    "0.2": Svolta(
        "Si conta quante volte compare ogni sigla di provincia (un Ambito per riga) e si prende la sigla con il "
        "conteggio più alto.",
        'from course import territorio, verifica\n\n'
        'ambiti = territorio.ambiti()\n'
        'conteggio = ambiti["sigla_provincia"].value_counts()   # Ambiti per provincia, dal più grande\n'
        'risposta_0_2 = conteggio.idxmax()                      # la sigla con il conteggio più alto\n'
        'verifica.esercizio("0.2", risposta_0_2)'),
    "0.3": Svolta(
        "I residenti della regione sono la somma dei residenti di tutti i comuni: si somma la colonna popolazione.",
        'from course import territorio, verifica\n\n'
        'comuni = territorio.comuni()\n'
        'risposta_0_3 = comuni["popolazione"].sum()   # somma della colonna, come in Excel\n'
        'verifica.esercizio("0.3", risposta_0_3)'),
    "1.1": Svolta(
        "La tabella della popolazione per Ambito ha già sommato i comuni: si prende la riga di ATS-LE-03.",
        'from course import territorio, verifica\n\n'
        'pop = territorio.popolazione_ambiti()\n'
        'riga = pop[pop["codice_ambito"] == "ATS-LE-03"]       # il filtro tiene una sola riga\n'
        'risposta_1_1 = riga["popolazione"].iloc[0]            # il numero dentro quella riga\n'
        'verifica.esercizio("1.1", risposta_1_1)'),
    "1.2": Svolta(
        "Si dividono i residenti per il numero massimo di residenti per assistente sociale del LEPS e si "
        "arrotonda per eccesso: con un assistente in meno il LEPS non sarebbe rispettato.",
        'import math\n\n'
        'from course import territorio, verifica\n'
        'from course.parametri import parametro\n\n'
        'pop = territorio.popolazione_ambiti()\n'
        'residenti = pop.loc[pop["codice_ambito"] == "ATS-LE-03", "popolazione"].iloc[0]\n'
        'per_assistente = parametro("residenti_per_assistente_sociale")   # la cifra del LEPS\n'
        'risposta_1_2 = math.ceil(residenti / per_assistente)              # per eccesso\n'
        'verifica.esercizio("1.2", risposta_1_2)'),
    "1.3": Svolta(
        "Prima si tengono le righe della provincia di Lecce, poi si ordinano dalla più popolosa.",
        'from course import territorio, verifica\n\n'
        'pop = territorio.popolazione_ambiti()\n'
        'lecce = pop[pop["sigla_provincia"] == "LE"]                        # filtro\n'
        'risposta_1_3 = lecce.sort_values("popolazione", ascending=False)   # dal più grande\n'
        'verifica.esercizio("1.3", risposta_1_3)'),
    "1.4": Svolta(
        "Per ogni misura si confrontano i dati del nucleo con le soglie in vigore alla data della domanda: il ReD "
        "chiede ISEE e età nei limiti, l'ADI l'ISEE nel limite.",
        'from course import verifica\n'
        'from course.parametri import parametro\n\n'
        'isee_nucleo, eta_richiedente, data_domanda = 9800, 45, "2025-03-03"\n'
        'red = (isee_nucleo <= parametro("isee_massimo_red", alla_data=data_domanda)\n'
        '       and parametro("eta_minima_red") <= eta_richiedente <= parametro("eta_massima_red"))\n'
        'adi = isee_nucleo <= parametro("isee_massimo_adi", alla_data=data_domanda)\n'
        'risposta_1_4 = {"ReD": red, "ADI": adi}\n'
        'verifica.esercizio("1.4", risposta_1_4)'),
    "2.1": Svolta(
        "La scadenza è la data della domanda più i giorni che la regola dà per il primo colloquio dell'ADI, "
        "letti dalla tabella dei parametri alla data della domanda.",
        'import pandas as pd\n\n'
        'from course import verifica\n'
        'from course.dati import carica\n'
        'from course.parametri import parametro\n\n'
        'patti = carica("patti")\n'
        'adi = patti[patti["misura"] == "ADI"].sort_values(["data_domanda", "id_patto"])\n'
        'caso = adi.iloc[-1]                                   # il caso ADI con la domanda più recente\n'
        'giorni = parametro("giorni_primo_colloquio_adi", alla_data=caso["data_domanda"])\n'
        'risposta_2_1 = caso["data_domanda"] + pd.Timedelta(days=giorni)\n'
        'verifica.esercizio("2.1", risposta_2_1)'),
    "2.2": Svolta(
        "Il confronto con «scaduta» dà Vero o Falso per ogni caso; la somma conta i Vero.",
        'from course import scadenze, verifica\n'
        'from course.dati import carica\n\n'
        'prossime = scadenze.prossime_scadenze(carica("patti"))\n'
        'risposta_2_2 = int((prossime["stato"] == "scaduta").sum())\n'
        'verifica.esercizio("2.2", risposta_2_2)'),
    "2.3": Svolta(
        "Lo scadenzario è già in ordine di priorità: si tengono i casi del case manager, senza riordinarli, e si "
        "prendono i primi tre.",
        'from course import scadenze, verifica\n'
        'from course.dati import carica\n\n'
        'patti = carica("patti")\n'
        'coda = scadenze.scadenzario(patti, nuclei=carica("nuclei"))\n'
        'carico = scadenze.carico_case_manager(patti, operatori=carica("operatori"))\n'
        'mio_id = carico["id_operatore"].iloc[0]                    # il primo case manager della tabella\n'
        'miei = scadenze.filtra_scadenzario(coda, case_manager=mio_id)\n'
        'risposta_2_3 = miei["id_patto"].head(3).tolist()          # i primi tre, nell\'ordine\n'
        'verifica.esercizio("2.3", risposta_2_3)'),
    "2.4": Svolta(
        "La media per tempo pieno è il totale dei casi aperti diviso il totale degli FTE (non il numero di persone).",
        'from course import scadenze, verifica\n'
        'from course.dati import carica\n\n'
        'carico = scadenze.carico_case_manager(carica("patti"), operatori=carica("operatori"))\n'
        'risposta_2_4 = round(carico["casi_aperti"].sum() / carico["fte"].sum(), 1)\n'
        'verifica.esercizio("2.4", risposta_2_4)'),
    "3.1": Svolta(
        "Crescente se più alto è meglio (più Patti firmati, più percorsi conclusi bene); decrescente se più alto "
        "è peggio (più giorni di attesa, più ore perse, più residenti sulle spalle di ogni assistente sociale).",
        'from course import verifica\n\n'
        'risposta_3_1 = {\n'
        '    "Giorni medi dalla domanda al primo colloquio": "decrescente",   # attendere di più è peggio\n'
        '    "Quota di Patti sottoscritti": "crescente",\n'
        '    "Quota di ore perse per assenze ingiustificate": "decrescente",\n'
        '    "Residenti per assistente sociale": "decrescente",              # più carico per operatore\n'
        '    "Quota di Patti conclusi positivamente": "crescente",\n'
        '}\n'
        'verifica.esercizio("3.1", risposta_3_1)'),
    "3.2": Svolta(
        "Gli assistenti sociali per residente sono una risorsa (input); i giorni di attesa dicono come si svolge "
        "il lavoro (processo); i Patti firmati sono ciò che il servizio produce (output); i Patti conclusi bene "
        "sono un cambiamento nella vita delle persone (risultato).",
        'from course import verifica\n\n'
        'risposta_3_2 = {\n'
        '    "Residenti per assistente sociale": "input",\n'
        '    "Giorni medi dalla domanda al primo colloquio": "processo",\n'
        '    "Quota di Patti sottoscritti": "output",\n'
        '    "Quota di Patti conclusi positivamente": "risultato",\n'
        '}\n'
        'verifica.esercizio("3.2", risposta_3_2)'),
    "3.3": Svolta(
        "Il denominatore sono le sole prese in carico ADI; il numeratore, tra queste, quelle con la data di "
        "sottoscrizione. Poi si completa la scheda: più Patti firmati è meglio (crescente), un target con la sua "
        "scadenza, chi risponde.",
        'from course import verifica\n'
        'from course.indicatori import Indicatore\n\n'
        'mio_indicatore = Indicatore(\n'
        '    "Quota di prese in carico ADI con il Patto sottoscritto",\n'
        '    definizione="Tra le prese in carico ADI, la quota in cui il nucleo ha già firmato il Patto.",\n'
        '    numeratore="(misura == \'ADI\') & data_sottoscrizione.notna()",   # ADI con il Patto firmato\n'
        '    denominatore="misura == \'ADI\'",                                 # tutte le ADI\n'
        '    unita="%", tipo="output", fonte="Piattaforma GePI (tabella patti)", frequenza="trimestrale",\n'
        '    polarita="crescente", target=80, scadenza="31/12/2026", responsabile="Ufficio di Piano",\n'
        '    tabella="patti", data="data_domanda",\n'
        ')\n'
        'verifica.esercizio("3.3", mio_indicatore)'),
    "3.4": Svolta(
        "Si calcola l'indicatore del catalogo sui patti (una riga per Ambito) e si legge la riga di ATS-LE-03.",
        'from course import verifica\n'
        'from course.dati import carica\n'
        'from course.indicatori import calcola, dal_catalogo\n\n'
        'valori = calcola(dal_catalogo("Giorni medi dalla domanda al primo colloquio"), carica("patti"))\n'
        'risposta_3_4 = valori.loc[valori["codice_ambito"] == "ATS-LE-03", "valore"].iloc[0]\n'
        'verifica.esercizio("3.4", risposta_3_4)'),
    "4.1": Svolta(
        "Si calcola la conformità con la tabella dei patti (la regola delle ore vale solo per il ReD), si tengono "
        "le righe dell'ultimo mese e si contano i Patti con «conforme» vero.",
        'from course import monitoraggio, verifica\n'
        'from course.dati import carica\n\n'
        'conformita = monitoraggio.conformita_mensile(carica("attivita_mensili"), carica("patti"))\n'
        'ultimo = conformita[conformita["mese"] == conformita["mese"].max()]\n'
        'risposta_4_1 = int(ultimo["conforme"].sum())\n'
        'verifica.esercizio("4.1", risposta_4_1)'),
    "4.2": Svolta(
        "Le allerte si calcolano dalla conformità; si contano i Patti con la sola allerta dei mesi sotto soglia.",
        'from course import monitoraggio, verifica\n'
        'from course.dati import carica\n\n'
        'conformita = monitoraggio.conformita_mensile(carica("attivita_mensili"), carica("patti"))\n'
        'allerte = monitoraggio.allerte(conformita)\n'
        'risposta_4_2 = int(allerte["allerta_sotto_soglia"].sum())\n'
        'verifica.esercizio("4.2", risposta_4_2)'),
    "4.3": Svolta(
        "Nello stato delle attività la colonna rispetto_tempi è Falso per le attività che non hanno rispettato i "
        "tempi: si contano quelle.",
        'from course import cronoprogramma, verifica\n'
        'from course.dati import carica\n\n'
        'stato = cronoprogramma.stato_attivita(carica("cronoprogramma"))\n'
        'risposta_4_3 = int((stato["rispetto_tempi"] == False).sum())   # noqa: E712 - contare i Falso\n'
        'verifica.esercizio("4.3", risposta_4_3)'),
    "4.4": Svolta(
        "Si prendono gli indicatori degli obiettivi di ATS-LE-03, si calcola il raggiungimento (che tiene conto "
        "della polarità e dei target scritti nella descrizione) e si tengono quelli con il target raggiunto.",
        'from course import cronoprogramma, verifica\n'
        'from course.dati import carica\n\n'
        'obiettivi = carica("obiettivi")\n'
        'suoi = obiettivi.loc[obiettivi["codice_ambito"] == "ATS-LE-03", "id_obiettivo"]\n'
        'indicatori = carica("indicatori")\n'
        'r = cronoprogramma.raggiungimento(indicatori[indicatori["id_obiettivo"].isin(suoi)])\n'
        'raggiunti = r[r["target_raggiunto"].fillna(False).astype(bool)]\n'
        'risposta_4_4 = raggiunti["id_indicatore"].tolist()\n'
        'verifica.esercizio("4.4", risposta_4_4)'),
    "4.5": Svolta(
        "Per la tipologia «azioni di sistema» si sommano la spesa e il budget di tutte le sue azioni e si divide: "
        "la quota della tipologia, non la media delle quote.",
        'from course import verifica\n'
        'from course.dati import carica\n\n'
        'azioni = carica("azioni_ets")\n'
        'sistema = azioni[azioni["tipo_azione"] == "azioni di sistema"]\n'
        'risposta_4_5 = sistema["spesa"].sum() / sistema["budget"].sum()\n'
        'verifica.esercizio("4.5", risposta_4_5)'),
}
