"""Grafici del corso: viste sottili sopra gli strumenti del coordinatore.

Ogni funzione restituisce la ``Figure`` di matplotlib; nessuno stile globale cambia all'importazione.
Un file per strumento (``grafici/confronto.py``, ``grafici/scadenze.py``, …); ``stile`` ha le basi comuni.
"""
