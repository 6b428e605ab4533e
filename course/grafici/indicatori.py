"""Grafici degli indicatori: i valori per Ambito (barre) o nel tempo (linee), con il target.

Le funzioni ricevono il risultato di :func:`course.indicatori.calcola` (o di
:func:`course.indicatori.calcola_tutti`, scegliendo l'indicatore) e restituiscono la ``Figure``.

>>> import pandas as pd
>>> from course.indicatori import Indicatore, calcola
>>> patti = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-LE-02"],
...                       "data_sottoscrizione": pd.to_datetime(["2025-01-10", None, "2025-02-01"])})
>>> quota = Indicatore("Quota di Patti sottoscritti", unita="%", numeratore="data_sottoscrizione.notna()",
...                    denominatore="righe", polarita="crescente", target=80)
>>> grafico_indicatore(calcola(quota, patti)).axes[0].get_title()
'Quota di Patti sottoscritti per Ambito'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import formato
from course.errori import ErroreCorso, controlla_colonne
from course.grafici.stile import TAVOLOZZA, asse_date_italiane, figura_vuota, nuova_figura

__all__ = ["grafico_indicatore"]

_TEMPO = ("mese", "trimestre", "anno")
_GRUPPI = ("codice_ambito", "provincia")
_MASSIMO_LINEE = 8


def _formattatore(unita: str):
    from matplotlib.ticker import FuncFormatter

    scrivi = formato.percentuale if unita == "%" else formato.numero
    return FuncFormatter(lambda v, _: scrivi(v, decimali=0 if abs(v) >= 10 or v == 0 else 1))


def _nomi_ambiti(codici: pd.Series) -> pd.Series:
    from course.territorio import ambiti

    elenco = ambiti()
    colonna = "ambito" if "ambito" in elenco.columns else elenco.columns[1]
    nomi = elenco.set_index("codice_ambito")[colonna].astype(str).str.replace(r"^Ambito territoriale (di )?", "",
                                                                              regex=True)
    return codici.astype(str).map(nomi).fillna(codici.astype(str))


def grafico_indicatore(risultato: pd.DataFrame, *, indicatore: str | None = None, titolo: str | None = None,
                       nomi: bool = True):
    """Il grafico dei valori di un indicatore: barre per Ambito (o provincia), linee se c'è il tempo.

    Con una colonna ``mese``/``trimestre``/``anno`` disegna una linea per Ambito (al massimo otto; con
    più Ambiti, la mediana e l'intervallo tra il più basso e il più alto). La linea tratteggiata è il
    target; le barre sono verdi se il target è raggiunto, arancioni se no. I valori mancanti (ad esempio
    per un denominatore zero) sono segnati «n.d.». ``indicatore`` sceglie una riga di ``calcola_tutti``.

    >>> import pandas as pd
    >>> r = pd.DataFrame({"mese": pd.to_datetime(["2025-01-01", "2025-02-01"]), "valore": [10.0, 12.0]})
    >>> r.attrs = {"indicatore": "Patti al mese", "unita": "patti"}
    >>> len(grafico_indicatore(r).axes[0].lines)
    1
    """
    controlla_colonne(risultato, ["valore"], tabella="dei risultati")
    if indicatore is not None:
        controlla_colonne(risultato, ["indicatore"], tabella="dei risultati")
        disponibili = risultato["indicatore"].dropna().unique().tolist()
        if indicatore not in disponibili:
            raise ErroreCorso(f"Nella tabella non c'è l'indicatore {indicatore!r}. Ci sono: {'; '.join(disponibili)}.")
        scelta = risultato[risultato["indicatore"] == indicatore]
        attrs = {"indicatore": indicatore, "unita": scelta["unita"].iloc[0] if "unita" in scelta else "",
                 "target": scelta["target"].iloc[0] if "target" in scelta else None}
        risultato = scelta.reset_index(drop=True)
        risultato.attrs = attrs
    nome = risultato.attrs.get("indicatore", "Indicatore")
    unita = risultato.attrs.get("unita", "") or ""
    target = risultato.attrs.get("target")
    if risultato.empty:
        return figura_vuota(f"Nessun valore di «{nome}» da mostrare: la tabella è vuota o il filtro è troppo stretto.")
    tempo = next((c for c in _TEMPO if c in risultato.columns), None)
    gruppo = next((c for c in _GRUPPI if c in risultato.columns), None)
    etichetta_y = f"{nome} ({unita})" if unita and unita != "%" else nome
    if tempo is not None:
        fig, ax = nuova_figura(larghezza=9, altezza=4.5)
        x = risultato[tempo]
        if gruppo is None or risultato[gruppo].nunique() == 1:
            ordinato = risultato.sort_values(tempo)
            ax.plot(ordinato[tempo], ordinato["valore"], marker="o", color=TAVOLOZZA[0],
                    label=str(ordinato[gruppo].iloc[0]) if gruppo else nome)
        elif risultato[gruppo].nunique() <= _MASSIMO_LINEE:
            larga = risultato.pivot_table(index=tempo, columns=gruppo, values="valore", observed=True, dropna=False)
            etichette = _nomi_ambiti(pd.Series(larga.columns)) if (gruppo == "codice_ambito" and nomi) else larga.columns
            for colonna, etichetta in zip(larga.columns, etichette):
                ax.plot(larga.index, larga[colonna], marker="o", ms=3, label=str(etichetta))
        else:
            sintesi = risultato.groupby(tempo)["valore"].agg(["median", "min", "max"])
            ax.fill_between(sintesi.index, sintesi["min"], sintesi["max"], color=TAVOLOZZA[5], alpha=0.3,
                            label=f"dal più basso al più alto ({risultato[gruppo].nunique()} gruppi)")
            ax.plot(sintesi.index, sintesi["median"], color=TAVOLOZZA[0], marker="o", ms=3, label="mediana")
        if pd.api.types.is_datetime64_any_dtype(x):
            asse_date_italiane(ax.xaxis)
        elif x.nunique() > 6:
            ax.tick_params(axis="x", labelrotation=45, labelsize=8)
        ax.set_xlabel({"mese": "Mese", "trimestre": "Trimestre", "anno": "Anno"}[tempo])
        ax.set_title(titolo or f"{nome} nel tempo")
    else:
        ordinato = risultato.sort_values("valore", ascending=False, na_position="last").reset_index(drop=True)
        n = len(ordinato)
        fig, ax = nuova_figura(larghezza=9, altezza=min(max(2.5, 0.25 * n + 1.5), 14))
        if gruppo == "codice_ambito" and nomi:
            etichette = _nomi_ambiti(ordinato[gruppo]).tolist()
        elif gruppo is not None:
            etichette = ordinato[gruppo].astype(str).tolist()
        else:
            etichette = ["Totale"] * n
        if "target_raggiunto" in ordinato.columns:
            esito = ordinato["target_raggiunto"]
            colori = np.where(esito.isna(), "#BBBBBB", np.where(esito.fillna(False).astype(bool), TAVOLOZZA[2], TAVOLOZZA[1]))
        else:
            colori = TAVOLOZZA[0]
        y = np.arange(n)
        ax.barh(y, ordinato["valore"].fillna(0), color=colori, height=0.7)
        for yi in y[ordinato["valore"].isna().to_numpy()]:
            ax.text(0, yi, " n.d.", va="center", fontsize=8, color="#555555")
        ax.set_yticks(y, etichette, fontsize=8 if n > 20 else 10)
        ax.invert_yaxis()
        ax.grid(True, axis="x", alpha=0.3)
        ax.grid(False, axis="y")
        ax.xaxis.set_major_formatter(_formattatore(unita))
        ax.set_xlabel(etichetta_y)
        chi = {"codice_ambito": "per Ambito", "provincia": "per provincia"}.get(gruppo, f"per {gruppo}" if gruppo else "")
        ax.set_title(titolo or f"{nome} {chi}".strip())
    if target is not None and target == target:
        (ax.axvline if tempo is None else ax.axhline)(target, color="black", ls="--", lw=1,
                                                      label=f"target: {(formato.percentuale if unita == '%' else formato.numero)(target, decimali=0)}")
    if tempo is not None:
        ax.yaxis.set_major_formatter(_formattatore(unita))
        ax.set_ylabel(etichetta_y)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, frameon=False)
    return fig
