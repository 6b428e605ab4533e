"""I file del formatore (elenco dei corsisti, foglio delle domande aperte, elenchi di Moodle) letti con le regole del corso.

Un file salvato da Excel in italiano è spesso un CSV con punto e virgola e codifica cp1252 (Windows),
a volte un ``.xlsx``: :func:`leggi_foglio` li legge tutti con ``course.dati.leggi_tabella``, la stessa
lettura delle lezioni (codifica, separatore, righe vuote, intestazione), ma lascia **come testo** ogni
colonna (un identificativo «007» resta «007», un'e-mail resta un'e-mail). Le colonne di numeri indicate
con ``numeri=`` si leggono con la virgola decimale all'italiana.

>>> import io
>>> testo = "ID;Nome;E-mail;Punti\\nada;Ada;ada@example.org;2,5\\nbea;Bea;;\\n".encode("cp1252")
>>> [r["email"] for r in leggi_foglio(io.BytesIO(testo), cosa="elenco di prova")]
['ada@example.org', '']
>>> leggi_foglio(io.BytesIO(testo), cosa="elenco di prova", numeri=["punti"])[0]["punti"]
2.5
"""

from __future__ import annotations

import math
import numbers
from pathlib import Path

from course.errori import ErroreCorso

__all__ = ["leggi_foglio", "numero_italiano", "ALIAS"]

#: Nomi di colonna che vogliono dire la stessa cosa (dopo la normalizzazione di ``leggi_tabella``).
ALIAS = {"e_mail": "email", "indirizzo_email": "email", "mail": "email", "email_address": "email"}

_CACHE: dict = {}


def numero_italiano(valore) -> float | None:
    """Un numero scritto all'italiana («2,5», «2.5», «3») o già numero; ``None`` se la cella è vuota.

    >>> numero_italiano("2,5"), numero_italiano(" 3 "), numero_italiano(""), numero_italiano(1.5)
    (2.5, 3.0, None, 1.5)
    >>> numero_italiano("tre")
    Traceback (most recent call last):
    ...
    ValueError: «tre» non è un numero
    """
    if valore is None or (isinstance(valore, float) and math.isnan(valore)):
        return None
    if isinstance(valore, (int, float)):
        return float(valore)
    testo = str(valore).strip().replace("\u00a0", "")
    if not testo:
        return None
    if testo.count(",") == 1 and "." not in testo:
        testo = testo.replace(",", ".")
    try:
        return float(testo)
    except ValueError:
        raise ValueError(f"«{valore}» non è un numero") from None


def _come_testo(valore) -> str:
    if valore is None:
        return ""
    if isinstance(valore, float):
        if math.isnan(valore):
            return ""
        return str(int(valore)) if valore.is_integer() else str(valore)
    testo = str(valore)
    return "" if testo in ("nan", "NaT", "<NA>") else testo.strip()


def _chiave(percorso):
    if isinstance(percorso, (str, Path)):
        p = Path(percorso)
        try:
            st = p.stat()
        except OSError:
            return None
        return (str(p.resolve()), st.st_mtime_ns, st.st_size)
    return None


def leggi_foglio(percorso, *, cosa: str, obbligatorie=(), numeri=(), alias: dict | None = None) -> list[dict]:
    """Le righe di un file del formatore come dizionari ``{colonna: testo}`` (``""`` per le celle vuote).

    ``cosa`` dice negli errori di quale file si tratta («elenco dei corsisti»); ``obbligatorie`` sono le
    colonne senza cui il file non serve; ``numeri`` le colonne da leggere come numeri (``None`` se
    vuote; un testo che non è un numero resta testo e lo segnala chi usa il foglio). Ogni riga ha
    anche ``_riga``, il numero di riga come lo mostra Excel. I nomi delle colonne sono quelli di
    ``leggi_tabella`` (minuscole, senza accenti: «E-mail» → ``email``).
    """
    import io

    from course.dati.lettura import leggi_tabella

    chiave = _chiave(percorso)
    if chiave is not None and (chiave, cosa, tuple(numeri)) in _CACHE:
        return [dict(r) for r in _CACHE[(chiave, cosa, tuple(numeri))]]
    if hasattr(percorso, "read"):
        percorso = io.BytesIO(percorso.read())
    try:
        # prima lettura: solo per sapere i nomi delle colonne; la seconda lascia tutto come testo
        grezza = leggi_tabella(percorso, rapporto=False, impossibili="vuoti")
        if hasattr(percorso, "seek"):
            percorso.seek(0)
        testo = [c for c in grezza.columns if c not in set(numeri)]
        tabella = leggi_tabella(percorso, rapporto=False, impossibili="vuoti", colonne_testo=testo or None,
                                riga_file=True)
    except ErroreCorso as errore:
        raise ErroreCorso(f"Non riesco a leggere il {cosa}: {errore}") from None
    except (UnicodeDecodeError, OSError) as errore:
        raise ErroreCorso(f"Non riesco a leggere il {cosa} ({percorso}): {errore}. Salvalo di nuovo da Excel "
                          "come «CSV (delimitato dal separatore di elenco)» o come .xlsx.") from None
    nomi = {**ALIAS, **(alias or {})}
    tabella = tabella.rename(columns={c: nomi.get(c, c) for c in tabella.columns})
    mancanti = [c for c in obbligatorie if c not in tabella.columns]
    if mancanti:
        presenti = ", ".join(c for c in tabella.columns if c != "riga_file") or "nessuna"
        raise ErroreCorso(f"Nel {cosa} mancano le colonne: {', '.join(mancanti)}. Colonne presenti: {presenti}. "
                          "Controlla la prima riga del file (l'intestazione).")
    righe = []
    for record in tabella.to_dict("records"):
        riga = {"_riga": int(record.pop("riga_file"))}
        for colonna, valore in record.items():
            if colonna in numeri:
                vuoto = _come_testo(valore) == ""
                riga[colonna] = None if vuoto else float(valore) if isinstance(valore, numbers.Number) else _come_testo(valore)
            else:
                riga[colonna] = _come_testo(valore)
        righe.append(riga)
    if chiave is not None:
        _CACHE[(chiave, cosa, tuple(numeri))] = [dict(r) for r in righe]
    return righe
