"""Protezione dei dati personali: pseudonimi con chiave segreta, identificativi diretti e quasi-identificativi.

Uno **pseudonimo** sostituisce il codice fiscale con un codice che non lo rivela, ma resta lo stesso per
la stessa persona: così due file pseudonimizzati con la stessa chiave si possono ancora collegare.
Senza chiave segreta (un semplice «hash» del codice fiscale) chiunque potrebbe ricalcolare lo
pseudonimo partendo da un codice fiscale noto: per questo la chiave è obbligatoria.

Lo pseudonimo però **non basta**. I **quasi-identificativi** (comune, ISEE, numero di componenti, età…)
non nominano nessuno, ma messi insieme possono indicare una sola persona: in un piccolo comune, «il nucleo
di 5 persone con ISEE di 3.412,17 €» è riconoscibile da chiunque lo conosca. Prima di condividere una
tabella si guarda il **gruppo più piccolo** (il *k* della k-anonimità): quante persone hanno la stessa
combinazione di quasi-identificativi. Se qualche gruppo è più piccolo della soglia
``parametro("k_anonimato_minimo")`` (una convenzione del corso: la fonte è nella tabella dei
parametri), la tabella non è condivisibile finché non la si **minimizza**: si tolgono le colonne che
non servono a chi la riceve e si rendono meno precise quelle che servono (fasce di ISEE, classi di
componenti, Ambito al posto del comune). Le funzioni:

- :func:`quasi_identificativi`, :func:`gruppo_minimo`, :func:`gruppi_piccoli`;
- :func:`controlla_condivisione`: il giudizio completo, con i suggerimenti (il solo che dica
  «pseudonimizzata e condivisibile»);
- :func:`fasce_isee`, :func:`classi_componenti`, :func:`comune_in_ambito`, :func:`generalizza`: per
  rendere meno precisi i quasi-identificativi.

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
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from course import formato
from course.errori import ErroreCorso, controlla_colonne
from course.parametri import parametro, voce

__all__ = ["pseudonimizza", "pseudonimo", "identificativi_diretti", "FORMA_CODICE_FISCALE", "quasi_identificativi",
           "gruppo_minimo", "gruppi_piccoli", "Condivisione", "controlla_condivisione", "fasce_isee",
           "classi_componenti", "comune_in_ambito", "generalizza"]

#: La forma di un codice fiscale (16 caratteri: 6 lettere, 2 cifre, lettera, 2 cifre, lettera, 3 cifre, lettera).
FORMA_CODICE_FISCALE = r"^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$"

# Nomi di colonna che indicano un dato che identifica direttamente una persona.
_NOMI_IDENTIFICATIVI = re.compile(
    r"(^|_)(nome|cognome|codice_fiscale|cod_fiscale|cf|indirizzo|telefono|cellulare|email|e_mail|pec|iban)($|_)"
)
_CHIAVE_MINIMA = 12
# Nomi di colonna dei quasi-identificativi: dati che da soli non nominano nessuno, ma insieme sì.
_NOMI_QUASI = re.compile(
    r"(^|_)(comune|codice_istat|istat|cap|localita|frazione|codice_ambito|ambito|provincia|isee|reddito|"
    r"componenti|numero_componenti|eta|anni|anno_nascita|data_nascita|nascita|sesso|genere|cittadinanza|"
    r"nazionalita|stato_civile|titolo_studio|professione|occupazione)($|_)"
)
# Le fasce ISEE e le classi di componenti predefinite (convenzione del corso, si possono cambiare).
FASCE_ISEE = (3000, 6000, 9000, 12000)
CLASSI_COMPONENTI = ((1, 1), (2, 2), (3, 4), (5, None))


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


def _nome_semplice(colonna) -> str:
    testo = str(colonna).lower()
    for accentata, semplice in zip("àèéìòù", "aeeiou"):
        testo = testo.replace(accentata, semplice)
    return re.sub(r"[^a-z0-9]+", "_", testo).strip("_")


def quasi_identificativi(df: pd.DataFrame) -> list[str]:
    """Le colonne che, combinate, possono indicare una persona: comune, ISEE, componenti, età, sesso, Ambito…

    Le riconosce dal nome; se ne conosci altre (ad esempio una scuola), passale a mano alle altre funzioni.

    >>> df = pd.DataFrame({"pseudonimo": ["PS-1"], "Comune": ["Bari"], "isee": [3000.5], "ore": [10]})
    >>> quasi_identificativi(df)
    ['Comune', 'isee']
    """
    if not isinstance(df, pd.DataFrame):
        raise ErroreCorso(f"Mi serve una tabella pandas (DataFrame), non {type(df).__name__}.")
    return [c for c in df.columns if _NOMI_QUASI.search(_nome_semplice(c))]


def _persona(df: pd.DataFrame, persona):
    """La colonna che dice chi è la persona (una persona può stare su più righe), o None per contare le righe."""
    if persona is None:
        return next((c for c in ("pseudonimo", "id_persona", "id_nucleo") if c in df.columns), None)
    controlla_colonne(df, [persona], tabella="da condividere")
    return persona


def _quasi(df, quasi):
    if quasi is None:
        return quasi_identificativi(df)
    quasi = [quasi] if isinstance(quasi, str) else list(quasi)
    controlla_colonne(df, quasi, tabella="da condividere")
    return quasi


def _gruppi(df: pd.DataFrame, quasi: list[str], persona) -> pd.DataFrame:
    """Per ogni combinazione di quasi-identificativi, quante persone distinte (o righe) ci sono."""
    chiavi = df[quasi].astype("string").fillna("(vuoto)")
    if persona is None:
        conti = chiavi.value_counts(sort=False)
    else:
        conti = chiavi.assign(_persona=df[persona].astype("string")).drop_duplicates().groupby(
            quasi, observed=True, dropna=False).size()
    return conti.rename("persone").reset_index()


def gruppo_minimo(df: pd.DataFrame, quasi=None, *, persona: str | None = None) -> int:
    """Il *k* della tabella: le persone del gruppo più piccolo con gli stessi quasi-identificativi.

    ``quasi``: le colonne da considerare (se non indicate, :func:`quasi_identificativi`); ``persona``: la
    colonna che identifica la persona (di solito ``pseudonimo``, trovata da sola), così chi compare su
    più righe conta una volta. Senza quasi-identificativi tutti stanno in un solo gruppo.

    >>> df = pd.DataFrame({"pseudonimo": ["A", "A", "B", "C"], "comune": ["Bari", "Bari", "Bari", "Lecce"]})
    >>> gruppo_minimo(df)
    1
    >>> gruppo_minimo(df.drop(columns="comune"))
    3
    """
    quasi = _quasi(df, quasi)
    persona = _persona(df, persona)
    if df.empty:
        return 0
    if not quasi:
        return int(df[persona].nunique()) if persona else len(df)
    return int(_gruppi(df, quasi, persona)["persone"].min())


def gruppi_piccoli(df: pd.DataFrame, quasi=None, *, soglia: int | None = None, persona: str | None = None):
    """Le combinazioni di quasi-identificativi con meno di ``soglia`` persone (di norma il parametro del corso).

    >>> df = pd.DataFrame({"pseudonimo": list("ABCDEF"), "comune": ["Bari"] * 5 + ["Lecce"]})
    >>> gruppi_piccoli(df).to_dict("records")
    [{'comune': 'Lecce', 'persone': 1}]
    """
    soglia = parametro("k_anonimato_minimo") if soglia is None else soglia
    quasi = _quasi(df, quasi)
    if not quasi:
        return pd.DataFrame(columns=["persone"])
    g = _gruppi(df, quasi, _persona(df, persona))
    return g[g["persone"] < soglia].sort_values(["persone", *quasi], ignore_index=True)


def _suggerimenti(df: pd.DataFrame, quasi: list[str], persona, soglia) -> list[str]:
    """Un consiglio per ogni quasi-identificativo, dal più utile: quante persone resterebbero in gruppi piccoli senza."""
    consigli = []
    for colonna in quasi:
        nome = _nome_semplice(colonna)
        altri = [q for q in quasi if q != colonna]
        senza = int(gruppi_piccoli(df, altri, soglia=soglia, persona=persona)["persone"].sum()) if altri else 0
        effetto = f". Senza questa colonna, le persone in gruppi piccoli sarebbero {senza}"
        numerica = pd.api.types.is_numeric_dtype(df[colonna])
        if re.search(r"(^|_)(isee|reddito|componenti|eta|anni)($|_)", nome) and not numerica:
            testo = "è già in fasce o classi, ma i gruppi restano piccoli: se non serve a chi riceve la tabella, toglila"
        elif re.search(r"(^|_)(isee|reddito)($|_)", nome):
            testo = ("serve a chi riceve la tabella? Se no toglila; se sì, usa le fasce (privacy.fasce_isee) invece "
                     "dell'importo al centesimo")
        elif re.search(r"componenti", nome):
            testo = "se non serve toglila; se serve, usa le classi 1, 2, 3-4, 5 o più (privacy.classi_componenti)"
        elif re.search(r"(^|_)(comune|codice_istat|istat|cap|localita|frazione)($|_)", nome):
            testo = ("al posto del comune basta quasi sempre l'Ambito (privacy.comune_in_ambito), che raccoglie "
                     "molte più persone")
        elif re.search(r"(^|_)(codice_ambito|ambito|provincia)($|_)", nome):
            testo = "è già una zona ampia: toglila solo se a chi riceve la tabella non serve"
        elif re.search(r"(^|_)(eta|anni|anno_nascita|data_nascita|nascita)($|_)", nome):
            testo = "usa classi di età di 10 anni, o toglila se non serve"
        else:
            testo = "se non serve a chi riceve la tabella, toglila"
        consigli.append((senza, f"«{colonna}»: {testo}{effetto}."))
    return [testo for _, testo in sorted(consigli, key=lambda c: c[0])]


@dataclass(frozen=True)
class Condivisione:
    """Il giudizio su una tabella prima di condividerla: che cosa identifica, quanto è piccolo il gruppo minimo.

    ``condivisibile`` è vero solo se non restano identificativi diretti e il gruppo minimo ``k`` arriva
    alla ``soglia``; ``suggerimenti`` dice come minimizzare.
    """

    identificativi_diretti: list[str]
    quasi_identificativi: list[str]
    k: int
    soglia: int
    fonte_soglia: str
    persone: int
    persone_in_gruppi_piccoli: int
    suggerimenti: list[str] = field(default_factory=list)

    @property
    def condivisibile(self) -> bool:
        """Vero se la tabella è pseudonimizzata e nessun gruppo è più piccolo della soglia."""
        return not self.identificativi_diretti and self.k >= self.soglia

    @property
    def giudizio(self) -> str:
        """Una frase: «pseudonimizzata e condivisibile» oppure perché non lo è."""
        if self.identificativi_diretti:
            return ("non condivisibile: restano dati che identificano direttamente le persone ("
                    + ", ".join(map(str, self.identificativi_diretti)) + ")")
        if self.k < self.soglia:
            n = self.persone_in_gruppi_piccoli
            chi = f"1 persona su {self.persone} sta" if n == 1 else f"{n} persone su {self.persone} stanno"
            return (f"non ancora condivisibile: {chi} in gruppi di meno di {self.soglia} persone con gli stessi "
                    f"quasi-identificativi, quindi {'è riconoscibile da chi la' if n == 1 else 'sono riconoscibili da chi le'} "
                    f"conosce (il gruppo più piccolo ha {self.k} {'persona' if self.k == 1 else 'persone'})")
        return "pseudonimizzata e condivisibile"

    def __str__(self) -> str:
        righe = [f"Giudizio: {self.giudizio}."]
        righe.append("Identificativi diretti: " + (", ".join(map(str, self.identificativi_diretti)) or "nessuno") + ".")
        righe.append("Quasi-identificativi: " + (", ".join(map(str, self.quasi_identificativi)) or "nessuno") + ".")
        righe.append(f"Gruppo più piccolo (k): {self.k} su {self.persone} persone; soglia {self.soglia} "
                     f"(fonte: {self.fonte_soglia}).")
        if not self.condivisibile and self.suggerimenti:
            righe.append("Per minimizzare:")
            righe += [f"  - {s}" for s in self.suggerimenti]
        return "\n".join(righe)


def controlla_condivisione(df: pd.DataFrame, *, quasi=None, persona: str | None = None,
                           soglia: int | None = None) -> Condivisione:
    """Prima di condividere una tabella: identificativi diretti, quasi-identificativi, gruppo minimo e giudizio.

    Dice «pseudonimizzata e condivisibile» solo se non restano identificativi diretti e ogni combinazione di
    quasi-identificativi riguarda almeno ``soglia`` persone (di norma ``parametro("k_anonimato_minimo")``,
    una convenzione del corso con la sua fonte nella tabella dei parametri). Altrimenti spiega perché e
    come minimizzare.

    >>> df = pd.DataFrame({"pseudonimo": list("ABCDEF"), "comune": ["Bari"] * 5 + ["Lecce"], "ore": 10})
    >>> controlla_condivisione(df).giudizio
    'non ancora condivisibile: 1 persona su 6 sta in gruppi di meno di 5 persone con gli stessi quasi-identificativi, quindi è riconoscibile da chi la conosce (il gruppo più piccolo ha 1 persona)'
    >>> controlla_condivisione(df.drop(columns="comune")).giudizio
    'pseudonimizzata e condivisibile'
    """
    diretti = identificativi_diretti(df)
    quasi = _quasi(df, quasi)
    persona = _persona(df, persona)
    if soglia is None:
        soglia, fonte = parametro("k_anonimato_minimo"), voce("k_anonimato_minimo").fonte
    else:
        fonte = "scelta da chi ha chiamato la funzione"
    k = gruppo_minimo(df, quasi, persona=persona)
    piccoli = gruppi_piccoli(df, quasi, soglia=soglia, persona=persona)
    persone = int(df[persona].nunique()) if persona else len(df)
    return Condivisione(diretti, quasi, k, int(soglia), fonte, persone, int(piccoli["persone"].sum()),
                        _suggerimenti(df, quasi, persona, soglia) if k < soglia else [])


def fasce_isee(serie: pd.Series, *, limiti=FASCE_ISEE) -> pd.Series:
    """L'ISEE in fasce («fino a 3.000 €», «da 3.000 a 6.000 €», …, «oltre 12.000 €»): i limiti sono una scelta del corso.

    >>> fasce_isee(pd.Series([2500.5, 3000, 3000.01, 7100.2, 25000, None])).tolist()
    ['fino a 3.000 €', 'fino a 3.000 €', 'da 3.000 a 6.000 €', 'da 6.000 a 9.000 €', 'oltre 12.000 €', nan]
    """
    limiti = sorted(limiti)
    valori = pd.to_numeric(serie, errors="coerce")
    etichette = ([f"fino a {formato.euro(limiti[0], decimali=0)}"]
                 + [f"da {formato.numero(a, decimali=0)} a {formato.euro(b, decimali=0)}" for a, b in zip(limiti, limiti[1:])]
                 + [f"oltre {formato.euro(limiti[-1], decimali=0)}"])
    indice = np.searchsorted(limiti, valori.to_numpy(float), side="left")  # 3.000 € esatti: «fino a 3.000 €»
    risultato = pd.Series(np.array(etichette, dtype=object)[np.minimum(indice, len(etichette) - 1)], index=serie.index)
    return risultato.where(valori.notna(), np.nan)


def classi_componenti(serie: pd.Series) -> pd.Series:
    """Il numero di componenti del nucleo in classi: «1», «2», «3-4», «5 o più».

    >>> classi_componenti(pd.Series([1, 2, 3, 4, 6])).tolist()
    ['1', '2', '3-4', '3-4', '5 o più']
    """
    valori = pd.to_numeric(serie, errors="coerce")
    scelte, etichette = [], []
    for basso, alto in CLASSI_COMPONENTI:
        scelte.append((valori >= basso) & (valori <= alto) if alto is not None else valori >= basso)
        etichette.append(str(basso) if basso == alto else (f"{basso}-{alto}" if alto else f"{basso} o più"))
    return pd.Series(np.select(scelte, etichette, default=None), index=serie.index).where(valori.notna(), np.nan)


def comune_in_ambito(df: pd.DataFrame, colonna: str = "comune", *, nome: str = "codice_ambito") -> pd.DataFrame:
    """Sostituisce il comune (nome o codice ISTAT) con il codice del suo Ambito, secondo la mappatura del corso.

    >>> comune_in_ambito(pd.DataFrame({"comune": ["Tricase", "Bari"], "ore": [3, 4]}))
    ... # doctest: +NORMALIZE_WHITESPACE
      codice_ambito  ore
    0     ATS-LE-03    3
    1     ATS-BA-02    4
    """
    from course import territorio

    controlla_colonne(df, [colonna], tabella="da generalizzare")
    valori = df[colonna].astype("string").str.strip()
    codici = {v: territorio.codice_comune(v) for v in valori.dropna().unique()}
    per_comune = territorio.mappatura().set_index("codice_istat")["codice_ambito"]
    ambiti = valori.map(codici).map(per_comune)
    risultato = df.drop(columns=[colonna] + ([nome] if nome in df.columns and nome != colonna else []))
    posizione = list(df.columns).index(colonna)
    posizione -= sum(1 for c in list(df.columns)[:posizione] if c == nome)
    risultato.insert(posizione, nome, ambiti.astype("string"))
    return risultato


def generalizza(df: pd.DataFrame, *, isee: str | None = "isee", componenti: str | None = "componenti",
                comune: str | None = "comune") -> pd.DataFrame:
    """Rende meno precisi i quasi-identificativi più comuni: ISEE in fasce, componenti in classi, comune → Ambito.

    Una colonna indicata con ``None`` (o assente dalla tabella) resta com'è. Ricorda: prima di generalizzare,
    **togli** le colonne che a chi riceve la tabella non servono.

    >>> df = pd.DataFrame({"pseudonimo": ["A"], "comune": ["Tricase"], "componenti": [4], "isee": [5120.4]})
    >>> generalizza(df).iloc[0].tolist()
    ['A', 'ATS-LE-03', '3-4', 'da 3.000 a 6.000 €']
    """
    risultato = df.copy()
    if isee and isee in risultato.columns:
        risultato[isee] = fasce_isee(risultato[isee])
    if componenti and componenti in risultato.columns:
        risultato[componenti] = classi_componenti(risultato[componenti])
    if comune and comune in risultato.columns:
        risultato = comune_in_ambito(risultato, comune)
    return risultato
