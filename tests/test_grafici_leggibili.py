"""Ogni grafico del corso si legge su un portatile da 1366×768: scritte che non si accavallano, legenda
che non copre nulla, grafici lunghi che stanno nello schermo o mettono in evidenza l'Ambito di chi
guarda, e una descrizione in italiano.

Si disegnano tutte le funzioni di ``course.grafici`` sui dati del corso (i 45 Ambiti veri, come li
vede un corsista) e si misurano i riquadri delle scritte dopo il disegno.
"""

from __future__ import annotations

import inspect
import itertools
from functools import lru_cache

import matplotlib
import pytest

matplotlib.use("Agg")

from course.grafici import buone_pratiche as g_bp  # noqa: E402
from course.grafici import confronto as g_confronto  # noqa: E402
from course.grafici import cronoprogramma as g_crono  # noqa: E402
from course.grafici import indicatori as g_indicatori  # noqa: E402
from course.grafici import monitoraggio as g_monitoraggio  # noqa: E402
from course.grafici import scadenze as g_scadenze  # noqa: E402
from course.grafici.descrizione import descrivi  # noqa: E402

MODULI = (g_bp, g_confronto, g_crono, g_indicatori, g_monitoraggio, g_scadenze)
GAGLIANO = "Gagliano del Capo"
#: Lo spazio per un grafico nel Lab su uno schermo 1366×768 (pixel a 100 dpi, tolti menu e barre).
ALTEZZA_SCHERMO_PX = 640
DPI = 100


@lru_cache(maxsize=1)
def _tabelle():
    import course
    from course.dati import carica

    return {nome: carica(nome) for nome in course.dati.TABELLE}


def _casi():
    """Ogni funzione di disegno, chiamata come nelle lezioni e nella galleria (dati veri, 45 Ambiti)."""
    from course import buone_pratiche, confronto, monitoraggio, piano_operativo, scadenze
    from course.indicatori import calcola, dal_catalogo

    t = _tabelle()
    patti_gagliano = t["patti"].query("codice_ambito == 'ATS-LE-03'")
    obiettivo = t["obiettivi"].query("codice_ambito == 'ATS-LE-03'")["id_obiettivo"].iloc[0]
    attivita = t["attivita_mensili"]
    conformita = monitoraggio.conformita_mensile(attivita[attivita["id_patto"].isin(patti_gagliano["id_patto"])])
    un_patto = conformita.loc[~conformita["conforme"].astype(bool), "id_patto"].iloc[0]
    adi = confronto.calcola_indicatore("prese in carico ADI ogni 1.000 residenti", t)
    leps = confronto.rapporto_leps(t["operatori"])
    esito = buone_pratiche.istruttoria(t["buone_pratiche"])
    sottoscritti = dal_catalogo("Quota di Patti sottoscritti")
    return {
        "grafico_istruttoria": lambda: g_bp.grafico_istruttoria(esito),
        "grafico_punteggi": lambda: g_bp.grafico_punteggi(buone_pratiche.punteggi(esito)),
        "grafico_sensibilita": lambda: g_bp.grafico_sensibilita(buone_pratiche.sensibilita(esito, primi=5)),
        "grafico_funnel": lambda: g_confronto.grafico_funnel(adi, evidenzia=GAGLIANO),
        "grafico_tassi": lambda: g_confronto.grafico_tassi(adi, evidenzia=GAGLIANO),
        "grafico_graduatoria": lambda: g_confronto.grafico_graduatoria(confronto.graduatoria(adi, simulazioni=200),
                                                                       evidenzia=GAGLIANO),
        "grafico_leps": lambda: g_confronto.grafico_leps(leps, evidenzia=GAGLIANO),
        "grafico_province": lambda: g_confronto.grafico_province(confronto.per_provincia(adi)),
        "gantt": lambda: g_crono.gantt(t["cronoprogramma"][t["cronoprogramma"]["id_obiettivo"] == obiettivo],
                                       al=t["patti"].attrs["data_riferimento"]),
        "grafico_previsto_raggiunto": lambda: g_crono.grafico_previsto_raggiunto(
            t["indicatori"][t["indicatori"]["id_obiettivo"] == obiettivo]),
        "grafico_indicatore": lambda: g_indicatori.grafico_indicatore(calcola(sottoscritti, t["patti"])),
        "grafico_conformita": lambda: g_monitoraggio.grafico_conformita(conformita),
        "grafico_ore_patto": lambda: g_monitoraggio.grafico_ore_patto(conformita, un_patto),
        "grafico_spesa": lambda: g_monitoraggio.grafico_spesa(piano_operativo.piano_operativo(
            t["azioni_ets"].query("codice_ambito == 'ATS-LE-03'"))),
        "grafico_anzianita": lambda: g_scadenze.grafico_anzianita(
            scadenze.scadenzario(t["patti"], nuclei=t["nuclei"])),
        "grafico_carico": lambda: g_scadenze.grafico_carico(
            scadenze.carico_case_manager(patti_gagliano, operatori=t["operatori"])),
    }


def _funzioni_di_disegno() -> set[str]:
    return {nome for modulo in MODULI for nome, f in inspect.getmembers(modulo, inspect.isfunction)
            if f.__module__ == modulo.__name__ and not nome.startswith("_")}


def _disegna(fig):
    """Disegna la figura (con la disposizione definitiva) e restituisce il renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def _tacche_disegnate(asse):
    """Le etichette delle tacche che matplotlib disegna davvero (quelle dentro i limiti dell'asse)."""
    basso, alto = sorted(asse.get_view_interval())
    margine = (alto - basso) * 1e-9
    etichette = []
    for tacca in asse.get_major_ticks() + asse.get_minor_ticks():
        if basso - margine <= tacca.get_loc() <= alto + margine:
            etichette += [e for e in (tacca.label1, tacca.label2) if e.get_visible()]
    return etichette


def _scritte(fig):
    """Le scritte visibili della figura, ciascuna con il suo riquadro in pixel: (gruppo, testo, riquadro)."""
    rend = _disegna(fig)
    scritte = []

    def aggiungi(gruppo, artista):
        if artista is None or not artista.get_visible() or not artista.get_text().strip():
            return
        scritte.append((gruppo, artista.get_text(), artista.get_window_extent(rend)))

    if getattr(fig, "_suptitle", None) is not None:
        aggiungi("titolo", fig._suptitle)
    for t in fig.texts:
        aggiungi("figura", t)
    for n, ax in enumerate(fig.get_axes()):
        if not ax.get_visible():
            continue
        for titolo in (ax._left_title, ax.title, ax._right_title):
            aggiungi(f"asse{n}-titolo", titolo)
        aggiungi(f"asse{n}-x", ax.xaxis.label)
        aggiungi(f"asse{n}-y", ax.yaxis.label)
        for etichetta in _tacche_disegnate(ax.xaxis):
            aggiungi(f"asse{n}-tacche-x", etichetta)
        for etichetta in _tacche_disegnate(ax.yaxis):
            aggiungi(f"asse{n}-tacche-y", etichetta)
        for t in ax.texts:
            aggiungi(f"asse{n}-scritte", t)
        legenda = ax.get_legend()
        if legenda is not None and legenda.get_visible():
            for t in legenda.get_texts():
                aggiungi(f"asse{n}-legenda", t)
    for legenda in fig.legends:
        for t in legenda.get_texts():
            aggiungi("legenda-figura", t)
    return scritte


def _sovrapposte(a, b, *, margine: float = 1.0) -> bool:
    larghezza = min(a.x1, b.x1) - max(a.x0, b.x0)
    altezza = min(a.y1, b.y1) - max(a.y0, b.y0)
    return larghezza > margine and altezza > margine


CASI = sorted(_funzioni_di_disegno())


def test_ogni_funzione_di_disegno_e_provata():
    assert set(_casi()) == _funzioni_di_disegno()


@pytest.fixture(scope="module")
def figure():
    import matplotlib.pyplot as plt

    disegnate = {nome: chiama() for nome, chiama in _casi().items()}
    yield disegnate
    for fig in disegnate.values():
        plt.close(fig)


@pytest.mark.parametrize("nome", CASI)
def test_nessuna_scritta_si_accavalla(figure, nome):
    scritte = _scritte(figure[nome])
    assert scritte, f"{nome}: nessuna scritta"
    accavallate = [(t1, t2) for (g1, t1, r1), (g2, t2, r2) in itertools.combinations(scritte, 2)
                   if _sovrapposte(r1, r2)]
    assert not accavallate, f"{nome}: scritte una sopra l'altra: {accavallate[:5]}"


@pytest.mark.parametrize("nome", CASI)
def test_la_legenda_non_copre_scritte_ne_esce_dalla_figura(figure, nome):
    fig = figure[nome]
    rend = _disegna(fig)
    legende = [ax.get_legend() for ax in fig.get_axes() if ax.get_legend() is not None] + list(fig.legends)
    scritte = [(g, t, r) for g, t, r in _scritte(fig) if "legenda" not in g]
    riquadro_figura = fig.bbox
    for legenda in legende:
        r = legenda.get_window_extent(rend)
        coperte = [t for _, t, rs in scritte if _sovrapposte(r, rs)]
        assert not coperte, f"{nome}: la legenda copre {coperte[:5]}"
    for _, testo, r in _scritte(fig):
        assert r.x0 >= riquadro_figura.x0 - 1 and r.x1 <= riquadro_figura.x1 + 1, f"{nome}: «{testo}» esce di lato"


@pytest.mark.parametrize("nome", CASI)
def test_grafici_lunghi_stanno_nello_schermo_o_evidenziano_l_ambito(figure, nome):
    fig = figure[nome]
    alto = fig.get_size_inches()[1] * DPI
    if alto <= ALTEZZA_SCHERMO_PX:
        return
    scritte = [t for _, t, _ in _scritte(fig)]
    evidenziate = [e.get_text() for ax in fig.get_axes() for e in ax.get_yticklabels()
                   if e.get_fontweight() in ("bold", 700)]
    assert GAGLIANO in evidenziate or any(GAGLIANO in t for t in scritte), (
        f"{nome}: alto {alto:.0f} px (lo schermo ne mostra {ALTEZZA_SCHERMO_PX}) e non evidenzia l'Ambito scelto")


@pytest.mark.parametrize("nome", CASI)
def test_ogni_grafico_ha_una_descrizione_in_italiano(figure, nome):
    testo = descrivi(figure[nome])
    assert len(testo) > 30 and testo.startswith("Grafico"), testo
