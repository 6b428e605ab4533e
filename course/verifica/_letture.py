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
    """La risposta come data (``Timestamp`` senza ore), con il lettore di date del corso (``course.date``).

    Accetta testo 31/03/2025, 1/3/25 o 2025-03-31, date e Timestamp; il giorno viene sempre prima del mese.
    """
    import pandas as pd

    from course.date import leggi_data as leggi
    from course.errori import ErroreCorso

    valore = risposta
    if isinstance(valore, pd.Series) and len(valore) == 1:
        valore = valore.iloc[0]
    esempio = "\"31/03/2025\" oppure pd.Timestamp(\"2025-03-31\")"
    if valore is None:
        c.male(f"Per {cosa} non c'è ancora una risposta: la variabile vale None.",
               suggerimento="Scrivi il tuo risultato al posto di None ed esegui di nuovo la cella.",
               specifico=True, peso=peso)
        return None
    try:
        return leggi(valore, cosa=cosa)
    except ErroreCorso as errore:
        from course.verifica.correzione import descrivi_tipo

        perche = str(errore) if isinstance(valore, str) else f"hai dato {descrivi_tipo(valore)}."
        c.male(f"Per {cosa} mi aspettavo una data: {perche}",
               suggerimento=f"Scrivi la data come {esempio}.", specifico=True, peso=peso)
        return None


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
