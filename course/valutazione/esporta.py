"""Esportare i voti: un CSV per compito che Moodle importa senza sorprese, un CSV generico per Excel, i profili.

Il CSV per Moodle («Valutatore → Importa → File CSV») ha, per ogni compito, una colonna che identifica
l'utente (``email``, ``username`` o ``id``, da scegliere in Moodle alla voce «Identifica utente
tramite»), la colonna del voto e una colonna di commento (da associare al «feedback» dell'elemento di
valutazione); separatore virgola, punto decimale, UTF-8. Le regole che evitano i guai:

- **un file per compito** e **nessuna cella vuota**: Moodle legge una cella vuota come «nessun voto» e
  può cancellare un voto scritto a mano; chi non ha un voto sicuro resta fuori dal file, e
  :class:`EsportazioneMoodle` dice chi e perché (consegna segnalata e non ricontrollata, consegna nuova
  da ricorreggere, risposte aperte ancora da correggere, e-mail mancante o sconosciuta a Moodle);
- **un'e-mail sconosciuta fa rifiutare a Moodle l'intero file**: se il corso ha l'elenco dei
  partecipanti di Moodle (``--partecipanti`` in ``raccogli`` o in ``esporta``), ogni e-mail si controlla
  prima, e chi non c'è resta fuori;
- i voti sono in punti (il massimo del compito, ad esempio 10); un elemento di valutazione di Moodle
  vale di norma 100: con ``scala=100`` si riportano su 100;
- il totale è lo stesso di ``stato``, del riscontro e del formgrader (punti extra compresi).

Il CSV generico ha una riga per corsista e compito, con punti, stato, motivi e quota per competenza;
è nel formato di Excel in italiano (punto e virgola, virgola decimale, UTF-8 con BOM).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from course import formato
from course.errori import ErroreCorso

__all__ = ["riepilogo_voti", "esporta_moodle", "esporta_generico", "scrivi_profili", "senza_identificativo",
           "EsportazioneMoodle", "esporta_riscontri_moodle"]


def riepilogo_voti(corso, compiti=None):
    """Una riga per corsista e compito: punti, massimo, stato, motivi, risposte da correggere, quote per competenza."""
    import pandas as pd

    from course.valutazione.profili import profilo_corsisti, tabella_profili
    from course.valutazione.voti import esiti

    compiti = compiti or corso.compiti()
    voti = tabella_profili(corso, compiti)
    colonne = ["studente", "compito", "punti", "massimo", "stato", "motivi", "da_correggere", "extra", "ricontrollata"]
    if voti.empty:
        return pd.DataFrame(columns=colonne)
    tot = voti.groupby(["studente", "compito"], as_index=False).agg(
        punti=("punti", "sum"), massimo=("massimo", "sum"), da_correggere=("da_correggere", "sum"), extra=("extra", "sum"))
    motivi = pd.DataFrame([{"studente": s, "compito": c, "stato": e.get("stato", ""), "motivi": " | ".join(e.get("motivi", [])),
                            "ricontrollata": "sì" if e.get("ricontrollata") else ""}
                           for c in compiti for s, e in esiti(corso, c).items()])
    tot = tot.merge(motivi, on=["studente", "compito"], how="left")
    quote = pd.concat([profilo_corsisti(g).assign(compito=c) for c, g in voti.groupby("compito")], ignore_index=True)
    larghe = quote.pivot_table(index=["studente", "compito"], columns="competenza", values="quota").reset_index()
    larghe.columns = [f"quota_{c}" if str(c).startswith("C") else c for c in larghe.columns]
    return tot[colonne].merge(larghe, on=["studente", "compito"], how="left").sort_values(["compito", "studente"], ignore_index=True)


@dataclass
class EsportazioneMoodle:
    """I file per Moodle scritti da :func:`esporta_moodle` e chi è rimasto fuori, compito per compito."""

    file: dict[str, Path] = field(default_factory=dict)
    esclusi: dict[str, dict[str, str]] = field(default_factory=dict)
    esportati: dict[str, int] = field(default_factory=dict)
    massimi: dict[str, float] = field(default_factory=dict)
    #: per compito, chi supera il massimo grazie ai punti extra: ``{corsista: (punti, massimo)}``
    oltre_il_massimo: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    scala: float | None = None
    identifica: str = "email"
    email_controllate: bool = False

    @property
    def percorso(self) -> Path | None:
        """Il file del primo compito (comodo quando se ne esporta uno solo)."""
        return next(iter(self.file.values()), None)


def _compiti_corretti(corso, compiti):
    # di norma solo i compiti già corretti: un file vuoto confonderebbe chi importa in Moodle
    return list(compiti or [c for c in corso.compiti() if (corso.radice / "esiti" / c).is_dir()])


def _commento_moodle(voti_studente, punti: float, massimo: float) -> str:
    from course.valutazione.motivi import cella_in_parole

    parti = [f"Punteggio: {formato.numero(punti)} su {formato.numero(massimo)}."]
    for r in voti_studente.itertuples():
        if r.commento:
            dove = cella_in_parole(r.grade_id).replace("la tua risposta", "Risposta")
            parti.append(f"{dove[:1].upper()}{dove[1:]}: {' '.join(r.commento.split())}")
    return " ".join(parti)


def esporta_moodle(corso, compiti=None, *, cartella=None, identifica: str = "email", scala: float | None = None,
                   includi_segnalati: bool = False, anche_incompleti: bool = False, destinazione=None) -> EsportazioneMoodle:
    """Scrive un CSV per compito per l'importazione dei voti in Moodle; chi non ha un voto sicuro resta fuori.

    ``identifica``: la colonna dell'elenco corsisti che Moodle usa per riconoscere l'utente
    (``email``, ``username`` o ``id``); ``scala``: riporta i punti su questo massimo (ad esempio 100);
    ``includi_segnalati``: esporta anche le consegne segnalate e non ricontrollate; ``anche_incompleti``:
    esporta anche chi ha risposte aperte non ancora corrette (contano 0). ``destinazione`` (un file) vale
    se si esporta un solo compito; altrimenti i file vanno in ``cartella`` (di norma ``esportazioni/``)
    con il nome ``voti-moodle-<compito>.csv``.
    """
    from course.errori import controlla_scelta
    from course.valutazione.moodle import tutte_le_email
    from course.valutazione.stato import da_ricorreggere
    from course.valutazione.voti import tabella_voti

    controlla_scelta(identifica, ["email", "username", "id"], cosa="identificativo per Moodle")
    compiti = _compiti_corretti(corso, compiti) or corso.compiti()
    tabella = riepilogo_voti(corso, compiti)
    mancanti = set(senza_identificativo(corso, compiti, identifica=identifica))
    if mancanti and len(mancanti) == tabella["studente"].nunique():
        raise ErroreCorso(
            f"Per l'export verso Moodle serve la colonna «{identifica}» in {corso.elenco_corsisti}, ma manca per tutti "
            f"i corsisti con voti ({len(mancanti)}). Aggiungila (la stessa usata in Moodle) oppure usa identifica='id'."
        )
    elenco = {r["id"]: r for r in corso.corsisti()}
    email_moodle = tutte_le_email(corso) if identifica == "email" else None
    risultato = EsportazioneMoodle(scala=scala, identifica=identifica, email_controllate=email_moodle is not None)
    cartella = Path(cartella) if cartella else corso.esportazioni
    for compito in compiti:
        righe, esclusi, oltre = [], {}, {}
        parte = tabella[tabella["compito"] == compito]
        voti = tabella_voti(corso, compito)
        nuove = da_ricorreggere(corso, compito)
        for r in parte.itertuples():
            chiave = r.studente if identifica == "id" else elenco.get(r.studente, {}).get(identifica, "").strip()
            if r.studente in mancanti or not chiave:
                esclusi[r.studente] = f"manca «{identifica}» in corsisti.csv: Moodle non saprebbe a chi dare il voto"
            elif email_moodle is not None and chiave.lower() not in email_moodle:
                esclusi[r.studente] = (f"l'e-mail {chiave} non è tra i partecipanti di Moodle: Moodle rifiuterebbe l'intero "
                                       "file (correggi l'e-mail in corsisti.csv)")
            elif r.studente in nuove:
                esclusi[r.studente] = f"consegna nuova non ancora corretta: «ambiti-lab valuta correggi {compito}»"
            elif r.stato == "segnalato" and not includi_segnalati:
                esclusi[r.studente] = (f"consegna segnalata: guardala e poi «ambiti-lab valuta ricontrolla {compito} "
                                       f"{r.studente}» (o esporta con --includi-segnalati)")
            elif r.da_correggere and not anche_incompleti:
                esclusi[r.studente] = (f"{int(r.da_correggere)} risposte aperte ancora da correggere "
                                       f"(«ambiti-lab valuta aperte {compito}»; o esporta con --anche-incompleti)")
            else:
                voto = r.punti if scala is None else (r.punti / r.massimo * scala if r.massimo else 0.0)
                commento = _commento_moodle(voti[voti["studente"] == r.studente], r.punti, r.massimo)
                righe.append((chiave, f"{voto:.2f}", commento))
                if r.massimo and r.punti > r.massimo + 1e-9:
                    oltre[r.studente] = (float(r.punti), float(r.massimo))
        doppie = {k for k in [c for c, _, _ in righe] if [c for c, _, _ in righe].count(k) > 1}
        if doppie:
            raise ErroreCorso(f"In corsisti.csv la stessa {identifica} è di più corsisti: {', '.join(sorted(doppie))}. "
                              "Moodle darebbe i voti alla persona sbagliata: correggi l'elenco.")
        percorso = Path(destinazione) if destinazione and len(compiti) == 1 else cartella / f"voti-moodle-{compito}.csv"
        percorso.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.StringIO()
        scrittore = csv.writer(buffer, lineterminator="\n")
        scrittore.writerow([identifica, compito, f"commento {compito}"])
        scrittore.writerows(sorted(righe))
        percorso.write_text(buffer.getvalue(), encoding="utf-8")
        risultato.file[compito] = percorso
        risultato.esclusi[compito] = esclusi
        risultato.oltre_il_massimo[compito] = oltre
        risultato.esportati[compito] = len(righe)
        risultato.massimi[compito] = float(parte["massimo"].max()) if not parte.empty else 0.0
    return risultato


def esporta_riscontri_moodle(corso, compito: str) -> tuple[Path | None, dict[str, str]]:
    """Lo zip dei riscontri aggiornati per Moodle; e chi resta fuori, con il motivo."""
    from course.valutazione.feedback import stato_riscontri
    from course.valutazione.moodle import zip_riscontri

    stati = stato_riscontri(corso, compito)
    pronti = [s for s, v in stati.items() if v == "pronto"]
    fuori = {s: f"riscontro {v}: «ambiti-lab valuta feedback {compito}»" for s, v in stati.items() if v != "pronto"}
    percorso, senza_moodle = zip_riscontri(corso, compito, pronti)
    fuori.update({s: "la consegna non è arrivata dallo zip di Moodle (manca il numero di partecipante)" for s in senza_moodle})
    return percorso, fuori


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
    """Scrive i profili di competenza (CSV per corsista e per Ambito o squadra) e i loro grafici (PNG).

    Il profilo per corsista porta nome, cognome, Ambito e squadra; ``esercizi`` e ``nota`` dicono quando
    una competenza si basa su un solo esercizio.
    """
    import pandas as pd

    from course.valutazione.grafici import mappa_competenze
    from course.valutazione.profili import con_anagrafica, profilo_corsisti, profilo_gruppi, tabella_profili

    cartella = Path(cartella) if cartella else corso.esportazioni
    cartella.mkdir(parents=True, exist_ok=True)
    voti = tabella_profili(corso, compiti)
    scritti = []
    corsisti = profilo_corsisti(voti)
    elenco_corsisti = corso.corsisti()
    con_anagrafica(corsisti, elenco_corsisti).to_csv(cartella / "profili-corsisti.csv", sep=";", decimal=",", index=False,
                                                     encoding="utf-8-sig")
    mappa_competenze(corsisti, titolo="Competenze dei corsisti").savefig(cartella / "profili-corsisti.png", dpi=110)
    scritti += [cartella / "profili-corsisti.csv", cartella / "profili-corsisti.png"]
    elenco = pd.DataFrame(elenco_corsisti)
    for per in ("ambito", "squadra"):
        if per in elenco.columns and elenco[per].astype(str).str.strip().ne("").any():
            gruppi = profilo_gruppi(voti, elenco, per=per)
            gruppi.to_csv(cartella / f"profili-{per}.csv", sep=";", decimal=",", index=False, encoding="utf-8-sig")
            titolo = "Competenze per Ambito" if per == "ambito" else "Competenze per squadra"
            mappa_competenze(gruppi, per=per, titolo=titolo).savefig(cartella / f"profili-{per}.png", dpi=110)
            scritti += [cartella / f"profili-{per}.csv", cartella / f"profili-{per}.png"]
    return scritti
