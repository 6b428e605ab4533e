"""Comuni, Ambiti territoriali sociali e popolazione della Puglia (dati reali ISTAT).

L'appartenenza dei comuni agli Ambiti è in parte indicativa (colonna ``stato``): chi ha un elenco
ufficiale più recente può sostituirla con un proprio CSV (``mappatura(percorso)``).

>>> len(comuni()), len(ambiti())
(257, 45)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from course.errori import ErroreCorso, controlla_colonne, nomi_vicini
from course.note import nota

__all__ = [
    "comuni", "ambiti", "mappatura", "valida_mappatura", "popolazione_ambiti", "codice_ambito", "trova_ambito",
    "codici_ambito", "codice_comune", "cartella_riferimento",
]

COLONNE_MAPPATURA = ("codice_istat", "codice_ambito")


def cartella_riferimento() -> Path:
    """La cartella con i CSV reali di riferimento (comuni, Ambiti, appartenenza)."""
    return Path(str(resources.files("course.datasets") / "riferimento"))


@lru_cache(maxsize=None)
def _leggi(nome: str) -> pd.DataFrame:
    return pd.read_csv(cartella_riferimento() / nome, dtype={"codice_istat": str}, keep_default_na=False,
                       na_values=[""])


def comuni() -> pd.DataFrame:
    """I 257 comuni della Puglia: codice ISTAT, nome, provincia, popolazione al 1/1/2021.

    >>> comuni().loc[0, ["codice_istat", "comune", "sigla_provincia"]].tolist()
    ['071001', 'Accadia', 'FG']
    """
    return _leggi("puglia_comuni.csv").copy()


def ambiti() -> pd.DataFrame:
    """I 45 Ambiti territoriali sociali: codice, nome, provincia, comune capofila, note.

    >>> ambiti().groupby("sigla_provincia").size().to_dict()
    {'BA': 12, 'BR': 4, 'BT': 5, 'FG': 8, 'LE': 10, 'TA': 6}
    """
    return _leggi("puglia_ambiti.csv").copy()


def _ambito_per_comune() -> pd.DataFrame:
    return _leggi("puglia_ambiti_comuni.csv")


def valida_mappatura(df: pd.DataFrame, *, origine: str = "Nella mappatura") -> pd.DataFrame:
    """Controlla una mappatura comune → Ambito e la restituisce pulita; altrimenti elenca TUTTI i problemi.

    Regole: ogni comune pugliese compare esattamente una volta, con un codice ISTAT noto e un
    codice di Ambito noto.

    >>> m = mappatura()
    >>> len(valida_mappatura(m))
    257
    >>> valida_mappatura(m.iloc[1:])
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Nella mappatura ho trovato 1 problema:
      - manca il comune 071001 (Accadia): ogni comune deve comparire una volta
    Correggi il file e riprova.
    """
    controlla_colonne(df, COLONNE_MAPPATURA, tabella="mappatura")
    df = df.copy()
    codici = df["codice_istat"].astype("string").str.strip().str.removesuffix(".0")
    corti = codici.str.fullmatch(r"\d{5}").fillna(False)
    if corti.any():
        nota(f"{origine}: {int(corti.sum())} codici ISTAT hanno 5 cifre (ad esempio {codici[corti].iloc[0]}): "
             "Excel ha tolto lo zero iniziale, li ho letti con lo zero davanti "
             f"({codici[corti].iloc[0].zfill(6)}).", livello=3)
    df["codice_istat"] = codici.str.zfill(6)
    df["codice_ambito"] = df["codice_ambito"].astype("string").str.strip()
    noti = comuni().set_index("codice_istat")["comune"]
    ambiti_noti = set(ambiti()["codice_ambito"])
    problemi = []
    # Numeri di riga come li vede chi apre il file: quelli veri se la tabella viene da leggi_tabella.
    numeri = df["riga_file"] if "riga_file" in df.columns else range(2, len(df) + 2)
    for riga, codice, ambito in zip(numeri, df["codice_istat"], df["codice_ambito"]):
        if pd.isna(codice) or codice not in noti.index:
            problemi.append(f"riga {riga}: codice ISTAT sconosciuto {codice!r} (deve essere un comune pugliese, 6 cifre)")
        if pd.isna(ambito) or ambito not in ambiti_noti:
            vicini = nomi_vicini(str(ambito), ambiti_noti, quanti=1)
            forse = f" (forse {vicini[0]})" if vicini else ""
            problemi.append(f"riga {riga}: Ambito sconosciuto {ambito!r}{forse}")
    conteggi = df["codice_istat"].value_counts()
    for codice, n in conteggi[conteggi > 1].items():
        problemi.append(f"il comune {codice} ({noti.get(codice, '?')}) compare {n} volte: deve comparire una volta sola")
    for codice in noti.index.difference(df["codice_istat"].dropna()):
        problemi.append(f"manca il comune {codice} ({noti[codice]}): ogni comune deve comparire una volta")
    if problemi:
        parola = "problema" if len(problemi) == 1 else "problemi"
        elenco = "\n".join(f"  - {p}" for p in problemi)
        raise ErroreCorso(f"{origine} ho trovato {len(problemi)} {parola}:\n{elenco}\nCorreggi il file e riprova.")
    df["comune"] = df["codice_istat"].map(noti)
    if "stato" not in df.columns:
        df["stato"] = "fornito dall'utente"
    return df.astype({"codice_istat": str, "codice_ambito": str}).reset_index(drop=True)


def mappatura(percorso: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """L'appartenenza dei comuni agli Ambiti, con lo ``stato`` di ogni assegnazione.

    Senza argomenti usa la mappatura distribuita con il corso; con ``percorso`` (un CSV o una
    tabella con almeno ``codice_istat`` e ``codice_ambito``) usa la tua, dopo averla controllata.

    >>> mappatura()["stato"].value_counts().to_dict()
    {'verificato': 231, 'parziale': 15, 'indicativo': 11}
    """
    if percorso is None:
        return _ambito_per_comune().copy()
    if isinstance(percorso, pd.DataFrame):
        return valida_mappatura(percorso, origine="Nella mappatura fornita")
    percorso = Path(percorso)
    if not percorso.exists():
        raise ErroreCorso(f"Il file della mappatura {str(percorso)!r} non esiste. Controlla il percorso.")
    from course.dati.lettura import leggi_tabella

    df = leggi_tabella(percorso, rapporto=False, riga_file=True)
    return valida_mappatura(df, origine=f"Nel file {percorso.name}").drop(columns="riga_file")


def popolazione_ambiti(mappa: pd.DataFrame | str | Path | None = None) -> pd.DataFrame:
    """Residenti e numero di comuni per Ambito (secondo la mappatura indicata o quella distribuita).

    >>> p = popolazione_ambiti()
    >>> int(p["popolazione"].sum()), len(p)
    (3926931, 45)
    """
    mappa = mappatura(mappa) if not isinstance(mappa, pd.DataFrame) else valida_mappatura(mappa)
    unione = mappa[["codice_istat", "codice_ambito"]].merge(
        comuni()[["codice_istat", "popolazione"]], on="codice_istat")
    per_ambito = unione.groupby("codice_ambito").agg(
        n_comuni=("codice_istat", "size"), popolazione=("popolazione", "sum")).reset_index()
    info = ambiti()[["codice_ambito", "ambito", "sigla_provincia", "comune_capofila"]]
    return info.merge(per_ambito, on="codice_ambito", how="left").fillna({"n_comuni": 0, "popolazione": 0}).astype(
        {"n_comuni": int, "popolazione": int})


_PREFISSI_AMBITO = re.compile(
    r"^(?:ambito\s+(?:territoriale\s+)?(?:sociale\s+)?(?:n\.?\s*\d+\s+)?(?:di|del|della|dei|delle)?\s*|"
    r"ats\s+(?:di\s+)?|distretto\s+(?:socio\s*sanitario\s+)?(?:di\s+)?)")
_CODICE_AMBITO = re.compile(r"^ats\s*([a-z]{2})\s*(\d{1,2})$")


def _normale(testo) -> str:
    """Minuscolo, senza accenti né apostrofi, spazi singoli: «Patù» e «patu'» diventano «patu»."""
    testo = unicodedata.normalize("NFKD", str(testo)).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", testo).split())


@lru_cache(maxsize=None)
def _voci_ambiti() -> tuple[dict, dict, dict]:
    """Per la ricerca: nomi di Ambito e capofila, comuni membri e codici ISTAT, tutti normalizzati."""
    a = ambiti()
    per_nome = {}
    for col in ("ambito", "comune_capofila"):
        for v, c in zip(a[col], a["codice_ambito"]):
            per_nome[_normale(v)] = c
            per_nome[_normale(_PREFISSI_AMBITO.sub("", _normale(v)))] = c
            for proprio in re.findall(r'"([^"]+)"', str(v)):   # nomi propri: «Alto Tavoliere»
                per_nome[_normale(proprio)] = c
    etichette = a["etichetta_pubblica"].dropna().map(_normale)
    for v, c in zip(etichette, a.loc[etichette.index, "codice_ambito"]):
        if v and (etichette == v).sum() == 1 and v not in per_nome:   # solo le etichette senza ambiguità
            per_nome[v] = c
    membri = _ambito_per_comune().merge(comuni()[["codice_istat"]], on="codice_istat")
    per_comune = {_normale(n): (c, n) for n, c in zip(membri["comune"], membri["codice_ambito"])}
    per_istat = {k: (c, n) for k, c, n in zip(membri["codice_istat"], membri["codice_ambito"], membri["comune"])}
    return per_nome, per_comune, per_istat


def _descrivi(codice: str) -> str:
    riga = ambiti().set_index("codice_ambito").loc[codice]
    return f"{codice} ({riga['ambito']})"


def trova_ambito(nome) -> tuple[str, str | None]:
    """Il codice dell'Ambito indicato da ``nome`` e, se non era già il codice esatto, che cosa si è capito.

    ``nome`` può essere il codice in qualunque forma («ats-ba-01 », «ATS BA 1»), il nome dell'Ambito o
    del comune capofila, anche con «Ambito di…» davanti, il nome di un comune membro, o il codice
    ISTAT di un comune (anche senza lo zero iniziale, come lo scrive Excel). Se non lo riconosce,
    l'errore propone i nomi più vicini.

    >>> trova_ambito("ATS-LE-03")
    ('ATS-LE-03', None)
    >>> trova_ambito("Ambito di Bari")[0], trova_ambito("ambito bari")[0], trova_ambito(" ats-ba-02 ")[0]
    ('ATS-BA-02', 'ATS-BA-02', 'ATS-BA-02')
    >>> trova_ambito("Tricase")
    ('ATS-LE-03', "«Tricase» è un comune dell'Ambito ATS-LE-03 (Ambito territoriale di Gagliano del Capo)")
    >>> trova_ambito("75088")[1]
    "«75088» sembra il codice ISTAT 075088 (Tricase) senza lo zero iniziale: l'ho letto come l'Ambito ATS-LE-03 (Ambito territoriale di Gagliano del Capo)"
    """
    if nome is None or (isinstance(nome, float) and pd.isna(nome)):
        raise ErroreCorso("Manca l'Ambito: scrivi il codice (ad esempio ATS-LE-03) o il nome del comune capofila.")
    a = ambiti()
    testo = str(nome).strip()
    if testo in set(a["codice_ambito"]):
        return testo, None
    per_nome, per_comune, per_istat = _voci_ambiti()
    chiave = _normale(testo)
    codice = _CODICE_AMBITO.match(chiave)
    if codice:
        candidato = f"ATS-{codice.group(1).upper()}-{int(codice.group(2)):02d}"
        if candidato in set(a["codice_ambito"]):
            return candidato, f"«{testo}» letto come {_descrivi(candidato)}"
    cifre = re.sub(r"\D", "", testo)
    if testo.replace(" ", "").isdigit() and len(cifre) in (5, 6):
        istat = cifre.zfill(6)
        if istat in per_istat:
            c, comune = per_istat[istat]
            if len(cifre) == 5:
                return c, (f"«{testo}» sembra il codice ISTAT {istat} ({comune}) senza lo zero iniziale: "
                           f"l'ho letto come l'Ambito {_descrivi(c)}")
            return c, f"«{testo}» è il codice ISTAT di {comune}, un comune dell'Ambito {_descrivi(c)}"
    for forma in (chiave, _normale(_PREFISSI_AMBITO.sub("", chiave))):
        if forma in per_nome:
            c = per_nome[forma]
            return c, f"«{testo}» letto come {_descrivi(c)}"
        if forma in per_comune:
            c, comune = per_comune[forma]
            return c, f"«{testo}» è un comune dell'Ambito {_descrivi(c)}"
    nomi = list(a["comune_capofila"]) + list(a["ambito"]) + list(a["codice_ambito"]) + list(comuni()["comune"])
    vicini = nomi_vicini(_PREFISSI_AMBITO.sub("", chiave) or testo, nomi) or nomi_vicini(testo, nomi)
    forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
    raise ErroreCorso(f"Ambito sconosciuto: {nome!r}.{forse} Scrivi il codice (ad esempio ATS-LE-03) o il nome "
                      "del comune capofila; l'elenco è in course.territorio.ambiti().")


def codice_ambito(nome, *, con_nota: bool = True) -> str:
    """Il codice dell'Ambito dato il codice (in qualunque forma), il nome, il capofila o un comune membro.

    Quando ``nome`` non è già il codice esatto, una nota dice che cosa si è capito (``con_nota=False`` la
    tace). Un nome sconosciuto è un errore con i nomi più vicini. Vedi :func:`trova_ambito`.

    >>> codice_ambito("Gagliano del Capo", con_nota=False)
    'ATS-LE-03'
    >>> codice_ambito("Galiano del Capo")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Ambito sconosciuto: 'Galiano del Capo'. Forse intendevi: Gagliano del Capo, Castrignano del Capo. Scrivi il codice (ad esempio ATS-LE-03) o il nome del comune capofila; l'elenco è in course.territorio.ambiti().
    """
    codice, capito = trova_ambito(nome)
    if capito and con_nota:
        nota(capito + ".", livello=3)
    return codice


def codici_ambito(valori: pd.Series, *, tabella: str = "tabella", colonna: str = "codice_ambito",
                  noti=None) -> pd.Series:
    """Una colonna di Ambiti (codici scritti in modi diversi, nomi, capofila) come codici ATS-XX-NN.

    Le celle vuote restano vuote; i valori riconosciuti ma scritti diversamente sono detti in una nota.
    Senza ``noti``, un valore sconosciuto è un errore che lo elenca con i nomi più vicini. Con ``noti``
    (le chiavi valide per chi chiama, ad esempio quelle di una tabella della popolazione) i valori
    già tra i noti restano come sono e quelli che non si riconoscono restano com'erano, perché chi
    chiama li segnali a modo suo.

    >>> codici_ambito(pd.Series(["ATS-BA-01", "ats-ba-01 ", None]), tabella="tabella patti").tolist()
    ['ATS-BA-01', 'ATS-BA-01', None]
    """
    testo = valori.astype("string").str.strip()
    noti = None if noti is None else set(noti)
    distinti = [v for v in pd.unique(testo.dropna()) if v != "" and (noti is None or v not in noti)]
    mappa, capiti, sconosciuti = {}, [], []
    for v in distinti:
        try:
            codice, capito = trova_ambito(v)
        except ErroreCorso as errore:
            sconosciuti.append(str(errore).split(" Scrivi il codice")[0])
            continue
        if noti is not None and codice not in noti:
            continue
        mappa[v] = codice
        if capito:
            capiti.append(capito)
    if sconosciuti and noti is None:
        raise ErroreCorso(f"Nella {tabella}, colonna {colonna}: " + "; ".join(sconosciuti[:5])
                          + (f" e altri {len(sconosciuti) - 5}" if len(sconosciuti) > 5 else "")
                          + ". Correggi i valori (codice come ATS-LE-03 o nome del capofila).")
    if capiti:
        nota(f"Nella {tabella}, colonna {colonna}: " + "; ".join(capiti[:5])
             + (f" e altri {len(capiti) - 5}" if len(capiti) > 5 else "") + ".", livello=3)
    risultato = testo.map(lambda v: mappa.get(v, v), na_action="ignore").astype(object)
    return risultato.where(risultato.notna(), None)


def codice_comune(nome: str) -> str:
    """Il codice ISTAT di un comune pugliese dato il nome (con suggerimenti se sbagliato).

    >>> codice_comune("Tricase")
    '075088'
    """
    c = comuni()
    per_nome = {n.lower(): k for n, k in zip(c["comune"], c["codice_istat"])}
    chiave = str(nome).strip().lower()
    if chiave in per_nome:
        return per_nome[chiave]
    if chiave in set(c["codice_istat"]):
        return chiave
    if chiave.isdigit() and len(chiave) == 5 and chiave.zfill(6) in set(c["codice_istat"]):
        codice = chiave.zfill(6)
        nota(f"«{nome}» sembra il codice ISTAT {codice} ({dict(zip(c['codice_istat'], c['comune']))[codice]}) senza "
             "lo zero iniziale (capita quando Excel legge il codice come un numero): l'ho letto così.", livello=3)
        return codice
    if chiave.isdigit():
        raise ErroreCorso(f"Codice ISTAT sconosciuto: {nome!r}. I codici dei comuni pugliesi hanno 6 cifre e "
                          "cominciano con 07 o 11 (ad esempio 075088 per Tricase); se Excel ha tolto lo zero "
                          "iniziale, scrivi la colonna come testo. L'elenco è in course.territorio.comuni().")
    vicini = nomi_vicini(str(nome), c["comune"])
    forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
    raise ErroreCorso(f"Comune sconosciuto: {nome!r}.{forse} L'elenco è in course.territorio.comuni().")
