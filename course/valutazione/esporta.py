"""Esportare i voti: un CSV che Moodle importa («Importa voti da file CSV») e un CSV generico per Excel.

Il CSV per Moodle ha una colonna che identifica l'utente (``email`` o ``username``, da scegliere in
Moodle alla voce «Identifica utente tramite») e una colonna per ogni compito, intitolata con il nome
dell'elemento di valutazione; separatore virgola, punto decimale, UTF-8. Le consegne segnalate
restano vuote (Moodle non cambia quei voti) finché il formatore non le ha ricontrollate, a meno di
``includi_segnalati=True``.

Il CSV generico ha una riga per corsista e compito, con punti, stato, motivi e quota per competenza;
è nel formato di Excel in italiano (punto e virgola, virgola decimale, UTF-8 con BOM).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from course.errori import ErroreCorso

__all__ = ["riepilogo_voti", "esporta_moodle", "esporta_generico", "scrivi_profili", "senza_identificativo"]


def riepilogo_voti(corso, compiti=None):
    """Una riga per corsista e compito: punti, massimo, stato, motivi, risposte da correggere, quote per competenza."""
    import pandas as pd

    from course.valutazione.profili import profilo_corsisti, tabella_profili
    from course.valutazione.voti import esiti

    compiti = compiti or corso.compiti()
    voti = tabella_profili(corso, compiti)
    colonne = ["studente", "compito", "punti", "massimo", "stato", "motivi", "da_correggere"]
    if voti.empty:
        return pd.DataFrame(columns=colonne)
    tot = voti.groupby(["studente", "compito"], as_index=False).agg(
        punti=("punti", "sum"), massimo=("massimo", "sum"), da_correggere=("da_correggere", "sum"))
    motivi = pd.DataFrame([{"studente": s, "compito": c, "stato": e.get("stato", ""), "motivi": " | ".join(e.get("motivi", []))}
                           for c in compiti for s, e in esiti(corso, c).items()])
    tot = tot.merge(motivi, on=["studente", "compito"], how="left")
    quote = pd.concat([profilo_corsisti(g).assign(compito=c) for c, g in voti.groupby("compito")], ignore_index=True)
    larghe = quote.pivot_table(index=["studente", "compito"], columns="competenza", values="quota").reset_index()
    larghe.columns = [f"quota_{c}" if str(c).startswith("C") else c for c in larghe.columns]
    return tot[colonne].merge(larghe, on=["studente", "compito"], how="left").sort_values(["compito", "studente"], ignore_index=True)


def esporta_moodle(corso, compiti=None, *, destinazione=None, identifica: str = "email", scala: float | None = None,
                   includi_segnalati: bool = False) -> Path:
    """Scrive il CSV per l'importazione dei voti in Moodle e ne restituisce il percorso.

    ``identifica``: la colonna dell'elenco corsisti che Moodle usa per riconoscere l'utente
    (``email``, ``username`` o ``id``); ``scala``: riporta i punti su questo massimo (ad esempio 100).
    """
    from course.errori import controlla_scelta

    controlla_scelta(identifica, ["email", "username", "id"], cosa="identificativo per Moodle")
    # di norma solo i compiti già corretti: una colonna vuota confonderebbe l'associazione in Moodle
    compiti = compiti or [c for c in corso.compiti() if (corso.radice / "esiti" / c).is_dir()] or corso.compiti()
    tabella = riepilogo_voti(corso, compiti)
    mancanti = set(senza_identificativo(corso, compiti, identifica=identifica))
    if mancanti and len(mancanti) == tabella["studente"].nunique():
        raise ErroreCorso(
            f"Per l'export verso Moodle serve la colonna «{identifica}» in {corso.elenco_corsisti}, ma manca per tutti "
            f"i corsisti con voti ({len(mancanti)}). Aggiungila (la stessa usata in Moodle) oppure usa identifica='id'."
        )
    elenco = {r["id"]: r for r in corso.corsisti()}
    righe: dict[str, dict] = {}
    for r in tabella.itertuples():
        if r.studente in mancanti:  # Moodle non saprebbe a chi dare il voto: resta fuori, e il comando lo dice
            continue
        chiave = r.studente if identifica == "id" else elenco[r.studente][identifica]
        riga = righe.setdefault(chiave, {identifica: chiave})
        if r.stato == "segnalato" and not includi_segnalati:
            riga[r.compito] = ""
            continue
        voto = r.punti if scala is None else (r.punti / r.massimo * scala if r.massimo else 0.0)
        riga[r.compito] = f"{voto:.2f}"
    destinazione = Path(destinazione) if destinazione else corso.esportazioni / "voti-moodle.csv"
    destinazione.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    scrittore = csv.DictWriter(buffer, fieldnames=[identifica, *compiti], lineterminator="\n")
    scrittore.writeheader()
    for chiave in sorted(righe):
        scrittore.writerow({k: righe[chiave].get(k, "") for k in [identifica, *compiti]})
    destinazione.write_text(buffer.getvalue(), encoding="utf-8")
    return destinazione


def senza_identificativo(corso, compiti=None, *, identifica: str = "email") -> list[str]:
    """I corsisti con voti ma senza la colonna ``identifica`` in ``corsisti.csv`` (restano fuori dal CSV per Moodle)."""
    if identifica == "id":
        return []
    elenco = {r["id"]: r for r in corso.corsisti()}
    tabella = riepilogo_voti(corso, compiti or corso.compiti())
    return sorted({s for s in tabella["studente"] if not elenco.get(s, {}).get(identifica)})


def esporta_generico(corso, compiti=None, *, destinazione=None) -> Path:
    """Scrive il CSV generico (una riga per corsista e compito, formato Excel italiano) e ne restituisce il percorso."""
    import pandas as pd

    tabella = riepilogo_voti(corso, compiti)
    elenco = pd.DataFrame(corso.corsisti())
    if not elenco.empty:
        anagrafica = [c for c in ["id", "nome", "cognome", "email", "ambito", "squadra"] if c in elenco.columns]
        tabella = elenco[anagrafica].rename(columns={"id": "studente"}).merge(tabella, on="studente", how="right")
    tabella["percentuale"] = (tabella["punti"] / tabella["massimo"] * 100).round(1)
    destinazione = Path(destinazione) if destinazione else corso.esportazioni / "voti.csv"
    destinazione.parent.mkdir(parents=True, exist_ok=True)
    tabella.to_csv(destinazione, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    return destinazione


def scrivi_profili(corso, compiti=None, *, cartella=None) -> list[Path]:
    """Scrive i profili di competenza (CSV per corsista e per Ambito o squadra) e i loro grafici (PNG)."""
    import pandas as pd

    from course.valutazione.grafici import mappa_competenze
    from course.valutazione.profili import profilo_corsisti, profilo_gruppi, tabella_profili

    cartella = Path(cartella) if cartella else corso.esportazioni
    cartella.mkdir(parents=True, exist_ok=True)
    voti = tabella_profili(corso, compiti)
    scritti = []
    corsisti = profilo_corsisti(voti)
    corsisti.to_csv(cartella / "profili-corsisti.csv", sep=";", decimal=",", index=False, encoding="utf-8-sig")
    mappa_competenze(corsisti, titolo="Competenze dei corsisti").savefig(cartella / "profili-corsisti.png", dpi=110)
    scritti += [cartella / "profili-corsisti.csv", cartella / "profili-corsisti.png"]
    elenco = pd.DataFrame(corso.corsisti())
    for per in ("ambito", "squadra"):
        if per in elenco.columns and elenco[per].astype(str).str.strip().ne("").any():
            gruppi = profilo_gruppi(voti, elenco, per=per)
            gruppi.to_csv(cartella / f"profili-{per}.csv", sep=";", decimal=",", index=False, encoding="utf-8-sig")
            titolo = "Competenze per Ambito" if per == "ambito" else "Competenze per squadra"
            mappa_competenze(gruppi, per=per, titolo=titolo).savefig(cartella / f"profili-{per}.png", dpi=110)
            scritti += [cartella / f"profili-{per}.csv", cartella / f"profili-{per}.png"]
    return scritti
