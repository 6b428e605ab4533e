"""Lettura veloce e leggera della tabella ``attivita_mensili`` per il monitoraggio (uso interno).

Trasforma la tabella (un DataFrame o un file Parquet) in codici interi: Patto, mese (mesi dal 1970),
attività qualificante sì/no; le colonne delle ore si leggono **una alla volta**, quando servono, così
sui dati nazionali (decine di milioni di righe) la memoria resta bassa e non si tocca nessun testo
riga per riga.

>>> import pandas as pd
>>> a = leggi_attivita(pd.DataFrame({"id_patto": ["P1"], "mese": ["01/03/2025"], "tipo_attivita": ["tirocinio"],
...     "ore_previste": [10], "ore_svolte": [8], "assenze_giustificate": [2], "assenze_ingiustificate": [0]}),
...     qualificanti=("tirocinio",))
>>> list(a.voci_patto), a.qualificante.tolist(), a.ore("ore_svolte")[0].tolist()
(['P1'], [True], [8])
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from course import _pyarrow
from course._tempi import come_date, come_numeri, righe_in_breve
from course.errori import ErroreCorso, controlla_colonne

__all__ = ["COLONNE_ATTIVITA", "ORE", "Attivita", "leggi_attivita", "tipo_categoria", "posizioni",
           "controlla_non_negative"]


def controlla_non_negative(valori: np.ndarray, nome: str, *, righe=None) -> None:
    """Errore in italiano se ``valori`` (le ore della colonna ``nome``) contiene numeri negativi.

    Un «-12» nel registro è quasi sempre un segno meno scritto per errore: sommato agli altri
    cambierebbe la conformità del mese senza che nessuno se ne accorga.
    """
    negativi = np.asarray(valori) < 0
    if negativi.any():
        dove = f" ({righe_in_breve(righe[negativi])})" if righe is not None else ""
        raise ErroreCorso(
            f"Nella tabella attivita_mensili la colonna {nome} ha {int(negativi.sum())} valori negativi{dove}, "
            f"ad esempio {np.asarray(valori)[negativi][0]:g}: le ore non possono essere negative. Correggi il "
            "registro (di solito è un segno meno scritto per errore) e riprova.")

COLONNE_ATTIVITA = ("id_patto", "mese", "tipo_attivita", "ore_previste", "ore_svolte",
                    "assenze_giustificate", "assenze_ingiustificate")
ORE = ("ore_previste", "ore_svolte", "assenze_giustificate", "assenze_ingiustificate")


def tipo_categoria(voci: pd.Index) -> pd.CategoricalDtype:
    """Il tipo categoria con ``voci`` già distinte (vengono da factorize): si salta il controllo, che su
    mezzo milione di codici costa quasi un secondo; se pandas non offre la via rapida, si usa quella normale."""
    try:
        return pd.CategoricalDtype._from_fastpath(voci, False)
    except (AttributeError, TypeError):
        return pd.CategoricalDtype(voci)


def posizioni(cercati, elenco) -> np.ndarray:
    """Per ogni valore di ``cercati``, la posizione della sua prima comparsa in ``elenco`` (-1 se manca).

    Un solo passaggio di hash: in Arrow se pyarrow c'è (la via veloce), altrimenti in pandas;
    funziona anche se ``elenco`` ha doppioni. I valori si confrontano come testi.

    >>> posizioni(pd.Index(["b", "z", "a"]), pd.Series(["a", "b", "b"])).tolist()
    [1, -1, 0]
    """
    if not _pyarrow.disponibile():
        return _posizioni_senza_arrow(cercati, elenco)
    import pyarrow as pa
    import pyarrow.compute as pc

    def testo(valori):
        valori = pd.Series(valori, copy=False)
        if not isinstance(valori.dtype, pd.StringDtype) or valori.dtype.storage != "pyarrow":
            valori = valori.astype(object).where(valori.notna(), None).astype("string[pyarrow]")
        return pa.array(valori.array)

    trovati = pc.index_in(testo(cercati), value_set=testo(elenco))
    return pc.fill_null(trovati, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def _posizioni_senza_arrow(cercati, elenco) -> np.ndarray:
    """:func:`posizioni` con pandas soltanto (l'installazione del corsista, senza pyarrow).

    >>> _posizioni_senza_arrow(pd.Index(["b", "z", "a"]), pd.Series(["a", "b", "b"])).tolist()
    [1, -1, 0]
    """
    def testo(valori) -> np.ndarray:
        valori = pd.Series(valori, copy=False)
        if not isinstance(valori.dtype, pd.StringDtype):
            valori = valori.astype(object).where(valori.notna(), None).astype("string[python]")
        return valori.to_numpy(dtype=object, na_value=None)

    elenco = testo(elenco)
    primi = ~pd.Series(elenco, dtype=object).duplicated().to_numpy()
    if not primi.any():
        return np.full(len(cercati), -1, np.int64)
    trovati = pd.Index(elenco[primi], dtype=object).get_indexer(testo(cercati))
    return np.where(trovati >= 0, np.flatnonzero(primi)[trovati], -1).astype(np.int64)


@dataclass
class Attivita:
    patto: np.ndarray            # codici interi (int32) dei Patti, indici in voci_patto
    voci_patto: pd.Index
    mese: np.ndarray             # mesi dal 1970 (int32)
    qualificante: np.ndarray     # bool: l'attività conta per la quota minima
    ore: Callable[[str], tuple[np.ndarray, np.ndarray | None]]  # nome → (valori, valide o None)


def _senza_patto(n: int):
    raise ErroreCorso(f"Nella tabella attivita_mensili {n} righe non hanno id_patto: "
                      "ogni attività deve indicare il Patto a cui appartiene.")


def _codici_per_sequenze(colonna) -> tuple[np.ndarray, pd.Index]:
    """Codici interi di una colonna di testi Arrow senza calcolare un hash per ogni riga.

    Nei file del corso le righe di uno stesso Patto sono contigue: basta confrontare ogni riga con la
    precedente (sugli indici del dizionario, o sui testi in Arrow), prendere i testi solo dove cambiano
    e numerare quelli (qualche centinaio di migliaia, non decine di milioni). Se le righe non sono
    contigue il risultato resta giusto: sequenze con lo stesso testo ricevono lo stesso codice.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    cambi, valori = [], []
    for pezzo in colonna.chunks:
        if len(pezzo) == 0:
            continue
        nuovo = np.ones(len(pezzo), bool)   # ogni pezzo apre una sequenza: i doppioni li unisce factorize
        if pa.types.is_dictionary(pezzo.type):
            indici = pezzo.indices.to_numpy(zero_copy_only=False)
            np.not_equal(indici[1:], indici[:-1], out=nuovo[1:])
            valori.append(pezzo.dictionary.take(pa.array(indici[nuovo])).to_pandas())
        else:
            nuovo[1:] = pc.fill_null(pc.not_equal(pezzo[1:], pezzo[:-1]), True).to_numpy(zero_copy_only=False)
            valori.append(pezzo.take(pa.array(np.flatnonzero(nuovo))).to_pandas())
        cambi.append(nuovo)
    if not cambi:
        return np.zeros(0, np.int32), pd.Index([], dtype=object)
    valori = pd.concat(valori, ignore_index=True)
    if valori.isna().any():
        _senza_patto(int(colonna.null_count))
    codici_sequenze, voci = pd.factorize(valori)
    inizi = np.flatnonzero(np.concatenate(cambi))
    lunghezze = np.diff(np.append(inizi, sum(len(c) for c in cambi)))
    codici = np.repeat(codici_sequenze.astype(np.int32), lunghezze)
    return codici, pd.Index(voci).astype("str")


def _per_voci(colonna, traduci, tipo) -> np.ndarray:
    """Traduce una colonna a dizionario pezzo per pezzo: ``traduci`` lavora sulle poche voci del
    dizionario di ogni pezzo (mesi, tipi di attività) e il risultato si prende per indice.

    Niente dizionario unico da costruire e niente testi riga per riga. Le celle vuote ricevono
    l'ultimo valore restituito da ``traduci`` (che ha una voce in più per loro).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    uscita = np.empty(len(colonna), tipo)
    inizio = 0
    for pezzo in colonna.chunks:
        if len(pezzo) == 0:
            continue
        if not pa.types.is_dictionary(pezzo.type):
            pezzo = pc.dictionary_encode(pezzo)
        indici = pezzo.indices if pezzo.null_count == 0 else pc.fill_null(pezzo.indices, -1)
        # l'indice -1 (cella vuota) prende l'ultima voce, come previsto; l'indicizzazione semplice è
        # misurata più veloce e più stabile di np.take(..., out=) sui dati nazionali
        uscita[inizio:inizio + len(pezzo)] = traduci(pezzo.dictionary)[indici.to_numpy()]
        inizio += len(pezzo)
    return uscita


def _da_parquet(percorso, qualificanti) -> Attivita:
    pa = _pyarrow.richiedi(f"leggere il file Parquet {os.fspath(percorso)!r}")
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        presenti = pq.read_schema(percorso).names
    except (OSError, pa.ArrowException) as e:
        raise ErroreCorso(f"Non riesco a leggere il file Parquet {os.fspath(percorso)!r}: {e}.") from None
    controlla_colonne(pd.DataFrame(columns=presenti), COLONNE_ATTIVITA, tabella="attivita_mensili")
    file = pq.ParquetFile(percorso, read_dictionary=["tipo_attivita", "mese"])

    def colonna(nome):
        return file.read(columns=[nome]).column(0)

    patto = _codici_per_sequenze(colonna("id_patto"))

    def qualificanti_tra(voci):
        return np.append(np.asarray(pd.Index(voci.to_pandas()).isin(qualificanti), bool), False)

    qualificante = _per_voci(colonna("tipo_attivita"), qualificanti_tra, bool)

    def mesi_di(voci):
        # i mesi distinti sono poche decine: si convertono quelli, poi si prendono per indice
        if pa.types.is_timestamp(voci.type) or pa.types.is_date(voci.type):
            giorni = voci.cast(pa.timestamp("ns")).to_numpy().astype("datetime64[D]")
        else:
            giorni = come_date(voci.to_pandas(), colonna="mese", tabella="attivita_mensili").to_numpy().astype(
                "datetime64[D]")
        return np.append(giorni.astype("datetime64[M]").astype(np.int32), np.iinfo(np.int32).min)

    mese = _per_voci(colonna("mese"), mesi_di, np.int32)
    if (mese == np.iinfo(np.int32).min).any():
        raise ErroreCorso("Nella tabella attivita_mensili alcune righe non hanno il mese: completale o toglile.")

    pa.default_memory_pool().release_unused()   # Arrow restituisce subito la memoria delle letture

    def ore(nome):
        # un lettore per chiamata: le colonne delle ore si leggono in parallelo, da thread diversi
        valori = pq.ParquetFile(percorso).read(columns=[nome]).column(0)
        if not (pa.types.is_integer(valori.type) or pa.types.is_floating(valori.type)):
            raise ErroreCorso(f"Nella tabella attivita_mensili la colonna {nome} deve contenere numeri, non {valori.type}.")
        minimo = pc.min(valori).as_py()
        if minimo is not None and minimo < 0:
            controlla_non_negative(np.array([minimo]), nome)
        if valori.null_count == 0:
            return valori.to_numpy(), None
        return pc.fill_null(valori, 0).to_numpy(), pc.is_valid(valori).to_numpy(zero_copy_only=False)

    return Attivita(*patto, mese, qualificante, ore)


def _da_dataframe(df: pd.DataFrame, qualificanti) -> Attivita:
    controlla_colonne(df, COLONNE_ATTIVITA, tabella="attivita_mensili")
    serie = df["id_patto"]
    if isinstance(serie.dtype, pd.CategoricalDtype):
        codici, voci = serie.cat.codes.to_numpy(np.int32), pd.Index(serie.cat.categories).astype("str")
    else:
        codici, voci = pd.factorize(serie)
        voci = pd.Index(voci).astype("str")
    if (codici < 0).any():
        raise ErroreCorso(f"Nella tabella attivita_mensili, colonna id_patto: manca il Patto nelle "
                          f"{righe_in_breve(df.index[codici < 0])}. Ogni attività deve indicare il suo Patto.")
    mese = come_date(df["mese"], colonna="mese", tabella="attivita_mensili")
    if mese.isna().any():
        raise ErroreCorso(
            f"Nella tabella attivita_mensili, colonna mese: manca il mese nelle {righe_in_breve(df.index[mese.isna()])}. "
            "Scrivi il primo giorno del mese (es. 01/03/2025)."
        )
    qualificante = df["tipo_attivita"].astype(object).isin(qualificanti).to_numpy(bool)

    def ore(nome):
        numeri = come_numeri(df[nome], colonna=nome, tabella="attivita_mensili").to_numpy()
        valide = ~np.isnan(numeri)
        numeri = np.where(valide, numeri, 0.0)
        controlla_non_negative(numeri, nome, righe=df.index)
        if np.array_equal(numeri, np.rint(numeri)):
            numeri = numeri.astype(np.int64)
        return numeri, None if valide.all() else valide

    return Attivita(codici.astype(np.int32), voci, mese.to_numpy().astype("datetime64[M]").astype(np.int32),
                    qualificante, ore)


def leggi_attivita(sorgente, *, qualificanti) -> Attivita:
    """La tabella delle attività come codici interi; ``sorgente`` è un DataFrame o il percorso di un Parquet."""
    if isinstance(sorgente, (str, os.PathLike)):
        return _da_parquet(sorgente, qualificanti)
    if isinstance(sorgente, pd.DataFrame):
        return _da_dataframe(sorgente, qualificanti)
    raise ErroreCorso(
        "conformita_mensile vuole la tabella attivita_mensili (un DataFrame) o il percorso di un file "
        f"Parquet, non {type(sorgente).__name__}. Caricala con course.dati.carica('attivita_mensili')."
    )
