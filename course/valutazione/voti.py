"""I voti di un compito in una tabella: una riga per corsista e cella valutata.

Le fonti sono gli esiti della correzione (``esiti/<compito>/*.json``: punti automatici, competenze,
segnalazioni) e il gradebook di nbgrader, dove il formatore inserisce i voti delle domande aperte
(con il formgrader): un voto manuale prevale su quello automatico.
"""

from __future__ import annotations

__all__ = ["tabella_voti", "COLONNE_VOTI", "esiti", "voti_manuali"]

COLONNE_VOTI = ["studente", "compito", "grade_id", "esercizio", "competenze", "punti", "massimo", "manuale",
                "da_correggere", "stato"]


def esiti(corso, compito: str) -> dict[str, dict]:
    """Gli esiti della correzione di ``compito``, per corsista."""
    from course.valutazione.corso import leggi_json

    cartella = corso.radice / "esiti" / compito
    return {f.stem: leggi_json(f) for f in sorted(cartella.glob("*.json"))} if cartella.is_dir() else {}


def voti_manuali(corso, compito: str) -> dict[tuple[str, str], float]:
    """I voti inseriti a mano nel gradebook: ``{(studente, grade_id): punti}``."""
    import sqlite3

    if not corso.gradebook.exists():
        return {}
    # lettura diretta in sola lettura: veloce e senza importare tutto nbgrader
    with sqlite3.connect(f"file:{corso.gradebook}?mode=ro", uri=True) as db:
        try:
            righe = db.execute(
                """SELECT student.id, base_cell.name, grade.manual_score
                   FROM grade JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id
                   JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id
                   JOIN assignment ON submitted_assignment.assignment_id = assignment.id
                   JOIN student ON submitted_assignment.student_id = student.id
                   JOIN base_cell ON grade.cell_id = base_cell.id
                   WHERE assignment.name = ? AND grade.manual_score IS NOT NULL""", (compito,)).fetchall()
        except sqlite3.Error:
            return {}
    return {(s, g): float(v) for s, g, v in righe}


def tabella_voti(corso, compito: str):
    """Tutti i voti di ``compito``: colonne :data:`COLONNE_VOTI` (una riga per corsista e cella valutata).

    ``punti`` è il voto finale (manuale se c'è, altrimenti automatico; 0 per le domande aperte non
    ancora corrette, segnate in ``da_correggere``).
    """
    import pandas as pd

    manuali = voti_manuali(corso, compito)
    righe = []
    for studente, esito in esiti(corso, compito).items():
        for c in esito.get("celle", []):
            manuale = manuali.get((studente, c["grade_id"]))
            punti = manuale if manuale is not None else c["punti"]
            righe.append({"studente": studente, "compito": compito, "grade_id": c["grade_id"],
                          "esercizio": c.get("esercizio"), "competenze": ",".join(c.get("competenze", [])),
                          "punti": float(punti) if punti is not None else 0.0, "massimo": float(c["massimo"]),
                          "manuale": bool(c.get("manuale")), "da_correggere": punti is None,
                          "stato": esito.get("stato", "corretto")})
    return pd.DataFrame(righe, columns=COLONNE_VOTI)
