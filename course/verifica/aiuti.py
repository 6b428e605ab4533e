"""Gli aiuti a gradini degli esercizi delle lezioni: generale → specifico → il metodo a parole.

Per ogni esercizio tre frasi: la prima dice da dove partire, la seconda che cosa guardare, la terza
il metodo passo per passo. Mai il codice della risposta, mai il nome di un parametro: le cifre delle
regole si cercano nella tabella dei parametri. Un errore tipico riconosciuto dalla verifica ha il suo
consiglio mirato, che vale più del gradino (vedi :mod:`course.verifica.scala`).
"""

from __future__ import annotations

__all__ = ["AIUTI"]

AIUTI: dict[str, tuple[str, str, str]] = {
    "0.1": (
        "Ogni riga della tabella degli Ambiti è un Ambito: la risposta è il numero delle sue righe.",
        "La tabella giusta è ambiti (non comuni, che ha una riga per ogni comune).",
        "1) prendi la tabella ambiti; 2) contane le righe con la funzione che conta, vista nel paragrafo 4; "
        "3) scrivi il risultato al posto di None, senza virgolette.",
    ),
    "0.2": (
        "Conta quanti Ambiti ha ciascuna provincia, poi scegli la provincia con il conteggio più alto.",
        "Il conteggio si fa sulla colonna delle sigle della tabella ambiti; il grafico del paragrafo 7 ti "
        "mostra già quale provincia vince.",
        "1) dalla tabella ambiti prendi la colonna sigla_provincia; 2) conta quante volte compare ogni sigla "
        "(value_counts); 3) scegli la sigla con il conteggio più alto e scrivila tra virgolette.",
    ),
    "0.3": (
        "I residenti della Puglia sono la somma dei residenti di tutti i suoi comuni.",
        "Somma la colonna della popolazione della tabella comuni: una somma, non una media né un conteggio.",
        "1) prendi la tabella comuni; 2) scegli la colonna popolazione con le parentesi quadre; 3) sommala con "
        ".sum(), come nel paragrafo 5.",
    ),
    "1.1": (
        "Un Ambito è fatto di più comuni: i suoi residenti sono la somma dei residenti di tutti i suoi comuni.",
        "La tabella pop ha già i residenti di ogni Ambito: cerca la riga dell'Ambito ATS-LE-03.",
        "1) nella tabella pop tieni solo la riga con codice_ambito uguale a \"ATS-LE-03\"; 2) prendi il valore "
        "della colonna popolazione (un solo numero, con .iloc[0]).",
    ),
    "1.2": (
        "Dividi i residenti dell'Ambito per il numero massimo di residenti per assistente sociale fissato dal LEPS.",
        "La divisione non dà un numero intero: per rispettare il LEPS si arrotonda per eccesso (un assistente "
        "in più, non in meno).",
        "1) prendi i residenti dell'Ambito (l'esercizio 1.1); 2) cerca nella tabella dei parametri il rapporto "
        "del LEPS tra residenti e assistenti sociali e leggilo con parametro(\"…\"); 3) dividi e arrotonda "
        "per eccesso con math.ceil.",
    ),
    "1.3": (
        "Servono solo gli Ambiti della provincia di Lecce, messi in ordine di popolazione.",
        "Filtra la tabella pop sulla colonna sigla_provincia, poi ordina sulla colonna popolazione dal più grande.",
        "1) filtra pop con la condizione sigla_provincia uguale a \"LE\"; 2) ordina il risultato con "
        "sort_values sulla popolazione, dal più grande al più piccolo (ascending=False); 3) metti la tabella "
        "nella variabile.",
    ),
    "1.4": (
        "Confronta i dati del nucleo con le soglie della tabella dei parametri, una misura alla volta.",
        "Per il ReD contano l'ISEE massimo e l'età del richiedente; per l'ADI l'ISEE massimo. Usa le soglie in "
        "vigore alla data della domanda.",
        "1) cerca nella tabella dei parametri le soglie ISEE di ReD e ADI e le età minima e massima del ReD, e "
        "leggile con parametro(\"…\", alla_data=data_domanda); 2) il ReD si può chiedere se l'ISEE non supera "
        "la soglia e l'età sta tra la minima e la massima; 3) l'ADI se l'ISEE non supera la sua soglia; "
        "4) scrivi il dizionario con True o False per ciascuna misura.",
    ),
    "2.1": (
        "Una scadenza è una data: la data da cui parte il termine, più i giorni del termine.",
        "Il termine del primo colloquio dell'ADI parte dalla data della domanda; i giorni stanno nella tabella "
        "dei parametri (cerca «primo colloquio» in tabella_parametri()).",
        "1) prendi la data della domanda del caso mostrato nella cella sopra; 2) leggi con parametro(\"…\") i "
        "giorni del primo colloquio per l'ADI; 3) aggiungili alla data con pd.Timedelta(days=...).",
    ),
    "2.2": (
        "Conta, nella tabella prossime, i casi la cui prossima fase ha lo stato «scaduta».",
        "Il confronto della colonna stato con \"scaduta\" dà una colonna di Vero/Falso: sommandola conti i Vero. "
        "«In scadenza» non è ancora scaduta.",
        "1) confronta la colonna stato di prossime con la parola \"scaduta\"; 2) somma i Vero con .sum(); "
        "3) scrivi il numero al posto di None.",
    ),
    "2.3": (
        "La coda dello scadenzario è già in ordine di priorità: servono i primi tre casi del tuo case manager.",
        "Filtra la coda per il case manager mio_id senza riordinarla, poi prendi le prime tre righe.",
        "1) usa scadenze.filtra_scadenzario sulla coda con case_manager uguale a mio_id; 2) prendi le prime tre "
        "righe con .head(3); 3) della colonna id_patto fai un elenco con .tolist().",
    ),
    "2.4": (
        "La media per case manager a tempo pieno è: tutti i casi aperti diviso tutti gli FTE.",
        "Somma la colonna dei casi aperti e la colonna degli FTE della tabella carico: conta il tempo pieno "
        "equivalente, non le persone.",
        "1) somma la colonna casi_aperti di carico; 2) somma la colonna fte; 3) dividi la prima somma per la "
        "seconda; 4) arrotonda a un decimale con round(..., 1).",
    ),
    "3.1": (
        "Per ogni indicatore chiediti: se il numero sale, per le persone seguite è una buona o una cattiva notizia?",
        "Prendi un indicatore alla volta e immagina che raddoppi: tempi di attesa, assenze e carichi di lavoro che "
        "raddoppiano sono una cattiva notizia.",
        "scrivi \"crescente\" dove più alto vuol dire meglio e \"decrescente\" dove più alto vuol dire peggio, "
        "una parola tra virgolette al posto di ogni None.",
    ),
    "3.2": (
        "Il tipo dice a che punto della catena sta l'indicatore: risorse, lavoro svolto, prodotti, cambiamenti "
        "per le persone.",
        "Chiediti per ciascuno se misura le risorse che ci sono, come si svolge il lavoro, che cosa il servizio "
        "produce o che cosa cambia nella vita delle persone.",
        "scrivi accanto a ogni indicatore, a parole, che cosa conta (operatori? giorni? Patti firmati? esiti?), "
        "poi collega: risorse → \"input\", tempi e modi del lavoro → \"processo\", cose prodotte → \"output\", "
        "cambiamenti per le persone → \"risultato\".",
    ),
    "3.3": (
        "Un indicatore di quota ha un numeratore (i casi che ti interessano) e un denominatore (il totale su cui "
        "li conti).",
        "Il totale sono le sole prese in carico dell'ADI; tra queste, il numeratore sono quelle con il Patto "
        "firmato. Le condizioni si scrivono con i nomi delle colonne della tabella patti.",
        "1) denominatore: la condizione che tiene solo le righe della misura ADI; 2) numeratore: la stessa "
        "condizione e, insieme, la data di sottoscrizione presente (.notna()); 3) polarità: più Patti firmati "
        "è meglio; 4) completa tipo, fonte, frequenza, un target numerico con la sua scadenza e il responsabile.",
    ),
    "3.4": (
        "La baseline è il valore di oggi dell'indicatore, per l'Ambito ATS-LE-03.",
        "Calcolato sui patti, l'indicatore del catalogo dà una riga per Ambito: prendi quella di ATS-LE-03 e la "
        "colonna del valore.",
        "1) prendi l'indicatore del catalogo con dal_catalogo e il suo nome; 2) calcolalo sui patti con calcola; "
        "3) tieni la riga con codice_ambito uguale a \"ATS-LE-03\"; 4) prendi il numero della colonna valore.",
    ),
    "4.1": (
        "Ti servono l'ultimo mese della tabella conformita e, in quel mese, i Patti in regola.",
        "In regola vuol dire che la colonna conforme è vera (tutte e due le condizioni), non solo ore_sufficienti.",
        "1) trova l'ultimo mese con il massimo della colonna mese; 2) tieni le righe di quel mese; 3) somma la "
        "colonna conforme con .sum().",
    ),
    "4.2": (
        "Le allerte si calcolano dalla conformità; a te interessa solo l'allerta per i mesi sotto la regola delle ore.",
        "Nella tabella delle allerte ci sono più colonne di allerta: usa quella dei mesi consecutivi sotto soglia.",
        "1) calcola le allerte con monitoraggio.allerte(conformita); 2) prendi la colonna dell'allerta sotto "
        "soglia; 3) conta i Vero con .sum().",
    ),
    "4.3": (
        "Nella tabella stato c'è una colonna che dice se ogni attività ha rispettato i tempi.",
        "Conta le righe in cui rispetto_tempi è Falso: non solo quelle «in ritardo» adesso.",
        "1) confronta la colonna rispetto_tempi con False; 2) somma i Vero con .sum().",
    ),
    "4.4": (
        "Servono i codici degli indicatori dell'Ambito ATS-LE-03 che hanno raggiunto il target.",
        "Nel raggiungimento la colonna target_raggiunto è Vero, Falso o vuota: tieni solo i Vero (riempi prima "
        "i vuoti con Falso).",
        "1) calcola il raggiungimento degli indicatori della cella sopra con cronoprogramma.raggiungimento; "
        "2) tieni le righe con target_raggiunto vero, dopo .fillna(False); 3) della colonna id_indicatore fai "
        "un elenco con .tolist().",
    ),
    "4.5": (
        "La quota spesa è la spesa divisa per il budget, per la sola tipologia «azioni di sistema».",
        "Somma spesa e budget di tutte le azioni di sistema e poi dividi: non fare la media delle quote delle "
        "singole azioni.",
        "1) tieni le azioni con tipo_azione uguale a \"azioni di sistema\"; 2) somma la colonna spesa e la "
        "colonna budget; 3) dividi la prima somma per la seconda.",
    ),
}
