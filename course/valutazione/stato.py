"""Lo stato di un compito: chi ha consegnato, chi è stato corretto, chi è segnalato e perché, che cosa resta da fare.

Per ogni corsista lo stato è uno di: «non consegnato», «da correggere» (consegna raccolta, mai
corretta), «da ricorreggere» (è arrivata una consegna nuova dopo l'ultima correzione: il voto
mostrato è quello della consegna vecchia), «corretto» o «segnalato». Il riscontro è «pronto» solo se
la pagina mostra i voti e i commenti di adesso; se dopo è cambiato qualcosa è «da rifare».

>>> import pandas as pd
>>> print(descrivi_stato(pd.DataFrame(columns=COLONNE_STATO), "modulo-01"))
Compito modulo-01: nessun corsista e nessuna consegna.
"""

from __future__ import annotations

import hashlib

from course import formato

__all__ = ["stato_compito", "descrivi_stato", "da_ricorreggere", "COLONNE_STATO"]

COLONNE_STATO = ["studente", "consegnato", "consegnato_il", "stato", "punti", "massimo", "da_correggere", "feedback",
                 "motivi", "riscontro", "ricontrollata", "riaperte", "extra"]


def _impronta(percorso) -> str:
    return hashlib.sha256(percorso.read_bytes()).hexdigest()


def _consegne(corso, compito: str) -> tuple[dict[str, str], dict[str, str]]:
    """Le consegne raccolte: ``({corsista: data}, {corsista: impronta SHA-256})``."""
    consegnati, impronte = {}, {}
    cartella = corso.radice / "submitted"
    for d in sorted(cartella.iterdir()) if cartella.is_dir() else []:
        f = d / compito / f"{compito}.ipynb"
        if f.is_file():
            ts = d / compito / "timestamp.txt"
            consegnati[d.name] = ts.read_text(encoding="utf-8").strip() if ts.exists() else ""
            impronte[d.name] = _impronta(f)
    return consegnati, impronte


def da_ricorreggere(corso, compito: str, *, esiti: dict | None = None) -> set[str]:
    """I corsisti la cui consegna raccolta non è quella corretta (ne è arrivata una nuova dopo la correzione)."""
    from course.valutazione.voti import esiti as leggi_esiti

    esiti = leggi_esiti(corso, compito) if esiti is None else esiti
    _, impronte = _consegne(corso, compito)
    return {s for s, e in esiti.items() if s in impronte and e.get("sha256_originale")
            and impronte[s] != e["sha256_originale"]}


def stato_compito(corso, compito: str):
    """Una riga per corsista (dall'elenco corsisti, dalle consegne e dagli esiti), colonne :data:`COLONNE_STATO`.

    ``feedback`` è vero solo se il riscontro è pronto e aggiornato; ``riscontro`` è «pronto», «da rifare»
    o «mancante» (vuoto senza esito); ``riaperte`` conta le risposte aperte riaperte perché cambiate.
    """
    import pandas as pd

    from course.valutazione.aperte import riaperte
    from course.valutazione.feedback import dati_riscontri, stato_riscontri

    corso.controlla_compito(compito)
    consegnati, impronte = _consegne(corso, compito)
    dati = dati_riscontri(corso, compito)
    tutti_esiti, voti = dati["esiti"], dati["voti"]
    riscontri = stato_riscontri(corso, compito, dati=dati)
    da_riaprire = riaperte(corso, compito)
    studenti = sorted(set(dati["corsisti"]) | set(consegnati) | set(tutti_esiti))
    righe = []
    for s in studenti:
        e = tutti_esiti.get(s, {})
        v = voti[voti["studente"] == s]
        stato = e.get("stato", "da correggere" if s in consegnati else "non consegnato")
        if e and s in impronte and e.get("sha256_originale") and impronte[s] != e["sha256_originale"]:
            stato = "da ricorreggere"
        righe.append({
            "studente": s, "consegnato": s in consegnati, "consegnato_il": consegnati.get(s, ""), "stato": stato,
            "punti": float(v["punti"].sum()) if not v.empty else None, "massimo": float(v["massimo"].sum()) if not v.empty else None,
            "da_correggere": int(v["da_correggere"].sum()) if not v.empty else 0,
            "feedback": riscontri.get(s) == "pronto", "motivi": " | ".join(e.get("motivi", [])),
            "riscontro": riscontri.get(s, ""), "ricontrollata": bool(e.get("ricontrollata")),
            "riaperte": len(da_riaprire.get(s, [])), "extra": float(v["extra"].sum()) if not v.empty else 0.0,
        })
    return pd.DataFrame(righe, columns=COLONNE_STATO)


def descrivi_stato(tabella, compito: str, *, corso=None) -> str:
    """Il riepilogo leggibile dello stato, per il terminale (con ``corso``, dice anche dove ha guardato)."""
    dove = f" (corso in {corso.radice})" if corso is not None else ""
    if tabella.empty:
        return (f"Compito {compito}{dove}: nessun corsista e nessuna consegna." +
                ("" if corso is None else f" Ho cercato l'elenco dei corsisti in {corso.elenco_corsisti} e le consegne "
                 f"in {corso.radice / 'submitted'}."))
    n = len(tabella)
    conta = tabella["stato"].value_counts()
    righe = [f"Compito {compito}{dove}: {int(tabella['consegnato'].sum())} consegne su {n} corsisti; "
             f"corrette {conta.get('corretto', 0)}, segnalate {conta.get('segnalato', 0)}, "
             f"da correggere {conta.get('da correggere', 0)}, da ricorreggere {conta.get('da ricorreggere', 0)}, "
             f"non consegnate {conta.get('non consegnato', 0)}; "
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
        if r.stato == "da ricorreggere":
            riga += "  (voto della consegna precedente: è arrivata una consegna nuova)"
        if r.extra:
            riga += "  (compreso 1 punto extra)" if r.extra == 1 else f"  (compresi {formato.numero(r.extra)} punti extra)"
        if r.da_correggere:
            riga += f"  (aperte da correggere: {r.da_correggere})"
        if r.riaperte:
            riga += f"  (aperte riaperte perché cambiate: {r.riaperte}, voto precedente conservato)"
        if r.ricontrollata:
            riga += "  [ricontrollata]"
        if r.riscontro == "pronto":
            riga += "  [riscontro pronto]"
        elif r.riscontro == "da rifare":
            riga += "  [riscontro da rifare: voti, commenti o consegna cambiati]"
        righe.append(riga)
        if r.motivi:
            righe += [f"      ⚠ {m}" for m in r.motivi.split(" | ")]
    da_rifare = tabella.loc[tabella["riscontro"] == "da rifare", "studente"].tolist()
    if da_rifare:
        righe += ["", f"Riscontri da rifare ({len(da_rifare)}): «ambiti-lab valuta feedback {compito}»."]
    if conta.get("da ricorreggere", 0) or conta.get("da correggere", 0):
        righe += ["", f"Consegne nuove da correggere: «ambiti-lab valuta correggi {compito}»."]
    return "\n".join(righe)
