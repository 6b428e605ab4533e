"""Grafici dei profili di competenza (viste sottili sopra :mod:`course.valutazione.profili`).

Ogni funzione restituisce una ``Figure`` di matplotlib, senza toccare lo stile globale. I colori
vengono dalla tavolozza del corso (Okabe–Ito, leggibile anche da chi non distingue il rosso dal
verde): nella mappa delle competenze si va dal vermiglio (quota bassa) al blu (quota alta), e ogni
casella porta comunque scritta la sua percentuale.
"""

from __future__ import annotations

import numpy as np

from course import formato
from course.grafici.stile import TAVOLOZZA, asse_numeri_italiani, figura_vuota, nuova_figura
from course.parametri import parametro

__all__ = ["grafico_competenze", "mappa_competenze", "scala_competenze"]


def scala_competenze():
    """La scala di colori della mappa: vermiglio → arancio → grigio chiaro → azzurro → blu (tavolozza del corso).

    >>> scala_competenze().name
    'competenze'
    """
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(
        "competenze", [TAVOLOZZA[3], TAVOLOZZA[1], "#F2F2F2", TAVOLOZZA[5], TAVOLOZZA[0]])


def grafico_competenze(profilo, *, titolo: str = "Profilo di competenza"):
    """Barre della quota raggiunta su ogni competenza, con le soglie «base» e «piena».

    ``profilo``: righe di :func:`~course.valutazione.profili.profilo_corsisti` (o ``profilo_gruppi``)
    di un solo corsista o gruppo.

    >>> import pandas as pd
    >>> fig = grafico_competenze(pd.DataFrame({"competenza": ["C1", "C3"], "quota": [0.9, 0.4]}))
    >>> fig.axes[0].get_title()
    'Profilo di competenza'
    """
    if profilo is None or len(profilo) == 0:
        return figura_vuota("Nessuna competenza valutata: correggi prima almeno un compito.")
    dati = profilo.sort_values("competenza")
    base, piena = parametro("soglia_competenza_base"), parametro("soglia_competenza_piena")
    colori = [TAVOLOZZA[2] if q >= piena else TAVOLOZZA[1] if q >= base else TAVOLOZZA[3] for q in dati["quota"]]
    fig, ax = nuova_figura(altezza=4)
    ax.bar(dati["competenza"], dati["quota"], color=colori)
    ax.axhline(base, color=TAVOLOZZA[1], linestyle="--", linewidth=1, label=f"soglia base ({formato.percentuale(base, da_quota=True, decimali=0)})")
    ax.axhline(piena, color=TAVOLOZZA[2], linestyle="--", linewidth=1, label=f"soglia piena ({formato.percentuale(piena, da_quota=True, decimali=0)})")
    ax.set_ylim(0, 1.05)
    asse_numeri_italiani(ax.yaxis, percentuale=True)
    ax.set_ylabel("Quota dei punti raggiunta")
    ax.set_xlabel("Competenza")
    ax.set_title(titolo)
    ax.legend(loc="upper right", frameon=False)
    return fig


def _luminanza(colore) -> float:
    """Luminanza relativa (WCAG) di un colore RGB(A) con componenti tra 0 e 1."""
    lineari = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in colore[:3]]
    return 0.2126 * lineari[0] + 0.7152 * lineari[1] + 0.0722 * lineari[2]


def mappa_competenze(profilo, *, per: str = "studente", titolo: str = "Competenze raggiunte"):
    """Una tabella colorata: una riga per corsista (o Ambito), una colonna per competenza, la quota in ogni casella.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"studente": ["ada", "bea"], "competenza": ["C1", "C1"], "quota": [1.0, 0.25]})
    >>> mappa_competenze(p).axes[0].get_ylabel()
    'Corsista'
    """
    if profilo is None or len(profilo) == 0:
        return figura_vuota("Nessuna competenza valutata: correggi prima almeno un compito.")
    tabella = profilo.pivot_table(index=per, columns="competenza", values="quota")
    uno_solo = (profilo.pivot_table(index=per, columns="competenza", values="esercizi").reindex_like(tabella) == 1
                if "esercizi" in profilo.columns else tabella.isna() & False)
    fig, ax = nuova_figura(larghezza=max(5, 1 + 0.9 * tabella.shape[1]), altezza=max(2.5, 0.8 + 0.35 * tabella.shape[0]))
    ax.grid(False)
    scala = scala_competenze()
    immagine = ax.imshow(tabella.to_numpy(dtype=float), cmap=scala, vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(tabella.shape[1]), list(tabella.columns))
    ax.set_yticks(range(tabella.shape[0]), [str(i) for i in tabella.index])
    for (i, j), q in np.ndenumerate(tabella.to_numpy(dtype=float)):
        if not np.isnan(q):
            scuro = _luminanza(scala(q)) < 0.18  # testo bianco solo sulle caselle scure (contrasto)
            segno = "*" if bool(uno_solo.iloc[i, j]) else ""
            ax.text(j, i, formato.percentuale(q, da_quota=True, decimali=0) + segno, ha="center", va="center", fontsize=8,
                    color="white" if scuro else "black")
    if bool(uno_solo.to_numpy().any()):
        # come etichetta della figura: il layout le fa posto sotto l'asse (fig.text finiva sopra «Competenza»)
        fig.supxlabel("* competenza misurata da un solo esercizio", x=0.01, ha="left", fontsize=8)
    ax.set_ylabel({"studente": "Corsista", "ambito": "Ambito", "squadra": "Squadra"}.get(per, per))
    ax.set_xlabel("Competenza")
    ax.set_title(titolo)
    barra = fig.colorbar(immagine, ax=ax, label="Quota raggiunta")
    asse_numeri_italiani(barra.ax.yaxis, percentuale=True)
    return fig
