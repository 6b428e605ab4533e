"""Aiuti per i test che lanciano un vero JupyterLab con ``avvia`` (browser, avvio, benchmark)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def porta_libera() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def comando_avvia(cartella: Path, porta: int) -> list[str]:
    """Il comando ``avvia`` come lo lancia il corsista (senza browser)."""
    return [sys.executable, "-c",
            "import sys, course.avvio as a; "
            f"sys.exit(a.avvia(cartella={str(cartella)!r}, porta={porta}, apri_browser=False))"]


def attendi_http(url: str, processo: subprocess.Popen, *, limite: float = 90) -> float:
    """Aspetta che ``url`` risponda (qualsiasi codice HTTP); restituisce i secondi attesi."""
    inizio = time.perf_counter()
    while time.perf_counter() - inizio < limite:
        try:
            urllib.request.urlopen(url, timeout=2)
            return time.perf_counter() - inizio
        except urllib.error.HTTPError:
            return time.perf_counter() - inizio
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if processo.poll() is not None:
                raise RuntimeError(f"Il Lab si è chiuso subito (codice {processo.returncode}).")
            time.sleep(0.05)
    raise TimeoutError(f"{url} non risponde dopo {limite} s")


def ferma(processo: subprocess.Popen) -> None:
    """Chiude il gruppo di processi avviato (avvia, Lab e kernel), con le maniere forti se serve."""
    if processo.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(processo.pid, signal.SIGTERM)
        try:
            processo.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    # Il Lab a volte resta appeso mentre spegne i kernel: il gruppo si chiude comunque.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(processo.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        processo.wait(timeout=5)


@contextlib.contextmanager
def lab_avviato(cartella: Path, *, token: str = "token-di-prova-ambiti-lab", log: Path | None = None):
    """Lancia ``avvia`` in un gruppo di processi suo; restituisce (indirizzo di base, token)."""
    porta = porta_libera()
    ambiente = {**os.environ, "JUPYTER_TOKEN": token, "AMBITI_LAB_CONSENTI_ROOT": "1"}
    uscita = open(log, "wb") if log else subprocess.DEVNULL
    processo = subprocess.Popen(comando_avvia(cartella, porta), env=ambiente, stdout=uscita,
                                stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{porta}"
    try:
        attendi_http(f"{base}/api/status?token={token}", processo)
        yield base, token
    finally:
        ferma(processo)
        if log:
            uscita.close()
