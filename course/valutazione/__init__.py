"""La valutazione delle competenze con nbgrader: compiti, raccolta, correzione, feedback, profili, export.

Il flusso del formatore, un verbo per modulo:

- ``costruisci``: scrive i compiti sorgente (``grading/source``) a partire dagli esercizi del corso;
- ``genera``: prepara le versioni per i corsisti, senza soluzioni né test nascosti;
- ``raccolta``: porta le consegne (cartella, zip di Moodle, exchange di JupyterHub) nel corso, archiviando gli originali;
- ``correzione``: corregge in parallelo, senza mai fermarsi per colpa di una consegna;
- ``feedback``: una pagina HTML per corsista, con i punteggi per competenza;
- ``profili`` e ``grafici``: i profili di competenza C1–C8 per corsista e per Ambito;
- ``esporta``: i voti per Moodle e in un CSV generico;
- ``stato``: chi ha consegnato, chi è stato corretto, chi è segnalato.

L'importazione è leggera: nbgrader, nbclient e matplotlib si caricano solo nelle funzioni che li usano.
"""

__all__: list[str] = []
