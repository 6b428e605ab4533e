"""La ``Correzione``: il taccuino con cui una verifica annota cosa va bene, cosa no e quanti punti dare.

Una verifica riceve la risposta e una ``Correzione`` già intestata; usa i metodi per *leggere* la
risposta (``numero``, ``tabella``, ``testo``, ``logico``, ``dizionario``: non si rompono mai con un
tipo sbagliato, lo annotano come feedback) e per *confrontarla* (``confronta``, ``confronta_scelta``,
``confronta_insieme``, ``controlla``). Ogni criterio ha un ``peso``: i punti finali sono la parte
dei pesi ottenuta, moltiplicata per i punti dell'esercizio (credito parziale).

>>> c = Correzione("0.1", "Quanti Ambiti", massimo=2)
>>> n = c.numero("45", cosa="il numero di Ambiti")
>>> n is None, c.esito().punti
(True, 0.0)
>>> c = Correzione("0.1", "Quanti Ambiti", massimo=2)
>>> c.confronta(c.numero(45.0, cosa="il numero di Ambiti"), 45, cosa="Il numero di Ambiti")
True
>>> c.esito().punti
2.0
"""

from __future__ import annotations

import math
import numbers
import unicodedata
from collections.abc import Iterable, Mapping

from course.verifica.esito import Esito

__all__ = ["Correzione", "normalizza_testo", "descrivi_tipo", "accordo"]


def normalizza_testo(testo) -> str:
    """Testo senza accenti, maiuscole, spazi doppi e punteggiatura finale: per confronti tolleranti.

    >>> normalizza_testo("  Lavoro di Comunità. ")
    'lavoro di comunita'
    """
    s = unicodedata.normalize("NFKD", str(testo))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.lower().split()).strip(" .;:,)(\"'")


def descrivi_tipo(valore) -> str:
    """Come si chiama, in parole semplici, il tipo di un valore.

    >>> descrivi_tipo("45"), descrivi_tipo(None), descrivi_tipo([1, 2])
    ('un testo', 'None (nessuna risposta)', 'un elenco (lista)')
    """
    import pandas as pd

    if valore is None:
        return "None (nessuna risposta)"
    if valore is Ellipsis:
        return "i tre puntini ... (al loro posto va il tuo calcolo)"
    if isinstance(valore, bool):
        return "un valore Vero/Falso"
    if isinstance(valore, str):
        return "un testo"
    if isinstance(valore, numbers.Number):
        return "un numero"
    if isinstance(valore, pd.DataFrame):
        return f"una tabella (DataFrame) di {len(valore)} righe e {valore.shape[1]} colonne"
    if isinstance(valore, pd.Series):
        return f"una colonna (Series) di {len(valore)} valori"
    if isinstance(valore, dict):
        return "un dizionario"
    if isinstance(valore, (list, tuple)):
        return "un elenco (lista)" if isinstance(valore, list) else "un elenco (tupla)"
    if isinstance(valore, (set, frozenset)):
        return "un insieme"
    if callable(valore):
        return "una funzione (forse mancano le parentesi per chiamarla?)"
    return f"un oggetto di tipo {type(valore).__name__}"


_GENERI = {"il": "m", "lo": "m", "un": "m", "uno": "m", "la": "f", "una": "f", "i": "mp", "gli": "mp", "le": "fp"}
_FORME = {"m": ("è", "giusto"), "f": ("è", "giusta"), "mp": ("sono", "giusti"), "fp": ("sono", "giuste")}


def accordo(cosa: str, genere: str | None = None) -> tuple[str, str]:
    """Il verbo e «giusto» accordati con ``cosa`` (dal suo articolo): «La baseline è giusta».

    ``genere`` («m», «f», «mp», «fp») serve quando l'articolo non basta (con «L'» si intende maschile).

    >>> accordo("La baseline"), accordo("I valori"), accordo("Le quote"), accordo("L'età media", "f")
    (('è', 'giusta'), ('sono', 'giusti'), ('sono', 'giuste'), ('è', 'giusta'))
    """
    if genere is None:
        parola = (cosa.split() or [""])[0].lower()
        genere = _GENERI.get(parola, "m")
    return _FORME[genere]


def _scalare(valore):
    """Se ``valore`` è una Series o una tabella con un solo valore, restituisce quel valore."""
    import pandas as pd

    if isinstance(valore, pd.DataFrame) and valore.shape == (1, 1):
        return valore.iat[0, 0]
    if isinstance(valore, pd.Series) and len(valore) == 1:
        return valore.iloc[0]
    if hasattr(valore, "item") and getattr(valore, "ndim", None) == 0:
        return valore.item()
    return valore


def _vicino(a: float, b: float, *, relativa: float, assoluta: float) -> bool:
    return math.isclose(a, b, rel_tol=relativa, abs_tol=assoluta)


class Correzione:
    """Annota i criteri di una verifica e produce l'``Esito``.

    ``bene``/``male`` annotano un criterio riuscito o no (con un ``peso``); ``suggerisci`` propone
    il consiglio: ne resta uno solo, e un consiglio *specifico* (legato a un errore riconosciuto)
    prevale su uno generico.

    >>> c = Correzione("9.9", "Prova", competenze=("C1",))
    >>> c.bene("La tabella ha le colonne giuste.")
    >>> c.male("I valori non tornano.", suggerimento="Ricontrolla il filtro.")
    >>> e = c.esito()
    >>> e.punti, e.suggerimento
    (0.5, 'Ricontrolla il filtro.')
    """

    def __init__(self, codice: str, titolo: str, *, competenze: Iterable[str] = (), massimo: float = 1.0):
        self.codice = codice
        self.titolo = titolo
        self.competenze = tuple(competenze)
        self.massimo = float(massimo)
        self.giusto: list[str] = []
        self.da_rivedere: list[str] = []
        self._suggerimento: str | None = None
        self._specifico = False
        self._peso_totale = 0.0
        self._peso_ottenuto = 0.0

    # --- annotazioni di base -------------------------------------------------------------
    def bene(self, testo: str, *, peso: float = 1.0) -> None:
        """Un criterio riuscito: ``testo`` dice a chi impara che cosa ha fatto bene."""
        self.giusto.append(testo)
        self._peso_totale += peso
        self._peso_ottenuto += peso

    def male(self, testo: str, *, suggerimento: str | None = None, peso: float = 1.0, specifico: bool = False) -> None:
        """Un criterio non riuscito: ``testo`` dice che cosa rivedere, ``suggerimento`` come avvicinarsi."""
        self.da_rivedere.append(testo)
        self._peso_totale += peso
        if suggerimento:
            self.suggerisci(suggerimento, specifico=specifico)

    def parziale(self, quota: float, *, bene: str, male: str, suggerimento: str | None = None, peso: float = 1.0) -> None:
        """Un criterio riuscito in parte (``quota`` tra 0 e 1): annota ``bene`` e, se non completo, ``male``."""
        quota = min(max(float(quota), 0.0), 1.0)
        self._peso_totale += peso
        self._peso_ottenuto += peso * quota
        if quota > 0:
            self.giusto.append(bene)
        if quota < 1:
            self.da_rivedere.append(male)
            if suggerimento:
                self.suggerisci(suggerimento)

    def suggerisci(self, testo: str, *, specifico: bool = False) -> None:
        """Propone il consiglio; tiene il primo, ma uno ``specifico`` sostituisce uno generico."""
        if self._suggerimento is None or (specifico and not self._specifico):
            self._suggerimento = testo
            self._specifico = specifico

    def controlla(self, condizione, *, bene: str, male: str, suggerimento: str | None = None,
                  peso: float = 1.0) -> bool:
        """Annota ``bene`` se ``condizione`` è vera, altrimenti ``male`` (con il suggerimento).

        >>> c = Correzione("9.9", "Prova")
        >>> c.controlla(3 > 2, bene="Giusto.", male="Sbagliato.")
        True
        """
        riuscito = bool(condizione)
        if riuscito:
            self.bene(bene, peso=peso)
        else:
            self.male(male, suggerimento=suggerimento, peso=peso)
        return riuscito

    def esito(self) -> Esito:
        """L'``Esito`` finale, con i punti in proporzione ai pesi dei criteri riusciti."""
        quota = self._peso_ottenuto / self._peso_totale if self._peso_totale else 0.0
        punti = round(self.massimo * quota, 4)
        if not self.giusto and not self.da_rivedere:
            self.da_rivedere.append("Non sono riuscito a valutare la risposta.")
        return Esito(self.codice, self.titolo, punti, self.massimo, self.competenze,
                     list(self.giusto), list(self.da_rivedere), self._suggerimento, mirato=self._specifico)

    # --- lettura della risposta: mai un'eccezione, sempre un feedback ----------------------------
    def _tipo_sbagliato(self, risposta, atteso: str, cosa: str, consiglio: str | None, peso: float) -> None:
        if risposta is None:
            self.male(f"Per {cosa} non c'è ancora una risposta: la variabile vale None.",
                      suggerimento="Scrivi il tuo risultato al posto di None ed esegui di nuovo la cella.",
                      specifico=True, peso=peso)
            return
        consiglio = consiglio or f"Rileggi la consegna: come risposta serve {atteso}."
        self.male(f"Per {cosa} mi aspettavo {atteso}, ma hai dato {descrivi_tipo(risposta)}.",
                  suggerimento=consiglio, specifico=True, peso=peso)

    def numero(self, risposta, *, cosa: str = "la risposta", peso: float = 1.0) -> float | None:
        """La risposta come numero; se non lo è annota il problema e restituisce ``None``.

        Accetta anche una colonna o una tabella con un solo valore.

        >>> c = Correzione("9.9", "Prova")
        >>> c.numero("12", cosa="il totale") is None
        True
        >>> c.da_rivedere[0]
        'Per il totale mi aspettavo un numero, ma hai dato un testo.'
        """
        valore = _scalare(risposta)
        if isinstance(valore, bool) or not isinstance(valore, numbers.Number):
            consiglio = None
            if isinstance(valore, str):
                consiglio = ("Togli le virgolette: un numero in Python si scrive senza, con il punto per i "
                             "decimali (12.5, non \"12,5\").")
            elif valore is Ellipsis:
                consiglio = "Sostituisci i tre puntini ... con il calcolo che manca, poi esegui di nuovo la cella."
            elif (isinstance(valore, tuple) and len(valore) == 2
                  and all(isinstance(v, numbers.Number) for v in valore)):
                consiglio = (f"Hai scritto un numero con la virgola? In Python i decimali si scrivono con il "
                             f"punto: {valore[0]}.{valore[1]}, non {valore[0]},{valore[1]}.")
            elif hasattr(valore, "__len__") and not isinstance(valore, dict):
                consiglio = ("Serve un solo numero: riassumi i valori (ad esempio con .sum()) oppure "
                             "scegli la riga giusta con .loc[...].")
            self._tipo_sbagliato(risposta, "un numero", cosa, consiglio, peso)
            return None
        valore = float(valore.real if isinstance(valore, complex) else valore)
        if math.isnan(valore):
            self.male(f"Per {cosa} il risultato è vuoto (NaN, «non un numero»).",
                      suggerimento="Di solito succede quando un filtro non trova righe o manca un valore: "
                                   "guarda la tabella da cui parti.", specifico=True, peso=peso)
            return None
        return valore

    def testo(self, risposta, *, cosa: str = "la risposta", peso: float = 1.0) -> str | None:
        """La risposta come testo (anche da una colonna con un solo valore), altrimenti ``None``."""
        valore = _scalare(risposta)
        if isinstance(valore, str) and valore.strip():
            return valore
        if isinstance(valore, str):
            self.male(f"Per {cosa} hai dato un testo vuoto.",
                      suggerimento="Scrivi la risposta tra virgolette, ad esempio \"Bari\".", specifico=True, peso=peso)
            return None
        self._tipo_sbagliato(risposta, "un testo tra virgolette", cosa,
                             "Scrivi la risposta tra virgolette, ad esempio \"Bari\".", peso)
        return None

    def logico(self, risposta, *, cosa: str = "la risposta", peso: float = 1.0) -> bool | None:
        """La risposta come Vero/Falso (accetta anche «sì»/«no»), altrimenti ``None``.

        >>> Correzione("9.9", "Prova").logico("Sì", cosa="l'ammissione")
        True
        """
        valore = _scalare(risposta)
        if isinstance(valore, bool) or type(valore).__name__ == "bool_":
            return bool(valore)
        if isinstance(valore, str) and normalizza_testo(valore) in {"si", "vero", "true", "no", "falso", "false"}:
            return normalizza_testo(valore) in {"si", "vero", "true"}
        self._tipo_sbagliato(risposta, "True (vero) oppure False (falso)", cosa,
                             "Scrivi True oppure False, senza virgolette.", peso)
        return None

    def dizionario(self, risposta, *, chiavi: Iterable[str], cosa: str = "la risposta",
                   peso: float = 1.0) -> dict | None:
        """La risposta come dizionario con esattamente le ``chiavi`` (maiuscole e accenti non contano).

        >>> Correzione("9.9", "Prova").dizionario({"red": 1, "ADI": 2}, chiavi=["ReD", "ADI"])
        {'ReD': 1, 'ADI': 2}
        """
        chiavi = list(chiavi)
        esempio = "{" + ", ".join(f'"{k}": ...' for k in chiavi) + "}"
        if not isinstance(risposta, Mapping):
            self._tipo_sbagliato(risposta, f"un dizionario come {esempio}", cosa,
                                 f"Usa le parentesi graffe: {esempio}.", peso)
            return None
        per_nome = {normalizza_testo(k): k for k in chiavi}
        risultato, estranee = {}, []
        for k, v in risposta.items():
            giusta = per_nome.get(normalizza_testo(k))
            if giusta is None:
                estranee.append(str(k))
            else:
                risultato[giusta] = v
        mancanti = [k for k in chiavi if k not in risultato]
        if mancanti or estranee:
            dettagli = []
            if mancanti:
                dettagli.append("mancano le voci " + ", ".join(mancanti))
            if estranee:
                dettagli.append("non mi aspettavo le voci " + ", ".join(estranee))
            self.male(f"Nel dizionario di {cosa} " + "; ".join(dettagli) + ".",
                      suggerimento=f"Il dizionario deve avere la forma {esempio}.", specifico=True, peso=peso)
            return None
        return risultato

    def tabella(self, risposta, *, colonne: Iterable[str] = (), cosa: str = "la tabella", peso: float = 1.0):
        """La risposta come ``DataFrame`` con almeno le ``colonne``; altrimenti ``None``.

        Una Series (ad esempio il risultato di ``groupby(...)[...].sum()``) e una tabella con la
        chiave nell'indice vanno bene: l'indice diventa una colonna.

        >>> import pandas as pd
        >>> s = pd.Series([1, 2], index=pd.Index(["a", "b"], name="codice_ambito"), name="popolazione")
        >>> list(Correzione("9.9", "Prova").tabella(s, colonne=["codice_ambito", "popolazione"]).columns)
        ['codice_ambito', 'popolazione']
        """
        import pandas as pd

        from course.errori import nomi_vicini

        colonne = list(colonne)
        df = risposta
        if isinstance(df, pd.Series):
            df = df.to_frame(df.name if df.name is not None else "valore")
        if not isinstance(df, pd.DataFrame):
            self._tipo_sbagliato(risposta, "una tabella (DataFrame)", cosa,
                                 "Assegna alla variabile la tabella che hai costruito, non un singolo valore.", peso)
            return None
        if any(c not in df.columns for c in colonne) and any(n in colonne for n in df.index.names if n):
            df = df.reset_index()
        mancanti = [c for c in colonne if c not in df.columns]
        if mancanti:
            forse = []
            for m in mancanti:
                vicini = nomi_vicini(m, [str(x) for x in df.columns], quanti=1)
                if vicini:
                    forse.append(f"{vicini[0]} → {m}")
            presenti = ", ".join(str(x) for x in df.columns) or "nessuna"
            consiglio = (f"Rinomina le colonne ({'; '.join(forse)}) con .rename(columns={{...}})." if forse else
                         f"La tabella deve avere le colonne {', '.join(colonne)}.")
            self.male(f"{cosa[:1].upper()}{cosa[1:]}: mancano le colonne {', '.join(mancanti)} (ci sono: {presenti}).",
                      suggerimento=consiglio, specifico=True, peso=peso)
            return None
        return df

    # --- confronti ------------------------------------------------------------------------
    def confronta(self, valore: float | None, atteso: float, *, cosa: str, relativa: float = 0.005,
                  assoluta: float = 1e-9, percentuale: bool = False,
                  errori_tipici: Iterable[tuple[float, str]] = (), suggerimento: str | None = None,
                  peso: float = 1.0, genere: str | None = None) -> bool:
        """Confronta un numero con quello atteso, con tolleranza, riconoscendo gli errori tipici.

        ``percentuale=True``: ``atteso`` è una quota (0,35) e va bene anche scritta come
        percentuale (35). ``errori_tipici``: coppie (valore sbagliato prevedibile, consiglio
        mirato). Con ``valore=None`` (risposta già segnalata come illeggibile) non fa nulla. Il
        riscontro si accorda con ``cosa`` («La baseline è giusta»; ``genere`` se l'articolo non basta).

        >>> c = Correzione("9.9", "Prova")
        >>> c.confronta(35, 0.35, cosa="La quota", percentuale=True)
        True
        >>> c.confronta(12, 10, cosa="Il totale", errori_tipici=[(12, "Hai contato anche la riga Totale.")])
        False
        >>> c.esito().suggerimento
        'Hai contato anche la riga Totale.'
        """
        if valore is None:
            return False
        candidati = [valore] + ([valore / 100] if percentuale else [])
        verbo, giusto = accordo(cosa, genere)
        if any(_vicino(v, atteso, relativa=relativa, assoluta=assoluta) for v in candidati):
            self.bene(f"{cosa} {verbo} {giusto}.", peso=peso)
            return True
        for sbagliato, consiglio in errori_tipici:
            try:
                sbagliato = float(sbagliato)
            except (TypeError, ValueError):
                continue
            if any(_vicino(v, sbagliato, relativa=relativa, assoluta=assoluta) for v in candidati):
                self.male(f"{cosa} non {verbo} ancora {giusto}.", suggerimento=consiglio, peso=peso, specifico=True)
                return False
        confrontabile = valore / 100 if percentuale and abs(valore) > 1.5 >= abs(atteso) else valore
        verso = "troppo alto" if confrontabile > atteso else "troppo basso"
        self.male(f"{cosa} non {verbo} ancora {giusto} (il tuo valore è {verso}).", suggerimento=suggerimento,
                  peso=peso)
        return False

    def confronta_scelta(self, risposta, atteso: str, *, scelte: Iterable[str], cosa: str,
                         errori_tipici: Mapping[str, str] | None = None, suggerimento: str | None = None,
                         peso: float = 1.0, genere: str | None = None) -> bool:
        """Una domanda a scelta: ``risposta`` deve essere una delle ``scelte`` e coincidere con ``atteso``.

        Maiuscole, accenti e spazi non contano; ``errori_tipici`` associa una scelta sbagliata al
        consiglio mirato.

        >>> c = Correzione("9.9", "Prova")
        >>> c.confronta_scelta("B", "b", scelte="abc", cosa="La risposta")
        True
        """
        testo = self.testo(risposta, cosa=cosa[:1].lower() + cosa[1:], peso=peso)
        if testo is None:
            return False
        per_nome = {normalizza_testo(s): s for s in scelte}
        scelta = per_nome.get(normalizza_testo(testo))
        if scelta is None:
            self.male(f"{cosa}: «{testo}» non è tra le scelte possibili ({', '.join(per_nome.values())}).",
                      suggerimento="Scrivi solo una delle scelte proposte, tra virgolette.", specifico=True, peso=peso)
            return False
        verbo, giusto = accordo(cosa, genere)
        if normalizza_testo(scelta) == normalizza_testo(atteso):
            self.bene(f"{cosa} {verbo} {giusto}.", peso=peso)
            return True
        mirati = {normalizza_testo(k): v for k, v in (errori_tipici or {}).items()}
        consiglio = mirati.get(normalizza_testo(scelta))
        quella = {"giusto": "quello", "giusta": "quella", "giusti": "quelli", "giuste": "quelle"}[giusto]
        self.male(f"{cosa} non {verbo} {quella} {giusto}.", suggerimento=consiglio or suggerimento, peso=peso,
                  specifico=consiglio is not None)
        return False

    def confronta_insieme(self, risposta, attesi: Iterable, *, cosa: str, suggerimento: str | None = None,
                          peso: float = 1.0, normalizza=normalizza_testo) -> float | None:
        """Un elenco di voci da trovare (codici, colonne, righe): credito in proporzione a quelle giuste.

        La quota è voci giuste / (voci attese + voci in più). Restituisce la quota o ``None`` se la
        risposta non è un elenco.

        >>> c = Correzione("9.9", "Prova")
        >>> c.confronta_insieme(["isee", "età"], ["isee", "eta", "componenti"], cosa="colonne con problemi")
        0.6666666666666666
        """
        import pandas as pd

        if isinstance(risposta, (pd.Series, pd.Index)):
            risposta = risposta.tolist()
        if isinstance(risposta, str) or not isinstance(risposta, Iterable) or isinstance(risposta, Mapping):
            self._tipo_sbagliato(risposta, "un elenco, ad esempio [\"a\", \"b\"]", cosa,
                                 "Metti le voci tra parentesi quadre, separate da virgole: [\"a\", \"b\"].", peso)
            return None
        attesi_n = {normalizza(a): a for a in attesi}
        dati_n = {normalizza(r): r for r in risposta}
        trovati = [attesi_n[k] for k in attesi_n if k in dati_n]
        mancanti = [attesi_n[k] for k in attesi_n if k not in dati_n]
        in_piu = [dati_n[k] for k in dati_n if k not in attesi_n]
        quota = len(trovati) / (len(attesi_n) + len(in_piu)) if attesi_n or in_piu else 1.0
        dettagli = []
        if mancanti:
            dettagli.append(f"ne {'manca' if len(mancanti) == 1 else 'mancano'} {len(mancanti)}")
        if in_piu:
            dettagli.append(f"{len(in_piu)} non {'va' if len(in_piu) == 1 else 'vanno'} nell'elenco "
                            f"({', '.join(str(x) for x in in_piu[:5])})")
        giuste = "1 voce giusta" if len(trovati) == 1 else f"{len(trovati)} voci giuste"
        self.parziale(quota, bene=f"Elenco di {cosa}: {giuste} su {len(attesi_n)}.",
                      male=f"Elenco di {cosa}: " + " e ".join(dettagli) + "." if dettagli else "",
                      suggerimento=suggerimento, peso=peso)
        return quota
