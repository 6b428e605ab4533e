"""Leggere un foglio Excel (.xlsx) come lo preparano gli uffici: righe di titolo, più fogli, celle miste.

>>> import io, openpyxl
>>> libro = openpyxl.Workbook()
>>> libro.active.title = "Spese"
>>> libro.create_sheet("Note").append(["appunti"])
>>> buffer = io.BytesIO(); libro.save(buffer)
>>> fogli_excel(buffer)
['Spese', 'Note']
"""

from __future__ import annotations

import datetime as dt
import numbers

import pandas as pd

from course.dati.lettura_formato import VALORI_MANCANTI, riga_intestazione
from course.dati.lettura_rapporto import Rapporto, nel
from course.errori import ErroreCorso, nomi_vicini

__all__ = ["fogli_excel", "scegli_foglio", "leggi_excel", "tipizza_colonne"]

_MANCANTI = {v.lower() for v in VALORI_MANCANTI}


def _nel_maiuscolo(nome_file: str) -> str:
    frase = nel(nome_file)
    return frase[:1].upper() + frase[1:]


def _apri(sorgente):
    import openpyxl
    from zipfile import BadZipFile

    try:
        return openpyxl.load_workbook(sorgente, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError) as errore:
        raise ErroreCorso(
            "Il file non è un foglio Excel .xlsx leggibile (forse è danneggiato, protetto da password "
            f"o è un vecchio .xls rinominato). Dettaglio: {errore}. Aprilo in Excel e salvalo di nuovo come .xlsx."
        ) from None


def _lettere_in_numero(lettere: str) -> int:
    numero = 0
    for c in lettere:
        numero = numero * 26 + (ord(c) - 64)
    return numero


def celle_unite(sorgente, foglio: str) -> list[tuple[int, int, int, int]]:
    """Le celle unite del foglio come (prima riga, prima colonna, ultima riga, ultima colonna), da 1.

    La lettura veloce di openpyxl (sola lettura) non le vede: si leggono dall'XML del foglio dentro il
    file .xlsx, che le elenca in fondo (``<mergeCell ref="A2:A5"/>``).
    """
    import re
    import zipfile

    if hasattr(sorgente, "seek"):
        sorgente.seek(0)
    try:
        with zipfile.ZipFile(sorgente) as z:
            libro = z.read("xl/workbook.xml").decode("utf-8", "replace")
            legami = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            ids = dict(re.findall(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"', libro))
            rid = ids.get(foglio.replace("&", "&amp;")) or ids.get(foglio)
            destinazioni = {a: b for a, b in re.findall(r'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"', legami)}
            destinazioni.update({a: b for b, a in re.findall(r'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"', legami)})
            if rid is None or rid not in destinazioni:
                return []
            percorso = destinazioni[rid].lstrip("/")
            percorso = percorso if percorso.startswith("xl/") else "xl/" + percorso
            if z.getinfo(percorso).file_size > 200_000_000:
                return []   # foglio enorme: non lo si rilegge tutto per cercare le celle unite
            xml = z.read(percorso).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return []
    finally:
        if hasattr(sorgente, "seek"):
            sorgente.seek(0)
    unite = []
    for c1, r1, c2, r2 in re.findall(r'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', xml):
        unite.append((int(r1), _lettere_in_numero(c1), int(r2), _lettere_in_numero(c2)))
    return unite


def _riempi_unite(righe: list[tuple], unite, rapporto: Rapporto) -> list[tuple]:
    """Le celle unite in verticale prendono il valore della prima riga (come le vede chi guarda il foglio)."""
    verticali = [u for u in unite if u[2] > u[0]]
    if not verticali:
        return righe
    righe = [list(r) for r in righe]
    riempite = 0
    for r1, c1, r2, _ in verticali:
        if r1 - 1 >= len(righe) or c1 - 1 >= len(righe[r1 - 1]):
            continue
        valore = righe[r1 - 1][c1 - 1]
        for r in range(r1, min(r2, len(righe))):
            if c1 - 1 < len(righe[r]) and righe[r][c1 - 1] is None:
                righe[r][c1 - 1] = valore
                riempite += 1
    if riempite:
        esempi = ", ".join(_riferimento(u) for u in verticali[:3])
        gruppi = "1 gruppo" if len(verticali) == 1 else f"{len(verticali)} gruppi"
        rapporto.nota("celle unite", f"{gruppi} di celle unite in verticale (es. {esempi}): ho ripetuto "
                                     f"il valore della prima cella nelle {riempite} celle sotto")
    return [tuple(r) for r in righe]


def _riferimento(unita) -> str:
    def lettere(n):
        testo = ""
        while n:
            n, resto = divmod(n - 1, 26)
            testo = chr(65 + resto) + testo
        return testo
    r1, c1, r2, c2 = unita
    return f"{lettere(c1)}{r1}:{lettere(c2)}{r2}"


def fogli_excel(sorgente) -> list[str]:
    """I nomi dei fogli di un file .xlsx, nell'ordine in cui compaiono."""
    libro = _apri(sorgente)
    try:
        return list(libro.sheetnames)
    finally:
        libro.close()


def scegli_foglio(nomi: list[str], foglio, *, nome_file: str) -> str:
    """Il nome del foglio richiesto (per nome o per posizione da 0), con i nomi vicini se sbagliato.

    >>> scegli_foglio(["Spese", "Patti"], "patti", nome_file="x.xlsx")
    'Patti'
    >>> scegli_foglio(["Spese", "Patti"], "Pati", nome_file="x.xlsx")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Nel file x.xlsx non c'è il foglio 'Pati'. Forse intendevi: Patti. Fogli presenti: «Spese» (foglio=0), «Patti» (foglio=1).
    """
    elenco = ", ".join(f"«{n}» (foglio={i})" for i, n in enumerate(nomi))
    if isinstance(foglio, bool) or not isinstance(foglio, (str, int)):
        raise ErroreCorso(f"foglio deve essere un nome (testo) o una posizione (numero da 0), non "
                          f"{type(foglio).__name__}. Fogli presenti: {elenco}.")
    if isinstance(foglio, int):
        if 0 <= foglio < len(nomi):
            return nomi[foglio]
        raise ErroreCorso(f"{_nel_maiuscolo(nome_file)} non c'è il foglio numero {foglio}: i fogli si contano da 0 "
                          f"e sono {len(nomi)}. Fogli presenti: {elenco}.")
    per_chiave = {n.strip().lower(): n for n in nomi}
    if foglio.strip().lower() in per_chiave:
        return per_chiave[foglio.strip().lower()]
    vicini = nomi_vicini(foglio, nomi, quanti=3) or nomi_vicini(foglio, nomi, quanti=1)
    forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
    raise ErroreCorso(f"{_nel_maiuscolo(nome_file)} non c'è il foglio {foglio!r}.{forse} Fogli presenti: {elenco}.")


def _pulisci(v):
    if isinstance(v, str):
        testo = v.strip()
        return None if testo.lower() in _MANCANTI else v
    return v


def _come_testo(v):
    """Una cella in una colonna mista diventa testo all'italiana, così la conversione è una sola."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, (dt.datetime, dt.date)):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, numbers.Number) and not isinstance(v, bool):
        return repr(v).replace(".", ",")
    return str(v)


def _colonna(valori: list) -> pd.Series:
    valori = [None if v is None or (isinstance(v, float) and v != v) else v for v in valori]
    pieni = [v for v in valori if v is not None]
    if not pieni:
        return pd.Series([float("nan")] * len(valori), dtype="float64")
    if all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in pieni):
        return pd.to_numeric(pd.Series(valori, dtype=object))
    if all(isinstance(v, (dt.datetime, dt.date)) for v in pieni):
        return pd.to_datetime(pd.Series(valori, dtype=object))
    if all(isinstance(v, str) for v in pieni) or all(isinstance(v, bool) for v in pieni):
        return pd.Series(valori)
    mista = pd.Series([_come_testo(v) for v in valori])
    mista.attrs["mista"] = True
    return mista


def leggi_excel(sorgente, *, foglio, nome_file: str, rapporto: Rapporto,
                intestazione: int | None = None) -> tuple[pd.DataFrame, list[str], dict]:
    """Legge un foglio: restituisce i dati (indice = numero di riga in Excel), l'intestazione e il formato."""
    libro = _apri(sorgente)
    try:
        nomi = list(libro.sheetnames)
        if foglio is None:
            scelto = nomi[0]
            if len(nomi) > 1:
                altri = ", ".join(f"«{n}»" for n in nomi[1:])
                rapporto.nota("fogli", f"il file ha {len(nomi)} fogli; ho letto il primo, «{scelto}». "
                                       f"Gli altri: {altri}. Per leggerne un altro usa foglio=\"{nomi[1]}\".")
        else:
            scelto = scegli_foglio(nomi, foglio, nome_file=nome_file)
        righe = [tuple(_pulisci(v) for v in r) for r in libro[scelto].iter_rows(values_only=True)]
    finally:
        libro.close()
    righe = _riempi_unite(righe, celle_unite(sorgente, scelto), rapporto)
    while righe and all(v is None for v in righe[-1]):
        righe.pop()
    salta = riga_intestazione(righe) if intestazione is None else intestazione
    if righe and salta >= len(righe):
        raise ErroreCorso(f"La riga di intestazione {salta + 1} non esiste: il foglio «{scelto}» ha {len(righe)} righe.")
    # Colonne vuote a sinistra (tabella che parte da C3): non contano, come in un CSV esportato.
    sinistra = min((next((i for i, v in enumerate(r) if v is not None), len(r)) for r in righe if any(
        v is not None for v in r)), default=0)
    righe = [r[sinistra:] for r in righe]
    larghezza = max((max((i + 1 for i, v in enumerate(r) if v is not None), default=0) for r in righe), default=0)
    testata = list(righe[salta]) if righe else []
    testata = [("" if v is None else str(v)) for v in testata[:larghezza]] + [""] * (larghezza - len(testata))
    dati = [tuple(r) + (None,) * (larghezza - len(r)) for r in righe[salta + 1:]]
    df = pd.DataFrame(dati, columns=range(larghezza), dtype=object, index=pd.RangeIndex(salta + 2, salta + 2 + len(dati)))
    return df, testata, {"foglio": scelto, "salta": salta}


def tipizza_colonne(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Dà a ogni colonna il suo tipo (numeri, date, testo); le colonne miste diventano testo all'italiana.

    Va chiamata dopo aver tolto righe vuote e «Totale», che altrimenti renderebbero miste le colonne.
    """
    colonne, miste = {}, []
    for nome in df.columns:
        colonne[nome] = _colonna(df[nome].tolist())
        colonne[nome].index = df.index
        if colonne[nome].attrs.pop("mista", False):
            miste.append(nome)
    return pd.DataFrame(colonne, index=df.index, columns=df.columns), miste
