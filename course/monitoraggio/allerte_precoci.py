"""Allerte precoci sui Patti: mesi sotto soglia di fila, assenze in aumento, mesi senza attività.

Lavorano sulla conformità già calcolata (``conformita_mensile``), mese per mese; la funzione si usa
come ``course.monitoraggio.allerte``.

>>> import pandas as pd
>>> conf = pd.DataFrame({"id_patto": ["P1"], "mese": pd.to_datetime(["2025-01-01"]), "ore_svolte": [0],
...     "assenze_ingiustificate": [0], "conforme": [False]})
>>> allerte(conf).loc[0, "motivo"]
'1 mese senza attività'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import _pyarrow
from course._tempi import come_date, data_riferimento
from course.errori import controlla_colonne
from course.monitoraggio._attivita import posizioni
from course.parametri import parametro

__all__ = ["allerte"]


def _controlla_conformita(conformita) -> pd.DataFrame:
    controlla_colonne(conformita, ["id_patto", "mese", "ore_svolte", "assenze_ingiustificate", "conforme"],
                      tabella="conformità mensile (il risultato di conformita_mensile)")
    return conformita


def _serie_corrente(vero: np.ndarray, inizio_gruppo: np.ndarray) -> np.ndarray:
    """Per ogni posizione, da quante posizioni consecutive (nello stesso gruppo) ``vero`` vale True."""
    indice = np.arange(len(vero))
    rottura = np.where(~vero, indice, np.where(inizio_gruppo, indice - 1, -1))
    return indice - np.maximum.accumulate(rottura) if len(vero) else indice


def allerte(conformita: pd.DataFrame, *, patti: pd.DataFrame | None = None, alla_data=None) -> pd.DataFrame:
    """Una riga per Patto con i segnali di allerta precoce e il motivo scritto per esteso.

    Si guarda ogni Patto dal primo all'ultimo mese registrato; un mese che manca in mezzo conta
    come mese senza attività (e sotto soglia). Con la tabella ``patti`` (colonne ``id_patto`` e
    ``data_chiusura``) i Patti ancora aperti si guardano fino all'ultimo mese concluso alla data di
    riferimento (``alla_data`` o quella dei patti): chi ha smesso di partecipare risulta senza
    attività anche se non ha più righe. Le allerte:

    - ``allerta_sotto_soglia``: gli ultimi ``mesi_sotto_soglia_allerta`` mesi (o più) tutti sotto
      la regola delle ore (mai per i Patti ADI: la regola è del ReD; la misura si legge dalla colonna
      ``misura`` della conformità o della tabella ``patti``);
    - ``allerta_assenze``: le ore di assenza non giustificata crescono da almeno
      ``mesi_aumento_assenze_allerta`` mesi di fila (fino all'ultimo mese);
    - ``allerta_senza_attivita``: almeno un mese senza ore svolte.

    Colonne: ``id_patto``, ``primo_mese``, ``ultimo_mese`` (l'ultimo con attività registrate),
    ``mesi`` (i mesi guardati), ``mesi_conformi``, ``mesi_sotto_soglia_consecutivi``,
    ``aumenti_assenze_consecutivi``, ``mesi_senza_attivita``, le tre allerte, ``allerta`` e ``motivo``.

    >>> import pandas as pd
    >>> mesi = pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"])
    >>> conf = pd.DataFrame({"id_patto": ["P1"] * 3, "mese": mesi, "ore_svolte": [70, 40, 30],
    ...     "assenze_ingiustificate": [0, 4, 9], "conforme": [True, False, False]})
    >>> a = allerte(conf)
    >>> int(a.loc[0, "mesi_sotto_soglia_consecutivi"]), bool(a.loc[0, "allerta"])
    (2, True)
    >>> a.loc[0, "motivo"]
    'sotto la regola delle ore da 2 mesi consecutivi; assenze non giustificate in aumento da 2 mesi'
    """
    conf = _controlla_conformita(conformita)
    soglia_mesi = parametro("mesi_sotto_soglia_allerta")
    soglia_aumenti = parametro("mesi_aumento_assenze_allerta")
    patto = conf["id_patto"]
    if not isinstance(patto.dtype, pd.CategoricalDtype):
        patto = patto.astype("category")
    codici = patto.cat.codes.to_numpy(np.int64)
    mese = come_date(conf["mese"], colonna="mese", tabella="conformità mensile")
    mesi = mese.to_numpy().astype("datetime64[M]").astype(np.int64)
    svolte = pd.to_numeric(conf["ore_svolte"], errors="coerce").to_numpy(float, na_value=np.nan)
    assenze = pd.to_numeric(conf["assenze_ingiustificate"], errors="coerce").to_numpy(float, na_value=np.nan)
    conforme = conf["conforme"].astype("boolean").to_numpy(bool, na_value=False)
    misura = conf["misura"] if "misura" in conf.columns else None
    if (misura is None or misura.isna().all()) and patti is not None and "misura" in patti.columns:
        posto_misura = posizioni(patto.astype(str), patti["id_patto"])
        misure = patti["misura"].to_numpy(object)
        misura = np.where(posto_misura >= 0, misure[np.maximum(posto_misura, 0)] if len(misure) else None, None)
    adi = (np.zeros(len(conf), bool) if misura is None else
           pd.Series(np.asarray(misura, object)).astype("string").str.strip().str.upper().eq("ADI")
           .fillna(False).to_numpy(bool))
    passi = np.diff(codici * 100_000 + mesi) if len(codici) else np.zeros(0, np.int64)
    if (passi < 0).any():
        # il risultato di conformita_mensile è già in ordine; una tabella rimescolata si riordina
        ordine = np.lexsort((mesi, codici))
        codici, mesi, svolte, assenze, conforme, adi = (x[ordine] for x in (codici, mesi, svolte, assenze, conforme, adi))
    doppioni = bool((passi == 0).any())

    inizio = np.r_[True, codici[1:] != codici[:-1]] if len(codici) else np.zeros(0, bool)
    gruppo = np.cumsum(inizio) - 1
    primo_mese = mesi[inizio]
    ultimo_mese = np.maximum.reduceat(mesi, np.flatnonzero(inizio)) if len(mesi) else mesi
    fine_mese = ultimo_mese
    if patti is not None and len(codici):
        controlla_colonne(patti, ["id_patto", "data_chiusura"], tabella="patti")
        giorno = data_riferimento(patti, alla_data)
        # l'ultimo mese concluso alla data di riferimento (il mese in corso non è ancora finito)
        mese_rif = int((giorno + pd.Timedelta(days=1)).to_datetime64().astype("datetime64[M]").astype(np.int64)) - 1
        posto_patto = posizioni(patto.cat.categories[codici[inizio]], patti["id_patto"])
        chiusura = come_date(patti["data_chiusura"], colonna="data_chiusura", tabella="patti")
        aperto = (posto_patto >= 0) & chiusura.isna().to_numpy()[np.maximum(posto_patto, 0)]
        fine_mese = np.where(aperto, np.maximum(ultimo_mese, mese_rif), ultimo_mese)
    arco = fine_mese - primo_mese + 1
    # griglia completa dei mesi di ogni Patto: i mesi mancanti restano senza attività e sotto soglia
    partenza = np.cumsum(arco) - arco
    posto = partenza[gruppo] + (mesi - primo_mese[gruppo])
    totale = int(arco.sum())
    g_svolte = np.zeros(totale)
    g_conforme = np.zeros(totale, bool)
    g_assenze = np.zeros(totale)
    if doppioni:   # più righe per lo stesso Patto e mese (tabelle unite a mano): si sommano
        np.add.at(g_svolte, posto, np.nan_to_num(svolte))
        np.add.at(g_assenze, posto, np.nan_to_num(assenze))
    else:
        g_svolte[posto], g_assenze[posto] = np.nan_to_num(svolte), np.nan_to_num(assenze)
    g_conforme[posto] = conforme
    g_inizio = np.zeros(totale, bool)
    g_inizio[partenza] = True
    fine = partenza + arco - 1

    sotto = _serie_corrente(~g_conforme, g_inizio)[fine]
    # Patti ADI: la regola delle ore non si applica, quindi nessun mese «sotto soglia»
    adi_patto = np.bincount(gruppo, weights=adi, minlength=len(arco)) > 0 if len(gruppo) else np.zeros(0, bool)
    sotto = np.where(adi_patto, 0, sotto)
    aumento = np.r_[False, g_assenze[1:] > g_assenze[:-1]] & ~g_inizio
    aumenti = _serie_corrente(aumento, g_inizio)[fine]
    senza = np.add.reduceat((g_svolte <= 0).astype(np.int64), partenza) if totale else np.zeros(0, np.int64)
    mesi_conformi = np.bincount(gruppo, weights=conforme, minlength=len(arco)).astype(np.int64)

    ids = patto.cat.categories[codici[inizio]] if len(codici) else pd.Index([], dtype="str")
    out = pd.DataFrame({
        "id_patto": ids.astype("str").array,
        "primo_mese": primo_mese.astype("datetime64[M]").astype("datetime64[ns]"),
        "ultimo_mese": ultimo_mese.astype("datetime64[M]").astype("datetime64[ns]"),
        "mesi": arco, "mesi_conformi": mesi_conformi,
        "mesi_sotto_soglia_consecutivi": sotto, "aumenti_assenze_consecutivi": aumenti,
        "mesi_senza_attivita": senza,
    })
    out["allerta_sotto_soglia"] = out["mesi_sotto_soglia_consecutivi"] >= soglia_mesi
    out["allerta_assenze"] = out["aumenti_assenze_consecutivi"] >= soglia_aumenti
    out["allerta_senza_attivita"] = out["mesi_senza_attivita"] > 0
    out["allerta"] = out[["allerta_sotto_soglia", "allerta_assenze", "allerta_senza_attivita"]].any(axis=1)
    out["motivo"] = _motivo_allerte(out)
    return out


def _motivo_allerte(a: pd.DataFrame) -> pd.Series:
    """Il motivo delle allerte in italiano, costruito con Arrow (centinaia di migliaia di Patti in un attimo)."""
    if not _pyarrow.disponibile():
        return _motivo_senza_arrow(a)
    import pyarrow as pa
    import pyarrow.compute as pc

    def mesi(colonna: str):
        n = pa.array(a[colonna].to_numpy(np.int64))
        return pc.binary_join_element_wise(pc.cast(n, pa.string()), pc.if_else(pc.equal(n, 1), "mese", "mesi"), " ")

    def parte(maschera: str, *pezzi):
        testo = pc.binary_join_element_wise(*pezzi, "")
        return pc.if_else(pa.array(a[maschera].to_numpy(bool)), testo, pa.scalar(None, pa.string()))

    sotto = mesi("mesi_sotto_soglia_consecutivi")
    # «da 2 mesi consecutivi», ma «da 1 mese» (il singolare non vuole «consecutivi»)
    consecutivi = pc.if_else(pc.equal(pa.array(a["mesi_sotto_soglia_consecutivi"].to_numpy(np.int64)), 1), "", " consecutivi")
    parti = [
        parte("allerta_sotto_soglia", "sotto la regola delle ore da ", sotto, consecutivi),
        parte("allerta_assenze", "assenze non giustificate in aumento da ", mesi("aumenti_assenze_consecutivi")),
        parte("allerta_senza_attivita", mesi("mesi_senza_attivita"), " senza attività"),
    ]
    # parti vuote come testo vuoto, poi via i separatori doppi o ai bordi
    motivo = pc.binary_join_element_wise(*(pc.fill_null(p, "") for p in parti), "; ")
    motivo = pc.replace_substring_regex(motivo, r"(; ){2,}", "; ")
    motivo = pc.replace_substring_regex(motivo, r"^; |; $", "")
    return pd.Series(pd.array(motivo, dtype="str"), index=a.index) if len(a) else pd.Series([], dtype="str")


def _motivo_senza_arrow(a: pd.DataFrame) -> pd.Series:
    """:func:`_motivo_allerte` con pandas soltanto (l'installazione del corsista, senza pyarrow): stesse frasi."""
    def mesi(colonna: str) -> pd.Series:
        n = a[colonna].astype(np.int64)
        return n.astype(str) + np.where(n == 1, " mese", " mesi")

    consecutivi = np.where(a["mesi_sotto_soglia_consecutivi"].astype(np.int64) == 1, "", " consecutivi")
    parti = [
        ("allerta_sotto_soglia", "sotto la regola delle ore da " + mesi("mesi_sotto_soglia_consecutivi") + consecutivi),
        ("allerta_assenze", "assenze non giustificate in aumento da " + mesi("aumenti_assenze_consecutivi")),
        ("allerta_senza_attivita", mesi("mesi_senza_attivita") + " senza attività"),
    ]
    motivi = [pd.Series(np.where(a[maschera].to_numpy(bool), testo.astype(object), ""), index=a.index, dtype=object)
              for maschera, testo in parti]
    motivo = motivi[0] + "; " + motivi[1] + "; " + motivi[2]
    motivo = motivo.str.replace(r"(; ){2,}", "; ", regex=True).str.replace(r"^; |; $", "", regex=True)
    return motivo.astype("str") if len(a) else pd.Series([], dtype="str")
