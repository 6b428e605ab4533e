"""I punti di ogni cella valutata di un notebook eseguito, con la verifica indipendente delle risposte.

Regole:

- cella di test di un esercizio del corso (metadato ``ambiti_lab.esercizio``): i punti sono quelli
  della verifica *rifatta dal correttore* sulla risposta consegnata come dati
  (:mod:`course.valutazione.codifica`), non quelli calcolati nel kernel del corsista, che potrebbe
  essere stato manomesso; se il kernel dichiara più punti della verifica indipendente, la consegna
  è segnalata;
- altra cella di test: la regola di nbgrader (errore → 0; un numero come ultimo risultato →
  credito parziale; altrimenti tutti i punti), ma gli avvisi su stderr **non** azzerano la cella;
- risposta aperta: da correggere a mano (0 se lasciata vuota).
"""

from __future__ import annotations

__all__ = ["punteggi_notebook", "Cella", "checksum_nbgrader"]

from dataclasses import asdict, dataclass, field


@dataclass
class Cella:
    """Il punteggio di una cella valutata."""

    grade_id: str
    massimo: float
    punti: float | None
    competenze: list[str] = field(default_factory=list)
    esercizio: str | None = None
    manuale: bool = False
    nota: str = ""

    def come_dict(self) -> dict:
        return asdict(self)


def _numero(output) -> float | None:
    testo = output.get("data", {}).get("text/plain")
    if isinstance(testo, list):
        testo = "".join(testo)
    try:
        return float(str(testo).strip())
    except (TypeError, ValueError):
        return None


def _regola_nbgrader(cella, massimo: float) -> float:
    for out in cella.get("outputs", []):
        if out.get("output_type") == "error":
            return 0.0
        if out.get("output_type") == "execute_result":
            valore = _numero(out)
            if valore is not None and 0 <= valore <= massimo:
                return valore
            return massimo
    return massimo


def _verifica_fidata(cella, codice: str, massimo: float, verifica, personale: bool = False) -> tuple[float, str, bool]:
    """(punti, nota, sospetto) rifacendo la verifica sulla risposta consegnata come dati."""
    from course.valutazione.codifica import MIME_RISPOSTA, RispostaNonCodificabile, decodifica

    outputs = cella.get("outputs", [])
    pacchi = [o["data"][MIME_RISPOSTA] for o in outputs
              if o.get("output_type") in {"display_data", "execute_result"} and MIME_RISPOSTA in o.get("data", {})]
    dichiarati = [v for v in (_numero(o) for o in outputs if o.get("output_type") == "execute_result") if v is not None]
    if personale:  # per gli esercizi personali il kernel non sa i punti: conta solo la verifica del correttore
        dichiarati = []
    errore = any(o.get("output_type") == "error" for o in outputs)
    if not pacchi:
        if errore or cella.get("execution_count") is None:
            return 0.0, "la verifica non è arrivata alla fine (errore nella cella o cella non eseguita)", False
        return 0.0, "la cella di test non ha consegnato la risposta al correttore", True
    if len(pacchi) > 1 or not isinstance(pacchi[0], dict) or pacchi[0].get("codice") != codice:
        return 0.0, "la consegna della risposta è stata alterata", True
    pacco = pacchi[0]
    if "risposta" not in pacco:
        sospetto = any(v > 0 for v in dichiarati)
        return 0.0, f"la risposta non si può verificare in modo indipendente ({pacco.get('errore', 'tipo non ammesso')})", sospetto
    if dichiarati and dichiarati[-1] <= 0:
        # il kernel dichiara zero punti: una manomissione non può aver alzato nulla, la verifica si risparmia
        return 0.0, "", False
    try:
        risposta = decodifica(pacco["risposta"])
        punti = float(verifica(codice, risposta))
    except (RispostaNonCodificabile, ValueError, TypeError, KeyError) as errore_dati:
        return 0.0, f"la risposta consegnata non è leggibile ({str(errore_dati)[:120]})", True
    punti = min(max(punti, 0.0), massimo)
    if dichiarati and dichiarati[-1] > punti + 1e-6:
        return punti, (f"il notebook dichiarava {dichiarati[-1]:g} punti, la verifica indipendente ne dà {punti:g}"), True
    return punti, "", False


def checksum_nbgrader(cella) -> str:
    """Lo stesso checksum di ``nbgrader.utils.compute_checksum`` (per non importare nbgrader nei processi di lavoro).

    >>> import nbformat
    >>> from nbgrader.utils import compute_checksum
    >>> c = nbformat.v4.new_markdown_cell("testo", metadata={"nbgrader": {"grade": True, "solution": True,
    ...     "locked": False, "grade_id": "a", "points": 3}})
    >>> checksum_nbgrader(c) == compute_checksum(c)
    True
    """
    import hashlib

    nbg = cella.metadata.get("nbgrader", {})
    voto, soluzione = bool(nbg.get("grade", False)), bool(nbg.get("solution", False))
    bloccata = False if soluzione else (True if voto else bool(nbg.get("locked", False)))
    m = hashlib.md5()
    for parte in (cella.source, cella.cell_type, str(voto), str(soluzione), str(bloccata), nbg["grade_id"]):
        m.update(parte.encode("utf-8"))
    if nbg.get("grade", False):
        m.update(str(float(nbg["points"])).encode("utf-8"))
    return m.hexdigest()


def punteggi_notebook(nb, *, verifica=None) -> tuple[list[Cella], list[str]]:
    """I punteggi delle celle valutate di ``nb`` (già eseguito) e i motivi di segnalazione.

    ``verifica(codice, risposta) -> punti`` è la funzione di verifica fidata (di norma
    ``course.verifica.punteggio``, importata nel processo del correttore).

    >>> import nbformat
    >>> c = nbformat.v4.new_code_cell("print('ok')", metadata={"nbgrader": {"grade": True, "solution": False,
    ...     "grade_id": "t1", "points": 2, "locked": True}})
    >>> c.execution_count = 1
    >>> c.outputs = [nbformat.v4.new_output("stream", name="stderr", text="DeprecationWarning: x")]
    >>> celle, motivi = punteggi_notebook(nbformat.v4.new_notebook(cells=[c]))
    >>> celle[0].punti, motivi
    (2.0, [])
    """
    if verifica is None:
        from course.verifica import punteggio as verifica
    celle, sospetti = [], []
    for cella in nb.cells:
        nbg = cella.get("metadata", {}).get("nbgrader", {})
        if not nbg.get("grade"):
            continue
        extra = cella.get("metadata", {}).get("ambiti_lab", {})
        massimo = float(nbg.get("points", 0) or 0)
        voce = Cella(grade_id=nbg.get("grade_id", "?"), massimo=massimo, punti=None,
                     competenze=list(extra.get("competenze", [])), esercizio=extra.get("esercizio"))
        if nbg.get("solution"):
            if nbg.get("checksum") and nbg["checksum"] == checksum_nbgrader(cella):
                voce.punti, voce.nota = 0.0, "nessuna risposta"
            else:
                voce.manuale, voce.nota = True, "da correggere a mano"
        elif cella.get("cell_type") == "code":
            if voce.esercizio:
                voce.punti, voce.nota, sospetto = _verifica_fidata(cella, voce.esercizio, massimo, verifica,
                                                                   bool(extra.get("personale")))
                if sospetto:
                    sospetti.append(f"{voce.grade_id}: {voce.nota}")
            elif cella.get("execution_count") is None:
                voce.punti, voce.nota = 0.0, "cella non eseguita"
            else:
                voce.punti = _regola_nbgrader(cella, massimo)
        celle.append(voce)
    motivi = [f"possibile manomissione della verifica ({'; '.join(sospetti)})"] if sospetti else []
    return celle, motivi
