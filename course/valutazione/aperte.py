"""Le domande aperte corrette in un foglio di calcolo, per chi non usa il formgrader di nbgrader.

``esporta_aperte`` scrive un CSV (per Excel: punto e virgola, UTF-8 con BOM) con una riga per
risposta aperta: corsista, domanda, risposta, rubrica, punti massimi e due colonne vuote, ``punti`` e
``commento``, da riempire. ``importa_aperte`` rilegge il file e scrive i voti nel gradebook, come se
fossero stati dati nel formgrader; controlla tutte le righe e segnala tutti i problemi insieme.
"""

from __future__ import annotations

import csv
from pathlib import Path

from course import formato
from course.errori import ErroreCorso

__all__ = ["esporta_aperte", "importa_aperte", "COLONNE_APERTE"]

COLONNE_APERTE = ["studente", "grade_id", "domanda", "risposta", "rubrica", "massimo", "punti", "commento"]


def _testi_del_sorgente(corso, compito: str) -> tuple[dict, dict]:
    import nbformat

    nb = nbformat.read(str(corso.sorgente(compito)), as_version=4)
    domande, rubriche, ultima = {}, {}, ""
    for c in nb.cells:
        nbg = c.metadata.get("nbgrader", {})
        if nbg.get("grade_id", "").startswith("domanda-aperta-"):
            ultima = c.source
        elif nbg.get("grade") and nbg.get("solution"):
            domande[nbg["grade_id"]] = ultima
            rubriche[nbg["grade_id"]] = c.source.replace("**Rubrica per il formatore**", "").strip()
    return domande, rubriche


def esporta_aperte(corso, compito: str, *, destinazione=None) -> Path:
    """Scrive il CSV delle risposte aperte di ``compito`` da correggere (o già corrette) e ne restituisce il percorso."""
    import nbformat

    from course.valutazione.voti import esiti, voti_manuali

    corso.controlla_compito(compito)
    domande, rubriche = _testi_del_sorgente(corso, compito)
    manuali = voti_manuali(corso, compito)
    righe = []
    for studente, esito in esiti(corso, compito).items():
        percorso = corso.corretto(studente, compito)
        risposte = {}
        if percorso.exists():
            nb = nbformat.read(str(percorso), as_version=4)
            risposte = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells}
        for c in esito.get("celle", []):
            if c["grade_id"] in domande:
                gia = manuali.get((studente, c["grade_id"]))
                righe.append({"studente": studente, "grade_id": c["grade_id"], "domanda": domande[c["grade_id"]],
                              "risposta": risposte.get(c["grade_id"], ""), "rubrica": rubriche[c["grade_id"]],
                              "massimo": formato.numero(c["massimo"]),
                              "punti": formato.numero(gia, vuoto=""), "commento": ""})
    destinazione = Path(destinazione) if destinazione else corso.esportazioni / f"aperte-{compito}.csv"
    destinazione.parent.mkdir(parents=True, exist_ok=True)
    with destinazione.open("w", encoding="utf-8-sig", newline="") as f:
        scrittore = csv.DictWriter(f, fieldnames=COLONNE_APERTE, delimiter=";")
        scrittore.writeheader()
        scrittore.writerows(righe)
    return destinazione


def _numero(testo: str) -> float:
    return float(str(testo).strip().replace(",", "."))


def importa_aperte(corso, compito: str, origine) -> int:
    """Scrive nel gradebook i voti delle risposte aperte presenti in ``origine``; restituisce quanti voti ha scritto.

    Le righe con ``punti`` vuoto si saltano. Se anche una sola riga è sbagliata (punti non numerici o fuori
    scala, corsista o cella sconosciuti) non si scrive nulla e l'errore elenca tutte le righe da sistemare.
    """
    from course.valutazione.voti import esiti

    corso.controlla_compito(compito)
    origine = Path(origine)
    if not origine.exists():
        raise ErroreCorso(f"Non trovo il file {origine}: esportalo prima con «ambiti-lab valuta aperte {compito} --esporta».")
    testo = origine.read_text(encoding="utf-8-sig")
    separatore = ";" if testo.split("\n", 1)[0].count(";") >= testo.split("\n", 1)[0].count(",") else ","
    righe = list(csv.DictReader(testo.splitlines(), delimiter=separatore))
    mancanti = [c for c in ("studente", "grade_id", "punti") if righe and c not in righe[0]]
    if mancanti:
        raise ErroreCorso(f"Nel file {origine.name} mancano le colonne: {', '.join(mancanti)}. Usa il file esportato dal corso.")
    massimi = {(s, c["grade_id"]): float(c["massimo"]) for s, e in esiti(corso, compito).items()
               for c in e.get("celle", []) if c.get("manuale") or c["grade_id"].startswith("aperta-")}
    voti, problemi = [], []
    for numero, r in enumerate(righe, start=2):
        if not (r.get("punti") or "").strip():
            continue
        chiave = ((r.get("studente") or "").strip(), (r.get("grade_id") or "").strip())
        if chiave not in massimi:
            problemi.append(f"riga {numero}: {chiave[0]} / {chiave[1]} non è una risposta aperta corretta di {compito}")
            continue
        try:
            punti = _numero(r["punti"])
        except ValueError:
            problemi.append(f"riga {numero}: punti «{r['punti']}» non è un numero (scrivi ad esempio 2,5)")
            continue
        if not 0 <= punti <= massimi[chiave]:
            problemi.append(f"riga {numero}: {punti:g} punti, ma la domanda ne vale al massimo {massimi[chiave]:g}")
            continue
        voti.append((chiave, punti, (r.get("commento") or "").strip()))
    if problemi:
        raise ErroreCorso(f"Nel file {origine.name} ci sono {len(problemi)} problemi, non ho scritto nessun voto: "
                          + "; ".join(problemi) + ".")
    from course.valutazione.correzione import importazioni_leggere

    importazioni_leggere()
    from nbgrader.api import Gradebook

    with Gradebook(corso.db_url) as gb:
        for (studente, grade_id), punti, commento in voti:
            voto = gb.find_grade(grade_id, compito, compito, studente)
            voto.manual_score = punti
            voto.needs_manual_grade = False
            if commento:
                gb.find_comment(grade_id, compito, compito, studente).manual_comment = commento
        gb.db.commit()
    return len(voti)
