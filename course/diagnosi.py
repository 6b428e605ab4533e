"""Diagnosi dell'installazione (``ambiti-lab verifica``): versioni, pacchetto della lingua, kernel, dati.

>>> esiti = controlli()
>>> {e.nome for e in esiti} >= {"Python", "Dati del corso"}
True
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import metadata

from course.avvio import RIMEDIO_ROOT, come_root, utente_non_ammesso

__all__ = ["Controllo", "controlli", "diagnostica"]

MINIMI = {"jupyterlab": "4.2", "pandas": "2.2", "ipywidgets": "8", "matplotlib": "3.8",
          "openpyxl": "3.1"}
#: Pacchetti dei gruppi facoltativi: il corsista non li ha e va bene così (si dice solo a che cosa servono).
FACOLTATIVI = {"nbgrader": ("0.9.5", "formatore", "serve solo ai formatori, per compiti e correzione"),
               "pyarrow": ("15", "parquet", "serve solo per i file Parquet (dati di scala «nazione»)")}


@dataclass
class Controllo:
    """L'esito di un controllo: nome, se è andato bene, cosa si è visto e cosa fare se non va."""

    nome: str
    ok: bool
    dettaglio: str
    rimedio: str = ""


def _versione(pacchetto: str) -> str | None:
    try:
        return metadata.version(pacchetto)
    except metadata.PackageNotFoundError:
        return None


def _almeno(versione: str, minimo: str) -> bool:
    def numeri(v):
        return tuple(int("".join(ch for ch in p if ch.isdigit()) or 0) for p in v.split(".")[:3])
    return numeri(versione) >= numeri(minimo)


def controlli() -> list[Controllo]:
    """Esegue tutti i controlli e restituisce gli esiti (senza stampare nulla)."""
    esiti = [Controllo("Python", sys.version_info >= (3, 10), sys.version.split()[0],
                       "installa Python 3.10 o più recente da python.org")]
    if come_root():
        esiti.append(Controllo(
            "Utente", not utente_non_ammesso(),
            "root (amministratore)" + (", permesso da AMBITI_LAB_CONSENTI_ROOT=1" if not utente_non_ammesso()
                                       else ": «ambiti-lab avvia» non parte così"),
            RIMEDIO_ROOT))
    for pacchetto, minimo in MINIMI.items():
        v = _versione(pacchetto)
        esiti.append(Controllo(pacchetto, v is not None and _almeno(v, minimo), v or "non installato",
                               f"reinstalla il corso: pip install --upgrade ambiti-lab (serve {pacchetto} ≥ {minimo})"))
    for pacchetto, (minimo, gruppo, perche) in FACOLTATIVI.items():
        v = _versione(pacchetto)
        esiti.append(Controllo(
            pacchetto, v is None or _almeno(v, minimo),
            v or f"non installato: {perche}",
            f'aggiorna il gruppo facoltativo: pip install --upgrade "ambiti-lab[{gruppo}]" (serve {pacchetto} ≥ {minimo})'))
    lingua = _versione("jupyterlab-language-pack-it-IT") or _versione("jupyterlab_language_pack_it_IT")
    esiti.append(Controllo("Interfaccia in italiano", lingua is not None, lingua or "pacchetto della lingua assente",
                           "pip install jupyterlab-language-pack-it-IT"))
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        kernel = "python3" in KernelSpecManager().find_kernel_specs()
    except Exception:  # noqa: BLE001 - qualsiasi guasto qui vuol dire «kernel non disponibile»
        kernel = False
    esiti.append(Controllo("Kernel Python per i notebook", kernel, "python3" if kernel else "non trovato",
                           "python -m ipykernel install --sys-prefix"))
    try:
        from course.dati.caricamento import cartella_dati, metadati

        info = metadati()
        esiti.append(Controllo("Dati del corso", bool(info), f"{cartella_dati()} (scala {info.get('scala', '?')})",
                               "rigenera i dati con «ambiti-lab dati genera»"))
    except Exception as errore:  # noqa: BLE001
        esiti.append(Controllo("Dati del corso", False, str(errore), "rigenera i dati con «ambiti-lab dati genera»"))
    return esiti


def diagnostica() -> int:
    """Stampa l'esito dei controlli in italiano e i passi successivi; restituisce 0 se è tutto a posto."""
    esiti = controlli()
    print("Controllo dell'installazione di ambiti-lab\n")
    for e in esiti:
        print(f"  {'✓' if e.ok else '✗'} {e.nome}: {e.dettaglio}")
    problemi = [e for e in esiti if not e.ok]
    if not problemi:
        print("\nTutto a posto. Per iniziare il corso: ambiti-lab avvia")
        return 0
    print("\nCosa fare:")
    for e in problemi:
        print(f"  - {e.nome}: {e.rimedio}")
    return 1
