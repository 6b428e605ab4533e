"""Protezione dei dati personali: pseudonimi con chiave segreta e ricerca degli identificativi diretti.

Uno **pseudonimo** sostituisce il codice fiscale con un codice che non lo rivela, ma resta lo stesso per
la stessa persona: così due file pseudonimizzati con la stessa chiave si possono ancora collegare.
Senza chiave segreta (un semplice «hash» del codice fiscale) chiunque potrebbe ricalcolare lo
pseudonimo partendo da un codice fiscale noto: per questo la chiave è obbligatoria.

>>> import pandas as pd
>>> df = pd.DataFrame({"codice_fiscale": ["AAABBB80A01C123X", "AAABBB80A01C123X"], "ore": [10, 12]})
>>> p = pseudonimizza(df, "codice_fiscale", chiave="chiave-segreta-dell-ambito")
>>> list(p.columns), p["pseudonimo"].nunique()
(['pseudonimo', 'ore'], 1)
"""

from __future__ import annotations

import hashlib
import hmac
import re

import pandas as pd

from course.errori import ErroreCorso, controlla_colonne

__all__ = ["pseudonimizza", "pseudonimo", "identificativi_diretti", "FORMA_CODICE_FISCALE"]

#: La forma di un codice fiscale (16 caratteri: 6 lettere, 2 cifre, lettera, 2 cifre, lettera, 3 cifre, lettera).
FORMA_CODICE_FISCALE = r"^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$"

# Nomi di colonna che indicano un dato che identifica direttamente una persona.
_NOMI_IDENTIFICATIVI = re.compile(
    r"(^|_)(nome|cognome|codice_fiscale|cod_fiscale|cf|indirizzo|telefono|cellulare|email|e_mail|pec|iban)($|_)"
)
_CHIAVE_MINIMA = 12


def _controlla_chiave(chiave) -> str:
    if not isinstance(chiave, str) or len(chiave) < _CHIAVE_MINIMA:
        raise ErroreCorso(
            f"La chiave segreta deve essere un testo di almeno {_CHIAVE_MINIMA} caratteri (una frase lunga va bene). "
            "Conservala solo nell'Ufficio di Piano: chi la conosce può ricollegare gli pseudonimi alle persone."
        )
    return chiave


def pseudonimo(valore, *, chiave: str, prefisso: str = "PS-", lunghezza: int = 10) -> str:
    """Lo pseudonimo di un singolo valore (HMAC-SHA256 con la ``chiave``): stesso valore, stesso pseudonimo.

    Maiuscole e spazi intorno al valore non contano.

    >>> pseudonimo("aaabbb80a01c123x ", chiave="una chiave lunga") == pseudonimo("AAABBB80A01C123X", chiave="una chiave lunga")
    True
    >>> pseudonimo("AAABBB80A01C123X", chiave="una chiave lunga")[:3]
    'PS-'
    """
    chiave = _controlla_chiave(chiave)
    testo = str(valore).strip().upper().encode("utf-8")
    return prefisso + hmac.new(chiave.encode("utf-8"), testo, hashlib.sha256).hexdigest()[:lunghezza].upper()


def pseudonimizza(df: pd.DataFrame, colonna: str = "codice_fiscale", *, chiave: str, nome: str = "pseudonimo",
                  togli: list[str] | None = None) -> pd.DataFrame:
    """Sostituisce ``colonna`` con uno pseudonimo e toglie gli altri identificativi diretti.

    ``togli``: le colonne da eliminare; se non indicate, quelle che ``identificativi_diretti`` riconosce
    (nome, cognome, indirizzo, telefono, …). La colonna ``nome`` con lo pseudonimo va al primo posto.
    Un valore mancante resta mancante.

    >>> df = pd.DataFrame({"cognome": ["Rossi"], "codice_fiscale": ["AAABBB80A01C123X"], "comune": ["Bari"]})
    >>> list(pseudonimizza(df, chiave="una chiave lunga").columns)
    ['pseudonimo', 'comune']
    """
    controlla_colonne(df, [colonna], tabella="da pseudonimizzare")
    chiave = _controlla_chiave(chiave)
    togli = identificativi_diretti(df) if togli is None else list(togli)
    controlla_colonne(df, togli, tabella="da pseudonimizzare")
    valori = df[colonna]
    unici = valori.dropna().astype(str).unique()
    mappa = {v: pseudonimo(v, chiave=chiave) for v in unici}
    risultato = df.drop(columns=sorted(set(togli) | {colonna}))
    risultato.insert(0, nome, valori.astype("string").map(mappa).astype("string"))
    return risultato


def identificativi_diretti(df: pd.DataFrame) -> list[str]:
    """Le colonne che identificano direttamente una persona: per nome (nome, cognome, telefono…) o per contenuto.

    Una colonna di testo in cui compaiono codici fiscali viene segnalata qualunque sia il suo nome.

    >>> df = pd.DataFrame({"Cognome": ["Rossi"], "rif": ["AAABBB80A01C123X"], "ore": [3]})
    >>> identificativi_diretti(df)
    ['Cognome', 'rif']
    """
    if not isinstance(df, pd.DataFrame):
        raise ErroreCorso(f"Mi serve una tabella pandas (DataFrame), non {type(df).__name__}.")
    trovate = []
    for colonna in df.columns:
        nome = re.sub(r"[^a-z0-9]+", "_", str(colonna).lower()).strip("_")
        if _NOMI_IDENTIFICATIVI.search(nome):
            trovate.append(colonna)
            continue
        serie = df[colonna]
        if serie.dtype == object or isinstance(serie.dtype, pd.StringDtype):
            testi = serie.dropna().astype(str).str.strip().str.upper()
            if len(testi) and testi.str.match(FORMA_CODICE_FISCALE).any():
                trovate.append(colonna)
    return trovate
