"""Il corso dentro il notebook: errori spiegati, tabelle all'italiana, grafici con la loro descrizione.

Si attiva con il kernel del corso (estensione IPython ``course.nel_notebook``, scritta da
``ambiti-lab avvia`` e da Binder) e, in ogni altro kernel, appena si importa ``course``. Cambia solo
il modo in cui i risultati si *vedono*, mai i dati:

- gli errori di Python arrivano spiegati in italiano (:mod:`course.spiegazioni`);
- una tabella (DataFrame) o una colonna (Series) si vede con i numeri all'italiana (1.234,5), le date
  come 03/03/2025 e ``—`` al posto dei valori mancanti (mai ``NaN``, ``NaT``, ``<NA>``, ``None``);
- un grafico si vede alla sua misura, con sotto la descrizione in italiano, che è anche il testo
  alternativo dell'immagine per chi usa un lettore di schermo;
- un numero di numpy si vede come un numero (``0.35``, non ``np.float64(0.35)``).

Come le spiegazioni, non si attiva mai con ``AMBITI_LAB_SPIEGAZIONI=0`` né nel kernel della
correzione dei compiti.

>>> attiva()
False
"""

from __future__ import annotations

import base64
import html
import sys

from course import formato
from course.spiegazioni import kernel as spiegazioni

__all__ = ["attiva", "tabella_html", "tabella_testo", "figura_html", "load_ipython_extension"]

_SEGNO = "_ambiti_lab_nel_notebook"
_RIGHE_MASSIME, _RIGHE_MOSTRATE = 60, 10  # come pandas: oltre 60 righe se ne vedono 5 in cima e 5 in fondo


def _parte_da_mostrare(df):
    """Le righe che si vedono: tutte, oppure le prime e le ultime con una riga «…» in mezzo."""
    import pandas as pd

    if len(df) <= _RIGHE_MASSIME:
        return formato.tabella(df), False
    meta = _RIGHE_MOSTRATE // 2
    testa, coda = formato.tabella(df.head(meta)), formato.tabella(df.tail(meta))
    puntini = pd.DataFrame([["…"] * df.shape[1]], columns=df.columns, index=["…"])
    parte = pd.concat([testa, puntini, coda])
    if isinstance(df.index, pd.MultiIndex):
        parte.index = [str(i) for i in parte.index]
    return parte, True


def _dimensioni(df) -> str:
    righe, colonne = df.shape
    return (f"{formato.intero(righe)} {'riga' if righe == 1 else 'righe'} × "
            f"{formato.intero(colonne)} {'colonna' if colonne == 1 else 'colonne'}")


def tabella_html(df) -> str:
    """Una tabella (o una colonna) in HTML come la vede chi impara: all'italiana, ``—`` dove manca un valore.

    >>> import pandas as pd
    >>> h = tabella_html(pd.DataFrame({"ore": [1234.5, None]}))
    >>> "1.234,5" in h and "—" in h and "NaN" not in h
    True
    """
    import pandas as pd

    if isinstance(df, pd.Series):
        df = df.to_frame(df.name if df.name is not None else "valore")
    parte, troncata = _parte_da_mostrare(df)
    corpo = parte.to_html(border=0, classes="dataframe", escape=True, notebook=True)
    piede = f"<p>{_dimensioni(df)}</p>" if troncata or len(df) > 10 else ""
    return f"<div>{corpo}{piede}</div>"


def tabella_testo(df) -> str:
    """La stessa tabella come testo semplice (per chi non vede l'HTML)."""
    import pandas as pd

    if isinstance(df, pd.Series):
        df = df.to_frame(df.name if df.name is not None else "valore")
    parte, troncata = _parte_da_mostrare(df)
    return parte.to_string() + (f"\n\n[{_dimensioni(df)}]" if troncata else "")


def figura_html(fig, *, png: bytes | None = None) -> str:
    """Il grafico alla sua misura con la descrizione sotto (didascalia e testo alternativo)."""
    from course.grafici.descrizione import descrivi

    if png is None:
        from IPython.core.pylabtools import print_figure

        png = print_figure(fig, "png", bbox_inches="tight")
    descrizione = html.escape(descrivi(fig), quote=True)
    dati = base64.b64encode(png).decode("ascii")
    larghezza = _larghezza_png(png)
    misura = f' width="{larghezza}"' if larghezza else ""
    return (f'<figure style="margin:0.4em 0"><img src="data:image/png;base64,{dati}" alt="{descrizione}"{misura} '
            'style="max-width:100%;height:auto">'
            f'<figcaption style="font-size:85%;opacity:0.8;max-width:60em">{descrizione}</figcaption></figure>')


def _larghezza_png(png: bytes) -> int | None:
    # L'intestazione PNG (IHDR) dice la larghezza in pixel: l'immagine si mostra a quella misura.
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(png[16:20], "big")


def _figura(fig, include=None, exclude=None):
    from IPython.core.pylabtools import print_figure

    from course.grafici.descrizione import descrivi

    png = print_figure(fig, "png", bbox_inches="tight")
    if png is None:
        return None
    descrizione = descrivi(fig)
    return ({"text/html": figura_html(fig, png=png), "image/png": png, "text/plain": f"<Grafico: {descrizione}>"},
            {"image/png": {"alt": descrizione}})


def _tabella_testo(df, p, ciclo) -> None:
    p.text(tabella_testo(df))


def _numero_di_numpy(x, p, ciclo) -> None:
    p.text(repr(x.item()))


def attiva(shell=None) -> bool:
    """Attiva nel notebook errori spiegati, tabelle all'italiana e grafici descritti (una volta sola).

    Restituisce ``False`` fuori da IPython o se spente dall'ambiente (come le spiegazioni).
    """
    if not spiegazioni.attiva(shell):
        return False
    shell = spiegazioni.shell_corrente(shell)
    if getattr(shell, _SEGNO, False):
        return True
    formattatori = shell.display_formatter.formatters
    # Per nome: pandas si carica solo se il notebook lo usa (pandas 3 dichiara il modulo «pandas»,
    # le versioni precedenti quello interno).
    for modulo, classe in [("pandas", "DataFrame"), ("pandas", "Series"),
                           ("pandas.core.frame", "DataFrame"), ("pandas.core.series", "Series")]:
        formattatori["text/html"].for_type_by_name(modulo, classe, tabella_html)
        formattatori["text/plain"].for_type_by_name(modulo, classe, _tabella_testo)
    shell.display_formatter.mimebundle_formatter.for_type_by_name("matplotlib.figure", "Figure", _figura)
    numpy = sys.modules.get("numpy")
    for classe in ("float64", "float32", "int64", "int32", "bool_"):
        if numpy is not None:  # IPython ha già un suo modo di scrivere float64: il nostro lo sostituisce
            formattatori["text/plain"].for_type(getattr(numpy, classe), _numero_di_numpy)
        else:
            formattatori["text/plain"].for_type_by_name("numpy", classe, _numero_di_numpy)
    setattr(shell, _SEGNO, True)
    return True


def load_ipython_extension(shell) -> None:
    """Chiamata da IPython con ``--ext=course.nel_notebook`` (il kernel del corso)."""
    attiva(shell)

