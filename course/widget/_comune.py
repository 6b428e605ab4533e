"""Pezzi comuni agli esploratori: figura in PNG, tabella in HTML all'italiana, menu del case manager.

>>> tabella_html(pd.DataFrame({"ore": [1234.5]})).count("1.234")
1
"""

from __future__ import annotations

import io

import ipywidgets as w
import pandas as pd
from traitlets import Unicode

from course import formato
from course.grafici.descrizione import descrivi

__all__ = ["TUTTI", "figura_png", "immagine_grafico", "mostra_grafico", "tabella_html", "aggiorna_menu_case_manager"]

#: La voce dei menu che toglie il filtro.
TUTTI = "tutti"


def figura_png(fig, *, dpi: int = 100) -> bytes:
    """I byte PNG di una figura matplotlib (per il widget ``Image``), come nel notebook: stessa
    risoluzione e niente scritte tagliate ai bordi.

    >>> from course.grafici.stile import figura_vuota
    >>> figura_png(figura_vuota("prova"))[:4]
    b'\\x89PNG'
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


class _ImmagineConSuggerimento(w.Image):
    """Un'immagine di ipywidgets che può avere un suggerimento (la descrizione del grafico).

    Il Lab (ipywidgets 8.1) disegna il suggerimento solo se il widget ha anche una ``description``: un'immagine
    non ce l'ha, e con un ``tooltip`` il Lab non riesce a disegnarla (mostra un riquadro d'errore al posto del
    grafico). Qui la ``description`` c'è, vuota, e il suggerimento compare.
    """

    description = Unicode("", help="Vuota: serve al Lab per mostrare il suggerimento dell'immagine.").tag(sync=True)


def immagine_grafico():
    """Il widget in cui un esploratore mostra il suo grafico, alla misura vera.

    In una colonna di widget un'immagine verrebbe allargata a tutta la larghezza (e le scritte
    ingrandite e sgranate): qui resta alla sua misura, e si rimpicciolisce solo se lo schermo è stretto.

    >>> immagine_grafico().layout.align_self
    'flex-start'
    """
    return _ImmagineConSuggerimento(format="png", layout=w.Layout(align_self="flex-start", max_width="100%", height="auto"))


def mostra_grafico(immagine, fig) -> None:
    """Mette il grafico nel widget dell'esploratore, con la sua descrizione in italiano come suggerimento.

    >>> from course.grafici.stile import figura_vuota
    >>> immagine = immagine_grafico(); mostra_grafico(immagine, figura_vuota("Niente da mostrare."))
    >>> bytes(immagine.value[1:4]), immagine.tooltip.startswith("Grafico")
    (b'PNG', True)
    """
    immagine.value = figura_png(fig)
    immagine.tooltip = descrivi(fig)


def tabella_html(df: pd.DataFrame, *, massimo: int = 60) -> str:
    """La tabella in HTML con i numeri all'italiana (1.234 e 2,50) e al più ``massimo`` righe.

    >>> html = tabella_html(pd.DataFrame({"tasso": [2.5], "residenti": [123456], "dal": pd.to_datetime(["2025-03-03"]),
    ...                                   "nota": [None]}))
    >>> "2,50" in html and "123.456" in html and "03/03/2025" in html and "None" not in html
    True
    """
    if df.empty:
        return "<p><em>Nessuna riga da mostrare.</em></p>"
    testo = df.head(massimo).copy()
    for col in testo.columns:
        if pd.api.types.is_bool_dtype(testo[col]):
            continue
        if pd.api.types.is_integer_dtype(testo[col]):
            testo[col] = testo[col].map(lambda v: formato.numero(v, decimali=0))
        elif pd.api.types.is_float_dtype(testo[col]):
            presenti = testo[col].dropna().abs()   # colonna tutta vuota: niente mediana (e niente avvisi)
            decimali = 0 if len(presenti) and presenti.median() >= 1000 else 2
            testo[col] = testo[col].map(lambda v: formato.numero(v, decimali=decimali))
        else:  # date gg/mm/aaaa, «—» dove manca un valore (mai NaT o None)
            testo[col] = formato.tabella(testo[[col]]).iloc[:, 0]
    altre = f"<p><em>… e altre {len(df) - massimo} righe.</em></p>" if len(df) > massimo else ""
    return testo.to_html(index=False, escape=True, border=0) + altre


def aggiorna_menu_case_manager(esploratore, righe: pd.DataFrame) -> None:
    """Mette nel menu ``esploratore.case_manager`` solo i case manager dell'Ambito scelto.

    Se il case manager scelto prima non lavora nel nuovo Ambito, il menu torna su «tutti». Mentre il
    menu cambia, ``esploratore._in_aggiornamento`` è vero, così l'esploratore non ricalcola due volte.
    """
    if esploratore.ambito.value != TUTTI:
        righe = righe[righe["codice_ambito"].astype(str) == esploratore.ambito.value]
    nomi = sorted(righe["id_operatore"].dropna().astype(str).unique())
    esploratore._in_aggiornamento = True
    try:
        precedente = esploratore.case_manager.value
        esploratore.case_manager.options = [TUTTI, *nomi]
        esploratore.case_manager.value = precedente if precedente in nomi else TUTTI
    finally:
        esploratore._in_aggiornamento = False
