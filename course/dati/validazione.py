"""Valida una tabella contro il suo schema e restituisce TUTTI i problemi in una tabella in italiano.

>>> from course.dati import carica
>>> nuclei = carica("nuclei").head(3).copy()
>>> nuclei.loc[1, "isee"] = None
>>> valida(nuclei, "nuclei")[["riga", "colonna", "problema"]].to_dict("records")
[{'riga': 1, 'colonna': 'isee', 'problema': 'valore mancante'}]
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from course import formato
from course.date import _da_oggetto, leggi_data, leggi_date
from course.dati.tabelle import TABELLE
from course.errori import ErroreCorso, controlla_scelta, nomi_vicini

__all__ = ["valida", "COLONNE_RAPPORTO"]

COLONNE_RAPPORTO = ["riga", "colonna", "valore", "problema", "come_correggere"]

FORME = {
    "codice_istat": "6 cifre con gli zeri iniziali (es. 071001): se manca lo zero, aggiungilo",
    "codice_ambito": "ATS, sigla della provincia e due cifre, in maiuscolo (es. ATS-BA-01)",
    "id_nucleo": "NUC- seguito da 8 caratteri tra 0-9 e A-F (es. NUC-00A1B2C3)",
}
ATTESI = {"intero": "un numero intero", "numero": "un numero", "data": "una data (31/03/2025 o 2025-03-31)",
        "sì/no": "vero o falso"}
_RIMEDIO_TIPO = "correggi il valore; per leggere file con formati italiani usa course.dati.leggi_tabella"
_RIMEDIO_LIMITE = "controlla il dato alla fonte: forse è un errore di battitura"
_INTERO = re.compile(r"[+-]?\d+")
_DECIMALE = re.compile(r"[+-]?\d+\.\d+")
_MIGLIAIA = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")  # «1.234»: milleduecentotrentaquattro o 1,234? meglio chiedere


def _vuoto(v) -> bool:
    return v is None or (pd.api.types.is_scalar(v) and bool(pd.isna(v)))


def _numero(v) -> float | None:
    """Il numero di una cella, o None se non è un numero (testi ambigui come «1.234» compresi)."""
    if isinstance(v, (bool, np.bool_)):
        return None
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    if isinstance(v, str):
        testo = v.strip()
        if _INTERO.fullmatch(testo) or (_DECIMALE.fullmatch(testo) and not _MIGLIAIA.fullmatch(testo)):
            return float(testo)
    return None


def _data(v):
    try:
        return _da_oggetto(v)  # la stessa lettura delle date già date di leggi_date
    except (ValueError, OverflowError):
        return None


def _logico(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)) and v in (0, 1):
        return bool(v)
    return None


def _leggi(serie: pd.Series, tipo: str) -> tuple[pd.Series, pd.Series]:
    """(valori nel tipo della colonna con i vuoti dove la cella non si legge, celle che non si leggono)."""
    vuote = serie.isna()
    if tipo in {"testo", "categoria"}:
        if pd.api.types.infer_dtype(serie, skipna=True) not in {"string", "empty"}:
            # un numero in una colonna di codici (071001 diventato 71001 in Excel) si controlla come testo
            serie = serie.map(lambda v: v if _vuoto(v) or isinstance(v, str) else str(v))
        return serie, pd.Series(False, index=serie.index)
    if tipo in {"intero", "numero"} and pd.api.types.is_numeric_dtype(serie) \
            and not pd.api.types.is_bool_dtype(serie):
        valori = serie.astype("float64")
    elif tipo == "data" and pd.api.types.is_datetime64_any_dtype(serie):
        valori = serie.dt.tz_localize(None) if getattr(serie.dt, "tz", None) is not None else serie
    elif tipo == "sì/no" and pd.api.types.is_bool_dtype(serie):
        valori = serie.astype("boolean")
    else:
        leggi = {"intero": _numero, "numero": _numero, "data": _data, "sì/no": _logico}[tipo]
        valori = serie.map(lambda v: None if _vuoto(v) else leggi(v)).astype(object)
        if tipo in {"intero", "numero"}:
            valori = pd.to_numeric(valori).astype("float64")
        elif tipo == "data":  # al microsecondo: anche una data come 1500 si confronta con il minimo
            valori = valori.astype("datetime64[us]")
    illeggibili = valori.isna() & ~vuote
    if tipo == "intero":
        con_virgola = valori.notna() & (valori % 1 != 0)
        valori, illeggibili = valori.where(~con_virgola), illeggibili | con_virgola
    return valori, illeggibili


def _regole(nome: str, colonna, valori: pd.Series, illeggibili: pd.Series, originale: pd.Series):
    """(celle che non rispettano la regola, problema, rimedio) per ogni regola della colonna."""
    if colonna.tipo in ATTESI:
        yield illeggibili, f"tipo non valido: mi aspettavo {ATTESI[colonna.tipo]}", _RIMEDIO_TIPO
    presenti = valori.notna()
    if colonna.obbligatoria:
        yield ~presenti & ~illeggibili, "valore mancante", \
            "completa il dato dalla fonte; se non esiste, segnalalo a chi ha prodotto il file"
    if colonna.unica:
        yield originale.notna() & originale.duplicated(keep=False), f"valore duplicato: {nome} compare in più righe", \
            "tieni una sola riga per ogni codice (ad esempio con df.drop_duplicates)"
    if colonna.ammessi is not None:
        fuori = presenti & ~valori.isin(colonna.ammessi)
        for sbagliato in valori[fuori].unique():  # il suggerimento cambia con il valore sbagliato
            vicini = nomi_vicini(str(sbagliato), list(colonna.ammessi), quanti=1)
            forse = f" (forse «{vicini[0]}»)" if vicini else ""
            yield fuori & (valori == sbagliato), "valore non ammesso", \
                f"usa uno di questi valori: {', '.join(colonna.ammessi)}{forse}"
    if colonna.forma is not None:
        yield presenti & ~valori.where(presenti, "").astype(str).str.match(colonna.forma), \
            "forma non valida", f"il codice deve essere: {FORME.get(nome, 'nella forma prevista')}"
    if colonna.minimo is not None:
        yield presenti & (valori < colonna.minimo), f"valore troppo basso (il minimo è {_limite(colonna.minimo)})", \
            _RIMEDIO_LIMITE
    if colonna.massimo is not None:
        yield presenti & (valori > colonna.massimo), f"valore troppo alto (il massimo è {_limite(colonna.massimo)})", \
            _RIMEDIO_LIMITE


def _limite(valore) -> str:
    return formato.data(valore) if isinstance(valore, pd.Timestamp) else str(valore)


def valida(df: pd.DataFrame, tabella: str, *, mappatura=None, data_riferimento=None) -> pd.DataFrame:
    """Controlla ``df`` con lo schema di ``tabella`` e restituisce tutti i problemi trovati.

    Il risultato ha le colonne riga (etichetta dell'indice), colonna, valore, problema, come_correggere:
    vuoto se va tutto bene. ``mappatura`` (CSV o tabella comune → Ambito) serve per controllare che
    ogni comune stia nel suo Ambito; ``data_riferimento`` per le date «nel futuro» (se manca, quella dei dati).
    """
    from course.dati.schemi import schema

    controlla_scelta(tabella, TABELLE, cosa="tabella")
    if not isinstance(df, pd.DataFrame):
        raise ErroreCorso(f"valida vuole una tabella pandas (DataFrame), non {type(df).__name__}. "
                          f"Esempio: valida(carica({tabella!r}), {tabella!r}).")
    dati = df.copy()
    dati = dati.astype({c: object for c in dati.columns if isinstance(dati[c].dtype, pd.CategoricalDtype)})
    if mappatura is not None:
        from course.territorio import mappatura as leggi_mappatura

        dati.attrs["mappatura"] = leggi_mappatura(mappatura)
    if data_riferimento is not None:
        dati.attrs["data_riferimento"] = leggi_data(data_riferimento, cosa="la data di riferimento")
    regole = schema(tabella)
    righe = []

    def segnala(maschera: pd.Series, colonna: str, problema: str, rimedio: str) -> None:
        for pos in np.flatnonzero(maschera.to_numpy(dtype=bool, na_value=False)):
            valore = df[colonna].iloc[pos] if colonna in df.columns else None
            righe.append({"riga": df.index[pos], "colonna": colonna, "valore": valore, "problema": problema,
                          "come_correggere": rimedio})

    for nome, colonna in regole.colonne.items():
        if nome not in dati.columns:
            righe.append({"riga": None, "colonna": nome, "valore": None, "problema": "colonna mancante",
                          "come_correggere": f"aggiungi la colonna {nome} o controlla come si chiama nel file"})
            continue
        originale = dati[nome]
        if colonna.tipo == "data" and not pd.api.types.is_datetime64_any_dtype(originale):
            # le date scritte come testo si leggono all'italiana (giorno prima del mese): «05/02/2024» è
            # il 5 febbraio; quelle illeggibili restano come sono e si segnalano come tipo non valido
            lette = leggi_date(originale, vuote_se_illeggibili=True)
            originale = lette.astype(object).where(lette.notna(), originale)
        valori, illeggibili = _leggi(originale, colonna.tipo)
        for maschera, problema, rimedio in _regole(nome, colonna, valori, illeggibili, originale):
            segnala(maschera, nome, problema, rimedio)
        dati[nome] = valori  # i controlli tra colonne confrontano i valori letti (vuoti dove illeggibili)
    # I controlli tra colonne hanno bisogno di tutte le loro colonne: se ne manca una, lo dice già l'altro controllo.
    if all(nome in dati.columns for nome in regole.colonne):
        for controllo in regole.controlli:
            esito = pd.Series(controllo["funzione"](dati), index=dati.index).astype("boolean").fillna(True)
            segnala(~esito, controllo["colonna"], controllo["problema"], controllo["come_correggere"])

    # colonna per colonna: i valori restano come sono (una data vicino a un codice mancante non diventa NaT)
    rapporto = pd.DataFrame({c: pd.Series([r[c] for r in righe], dtype=object) for c in COLONNE_RAPPORTO})
    rapporto["riga"] = rapporto["riga"].astype("Int64") if rapporto["riga"].map(
        lambda v: v is None or isinstance(v, (int, np.integer)) or (isinstance(v, float) and v != v)).all() \
        else rapporto["riga"]
    return rapporto.sort_values(["riga", "colonna"], na_position="first", kind="stable").reset_index(drop=True)
