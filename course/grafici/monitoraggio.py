"""Grafici del monitoraggio: rispetto della regola delle ore per mese, ore di un Patto, spesa del Piano operativo.

Ogni funzione riceve il risultato di una funzione di :mod:`course.monitoraggio` o
:mod:`course.piano_operativo` e restituisce la ``Figure`` di matplotlib.

>>> import pandas as pd
>>> conf = pd.DataFrame({"id_patto": ["P1", "P2"], "mese": pd.to_datetime(["2025-01-01"] * 2),
...     "ore_previste": [70, 70], "ore_svolte": [70, 40], "ore_qualificanti": [40, 0],
...     "assenze_ingiustificate": [0, 30], "conforme": [True, False]})
>>> grafico_conformita(conf).axes[0].get_ylabel()
'Mesi-Patto conformi'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import formato
from course.grafici.stile import (TAVOLOZZA, asse_date_italiane, asse_numeri_italiani, figura_vuota,
                                  nuova_figura)

__all__ = ["grafico_conformita", "grafico_ore_patto", "grafico_spesa"]


def grafico_conformita(conformita: pd.DataFrame, *, titolo: str | None = None):
    """Per ogni mese: la quota di Patti che rispettano la regola delle ore e il tasso di presenza.

    ``conformita`` è il risultato di :func:`course.monitoraggio.conformita_mensile` (anche filtrato,
    ad esempio sui Patti di un Ambito).

    >>> import pandas as pd
    >>> conf = pd.DataFrame({"id_patto": ["P1", "P1"], "mese": pd.to_datetime(["2025-01-01", "2025-02-01"]),
    ...     "ore_previste": [70, 70], "ore_svolte": [70, 40], "assenze_ingiustificate": [0, 30],
    ...     "conforme": [True, False]})
    >>> grafico_conformita(conf).axes[0].lines[0].get_ydata().tolist()
    [1.0, 0.0]
    """
    from course.monitoraggio import riepilogo_conformita

    mesi = riepilogo_conformita(conformita, per="mese")
    if len(mesi) == 0:
        return figura_vuota("Nessun mese da mostrare: la tabella è vuota o il filtro è troppo stretto.")
    fig, ax = nuova_figura()
    ax.plot(mesi["mese"], mesi["quota_conformi"], marker="o", color=TAVOLOZZA[0], label="Mesi-Patto conformi")
    ax.plot(mesi["mese"], mesi["tasso_presenza"], marker="s", linestyle="--", color=TAVOLOZZA[2],
            label="Tasso di presenza (ore svolte / previste)")
    ax.set_ylim(0, 1.05)
    asse_numeri_italiani(ax.yaxis, percentuale=True)
    asse_date_italiane(ax.xaxis)
    ax.set_ylabel("Mesi-Patto conformi")
    ax.set_xlabel("Mese")
    ax.set_title(titolo or "Rispetto della regola delle ore, mese per mese", loc="left")
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    return fig


def grafico_ore_patto(conformita: pd.DataFrame, id_patto: str, *, titolo: str | None = None):
    """Le ore di un Patto mese per mese: qualificanti e altre, con la soglia minima e i mesi non conformi.

    La linea orizzontale è ``ore_mensili_minime`` (dalla tabella dei parametri).

    >>> import pandas as pd
    >>> conf = pd.DataFrame({"id_patto": ["P1", "P1"], "mese": pd.to_datetime(["2025-01-01", "2025-02-01"]),
    ...     "ore_svolte": [70, 40], "ore_qualificanti": [40, 10], "conforme": [True, False]})
    >>> fig = grafico_ore_patto(conf, "P1")
    >>> len(fig.axes[0].patches), fig.axes[0].get_title(loc="left")
    (4, 'Ore del Patto P1')
    """
    from course.errori import ErroreCorso, controlla_colonne, nomi_vicini
    from course.parametri import parametro

    controlla_colonne(conformita, ["id_patto", "mese", "ore_svolte", "ore_qualificanti", "conforme"],
                      tabella="conformità mensile (il risultato di conformita_mensile)")
    righe = conformita[conformita["id_patto"].astype(str) == str(id_patto)].sort_values("mese")
    if len(righe) == 0:
        vicini = nomi_vicini(str(id_patto), conformita["id_patto"].astype(str).unique())
        forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
        raise ErroreCorso(f"Il Patto {id_patto!r} non è nella tabella della conformità.{forse}")
    fig, ax = nuova_figura()
    svolte = righe["ore_svolte"].to_numpy(float, na_value=np.nan)
    qualificanti = righe["ore_qualificanti"].to_numpy(float, na_value=np.nan)
    x = righe["mese"].to_numpy()
    # 20 giorni come durata vera: un numero semplice, con date al nanosecondo, varrebbe 20 nanosecondi (barre invisibili)
    larghezza = np.timedelta64(20, "D")
    ax.bar(x, qualificanti, width=larghezza, color=TAVOLOZZA[0], label="Ore in attività qualificanti")
    ax.bar(x, svolte - qualificanti, bottom=qualificanti, width=larghezza, color=TAVOLOZZA[5], label="Altre ore")
    minimo = parametro("ore_mensili_minime")
    # la soglia si legge nella legenda: una scritta sulla linea finirebbe sopra le barre
    ax.axhline(minimo, color=TAVOLOZZA[3], linestyle="--", linewidth=1, label=f"Minimo: {minimo} ore nel mese")
    non_conformi = ~righe["conforme"].astype("boolean").fillna(True).to_numpy(bool)
    if non_conformi.any():
        ax.scatter(x[non_conformi], np.nan_to_num(svolte[non_conformi]) + 2, marker="v", color=TAVOLOZZA[3],
                   label="Mese non conforme", zorder=3)
    asse_date_italiane(ax.xaxis)
    asse_numeri_italiani(ax.yaxis)
    ax.set_ylabel("Ore nel mese")
    ax.set_title(titolo or f"Ore del Patto {id_patto}", loc="left")
    # la legenda sotto il grafico: dentro coprirebbe le barre, che arrivano quasi in cima
    maniglie, etichette = ax.get_legend_handles_labels()
    fig.legend(maniglie, etichette, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    return fig


def grafico_spesa(piano: pd.DataFrame, *, titolo: str | None = None):
    """Per ogni gruppo del Piano operativo: budget, spesa sostenuta e spesa prevista a fine periodo.

    ``piano`` è il risultato di :func:`course.piano_operativo.piano_operativo` (per tipo di azione o
    per Ambito). Le barre della previsione in sovraspesa o sottospesa hanno il segnale scritto sopra.

    >>> import pandas as pd
    >>> piano = pd.DataFrame({"tipo_azione": ["azioni di sistema"], "budget": [10000.0], "spesa": [8000.0],
    ...                       "spesa_prevista_fine": [16000.0], "segnale": ["sovraspesa"]})
    >>> [t.get_text() for t in grafico_spesa(piano).axes[0].texts]
    ['sovraspesa']
    """
    from course.errori import controlla_colonne

    controlla_colonne(piano, ["budget", "spesa", "spesa_prevista_fine", "segnale"],
                      tabella="piano (il risultato di piano_operativo)")
    if len(piano) == 0:
        return figura_vuota("Nessuna azione da mostrare: la tabella è vuota o il filtro è troppo stretto.")
    chiavi = [c for c in ("codice_ambito", "tipo_azione") if c in piano.columns]
    etichette = piano[chiavi].astype(str).agg(" · ".join, axis=1) if chiavi else pd.Series(range(len(piano))).astype(str)
    fig, ax = nuova_figura(larghezza=max(8, 1.4 * len(piano) + 2))
    x = np.arange(len(piano))
    w = 0.27
    ax.bar(x - w, piano["budget"], width=w, color="#BBBBBB", label="Budget")
    ax.bar(x, piano["spesa"], width=w, color=TAVOLOZZA[0], label="Spesa sostenuta")
    ax.bar(x + w, piano["spesa_prevista_fine"], width=w, color=TAVOLOZZA[1], label="Spesa prevista a fine periodo")
    for xi, prevista, segnale in zip(x, piano["spesa_prevista_fine"], piano["segnale"].astype(str)):
        if segnale in ("sovraspesa", "sottospesa") and pd.notna(prevista):
            ax.text(xi + w, prevista, segnale, ha="center", va="bottom", fontsize=7, color=TAVOLOZZA[3])
    ax.set_xticks(x, [e.replace(" ", "\n", 1) for e in etichette], fontsize=8)
    asse_numeri_italiani(ax.yaxis)
    ax.set_ylabel("Euro")
    totale = formato.euro(float(piano["budget"].sum()), decimali=0)
    ax.set_title(titolo or f"Piano operativo: spesa e previsione (budget totale {totale})", loc="left")
    # la legenda sotto il grafico: nell'angolo copriva le barre alte e la scritta «sovraspesa»
    maniglie, etichette = ax.get_legend_handles_labels()
    fig.legend(maniglie, etichette, loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    return fig
