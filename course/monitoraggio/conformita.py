"""La conformità mensile dei Patti: ore svolte e qualificanti, presenze e la regola delle ore.

La regola del Patto ReD (Allegato A dell'Ambito di Gagliano del Capo, ReD 3.0 II edizione): ogni
mese «almeno 62 ore mensili, di cui almeno la metà» in attività qualificanti (tirocinio per
l'inclusione, progetti di sussidiarietà, lavoro di comunità). «Di cui» si riferisce alle 62 ore:
il corso la legge come **almeno metà del minimo** (31 ore qualificanti), non metà delle ore svolte.
Le cifre vengono dalla tabella dei parametri (``ore_mensili_minime``,
``quota_minima_attivita_qualificanti``, ``attivita_qualificanti``). La regola è del ReD: ai Patti
ADI, che hanno obblighi diversi, non si applica. È scritta **solo qui** (in ``_regola_delle_ore``):
il catalogo degli indicatori, gli esercizi e la correzione la leggono da :func:`conformita_mensile`.

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

from course.errori import ErroreCorso, controlla_colonne, controlla_scelta
from course.monitoraggio._attivita import COLONNE_ATTIVITA, ORE, leggi_attivita, posizioni, tipo_categoria
from course.monitoraggio._somme_a_blocchi import SommeMensili, somme_mensili
from course.note import nota
from course.parametri import parametro

__all__ = ["COLONNE_ATTIVITA", "LETTURE", "conformita_mensile"]

#: Le due letture di «almeno 62 ore mensili, di cui almeno la metà in attività qualificanti».
#: La prima è quella del corso; la seconda si usa solo per discuterne (domanda di riflessione).
LETTURE = {
    "metà del minimo": "almeno la quota minima delle ore mensili minime (62 × 0,5 = 31 ore qualificanti)",
    "metà delle ore svolte": "almeno la quota minima delle ore effettivamente svolte nel mese",
}


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


def _regola_delle_ore(svolte: np.ndarray, qualificanti: np.ndarray, lettura: str = "metà del minimo",
                      ) -> tuple[np.ndarray, np.ndarray, dict]:
    """La regola delle ore su somme mensili per Patto: (ore sufficienti, quota qualificante sufficiente, soglie).

    È l'unico punto del corso in cui la regola è scritta: chi ne cambia la lettura la cambia qui.
    Le soglie (dalla tabella dei parametri) tornano anche nel risultato, per dirle a chi legge.
    """
    minimo_ore = parametro("ore_mensili_minime")
    quota_minima = parametro("quota_minima_attivita_qualificanti")
    sufficienti = svolte >= minimo_ore
    if lettura == "metà del minimo":
        minimo_qualificanti = quota_minima * minimo_ore
        quota_ok = qualificanti >= minimo_qualificanti
    else:
        minimo_qualificanti = None
        quota_ok = qualificanti >= quota_minima * svolte
    return sufficienti, quota_ok, {"ore_mensili_minime": minimo_ore,
                                   "quota_minima_attivita_qualificanti": quota_minima,
                                   "ore_qualificanti_minime": minimo_qualificanti, "lettura": lettura}


def _misura_dei_patti(voci: pd.Index, attivita, patti) -> pd.Categorical | None:
    """La misura (ReD, ADI…) di ogni Patto di ``voci``, dal registro o dalla tabella dei patti; None se non si sa."""
    if isinstance(attivita, pd.DataFrame) and "misura" in attivita.columns:
        fonte = attivita[["id_patto", "misura"]].drop_duplicates("id_patto")
    elif patti is not None:
        controlla_colonne(patti, ["id_patto", "misura"], tabella="patti")
        fonte = patti[["id_patto", "misura"]].drop_duplicates("id_patto")
    else:
        return None
    posto = posizioni(voci, fonte["id_patto"])
    misure = fonte["misura"].astype("string").str.strip().to_numpy(object, na_value=None)
    valori = np.where(posto >= 0, misure[np.maximum(posto, 0)] if len(misure) else None, None)
    return pd.Categorical(valori)


def _e_adi(misura) -> np.ndarray:
    return np.asarray(pd.Series(misura).astype("string").str.upper().eq("ADI").fillna(False), bool)


def conformita_mensile(attivita, patti: pd.DataFrame | None = None, *, lettura: str = "metà del minimo",
                       ) -> pd.DataFrame:
    """Una riga per Patto e mese: ore svolte e qualificanti, presenze e rispetto della regola delle ore.

    ``attivita`` è la tabella ``attivita_mensili`` (un DataFrame) oppure il percorso di un file
    Parquet con le stesse colonne: per i dati nazionali (decine di milioni di righe) il percorso è
    la via più veloce e leggera, perché si leggono solo le colonne utili e i codici restano interi.

    ``patti`` (colonne ``id_patto`` e ``misura``) dice quali Patti sono ReD e quali ADI: la regola
    delle ore è del ReD e ai Patti ADI non si applica (le tre colonne della regola restano vuote).
    Se il registro ha già la colonna ``misura``, ``patti`` non serve; senza nessuna delle due la
    regola si applica a tutti, con una nota.

    La regola: almeno ``ore_mensili_minime`` ore svolte nel mese, di cui ore qualificanti almeno
    la quota ``quota_minima_attivita_qualificanti`` **del minimo** (62 × 0,5 = 31 ore).
    ``lettura="metà delle ore svolte"`` applica l'altra lettura possibile del testo (la quota delle
    ore effettivamente svolte): serve solo per discutere la differenza.

    Colonne del risultato: ``id_patto`` (categoria), ``misura``, ``mese``, ``ore_previste``,
    ``ore_svolte``, ``ore_qualificanti``, ``assenze_giustificate``, ``assenze_ingiustificate``,
    ``quota_qualificanti`` (ore qualificanti / ore svolte), ``tasso_presenza`` (ore svolte / ore
    previste), ``tasso_assenze_ingiustificate``, ``ore_sufficienti`` (almeno
    ``ore_mensili_minime``), ``quota_sufficiente`` (ore qualificanti sufficienti) e ``conforme``
    (entrambe). Un mese senza nessun valore di ore svolte resta vuoto (``<NA>``): non è né conforme
    né non conforme; lo stesso per i Patti ADI. Ore negative sono un errore.

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

    80 ore di cui 35 qualificanti rispettano la regola (35 ≥ 31); con l'altra lettura no (35 < 40):

    >>> a = pd.DataFrame({"id_patto": ["P1", "P1"], "mese": ["01/03/2025"] * 2, "tipo_attivita": ["tirocinio", "altro"],
    ...     "ore_previste": [35, 45], "ore_svolte": [35, 45], "assenze_giustificate": 0, "assenze_ingiustificate": 0})
    >>> p = pd.DataFrame({"id_patto": ["P1"], "misura": ["ReD"]})
    >>> bool(conformita_mensile(a, p)["conforme"].iloc[0])
    True
    >>> bool(conformita_mensile(a, p, lettura="metà delle ore svolte")["conforme"].iloc[0])
    False
    >>> conformita_mensile(a, p.assign(misura="ADI"))["conforme"].iloc[0]
    <NA>
    """
    controlla_scelta(lettura, LETTURE, cosa="lettura della regola delle ore")
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
    misura_patto = _misura_dei_patti(somme.voci_patto, attivita, patti)
    colonne = {
        "id_patto": pd.Categorical.from_codes(somme.codici, dtype=tipo_categoria(somme.voci_patto), validate=False),
        "misura": (pd.Categorical([None] * len(somme.codici), categories=[]) if misura_patto is None else
                   pd.Categorical.from_codes(misura_patto.codes[somme.codici], dtype=misura_patto.dtype)),
        "mese": mesi_ns[mese - primo],
    }
    adi_patto = None if misura_patto is None else _e_adi(misura_patto)
    codici_patto = somme.codici
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
    if adi_patto is not None:
        vuoto = vuoto | adi_patto[codici_patto]
    sufficienti, quota_ok, soglie = _regola_delle_ore(svolte, qualif, lettura)
    colonne["ore_sufficienti"] = _logico_con_vuoti(sufficienti, vuoto)
    colonne["quota_sufficiente"] = _logico_con_vuoti(quota_ok, vuoto)
    colonne["conforme"] = _logico_con_vuoti(sufficienti & quota_ok, vuoto)
    out = pd.DataFrame(colonne, copy=False)
    out.attrs.update(soglie)
    if adi_patto is None:
        if len(out):
            nota("Non so quali Patti sono ReD e quali ADI: ho applicato la regola delle ore del ReD a tutti. "
                 "La regola non vale per l'ADI: passa anche la tabella dei patti, "
                 "conformita_mensile(attivita, patti).", out)
    else:
        n_adi = int(adi_patto.sum())
        if n_adi:
            out.attrs["patti_adi_esclusi"] = n_adi
            nota(f"{n_adi} Patti ADI non sono valutati con la regola delle ore (è una regola del ReD): "
                 "le colonne ore_sufficienti, quota_sufficiente e conforme restano vuote per loro.", out)
        sconosciuti = int(pd.isna(np.asarray(misura_patto, object)).sum())
        if sconosciuti:
            nota(f"{sconosciuti} Patti del registro non sono nella tabella dei patti (o non hanno la misura): "
                 "per loro ho applicato la regola del ReD. Controlla che le due tabelle siano dello stesso periodo.",
                 out)
    return out
