"""Il valore atteso scritto dentro un testo: «almeno 20», «non oltre 30 giorni», «≥ 80%».

Serve a leggere i target dalle tabelle degli avvisi e dei Piani, dove il valore atteso è spesso
scritto nella descrizione invece che in una colonna a sé.

Attenzione agli indicatori che sono un **rapporto tra due anni** («n. utenti … nel 2017 / n. utenti
… nel 2016 pari a 20 (valore in %)»): lì «pari a 20» è il valore dell'**anno base** (il
denominatore), non il target, che sta nella colonna del valore previsto. :func:`leggi_target` non lo
scambia per un target; :func:`leggi_valore_base` lo legge per quello che è.

>>> str(leggi_target("Patti sottoscritti: almeno 20"))
'≥ 20'
>>> leggi_target("n. utenti presi in carico nel 2017 / n. utenti presi in carico nel 2016 pari a 20 (valore in %)") is None
True
>>> leggi_valore_base("n. utenti presi in carico nel 2017 / n. utenti presi in carico nel 2016 pari a 20 (valore in %)")
ValoreBase(testo='pari a 20', valore=20.0, anno=2016)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from course import formato

__all__ = ["TargetLetto", "ValoreBase", "leggi_target", "leggi_valore_base", "rapporto_tra_anni"]


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


@dataclass(frozen=True)
class ValoreBase:
    """Il valore dell'anno base di un indicatore che è un rapporto tra due anni («… nel 2016 pari a 20»)."""

    testo: str
    valore: float
    anno: int | None = None


_ANNO = r"\b(?:19|20)\d{2}\b"
_RAPPORTO_TRA_ANNI = re.compile(rf"{_ANNO}[^/]*/[^/]*?(?P<anno>{_ANNO})", re.IGNORECASE)
_PARI_A = re.compile(r"(?:pari|uguale)\s+a\s*(?P<num>" + _NUMERO + r")(?!\s*%)", re.IGNORECASE)


def rapporto_tra_anni(testo) -> bool:
    """Vero se il testo descrive un rapporto tra due anni («… nel 2017 / … nel 2016 …»).

    >>> rapporto_tra_anni("n. utenti nel 2017 / n. utenti nel 2016 pari a 20"), rapporto_tra_anni("almeno 20 nel 2025")
    (True, False)
    """
    return isinstance(testo, str) and _RAPPORTO_TRA_ANNI.search(testo) is not None


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
    rapporto = rapporto_tra_anni(testo)
    inizio = 0
    while (trovato := _MODELLO_TARGET.search(testo, inizio)) is not None:
        if rapporto and re.match(r"(?:pari|uguale)\s+a|=", trovato.group("op"), re.IGNORECASE) \
                and not trovato.group("dopo").lstrip().startswith("%"):
            inizio = trovato.start("dopo")   # nel rapporto tra due anni «pari a N» è l'anno base, non il target
            continue
        return _target_da(testo, trovato)
    return None


def leggi_valore_base(testo) -> ValoreBase | None:
    """Il valore dell'anno base scritto in un indicatore che è un rapporto tra due anni, o ``None``.

    >>> leggi_valore_base("Utenti nel 2024 / utenti nel 2023 pari a 1.250 (valore in %)").valore
    1250.0
    >>> leggi_valore_base("Quota di revisioni nei termini pari a 80 (valore in %)") is None
    True
    >>> leggi_valore_base("Rapporto 2017/2016 pari al 110%") is None   # qui 110 % è il rapporto stesso
    True
    """
    if not rapporto_tra_anni(testo):
        return None
    anno = int(_RAPPORTO_TRA_ANNI.search(testo).group("anno"))
    pari = _PARI_A.search(testo)
    if pari is None:
        return None
    return ValoreBase(testo=pari.group(0).strip(), valore=_numero_italiano(pari.group("num")), anno=anno)


def _target_da(testo: str, trovato: re.Match) -> TargetLetto:
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
