"""Monitoraggio dei Patti: ore, presenze e allerte precoci (competenza C4).

La regola del Patto: ogni mese almeno ``ore_mensili_minime`` ore svolte, e almeno la quota
``quota_minima_attivita_qualificanti`` di quelle ore in ``attivita_qualificanti`` (tirocinio,
sussidiarietà, lavoro di comunità). Le cifre vengono dalla tabella dei parametri.

Tre passi, ognuno una funzione:

1. ``conformita_mensile(attivita)``: una riga per Patto e mese, con ore, quote, tassi di presenza e
   rispetto della regola. Accetta la tabella ``attivita_mensili`` o il percorso del suo file Parquet
   (la via veloce per i dati grandi: legge solo le colonne che servono).
2. ``allerte(conformita)``: una riga per Patto con i segnali precoci (mesi consecutivi sotto soglia,
   assenze non giustificate in aumento, mesi senza attività) e il motivo scritto per esteso.
3. ``riepilogo_conformita(conformita, patti, per=...)``: lo stesso quadro per Patto, case manager,
   Ambito o mese.

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

import numpy as np
import pandas as pd

from course._tempi import come_date, come_numeri, righe_in_breve
from course.errori import ErroreCorso, controlla_colonne, controlla_scelta
from course.parametri import parametro

__all__ = ["COLONNE_ATTIVITA", "conformita_mensile", "allerte", "riepilogo_conformita", "LIVELLI"]

COLONNE_ATTIVITA = ("id_patto", "mese", "tipo_attivita", "ore_previste", "ore_svolte",
                    "assenze_giustificate", "assenze_ingiustificate")
"""Le colonne della tabella ``attivita_mensili`` che servono al monitoraggio."""

_ORE = ("ore_previste", "ore_svolte", "assenze_giustificate", "assenze_ingiustificate")
LIVELLI = ("patto", "case_manager", "ambito", "mese")
"""I livelli a cui ``riepilogo_conformita`` può aggregare."""


# ---------------------------------------------------------------------------------------------
# Lettura: da DataFrame o da Parquet a codici interi (niente operazioni sui testi riga per riga)
# ---------------------------------------------------------------------------------------------

def _mesi_da_giorni(giorni: np.ndarray) -> np.ndarray:
    """Giorni dal 1970 → mesi dal 1970, con una tabella di conversione (i giorni distinti sono pochi)."""
    if len(giorni) == 0:
        return giorni.astype(np.int64)
    minimo, massimo = int(giorni.min()), int(giorni.max())
    tabella = np.arange(minimo, massimo + 1).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return tabella[giorni - minimo]


def _codici_per_sequenze(colonna) -> tuple[np.ndarray, pd.Index]:
    """Codici interi di una colonna di testi di Arrow senza calcolare un hash per ogni riga.

    Nei file del corso le righe di uno stesso Patto sono contigue: basta confrontare ogni riga con la
    precedente (memcmp, in Arrow), prendere i testi solo dove cambiano e numerare quelli. Se le righe
    non sono contigue il risultato resta giusto (le sequenze con lo stesso testo hanno lo stesso codice),
    solo un po' più lento.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(colonna.type):
        colonna = colonna.cast(colonna.type.value_type)
    pezzi, precedente = [], None
    for pezzo in colonna.chunks:
        if len(pezzo) == 0:
            continue
        primo = True if precedente is None else bool(pc.not_equal(pezzo[0], precedente).as_py() is not False)
        pezzi.append(np.array([primo]))
        pezzi.append(pc.fill_null(pc.not_equal(pezzo[1:], pezzo[:-1]), True).to_numpy(zero_copy_only=False))
        precedente = pezzo[len(pezzo) - 1]
    if not pezzi:
        return np.zeros(0, np.int32), pd.Index([], dtype=object)
    nuovo = np.concatenate(pezzi)
    valori = colonna.take(pa.array(np.flatnonzero(nuovo))).to_pandas()
    codici_sequenze, voci = pd.factorize(valori, use_na_sentinel=True)
    codici = codici_sequenze.astype(np.int32)[np.cumsum(nuovo, dtype=np.int64) - 1]
    return codici, pd.Index(np.asarray(voci, dtype=object), dtype=object)


def _da_parquet(percorso) -> dict:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        presenti = pq.read_schema(percorso).names
    except (OSError, pa.ArrowException) as e:
        raise ErroreCorso(f"Non riesco a leggere il file Parquet {os.fspath(percorso)!r}: {e}.") from None
    controlla_colonne(pd.DataFrame(columns=presenti), COLONNE_ATTIVITA, tabella="attivita_mensili")
    tabella = pq.read_table(percorso, columns=list(COLONNE_ATTIVITA), read_dictionary=["tipo_attivita", "mese"])
    tabella = tabella.unify_dictionaries()

    def indici(colonna) -> np.ndarray:
        if colonna.num_chunks == 0:
            return np.zeros(0, np.int32)
        pezzi = [c.indices if c.null_count == 0 else pc.fill_null(c.indices, -1) for c in colonna.chunks]
        return np.concatenate([p.to_numpy() for p in pezzi])

    dati = {"id_patto": _codici_per_sequenze(tabella.column("id_patto"))}
    for nome in ("tipo_attivita", "mese"):
        colonna = tabella.column(nome)
        if not pa.types.is_dictionary(colonna.type):
            colonna = colonna.dictionary_encode().unify_dictionaries()
        dizionario = colonna.chunk(0).dictionary if colonna.num_chunks else pa.array([], colonna.type.value_type)
        dati[nome] = (indici(colonna), dizionario)
    dati["tipo_attivita"] = (dati["tipo_attivita"][0], pd.Index(dati["tipo_attivita"][1].to_pandas(), dtype=object))

    # i mesi distinti sono poche decine: si convertono quelli e poi si prendono per indice
    codici, dizionario = dati["mese"]
    if (codici < 0).any():
        raise ErroreCorso("Nella tabella attivita_mensili alcune righe non hanno il mese: completale o toglile.")
    if pa.types.is_timestamp(dizionario.type) or pa.types.is_date(dizionario.type):
        giorni_voci = dizionario.cast(pa.timestamp("ns")).to_numpy().astype("datetime64[D]")
    else:
        giorni_voci = come_date(dizionario.to_pandas(), colonna="mese", tabella="attivita_mensili").to_numpy(
            ).astype("datetime64[D]")
    mesi_voci = giorni_voci.astype("datetime64[M]").astype(np.int64)
    dati["mese"] = mesi_voci[codici] if len(mesi_voci) else np.zeros(0, np.int64)
    for nome in _ORE:
        colonna = tabella.column(nome)
        if not (pa.types.is_integer(colonna.type) or pa.types.is_floating(colonna.type)):
            raise ErroreCorso(f"Nella tabella attivita_mensili la colonna {nome} deve contenere numeri, non {colonna.type}.")
        if colonna.null_count == 0:
            dati[nome] = (colonna.to_numpy(), None)
        else:
            valide = pc.is_valid(colonna).to_numpy(zero_copy_only=False)
            dati[nome] = (pc.fill_null(colonna, 0).to_numpy(), valide)
    return dati


def _da_dataframe(df: pd.DataFrame) -> dict:
    controlla_colonne(df, COLONNE_ATTIVITA, tabella="attivita_mensili")
    dati = {}
    for nome in ("id_patto", "tipo_attivita"):
        serie = df[nome]
        if isinstance(serie.dtype, pd.CategoricalDtype):
            codici, voci = serie.cat.codes.to_numpy(np.int64), pd.Index(serie.cat.categories.astype(str), dtype=object)
        else:
            codici, voci = pd.factorize(serie, use_na_sentinel=True)
            voci = pd.Index(np.asarray(voci, dtype=object).astype(str), dtype=object)
        dati[nome] = (codici.astype(np.int64, copy=False), voci)
    mese = come_date(df["mese"], colonna="mese", tabella="attivita_mensili")
    if mese.isna().any():
        raise ErroreCorso(
            f"Nella tabella attivita_mensili, colonna mese: manca il mese nelle {righe_in_breve(df.index[mese.isna()])}. "
            "Scrivi il primo giorno del mese (es. 01/03/2025)."
        )
    dati["mese"] = _mesi_da_giorni(mese.to_numpy().astype("datetime64[D]").view(np.int64))
    for nome in _ORE:
        numeri = come_numeri(df[nome], colonna=nome, tabella="attivita_mensili").to_numpy()
        valide = ~np.isnan(numeri)
        dati[nome] = (np.where(valide, numeri, 0.0), None if valide.all() else valide)
    return dati


# ---------------------------------------------------------------------------------------------
# 1. Conformità mensile
# ---------------------------------------------------------------------------------------------

def _intero_con_vuoti(valori: np.ndarray, vuoti: np.ndarray | None) -> pd.arrays.IntegerArray:
    maschera = np.zeros(len(valori), bool) if vuoti is None else vuoti
    if valori.dtype.kind == "f":
        valori = np.rint(valori)
    return pd.arrays.IntegerArray(valori.astype(np.int64, copy=False), maschera)


def _dividi(numeratore: np.ndarray, denominatore: np.ndarray) -> np.ndarray:
    risultato = numeratore / denominatore
    risultato[~(denominatore > 0)] = np.nan
    return risultato


def _logico_con_vuoti(valori: np.ndarray, vuoti: np.ndarray) -> pd.arrays.BooleanArray:
    return pd.arrays.BooleanArray(np.asarray(valori, bool), np.asarray(vuoti, bool))


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
    if isinstance(attivita, (str, os.PathLike)):
        dati = _da_parquet(attivita)
    elif isinstance(attivita, pd.DataFrame):
        dati = _da_dataframe(attivita)
    else:
        raise ErroreCorso(
            "conformita_mensile vuole la tabella attivita_mensili (un DataFrame) o il percorso di un file "
            f"Parquet, non {type(attivita).__name__}. Caricala con course.dati.carica('attivita_mensili')."
        )
    patto, voci_patto = dati["id_patto"]
    tipo, voci_tipo = dati["tipo_attivita"]
    if (patto < 0).any():
        raise ErroreCorso(
            f"Nella tabella attivita_mensili {int((patto < 0).sum())} righe non hanno id_patto: "
            "ogni attività deve indicare il Patto a cui appartiene."
        )
    minimo_ore = parametro("ore_mensili_minime")
    quota_minima = parametro("quota_minima_attivita_qualificanti")
    qualificante_per_voce = np.asarray(voci_tipo.isin(parametro("attivita_qualificanti")), bool)
    qualificante = qualificante_per_voce[tipo] & (tipo >= 0) if len(voci_tipo) else np.zeros(len(tipo), bool)

    mese = dati["mese"]
    primo = int(mese.min()) if len(mese) else 0
    larghezza = int(mese.max()) - primo + 1 if len(mese) else 1
    chiave = np.multiply(patto, larghezza, dtype=np.int64)
    chiave += mese
    chiave -= primo
    if len(chiave) and not (chiave[1:] >= chiave[:-1]).all():
        # i dati non sono ordinati per Patto e mese: un ordinamento stabile, una volta sola
        ordine = np.argsort(chiave, kind="stable")
        chiave, qualificante = chiave[ordine], qualificante[ordine]
        dati = {n: (v[ordine], None if m is None else m[ordine]) for n, (v, m) in
                ((n, dati[n]) for n in _ORE)}
    nuovo = np.empty(len(chiave), bool)
    nuovo[:1] = True
    np.not_equal(chiave[1:], chiave[:-1], out=nuovo[1:])
    inizi = np.flatnonzero(nuovo)
    fini = np.r_[inizi[1:], len(chiave)] - 1 if len(inizi) else inizi

    def somma(valori):
        # somme per gruppo con le somme cumulate: i gruppi sono piccoli e contigui, reduceat sarebbe lento
        cumulata = np.cumsum(valori, dtype=np.int64 if valori.dtype.kind in "iub" else np.float64)
        if not len(inizi):
            return cumulata[:0]
        totali = cumulata[fini]
        totali[1:] -= cumulata[fini[:-1]]
        return totali

    risultato = {}
    for nome in _ORE:
        valori, valide = dati[nome]
        if valide is not None and not valide.any():
            raise ErroreCorso(
                f"Nella tabella attivita_mensili la colonna {nome} è tutta vuota: senza quei numeri "
                "non posso valutare la regola delle ore. Completa la colonna o controlla il file di origine."
            )
        vuoti = None if valide is None else somma(valide) == 0
        risultato[nome] = (somma(valori), vuoti)
    svolte, svolte_vuote = risultato["ore_svolte"]
    qualif = somma(dati["ore_svolte"][0] * qualificante)
    previste, previste_vuote = risultato["ore_previste"]
    chiave_gruppo = chiave[inizi]
    del chiave, dati, qualificante

    mesi_ns = (np.arange(primo, primo + larghezza).astype("datetime64[M]").astype("datetime64[ns]"))
    colonne = {
        "id_patto": pd.Categorical.from_codes((chiave_gruppo // larghezza).astype(np.int32),
                                              dtype=pd.CategoricalDtype(voci_patto), validate=False),
        "mese": mesi_ns[chiave_gruppo % larghezza],
    }
    for nome in _ORE:
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
    sufficienti = sv >= minimo_ore
    quota_ok = qualif >= quota_minima * svolte
    colonne["ore_sufficienti"] = _logico_con_vuoti(sufficienti, vuoto)
    colonne["quota_sufficiente"] = _logico_con_vuoti(quota_ok, vuoto)
    colonne["conforme"] = _logico_con_vuoti(sufficienti & quota_ok, vuoto)
    out = pd.DataFrame(colonne, copy=False)
    out.attrs["ore_mensili_minime"] = minimo_ore
    out.attrs["quota_minima_attivita_qualificanti"] = quota_minima
    return out


# ---------------------------------------------------------------------------------------------
# 2. Allerte precoci per Patto
# ---------------------------------------------------------------------------------------------

def _controlla_conformita(conformita) -> pd.DataFrame:
    controlla_colonne(conformita, ["id_patto", "mese", "ore_svolte", "assenze_ingiustificate", "conforme"],
                      tabella="conformità mensile (il risultato di conformita_mensile)")
    return conformita


def _serie_corrente(vero: np.ndarray, inizio_gruppo: np.ndarray) -> np.ndarray:
    """Per ogni posizione, da quante posizioni consecutive (nello stesso gruppo) ``vero`` vale True."""
    indice = np.arange(len(vero))
    rottura = np.where(~vero, indice, np.where(inizio_gruppo, indice - 1, -1))
    return indice - np.maximum.accumulate(rottura) if len(vero) else indice


def allerte(conformita: pd.DataFrame) -> pd.DataFrame:
    """Una riga per Patto con i segnali di allerta precoce e il motivo scritto per esteso.

    Si guarda ogni Patto dal primo all'ultimo mese registrato; un mese che manca in mezzo conta
    come mese senza attività (e sotto soglia). Le allerte:

    - ``allerta_sotto_soglia``: gli ultimi ``mesi_sotto_soglia_allerta`` mesi (o più) tutti sotto
      la regola delle ore;
    - ``allerta_assenze``: le ore di assenza non giustificata crescono da almeno
      ``mesi_aumento_assenze_allerta`` mesi di fila (fino all'ultimo mese);
    - ``allerta_senza_attivita``: almeno un mese senza ore svolte.

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
    ordine = np.lexsort((mesi, codici))
    codici, mesi = codici[ordine], mesi[ordine]
    svolte = pd.to_numeric(conf["ore_svolte"], errors="coerce").to_numpy(float, na_value=np.nan)[ordine]
    assenze = pd.to_numeric(conf["assenze_ingiustificate"], errors="coerce").to_numpy(float, na_value=np.nan)[ordine]
    conforme = conf["conforme"].astype("boolean").to_numpy(bool, na_value=False)[ordine]

    inizio = np.r_[True, codici[1:] != codici[:-1]] if len(codici) else np.zeros(0, bool)
    gruppo = np.cumsum(inizio) - 1
    primo_mese = mesi[inizio]
    ultimo_mese = np.maximum.reduceat(mesi, np.flatnonzero(inizio)) if len(mesi) else mesi
    arco = ultimo_mese - primo_mese + 1
    # griglia completa dei mesi di ogni Patto: i mesi mancanti restano senza attività e sotto soglia
    partenza = np.cumsum(arco) - arco
    posto = partenza[gruppo] + (mesi - primo_mese[gruppo])
    totale = int(arco.sum())
    g_svolte = np.zeros(totale)
    g_conforme = np.zeros(totale, bool)
    g_assenze = np.zeros(totale)
    np.add.at(g_svolte, posto, np.nan_to_num(svolte))
    g_conforme[posto] = conforme
    np.add.at(g_assenze, posto, np.nan_to_num(assenze))
    g_inizio = np.zeros(totale, bool)
    g_inizio[partenza] = True
    fine = partenza + arco - 1

    sotto = _serie_corrente(~g_conforme, g_inizio)[fine]
    aumento = np.r_[False, g_assenze[1:] > g_assenze[:-1]] & ~g_inizio
    aumenti = _serie_corrente(aumento, g_inizio)[fine]
    senza = np.add.reduceat((g_svolte <= 0).astype(np.int64), partenza) if totale else np.zeros(0, np.int64)
    mesi_conformi = np.bincount(gruppo, weights=conforme, minlength=len(arco)).astype(np.int64)

    ids = patto.cat.categories[codici[inizio]] if len(codici) else pd.Index([], dtype=object)
    out = pd.DataFrame({
        "id_patto": np.asarray(ids, dtype=object),
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
    motivo = pd.Series("", index=a.index, dtype=object)
    if not a["allerta"].any():
        return motivo

    def mesi(n: pd.Series) -> pd.Series:
        testo = n.astype(str)
        return testo + np.where(testo == "1", " mese", " mesi")

    parti = [
        (a["allerta_sotto_soglia"], "sotto la regola delle ore da " + mesi(a["mesi_sotto_soglia_consecutivi"]) + " consecutivi"),
        (a["allerta_assenze"], "assenze non giustificate in aumento da " + mesi(a["aumenti_assenze_consecutivi"])),
        (a["allerta_senza_attivita"], mesi(a["mesi_senza_attivita"]) + " senza attività"),
    ]
    for maschera, frase in parti:
        motivo = motivo.where(~maschera, motivo + "; " + frase)
    # «2 mesi consecutivi», non «2 mesi mese consecutivi»: la forma singolare va concordata
    return motivo.str.removeprefix("; ").str.replace("1 mese consecutivi", "1 mese", regex=False)


# ---------------------------------------------------------------------------------------------
# 3. Riepilogo per Patto, case manager, Ambito o mese
# ---------------------------------------------------------------------------------------------

_COLONNA_PATTI = {"case_manager": "id_operatore", "ambito": "codice_ambito"}


def riepilogo_conformita(conformita: pd.DataFrame, patti: pd.DataFrame | None = None, *, per: str = "ambito",
                         allerte: pd.DataFrame | None = None) -> pd.DataFrame:
    """Il rispetto della regola delle ore e le presenze aggregati ``per`` Patto, case manager, Ambito o mese.

    Per ``case_manager`` e ``ambito`` serve la tabella ``patti`` (colonne ``id_patto``,
    ``id_operatore``, ``codice_ambito``). Con ``allerte=`` (il risultato di ``allerte``) si
    aggiungono i Patti in allerta.

    Colonne: ``patti`` (Patti monitorati), ``mesi_patto``, ``mesi_conformi``, ``quota_conformi``
    (sui mesi valutabili), ``ore_svolte_medie`` (per mese-Patto), ``tasso_presenza`` (ore svolte
    / ore previste, in totale) e ``quota_assenze_ingiustificate``; con le allerte anche
    ``patti_in_allerta`` e ``quota_in_allerta``.

    >>> import pandas as pd
    >>> conf = pd.DataFrame({"id_patto": ["P1", "P1", "P2"],
    ...     "mese": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-01-01"]),
    ...     "ore_previste": [62, 62, 70], "ore_svolte": [62, 31, 70],
    ...     "assenze_ingiustificate": [0, 31, 0], "conforme": [True, False, True]})
    >>> patti = pd.DataFrame({"id_patto": ["P1", "P2"], "codice_ambito": ["ATS-BR-01", "ATS-BR-02"],
    ...                       "id_operatore": ["OP1", "OP2"]})
    >>> riepilogo_conformita(conf, patti, per="ambito")[["codice_ambito", "patti", "mesi_patto", "quota_conformi"]]
      codice_ambito  patti  mesi_patto  quota_conformi
    0     ATS-BR-01      1           2             0.5
    1     ATS-BR-02      1           1             1.0
    """
    per = controlla_scelta(per, LIVELLI, cosa="livello di riepilogo")
    controlla_colonne(conformita, ["id_patto", "mese", "ore_previste", "ore_svolte", "assenze_ingiustificate",
                                   "conforme"], tabella="conformità mensile (il risultato di conformita_mensile)")
    patto = conformita["id_patto"]
    if not isinstance(patto.dtype, pd.CategoricalDtype):
        patto = patto.astype("category")
    codici_patto = patto.cat.codes.to_numpy(np.int64)
    voci_patto = patto.cat.categories

    if per in _COLONNA_PATTI:
        colonna = _COLONNA_PATTI[per]
        if patti is None:
            raise ErroreCorso(f"Per il riepilogo per {per.replace('_', ' ')} serve la tabella patti: "
                              f"riepilogo_conformita(conformita, patti, per={per!r}).")
        controlla_colonne(patti, ["id_patto", colonna], tabella="patti")
        unici = patti.drop_duplicates("id_patto")
        posizione = pd.Index(unici["id_patto"].astype(str)).get_indexer(voci_patto.astype(str))
        gruppi_patti, nomi = pd.factorize(unici[colonna].astype(object).fillna("non indicato"))
        nomi = list(nomi)
        sconosciuto = len(nomi)
        gruppo_per_voce = np.where(posizione >= 0, gruppi_patti[np.maximum(posizione, 0)], sconosciuto)
        if (posizione < 0).any():
            nomi.append("Patto non trovato nella tabella patti")
        gruppo = gruppo_per_voce[codici_patto]
    elif per == "patto":
        colonna, gruppo, gruppo_per_voce, nomi = "id_patto", codici_patto, np.arange(len(voci_patto)), list(voci_patto)
    else:
        colonna = "mese"
        gruppo, nomi = pd.factorize(come_date(conformita["mese"], colonna="mese", tabella="conformità mensile"),
                                    sort=True)
        gruppo_per_voce = None
        nomi = list(nomi)

    n = len(nomi)

    def conta(pesi=None):
        return np.bincount(gruppo, weights=pesi, minlength=n)

    def numeri(nome):
        valori = pd.to_numeric(conformita[nome], errors="coerce").to_numpy(float, na_value=np.nan)
        return np.nan_to_num(valori), (~np.isnan(valori)).astype(float)

    conforme = conformita["conforme"].astype("boolean")
    valutabili = conta(conforme.notna().to_numpy(float))
    svolte, svolte_valide = numeri("ore_svolte")
    previste, _ = numeri("ore_previste")
    assenze, _ = numeri("assenze_ingiustificate")
    if per == "mese":
        patti_per_gruppo = np.asarray(pd.Series(codici_patto).groupby(gruppo).nunique().reindex(range(n), fill_value=0))
    else:
        presenti = np.bincount(codici_patto, minlength=len(voci_patto)) > 0
        patti_per_gruppo = np.bincount(gruppo_per_voce[presenti], minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame({
            colonna if per != "patto" else "id_patto": nomi,
            "patti": patti_per_gruppo.astype(np.int64),
            "mesi_patto": conta().astype(np.int64),
            "mesi_conformi": conta(conforme.to_numpy(float, na_value=0.0)).astype(np.int64),
        })
        out["quota_conformi"] = np.where(valutabili > 0, out["mesi_conformi"] / valutabili, np.nan)
        somma_previste = conta(previste)
        out["ore_svolte_medie"] = np.where(conta(svolte_valide) > 0, conta(svolte) / conta(svolte_valide), np.nan)
        out["tasso_presenza"] = np.where(somma_previste > 0, conta(svolte) / somma_previste, np.nan)
        out["quota_assenze_ingiustificate"] = np.where(somma_previste > 0, conta(assenze) / somma_previste, np.nan)
    if allerte is not None:
        controlla_colonne(allerte, ["id_patto", "allerta"], tabella="allerte (il risultato di allerte)")
        if per == "mese":
            raise ErroreCorso("Le allerte sono per Patto: usale con per='patto', 'case_manager' o 'ambito'.")
        posto = pd.Index(voci_patto.astype(str)).get_indexer(allerte["id_patto"].astype(str))
        dentro = posto >= 0
        in_allerta = allerte["allerta"].astype("boolean").to_numpy(float, na_value=0.0)[dentro]
        out["patti_in_allerta"] = np.bincount(gruppo_per_voce[posto[dentro]], weights=in_allerta,
                                              minlength=n).astype(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            out["quota_in_allerta"] = np.where(out["patti"] > 0, out["patti_in_allerta"] / out["patti"], np.nan)
    out = out[out["mesi_patto"] > 0] if per != "patto" else out[out["mesi_patto"] > 0]
    if per in ("ambito", "case_manager", "mese"):
        out = out.sort_values(colonna, kind="stable")
    return out.reset_index(drop=True)
