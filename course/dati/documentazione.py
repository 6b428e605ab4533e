"""Documentazione dei dati derivata dagli schemi: ``datapackage.json`` (Frictionless) e dizionario in italiano.

Gli schemi sono la sola fonte: un test controlla che i file in ``datasets/`` siano aggiornati.

>>> pacchetto = datapackage()
>>> [r["name"] for r in pacchetto["resources"]][:2]
['operatori', 'nuclei']
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from course.dati.tabelle import TABELLE

__all__ = ["datapackage", "dizionario_markdown", "aggiorna_documentazione"]

DESCRIZIONI_TABELLE = {
    "operatori": "Operatori sociali dell'Ambito (assistenti sociali, educatori, psicologi, amministrativi) con tempo pieno equivalente: serve per il rapporto LEPS.",
    "nuclei": "Nuclei familiari che hanno chiesto una misura di sostegno (ReD o ADI), con codice pseudonimo.",
    "domande": "Una domanda per nucleo: data, esito dell'istruttoria e motivo.",
    "patti": "Prese in carico dei nuclei ammessi: case manager e date di ogni fase, fino alla chiusura con esito.",
    "attivita_mensili": "Attività del Patto mese per mese: tipo, ore previste, ore svolte, assenze giustificate e non.",
    "azioni_ets": "Azioni del Piano operativo con gli Enti del Terzo settore: tipologia, ente, budget, spesa, destinatari.",
    "obiettivi": "Obiettivi del piano della performance di ogni Ambito.",
    "cronoprogramma": "Attività di ogni obiettivo con avanzamento e date previste ed effettive.",
    "indicatori": "Indicatori di ogni obiettivo con tipo, polarità, valore previsto e raggiunto.",
    "buone_pratiche": "Candidature alla banca dati regionale delle buone pratiche, con i dati per l'istruttoria.",
}
TIPI_FRICTIONLESS = {"testo": "string", "categoria": "string", "intero": "integer", "numero": "number",
                     "data": "date", "sì/no": "boolean"}
INIZIO, FINE = "<!-- dizionario:inizio -->", "<!-- dizionario:fine -->"


def _vincoli(colonna) -> dict:
    vincoli = {"required": colonna.obbligatoria}
    if colonna.unica:
        vincoli["unique"] = True
    if colonna.ammessi is not None:
        vincoli["enum"] = list(colonna.ammessi)
    if colonna.forma is not None:
        vincoli["pattern"] = colonna.forma.strip("^$")
    for chiave, limite in (("minimum", colonna.minimo), ("maximum", colonna.massimo)):
        if limite is not None:
            vincoli[chiave] = limite.strftime("%Y-%m-%d") if colonna.tipo == "data" else limite
    return vincoli


def datapackage(*, file: dict[str, str] | None = None) -> dict:
    """Il descrittore Frictionless (Data Package con Table Schema) delle tabelle sintetiche."""
    from course.dati.schemi import colonne

    file = file or {}
    risorse = []
    for tabella in TABELLE:
        campi = []
        for nome, colonna in colonne(tabella).items():
            campo = {"name": nome, "type": TIPI_FRICTIONLESS[colonna.tipo],
                     "description": colonna.descrizione, "constraints": _vincoli(colonna)}
            if colonna.unita:
                campo["unit"] = colonna.unita
            campi.append(campo)
        percorso = file.get(tabella, f"sintetici/regione/{tabella}.csv")
        risorse.append({
            "name": tabella, "path": percorso, "format": "csv", "encoding": "utf-8",
            **({"compression": "gz"} if percorso.endswith(".gz") else {}),
            "description": DESCRIZIONI_TABELLE[tabella],
            "schema": {"fields": campi, "missingValues": [""]},
        })
    return {
        "name": "ambiti-lab-dati-sintetici",
        "title": "Dati sintetici del corso ambiti-lab (scala regione, seme 1)",
        "description": "Dati inventati su nuclei, prese in carico, attività e piani dei 45 Ambiti territoriali "
                       "sociali della Puglia. Nessun dato riguarda persone reali.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribuzione 4.0"}],
        "resources": risorse,
    }


def dizionario_markdown() -> str:
    """Il dizionario dei dati in Markdown: una tabella per ogni tabella sintetica."""
    from course.dati.schemi import colonne

    parti = []
    for tabella in TABELLE:
        parti.append(f"### `{tabella}`\n\n{DESCRIZIONI_TABELLE[tabella]}\n")
        parti.append("| colonna | tipo | obbligatoria | descrizione | valori ammessi |\n|---|---|---|---|---|")
        for nome, colonna in colonne(tabella).items():
            v = _vincoli(colonna)
            ammessi = ", ".join(v["enum"]) if "enum" in v else (
                f"da {v.get('minimum', '…')} a {v.get('maximum', '…')}" if "minimum" in v or "maximum" in v else "")
            if v.get("unique"):
                ammessi = (ammessi + "; " if ammessi else "") + "unico"
            unita = f" ({colonna.unita})" if colonna.unita else ""
            parti.append(f"| `{nome}` | {colonna.tipo}{unita} | {'sì' if v['required'] else 'no'} | "
                         f"{colonna.descrizione} | {ammessi} |")
        parti.append("")
    return "\n".join(parti)


def aggiorna_documentazione(cartella: str | Path) -> list[Path]:
    """Riscrive ``datapackage.json`` e la sezione generata di ``README.md`` in ``cartella`` (di solito datasets/)."""
    cartella = Path(cartella)
    regione = cartella / "sintetici" / "regione"
    file = {t: next((f"sintetici/regione/{p.name}" for p in sorted(regione.glob(f"{t}.*"))), f"sintetici/regione/{t}.csv")
            for t in TABELLE}
    pacchetto = cartella / "datapackage.json"
    pacchetto.write_text(json.dumps(datapackage(file=file), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    leggimi = cartella / "README.md"
    testo = leggimi.read_text(encoding="utf-8")
    nuovo = re.sub(f"{re.escape(INIZIO)}.*{re.escape(FINE)}", lambda _: f"{INIZIO}\n{dizionario_markdown()}\n{FINE}",
                   testo, flags=re.S)
    leggimi.write_text(nuovo, encoding="utf-8")
    return [pacchetto, leggimi]
