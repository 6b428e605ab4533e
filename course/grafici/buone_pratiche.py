"""Grafici delle buone pratiche: motivi di esclusione, punteggi della griglia, sensibilità ai pesi.

>>> import pandas as pd
>>> from course import buone_pratiche
>>> c = pd.DataFrame({"id_candidatura": ["A", "B"], "titolo": ["Sportello", "Orti"], "n_partner": [2, 5]})
>>> grafico_punteggi(buone_pratiche.punteggi(c)).axes[0].get_xlabel()
'Punteggio (0-100): ogni colore è il contributo di un criterio'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import formato
from course.grafici.stile import TAVOLOZZA, altezza_per_righe, asse_numeri_italiani, figura_vuota, nuova_figura

__all__ = ["grafico_istruttoria", "grafico_punteggi", "grafico_sensibilita"]


def _altezza(n: int) -> float:
    return altezza_per_righe(n, per_riga=0.3, base=1.6)


def _legenda_sotto(fig, ax, *, colonne: int) -> None:
    """La legenda sotto il grafico, fuori dall'area dei dati, così non copre nessuna barra."""
    maniglie, etichette = ax.get_legend_handles_labels()
    fig.legend(maniglie, etichette, loc="outside lower center", ncols=colonne, fontsize=7, frameon=False)


def _etichette(df: pd.DataFrame) -> pd.Series:
    if "titolo" not in df.columns:
        return df["id_candidatura"].astype(str)
    titolo = df["titolo"].astype(str).str.slice(0, 38)
    return df["id_candidatura"].astype(str) + " · " + titolo


def grafico_istruttoria(esito: pd.DataFrame, *, titolo: str | None = None):
    """Quante candidature sono ammesse ed escluse, e per quali motivi (risultato di :func:`course.buone_pratiche.istruttoria`).

    >>> import pandas as pd
    >>> esito = pd.DataFrame({"esito": ["ammessa", "esclusa"], "motivi": ["", "non inviata via PEC"]})
    >>> grafico_istruttoria(esito).axes[0].get_title()
    'Istruttoria: 1 ammessa, 1 esclusa'
    """
    from course.buone_pratiche import motivi_esclusione

    if esito.empty:
        return figura_vuota("Nessuna candidatura da mostrare.")
    motivi = motivi_esclusione(esito).sort_values("candidature")
    ammesse, escluse = int((esito["esito"] == "ammessa").sum()), int((esito["esito"] == "esclusa").sum())
    parole = (f"{ammesse} {'ammessa' if ammesse == 1 else 'ammesse'}, "
              f"{escluse} {'esclusa' if escluse == 1 else 'escluse'}")
    intestazione = titolo or f"Istruttoria: {parole}"
    if motivi.empty:
        fig = figura_vuota(f"{intestazione}.\nNessuna candidatura esclusa.")
        return fig
    fig, ax = nuova_figura(larghezza=9, altezza=_altezza(len(motivi)))
    y = np.arange(len(motivi))
    ax.barh(y, motivi["candidature"], color=TAVOLOZZA[3], height=0.6)
    for yi, v in zip(y, motivi["candidature"]):
        ax.annotate(formato.numero(v, decimali=0), (v, yi), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.set_yticks(y, motivi["motivo"].str.wrap(60), fontsize=8)
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    asse_numeri_italiani(ax.xaxis)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Candidature escluse per questo motivo (una può averne più d'uno)")
    ax.set_title(intestazione)
    return fig


def grafico_punteggi(p: pd.DataFrame, *, primi: int | None = None, titolo: str | None = None):
    """Barre impilate: quanto pesa ogni criterio nel punteggio di ogni pratica (risultato di :func:`course.buone_pratiche.punteggi`).

    Con ``primi`` mostra solo le prime pratiche della graduatoria.

    >>> import pandas as pd
    >>> from course import buone_pratiche
    >>> c = pd.DataFrame({"id_candidatura": ["A", "B"], "titolo": ["Sportello", "Orti"], "n_partner": [2, 5]})
    >>> len(grafico_punteggi(buone_pratiche.punteggi(c), primi=1).axes[0].get_yticklabels())
    1
    """
    from course.buone_pratiche import CRITERI, VOTO_MASSIMO, criteri_esclusi

    if p.empty:
        return figura_vuota("Nessuna pratica da valutare (forse nessuna è stata ammessa).")
    dati = p.sort_values("posizione").head(primi) if primi else p.sort_values("posizione")
    dati = dati.iloc[::-1]
    pesi = p.attrs.get("pesi") or {c: 1.0 for c in CRITERI}
    esclusi = set(criteri_esclusi(p))
    voti = dati[list(CRITERI)].to_numpy(float)
    # come nel punteggio: ogni pratica divide per i pesi dei soli criteri con un voto
    somma = (~np.isnan(voti)) @ np.array([pesi[c] for c in CRITERI])
    fig, ax = nuova_figura(larghezza=9, altezza=_altezza(len(dati)))
    y = np.arange(len(dati))
    sinistra = np.zeros(len(dati))
    for i, (criterio, (etichetta, _)) in enumerate(CRITERI.items()):
        with np.errstate(divide="ignore", invalid="ignore"):
            contributo = np.nan_to_num(voti[:, i] * pesi[criterio] / (VOTO_MASSIMO * somma) * 100)
        nota = "senza voti, escluso" if criterio in esclusi else f"peso {formato.numero(pesi[criterio], decimali=1)}"
        ax.barh(y, contributo, left=sinistra, color=TAVOLOZZA[i % len(TAVOLOZZA)], height=0.7,
                label=f"{etichetta} ({nota})")
        sinistra += contributo
    for yi, v in zip(y, dati["punteggio"]):
        ax.annotate(formato.numero(v, decimali=1), (v, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, _etichette(dati), fontsize=7)
    ax.set_xlim(0, 100)
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    asse_numeri_italiani(ax.xaxis)
    ax.set_xlabel("Punteggio (0-100): ogni colore è il contributo di un criterio")
    ax.set_title(titolo or "Griglia di valutazione delle buone pratiche")
    _legenda_sotto(fig, ax, colonne=4)
    return fig


def grafico_sensibilita(s: pd.DataFrame, *, titolo: str | None = None):
    """Posizioni raggiunte da ogni pratica cambiando i pesi (risultato di :func:`course.buone_pratiche.sensibilita`).

    La barra va dalla posizione migliore alla peggiore; a destra la quota di simulazioni nelle prime N
    (``primi`` di :func:`course.buone_pratiche.sensibilita`).

    >>> import pandas as pd
    >>> from course import buone_pratiche
    >>> c = pd.DataFrame({"id_candidatura": ["A", "B"], "titolo": ["Sportello", "Orti"], "n_partner": [2, 5]})
    >>> fig = grafico_sensibilita(buone_pratiche.sensibilita(c, primi=1, simulazioni=50))
    >>> [e.get_text() for e in fig.axes[1].get_yticklabels()]
    ['0 %', '100 %']
    """
    if s.empty or "posizione_min" not in s.columns:
        return figura_vuota("Nessuna pratica da mostrare.")
    dati = s.sort_values(["posizione", "id_candidatura"]).iloc[::-1]
    primi = s.attrs.get("primi", 5)
    fig, ax = nuova_figura(larghezza=9, altezza=_altezza(len(dati)))
    y = np.arange(len(dati))
    ax.hlines(y, dati["posizione_min"], dati["posizione_max"], color=TAVOLOZZA[5], lw=4,
              label="posizioni raggiunte cambiando i pesi")
    ax.scatter(dati["posizione_mediana"], y, color=TAVOLOZZA[1], marker="|", s=120, zorder=3, label="posizione mediana")
    ax.scatter(dati["posizione"], y, color=TAVOLOZZA[0], s=24, zorder=4, label="posizione con i pesi scelti")
    ax.axvline(primi + 0.5, color="black", ls="--", lw=1, label=f"confine delle prime {primi}")
    # con una parte della tabella (es. le prime 12) le posizioni possono andare oltre il numero di righe
    n = max(len(dati), int(dati["posizione_max"].max()))
    ax.set_yticks(y, _etichette(dati), fontsize=7)
    ax.set_xlim(0.5, n + 0.5)
    ax.invert_xaxis()
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    asse_numeri_italiani(ax.xaxis)
    ax.xaxis.get_major_locator().set_params(integer=True)
    variazione = formato.percentuale(s.attrs.get("variazione", 0.5), da_quota=True, decimali=0)
    ax.set_xlabel(f"Posizione (1 = migliore), con i pesi cambiati a caso fino al {variazione}")
    # a destra, la quota di simulazioni in cui la pratica resta tra le prime
    destra = ax.twinx()
    destra.set_ylim(ax.get_ylim())
    destra.set_yticks(y, [formato.percentuale(q, da_quota=True, decimali=0) for q in dati["quota_primi"]], fontsize=7)
    destra.spines[["top", "right", "left"]].set_visible(False)
    destra.tick_params(axis="y", length=0)
    destra.set_ylabel(f"Volte tra le prime {primi}", fontsize=8)
    ax.set_title(titolo or "Quanto è stabile la graduatoria se cambiano i pesi?")
    _legenda_sotto(fig, ax, colonne=2)
    return fig
