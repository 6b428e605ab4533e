"""Lo stato di un compito: chi ha consegnato, chi è stato corretto, chi è segnalato e perché.

>>> import pandas as pd
>>> print(descrivi_stato(pd.DataFrame(columns=COLONNE_STATO), "modulo-01"))
Compito modulo-01: nessun corsista e nessuna consegna.
"""

from __future__ import annotations

from course import formato

__all__ = ["stato_compito", "descrivi_stato", "COLONNE_STATO"]

COLONNE_STATO = ["studente", "consegnato", "consegnato_il", "stato", "punti", "massimo", "da_correggere", "feedback", "motivi"]


def stato_compito(corso, compito: str):
    """Una riga per corsista (dall'elenco corsisti, dalle consegne e dagli esiti), colonne :data:`COLONNE_STATO`."""
    import pandas as pd

    from course.valutazione.voti import esiti, tabella_voti

    corso.controlla_compito(compito)
    consegnati = {}
    cartella = corso.radice / "submitted"
    for d in sorted(cartella.iterdir()) if cartella.is_dir() else []:
        f = d / compito / f"{compito}.ipynb"
        if f.is_file():
            ts = d / compito / "timestamp.txt"
            consegnati[d.name] = ts.read_text(encoding="utf-8").strip() if ts.exists() else ""
    tutti_esiti = esiti(corso, compito)
    voti = tabella_voti(corso, compito)
    studenti = sorted({r["id"] for r in corso.corsisti()} | set(consegnati) | set(tutti_esiti))
    righe = []
    for s in studenti:
        e = tutti_esiti.get(s, {})
        v = voti[voti["studente"] == s]
        righe.append({
            "studente": s, "consegnato": s in consegnati, "consegnato_il": consegnati.get(s, ""),
            "stato": e.get("stato", "da correggere" if s in consegnati else "non consegnato"),
            "punti": float(v["punti"].sum()) if not v.empty else None, "massimo": float(v["massimo"].sum()) if not v.empty else None,
            "da_correggere": int(v["da_correggere"].sum()) if not v.empty else 0,
            "feedback": corso.pagina_feedback(s, compito).exists(), "motivi": " | ".join(e.get("motivi", [])),
        })
    return pd.DataFrame(righe, columns=COLONNE_STATO)


def descrivi_stato(tabella, compito: str) -> str:
    """Il riepilogo leggibile dello stato, per il terminale."""
    if tabella.empty:
        return f"Compito {compito}: nessun corsista e nessuna consegna."
    n = len(tabella)
    conta = tabella["stato"].value_counts()
    righe = [f"Compito {compito}: {int(tabella['consegnato'].sum())} consegne su {n} corsisti; "
             f"corrette {conta.get('corretto', 0)}, segnalate {conta.get('segnalato', 0)}, "
             f"da correggere {conta.get('da correggere', 0)}, non consegnate {conta.get('non consegnato', 0)}; "
             f"risposte aperte da correggere a mano: {int(tabella['da_correggere'].sum())}.", ""]
    tentativi = [(r.studente, m) for r in tabella.itertuples() for m in (r.motivi.split(" | ") if r.motivi else [])
                 if m.startswith("tentativo non consentito")]
    if tentativi:
        chi = sorted({s for s, _ in tentativi})
        righe += [f"⛔ Tentativi non consentiti in {len(chi)} consegne ({', '.join(chi)}): bloccati dal recinto, "
                  "i punti restano quelli che le risposte meritano. Guarda i motivi qui sotto.", ""]
    for r in tabella.itertuples():
        punti = formato.MANCANTE if formato.mancante(r.punti) else f"{formato.numero(r.punti)}/{formato.numero(r.massimo)}"
        riga = f"  {r.studente:<24} {r.stato:<15} {punti:>9}"
        if r.da_correggere:
            riga += f"  (aperte da correggere: {r.da_correggere})"
        if r.feedback:
            riga += "  [riscontro pronto]"
        righe.append(riga)
        if r.motivi:
            righe += [f"      ⚠ {m}" for m in r.motivi.split(" | ")]
    return "\n".join(righe)
