"""Grafici del piano della performance: il Gantt (previsto contro effettivo) e il raggiungimento degli indicatori.

Ogni funzione riceve una tabella come quelle di :mod:`course.cronoprogramma` e restituisce la ``Figure``.

>>> import pandas as pd
>>> att = pd.DataFrame({"descrizione": ["Ricognizione dei casi"], "avanzamento_pct": [50.0],
...     "inizio_previsto": pd.to_datetime(["2025-01-01"]), "fine_prevista": pd.to_datetime(["2025-03-31"]),
...     "inizio_effettivo": pd.to_datetime(["2025-01-15"]), "fine_effettiva": [pd.NaT]})
>>> gantt(att, al="2025-02-28").axes[0].get_title()
'Cronoprogramma: previsto e effettivo al 28 feb 2025'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import formato
from course.errori import ErroreCorso
from course.grafici.stile import SFONDO_SCRITTE, TAVOLOZZA, a_capo, asse_date_italiane, figura_vuota, nuova_figura

__all__ = ["gantt", "grafico_previsto_raggiunto", "COLORI_STATO"]

COLORI_STATO = {"conclusa": TAVOLOZZA[2], "in corso": TAVOLOZZA[0], "in ritardo": TAVOLOZZA[3],
                "non avviata": "#BBBBBB"}


def _etichette(testo: pd.Series, *, lunghezza: int = 45) -> list[str]:
    testo = testo.astype(str)
    return testo.where(testo.str.len() <= lunghezza, testo.str.slice(0, lunghezza - 1) + "…").tolist()


def _numero(x) -> str:
    return formato.numero(x, decimali=0 if x == x and float(x).is_integer() else 1)


def _solo_obiettivo(df: pd.DataFrame, id_obiettivo, tabella: str) -> pd.DataFrame:
    if id_obiettivo is None or df is None:
        return df
    if "id_obiettivo" not in df.columns:
        raise ErroreCorso(f"La tabella {tabella} non ha la colonna id_obiettivo: non posso scegliere l'obiettivo "
                          f"{id_obiettivo!r}. Togli id_obiettivo=... oppure aggiungi la colonna.")
    scelta = df[df["id_obiettivo"].astype("string").eq(str(id_obiettivo)).fillna(False).to_numpy()]
    scelta.attrs = df.attrs
    return scelta


def gantt(attivita: pd.DataFrame, *, al=None, id_obiettivo: str | None = None, titolo: str | None = None):
    """Il Gantt del cronoprogramma: barra chiara = periodo previsto, barra colorata = periodo effettivo.

    Il colore dice lo stato alla data ``al`` (conclusa, in corso, in ritardo, non avviata); per le
    attività in corso la barra effettiva arriva fino alla data di riferimento, segnata da una linea.
    Le attività con date incoerenti hanno «⚠» davanti al nome. ``id_obiettivo`` sceglie un obiettivo
    quando la tabella ne contiene molti.

    >>> import pandas as pd
    >>> att = pd.DataFrame({"descrizione": ["A", "B"], "avanzamento_pct": [100.0, 0.0],
    ...     "inizio_previsto": pd.to_datetime(["2025-01-01", "2025-04-01"]),
    ...     "fine_prevista": pd.to_datetime(["2025-02-28", "2025-03-01"]),
    ...     "inizio_effettivo": pd.to_datetime(["2025-01-05", None]),
    ...     "fine_effettiva": pd.to_datetime(["2025-03-10", None])})
    >>> [t.get_text() for t in gantt(att, al="2025-05-31").axes[0].get_yticklabels()]
    ['A', '⚠ B']
    """
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    from course.cronoprogramma import _data_al, stato_attivita

    attivita = _solo_obiettivo(attivita, id_obiettivo, "del cronoprogramma")
    if attivita is None or len(attivita) == 0:
        return figura_vuota("Il cronoprogramma è vuoto: non ci sono attività da disegnare.")
    s = stato_attivita(attivita, al=al)
    data = _data_al(attivita, al)
    n = len(s)
    fig, ax = nuova_figura(larghezza=10, altezza=min(max(2.5, 0.45 * n + 1.5), 16))
    y = np.arange(n)
    ip, fp = mdates.date2num(s["inizio_previsto"]), mdates.date2num(s["fine_prevista"])
    ax.barh(y, np.fmax(fp - ip, 0), left=ip, height=0.7, color="#DDDDDD", edgecolor="#999999", label="previsto")
    ie = mdates.date2num(s["inizio_effettivo"])
    fine_eff = s["fine_effettiva"].where(s["fine_effettiva"].notna(), data)
    fe = mdates.date2num(fine_eff)
    colori = s["stato"].astype(str).map(COLORI_STATO).fillna("#BBBBBB").tolist()
    ax.barh(y, np.where(np.isnan(ie), 0, np.fmax(fe - ie, 0)), left=np.where(np.isnan(ie), ip, ie),
            height=0.35, color=colori)
    ax.axvline(mdates.date2num(data), color="black", ls="--", lw=1)
    ax.text(mdates.date2num(data), -0.55, f"{formato.data(data, breve=True)} ", fontsize=8, va="bottom", ha="right")
    nomi = _etichette(s["descrizione"])
    ax.set_yticks(y, [("⚠ " if a else "") + nm for nm, a in zip(nomi, s["anomalie"].ne(""))])
    ax.invert_yaxis()
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    asse_date_italiane(ax.xaxis)
    presenti = [st for st in COLORI_STATO if (s["stato"] == st).any()]
    ax.legend(handles=[Patch(color="#DDDDDD", label="previsto")]
              + [Patch(color=COLORI_STATO[st], label=f"effettivo: {st}") for st in presenti],
              loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=len(presenti) + 1, fontsize=8, frameon=False)
    ax.set_title(titolo or f"Cronoprogramma: previsto e effettivo al {formato.data(data, breve=True)}")
    return fig


def grafico_previsto_raggiunto(indicatori: pd.DataFrame, *, id_obiettivo: str | None = None,
                               titolo: str | None = None):
    """Per ogni indicatore, quanta parte del valore previsto è stata raggiunta (100% = target).

    Le barre sono verdi se il target è raggiunto (rispettando la polarità), arancioni se no, grigie se
    non si può dire; accanto a ogni barra sono scritti il valore raggiunto e il previsto.
    ``id_obiettivo`` sceglie gli indicatori di un solo obiettivo.

    >>> import pandas as pd
    >>> ind = pd.DataFrame({"descrizione": ["Patti sottoscritti (almeno 20)", "Giorni di attesa"],
    ...                     "polarita": ["crescente", "decrescente"],
    ...                     "valore_previsto": [None, 30], "valore_raggiunto": [25, 40]})
    >>> fig = grafico_previsto_raggiunto(ind)
    >>> len(fig.axes[0].patches)
    2
    """
    from course.cronoprogramma import raggiungimento

    indicatori = _solo_obiettivo(indicatori, id_obiettivo, "degli indicatori")
    if indicatori is None or len(indicatori) == 0:
        return figura_vuota("La tabella degli indicatori è vuota: non c'è niente da disegnare.")
    g = raggiungimento(indicatori)
    n = len(g)
    fig, ax = nuova_figura(larghezza=10, altezza=min(max(2.5, 0.6 * n + 1.5), 16))
    y = np.arange(n)
    pct = g["raggiungimento_pct"].astype("float64")
    mostrato = pct.clip(upper=200).fillna(0)
    esito = g["target_raggiunto"]
    colori = np.where(esito.isna(), "#BBBBBB", np.where(esito.fillna(False).astype(bool), TAVOLOZZA[2], TAVOLOZZA[1]))
    ax.barh(y, mostrato, color=colori, height=0.6)
    ax.axvline(100, color="black", lw=1)  # il target: la tacca dei 100 % lo dice sotto l'asse
    unita = g["unita"].fillna("").astype(str) if "unita" in g.columns else pd.Series("", index=g.index)
    unita = unita.replace({"numero": "", "n.": ""})
    testi = [
        f"{_numero(r)} su {_numero(p)} {u}".strip() + (
            f"  ({formato.percentuale(q, decimali=0)})" if q == q else f"  ({formato.MANCANTE})")
        for r, p, u, q in zip(g["valore_raggiunto"].astype("float64"), g["target"], unita, pct)]
    for yi, x, testo in zip(y, mostrato, testi):
        ax.text(x + 2, yi, testo, va="center", fontsize=8, bbox=SFONDO_SCRITTE)
    ax.set_yticks(y, [a_capo(d, larghezza=38) for d in g["descrizione"].astype(str)])
    ax.invert_yaxis()
    ax.set_xlim(0, max(220, float(mostrato.max()) + 60))
    ax.set_xlabel("Raggiungimento del valore previsto (%)")
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _: formato.percentuale(v, decimali=0) + ("\n(target)" if abs(v - 100) < 1e-9 else "")))
    ax.set_title(titolo or "Indicatori: valore raggiunto rispetto al previsto")
    return fig
