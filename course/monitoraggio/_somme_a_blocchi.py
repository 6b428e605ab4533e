"""Somme per Patto e mese lette a blocchi da un file Parquet (uso interno del monitoraggio).

Sui dati nazionali (decine di milioni di righe) leggere tutta la tabella e poi sommare chiede più di
un GB di memoria nuova. Quando le righe di ogni Patto sono contigue e, dentro il Patto, in ordine di
mese (così le scrive il generatore, e così sono di solito gli estratti dei gestionali), basta invece
leggere un blocco di righe alla volta, sommare i gruppi Patto-mese del blocco e unire il gruppo
spezzato tra due blocchi: poca memoria, sempre la stessa, e calda nella cache.

Se il file non è fatto così (righe mescolate, colonne di tipo inatteso, celle vuote dove non devono
esserci) :func:`somme_mensili` restituisce ``None`` e il monitoraggio usa la via generale, che sa
anche spiegare gli errori.

>>> import tempfile, pandas as pd
>>> percorso = tempfile.mkdtemp() + "/attivita.parquet"
>>> pd.DataFrame({"id_patto": ["P1", "P1", "P2"], "mese": pd.to_datetime(["2025-01-01"] * 2 + ["2025-02-01"]).date,
...     "tipo_attivita": ["tirocinio", "altro", "tirocinio"], "ore_previste": [10, 5, 8], "ore_svolte": [8, 5, 8],
...     "assenze_giustificate": [1, 0, 0], "assenze_ingiustificate": [1, 0, 0]}).to_parquet(percorso)
>>> s = somme_mensili(percorso, ("tirocinio",))
>>> list(s.voci_patto), s.codici.tolist(), s.somme["ore_svolte"][0].tolist(), s.somme["ore_qualificanti"][0].tolist()
(['P1', 'P2'], [0, 1], [13, 8], [8, 8])
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course import _pyarrow
from course.monitoraggio._attivita import COLONNE_ATTIVITA, ORE, controlla_non_negative

__all__ = ["SommeMensili", "somme_mensili"]

RIGHE_PER_BLOCCO = 1 << 19


@dataclass
class SommeMensili:
    codici: np.ndarray        # per gruppo Patto-mese: codice del Patto (int32), indice in voci_patto
    voci_patto: pd.Index      # i Patti, nell'ordine in cui compaiono
    mese: np.ndarray          # per gruppo: mesi dal 1970 (int32)
    somme: dict               # nome → (somme int32, gruppi senza valori o None)


def _adatto(schema) -> bool:
    import pyarrow as pa

    def testo(tipo):
        if pa.types.is_dictionary(tipo):
            tipo = tipo.value_type
        return pa.types.is_string(tipo) or pa.types.is_large_string(tipo)

    if any(nome not in schema.names for nome in COLONNE_ATTIVITA):
        return False
    tipo_mese = schema.field("mese").type
    return (testo(schema.field("id_patto").type) and testo(schema.field("tipo_attivita").type)
            and (pa.types.is_date(tipo_mese) or pa.types.is_timestamp(tipo_mese))
            and all(pa.types.is_integer(schema.field(nome).type) for nome in ORE))


def _mesi(colonna) -> np.ndarray:
    """Mesi dal 1970 per ogni riga: si convertono solo i giorni distinti del blocco (poche decine)."""
    import pyarrow as pa

    if not pa.types.is_date32(colonna.type):
        import pyarrow.compute as pc

        colonna = pc.cast(colonna, pa.date32(), safe=False)
    giorni = colonna.view(pa.int32()).to_numpy()
    primo = int(giorni.min())
    tabella = np.arange(primo, int(giorni.max()) + 1).astype("datetime64[D]").astype("datetime64[M]").astype(np.int32)
    return tabella[giorni - primo]


def _codici(colonna):
    """Indici (interi, -1 per le celle vuote) e dizionario di una colonna di testi."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(colonna.type):
        colonna = pc.dictionary_encode(colonna)
    indici = colonna.indices
    if indici.null_count:
        indici = pc.fill_null(indici, -1)
    return indici.to_numpy(), colonna.dictionary


def _per_gruppo(valori: np.ndarray, fini: np.ndarray) -> np.ndarray:
    """Somme dei gruppi contigui che finiscono alle righe ``fini`` (somme cumulate: i gruppi sono piccoli)."""
    cumulata = np.cumsum(valori, dtype=np.int64)
    totali = cumulata[fini]
    totali[1:] -= cumulata[fini[:-1]]
    return totali.astype(np.int32)


def _blocco(lotto, qualificanti) -> dict | None:
    """Le somme per gruppo Patto-mese di un blocco di righe, o None se il blocco non si presta.

    Restituisce i Patti del blocco una volta per tratto di righe contigue (``patti``), e per ogni gruppo
    Patto-mese il numero del suo tratto, il mese, le somme (int32) e se la colonna era tutta vuota.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if lotto.column("id_patto").null_count or lotto.column("mese").null_count:
        return None
    indici, dizionario = _codici(lotto.column("id_patto"))
    mesi = _mesi(lotto.column("mese"))
    n = len(indici)
    cambio_patto = np.ones(n, bool)
    np.not_equal(indici[1:], indici[:-1], out=cambio_patto[1:])
    if (~cambio_patto[1:] & (mesi[1:] < mesi[:-1])).any():
        return None   # mesi non in ordine dentro un Patto
    nuovo = cambio_patto.copy()
    nuovo[1:] |= mesi[1:] != mesi[:-1]
    inizi = np.flatnonzero(nuovo)
    fini = np.r_[inizi[1:], n] - 1
    tratti = np.flatnonzero(cambio_patto)

    tipi, voci_tipo = _codici(lotto.column("tipo_attivita"))
    qualifica = np.append(np.asarray(pd.Index(voci_tipo.to_pandas()).isin(qualificanti), bool), False)
    qualificante = qualifica[tipi]   # -1 (tipo mancante) prende l'ultima voce: non qualificante

    somme = {}
    for nome in ORE:
        colonna = lotto.column(nome)
        vuoti = None
        if colonna.null_count:
            vuoti = _per_gruppo(pc.is_valid(colonna).to_numpy(zero_copy_only=False), fini) == 0
            colonna = pc.fill_null(colonna, 0)
        valori = colonna.to_numpy()
        controlla_non_negative(valori, nome)
        somme[nome] = [_per_gruppo(valori, fini), vuoti]
        if nome == "ore_svolte":
            somme["ore_qualificanti"] = [_per_gruppo(valori * qualificante, fini), None if vuoti is None else vuoti.copy()]
    return {"patti": dizionario.take(pa.array(indici[tratti])),
            "tratto": (np.cumsum(cambio_patto[inizi]) - 1).astype(np.int32),
            "mesi": mesi[inizi], "somme": somme}


def _continua(precedente: dict, blocco: dict) -> tuple[bool, bool] | None:
    """Il blocco comincia con il Patto (e il mese) con cui finisce il precedente? None se i mesi tornano indietro."""
    stesso_patto = precedente["patti"][-1].as_py() == blocco["patti"][0].as_py()
    if not stesso_patto:
        return False, False
    if blocco["mesi"][0] < precedente["mesi"][-1]:
        return None
    return True, bool(blocco["mesi"][0] == precedente["mesi"][-1])


def _togli_primo_gruppo(precedente: dict, blocco: dict) -> None:
    """Somma il primo gruppo del blocco all'ultimo del precedente (lo stesso Patto-mese spezzato in due)."""
    for nome, (totali, vuoti) in blocco["somme"].items():
        prima = precedente["somme"][nome]
        prima[0][-1] += totali[0]
        if prima[1] is not None:   # il gruppo unito è vuoto solo se lo erano entrambe le parti
            prima[1][-1] = prima[1][-1] and vuoti is not None and bool(vuoti[0])
        blocco["somme"][nome] = [totali[1:], None if vuoti is None else vuoti[1:]]
    blocco["tratto"], blocco["mesi"] = blocco["tratto"][1:], blocco["mesi"][1:]


def somme_mensili(percorso, qualificanti) -> SommeMensili | None:
    """Somme delle ore per Patto e mese lette a blocchi; ``None`` se il file non si presta (vedi sopra)."""
    pa = _pyarrow.richiedi(f"leggere il file Parquet {os.fspath(percorso)!r}")
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(os.fspath(percorso), read_dictionary=["id_patto", "tipo_attivita"])
    except (OSError, pa.ArrowException):
        return None
    if file.metadata.num_rows == 0 or not _adatto(file.schema_arrow):
        return None
    qualificanti = tuple(qualificanti)

    def gruppo_di_righe(i: int) -> list:
        # un lettore per chiamata: i gruppi di righe del file si leggono e si sommano in parallelo
        lettore = pq.ParquetFile(os.fspath(percorso), read_dictionary=["id_patto", "tipo_attivita"])
        tabella = lettore.read_row_group(i, columns=list(COLONNE_ATTIVITA))
        return [_blocco(lotto, qualificanti) for lotto in tabella.to_batches(max_chunksize=RIGHE_PER_BLOCCO)
                if lotto.num_rows]

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(file.num_row_groups, os.cpu_count() or 1)) as pool:
        letti = [b for parte in pool.map(gruppo_di_righe, range(file.num_row_groups)) for b in parte]
    if any(b is None for b in letti):
        return None
    blocchi, patti, tratti_prima = [], [], 0
    for blocco in letti:
        continua, stesso_mese = _continua(blocchi[-1], blocco) if blocchi else (False, False)
        if continua is None:
            return None
        if stesso_mese:
            _togli_primo_gruppo(blocchi[-1], blocco)
            if len(blocco["mesi"]) == 0:
                continue   # il blocco era tutto dentro l'ultimo gruppo del precedente
        # numeri dei tratti (cioè dei Patti) unici su tutto il file
        blocco["tratto"] += tratti_prima - int(continua)
        patti.append(blocco["patti"][int(continua):])
        tratti_prima += len(blocco["patti"]) - int(continua)
        blocchi.append(blocco)

    voci = pd.Index(pa.chunked_array(patti).to_pandas()).astype("str")
    if not voci.is_unique:
        return None   # un Patto in due tratti separati: le righe non sono raggruppate per Patto
    somme = {}
    for nome in blocchi[0]["somme"]:
        totali = np.concatenate([b["somme"][nome][0] for b in blocchi])
        vuoti = None
        if any(b["somme"][nome][1] is not None for b in blocchi):
            vuoti = np.concatenate([np.zeros(len(b["somme"][nome][0]), bool) if b["somme"][nome][1] is None
                                    else b["somme"][nome][1] for b in blocchi])
            if vuoti.all():
                return None   # colonna tutta vuota: l'errore lo spiega la via generale
        somme[nome] = (totali, vuoti)
    return SommeMensili(np.concatenate([b["tratto"] for b in blocchi]), voci,
                        np.concatenate([b["mesi"] for b in blocchi]), somme)
