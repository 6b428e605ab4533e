"""Grafici per confrontare gli Ambiti: funnel plot, tassi con intervalli, graduatoria incerta, LEPS, province.

Ogni funzione riceve il risultato di una funzione di :mod:`course.confronto` e restituisce la ``Figure``.

>>> import pandas as pd
>>> from course import confronto
>>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "popolazione": [10000, 40000]})
>>> t = confronto.tassi(pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 9 + ["ATS-BA-02"] * 50}), popolazione=pop)
>>> grafico_funnel(t).axes[0].get_xlabel()
'Residenti (scala logaritmica)'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import formato
from course.grafici.stile import TAVOLOZZA, asse_numeri_italiani, figura_vuota, nuova_figura

__all__ = ["grafico_funnel", "grafico_tassi", "grafico_graduatoria", "grafico_leps", "grafico_province"]

_COLORE_POSIZIONE = {"in linea": TAVOLOZZA[0], "95%": TAVOLOZZA[1], "99,8%": TAVOLOZZA[3], "non": "#999999"}
_VUOTO = "Nessun Ambito da mostrare: la tabella è vuota o il filtro è troppo stretto."


def _nomi(df: pd.DataFrame) -> pd.Series:
    """Nomi brevi per le etichette: «Gagliano del Capo» invece di «Ambito territoriale di Gagliano del Capo»."""
    colonna = "ambito" if "ambito" in df.columns else ("provincia" if "provincia" in df.columns else "codice_ambito")
    return df[colonna].astype(str).str.replace(r"^Ambito territoriale (di )?", "", regex=True)


def _unita(tabella: pd.DataFrame) -> str:
    return tabella.attrs.get("unita") or f"ogni {formato.numero(tabella.attrs.get('per', 1000), decimali=0)} residenti"


def _altezza(n: int) -> float:
    return min(max(2.5, 0.24 * n + 1.5), 14)


def _asse_valori(asse) -> None:
    """Tacche a passi di 1, 2 o 5 (per una potenza di 10) scritte con i decimali che servono: mai «1,2» su 1,25."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    asse.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10]))

    def scrivi(valore, _posizione):
        tacche = asse.get_majorticklocs()
        passo = float(np.min(np.diff(tacche))) if len(tacche) > 1 else 1.0
        decimali = max(0, int(np.ceil(-np.log10(passo) - 1e-9))) if passo > 0 else 0
        return formato.numero(valore, decimali=decimali)

    asse.set_major_formatter(FuncFormatter(scrivi))


def _legenda_sotto(fig, ax, *, colonne: int) -> None:
    """La legenda sotto il grafico, fuori dall'area dei dati, così non copre nessuna barra."""
    maniglie, etichette = ax.get_legend_handles_labels()
    fig.legend(maniglie, etichette, loc="outside lower center", ncols=colonne, fontsize=8, frameon=False)


def _evidenzia(ax, df: pd.DataFrame, evidenzia) -> None:
    """Mette in grassetto l'etichetta dell'Ambito scelto (codice, nome o comune capofila)."""
    if not evidenzia:
        return
    from course.territorio import codice_ambito

    codice = codice_ambito(evidenzia)
    nomi = set(_nomi(df[df["codice_ambito"] == codice]))
    for etichetta in ax.get_yticklabels():
        if etichetta.get_text() in nomi:
            etichetta.set_fontweight("bold")
            etichetta.set_color(TAVOLOZZA[3])


def _etichette_libere(fig, ax, punti: pd.DataFrame, nomi, *, ostacoli=()) -> tuple[list, list[str]]:
    """Scrive i nomi accanto ai punti senza sovrapporli fra loro, ai punti o agli ``ostacoli`` (altri testi).

    Per ogni nome prova posizioni sempre più lontane intorno al punto (con una linea sottile quando è
    lontano), solo dentro l'area del grafico. Restituisce i testi scritti e i nomi per cui non c'era posto.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.draw_without_rendering()  # la disposizione «constrained» fissa prima le dimensioni degli assi
    renderer = fig.canvas.get_renderer()
    area = ax.get_window_extent(renderer)
    xy = ax.transData.transform(punti[["x", "y"]].to_numpy(float))
    raggio = 4 * fig.dpi / 72
    from matplotlib.transforms import Bbox

    occupati = [Bbox.from_extents(px - raggio, py - raggio, px + raggio, py + raggio) for px, py in xy]
    occupati += [o.get_window_extent(renderer).expanded(1.04, 1.2) for o in ostacoli]
    scritti = []
    direzioni = [(1, 0.4), (1, -1), (-1, 0.4), (-1, -1), (0, 1.6), (0, -2.2), (1, 1.6), (-1, 1.6), (1, -2.2),
                 (-1, -2.2)]
    saltati = []
    for (px, py), (x, y), nome in sorted(zip(xy, punti[["x", "y"]].to_numpy(float), nomi), key=lambda r: r[0][0]):
        posto = False
        for distanza in (5, 12, 22, 34, 48):
            for dx, dy in direzioni:
                allineamento = "left" if dx > 0 else ("right" if dx < 0 else "center")
                freccia = {"arrowstyle": "-", "color": "#777777", "lw": 0.6, "shrinkA": 0, "shrinkB": 3} \
                    if distanza > 12 else None
                testo = ax.annotate(nome, (x, y), xytext=(dx * distanza, dy * distanza * 0.6),
                                    textcoords="offset points", fontsize=7, ha=allineamento, va="center",
                                    arrowprops=freccia, annotation_clip=False)
                testo.set_in_layout(False)
                scatola = testo.get_window_extent(renderer).expanded(1.04, 1.2)
                dentro = (area.x0 <= scatola.x0 and scatola.x1 <= area.x1 and area.y0 <= scatola.y0
                          and scatola.y1 <= area.y1)
                if dentro and not any(scatola.overlaps(o) for o in occupati):
                    occupati.append(scatola)
                    scritti.append(testo)
                    posto = True
                    break
                testo.remove()
            if posto:
                break
        if not posto:
            saltati.append(nome)
    return scritti, saltati


def grafico_funnel(t: pd.DataFrame, *, riferimento: float | None = None, evidenzia: str | None = None,
                   titolo: str | None = None, correzione: str = "automatica", sovradispersione=None):
    """Funnel plot: il valore di ogni Ambito contro il suo denominatore, con i limiti al 95% e al 99,8%.

    ``t`` è il risultato di :func:`course.confronto.tassi` o di :func:`course.confronto.quote`. Gli
    Ambiti fuori dai limiti hanno un colore diverso e il nome scritto accanto (senza sovrapporsi);
    ``evidenzia`` (nome o codice) cerchia un Ambito. ``correzione`` e ``sovradispersione`` come in
    :func:`course.funnel.limiti_funnel`: se i limiti sono corretti per la sovradispersione, quelli
    semplici restano disegnati in grigio chiaro, per confronto.

    >>> import pandas as pd
    >>> from course import confronto
    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "popolazione": [10000, 40000]})
    >>> t = confronto.tassi(pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 9 + ["ATS-BA-02"] * 50}), popolazione=pop)
    >>> grafico_funnel(t, evidenzia="ATS-BA-01").axes[0].get_title()
    'Funnel plot: chi è davvero lontano dalla media?'
    """
    from course.funnel import colonna_denominatore, limiti_funnel, posizioni_funnel

    base = colonna_denominatore(t)
    dati = posizioni_funnel(t, riferimento=riferimento, correzione=correzione, sovradispersione=sovradispersione)
    dati = dati[dati[base] > 0]
    if dati.empty:
        return figura_vuota(_VUOTO)
    stima, effettiva = dati.attrs["sovradispersione"], dati.attrs["correzione"]
    lim = limiti_funnel(t, riferimento=riferimento, correzione=effettiva, sovradispersione=stima)
    fig, ax = nuova_figura(larghezza=9, altezza=6)
    ax.plot(lim[base], lim["riferimento"], color="black", lw=1.2,
            label=f"riferimento: {formato.numero(lim['riferimento'].iloc[0], decimali=2)}")
    corretti = effettiva != "nessuna"
    if corretti:
        semplici = limiti_funnel(t, riferimento=riferimento, correzione="nessuna", sovradispersione=stima)
        for i, colonna in enumerate(["inf_95", "sup_95", "inf_99,8", "sup_99,8"]):
            ax.plot(semplici[base], semplici[colonna], color="#BBBBBB", lw=0.8,
                    label=None if i else "limiti semplici (solo il caso)")
    nome_limiti = f"limiti corretti ({effettiva[:-1]}i) al" if corretti else "limiti al"
    for livello, stile in (("95", "--"), ("99,8", ":")):
        ax.plot(lim[base], lim[f"sup_{livello}"], color="#333333", ls=stile, lw=1.1,
                label=f"{nome_limiti} {livello}%")
        ax.plot(lim[base], lim[f"inf_{livello}"], color="#333333", ls=stile, lw=1.1)
    gruppo = np.select([dati["posizione"].str.contains("99,8"), dati["posizione"].str.contains("95%")],
                       ["99,8%", "95%"], default="in linea")
    for chiave, etichetta in (("in linea", "in linea con l’atteso"), ("95%", "fuori dal 95%"),
                              ("99,8%", "fuori dal 99,8%")):
        sel = dati[gruppo == chiave]
        if len(sel):
            ax.scatter(sel[base], sel["tasso"], s=36, color=_COLORE_POSIZIONE[chiave], label=etichetta,
                       zorder=3, edgecolor="white", linewidth=0.5)
    if evidenzia:
        from course.territorio import codice_ambito

        scelto = dati[dati["codice_ambito"] == codice_ambito(evidenzia)]
        ax.scatter(scelto[base], scelto["tasso"], s=160, facecolor="none", edgecolor="black",
                   linewidth=1.5, zorder=4, label="Ambito scelto")
    ax.set_xscale("log")
    from matplotlib.ticker import LogLocator, NullFormatter

    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1, 2, 5)))
    asse_numeri_italiani(ax.xaxis)
    ax.xaxis.set_minor_formatter(NullFormatter())
    _asse_valori(ax.yaxis)
    ax.set_ylim(bottom=0)
    asse = "residenti" if base == "popolazione" else base.replace("_", " ")
    ax.set_xlabel(f"{asse.capitalize()} (scala logaritmica)")
    ax.set_ylabel(f"{'Quota' if t.attrs.get('tipo') == 'quote' else 'Tasso'} {_unita(t)}")
    ax.set_title(titolo or "Funnel plot: chi è davvero lontano dalla media?")
    _legenda_sotto(fig, ax, colonne=3)
    fuori = dati[gruppo != "in linea"]
    punti = pd.DataFrame({"x": fuori[base], "y": fuori["tasso"]})
    scritti, saltati = _etichette_libere(fig, ax, punti, _nomi(fuori))
    if saltati:
        # non c'è posto per tutti i nomi: lo si dice in un angolo, e i nomi si ridispongono attorno all'avviso
        for testo in scritti:
            testo.remove()
        avviso = ax.text(0.99, 0.02, "Alcuni nomi non stanno nel grafico: li trovi nella tabella",
                         transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color="#555555")
        _etichette_libere(fig, ax, punti, _nomi(fuori), ostacoli=[avviso])
    return fig


def grafico_tassi(t: pd.DataFrame, *, evidenzia: str | None = None, titolo: str | None = None):
    """Tassi degli Ambiti in ordine, ciascuno con il suo intervallo di confidenza (linea orizzontale).

    Se due intervalli si sovrappongono molto, la differenza tra i due Ambiti può essere solo caso.

    >>> import pandas as pd
    >>> from course import confronto
    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "popolazione": [10000, 40000]})
    >>> t = confronto.tassi(pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 9 + ["ATS-BA-02"] * 50}), popolazione=pop)
    >>> [e.get_text() for e in grafico_tassi(t).axes[0].get_yticklabels()]
    ['Altamura', 'Bari']
    """
    dati = t[t["tasso"].notna()].sort_values("tasso") if "tasso" in t.columns else t.iloc[:0]
    if dati.empty:
        return figura_vuota(_VUOTO)
    fig, ax = nuova_figura(larghezza=8, altezza=_altezza(len(dati)))
    y = np.arange(len(dati))
    ax.hlines(y, dati["tasso_inf"], dati["tasso_sup"], color=TAVOLOZZA[5], lw=2.5, label="intervallo di confidenza")
    ax.scatter(dati["tasso"], y, color=TAVOLOZZA[0], zorder=3, s=22, label="tasso osservato")
    from course.funnel import colonna_denominatore

    complessivo = dati["eventi"].sum() / dati[colonna_denominatore(t)].sum() * t.attrs.get("per", 1000)
    ax.axvline(complessivo, color="black", lw=1, ls="--", label=f"complessivo: {formato.numero(complessivo, decimali=2)}")
    ax.set_yticks(y, _nomi(dati), fontsize=7)
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    _asse_valori(ax.xaxis)
    livello = formato.numero(t.attrs.get("livello", 0.95) * 100, decimali=0)
    ax.set_xlabel(f"Tasso {_unita(t)} (intervallo al {livello}%)")
    ax.set_title(titolo or "Tassi per Ambito con il loro margine di incertezza")
    _legenda_sotto(fig, ax, colonne=3)
    _evidenzia(ax, dati, evidenzia)
    return fig


def grafico_graduatoria(g: pd.DataFrame, *, evidenzia: str | None = None, titolo: str | None = None):
    """La graduatoria con l'intervallo delle posizioni plausibili (risultato di :func:`course.confronto.graduatoria`).

    >>> import pandas as pd
    >>> from course import confronto
    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "popolazione": [10000, 40000]})
    >>> t = confronto.tassi(pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 9 + ["ATS-BA-02"] * 50}), popolazione=pop)
    >>> grafico_graduatoria(confronto.graduatoria(t)).axes[0].get_xlabel()
    'Posizione in graduatoria (1 = tasso più alto)'
    """
    if g.empty or "posizione_inf" not in g.columns:
        return figura_vuota(_VUOTO)
    dati = g.sort_values("posizione", ascending=False)
    fig, ax = nuova_figura(larghezza=8, altezza=_altezza(len(dati)))
    y = np.arange(len(dati))
    ax.hlines(y, dati["posizione_inf"], dati["posizione_sup"], color=TAVOLOZZA[1], lw=3,
              label="posizioni plausibili")
    ax.scatter(dati["posizione"], y, color=TAVOLOZZA[0], zorder=3, s=22, label="posizione osservata")
    ax.set_yticks(y, _nomi(dati), fontsize=7)
    # con una parte della graduatoria (es. le prime 15) le forchette possono arrivare oltre
    ax.set_xlim(0.5, max(len(dati), int(dati["posizione_sup"].max())) + 0.5)
    ax.invert_xaxis()
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    asse_numeri_italiani(ax.xaxis)
    ax.set_xlabel("Posizione in graduatoria (1 = tasso più alto)")
    ax.set_title(titolo or "Graduatoria: quanto è sicura ogni posizione?")
    _legenda_sotto(fig, ax, colonne=2)
    _evidenzia(ax, dati, evidenzia)
    return fig


def grafico_leps(r: pd.DataFrame, *, evidenzia: str | None = None, titolo: str | None = None):
    """Residenti per assistente sociale in ogni Ambito, con le soglie del LEPS (risultato di :func:`course.confronto.rapporto_leps`).

    Barra più corta = meglio. Le linee verticali sono le soglie della tabella dei parametri.

    >>> import pandas as pd
    >>> from course import confronto
    >>> op = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "ruolo": ["assistente sociale"] * 2,
    ...                    "fte": [1.0, 1.0]})
    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "popolazione": [4000, 7000]})
    >>> len(grafico_leps(confronto.rapporto_leps(op, popolazione=pop)).axes[0].patches)
    2
    """
    from course.parametri import parametro

    dati = r[r["residenti_per_as"].notna()].sort_values("residenti_per_as", ascending=False) \
        if "residenti_per_as" in r.columns else r.iloc[:0]
    if dati.empty:
        return figura_vuota("Nessun Ambito con assistenti sociali e residenti da mostrare.")
    soglie = [("residenti_per_assistente_sociale_obiettivo", "obiettivo", TAVOLOZZA[2], ":"),
              ("residenti_per_assistente_sociale", "LEPS", "black", "--"),
              ("residenti_per_assistente_sociale_contributo", "soglia del contributo", TAVOLOZZA[3], "-.")]
    valori = {nome: parametro(nome) for nome, *_ in soglie}
    colori = np.select([dati["residenti_per_as"] <= valori[soglie[0][0]], dati["residenti_per_as"] <= valori[soglie[1][0]],
                        dati["residenti_per_as"] < valori[soglie[2][0]]],
                       [TAVOLOZZA[2], TAVOLOZZA[0], TAVOLOZZA[1]], default=TAVOLOZZA[3])
    fig, ax = nuova_figura(larghezza=8, altezza=_altezza(len(dati)))
    y = np.arange(len(dati))
    ax.barh(y, dati["residenti_per_as"], color=colori, height=0.7)
    for nome, etichetta, colore, stile in soglie:
        ax.axvline(valori[nome], color=colore, ls=stile, lw=1.2,
                   label=f"{etichetta}: 1 ogni {formato.numero(valori[nome], decimali=0)}")
    ax.set_yticks(y, _nomi(dati), fontsize=7)
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    asse_numeri_italiani(ax.xaxis)
    ax.set_xlabel("Residenti per assistente sociale a tempo pieno (più basso è meglio)")
    ax.set_title(titolo or "LEPS: un assistente sociale ogni 5.000 residenti?")
    ax.legend(fontsize=8, loc="upper right", framealpha=0.9)
    if "codice_ambito" in dati.columns:
        _evidenzia(ax, dati, evidenzia)
    return fig


def grafico_province(p: pd.DataFrame, *, titolo: str | None = None):
    """Il confronto tra province (risultato di :func:`course.confronto.per_provincia`): tassi o residenti per AS.

    >>> import pandas as pd
    >>> from course import confronto
    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "popolazione": [10000, 40000]})
    >>> t = confronto.tassi(pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 9 + ["ATS-BA-02"] * 50}), popolazione=pop)
    >>> [e.get_text() for e in grafico_province(confronto.per_provincia(t)).axes[0].get_xticklabels()]
    ['Bari']
    """
    if p.empty:
        return figura_vuota("Nessuna provincia da mostrare.")
    fig, ax = nuova_figura(larghezza=7, altezza=4)
    nomi = p["provincia"].fillna(p["sigla_provincia"]) if "provincia" in p.columns else p["sigla_provincia"]
    x = np.arange(len(p))
    if "tasso" in p.columns:
        ax.bar(x, p["tasso"], color=TAVOLOZZA[0], width=0.6)
        errore = np.vstack([p["tasso"] - p["tasso_inf"], p["tasso_sup"] - p["tasso"]])
        ax.errorbar(x, p["tasso"], yerr=errore, fmt="none", ecolor="black", capsize=4, lw=1)
        ax.set_ylabel(f"Tasso {_unita(p)}")
        _asse_valori(ax.yaxis)
        valori = p["tasso"]
    else:
        from course.parametri import parametro

        ax.bar(x, p["residenti_per_as"], color=TAVOLOZZA[1], width=0.6)
        leps = parametro("residenti_per_assistente_sociale")
        ax.axhline(leps, color="black", ls="--", lw=1.2, label=f"LEPS: 1 ogni {formato.numero(leps, decimali=0)}")
        ax.set_ylabel("Residenti per assistente sociale")
        ax.legend(fontsize=8, frameon=False)
        asse_numeri_italiani(ax.yaxis)
        valori = p["residenti_per_as"]
    for xi, v in zip(x, valori):
        # il valore sta dentro la barra, in basso, per non coprire l'intervallo
        ax.annotate(formato.numero(v, decimali=2 if "tasso" in p.columns else 0), (xi, 0), xytext=(0, 4),
                    textcoords="offset points", ha="center", fontsize=8, color="white", fontweight="bold")
    ax.set_xticks(x, nomi, fontsize=8, rotation=20)
    ax.set_title(titolo or "Confronto tra province")
    return fig
