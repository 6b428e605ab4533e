"""I moduli del percorso: si eseguono dall'inizio alla fine su dati appena generati, sono salvati senza
output, sono scritti in italiano e hanno la struttura di una lezione del corso.

Struttura richiesta a ogni notebook ``modules/NN-nome/NN-nome.ipynb`` (vedi anche la guida del formatore):

- la prima cella di codice chiama ``mostra_errori_in_breve()``;
- una cella Markdown con «Obiettivi» e almeno un codice di competenza (C1…C8);
- «Tempo stimato»;
- almeno tre celle di codice con ``verifica.esercizio("N.M", ...)``, con codici del modulo e registrati;
- un titolo con «riflessione» (la domanda aperta) e uno con «In sintesi» (il riepilogo).

Una cella che deve mostrare un errore di proposito porta il tag ``raises-exception``.
Il notebook della galleria, se ha un suo test (``tests/test_galleria*.py``), è escluso da qui.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

RADICE = Path(__file__).resolve().parents[1]
MODULI = RADICE / "modules"
TEMPO_PER_CELLA = 60  # secondi
_SENZA_COLORI = re.compile(r"\x1b\[[0-9;]*m")
SEME_TEST = 3  # diverso dal seme dei dati distribuiti: scopre i numeri scritti a mano nei notebook


def _galleria_ha_un_suo_test() -> bool:
    return any((RADICE / "tests").glob("test_galleria*.py"))


def notebook_dei_moduli() -> list[Path]:
    """Tutti i notebook delle lezioni (esclusi checkpoint e, se ha un suo test, la galleria)."""
    tutti = sorted(p for p in MODULI.glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if _galleria_ha_un_suo_test():
        tutti = [p for p in tutti if "galleria" not in p.parent.name]
    return tutti


NOTEBOOK = notebook_dei_moduli()
IDS = [p.parent.name for p in NOTEBOOK]


def _leggi(percorso: Path):
    return nbformat.read(percorso, as_version=4)


def _numero_modulo(percorso: Path) -> int:
    trovato = re.match(r"(\d{2})-", percorso.parent.name)
    assert trovato, f"la cartella {percorso.parent.name} deve iniziare con due cifre (es. 03-indicatori)"
    return int(trovato.group(1))


# --- dati generati una volta per sessione (anche con pytest-xdist) -------------------------------------------

def _genera_una_volta(cartella: Path, **opzioni) -> Path:
    """Genera i dati in ``cartella`` una sola volta anche se più processi xdist lo chiedono insieme."""
    from course.dati import genera

    cartella.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: niente blocco fra processi, ognuno genera in una cartella sua
        cartella = cartella.with_name(f"{cartella.name}-{os.getpid()}")
        if not (cartella / "metadati.json").exists():
            genera(cartella=cartella, progresso=False, **opzioni)
        return cartella
    with open(cartella.parent / f".{cartella.name}.lock", "w") as blocco:
        fcntl.flock(blocco, fcntl.LOCK_EX)
        if not (cartella / "metadati.json").exists():
            genera(cartella=cartella, progresso=False, **opzioni)
        fcntl.flock(blocco, fcntl.LOCK_UN)
    return cartella


@pytest.fixture(scope="session")
def ambiente_dati(tmp_path_factory) -> dict[str, str]:
    """Le variabili d'ambiente per i kernel dei notebook: dati (``AMBITI_LAB_DATI``) e lavoro (``AMBITI_LAB_LAVORO``).

    Vengono passate al kernel, senza toccare ``os.environ`` del processo dei test (che altri test usano).
    """
    base = tmp_path_factory.getbasetemp()
    condivisa = base.parent if base.name.startswith("popen-gw") else base
    dati = _genera_una_volta(condivisa / "dati-moduli" / f"regione-seme{SEME_TEST}", scala="regione", seme=SEME_TEST)
    return {"AMBITI_LAB_DATI": str(dati), "AMBITI_LAB_LAVORO": str(tmp_path_factory.mktemp("lavoro"))}


def esegui_notebook(percorso: Path, cartella_lavoro: Path, *, ambiente: dict[str, str] | None = None,
                    tempo_per_cella: int = TEMPO_PER_CELLA):
    """Esegue una copia del notebook in ``cartella_lavoro`` (trasporto IPC: niente conflitti di porte).

    Restituisce il notebook eseguito; in caso di errore solleva ``AssertionError`` con notebook,
    numero della cella, prime righe del codice e messaggio d'errore.
    """
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    shutil.copytree(percorso.parent, cartella_lavoro, dirs_exist_ok=True)
    nb = _leggi(percorso)
    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(cartella_lavoro / ".kernel-ipc"))
    client = NotebookClient(nb, km=km, timeout=tempo_per_cella, resources={"metadata": {"path": str(cartella_lavoro)}})
    nome = f"{percorso.parent.name}/{percorso.name}"
    try:
        # il kernel va chiuso anche se il gestore l'abbiamo creato noi
        client.execute(cleanup_kc=True, env={**os.environ, **(ambiente or {})})
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as errore:
        indice = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(
            o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        if isinstance(errore, CellTimeoutError):
            indice = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                           and c.get("execution_count") is None), indice)
        codice = nb.cells[indice].source.strip().splitlines()[:3] if indice is not None else []
        motivo = (f"superato il limite di {tempo_per_cella} s per cella" if isinstance(errore, CellTimeoutError)
                  else f"{getattr(errore, 'ename', type(errore).__name__)}: {getattr(errore, 'evalue', errore)}")
        dove = f"cella {indice + 1} di {len(nb.cells)}" if indice is not None else "cella sconosciuta"
        motivo = _SENZA_COLORI.sub("", str(motivo))[:1500]
        raise AssertionError(
            f"Il notebook {nome} si è fermato alla {dove}.\nCodice:\n    " + "\n    ".join(codice) +
            f"\nMotivo: {motivo}"
        ) from None
    return nb


@pytest.mark.parametrize("percorso", NOTEBOOK, ids=IDS)
def test_il_notebook_si_esegue_dall_inizio_alla_fine(percorso, ambiente_dati, tmp_path):
    nb = esegui_notebook(percorso, tmp_path / "lavoro", ambiente=ambiente_dati)
    avvisi = [
        (i + 1, o.get("text", "")) for i, c in enumerate(nb.cells) if c.cell_type == "code"
        and "raises-exception" not in c.metadata.get("tags", [])
        for o in c.get("outputs", []) if o.get("output_type") == "stream" and "⚠️" in o.get("text", "")
    ]
    assert not avvisi, f"{percorso.name}: errori del corso mostrati in breve nelle celle {avvisi}"
    # Nessun avviso tecnico (FutureWarning, RuntimeWarning…) davanti a chi impara.
    tecnici = [
        (i + 1, o.get("text", "")[:300]) for i, c in enumerate(nb.cells) if c.cell_type == "code"
        for o in c.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr"
        and "Warning" in o.get("text", "")
    ]
    assert not tecnici, f"{percorso.name}: avvisi tecnici nelle celle {tecnici}"
    # Nessuna coda tecnica di pandas («Name: count, dtype: int64») nelle tabelle che chi impara legge.
    code_pandas = [
        (i + 1, o.get("data", {}).get("text/plain", "")[-80:]) for i, c in enumerate(nb.cells)
        if c.cell_type == "code" for o in c.get("outputs", [])
        if o.get("output_type") == "execute_result" and "dtype:" in o.get("data", {}).get("text/plain", "")
    ]
    assert not code_pandas, f"{percorso.name}: celle che mostrano una Series di pandas grezza {code_pandas}"


# --- forma del notebook --------------------------------------------------------------------------------------

def test_ci_sono_notebook():
    assert NOTEBOOK, "nessun notebook in modules/*/"


@pytest.mark.parametrize("percorso", NOTEBOOK, ids=IDS)
def test_salvato_senza_output(percorso):
    nb = _leggi(percorso)
    sporche = [i + 1 for i, c in enumerate(nb.cells)
               if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not sporche, (f"{percorso.name}: le celle {sporche} hanno output salvati; pulisci con "
                         "«Modifica → Cancella tutti gli output» prima di salvare")


PAROLE_ITALIANE = set("""
il lo la i gli le un una uno di del dello della dei degli delle da dal dalla dai in nel nella nei nelle
con su sul sulla per tra fra che chi cui non più è sono ha hanno questo questa questi queste come
quando dove perché anche ancora se ogni tutti tutte ma o oppure al alla ai alle già solo cosa
quale quali qui poi prima dopo tuo tua tuoi tue noi voi essere fare vedi scrivi esegui cella
""".split())
PAROLE_INGLESI = set("""
the and of to is are was were this that these those with for from your you which what when where
how why be been it its an on at by as or not but can will would should have has do does here there
""".split())


def _parole(testo: str) -> list[str]:
    testo = re.sub(r"```.*?```", " ", testo, flags=re.S)
    testo = re.sub(r"`[^`]*`", " ", testo)
    testo = re.sub(r"https?://\S+|\(.*?\.(?:ipynb|md|html)\)", " ", testo)
    return re.findall(r"[a-zàèéìòù]+", testo.lower())


def quota_italiano(testo: str) -> tuple[float, int, int]:
    """(quota di parole italiane fra quelle riconosciute, parole italiane, parole inglesi)."""
    parole = _parole(testo)
    ita = sum(p in PAROLE_ITALIANE for p in parole)
    eng = sum(p in PAROLE_INGLESI and p not in PAROLE_ITALIANE for p in parole)
    return (ita / (ita + eng) if ita + eng else 1.0), ita, eng


def test_il_controllo_dell_italiano_sa_distinguere():
    assert quota_italiano("Questa è la tabella dei nuclei con il valore ISEE per ogni Ambito.")[0] > 0.9
    assert quota_italiano("This is the table of households with the ISEE value for each Ambito.")[0] < 0.5


@pytest.mark.parametrize("percorso", NOTEBOOK, ids=IDS)
def test_il_testo_per_chi_impara_e_in_italiano(percorso):
    nb = _leggi(percorso)
    tutto = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    quota, ita, eng = quota_italiano(tutto)
    assert ita >= 30, f"{percorso.name}: troppo poco testo per chi impara ({ita} parole italiane comuni)"
    assert quota >= 0.9, f"{percorso.name}: il testo sembra poco italiano ({ita} parole italiane, {eng} inglesi)"
    for i, c in enumerate(nb.cells):
        if c.cell_type == "markdown":
            q, ita_c, eng_c = quota_italiano(c.source)
            assert not (eng_c >= 5 and q < 0.5), f"{percorso.name}, cella {i + 1}: sembra in inglese"


def _testo_markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("percorso", NOTEBOOK, ids=IDS)
def test_struttura_della_lezione(percorso):
    from course.verifica import elenco_esercizi

    nb = _leggi(percorso)
    md = _testo_markdown(nb)
    codice = [c.source for c in nb.cells if c.cell_type == "code"]
    problemi = []
    if not codice or "mostra_errori_in_breve()" not in codice[0]:
        problemi.append("la prima cella di codice deve chiamare course.errori.mostra_errori_in_breve()")
    obiettivi = [c.source for c in nb.cells if c.cell_type == "markdown" and "obiettivi" in c.source.lower()]
    if not any(re.search(r"\bC[1-8]\b", s) for s in obiettivi):
        problemi.append("manca una cella «Obiettivi» con i codici delle competenze (C1…C8)")
    if "tempo stimato" not in md.lower():
        problemi.append("manca il «Tempo stimato»")
    if not re.search(r"^#+ .*riflession", md, flags=re.I | re.M):
        problemi.append("manca un titolo con la domanda di riflessione («Domanda di riflessione»)")
    if not re.search(r"^#+ .*in sintesi", md, flags=re.I | re.M):
        problemi.append("manca il riepilogo con un titolo «In sintesi»")
    chiamate = re.findall(r"verifica\.esercizio\(\s*[\"'](\d{1,2}\.\d{1,2})[\"']", "\n".join(codice))
    if len(set(chiamate)) < 3:
        problemi.append(f"servono almeno tre esercizi con verifica.esercizio(...): ne ho trovati {len(set(chiamate))}")
    modulo = _numero_modulo(percorso)
    registrati = set(elenco_esercizi()["codice"])
    fuori = [c for c in chiamate if int(c.split(".")[0]) != modulo]
    if fuori:
        problemi.append(f"codici di esercizio di un altro modulo: {fuori}")
    ignoti = [c for c in chiamate if c not in registrati]
    if ignoti:
        problemi.append(f"codici di esercizio senza verifica registrata: {ignoti}")
    dimenticati = sorted(c for c in registrati if int(c.split(".")[0]) == modulo and c not in chiamate)
    if dimenticati:
        problemi.append(f"esercizi registrati per il modulo ma assenti dal notebook: {dimenticati}")
    assert not problemi, f"{percorso.name}:\n  - " + "\n  - ".join(problemi)


@pytest.mark.parametrize("percorso", NOTEBOOK, ids=IDS)
def test_le_regole_vengono_dai_parametri(percorso):
    """Le cifre delle regole non si scrivono nei notebook: si leggono con parametro("...")."""
    from course.parametri import tabella_parametri

    nb = _leggi(percorso)
    codice = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    tecniche = {"100", "1000"}  # percentuali e migliaia: non sono cifre di una regola
    cifre = {str(v) for v in tabella_parametri()["valore"]
             if isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 30} - tecniche
    trovate = sorted(c for c in cifre if re.search(rf"(?<![\w.\-/]){re.escape(c)}(?![\w.\-/])", codice))
    assert not trovate, f"{percorso.name}: cifre di regole scritte a mano nel codice: {trovate}; usa parametro(...)"


def test_ogni_competenza_ha_una_lezione():
    """Ogni competenza C1–C8 compare negli obiettivi di almeno un modulo (che ha anche una domanda aperta)."""
    trovate = set()
    for percorso in NOTEBOOK:
        nb = _leggi(percorso)
        for c in nb.cells:
            if c.cell_type == "markdown" and "obiettivi" in c.source.lower():
                trovate |= set(re.findall(r"\bC([1-8])\b", c.source))
    mancanti = [f"C{i}" for i in range(1, 9) if str(i) not in trovate]
    assert not mancanti, f"competenze senza una lezione che le abbia negli obiettivi: {mancanti}"
