"""Basi comuni dei grafici: tavolozza leggibile anche da chi non distingue i colori, assi all'italiana.

Numeri e date si scrivono con ``course.formato``, come nel resto del corso.

>>> TAVOLOZZA[0]
'#0072B2'
"""

from __future__ import annotations

from course import formato

__all__ = ["TAVOLOZZA", "nuova_figura", "asse_numeri_italiani", "asse_date_italiane", "figura_vuota"]

# Tavolozza di Okabe e Ito: distinguibile con le più comuni forme di daltonismo.
TAVOLOZZA = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


def nuova_figura(*, larghezza: float = 8, altezza: float = 4.5):
    """Una figura e un asse con lo stile del corso, senza toccare le impostazioni globali di matplotlib."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(larghezza, altezza), layout="constrained")
    ax = fig.add_subplot()
    ax.set_prop_cycle(color=list(TAVOLOZZA))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, axis="y", alpha=0.3)
    return fig, ax


def asse_numeri_italiani(asse, *, decimali: int = 0, percentuale: bool = False) -> None:
    """Scrive i numeri di un asse (``ax.xaxis`` o ``ax.yaxis``) all'italiana."""
    from matplotlib.ticker import FuncFormatter

    if percentuale:
        asse.set_major_formatter(FuncFormatter(lambda v, _: formato.percentuale(v, da_quota=True, decimali=decimali)))
    else:
        asse.set_major_formatter(FuncFormatter(lambda v, _: formato.numero(v, decimali=decimali)))


def asse_date_italiane(asse) -> None:
    """Scrive le date di un asse come «mar 2025»."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    asse.set_major_formatter(FuncFormatter(lambda v, _: formato.mese(mdates.num2date(v))))


def figura_vuota(messaggio: str):
    """Una figura che spiega perché non c'è niente da disegnare (tabella vuota, filtro troppo stretto)."""
    fig, ax = nuova_figura(altezza=2)
    ax.axis("off")
    ax.text(0.5, 0.5, messaggio, ha="center", va="center", wrap=True)
    return fig
