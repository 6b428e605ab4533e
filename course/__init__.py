"""ambiti-lab: il corso pratico per i coordinatori degli Ambiti territoriali sociali della Puglia.

I sottomoduli si caricano solo quando servono (``import course`` resta leggero):

>>> import course
>>> course.parametro("giorni_revisione_percorso")
90
"""

from __future__ import annotations

import importlib
import sys

from course.errori import ErroreCorso
from course.parametri import parametro

__version__ = "0.1.0"

__all__ = ["ErroreCorso", "parametro", "__version__", "SOPRA_GLI_STRUMENTI"]

#: Le parti di ``course`` che stanno sopra gli strumenti del coordinatore: viste (grafici, widget,
#: rapporto), verifiche, valutazione, riga di comando, avvio ed edizione per i corsisti. Tutto il resto (dati, parametri,
#: formato, indicatori, monitoraggio, scadenze…) è dominio e non importa mai queste parti
#: (lo controlla ``tests/test_architettura.py``); le funzioni del dominio possono viaggiare in una risposta.
SOPRA_GLI_STRUMENTI = ("grafici", "widget", "rapporto", "verifica", "valutazione", "cli", "avvio", "sessione",
                       "diagnosi", "esercitazioni", "edizione", "spiegazioni", "lab_italiano", "nel_notebook")


def __getattr__(nome: str):
    # «course.scadenze» funziona anche senza «import course.scadenze»: il sottomodulo si carica al primo uso.
    if not nome.startswith("_"):
        try:
            return importlib.import_module(f"course.{nome}")
        except ModuleNotFoundError as errore:
            if errore.name != f"course.{nome}":
                raise
    raise AttributeError(f"il modulo 'course' non ha l'attributo {nome!r}")


def _spiegazioni_nel_notebook() -> None:
    # L'unico effetto dell'import: in un notebook (shell IPython già avviata) gli errori di Python
    # compaiono spiegati in italiano e tabelle e grafici si vedono all'italiana (course.nel_notebook).
    # Mai negli script, mai nella correzione dei compiti (course.spiegazioni.spente_dall_ambiente).
    if "IPython" in sys.modules:
        from course.nel_notebook import attiva

        attiva()


_spiegazioni_nel_notebook()
