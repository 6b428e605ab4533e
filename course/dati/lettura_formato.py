"""Riconoscere il formato di un file di testo (codifica, separatore, intestazione, virgola decimale) e leggerlo.

Il formato si deduce da un campione iniziale; poi il file intero si legge con una sola chiamata
a ``pandas.read_csv`` (il suo lettore in C fa il lavoro pesante).

>>> codifica_di("Città".encode("cp1252"))
('cp1252', 'cp1252 (Windows)')
>>> separatore_di(["a;b;c", "1,5;2;3", "4;5,5;6"])
';'
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

import pandas as pd

from course.errori import ErroreCorso

__all__ = [
    "SEPARATORI", "VALORI_MANCANTI", "codifica_di", "separatore_di", "riga_intestazione",
    "FormatoTesto", "riconosci_formato", "leggi_csv",
]

SEPARATORI = {";": "';'", ",": "','", "\t": "tabulazione", "|": "'|'"}

#: Scritture che in un file italiano vogliono dire «dato mancante» (oltre alla cella vuota).
#: «NA» non c'è di proposito: è la sigla della provincia di Napoli.
VALORI_MANCANTI = [
    "", "n.d.", "N.D.", "n.d", "N.D", "nd", "ND", "Nd", "n/d", "N/D", "n.a.", "N.A.", "-", "--", "---",
    "—", "–", "#N/D", "#N/A", "NaN", "nan",
]

_MANCANTI_MINUSCOLI = {v.lower() for v in VALORI_MANCANTI}
_NUM_IT = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_VIRGOLA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})*|\d+),\d+")
_MIGLIAIA = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
_PUNTO_DEC = re.compile(r"[+-]?\d*\.\d+")
_CIFRE_ZERO = re.compile(r"0\d+")
_MIGLIAIA_VIRGOLA = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+")

_NON_CP1252 = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_RIGHE_CAMPIONE = 2000
_RIGHE_SEPARATORE = 300  # per il separatore bastano le prime righe
_BYTE_CAMPIONE = 1 << 18


def codifica_di(grezzo: bytes) -> tuple[str, str]:
    """La codifica di un file: (nome per Python, nome da mostrare). UTF-8 si prova in modo rigoroso.

    >>> codifica_di(b"\\xef\\xbb\\xbfcitt\\xc3\\xa0")
    ('utf-8-sig', 'UTF-8 con BOM')
    >>> codifica_di("città".encode())
    ('utf-8', 'UTF-8')
    """
    if grezzo.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "UTF-16 (testo Unicode di Excel)"
    bom = grezzo.startswith(codecs.BOM_UTF8)
    try:
        grezzo.decode("utf-8")
        return ("utf-8-sig", "UTF-8 con BOM") if bom else ("utf-8", "UTF-8")
    except UnicodeDecodeError:
        pass
    # cp1252 non definisce solo cinque byte: cercarli è molto più rapido che decodificare tutto il file.
    if any(bytes([b]) in grezzo for b in _NON_CP1252):
        return "latin-1", "latin-1 (ISO-8859-1)"
    return "cp1252", "cp1252 (Windows)"


def _campi(righe: list[str], sep: str) -> list[list[str]]:
    return list(csv.reader(righe, delimiter=sep))


def separatore_di(righe: list[str]) -> str | None:
    """Il separatore più coerente nel campione (stesso numero di campi su quasi tutte le righe).

    ``None`` se il file sembra avere una sola colonna.

    >>> separatore_di(["nome\\tvalore", "a\\t1,5", "b\\t2"])
    '\\t'
    >>> separatore_di(["nome", "Bari"]) is None
    True
    """
    piene = [r for r in righe if r.strip()]
    migliore, punteggio_migliore = None, (0.0, 1)
    for sep in SEPARATORI:
        conteggi = pd.Series([len(c) for c in _campi(piene, sep)])
        if conteggi.empty or conteggi.max() < 2:
            continue
        moda = int(conteggi.mode().max())
        coerenza = round(float((conteggi == moda).mean()), 2)
        if moda >= 2 and (coerenza, moda) > punteggio_migliore:
            migliore, punteggio_migliore = sep, (coerenza, moda)
    return migliore


def riga_intestazione(righe: list[list]) -> int:
    """Indice (da 0) della riga di intestazione: la prima riga «piena» sotto eventuali righe di titolo.

    Una riga di titolo ha poche celle piene (spesso una sola); l'intestazione ne ha almeno metà
    della riga più larga tra le prime 30.

    >>> riga_intestazione([["Comune di Bari", None, None], [None, None, None], ["a", "b", "c"], [1, 2, 3]])
    2
    >>> riga_intestazione([["Periodo:", "2024", None, None], ["a", "b", "c", "d"], [1, 2, 3, 4]])
    1
    """
    def piene(r):
        return sum(1 for v in r if v is not None and str(v).strip() != "")

    conteggi = [piene(r) for r in righe[:30]]
    if not conteggi or max(conteggi) == 0:
        return 0
    larghezza = max(conteggi)
    soglia = 1 if larghezza == 1 else max(2, -(-larghezza // 2))
    for i, n in enumerate(conteggi):
        if n < soglia:
            continue
        # «Periodo: | 2024» sopra una tabella stretta: due celle, poi una riga con almeno due celle in più.
        dopo = next((m for m in conteggi[i + 1:] if m), 0)
        if n <= 2 and dopo >= n + 2:
            continue
        return i
    return 0


@dataclass
class FormatoTesto:
    """Quello che il campione dice del file: serve per la lettura completa e per il rapporto."""

    codifica: str
    nome_codifica: str
    separatore: str
    salta: int
    intestazione: list[str]
    decimale: str = "."
    migliaia: str | None = None
    colonne_testo: set[int] = field(default_factory=set)
    colonne_virgola: set[int] = field(default_factory=set)
    colonne_migliaia: set[int] = field(default_factory=set)
    colonne_punto: set[int] = field(default_factory=set)
    colonne_codici: set[int] = field(default_factory=set)
    nota_decimale: str = ""
    una_colonna: bool = False


def _decidi_decimale(formato: FormatoTesto, colonne: list[list[str]]) -> None:
    """Virgola o punto decimale? Decide sull'evidenza del campione e lo scrive nella nota.

    Il campione è piccolo (poche migliaia di righe): qui bastano liste ed espressioni regolari.
    """
    virgola = punto = migliaia = 0
    for i, valori in enumerate(colonne):
        # «n.d.» ha dei punti, ma non è un numero
        v = [x.strip() for x in valori if x.strip().lower() not in _MANCANTI_MINUSCOLI]
        n_virgola = sum(1 for x in v if _VIRGOLA.fullmatch(x))
        n_migliaia = sum(1 for x in v if _MIGLIAIA.fullmatch(x))
        n_punto = sum(1 for x in v if _PUNTO_DEC.fullmatch(x)) - n_migliaia
        virgola, punto, migliaia = virgola + n_virgola, punto + n_punto, migliaia + n_migliaia
        if n_virgola:
            formato.colonne_virgola.add(i)
        if n_migliaia or any(_MIGLIAIA_VIRGOLA.fullmatch(x) for x in v):
            formato.colonne_migliaia.add(i)
        # Valori con il punto che non sono numeri all'italiana («1.5», «01.02.2024», «12.30»): con
        # thousands="." il lettore in C li renderebbe numeri sbagliati (01.02.2024 → 1022024).
        if any("." in x and not _NUM_IT.fullmatch(x) for x in v):
            formato.colonne_punto.add(i)
        # Codici con zeri iniziali (CAP, codici ISTAT integri...): restano testo, per non perdere gli zeri.
        if v and all(x.isascii() and x.isdigit() for x in v) and any(_CIFRE_ZERO.fullmatch(x) for x in v):
            formato.colonne_testo.add(i)
            formato.colonne_codici.add(i)
    if virgola and not punto or (migliaia and not punto and formato.separatore == ";"):
        formato.decimale, formato.migliaia = ",", "."
        formato.nota_decimale = "virgola decimale e punto delle migliaia"
        formato.colonne_testo |= formato.colonne_punto
    elif virgola and punto:
        formato.nota_decimale = "numeri scritti in modi diversi (virgola e punto decimale): li converto colonna per colonna"
        formato.colonne_testo |= formato.colonne_virgola
    elif punto:
        formato.nota_decimale = "punto decimale"


def _testo_da(sorgente) -> tuple[bytes | None, str | None]:
    if isinstance(sorgente, io.StringIO):
        return None, sorgente.getvalue()
    if isinstance(sorgente, (bytes, bytearray)):
        return bytes(sorgente), None
    dati = sorgente.read()
    return (dati, None) if isinstance(dati, bytes) else (None, dati)


def riconosci_formato(sorgente, *, separatore: str | None = None, codifica: str | None = None,
                      intestazione: int | None = None) -> tuple[FormatoTesto, bytes | str]:
    """Legge il contenuto e ne deduce il formato. Restituisce il formato e il contenuto grezzo."""
    grezzo, testo = _testo_da(sorgente)
    if testo is not None:
        cod, nome_cod = "utf-8", "testo già decodificato"
        campione, troncato = testo[:_BYTE_CAMPIONE], len(testo) > _BYTE_CAMPIONE
    else:
        cod, nome_cod = (codifica, codifica) if codifica else codifica_di(grezzo)
        campione, troncato = grezzo[:_BYTE_CAMPIONE].decode(cod, errors="ignore"), len(grezzo) > _BYTE_CAMPIONE
    righe = campione.splitlines()
    if troncato and len(righe) > 1:
        righe = righe[:-1]  # l'ultima riga del campione è tagliata a metà: «1.234,5» diventerebbe «1.2»
    righe = righe[:_RIGHE_CAMPIONE]
    if not any(r.strip() for r in righe):
        raise ErroreCorso("Il file è vuoto: non c'è nessuna riga da leggere. Controlla di aver scelto il file giusto.")
    una_colonna = False
    if separatore is None:
        separatore = separatore_di(righe[:_RIGHE_SEPARATORE])
        una_colonna, separatore = separatore is None, separatore or ","
    campi = _campi(righe, separatore)
    salta = riga_intestazione(campi) if intestazione is None else intestazione
    if salta >= len(campi):
        raise ErroreCorso(f"La riga di intestazione {salta + 1} non esiste: il file ha {len(campi)} righe.")
    testata = campi[salta] if campi else []
    formato = FormatoTesto(cod, nome_cod, separatore, salta, testata, una_colonna=una_colonna)
    dati = campi[salta + 1:]
    colonne = [[r[i] if i < len(r) else "" for r in dati] for i in range(len(testata))]
    _decidi_decimale(formato, colonne)
    return formato, (testo if testo is not None else grezzo)


def leggi_csv(contenuto: bytes | str, formato: FormatoTesto, nomi: list[str], *, testo: set[str],
              nome_file: str) -> pd.DataFrame:
    """Una sola lettura del file intero con il lettore in C di pandas e le opzioni giuste."""
    tipi = {nomi[i]: str for i in formato.colonne_testo if i < len(nomi)}
    tipi.update({n: str for n in testo})
    sorgente = io.StringIO(contenuto) if isinstance(contenuto, str) else io.BytesIO(contenuto)
    try:
        return pd.read_csv(
            sorgente, sep=formato.separatore, encoding=None if isinstance(contenuto, str) else formato.codifica,
            header=None, names=nomi, skiprows=formato.salta + 1, skip_blank_lines=False,
            decimal=formato.decimale, thousands=formato.migliaia, dtype=tipi or None,
            keep_default_na=False, na_values=VALORI_MANCANTI, engine="c", low_memory=False,
        )
    except UnicodeDecodeError:
        raise ErroreCorso(
            f"{nome_file} non è scritto nella codifica {formato.codifica!r}. Togli codifica= e la riconosco da "
            "sola, oppure prova codifica='cp1252' (file di Windows) o codifica='utf-8'."
        ) from None
    except pd.errors.ParserError as errore:
        trovato = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(errore))
        dove = ""
        if trovato:
            attesi, riga, visti = trovato.groups()
            dove = (f" Alla riga {int(riga)} ci sono {visti} campi invece di {attesi}:"
                    " forse un separatore in più o un testo con il separatore dentro, senza virgolette.")
        raise ErroreCorso(
            f"Non riesco a leggere {nome_file} come tabella.{dove} "
            f"Separatore usato: {SEPARATORI.get(formato.separatore, formato.separatore)}. "
            "Controlla il file o indica il separatore giusto con separatore=';'."
        ) from None
