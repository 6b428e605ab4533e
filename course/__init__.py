"""ambiti-lab: il corso pratico per i coordinatori degli Ambiti territoriali sociali della Puglia.

I sottomoduli si caricano solo quando servono (``import course`` resta leggero):

>>> import course
>>> course.parametro("giorni_revisione_percorso")
90
"""

from __future__ import annotations

import importlib

from course.errori import ErroreCorso
from course.parametri import parametro

__version__ = "0.1.0"

_SOTTOMODULI = {
    "dati", "territorio", "parametri", "errori", "indicatori", "cronoprogramma", "scadenze",
    "monitoraggio", "confronto", "buone_pratiche", "grafici", "widget", "verifica", "valutazione",
    "avvio", "diagnosi", "cli",
}

__all__ = ["ErroreCorso", "parametro", "__version__", *sorted(_SOTTOMODULI)]


def __getattr__(nome: str):
    if nome in _SOTTOMODULI:
        return importlib.import_module(f"course.{nome}")
    raise AttributeError(f"il modulo 'course' non ha l'attributo {nome!r}")
