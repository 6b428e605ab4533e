"""Piccole funzioni comuni ai benchmark: salvataggio dei risultati nello stesso formato."""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

RISULTATI = Path(__file__).with_name("risultati")


def salva(nome: str, *, descrizione: str, valore: float, base: float, obiettivo, unita: str,
          superato: bool | None = None, **altro) -> dict:
    """Scrive ``risultati/<nome>.json`` con valore, riferimento, rapporto e obiettivo; restituisce il dizionario.

    ``superato`` sostituisce il confronto rapporto ≤ obiettivo quando l'obiettivo è assoluto.
    """
    import pandas as pd

    rapporto = valore / base if base else float("nan")
    dati = {"nome": nome, "descrizione": descrizione, "valore": round(valore, 4), "base": round(base, 4),
            "rapporto": round(rapporto, 3), "obiettivo": obiettivo,
            "superato": bool(rapporto <= obiettivo) if superato is None else bool(superato),
            "unita": unita, **altro, "pandas": pd.__version__, "python": platform.python_version()}
    RISULTATI.mkdir(exist_ok=True)
    (RISULTATI / f"{nome}.json").write_text(json.dumps(dati, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(dati, indent=2, ensure_ascii=False), file=sys.stdout)
    return dati


def scalda_memoria(gb: float = 4.0) -> float:
    """Tocca ``gb`` GB di memoria in un processo usa e getta e restituisce i secondi impiegati.

    Su questa macchina virtuale la prima scrittura in una pagina di memoria mai usata dall'avvio costa
    circa 2 secondi per GB (la memoria dell'ospite viene assegnata solo allora); una pagina già usata e
    liberata costa meno di un decimo. Senza questo passo il primo programma che chiede molta memoria
    paga un costo che non dipende dal suo codice. Si fa una volta, prima di misurare, per tutti i
    concorrenti allo stesso modo.
    """
    import subprocess
    import time

    inizio = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import numpy; numpy.ones(int({gb} * 2**30 // 8))"], check=True)
    return time.perf_counter() - inizio
