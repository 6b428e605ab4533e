"""Esploratori interattivi (ipywidgets): viste sottili; la logica sta in funzioni semplici, testabili senza browser.

Un file per strumento (``widget/scadenze.py``, ``widget/confronto.py``, …).
"""
