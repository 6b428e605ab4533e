import math

import numpy as np
import pytest

from course import intervalli as iv
from course.errori import ErroreCorso


def _cdf(k, mu):
    return sum(math.exp(-mu) * mu**i / math.factorial(i) for i in range(int(k) + 1))


@pytest.mark.parametrize("livello", [0, 1, 95, "0.95", True])
def test_livello_sbagliato(livello):
    with pytest.raises(ErroreCorso, match="tra 0 e 1"):
        iv.quantile_z(livello)


def test_poisson_esatto_e_byar_si_raccordano():
    inf, sup = iv.intervallo_poisson(np.arange(0, 60))
    assert (np.diff(inf) > 0).all() and (np.diff(sup) > 0).all()
    b_inf, b_sup = iv.intervallo_byar([29, 30])
    e_inf, e_sup = iv.intervallo_poisson([29, 30])
    assert np.allclose(b_inf, e_inf, rtol=0.01) and np.allclose(b_sup, e_sup, rtol=0.01)


def test_livello_piu_alto_intervallo_piu_largo():
    a = iv.intervallo_poisson([5, 50], livello=0.95)
    b = iv.intervallo_poisson([5, 50], livello=0.998)
    assert (b[0] < a[0]).all() and (b[1] > a[1]).all()


def test_limiti_attesi_come_quantili_di_poisson():
    for atteso in (5.0, 20.0, 80.0):
        inf, sup = iv.limiti_attesi([atteso])
        # oltre il massimo, la probabilità è circa il 2,5%; sotto il minimo, anche
        assert 1 - _cdf(math.ceil(sup[0]) - 1, atteso) < 0.04
        assert 1 - _cdf(math.floor(sup[0]) - 1, atteso) > 0.01
        if inf[0] > 1:
            assert _cdf(math.floor(inf[0]), atteso) < 0.06


def test_wilson_estremi():
    inf, sup = iv.intervallo_wilson([0, 10], [10, 10])
    assert inf[0] == pytest.approx(0, abs=1e-12) and 0 < sup[0] < 0.35
    assert sup[1] == pytest.approx(1) and 0.65 < inf[1] < 1
