"""Le spiegazioni dentro il kernel IPython: attivarle, spegnerle, farle partire con il kernel.

Quando una cella si ferma per un errore, il kernel mostra prima il riquadro con la spiegazione
(e, ripiegato dentro, il messaggio completo di Python), poi l'ultima riga del messaggio di Python
come errore vero: la cella resta segnata come fallita, «Esegui tutte le celle» si ferma lì come sempre.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

from course.errori import ErroreCorso
from course.spiegazioni._parole import tecnico
from course.spiegazioni.regole import spiega

__all__ = ["VARIABILE", "attiva", "disattiva", "attive", "spente_dall_ambiente", "installa_nell_ambiente",
           "scrivi_kernel_del_corso", "usa_nel_server", "ESTENSIONE", "shell_corrente"]

#: Con ``AMBITI_LAB_SPIEGAZIONI=0`` le spiegazioni non si attivano (la correzione dei compiti la imposta).
VARIABILE = "AMBITI_LAB_SPIEGAZIONI"
#: L'estensione IPython del kernel del corso: spiegazioni, tabelle e grafici (:mod:`course.nel_notebook`).
ESTENSIONE = "course.nel_notebook"
_SEGNO = "_ambiti_lab_spiegazioni"
_ROSSO, _NORMALE = "\x1b[0;31m", "\x1b[0m"


def spente_dall_ambiente() -> bool:
    """Vero se le spiegazioni non vanno attivate: variabile a 0 o kernel della correzione dei compiti.

    >>> import os; os.environ["AMBITI_LAB_SPIEGAZIONI"] = "0"; spente_dall_ambiente()
    True
    >>> del os.environ["AMBITI_LAB_SPIEGAZIONI"]
    """
    if os.environ.get(VARIABILE, "").strip().lower() in {"0", "no", "off", "false"}:
        return True
    # Il kernel della correzione (python -m course.valutazione.nucleo): una consegna fallisce come sempre.
    principale = getattr(sys.modules.get("__main__"), "__spec__", None)
    return bool(principale and str(principale.name).startswith("course.valutazione"))


def shell_corrente(shell=None):
    """La shell IPython indicata, altrimenti quella in cui gira questo codice (``None`` fuori da IPython)."""
    if shell is not None:
        return shell
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    return get_ipython()


def attive(shell=None) -> bool:
    """Vero se le spiegazioni sono attive nella shell IPython (quella corrente se non indicata).

    >>> attive()
    False
    """
    shell = shell_corrente(shell)
    return bool(shell is not None and getattr(shell, _SEGNO, False))


def _completo(shell, tipo, valore, tb, tb_offset) -> list[str]:
    if issubclass(tipo, SyntaxError):
        return shell.SyntaxTB.structured_traceback(tipo, valore, [])
    return shell.InteractiveTB.structured_traceback(tipo, valore, tb, tb_offset=tb_offset)


def _breve(tipo, valore, completo: list[str]) -> list[str]:
    if issubclass(tipo, SyntaxError):
        return completo  # già breve, e il segno ^ sotto la riga aiuta
    if isinstance(valore, ErroreCorso):  # il messaggio intero è già nel riquadro
        return [f"{_ROSSO}ErroreCorso{_NORMALE}: il messaggio del corso è qui sopra."]
    nome, _, resto = tecnico(valore).partition(": ")
    return [f"{_ROSSO}{nome}{_NORMALE}" + (f": {resto}" if resto else "")]


def _gestore(shell, tipo, valore, tb, tb_offset=None):
    """Il gestore degli errori registrato in IPython: spiegazione, poi l'errore in breve."""
    if tipo.__module__.startswith("IPython"):  # errori dei comandi magici (%...): IPython li spiega già
        shell.showtraceback((tipo, valore, tb), tb_offset=tb_offset)
        return None
    try:
        completo = _completo(shell, tipo, valore, tb, tb_offset)
    except Exception:  # noqa: BLE001 - senza traceback formattato resta la riga dell'errore
        completo = [tecnico(valore)]
    try:
        from IPython.display import display  # qui IPython è già caricato: siamo dentro la sua shell

        storia = shell.user_ns.get("_ih") or [""]
        spiegazione = spiega(valore, variabili=shell.user_ns, cartella=Path.cwd(), codice=storia[-1])
        dettagli = shell.InteractiveTB.stb2text(completo)
        display({"text/html": spiegazione.html(dettagli=dettagli), "text/plain": str(spiegazione)}, raw=True)
        breve = _breve(tipo, valore, completo)
    except Exception:  # noqa: BLE001 - se la spiegazione inciampa si mostra l'errore di Python com'è
        breve = completo
    shell._showtraceback(tipo, valore, breve)
    return None


def attiva(shell=None) -> bool:
    """Attiva le spiegazioni in italiano degli errori nella shell IPython (quella corrente se non indicata).

    Restituisce ``True`` se sono attive, ``False`` fuori da IPython o se spente dall'ambiente
    (:data:`VARIABILE` a ``0``, oppure il kernel della correzione dei compiti).

    >>> attiva()
    False
    """
    if spente_dall_ambiente():
        return False
    shell = shell_corrente(shell)
    if shell is None:
        return False
    if not getattr(shell, _SEGNO, False):
        shell.set_custom_exc((Exception,), _gestore)
        setattr(shell, _SEGNO, True)
    return True


def disattiva(shell=None) -> None:
    """Spegne le spiegazioni: da qui in poi gli errori si vedono come li mostra Python."""
    shell = shell_corrente(shell)
    if shell is not None and getattr(shell, _SEGNO, False):
        shell.set_custom_exc((), None)
        setattr(shell, _SEGNO, False)


def installa_nell_ambiente(prefisso=None) -> Path:
    """Fa partire le spiegazioni con ogni kernel di questo ambiente Python (Binder, hub, installazioni del corso).

    Aggiunge l'estensione a ``{prefisso}/etc/ipython/ipython_kernel_config.json`` senza togliere ciò
    che c'è già. Restituisce il percorso del file.

    >>> import json, tempfile
    >>> percorso = installa_nell_ambiente(tempfile.mkdtemp())
    >>> json.loads(percorso.read_text())["InteractiveShellApp"]["extensions"]
    ['course.nel_notebook']
    """
    percorso = Path(prefisso if prefisso is not None else sys.prefix) / "etc" / "ipython" / "ipython_kernel_config.json"
    try:
        configurazione = json.loads(percorso.read_text(encoding="utf-8"))
    except FileNotFoundError:
        configurazione = {}
    sezione = configurazione.setdefault("InteractiveShellApp", {})
    estensioni = sezione.setdefault("extensions", [])
    if ESTENSIONE not in estensioni:
        estensioni.append(ESTENSIONE)
        percorso.parent.mkdir(parents=True, exist_ok=True)
        percorso.write_text(json.dumps(configurazione, indent=2) + "\n", encoding="utf-8")
    return percorso


def scrivi_kernel_del_corso(cartella_dati_jupyter) -> Path:
    """Scrive il kernel ``python3`` del corso (spiegazioni e formati già attivi) in ``kernels/python3``.

    Messa in testa a ``JUPYTER_PATH``, questa cartella fa usare ai notebook il kernel del corso solo
    nel Lab che la usa (``ambiti-lab avvia``): gli altri Jupyter dello stesso ambiente non cambiano.
    È il kernel di ipykernel di questo ambiente Python, con in più ``--ext=course.nel_notebook``.

    >>> import json, tempfile
    >>> k = scrivi_kernel_del_corso(tempfile.mkdtemp())
    >>> json.loads((k / "kernel.json").read_text())["argv"][-1]
    '--ext=course.nel_notebook'
    """
    destinazione = Path(cartella_dati_jupyter) / "kernels" / "python3"
    destinazione.mkdir(parents=True, exist_ok=True)
    specifica = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}", f"--ext={ESTENSIONE}"],
        "display_name": f"Python {sys.version_info[0]} (ipykernel)",
        "language": "python",
        "metadata": {"debugger": True},
        "kernel_protocol_version": "5.5",
    }
    (destinazione / "kernel.json").write_text(json.dumps(specifica, indent=1) + "\n", encoding="utf-8")
    # Le icone del kernel (quelle di ipykernel), senza importarlo: qui conta partire in fretta.
    pacchetto = importlib.util.find_spec("ipykernel")
    for cartella in (pacchetto.submodule_search_locations or []) if pacchetto else []:
        for icona in (Path(cartella) / "resources").glob("logo-*"):
            shutil.copyfile(icona, destinazione / icona.name)
    return destinazione


def usa_nel_server(serverapp) -> Path:
    """Fa usare il kernel del corso ai notebook di un server Jupyter già avviato (hub d'aula, Binder, avvia).

    Scrive il kernel ``python3`` del corso nella cartella runtime del server e la mette in testa alle
    cartelle dei kernel del server: ogni notebook aperto in quel Lab ha le spiegazioni dal primo
    avvio del kernel, senza ``import course``. Lo chiama l'estensione del server del corso
    (``course.lab_italiano``), che il hub d'aula, Binder e ``ambiti-lab avvia`` caricano già; la
    correzione dei compiti non passa da un server Jupyter e non la vede.
    """
    cartella = Path(serverapp.runtime_dir) / "ambiti-lab-kernel"
    scrivi_kernel_del_corso(cartella)
    kernel = str(cartella / "kernels")
    cartelle = serverapp.kernel_spec_manager.kernel_dirs
    if kernel not in cartelle:
        cartelle.insert(0, kernel)
    return cartella
