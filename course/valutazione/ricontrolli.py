"""Le consegne segnalate che il formatore ha ricontrollato, una per una.

Una consegna segnalata (tempo scaduto, celle di test toccate, tentativi non consentiti…) aspetta la
decisione del formatore. Con ``ambiti-lab valuta ricontrolla <compito> <corsista>`` il formatore dice
«l'ho guardata, il punteggio va bene»: da quel momento la consegna conta come corretta (in ``stato``,
nel riscontro, negli export e nella colonna «Flagged?» del formgrader), anche dopo una nuova correzione
**dello stesso file**. Se il corsista consegna un file nuovo, il ricontrollo non vale più (è un'altra
consegna) e la segnalazione torna, se c'è.

Il registro sta in ``ricontrolli/<compito>.json``: per corsista l'impronta SHA-256 della consegna
ricontrollata, la data, la nota del formatore e i motivi che aveva visto.

>>> esito = {"stato": "segnalato", "motivi": ["tempo scaduto nella cella 7"], "sha256_originale": "abc"}
>>> applica_ricontrollo(esito, {"sha256": "abc", "quando": "2026-03-02T10:00:00", "nota": "ciclo lento, va bene"})["stato"]
'corretto'
>>> applica_ricontrollo(esito, {"sha256": "def", "quando": "2026-03-02T10:00:00"})["stato"]
'segnalato'
"""

from __future__ import annotations

import datetime as dt

from course.errori import ErroreCorso
from course.valutazione.corso import leggi_json, nome_valido, scrivi_json
from course.valutazione.gradebook import imposta_segnalazione

__all__ = ["ricontrolla", "annulla_ricontrollo", "ricontrolli", "applica_ricontrollo", "e_ricontrollata"]


def _registro(corso, compito: str):
    return corso.radice / "ricontrolli" / f"{compito}.json"


def ricontrolli(corso, compito: str) -> dict[str, dict]:
    """I ricontrolli registrati per ``compito``: ``{corsista: {"sha256", "quando", "nota", "motivi"}}``."""
    return leggi_json(_registro(corso, compito), vuoto={})


def applica_ricontrollo(esito: dict, voce: dict | None) -> dict:
    """L'esito come lo vede il corso dopo il ricontrollo (una copia); invariato se ``voce`` non vale per questa consegna."""
    esito = dict(esito)
    if voce and voce.get("sha256") == esito.get("sha256_originale") and esito.get("stato") == "segnalato":
        esito.update(stato="corretto", ricontrollata=voce, motivi_ricontrollati=list(esito.get("motivi", [])), motivi=[])
    elif voce and voce.get("sha256") != esito.get("sha256_originale"):
        esito["ricontrollo_precedente"] = voce
    return esito


def e_ricontrollata(corso, compito: str, studente: str, sha256: str | None) -> bool:
    """Vero se il formatore ha ricontrollato proprio questa consegna (stessa impronta)."""
    voce = ricontrolli(corso, compito).get(studente)
    return bool(voce and sha256 and voce.get("sha256") == sha256)


def ricontrolla(corso, compito: str, studente: str, *, nota: str = "") -> dict:
    """Registra che il formatore ha ricontrollato la consegna segnalata di ``studente``; restituisce la voce scritta."""
    corso.controlla_compito(compito)
    nome_valido(studente, cosa="corsista")
    esito = leggi_json(corso.esito(studente, compito))
    if esito is None:
        raise ErroreCorso(f"{studente} non ha ancora un esito per {compito}: prima «ambiti-lab valuta correggi {compito}».")
    if esito.get("stato") != "segnalato":
        raise ErroreCorso(f"La consegna di {studente} per {compito} non è segnalata: non c'è niente da ricontrollare.")
    voce = {"sha256": esito.get("sha256_originale"), "quando": dt.datetime.now().isoformat(timespec="seconds"),
            "nota": nota.strip(), "motivi": list(esito.get("motivi", []))}
    registro = ricontrolli(corso, compito)
    registro[studente] = voce
    scrivi_json(_registro(corso, compito), registro)
    imposta_segnalazione(corso, compito, studente, False)
    return voce


def annulla_ricontrollo(corso, compito: str, studente: str) -> bool:
    """Toglie il ricontrollo di ``studente`` (la consegna torna segnalata); falso se non c'era."""
    corso.controlla_compito(compito)
    registro = ricontrolli(corso, compito)
    if registro.pop(studente, None) is None:
        return False
    scrivi_json(_registro(corso, compito), registro)
    esito = leggi_json(corso.esito(studente, compito), vuoto={})
    imposta_segnalazione(corso, compito, studente, esito.get("stato") == "segnalato")
    return True
