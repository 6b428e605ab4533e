"""Il Lab del formatore (``ambiti-lab avvia --formatore``): JupyterLab sulla cartella del corso nbgrader.

Il Lab si apre sulla cartella del corso (quella con ``nbgrader_config.py``), senza copiarci le lezioni
dei corsisti, con il formgrader di nbgrader e il cruscotto del formatore come prima pagina. Sul
portatile non c'è la cartella di scambio di un JupyterHub: il corso ne usa una sua,
``.ambiti-lab/scambio`` dentro il corso, così il formgrader non mostra l'avviso (in inglese) di uno
scambio mancante. Sul hub vale la cartella di scambio del hub (``AMBITI_LAB_EXCHANGE``).

Questo modulo importa solo la libreria standard: ``avvia`` deve partire in fretta.

>>> import tempfile, pathlib
>>> corso = pathlib.Path(tempfile.mkdtemp())
>>> (corso / "nbgrader_config.py").write_text("c = get_config()\\n")
17
>>> cartella_del_corso(corso) == corso.resolve()
True
"""

from __future__ import annotations

import os
from pathlib import Path

from course.errori import ErroreCorso

__all__ = ["cartella_del_corso", "configurazione_formatore", "PAGINA_INIZIALE"]

#: La prima pagina del Lab del formatore (se il corso ce l'ha).
PAGINA_INIZIALE = "cruscotto-formatore.ipynb"


def cartella_del_corso(cartella=None) -> Path:
    """La cartella del corso nbgrader: quella indicata, o ``$AMBITI_LAB_CARTELLA_CORSO``, o quella corrente, o ``./grading``."""
    from course.valutazione.corso import VARIABILE_CARTELLA

    if cartella is not None:
        candidati = [Path(cartella).expanduser()]
    elif os.environ.get(VARIABILE_CARTELLA):
        candidati = [Path(os.environ[VARIABILE_CARTELLA]).expanduser()]
    else:
        candidati = [Path.cwd(), Path.cwd() / "grading"]
    for c in candidati:
        if (c / "nbgrader_config.py").is_file():
            return c.resolve()
    cercate = " e in ".join(str(c) for c in candidati)
    raise ErroreCorso(
        f"Il Lab del formatore si apre sulla cartella del corso nbgrader, ma non la trovo: ho cercato nbgrader_config.py "
        f"in {cercate}. Indica la cartella del corso: «ambiti-lab avvia --formatore --cartella CARTELLA» (oppure entra "
        f"nella cartella, o imposta {VARIABILE_CARTELLA}). Per creare un corso nuovo: «ambiti-lab valuta genera --corso "
        "CARTELLA»."
    )


_CONFIGURAZIONE = """\
# Scritto da «ambiti-lab avvia --formatore»: la cartella di scambio di nbgrader di questo portatile.
c = get_config()  # noqa: F821
c.Exchange.root = {radice!r}
"""


def configurazione_formatore(corso) -> Path | None:
    """La cartella di configurazione Jupyter del Lab del formatore (con lo scambio locale); ``None`` sul hub."""
    if os.environ.get("AMBITI_LAB_EXCHANGE"):
        return None
    corso = Path(corso)
    cartella = corso / ".ambiti-lab" / "configurazione-formatore"
    scambio = corso / ".ambiti-lab" / "scambio"
    scambio.mkdir(parents=True, exist_ok=True)
    cartella.mkdir(parents=True, exist_ok=True)
    (cartella / "nbgrader_config.py").write_text(_CONFIGURAZIONE.format(radice=str(scambio)), encoding="utf-8")
    return cartella
