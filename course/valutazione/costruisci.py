"""Costruire i compiti sorgente di nbgrader a partire dagli esercizi del corso.

Un compito è una sequenza di parti: esercizi con verifica automatica (il testo in una cella di sola
lettura, la risposta in una cella modificabile, la verifica in una cella di test con la parte
nascosta ``consegna``) e domande aperte da correggere a mano, con la rubrica del formatore nella
cella della risposta (nbgrader la toglie nella versione per i corsisti). Ogni cella valutata porta
nei metadati ``ambiti_lab.competenze`` i codici C1–C8.

>>> c = Compito("prova", "Prova", "Un compito di prova.",
...             [Esercizio("0.1", "Quanti sono gli Ambiti?", "risposta_0_1 = 45")])
>>> nb = notebook_sorgente(c)
>>> [cella.metadata["nbgrader"]["grade_id"] for cella in nb.cells]
['intro', 'preparazione', 'domanda-0-1', 'risposta-0-1', 'verifica-0-1']
>>> nb.cells[-1].source.splitlines()[-2]
'consegna("0.1", risposta_0_1, esito_0_1)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from course import formato
from course.errori import ErroreCorso

__all__ = ["Esercizio", "Aperta", "Compito", "notebook_sorgente", "scrivi_compito", "crea_corso", "carica_tracce",
           "copia_modello", "MODELLO", "CONFIGURAZIONE"]

#: La configurazione nbgrader del corso (scritta in ``nbgrader_config.py``).
CONFIGURAZIONE = '''\
# Configurazione di nbgrader per il corso ambiti-lab (generata da course.valutazione.costruisci).
import os

c = get_config()  # noqa: F821

# L'identificativo del corso: sul hub lo stabilisce AMBITI_LAB_CORSO, lo stesso dei corsisti.
c.CourseDirectory.course_id = os.environ.get("AMBITI_LAB_CORSO", "ambiti-lab")
# Le celle di risposta, nella versione per i corsisti, mostrano questi inviti al posto delle soluzioni.
c.ClearSolutions.code_stub = {"python": "# ✍️ Scrivi qui il tuo codice"}
c.ClearSolutions.text_stub = "✍️ Scrivi qui la tua risposta."
# Limite per cella usato anche dal solo «nbgrader autograde» (la correzione del corso ha i suoi limiti).
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
'''

#: Il corso modello: ``modello/`` nel pacchetto installato (``pip install .``, dati del pacchetto presi da
#: ``grading/``), altrimenti ``grading/`` del repository (installazione modificabile, ``pip install -e .``).
MODELLO = next((p for p in (Path(__file__).resolve().parent / "modello", Path(__file__).resolve().parents[2] / "grading")
                if (p / "nbgrader_config.py").is_file()), Path(__file__).resolve().parents[2] / "grading")


@dataclass(frozen=True)
class Esercizio:
    """Un esercizio con verifica automatica: ``soluzione`` assegna la variabile della risposta."""

    codice: str
    testo: str
    soluzione: str
    variabile: str | None = None
    punti: float | None = None
    competenze: tuple[str, ...] | None = None
    titolo: str | None = None
    #: esercizio personale: ognuno lavora sulla sua variante (``VARIANTE``), lo corregge solo il correttore
    #: con le verifiche di ``grading/varianti.py``; nel notebook la risposta si registra senza giudizio
    personale: bool = False

    @property
    def nome_variabile(self) -> str:
        return self.variabile or "risposta_" + self.codice.replace(".", "_")


@dataclass(frozen=True)
class Aperta:
    """Una domanda aperta, corretta a mano dal formatore con la ``rubrica``."""

    ident: str
    testo: str
    rubrica: str
    punti: float
    competenze: tuple[str, ...]


@dataclass(frozen=True)
class Compito:
    """Un compito nbgrader (un notebook): nome della cartella, titolo, introduzione e parti."""

    nome: str
    titolo: str
    introduzione: str
    parti: list = field(default_factory=list)
    preparazione: str = ""
    importa: tuple[str, ...] = ()


def _scheda(es: Esercizio) -> tuple[str, tuple[str, ...], float]:
    """Titolo, competenze e punti dell'esercizio, dal registro delle verifiche se non indicati."""
    titolo, competenze, punti = es.titolo, es.competenze, es.punti
    if titolo is None or competenze is None or punti is None:
        from course.verifica import registro

        try:
            registrato = registro._trova(es.codice)
        except ErroreCorso as errore:
            raise ErroreCorso(f"Compito: l'esercizio {es.codice} non ha una verifica registrata. {errore}") from None
        titolo = titolo or registrato.titolo
        competenze = competenze or registrato.competenze
        punti = punti if punti is not None else registrato.punti
    return titolo, tuple(competenze), float(punti)


def _meta(grade_id: str, *, grade=False, solution=False, locked=False, punti=None, **extra) -> dict:
    nbg = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id, "schema_version": 3}
    if grade:
        nbg["points"] = punti
    meta = {"nbgrader": nbg}
    if locked:
        meta.update(editable=False, deletable=False)
    if extra:
        meta["ambiti_lab"] = extra
    return meta


def _punti(x: float) -> str:
    testo = formato.numero(x)
    return f"{testo} punto" if x == 1 else f"{testo} punti"


def notebook_sorgente(compito: Compito):
    """Il notebook sorgente (con soluzioni, test nascosti e rubriche) di ``compito``."""
    import nbformat

    v4 = nbformat.v4
    celle = [
        v4.new_markdown_cell(f"# {compito.titolo}\n\n{compito.introduzione.strip()}\n\n"
                             "Scrivi le risposte nelle celle con ✍️; le celle con il testo e le verifiche "
                             "non si possono modificare. Prima di consegnare: *Kernel → Riavvia ed esegui tutto*.",
                             metadata=_meta("intro", locked=True)),
    ]
    righe = ["# Preparazione: esegui questa cella per prima (non modificarla).",
             *[f"import {m}" for m in compito.importa],
             "from course.verifica import esercizio",
             "from course.valutazione.consegna import consegna"]
    personali = any(isinstance(p, Esercizio) and p.personale for p in compito.parti)
    if personali:
        righe += ["from course.valutazione.varianti import mia_variante, risposta_registrata",
                  f'VARIANTE = mia_variante("{compito.nome}")']
    if compito.preparazione.strip():
        righe.append(compito.preparazione.strip())
    celle.append(v4.new_code_cell("\n".join(righe), metadata=_meta("preparazione", locked=True)))
    visti = set()
    for parte in compito.parti:
        if isinstance(parte, Esercizio):
            titolo, competenze, punti = _scheda(parte)
            slug = parte.codice.replace(".", "-")
            chiave = f"esercizio {parte.codice}"
            celle += [
                v4.new_markdown_cell(f"## {'📨 ' if parte.personale else ''}Esercizio {parte.codice} – {titolo}\n\n{parte.testo.strip()}\n\n"
                                     f"*{_punti(punti)} · competenze {', '.join(competenze)}*",
                                     metadata=_meta(f"domanda-{slug}", locked=True)),
                v4.new_code_cell(f"{parte.nome_variabile} = None\n### BEGIN SOLUTION\n{parte.soluzione.strip()}\n### END SOLUTION",
                                 metadata=_meta(f"risposta-{slug}", solution=True)),
                v4.new_code_cell(f'esito_{slug.replace("-", "_")} = {"risposta_registrata" if parte.personale else "esercizio"}'
                                 f'("{parte.codice}", {parte.nome_variabile})\n'
                                 f'### BEGIN HIDDEN TESTS\n'
                                 f'consegna("{parte.codice}", {parte.nome_variabile}, esito_{slug.replace("-", "_")})\n'
                                 f'### END HIDDEN TESTS',
                                 metadata=_meta(f"verifica-{slug}", grade=True, locked=True, punti=punti,
                                                esercizio=parte.codice, competenze=list(competenze),
                                                **({"personale": True} if parte.personale else {}))),
            ]
        elif isinstance(parte, Aperta):
            slug = parte.ident.replace(".", "-")
            chiave = f"domanda {parte.ident}"
            celle += [
                v4.new_markdown_cell(f"## Domanda {parte.ident}\n\n{parte.testo.strip()}\n\n"
                                     f"*{_punti(parte.punti)} · competenze {', '.join(parte.competenze)} · "
                                     "la corregge il formatore*",
                                     metadata=_meta(f"domanda-aperta-{slug}", locked=True)),
                v4.new_markdown_cell(f"**Rubrica per il formatore**\n\n{parte.rubrica.strip()}",
                                     metadata=_meta(f"aperta-{slug}", grade=True, solution=True, punti=float(parte.punti),
                                                    competenze=list(parte.competenze))),
            ]
        else:
            raise ErroreCorso(f"Compito {compito.nome}: parte di tipo sconosciuto ({type(parte).__name__}).")
        if chiave in visti:
            raise ErroreCorso(f"Compito {compito.nome}: {chiave} compare due volte.")
        visti.add(chiave)
    nb = v4.new_notebook(cells=celle, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
        "ambiti_lab": {"compito": compito.nome, "titolo": compito.titolo},
    })
    for i, cella in enumerate(nb.cells):
        cella["id"] = f"{compito.nome}-{i:02d}"[-64:]
    return nb


def scrivi_compito(compito: Compito, radice) -> Path:
    """Scrive ``source/<nome>/<nome>.ipynb`` nel corso in ``radice`` e restituisce il percorso."""
    import nbformat

    from course.valutazione.corso import nome_valido

    nome_valido(compito.nome, cosa="compito")
    percorso = Path(radice) / "source" / compito.nome / f"{compito.nome}.ipynb"
    percorso.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook_sorgente(compito), str(percorso))
    return percorso


def crea_corso(radice, compiti=()) -> Path:
    """Crea (o aggiorna) un corso nbgrader in ``radice``: configurazione e compiti sorgente."""
    radice = Path(radice)
    radice.mkdir(parents=True, exist_ok=True)
    (radice / "nbgrader_config.py").write_text(CONFIGURAZIONE, encoding="utf-8")
    for compito in compiti:
        scrivi_compito(compito, radice)
    return radice


def carica_tracce(radice) -> dict:
    """I compiti descritti in ``<radice>/tracce.py`` (il file del formatore con testi, soluzioni e rubriche)."""
    import importlib.util

    percorso = Path(radice) / "tracce.py"
    if not percorso.is_file():
        raise ErroreCorso(f"Manca {percorso}: è il file con testi, soluzioni e rubriche dei compiti. "
                          "Copialo dalla cartella grading/ del progetto.")
    spec = importlib.util.spec_from_file_location("_tracce_del_corso", percorso)
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return dict(modulo.COMPITI)


def copia_modello(destinazione, *, modello=None) -> Path:
    """Crea un corso nuovo in ``destinazione`` copiando il corso modello (configurazione, sorgenti, tracce, cruscotto)."""
    import shutil

    modello = Path(modello) if modello else MODELLO
    destinazione = Path(destinazione)
    if not (modello / "nbgrader_config.py").is_file():
        raise ErroreCorso(f"Non trovo il corso modello in {modello}: installa ambiti-lab dal repository del progetto "
                          "oppure indica con --corso una cartella che contiene già nbgrader_config.py.")
    destinazione.mkdir(parents=True, exist_ok=True)
    for nome in ("nbgrader_config.py", "tracce.py", "varianti.py", "LEGGIMI.md", "cruscotto-formatore.ipynb",
                 "corsisti-esempio.csv"):
        if (modello / nome).is_file():
            shutil.copy2(modello / nome, destinazione / nome)
    if (modello / "source").is_dir():
        shutil.copytree(modello / "source", destinazione / "source", dirs_exist_ok=True)
    return destinazione.resolve()
