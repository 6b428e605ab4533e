"""Il riscontro per ogni corsista: una pagina HTML in italiano, con i punti per esercizio e per competenza.

A differenza del feedback predefinito di nbgrader, la pagina **non mostra i test nascosti né le
soluzioni**: le celle di test tornano come nella versione per i corsisti, il risultato interno
della verifica (la risposta codificata e il numero dei punti) viene tolto, e degli errori nelle
celle di test restano solo il tipo e il messaggio, senza il traceback (che citerebbe il codice nascosto).

Dopo ogni esercizio la pagina mostra i punti, gli eventuali punti extra e il **commento del formatore**
(scritto nel formgrader o nel foglio delle aperte). I motivi di una segnalazione sono scritti con le
parole del corsista («la verifica dell'esercizio 4.2»), non con i codici delle celle.

Ogni riscontro scritto lascia la sua impronta in ``riscontri/<compito>.json``: se poi cambia un voto,
un commento o la consegna, :func:`stato_riscontri` dice «da rifare» invece di «pronto».
"""

from __future__ import annotations

import copy
import hashlib
import html
import json

from course import formato
from course.valutazione.motivi import in_parole

__all__ = ["feedback", "feedback_compito", "notebook_riscontro", "impronte_riscontri", "stato_riscontri", "dati_riscontri"]


def _punti(x) -> str:
    return formato.numero(x)


def _intestazione(esito: dict, profilo, titolo: str, nome: str, celle: list | None = None) -> str:
    extra = esito.get("extra") or 0
    punteggio = f"**Punteggio:** {_punti(esito['punti_finali'])} su {_punti(esito['massimo'])}"
    if extra:
        punteggio += f" (compresi {_punti(extra)} punti extra dati dal formatore)" if extra != 1 else \
            " (compreso 1 punto extra dato dal formatore)"
    righe = [f"# Riscontro – {titolo}", "", f"**Corsista:** {nome}  ", punteggio, ""]
    if esito.get("stato") == "segnalato":
        righe += ["> ⚠️ La consegna è stata segnalata al formatore, che la ricontrollerà:", ">"]
        righe += [f"> - {html.escape(in_parole(m, celle))}" for m in esito.get("motivi", [])]
        righe.append("")
    if esito.get("da_correggere"):
        righe += [f"Alcune risposte aperte aspettano ancora la correzione del formatore ({len(esito['da_correggere'])}).", ""]
    if not profilo.empty:
        from course.valutazione.profili import COMPETENZE

        righe += ["## Le tue competenze", "", "| Competenza | Punti | Su | Quota | Livello |", "|---|---:|---:|---:|---|"]
        uno_solo = False
        for r in profilo.itertuples():
            segno = ""
            if getattr(r, "esercizi", 2) == 1:
                segno, uno_solo = " *", True
            righe.append(f"| {r.competenza} – {COMPETENZE.get(r.competenza, '')} | {_punti(r.punti)} | {_punti(r.massimo)} | "
                         f"{formato.percentuale(r.quota, da_quota=True, decimali=0)} | {r.livello}{segno} |")
        if uno_solo:
            righe += ["", "\\* In questo compito la competenza è misurata da un solo esercizio: prendi il livello come "
                      "un'indicazione, non come un giudizio."]
        righe += ["", "Le soglie dei livelli (base e piena) sono quelle stabilite per il corso. "
                  "Qui sotto trovi il tuo notebook con il punteggio di ogni esercizio e i commenti del formatore."]
    return "\n".join(righe)


def notebook_riscontro(corretto, rilascio, esito: dict, profilo, *, titolo: str, nome: str):
    """Il notebook del riscontro: intestazione con le competenze, celle di test ripulite, punti dopo ogni cella."""
    import nbformat

    from course.valutazione.codifica import MIME_RISPOSTA

    visibili = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in rilascio.cells
                if c.metadata.get("nbgrader", {}).get("grade_id")}
    per_cella = {c["grade_id"]: c for c in esito.get("celle", [])}
    nb = copy.deepcopy(corretto)
    ordine = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb.cells]
    celle = [nbformat.v4.new_markdown_cell(_intestazione(esito, profilo, titolo, nome, ordine))]
    for cella in nb.cells:
        nbg = cella.get("metadata", {}).get("nbgrader", {})
        gid = nbg.get("grade_id")
        e_test = cella.cell_type == "code" and nbg.get("grade") and not nbg.get("solution")
        if e_test or (nbg.get("locked") and gid in visibili):
            cella.source = visibili.get(gid, "# (cella di verifica)")
        if e_test:
            pulite = []
            for out in cella.get("outputs", []):
                if out.get("output_type") == "execute_result" or MIME_RISPOSTA in out.get("data", {}):
                    continue
                if out.get("output_type") == "error":
                    out = nbformat.v4.new_output("stream", name="stderr",
                                                 text=f"La verifica si è fermata con un errore: {out.get('ename')}: {out.get('evalue')}\n")
                pulite.append(out)
            cella.outputs = pulite
        cella.metadata = {}
        celle.append(cella)
        if gid in per_cella:
            c = per_cella[gid]
            finale = c.get("punti_finali", c["punti"])
            testo = f"<b>Punti: {_punti(finale)} su {_punti(c['massimo'])}</b>"
            if c.get("extra"):
                testo += f" (di cui {_punti(c['extra'])} extra)"
            if c.get("competenze"):
                testo += f" · competenze {', '.join(c['competenze'])}"
            if finale is None:
                testo += " · in attesa della correzione del formatore"
            elif c.get("nota") and c.get("nota") != "da correggere a mano":
                testo += f" · {html.escape(in_parole(c['nota'], ordine))}"
            if c.get("commento"):
                commento = html.escape(c["commento"]).replace("\r\n", "\n").replace("\n", "<br>")
                testo += f"<br>💬 <b>Commento del formatore:</b> {commento}"
            celle.append(nbformat.v4.new_markdown_cell(f"<div style='background:#eef6fb;padding:0.3em 0.6em'>{testo}</div>"))
    nb.cells = celle
    for i, c in enumerate(nb.cells):
        c["id"] = f"riscontro-{i:03d}"
    spec = corretto.metadata.get("kernelspec") or {}
    valido = isinstance(spec, dict) and spec.get("name") and spec.get("display_name")
    nb.metadata = {"language_info": {"name": "python"}, **({"kernelspec": dict(spec)} if valido else {})}
    return nb


def dati_riscontri(corso, compito: str) -> dict:
    """Ciò che serve a tutti i riscontri di un compito, letto una volta sola."""
    from course.valutazione.voti import esiti, tabella_voti

    return {"esiti": esiti(corso, compito), "voti": tabella_voti(corso, compito),
            "corsisti": {r["id"]: r for r in corso.corsisti()}}


def _nome(dati: dict, studente: str) -> str:
    r = dati["corsisti"].get(studente, {})
    return " ".join(x for x in (r.get("nome"), r.get("cognome")) if x) or studente


def _impronta(esito: dict, voti, nome: str) -> str:
    """L'impronta di ciò che il riscontro mostra: consegna, stato, motivi, nome e, per cella, punti, extra e commento."""
    celle = sorted((r.grade_id, round(float(r.punti), 4), bool(r.da_correggere), round(float(r.extra), 4), r.commento)
                   for r in voti.itertuples())
    contenuto = {"consegna": esito.get("sha256_originale"), "stato": esito.get("stato"), "motivi": esito.get("motivi", []),
                 "nome": nome, "celle": celle}
    return hashlib.sha256(json.dumps(contenuto, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()[:16]


def impronte_riscontri(corso, compito: str, *, dati: dict | None = None) -> dict[str, str]:
    """Per ogni corsista con un esito, l'impronta che avrebbe il suo riscontro scritto adesso."""
    dati = dati or dati_riscontri(corso, compito)
    voti = dati["voti"]
    return {s: _impronta(e, voti[voti["studente"] == s], _nome(dati, s)) for s, e in dati["esiti"].items()}


def _registro(corso, compito: str):
    return corso.radice / "riscontri" / f"{compito}.json"


def stato_riscontri(corso, compito: str, *, dati: dict | None = None) -> dict[str, str]:
    """Per ogni corsista con un esito: «pronto» (la pagina mostra i voti di adesso), «da rifare» o «mancante»."""
    from course.valutazione.corso import leggi_json

    scritti = leggi_json(_registro(corso, compito), vuoto={})
    risultato = {}
    for studente, impronta in impronte_riscontri(corso, compito, dati=dati).items():
        if not corso.pagina_feedback(studente, compito).exists():
            risultato[studente] = "mancante"
        else:
            risultato[studente] = "pronto" if scritti.get(studente, {}).get("impronta") == impronta else "da rifare"
    return risultato


def _annota_scritto(corso, compito: str, impronte: dict[str, str]) -> None:
    import datetime as dt

    from course.valutazione.corso import leggi_json, scrivi_json

    registro = leggi_json(_registro(corso, compito), vuoto={})
    adesso = dt.datetime.now().isoformat(timespec="seconds")
    registro.update({s: {"impronta": i, "scritto": adesso} for s, i in impronte.items()})
    scrivi_json(_registro(corso, compito), registro)


def feedback(corso, compito: str, studente: str, *, esportatore=None, dati: dict | None = None, annota: bool = True):
    """Scrive ``feedback/<corsista>/<compito>/<compito>.html`` e ne restituisce il percorso."""
    import nbformat
    import pandas as pd

    from course.valutazione.profili import profilo_corsisti

    dati = dati or dati_riscontri(corso, compito)
    esito = copy.deepcopy(dati["esiti"].get(studente))
    if esito is None:
        from course.errori import ErroreCorso

        raise ErroreCorso(f"{studente} non ha ancora un esito per {compito}: esegui prima «ambiti-lab valuta correggi {compito}».")
    voti = dati["voti"][dati["voti"]["studente"] == studente]
    impronta = _impronta(esito, voti, _nome(dati, studente))
    finali = dict(zip(voti["grade_id"], [None if d else p for p, d in zip(voti["punti"], voti["da_correggere"])]))
    dal_formatore = {r.grade_id: (r.commento, r.extra) for r in voti.itertuples()}
    for c in esito.get("celle", []):
        c["punti_finali"] = finali.get(c["grade_id"], c["punti"])
        c["commento"], c["extra"] = dal_formatore.get(c["grade_id"], ("", 0.0))
    esito["extra"] = round(sum(c["extra"] or 0 for c in esito.get("celle", [])), 4)
    esito["punti_finali"] = round(sum(c["punti_finali"] or 0 for c in esito.get("celle", [])), 4)
    esito["da_correggere"] = [c["grade_id"] for c in esito.get("celle", []) if c["punti_finali"] is None]
    profilo = profilo_corsisti(voti) if not voti.empty else pd.DataFrame()
    rilascio = nbformat.read(str(corso.rilascio(compito)), as_version=4)
    percorso_corretto = corso.corretto(studente, compito)
    corretto = _leggi_corretto(percorso_corretto, esito)
    nome = _nome(dati, studente)
    titolo = rilascio.metadata.get("ambiti_lab", {}).get("titolo", compito)
    nb = notebook_riscontro(corretto, rilascio, esito, profilo, titolo=titolo, nome=html.escape(nome))
    segreti = _segreti(corso, compito)
    _togli_segreti(nb, segreti)
    esportatore = esportatore or _esportatore()
    corpo, _ = esportatore.from_notebook_node(nb)
    corpo = corpo.replace('<html>', '<html lang="it">', 1)
    corpo = corpo.replace("</head>", _COMMENTI_LEGGIBILI + "</head>", 1)
    for segreto in segreti:  # ultima rete: nessun frammento dei test nascosti nella pagina, in nessuna forma
        for forma in {segreto, html.escape(segreto), html.escape(segreto, quote=False)}:
            corpo = corpo.replace(forma, _TOLTO)
    destinazione = corso.pagina_feedback(studente, compito)
    destinazione.parent.mkdir(parents=True, exist_ok=True)
    destinazione.write_text(corpo, encoding="utf-8")
    if annota:
        _annota_scritto(corso, compito, {studente: impronta})
    return destinazione


_TOLTO = "[testo tolto: conteneva parti nascoste della verifica]"
# I commenti nel codice del modello «lab» di nbconvert hanno poco contrasto sul fondo grigio: più scuri
# (≥ 4,5:1, WCAG 2.1 AA).
_COMMENTI_LEGGIBILI = "<style>:root { --jp-mirror-editor-comment-color: #2e5c5c; }</style>"


def _leggi_corretto(percorso, esito: dict):
    """Il notebook corretto; se manca o non si legge, un notebook che lo dice in italiano (il riscontro si scrive lo stesso)."""
    import nbformat

    motivi = "".join(f"\n- {html.escape(in_parole(m))}" for m in esito.get("motivi", []))
    if not percorso.exists():
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
            "**Il notebook consegnato non si poteva leggere**, quindi qui non ci sono le tue celle." + motivi)])
    try:
        nb = nbformat.read(str(percorso), as_version=4)
        nbformat.validate(nb)
        return nb
    except Exception:  # noqa: BLE001 - un notebook rovinato diventa una spiegazione, non un crash
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
            "**Il notebook corretto non è valido** (la sua struttura non è quella di un notebook di Jupyter) e non si "
            "può mostrare cella per cella. Il punteggio qui sopra vale lo stesso; chiedi al formatore se serve rivedere "
            "la consegna." + motivi)])


def _segreti(corso, compito: str) -> list[str]:
    import nbformat

    from course.valutazione.genera import frammenti_segreti

    try:
        return frammenti_segreti(nbformat.read(str(corso.sorgente(compito)), as_version=4))
    except Exception:  # noqa: BLE001 - senza sorgente non ci sono segreti da cercare
        return []


def _togli_segreti(nb, segreti) -> None:
    """Toglie da ogni output ogni testo che contiene un frammento dei test nascosti o delle soluzioni."""
    if not segreti:
        return
    for cella in nb.cells:
        for out in cella.get("outputs", []):
            testo = out.get("text", "") if isinstance(out.get("text", ""), str) else "".join(out.get("text", ""))
            if any(s in testo for s in segreti):
                out["text"] = _TOLTO + "\n"
            for tipo, valore in list(out.get("data", {}).items()):
                if isinstance(valore, str) and any(s in valore for s in segreti):
                    out["data"][tipo] = _TOLTO
            if out.get("output_type") == "error" and any(s in str(out.get("traceback", "")) + str(out.get("evalue", ""))
                                                         for s in segreti):
                out["traceback"], out["evalue"] = [], _TOLTO


def _esportatore():
    from nbconvert import HTMLExporter

    esportatore = HTMLExporter(template_name="lab", language_code="it")  # <html lang="it"> (WCAG 3.1.1)
    esportatore.exclude_input_prompt = True
    esportatore.exclude_output_prompt = True
    return esportatore


def feedback_compito(corso, compito: str, *, studenti=None) -> dict:
    """Il riscontro di tutti i corsisti corretti di ``compito``: ``{"scritti": [...], "errori": {studente: motivo}}``."""
    esportatore = _esportatore()
    dati = dati_riscontri(corso, compito)
    impronte = impronte_riscontri(corso, compito, dati=dati)
    risultato = {"scritti": [], "errori": {}}
    scritti = {}
    for studente in sorted(dati["esiti"]):
        if studenti and studente not in studenti:
            continue
        try:
            risultato["scritti"].append(str(feedback(corso, compito, studente, esportatore=esportatore, dati=dati,
                                                     annota=False)))
            scritti[studente] = impronte[studente]
        except Exception as errore:  # noqa: BLE001 - un riscontro guasto non ferma gli altri
            risultato["errori"][studente] = f"{type(errore).__name__}: {str(errore)[:200]}"
    _annota_scritto(corso, compito, scritti)
    return risultato
