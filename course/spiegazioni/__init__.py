"""Gli errori di Python spiegati in italiano, per chi non ha mai programmato.

Quando una cella si ferma per un errore, prima del messaggio di Python compare un riquadro: che
cosa è successo, in parole semplici, e come rimediare («Forse intendevi `conformita`?»). Il messaggio
completo di Python resta ripiegato dentro il riquadro; sotto se ne vede solo l'ultima riga, e la
cella resta segnata come fallita.

Dove si attivano:

- all'avvio del kernel, negli ambienti del corso: ``ambiti-lab avvia`` usa un kernel ``python3``
  con l'estensione ``course.nel_notebook`` (che attiva anche tabelle e grafici all'italiana); Binder (e chi vuole, su un hub) la aggiunge alla
  configurazione dei kernel dell'ambiente con :func:`installa_nell_ambiente`;
- in qualsiasi altro kernel IPython, appena si importa ``course``;
- mai se la variabile d'ambiente ``AMBITI_LAB_SPIEGAZIONI`` vale ``0``, né nel kernel della
  correzione dei compiti: lì una consegna che sbaglia deve fallire come sempre.

Perché non friendly-traceback: la sua traduzione italiana è parziale (le spiegazioni generiche dei
tipi di errore restano in inglese) e non conosce pandas né le abitudini di chi viene da Excel. Le
spiegazioni stanno qui, una regola per famiglia di errori:

- :mod:`~course.spiegazioni.scrittura`: parentesi, virgolette, ``=`` e ``==``, ``;`` e decimali con la virgola, rientri;
- :mod:`~course.spiegazioni.nomi`: nomi, colonne, metodi e librerie che non esistono (con i più vicini);
- :mod:`~course.spiegazioni.valori`: date e numeri, testi e numeri, file, divisioni per zero, posizioni.

>>> from course.spiegazioni import spiega
>>> print(spiega(TypeError("unsupported operand type(s) for -: 'str' and 'Timestamp'")).titolo)
Stai usando un testo come se fosse una data.
"""

from __future__ import annotations

from course.spiegazioni.kernel import (
    ESTENSIONE, VARIABILE, attiva, attive, disattiva, installa_nell_ambiente, scrivi_kernel_del_corso,
    spente_dall_ambiente,
)
from course.spiegazioni.regole import spiega
from course.spiegazioni.spiegazione import Spiegazione

__all__ = ["Spiegazione", "spiega", "attiva", "disattiva", "attive", "spente_dall_ambiente", "VARIABILE",
           "ESTENSIONE", "installa_nell_ambiente", "scrivi_kernel_del_corso",
           "load_ipython_extension", "unload_ipython_extension"]


def load_ipython_extension(shell) -> None:
    """Chiamata da IPython con ``--ext=course.spiegazioni`` o ``%load_ext course.spiegazioni``."""
    attiva(shell)


def unload_ipython_extension(shell) -> None:
    """Chiamata da IPython con ``%unload_ext course.spiegazioni``."""
    disattiva(shell)
