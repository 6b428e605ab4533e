"""Il gradebook di nbgrader visto dal corso: i voti e i commenti del formatore, la segnalazione di una consegna.

Il formatore scrive nel gradebook dal formgrader (voti delle domande aperte, commenti, punti extra,
«Flagged?») o dal foglio di calcolo delle aperte. Qui si leggono quei dati in sola lettura con SQLite
(veloce, senza importare nbgrader) e si scrivono con l'API di nbgrader.

>>> from pathlib import Path
>>> from types import SimpleNamespace
>>> voti_del_formatore(SimpleNamespace(gradebook=Path("/percorso/che/non/esiste.db")), "modulo-04")
{}
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys

__all__ = ["voti_del_formatore", "apri", "prepara_nbgrader", "imposta_segnalazione"]


def prepara_nbgrader() -> None:
    """Prima di importare nbgrader: jsonschema non deve caricare la grammatica «iri» (3 secondi di CPU, inutile qui)."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


@contextlib.contextmanager
def apri(corso):
    """Il gradebook di nbgrader del corso, da usare con ``with`` (si chiude da solo)."""
    prepara_nbgrader()
    import warnings

    from nbgrader.api import Gradebook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # avvisi innocui di SQLAlchemy dentro nbgrader
        with Gradebook(corso.db_url) as gb:
            yield gb


_DA_NOTEBOOK = """
FROM {tabella} JOIN submitted_notebook ON {tabella}.notebook_id = submitted_notebook.id
JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id
JOIN assignment ON submitted_assignment.assignment_id = assignment.id
JOIN student ON submitted_assignment.student_id = student.id
JOIN base_cell ON {tabella}.cell_id = base_cell.id
WHERE assignment.name = ?
"""
# voti e commenti stanno su celle diverse del gradebook (la cella di voto e quella di risposta): si uniscono per nome
_VOTI = "SELECT student.id, base_cell.name, grade.manual_score, grade.extra_credit " + _DA_NOTEBOOK.format(tabella="grade")
_COMMENTI = "SELECT student.id, base_cell.name, comment.manual_comment " + _DA_NOTEBOOK.format(tabella="comment")


def voti_del_formatore(corso, compito: str) -> dict[tuple[str, str], dict]:
    """Ciò che il formatore ha scritto nel gradebook per ``compito``.

    ``{(corsista, grade_id): {"manuale": punti o None, "extra": punti extra o None, "commento": testo o ""}}``,
    solo per le celle dove c'è almeno uno dei tre.
    """
    if not corso.gradebook.exists():
        return {}
    with contextlib.closing(sqlite3.connect(f"file:{corso.gradebook}?mode=ro", uri=True)) as db:
        try:
            voti = db.execute(_VOTI, (compito,)).fetchall()
            commenti = db.execute(_COMMENTI, (compito,)).fetchall()
        except sqlite3.Error:
            return {}
    scritti: dict[tuple[str, str], dict] = {}
    for studente, cella, manuale, extra in voti:
        if manuale is not None or extra:
            scritti[(studente, cella)] = {"manuale": None if manuale is None else float(manuale),
                                          "extra": float(extra) if extra else None, "commento": ""}
    for studente, cella, commento in commenti:
        if (commento or "").strip():
            scritti.setdefault((studente, cella), {"manuale": None, "extra": None, "commento": ""})["commento"] = commento.strip()
    return scritti


def imposta_segnalazione(corso, compito: str, studente: str, segnalata: bool) -> None:
    """Allinea la colonna «Flagged?» del formgrader alla segnalazione del corso (se la consegna è nel gradebook)."""
    if not corso.gradebook.exists():
        return
    with apri(corso) as gb:
        from nbgrader.api import MissingEntry

        try:
            gb.find_submission_notebook(compito, compito, studente).flagged = segnalata
        except MissingEntry:
            return
        gb.db.commit()
