"""La stima della sovradispersione (Spiegelhalter 2005) controllata con un calcolo indipendente e su dati dalla
dispersione nota."""

from statistics import NormalDist

import numpy as np
import pytest
from scipy.stats import chi2
from statsmodels.stats.meta_analysis import combine_effects

from course import sovradispersione as sd
from course.errori import ErroreCorso
from course.intervalli import quantile_chi_quadro


def _ambiti(quanti, seme):
    rng = np.random.default_rng(seme)
    return rng, rng.integers(20_000, 300_000, quanti).astype(float)


def _centro_pesato(eventi, n, scala):
    """Il riferimento che fa coincidere il metodo con DerSimonian-Laird: la media pesata sulla scala trasformata."""
    y = sd._trasforma(eventi / n, scala)
    w = 4 * n
    return float(sd._inversa((w * y).sum() / w.sum(), scala))


@pytest.mark.parametrize("scala", sd.SCALE)
def test_senza_winsorizzazione_coincide_con_dersimonian_laird_di_statsmodels(scala):
    rng, n = _ambiti(45, 3)
    if scala == "arcoseno":
        n = np.round(n / 100)
        eventi = rng.binomial(n.astype(int), np.clip(rng.normal(0.05, 0.015, 45), 0.001, 0.5)).astype(float)
    else:
        eventi = rng.poisson(n * np.clip(rng.normal(4e-3, 1e-3, 45), 1e-4, None)).astype(float)
    riferimento = _centro_pesato(eventi, n, scala)
    s = sd.stima(eventi, n, riferimento=riferimento, scala=scala, winsorizzazione=0)
    y = sd._trasforma(eventi / n, scala)
    atteso = combine_effects(y, 1 / (4 * n), method_re="dl")
    assert atteso.tau2 > 0
    assert s.ambiti * s.phi == pytest.approx(atteso.q, rel=1e-9)
    assert s.tau2 == pytest.approx(atteso.tau2, rel=1e-9)
    assert s.presente


def test_varianza_tra_ambiti_nota_ritrovata():
    # effetti casuali additivi sulla scala della radice: √p = √θ + u, u ~ N(0, τ²)
    rng, n = _ambiti(4000, 5)
    tau = 0.004
    p = (np.sqrt(4e-3) + rng.normal(0, tau, n.size)) ** 2
    eventi = rng.poisson(n * p).astype(float)
    s = sd.stima(eventi, n, riferimento=_centro_pesato(eventi, n, "radice"), winsorizzazione=0)
    assert s.tau2 == pytest.approx(tau**2, rel=0.1)


@pytest.mark.parametrize("phi", [1.0, 4.0, 15.0])
def test_fattore_moltiplicativo_noto_ritrovato(phi):
    # Poisson-Gamma: media μ, varianza φ·μ, quindi i punteggi z sulla radice hanno varianza φ
    rng, n = _ambiti(4000, 11)
    mu = n * 4e-3
    lam = rng.gamma(mu / (phi - 1), phi - 1) if phi > 1 else mu
    eventi = rng.poisson(lam).astype(float)
    grezza = sd.stima(eventi, n, winsorizzazione=0)
    assert grezza.phi == pytest.approx(phi, rel=0.08)
    # winsorizzando il 10% per lato, per punteggi normali la media dei quadrati è φ per questa costante
    a = NormalDist().inv_cdf(0.9)
    costante = 0.8 - 2 * a * NormalDist().pdf(a) + 0.2 * a**2
    assert sd.stima(eventi, n).phi == pytest.approx(phi * costante, rel=0.08)


def test_con_il_solo_caso_la_sovradispersione_si_trova_di_rado():
    falsi = 0
    for seme in range(200):
        rng, n = _ambiti(45, 1000 + seme)
        falsi += sd.stima(rng.poisson(n * 4e-3), n).presente
    assert falsi / 200 < 0.06


def test_punteggio_z_sulla_radice():
    z = sd.punteggi_z([100, 400], [10_000, 10_000], riferimento=0.0225)
    assert z.tolist() == pytest.approx([2 * (10 - 15), 2 * (20 - 15)])


def test_winsorizzazione_ai_percentili():
    z = np.arange(21, dtype=float)
    w = sd.winsorizza(z)
    assert w.min() == pytest.approx(2) and w.max() == pytest.approx(18)
    assert (w[2:19] == z[2:19]).all()


@pytest.mark.parametrize("correzione", sd.CORREZIONI)
def test_le_curve_e_il_giudizio_coincidono(correzione):
    rng, n = _ambiti(45, 9)
    eventi = rng.poisson(n * rng.gamma(10, 4e-4, 45))
    s = sd.stima(eventi, n)
    assert s.presente
    for livello in (0.95, 0.998):
        inf, sup = sd.limiti(n, stima=s, livello=livello, correzione=correzione)
        lato = sd.fuori_dai_limiti(eventi, n, stima=s, livello=livello, correzione=correzione)
        quota = eventi / n
        assert ((quota > sup * 1.000001) == (lato == 1)).all()
        assert ((quota < inf * 0.999999) == (lato == -1)).all()


def test_i_limiti_corretti_sono_piu_larghi_e_additivi_pesano_sui_grandi():
    rng, n = _ambiti(45, 9)
    s = sd.stima(rng.poisson(n * rng.gamma(10, 4e-4, 45)), n)
    piccolo, grande = np.array([10_000.0]), np.array([1_000_000.0])
    for dimensione in (piccolo, grande):
        _, sup_m = sd.limiti(dimensione, stima=s, correzione="moltiplicativa")
        _, sup_a = sd.limiti(dimensione, stima=s, correzione="additiva")
        semplice = (np.sqrt(s.riferimento) + 1.96 / (2 * np.sqrt(dimensione))) ** 2
        assert sup_m[0] > semplice[0] and sup_a[0] > semplice[0]
    # per un Ambito enorme la forchetta moltiplicativa si chiude, quella additiva no (resta τ)
    _, sup_m = sd.limiti(grande * 100, stima=s, correzione="moltiplicativa")
    _, sup_a = sd.limiti(grande * 100, stima=s, correzione="additiva")
    assert sup_a[0] - s.riferimento > 5 * (sup_m[0] - s.riferimento)


def test_pochi_ambiti_niente_stima_e_niente_correzione():
    s = sd.stima([3, 30, 9], [1000, 1000, 1000])
    assert not s.stimabile and not s.presente and "almeno 10" in str(s)
    with pytest.raises(ErroreCorso, match="Non posso correggere i limiti"):
        sd.limiti([1000], stima=s)


def test_errori_in_italiano():
    with pytest.raises(ErroreCorso, match="Valore di scala sconosciuto"):
        sd.stima([1] * 10, [10] * 10, scala="logaritmo")
    with pytest.raises(ErroreCorso, match="tanti quanti"):
        sd.stima([1, 2], [10])
    with pytest.raises(ErroreCorso, match="non negativi"):
        sd.stima([1, -2], [10, 10])


@pytest.mark.parametrize("gradi", [10, 44, 100, 500])
@pytest.mark.parametrize("livello", [0.95, 0.99])
def test_quantile_chi_quadro_come_scipy(gradi, livello):
    assert quantile_chi_quadro(gradi, livello) == pytest.approx(chi2.ppf(livello, gradi), rel=0.005)
