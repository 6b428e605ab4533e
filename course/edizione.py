"""L'edizione per i corsisti: dal repository dei formatori, una copia pubblica senza soluzioni.

Come nei grandi corsi universitari, i formatori lavorano in un repository privato (con soluzioni,
rubriche e test nascosti) e da lì generano il repository pubblico dei corsisti, quello che usano
Binder e i link nbgitpuller dei JupyterHub. ``ambiti-lab pubblica`` lo genera in cinque passi:

1. ``file_pubblici``: i file del repository dei formatori che vanno ai corsisti (un elenco esplicito
   di cartelle e file; ``formatori/``, ``grading/``, i test e il resto non ci sono mai);
2. ``compiti_rilasciati``: le versioni per i corsisti dei compiti, generate da nbgrader (``valuta
   genera``) in una cartella temporanea, in ``compiti/``;
3. ``scrivi_leggimi``: il README per i corsisti (da ``edizione/README.md``) e ``pyproject_per_i_corsisti``
   (senza il corso nbgrader modello, che per i formatori viaggia nel pacchetto);
4. ``segreti`` e ``cerca_fughe``: il testo di ogni soluzione e di ogni rubrica e i delimitatori di
   nbgrader cercati in ogni file dell'edizione; se ne resta anche uno, niente viene pubblicato;
5. la copia nella destinazione: una cartella, un repository git (con un commit) o un ramo senza
   storia comune con quello dei formatori (``--ramo``), da spingere sul repository pubblico.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from course import __version__
from course.errori import ErroreCorso
from course.lezioni import rendi_cartella

__all__ = ["REPOSITORY_CORSISTI", "BINDER_CORSISTI", "CONTENUTO", "MAI", "Edizione", "pubblica", "costruisci",
           "segreti", "cerca_fughe", "radice_formatori", "pyproject_per_i_corsisti", "aggiungi_comandi"]

#: Il repository pubblico dell'edizione per i corsisti: il README, il bottone di Binder, il sito e
#: «ambiti-lab sessione link» lo prendono da qui (per pubblicare altrove basta cambiarlo qui).
REPOSITORY_CORSISTI = "https://github.com/ambiti-lab/ambiti-lab"
#: Binder sull'edizione per i corsisti, aperto sulla lezione 00.
BINDER_CORSISTI = ("https://mybinder.org/v2/gh/" + REPOSITORY_CORSISTI.removeprefix("https://github.com/")
                   + "/HEAD?urlpath=lab/tree/modules/00-benvenuto/00-benvenuto.ipynb")

#: Ciò che del repository dei formatori va ai corsisti; tutto il resto non esce.
CONTENUTO = ("course", "modules", "datasets", "binder", "docs", "requisiti", "sito", "pyproject.toml",
             "LICENSE", "LICENSE-CC-BY-4.0.md", "CITATION.cff", "CHANGELOG.md", "SECURITY.md",
             "CONTRIBUTING.md", ".gitignore", ".pre-commit-config.yaml")
#: Cartelle del repository dei formatori che non arrivano mai ai corsisti (controllo in più sull'elenco sopra).
MAI = ("formatori", "grading", "tests", "hub", "benchmarks", ".ci", "edizione")
#: Il file che riconosce una cartella come edizione per i corsisti (per poterla sostituire senza rischi).
SEGNO = ".edizione-ambiti-lab.json"
COMPITI = "compiti"

# I delimitatori di nbgrader, su una riga da soli (dopo il segno di commento): nel codice che li
# nomina fra virgolette non contano.
_DELIMITATORE = re.compile(r"^\s*(?:#+|//|%|<!--)?\s*=*\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS|MARK SCHEME)\b")
_MINIMO = 12  # caratteri: le righe più corte di un segreto sono troppo generiche per cercarle


@dataclass
class Edizione:
    """Il risultato di ``pubblica``: dove, quanti file, quanti segreti cercati, il commit se c'è."""

    cartella: Path
    file: int
    compiti: list[str]
    segreti_cercati: int
    commit: str | None = None
    ramo: str | None = None
    avvisi: list[str] = field(default_factory=list)


# --- 1. i file pubblici ------------------------------------------------------------------------------------

def radice_formatori(sorgente=None) -> Path:
    """La radice del repository dei formatori (dove stanno ``formatori/`` e ``grading/``)."""
    candidati = [Path(sorgente)] if sorgente else [Path(__file__).resolve().parents[1], Path.cwd()]
    for radice in candidati:
        radice = radice.expanduser().resolve()
        if (radice / "pyproject.toml").is_file() and (radice / "grading" / "tracce.py").is_file() \
                and (radice / "formatori").is_dir():
            return radice
    raise ErroreCorso(
        f"Non trovo il repository dei formatori in {', '.join(str(c) for c in candidati)}: serve la cartella "
        "con pyproject.toml, formatori/ e grading/tracce.py. Lancia il comando da lì oppure indicala con --sorgente."
    )


def _tracciati(radice: Path) -> list[str] | None:
    """I file tracciati da git (con le modifiche non ancora salvate), o None se non è un repository git."""
    try:
        uscita = subprocess.run(["git", "ls-files", "-z"], cwd=radice, capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return [r for r in uscita.stdout.decode("utf-8").split("\0") if r]


def file_pubblici(radice: Path) -> list[str]:
    """I percorsi (relativi, con ``/``) dei file dei formatori che vanno nell'edizione per i corsisti.

    >>> r = radice_formatori()
    >>> elenco = file_pubblici(r)
    >>> "modules/00-benvenuto/00-benvenuto.ipynb" in elenco, any(p.startswith("formatori/") for p in elenco)
    (True, False)
    """
    tracciati = _tracciati(radice)
    if tracciati is None:
        tracciati = [p.relative_to(radice).as_posix() for p in radice.rglob("*") if p.is_file()]
    scelti = []
    for relativo in tracciati:
        parti = relativo.split("/")
        if parti[0] not in CONTENUTO or parti[0] in MAI or "__pycache__" in parti or ".ipynb_checkpoints" in parti:
            continue
        if (radice / relativo).is_file():
            scelti.append(relativo)
    return sorted(scelti)


# --- 2. i compiti rilasciati -----------------------------------------------------------------------------

def compiti_rilasciati(radice: Path, destinazione: Path) -> list[str]:
    """Genera con nbgrader le versioni per i corsisti di tutti i compiti e le copia in ``destinazione``.

    Si lavora su una copia del corso in una cartella temporanea: il corso dei formatori (gradebook
    compreso) non viene toccato.
    """
    try:
        import nbgrader  # noqa: F401 - serve solo al formatore: si controlla qui per un errore chiaro
    except ImportError:
        raise ErroreCorso("Per pubblicare l'edizione servono gli strumenti del formatore (nbgrader): "
                          "installali con  pip install -e \".[formatore]\"  e riprova.") from None
    from course.valutazione.corso import trova_corso
    from course.valutazione.costruisci import copia_modello
    from course.valutazione.genera import genera_compiti

    with tempfile.TemporaryDirectory(prefix="ambiti-lab-rilascio-") as lavoro:
        corso = trova_corso(copia_modello(Path(lavoro) / "corso", modello=radice / "grading"))
        cartelle = genera_compiti(corso, corso.compiti())
        for nome, cartella in cartelle.items():
            shutil.copytree(cartella, destinazione / nome, dirs_exist_ok=True)
    return sorted(cartelle)


# --- 3. il README per i corsisti ------------------------------------------------------------------------

def _comando_avvio(radice: Path) -> str:
    testo = (radice / "README.md").read_text(encoding="utf-8")
    sezione = testo.split("## I due comandi", 1)[-1].split("\n## ", 1)[0]
    blocchi = re.findall(r"```[a-z]*\n(.*?)```", sezione, re.S)
    if not blocchi:
        raise ErroreCorso("Nel README dei formatori non trovo il comando per installare e aprire il corso "
                          "(sezione «I due comandi»).")
    return blocchi[0].strip()


def scrivi_leggimi(radice: Path, cartella: Path, *, compiti: list[str]) -> Path:
    """Il README dell'edizione, dal modello ``edizione/README.md`` (comando, versione, Binder, compiti)."""
    modello = (radice / "edizione" / "README.md").read_text(encoding="utf-8")
    elenco = "\n".join(f"- `{COMPITI}/{c}/{c}.ipynb`" for c in compiti)
    testo = (modello.replace("{{comando_avvio}}", _comando_avvio(radice))
             .replace("{{versione}}", __version__)
             .replace("{{binder}}", BINDER_CORSISTI)
             .replace("{{repository}}", REPOSITORY_CORSISTI)
             .replace("{{compiti}}", elenco))
    if "{{" in testo:
        raise ErroreCorso(f"Nel modello edizione/README.md resta un segnaposto sconosciuto: "
                          f"{re.search(r'{{[^}]*}}', testo).group(0)}.")
    percorso = cartella / "README.md"
    percorso.write_text(testo, encoding="utf-8")
    return percorso


def pyproject_per_i_corsisti(testo: str) -> str:
    """``pyproject.toml`` senza i pacchetti che vengono da cartelle dei formatori (il corso nbgrader modello).

    Nel repository dei formatori ``course.valutazione.modello`` è la cartella ``grading/`` (tracce e
    compiti sorgente, per l'installazione del formatore): nell'edizione quella cartella non c'è, e il
    pacchetto non deve nemmeno essere dichiarato.

    >>> t = ('[tool.setuptools]\\npackages = ["course", "course.x"]\\n[tool.setuptools.package-dir]\\n'
    ...      '"course.x" = "grading"\\n[tool.setuptools.package-data]\\n"course.x" = ["*.py"]\\n')
    >>> print(pyproject_per_i_corsisti(t))
    [tool.setuptools]
    packages = ["course"]
    [tool.setuptools.package-dir]
    [tool.setuptools.package-data]
    <BLANKLINE>
    """
    import tomllib

    cartelle = tomllib.loads(testo).get("tool", {}).get("setuptools", {}).get("package-dir", {})
    da_togliere = [nome for nome, cartella in cartelle.items() if cartella.split("/")[0] in MAI]
    righe = []
    for riga in testo.splitlines(keepends=True):
        if any(riga.lstrip().startswith(f'"{nome}"') for nome in da_togliere):
            continue  # la voce del pacchetto in package-dir o in package-data
        for nome in da_togliere:
            riga = re.sub(rf',\s*"{re.escape(nome)}"(?=[,\]\s])|"{re.escape(nome)}",\s*', "", riga)
        righe.append(riga)
    risultato = "".join(righe)
    rimasti = [n for n in da_togliere if f'"{n}"' in risultato]
    if rimasti:
        raise ErroreCorso(f"Non riesco a togliere {', '.join(rimasti)} da pyproject.toml per l'edizione dei corsisti: "
                          "scrivi ogni pacchetto dei formatori su una riga sua.")
    tomllib.loads(risultato)  # deve restare un file valido
    return risultato


# --- 4. i segreti e la ricerca delle fughe ---------------------------------------------------------------
#
# Due reti. Le soluzioni e le rubriche dei compiti valutati si cercano intere: non devono comparire
# da nessuna parte, nemmeno in una lezione. Poi ogni loro riga, ogni riga dei test nascosti e delle
# soluzioni delle lezioni si cerca da sola, tranne quelle che i file pubblici contengono già (una
# riga come «p = popolazione_ambiti()» è anche nella libreria): così si scopre anche un file segreto
# copiato per intero o a pezzi.

def _spazi(testo: str) -> str:
    return re.sub(r"\s+", " ", testo).strip()


def _righe_di_codice(testo: str) -> list[str]:
    return [riga.strip() for riga in testo.splitlines() if len(riga.strip()) >= _MINIMO
            and not riga.strip().startswith(("#", "import ", "from ", "def ", '"""', "'''"))]


def _soluzioni_delle_lezioni(percorso: Path) -> tuple[list[str], list[str]]:
    """Da ``formatori/soluzioni/modulo_NN.py``: i corpi delle funzioni e delle lambda, e le righe di codice."""
    testo = percorso.read_text(encoding="utf-8")
    blocchi = []
    for nodo in ast.walk(ast.parse(testo)):
        if isinstance(nodo, (ast.FunctionDef, ast.Lambda)):
            corpo = nodo.body if isinstance(nodo, ast.FunctionDef) else [nodo.body]
            blocchi.append("\n".join(ast.get_source_segment(testo, parte) or "" for parte in corpo))
    return blocchi, _righe_di_codice(testo)


def _compiti_valutati(radice: Path) -> tuple[list[str], list[str]]:
    """Da ``grading/``: (soluzioni e rubriche intere delle tracce, righe di soluzioni, rubriche e test nascosti).

    Le righe sono quelle che ``valuta genera`` cerca nelle versioni per i corsisti, più quelle delle tracce.
    """
    import nbformat

    from course.valutazione.costruisci import Aperta, Esercizio, carica_tracce
    from course.valutazione.genera import frammenti_segreti

    blocchi, righe = [], []
    for compito in carica_tracce(radice / "grading").values():
        for parte in compito.parti:
            if isinstance(parte, Esercizio):
                blocchi.append(parte.soluzione)
            elif isinstance(parte, Aperta):
                blocchi.append(parte.rubrica)
    for sorgente in sorted((radice / "grading" / "source").glob("*/*.ipynb")):
        righe += frammenti_segreti(nbformat.read(str(sorgente), as_version=4))
    return blocchi, righe + [r for b in blocchi for r in _righe_di_codice(b)]


def _testi_pubblici(radice: Path, pubblici: list[str]) -> list[str]:
    """Il testo (spazi compressi) dei file che i corsisti vedono comunque: lezioni, libreria, documenti."""
    return [_spazi(_testo_da_cercare(radice / r)) for r in pubblici
            if Path(r).suffix in {".py", ".ipynb", ".md", ".txt", ".toml", ".cfg", ".yaml", ".yml", ".json"}]


def segreti(radice: Path, *, pubblici: list[str] | None = None) -> dict[str, list[str]]:
    """I frammenti (con gli spazi compressi) che non devono mai arrivare ai corsisti, per provenienza.

    ``grading (interi)``: soluzioni e rubriche dei compiti valutati, cercate intere ovunque;
    ``grading (righe)``: le loro righe e quelle dei test nascosti; ``formatori/soluzioni/…``: i corpi
    e le righe delle soluzioni delle lezioni. Righe e corpi che compaiono già nei file pubblici non
    sono segreti e si tolgono.
    """
    radice = Path(radice)
    # un frammento non attraversa mai il separatore: cercarlo nel testo unito è come cercarlo file per file
    pubblico = "\0".join(_testi_pubblici(radice, file_pubblici(radice) if pubblici is None else pubblici))

    def non_pubblici(frammenti):
        return sorted({f for f in map(_spazi, frammenti) if len(f) >= _MINIMO and f not in pubblico})

    blocchi, righe = _compiti_valutati(radice)
    tutti = {"grading (interi)": sorted({f for f in map(_spazi, blocchi) if len(f) >= _MINIMO}),
             "grading (righe)": non_pubblici(righe)}
    for percorso in sorted((radice / "formatori" / "soluzioni").glob("*.py")):
        blocchi, righe = _soluzioni_delle_lezioni(percorso)
        tutti[percorso.relative_to(radice).as_posix()] = non_pubblici([*blocchi, *righe])
    return tutti


def _testo_da_cercare(percorso: Path) -> str:
    testo = percorso.read_bytes().decode("utf-8", errors="replace")
    if percorso.suffix == ".ipynb":  # nel JSON il testo è con gli escape: si cerca anche quello decodificato
        try:
            celle = json.loads(testo).get("cells", [])
            testo += "\n" + "\n".join("".join(c.get("source", "")) + "\n" + json.dumps(c.get("metadata", {}),
                                                                                       ensure_ascii=False)
                                      for c in celle)
        except (ValueError, AttributeError):
            pass
    return testo


def cerca_fughe(cartella, frammenti) -> list[str]:
    """Ogni fuga in ``cartella``: «file: frammento» per i segreti e per i delimitatori di nbgrader.

    I frammenti si cercano con gli spazi compressi (un a capo in più non nasconde una soluzione).

    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "lezione.py").write_text("x = 1\\n### BEGIN SOLUTION\\ntotale = somma_delle_ore(\\n    patti)\\n")
    >>> cerca_fughe(d, ["totale = somma_delle_ore( patti)"])
    ['lezione.py: delimitatore di nbgrader «BEGIN SOLUTION»', 'lezione.py: totale = somma_delle_ore( patti)']
    >>> _ = (d / "genera.py").write_text('INIZIO = "### BEGIN SOLUTION"\\n')
    >>> len(cerca_fughe(d, []))  # nominato fra virgolette nel codice: non è un delimitatore
    1
    """
    cartella = Path(cartella)
    fughe = []
    for percorso in sorted(p for p in cartella.rglob("*") if p.is_file() and ".git" not in p.relative_to(cartella).parts):
        nome = percorso.relative_to(cartella).as_posix()
        testo = _testo_da_cercare(percorso)
        delimitatori = dict.fromkeys(f"{t.group(1)} {t.group(2)}" for riga in testo.splitlines()
                                     if (t := _DELIMITATORE.match(riga.strip().strip('",').strip())))
        fughe += [f"{nome}: delimitatore di nbgrader «{d}»" for d in delimitatori]
        compresso = _spazi(testo)
        fughe += [f"{nome}: {frammento}" for frammento in frammenti if frammento in compresso]
    return fughe


# --- 5. la destinazione ----------------------------------------------------------------------------------

def _controlla(cartella: Path, frammenti: list[str]) -> None:
    fughe = cerca_fughe(cartella, frammenti)
    if fughe:
        _svuota(cartella)
        raise ErroreCorso(
            f"L'edizione per i corsisti conterrebbe soluzioni, rubriche o test nascosti ({len(fughe)} fughe), "
            "quindi non è stata scritta. Le prime:\n  " + "\n  ".join(fughe[:10]) +
            "\nTogli quel testo dai file pubblici (lezioni, course/, docs/) o dai compiti e riprova."
        )


def costruisci(cartella, *, sorgente=None) -> Edizione:
    """Scrive l'edizione per i corsisti in ``cartella`` (vuota o nuova) e la controlla; niente git.

    Il controllo si fa due volte: sui file copiati (prima di chiamare nbgrader, per fermarsi subito)
    e su tutta l'edizione alla fine. Se trova anche una sola fuga, la cartella viene svuotata e si
    solleva un errore che dice dove.
    """
    radice = radice_formatori(sorgente)
    cartella = Path(cartella)
    pubblici = file_pubblici(radice)
    frammenti = sorted({f for righe in segreti(radice, pubblici=pubblici).values() for f in righe})
    for relativo in pubblici:
        destinazione = cartella / relativo
        destinazione.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(radice / relativo, destinazione)
    rendi_cartella(cartella / "modules")   # le cifre delle regole al posto dei {{nomi}} dei parametri
    progetto = cartella / "pyproject.toml"
    progetto.write_text(pyproject_per_i_corsisti(progetto.read_text(encoding="utf-8")), encoding="utf-8")
    _controlla(cartella, frammenti)
    compiti = compiti_rilasciati(radice, cartella / COMPITI)
    scrivi_leggimi(radice, cartella, compiti=compiti)
    (cartella / SEGNO).write_text(json.dumps({"versione": __version__, "sorgente": _descrivi_git(radice)},
                                             ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _controlla(cartella, frammenti)
    return Edizione(cartella=cartella.resolve(), file=sum(1 for p in cartella.rglob("*") if p.is_file()),
                    compiti=compiti, segreti_cercati=len(frammenti))


def _descrivi_git(radice: Path) -> str | None:
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=radice, capture_output=True,
                              text=True, check=True, timeout=30).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def _svuota(cartella: Path) -> None:
    """Toglie tutto da ``cartella`` tranne ``.git``."""
    for voce in cartella.iterdir():
        if voce.name == ".git":
            continue
        if voce.is_dir() and not voce.is_symlink():
            shutil.rmtree(voce)
        else:
            voce.unlink()


def _git(cartella: Path, *argomenti: str) -> str:
    ambiente = {**os.environ, "GIT_AUTHOR_NAME": os.environ.get("GIT_AUTHOR_NAME", "ambiti-lab pubblica"),
                "GIT_AUTHOR_EMAIL": os.environ.get("GIT_AUTHOR_EMAIL", "pubblica@ambiti-lab.invalid"),
                "GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", "ambiti-lab pubblica"),
                "GIT_COMMITTER_EMAIL": os.environ.get("GIT_COMMITTER_EMAIL", "pubblica@ambiti-lab.invalid")}
    esito = subprocess.run(["git", *argomenti], cwd=cartella, capture_output=True, text=True, env=ambiente, timeout=300)
    if esito.returncode != 0:
        raise ErroreCorso(f"Il comando «git {' '.join(argomenti)}» non è riuscito in {cartella}: "
                          f"{(esito.stderr or esito.stdout).strip()[-500:]}")
    return esito.stdout.strip()


def _prepara_cartella(cartella: Path) -> None:
    """Una destinazione si usa solo se è nuova, vuota (o con solo ``.git``) o un'edizione precedente."""
    if cartella.exists() and not cartella.is_dir():
        raise ErroreCorso(f"{cartella} è un file, non una cartella: indica una cartella per l'edizione.")
    cartella.mkdir(parents=True, exist_ok=True)
    presenti = [v.name for v in cartella.iterdir() if v.name != ".git"]
    if presenti and not (cartella / SEGNO).is_file():
        raise ErroreCorso(
            f"La cartella {cartella} contiene già altri file ({', '.join(sorted(presenti)[:5])}…) e non è "
            "un'edizione per i corsisti: per non cancellare niente per sbaglio, indica una cartella nuova o vuota."
        )
    _svuota(cartella)


def _messaggio(radice: Path) -> str:
    return f"Edizione per i corsisti {__version__}" + (f" (dai formatori: {d})" if (d := _descrivi_git(radice)) else "")


def pubblica(destinazione=None, *, ramo: str | None = None, sorgente=None) -> Edizione:
    """Scrive l'edizione per i corsisti in ``destinazione`` o come commit sul ramo ``ramo``.

    - ``destinazione`` è una cartella (nuova, vuota o un'edizione precedente, che viene sostituita);
      se è un repository git, l'edizione vi diventa un commit sul ramo corrente;
    - con ``ramo`` (e senza ``destinazione``) l'edizione diventa un commit sul ramo ``ramo`` del
      repository dei formatori, un ramo **senza storia comune** con quello dei formatori: spingerlo
      sul repository pubblico (``git push pubblico corsisti:main``) non porta con sé nessun commit
      dei formatori, quindi nessuna soluzione.
    """
    if (destinazione is None) == (ramo is None):
        raise ErroreCorso("Indica dove pubblicare: una cartella (ambiti-lab pubblica ../edizione-corsisti) "
                          "oppure un ramo di questo repository (ambiti-lab pubblica --ramo corsisti), non entrambi.")
    radice = radice_formatori(sorgente)
    if ramo is not None:
        return _pubblica_su_ramo(radice, ramo)
    cartella = Path(destinazione).expanduser().resolve()
    if cartella == radice or radice in cartella.parents:
        raise ErroreCorso(f"{cartella} è dentro il repository dei formatori: scegli una cartella fuori, "
                          "per esempio ../ambiti-lab-corsisti.")
    _prepara_cartella(cartella)
    edizione = costruisci(cartella, sorgente=radice)
    if (cartella / ".git").exists():
        _git(cartella, "add", "--all")
        if _git(cartella, "status", "--porcelain"):
            _git(cartella, "commit", "--quiet", "-m", _messaggio(radice))
        edizione.commit = _git(cartella, "rev-parse", "HEAD")
    return edizione


def _pubblica_su_ramo(radice: Path, ramo: str) -> Edizione:
    if not (radice / ".git").exists():
        raise ErroreCorso(f"{radice} non è un repository git: per pubblicare su un ramo serve git.")
    _git(radice, "check-ref-format", "--branch", ramo)
    if ramo in {_git(radice, "rev-parse", "--abbrev-ref", "HEAD"), "main", "master"}:
        raise ErroreCorso(f"Il ramo {ramo!r} è quello dei formatori: scegli un ramo solo per i corsisti, "
                          "per esempio --ramo corsisti.")
    esiste = bool(_git(radice, "branch", "--list", ramo))
    if esiste:
        # il ramo dei corsisti non deve avere nulla in comune con la storia dei formatori
        comune = subprocess.run(["git", "merge-base", ramo, "HEAD"], cwd=radice, capture_output=True, timeout=60)
        if comune.returncode == 0:
            raise ErroreCorso(f"Il ramo {ramo!r} ha storia in comune con quella dei formatori: spingerlo porterebbe "
                              "le soluzioni sul repository pubblico. Usa un altro nome di ramo.")
    with tempfile.TemporaryDirectory(prefix="ambiti-lab-ramo-") as lavoro:
        cartella = Path(lavoro) / "edizione"
        if esiste:
            _git(radice, "worktree", "add", "--quiet", str(cartella), ramo)
        else:
            _git(radice, "worktree", "add", "--quiet", "--detach", str(cartella))
            _git(cartella, "checkout", "--quiet", "--orphan", ramo)
            _git(cartella, "rm", "-r", "--quiet", "--cached", ".")
        try:
            _svuota(cartella)
            edizione = costruisci(cartella, sorgente=radice)
            _git(cartella, "add", "--all")
            if _git(cartella, "status", "--porcelain"):
                _git(cartella, "commit", "--quiet", "-m", _messaggio(radice))
            edizione.commit = _git(cartella, "rev-parse", "HEAD")
            edizione.ramo = ramo
        finally:
            _git(radice, "worktree", "remove", "--force", str(cartella))
    edizione.cartella = radice
    return edizione


# --- il comando ------------------------------------------------------------------------------------------

def _esegui(argomenti) -> int:
    edizione = pubblica(argomenti.destinazione, ramo=argomenti.ramo, sorgente=argomenti.sorgente)
    dove = f"sul ramo {edizione.ramo!r} di {edizione.cartella}" if edizione.ramo else f"in {edizione.cartella}"
    print(f"✔ Edizione per i corsisti scritta {dove}: {edizione.file} file, compiti rilasciati: "
          f"{', '.join(edizione.compiti)}.")
    print(f"  Controllata: nessuno dei {edizione.segreti_cercati} frammenti di soluzioni, rubriche e test nascosti, "
          "nessun delimitatore di nbgrader.")
    if edizione.commit:
        print(f"  Commit {edizione.commit[:12]}.")
    if edizione.ramo:
        print(f"  Per pubblicarla: git push <repository pubblico> {edizione.ramo}:main")
    return 0


def aggiungi_comandi(sottocomandi) -> None:
    """Registra ``pubblica`` nella riga di comando ``ambiti-lab``."""
    comando = sottocomandi.add_parser(
        "pubblica", help="scrive l'edizione per i corsisti (senza soluzioni) in una cartella o in un ramo git",
        description="Scrive l'edizione per i corsisti, quella che usano Binder e i JupyterHub: lezioni, libreria, "
                    "dati, compiti rilasciati, glossario e binder/, mai soluzioni, rubriche o test nascosti. "
                    "Ogni file viene controllato prima di scriverla.",
    )
    comando.add_argument("destinazione", nargs="?", metavar="CARTELLA",
                         help="cartella nuova, vuota o con un'edizione precedente (se è un repository git, si fa il commit)")
    comando.add_argument("--ramo", metavar="NOME",
                         help="invece di una cartella: un ramo di questo repository senza storia comune con i formatori")
    comando.add_argument("--sorgente", metavar="CARTELLA",
                         help="il repository dei formatori (predefinito: quello da cui è installato il corso)")
    comando.set_defaults(esegui=_esegui)

