"""Confrontare gli Ambiti in modo equo: tassi per residenti, incertezza, LEPS, funnel plot, province.

Perché servono queste cautele. Un Ambito piccolo con 3 casi e uno grande con 300 non si confrontano
con i numeri assoluti: si usa il **tasso ogni 1.000 residenti**. Ma anche il tasso di un Ambito
piccolo «balla» molto per puro caso: per questo ogni tasso ha un **intervallo di confidenza** (la
forchetta di valori compatibili con i dati) e le graduatorie mostrano **di quante posizioni** potrebbe
cambiare il posto di ciascuno. Il **funnel plot** (grafico a imbuto) disegna i limiti entro cui un
Ambito è «in linea con la media regionale» tenendo conto della sua dimensione.

Le funzioni, nell'ordine in cui di solito servono:

- :func:`tassi` (eventi per Ambito sui residenti → tasso e intervallo), :func:`quote` (eventi su un
  altro totale, ad esempio i Patti decaduti sulle prese in carico) e :func:`rapporto_leps` (residenti
  per assistente sociale, con il giudizio rispetto al LEPS);
- :func:`per_provincia` (le stesse cose sommate per provincia), :func:`filtra` (una provincia o un Ambito);
- :func:`posizioni_funnel`, :func:`limiti_funnel`, :func:`stima_sovradispersione` e :func:`quanti_fuori`
  (il funnel plot in numeri, da :mod:`course.funnel`), :func:`graduatoria` (posizioni con la loro incertezza);
- :func:`calcola_indicatore` (gli indicatori pronti di :data:`INDICATORI_CONFRONTO` dalle tabelle del corso).

I grafici sono in :mod:`course.grafici.confronto`, l'esploratore interattivo in :mod:`course.widget.confronto`,
gli intervalli da soli in :mod:`course.intervalli`, la sovradispersione in :mod:`course.sovradispersione`.

**Quale denominatore?** Quello che corrisponde alla domanda. «Quanto è diffusa la presa in carico
nella popolazione?» → residenti (:func:`tassi`). «Quanto spesso un Patto decade, una volta avviata la
presa in carico?» → prese in carico (:func:`quote`): i decaduti ogni 1.000 residenti crescono anche
solo perché un Ambito prende in carico più nuclei, e mescolano due domande diverse.

Metodi, in parole semplici:

- *Intervallo di Poisson (metodo di Byar)*, il predefinito: tratta i casi come eventi rari che
  capitano nella popolazione; è un'approssimazione molto precisa dell'intervallo «esatto» di
  Garwood e funziona anche con 0 eventi. È il metodo usato dalla sanità pubblica per i tassi.
  Con meno di 30 eventi calcoliamo direttamente l'intervallo esatto, che lì è più preciso.
- *Intervallo di Wilson*: per le quote di persone (ogni residente conta al massimo una volta).
- *Limiti del funnel plot*: per ogni dimensione di popolazione, il numero di casi oltre il quale il
  tasso è troppo alto (o basso) per essere solo caso, al 95% e al 99,8%; sono gli stessi intervalli
  di Byar, letti al contrario. Un punto fuori dal 99,8% merita attenzione, non una condanna. Se gli
  Ambiti differiscono fra loro molto più di quanto spieghi il caso (*sovradispersione*), i limiti si
  allargano secondo Spiegelhalter (2005): vedi :mod:`course.funnel`.
- *Incertezza della graduatoria*: simuliamo molte volte tassi plausibili per ogni Ambito (con un
  seme fisso, quindi il risultato è ripetibile) e guardiamo fra quali posizioni si muove ciascuno.

>>> t = tassi(pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 12}),
...           popolazione=pd.DataFrame({"codice_ambito": ["ATS-LE-03"], "popolazione": [24000]}))
>>> t[["codice_ambito", "eventi", "tasso"]].to_dict("records")
[{'codice_ambito': 'ATS-LE-03', 'eventi': 12, 'tasso': 0.5}]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import formato
from course.date import leggi_data, leggi_date
from course.errori import ErroreCorso, controlla_colonne, controlla_scelta, nomi_vicini
from course.funnel import (CORREZIONI, colonna_denominatore, confronta_limiti, limiti_funnel, posizioni_funnel,
                           quanti_fuori, stima_sovradispersione)
from course.intervalli import intervallo_poisson, intervallo_wilson, quantile_z
from course.parametri import parametro
from course.territorio import codici_ambito

__all__ = [
    "METODI", "PROVINCE", "POCHI_EVENTI", "CORREZIONI", "tassi", "quote", "rapporto_leps", "per_provincia",
    "limiti_funnel", "posizioni_funnel", "stima_sovradispersione", "quanti_fuori", "confronta_limiti", "graduatoria",
    "filtra",
    "INDICATORI_CONFRONTO", "calcola_indicatore",
]

METODI = ("poisson", "wilson")
PROVINCE = {"FG": "Foggia", "BT": "Barletta-Andria-Trani", "BA": "Bari", "BR": "Brindisi", "LE": "Lecce",
            "TA": "Taranto"}
# Convenzione statistica (non una regola di legge): sotto i 10 eventi un tasso è molto instabile.
POCHI_EVENTI = 10
_COLONNE_TASSI = ["codice_ambito", "ambito", "sigla_provincia", "popolazione", "eventi", "tasso",
                  "tasso_inf", "tasso_sup", "nota"]


# ----------------------------------------------------------------------------- popolazione
def _righe(maschera: pd.Series) -> str:
    """Le etichette di riga (come in ``course.dati.valida``) dove ``maschera`` è vera, al più 10."""
    etichette = [str(i) for i in maschera.index[maschera.fillna(False).to_numpy(bool)]]
    parola = "riga" if len(etichette) == 1 else "righe"
    return f"{parola} {', '.join(etichette[:10])}" + (f" e altre {len(etichette) - 10}" if len(etichette) > 10 else "")


def _popolazione(popolazione, mappatura) -> pd.DataFrame:
    from course import territorio

    if popolazione is None:
        pop = territorio.popolazione_ambiti(mappatura)
    else:
        controlla_colonne(popolazione, ["codice_ambito", "popolazione"], tabella="della popolazione")
        pop = popolazione.copy()
        pop["codice_ambito"] = pop["codice_ambito"].astype(str)
        numeri = pd.to_numeric(pop["popolazione"], errors="coerce")
        sbagliate = (numeri.isna() & pop["popolazione"].notna()) | (numeri < 0)
        if sbagliate.any():
            raise ErroreCorso(f"Nella tabella della popolazione, colonna «popolazione», {_righe(sbagliate)}: "
                              "mi aspettavo un numero di residenti non negativo (ad esempio 24000).")
        pop["popolazione"] = numeri
        info = territorio.ambiti()[["codice_ambito", "ambito", "sigla_provincia"]]
        mancanti = [c for c in ("ambito", "sigla_provincia") if c not in pop.columns]
        if mancanti:
            pop = pop.merge(info[["codice_ambito", *mancanti]], on="codice_ambito", how="left")
        pop["sigla_provincia"] = pop["sigla_provincia"].fillna(
            pop["codice_ambito"].str.extract(r"^ATS-([A-Z]{2})-", expand=False))
        pop["ambito"] = pop["ambito"].fillna(pop["codice_ambito"])
    return pop[["codice_ambito", "ambito", "sigla_provincia", "popolazione"]]


def _unisci(valori: pd.DataFrame, pop: pd.DataFrame, *, tutti_gli_ambiti: bool) -> pd.DataFrame:
    unione = valori.merge(pop, on="codice_ambito", how="outer" if tutti_gli_ambiti else "left")
    unione["ambito"] = unione["ambito"].fillna(unione["codice_ambito"])
    unione["sigla_provincia"] = unione["sigla_provincia"].fillna(
        unione["codice_ambito"].str.extract(r"^ATS-([A-Z]{2})-", expand=False))
    return unione


# ----------------------------------------------------------------------------- tassi
def tassi(df: pd.DataFrame, *, conteggio: str | None = None, per: float = 1000, livello: float = 0.95,
          metodo: str = "poisson", popolazione: pd.DataFrame | None = None, mappatura=None,
          tutti_gli_ambiti: bool = False) -> pd.DataFrame:
    """Tasso ogni ``per`` residenti per Ambito, con l'intervallo di confidenza al ``livello`` indicato.

    ``df`` ha una riga per evento (ad esempio la tabella dei patti) e la colonna ``codice_ambito``;
    se invece ha già i conteggi, indica la colonna con ``conteggio="n"``. La popolazione viene da
    ``course.territorio.popolazione_ambiti(mappatura)`` oppure da una tua tabella ``popolazione``
    (colonne ``codice_ambito`` e ``popolazione``). Con ``tutti_gli_ambiti=True`` compaiono anche gli
    Ambiti senza eventi (con 0). ``metodo`` è ``"poisson"`` (Byar, predefinito) o ``"wilson"``.

    La colonna ``nota`` spiega i casi delicati: popolazione zero, nessun evento, pochi eventi.

    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "popolazione": [10000, 0]})
    >>> casi = pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 25 + ["ATS-BA-02"]})
    >>> t = tassi(casi, popolazione=pop)
    >>> t[["eventi", "tasso", "tasso_inf", "tasso_sup"]].round(2).iloc[0].tolist()
    [25.0, 2.5, 1.62, 3.69]
    >>> t["nota"].iloc[1]
    'popolazione zero o mancante: il tasso non si può calcolare'
    """
    controlla_scelta(metodo, METODI, cosa="metodo")
    quantile_z(livello)
    if not isinstance(per, (int, float)) or per <= 0:
        raise ErroreCorso(f"«per» deve essere un numero positivo di residenti (ad esempio 1000), non {per!r}.")
    controlla_colonne(df, ["codice_ambito"] + ([conteggio] if conteggio else []), tabella="dei dati")
    pop = _popolazione(popolazione, mappatura)
    # codici scritti in modi diversi («ats-ba-01 », «Bari») diventano quelli della popolazione, con una nota
    dati = df.assign(codice_ambito=codici_ambito(df["codice_ambito"], tabella="tabella dei dati",
                                                 noti=pop["codice_ambito"].astype(str)))
    senza = dati["codice_ambito"].isna() | dati["codice_ambito"].eq("")
    if senza.any():
        raise ErroreCorso(f"Colonna «codice_ambito», {_righe(senza)}: il codice dell'Ambito è vuoto, quindi "
                          "non so a chi contare quegli eventi. Completa il codice (ad esempio ATS-LE-03) o togli "
                          "le righe con df.dropna(subset=['codice_ambito']).")
    if conteggio is None:
        eventi = dati.groupby("codice_ambito", observed=True).size()
    else:
        numeri = pd.to_numeric(dati[conteggio], errors="coerce")
        if len(numeri) and numeri.isna().all():
            raise ErroreCorso(f"La colonna «{conteggio}» è tutta vuota o non numerica: non posso contare "
                              "gli eventi. Scegli un'altra colonna o lascia conteggio=None per contare le righe.")
        if (numeri < 0).any():
            raise ErroreCorso(f"Colonna «{conteggio}», {_righe(numeri < 0)}: ci sono conteggi negativi. "
                              "Un numero di eventi è 0 o più: correggi quei valori.")
        eventi = numeri.groupby(dati["codice_ambito"], observed=True).sum()
    valori = eventi.rename("eventi").reset_index().astype({"codice_ambito": str})
    t = _unisci(valori, pop, tutti_gli_ambiti=tutti_gli_ambiti)
    t["eventi"] = t["eventi"].fillna(0)
    if conteggio is None or (t["eventi"] % 1 == 0).all():
        t["eventi"] = t["eventi"].astype("int64")
    n = t["popolazione"].astype(float)
    ok = n > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        t["tasso"] = np.where(ok, t["eventi"] / n * per, np.nan)
        if metodo == "poisson":
            inf, sup = intervallo_poisson(t["eventi"], livello=livello)
            inf, sup = inf / n * per, sup / n * per
        else:
            p_inf, p_sup = intervallo_wilson(t["eventi"], n, livello=livello)
            inf, sup = p_inf * per, p_sup * per
    t["tasso_inf"] = np.where(ok, inf, np.nan)
    t["tasso_sup"] = np.where(ok, sup, np.nan)
    nota = pd.Series("", index=t.index, dtype=object)
    nota[t["eventi"] < POCHI_EVENTI] = "pochi eventi: il tasso è instabile, guarda l'intervallo"
    nota[t["eventi"] == 0] = "nessun evento: il tasso è 0, ma l'intervallo dice quanto potrebbe essere"
    if metodo == "wilson":
        nota[ok & (t["eventi"] > n)] = "più eventi che residenti: usa il metodo «poisson»"
        t.loc[ok & (t["eventi"] > n), ["tasso_inf", "tasso_sup"]] = np.nan
    ignoti = t["popolazione"].isna()
    if ignoti.any():
        noti = pop["codice_ambito"].astype(str).tolist()
        # un codice scritto male (ATS-LE-3) riceve il suggerimento del codice più vicino
        forse = {c: nomi_vicini(c, noti, quanti=1) for c in t.loc[ignoti, "codice_ambito"].unique()}
        testo = {c: "Ambito non trovato nella tabella della popolazione" + (f" (forse {v[0]}?)" if v else "")
                 for c, v in forse.items()}
        nota[ignoti] = t.loc[ignoti, "codice_ambito"].map(testo)
    nota[t["popolazione"].notna() & ~ok] = "popolazione zero o mancante: il tasso non si può calcolare"
    t["nota"] = nota
    t = t[_COLONNE_TASSI].sort_values("codice_ambito", ignore_index=True)
    t.attrs.update({"tipo": "tassi", "per": per, "livello": livello, "metodo": metodo,
                    "unita": f"ogni {formato.numero(per, decimali=0)} residenti", "colonna_denominatore": "popolazione"})
    return t


# ----------------------------------------------------------------------------- quote
def _note_quote(t: pd.DataFrame, colonna: str) -> pd.Series:
    nota = pd.Series("", index=t.index, dtype=object)
    nota[t["eventi"] < POCHI_EVENTI] = "pochi eventi: la quota è instabile, guarda l'intervallo"
    nota[t["eventi"] == 0] = "nessun evento: la quota è 0, ma l'intervallo dice quanto potrebbe essere"
    nota[~(t[colonna] > 0)] = f"nessun caso nel denominatore ({colonna.replace('_', ' ')}): la quota non si calcola"
    return nota


def _completa_quote(conti: pd.DataFrame, *, colonna: str, per: float, livello: float) -> pd.DataFrame:
    """Da ``codice_ambito``, ``eventi`` e ``colonna`` (il denominatore) a quota, intervallo di Wilson e nota."""
    t = conti.copy()
    n = t[colonna].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        t["tasso"] = np.where(n > 0, t["eventi"] / n * per, np.nan)
        inf, sup = intervallo_wilson(t["eventi"], n, livello=livello)
    t["tasso_inf"] = np.where(n > 0, inf * per, np.nan)
    t["tasso_sup"] = np.where(n > 0, sup * per, np.nan)
    t["nota"] = _note_quote(t, colonna)
    nome = colonna.replace("_", " ")
    t.attrs.update({"tipo": "quote", "per": per, "livello": livello, "metodo": "wilson",
                    "colonna_denominatore": colonna, "unita": f"ogni {formato.numero(per, decimali=0)} {nome}"})
    return t


def quote(df: pd.DataFrame, *, evento, per: float = 100, livello: float = 0.95,
          denominatore: str = "prese_in_carico") -> pd.DataFrame:
    """Quanti casi su ``per`` hanno l'``evento``, per Ambito: ad esempio i Patti decaduti ogni 100 prese in carico.

    ``df`` ha una riga per caso (il denominatore: ad esempio la tabella dei patti, una riga per presa in
    carico) e la colonna ``codice_ambito``; ``evento`` dice quali casi contare: una colonna vero/falso
    della tabella, oppure una condizione scritta sulla tabella (``patti["esito"] == "decaduto"``).
    Colonne: ``codice_ambito``, ``ambito``, ``sigla_provincia``, il ``denominatore``, ``eventi``,
    ``tasso`` (la quota ogni ``per`` casi) con l'intervallo di Wilson ``tasso_inf``–``tasso_sup``, ``nota``.

    >>> patti = pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 40 + ["ATS-LE-02"] * 10,
    ...                       "esito": ["decaduto"] * 4 + ["concluso"] * 36 + ["decaduto"] * 3 + [None] * 7})
    >>> q = quote(patti, evento=patti["esito"] == "decaduto")
    >>> q[["codice_ambito", "prese_in_carico", "eventi", "tasso"]].values.tolist()
    [['ATS-LE-02', 10, 3, 30.0], ['ATS-LE-03', 40, 4, 10.0]]
    """
    from course import territorio

    quantile_z(livello)
    if not isinstance(per, (int, float)) or isinstance(per, bool) or per <= 0:
        raise ErroreCorso(f"«per» deve essere un numero positivo (ad esempio 100), non {per!r}.")
    controlla_colonne(df, ["codice_ambito"], tabella="dei casi")
    if isinstance(evento, str):
        controlla_colonne(df, [evento], tabella="dei casi")
        evento = df[evento]
    if not isinstance(evento, pd.Series) or not evento.index.equals(df.index):
        raise ErroreCorso("«evento» deve essere una colonna vero/falso della stessa tabella, ad esempio "
                          "evento=patti[\"esito\"] == \"decaduto\" (oppure il nome di una colonna vero/falso).")
    valori = evento.astype("boolean")
    if valori.isna().any():
        raise ErroreCorso(f"«evento» è vuoto in {_righe(valori.isna())}: per ogni caso serve vero o falso. "
                          "Se un valore mancante vuol dire «no», scrivi la condizione con .fillna(False).")
    codici = df["codice_ambito"].astype("string").str.strip()
    senza = codici.isna() | codici.eq("")
    if senza.any():
        raise ErroreCorso(f"Colonna «codice_ambito», {_righe(senza)}: il codice dell'Ambito è vuoto, quindi non so "
                          "a chi contare quei casi. Completa il codice (ad esempio ATS-LE-03).")
    conti = pd.DataFrame({"codice_ambito": codici, "evento": valori.astype(int)}).groupby(
        "codice_ambito", observed=True)["evento"].agg(["size", "sum"]).reset_index()
    conti = conti.rename(columns={"size": denominatore, "sum": "eventi"}).astype({"codice_ambito": str})
    info = territorio.ambiti()[["codice_ambito", "ambito", "sigla_provincia"]]
    conti = _unisci(conti, info, tutti_gli_ambiti=False)
    t = _completa_quote(conti, colonna=denominatore, per=per, livello=livello)
    colonne = ["codice_ambito", "ambito", "sigla_provincia", denominatore, "eventi", "tasso", "tasso_inf",
               "tasso_sup", "nota"]
    risultato = t[colonne].sort_values("codice_ambito", ignore_index=True)
    risultato.attrs.update(t.attrs)
    return risultato


# ----------------------------------------------------------------------------- LEPS
def _classe_leps(residenti_per_as: pd.Series, popolazione: pd.Series, fte: pd.Series, *, alla_data=None):
    obiettivo = parametro("residenti_per_assistente_sociale_obiettivo", alla_data=alla_data)
    leps = parametro("residenti_per_assistente_sociale", alla_data=alla_data)
    contributo = parametro("residenti_per_assistente_sociale_contributo", alla_data=alla_data)
    r = residenti_per_as
    scelte = [
        ~(popolazione > 0),
        ~(fte > 0),
        r <= obiettivo,
        r <= leps,
        r < contributo,
    ]
    fmt = lambda x: formato.numero(x, decimali=0)  # noqa: E731
    etichette = [
        "popolazione zero o mancante",
        "nessun assistente sociale registrato",
        f"obiettivo raggiunto (1 ogni {fmt(obiettivo)} residenti o meglio)",
        f"LEPS rispettato (1 ogni {fmt(leps)} residenti)",
        f"sotto il LEPS, ma sopra la soglia del contributo (meno di {fmt(contributo)} residenti "
        "per assistente sociale)",
    ]
    return np.select(scelte, etichette,
                     default=f"lontano dal LEPS (almeno {fmt(contributo)} residenti per assistente sociale)")


def rapporto_leps(operatori: pd.DataFrame, *, popolazione: pd.DataFrame | None = None, mappatura=None,
                  ruolo: str = "assistente sociale", alla_data=None, tutti_gli_ambiti: bool = False) -> pd.DataFrame:
    """Residenti per assistente sociale in ogni Ambito, confrontati con il LEPS e i suoi obiettivi.

    Somma il tempo pieno equivalente (colonna ``fte``) degli operatori con ``ruolo`` indicato.
    Se ``alla_data`` è data (e c'è la colonna ``in_servizio_dal``) conta solo chi era già in servizio;
    le soglie (5.000, 4.000, 6.500 residenti) vengono dalla tabella dei parametri in vigore a quella data.
    Colonne: ``fte_assistenti_sociali``, ``residenti_per_as``, ``as_necessari_leps`` e
    ``as_mancanti_leps`` (per arrivare a 1 ogni 5.000), ``as_mancanti_obiettivo``, ``classe``.

    >>> op = pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 3, "fte": [1.0, 1.0, 0.5],
    ...                    "ruolo": ["assistente sociale", "assistente sociale", "psicologo"]})
    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-LE-03"], "popolazione": [12000]})
    >>> r = rapporto_leps(op, popolazione=pop)
    >>> r[["fte_assistenti_sociali", "residenti_per_as", "as_mancanti_leps"]].iloc[0].tolist()
    [2.0, 6000.0, 0.4]
    >>> r["classe"].iloc[0]
    'sotto il LEPS, ma sopra la soglia del contributo (meno di 6.500 residenti per assistente sociale)'
    """
    controlla_colonne(operatori, ["codice_ambito", "ruolo", "fte"], tabella="degli operatori")
    op = operatori
    if alla_data is not None and "in_servizio_dal" in op.columns:
        op = op[leggi_date(op["in_servizio_dal"], colonna="in_servizio_dal", tabella="operatori")
                <= leggi_data(alla_data, cosa="la data (alla_data)")]
    fte = pd.to_numeric(op["fte"], errors="coerce")
    fuori = (fte < 0) | (fte > 1)
    if fuori.any():
        valori = ", ".join(formato.numero(v) for v in fte[fuori].unique()[:5])
        raise ErroreCorso(f"Colonna «fte» degli operatori, {_righe(fuori)}: valori impossibili ({valori}). "
                          "Il tempo pieno equivalente va da 0 a 1 (1 = tempo pieno, 0,5 = metà tempo): "
                          "correggi quei valori.")
    if len(fte) and fte.isna().all():
        raise ErroreCorso("La colonna «fte» degli operatori è tutta vuota: indica per ogni operatore il tempo "
                          "pieno equivalente (1 = tempo pieno, 0.5 = metà tempo).")
    scelti = op["ruolo"].astype("string").str.strip().str.lower().eq(ruolo.lower()).fillna(False)
    somma = fte.where(scelti, 0).fillna(0).groupby(op["codice_ambito"].astype("string"), observed=True).sum()
    valori = somma.rename("fte_assistenti_sociali").reset_index().astype({"codice_ambito": str})
    r = _unisci(valori, _popolazione(popolazione, mappatura), tutti_gli_ambiti=tutti_gli_ambiti)
    r["fte_assistenti_sociali"] = r["fte_assistenti_sociali"].fillna(0.0).round(3)
    return _completa_leps(r, alla_data=alla_data)


def _completa_leps(r: pd.DataFrame, *, alla_data=None) -> pd.DataFrame:
    leps = parametro("residenti_per_assistente_sociale", alla_data=alla_data)
    obiettivo = parametro("residenti_per_assistente_sociale_obiettivo", alla_data=alla_data)
    fte, n = r["fte_assistenti_sociali"].astype(float), r["popolazione"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        r["residenti_per_as"] = np.where((fte > 0) & (n > 0), n / fte, np.nan)
    r["as_necessari_leps"] = (n / leps).round(2)
    r["as_mancanti_leps"] = (n / leps - fte).clip(lower=0).round(2)
    r["as_mancanti_obiettivo"] = (n / obiettivo - fte).clip(lower=0).round(2)
    r["classe"] = _classe_leps(r["residenti_per_as"], n, fte, alla_data=alla_data)
    colonne = ["codice_ambito", "ambito", "sigla_provincia", "provincia", "popolazione", "fte_assistenti_sociali",
               "residenti_per_as", "as_necessari_leps", "as_mancanti_leps", "as_mancanti_obiettivo", "classe"]
    r = r[[c for c in colonne if c in r.columns]].sort_values(r.columns[0], ignore_index=True)
    r.attrs.update({"tipo": "leps"})
    return r


# ----------------------------------------------------------------------------- province
def per_provincia(tabella: pd.DataFrame, *, per: float | None = None, livello: float | None = None,
                  metodo: str | None = None) -> pd.DataFrame:
    """Raggruppa per provincia il risultato di :func:`tassi`, :func:`quote` o :func:`rapporto_leps`.

    Somma eventi (o assistenti sociali) e residenti, poi ricalcola tasso e intervallo: non fa la media
    dei tassi, che darebbe lo stesso peso a un Ambito di 20.000 e a uno di 300.000 residenti.

    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02", "ATS-LE-01"],
    ...                     "popolazione": [10000, 30000, 20000]})
    >>> casi = pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 10 + ["ATS-BA-02"] * 30 + ["ATS-LE-01"] * 4})
    >>> per_provincia(tassi(casi, popolazione=pop))[["sigla_provincia", "eventi", "tasso"]].to_dict("records")
    [{'sigla_provincia': 'BA', 'eventi': 40, 'tasso': 1.0}, {'sigla_provincia': 'LE', 'eventi': 4, 'tasso': 0.2}]
    """
    if tabella.attrs.get("tipo") == "quote":
        colonna = colonna_denominatore(tabella)
        controlla_colonne(tabella, ["sigla_provincia", colonna, "eventi"], tabella="da raggruppare")
        somme = tabella.groupby("sigla_provincia", observed=True)[["eventi", colonna]].sum().reset_index()
        a = tabella.attrs
        q = _completa_quote(somme.assign(provincia=somme["sigla_provincia"].map(PROVINCE)), colonna=colonna,
                            per=per or a.get("per", 100), livello=livello or a.get("livello", 0.95))
        return q[["sigla_provincia", "provincia", colonna, "eventi", "tasso", "tasso_inf", "tasso_sup", "nota"]]
    controlla_colonne(tabella, ["sigla_provincia", "popolazione"], tabella="da raggruppare")
    if "eventi" in tabella.columns:
        somme = tabella.groupby("sigla_provincia", observed=True)[["eventi", "popolazione"]].sum()
        somme = somme.reset_index().assign(codice_ambito=lambda d: d["sigla_provincia"])
        a = tabella.attrs
        t = tassi(somme, conteggio="eventi", per=per or a.get("per", 1000),
                  livello=livello or a.get("livello", 0.95), metodo=metodo or a.get("metodo", "poisson"),
                  popolazione=somme[["codice_ambito", "popolazione", "sigla_provincia"]].assign(
                      ambito=somme["sigla_provincia"].map(PROVINCE)))
        return t.drop(columns="codice_ambito").rename(columns={"ambito": "provincia"})
    if "fte_assistenti_sociali" in tabella.columns:
        somme = tabella.groupby("sigla_provincia", observed=True)[["fte_assistenti_sociali", "popolazione"]].sum()
        r = _completa_leps(somme.reset_index().assign(provincia=lambda d: d["sigla_provincia"].map(PROVINCE)))
        return r
    raise ErroreCorso("per_provincia() vuole il risultato di tassi() (colonna «eventi») o di rapporto_leps() "
                      "(colonna «fte_assistenti_sociali»).")


# ----------------------------------------------------------------------------- graduatoria
def graduatoria(t: pd.DataFrame, *, simulazioni: int = 2000, seme: int = 1, livello: float = 0.95,
                decrescente: bool = True) -> pd.DataFrame:
    """Graduatoria degli Ambiti per tasso, con l'intervallo delle posizioni plausibili.

    Per ogni Ambito si simulano ``simulazioni`` tassi compatibili con i suoi eventi (distribuzione
    Gamma con ``eventi + 0,5`` per i tassi, Beta per le quote di :func:`quote`; seme fisso ``seme``); in
    ogni simulazione si rifà la graduatoria.
    ``posizione`` è il posto osservato (1 = tasso più alto se ``decrescente``), ``posizione_inf`` e
    ``posizione_sup`` delimitano le posizioni plausibili al ``livello`` indicato. Gli Ambiti con
    popolazione zero restano fuori.

    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02", "ATS-BA-03"],
    ...                     "popolazione": [2000, 100000, 100000]})
    >>> casi = pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 3 + ["ATS-BA-02"] * 120 + ["ATS-BA-03"] * 60})
    >>> g = graduatoria(tassi(casi, popolazione=pop), simulazioni=500)
    >>> g[["codice_ambito", "posizione", "posizione_inf", "posizione_sup"]].values.tolist()
    [['ATS-BA-01', 1, 1, 3], ['ATS-BA-02', 2, 1, 2], ['ATS-BA-03', 3, 2, 3]]
    """
    base = colonna_denominatore(t)
    controlla_colonne(t, ["codice_ambito", base, "eventi", "tasso"], tabella="dei tassi")
    if not isinstance(simulazioni, int) or simulazioni < 1:
        raise ErroreCorso(f"«simulazioni» deve essere un numero intero positivo, ad esempio 2000 (non {simulazioni!r}).")
    alfa = (1 - livello) / 2
    quantile_z(livello)
    g = t[t[base] > 0].copy()
    colonne = ["posizione", "posizione_inf", "posizione_mediana", "posizione_sup"]
    if g.empty:
        return g.assign(**{c: pd.Series(dtype="Int64") for c in colonne})
    segno = -1 if decrescente else 1
    g["posizione"] = (segno * g["tasso"]).rank(method="min").astype(int)
    rng = np.random.default_rng(seme)
    eventi = g["eventi"].to_numpy(float)
    n = g[base].to_numpy(float)
    if t.attrs.get("tipo") == "quote":
        simulati = rng.beta(eventi + 0.5, n - eventi + 0.5, size=(simulazioni, len(g)))
    else:
        simulati = rng.gamma(eventi + 0.5, size=(simulazioni, len(g))) / n
    posti = (segno * simulati).argsort(axis=1).argsort(axis=1) + 1
    g["posizione_inf"] = np.quantile(posti, alfa, axis=0, method="lower").astype(int)
    g["posizione_mediana"] = np.median(posti, axis=0)
    g["posizione_sup"] = np.quantile(posti, 1 - alfa, axis=0, method="higher").astype(int)
    g = g.sort_values(["posizione", "codice_ambito"], ignore_index=True)
    g.attrs.update(t.attrs)
    return g


# ----------------------------------------------------------------------------- filtri
def filtra(tabella: pd.DataFrame, *, provincia: str | None = None, ambito: str | None = None) -> pd.DataFrame:
    """Le righe di una provincia (sigla o nome) o di un Ambito (codice, nome o comune capofila).

    Un nome scritto male dà un errore con i nomi più vicini.

    >>> t = pd.DataFrame({"codice_ambito": ["ATS-LE-03", "ATS-BA-01"], "sigla_provincia": ["LE", "BA"]})
    >>> filtra(t, provincia="Lecce")["codice_ambito"].tolist()
    ['ATS-LE-03']
    >>> filtra(t, ambito="Gagliano del Capo")["codice_ambito"].tolist()
    ['ATS-LE-03']
    """
    from course.territorio import codice_ambito

    out = tabella
    if provincia not in (None, "", "tutte"):
        per_nome = {v.lower(): k for k, v in PROVINCE.items()} | {k.lower(): k for k in PROVINCE}
        sigla = per_nome.get(str(provincia).strip().lower())
        if sigla is None:
            controlla_scelta(str(provincia), [*PROVINCE, *PROVINCE.values()], cosa="provincia")
        controlla_colonne(out, ["sigla_provincia"], tabella="da filtrare")
        out = out[out["sigla_provincia"] == sigla]
    if ambito not in (None, "", "tutti"):
        controlla_colonne(out, ["codice_ambito"], tabella="da filtrare")
        out = out[out["codice_ambito"] == codice_ambito(ambito)]
    return out


# ----------------------------------------------------------------------------- indicatori pronti
INDICATORI_CONFRONTO = {
    "prese in carico ogni 1.000 residenti": "patti",
    "patti sottoscritti ogni 1.000 residenti": "patti",
    "prese in carico ADI ogni 1.000 residenti": "patti",
    "prese in carico ReD ogni 1.000 residenti": "patti",
    "patti decaduti ogni 100 prese in carico": "patti",
    "patti decaduti ogni 1.000 residenti": "patti",
    "residenti per assistente sociale (LEPS)": "operatori",
}


def calcola_indicatore(nome: str, tabelle: dict, **opzioni) -> pd.DataFrame:
    """Calcola uno degli :data:`INDICATORI_CONFRONTO` dalle tabelle del corso (dizionario nome → tabella).

    Le ``opzioni`` passano a :func:`tassi` o a :func:`rapporto_leps` (ad esempio ``popolazione=``); le
    quote sulle prese in carico non usano i residenti.

    >>> patti = pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 3, "misura": ["ADI", "ReD", "ADI"],
    ...                       "data_sottoscrizione": pd.to_datetime(["2024-01-10", None, "2024-02-01"])})
    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-LE-03"], "popolazione": [1000]})
    >>> calcola_indicatore("prese in carico ADI ogni 1.000 residenti", {"patti": patti}, popolazione=pop)["tasso"].tolist()
    [2.0]
    """
    controlla_scelta(nome, INDICATORI_CONFRONTO, cosa="indicatore di confronto")
    tabella = INDICATORI_CONFRONTO[nome]
    if tabella not in tabelle:
        raise ErroreCorso(f"Per l'indicatore «{nome}» serve la tabella «{tabella}»: passala nel dizionario, "
                          f"ad esempio {{'{tabella}': course.dati.carica('{tabella}')}}.")
    df = tabelle[tabella]
    if tabella == "operatori":
        return rapporto_leps(df, **opzioni)
    if "sottoscritti" in nome:
        controlla_colonne(df, ["data_sottoscrizione"], tabella=tabella)
        df = df[df["data_sottoscrizione"].notna()]
    for misura in ("ADI", "ReD"):
        if f" {misura} " in nome:
            controlla_colonne(df, ["misura"], tabella=tabella)
            df = df[df["misura"].astype("string") == misura]
    if "decaduti" in nome:
        controlla_colonne(df, ["esito"], tabella=tabella)
        decaduto = df["esito"].astype("string").eq("decaduto").fillna(False)
        if "prese in carico" in nome:
            return quote(df, evento=decaduto)
        df = df[decaduto]
    return tassi(df, **opzioni)
