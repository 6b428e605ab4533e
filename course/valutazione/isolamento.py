"""Il recinto del kernel che esegue una consegna: memoria, file e rete limitati dal sistema operativo.

Su Linux (dal kernel 5.13) si usa *Landlock*, che non richiede privilegi: il processo del corsista
può leggere solo le cartelle elencate (Python, le librerie, i dati del corso) e scrivere solo nella
sua cartella di lavoro. Il gradebook, le soluzioni e le consegne degli altri restano fuori dalla
sua portata, anche se il codice conosce il loro percorso. Dove Landlock non c'è, restano i limiti
di memoria e di dimensione dei file (``resource.setrlimit``) e i controlli fatti dopo.

>>> versione_landlock() >= 0
True
"""

from __future__ import annotations

import ctypes
import os
import platform

try:
    import resource
except ImportError:  # Windows: niente limiti di sistema, restano i tempi e i controlli dopo
    resource = None

__all__ = ["versione_landlock", "landlock_disponibile", "limita_risorse", "limita_file"]

# numeri delle chiamate di sistema Landlock (uguali su x86_64 e aarch64)
_CREA, _AGGIUNGI, _APPLICA = 444, 445, 446
_PR_SET_NO_NEW_PRIVS = 38

# diritti sui file (ABI 1) e aggiunte delle versioni successive
_ESEGUI, _SCRIVI_FILE, _LEGGI_FILE, _LEGGI_CARTELLA = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_TUTTI_ABI1 = (1 << 13) - 1
_REFER, _TRUNCATE, _IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_RETE_BIND, _RETE_CONNECT = 1 << 0, 1 << 1
_SCOPE_SOCKET_ASTRATTO, _SCOPE_SEGNALI = 1 << 0, 1 << 1


class _Regole(ctypes.Structure):
    _fields_ = [("fs", ctypes.c_uint64), ("rete", ctypes.c_uint64), ("ambito", ctypes.c_uint64)]


class _SottoPercorso(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("permessi", ctypes.c_uint64), ("fd", ctypes.c_int32)]


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def versione_landlock() -> int:
    """La versione di Landlock offerta dal sistema (0 se non c'è, ad esempio fuori da Linux)."""
    if platform.system() != "Linux" or platform.machine() not in {"x86_64", "aarch64"}:
        return 0
    try:
        risposta = _libc().syscall(_CREA, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    except (OSError, AttributeError):
        return 0
    return max(int(risposta), 0)


def landlock_disponibile() -> bool:
    """Vero se il sistema può chiudere il kernel del corsista nel suo recinto di file.

    >>> landlock_disponibile() == (versione_landlock() >= 1)
    True
    """
    return versione_landlock() >= 1


def limita_risorse(*, memoria_mb: int | None, file_mb: int = 256) -> list[str]:
    """Limita la memoria (spazio di indirizzi) e la dimensione dei file del processo corrente.

    Restituisce i limiti che il sistema non ha accettato (ad esempio la memoria su macOS), senza sollevare.
    """
    if resource is None:
        return ["memoria", "file", "core"]
    richiesti = [("file", resource.RLIMIT_FSIZE, file_mb * 1024 * 1024), ("core", resource.RLIMIT_CORE, 0)]
    if memoria_mb:
        richiesti.insert(0, ("memoria", resource.RLIMIT_AS, int(memoria_mb) * 1024 * 1024))
    rifiutati = []
    for nome, limite, valore in richiesti:
        try:
            resource.setrlimit(limite, (valore, valore))
        except (ValueError, OSError):
            rifiutati.append(nome)
    return rifiutati


def limita_file(*, leggibili, scrivibili, blocca_rete: bool = True) -> int:
    """Chiude il processo corrente (e i suoi figli) in un recinto Landlock; restituisce la versione usata.

    ``leggibili``: cartelle o file da cui si può leggere ed eseguire; ``scrivibili``: dove si può
    anche scrivere. Tutto il resto del disco diventa invisibile. Con ``blocca_rete`` (Landlock ≥ 4)
    il processo non può aprire connessioni TCP verso l'esterno.
    """
    abi = versione_landlock()
    if abi < 1:
        raise OSError("Landlock non è disponibile su questo sistema")
    tutti = _TUTTI_ABI1 | (_REFER if abi >= 2 else 0) | (_TRUNCATE if abi >= 3 else 0) | (_IOCTL_DEV if abi >= 5 else 0)
    solo_file = (_ESEGUI | _SCRIVI_FILE | _LEGGI_FILE | _TRUNCATE | _IOCTL_DEV) & tutti
    lettura = _ESEGUI | _LEGGI_FILE | _LEGGI_CARTELLA
    # si bloccano le connessioni in uscita; il bind locale resta (ipykernel lo usa per l'output dei sottoprocessi)
    regole = _Regole(tutti, _RETE_CONNECT if (blocca_rete and abi >= 4) else 0,
                     (_SCOPE_SOCKET_ASTRATTO | _SCOPE_SEGNALI) if abi >= 6 else 0)
    dimensione = 8 if abi < 4 else (16 if abi < 6 else 24)
    libc = _libc()
    fd_regole = libc.syscall(_CREA, ctypes.byref(regole), ctypes.c_size_t(dimensione), ctypes.c_uint32(0))
    if fd_regole < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset non riuscita")
    try:
        for percorsi, permessi in ((leggibili, lettura), (scrivibili, tutti)):
            for percorso in percorsi:
                try:
                    fd = os.open(percorso, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    permessi_qui = permessi & (solo_file if not os.path.isdir(percorso) else tutti)
                    regola = _SottoPercorso(permessi_qui, fd)
                    if libc.syscall(_AGGIUNGI, fd_regole, 1, ctypes.byref(regola), 0) < 0:
                        raise OSError(ctypes.get_errno(), f"landlock_add_rule non riuscita per {percorso}")
                finally:
                    os.close(fd)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS) non riuscita")
        if libc.syscall(_APPLICA, fd_regole, 0) < 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self non riuscita")
    finally:
        os.close(fd_regole)
    return abi
