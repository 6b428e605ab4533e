"""Le versioni di una consegna: a quale compito appartiene un notebook, quale tenere, e come annullare una raccolta.

- Un notebook appartiene al compito indicato nei suoi metadati (``ambiti_lab.compito``) o, se mancano,
  a quello con cui condivide le celle di nbgrader: un notebook di un altro compito non si raccoglie.
- Tra più notebook dello stesso corsista si tiene il più recente (la data che Moodle mette nello zip o
  la data del file); a pari data la copia con il numero più alto («modulo-04 (1).ipynb»).
- Ogni raccolta lascia un diario (``archivio/<compito>/raccolte.json``) con, per corsista, la consegna di
  prima: ``annulla_raccolta`` la rimette com'era.

>>> numero_copia("modulo-04 (1).ipynb"), numero_copia("modulo-04.ipynb"), numero_copia("modulo-04(3).ipynb")
(1, 0, 3)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import PurePosixPath

from course.errori import ErroreCorso
from course.valutazione.corso import leggi_json, scrivi_json

__all__ = ["numero_copia", "celle_dei_compiti", "compito_del_notebook", "ordina_versioni", "diario", "annota_raccolta",
           "annulla_raccolta"]

_COPIA = re.compile(r"\((\d+)\)\s*$")


def numero_copia(nome: str) -> int:
    """Il numero che il browser o il sistema aggiungono alle copie («file (2).ipynb» → 2); 0 se non c'è."""
    trovato = _COPIA.search(PurePosixPath(nome).stem)
    return int(trovato.group(1)) if trovato else 0


def celle_dei_compiti(corso) -> dict[str, set[str]]:
    """Per ogni compito del corso, i ``grade_id`` delle celle della sua versione per i corsisti (o sorgente)."""
    celle = {}
    for compito in corso.compiti():
        percorso = corso.rilascio(compito) if corso.rilascio(compito).exists() else corso.sorgente(compito)
        try:
            nb = json.loads(percorso.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        celle[compito] = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb.get("cells", [])} - {None}
    return celle


def compito_del_notebook(contenuto: bytes, celle: dict[str, set[str]]) -> str | None:
    """Il compito a cui appartiene il notebook ``contenuto``; ``None`` se non si capisce (file rovinato, nessuna cella nota).

    >>> nb = {"metadata": {}, "cells": [{"metadata": {"nbgrader": {"grade_id": "verifica-4-1"}}}]}
    >>> compito_del_notebook(json.dumps(nb).encode(), {"modulo-03": {"verifica-3-1"}, "modulo-04": {"verifica-4-1"}})
    'modulo-04'
    """
    try:
        nb = json.loads(contenuto.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(nb, dict):
        return None
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    dichiarato = meta.get("ambiti_lab", {}).get("compito") if isinstance(meta.get("ambiti_lab"), dict) else None
    if dichiarato in celle:
        return dichiarato
    presenti = set()
    for c in nb.get("cells", []) if isinstance(nb.get("cells"), list) else []:
        gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id") if isinstance(c, dict) and isinstance(
            c.get("metadata"), dict) and isinstance(c["metadata"].get("nbgrader"), dict) else None
        if isinstance(gid, str):
            presenti.add(gid)
    # le celle comuni a tutti i compiti (introduzione, preparazione) non dicono nulla
    comuni = set.intersection(*celle.values()) if len(celle) > 1 else set()
    punteggi = {c: len((presenti - comuni) & (ids - comuni)) for c, ids in celle.items()}
    migliore = max(punteggi, key=punteggi.get) if punteggi else None
    return migliore if migliore and punteggi[migliore] > 0 else None


def ordina_versioni(versioni: list, momento, compito: str = "") -> list:
    """Le versioni dalla più vecchia alla più recente: data, poi numero di copia, poi il nome del compito nel file."""
    def nome(c) -> int:
        base = PurePosixPath(c.file).name.lower()
        return 2 if base == f"{compito}.ipynb".lower() else 1 if compito and compito.lower() in base else 0

    return sorted(versioni, key=lambda c: (momento(c), numero_copia(c.file), nome(c), c.file))


# --- il diario delle raccolte e l'annullamento ---------------------------------------------------

def _percorso_diario(corso, compito: str):
    return corso.archivio(compito) / "raccolte.json"


def diario(corso, compito: str) -> list[dict]:
    """Le raccolte di ``compito``, dalla prima all'ultima (quelle annullate sono segnate)."""
    return leggi_json(_percorso_diario(corso, compito), vuoto=[])


def annota_raccolta(corso, compito: str, voce: dict) -> None:
    """Aggiunge al diario una raccolta: ``{"quando", "origine", "corsisti": {corsista: {"prima", "dopo"}}, "riaperte"}``."""
    scrivi_json(_percorso_diario(corso, compito), diario(corso, compito) + [voce])


def _sposta(sorgente, destinazione) -> None:
    if sorgente.exists():
        destinazione.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(sorgente), str(destinazione))


def annulla_raccolta(corso, compito: str) -> dict:
    """Annulla l'ultima raccolta di ``compito`` non ancora annullata: ogni consegna torna com'era prima.

    Chi non aveva una consegna la perde di nuovo: notebook raccolto, correzione, riscontro ed esito si
    spostano in ``archivio/<compito>/annullati/<data>/`` (niente si cancella) e la consegna esce dal
    gradebook. I voti delle aperte riaperti da quella raccolta tornano al loro posto. Restituisce
    ``{"ripristinati", "tolti", "saltati", "voti_ripristinati", "raccolta"}``.
    """
    from course.valutazione.aperte import ripristina_riaperte
    from course.valutazione.archivio import carica_originale

    corso.controlla_compito(compito)
    voci = diario(corso, compito)
    attive = [i for i, v in enumerate(voci) if not v.get("annullata")]
    if not attive:
        raise ErroreCorso(f"Per {compito} non c'è nessuna raccolta da annullare.")
    indice = attive[-1]
    raccolta = voci[indice]
    adesso = dt.datetime.now()
    cartella_annullati = corso.archivio(compito) / "annullati" / adesso.strftime("%Y%m%d-%H%M%S")
    esito = {"ripristinati": [], "tolti": [], "saltati": [], "voti_ripristinati": 0, "raccolta": raccolta}
    for studente, cambio in sorted(raccolta["corsisti"].items()):
        sottomesso = corso.sottomesso(studente, compito)
        attuale = hashlib.sha256(sottomesso.read_bytes()).hexdigest() if sottomesso.exists() else None
        if attuale != cambio["dopo"]:
            esito["saltati"].append(f"{studente} (la sua consegna è cambiata dopo quella raccolta)")
            continue
        prima = cambio.get("prima")
        if prima:
            sottomesso.write_bytes(carica_originale(corso, compito, prima))
            (sottomesso.parent / "timestamp.txt").write_text(prima.get("timestamp", ""), encoding="utf-8")
            esito["ripristinati"].append(studente)
            continue
        dove = cartella_annullati / studente
        _salva_voti_e_togli(corso, compito, studente, dove)
        _sposta(sottomesso.parent, dove / "submitted")
        _sposta(corso.corretto(studente, compito).parent, dove / "autograded")
        _sposta(corso.pagina_feedback(studente, compito).parent, dove / "feedback")
        _sposta(corso.esito(studente, compito), dove / "esito.json")
        esito["tolti"].append(studente)
    esito["voti_ripristinati"] = ripristina_riaperte(corso, compito, raccolta.get("riaperte", []))
    voci[indice] = {**raccolta, "annullata": adesso.isoformat(timespec="seconds")}
    scrivi_json(_percorso_diario(corso, compito), voci)
    return esito


def _salva_voti_e_togli(corso, compito: str, studente: str, dove) -> None:
    """Conserva in ``dove/voti.json`` ciò che il formatore aveva scritto e toglie la consegna dal gradebook."""
    from course.valutazione.gradebook import apri, voti_del_formatore

    scritti = {g: v for (s, g), v in voti_del_formatore(corso, compito).items() if s == studente}
    if scritti:
        scrivi_json(dove / "voti.json", scritti)
    if not corso.gradebook.exists():
        return
    with apri(corso) as gb:
        from nbgrader.api import MissingEntry

        try:
            gb.remove_submission(compito, studente)
        except MissingEntry:
            pass
