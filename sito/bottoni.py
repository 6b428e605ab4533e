"""Su ogni lezione del sito, i tre bottoni: aprirla su Binder, aprirla sul JupyterHub, scaricarla.

I link vengono dagli stessi indirizzi che usa il corso (``course.edizione`` per Binder,
``course.sessione.link_nbgitpuller`` per il hub), non da una copia.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

from course.edizione import REPOSITORY_CORSISTI
from course.sessione import link_nbgitpuller

SCARICA = "scarica"


def _lezione(app, pagina: str) -> str | None:
    sorgente = app.env.doc2path(pagina, False) if pagina in app.env.found_docs else None
    if sorgente is None or not str(sorgente).endswith(".ipynb") or not pagina.startswith("modules/"):
        return None
    return Path(str(sorgente)).as_posix()


def bottoni(app, pagina: str, percorso: str, pathto) -> str:
    binder = ("https://mybinder.org/v2/gh/" + REPOSITORY_CORSISTI.removeprefix("https://github.com/")
              + "/HEAD?urlpath=" + quote(f"lab/tree/{percorso}", safe=""))
    hub = app.config.ambiti_lab_hub
    hub_link = (link_nbgitpuller(hub, repo=REPOSITORY_CORSISTI, percorso=percorso) if hub
                else pathto("hub"))
    scarica = pathto(f"{SCARICA}/{percorso}", 1)
    nome = Path(percorso).name
    voci = [
        (binder, "Apri su Binder", "la lezione nel browser, senza installare niente (sessione temporanea)", ""),
        (hub_link, "Apri sul JupyterHub", "la lezione nella tua cartella sul JupyterHub del corso", ""),
        (scarica, "Scarica il notebook", f"il file {nome}, da aprire con JupyterLab sul tuo computer",
         f' download="{escape(nome)}"'),
    ]
    elementi = "".join(
        f'<li><a class="ambiti-bottone" href="{escape(href)}"{extra}>{escape(testo)}'
        f'<span class="ambiti-spiega">: {escape(spiega)}</span></a></li>'
        for href, testo, spiega, extra in voci)
    return (f'<nav class="ambiti-bottoni" aria-label="Apri o scarica questa lezione"><ul>{elementi}</ul></nav>')


def _pagina(app, pagina, modello, contesto, doctree):
    percorso = _lezione(app, pagina)
    if percorso and "body" in contesto:
        contesto["body"] = bottoni(app, pagina, percorso, contesto["pathto"]) + contesto["body"]


def setup(app):
    app.add_config_value("ambiti_lab_hub", "", "html")
    app.connect("html-page-context", _pagina)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
