"""Dove sta il corso nbgrader e come sono fatte le sue cartelle.

Le cartelle seguono le convenzioni di nbgrader (``source``, ``release``, ``submitted``,
``autograded``, ``feedback``, ``gradebook.db``); ``archivio``, ``esiti`` ed ``esportazioni``
sono aggiunte dal corso.

>>> c = Corso("/tmp/corso-prova")
>>> c.sottomesso("mario", "modulo-01").as_posix()
'/tmp/corso-prova/submitted/mario/modulo-01/modulo-01.ipynb'
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from course.errori import ErroreCorso

__all__ = ["Corso", "trova_corso", "VARIABILE_CARTELLA", "nome_valido", "scrivi_json", "leggi_json", "STUDENTE_VALIDO"]

#: Un identificativo di corsista o di compito: lettere, cifre, punto, trattino e trattino basso.
STUDENTE_VALIDO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def nome_valido(nome: str, *, cosa: str = "identificativo") -> str:
    """Controlla che ``nome`` si possa usare come nome di cartella nel corso.

    >>> nome_valido("mario.rossi")
    'mario.rossi'
    >>> nome_valido("../gradebook", cosa="corsista")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Nome di corsista non valido: '../gradebook'. Usa solo lettere senza accenti, cifre, punto, trattino e trattino basso (al massimo 64 caratteri), ad esempio «mario.rossi».
    """
    if not isinstance(nome, str) or not STUDENTE_VALIDO.match(nome):
        raise ErroreCorso(
            f"Nome di {cosa} non valido: {nome!r}. Usa solo lettere senza accenti, cifre, punto, trattino e "
            "trattino basso (al massimo 64 caratteri), ad esempio «mario.rossi»."
        )
    return nome


def scrivi_json(percorso: Path, dati) -> None:
    """Scrive un JSON in modo atomico (prima un file temporaneo, poi la sostituzione).

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "esito.json"
    >>> scrivi_json(f, {"punti": 2.5, "stato": "corretto"})
    >>> leggi_json(f)["punti"]
    2.5
    """
    percorso = Path(percorso)
    percorso.parent.mkdir(parents=True, exist_ok=True)
    provvisorio = percorso.with_name(f".{percorso.name}.{os.getpid()}.tmp")
    provvisorio.write_text(json.dumps(dati, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(provvisorio, percorso)


def leggi_json(percorso: Path, *, vuoto=None):
    """Legge un JSON; se il file non c'è restituisce ``vuoto``.

    >>> leggi_json("/percorso/che/non/esiste.json", vuoto=[])
    []
    """
    percorso = Path(percorso)
    if not percorso.exists():
        return vuoto
    return json.loads(percorso.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Corso:
    """Un corso nbgrader su disco (la cartella con ``nbgrader_config.py``)."""

    radice: Path

    def __post_init__(self):
        object.__setattr__(self, "radice", Path(self.radice).resolve())

    # --- cartelle di nbgrader -------------------------------------------------------------
    @property
    def gradebook(self) -> Path:
        return self.radice / "gradebook.db"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.gradebook}"

    def sorgente(self, compito: str) -> Path:
        return self.radice / "source" / compito / f"{compito}.ipynb"

    def rilascio(self, compito: str) -> Path:
        return self.radice / "release" / compito / f"{compito}.ipynb"

    def sottomesso(self, studente: str, compito: str) -> Path:
        return self.radice / "submitted" / studente / compito / f"{compito}.ipynb"

    def corretto(self, studente: str, compito: str) -> Path:
        return self.radice / "autograded" / studente / compito / f"{compito}.ipynb"

    def pagina_feedback(self, studente: str, compito: str) -> Path:
        return self.radice / "feedback" / studente / compito / f"{compito}.html"

    # --- cartelle del corso ambiti-lab ------------------------------------------------------
    def archivio(self, compito: str) -> Path:
        return self.radice / "archivio" / compito

    def esito(self, studente: str, compito: str) -> Path:
        return self.radice / "esiti" / compito / f"{studente}.json"

    @property
    def esportazioni(self) -> Path:
        return self.radice / "esportazioni"

    @property
    def elenco_corsisti(self) -> Path:
        return self.radice / "corsisti.csv"

    def compiti(self) -> list[str]:
        """I compiti presenti in ``source`` (un compito = una cartella con il notebook omonimo)."""
        cartella = self.radice / "source"
        if not cartella.is_dir():
            return []
        return sorted(p.name for p in cartella.iterdir() if (p / f"{p.name}.ipynb").is_file())

    def controlla_compito(self, compito: str) -> str:
        """Errore in italiano se il compito non esiste in ``source``."""
        from course.errori import controlla_scelta

        nome_valido(compito, cosa="compito")
        return controlla_scelta(compito, self.compiti(), cosa="compito") if self.compiti() else _nessun_compito(self)

    def corsisti(self) -> list[dict]:
        """L'elenco dei corsisti (``corsisti.csv``: id, nome, cognome, email, ambito, squadra, …); vuoto se manca.

        Si legge con le regole del corso (:func:`~course.valutazione.fogli.leggi_foglio`): va bene anche il
        file salvato da Excel (punto e virgola, cp1252) o un ``corsisti.xlsx``.
        """
        from course.valutazione.fogli import leggi_foglio

        percorso = self.elenco_corsisti
        if not percorso.exists() and percorso.with_suffix(".xlsx").exists():
            percorso = percorso.with_suffix(".xlsx")
        if not percorso.exists():
            return []
        righe = leggi_foglio(percorso, cosa=f"elenco dei corsisti ({percorso})", obbligatorie=["id"])
        problemi, visti = [], {}
        for r in righe:
            ident = r["id"]
            if not ident:
                problemi.append(f"riga {r['_riga']}: manca l'id")
            elif not STUDENTE_VALIDO.match(ident):
                problemi.append(f"riga {r['_riga']}: id «{ident}» non valido (solo lettere senza accenti, cifre, punto, "
                                "trattino e trattino basso)")
            elif ident in visti:
                problemi.append(f"riga {r['_riga']}: id «{ident}» ripetuto (già alla riga {visti[ident]})")
            visti.setdefault(ident, r["_riga"])
        if problemi:
            raise ErroreCorso(f"Nel file {percorso} ci sono {len(problemi)} problemi: " + "; ".join(problemi) + ". "
                              "Correggili e rilancia il comando: ogni corsista ha un id suo, ad esempio «mario.rossi».")
        return [{k: v for k, v in r.items() if k != "_riga"} for r in righe]


def _nessun_compito(corso: Corso):
    raise ErroreCorso(
        f"Nella cartella {corso.radice / 'source'} non c'è nessun compito. "
        "Crea i compiti con «ambiti-lab valuta genera» dalla cartella del corso (quella con nbgrader_config.py)."
    )


#: La variabile d'ambiente con la cartella del corso nbgrader. ``AMBITI_LAB_CORSO`` è un'altra cosa:
#: l'identificativo del corso per nbgrader (``ambiti-lab``), impostato dal hub e dai valori Helm.
VARIABILE_CARTELLA = "AMBITI_LAB_CARTELLA_CORSO"


def trova_corso(percorso: str | os.PathLike | None = None) -> Corso:
    """Il corso nella cartella indicata, o in ``$AMBITI_LAB_CARTELLA_CORSO``, o in quella corrente, o in ``grading/``.

    >>> trova_corso("/percorso/che/non/esiste")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Non trovo un corso nbgrader in /percorso/che/non/esiste: manca il file nbgrader_config.py. Indica la cartella del corso con --corso.
    """
    if percorso is not None:
        candidati = [Path(percorso)]
    else:
        ambiente = os.environ.get(VARIABILE_CARTELLA)
        candidati = [Path(ambiente)] if ambiente else [Path.cwd(), Path.cwd() / "grading",
                                                      Path(__file__).resolve().parents[2] / "grading"]
    for c in candidati:
        if (c / "nbgrader_config.py").is_file():
            return Corso(c)
    raise ErroreCorso(
        f"Non trovo un corso nbgrader in {candidati[0]}: manca il file nbgrader_config.py. "
        "Indica la cartella del corso con --corso."
    )
