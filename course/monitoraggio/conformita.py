"""La conformità mensile dei Patti: ore svolte e qualificanti, presenze e la regola delle ore.

La regola del Patto: ogni mese almeno ``ore_mensili_minime`` ore svolte, e almeno la quota
``quota_minima_attivita_qualificanti`` di quelle ore in ``attivita_qualificanti`` (tirocinio,
sussidiarietà, lavoro di comunità). Le cifre vengono dalla tabella dei parametri. La regola è
scritta **solo qui** (in ``_regola_delle_ore``): il catalogo degli indicatori, gli esercizi e la
correzione la leggono da :func:`conformita_mensile`.

>>> import pandas as pd
>>> attivita = pd.DataFrame({
...     "id_patto": ["P1", "P1", "P1"], "mese": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-02-01"]),
...     "tipo_attivita": ["tirocinio", "formazione", "formazione"],
...     "ore_previste": [40, 30, 62], "ore_svolte": [36, 30, 50],
...     "assenze_giustificate": [4, 0, 2], "assenze_ingiustificate": [0, 0, 10]})
>>> c = conformita_mensile(attivita)
>>> c[["mese", "ore_svolte", "ore_qualificanti", "conforme"]]
        mese  ore_svolte  ore_qualificanti  conforme
0 2025-01-01          66                36      True
1 2025-02-01          50                 0     False
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from course.errori import ErroreCorso
from course.monitoraggio._attivita import COLONNE_ATTIVITA, ORE, leggi_attivita, tipo_categoria
from course.monitoraggio._somme_a_blocchi import SommeMensili, somme_mensili
from course.parametri import parametro

__all__ = ["COLONNE_ATTIVITA", "conformita_mensile"]


def _intero_con_vuoti(valori: np.ndarray, vuoti: np.ndarray | None):
    """Ore intere come Int32 (bastano e dimezzano la memoria); ore con decimali restano Float64."""
    maschera = np.zeros(len(valori), bool) if vuoti is None else vuoti
    if valori.dtype.kind == "f":
        return pd.arrays.FloatingArray(valori.astype(np.float64, copy=False), maschera)
    return pd.arrays.IntegerArray(valori.astype(np.int32, copy=False), maschera)


def _dividi(numeratore: np.ndarray, denominatore: np.ndarray) -> np.ndarray:
    risultato = numeratore / denominatore
    risultato[~(denominatore > 0)] = np.nan
    return risultato


def _logico_con_vuoti(valori: np.ndarray, vuoti: np.ndarray) -> pd.arrays.BooleanArray:
    return pd.arrays.BooleanArray(np.asarray(valori, bool), np.asarray(vuoti, bool))


def _libera_memoria_arrow() -> None:
    """Restituisce al sistema la memoria che Arrow tiene da parte dopo la lettura del Parquet."""
    if "pyarrow" in sys.modules:
        sys.modules["pyarrow"].default_memory_pool().release_unused()


def _somme_in_memoria(dati) -> SommeMensili:
    """Somme per Patto e mese dell'intera tabella in memoria (righe in qualunque ordine)."""
    patto, mese, qualificante = dati.patto, dati.mese, dati.qualificante
    n = len(patto)
    ordine = None
    if n > 1:
        stesso = patto[1:] == patto[:-1]
        ordinato = bool((patto[1:] >= patto[:-1]).all()) and bool(((mese[1:] >= mese[:-1]) | ~stesso).all())
        del stesso
        if not ordinato:
            # righe non ordinate per Patto e mese: un ordinamento stabile, una volta sola
            ordine = np.lexsort((mese, patto))
            patto, mese, qualificante = patto[ordine], mese[ordine], qualificante[ordine]
    nuovo = np.ones(n, bool)
    if n > 1:
        np.not_equal(patto[1:], patto[:-1], out=nuovo[1:])
        nuovo[1:] |= mese[1:] != mese[:-1]
    inizi = np.flatnonzero(nuovo)
    fini = np.r_[inizi[1:], n] - 1 if n else inizi
    del nuovo

    lunghezza_massima = int((fini - inizi).max()) + 1 if len(inizi) else 1

    def somma(valori, spazi: dict, *, solo=None):
        """Somme per gruppo dalle somme cumulate (i gruppi sono piccoli e contigui; reduceat sarebbe lento).

        Con gli interi la somma cumulata può «girare» oltre il massimo del tipo, ma le differenze
        restano esatte (aritmetica modulare) finché la somma di un gruppo ci sta: così basta un
        tipo a 16 bit per le ore (metà memoria), a 32 bit se i numeri sono grandi. ``solo`` è una
        maschera: si sommano solo le righe vere (le ore qualificanti).
        """
        intero = valori.dtype.kind in "iub"
        if not intero:
            tipo = np.float64
        elif len(valori) == 0 or (valori.min() >= 0 and int(valori.max()) * lunghezza_massima < 2**16):
            tipo = np.uint16
        else:
            tipo = np.int32
        if tipo not in spazi:
            spazi[tipo] = np.empty(n, tipo)
        cumulata = spazi[tipo]
        if solo is None:
            np.cumsum(valori, dtype=tipo, out=cumulata)
        else:
            np.multiply(valori, solo, out=cumulata, casting="unsafe")
            np.cumsum(cumulata, out=cumulata)
        totali = cumulata[fini]
        totali[1:] -= cumulata[fini[:-1]]
        return totali.astype(np.int32) if intero else totali

    def colonna_ore(nome):
        valori, valide = dati.ore(nome)
        if ordine is not None:
            valori, valide = valori[ordine], None if valide is None else valide[ordine]
        if valide is not None and not valide.any():
            raise ErroreCorso(
                f"Nella tabella attivita_mensili la colonna {nome} è tutta vuota: senza quei numeri "
                "non posso valutare la regola delle ore. Completa la colonna o controlla il file di origine."
            )
        spazi = {}   # spazio di lavoro di questo thread, riusato per le somme della colonna
        vuoti = None if valide is None else somma(valide, spazi) == 0
        somme = {nome: (somma(valori, spazi), vuoti)}
        if nome == "ore_svolte":
            somme["ore_qualificanti"] = (somma(valori, spazi, solo=qualificante), vuoti)
        return somme

    # le quattro colonne sono indipendenti: lettura e somme in parallelo (Arrow e numpy lasciano il GIL)
    risultato = {}
    with ThreadPoolExecutor(max_workers=min(len(ORE), os.cpu_count() or 1)) as pool:
        for somme in pool.map(colonna_ore, ORE):
            risultato.update(somme)
    return SommeMensili(patto[inizi], dati.voci_patto, mese[inizi], risultato)


def _regola_delle_ore(svolte: np.ndarray, qualificanti: np.ndarray) -> tuple[np.ndarray, np.ndarray, dict]:
    """La regola delle ore su somme mensili per Patto: (ore sufficienti, quota qualificante sufficiente, soglie).

    È l'unico punto del corso in cui la regola è scritta: chi ne cambia la lettura la cambia qui.
    Le soglie (dalla tabella dei parametri) tornano anche nel risultato, per dirle a chi legge.
    """
    minimo_ore = parametro("ore_mensili_minime")
    quota_minima = parametro("quota_minima_attivita_qualificanti")
    sufficienti = svolte >= minimo_ore
    quota_ok = qualificanti >= quota_minima * svolte
    return sufficienti, quota_ok, {"ore_mensili_minime": minimo_ore,
                                   "quota_minima_attivita_qualificanti": quota_minima}


def conformita_mensile(attivita) -> pd.DataFrame:
    """Una riga per Patto e mese: ore svolte e qualificanti, presenze e rispetto della regola delle ore.

    ``attivita`` è la tabella ``attivita_mensili`` (un DataFrame) oppure il percorso di un file
    Parquet con le stesse colonne: per i dati nazionali (decine di milioni di righe) il percorso è
    la via più veloce e leggera, perché si leggono solo le colonne utili e i codici restano interi.

    Colonne del risultato: ``id_patto`` (categoria), ``mese``, ``ore_previste``, ``ore_svolte``,
    ``ore_qualificanti``, ``assenze_giustificate``, ``assenze_ingiustificate``,
    ``quota_qualificanti`` (ore qualificanti / ore svolte), ``tasso_presenza`` (ore svolte / ore
    previste), ``tasso_assenze_ingiustificate``, ``ore_sufficienti`` (almeno
    ``ore_mensili_minime``), ``quota_sufficiente`` (qualificanti almeno la quota minima delle ore
    svolte) e ``conforme`` (entrambe). Un mese senza nessun valore di ore svolte resta vuoto
    (``<NA>``): non è né conforme né non conforme.

    >>> import pandas as pd
    >>> attivita = pd.DataFrame({
    ...     "id_patto": ["P1", "P2", "P2"], "mese": ["01/03/2025"] * 3,
    ...     "tipo_attivita": ["tirocinio", "sussidiarietà", "altro"],
    ...     "ore_previste": [62, 40, 40], "ore_svolte": [62, 20, 40],
    ...     "assenze_giustificate": [0, 10, 0], "assenze_ingiustificate": [0, 10, 0]})
    >>> c = conformita_mensile(attivita)
    >>> c[["id_patto", "ore_svolte", "quota_qualificanti", "tasso_presenza", "conforme"]]
      id_patto  ore_svolte  quota_qualificanti  tasso_presenza  conforme
    0       P1          62            1.000000            1.00      True
    1       P2          60            0.333333            0.75     False
    """
    qualificanti = parametro("attivita_qualificanti")
    somme = None
    if isinstance(attivita, (str, os.PathLike)):
        # file Parquet con le righe di ogni Patto contigue: a blocchi, con poca memoria
        somme = somme_mensili(attivita, qualificanti)
    if somme is None:
        somme = _somme_in_memoria(leggi_attivita(attivita, qualificanti=qualificanti))
    risultato = somme.somme
    _libera_memoria_arrow()
    qualif = risultato["ore_qualificanti"][0]
    svolte, svolte_vuote = risultato["ore_svolte"]
    previste, previste_vuote = risultato["ore_previste"]
    mese = somme.mese
    primo = int(mese.min()) if len(mese) else 0
    mesi_ns = np.arange(primo, int(mese.max()) + 1 if len(mese) else 0).astype("datetime64[M]").astype("datetime64[ns]")
    colonne = {
        "id_patto": pd.Categorical.from_codes(somme.codici, dtype=tipo_categoria(somme.voci_patto), validate=False),
        "mese": mesi_ns[mese - primo],
    }
    del somme, mese
    for nome in ORE:
        colonne[nome] = _intero_con_vuoti(*risultato[nome])
        if nome == "ore_svolte":
            colonne["ore_qualificanti"] = _intero_con_vuoti(qualif, svolte_vuote)
    sv = svolte.astype(float)
    if svolte_vuote is not None:
        sv[svolte_vuote] = np.nan
    pv = previste.astype(float)
    if previste_vuote is not None:
        pv[previste_vuote] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        # x / 0 dà inf o nan: la divisione per zero diventa un valore mancante, mai infinito
        colonne["quota_qualificanti"] = _dividi(qualif, sv)
        colonne["tasso_presenza"] = _dividi(sv, pv)
        colonne["tasso_assenze_ingiustificate"] = _dividi(risultato["assenze_ingiustificate"][0], pv)
    vuoto = np.isnan(sv)
    sufficienti, quota_ok, soglie = _regola_delle_ore(svolte, qualif)
    colonne["ore_sufficienti"] = _logico_con_vuoti(sufficienti, vuoto)
    colonne["quota_sufficiente"] = _logico_con_vuoti(quota_ok, vuoto)
    colonne["conforme"] = _logico_con_vuoti(sufficienti & quota_ok, vuoto)
    out = pd.DataFrame(colonne, copy=False)
    out.attrs.update(soglie)
    return out
