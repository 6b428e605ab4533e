"""Intervalli di confidenza per conteggi e quote, senza librerie statistiche esterne (solo numpy).

Servono a :mod:`course.confronto`, ma si possono usare anche da soli nelle lezioni.

- :func:`intervallo_poisson`: per un numero di eventi (casi, prese in carico): esatto (Garwood) fino
  a 30 eventi, poi l'approssimazione di Byar, che a quel punto è praticamente identica.
- :func:`intervallo_byar`: solo l'approssimazione di Byar (formula chiusa, la usa anche il funnel plot).
- :func:`intervallo_wilson`: per una quota di persone (successi su tentativi).
- :func:`limiti_attesi`: quanti eventi sono «normali» se ne aspettiamo un certo numero (funnel plot).
- :func:`quantile_chi_quadro`: la soglia del test che dice se gli Ambiti variano più di quanto spieghi il caso.

>>> inf, sup = intervallo_poisson([10])
>>> round(float(inf[0]), 2), round(float(sup[0]), 2)
(4.8, 18.39)
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from course.errori import ErroreCorso

__all__ = ["quantile_z", "quantile_chi_quadro", "intervallo_poisson", "intervallo_byar", "intervallo_wilson",
           "limiti_attesi"]

# Sotto questa soglia l'intervallo di Poisson si calcola in modo esatto (Byar è meno preciso con 1-2 eventi).
ESATTO_FINO_A = 30


def quantile_z(livello: float) -> float:
    """Il valore z della normale per un intervallo bilaterale al ``livello`` indicato.

    >>> round(quantile_z(0.95), 3), round(quantile_z(0.998), 3)
    (1.96, 3.09)
    """
    if isinstance(livello, bool) or not (isinstance(livello, (int, float)) and 0 < livello < 1):
        raise ErroreCorso(f"Il livello di confidenza deve essere un numero tra 0 e 1 (ad esempio 0.95), "
                          f"non {livello!r}.")
    return NormalDist().inv_cdf(1 - (1 - livello) / 2)


def quantile_chi_quadro(gradi: int, livello: float = 0.95) -> float:
    """Il valore sotto cui cade il ``livello`` di una variabile chi quadrato con ``gradi`` gradi di libertà.

    Usa l'approssimazione di Wilson e Hilferty (1931), la stessa idea della formula di Byar: per 10 o
    più gradi di libertà sbaglia di meno dello 0,5%.

    >>> round(quantile_chi_quadro(44), 1), round(quantile_chi_quadro(10, 0.99), 1)
    (60.5, 23.2)
    """
    if isinstance(gradi, bool) or not isinstance(gradi, (int, np.integer)) or gradi < 1:
        raise ErroreCorso(f"I gradi di libertà devono essere un numero intero positivo, non {gradi!r}.")
    if isinstance(livello, bool) or not (isinstance(livello, (int, float)) and 0 < livello < 1):
        raise ErroreCorso(f"Il livello deve essere un numero tra 0 e 1 (ad esempio 0.95), non {livello!r}.")
    z = NormalDist().inv_cdf(livello)
    base = 2 / (9 * gradi)
    return float(gradi * (1 - base + z * math.sqrt(base)) ** 3)


def _byar_inf(osservati, z):
    o = np.asarray(osservati, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        base = 1 - 1 / (9 * o) - z / (3 * np.sqrt(o))
        inf = o * np.clip(base, 0, None) ** 3
    return np.where(o > 0, inf, 0.0)


def _byar_sup(osservati, z):
    o1 = np.asarray(osservati, dtype=float) + 1
    return o1 * (1 - 1 / (9 * o1) + z / (3 * np.sqrt(o1))) ** 3


def intervallo_byar(eventi, *, livello: float = 0.95):
    """Intervallo di Byar per il numero atteso di eventi, dati gli ``eventi`` osservati (anche 0).

    >>> inf, sup = intervallo_byar([0, 100])
    >>> [round(float(x), 1) for x in (*inf, *sup)]
    [0.0, 81.4, 3.7, 121.6]
    """
    z = quantile_z(livello)
    return _byar_inf(eventi, z), _byar_sup(eventi, z)


def _cdf_poisson(k, mu, *, massimo=ESATTO_FINO_A):
    """P(X <= k) per X di Poisson con media ``mu`` (k intero tra -1 e ``massimo``), vettoriale."""
    i = np.arange(massimo + 1)
    mu = np.maximum(np.asarray(mu, dtype=float), 1e-300)[..., None]
    termini = np.exp(-mu + i * np.log(mu) - np.array([math.lgamma(j + 1) for j in i]))
    return np.where(i <= np.asarray(k)[..., None], termini, 0).sum(axis=-1)


def _bisezione(funzione, obiettivo, alto):
    """Il più piccolo x in [0, alto] con funzione(x) >= obiettivo (funzione crescente), vettoriale."""
    basso = np.zeros_like(np.asarray(obiettivo, dtype=float))
    alto = np.asarray(alto, dtype=float).copy()
    for _ in range(60):
        medio = (basso + alto) / 2
        sopra = funzione(medio) >= obiettivo
        alto = np.where(sopra, medio, alto)
        basso = np.where(sopra, basso, medio)
    return alto


def intervallo_poisson(eventi, *, livello: float = 0.95):
    """Intervallo per il numero atteso di eventi: esatto (Garwood) con pochi eventi, Byar con molti.

    Dividendo per i residenti (e moltiplicando per 1.000) si ottiene l'intervallo del tasso.

    >>> inf, sup = intervallo_poisson([0, 1, 3])
    >>> [round(float(x), 3) for x in inf], [round(float(x), 2) for x in sup]
    ([0.0, 0.025, 0.619], [3.69, 5.57, 8.77])
    """
    z = quantile_z(livello)
    o = np.atleast_1d(np.asarray(eventi, dtype=float))
    inf, sup = _byar_inf(o, z), _byar_sup(o, z)
    piccoli = (o == np.round(o)) & (o < ESATTO_FINO_A)
    if piccoli.any():
        k = o[piccoli].astype(int)
        coda = (1 - livello) / 2
        alto = k + 10 * np.sqrt(k) + 20
        # il più piccolo mu con P(X >= k) >= coda, e il più piccolo con P(X <= k) <= coda
        inf_k = _bisezione(lambda m: 1 - _cdf_poisson(k - 1, m), np.full(k.shape, coda), alto)
        sup_k = _bisezione(lambda m: -_cdf_poisson(k, m), np.full(k.shape, -coda), alto)
        inf[piccoli] = np.where(k > 0, inf_k, 0.0)
        sup[piccoli] = sup_k
    return inf, sup


def intervallo_wilson(eventi, n, *, livello: float = 0.95):
    """Intervallo di Wilson per una quota: ``eventi`` persone con la caratteristica su ``n``.

    >>> inf, sup = intervallo_wilson([30], [100])
    >>> round(float(inf[0]), 3), round(float(sup[0]), 3)
    (0.219, 0.396)
    """
    z = quantile_z(livello)
    e, n = np.asarray(eventi, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = e / n
        centro = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        mezzo = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return np.clip(centro - mezzo, 0, None), np.clip(centro + mezzo, None, 1)


def limiti_attesi(attesi, *, livello: float = 0.95):
    """Il numero minimo e massimo di eventi «nella norma» quando se ne attendono ``attesi``.

    È l'intervallo di Byar letto al contrario: un conteggio sopra il massimo ha un intervallo che
    non contiene il valore atteso. Sono i limiti di controllo del funnel plot.

    >>> inf, sup = limiti_attesi([10, 100])
    >>> [round(float(x), 1) for x in (*inf, *sup)]
    [3.8, 80.4, 17.1, 120.6]
    """
    z = quantile_z(livello)
    e = np.asarray(attesi, dtype=float)
    sup = _bisezione(lambda o: _byar_inf(o, z), e, e + 10 * z * np.sqrt(e) + 10 * z**2 + 10)
    inf = np.where(_byar_sup(0, z) >= e, 0.0, _bisezione(lambda o: _byar_sup(o, z), e, e + 1))
    return inf, sup
