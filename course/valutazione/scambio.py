"""Le consegne nella cartella di scambio di nbgrader su un hub d'aula: di chi sono davvero.

Sul hub ogni corsista è un utente Linux con il suo nome (vedi ``hub/utenti.py``). Il nome scritto nella
cartella di una consegna (``<corsista>+<compito>+<data>…``) lo sceglie chi consegna, e con
``nbgrader submit --student=…`` chiunque può scrivere quello di un altro: ciò che non si può falsificare
è il **proprietario dei file**. Una consegna vale solo se la cartella e ogni file dentro appartengono
all'utente di sistema con il nome del corsista, e se non ci sono collegamenti (che farebbero leggere
al formatore file altrui).

>>> import tempfile, pathlib
>>> problemi_consegna(pathlib.Path(tempfile.mkdtemp()), "nessuno-con-questo-nome")
['sul server non esiste l’utente di sistema «nessuno-con-questo-nome»']
"""

from __future__ import annotations

import os
import pwd
import stat
from pathlib import Path

__all__ = ["problemi_consegna", "proprietario"]


def proprietario(uid: int) -> str:
    """Il nome dell'utente di sistema ``uid`` (o il numero, se non ha un nome).

    >>> proprietario(0)
    'root'
    """
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"utente n. {uid}"


def problemi_consegna(cartella: str | os.PathLike, studente: str) -> list[str]:
    """Perché la consegna in ``cartella`` non è davvero di ``studente`` (lista vuota se lo è)."""
    cartella = Path(cartella)
    try:
        atteso = pwd.getpwnam(studente).pw_uid
    except KeyError:
        return [f"sul server non esiste l’utente di sistema «{studente}»"]
    problemi = []
    info = os.lstat(cartella)
    if not stat.S_ISDIR(info.st_mode):
        return [f"«{cartella.name}» non è una cartella"]
    if info.st_uid != atteso:
        problemi.append(f"la cartella appartiene a «{proprietario(info.st_uid)}», non a «{studente}»")
    def illeggibile(errore: OSError) -> None:
        problemi.append(f"«{Path(errore.filename).name}» non si può leggere ({errore.strerror})")

    for base, cartelle, file in os.walk(cartella, onerror=illeggibile):
        for nome in sorted(cartelle + file):
            percorso = Path(base) / nome
            relativo = percorso.relative_to(cartella).as_posix()
            dati = os.lstat(percorso)
            if stat.S_ISLNK(dati.st_mode):
                problemi.append(f"«{relativo}» è un collegamento ad altri file")
            elif not (stat.S_ISREG(dati.st_mode) or stat.S_ISDIR(dati.st_mode)):
                problemi.append(f"«{relativo}» non è un file normale")
            elif dati.st_uid != atteso:
                problemi.append(f"il file «{relativo}» appartiene a «{proprietario(dati.st_uid)}», non a «{studente}»")
    return problemi
