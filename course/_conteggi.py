"""Tabelle di conteggi a doppia entrata, uguali con pandas 2 e 3 (uso interno).

``pd.crosstab`` con categorie e tabelle vuote cambia comportamento tra le versioni di pandas (con
pandas 2.x può perfino dare colonne doppie): qui si conta con un semplice raggruppamento.

>>> import pandas as pd
>>> tabella_conteggi(pd.Series(["A", "A", "B"], name="gruppo"), pd.Series(["sì", "no", "sì"]), voci_colonne=["sì", "no", "forse"])
        sì  no  forse
gruppo
A        1   1      0
B        1   0      0
"""

from __future__ import annotations

import pandas as pd

__all__ = ["tabella_conteggi"]


def tabella_conteggi(righe: pd.Series, colonne: pd.Series, *, voci_colonne, voci_righe=None) -> pd.DataFrame:
    """Quante volte compare ogni coppia (riga, colonna); tutte le ``voci_colonne`` ci sono, a 0 se mancano.

    Le righe sono ``voci_righe`` (nell'ordine dato) oppure i valori presenti, in ordine. Le celle vuote
    non si contano.
    """
    coppie = pd.DataFrame({"riga": righe.astype(object).to_numpy(), "colonna": colonne.astype(object).to_numpy()})
    conti = coppie.dropna().groupby(["riga", "colonna"]).size()
    tabella = conti.unstack("colonna", fill_value=0) if len(conti) else pd.DataFrame(index=pd.Index([], dtype=object))
    indice = list(voci_righe) if voci_righe is not None else list(tabella.index)
    tabella = tabella.reindex(index=indice, columns=list(voci_colonne), fill_value=0).astype("int64")
    tabella.index.name, tabella.columns.name = righe.name, None
    return tabella
