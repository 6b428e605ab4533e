"""Progettare e calcolare indicatori: la scheda indicatore, il controllo SMART, il calcolo per Ambito o per mese.

Un indicatore si descrive con un :class:`Indicatore` (i campi della *scheda indicatore*) e si calcola
su una tabella con :func:`calcola`. Numeratore e denominatore si scrivono come **brevi espressioni
sulle colonne della tabella**, le stesse che si leggono nello schema dei dati:

- ``"righe"`` (o nessun valore): conta le righe, cioè i casi;
- il **nome di una colonna**: somma i valori (i «sì/no» contano 1 e 0, le caselle vuote non contano);
- una **condizione**: ``"esito == 'concluso'"``, ``"data_sottoscrizione.notna()"``,
  ``"(misura == 'ADI') & (n_revisioni >= 1)"``: conta le righe in cui è vera;
- un **calcolo**: ``"ore_svolte - ore_previste"``; le date valgono come numeri di giorni, quindi
  ``"data_primo_colloquio - data_domanda"`` dà i giorni trascorsi;
- ``@oggi`` è la data di riferimento dei dati e ``@nome_parametro`` una cifra della tabella dei
  parametri, ad esempio ``"@oggi - data_ultima_revisione > @giorni_revisione_percorso"``;
- per i casi difficili, una funzione Python che riceve la tabella e restituisce una colonna.

Il valore è la somma del numeratore diviso la somma del denominatore (per 100 se l'unità è ``%``).

>>> import pandas as pd
>>> patti = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-LE-02"],
...                       "data_sottoscrizione": pd.to_datetime(["2025-01-10", None, "2025-02-01"])})
>>> quota = Indicatore("Quota di Patti sottoscritti", tabella="patti", unita="%",
...                    numeratore="data_sottoscrizione.notna()", denominatore="righe", polarita="crescente")
>>> calcola(quota, patti)[["codice_ambito", "valore"]]
  codice_ambito  valore
0     ATS-BA-01    50.0
1     ATS-LE-02   100.0
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from course.dati.tabelle import POLARITA, TIPI_INDICATORE
from course.errori import ErroreCorso, nomi_vicini

__all__ = [
    "Indicatore", "Rilievo", "TargetLetto", "Scheda", "controlla_smart", "leggi_target", "calcola",
    "valuta_espressione", "data_di_riferimento", "scheda", "leggi_indicatori", "scrivi_indicatori", "ElencoIndicatori",
    "PERIODI", "GRAVITA",
]

GRAVITA = ("grave", "attenzione", "consiglio")
CAMPI_NUMERICI = ("baseline", "target")


# ---------------------------------------------------------------- lettura dei target nel testo

@dataclass(frozen=True)
class TargetLetto:
    """Un valore atteso trovato dentro un testo («almeno 20» → ``>=`` 20).

    >>> t = TargetLetto("non oltre 30 giorni", "<=", 30.0, "giorni")
    >>> str(t), t.polarita
    ('≤ 30 giorni', 'decrescente')
    """

    testo: str
    confronto: str
    valore: float
    unita: str | None = None

    @property
    def polarita(self) -> str | None:
        """La polarità suggerita dal confronto: «almeno» → crescente, «non oltre» → decrescente."""
        return {">=": "crescente", "<=": "decrescente"}.get(self.confronto)

    def __str__(self) -> str:
        simbolo = {">=": "≥", "<=": "≤", "=": "="}[self.confronto]
        numero = f"{self.valore:g}".replace(".", ",")
        return f"{simbolo} {numero}{' ' + self.unita if self.unita else ''}"


_NUMERO = r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-+]?\d+(?:[.,]\d+)?"
# Solo formule che in una descrizione indicano un valore atteso: «entro 60 giorni» o «da oltre 90 giorni»
# di solito fanno parte della definizione («Patti firmati entro 60 giorni»), quindi non si leggono come target.
_CONFRONTI = [  # dal più lungo al più corto: «pari o superiore a» prima di «superiore a»
    (">=", r"non meno di|non inferiore a|pari o superiore a|maggiore o uguale a|almeno|minimo|≥|>="),
    ("<=", r"non oltre|non più di|non superiore a|pari o inferiore a|minore o uguale a|al massimo|massimo|≤|<="),
    (">=", r"superiore a|>"),
    ("<=", r"inferiore a|<"),
    ("=", r"pari a|uguale a|="),
]
_UNITA = [("%", r"%|per ?cento|percentual"), ("giorni", r"giorni|gg\b"), ("mesi", r"mesi"),
          ("ore", r"ore\b"), ("euro", r"euro|€"), ("punti", r"punti")]
_MODELLO_TARGET = re.compile(
    r"(?P<op>" + "|".join(f"(?:{alt})" for _, alt in _CONFRONTI) + r")(?:l\b|ll'|lla\b|llo\b)?\s*"
    r"(?:(?:al|allo|alla|il|lo|la|l'|del|a)\s+)?(?P<num>" + _NUMERO + r")\s*(?P<dopo>[^\d;]{0,25})",
    re.IGNORECASE,
)


def _numero_italiano(testo: str) -> float:
    if "," in testo:
        return float(testo.replace(".", "").replace(",", "."))
    if re.fullmatch(r"[-+]?\d{1,3}(?:\.\d{3})+", testo):
        return float(testo.replace(".", ""))
    return float(testo)


def leggi_target(testo) -> TargetLetto | None:
    """Il valore atteso scritto dentro una descrizione, oppure ``None`` se non ce n'è.

    Riconosce «almeno», «non oltre», «pari a», «entro», «≥», «≤» e simili, i numeri all'italiana
    (1.234,5) e l'unità scritta subito dopo o tra parentesi («(valore in %)»).

    >>> leggi_target("Patti sottoscritti: almeno 20")
    TargetLetto(testo='almeno 20', confronto='>=', valore=20.0, unita=None)
    >>> str(leggi_target("Quota di nuclei raggiunti pari a 20 (valore in %)"))
    '= 20 %'
    >>> str(leggi_target("Tempo medio di attesa non oltre 30 giorni"))
    '≤ 30 giorni'
    >>> str(leggi_target("Copertura ≥ 80%"))
    '≥ 80 %'
    >>> leggi_target("Migliorare la qualità del servizio") is None
    True
    """
    if testo is None or (isinstance(testo, float) and np.isnan(testo)):
        return None
    testo = str(testo)
    trovato = _MODELLO_TARGET.search(testo)
    if trovato is None:
        return None
    op_testo = trovato.group("op").lower()
    confronto = next(c for c, alt in _CONFRONTI if re.fullmatch(alt, op_testo, re.IGNORECASE))
    dopo = trovato.group("dopo").lower()
    resto = dopo + " " + testo[trovato.end():].lower()
    unita = next((u for u, alt in _UNITA if re.match(r"\s*(?:" + alt + ")", dopo)), None)
    if unita is None and re.search(r"\(\s*valore in %\s*\)|in percentuale", resto):
        unita = "%"
    fine = trovato.start("dopo") + (1 if dopo.startswith("%") else 0)
    if unita and unita != "%":
        fine = trovato.start("dopo") + re.match(r"\s*\w+", dopo).end()
    return TargetLetto(testo=testo[trovato.start():fine].strip(), confronto=confronto,
                       valore=_numero_italiano(trovato.group("num")), unita=unita)


# ---------------------------------------------------------------- l'indicatore

def _vuoto(x) -> bool:
    return x is None or (isinstance(x, float) and np.isnan(x)) or (isinstance(x, str) and not x.strip()) \
        or x is pd.NaT or (not isinstance(x, (str, Callable)) and pd.isna(x) is True)


@dataclass
class Indicatore:
    """La scheda di un indicatore: cosa misura, come si calcola, dove si legge, che valore si attende.

    Solo ``nome`` è obbligatorio; gli altri campi si completano man mano (``controlla_smart`` dice
    cosa manca). ``tipo`` è uno tra input, processo, output, risultato, impatto; ``polarita`` è
    «crescente» (più alto è meglio) o «decrescente» (più basso è meglio). ``tabella`` e ``data``
    dicono su quale tabella e con quale colonna di data si calcola (vedi :func:`calcola`).

    >>> i = Indicatore("Giorni medi dalla domanda al primo colloquio", tipo="Processo",
    ...                unita="giorni", polarita="decrescente", target="60", scadenza="31/12/2025")
    >>> i.tipo, i.target, i.scadenza.date()
    ('processo', 60.0, datetime.date(2025, 12, 31))
    >>> Indicatore("Prova", tipo="risultati", polarita="alta")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: L'indicatore «Prova» ha 2 problemi: tipo: valore 'risultati' non ammesso (forse: risultato; ammessi: input, processo, output, risultato, impatto); polarita: valore 'alta' non ammesso (ammessi: crescente, decrescente).
    """

    nome: str
    definizione: str = ""
    numeratore: str | Callable | None = None
    denominatore: str | Callable | None = None
    unita: str = ""
    tipo: str | None = None
    fonte: str = ""
    frequenza: str = ""
    polarita: str | None = None
    baseline: float | None = None
    target: float | None = None
    scadenza: pd.Timestamp | None = None
    responsabile: str = ""
    tabella: str | None = None
    tabella_denominatore: str | None = None
    data: str | None = None
    note: str = ""

    def __post_init__(self):
        problemi = []
        if not isinstance(self.nome, str) or not self.nome.strip():
            raise ErroreCorso("Ogni indicatore ha bisogno di un nome (un testo non vuoto), "
                              f"ma ho ricevuto {self.nome!r}. Scrivi ad esempio Indicatore('Quota di Patti sottoscritti').")
        self.nome = self.nome.strip()
        for campo in ("definizione", "unita", "fonte", "frequenza", "responsabile", "note"):
            valore = getattr(self, campo)
            setattr(self, campo, "" if _vuoto(valore) else str(valore).strip())
        for campo, ammessi in (("tipo", TIPI_INDICATORE), ("polarita", POLARITA)):
            valore = getattr(self, campo)
            if _vuoto(valore):
                setattr(self, campo, None)
                continue
            testo = str(valore).strip().lower()
            if testo in ammessi:
                setattr(self, campo, testo)
            else:
                vicini = nomi_vicini(testo, ammessi, quanti=1)
                forse = f"forse: {vicini[0]}; " if vicini else ""
                problemi.append(f"{campo}: valore {valore!r} non ammesso ({forse}ammessi: {', '.join(ammessi)})")
        for campo in CAMPI_NUMERICI:
            valore = getattr(self, campo)
            if _vuoto(valore):
                setattr(self, campo, None)
                continue
            try:
                setattr(self, campo, _numero_italiano(str(valore).strip().rstrip("%").strip())
                        if isinstance(valore, str) else float(valore))
            except ValueError:
                problemi.append(f"{campo}: {valore!r} non è un numero (scrivi ad esempio 20 oppure 12,5)")
        if _vuoto(self.scadenza):
            self.scadenza = None
        else:
            data = pd.to_datetime(self.scadenza, dayfirst=isinstance(self.scadenza, str)
                                  and not re.match(r"\d{4}-", self.scadenza), errors="coerce")
            if pd.isna(data):
                problemi.append(f"scadenza: {self.scadenza!r} non è una data (scrivi ad esempio 31/12/2025)")
            else:
                self.scadenza = data
        for campo in ("numeratore", "denominatore"):
            valore = getattr(self, campo)
            if _vuoto(valore):
                setattr(self, campo, None)
            elif not (isinstance(valore, str) or callable(valore)):
                problemi.append(f"{campo}: serve un'espressione scritta come testo o una funzione, "
                                f"non {type(valore).__name__}")
            elif isinstance(valore, str):
                setattr(self, campo, valore.strip())
        for campo in ("tabella", "tabella_denominatore", "data"):
            valore = getattr(self, campo)
            setattr(self, campo, None if _vuoto(valore) else str(valore).strip())
        if problemi:
            quanti = "1 problema" if len(problemi) == 1 else f"{len(problemi)} problemi"
            raise ErroreCorso(f"L'indicatore «{self.nome}» ha {quanti}: " + "; ".join(problemi) + ".")

    def to_dict(self) -> dict:
        """I campi dell'indicatore come dizionario (le funzioni diventano il loro nome).

        >>> Indicatore("Quota di Patti", unita="%").to_dict()["unita"]
        '%'
        """
        risultato = {}
        for f in fields(self):
            valore = getattr(self, f.name)
            if callable(valore):
                valore = f"funzione {getattr(valore, '__name__', 'senza nome')}"
            elif isinstance(valore, pd.Timestamp):
                valore = valore.date().isoformat()
            risultato[f.name] = valore
        return risultato


# ---------------------------------------------------------------- controllo SMART

@dataclass(frozen=True)
class Rilievo:
    """Un'osservazione sulla scheda di un indicatore, con gravità e suggerimento.

    >>> print(Rilievo("consiglio", "frequenza", "Manca la frequenza.", "Scrivi ad esempio «mensile»."))
    [consiglio] Manca la frequenza. → Scrivi ad esempio «mensile».
    """

    gravita: str
    campo: str
    messaggio: str
    suggerimento: str

    def __str__(self) -> str:
        return f"[{self.gravita}] {self.messaggio} → {self.suggerimento}"


_PAROLE_RAPPORTO = re.compile(r"\b(quota|percentual|tasso|rapporto|media|medi|incidenza|per ogni|ogni \d)", re.I)
_PAROLE_VAGHE = re.compile(r"\b(miglior|potenzi|favori|promuov|rafforz|qualità|efficacia|efficienza|"
                           r"benessere|sviluppo|sostegno|valorizz|sensibilizz)", re.I)
_PAROLE_MISURA = re.compile(r"\b(numero|n\.|quota|percentual|tasso|rapporto|giorni|ore|media|medi|euro|"
                            r"spesa|residenti|casi|patti|nuclei|domande|%)", re.I)
_FONTI_NON_MISURABILI = re.compile(r"\b(percezion|impression|opinion|sensazion|da definire|n\.?d\.?|"
                                   r"da individuare|valutazione soggettiva|a giudizio|stima informale)", re.I)


def controlla_smart(indicatore: Indicatore) -> list[Rilievo]:
    """Controlla che l'indicatore sia SMART e restituisce i rilievi, dal più grave al più lieve.

    Ogni :class:`Rilievo` ha la gravità («grave», «attenzione», «consiglio»), il campo, il problema
    e un suggerimento. Una lista vuota vuol dire che la scheda è completa e coerente.

    >>> i = Indicatore("Quota di Patti sottoscritti", unita="%", numeratore="data_sottoscrizione.notna()",
    ...                target=80)
    >>> for r in controlla_smart(i)[:3]:
    ...     print(r.gravita, "-", r.messaggio)
    grave - È una quota ma manca il denominatore.
    grave - C'è un target ma non la data entro cui raggiungerlo.
    grave - Manca la polarità: non si sa se un valore più alto sia meglio o peggio.
    """
    if not isinstance(indicatore, Indicatore):
        raise ErroreCorso("controlla_smart vuole un Indicatore, ad esempio "
                          f"controlla_smart(Indicatore('Quota di Patti sottoscritti')), non {type(indicatore).__name__}.")
    i, r = indicatore, []

    def aggiungi(gravita, campo, messaggio, suggerimento):
        r.append(Rilievo(gravita, campo, messaggio, suggerimento))

    testo_nome = f"{i.nome} {i.definizione}"
    if i.numeratore is None:
        aggiungi("grave", "numeratore", "Manca il numeratore: non si sa che cosa contare.",
                 "Scrivi che cosa si conta, ad esempio \"data_sottoscrizione.notna()\" (Patti sottoscritti).")
    if i.denominatore is None and (i.unita == "%" or _PAROLE_RAPPORTO.search(testo_nome)):
        aggiungi("grave", "denominatore", "È una quota ma manca il denominatore.",
                 "Indica su quale totale si calcola la quota, ad esempio \"righe\" (tutte le prese in carico).")
    if i.target is not None and i.scadenza is None:
        aggiungi("grave", "scadenza", "C'è un target ma non la data entro cui raggiungerlo.",
                 "Aggiungi la scadenza, ad esempio 31/12/2025: un obiettivo senza data non si può verificare.")
    if i.polarita is None:
        aggiungi("grave", "polarita", "Manca la polarità: non si sa se un valore più alto sia meglio o peggio.",
                 "Scrivi «crescente» se più alto è meglio (quota di Patti sottoscritti), "
                 "«decrescente» se più basso è meglio (giorni di attesa).")
    if not i.fonte:
        aggiungi("grave", "fonte", "Manca la fonte dei dati.",
                 "Indica da dove si leggono i numeri, ad esempio «piattaforma GePI» o «registro presenze».")
    elif _FONTI_NON_MISURABILI.search(i.fonte):
        aggiungi("grave", "fonte", f"La fonte «{i.fonte}» non permette una misura ripetibile.",
                 "Scegli una fonte che registra dati (un archivio, un registro, una piattaforma), non opinioni.")
    if i.unita == "%" and i.target is not None and not 0 <= i.target <= 100:
        aggiungi("grave", "target", f"Il target {i.target:g} non è una percentuale tra 0 e 100.",
                 "Controlla il valore: per il 20% scrivi 20.")
    if len(i.nome.split()) < 3 or (_PAROLE_VAGHE.search(i.nome) and not _PAROLE_MISURA.search(i.nome)):
        aggiungi("attenzione", "nome", f"Il nome «{i.nome}» è vago: non dice che cosa si misura.",
                 "Usa un nome che dica la grandezza e l'oggetto, ad esempio «Quota di Patti sottoscritti "
                 "entro 60 giorni dalla domanda».")
    if i.target is None:
        aggiungi("attenzione", "target", "Manca il target: non si potrà dire se l'obiettivo è raggiunto.",
                 "Fissa un valore atteso realistico, partendo dalla baseline.")
    if i.baseline is not None and i.target is not None and i.polarita is not None:
        peggiore = i.target < i.baseline if i.polarita == "crescente" else i.target > i.baseline
        if peggiore:
            aggiungi("attenzione", "target", "Il target è peggiore della baseline rispetto alla polarità.",
                     "Controlla la polarità o il target: con polarità "
                     f"{i.polarita} il target dovrebbe essere {'più alto' if i.polarita == 'crescente' else 'più basso'} della baseline.")
    if not i.responsabile:
        aggiungi("attenzione", "responsabile", "Manca l'ufficio responsabile della misura.",
                 "Indica chi raccoglie il dato e ne risponde, ad esempio «Ufficio di Piano».")
    if i.tipo is None:
        aggiungi("attenzione", "tipo", "Manca il tipo di indicatore.",
                 "Scegli tra input, processo, output, risultato, impatto.")
    if not i.definizione:
        aggiungi("consiglio", "definizione", "Manca una definizione in parole.",
                 "Spiega in una frase che cosa misura l'indicatore e perché serve.")
    if i.baseline is None:
        aggiungi("consiglio", "baseline", "Manca la baseline (il valore di partenza).",
                 "Calcola il valore attuale con calcola(...) e usalo come baseline.")
    if not i.frequenza:
        aggiungi("consiglio", "frequenza", "Manca la frequenza di rilevazione.",
                 "Indica ogni quanto si misura: mensile, trimestrale, annuale.")
    if not i.unita:
        aggiungi("consiglio", "unita", "Manca l'unità di misura.", "Scrivi ad esempio %, giorni, residenti.")
    for campo, tabella in (("numeratore", i.tabella), ("denominatore", i.tabella_denominatore or i.tabella)):
        problema = _prova_espressione(getattr(i, campo), tabella)
        if problema:
            aggiungi("grave", campo, f"Il {campo} non si può calcolare sulla tabella {tabella}: {problema}",
                     "Correggi l'espressione usando i nomi delle colonne della tabella (vedi course.dati.schema).")
    return sorted(r, key=lambda x: GRAVITA.index(x.gravita))


def _tabella_vuota(tabella: str) -> pd.DataFrame | None:
    """Una tabella senza righe con le colonne e i tipi dello schema (per provare un'espressione)."""
    from course.dati.tabelle import TABELLE

    if tabella == "popolazione":
        return pd.DataFrame({"codice_ambito": pd.Series([], dtype="string"), "popolazione": pd.Series([], dtype="int64")})
    if tabella not in TABELLE:
        return None
    from course.dati.schemi import colonne

    tipi = {"str": "string", "string[pyarrow]": "string"}
    return pd.DataFrame({nome: pd.Series([], dtype=tipi.get(str(c.dtype), str(c.dtype)))
                         for nome, c in colonne(tabella).items()})


def _prova_espressione(espressione, tabella: str | None) -> str | None:
    if not isinstance(espressione, str) or tabella is None:
        return None
    vuota = _tabella_vuota(tabella)
    if vuota is None:
        return None
    from course.indicatori_calcolo import valuta_espressione

    try:
        valuta_espressione(vuota, espressione, tabella=f"tabella {tabella}", oggi="2025-01-01")
    except ErroreCorso as e:
        return str(e)
    return None


# Il calcolo e le schede stanno in moduli vicini (un concetto ciascuno) ma si usano da qui.
from course.indicatori_calcolo import PERIODI, calcola, data_di_riferimento, valuta_espressione  # noqa: E402
from course.indicatori_schede import (  # noqa: E402
    ElencoIndicatori, Scheda, leggi_indicatori, scheda, scrivi_indicatori,
)
