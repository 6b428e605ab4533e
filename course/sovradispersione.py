"""Sovradispersione: quando gli Ambiti differiscono fra loro più di quanto spieghi il caso.

I limiti di un funnel plot «semplice» mettono in conto solo il caso: quanti eventi in più o in meno
possono capitare in un Ambito di quella dimensione se tutti avessero lo stesso tasso. Ma gli Ambiti
non sono tutti uguali (bisogni, servizi, modi di registrare i dati): se la differenza fra loro è molto
più grande di quella del caso, i limiti semplici sono **troppo stretti** e mettono «fuori» molti
Ambiti che sono solo diversi come lo sono tutti. È la **sovradispersione**.

Il metodo è quello di Spiegelhalter (D. J. Spiegelhalter, «Funnel plots for comparing institutional
performance», *Statistics in Medicine* 24, 2005, pp. 1185-1202, e «Handling over-dispersion of
performance indicators», *Quality and Safety in Health Care* 14, 2005, pp. 347-351):

1. per ogni Ambito un **punteggio z**: di quante deviazioni standard il suo valore dista dal
   riferimento, su una scala che rende la variabilità del caso uguale per tutti (radice quadrata per i
   tassi sui residenti, arcoseno della radice per le quote, come le prese in carico decadute);
2. i punteggi più estremi (il 10% più alto e il 10% più basso) si **winsorizzano**: si riportano al
   valore del 10° e del 90° percentile, così pochi Ambiti molto anomali non gonfiano la stima;
3. il **fattore moltiplicativo** φ è la media dei quadrati dei punteggi winsorizzati: se c'è solo il
   caso vale circa 0,7 invece di 1, perché la winsorizzazione accorcia anche le code normali. Il
   metodo è quindi prudente: allarga i limiti solo quando la sovradispersione è netta;
4. la sovradispersione è **presente** se ``ambiti × φ`` supera la soglia al 95% di un chi quadrato con
   ``ambiti - 1`` gradi di libertà (il controllo classico di dispersione);
5. la **varianza tra Ambiti** τ² (modello additivo a effetti casuali, come nel metodo di DerSimonian e
   Laird) è ``(ambiti × φ - (ambiti - 1)) / (Σw - Σw²/Σw)``, con ``w = 1/s²`` i pesi degli Ambiti.

Con la sovradispersione presente si possono allargare i limiti in due modi, e conviene guardarli tutti
e due: **moltiplicativo** (la forchetta del caso moltiplicata per √φ: conta di più per gli Ambiti
piccoli) o **additivo** (alla variabilità del caso si somma la stessa τ² per tutti: conta di più per
gli Ambiti grandi; è il modo che Spiegelhalter ritiene più solido). Un Ambito fuori dai limiti
corretti è insolito **anche** rispetto alla normale diversità fra Ambiti: è lì che una domanda va
fatta per prima.

>>> s = stima([30, 60, 90, 45, 80, 20, 70, 50, 40, 100], [1000] * 10)
>>> s.presente, round(s.phi, 1)
(True, 8.8)
>>> inf, sup = limiti([1000], stima=s, livello=0.95, correzione="additiva")
>>> round(float(inf[0]), 3), round(float(sup[0]), 3)
(0.021, 0.115)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course import formato
from course.errori import ErroreCorso, controlla_scelta
from course.intervalli import quantile_chi_quadro, quantile_z

__all__ = ["SCALE", "CORREZIONI", "WINSORIZZAZIONE", "AMBITI_MINIMI", "Sovradispersione", "punteggi_z",
           "winsorizza", "stima", "limiti", "fuori_dai_limiti"]

#: Le scale su cui la variabilità del caso è la stessa per tutti: «radice» per i tassi sui residenti
#: (conteggi di Poisson), «arcoseno» per le quote su un totale (conteggi binomiali).
SCALE = ("radice", "arcoseno")
#: Come allargare i limiti quando la sovradispersione è presente.
CORREZIONI = ("moltiplicativa", "additiva")
#: La quota dei punteggi winsorizzata a ogni estremo (10%, come in Spiegelhalter 2005).
WINSORIZZAZIONE = 0.10
#: Sotto questo numero di Ambiti la stima non è affidabile (il 10% di pochi Ambiti è meno di uno).
AMBITI_MINIMI = 10


def _trasforma(quota, scala):
    q = np.clip(np.asarray(quota, dtype=float), 0, None)
    return np.sqrt(q) if scala == "radice" else np.arcsin(np.sqrt(np.clip(q, 0, 1)))


def _inversa(valore, scala):
    v = np.asarray(valore, dtype=float)
    if scala == "radice":
        return np.clip(v, 0, None) ** 2
    return np.sin(np.clip(v, 0, np.pi / 2)) ** 2


def _errore_standard(denominatore):
    """L'errore standard sulla scala trasformata: 1 / (2 √n), uguale per le due scale."""
    return 1 / (2 * np.sqrt(np.asarray(denominatore, dtype=float)))


def _numeri(eventi, denominatore):
    e = np.atleast_1d(np.asarray(eventi, dtype=float))
    n = np.atleast_1d(np.asarray(denominatore, dtype=float))
    if e.shape != n.shape:
        raise ErroreCorso(f"Eventi e denominatori devono essere tanti quanti: ho {e.size} eventi e {n.size} "
                          "denominatori.")
    if np.isnan(e).any() or (e < 0).any():
        raise ErroreCorso("Gli eventi devono essere numeri non negativi e senza vuoti: controlla la colonna eventi.")
    return e, n


def punteggi_z(eventi, denominatore, *, riferimento: float, scala: str = "radice"):
    """Di quante deviazioni standard ogni valore (``eventi / denominatore``) dista dal ``riferimento``.

    Il ``riferimento`` è una quota per unità (ad esempio 0,05 = 5 eventi ogni 100). Con la scala
    «radice» il punteggio è ``2 × (√eventi - √attesi)``.

    >>> [round(float(z), 2) for z in punteggi_z([4, 16], [100, 100], riferimento=0.09)]
    [-2.0, 2.0]
    """
    controlla_scelta(scala, SCALE, cosa="scala")
    e, n = _numeri(eventi, denominatore)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (_trasforma(e / n, scala) - _trasforma(riferimento, scala)) / _errore_standard(n)


def winsorizza(z, quota: float = WINSORIZZAZIONE):
    """Riporta i punteggi sotto il percentile ``quota`` e sopra ``1 - quota`` a quei due valori.

    >>> winsorizza([-9.0, -1.0, 0.0, 1.0, 2.0, 3.0, 0.5, -0.5, 1.5, 12.0]).round(2).tolist()
    [-1.8, -1.0, 0.0, 1.0, 2.0, 3.0, 0.5, -0.5, 1.5, 3.9]
    """
    if not 0 <= quota < 0.5:
        raise ErroreCorso(f"La quota da winsorizzare va da 0 a meno di 0,5 (ad esempio 0.1), non {quota!r}.")
    z = np.asarray(z, dtype=float)
    basso, alto = np.quantile(z, [quota, 1 - quota])
    return np.clip(z, basso, alto)


@dataclass(frozen=True)
class Sovradispersione:
    """La stima della sovradispersione fra gli Ambiti (vedi l'inizio del modulo per il metodo).

    ``phi``: il fattore moltiplicativo (circa 1 se conta solo il caso); ``tau2``: la varianza tra
    Ambiti sulla scala trasformata; ``ambiti``: quanti Ambiti sono entrati nella stima; ``soglia``: il
    valore che ``ambiti × phi`` deve superare perché la sovradispersione sia ``presente``;
    ``riferimento``: la quota per unità attorno a cui si misura; ``nota``: perché la stima manca.
    """

    phi: float
    tau2: float
    ambiti: int
    soglia: float
    presente: bool
    scala: str
    riferimento: float
    winsorizzazione: float = WINSORIZZAZIONE
    nota: str = ""

    @property
    def stimabile(self) -> bool:
        """Vero se c'erano abbastanza Ambiti per stimare la sovradispersione."""
        return bool(np.isfinite(self.phi))

    def __str__(self) -> str:
        if not self.stimabile:
            return f"Sovradispersione non stimabile: {self.nota}"
        volte = formato.numero(self.phi, decimali=1)
        if self.presente:
            return (f"Sovradispersione presente: fra i {self.ambiti} Ambiti la variabilità è circa {volte} volte "
                    "quella che spiegherebbe il caso. I limiti semplici sono troppo stretti: guarda quelli corretti.")
        return (f"Nessuna sovradispersione: fra i {self.ambiti} Ambiti la variabilità ({volte} volte quella del caso) "
                "è compatibile con il solo caso. I limiti semplici vanno bene.")


def stima(eventi, denominatore, *, riferimento: float | None = None, scala: str = "radice",
          winsorizzazione: float = WINSORIZZAZIONE, livello_test: float = 0.95) -> Sovradispersione:
    """Stima φ e τ² dai conteggi ``eventi`` su ``denominatore`` (residenti o prese in carico) degli Ambiti.

    Il ``riferimento`` (quota per unità) è di norma quella complessiva: somma degli eventi / somma
    dei denominatori. Gli Ambiti con denominatore zero restano fuori. Con meno di
    :data:`AMBITI_MINIMI` Ambiti la stima non si fa (``phi`` vuoto e una ``nota`` che lo spiega).

    >>> s = stima([10, 12, 9, 11, 10, 8, 13, 10, 9, 11], [1000] * 10)
    >>> s.presente, s.tau2
    (False, 0.0)
    >>> print(stima([1, 2], [10, 10]))
    Sovradispersione non stimabile: ci sono solo 2 Ambiti, ne servono almeno 10 per separare il caso dalle differenze vere.
    """
    controlla_scelta(scala, SCALE, cosa="scala")
    e, n = _numeri(eventi, denominatore)
    validi = n > 0
    e, n = e[validi], n[validi]
    if riferimento is None:
        riferimento = float(e.sum() / n.sum()) if n.sum() > 0 else float("nan")
    quanti = int(e.size)
    if quanti < AMBITI_MINIMI or not np.isfinite(riferimento):
        nota = (f"ci sono solo {quanti} Ambiti, ne servono almeno {AMBITI_MINIMI} per separare il caso dalle "
                "differenze vere." if quanti < AMBITI_MINIMI else "il riferimento non si può calcolare.")
        return Sovradispersione(float("nan"), float("nan"), quanti, float("nan"), False, scala,
                                float(riferimento), winsorizzazione, nota)
    z = winsorizza(punteggi_z(e, n, riferimento=riferimento, scala=scala), winsorizzazione)
    phi = float(np.mean(z**2))
    soglia = quantile_chi_quadro(quanti - 1, livello_test)
    w = 1 / _errore_standard(n) ** 2
    tau2 = max(0.0, (quanti * phi - (quanti - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return Sovradispersione(phi, float(tau2), quanti, soglia, bool(quanti * phi > soglia), scala,
                            float(riferimento), winsorizzazione)


def _semiampiezza(denominatore, *, stima: Sovradispersione, livello: float, correzione: str):
    controlla_scelta(correzione, CORREZIONI, cosa="correzione")
    if not stima.stimabile:
        raise ErroreCorso(f"Non posso correggere i limiti: {stima.nota} Usa i limiti semplici.")
    s = _errore_standard(denominatore)
    if correzione == "moltiplicativa":
        return s * np.sqrt(max(stima.phi, 1.0)) if stima.presente else s
    return np.sqrt(s**2 + (stima.tau2 if stima.presente else 0.0))


def limiti(denominatore, *, stima: Sovradispersione, livello: float = 0.95, correzione: str = "additiva"):
    """I limiti corretti (quote per unità, inferiore e superiore) per Ambiti con questo ``denominatore``.

    Senza sovradispersione presente i limiti sono quelli del solo caso (sulla stessa scala).

    >>> s = stima([30, 60, 90, 45, 80, 20, 70, 50, 40, 100], [1000] * 10)
    >>> inf, sup = limiti([1000, 4000], stima=s, correzione="moltiplicativa")
    >>> [round(float(x), 3) for x in (*inf, *sup)]
    [0.022, 0.038, 0.111, 0.083]
    """
    mezza = quantile_z(livello) * _semiampiezza(denominatore, stima=stima, livello=livello, correzione=correzione)
    centro = _trasforma(stima.riferimento, stima.scala)
    return _inversa(centro - mezza, stima.scala), _inversa(centro + mezza, stima.scala)


def fuori_dai_limiti(eventi, denominatore, *, stima: Sovradispersione, livello: float = 0.95,
                     correzione: str = "additiva"):
    """+1 per chi è sopra il limite superiore corretto, -1 per chi è sotto quello inferiore, 0 altrimenti.

    È lo stesso confronto disegnato da :func:`limiti`, fatto sulla scala trasformata.

    >>> s = stima([30, 60, 90, 45, 80, 20, 70, 50, 40, 100], [1000] * 10)
    >>> fuori_dai_limiti([5, 60, 200], [1000] * 3, stima=s).tolist()
    [-1, 0, 1]
    """
    e, n = _numeri(eventi, denominatore)
    mezza = quantile_z(livello) * _semiampiezza(n, stima=stima, livello=livello, correzione=correzione)
    with np.errstate(divide="ignore", invalid="ignore"):
        scarto = _trasforma(e / n, stima.scala) - _trasforma(stima.riferimento, stima.scala)
    return np.where(~(n > 0), 0, np.where(scarto > mezza, 1, np.where(scarto < -mezza, -1, 0)))
