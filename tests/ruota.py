"""La ruota (wheel) del corso costruita una volta sola per esecuzione dei test.

``pip wheel`` costruisce dentro la cartella del progetto (``build/``): due test che la costruiscono
insieme, su due processi di pytest-xdist, si pestano i piedi. Qui la costruzione passa da un
lucchetto sul file e il risultato si riusa per tutta l'esecuzione (stesso ``PYTEST_XDIST_TESTRUNUID``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
import tempfile
from pathlib import Path

RADICE = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def lucchetto_di_costruzione():
    """Tiene fuori gli altri processi dei test mentre si costruisce il pacchetto dalla radice."""
    with open(Path(tempfile.gettempdir()) / f"al-ruota-{os.getuid()}.lock", "w") as lucchetto:
        fcntl.flock(lucchetto, fcntl.LOCK_EX)
        yield


def ruota_del_corso() -> Path:
    """Il percorso della ruota ``ambiti_lab-*.whl`` costruita dal codice di questo clone."""
    esecuzione = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"p{os.getpid()}"
    cartella = Path(tempfile.gettempdir()) / f"al-ruota-{os.getuid()}-{esecuzione[:12]}"
    cartella.mkdir(exist_ok=True)
    with lucchetto_di_costruzione():
        pronte = sorted(cartella.glob("ambiti_lab-*.whl"))
        if not pronte:
            costruita = subprocess.run(
                [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(cartella), str(RADICE)],
                capture_output=True, text=True, timeout=900)
            assert costruita.returncode == 0, costruita.stderr[-3000:]
            pronte = sorted(cartella.glob("ambiti_lab-*.whl"))
    assert len(pronte) == 1, pronte
    return pronte[0]
