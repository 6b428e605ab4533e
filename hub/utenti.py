"""Utenti di sistema e cartella di scambio del hub d'aula (li usa ``jupyterhub_config.py``, che gira come root).

Ogni persona del hub ha un utente Linux **stabile** con lo stesso nome, creato dal hub al primo avvio
del suo server: lo stesso numero (uid) a ogni accesso, così i file che ha consegnato restano suoi e
il formatore può controllare chi ha consegnato che cosa. Le cartelle personali sono ``0700``: nessuno
legge quella degli altri (formatore compreso).

Due gruppi per corso:

- ``corsisti-<corso>``: tutti gli utenti creati dal hub (formatore compreso). Un utente di sistema
  che esiste già e non è in questo gruppo (``root``, ``www-data``, un account dell'amministratore…)
  non viene mai usato per un server del hub;
- ``formatori-<corso>``: il gruppo principale del formatore. Le consegne dei corsisti prendono questo
  gruppo (cartella ``inbound`` con il bit setgid) e si aprono solo al loro autore e al formatore.

La cartella di scambio di nbgrader:

============================  ==============================  ======  ===========================================
cartella                      proprietario                    modo    perché
============================  ==============================  ======  ===========================================
``<scambio>``                 root                            0755    nessun corsista vi crea corsi finti
``<scambio>/<corso>``         formatore, formatori-<corso>    0755
``…/outbound``                formatore, formatori-<corso>    2755    i compiti rilasciati: tutti leggono
``…/inbound``                 formatore, formatori-<corso>    3733    si consegna senza vedere né cancellare
                                                                      le consegne degli altri (sticky); l'ACL
                                                                      predefinita fa leggere ogni consegna al
                                                                      solo gruppo dei formatori
``…/feedback``                formatore, formatori-<corso>    2711    ognuno apre solo il riscontro di cui
                                                                      conosce il nome
============================  ==============================  ======  ===========================================
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import subprocess
from pathlib import Path

__all__ = ["NOME_UTENTE", "gruppi", "prepara_utente", "prepara_scambio"]

#: I nomi che il hub accetta alla registrazione: vanno bene anche come nomi di utenti Linux.
NOME_UTENTE = r"^[a-z][a-z0-9._-]{0,31}$"


class ErroreUtente(RuntimeError):
    """Un utente di sistema che il hub non può usare (il messaggio è per il formatore)."""


def gruppi(corso: str) -> tuple[str, str]:
    """I gruppi di sistema del corso: ``(corsisti, formatori)``.

    >>> gruppi("ambiti-lab")
    ('corsisti-ambiti-lab', 'formatori-ambiti-lab')
    """
    return f"corsisti-{corso}", f"formatori-{corso}"


def _esegui(comando: list[str]) -> None:
    risultato = subprocess.run(comando, capture_output=True, text=True, timeout=60)
    if risultato.returncode != 0:
        raise ErroreUtente(f"Il comando {' '.join(comando)} non è riuscito: {risultato.stderr.strip()}")


def _gruppo(nome: str) -> grp.struct_group:
    try:
        return grp.getgrnam(nome)
    except KeyError:
        _esegui(["groupadd", nome])
        return grp.getgrnam(nome)


def prepara_utente(nome: str, *, corso: str, case: str | os.PathLike = "/home", formatore: bool = False) -> pwd.struct_passwd:
    """L'utente di sistema ``nome`` (creato se manca) con la cartella personale ``0700``.

    Un utente che esiste già va bene solo se l'ha creato il hub (è nel gruppo ``corsisti-<corso>``).
    """
    if not re.match(NOME_UTENTE, nome):
        raise ErroreUtente(f"Il nome «{nome}» non va bene come utente di sistema: servono lettere minuscole, "
                           "cifre, punto, trattino o trattino basso (al massimo 32 caratteri).")
    corsisti, formatori = (_gruppo(g) for g in gruppi(corso))
    try:
        utente = pwd.getpwnam(nome)
    except KeyError:
        casa = Path(case) / nome
        primario = ["-g", formatori.gr_name] if formatore else ["-U"]
        _esegui(["useradd", "--create-home", "--home-dir", str(casa), "--shell", "/bin/bash",
                 "--key", "HOME_MODE=0700", *primario, "-G", corsisti.gr_name, nome])
        utente = pwd.getpwnam(nome)
    else:
        if nome not in grp.getgrnam(corsisti.gr_name).gr_mem and utente.pw_gid != corsisti.gr_gid:
            raise ErroreUtente(
                f"Sul server esiste già l'utente di sistema «{nome}», non creato dal hub: per sicurezza il hub "
                f"non avvia server con quell'utente. Chi si è registrato come «{nome}» deve scegliere un altro nome.")
    if formatore and utente.pw_gid != formatori.gr_gid:
        _esegui(["usermod", "-g", formatori.gr_name, nome])
        utente = pwd.getpwnam(nome)
    casa = Path(utente.pw_dir)
    if casa.is_dir():
        os.chmod(casa, 0o700)
    return utente


def prepara_scambio(radice: str | os.PathLike, *, corso: str, formatore: str) -> Path:
    """Crea (o rimette a posto) la cartella di scambio di nbgrader del corso; restituisce ``<radice>/<corso>``."""
    radice = Path(radice)
    _, formatori = gruppi(corso)
    uid = pwd.getpwnam(formatore).pw_uid
    gid = grp.getgrnam(formatori).gr_gid
    radice.mkdir(parents=True, exist_ok=True)
    os.chown(radice, 0, 0)
    os.chmod(radice, 0o755)
    cartella = radice / corso
    for percorso, modo in ((cartella, 0o755), (cartella / "outbound", 0o2755),
                           (cartella / "inbound", 0o3733), (cartella / "feedback", 0o2711)):
        percorso.mkdir(exist_ok=True)
        os.chown(percorso, uid, gid)
        os.chmod(percorso, modo)
    # Ogni consegna nasce leggibile dal gruppo dei formatori e da nessun altro (ACL predefinita di
    # inbound): vale anche per i file che nbgrader scrive dopo aver tolto alla cartella il bit setgid.
    _esegui(["setfacl", "--default", "--modify", f"u::rwx,g::-,g:{formatori}:rx,m::rx,o::-",
             str(cartella / "inbound")])
    return cartella
