"""Piano operativo con gli Enti del Terzo settore: spesa, ritmo di spesa e previsione (competenze C4, C7).

Dalla tabella ``azioni_ets`` (una riga per azione, con budget, spesa sostenuta e periodo) si
ricavano, alla data di riferimento, la parte di budget spesa, la parte di tempo trascorsa, il ritmo
di spesa (euro al mese) e la spesa prevista a fine periodo se il ritmo resta lo stesso. Un'azione è
segnalata in **sovraspesa** o **sottospesa** quando la previsione si scosta dal budget più della
``tolleranza_spesa_piano_operativo`` (tabella dei parametri).

>>> import pandas as pd
>>> azioni = pd.DataFrame({"id_azione": ["A1"], "codice_ambito": ["ATS-LE-10"],
...     "tipo_azione": ["interventi trasversali"], "budget": [12000.0], "spesa": [9000.0],
...     "data_inizio": [pd.Timestamp("2025-01-01")], "data_fine": [pd.Timestamp("2025-12-31")]})
>>> a = andamento_azioni(azioni, alla_data="2025-06-30")
>>> round(a.loc[0, "spesa_prevista_fine"]), a.loc[0, "segnale"]
(18149, 'sovraspesa')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course._tempi import come_date, come_numeri, data_riferimento, parametro_alla_data
from course.errori import controlla_colonne, controlla_scelta
from course.note import nota

__all__ = ["COLONNE_AZIONI", "SEGNALI", "andamento_azioni", "piano_operativo"]

COLONNE_AZIONI = ("id_azione", "codice_ambito", "tipo_azione", "budget", "spesa", "data_inizio", "data_fine")
"""Le colonne della tabella ``azioni_ets`` che servono."""

SEGNALI = ("sovraspesa", "sottospesa", "in linea", "non avviata", "da verificare")
"""I possibili segnali sulla spesa di un'azione o di un gruppo di azioni."""

_GIORNI_MESE = 365.25 / 12


def _segnale(spesa, budget, prevista, tolleranza) -> np.ndarray:
    return np.select(
        [np.isnan(prevista) | np.isnan(budget), (spesa > budget) | (prevista > budget * (1 + tolleranza)),
         prevista < budget * (1 - tolleranza)],
        ["da verificare", "sovraspesa", "sottospesa"], "in linea")


def andamento_azioni(azioni, *, alla_data=None) -> pd.DataFrame:
    """Per ogni azione: quota di budget spesa, quota di tempo trascorsa, ritmo e previsione di spesa.

    ``alla_data`` è il giorno a cui si fa il conto (se manca, ``azioni.attrs["data_riferimento"]``).
    Colonne aggiunte: ``quota_spesa``, ``giorni_totali``, ``giorni_trascorsi``, ``quota_tempo``,
    ``spesa_mensile`` (il ritmo di spesa, euro al mese), ``spesa_prevista_fine``,
    ``scostamento_previsto`` (previsione meno budget), ``segnale`` (uno di ``SEGNALI``) e
    ``anomalie`` (date mancanti o fuori ordine: l'azione resta in tabella, senza previsione).

    >>> import pandas as pd
    >>> azioni = pd.DataFrame({"id_azione": ["A1", "A2"], "codice_ambito": ["ATS-FG-01"] * 2,
    ...     "tipo_azione": ["azioni di sistema", "pacchetti personalizzati"],
    ...     "budget": [10000.0, 20000.0], "spesa": [5000.0, 2000.0],
    ...     "data_inizio": pd.to_datetime(["2025-01-01", "2025-03-01"]),
    ...     "data_fine": pd.to_datetime(["2025-12-31", "2025-02-01"])})
    >>> a = andamento_azioni(azioni, alla_data="2025-07-02")
    >>> a[["id_azione", "quota_spesa", "quota_tempo", "segnale"]].round(2)
      id_azione  quota_spesa  quota_tempo        segnale
    0        A1          0.5          0.5       in linea
    1        A2          0.1          NaN  da verificare
    >>> a.loc[1, "anomalie"]
    "la fine dell'azione viene prima dell'inizio"
    """
    controlla_colonne(azioni, COLONNE_AZIONI, tabella="azioni_ets")
    giorno = data_riferimento(azioni, alla_data)
    tolleranza = parametro_alla_data("tolleranza_spesa_piano_operativo", giorno)
    out = azioni.loc[:, [*COLONNE_AZIONI, *[c for c in azioni.columns if c not in COLONNE_AZIONI]]].copy()
    for c in ("budget", "spesa"):
        out[c] = come_numeri(out[c], colonna=c, tabella="azioni_ets")
    for c in ("data_inizio", "data_fine"):
        out[c] = come_date(out[c], colonna=c, tabella="azioni_ets")
    budget, spesa = out["budget"].to_numpy(float), out["spesa"].to_numpy(float)
    # importi negativi (un segno meno di troppo): l'azione resta in tabella, «da verificare», senza previsione
    negativi = (budget < 0) | (spesa < 0)
    budget, spesa = np.where(budget < 0, np.nan, budget), np.where(spesa < 0, np.nan, spesa)
    totali = (out["data_fine"] - out["data_inizio"]).dt.days.to_numpy(float) + 1
    trascorsi = np.clip((giorno - out["data_inizio"]).dt.days.to_numpy(float) + 1, 0, None)
    fuori_ordine = totali <= 0
    totali[fuori_ordine] = np.nan
    trascorsi = np.fmin(trascorsi, totali)
    with np.errstate(divide="ignore", invalid="ignore"):
        quota_tempo = trascorsi / totali
        out["quota_spesa"] = np.where(budget > 0, spesa / budget, np.nan)
        mensile = np.where(trascorsi > 0, spesa / (trascorsi / _GIORNI_MESE), np.nan)
        prevista = np.where(quota_tempo > 0, spesa / quota_tempo, np.nan)
    out["giorni_totali"] = pd.array(totali, dtype="Float64").astype("Int64")
    out["giorni_trascorsi"] = pd.array(trascorsi, dtype="Float64").astype("Int64")
    out["quota_tempo"] = quota_tempo
    out["spesa_mensile"] = mensile
    out["spesa_prevista_fine"] = prevista
    out["scostamento_previsto"] = prevista - budget
    non_avviata = (trascorsi == 0) & ~np.isnan(totali)
    segnale = _segnale(spesa, budget, prevista, tolleranza)
    out["segnale"] = pd.Categorical(np.where(non_avviata, "non avviata", segnale), categories=SEGNALI)

    note = [
        (fuori_ordine, "la fine dell'azione viene prima dell'inizio"),
        (out["data_inizio"].isna().to_numpy() | out["data_fine"].isna().to_numpy(), "mancano le date dell'azione"),
        (non_avviata & (spesa > 0), "c'è spesa prima dell'inizio dell'azione"),
        (out["budget"].to_numpy(float) < 0, "budget negativo: controlla il segno"),
        (out["spesa"].to_numpy(float) < 0, "spesa negativa: controlla il segno"),
        (np.isnan(budget) & ~negativi, "manca il budget"),
        (np.isnan(spesa) & ~negativi, "manca la spesa"),
        (spesa > budget, "la spesa supera già il budget"),
    ]
    anomalie = pd.Series("", index=out.index, dtype=object)
    for maschera, frase in note:
        anomalie = anomalie.where(~np.asarray(maschera, bool), anomalie + "; " + frase)
    out["anomalie"] = anomalie.str.removeprefix("; ")
    out.attrs["data_riferimento"] = giorno
    if negativi.any():
        nota(f"{int(negativi.sum())} azioni hanno budget o spesa negativi: sono segnate «da verificare» e non "
             "entrano nelle previsioni. Correggi il segno nella tabella azioni_ets.", out)
    if len(out) and np.isnan(out["budget"].to_numpy(float)).all():
        nota("La colonna budget è tutta vuota: senza il budget non posso dire se un'azione spende troppo o troppo "
             "poco. Completa il budget assegnato a ogni azione.", out)
    if len(out) and np.isnan(out["spesa"].to_numpy(float)).all():
        nota("La colonna spesa è tutta vuota: non posso dire come va la spesa di nessuna azione. "
             "Completa la spesa sostenuta (anche 0 per le azioni che non hanno ancora speso).", out)
    if out.empty:
        nota("La tabella delle azioni è vuota: non c'è niente da controllare.", out)
    return out


_PER = {"tipo_azione": ["tipo_azione"], "ambito": ["codice_ambito"], "ambito_e_tipo": ["codice_ambito", "tipo_azione"]}


def piano_operativo(azioni, *, alla_data=None, per: str = "tipo_azione") -> pd.DataFrame:
    """Il Piano operativo in sintesi: budget, spesa, ritmo e previsione ``per`` tipo di azione o Ambito.

    ``per`` è ``"tipo_azione"`` (le tre tipologie del Piano), ``"ambito"`` o ``"ambito_e_tipo"``.
    La previsione del gruppo è la somma delle previsioni delle sue azioni (un'azione con date da
    verificare entra con la sola spesa già sostenuta) e il segnale confronta la previsione con il
    budget del gruppo, con la stessa tolleranza delle singole azioni.

    >>> import pandas as pd
    >>> azioni = pd.DataFrame({"id_azione": ["A1", "A2", "A3"], "codice_ambito": ["ATS-FG-01"] * 3,
    ...     "tipo_azione": ["azioni di sistema", "azioni di sistema", "interventi trasversali"],
    ...     "budget": [10000.0, 10000.0, 30000.0], "spesa": [5000.0, 1000.0, 3000.0],
    ...     "data_inizio": pd.to_datetime(["2025-01-01"] * 3), "data_fine": pd.to_datetime(["2025-12-31"] * 3)})
    >>> piano_operativo(azioni, alla_data="2025-07-02")[["tipo_azione", "budget", "spesa", "quota_spesa", "segnale"]]
                  tipo_azione   budget   spesa  quota_spesa     segnale
    0       azioni di sistema  20000.0  6000.0          0.3  sottospesa
    1  interventi trasversali  30000.0  3000.0          0.1  sottospesa
    """
    per = controlla_scelta(per, list(_PER), cosa="raggruppamento del Piano operativo")
    a = andamento_azioni(azioni, alla_data=alla_data)
    tolleranza = parametro_alla_data("tolleranza_spesa_piano_operativo", a.attrs["data_riferimento"])
    chiavi = _PER[per]
    for c in ("budget", "spesa"):   # gli importi negativi non entrano nelle somme (l'azione è da verificare)
        a[c] = a[c].where(a[c] >= 0)
    a["_prevista"] = a["spesa_prevista_fine"].fillna(a["spesa"])
    a["_sovra"] = a["segnale"].eq("sovraspesa")
    a["_sotto"] = a["segnale"].eq("sottospesa")
    a["_verifica"] = a["anomalie"].ne("")
    for k in chiavi:
        a[k] = a[k].astype(str)
    gruppi = a.groupby(chiavi, sort=True, observed=True)
    # min_count=1: un gruppo senza nessun importo resta vuoto (da verificare), non diventa 0 euro
    importi = gruppi[["budget", "spesa", "spesa_mensile", "_prevista"]].sum(min_count=1)
    conteggi = gruppi.agg(azioni=("id_azione", "size"), azioni_in_sovraspesa=("_sovra", "sum"),
                          azioni_in_sottospesa=("_sotto", "sum"), azioni_da_verificare=("_verifica", "sum"))
    g = importi.join(conteggi).rename(columns={"_prevista": "spesa_prevista_fine"}).reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        g["quota_spesa"] = np.where(g["budget"] > 0, g["spesa"] / g["budget"], np.nan)
    g["scostamento_previsto"] = g["spesa_prevista_fine"] - g["budget"]
    g["segnale"] = pd.Categorical(
        _segnale(g["spesa"].to_numpy(float), g["budget"].to_numpy(float), g["spesa_prevista_fine"].to_numpy(float),
                 tolleranza), categories=SEGNALI)
    ordine = [*chiavi, "azioni", "budget", "spesa", "quota_spesa", "spesa_mensile", "spesa_prevista_fine",
              "scostamento_previsto", "segnale", "azioni_in_sovraspesa", "azioni_in_sottospesa", "azioni_da_verificare"]
    g = g[ordine]
    for c in ("azioni", "azioni_in_sovraspesa", "azioni_in_sottospesa", "azioni_da_verificare"):
        g[c] = g[c].astype("int64")
    g.attrs["data_riferimento"] = a.attrs["data_riferimento"]
    if a.attrs.get("note"):
        g.attrs["note"] = list(a.attrs["note"])
    return g
