"""Aiuti per i test che lanciano un vero JupyterLab con ``avvia`` e per quelli che usano Chromium (browser, avvio, benchmark)."""

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

import pytest


def porta_libera() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: Il Chromium di sistema (lo installa .ci/sistema.sh) e le opzioni per usarlo senza schermo né rete esterna.
CHROMIUM = Path("/usr/bin/chromium")
OPZIONI_CHROMIUM = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run"]


def manca(motivo: str):
    """Un programma che serve al test non c'è: in CI è un errore, altrove il test si salta dicendo perché."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{motivo} In CI deve esserci: .ci/run gira come root e .ci/sistema.sh installa i programmi.")
    pytest.skip(motivo)


@contextlib.contextmanager
def chromium_avviato(foto: Path | None = None):
    """Chromium guidato da Playwright, da usare in una fixture; ``foto``: la cartella delle fotografie, creata."""
    if not CHROMIUM.exists():
        manca(f"Chromium non è installato in {CHROMIUM}.")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        manca("Playwright per Python non è installato (pip install -r requisiti/test.txt).")
    if foto is not None:
        foto.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=OPZIONI_CHROMIUM)
        try:
            yield chromium
        finally:
            chromium.close()


def nuova_pagina(browser, *, altezza: int = 900):
    """Una pagina in italiano larga 1366 px (lo schermo di un portatile d'ufficio) e la lista dei suoi errori JavaScript."""
    pagina = browser.new_page(viewport={"width": 1366, "height": altezza}, locale="it-IT")
    errori: list[str] = []
    pagina.on("pageerror", lambda errore: errori.append(str(errore)))
    return pagina, errori


def comando_avvia(cartella: Path, porta: int, *, formatore: bool = False) -> list[str]:
    """Il comando ``ambiti-lab avvia`` come lo lancia il corsista (o il formatore), senza aprire il browser."""
    return [sys.executable, "-m", "course.cli", "avvia", *(["--formatore"] if formatore else []),
            "--cartella", str(cartella), "--porta", str(porta), "--senza-browser"]


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
def lab_avviato(cartella: Path, *, token: str = "token-di-prova-ambiti-lab", log: Path | None = None,
                formatore: bool = False, senza: tuple[str, ...] = ()):
    """Lancia ``avvia`` in un gruppo di processi suo; restituisce (indirizzo di base, token).

    ``senza``: variabili d'ambiente da togliere (per esempio quelle che un altro test ha impostato).
    """
    porta = porta_libera()
    ambiente = {**os.environ, "JUPYTER_TOKEN": token, "AMBITI_LAB_CONSENTI_ROOT": "1"}
    for nome in senza:
        ambiente.pop(nome, None)
    uscita = open(log, "wb") if log else subprocess.DEVNULL
    processo = subprocess.Popen(comando_avvia(cartella, porta, formatore=formatore), env=ambiente, stdout=uscita,
                                stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{porta}"
    try:
        attendi_http(f"{base}/api/status?token={token}", processo)
        yield base, token
    finally:
        ferma(processo)
        if log:
            uscita.close()
