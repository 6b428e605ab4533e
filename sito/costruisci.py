"""Costruisce il sito del corso: ``python sito/costruisci.py [--uscita CARTELLA] [--hub INDIRIZZO]``.

Funziona senza rete. Passi:

1. prepara una cartella con le pagine di ``sito/``, le lezioni di ``modules/`` e il glossario di
   ``docs/`` negli stessi percorsi del repository dei corsisti;
2. Sphinx con MyST-NB esegue ogni lezione (con i dati distribuiti) e scrive le pagine HTML, in
   italiano, con la ricerca; ogni grafico ha come testo alternativo la sua descrizione a parole
   (``course.grafici.descrizione``);
3. copia le lezioni pulite in ``scarica/`` per il bottone «Scarica il notebook».

Nelle pagine e nei notebook da scaricare le cifre delle regole sono già scritte (``course.lezioni``):
il corsista legge «62 ore», mai ``{{ore_mensili_minime}}``, come nella sua cartella e nell'edizione.

Serve il gruppo ``[sito]``. ``--hub`` (o la variabile ``AMBITI_LAB_HUB``) è l'indirizzo del
JupyterHub del corso per i bottoni «Apri sul JupyterHub».
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from course.lezioni import rendi_lezione, rendi_testo

SITO = Path(__file__).resolve().parent
RADICE = SITO.parent
SCARICA = "scarica"
AVVIO_KERNEL = """\
# Il sito del corso: ogni grafico porta la sua descrizione come testo alternativo.
from course.grafici.descrizione import registra_testo_alternativo
registra_testo_alternativo()
"""


def lezioni() -> list[Path]:
    """I notebook delle lezioni e della galleria, relativi alla radice del repository."""
    return sorted(p.relative_to(RADICE) for p in (RADICE / "modules").glob("*/*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def _copia_resa(lezione: Path, destinazione: Path) -> None:
    """Copia una lezione con le cifre delle regole al posto dei ``{{nomi}}`` dei parametri."""
    destinazione.parent.mkdir(parents=True, exist_ok=True)
    destinazione.write_bytes(rendi_lezione(lezione.name, (RADICE / lezione).read_bytes()))


def prepara(sorgente: Path) -> None:
    shutil.copytree(SITO, sorgente, ignore=shutil.ignore_patterns("costruisci.py", "_build", "__pycache__"))
    for lezione in lezioni():
        _copia_resa(lezione, sorgente / lezione)
    (sorgente / "docs").mkdir(exist_ok=True)
    # Il glossario sta accanto alle lezioni (le lezioni lo aprono con ../glossario.md): nel sito è la
    # pagina docs/glossario e, senza indice, anche modules/glossario, dove puntano i link delle lezioni.
    glossario = rendi_testo((RADICE / "modules" / "glossario.md").read_text(encoding="utf-8"))   # cifre, non {{nomi}}
    (sorgente / "docs" / "glossario.md").write_text(glossario, encoding="utf-8")
    (sorgente / "modules" / "glossario.md").write_text("---\norphan: true\n---\n\n" + glossario, encoding="utf-8")


def costruisci(uscita, *, hub: str = "", processi: str = "auto") -> Path:
    """Scrive il sito in ``uscita`` e ne restituisce la cartella; un errore di Sphinx o di una lezione lo ferma."""
    uscita = Path(uscita).resolve()
    with tempfile.TemporaryDirectory(prefix="ambiti-lab-sito-") as lavoro:
        sorgente = Path(lavoro) / "sorgente"
        prepara(sorgente)
        ipython = Path(lavoro) / "ipython" / "profile_default" / "startup"
        ipython.mkdir(parents=True)
        (ipython / "00-testo-alternativo.py").write_text(AVVIO_KERNEL, encoding="utf-8")
        ambiente = {**os.environ, "IPYTHONDIR": str(ipython.parents[1]), "AMBITI_LAB_HUB": hub,
                    "PYTHONPATH": os.pathsep.join([str(sorgente), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
                    "AMBITI_LAB_LAVORO": str(Path(lavoro) / "lavoro")}
        ambiente.pop("AMBITI_LAB_DATI", None)  # i dati distribuiti con il corso, sempre gli stessi
        esito = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", processi,
                                "-d", str(Path(lavoro) / "doctrees"), str(sorgente), str(uscita)],
                               env=ambiente, cwd=lavoro, capture_output=True, text=True)
        if esito.returncode != 0:
            raise RuntimeError(f"Il sito non si è costruito:\n{esito.stdout[-3000:]}\n{esito.stderr[-6000:]}")
    for lezione in lezioni():
        _copia_resa(lezione, uscita / SCARICA / lezione)
    return uscita


def main(argomenti: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python sito/costruisci.py", description="Costruisce il sito del corso.")
    parser.add_argument("--uscita", default=str(SITO / "_build" / "html"), help="cartella del sito (predefinita: sito/_build/html)")
    parser.add_argument("--hub", default=os.environ.get("AMBITI_LAB_HUB", ""),
                        help="indirizzo del JupyterHub del corso, per i bottoni delle lezioni")
    opzioni = parser.parse_args(argomenti)
    cartella = costruisci(opzioni.uscita, hub=opzioni.hub)
    print(f"Sito scritto in {cartella} (pagina iniziale: {cartella / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
