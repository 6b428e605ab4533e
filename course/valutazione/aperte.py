"""Le domande aperte corrette in un foglio di calcolo, senza mai perdere un voto o un commento del formatore.

``esporta_aperte`` scrive ``esportazioni/aperte-<compito>.csv`` (per Excel: punto e virgola, UTF-8 con
BOM): una riga per risposta aperta, con corsista, domanda, risposta, rubrica, punti massimi, le colonne
``punti`` e ``commento`` da riempire (già riempite con ciò che è nel gradebook) e ``impronta``, che
identifica il testo della risposta. ``importa_aperte`` rilegge il file — anche salvato da Excel in
italiano (cp1252, punto e virgola) o come ``.xlsx`` — e scrive voti e commenti nel gradebook, come
nel formgrader; controlla tutte le righe e, se ce n'è anche una sola sbagliata, non scrive nulla.

Le regole che proteggono il lavoro del formatore:

- riesportare non cancella mai le celle già riempite e non ancora importate: restano nel foglio nuovo
  (e il foglio vecchio resta in ``esportazioni/copie/``);
- un commento vuoto nel foglio non cancella il commento nel gradebook;
- una risposta cambiata (il corsista ha consegnato di nuovo) **riapre** il suo voto: voto e commento
  di prima si conservano nello storico (``storico/aperte-<compito>.json``), ``stato`` lo dice e il
  foglio li mostra nella colonna ``nota``; un voto scritto per il testo vecchio non si importa sul nuovo.

>>> impronta_risposta("Una risposta  \\r\\ncon due righe\\n")
'r-93f42489e183'
>>> impronta_risposta("Una risposta\\ncon due righe")
'r-93f42489e183'
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from course import formato
from course.errori import ErroreCorso
from course.valutazione.corso import leggi_json, scrivi_json

__all__ = ["esporta_aperte", "importa_aperte", "trova_foglio", "riapri_cambiate", "riaperte", "celle_aperte",
           "risposte_aperte", "riapri_se_cambiate", "ripristina_riaperte", "impronta_risposta", "foglio_predefinito", "FoglioAperte", "COLONNE_APERTE"]

COLONNE_APERTE = ["studente", "nome", "grade_id", "domanda", "risposta", "rubrica", "massimo", "punti", "commento",
                  "impronta", "nota"]


def impronta_risposta(testo: str) -> str:
    """L'impronta del testo di una risposta (uguale anche dopo un passaggio in Excel: a capo e spazi finali non contano)."""
    righe = [r.rstrip() for r in str(testo or "").replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")]
    # «r-» davanti: Excel non la scambia mai per un numero (come farebbe con «12e45…»)
    return "r-" + hashlib.sha256("\n".join(righe).encode("utf-8")).hexdigest()[:12]


def foglio_predefinito(corso, compito: str) -> Path:
    """Dove sta il foglio delle aperte di ``compito`` se non se ne indica un altro."""
    return corso.esportazioni / f"aperte-{compito}.csv"


def celle_aperte(corso, compito: str) -> list[str]:
    """I ``grade_id`` delle risposte da correggere a mano (celle di risposta con punti) di ``compito``."""
    import nbformat

    nb = nbformat.read(str(corso.sorgente(compito)), as_version=4)
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") and c.metadata.get("nbgrader", {}).get("solution")]


def risposte_aperte(nb, celle) -> dict[str, str]:
    """Il testo delle risposte aperte ``celle`` in un notebook (grezzo o letto con nbformat)."""
    testi = {}
    for c in (nb or {}).get("cells", []):
        gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id") if isinstance(c.get("metadata"), dict) else None
        if gid in celle:
            s = c.get("source", "")
            testi[gid] = "".join(s) if isinstance(s, list) else str(s)
    return testi


def _leggi_notebook(percorso: Path):
    import json

    try:
        return json.loads(percorso.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None


def _risposte_correnti(corso, compito: str, studente: str, celle) -> dict[str, str]:
    """Le risposte aperte dell'ultima consegna raccolta (o, se manca, del notebook corretto)."""
    for percorso in (corso.sottomesso(studente, compito), corso.corretto(studente, compito)):
        if percorso.exists():
            return risposte_aperte(_leggi_notebook(percorso), celle)
    return {}


# --- lo storico dei voti riaperti --------------------------------------------------------------

def _storico(corso, compito: str) -> Path:
    return corso.radice / "storico" / f"aperte-{compito}.json"


def riaperte(corso, compito: str) -> dict[str, list[dict]]:
    """Le risposte riaperte perché cambiate e non ancora corrette di nuovo: ``{corsista: [voce dello storico]}``."""
    from course.valutazione.voti import voti_manuali

    storico = leggi_json(_storico(corso, compito), vuoto=[])
    if not storico:
        return {}
    manuali = voti_manuali(corso, compito)
    ultime = {(v["studente"], v["grade_id"]): v for v in storico}  # l'ultima riapertura di ogni risposta
    aperte: dict[str, list[dict]] = {}
    for (studente, gid), voce in ultime.items():
        if (studente, gid) not in manuali and not voce.get("ripristinato"):
            aperte.setdefault(studente, []).append(voce)
    return aperte


def riapri_cambiate(corso, compito: str, studente: str, prima: dict[str, str], dopo: dict[str, str], *,
                    motivo: str, gb=None) -> list[dict]:
    """Riapre le risposte aperte di ``studente`` il cui testo è cambiato da ``prima`` a ``dopo``.

    Per ognuna con un voto, un commento o punti extra nel gradebook: li salva nello storico e li toglie
    dal gradebook (la risposta torna «da correggere»). Restituisce le voci dello storico scritte.
    """
    from course.valutazione.gradebook import apri, voti_del_formatore

    dal_formatore = voti_del_formatore(corso, compito)
    cambiate = [g for g in dopo if g in prima and impronta_risposta(prima[g]) != impronta_risposta(dopo[g])
                and (studente, g) in dal_formatore]
    if not cambiate:
        return []
    adesso = dt.datetime.now().isoformat(timespec="seconds")
    voci = [{"studente": studente, "grade_id": g, "punti": dal_formatore[(studente, g)]["manuale"],
             "commento": dal_formatore[(studente, g)]["commento"], "extra": dal_formatore[(studente, g)]["extra"],
             "impronta_precedente": impronta_risposta(prima[g]), "impronta_nuova": impronta_risposta(dopo[g]),
             "quando": adesso, "motivo": motivo} for g in cambiate]
    storico = leggi_json(_storico(corso, compito), vuoto=[])
    scrivi_json(_storico(corso, compito), storico + voci)
    with (contextlib.nullcontext(gb) if gb is not None else apri(corso)) as aperto:
        for g in cambiate:
            voto = aperto.find_grade(g, compito, compito, studente)
            voto.manual_score, voto.extra_credit, voto.needs_manual_grade = None, None, True
            aperto.find_comment(g, compito, compito, studente).manual_comment = None
        aperto.db.commit()
    return voci


def riapri_se_cambiate(corso, compito: str, studente: str, corretto_prima, notebook_nuovo: str, *, gb=None) -> list[dict]:
    """Come :func:`riapri_cambiate`, confrontando il notebook già corretto (un percorso) con quello nuovo (testo JSON).

    Serve quando una consegna arriva senza passare da ``raccogli`` (ad esempio ``nbgrader collect`` sul hub).
    """
    import json

    corretto_prima = Path(corretto_prima)
    if not corretto_prima.exists():
        return []
    celle = celle_aperte(corso, compito)
    try:
        nuovo = json.loads(notebook_nuovo)
    except ValueError:
        return []
    return riapri_cambiate(corso, compito, studente, risposte_aperte(_leggi_notebook(corretto_prima), celle),
                           risposte_aperte(nuovo, celle), motivo="risposta cambiata nella consegna ricorretta", gb=gb)


def ripristina_riaperte(corso, compito: str, voci: list[dict]) -> int:
    """Rimette nel gradebook voti e commenti riaperti (per annullare una raccolta); solo dove nel frattempo non c'è altro."""
    from course.valutazione.gradebook import apri
    from course.valutazione.voti import voti_manuali

    manuali = voti_manuali(corso, compito)
    da_rimettere = [v for v in voci if (v["studente"], v["grade_id"]) not in manuali]
    if not da_rimettere:
        return 0
    with apri(corso) as gb:
        for v in da_rimettere:
            voto = gb.find_grade(v["grade_id"], compito, compito, v["studente"])
            voto.manual_score, voto.extra_credit = v["punti"], v.get("extra")
            voto.needs_manual_grade = v["punti"] is None
            if v.get("commento"):
                gb.find_comment(v["grade_id"], compito, compito, v["studente"]).manual_comment = v["commento"]
        gb.db.commit()
    storico = leggi_json(_storico(corso, compito), vuoto=[])
    chiavi = {(v["studente"], v["grade_id"], v["quando"]) for v in da_rimettere}
    for voce in storico:
        if (voce["studente"], voce["grade_id"], voce["quando"]) in chiavi:
            voce["ripristinato"] = dt.datetime.now().isoformat(timespec="seconds")
    scrivi_json(_storico(corso, compito), storico)
    return len(da_rimettere)


# --- il foglio di calcolo ----------------------------------------------------------------------

@dataclass
class FoglioAperte:
    """Il foglio scritto da :func:`esporta_aperte` e che cosa è successo alle celle che c'erano già."""

    percorso: Path
    righe: int = 0
    da_correggere: int = 0
    tenute: int = 0
    spostate: list[str] = field(default_factory=list)
    copia: Path | None = None
    non_riportate: list[str] = field(default_factory=list)


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


def _riempita(riga: dict) -> bool:
    return riga.get("punti") not in (None, "") or bool((riga.get("commento") or "").strip())


def _leggi_foglio_aperte(percorso: Path) -> list[dict]:
    from course.valutazione.fogli import leggi_foglio

    return leggi_foglio(percorso, cosa=f"foglio delle domande aperte ({percorso})", obbligatorie=["studente", "grade_id"],
                        numeri=["punti", "massimo"])


def _punti_testo(valore) -> str:
    from course.valutazione.fogli import numero_italiano

    try:
        return formato.numero(numero_italiano(valore), vuoto="")
    except ValueError:
        return str(valore)


def esporta_aperte(corso, compito: str, *, destinazione=None) -> FoglioAperte:
    """Scrive il foglio delle risposte aperte di ``compito`` (da correggere o già corrette) senza perdere nulla.

    Se il foglio c'è già, le celle ``punti`` e ``commento`` riempite e non ancora importate restano nel
    foglio nuovo (o, se nel frattempo la risposta è cambiata, finiscono nella colonna ``nota``) e il
    foglio vecchio si copia in ``esportazioni/copie/``.
    """
    from course.valutazione.voti import esiti, voti_manuali, commenti

    corso.controlla_compito(compito)
    domande, rubriche = _testi_del_sorgente(corso, compito)
    manuali, scritti = voti_manuali(corso, compito), commenti(corso, compito)
    storico = riaperte(corso, compito)
    elenco = {r["id"]: r for r in corso.corsisti()}
    righe = []
    for studente, esito in esiti(corso, compito).items():
        risposte = _risposte_correnti(corso, compito, studente, list(domande))
        nome = " ".join(x for x in (elenco.get(studente, {}).get("nome"), elenco.get(studente, {}).get("cognome")) if x)
        for c in esito.get("celle", []):
            gid = c["grade_id"]
            if gid not in domande:
                continue
            nota = ""
            for voce in storico.get(studente, []):
                if voce["grade_id"] == gid:
                    nota = (f"risposta cambiata ({voce['motivo']}): voto precedente {formato.numero(voce['punti'], vuoto='—')}"
                            + (f", commento precedente «{voce['commento']}»" if voce.get("commento") else ""))
            righe.append({"studente": studente, "nome": nome, "grade_id": gid, "domanda": domande[gid],
                          "risposta": risposte.get(gid, ""), "rubrica": rubriche[gid], "massimo": formato.numero(c["massimo"]),
                          "punti": formato.numero(manuali.get((studente, gid)), vuoto=""),
                          "commento": scritti.get((studente, gid), ""), "impronta": impronta_risposta(risposte.get(gid, "")),
                          "nota": nota})
    destinazione = Path(destinazione) if destinazione else foglio_predefinito(corso, compito)
    resoconto = FoglioAperte(destinazione, righe=len(righe))
    if destinazione.exists():
        _conserva_il_lavoro(corso, destinazione, righe, resoconto, manuali, scritti)
    resoconto.da_correggere = sum(1 for r in righe if not r["punti"])
    destinazione.parent.mkdir(parents=True, exist_ok=True)
    provvisorio = destinazione.with_name(f".{destinazione.name}.{os.getpid()}.tmp")
    with provvisorio.open("w", encoding="utf-8-sig", newline="") as f:
        scrittore = csv.DictWriter(f, fieldnames=COLONNE_APERTE, delimiter=";")
        scrittore.writeheader()
        scrittore.writerows(righe)
    os.replace(provvisorio, destinazione)
    return resoconto


def _conserva_il_lavoro(corso, destinazione: Path, righe: list[dict], resoconto: FoglioAperte, manuali, scritti) -> None:
    """Riporta nel foglio nuovo le celle riempite del foglio che c'è già; copia il vecchio in ``copie/``."""
    try:
        vecchie = _leggi_foglio_aperte(destinazione)
    except ErroreCorso:
        vecchie = []
        resoconto.non_riportate.append(f"il foglio {destinazione.name} non si legge: l'ho solo copiato")
    riempite = [r for r in vecchie if _riempita(r)]
    if riempite or not vecchie:
        copie = destinazione.parent / "copie"
        copie.mkdir(parents=True, exist_ok=True)
        resoconto.copia = copie / f"{destinazione.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}{destinazione.suffix}"
        shutil.copy2(destinazione, resoconto.copia)
    per_chiave = {(r["studente"], r["grade_id"]): r for r in righe}
    for vecchia in riempite:
        chiave = (vecchia["studente"], vecchia["grade_id"])
        nuova = per_chiave.get(chiave)
        punti, commento = _punti_testo(vecchia.get("punti")), (vecchia.get("commento") or "").strip()
        if nuova is None:
            resoconto.non_riportate.append(f"{chiave[0]} / {chiave[1]} (riga {vecchia['_riga']})")
            continue
        gia = (formato.numero(manuali.get(chiave), vuoto=""), scritti.get(chiave, ""))
        if (punti or gia[0], commento or gia[1]) == gia:
            continue  # già nel gradebook: niente da conservare
        stessa = not vecchia.get("impronta") or vecchia["impronta"] == nuova["impronta"]
        if stessa:
            nuova["punti"] = punti or nuova["punti"]
            nuova["commento"] = commento or nuova["commento"]
            resoconto.tenute += 1
        else:
            nuova["nota"] = ("risposta cambiata dopo che l'avevi corretta nel foglio: avevi scritto "
                             f"punti «{punti or '—'}», commento «{commento or '—'}»; " + nuova["nota"]).rstrip("; ")
            resoconto.spostate.append(f"{chiave[0]} / {chiave[1]}")


def trova_foglio(corso, compito: str, origine=None) -> Path:
    """Il foglio indicato (dalla cartella corrente, poi da ``esportazioni/`` e dalla cartella del corso) o quello predefinito."""
    if origine in (None, ""):
        candidati = [foglio_predefinito(corso, compito), foglio_predefinito(corso, compito).with_suffix(".xlsx")]
    else:
        origine = Path(origine).expanduser()
        candidati = [origine] if origine.is_absolute() else [Path.cwd() / origine, corso.esportazioni / origine,
                                                              corso.radice / origine, corso.esportazioni / origine.name]
    for c in candidati:
        if c.is_file():
            return c
    cercati = ", ".join(str(c) for c in dict.fromkeys(candidati))
    raise ErroreCorso(f"Non trovo il foglio delle domande aperte: ho cercato {cercati}. Per crearlo: "
                      f"«ambiti-lab valuta aperte {compito}» (lo scrive in {foglio_predefinito(corso, compito)}); "
                      f"poi, riempito: «ambiti-lab valuta aperte {compito} --importa».")


def importa_aperte(corso, compito: str, origine=None) -> dict:
    """Scrive nel gradebook i voti e i commenti delle risposte aperte del foglio ``origine`` (di norma quello esportato).

    Restituisce ``{"percorso", "scritti", "nuovi", "cambiati", "invariati", "commenti"}``: ``scritti`` sono
    i voti nuovi o cambiati, ``cambiati`` elenca ``(corsista, cella, prima, dopo)`` dei voti che c'erano
    già e sono stati cambiati, ``commenti`` i commenti nuovi o cambiati. Le righe con
    ``punti`` vuoto non cambiano il voto (ma un commento scritto si importa); un commento vuoto non
    cancella quello che c'è. Se anche una sola riga è sbagliata (punti non numerici o fuori scala,
    corsista o cella sconosciuti, risposta cambiata dopo l'esportazione) non si scrive nulla e l'errore
    elenca tutte le righe da sistemare.
    """
    from course.valutazione.fogli import numero_italiano
    from course.valutazione.gradebook import apri
    from course.valutazione.voti import commenti, esiti, voti_manuali

    corso.controlla_compito(compito)
    percorso = trova_foglio(corso, compito, origine)
    righe = _leggi_foglio_aperte(percorso)
    celle = celle_aperte(corso, compito)
    massimi = {(s, c["grade_id"]): float(c["massimo"]) for s, e in esiti(corso, compito).items()
               for c in e.get("celle", []) if c["grade_id"] in celle}
    correnti = {s: _risposte_correnti(corso, compito, s, celle) for s in {s for s, _ in massimi}}
    voti, problemi = [], []
    for r in righe:
        numero = r["_riga"]
        punti_grezzi, commento = r.get("punti"), (r.get("commento") or "").strip()
        if punti_grezzi in (None, "") and not commento:
            continue
        chiave = ((r.get("studente") or "").strip(), (r.get("grade_id") or "").strip())
        if chiave not in massimi:
            problemi.append(f"riga {numero}: {chiave[0]} / {chiave[1]} non è una risposta aperta corretta di {compito}")
            continue
        try:
            punti = numero_italiano(punti_grezzi)
        except ValueError:
            problemi.append(f"riga {numero}: punti «{punti_grezzi}» non è un numero (scrivi ad esempio 2,5)")
            continue
        if punti is not None and not 0 <= punti <= massimi[chiave]:
            problemi.append(f"riga {numero}: {formato.numero(punti)} punti, ma la domanda ne vale al massimo "
                            f"{formato.numero(massimi[chiave])}")
            continue
        impronta = (r.get("impronta") or "").strip()
        attuale = impronta_risposta(correnti.get(chiave[0], {}).get(chiave[1], ""))
        if impronta and impronta != attuale:
            problemi.append(f"riga {numero}: la risposta di {chiave[0]} è cambiata dopo l'esportazione (nuova consegna): "
                            "il voto era per il testo vecchio")
            continue
        voti.append((chiave, punti, commento))
    if problemi:
        rimedio = (" Per le risposte cambiate riesporta il foglio con «ambiti-lab valuta aperte "
                   f"{compito}» (i voti già scritti restano) e correggi il testo nuovo."
                   if any("è cambiata" in p for p in problemi) else "")
        raise ErroreCorso(f"Nel file {percorso} ci sono {len(problemi)} problemi, non ho scritto nessun voto: "
                          + "; ".join(problemi) + "." + rimedio)
    prima, scritti = voti_manuali(corso, compito), commenti(corso, compito)
    esito = {"percorso": percorso, "scritti": 0, "nuovi": 0, "cambiati": [], "invariati": 0, "commenti": 0}
    with apri(corso) as gb:
        for (studente, grade_id), punti, commento in voti:
            vecchio = prima.get((studente, grade_id))
            if punti is not None and vecchio is not None and abs(vecchio - punti) <= 1e-9:
                esito["invariati"] += 1
            elif punti is not None:
                voto = gb.find_grade(grade_id, compito, compito, studente)
                voto.manual_score = punti
                voto.needs_manual_grade = False
                esito["scritti"] += 1
                if vecchio is None:
                    esito["nuovi"] += 1
                else:
                    esito["cambiati"].append((studente, grade_id, vecchio, punti))
            if commento and commento != scritti.get((studente, grade_id), ""):
                gb.find_comment(grade_id, compito, compito, studente).manual_comment = commento
                esito["commenti"] += 1
        gb.db.commit()
    return esito
