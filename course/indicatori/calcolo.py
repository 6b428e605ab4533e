"""Il calcolo degli indicatori per gruppi (Ambito, provincia, mese…): somma del numeratore / somma del denominatore.

Le regole per scrivere numeratore e denominatore sono nella documentazione di ``course.indicatori``.
Un denominatore zero dà un valore vuoto con una nota, mai un errore o un infinito.

>>> import pandas as pd
>>> from course.indicatori import Indicatore
>>> patti = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-BA-02"],
...                       "n_revisioni": [2, 0, 0]})
>>> media = Indicatore("Revisioni medie per Patto", numeratore="n_revisioni", denominatore="righe")
>>> calcola(media, patti, per="provincia")[["provincia", "valore"]]
  provincia    valore
0        BA  0.666667
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from course.date import leggi_date
from course.errori import ErroreCorso, nomi_vicini
from course.indicatori.espressioni import data_di_riferimento, valuta_espressione
from course.indicatori.indicatore import Indicatore
from course.territorio import popolazione_ambiti

__all__ = ["calcola", "con_ambito", "date_scritte", "PERIODI"]

PERIODI = ("totale", "ambito", "provincia", "mese", "trimestre", "anno")
_TEMPORALI = ("mese", "trimestre", "anno")
# Da quale tabella si ricava l'Ambito quando una tabella ha solo il codice del Patto, del nucleo…
_PONTI_AMBITO = (("id_patto", "patti"), ("id_nucleo", "nuclei"), ("id_obiettivo", "obiettivi"),
                 ("id_operatore", "operatori"))
NOTA_DENOMINATORE_ZERO = "denominatore zero: valore non calcolabile"


@lru_cache(maxsize=1)
def _popolazione() -> pd.DataFrame:
    return popolazione_ambiti()


def _prendi_tabella(dati, nome: str | None, indicatore) -> tuple[pd.DataFrame, str]:
    if isinstance(dati, pd.DataFrame):
        return dati, f"tabella {nome}" if nome else "tabella"
    if not isinstance(dati, Mapping):
        raise ErroreCorso(f"Per calcolare «{indicatore.nome}» servono i dati: una tabella pandas oppure un dizionario "
                          f"{{'nome tabella': tabella}}; ho ricevuto {type(dati).__name__}.")
    if nome is None:
        if len(dati) == 1:
            nome = next(iter(dati))
        else:
            raise ErroreCorso(f"L'indicatore «{indicatore.nome}» non dice su quale tabella si calcola: "
                              f"aggiungi tabella='...' (una tra {', '.join(map(str, dati))}).")
    if nome in dati:
        df = dati[nome]
        patti = dati.get("patti")
        if (nome == "attivita_mensili" and isinstance(df, pd.DataFrame) and "misura" not in df.columns
                and "id_patto" in df.columns and isinstance(patti, pd.DataFrame)
                and {"id_patto", "misura"} <= set(patti.columns)):
            # la regola delle ore è del ReD: con la misura di ogni Patto i Patti ADI restano fuori
            ponte = patti.drop_duplicates("id_patto")
            df = df.assign(misura=ponte["misura"].to_numpy(object)[
                np.maximum(pd.Index(ponte["id_patto"]).get_indexer(df["id_patto"]), 0)] if len(ponte) else None)
            df.loc[~df["id_patto"].isin(ponte["id_patto"]), "misura"] = None
            df.attrs = dati[nome].attrs
        return df, f"tabella {nome}"
    if nome == "popolazione":
        return _popolazione().copy(), "tabella popolazione"
    vicini = nomi_vicini(nome, dati)
    forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
    raise ErroreCorso(f"Per l'indicatore «{indicatore.nome}» serve la tabella {nome!r}, che non è tra i dati "
                      f"({', '.join(map(str, dati)) or 'nessuna tabella'}).{forse} Aggiungila, ad esempio "
                      f"dati['{nome}'] = course.dati.carica('{nome}').")


def _ambito_da(df: pd.DataFrame, chiave: str, altra: pd.DataFrame) -> pd.Categorical:
    ponte = altra.drop_duplicates(chiave)
    codici = ponte["codice_ambito"].astype("category")
    posizioni = pd.Index(ponte[chiave]).get_indexer(df[chiave])
    interi = codici.cat.codes.to_numpy()[posizioni]
    interi[posizioni < 0] = -1
    return pd.Categorical.from_codes(interi, codici.cat.categories)


def _con_ambito(df: pd.DataFrame, dati, nome_tabella: str) -> pd.Series:
    if "codice_ambito" in df.columns:
        return df["codice_ambito"]
    if isinstance(dati, Mapping):
        for chiave, altra in _PONTI_AMBITO:
            if chiave in df.columns and altra in dati and {chiave, "codice_ambito"} <= set(dati[altra].columns):
                return pd.Series(_ambito_da(df, chiave, dati[altra]), index=df.index)
    raise ErroreCorso(f"La {nome_tabella} non ha la colonna codice_ambito e non so da dove ricavarla: passa anche "
                      "la tabella dei patti (o dei nuclei) nel dizionario dei dati, ad esempio "
                      "dati = {'attivita_mensili': ..., 'patti': ...}.")


def con_ambito(dati: Mapping) -> dict:
    """Una copia leggera del dizionario ``dati`` in cui ogni tabella ha la colonna ``codice_ambito``.

    L'Ambito si ricava dal Patto, dal nucleo, dall'obiettivo o dall'operatore. Utile quando si calcolano
    molti indicatori sulle stesse tabelle (lo si fa una volta sola).

    >>> import pandas as pd
    >>> dati = {"patti": pd.DataFrame({"id_patto": ["P1", "P2"], "codice_ambito": ["ATS-BA-01", "ATS-LE-02"]}),
    ...         "attivita_mensili": pd.DataFrame({"id_patto": ["P2", "P1", "P9"]})}
    >>> con_ambito(dati)["attivita_mensili"]["codice_ambito"].tolist()
    ['ATS-LE-02', 'ATS-BA-01', nan]
    """
    risultato = dict(dati)
    for nome, df in dati.items():
        if isinstance(df, pd.DataFrame) and "codice_ambito" not in df.columns:
            for chiave, altra in _PONTI_AMBITO:
                if chiave in df.columns and altra in dati and {chiave, "codice_ambito"} <= set(dati[altra].columns):
                    risultato[nome] = df.assign(codice_ambito=_ambito_da(df, chiave, dati[altra]))
                    risultato[nome].attrs = df.attrs
                    break
    return risultato


def date_scritte(testo: pd.Series) -> pd.Series:
    """Date scritte come testo: «31/03/2025» (giorno prima) oppure «2025-03-31» (formato ISO, anche con l'ora).

    Le date già in formato data restano come sono; i testi illeggibili diventano date vuote (NaT).

    >>> import pandas as pd
    >>> date_scritte(pd.Series(["05/01/2025", "2025-01-05", "5.1.2025", "boh"])).dt.day.tolist()
    [5.0, 5.0, 5.0, nan]
    """
    if pd.api.types.is_datetime64_any_dtype(testo):
        return testo
    return leggi_date(testo, vuote_se_illeggibili=True)


def _chiavi(df: pd.DataFrame, per: list[str], indicatore, dati, nome_tabella: str) -> dict[str, pd.Series]:
    chiavi = {}
    for p in per:
        if p == "totale":
            continue
        if p in ("ambito", "provincia"):
            ambito = _con_ambito(df, dati, nome_tabella)
            if p == "ambito":
                chiavi["codice_ambito"] = ambito
            else:  # la sigla della provincia è nel codice (ATS-BA-01): la si ricava dalle categorie, non riga per riga
                categorie = ambito.astype("category")
                chiavi["provincia"] = categorie.cat.rename_categories(
                    [str(c)[4:6] for c in categorie.cat.categories]) if categorie.cat.categories.is_unique and \
                    pd.Index([str(c)[4:6] for c in categorie.cat.categories]).is_unique else \
                    categorie.map(lambda c: str(c)[4:6], na_action="ignore").astype("category")
        elif p in _TEMPORALI:
            colonna = indicatore.data
            if colonna is None or colonna not in df.columns:
                dove = f"la colonna {colonna!r} non è nella {nome_tabella}" if colonna else "l'indicatore non ha il campo data"
                raise ErroreCorso(f"Non posso calcolare «{indicatore.nome}» per {p}: {dove}. Indica con data='...' "
                                  "la colonna di data che colloca ogni riga nel tempo (ad esempio data='data_domanda').")
            date = date_scritte(df[colonna])
            if p == "mese":
                chiavi["mese"] = date.dt.to_period("M").dt.to_timestamp()
            elif p == "trimestre":
                chiavi["trimestre"] = date.dt.to_period("Q").astype("string").str.replace("Q", "-T", regex=False)
            else:
                chiavi["anno"] = date.dt.year.astype("Int64")
        elif p in df.columns:
            chiavi[p] = df[p]
        else:
            vicini = nomi_vicini(p, [*PERIODI, *map(str, df.columns)])
            forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
            raise ErroreCorso(f"Non so raggruppare per {p!r}.{forse} Si può usare {', '.join(PERIODI)} "
                              f"oppure una colonna della {nome_tabella}.")
    return chiavi


def _somme(df, espressione, per, indicatore, dati, nome_tabella, oggi, etichetta, *, conta_esclusi=False) -> pd.DataFrame:
    valori = valuta_espressione(df, espressione, oggi=oggi, tabella=nome_tabella)
    chiavi = _chiavi(df, per, indicatore, dati, nome_tabella)
    if not chiavi:
        return pd.DataFrame({etichetta: [valori.sum()]})
    tabella = pd.DataFrame({**{k: v.array for k, v in chiavi.items()}, etichetta: valori.to_numpy()})
    somme = tabella.groupby(list(chiavi), observed=True, sort=True)[etichetta].sum().reset_index()
    # Le righe senza Ambito o senza data non entrano in nessun gruppo: lo si dice, non lo si nasconde.
    if conta_esclusi:
        mancanti = np.zeros(len(tabella), dtype=bool)
        for v in chiavi.values():
            mancanti |= np.asarray(v.isna(), dtype=bool)
        somme.attrs["senza_gruppo"] = int(mancanti.sum())
    return somme


def calcola(indicatore, dati, *, per: str | list[str] = "ambito", oggi=None) -> pd.DataFrame:
    """I valori dell'indicatore per gruppo: una riga per Ambito, provincia, mese, trimestre, anno…

    ``dati`` è una tabella pandas oppure un dizionario ``{"patti": ..., "operatori": ...}`` (serve
    quando l'indicatore usa due tabelle o quando l'Ambito si ricava da un'altra tabella).
    ``per`` è uno tra ``totale``, ``ambito``, ``provincia``, ``mese``, ``trimestre``, ``anno``, il nome
    di una colonna, oppure un elenco (``["ambito", "anno"]``). Il risultato ha le colonne del gruppo,
    ``numeratore``, ``denominatore``, ``valore``, ``nota`` e, se l'indicatore ha un target con polarità,
    ``target_raggiunto``. Un denominatore zero dà un valore vuoto con una nota. ``risultato.attrs["avviso"]``
    dice se la tabella era vuota o se alcune righe (senza data o senza Ambito) non sono entrate in nessun gruppo.

    >>> import pandas as pd
    >>> from course.indicatori import Indicatore
    >>> patti = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-LE-02"],
    ...                       "data_domanda": pd.to_datetime(["2025-01-02", "2025-01-20", "2025-02-03"]),
    ...                       "data_primo_colloquio": pd.to_datetime(["2025-01-30", None, None])})
    >>> attesa = Indicatore("Giorni medi dalla domanda al primo colloquio", unita="giorni",
    ...     numeratore="data_primo_colloquio - data_domanda", denominatore="data_primo_colloquio.notna()",
    ...     polarita="decrescente", target=30, data="data_domanda")
    >>> r = calcola(attesa, patti)
    >>> r[["codice_ambito", "numeratore", "denominatore", "valore", "target_raggiunto"]]
      codice_ambito  numeratore  denominatore  valore  target_raggiunto
    0     ATS-BA-01        28.0           1.0    28.0              True
    1     ATS-LE-02         0.0           0.0     NaN              <NA>
    >>> r.loc[1, "nota"]
    'denominatore zero: valore non calcolabile'
    >>> calcola(attesa, patti, per="mese")["mese"].dt.month.tolist()
    [1, 2]
    """
    if not isinstance(indicatore, Indicatore):
        raise ErroreCorso("calcola vuole come primo argomento un Indicatore (vedi course.indicatori.Indicatore), "
                          f"non {type(indicatore).__name__}.")
    per = [per] if isinstance(per, str) else list(per)
    if not per:
        per = ["totale"]
    tab_num, nome_num = _prendi_tabella(dati, indicatore.tabella, indicatore)
    if not isinstance(tab_num, pd.DataFrame):
        raise ErroreCorso(f"La {nome_num} non è una tabella pandas ma {type(tab_num).__name__}.")
    if indicatore.tabella_denominatore and indicatore.tabella_denominatore != indicatore.tabella:
        if isinstance(dati, pd.DataFrame):
            raise ErroreCorso(f"«{indicatore.nome}» usa due tabelle ({indicatore.tabella} e "
                              f"{indicatore.tabella_denominatore}): passa un dizionario con entrambe.")
        tab_den, nome_den = _prendi_tabella(dati, indicatore.tabella_denominatore, indicatore)
    else:
        tab_den, nome_den = tab_num, nome_num
    # La popolazione caricata dal corso copre tutti i 45 Ambiti: si tengono solo quelli presenti nei dati.
    automatica = not isinstance(dati, pd.DataFrame) and "popolazione" not in dati
    for nome, altra in (("tabella", tab_den), ("tabella_denominatore", tab_num)):
        if automatica and getattr(indicatore, nome) == "popolazione" and "codice_ambito" in altra.columns:
            presenti = altra["codice_ambito"].astype("string").unique()
            if nome == "tabella":
                tab_num = tab_num[tab_num["codice_ambito"].isin(presenti)]
            else:
                tab_den = tab_den[tab_den["codice_ambito"].isin(presenti)]
    oggi = data_di_riferimento(tab_num, oggi)   # la data scritta (anche «31/12/2025») o quella dei dati
    num = _somme(tab_num, indicatore.numeratore, per, indicatore, dati, nome_num, oggi, "numeratore",
                 conta_esclusi=True)
    chiavi = [c for c in num.columns if c != "numeratore"]
    if indicatore.denominatore is None:
        risultato = num.assign(denominatore=np.nan)
        risultato["valore"] = risultato["numeratore"].astype("float64")
    else:
        den = _somme(tab_den, indicatore.denominatore, per, indicatore, dati, nome_den, oggi, "denominatore")
        risultato = num.merge(den, on=chiavi, how="outer", sort=True) if chiavi else pd.concat([num, den], axis=1)
        risultato[["numeratore", "denominatore"]] = risultato[["numeratore", "denominatore"]].fillna(0.0)
        zero = risultato["denominatore"].eq(0)
        rapporto = risultato["numeratore"] / risultato["denominatore"].where(~zero)
        risultato["valore"] = rapporto * (100.0 if indicatore.unita == "%" else 1.0)
    if indicatore.target is not None and indicatore.polarita is not None:
        valore = risultato["valore"]
        raggiunto = valore >= indicatore.target if indicatore.polarita == "crescente" else valore <= indicatore.target
        risultato["target_raggiunto"] = pd.array(raggiunto, dtype="boolean")
        risultato.loc[valore.isna(), "target_raggiunto"] = pd.NA
    nota = pd.Series("", index=risultato.index, dtype="object")
    if indicatore.denominatore is not None:
        nota[risultato["denominatore"].eq(0)] = NOTA_DENOMINATORE_ZERO
    risultato["nota"] = nota
    risultato = risultato.reset_index(drop=True)
    risultato.attrs.update({"indicatore": indicatore.nome, "unita": indicatore.unita, "per": per,
                            "polarita": indicatore.polarita, "target": indicatore.target})
    if tab_num.empty:
        risultato.attrs["avviso"] = (f"La {nome_num} è vuota: per «{indicatore.nome}» non c'è niente da calcolare. "
                                     "Controlla il file o i filtri applicati.")
    elif num.attrs.get("senza_gruppo"):
        quante = num.attrs["senza_gruppo"]
        risultato.attrs["avviso"] = (f"{quante} {'riga' if quante == 1 else 'righe'} della {nome_num} senza "
                                     f"{' o '.join(c.replace('codice_ambito', 'Ambito') for c in chiavi)} "
                                     f"non {'è contata' if quante == 1 else 'sono contate'} in nessun gruppo.")
    return risultato
