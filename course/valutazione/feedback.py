"""Il riscontro per ogni corsista: una pagina HTML in italiano, con i punti per esercizio e per competenza.

A differenza del feedback predefinito di nbgrader, la pagina **non mostra i test nascosti né le
soluzioni**: le celle di test tornano come nella versione per i corsisti, il risultato interno
della verifica (la risposta codificata e il numero dei punti) viene tolto, e degli errori nelle
celle di test restano solo il tipo e il messaggio, senza il traceback (che citerebbe il codice nascosto).
"""

from __future__ import annotations

import copy
import html

from course import formato

__all__ = ["feedback", "feedback_compito", "notebook_riscontro"]


def _punti(x) -> str:
    return formato.numero(x)


def _intestazione(esito: dict, profilo, titolo: str, nome: str) -> str:
    righe = [f"# Riscontro – {titolo}", "", f"**Corsista:** {nome}  ",
             f"**Punteggio:** {_punti(esito['punti_finali'])} su {_punti(esito['massimo'])}", ""]
    if esito.get("stato") == "segnalato":
        righe += ["> ⚠️ La consegna è stata segnalata al formatore, che la ricontrollerà:", ">"]
        righe += [f"> - {m}" for m in esito.get("motivi", [])]
        righe.append("")
    if esito.get("da_correggere"):
        righe += [f"Alcune risposte aperte aspettano ancora la correzione del formatore ({len(esito['da_correggere'])}).", ""]
    if not profilo.empty:
        from course.valutazione.profili import COMPETENZE

        righe += ["## Le tue competenze", "", "| Competenza | Punti | Su | Quota | Livello |", "|---|---:|---:|---:|---|"]
        for r in profilo.itertuples():
            righe.append(f"| {r.competenza} – {COMPETENZE.get(r.competenza, '')} | {_punti(r.punti)} | {_punti(r.massimo)} | "
                         f"{formato.percentuale(r.quota, da_quota=True, decimali=0)} | {r.livello} |")
        righe += ["", "Le soglie dei livelli (base e piena) sono quelle stabilite per il corso. "
                  "Qui sotto trovi il tuo notebook con il punteggio di ogni esercizio."]
    return "\n".join(righe)


def notebook_riscontro(corretto, rilascio, esito: dict, profilo, *, titolo: str, nome: str):
    """Il notebook del riscontro: intestazione con le competenze, celle di test ripulite, punti dopo ogni cella."""
    import nbformat

    from course.valutazione.codifica import MIME_RISPOSTA

    visibili = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in rilascio.cells
                if c.metadata.get("nbgrader", {}).get("grade_id")}
    per_cella = {c["grade_id"]: c for c in esito.get("celle", [])}
    nb = copy.deepcopy(corretto)
    celle = [nbformat.v4.new_markdown_cell(_intestazione(esito, profilo, titolo, nome))]
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
            if c.get("competenze"):
                testo += f" · competenze {', '.join(c['competenze'])}"
            if finale is None:
                testo += " · in attesa della correzione del formatore"
            elif c.get("nota") and c.get("nota") != "da correggere a mano":
                testo += f" · {c['nota']}"
            celle.append(nbformat.v4.new_markdown_cell(f"<div style='background:#eef6fb;padding:0.3em 0.6em'>{testo}</div>"))
    nb.cells = celle
    for i, c in enumerate(nb.cells):
        c["id"] = f"riscontro-{i:03d}"
    spec = corretto.metadata.get("kernelspec") or {}
    valido = isinstance(spec, dict) and spec.get("name") and spec.get("display_name")
    nb.metadata = {"language_info": {"name": "python"}, **({"kernelspec": dict(spec)} if valido else {})}
    return nb


def feedback(corso, compito: str, studente: str, *, esportatore=None):
    """Scrive ``feedback/<corsista>/<compito>/<compito>.html`` e ne restituisce il percorso."""
    import nbformat
    import pandas as pd

    from course.valutazione.profili import profilo_corsisti
    from course.valutazione.voti import esiti, tabella_voti

    esito = copy.deepcopy(esiti(corso, compito).get(studente))
    if esito is None:
        from course.errori import ErroreCorso

        raise ErroreCorso(f"{studente} non ha ancora un esito per {compito}: esegui prima «ambiti-lab valuta correggi {compito}».")
    voti = tabella_voti(corso, compito)
    voti = voti[voti["studente"] == studente]
    finali = dict(zip(voti["grade_id"], [None if d else p for p, d in zip(voti["punti"], voti["da_correggere"])]))
    for c in esito.get("celle", []):
        c["punti_finali"] = finali.get(c["grade_id"], c["punti"])
    esito["punti_finali"] = round(sum(c["punti_finali"] or 0 for c in esito.get("celle", [])), 4)
    esito["da_correggere"] = [c["grade_id"] for c in esito.get("celle", []) if c["punti_finali"] is None]
    profilo = profilo_corsisti(voti) if not voti.empty else pd.DataFrame()
    rilascio = nbformat.read(str(corso.rilascio(compito)), as_version=4)
    percorso_corretto = corso.corretto(studente, compito)
    corretto = _leggi_corretto(percorso_corretto, esito)
    dati = {r["id"]: r for r in corso.corsisti()}.get(studente, {})
    nome = " ".join(x for x in (dati.get("nome"), dati.get("cognome")) if x) or studente
    titolo = rilascio.metadata.get("ambiti_lab", {}).get("titolo", compito)
    nb = notebook_riscontro(corretto, rilascio, esito, profilo, titolo=titolo, nome=html.escape(nome))
    segreti = _segreti(corso, compito)
    _togli_segreti(nb, segreti)
    esportatore = esportatore or _esportatore()
    corpo, _ = esportatore.from_notebook_node(nb)
    corpo = corpo.replace('<html>', '<html lang="it">', 1)
    for segreto in segreti:  # ultima rete: nessun frammento dei test nascosti nella pagina, in nessuna forma
        for forma in {segreto, html.escape(segreto), html.escape(segreto, quote=False)}:
            corpo = corpo.replace(forma, _TOLTO)
    destinazione = corso.pagina_feedback(studente, compito)
    destinazione.parent.mkdir(parents=True, exist_ok=True)
    destinazione.write_text(corpo, encoding="utf-8")
    return destinazione


_TOLTO = "[testo tolto: conteneva parti nascoste della verifica]"


def _leggi_corretto(percorso, esito: dict):
    """Il notebook corretto; se manca o non si legge, un notebook che lo dice in italiano (il riscontro si scrive lo stesso)."""
    import nbformat

    motivi = "".join(f"\n- {m}" for m in esito.get("motivi", []))
    if not percorso.exists():
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
            "**Il notebook consegnato non si poteva leggere**, quindi qui non ci sono le tue celle." + motivi)])
    try:
        nb = nbformat.read(str(percorso), as_version=4)
        nbformat.validate(nb)
        return nb
    except Exception as errore:  # noqa: BLE001 - un notebook rovinato diventa una spiegazione, non un crash
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
            "**Il notebook corretto non è valido** e non si può mostrare cella per cella "
            f"({type(errore).__name__}: {html.escape(str(errore).splitlines()[0][:200])}). Il punteggio qui sopra vale lo stesso; "
            "chiedi al formatore se serve rivedere la consegna." + motivi)])


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

    esportatore = HTMLExporter(template_name="lab")
    esportatore.exclude_input_prompt = True
    esportatore.exclude_output_prompt = True
    return esportatore


def feedback_compito(corso, compito: str, *, studenti=None) -> dict:
    """Il riscontro di tutti i corsisti corretti di ``compito``: ``{"scritti": [...], "errori": {studente: motivo}}``."""
    from course.valutazione.voti import esiti

    esportatore = _esportatore()
    risultato = {"scritti": [], "errori": {}}
    for studente in sorted(esiti(corso, compito)):
        if studenti and studente not in studenti:
            continue
        try:
            risultato["scritti"].append(str(feedback(corso, compito, studente, esportatore=esportatore)))
        except Exception as errore:  # noqa: BLE001 - un riscontro guasto non ferma gli altri
            risultato["errori"][studente] = f"{type(errore).__name__}: {str(errore)[:200]}"
    return risultato
