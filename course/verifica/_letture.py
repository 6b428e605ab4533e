"""Letture tolleranti usate dalle verifiche dei moduli 02–08: date, elenchi di codici, dati del corso.

Come i metodi della ``Correzione``, non sollevano mai eccezioni per colpa della risposta: annotano
il problema e restituiscono ``None``.

>>> from course.verifica.correzione import Correzione
>>> c = Correzione("9.9", "Prova")
>>> leggi_data("31/03/2025", c, cosa="la scadenza")
Timestamp('2025-03-31 00:00:00')
>>> leggi_data(12, c, cosa="la scadenza") is None
True
"""

from __future__ import annotations

import datetime as dt

__all__ = ["leggi_data", "leggi_codici", "dati"]


def leggi_data(risposta, c, *, cosa: str, peso: float = 1.0):
    """La risposta come data (``Timestamp`` senza ore); accetta testo AAAA-MM-GG o GG/MM/AAAA, date e Timestamp."""
    import numpy as np
    import pandas as pd

    valore = risposta
    if isinstance(valore, pd.Series) and len(valore) == 1:
        valore = valore.iloc[0]
    esempio = "pd.Timestamp(\"2025-03-31\") oppure \"2025-03-31\""
    if valore is None:
        c.male(f"Per {cosa} non c'è ancora una risposta: la variabile vale None.",
               suggerimento="Scrivi il tuo risultato al posto di None ed esegui di nuovo la cella.",
               specifico=True, peso=peso)
        return None
    giorno = pd.NaT
    if isinstance(valore, str):
        testo = valore.strip()
        formato = "%d/%m/%Y" if "/" in testo else "%Y-%m-%d"
        giorno = pd.to_datetime(testo[:10], format=formato, errors="coerce")
    elif isinstance(valore, (pd.Timestamp, dt.date, np.datetime64)):
        giorno = pd.Timestamp(valore)
    if pd.isna(giorno):
        from course.verifica.correzione import descrivi_tipo

        c.male(f"Per {cosa} mi aspettavo una data, ma hai dato {descrivi_tipo(valore)}"
               + (" che non riesco a leggere come data." if isinstance(valore, str) else "."),
               suggerimento=f"Scrivi la data come {esempio}.", specifico=True, peso=peso)
        return None
    return giorno.tz_localize(None).normalize() if giorno.tzinfo else giorno.normalize()


def leggi_codici(risposta, c, *, cosa: str, colonna: str | None = None, esempio: str = "PAT-…",
                 peso: float = 1.0) -> list[str] | None:
    """La risposta come elenco ordinato di codici (testi); accetta lista, tupla, Series, Index o tabella con ``colonna``.

    >>> from course.verifica.correzione import Correzione
    >>> leggi_codici(("A", "B"), Correzione("9.9", "Prova"), cosa="i casi")
    ['A', 'B']
    """
    import pandas as pd

    valore = risposta
    if isinstance(valore, pd.DataFrame) and colonna is not None and colonna in valore.columns:
        valore = valore[colonna]
    if isinstance(valore, (pd.Series, pd.Index)):
        valore = valore.tolist()
    if isinstance(valore, (list, tuple)) and all(isinstance(v, str) for v in valore):
        return [v.strip() for v in valore]
    from course.verifica.correzione import descrivi_tipo

    if valore is None:
        c.male(f"Per {cosa} non c'è ancora una risposta: la variabile vale None.",
               suggerimento="Scrivi il tuo risultato al posto di None ed esegui di nuovo la cella.",
               specifico=True, peso=peso)
        return None
    dove = f" (o la colonna {colonna} della tabella)" if colonna else ""
    c.male(f"Per {cosa} mi aspettavo un elenco di codici tra virgolette{dove}, ma hai dato {descrivi_tipo(valore)}.",
           suggerimento=f"Metti i codici tra parentesi quadre, ciascuno tra virgolette: [\"{esempio}\", \"{esempio}\"]; "
                        "da una tabella si ottengono con .tolist().", specifico=True, peso=peso)
    return None


_CACHE: dict[tuple, object] = {}


def dati(tabella: str):
    """La tabella sintetica che il corsista ha caricato con ``course.dati.carica`` (stessa cartella).

    Le tabelle lette restano in memoria finché la cartella e i suoi file non cambiano: una verifica
    rilanciata dieci volte non rilegge dieci volte le attività mensili. Chi la usa non deve modificarla.
    """
    from course.dati import carica
    from course.dati.caricamento import cartella_dati

    cartella = cartella_dati()
    impronta = tuple(sorted((f.name, f.stat().st_mtime_ns) for f in cartella.glob(f"{tabella}.*")))
    chiave = (tabella, str(cartella.resolve()), impronta)
    if chiave not in _CACHE:
        if len(_CACHE) >= 12:
            _CACHE.clear()
        _CACHE[chiave] = carica(tabella)
    return _CACHE[chiave]
