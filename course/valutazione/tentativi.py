"""Registrare ogni tentativo non consentito di una consegna, per segnalarlo al formatore.

Il recinto (bubblewrap, Landlock) blocca; questo modulo *annota*. Nel kernel del corsista, prima di
ogni sua riga, si installa un «audit hook» di Python (``sys.addaudithook``: una volta installato non
si può togliere) che osserva le operazioni sensibili — aprire o modificare file fuori dalla cartella
di lavoro, leggere le informazioni di altri processi, aprire connessioni o socket, avviare
programmi, mandare segnali — e ne scrive una riga sul registro del kernel, un file che il kernel non
vede. Il correttore legge il registro e segnala la consegna con «tentativo non consentito: …».

>>> righe = [PREFISSO + '{"tipo": "rete", "dove": "127.0.0.1:9"}', "altro testo", PREFISSO + "{rotto"]
>>> descrivi(leggi_registro("\\n".join(righe)))
['tentativo non consentito: connessione di rete o a un socket (127.0.0.1:9)']
"""

from __future__ import annotations

import json
import os
import sys

__all__ = ["installa", "leggi_registro", "descrivi", "PREFISSO"]

#: Le righe del registro del kernel che annotano un tentativo cominciano così.
PREFISSO = "\u27e6tentativo\u27e7 "
_MASSIMO = 40

_PAROLE = {
    "scrittura": "scrittura di un file fuori dalla cartella di lavoro",
    "modifica": "modifica o cancellazione di un file fuori dalla cartella di lavoro",
    "lettura": "lettura di un file fuori dalle cartelle del corso",
    "cartella": "elenco di una cartella fuori dalle cartelle del corso",
    "processi": "lettura delle informazioni di un altro processo",
    "rete": "connessione di rete o a un socket",
    "programma": "avvio di un programma o di un processo",
    "segnale": "segnale inviato a un altro processo",
    "sistema": "chiamata diretta al sistema operativo",
}

_CHIAMATE_SOSPETTE = {"syscall", "ptrace", "prctl", "unshare", "setns", "mount", "kill", "process_vm_readv",
                      "landlock_create_ruleset", "seccomp"}
#: comandi che le librerie lanciano da sole (``platform.processor()`` chiede ``uname -p``)
_PROGRAMMI_INNOCUI = {"uname -p", "uname -m"}
_SCRITTURA = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def installa(*, cartella: str, leggibili, fd: int) -> None:
    """Installa l'audit hook nel processo corrente: annota sul descrittore ``fd`` ogni tentativo."""
    cartella = os.path.realpath(cartella)
    consentite = [os.path.realpath(p) for p in leggibili if p] + [cartella]
    scrivibili = (cartella, "/dev/null", "/dev/tty", "/dev/pts", "/dev/ptmx")
    proprio = str(os.getpid())
    visti: set = set()
    stato = {"dentro": False, "scritte": 0}

    def sotto(percorso: str, radici) -> bool:
        return any(percorso == r or percorso.startswith(r.rstrip("/") + "/") for r in radici)

    def assoluto(percorso) -> str | None:
        if isinstance(percorso, int):
            return None
        if isinstance(percorso, bytes):
            percorso = os.fsdecode(percorso)
        if not isinstance(percorso, str):
            percorso = os.fspath(percorso) if hasattr(percorso, "__fspath__") else None
            if percorso is None:
                return None
        return os.path.normpath(os.path.join(os.getcwd(), percorso)) if not os.path.isabs(percorso) else os.path.normpath(percorso)

    def proc_altrui(p: str) -> bool:
        parti = p.split("/")
        return len(parti) > 2 and parti[1] == "proc" and parti[2].isdigit() and parti[2] != proprio

    def annota(tipo: str, dove) -> None:
        chiave = (tipo, str(dove)[:200])
        if chiave in visti or stato["scritte"] >= _MASSIMO:
            return
        visti.add(chiave)
        stato["scritte"] += 1
        try:
            os.write(fd, (PREFISSO + json.dumps({"tipo": tipo, "dove": str(dove)[:200]}, ensure_ascii=False) + "\n").encode())
        except OSError:
            pass

    def osserva(evento: str, argomenti) -> None:
        if stato["dentro"]:
            return
        stato["dentro"] = True
        try:
            _osserva(evento, argomenti)
        except Exception:  # noqa: BLE001 - l'osservatore non deve mai rompere il kernel
            pass
        finally:
            stato["dentro"] = False

    def _osserva(evento: str, argomenti) -> None:
        if evento == "open":
            p = assoluto(argomenti[0])
            if p is None:
                return
            modo, flag = argomenti[1] or "", argomenti[2] or 0
            scrive = any(c in str(modo) for c in "wax+") or bool(flag & _SCRITTURA)
            if proc_altrui(p):
                annota("processi", p)
            elif scrive and not sotto(p, scrivibili):
                annota("scrittura", p)
            elif not scrive and not sotto(p, consentite) and not sotto(p, ("/dev", "/proc/self", f"/proc/{proprio}")):
                annota("lettura", p)
        elif evento in {"os.listdir", "os.scandir"}:
            p = assoluto(argomenti[0] if argomenti and argomenti[0] is not None else ".")
            if p is not None and p == "/proc":
                annota("processi", "/proc")
            elif p is not None and not sotto(p, consentite) and not sotto(p, ("/dev", "/proc/self", f"/proc/{proprio}")):
                annota("cartella", p)
        elif evento in {"os.remove", "os.rmdir", "os.rename", "os.mkdir", "os.symlink", "os.link", "os.chmod",
                        "os.chown", "os.truncate", "os.utime", "shutil.rmtree", "shutil.copyfile", "shutil.move"}:
            indice = 1 if evento in {"os.symlink", "os.link", "shutil.copyfile"} else 0
            p = assoluto(argomenti[indice]) if len(argomenti) > indice else None
            if p is not None and not sotto(p, scrivibili):
                annota("modifica", p)
        elif evento in {"socket.connect", "socket.sendto", "socket.bind", "socket.sendmsg"}:
            indirizzo = argomenti[1] if len(argomenti) > 1 else "?"
            if isinstance(indirizzo, (bytes, bytearray)):
                indirizzo = os.fsdecode(bytes(indirizzo)).replace("\x00", "@")
            annota("rete", indirizzo if not isinstance(indirizzo, tuple) else ":".join(str(x) for x in indirizzo[:2]))
        elif evento in {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                        "os.forkpty", "pty.spawn"}:
            dettaglio = argomenti[1] if evento == "subprocess.Popen" and len(argomenti) > 1 else (argomenti[0] if argomenti else "")
            if isinstance(dettaglio, (list, tuple)):
                dettaglio = " ".join(str(x) for x in dettaglio)
            if str(dettaglio) in _PROGRAMMI_INNOCUI:
                return
            annota("programma", dettaglio or evento)
        elif evento in {"os.kill", "os.killpg", "signal.pthread_kill"}:
            bersaglio = argomenti[0] if argomenti else None
            if bersaglio not in (os.getpid(), 0):
                annota("segnale", f"processo {bersaglio}")
        elif evento == "ctypes.dlsym":
            nome = argomenti[1] if len(argomenti) > 1 else ""
            if isinstance(nome, str) and nome in _CHIAMATE_SOSPETTE:
                annota("sistema", nome)

    sys.addaudithook(osserva)


def leggi_registro(testo: str) -> list[dict]:
    """I tentativi annotati nel registro del kernel (senza doppioni, nell'ordine)."""
    trovati, visti = [], set()
    for riga in testo.splitlines():
        inizio = riga.find(PREFISSO)
        if inizio < 0:
            continue
        try:
            voce = json.loads(riga[inizio + len(PREFISSO):])
        except ValueError:
            continue
        if not isinstance(voce, dict) or voce.get("tipo") not in _PAROLE:
            continue
        chiave = (voce["tipo"], str(voce.get("dove", "")))
        if chiave not in visti:
            visti.add(chiave)
            trovati.append({"tipo": voce["tipo"], "dove": str(voce.get("dove", ""))[:200]})
    return trovati


def descrivi(tentativi: list[dict], *, massimo: int = 6) -> list[str]:
    """Un motivo in italiano per ogni tipo di tentativo: «tentativo non consentito: …» con qualche esempio."""
    per_tipo: dict[str, list[str]] = {}
    for t in tentativi:
        per_tipo.setdefault(t["tipo"], []).append(t["dove"])
    motivi = []
    for tipo, dove in per_tipo.items():
        esempi = ", ".join(dove[:3]) + (f" e altri {len(dove) - 3}" if len(dove) > 3 else "")
        motivi.append(f"tentativo non consentito: {_PAROLE[tipo]} ({esempi})")
    return motivi[:massimo]
