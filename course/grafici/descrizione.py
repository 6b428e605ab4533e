"""Il testo alternativo di un grafico: che cosa mostra, a parole, per chi non lo vede.

Serve a chi usa un lettore di schermo (nel sito del corso e nel Lab) e ai test, che confrontano i
grafici come testo. Se la funzione che disegna il grafico conosce una descrizione migliore la scrive
in ``fig.descrizione``; altrimenti la descrizione si ricava dal grafico: titolo, assi, barre, linee.

>>> from course.grafici.stile import nuova_figura
>>> fig, ax = nuova_figura()
>>> _ = ax.bar(["Bari", "Lecce"], [12.5, 7])
>>> _ = ax.set_title("Patti per Ambito"); _ = ax.set_ylabel("Patti")
>>> print(descrivi(fig))
Grafico «Patti per Ambito». Asse verticale: Patti. 2 barre verticali: Bari 12,5; Lecce 7.
"""

from __future__ import annotations

from course import formato

__all__ = ["descrivi", "registra_testo_alternativo"]

_MASSIMO_VOCI = 12  # oltre, si dicono le prime e quante sono in tutto


def _numero(x) -> str:
    return formato.numero(x)


def _elenco(voci: list[str]) -> str:
    if len(voci) <= _MASSIMO_VOCI:
        return "; ".join(voci)
    return "; ".join(voci[:_MASSIMO_VOCI]) + f"; … e altre {len(voci) - _MASSIMO_VOCI}"


def _barre(ax) -> list[str]:
    """Una frase per serie di barre: il nome della serie (se c'è) e «categoria valore» per ogni barra."""
    from matplotlib.container import BarContainer

    frasi = []
    for serie in (c for c in ax.containers if isinstance(c, BarContainer) and len(c)):
        orizzontali = getattr(serie, "orientation", "vertical") == "horizontal"
        etichette = ax.get_yticklabels() if orizzontali else ax.get_xticklabels()
        posizioni = {round(e.get_position()[1 if orizzontali else 0], 6): e.get_text() for e in etichette}
        voci = []
        for barra in serie:
            centro = barra.get_y() + barra.get_height() / 2 if orizzontali else barra.get_x() + barra.get_width() / 2
            valore = barra.get_width() if orizzontali else barra.get_height()
            voci.append(f"{posizioni.get(round(centro, 6), '')} {_numero(valore)}".strip())
        nome = serie.get_label()
        nome = f" «{nome}»" if nome and not nome.startswith("_") else ""
        verso = "orizzontali" if orizzontali else "verticali"
        frasi.append(f"{len(serie)} barre {verso}{nome}: {_elenco(voci)}.")
    return frasi


def _linee(ax) -> list[str]:
    import numpy as np

    frasi = []
    for linea in ax.get_lines():
        try:
            x = np.asarray(linea.get_xdata(), dtype=float)
            y = np.asarray(linea.get_ydata(), dtype=float)
        except (TypeError, ValueError):
            continue
        if len(y) < 2:
            continue
        nome = linea.get_label()
        etichetta = "" if nome.startswith("_") else f" «{nome}»"
        if np.all(y == y[0]):
            frasi.append(f"linea orizzontale{etichetta} a {_numero(y[0])}.")
        elif np.all(x == x[0]):
            frasi.append(f"linea verticale{etichetta} a {_numero(x[0])}.")
        else:
            frasi.append(f"linea{etichetta}: {len(y)} punti, da {_numero(y[0])} a {_numero(y[-1])}.")
    return frasi


def _punti(ax) -> list[str]:
    from matplotlib.collections import PathCollection

    frasi = []
    for raccolta in ax.collections:
        if isinstance(raccolta, PathCollection) and len(raccolta.get_offsets()):
            nome = raccolta.get_label()
            etichetta = f" «{nome}»" if nome and not nome.startswith("_") else ""
            frasi.append(f"{len(raccolta.get_offsets())} punti{etichetta}.")
    return frasi


def _asse(ax) -> str:
    parti = []
    titolo = ax.get_title()
    if titolo:
        parti.append(f"Riquadro «{titolo}».")
    if ax.get_xlabel():
        parti.append(f"Asse orizzontale: {ax.get_xlabel()}.")
    if ax.get_ylabel():
        parti.append(f"Asse verticale: {ax.get_ylabel()}.")
    contenuto = _barre(ax) + _linee(ax) + _punti(ax)
    parti += contenuto
    legenda = ax.get_legend()
    if legenda is not None:
        voci = [t.get_text() for t in legenda.get_texts() if t.get_text()]
        if voci:
            parti.append(f"Legenda: {', '.join(voci)}.")
    if not contenuto and not any(t.get_text() for t in ax.texts):
        parti.append("Nessun dato disegnato.")
    parti += [f"Scritta: {t.get_text()}." for t in ax.texts if t.get_text()][:3]
    return " ".join(parti)


def descrivi(fig) -> str:
    """La descrizione a parole di una figura matplotlib (``fig.descrizione`` se la funzione l'ha scritta)."""
    propria = getattr(fig, "descrizione", None)
    if isinstance(propria, str) and propria.strip():
        return propria.strip()
    assi = [ax for ax in fig.get_axes() if ax.get_visible() and ax.get_label() != "<colorbar>"]
    titolo = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) is not None else ""
    if not titolo and len(assi) == 1:
        titolo = assi[0].get_title()
    testo = [f"Grafico «{titolo}»." if titolo else "Grafico."]
    for ax in assi:
        parte = _asse(ax)
        if len(assi) == 1 and titolo and parte.startswith(f"Riquadro «{titolo}»."):
            parte = parte.removeprefix(f"Riquadro «{titolo}».").strip()
        if parte:
            testo.append(parte)
    return " ".join(testo)


def registra_testo_alternativo(shell=None) -> bool:
    """Nel kernel: ogni figura mostrata porta la sua descrizione come testo alternativo dell'immagine.

    Usa i metadati ``alt`` dell'immagine PNG, che JupyterLab e il sito del corso mettono nell'attributo
    ``alt``. Restituisce ``False`` fuori da IPython.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    from IPython.core.pylabtools import print_figure
    from matplotlib.figure import Figure

    def con_testo_alternativo(fig, include=None, exclude=None):
        png = print_figure(fig, "png", bbox_inches="tight")
        if png is None:
            return None
        return {"image/png": png, "text/plain": f"<Grafico: {descrivi(fig)}>"}, {"image/png": {"alt": descrivi(fig)}}

    shell.display_formatter.mimebundle_formatter.for_type(Figure, con_testo_alternativo)
    return True
