"""L'indicatore: i campi della *scheda indicatore* e il controllo SMART.

Un :class:`Indicatore` raccoglie che cosa si misura, come si calcola (numeratore e denominatore,
vedi ``course.indicatori.espressioni``), dove si leggono i dati e che valore si attende;
:func:`controlla_smart` dice che cosa manca o non torna, dal più grave al più lieve.

>>> i = Indicatore("Quota di Patti sottoscritti", unita="%", numeratore="data_sottoscrizione.notna()",
...                denominatore="righe", polarita="crescente", tabella="patti")
>>> [r.campo for r in controlla_smart(i)][:2]
['fonte', 'target']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from course.dati.tabelle import POLARITA, TIPI_INDICATORE
from course.date import leggi_data
from course.errori import ErroreCorso, nomi_vicini
from course.indicatori.espressioni import prova_espressione
from course.indicatori.target import _numero_italiano

__all__ = ["Indicatore", "Rilievo", "controlla_smart", "GRAVITA"]

GRAVITA = ("grave", "attenzione", "consiglio")
CAMPI_NUMERICI = ("baseline", "target")


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
            try:
                self.scadenza = leggi_data(self.scadenza, cosa="la scadenza")
            except ErroreCorso as errore:
                problemi.append(f"scadenza: {errore}")
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
        problema = prova_espressione(getattr(i, campo), tabella)
        if problema:
            aggiungi("grave", campo, f"Il {campo} non si può calcolare sulla tabella {tabella}: {problema}",
                     "Correggi l'espressione usando i nomi delle colonne della tabella (vedi course.dati.schema).")
    return sorted(r, key=lambda x: GRAVITA.index(x.gravita))
