"""Piccoli aiuti per scrivere le spiegazioni: nomi simili, elenchi brevi, l'ultima riga tecnica."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

__all__ = ["normale", "vicini", "elenco", "tecnico", "tabella_pandas", "serie_pandas"]


def normale(nome) -> str:
    """Il nome senza accenti, maiuscole, spazi e trattini: per riconoscere `conformità` ≈ `conformita`.

    >>> normale("Conformità Mensile"), normale("data-inizio")
    ('conformita_mensile', 'data_inizio')
    """
    testo = unicodedata.normalize("NFKD", str(nome))
    testo = "".join(ch for ch in testo if not unicodedata.combining(ch))
    return "_".join(testo.lower().replace("-", " ").split())


def vicini(nome, candidati: Iterable, *, quanti: int = 3, soglia: float = 0.7) -> list[str]:
    """I candidati più simili a ``nome``: prima quelli uguali a meno di accenti e maiuscole.

    >>> vicini("conformità", ["conformita", "conta"])
    ['conformita']
    >>> vicini("data_inizo", ["data_inizio", "data_fine", "ore"], quanti=1)
    ['data_inizio']
    >>> vicini("zzz", ["ambito"])
    []
    """
    per_normale: dict[str, str] = {}
    for c in candidati:
        per_normale.setdefault(normale(c), str(c))
    chiave = normale(nome)
    if chiave in per_normale and per_normale[chiave] != str(nome):
        return [per_normale[chiave]]
    simili = difflib.get_close_matches(chiave, list(per_normale), n=quanti, cutoff=soglia)
    return [per_normale[s] for s in simili if per_normale[s] != str(nome)]


def elenco(valori: Iterable, *, massimo: int = 10) -> str:
    """Un elenco breve tra apici inversi: `a`, `b`, … (altri 3).

    >>> elenco(["a", "b", "c"], massimo=2)
    '`a`, `b`, … (altri 1)'
    """
    valori = [str(v) for v in valori]
    testo = ", ".join(f"`{v}`" for v in valori[:massimo])
    return testo + (f", … (altri {len(valori) - massimo})" if len(valori) > massimo else "")


def tecnico(errore: BaseException) -> str:
    """L'ultima riga del messaggio di Python, accorciata: quella che si cerca in rete o si mostra al formatore.

    >>> tecnico(KeyError("data_inizo"))
    "KeyError: 'data_inizo'"
    """
    testo = str(errore) if not isinstance(errore, KeyError) else repr(errore.args[0]) if errore.args else ""
    testo = testo.strip().splitlines()[0] if testo.strip() else ""
    if len(testo) > 200:
        testo = testo[:199] + "…"
    return f"{type(errore).__name__}: {testo}" if testo else type(errore).__name__


def _di_pandas(oggetto, nome_classe: str) -> bool:
    # Si guarda la classe per nome: le spiegazioni non importano pandas (chi non lo usa non lo carica).
    tipo = type(oggetto)
    return tipo.__module__.startswith("pandas") and any(k.__name__ == nome_classe for k in tipo.__mro__)


def tabella_pandas(oggetto) -> bool:
    """Vero se ``oggetto`` è una tabella pandas (DataFrame), senza importare pandas."""
    return _di_pandas(oggetto, "DataFrame")


def serie_pandas(oggetto) -> bool:
    """Vero se ``oggetto`` è una colonna pandas (Series), senza importare pandas."""
    return _di_pandas(oggetto, "Series")
