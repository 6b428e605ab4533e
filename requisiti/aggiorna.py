"""Rigenera le versioni fissate del corso: ``python requisiti/aggiorna.py`` (un solo comando).

Dopo ogni modifica alle dipendenze di ``pyproject.toml``. Serve ``uv`` (nel gruppo ``[test]``).

1. ``uv lock`` risolve una volta sola tutte le dipendenze, per ogni sistema e per Python ≥ 3.10, in
   ``uv.lock`` (le versioni già fissate restano, se vanno ancora bene; ``--tutto`` le aggiorna
   tutte alle più recenti);
2. ``uv export`` ne ricava, con gli hash, i file che pip sa leggere:

   - ``requisiti/corso.txt``: il corsista (le dipendenze di base);
   - ``requisiti/hub.txt``: l'immagine del JupyterHub e di Binder (base + ``[hub]``);
   - ``requisiti/test.txt``: la suite dei test e l'integrazione continua (tutti i gruppi);
   - ``binder/requirements.txt``: la copia di ``hub.txt`` che Binder (repo2docker) legge.

Le stesse versioni valgono così ovunque: una edizione del corso tiene quelle con cui è stata provata.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

RADICE = Path(__file__).resolve().parents[1]
#: file da scrivere → gruppi opzionali da includere (None: tutti)
ESPORTAZIONI = {"requisiti/corso.txt": [], "requisiti/hub.txt": ["hub"], "requisiti/test.txt": None}
BINDER = "binder/requirements.txt"
INTESTAZIONE_BINDER = """\
# Binder e l'immagine del JupyterHub (repo2docker): le versioni fissate di requisiti/hub.txt, con gli
# hash. Il corso stesso si installa in postBuild (pip install --no-deps .). Non modificare a mano:
# si rigenera con «python requisiti/aggiorna.py».
"""


def _uv() -> list[str]:
    if shutil.which("uv"):
        return ["uv"]
    try:
        import uv  # noqa: F401 - il pacchetto uv di PyPI porta con sé l'eseguibile
    except ImportError:
        sys.exit("Serve uv: installalo con  pip install uv  (è nel gruppo [test]) e riprova.")
    return [sys.executable, "-m", "uv"]


def esporta(uv: list[str], destinazione: str, gruppi: list[str] | None) -> None:
    opzioni = ["--all-extras"] if gruppi is None else [f"--extra={g}" for g in gruppi]
    subprocess.run([*uv, "export", "--frozen", "--no-emit-project", "--no-dev", "--quiet", *opzioni,
                    "--output-file", destinazione], cwd=RADICE, check=True)


def main(argomenti: list[str]) -> int:
    uv = _uv()
    subprocess.run([*uv, "lock", *(["--upgrade"] if "--tutto" in argomenti else [])], cwd=RADICE, check=True)
    for destinazione, gruppi in ESPORTAZIONI.items():
        esporta(uv, destinazione, gruppi)
        print(f"scritto {destinazione}")
    hub = (RADICE / "requisiti" / "hub.txt").read_text(encoding="utf-8")
    (RADICE / BINDER).write_text(INTESTAZIONE_BINDER + hub, encoding="utf-8")
    print(f"scritto {BINDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
