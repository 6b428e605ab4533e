"""Eseguire una consegna in un kernel nuovo, recintato e con limiti di tempo, senza mai sollevare.

Ogni consegna ha il suo kernel (mai riusato: nessuno stato passa da un corsista all'altro), che
comunica con il correttore via IPC (socket su file nella cartella di lavoro della consegna, non porte
TCP: avviare tanti kernel insieme non provoca «Address already in use»). Il kernel parte nel recinto
di :mod:`course.valutazione.recinto` (bubblewrap: processi, rete, file e ambiente separati; memoria
limitata sull'uso reale) tramite :mod:`course.valutazione.nucleo`, che aggiunge dentro il recinto
Landlock sui file e l'osservatore dei tentativi non consentiti.

Se una cella supera il tempo o il kernel muore, la cella conta 0 e l'esecuzione riprende in un
kernel nuovo dalla cella successiva (dopo aver rieseguito le celle di preparazione).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Limiti", "esegui_notebook", "percorsi_leggibili"]


@dataclass(frozen=True)
class Limiti:
    """I limiti di una correzione: secondi per cella e per consegna, memoria del kernel, output."""

    cella: float = 30.0
    consegna: float = 180.0
    memoria_mb: int = 3072
    #: con ``senza_root`` il correttore usa la strada di un portatile anche se gira come root (per le prove)
    senza_root: bool = False
    output_cella: int = 200_000
    risposta: int = 20_000_000
    isolamento: bool = True
    riprese: int = 3
    leggibili_extra: tuple[str, ...] = field(default_factory=tuple)


def _cartella_del_pacchetto(nome: str) -> list[str]:
    import importlib.util

    try:
        spec = importlib.util.find_spec(nome)
    except (ImportError, ValueError):
        return []
    if spec is None:
        return []
    return [str(Path(p).resolve()) for p in (spec.submodule_search_locations or [])]


def percorsi_leggibili(*, extra=(), escludi=()) -> list[str]:
    """Le cartelle che il kernel del corsista può leggere: Python, le librerie, il pacchetto e i dati del corso.

    Non include mai le cartelle in ``escludi`` (il corso nbgrader: soluzioni e gradebook) né le loro cartelle madri.

    >>> "/usr" in percorsi_leggibili()
    True
    """
    escludi = [Path(e).resolve() for e in escludi]
    base = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
            str(Path(sys.executable).resolve().parent), "/usr", "/lib", "/lib64", "/bin", "/etc", "/proc", "/sys"}
    prefissi = tuple(str(Path(p).resolve()) for p in (sys.prefix, sys.base_prefix))
    for voce in sys.path:
        if voce and Path(voce).exists() and (str(Path(voce).resolve()).startswith(prefissi) or "-packages" in voce):
            base.add(str(Path(voce).resolve()))
    for nome in ("course", "course.datasets"):
        base.update(_cartella_del_pacchetto(nome))
    if os.environ.get("AMBITI_LAB_DATI"):
        base.add(os.environ["AMBITI_LAB_DATI"])
    base.update(str(e) for e in extra)
    sicuri = []
    for p in sorted(base):
        reale = Path(p).resolve()
        if not reale.exists():
            continue
        if any(reale == e or reale in e.parents or e in reale.parents for e in escludi):
            continue
        sicuri.append(str(reale))
    return sicuri


#: millisecondi tra un tentativo e l'altro dei socket del correttore di collegarsi al kernel che sta partendo
#: (ZeroMQ di norma aspetta 100 ms: ciò che il kernel pubblica prima del collegamento va perso e il correttore
#: aspetta altri 200 ms prima di richiedere; con 10 ms il collegamento c'è prima che il kernel risponda)
RICOLLEGAMENTO_MS = 10


def _classe_gestore(recinto=None):
    import zmq
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Dict, List

    class ClientPronto(AsyncKernelClient):
        """Il client del kernel, con socket che si ricollegano presto (il kernel nel recinto apre i suoi dopo)."""

        def _context_default(self):
            contesto = super()._context_default()
            contesto.setsockopt(zmq.RECONNECT_IVL, RICOLLEGAMENTO_MS)
            return contesto

        async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
            """Pronto quando il kernel risponde a kernel_info e IOPub consegna i suoi messaggi.

            Come l'originale, ma senza le sue attese fisse (0,2 s per IOPub a ogni giro e altri 0,2 s alla fine
            per svuotarlo): i messaggi rimasti si scartano subito (il client del notebook ignora comunque quelli
            che non rispondono alle sue richieste).
            """
            from queue import Empty

            fine = time.monotonic() + (timeout if timeout else float("inf"))
            while True:
                self.kernel_info()
                try:
                    risposta = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    risposta = None
                if risposta is not None and risposta["msg_type"] == "kernel_info_reply":
                    # un messaggio su IOPub: il canale delle uscite è davvero collegato; se ancora no (ciò che il
                    # kernel ha pubblicato prima del collegamento è perso), un'altra richiesta ne fa arrivare di nuovi
                    try:
                        await self.iopub_channel.get_msg(timeout=0.05)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(risposta)
                        while await self.iopub_channel.msg_ready():
                            await self.iopub_channel.get_msg(timeout=0.01)
                        return
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > fine:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

        wait_for_ready = _async_wait_for_ready

    class GestoreRecintato(AsyncKernelManager):
        """Un gestore di kernel con comando e ambiente scelti dal correttore (non dai kernelspec installati)."""

        argv_nucleo = List(config=True)
        env_nucleo = Dict(config=True)

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.client_factory = ClientPronto

        async def _async_wait(self, pollinterval: float = 0.1) -> None:
            # il kernel ucciso esce in pochi millesimi: si controlla ogni 10 ms invece di ogni 100
            await super()._async_wait(pollinterval=min(pollinterval, 0.01))

        @property
        def kernel_spec(self):
            if self._kernel_spec is None:
                # interruzioni come messaggi: nel recinto i segnali del correttore non arrivano al kernel
                self._kernel_spec = KernelSpec(argv=list(self.argv_nucleo), display_name="Python 3",
                                               language="python", env=dict(self.env_nucleo), resource_dir="",
                                               interrupt_mode="message")
            return self._kernel_spec

        def write_connection_file(self, **kwargs):
            risposta = super().write_connection_file(**kwargs)
            if recinto is not None:
                recinto.consegna_file(self.connection_file)
            return risposta

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            await super()._async_launch_kernel(kernel_cmd, **kw)
            if recinto is not None and self.provisioner is not None and getattr(self.provisioner, "pid", None):
                recinto.avviato(self.provisioner.pid)

    return GestoreRecintato


def _client_limitato():
    from nbclient import NotebookClient

    from course.valutazione.codifica import MIME_RISPOSTA

    class ClientLimitato(NotebookClient):
        """Un NotebookClient che tronca gli output troppo lunghi invece di riempire la memoria."""

        def output(self, outs, msg, display_id, cell_index):
            contenuto = msg.get("content", {})
            dati = contenuto.get("data") or {}
            if "text" in contenuto:
                peso = len(contenuto["text"])
            elif "traceback" in contenuto:
                peso = sum(len(r) for r in contenuto["traceback"])
            else:
                peso = sum(len(str(v)) for v in dati.values())
            usati = self.__dict__.setdefault("_usati", {})
            troncate = self.__dict__.setdefault("troncate", set())
            limite = self.limite_risposta if MIME_RISPOSTA in dati else self.limite_output
            chiave = (cell_index, MIME_RISPOSTA in dati)
            if usati.get(chiave, 0) + peso > limite:
                if cell_index not in troncate:
                    troncate.add(cell_index)
                    outs.append(_nota("… [output troppo lungo: il correttore lo ha troncato qui]\n"))
                return None
            usati[chiave] = usati.get(chiave, 0) + peso
            return super().output(outs, msg, display_id, cell_index)

    return ClientLimitato


def _nota(testo: str):
    import nbformat

    return nbformat.v4.new_output("stream", name="stdout", text=testo)


def _ambiente(cartella: Path) -> dict:
    env = {
        "HOME": str(cartella), "IPYTHONDIR": str(cartella / ".ipython"), "MPLCONFIGDIR": str(cartella / ".matplotlib"),
        "TMPDIR": str(cartella / "tmp"), "JUPYTER_RUNTIME_DIR": str(cartella / ".runtime"),
        "JUPYTER_DATA_DIR": str(cartella / ".jupyter"), "JUPYTER_CONFIG_DIR": str(cartella / ".jupyter"),
        "PYTHONDONTWRITEBYTECODE": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "MPLBACKEND": "agg",
    }
    for nome in ("tmp", ".matplotlib", ".runtime", ".jupyter", ".ipython"):
        (cartella / nome).mkdir(parents=True, exist_ok=True)
    try:  # la cache dei caratteri di matplotlib evita di ricostruirla (secondi) in ogni kernel
        import matplotlib

        for f in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
            shutil.copy2(f, cartella / ".matplotlib" / f.name)
    except Exception:  # noqa: BLE001 - senza cache si va solo più piano
        pass
    return env


def memoria_virtuale_mb(memoria_mb: int | None) -> int | None:
    """Il paracadute sullo spazio di indirizzi: largo, perché Python e le librerie riservano molto più di ciò che usano.

    Il limite vero è sulla memoria usata (cgroup o sorveglianza); questo ferma subito solo le richieste enormi.

    >>> memoria_virtuale_mb(2048), memoria_virtuale_mb(None)
    (8192, None)
    """
    if not memoria_mb:
        return None
    return max(4 * int(memoria_mb), int(memoria_mb) + 6144)


def _configurazione(cartella: Path, limiti: Limiti, leggibili: list[str], landlock: bool, recinto, ipc: Path,
                    ambiente: dict):
    from traitlets.config import Config

    argv = [sys.executable, "-m", "course.valutazione.nucleo", "--tentativi", str(cartella)]
    if limiti.memoria_mb:
        argv += ["--memoria", str(memoria_virtuale_mb(limiti.memoria_mb))]
    for p in leggibili:
        argv += ["--leggibile", p]
    if landlock:
        argv += ["--scrivibile", str(cartella), "--scrivibile", "/dev"]
        if ipc != cartella:
            argv += ["--scrivibile", str(ipc)]
    # senza la cronologia di IPython (un database SQLite scritto a ogni cella): il correttore non la usa
    argv += ["--", "-f", "{connection_file}", "--HistoryManager.enabled=False"]
    env = {**_ambiente(cartella), **ambiente}
    cfg = Config()
    cfg.GestoreRecintato.transport = "ipc"
    cfg.GestoreRecintato.ip = str(ipc / "kernel-ipc")
    cfg.GestoreRecintato.connection_file = str(cartella / "connessione.json")
    cfg.GestoreRecintato.argv_nucleo = recinto.comando(argv, env)
    cfg.GestoreRecintato.env_nucleo = env
    return cfg


def _e_preparazione(cella) -> bool:
    nbg = cella.get("metadata", {}).get("nbgrader", {})
    return cella.get("cell_type") == "code" and nbg.get("locked") and not nbg.get("grade") and not nbg.get("solution")


async def _riesegui_preparazione(client, celle, fino_a: int) -> None:
    """Dopo un kernel nuovo, riesegue le celle di preparazione (import, dati) senza toccarne l'output."""
    for j in range(fino_a):
        if _e_preparazione(celle[j]):
            copia = celle[j].copy()
            copia["outputs"] = []
            await client.async_execute_cell(copia, j)


async def _esegui(nb, cartella: Path, limiti: Limiti, leggibili: list[str], landlock: bool, recinto, registro: Path,
                  ipc: Path, ambiente: dict) -> dict:
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    # il tempo della consegna parte quando il primo kernel è pronto: l'avvio del recinto non è colpa del corsista
    scadenza = time.monotonic() + limiti.consegna + 3600
    partito = False
    problemi: list[str] = []
    troncate: set[int] = set()
    indice, riprese, avvii_falliti = 0, 0, 0
    celle = nb.cells

    def tempo_cella(_cella):
        return max(1, min(limiti.cella, scadenza - time.monotonic()))

    while indice < len(celle):
        if time.monotonic() >= scadenza:
            problemi.append(f"tempo totale scaduto ({limiti.consegna:g} s): le celle dalla {indice + 1} in poi non sono state eseguite")
            break
        client = _client_limitato()(
            nb, kernel_manager_class=_classe_gestore(recinto), kernel_name="python3", timeout_func=tempo_cella,
            allow_errors=True, shutdown_kernel="immediate", startup_timeout=60, record_timing=False,
            resources={"metadata": {"path": str(cartella)}},
            config=_configurazione(cartella, limiti, leggibili, landlock, recinto, ipc, ambiente),
        )
        client.limite_output, client.limite_risposta = limiti.output_cella, limiti.risposta
        corrente = indice
        try:
            with open(registro, "ab") as uscita:
                async with client.async_setup_kernel(stdout=uscita, stderr=uscita):
                    avvii_falliti = 0
                    if not partito:
                        partito, scadenza = True, time.monotonic() + limiti.consegna
                    if riprese:
                        await _riesegui_preparazione(client, celle, indice)
                    for corrente in range(indice, len(celle)):
                        if time.monotonic() >= scadenza:
                            break
                        if celle[corrente].get("cell_type") == "code":
                            await client.async_execute_cell(celle[corrente], corrente)
                        indice = corrente + 1
        except CellTimeoutError:
            if time.monotonic() < scadenza - 0.5:
                problemi.append(f"tempo scaduto nella cella {corrente + 1} (limite {limiti.cella:g} s per cella): forse un ciclo infinito")
            celle[corrente].setdefault("outputs", []).append(_nota("⏱ Tempo scaduto: il correttore ha interrotto questa cella.\n"))
            indice, riprese = corrente + 1, riprese + 1
        except DeadKernelError:
            if recinto.controlla_memoria():
                problemi.append(f"memoria esaurita: il notebook ha superato il limite di {limiti.memoria_mb} MB nella "
                                f"cella {corrente + 1} ed è stato fermato")
                celle[corrente].setdefault("outputs", []).append(
                    _nota(f"💥 Memoria esaurita: questa cella ha superato il limite di {limiti.memoria_mb} MB.\n"))
            else:
                problemi.append(f"il kernel si è interrotto (crash) nella cella {corrente + 1}: forse os._exit, memoria esaurita o un errore grave")
                celle[corrente].setdefault("outputs", []).append(_nota("💥 Il kernel si è interrotto durante questa cella.\n"))
            indice, riprese = corrente + 1, riprese + 1
        except Exception as errore:  # noqa: BLE001 - il kernel non parte: si riprova, poi si segnala
            avvii_falliti += 1
            if avvii_falliti >= 3:
                problemi.append(f"il kernel non è partito ({type(errore).__name__}: {str(errore)[:200]})")
                break
            await asyncio.sleep(0.2 * avvii_falliti)
            continue
        finally:
            troncate |= getattr(client, "troncate", set())
        if riprese > limiti.riprese:
            problemi.append("troppe interruzioni: le celle restanti non sono state eseguite")
            break
    return {"problemi": problemi, "troncate": sorted(troncate)}


def esegui_notebook(nb, cartella: Path, limiti: Limiti = Limiti(), *, escludi=(), ambiente: dict | None = None) -> dict:
    """Esegue ``nb`` (modificandolo sul posto) in un kernel recintato con cartella di lavoro ``cartella``.

    Restituisce ``{"problemi": [...], "troncate": [...], "tentativi": [...], "isolato": bool,
    "protezioni": str, "mancanti": [...]}``; non solleva mai per colpa del notebook. ``tentativi``
    sono le operazioni non consentite che il kernel ha provato (vedi :mod:`course.valutazione.tentativi`).
    ``ambiente``: variabili in più per il kernel (ad esempio la variante registrata del corsista).
    """
    import tempfile

    from course.valutazione.recinto import Recinto, cartella_breve, descrivi_protezioni, protezioni
    from course.valutazione.tentativi import leggi_registro

    cartella = Path(cartella).resolve()
    cartella.mkdir(parents=True, exist_ok=True)
    prot = protezioni(senza_root=limiti.senza_root) if limiti.isolamento else None
    landlock = bool(limiti.isolamento and prot.landlock >= 1)
    leggibili = percorsi_leggibili(extra=limiti.leggibili_extra, escludi=escludi)
    if limiti.isolamento and prot.recinto:
        _ambiente(cartella)  # le cartelle di lavoro del kernel esistono prima di passare all'utente del recinto
    # i socket del kernel stanno nella cartella della consegna; se il suo percorso è lungo, in una cartella
    # corta tutta sua (un socket unix non può superare 107 caratteri)
    ipc = cartella if len(str(cartella / "kernel-ipc-99999")) <= 100 else cartella_breve("al-ipc-")
    recinto = Recinto(cartella, leggibili if limiti.isolamento else [], limiti.memoria_mb,
                      prot=prot if limiti.isolamento else _nessuna_protezione(),
                      scrivibili_extra=[ipc] if ipc != cartella else [])
    # il registro del kernel sta fuori dalla cartella di lavoro: il codice del corsista non lo vede
    descrittore, nome_registro = tempfile.mkstemp(prefix="al-registro-", suffix=".log")
    os.close(descrittore)
    registro = Path(nome_registro)
    try:
        esito = asyncio.run(_esegui(nb, cartella, limiti, leggibili, landlock, recinto, registro, ipc, dict(ambiente or {})))
        esito["tentativi"] = leggi_registro(registro.read_text(encoding="utf-8", errors="replace"))
    finally:
        recinto.chiudi()
        registro.unlink(missing_ok=True)
        if ipc != cartella:
            shutil.rmtree(ipc, ignore_errors=True)
    esito["isolato"] = bool(limiti.isolamento and (prot.recinto or landlock))
    esito["protezioni"] = descrivi_protezioni(recinto.prot) if limiti.isolamento else "nessuna (isolamento spento)"
    esito["mancanti"] = list(prot.mancanti) if limiti.isolamento else ["isolamento spento da chi ha avviato la correzione"]
    esito["memoria_superata"] = recinto.memoria_superata
    esito["picco_mb"] = round(recinto.picco_mb)
    return esito


def _nessuna_protezione():
    from course.valutazione.recinto import Protezioni

    return Protezioni(memoria="sorveglianza")
