"""Buone pratiche: istruttoria formale delle candidature, griglia di valutazione trasparente, sensibilità ai pesi.

La griglia di valutazione è **del corso**, non dell'avviso: i criteri con cui la Regione valuta le
candidature non sono nei documenti del corso, quindi il corso propone una griglia trasparente sua,
da applicare e da criticare. L'istruttoria formale invece segue le regole dell'avviso regionale
(D.D. 634/2023). Tre passi:

1. :func:`istruttoria` controlla i requisiti formali e dice, per ogni candidatura, «ammessa» o
   «esclusa» con **tutti** i motivi (non solo il primo).
2. :func:`punteggi` applica la griglia del corso: sette criteri, ciascuno da 0 a 5, e pesi che puoi
   cambiare. Ogni criterio dice da dove prende il voto (vedi :data:`CRITERI`). Un criterio **senza
   voto** non vale 0: resta fuori dal punteggio ed è segnalato (:func:`avviso_griglia` lo dice in una frase).
3. :func:`sensibilita` cambia a caso i pesi molte volte (seme fisso) e mostra quanto è stabile la
   graduatoria: una pratica che resta tra le prime con quasi tutti i pesi è davvero forte.

Utili anche :func:`motivi_esclusione` (quante escluse per ciascun motivo) e :func:`controlla_pesi`.
I grafici sono in :mod:`course.grafici.buone_pratiche`, l'esploratore con i cursori dei pesi in
:mod:`course.widget.buone_pratiche`.

>>> candidature = pd.DataFrame({
...     "id_candidatura": ["BP-1", "BP-2"], "codice_ambito": ["ATS-LE-03", "ATS-LE-03"],
...     "soggetto_proponente": ["Ambito", "Ambito"], "codice_istat": [None, None],
...     "titolo": ["Sportello unico", "Orti didattici"],
...     "area_tematica": ["processi organizzativi", "progetti socio-educativi innovativi"],
...     "poverta_educative": [False, True], "data_invio": pd.to_datetime(["2023-07-01", "2023-07-20"]),
...     "inviata_via_pec": [True, True], "domanda_allegata": [True, True],
...     "descrizione": ["Un solo sportello per tutti i servizi", "Orti con le scuole"]})
>>> istruttoria(candidature)[["id_candidatura", "esito"]].values.tolist()
[['BP-1', 'ammessa'], ['BP-2', 'esclusa']]
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from course import formato
from course.dati.tabelle import ALIAS_AREE, AREE_TEMATICHE, DICITURE_AREE, SOGGETTI_PROPONENTI
from course.date import leggi_data, leggi_date
from course.errori import ErroreCorso, controlla_colonne, controlla_scelta, nomi_vicini
from course.note import nota
from course.parametri import parametro

__all__ = [
    "CRITERI", "PESI_PREDEFINITI", "VOTO_MASSIMO", "istruttoria", "area_tematica", "motivi_esclusione", "punteggi",
    "criteri_esclusi", "avviso_griglia", "sensibilita", "controlla_pesi",
]

VOTO_MASSIMO = 5

# criterio → (etichetta, come si assegna il voto da 0 a 5)
CRITERI = {
    "replicabilita": ("replicabilità", "voto manuale nella colonna voto_replicabilita"),
    "trasferibilita": ("trasferibilità", "voto manuale nella colonna voto_trasferibilita"),
    "evidenza_risultati": ("evidenza dei risultati",
                           "5 se risultati_documentati è vero, 0 se è falso (o voto manuale)"),
    "sostenibilita": ("sostenibilità",
                      "1 punto per ogni anno di attività fino all'anno della scadenza, al massimo 5 (o voto manuale)"),
    "innovazione": ("innovazione", "voto manuale nella colonna voto_innovazione"),
    "partenariato": ("partenariato", "1 punto per ogni partner, al massimo 5 (o voto manuale)"),
    "costo": ("costo", "5 alla pratica con il costo annuo più basso, 0 alla più costosa, le altre "
                       "in proporzione (o voto manuale)"),
}
PESI_PREDEFINITI = {c: 1.0 for c in CRITERI}

_OBBLIGATORIE = ["id_candidatura", "codice_ambito", "titolo", "area_tematica", "poverta_educative", "data_invio",
                 "inviata_via_pec", "domanda_allegata", "descrizione"]


# ----------------------------------------------------------------------------- istruttoria
def _aggiungi(motivi: pd.Series, violato: pd.Series, testo, *, sep: str = "; ") -> pd.Series:
    """Accoda ``testo`` (stringa o Series) ai motivi delle righe dove ``violato`` è vero."""
    violato = violato.fillna(False).astype(bool)
    testo = testo if isinstance(testo, pd.Series) else pd.Series(testo, index=motivi.index)
    separatore = np.where(motivi.eq(""), "", sep)
    return motivi.where(~violato, motivi + separatore + testo.astype(str))


def _vuoto(s: pd.Series) -> pd.Series:
    return s.isna() | s.astype("string").str.strip().eq("").fillna(True)


def _vero(s: pd.Series) -> pd.Series:
    return s.astype("boolean").fillna(False).astype(bool)


def _normale_area(testo: str) -> str:
    testo = str(testo).lower().replace("’", "'").replace("`", "'")
    testo = re.sub(r"[\s\u00a0]+", " ", testo).strip().strip(".;:-–• ").strip()
    return re.sub(r"\s*-\s*", "-", testo)


_AREE_NOTE = {_normale_area(k): v for k, v in
              {**{a: a for a in AREE_TEMATICHE}, **DICITURE_AREE, **ALIAS_AREE}.items()}


def area_tematica(testo):
    """L'etichetta breve dell'area tematica scritta in ``testo`` (dicitura ufficiale o breve), o vuoto.

    Accetta la dicitura dell'avviso («cambiamento dei processi organizzativi per il miglioramento della
    gestione dei servizi»), l'etichetta breve del corso («processi organizzativi»), maiuscole, spazi e
    punteggiatura diversi. Funziona su un testo o su una colonna.

    >>> area_tematica("Progetti innovativi in ambito socio-educativo-assistenziale.")
    'progetti socio-educativo-assistenziali innovativi'
    >>> area_tematica("welfare digitale") is None
    True
    """
    if isinstance(testo, pd.Series):
        return testo.map(lambda t: None if pd.isna(t) else _AREE_NOTE.get(_normale_area(t)))
    return None if testo is None or pd.isna(testo) else _AREE_NOTE.get(_normale_area(testo))


def istruttoria(candidature: pd.DataFrame, *, scadenza=None, limite_per: str = "ambito") -> pd.DataFrame:
    """L'istruttoria formale: per ogni candidatura ``esito`` («ammessa»/«esclusa») e ``motivi`` in italiano.

    Regole (dall'avviso; le cifre vengono dalla tabella dei parametri):

    - invio entro la scadenza (``scadenza_buone_pratiche``, o la data che passi in ``scadenza``);
    - invio via PEC e domanda di partecipazione allegata;
    - titolo e descrizione presenti; se propone un Comune, il suo codice ISTAT;
    - codice della candidatura non ripetuto (le copie successive alla prima sono escluse);
    - area tematica tra le cinque dell'avviso, scritta con la dicitura ufficiale o con l'etichetta breve
      (``course.dati.tabelle.DICITURE_AREE`` e ``AREE_TEMATICHE``, vedi :func:`area_tematica`);
    - una candidatura per Ambito (``candidature_per_ambito``), più una
      (``candidature_aggiuntive_poverta_educative``) solo se riguarda le povertà educative.
      Contano soltanto le candidature in regola con tutto il resto, nell'ordine di invio: quelle in più
      vengono escluse. Con ``limite_per="proponente"`` il limite vale per ogni Comune o Ambito proponente.

    >>> c = pd.DataFrame({"id_candidatura": ["A"], "codice_ambito": ["ATS-BA-01"], "titolo": ["T"],
    ...     "area_tematica": ["processi organizativi"], "poverta_educative": [False],
    ...     "data_invio": pd.to_datetime(["2023-08-01"]), "inviata_via_pec": [False],
    ...     "domanda_allegata": [True], "descrizione": [""]})
    >>> print(istruttoria(c)["motivi"].iloc[0])
    inviata il 01/08/2023, dopo la scadenza del 15/07/2023; non inviata via PEC; descrizione della pratica mancante; area tematica «processi organizativi» non prevista dall'avviso (forse: processi organizzativi)
    """
    controlla_colonne(candidature, _OBBLIGATORIE, tabella="delle candidature")
    controlla_scelta(limite_per, ["ambito", "proponente"], cosa="limite_per")
    df = candidature.copy()
    scadenza = leggi_data(scadenza if scadenza is not None else parametro("scadenza_buone_pratiche"),
                          cosa="la scadenza")
    motivi = pd.Series("", index=df.index, dtype=object)

    codice = df["id_candidatura"].astype("string")
    motivi = _aggiungi(motivi, codice.duplicated(keep="first") & codice.notna(),
                       "codice «" + codice.fillna("") + "» già usato da un'altra candidatura: è un doppione?")
    data = leggi_date(df["data_invio"], vuote_se_illeggibili=True)   # illeggibile: motivo di esclusione
    motivi = _aggiungi(motivi, data.isna(), "data di invio mancante o non valida")
    motivi = _aggiungi(motivi, data.dt.normalize() > scadenza,
                       "inviata il " + formato.data(data, vuoto="") +
                       f", dopo la scadenza del {formato.data(scadenza)}")
    pec = df["inviata_via_pec"].astype("boolean")
    motivi = _aggiungi(motivi, pec.isna(), "non si sa se è stata inviata via PEC")
    motivi = _aggiungi(motivi, pec.eq(False), "non inviata via PEC")
    domanda = df["domanda_allegata"].astype("boolean")
    motivi = _aggiungi(motivi, ~domanda.fillna(False).astype(bool), "domanda di partecipazione non allegata")
    motivi = _aggiungi(motivi, _vuoto(df["titolo"]), "titolo mancante")
    motivi = _aggiungi(motivi, _vuoto(df["descrizione"]), "descrizione della pratica mancante")
    if "soggetto_proponente" in df.columns:
        soggetto = df["soggetto_proponente"].astype("string")
        ignoto = soggetto.notna() & ~soggetto.isin(SOGGETTI_PROPONENTI)
        motivi = _aggiungi(motivi, ignoto, "soggetto proponente «" + soggetto.fillna("") +
                           "» non previsto (sono ammessi Ambito e Comune)")
        if "codice_istat" in df.columns:
            motivi = _aggiungi(motivi, soggetto.eq("Comune") & _vuoto(df["codice_istat"]),
                               "proponente Comune senza codice ISTAT del comune")
    area = df["area_tematica"].astype("string").str.strip()
    fuori = area_tematica(area).isna() & area.notna()
    # un messaggio per ogni dicitura diversa, non per ogni riga
    testi = {}
    for a in area[fuori].dropna().unique():
        vicini = nomi_vicini(a, AREE_TEMATICHE, quanti=1)
        testi[a] = f"area tematica «{a}» non prevista dall'avviso" + (f" (forse: {vicini[0]})" if vicini else "")
    # con un dizionario vuoto map dà numeri (tutti NaN): il testo vuoto si mette con get, senza fillna
    testo_area = area.astype(object).map(lambda a: testi.get(a, "")).astype(object)
    motivi = _aggiungi(motivi, fuori & area.notna(), testo_area)
    motivi = _aggiungi(motivi, area.isna() | area.eq(""), "area tematica mancante")

    df["esito"], df["motivi"] = np.where(motivi.eq(""), "ammessa", "esclusa"), motivi
    df = _limite_per_ambito(df, limite_per=limite_per)
    df["n_motivi"] = df["motivi"].str.count("; ").add(1).where(df["motivi"].ne(""), 0).astype(int)
    if len(df) and data.isna().all():
        nota("La colonna data_invio è tutta vuota (o illeggibile): tutte le candidature risultano escluse per la "
             "data. Controlla il file: di solito la colonna ha un altro nome o le date sono scritte in un formato "
             "diverso da 31/07/2023.", df)
    return df


def _limite_per_ambito(df: pd.DataFrame, *, limite_per: str) -> pd.DataFrame:
    """Applica il numero massimo di candidature alle sole candidature in regola, in ordine di invio."""
    ordinarie = parametro("candidature_per_ambito")
    aggiuntive = parametro("candidature_aggiuntive_poverta_educative")
    chiave = df["codice_ambito"].astype("string")
    if limite_per == "proponente" and "codice_istat" in df.columns:
        comune = df["codice_istat"].astype("string")
        chiave = chiave.where(comune.isna() | comune.str.strip().eq(""), "comune " + comune)
    in_regola = df["esito"].eq("ammessa")
    if not in_regola.any():
        return df
    pe = _vero(df["poverta_educative"])
    base = pd.DataFrame({"chiave": chiave, "pe": pe, "data": leggi_date(df["data_invio"], vuote_se_illeggibili=True),
                         "id": df["id_candidatura"].astype(str)})[in_regola].sort_values(["chiave", "data", "id"])
    gruppo = base.groupby(["chiave", "pe"], sort=False).cumcount()
    non_pe_usate = (~base["pe"]).groupby(base["chiave"]).transform("sum").clip(upper=ordinarie)
    posti = np.where(base["pe"], aggiuntive + ordinarie - non_pe_usate, ordinarie)
    ammessa = gruppo < posti
    esclusa = base.index[~ammessa]
    if len(esclusa):
        prime = base[ammessa].groupby("chiave")["id"].agg(", ".join)
        gia = base.loc[esclusa, "chiave"].map(prime).fillna("")
        testo = (f"oltre il limite di candidature ({ordinarie} per Ambito, più {aggiuntive} solo sulle povertà "
                 "educative): già ammessa " + gia)
        df.loc[esclusa, "esito"] = "esclusa"
        df.loc[esclusa, "motivi"] = testo
    return df


def motivi_esclusione(esito: pd.DataFrame) -> pd.DataFrame:
    """Quante candidature sono state escluse per ciascun motivo (una candidatura può averne più d'uno).

    ``esito`` è il risultato di :func:`istruttoria`.

    >>> e = pd.DataFrame({"esito": ["esclusa", "esclusa", "ammessa"],
    ...                   "motivi": ["non inviata via PEC; titolo mancante", "non inviata via PEC", ""]})
    >>> motivi_esclusione(e).values.tolist()
    [['non inviata via PEC', 2], ['titolo mancante', 1]]
    """
    controlla_colonne(esito, ["esito", "motivi"], tabella="dell'istruttoria")
    escluse = esito.loc[esito["esito"] == "esclusa", "motivi"].str.split("; ").explode()
    # le parti variabili (date, nomi, codici) non devono separare motivi dello stesso tipo
    tipo = (escluse.str.replace(r"«[^»]*»", "«…»", regex=True)
            .str.replace(r"^inviata il .*, dopo la scadenza.*", "inviata dopo la scadenza", regex=True)
            .str.replace(r"^oltre il limite di candidature.*", "oltre il limite di candidature per Ambito", regex=True)
            .str.replace(r" \(forse: [^)]*\)", "", regex=True))
    conteggi = tipo.value_counts()
    return pd.DataFrame({"motivo": conteggi.index.astype(str), "candidature": conteggi.to_numpy(int)})


# ----------------------------------------------------------------------------- griglia di valutazione
def controlla_pesi(pesi: dict | None = None) -> dict:
    """I pesi completi e controllati: quelli non indicati restano a 1, nomi sbagliati danno un errore.

    >>> controlla_pesi({"costo": 2})["costo"], controlla_pesi({"costo": 2})["innovazione"]
    (2.0, 1.0)
    >>> controlla_pesi({"inovazione": 2})
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Valore di criterio della griglia sconosciuto: 'inovazione'. Forse intendevi: innovazione. Valori ammessi: replicabilita, trasferibilita, evidenza_risultati, sostenibilita, innovazione, partenariato, costo.
    """
    completi = dict(PESI_PREDEFINITI)
    for nome, valore in (pesi or {}).items():
        controlla_scelta(nome, CRITERI, cosa="criterio della griglia")
        if isinstance(valore, bool) or not isinstance(valore, (int, float, np.number)) or not valore >= 0:
            raise ErroreCorso(f"Il peso di «{nome}» deve essere un numero maggiore o uguale a 0, non {valore!r}.")
        completi[nome] = float(valore)
    if sum(completi.values()) == 0:
        raise ErroreCorso("Tutti i pesi sono 0: almeno un criterio deve contare. Metti ad esempio costo=1.")
    return completi


def _voto_manuale(df: pd.DataFrame, criterio: str) -> pd.Series:
    colonna = f"voto_{criterio}"
    if colonna not in df.columns:
        return pd.Series(np.nan, index=df.index)
    voto = pd.to_numeric(df[colonna], errors="coerce")
    fuori = voto.notna() & ~voto.between(0, VOTO_MASSIMO)
    non_numerici = df[colonna].notna() & voto.isna()
    if (fuori | non_numerici).any():
        etichette = [str(i) for i in df.index[(fuori | non_numerici).to_numpy()][:10]]
        righe = ("riga " if len(etichette) == 1 else "righe ") + ", ".join(etichette)
        raise ErroreCorso(f"Colonna «{colonna}», {righe}: il voto deve essere un numero da 0 a "
                          f"{VOTO_MASSIMO} (o vuoto se non assegnato).")
    return voto


def _voti_automatici(df: pd.DataFrame, *, anno_riferimento: int) -> dict[str, pd.Series]:
    vuota = pd.Series(np.nan, index=df.index)
    voti = {}
    if "risultati_documentati" in df.columns:
        voti["evidenza_risultati"] = df["risultati_documentati"].astype("boolean").astype("Float64").astype(float) \
            * VOTO_MASSIMO
    if "anno_avvio" in df.columns:
        anni = anno_riferimento - pd.to_numeric(df["anno_avvio"], errors="coerce")
        voti["sostenibilita"] = anni.clip(0, VOTO_MASSIMO).astype(float)
    if "n_partner" in df.columns:
        voti["partenariato"] = pd.to_numeric(df["n_partner"], errors="coerce").clip(0, VOTO_MASSIMO).astype(float)
    if "costo_annuo" in df.columns:
        costo = pd.to_numeric(df["costo_annuo"], errors="coerce")
        if (costo < 0).any():
            # un costo negativo prenderebbe il voto migliore: non lo si usa e lo si dice
            nota(f"{int((costo < 0).sum())} candidature hanno un costo annuo negativo: per il criterio costo le "
                 "considero senza costo indicato. Controlla il segno.", livello=4)
            costo = costo.where(costo >= 0)
        campo = costo.max() - costo.min()
        voti["costo"] = (VOTO_MASSIMO * (costo.max() - costo) / campo) if campo > 0 else \
            costo.where(costo.isna(), float(VOTO_MASSIMO))
    return {c: voti.get(c, vuota).astype(float) for c in CRITERI}


def punteggi(candidature: pd.DataFrame, *, pesi: dict | None = None, anno_riferimento: int | None = None) -> pd.DataFrame:
    """La griglia di valutazione: un voto da 0 a 5 per criterio, il punteggio pesato (0-100) e la posizione.

    Per ogni criterio vale il voto manuale della colonna ``voto_<criterio>`` se c'è, altrimenti la
    regola automatica descritta in :data:`CRITERI`. Un criterio **senza voto non vale 0**: resta vuoto,
    è elencato in ``criteri_senza_voto`` e il punteggio di quella candidatura si calcola sui soli criteri
    con un voto (``criteri_valutati`` dice quanti). Un criterio senza voto per **nessuna** candidatura
    è escluso dalla griglia: il suo peso non conta (:func:`criteri_esclusi`, :func:`avviso_griglia`).
    Il punteggio è ``100 × somma(peso × voto) / (5 × somma dei pesi dei criteri con un voto)``.
    ``anno_riferimento`` (per la sostenibilità) è di norma l'anno della scadenza dell'avviso. Se c'è la
    colonna ``esito`` dell'istruttoria, si valutano solo le candidature ammesse.

    >>> c = pd.DataFrame({"id_candidatura": ["A", "B"], "titolo": ["Sportello", "Orti"],
    ...     "risultati_documentati": [True, False], "anno_avvio": [2019, 2022], "n_partner": [2, 6],
    ...     "costo_annuo": [10000.0, 30000.0], "voto_innovazione": [2, 5]})
    >>> p = punteggi(c, pesi={"innovazione": 2})
    >>> p[["id_candidatura", "evidenza_risultati", "sostenibilita", "costo", "punteggio", "posizione"]].round(1).values.tolist()
    [['A', 5.0, 4.0, 5.0, 66.7, 1], ['B', 0.0, 1.0, 0.0, 53.3, 2]]
    >>> criteri_esclusi(p)
    ['replicabilita', 'trasferibilita']
    """
    controlla_colonne(candidature, ["id_candidatura"], tabella="delle candidature")
    pesi = controlla_pesi(pesi)
    df = candidature
    if "esito" in df.columns:
        df = df[df["esito"] == "ammessa"]
    anno = anno_riferimento or parametro("scadenza_buone_pratiche").year
    automatici = _voti_automatici(df, anno_riferimento=anno)
    voti = pd.DataFrame({c: _voto_manuale(df, c).fillna(automatici[c]) for c in CRITERI}, index=df.index)
    identita = [c for c in ("id_candidatura", "codice_ambito", "titolo") if c in df.columns]
    out = pd.concat([df[identita], voti], axis=1)
    senza = voti.isna()
    elenco = pd.Series("", index=df.index, dtype=object)
    for c in CRITERI:
        elenco = _aggiungi(elenco, senza[c], CRITERI[c][0], sep=", ")
    out["criteri_senza_voto"] = elenco
    out["criteri_valutati"] = (~senza).sum(axis=1).astype("int64")
    out["punteggio"] = _totale(voti.to_numpy(float), np.array([pesi[c] for c in CRITERI]))[:, 0]
    out["posizione"] = out["punteggio"].rank(method="min", ascending=False, na_option="bottom").astype("int64")
    out = out.sort_values(["posizione", "id_candidatura"], ignore_index=True)
    esclusi = [c for c in CRITERI if len(df) and senza[c].all()]
    if len(df) and not sum(pesi[c] for c in CRITERI if c not in esclusi):
        raise ErroreCorso("Tutti i criteri che hanno un voto hanno peso 0, e quelli con un peso non hanno voti ("
                          + ", ".join(CRITERI[c][0] for c in esclusi) + "): nessun punteggio si può calcolare. "
                          "Dai un peso maggiore di 0 ad almeno un criterio con voti, ad esempio costo=1.")
    out.attrs.update({"pesi": pesi, "criteri_esclusi": esclusi})
    return out


def criteri_esclusi(griglia: pd.DataFrame) -> list[str]:
    """I criteri senza voto per nessuna candidatura (risultato di :func:`punteggi`): restano fuori dal punteggio."""
    if "criteri_esclusi" in griglia.attrs:
        return list(griglia.attrs["criteri_esclusi"])
    return [c for c in CRITERI if c in griglia.columns and len(griglia) and griglia[c].isna().all()]


def avviso_griglia(griglia: pd.DataFrame) -> str:
    """Una frase che dice quali criteri non hanno voti (e quindi non contano), o «» se sono tutti valutati.

    >>> c = pd.DataFrame({"id_candidatura": ["A", "B"], "n_partner": [2, None], "voto_innovazione": [3, 4]})
    >>> print(avviso_griglia(punteggi(c)))  # doctest: +ELLIPSIS
    5 criteri non hanno un voto per nessuna candidatura e restano fuori dal punteggio (i loro pesi non contano): replicabilità, ... 1 candidatura non ha il voto di tutti i criteri: il suo punteggio è calcolato sugli altri (vedi la colonna criteri_senza_voto).
    """
    frasi = []
    esclusi = criteri_esclusi(griglia)
    if esclusi:
        nomi = ", ".join(CRITERI[c][0] for c in esclusi)
        colonne = ", ".join(f"voto_{c}" for c in esclusi)
        if len(esclusi) == 1:
            frasi.append(f"1 criterio non ha un voto per nessuna candidatura e resta fuori dal punteggio (il suo peso "
                         f"non conta): {nomi}. Per usarlo, aggiungi la colonna {colonne} alle candidature.")
        else:
            frasi.append(f"{len(esclusi)} criteri non hanno un voto per nessuna candidatura e restano fuori dal "
                         f"punteggio (i loro pesi non contano): {nomi}. Per usarli, aggiungi alle candidature le "
                         f"colonne {colonne}.")
    if "criteri_senza_voto" in griglia.columns:
        mancanti = griglia["criteri_senza_voto"].astype(str)
        for c in esclusi:
            mancanti = mancanti.str.replace(CRITERI[c][0], "", regex=False)
        parziali = int(mancanti.str.strip(", ").ne("").sum())
        if parziali:
            chi = ("1 candidatura non ha" if parziali == 1 else f"{parziali} candidature non hanno")
            frasi.append(f"{chi} il voto di tutti i criteri: il {'suo' if parziali == 1 else 'loro'} punteggio è "
                         "calcolato sugli altri (vedi la colonna criteri_senza_voto).")
    return " ".join(frasi)


def _totale(voti: np.ndarray, pesi: np.ndarray) -> np.ndarray:
    """Punteggi 0-100: una colonna per ogni riga di ``pesi`` (una riga per simulazione).

    I voti mancanti (NaN) non contano né sopra né sotto la linea: il punteggio è la media pesata dei
    soli criteri con un voto. Una riga senza nessun voto ha punteggio vuoto.
    """
    pesi = np.atleast_2d(pesi)
    presenti = ~np.isnan(voti)
    somma_pesi = presenti.astype(float) @ pesi.T
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(somma_pesi > 0, np.nan_to_num(voti) @ pesi.T / (VOTO_MASSIMO * somma_pesi) * 100, np.nan)


# ----------------------------------------------------------------------------- sensibilità
def sensibilita(candidature: pd.DataFrame, *, pesi: dict | None = None, variazione: float = 0.5,
                simulazioni: int = 1000, primi: int = 5, seme: int = 1) -> pd.DataFrame:
    """Quanto cambia la graduatoria se i pesi cambiano: posizioni minima e massima, quota nelle prime ``primi``.

    Ogni peso viene moltiplicato, in ogni simulazione, per un numero a caso tra ``1 - variazione`` e
    ``1 + variazione`` (seme fisso ``seme``: lo stesso seme dà lo stesso risultato). Colonne:
    ``posizione`` (con i pesi scelti), ``posizione_min``, ``posizione_mediana``, ``posizione_max`` e
    ``quota_primi`` (la parte di simulazioni in cui la pratica resta tra le prime ``primi``).

    >>> c = pd.DataFrame({"id_candidatura": ["A", "B", "C"], "voto_innovazione": [5, 0, 3],
    ...                   "voto_replicabilita": [0, 5, 3], "n_partner": [5, 5, 2]})
    >>> s = sensibilita(c, primi=1, simulazioni=200)
    >>> s[["id_candidatura", "posizione", "posizione_min", "posizione_max"]].values.tolist()
    [['A', 1, 1, 3], ['B', 1, 1, 3], ['C', 3, 2, 3]]
    """
    if not 0 <= variazione < 1:
        raise ErroreCorso(f"«variazione» deve essere tra 0 e 1 (0.5 = pesi cambiati fino al 50%), non {variazione!r}.")
    if not isinstance(simulazioni, int) or simulazioni < 1:
        raise ErroreCorso(f"«simulazioni» deve essere un numero intero positivo (ad esempio 1000), non {simulazioni!r}.")
    base = punteggi(candidature, pesi=pesi)
    colonne = ["posizione_min", "posizione_mediana", "posizione_max", "quota_primi"]
    out = base[[c for c in ("id_candidatura", "codice_ambito", "titolo") if c in base.columns]
               + ["punteggio", "posizione"]].copy()
    if base.empty:
        return out.assign(**{c: pd.Series(dtype=float) for c in colonne})
    w = np.array([base.attrs["pesi"][c] for c in CRITERI])
    rng = np.random.default_rng(seme)
    fattori = rng.uniform(1 - variazione, 1 + variazione, size=(simulazioni, len(CRITERI)))
    totali = _totale(base[list(CRITERI)].to_numpy(float), fattori * w)
    posti = pd.DataFrame(totali).rank(axis=0, method="min", ascending=False, na_option="bottom").to_numpy()
    out["posizione_min"] = posti.min(axis=1).astype(int)
    out["posizione_mediana"] = np.median(posti, axis=1)
    out["posizione_max"] = posti.max(axis=1).astype(int)
    out["quota_primi"] = (posti <= primi).mean(axis=1)
    out.attrs.update({"primi": primi, "variazione": variazione, "simulazioni": simulazioni})
    return out
