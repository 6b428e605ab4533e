"""Le tabelle del piano della performance: il cronoprogramma delle attività e gli indicatori di un obiettivo.

- :func:`stato_attivita`: per ogni attività lo stato a una data (non avviata, in corso, conclusa,
  in ritardo), i giorni di ritardo, il rispetto dei tempi e le date incoerenti (segnalate, non bloccanti);
- :func:`raggiungimento`: per ogni indicatore il target (dalla colonna o letto nella descrizione),
  la percentuale di raggiungimento e se il target è raggiunto, secondo la polarità;
- :func:`sintesi_obiettivo`: un paragrafo in italiano sullo stato di un obiettivo.

>>> import pandas as pd
>>> att = pd.DataFrame({"descrizione": ["Formazione dei case manager"], "avanzamento_pct": [40.0],
...     "inizio_previsto": pd.to_datetime(["2025-01-01"]), "fine_prevista": pd.to_datetime(["2025-03-31"]),
...     "inizio_effettivo": pd.to_datetime(["2025-01-10"]), "fine_effettiva": [pd.NaT]})
>>> stato_attivita(att, al="2025-04-30")[["stato", "ritardo_giorni", "rispetto_tempi"]]
        stato  ritardo_giorni  rispetto_tempi
0  in ritardo              30           False
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from course import formato
from course._conteggi import tabella_conteggi
from course.date import leggi_data
from course.errori import ErroreCorso, controlla_colonne
from course.indicatori.calcolo import date_scritte
from course.indicatori.target import leggi_target, leggi_valore_base

__all__ = ["stato_attivita", "riepilogo_attivita", "raggiungimento", "sintesi_obiettivo", "STATI", "COLONNE_ATTIVITA", "COLONNE_INDICATORI"]

STATI = ("non avviata", "in corso", "conclusa", "in ritardo")
COLONNE_ATTIVITA = ("descrizione", "avanzamento_pct", "inizio_previsto", "fine_prevista", "inizio_effettivo",
                    "fine_effettiva")
COLONNE_INDICATORI = ("descrizione", "valore_previsto", "valore_raggiunto")
_DATE = ("inizio_previsto", "fine_prevista", "inizio_effettivo", "fine_effettiva")


def _data_al(df: pd.DataFrame, al) -> pd.Timestamp:
    if al is None:
        al = df.attrs.get("data_riferimento")
    if al is None:
        raise ErroreCorso("Serve la data a cui valutare il cronoprogramma: scrivi ad esempio al='2025-06-30' "
                          "(i dati del corso la portano con sé in df.attrs['data_riferimento']).")
    return leggi_data(al, cosa="la data di riferimento (al)")


_MANCANTI = ("", "n.d.", "nd", "n.d", "-", "—")


def _numeri(serie: pd.Series) -> tuple[pd.Series, pd.Series]:
    """I valori come numeri (anche scritti all'italiana: «1.234,5», «40%») e la maschera di quelli illeggibili."""
    if pd.api.types.is_numeric_dtype(serie) and not pd.api.types.is_bool_dtype(serie):
        return serie.astype("float64"), pd.Series(False, index=serie.index)
    testo = serie.astype("string").str.strip().str.rstrip("%").str.strip()
    italiano = testo.str.replace(r"\.(?=\d{3}(?:\D|$))", "", regex=True).str.replace(",", ".", regex=False)
    numeri = pd.to_numeric(italiano, errors="coerce").astype("float64")
    illeggibili = (numeri.isna() & testo.notna() & ~testo.str.lower().isin(_MANCANTI)).fillna(False).astype(bool)
    return numeri, illeggibili


def _segnala(anomalie: pd.Series, condizione, messaggio: str) -> pd.Series:
    condizione = pd.Series(condizione, index=anomalie.index).fillna(False).astype(bool)
    return anomalie.where(~condizione, anomalie + messaggio + "; ")


def stato_attivita(attivita: pd.DataFrame, *, al=None) -> pd.DataFrame:
    """Lo stato di ogni attività del cronoprogramma alla data ``al`` (se manca, quella dei dati).

    Aggiunge le colonne ``stato`` (non avviata, in corso, conclusa, in ritardo),
    ``ritardo_avvio_giorni`` (di quanti giorni l'attività è partita dopo l'inizio previsto; per una non
    ancora avviata, i giorni passati dall'inizio previsto), ``ritardo_giorni`` (il ritardo sulla fine:
    fine effettiva, o la data ``al`` se non è conclusa, rispetto alla fine prevista; per una non
    avviata conta anche l'avvio mancato; 0 se in tempo), ``rispetto_tempi`` (sì/no, deciso da
    ``ritardo_giorni``: per le attività non ancora scadute vale «sì» finché non sono in ritardo),
    ``avanzamento_atteso_pct`` (quanto si dovrebbe essere
    avanti se il lavoro procedesse in modo regolare) e ``anomalie`` (date incoerenti o illeggibili,
    avanzamento fuori scala: segnalate, senza fermare il calcolo). Le date scritte come testo
    («31/03/2025») e i numeri scritti all'italiana («12,5», «40%») sono letti come in Excel.

    Le fonti non dicono come giudicare un'attività partita in ritardo ma finita in tempo: il corso
    (convenzione) la considera nei tempi, perché *rispetto dei tempi* guarda la fine; il ritardo di
    avvio resta visibile nella sua colonna, come campanello d'allarme.

    >>> import pandas as pd
    >>> att = pd.DataFrame({"descrizione": ["A", "B", "C"], "avanzamento_pct": [100, 0, 50],
    ...     "inizio_previsto": ["01/01/2025", "01/06/2025", "01/03/2025"],
    ...     "fine_prevista": ["28/02/2025", "30/09/2025", "01/02/2025"],
    ...     "inizio_effettivo": ["03/01/2025", None, "01/03/2025"],
    ...     "fine_effettiva": ["10/03/2025", None, None]})
    >>> r = stato_attivita(att, al="2025-05-31")
    >>> r[["descrizione", "stato", "ritardo_giorni", "rispetto_tempi"]]
      descrizione        stato  ritardo_giorni  rispetto_tempi
    0           A     conclusa              10           False
    1           B  non avviata               0            True
    2           C   in ritardo             119           False
    >>> r.loc[2, "anomalie"]
    'fine prevista prima dell’inizio previsto'
    """
    controlla_colonne(attivita, COLONNE_ATTIVITA, tabella="cronoprogramma")
    al = _data_al(attivita, al)
    r = attivita.copy()
    anomalie = pd.Series("", index=r.index, dtype="object")
    for c in _DATE:
        if not pd.api.types.is_datetime64_any_dtype(r[c]):
            testo = r[c].astype("string").str.strip()
            date = date_scritte(testo)
            illeggibile = testo.notna() & testo.ne("") & date.isna()
            anomalie = _segnala(anomalie, illeggibile, f"{c.replace('_', ' ')} illeggibile")
            r[c] = date
    avanzamento, illeggibile = _numeri(r["avanzamento_pct"])
    anomalie = _segnala(anomalie, illeggibile, "avanzamento illeggibile")
    r["avanzamento_pct"] = avanzamento
    ip, fp, ie, fe = (r[c] for c in _DATE)
    avviata = ie.notna() & (ie <= al)
    conclusa = fe.notna() & (fe <= al)
    anomalie = _segnala(anomalie, ip.isna() | fp.isna(), "manca una data prevista")
    anomalie = _segnala(anomalie, fp < ip, "fine prevista prima dell’inizio previsto")
    anomalie = _segnala(anomalie, fe < ie, "fine effettiva prima dell’inizio effettivo")
    anomalie = _segnala(anomalie, fe.notna() & ie.isna(), "fine effettiva senza inizio effettivo")
    anomalie = _segnala(anomalie, (ie > al) | (fe > al), "data effettiva successiva alla data di riferimento")
    anomalie = _segnala(anomalie, avanzamento.isna() | (avanzamento < 0) | (avanzamento > 100),
                        "avanzamento mancante o fuori da 0–100")
    anomalie = _segnala(anomalie, conclusa & (avanzamento < 100), "conclusa ma con avanzamento sotto il 100%")
    anomalie = _segnala(anomalie, fe.isna() & (avanzamento >= 100), "avanzamento al 100% ma senza fine effettiva")
    anomalie = _segnala(anomalie, ~avviata & ie.isna() & (avanzamento > 0), "avanzamento positivo ma attività non avviata")
    giorni = pd.Timedelta(days=1)
    ritardo_fine = np.where(conclusa, (fe - fp) / giorni, (al - fp) / giorni)
    ritardo_avvio = np.where(avviata | conclusa, 0.0, (al - ip) / giorni)
    ritardo = np.fmax(np.fmax(ritardo_fine, ritardo_avvio), 0.0)
    ritardo = np.where(fp.isna() & ip.isna(), np.nan, ritardo)
    stato = np.select(
        [conclusa, ritardo > 0, avviata],
        ["conclusa", "in ritardo", "in corso"], default="non avviata")
    durata = (fp - ip) / giorni
    atteso = ((al - ip) / giorni / durata.where(durata > 0)).clip(0, 1) * 100
    avvio = np.where(avviata, (ie - ip) / giorni, np.where(ie.isna(), (al - ip) / giorni, 0.0))
    avvio = np.where(ip.isna(), np.nan, np.fmax(avvio, 0.0))
    r["stato"] = pd.Categorical(stato, categories=STATI)
    r["ritardo_avvio_giorni"] = pd.array(np.round(avvio), dtype="Int64")
    r["ritardo_giorni"] = pd.array(np.round(ritardo), dtype="Int64")
    rispetto = pd.array(ritardo <= 0, dtype="boolean")
    rispetto[np.isnan(ritardo)] = pd.NA
    r["rispetto_tempi"] = rispetto
    r["avanzamento_atteso_pct"] = atteso.round(1)
    r["anomalie"] = anomalie.str.removesuffix("; ")
    return r


def riepilogo_attivita(attivita: pd.DataFrame, *, al=None, per: str = "id_obiettivo") -> pd.DataFrame:
    """Quante attività per stato in ogni gruppo (obiettivo, ufficio responsabile…), con ritardi e tempi rispettati.

    Colonne: una per stato (non avviata, in corso, conclusa, in ritardo), ``attivita``, ``quota_nei_tempi``
    (% di attività che rispettano i tempi), ``ritardo_massimo_giorni``, ``avanzamento_medio_pct``,
    ``con_anomalie``.

    >>> import pandas as pd
    >>> att = pd.DataFrame({"id_obiettivo": ["OB-1", "OB-1", "OB-2"], "descrizione": ["A", "B", "C"],
    ...     "avanzamento_pct": [100, 20, 0],
    ...     "inizio_previsto": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-09-01"]),
    ...     "fine_prevista": pd.to_datetime(["2025-02-28", "2025-04-30", "2025-10-31"]),
    ...     "inizio_effettivo": pd.to_datetime(["2025-01-02", "2025-03-01", None]),
    ...     "fine_effettiva": pd.to_datetime(["2025-02-20", None, None])})
    >>> riepilogo_attivita(att, al="2025-05-31")[["id_obiettivo", "conclusa", "in ritardo", "quota_nei_tempi"]]
      id_obiettivo  conclusa  in ritardo  quota_nei_tempi
    0         OB-1         1           1             50.0
    1         OB-2         0           0            100.0
    """
    s = stato_attivita(attivita, al=al)
    if per not in s.columns:
        from course.errori import nomi_vicini

        vicini = nomi_vicini(per, s.columns)
        forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
        raise ErroreCorso(f"Il cronoprogramma non ha la colonna {per!r} per raggruppare.{forse}")
    conti = tabella_conteggi(s[per], s["stato"], voci_colonne=STATI)
    gruppi = s.groupby(per, observed=True)
    altre = pd.DataFrame({
        "attivita": gruppi.size(),
        "quota_nei_tempi": (gruppi["rispetto_tempi"].mean() * 100).astype("float64").round(1),
        "ritardo_massimo_giorni": gruppi["ritardo_giorni"].max(),
        "avanzamento_medio_pct": gruppi["avanzamento_pct"].mean().round(1),
        "con_anomalie": s["anomalie"].ne("").groupby(s[per], observed=True).sum(),
    })
    risultato = conti.join(altre).reset_index()
    risultato.columns.name = None
    return risultato


def raggiungimento(indicatori: pd.DataFrame) -> pd.DataFrame:
    """Per ogni indicatore: target, percentuale di raggiungimento e se il target è raggiunto.

    Il target viene da ``valore_previsto``; se è vuoto, lo si legge nella descrizione («almeno 20»,
    «pari a 80 (valore in %)», «non oltre 30 giorni»). Negli indicatori che sono un rapporto tra due
    anni («… nel 2017 / … nel 2016 pari a 20 (valore in %)») «pari a 20» è il valore dell'anno base,
    non il target: va nella colonna ``valore_base`` e la nota lo dice. Con polarità crescente la percentuale è
    raggiunto / previsto; con polarità decrescente (meno è meglio) è previsto / raggiunto. Se la colonna
    ``polarita`` manca o è vuota si usa quella suggerita dal testo («almeno» → crescente). I valori
    scritti come testo all'italiana («1.200», «12,5») diventano numeri.
    Colonne aggiunte: ``target``, ``origine_target``, ``polarita_usata``, ``valore_base``,
    ``raggiungimento_pct`` (senza arrotondamenti: lo si arrotonda solo quando lo si scrive),
    ``target_raggiunto``, ``nota``.

    >>> import pandas as pd
    >>> ind = pd.DataFrame({"descrizione": ["Patti sottoscritti (almeno 20)", "Giorni medi di attesa",
    ...                                     "Quota di revisioni nei termini"],
    ...                     "polarita": ["crescente", "decrescente", "crescente"],
    ...                     "valore_previsto": [None, 30, 80], "valore_raggiunto": [25, 40, None]})
    >>> raggiungimento(ind)[["target", "origine_target", "raggiungimento_pct", "target_raggiunto"]]
       target origine_target  raggiungimento_pct  target_raggiunto
    0    20.0    descrizione               125.0              True
    1    30.0        colonna                75.0             False
    2    80.0        colonna                 NaN              <NA>
    """
    controlla_colonne(indicatori, COLONNE_INDICATORI, tabella="indicatori")
    r = indicatori.copy()
    previsto, previsto_illeggibile = _numeri(r["valore_previsto"])
    raggiunto, raggiunto_illeggibile = _numeri(r["valore_raggiunto"])
    letti = r["descrizione"].astype("string").map(leggi_target, na_action="ignore")
    base = r["descrizione"].astype("string").map(leggi_valore_base, na_action="ignore")
    dal_testo = previsto.isna() & letti.notna()
    valore_letto = letti.map(lambda t: t.valore, na_action="ignore").astype("float64")
    target = previsto.fillna(valore_letto.where(dal_testo))
    polarita_testo = letti.map(lambda t: t.polarita, na_action="ignore")
    if "polarita" in r.columns:
        polarita = r["polarita"].astype("string").str.strip().str.lower()
        polarita = polarita.where(polarita.isin(["crescente", "decrescente"]))
    else:
        polarita = pd.Series(pd.NA, index=r.index, dtype="string")
    polarita = polarita.fillna(polarita_testo.astype("string"))
    crescente, decrescente = polarita.eq("crescente").fillna(False), polarita.eq("decrescente").fillna(False)
    pct = np.where(crescente, raggiunto / target.where(target != 0) * 100,
                   np.where(decrescente, target / raggiunto.where(raggiunto != 0) * 100, np.nan))
    fatto = np.where(crescente, raggiunto >= target, raggiunto <= target)
    sconosciuto = target.isna() | raggiunto.isna() | ~(crescente | decrescente)
    nota = pd.Series("", index=r.index, dtype="object")
    nota = _segnala(nota, previsto_illeggibile, "valore previsto illeggibile (scrivi un numero, ad esempio 12,5)")
    nota = _segnala(nota, raggiunto_illeggibile, "valore raggiunto illeggibile (scrivi un numero, ad esempio 12,5)")
    nota = _segnala(nota, base.notna(), "«pari a …» nella descrizione è il valore dell'anno base (il denominatore "
                    "del rapporto tra i due anni), non il target: il target è il valore previsto")
    nota = _segnala(nota, target.isna(), "manca il valore previsto (né nella colonna né nella descrizione)")
    nota = _segnala(nota, raggiunto.isna() & ~raggiunto_illeggibile, "manca il valore raggiunto")
    nota = _segnala(nota, target.notna() & ~(crescente | decrescente), "manca la polarità")
    nota = _segnala(nota, crescente & target.eq(0), "previsto zero: percentuale non calcolabile")
    nota = _segnala(nota, decrescente & raggiunto.eq(0), "raggiunto zero: percentuale non calcolabile")
    r["valore_previsto"], r["valore_raggiunto"] = previsto, raggiunto
    r["target"] = target
    r["origine_target"] = np.select([previsto.notna(), dal_testo], ["colonna", "descrizione"], default="mancante")
    r["polarita_usata"] = polarita
    r["valore_base"] = base.map(lambda b: b.valore, na_action="ignore").astype("float64")
    r["raggiungimento_pct"] = pct
    esito = pd.array(fatto, dtype="boolean")
    esito[sconosciuto.to_numpy()] = pd.NA
    r["target_raggiunto"] = esito
    r["nota"] = nota.str.removesuffix("; ")
    return r


def _con_articolo(preposizione: str, numero: str) -> str:
    """«al 60 %» ma «all'80 %», «dell'11 %»: l'articolo si elide davanti ai numeri che suonano con una vocale."""
    intero = numero.split(",")[0].replace(".", "").removesuffix(" %")
    vocale = intero.startswith("8") or intero in ("1", "11") or (len(intero) in (4, 7) and intero.startswith("1"))
    forme = {"a": ("al ", "all'"), "di": ("del ", "dell'"), "il": ("il ", "l'")}[preposizione]
    return forme[1 if vocale else 0] + numero


def _filtra(df, id_obiettivo, nome):
    if df is None:
        return None
    if id_obiettivo is not None and "id_obiettivo" in df.columns:
        return df[df["id_obiettivo"].astype("string").eq(str(id_obiettivo))]
    return df


def sintesi_obiettivo(attivita: pd.DataFrame, indicatori: pd.DataFrame | None = None, *, id_obiettivo=None,
                      obiettivi: pd.DataFrame | None = None, al=None) -> str:
    """Un paragrafo in italiano sullo stato di un obiettivo: attività, ritardi, avanzamento, indicatori, giudizio.

    Se le tabelle contengono più obiettivi, indica quale con ``id_obiettivo``; con ``obiettivi`` (la
    tabella degli obiettivi) il paragrafo riporta anche titolo, responsabile e centro di responsabilità.

    >>> import pandas as pd
    >>> att = pd.DataFrame({"descrizione": ["Ricognizione dei casi", "Formazione dei case manager"],
    ...     "avanzamento_pct": [100, 20],
    ...     "inizio_previsto": pd.to_datetime(["2025-01-01", "2025-02-01"]),
    ...     "fine_prevista": pd.to_datetime(["2025-02-28", "2025-04-30"]),
    ...     "inizio_effettivo": pd.to_datetime(["2025-01-02", "2025-03-01"]),
    ...     "fine_effettiva": pd.to_datetime(["2025-02-20", None])})
    >>> ind = pd.DataFrame({"descrizione": ["Patti sottoscritti (almeno 20)"], "polarita": ["crescente"],
    ...                     "valore_previsto": [None], "valore_raggiunto": [12]})
    >>> print(sintesi_obiettivo(att, ind, al="2025-05-31"))
    Situazione al 31/05/2025. Delle 2 attività, 1 è conclusa e 1 in ritardo (la più indietro è «Formazione dei case manager», di 31 giorni). L'avanzamento medio è del 60 %, contro il 100 % atteso a questa data. Degli indicatori misurati, 0 su 1 hanno raggiunto il target; il più lontano è «Patti sottoscritti (almeno 20)», al 60 % del previsto. Nel complesso l'obiettivo è in difficoltà: conviene rivedere tempi e risorse con i responsabili.
    """
    if id_obiettivo is None and attivita is not None and "id_obiettivo" in attivita.columns:
        codici = attivita["id_obiettivo"].dropna().unique()
        if len(codici) > 1:
            raise ErroreCorso(f"Il cronoprogramma contiene {len(codici)} obiettivi: scegli quale riassumere con "
                              f"id_obiettivo=..., ad esempio id_obiettivo={str(codici[0])!r}.")
        id_obiettivo = codici[0] if len(codici) else None
    att = _filtra(attivita, id_obiettivo, "cronoprogramma")
    ind = _filtra(indicatori, id_obiettivo, "indicatori")
    frasi = []
    if obiettivi is not None and id_obiettivo is not None and "id_obiettivo" in obiettivi.columns:
        riga = obiettivi[obiettivi["id_obiettivo"].astype("string").eq(str(id_obiettivo))]
        if len(riga):
            chi = [f"{etichetta}: {riga[colonna].iloc[0]}" for colonna, etichetta in
                   (("responsabile", "responsabile"), ("centro_responsabilita", "centro di responsabilità"))
                   if colonna in riga.columns and pd.notna(riga[colonna].iloc[0])]
            ufficio = f" ({'; '.join(chi)})" if chi else ""
            frasi.append(f"Obiettivo {id_obiettivo} «{riga['titolo'].iloc[0]}»{ufficio}.")
    elif id_obiettivo is not None:
        frasi.append(f"Obiettivo {id_obiettivo}.")
    if (att is None or att.empty) and (ind is None or ind.empty):
        chi = f"l'obiettivo {id_obiettivo}" if id_obiettivo is not None else "questo obiettivo"
        return f"Per {chi} non ci sono attività né indicatori: non c'è niente da riassumere. Controlla il codice e i filtri."
    in_ritardo = incoerenti = 0
    quota_fatti = None
    if att is not None and not att.empty:
        s = stato_attivita(att, al=al)
        data = _data_al(att, al)
        frasi.append(f"Situazione al {formato.data(data)}.")
        conti = s["stato"].value_counts()
        parti = [f"{conti[st]} {'è ' if i == 0 and conti[st] == 1 else ('sono ' if i == 0 else '')}"
                 f"{st if conti[st] == 1 else st.replace('avviata', 'avviate').replace('conclusa', 'concluse')}"
                 for i, st in enumerate(x for x in STATI if conti.get(x, 0))]
        elenco = ", ".join(parti[:-1]) + (" e " if len(parti) > 1 else "") + parti[-1]
        frase = f"Delle {len(s)} attività, {elenco}" if len(s) > 1 else f"L'unica attività è {s['stato'].iloc[0]}"
        in_ritardo = int(conti.get("in ritardo", 0))
        if in_ritardo:
            peggiore = s.loc[s["ritardo_giorni"].where(s["stato"].eq("in ritardo")).astype("float64").idxmax()]
            frase += (f" (la più indietro è «{peggiore['descrizione']}», di {int(peggiore['ritardo_giorni'])} giorni)")
        frasi.append(frase + ".")
        medio = pd.to_numeric(s["avanzamento_pct"], errors="coerce").mean()
        atteso = s["avanzamento_atteso_pct"].mean()
        if pd.notna(medio):
            confronto = f", contro {_con_articolo('il', formato.percentuale(atteso, decimali=0))} atteso a questa data" if pd.notna(atteso) else ""
            frasi.append(f"L'avanzamento medio è {_con_articolo('di', formato.percentuale(medio, decimali=0))}{confronto}.")
        incoerenti = int(s["anomalie"].ne("").sum())
    if ind is not None and not ind.empty:
        g = raggiungimento(ind)
        misurati = g[g["target_raggiunto"].notna()]
        if len(misurati):
            fatti = int(misurati["target_raggiunto"].sum())
            quota_fatti = fatti / len(misurati)
            frase = f"Degli indicatori misurati, {fatti} su {len(misurati)} hanno raggiunto il target"
            mancati = misurati[~misurati["target_raggiunto"].astype(bool) & misurati["raggiungimento_pct"].notna()]
            if len(mancati):
                lontano = mancati.loc[mancati["raggiungimento_pct"].idxmin()]
                frase += (f"; il più lontano è «{lontano['descrizione']}», "
                          f"{_con_articolo('a', formato.percentuale(lontano['raggiungimento_pct'], decimali=0))} del previsto")
            frasi.append(frase + ".")
        non_misurati = len(g) - len(misurati)
        if non_misurati:
            frasi.append(f"Per {non_misurati} indicator{'e' if non_misurati == 1 else 'i'} non si può ancora dire "
                         "(manca il valore previsto, il raggiunto o la polarità).")
    if incoerenti:
        frasi.append(f"Attenzione: {incoerenti} attività {'ha' if incoerenti == 1 else 'hanno'} date o avanzamento "
                     "incoerenti, da correggere nella tabella.")
    n_att = 0 if att is None else len(att)
    if (n_att and in_ritardo * 2 >= n_att) or (quota_fatti is not None and quota_fatti < 0.5):
        giudizio = "in difficoltà: conviene rivedere tempi e risorse con i responsabili"
    elif in_ritardo or (quota_fatti is not None and quota_fatti < 1):
        giudizio = "da seguire con attenzione: alcuni passaggi sono indietro"
    else:
        giudizio = "in linea con quanto previsto"
    frasi.append(f"Nel complesso l'obiettivo è {giudizio}.")
    return " ".join(frasi)
