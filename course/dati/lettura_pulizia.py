"""Ripulire una tabella appena letta: nomi delle colonne, righe vuote e «Totale», numeri, date,
percentuali, codici ISTAT, valori impossibili. Tutto vettoriale; ogni intervento va nel rapporto.

>>> nome_colonna("Città")
'citta'
>>> nome_colonna("% avanzamento")
'avanzamento_pct'
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from course.dati.lettura_formato import VALORI_MANCANTI
from course.dati.lettura_rapporto import MASSIMO_PROBLEMI, Rapporto, numero_it

__all__ = [
    "nome_colonna", "nomi_colonne", "togli_righe_vuote", "togli_totali", "converti_testi",
    "ripristina_codici_istat", "controlla_ore", "E_CODICE_ISTAT", "E_ORE",
]

#: Colonne con codici ISTAT di comune (nome già normalizzato).
E_CODICE_ISTAT = re.compile(r"(^|_)istat($|_)|^cod(ice)?_?com(une)?($|_)")
#: Colonne di ore (ore, ore_svolte, ore_previste...): non possono essere negative.
E_ORE = re.compile(r"(^|_)ore($|_)")

_MANCANTI = {v.lower() for v in VALORI_MANCANTI}
_TOTALE = re.compile(r"\s*(totale|totali|tot\.)(\s|$|\W)", re.IGNORECASE)
_PIEDE = re.compile(r"\s*(fonte|fonti|note|nota|elaborazione)\b", re.IGNORECASE)
_EURO = r"(?:€\s*)?"
# migliaia col punto («1.234,5») o con uno spazio (anche non separabile: «1 234,5», come scrive Excel)
_NUMERO = re.compile(_EURO + r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:,\d+)?(?:\s*€)?")
# spazi speciali che Excel e i programmi di videoscrittura mettono nei numeri e prima di «%» o «€»
_SPAZI_SPECIALI = re.compile("[\u00a0\u202f\u2007\u2009\u200a]")
_NUMERO_PUNTO = re.compile(r"[+-]?\d*\.\d+")
_PERCENTUALE = re.compile(r"[+-]?\d+(?:[.,]\d+)?\s*%")
# Forme di data: (espressione, formato per pandas, descrizione per il rapporto).
_DATE = [
    (re.compile(r"\d{1,2}/\d{1,2}/\d{4}"), "%d/%m/%Y", "gg/mm/aaaa"),
    (re.compile(r"\d{1,2}/\d{1,2}/\d{2}"), "%d/%m/%y", "g/m/aa"),
    (re.compile(r"\d{1,2}-\d{1,2}-\d{4}"), "%d-%m-%Y", "gg-mm-aaaa"),
    (re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}"), "%d.%m.%Y", "gg.mm.aaaa"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "%Y-%m-%d", "aaaa-mm-gg"),
    (re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}"), "%Y-%m-%d %H:%M:%S", "aaaa-mm-gg hh:mm:ss"),
    (re.compile(r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(:\d{2})?"), "mixed", "gg/mm/aaaa hh:mm"),
]
_CAMPIONE = 1000


def nome_colonna(testo) -> str:
    """Il nome di una colonna in minuscolo, senza accenti, con «_» al posto di spazi e simboli.

    Il simbolo «%» diventa il suffisso ``_pct``; «n.», «n°» e «nr.» iniziali diventano ``n_``.

    >>> [nome_colonna(t) for t in ["Valore previsto", "Avanzamento (%)", "N° nuclei", "  ISEE € "]]
    ['valore_previsto', 'avanzamento_pct', 'n_nuclei', 'isee']
    """
    testo = unicodedata.normalize("NFKD", str(testo)).encode("ascii", "ignore").decode() if testo is not None else ""
    pct = "%" in str(testo)
    testo = re.sub(r"^\s*(n\.|n°|nr\.|nr\s|num\.)\s*", "n_", testo.replace("º", "°"), flags=re.IGNORECASE)
    testo = re.sub(r"[^0-9a-zA-Z]+", "_", testo.lower()).strip("_")
    if pct:
        testo = f"{testo}_pct" if testo else "pct"
    return testo


def nomi_colonne(intestazione: list, rapporto: Rapporto) -> list[str]:
    """Nomi normalizzati e unici; le colonne senza nome diventano ``colonna_N`` (N da 1)."""
    nomi, visti = [], {}
    for i, originale in enumerate(intestazione, start=1):
        nome = nome_colonna(originale if originale is not None else "") or f"colonna_{i}"
        base, k = nome, 1
        while nome in visti:
            k += 1
            nome = f"{base}_{k}"
        visti[nome] = True
        nomi.append(nome)
    cambiati = [f"«{o}» → {n}" for o, n in zip(intestazione, nomi)
                if str(o if o is not None else "").strip() and str(o) != n]
    if cambiati:
        rapporto.nota("nomi delle colonne", "nomi resi semplici (minuscole, senza accenti, «_» al posto "
                                             "degli spazi): " + ", ".join(cambiati) + ".")
    return nomi


def _righe(indice) -> str:
    valori = [numero_it(r) for r in indice[:8]]
    altri = f" e altre {numero_it(len(indice) - 8)}" if len(indice) > 8 else ""
    return ", ".join(valori) + altri


def togli_righe_vuote(df: pd.DataFrame, rapporto: Rapporto, *, originali: dict) -> pd.DataFrame:
    """Toglie le righe del tutto vuote e le colonne senza nome e senza dati."""
    vuote = df.isna().all(axis=1)
    if vuote.any():
        indice = df.index[vuote.to_numpy()]
        quante = "una riga vuota (riga" if len(indice) == 1 else f"{numero_it(len(indice))} righe vuote (righe"
        rapporto.nota("righe tolte", f"ho tolto {quante} {_righe(indice)}).")
        df = df.loc[~vuote.to_numpy()]
    senza_nome = [c for c in df.columns if not str(originali.get(c, "")).strip() and df[c].isna().all()]
    if senza_nome:
        rapporto.nota("colonne tolte", "ho tolto colonne senza nome e senza dati: " + ", ".join(senza_nome) + ".")
        df = df.drop(columns=senza_nome)
    anonime = [c for c in df.columns if not str(originali.get(c, "")).strip()]
    if anonime:
        rapporto.nota("nomi delle colonne", "colonne senza nome nell'intestazione, chiamate con la loro posizione: "
                      + ", ".join(anonime) + ".")
    return df


def togli_totali(df: pd.DataFrame, rapporto: Rapporto) -> pd.DataFrame:
    """Toglie in fondo alla tabella le righe «Totale» (anche più di una: «Totale», «Totale generale»)
    e le note a piè di tabella («Fonte: …», «Note: …»), che hanno una sola cella piena."""
    while len(df):
        ultima = df.iloc[-1].tolist()
        piene = [v for v in ultima if not (v is None or (isinstance(v, float) and v != v))]
        testi = [v for v in piene if isinstance(v, str) and v.strip()]
        if testi and _TOTALE.match(testi[0]):
            perche = "è una somma, non un dato"
        elif len(piene) == 1 and testi and _PIEDE.match(testi[0]) and len(df.columns) > 1:
            perche = "è una nota a piè di tabella"
        else:
            break
        testo = testi[0].strip()
        testo = testo if len(testo) <= 40 else testo[:40] + "…"
        rapporto.nota("righe tolte", f"ho tolto la riga «{testo}» in fondo (riga {numero_it(df.index[-1])}): {perche}.")
        df = df.iloc[:-1]
    _segnala_subtotali(df, rapporto)
    return df


def _segnala_subtotali(df: pd.DataFrame, rapporto: Rapporto) -> None:
    """Righe «Totale …» in mezzo alla tabella (subtotali): non le tolgo, ma lo dico, perché
    sommando la colonna verrebbero contate due volte."""
    prima = next((c for c in df.columns if _e_testo(df[c])), None)
    if prima is None:
        return
    etichette = df[prima].str.strip().str.lower()
    sospette = etichette.str.match(r"(sub)?(totale|totali|tot\.)(\W|$)").fillna(False).astype(bool)
    if sospette.any():
        righe = df.index[sospette.to_numpy()]
        esempio = str(df[prima][sospette].iloc[0]).strip()
        quante = ("una riga in mezzo alla tabella sembra un subtotale" if len(righe) == 1 else
                  f"{numero_it(len(righe))} righe in mezzo alla tabella sembrano subtotali")
        rapporto.nota("da controllare", f"{quante} (es. «{esempio}», righe {_righe(righe)}): non le ho tolte. "
                                        "Se sono somme, toglile prima di fare i totali, o li conterai due volte.", prima)


def _tipo_campione(campione: pd.Series) -> tuple[str, list] | None:
    """Di che tipo sono TUTTI i valori del campione: ('data', formati), ('percentuale', []), ('numero', [])...

    Il campione è piccolo: bastano liste ed espressioni regolari (ci si ferma al primo valore diverso).
    """
    valori = campione.tolist()
    if not valori:
        return None
    formati, resto = [], valori
    for forma in _DATE:
        if not resto:
            break
        altri = [v for v in resto if not forma[0].fullmatch(v)]
        if len(altri) < len(resto):
            formati.append(forma)
        resto = altri
    if formati and not resto:
        return "data", formati
    for genere, espressione in (("percentuale", _PERCENTUALE), ("numero", _NUMERO), ("numero_punto", _NUMERO_PUNTO)):
        if all(espressione.fullmatch(v) for v in valori):
            return genere, []
    return None


def _espressioni(genere: str) -> list:
    return [d[0] for d in _DATE] if genere == "data" else [_NUMERO, _PERCENTUALE, _NUMERO_PUNTO]


def _forme(valori: pd.Series, genere: str) -> pd.Series:
    """Quali valori hanno la forma di una data (o di un numero/percentuale)."""
    espressioni = _espressioni(genere)
    presi = pd.Series(False, index=valori.index)
    for espressione in espressioni:
        presi |= valori.str.fullmatch(espressione).fillna(False).astype(bool)
    return presi


def _quasi(s: pd.Series, campione: pd.Series, rapporto: Rapporto, col: str) -> None:
    """Colonna «quasi» di date o di numeri: resta testo, ma il rapporto lo dice con degli esempi."""
    for genere in ("data", "numero"):
        espressioni = _espressioni(genere)
        simili = sum(1 for v in campione.tolist() if any(e.fullmatch(v) for e in espressioni))
        if len(campione) and simili >= 0.5 * len(campione):
            valori = s.dropna().str.strip()
            valori = valori[~valori.str.lower().isin(_MANCANTI)]
            _lascia_testo(rapporto, col, valori[~_forme(valori, genere).to_numpy()], genere)
            return


def _date_con(valori: pd.Series, formato: str) -> pd.Series:
    # dayfirst conta solo per «mixed»: con un formato esplicito l'ordine è già scritto nel formato.
    if formato == "mixed":
        return pd.to_datetime(valori, format="mixed", dayfirst=True, errors="coerce")
    return pd.to_datetime(valori, format=formato, errors="coerce")


def _in_date(valori: pd.Series, formati: list) -> tuple[pd.Series, list[str]]:
    risultato = _date_con(valori, formati[0][1])
    usati = [formati[0][2]]
    mancano = risultato.isna() & valori.notna()
    if mancano.any():
        for espressione, formato, descrizione in _DATE:
            sotto = valori[mancano]
            presi = sotto.str.fullmatch(espressione).fillna(False).astype(bool)
            if not presi.any():
                continue
            convertite = _date_con(sotto[presi], formato)
            risultato.loc[convertite.index] = convertite
            if convertite.notna().any() and descrizione not in usati:
                usati.append(descrizione)
            mancano = risultato.isna() & valori.notna()
    if "g/m/aa" in usati:
        # Anni a due cifre: oltre 20 anni nel futuro è più probabile il secolo scorso (date di nascita).
        limite = pd.Timestamp.today().year + 20
        futuro = risultato.dt.year > limite
        risultato.loc[futuro] = risultato.loc[futuro] - pd.DateOffset(years=100)
    return risultato, usati


def _in_numeri(valori: pd.Series, tipo: str) -> pd.Series:
    testo = valori.str.replace("€", "", regex=False).str.replace(r"\s", "", regex=True)
    if tipo == "percentuale":
        return pd.to_numeric(testo.str.rstrip("%").str.replace(",", ".", regex=False), errors="coerce") / 100
    if tipo == "numero":
        testo = testo.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(testo, errors="coerce").astype("float64")


def _converti(valori: pd.Series, genere: str, formati: list) -> tuple[pd.Series, list[str]]:
    if genere == "data":
        return _in_date(valori, formati)
    return _in_numeri(valori, genere), []


def _campione(s: pd.Series) -> pd.Series:
    campione = s.head(5 * _CAMPIONE).dropna()
    if campione.empty:
        campione = s.dropna()
    campione = campione.head(_CAMPIONE).astype(str).str.strip()
    return campione[~campione.str.lower().isin(_MANCANTI)]


def _e_testo(s: pd.Series) -> bool:
    if not (pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)):
        return False
    return all(isinstance(v, str) for v in s.head(50).dropna())


def converti_testi(df: pd.DataFrame, rapporto: Rapporto, *, originali: dict, forza_date: set,
                   lascia: set) -> pd.DataFrame:
    """Converte le colonne di testo che sono in realtà date, numeri o percentuali (tutte le celle!).

    Il tipo si decide su un campione; poi si converte la colonna intera in un colpo solo e si
    guardano da vicino solo le celle che non si convertono.
    """
    for col in df.columns:
        s = df[col]
        if col in lascia or not _e_testo(s):
            continue
        speciali = s.str.contains(_SPAZI_SPECIALI, na=False)
        if speciali.any():
            # «100 %» con lo spazio non separabile è lo stesso numero di «100 %»: prima restava testo
            s = s.str.replace(_SPAZI_SPECIALI, " ", regex=True)
            df[col] = s
            rapporto.nota("spazi speciali", f"{int(speciali.sum())} celle con spazi non separabili o sottili "
                          "(li ho letti come spazi normali)", col)
        campione = _campione(s)
        tipo = _tipo_campione(campione)
        if col in forza_date and (tipo is None or tipo[0] != "data"):
            tipo = ("data", [d for d in _DATE if campione.str.fullmatch(d[0]).any()] or _DATE[:1])
        if tipo is None:
            _quasi(s, campione, rapporto, col)
            continue
        genere, formati = tipo
        nuovi, usati = _converti(s, genere, formati)
        falliti = nuovi.isna() & s.notna()
        n_mancanti = 0
        if falliti.any():
            sotto = s[falliti].str.strip()
            mancanti = sotto.str.lower().isin(_MANCANTI).to_numpy(dtype=bool)
            n_mancanti, sotto = int(mancanti.sum()), sotto[~mancanti]
            if len(sotto):
                ripresi, altri = _converti(sotto, genere, formati)
                nuovi.loc[ripresi.index] = ripresi
                usati += [u for u in altri if u not in usati]
                sotto = sotto[ripresi.isna().to_numpy()]
            if len(sotto) and not _segnala_falliti(rapporto, col, sotto, genere, col in forza_date, originali):
                continue
        df[col] = _interi_se_possibile(nuovi) if genere == "numero" else nuovi
        _annota(rapporto, col, genere, usati, n_mancanti, euro=bool(campione.str.contains("€", regex=False).any()))
    return df


def _interi_se_possibile(numeri: pd.Series) -> pd.Series:
    pieni = numeri.dropna()
    return numeri.astype("Int64") if pieni.mod(1).eq(0).all() and pieni.abs().lt(2**53).all() else numeri


def _segnala_falliti(rapporto, col, sotto, genere, forzata, originali) -> bool:
    """Le celle che non si convertono: date impossibili → problemi; altro → colonna lasciata testo.

    Restituisce ``True`` se la colonna va comunque convertita.
    """
    if genere != "data":
        _lascia_testo(rapporto, col, sotto, "numero")
        return False
    forma_data = _forme(sotto, "data")
    if not forzata and not forma_data.all():
        _lascia_testo(rapporto, col, sotto[~forma_data], "data")
        return False
    for riga, v in sotto.head(MASSIMO_PROBLEMI).items():
        spiega = "non è una data esistente" if forma_data[riga] else "non è una data (mi aspetto gg/mm/aaaa)"
        rapporto.problema(riga, originali.get(col, col), v, spiega)
    rapporto.problemi_in_piu += max(0, len(sotto) - MASSIMO_PROBLEMI)
    return True


def _annota(rapporto, col, genere, usati, n_mancanti, euro) -> None:
    if n_mancanti:
        rapporto.nota("mancanti", f"{numero_it(n_mancanti)} celle con un «dato mancante» scritto con spazi "
                                  "(es. « n.d. ») considerate vuote.", col)
    if genere == "data":
        due_cifre = " (anni a due cifre: fino a 20 anni avanti nel 2000, gli altri nel 1900)" if "g/m/aa" in usati else ""
        rapporto.nota("date", f"date scritte come {', '.join(usati)} convertite in date{due_cifre}.", col)
    elif genere == "percentuale":
        rapporto.nota("percentuali", "percentuali come «95%» convertite in frazioni (95% → 0,95).", col)
    else:
        dettaglio = " all'italiana (es. «1.234,5» → 1234.5)" if genere == "numero" else " con il punto decimale"
        euro = ", togliendo il simbolo €" if euro else ""
        rapporto.nota("numeri", f"numeri scritti come testo{dettaglio} convertiti in numeri{euro}.", col)


def _lascia_testo(rapporto: Rapporto, col: str, strani: pd.Series, tipo: str) -> None:
    esempi = ", ".join(f"«{v}» (riga {numero_it(r)})" for r, v in strani.head(3).items())
    rapporto.nota("lasciata come testo", f"sembra una colonna di {'date' if tipo == 'data' else 'numeri'}, ma "
                  f"{numero_it(len(strani))} valori non lo sono, per esempio {esempi}. L'ho lasciata come testo: "
                  "correggi quei valori" + (f" o usa colonne_data=[\"{col}\"]." if tipo == "data" else "."), col)


def ripristina_codici_istat(df: pd.DataFrame, rapporto: Rapporto) -> pd.DataFrame:
    """Rimette gli zeri iniziali ai codici ISTAT di comune (6 cifre) che Excel ha trasformato in numeri."""
    for col in [c for c in df.columns if E_CODICE_ISTAT.search(c)]:
        s = df[col]
        if pd.api.types.is_numeric_dtype(s):
            if s.dropna().mod(1).ne(0).any():
                continue
            s = pd.Series([None if v != v else str(int(v)) for v in s.tolist()], index=s.index)
        elif not _e_testo(s):
            continue
        # Si lavora solo sulle celle sospette (lunghezza diversa da 6): di solito poche.
        sospette = s.notna() & s.str.len().ne(6)
        if sospette.any():
            pulite = s[sospette].str.strip().str.replace(r"\.0$", "", regex=True)
            corti = pulite.str.fullmatch(r"\d{4,5}").fillna(False).astype(bool)
            if corti.any():
                esempio = pulite[corti].iloc[0]
                s = s.copy()
                s.loc[pulite.index] = pulite.mask(corti, pulite.str.zfill(6))
                rapporto.nota("codici ISTAT", f"{numero_it(corti.sum())} codici ISTAT avevano perso lo zero "
                                              f"iniziale: li ho riportati a 6 cifre (es. {esempio} → {esempio.zfill(6)}).", col)
        df[col] = s
    return df


def controlla_ore(df: pd.DataFrame, rapporto: Rapporto, *, originali: dict, svuota: bool = False) -> None:
    """Le ore (colonne ``ore``, ``ore_svolte``...) non possono essere negative: ogni caso è un problema.

    Con ``svuota=True`` le ore negative diventano celle vuote (il problema resta annotato).
    """
    for col in [c for c in df.columns if E_ORE.search(c) and pd.api.types.is_numeric_dtype(df[c])]:
        negative = np.flatnonzero(df[col].lt(0).fillna(False).to_numpy(dtype=bool))
        rapporto.problemi_in_piu += max(0, len(negative) - MASSIMO_PROBLEMI)
        for posizione in negative[:MASSIMO_PROBLEMI]:
            valore = df[col].iloc[posizione]
            rapporto.problema(df.index[posizione], originali.get(col, col), f"{valore:g}".replace(".", ","),
                              "ore negative: le ore non possono essere meno di zero")
        if svuota and len(negative):
            df[col] = df[col].mask(df[col].lt(0))
