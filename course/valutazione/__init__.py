"""La valutazione delle competenze con nbgrader: compiti, raccolta, correzione, feedback, profili, export.

Il flusso del formatore (``ambiti-lab valuta …``), un concetto per modulo:

- ``costruisci``: i compiti sorgente (``grading/source``) dalle tracce del formatore;
- ``genera``: le versioni per i corsisti, senza soluzioni né test nascosti, con il controllo delle fughe;
- ``raccolta``: le consegne da cartella, zip di Moodle o exchange di JupyterHub, con ``archivio`` (ogni file
  intatto con SHA-256), ``moodle`` (nome e numero di partecipante, zip anonimi, zip dei riscontri) e
  ``versioni`` (compito di un notebook, la versione più recente, annullare una raccolta);
- ``correzione``: la correzione in parallelo (un solo processo scrive il gradebook), che non si ferma mai;
  usa ``sanifica`` (celle ripristinate dal sorgente), ``esecuzione`` (kernel nuovo via IPC, con limiti),
  ``isolamento`` e ``nucleo`` (il recinto Landlock del kernel), ``punteggi`` (la verifica indipendente),
  ``codifica`` e ``consegna`` (la risposta che viaggia come soli dati);
- ``feedback``: una pagina HTML per corsista, con i punti per competenza, i commenti del formatore e senza
  test nascosti (``motivi`` scrive i motivi di segnalazione con le parole del corsista);
- ``aperte``: le domande aperte corrette in un foglio di calcolo, senza mai perdere voti o commenti;
- ``gradebook``, ``ricontrolli`` e ``fogli``: ciò che il formatore scrive nel gradebook, le consegne segnalate
  che ha ricontrollato, i suoi file (anche salvati da Excel) letti con le regole del corso;
- ``voti``, ``profili`` e ``grafici``: i voti e i profili di competenza C1–C8 per corsista e per Ambito;
- ``esporta``: i voti per Moodle, il CSV generico e i profili su file;
- ``stato``: chi ha consegnato, chi è corretto, chi è segnalato, che cosa resta da ricorreggere o da rifare;
- ``lab_formatore``: il Lab del formatore (``ambiti-lab avvia --formatore``) sulla cartella del corso;
- ``sintetiche``: consegne giuste, sbagliate e ostili per le prove e il benchmark;
- ``cli``: il comando ``ambiti-lab valuta``.

L'importazione è leggera: nbgrader, nbclient e matplotlib si caricano solo nelle funzioni che li usano.
"""

__all__: list[str] = []
