"""Generare le versioni per i corsisti (senza soluzioni né test nascosti) e controllarle.

Si usa ``nbgrader generate_assignment`` (che registra anche il compito e le sue celle nel
gradebook), poi si cerca in *ogni* file generato ogni frammento di soluzione, di rubrica e di test
nascosto del sorgente: se ne resta anche uno, la generazione fallisce con un errore chiaro.
"""

from __future__ import annotations

import sys
from pathlib import Path

from course.errori import ErroreCorso

__all__ = ["genera", "genera_compiti", "scrivi_varianti", "ambiente_nbgrader", "frammenti_segreti", "cerca_segreti", "scrivi_rubriche"]

_INIZIO_SOL, _FINE_SOL = "### BEGIN SOLUTION", "### END SOLUTION"
_INIZIO_TEST, _FINE_TEST = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def _tra(testo: str, inizio: str, fine: str) -> list[str]:
    righe, dentro = [], False
    for riga in testo.splitlines():
        if inizio in riga:
            dentro = True
        elif fine in riga:
            dentro = False
        elif dentro and riga.strip():
            righe.append(riga.strip())
    return righe


def frammenti_segreti(sorgente) -> list[str]:
    """Le righe che non devono mai arrivare ai corsisti: soluzioni, rubriche, test nascosti.

    >>> import nbformat
    >>> c = nbformat.v4.new_code_cell("totale = None\\n### BEGIN SOLUTION\\ntotale = 45\\n### END SOLUTION",
    ...     metadata={"nbgrader": {"solution": True, "grade": False, "grade_id": "r"}})
    >>> frammenti_segreti(nbformat.v4.new_notebook(cells=[c]))
    ['totale = 45']
    """
    segreti = []
    for cella in sorgente.cells:
        nbg = cella.get("metadata", {}).get("nbgrader", {})
        testo = cella.source
        if nbg.get("solution"):
            parti = _tra(testo, _INIZIO_SOL, _FINE_SOL)
            if not parti and cella.cell_type == "markdown":
                parti = [r.strip() for r in testo.splitlines() if len(r.strip()) > 3]
            segreti += parti
        segreti += _tra(testo, _INIZIO_TEST, _FINE_TEST)
    # le righe troppo corte o generiche darebbero falsi allarmi
    return [s for s in dict.fromkeys(segreti) if len(s) >= 8]


def cerca_segreti(cartella, segreti) -> list[str]:
    """Cerca ogni segreto in ogni file sotto ``cartella``; restituisce «file: frammento» per ogni fuga.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "compito.ipynb").write_text('{"cells": [{"source": ["risposta = 45"]}]}')
    >>> cerca_segreti(d, ["risposta = 45", "consegna(\\"1.1\\", r)"])
    ['compito.ipynb: risposta = 45']
    """
    fughe = []
    for f in sorted(Path(cartella).rglob("*")):
        if not f.is_file():
            continue
        testo = f.read_bytes().decode("utf-8", errors="replace")
        import json

        try:  # i notebook salvano il testo con escape JSON: si cerca anche nel testo decodificato
            testo += "\n" + "\n".join("".join(c.get("source", "")) + json.dumps(c.get("metadata", {}), ensure_ascii=False)
                                      for c in json.loads(testo).get("cells", []))
        except (ValueError, AttributeError):
            pass
        fughe += [f"{f.name}: {s}" for s in segreti if s in testo]
    return fughe


def scrivi_rubriche(corso, compito: str) -> Path:
    """Scrive ``rubriche/<compito>.md``: domande aperte e rubriche, per il formatore."""
    import nbformat

    nb = nbformat.read(str(corso.sorgente(compito)), as_version=4)
    righe = [f"# Rubriche del compito {compito}", ""]
    domanda = None
    for cella in nb.cells:
        nbg = cella.metadata.get("nbgrader", {})
        if nbg.get("grade_id", "").startswith("domanda-aperta-"):
            domanda = cella.source
        elif nbg.get("solution") and nbg.get("grade") and cella.cell_type == "markdown":
            righe += [domanda or "", "", cella.source, "", "---", ""]
    percorso = corso.radice / "rubriche" / f"{compito}.md"
    percorso.parent.mkdir(parents=True, exist_ok=True)
    percorso.write_text("\n".join(righe), encoding="utf-8")
    return percorso


def ambiente_nbgrader() -> dict:
    """L'ambiente per i comandi di nbgrader: la cartella degli eseguibili di Python nel PATH (nbgrader chiama ``alembic``).

    >>> import sys, pathlib
    >>> ambiente_nbgrader()["PATH"].startswith(str(pathlib.Path(sys.executable).parent))
    True
    """
    import os

    env = dict(os.environ)
    cartella = str(Path(sys.executable).parent)
    env["PATH"] = cartella + os.pathsep + env.get("PATH", "")
    return env


def _api_nbgrader(corso):
    from course.valutazione.correzione import importazioni_leggere

    importazioni_leggere()
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(corso.radice)).load_config()
    config.CourseDirectory.root = str(corso.radice)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def genera_compiti(corso, compiti) -> dict:
    """Genera più compiti con una sola istanza di nbgrader; ``{compito: cartella della versione per i corsisti}``.

    Per ogni compito: ``nbgrader generate_assignment`` (che registra compito e celle nel gradebook),
    poi la ricerca di ogni frammento segreto in ogni file generato, poi le rubriche per il formatore.
    """
    import os

    import nbformat

    for compito in compiti:
        corso.controlla_compito(compito)
    vecchio_path = os.environ.get("PATH", "")
    os.environ["PATH"] = ambiente_nbgrader()["PATH"]
    try:
        api = _api_nbgrader(corso)
        cartelle = {}
        for compito in compiti:
            risultato = api.generate_assignment(compito, force=True, create=True)
            if not risultato.get("success"):
                registro = (risultato.get("log") or "") + (risultato.get("error") or "")
                coda = "\n".join(registro.strip().splitlines()[-15:])
                raise ErroreCorso(f"nbgrader non è riuscito a generare il compito {compito}. Ultime righe del suo registro:\n{coda}")
            cartella = corso.rilascio(compito).parent
            sorgente = nbformat.read(str(corso.sorgente(compito)), as_version=4)
            fughe = cerca_segreti(cartella, frammenti_segreti(sorgente))
            if fughe:
                raise ErroreCorso(f"La versione per i corsisti di {compito} contiene ancora soluzioni o test nascosti: "
                                  + "; ".join(fughe[:10]) + ". Controlla i delimitatori BEGIN/END nel sorgente.")
            scrivi_rubriche(corso, compito)
            scrivi_varianti(corso, compito, sorgente)
            cartelle[compito] = cartella
    finally:
        os.environ["PATH"] = vecchio_path
    return cartelle


def scrivi_varianti(corso, compito: str, sorgente) -> dict:
    """Per un compito con esercizi personali: registra la variante di ogni corsista in ``varianti.json`` e
    scrive in ``release-personali/<corsista>/<compito>/`` la sua copia, con ``corsista.txt`` (per Moodle o e-mail)."""
    import shutil

    from course.valutazione.varianti import registra_varianti

    if not any(c.metadata.get("ambiti_lab", {}).get("personale") for c in sorgente.cells):
        return {}
    studenti = [r["id"] for r in corso.corsisti()]
    varianti = registra_varianti(corso, compito, studenti)
    for studente in studenti:
        destinazione = corso.radice / "release-personali" / studente / compito
        shutil.copytree(corso.rilascio(compito).parent, destinazione, dirs_exist_ok=True)
        (destinazione / "corsista.txt").write_text(studente + "\n", encoding="utf-8")
    return varianti


def genera(corso, compito: str) -> Path:
    """Genera ``release/<compito>`` (vedi :func:`genera_compiti`) e ne restituisce la cartella."""
    return genera_compiti(corso, [compito])[compito]
