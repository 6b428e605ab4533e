"""Il valore atteso scritto dentro un testo: «almeno 20», «non oltre 30 giorni», «≥ 80%».

Serve a leggere i target dalle tabelle degli avvisi e dei Piani, dove il valore atteso è spesso
scritto nella descrizione invece che in una colonna a sé.

>>> str(leggi_target("Patti sottoscritti: almeno 20"))
'≥ 20'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from course import formato

__all__ = ["TargetLetto", "leggi_target"]


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
        return f"{simbolo} {formato.numero(self.valore)}{' ' + self.unita if self.unita else ''}"


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
