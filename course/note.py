"""Le note del corso: che cosa una funzione ha capito o deciso da sola, detto a chi la usa.

Un risultato giusto ma costruito con un'ipotesi (un nome di Ambito interpretato, una tabella tutta
vuota, i Patti ADI tolti dalla regola delle ore) non deve restare muto. :func:`nota` lo dice in due
modi: un avviso visibile nel notebook (categoria :class:`NotaCorso`) e, se c'è un risultato, una
riga in ``risultato.attrs["note"]``, che resta con la tabella.

>>> import warnings
>>> import pandas as pd
>>> df = pd.DataFrame({"a": [1]})
>>> with warnings.catch_warnings(record=True) as avvisi:
...     warnings.simplefilter("always")
...     _ = nota("Ho letto «Bari» come ATS-BA-01.", df)
>>> df.attrs["note"], avvisi[0].category.__name__
(['Ho letto «Bari» come ATS-BA-01.'], 'NotaCorso')
"""

from __future__ import annotations

import warnings

__all__ = ["NotaCorso", "nota"]


class NotaCorso(UserWarning):
    """Una nota per chi usa il corso: non è un errore, ma va letta (che cosa è stato capito o escluso)."""


def nota(testo: str, risultato=None, *, livello: int = 3):
    """Dice ``testo`` a chi usa il corso e lo aggiunge a ``risultato.attrs["note"]`` (se c'è).

    ``livello`` indica quale riga del codice di chi chiama mostrare nell'avviso. Restituisce
    ``risultato``, così si può scrivere ``return nota("…", tabella)``.
    """
    if risultato is not None and hasattr(risultato, "attrs"):
        note = list(risultato.attrs.get("note", []))
        if testo not in note:
            note.append(testo)
        risultato.attrs["note"] = note
    warnings.warn(testo, NotaCorso, stacklevel=livello)
    return risultato
