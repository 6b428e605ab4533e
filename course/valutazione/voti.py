"""I voti di un compito in una tabella: una riga per corsista e cella valutata.

Le fonti sono gli esiti della correzione (``esiti/<compito>/*.json``: punti automatici, competenze,
segnalazioni), i ricontrolli del formatore (``ricontrolli/<compito>.json``) e il gradebook di
nbgrader, dove il formatore inserisce i voti delle domande aperte, i commenti e gli eventuali punti
extra (dal formgrader o dal foglio delle aperte): un voto manuale prevale su quello automatico.

Il totale è lo stesso di nbgrader (e quindi del formgrader): per ogni cella il voto manuale se c'è,
altrimenti quello automatico, più i punti extra; una cella senza nessun voto vale 0. Riscontro,
``stato``, export per Moodle e profili usano tutti questa tabella: un solo totale dappertutto.
"""

from __future__ import annotations

__all__ = ["tabella_voti", "COLONNE_VOTI", "esiti", "voti_manuali", "commenti"]

COLONNE_VOTI = ["studente", "compito", "grade_id", "esercizio", "competenze", "punti", "massimo", "manuale",
                "da_correggere", "stato", "extra", "commento"]


def esiti(corso, compito: str) -> dict[str, dict]:
    """Gli esiti della correzione di ``compito``, per corsista, con i ricontrolli del formatore già applicati.

    Una consegna segnalata e ricontrollata (la stessa, con la stessa impronta) ha ``stato="corretto"``,
    ``ricontrollata`` con data e nota, e i vecchi motivi in ``motivi_ricontrollati``.
    """
    from course.valutazione.corso import leggi_json
    from course.valutazione.ricontrolli import applica_ricontrollo, ricontrolli

    cartella = corso.radice / "esiti" / compito
    if not cartella.is_dir():
        return {}
    registro = ricontrolli(corso, compito)
    return {f.stem: applica_ricontrollo(leggi_json(f), registro.get(f.stem)) for f in sorted(cartella.glob("*.json"))}


def voti_manuali(corso, compito: str) -> dict[tuple[str, str], float]:
    """I voti inseriti a mano nel gradebook: ``{(studente, grade_id): punti}``."""
    from course.valutazione.gradebook import voti_del_formatore

    return {k: v["manuale"] for k, v in voti_del_formatore(corso, compito).items() if v["manuale"] is not None}


def commenti(corso, compito: str) -> dict[tuple[str, str], str]:
    """I commenti del formatore nel gradebook: ``{(studente, grade_id): testo}`` (solo quelli non vuoti)."""
    from course.valutazione.gradebook import voti_del_formatore

    return {k: v["commento"] for k, v in voti_del_formatore(corso, compito).items() if v["commento"]}


def tabella_voti(corso, compito: str):
    """Tutti i voti di ``compito``: colonne :data:`COLONNE_VOTI` (una riga per corsista e cella valutata).

    ``punti`` è il voto finale della cella come lo calcola nbgrader (manuale se c'è, altrimenti
    automatico, più ``extra``); 0 per le domande aperte non ancora corrette, segnate in ``da_correggere``.
    ``commento`` è il commento del formatore (vuoto se non c'è).
    """
    import pandas as pd

    from course.valutazione.gradebook import voti_del_formatore

    dal_formatore = voti_del_formatore(corso, compito)
    righe = []
    for studente, esito in esiti(corso, compito).items():
        for c in esito.get("celle", []):
            formatore = dal_formatore.get((studente, c["grade_id"]), {})
            manuale = formatore.get("manuale")
            punti = manuale if manuale is not None else c["punti"]
            extra = formatore.get("extra") or 0.0
            righe.append({"studente": studente, "compito": compito, "grade_id": c["grade_id"],
                          "esercizio": c.get("esercizio"), "competenze": ",".join(c.get("competenze", [])),
                          "punti": float(punti) + extra if punti is not None else 0.0, "massimo": float(c["massimo"]),
                          "manuale": bool(c.get("manuale")), "da_correggere": punti is None,
                          "stato": esito.get("stato", "corretto"), "extra": extra if punti is not None else 0.0,
                          "commento": formatore.get("commento", "")})
    return pd.DataFrame(righe, columns=COLONNE_VOTI)
