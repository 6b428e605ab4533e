"""Il sito del corso (Sphinx + MyST-NB): si costruisce con «python sito/costruisci.py», non direttamente.

costruisci.py prepara una cartella con questo file, le pagine di sito/, le lezioni di modules/ e il
glossario di docs/, negli stessi percorsi del repository dei corsisti (così i bottoni di ogni lezione
puntano al file giusto), ed esegue le lezioni: il sito mostra i risultati veri.
"""

import os

from course import __version__
from course.edizione import REPOSITORY_CORSISTI

project = "ambiti-lab"
author = "Gli autori di ambiti-lab"
copyright = "ambiti-lab; testo e dati CC BY 4.0, codice MIT"
release = version = __version__
language = "it"
html_search_language = "it"

extensions = ["myst_nb", "bottoni", "testo_alternativo"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "costruisci.py"]
myst_enable_extensions = ["colon_fence", "deflist"]
suppress_warnings = ["mystnb.unknown_mime_type"]

# Le lezioni si eseguono davvero a ogni costruzione; un errore ferma il sito (tranne le celle che
# mostrano un errore di proposito, con il tag raises-exception).
nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
# Niente script da siti esterni: il sito funziona anche senza rete (gli esploratori interattivi
# restano nel Lab; qui si vedono i loro grafici e le tabelle).
nb_ipywidgets_js = {}

html_theme = "sphinx_book_theme"
html_title = "ambiti-lab – il corso"
html_static_path = ["_static"]
html_css_files = ["ambiti-lab.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "repository_url": REPOSITORY_CORSISTI,
    "use_repository_button": False,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "launch_buttons": {},
    "show_toc_level": 2,
    "navigation_with_keys": False,
}

# Indirizzo del JupyterHub del corso per i bottoni «Apri sul JupyterHub» (vuoto: la pagina che spiega
# come chiedere il link al formatore).
ambiti_lab_hub = os.environ.get("AMBITI_LAB_HUB", "")
