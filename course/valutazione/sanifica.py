"""Prima di eseguire una consegna: leggere il notebook e rimettere a posto ciò che il corsista non doveva toccare.

Le celle di sola lettura e le celle di test tornano come nella versione sorgente del formatore
(con i test nascosti); le celle di risposta tengono il testo del corsista ma ritrovano i metadati
originali (punti, competenze). Le celle mancanti si rimettono al loro posto. Ogni intervento
diventa un motivo di segnalazione, in italiano.
"""

from __future__ import annotations

import copy
import json

__all__ = ["Sanificato", "leggi_consegna", "sanifica", "id_nbgrader", "e_soluzione", "e_valutata"]


class Sanificato(dict):
    """Il risultato: ``notebook`` (da eseguire), ``motivi`` (segnalazioni) e ``avvisi`` (solo note)."""


def id_nbgrader(cella) -> str | None:
    """Il ``grade_id`` di nbgrader della cella, o ``None`` se la cella non ne ha uno.

    >>> id_nbgrader({"metadata": {"nbgrader": {"grade_id": "verifica-1-2"}}}), id_nbgrader({"metadata": {}})
    ('verifica-1-2', None)
    """
    meta = cella.get("metadata", {}) if isinstance(cella, dict) else {}
    nb = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nb.get("grade_id") if isinstance(nb, dict) and isinstance(nb.get("grade_id"), str) else None


def e_soluzione(cella) -> bool:
    """Vero per le celle di risposta (che il corsista scrive).

    >>> e_soluzione({"metadata": {"nbgrader": {"solution": True}}})
    True
    """
    return bool(cella.get("metadata", {}).get("nbgrader", {}).get("solution", False))


def e_valutata(cella) -> bool:
    """Vero per le celle che danno punti (test automatici e risposte aperte).

    >>> e_valutata({"metadata": {"nbgrader": {"grade": True, "points": 2}}}), e_valutata({"metadata": {}})
    (True, False)
    """
    return bool(cella.get("metadata", {}).get("nbgrader", {}).get("grade", False))


def leggi_consegna(contenuto: bytes):
    """Legge i byte di una consegna; restituisce ``(notebook, motivi, avvisi)`` senza mai sollevare.

    >>> nb, motivi, avvisi = leggi_consegna(b"{non json")
    >>> nb is None, motivi
    (True, ['notebook non valido: il file non è un JSON leggibile (forse è stato troncato o modificato a mano)'])
    """
    import nbformat

    if not contenuto or not contenuto.strip():
        return None, ["notebook vuoto: il file consegnato non contiene nulla"], []
    try:
        testo = contenuto.decode("utf-8-sig")
        grezzo = json.loads(testo)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None, ["notebook non valido: il file non è un JSON leggibile (forse è stato troncato o modificato a mano)"], []
    if not isinstance(grezzo, dict) or "nbformat" not in grezzo:
        return None, ["notebook non valido: il file è un JSON ma non un notebook di Jupyter"], []
    avvisi = []
    try:
        versione = int(grezzo.get("nbformat", 0))
        if versione < 4:
            avvisi.append(f"il notebook era nel formato vecchio {versione}: convertito al formato 4")
        nb = nbformat.reads(testo, as_version=4)
    except Exception as errore:  # noqa: BLE001 - qualunque guasto del file diventa una segnalazione
        return None, [f"notebook non valido: non riesco a leggerlo come notebook ({type(errore).__name__})"], avvisi
    celle = nb.get("cells")
    if not isinstance(celle, list):
        return None, ["notebook non valido: manca l'elenco delle celle"], avvisi
    return nb, [], avvisi


def _sorgente(cella) -> str:
    s = cella.get("source", "")
    return "".join(s) if isinstance(s, list) else str(s)


def _cella_libera(cella):
    """Una cella aggiunta dal corsista: la teniamo, ma senza metadati di nbgrader."""
    import nbformat

    tipo = cella.get("cell_type")
    if tipo == "code":
        return nbformat.v4.new_code_cell(_sorgente(cella))
    if tipo == "raw":
        return nbformat.v4.new_raw_cell(_sorgente(cella))
    return nbformat.v4.new_markdown_cell(_sorgente(cella))


def _pulisci(cella):
    c = copy.deepcopy(cella)
    c.pop("id", None)
    if c.get("cell_type") == "code":
        c["outputs"] = []
        c["execution_count"] = None
    return c


def sanifica(consegnato, *, sorgente, rilascio) -> Sanificato:
    """Ricostruisce il notebook da eseguire a partire da quello consegnato.

    ``sorgente`` è il notebook del formatore (con soluzioni e test nascosti), ``rilascio`` quello
    distribuito ai corsisti (con i checksum delle risposte vuote).
    """
    import nbformat

    motivi: list[str] = []
    avvisi: list[str] = []
    da_sorgente = {id_nbgrader(c): c for c in sorgente.cells if id_nbgrader(c)}
    ordine = [id_nbgrader(c) for c in rilascio.cells if id_nbgrader(c)]
    da_rilascio = {id_nbgrader(c): c for c in rilascio.cells if id_nbgrader(c)}

    uscita, visti = [], set()
    modificate, sconosciute, metadati = [], 0, []
    for cella in consegnato.cells if consegnato is not None else []:
        gid = id_nbgrader(cella)
        if gid is None or gid not in da_rilascio or gid in visti:
            if gid is not None:
                sconosciute += 1
            uscita.append(_cella_libera(cella))
            continue
        visti.add(gid)
        originale = da_rilascio[gid]
        if e_soluzione(originale):
            nuova = _pulisci(originale)
            nuova["source"] = _sorgente(cella)
            if cella.get("metadata", {}).get("nbgrader") != originale["metadata"].get("nbgrader") \
                    or cella.get("cell_type") != originale.get("cell_type"):
                metadati.append(gid)
        else:
            nuova = _pulisci(da_sorgente.get(gid, originale))
            if _sorgente(cella) != _sorgente(originale) or cella.get("cell_type") != originale.get("cell_type"):
                modificate.append(gid)
            elif cella.get("metadata", {}).get("nbgrader") != originale["metadata"].get("nbgrader"):
                metadati.append(gid)
        uscita.append(nuova)

    mancanti_test, mancanti_risposte = [], []
    for posizione, gid in enumerate(ordine):
        if gid in visti:
            continue
        originale = da_rilascio[gid]
        nuova = _pulisci(originale if e_soluzione(originale) else da_sorgente.get(gid, originale))
        (mancanti_risposte if e_soluzione(originale) else mancanti_test).append(gid)
        precedenti = set(ordine[:posizione])
        indice = 0
        for i, c in enumerate(uscita):
            if id_nbgrader(c) in precedenti:
                indice = i + 1
        uscita.insert(indice, nuova)
        visti.add(gid)

    if modificate:
        motivi.append(f"celle di sola lettura o di test modificate (ripristinate dall'originale): {', '.join(modificate)}")
    if mancanti_test:
        motivi.append(f"celle di sola lettura o di test cancellate (ripristinate dall'originale): {', '.join(mancanti_test)}")
    if mancanti_risposte:
        motivi.append(f"celle di risposta mancanti (valgono 0 punti): {', '.join(mancanti_risposte)}")
    if metadati:
        motivi.append(f"metadati o punti delle celle modificati (ripristinati): {', '.join(metadati)}")
    if sconosciute:
        avvisi.append(f"{sconosciute} celle con metadati di nbgrader sconosciuti o duplicati: trattate come celle del corsista")

    for i, c in enumerate(uscita):
        c["id"] = f"cella-{i:03d}"
    nb = nbformat.from_dict(nbformat.v4.new_notebook(cells=uscita, metadata=copy.deepcopy(sorgente.metadata)))
    return Sanificato(notebook=nb, motivi=motivi, avvisi=avvisi)
