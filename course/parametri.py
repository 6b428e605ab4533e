"""Le cifre delle regole (ore, soglie ISEE, importi, termini, rapporti LEPS) in un solo posto.

Ogni cifra sta in ``parametri.csv`` con unità, fonte e data da cui vale. Il codice e i notebook
la leggono per nome: quando un decreto cambia una regola, si aggiunge una riga al CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from course.date import leggi_data
from course.errori import ErroreCorso, nomi_vicini

__all__ = ["Parametro", "parametro", "parametro_per_date", "voce", "tabella_parametri", "PERCORSO_PARAMETRI"]

PERCORSO_PARAMETRI = Path(__file__).with_name("parametri.csv")


@dataclass(frozen=True)
class Parametro:
    """Una riga della tabella dei parametri, con il valore già convertito."""

    nome: str
    valore: object
    unita: str
    descrizione: str
    fonte: str
    valido_dal: dt.date


def _converti(testo: str, unita: str):
    if unita == "data":
        return dt.date.fromisoformat(testo)
    if unita == "elenco":
        return tuple(p.strip() for p in testo.split(";"))
    numero = float(testo)
    return int(numero) if numero.is_integer() else numero


@lru_cache(maxsize=1)
def _righe() -> tuple[Parametro, ...]:
    with PERCORSO_PARAMETRI.open(encoding="utf-8", newline="") as f:
        return tuple(
            Parametro(
                nome=r["nome"],
                valore=_converti(r["valore"], r["unita"]),
                unita=r["unita"],
                descrizione=r["descrizione"],
                fonte=r["fonte"],
                valido_dal=dt.date.fromisoformat(r["valido_dal"]),
            )
            for r in csv.DictReader(f)
        )


def voce(nome: str, *, alla_data: dt.date | str | None = None) -> Parametro:
    """La riga completa (valore, unità, fonte, validità) del parametro in vigore ``alla_data``.

    Senza data vale la riga più recente. Esempio:

    >>> voce("ore_mensili_minime").fonte
    "Allegato A «Azioni e attività da realizzare» dell'Ambito di Gagliano del Capo (ReD 3.0 II edizione)"
    """
    if not isinstance(nome, str):
        raise ErroreCorso(f"Il nome del parametro deve essere un testo, non {type(nome).__name__}.")
    righe = [r for r in _righe() if r.nome == nome]
    if not righe:
        tutti = sorted({r.nome for r in _righe()})
        vicini = nomi_vicini(nome, tutti)
        forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
        raise ErroreCorso(
            f"Parametro sconosciuto: {nome!r}.{forse} "
            "L'elenco completo si ottiene con course.parametri.tabella_parametri()."
        )
    if alla_data is None:
        return max(righe, key=lambda r: r.valido_dal)
    giorno = leggi_data(alla_data, cosa="la data (alla_data)").date()
    in_vigore = [r for r in righe if r.valido_dal <= giorno]
    if not in_vigore:
        prima = min(r.valido_dal for r in righe)
        raise ErroreCorso(
            f"Il parametro {nome!r} non era ancora in vigore il {giorno:%d/%m/%Y}: vale dal {prima:%d/%m/%Y}."
        )
    return max(in_vigore, key=lambda r: r.valido_dal)


def parametro(nome: str, *, alla_data: dt.date | str | None = None):
    """Il valore del parametro ``nome`` (in vigore ``alla_data``, se indicata).

    >>> parametro("ore_mensili_minime")
    62
    >>> parametro("isee_massimo_adi", alla_data="2024-06-30")
    9360
    >>> parametro("attivita_qualificanti")
    ('tirocinio', 'sussidiarietà', 'lavoro di comunità')
    >>> parametro("ore_mensili_minme")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Parametro sconosciuto: 'ore_mensili_minme'. Forse intendevi: ore_mensili_minime. L'elenco completo si ottiene con course.parametri.tabella_parametri().
    """
    return voce(nome, alla_data=alla_data).valore


def tabella_parametri():
    """Tutta la tabella dei parametri come DataFrame (una riga per parametro e data di validità).

    >>> t = tabella_parametri()
    >>> list(t.columns)
    ['nome', 'valore', 'unita', 'descrizione', 'fonte', 'valido_dal']
    """
    import pandas as pd

    return pd.DataFrame([r.__dict__ for r in _righe()])


def parametro_per_date(nome: str, date):
    """Il valore del parametro in vigore a ciascuna data di ``date`` (vettoriale, per colonne di date).

    >>> import pandas as pd
    >>> parametro_per_date("isee_massimo_adi", pd.to_datetime(["2024-05-01", "2025-02-01"])).tolist()
    [9360, 10140]
    """
    import numpy as np
    import pandas as pd

    voce(nome)  # errore in italiano se il nome non esiste
    righe = sorted((r for r in _righe() if r.nome == nome), key=lambda r: r.valido_dal)
    inizi = np.array([np.datetime64(r.valido_dal, "D") for r in righe])
    giorni = pd.to_datetime(pd.Series(date)).to_numpy().astype("datetime64[D]")
    posizione = np.searchsorted(inizi, giorni, side="right") - 1
    if (posizione < 0).any():
        raise ErroreCorso(
            f"Il parametro {nome!r} vale dal {righe[0].valido_dal:%d/%m/%Y}: alcune date sono precedenti."
        )
    return pd.Series(np.array([r.valore for r in righe])[posizione], index=getattr(date, "index", None))
