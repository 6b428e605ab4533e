"""Basi comuni dei grafici: tavolozza leggibile anche da chi non distingue i colori, numeri e date all'italiana.

>>> formato_numero(1234.5)
'1.234,5'
>>> formato_numero(0.256, percentuale=True)
'25,6%'
"""

from __future__ import annotations

__all__ = ["TAVOLOZZA", "formato_numero", "formato_data", "nuova_figura", "asse_numeri_italiani", "asse_date_italiane", "figura_vuota"]

# Tavolozza di Okabe e Ito: distinguibile con le più comuni forme di daltonismo.
TAVOLOZZA = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")

MESI = ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic")


def formato_numero(x, *, decimali: int = 1, percentuale: bool = False) -> str:
    """Un numero scritto all'italiana: punto per le migliaia, virgola per i decimali.

    >>> formato_numero(3926931, decimali=0)
    '3.926.931'
    >>> formato_numero(float("nan"))
    'n.d.'
    """
    if x is None or x != x:
        return "n.d."
    valore = x * 100 if percentuale else x
    testo = f"{valore:,.{decimali}f}".replace(",", "§").replace(".", ",").replace("§", ".")
    return testo + ("%" if percentuale else "")


def formato_data(d) -> str:
    """Una data come «3 mar 2025».

    >>> import datetime as dt
    >>> formato_data(dt.date(2025, 3, 3))
    '3 mar 2025'
    """
    return f"{d.day} {MESI[d.month - 1]} {d.year}"


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

    asse.set_major_formatter(FuncFormatter(lambda v, _: formato_numero(v, decimali=decimali, percentuale=percentuale)))


def asse_date_italiane(asse) -> None:
    """Scrive le date di un asse come «mar 2025»."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    asse.set_major_formatter(FuncFormatter(lambda v, _: (lambda d: f"{MESI[d.month - 1]} {d.year}")(mdates.num2date(v))))


def figura_vuota(messaggio: str):
    """Una figura che spiega perché non c'è niente da disegnare (tabella vuota, filtro troppo stretto)."""
    fig, ax = nuova_figura(altezza=2)
    ax.axis("off")
    ax.text(0.5, 0.5, messaggio, ha="center", va="center", wrap=True)
    return fig
