"""Grafici delle scadenze: anzianità dei casi aperti e carico dei case manager.

Ogni funzione riceve il risultato di una funzione di :mod:`course.scadenze` (o la tabella ``patti``)
e restituisce la ``Figure`` di matplotlib.

>>> import pandas as pd
>>> s = pd.DataFrame({"giorni_aperto": [10, 45, 400], "stato": ["nei termini", "scaduta", "scaduta"]})
>>> grafico_anzianita(s).axes[0].get_xlabel()
'Giorni dalla domanda'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import formato
from course.date import leggi_data
from course.grafici.stile import (TAVOLOZZA, altezza_per_righe, asse_numeri_italiani, figura_vuota,
                                  nuova_figura)

__all__ = ["COLORI_STATO", "grafico_anzianita", "grafico_carico"]

COLORI_STATO = {"scaduta": TAVOLOZZA[3], "in scadenza": TAVOLOZZA[1], "da verificare": "#999999",
                "nei termini": TAVOLOZZA[0]}
"""Un colore per stato della scadenza (tavolozza leggibile anche da chi non distingue i colori)."""


def _asse_conteggi(asse) -> None:
    """Un asse di conteggi: solo tacche intere (con pochi casi niente «0 0 0 1 1 1»), scritte all'italiana."""
    from matplotlib.ticker import MaxNLocator

    asse.set_major_locator(MaxNLocator(integer=True))
    asse_numeri_italiani(asse)


def grafico_anzianita(scadenze, *, alla_data=None, classi=None, titolo: str | None = None):
    """Barre impilate: quanti casi aperti per classe di anzianità, colorati per stato della scadenza.

    ``scadenze`` è il risultato di ``prossime_scadenze``/``scadenzario`` (anche filtrato) oppure la
    tabella ``patti``; ``classi`` come in :func:`course.scadenze.anzianita_casi`.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"giorni_aperto": [5, 70, 200], "stato": ["nei termini", "in scadenza", "scaduta"]})
    >>> fig = grafico_anzianita(s, classi=(0, 60, 180))
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['0-59', '60-179', '180 e oltre']
    """
    from course.scadenze import anzianita_casi

    opzioni = {} if classi is None else {"classi": classi}
    tab = anzianita_casi(scadenze, alla_data=alla_data, **opzioni)
    if tab["totale"].sum() == 0:
        return figura_vuota("Nessun caso aperto da mostrare: la tabella è vuota o il filtro è troppo stretto.")
    fig, ax = nuova_figura()
    posizioni = np.arange(len(tab))
    base = np.zeros(len(tab))
    for stato, colore in COLORI_STATO.items():
        valori = tab[stato].to_numpy(float)
        if valori.sum() == 0:
            continue
        ax.bar(posizioni, valori, bottom=base, color=colore, label=stato, edgecolor="white", linewidth=0.5)
        base += valori
    for x, totale in zip(posizioni, tab["totale"]):
        if totale:
            ax.text(x, totale, formato.numero(totale, decimali=0), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(posizioni, [c.replace(" giorni", "") for c in tab.index], rotation=0)
    ax.set_xlabel("Giorni dalla domanda")
    ax.set_ylabel("Casi aperti")
    _asse_conteggi(ax.yaxis)
    # la data scelta da chi chiama vale più di quella dei dati (è quella con cui si sono contati i giorni)
    giorno = (leggi_data(alla_data, cosa="la data (alla_data)") if alla_data is not None
              else getattr(scadenze, "attrs", {}).get("data_riferimento"))
    sottotitolo = f" al {formato.data(giorno, breve=True)}" if giorno is not None else ""
    ax.set_title(titolo or f"Anzianità dei casi aperti{sottotitolo}", loc="left")
    ax.legend(title="Stato della scadenza", frameon=False, fontsize=8)
    return fig


def grafico_carico(carico: pd.DataFrame, *, quanti: int = 25, titolo: str | None = None):
    """Barre orizzontali per case manager: casi scaduti, in scadenza e gli altri aperti.

    ``carico`` è il risultato di :func:`course.scadenze.carico_case_manager`; si mostrano i primi
    ``quanti`` case manager nell'ordine della tabella (prima chi ha più casi scaduti). Se c'è la
    colonna ``casi_per_fte`` il valore è scritto accanto alla barra.

    >>> import pandas as pd
    >>> carico = pd.DataFrame({"id_operatore": ["OP1", "OP2"], "casi_aperti": [30, 12],
    ...                        "casi_scaduti": [6, 0], "casi_in_scadenza": [4, 1]})
    >>> [t.get_text() for t in grafico_carico(carico).axes[0].get_yticklabels()]
    ['OP2', 'OP1']
    """
    from course.errori import controlla_colonne

    controlla_colonne(carico, ["id_operatore", "casi_aperti", "casi_scaduti", "casi_in_scadenza"],
                      tabella="carico (il risultato di carico_case_manager)")
    if len(carico) == 0:
        return figura_vuota("Nessun case manager da mostrare: la tabella è vuota o il filtro è troppo stretto.")
    parte = carico.head(quanti).iloc[::-1]
    fig, ax = nuova_figura(altezza=altezza_per_righe(len(parte)))
    y = np.arange(len(parte))
    scadute = parte["casi_scaduti"].to_numpy(float)
    vicine = parte["casi_in_scadenza"].to_numpy(float)
    altre = parte["casi_aperti"].to_numpy(float) - scadute - vicine
    sinistra = np.zeros(len(parte))
    for valori, stato in [(scadute, "scaduta"), (vicine, "in scadenza"), (altre, "nei termini")]:
        ax.barh(y, valori, left=sinistra, color=COLORI_STATO[stato], label=stato, edgecolor="white", linewidth=0.5)
        sinistra += valori
    if "casi_per_fte" in parte.columns:
        for yi, totale, per_fte in zip(y, sinistra, parte["casi_per_fte"]):
            if pd.notna(per_fte):
                ax.text(totale, yi, f"  {formato.numero(per_fte, decimali=1)} per FTE", va="center", fontsize=7)
    ax.set_yticks(y, parte["id_operatore"].astype(str))
    ax.set_xlabel("Casi aperti")
    _asse_conteggi(ax.xaxis)
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    ax.set_title(titolo or "Carico di lavoro dei case manager", loc="left")
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return fig
