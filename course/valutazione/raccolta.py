"""Raccogliere le consegne: da una cartella, dallo zip «Scarica tutte le consegne» di Moodle o dall'exchange di nbgrader.

Prima di tutto ogni file consegnato viene **archiviato intatto** con il suo SHA-256
(``archivio/<compito>/<corsista>/…`` più il registro ``archivio/<compito>/registro.json``): niente
si perde e ogni correzione si può rifare dagli originali. Poi il notebook scelto va in
``submitted/<corsista>/<compito>/<compito>.ipynb``, dove nbgrader se lo aspetta.

>>> identificativo("Maria Grazia D'Amato")
'maria.grazia.damato'
>>> moodle("Mario Rossi_123456_assignsubmission_file_/compito.ipynb")
('Mario Rossi', '123456', 'compito.ipynb')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from dateutil import parser as date_parser
from dateutil import tz as date_tz

from course.errori import ErroreCorso
from course.valutazione.corso import STUDENTE_VALIDO, leggi_json, scrivi_json

__all__ = ["Consegna", "raccogli", "archivia", "identificativo", "moodle", "registro_archivio", "carica_originale",
           "timestamp_nbgrader"]

_MOODLE = re.compile(r"^(?P<nome>.+?)_(?P<id>\d+)_assign(?:submission|feedback)_[a-z]+_(?P<resto>.*)$")
_MASSIMO_FILE = 50 * 1024 * 1024


@dataclass
class Consegna:
    """Un file consegnato da un corsista, prima della scelta del notebook."""

    studente: str
    file: str
    contenuto: bytes
    origine: str
    quando: str = ""
    nome_completo: str = ""
    altri: list[str] = field(default_factory=list)


def identificativo(nome: str) -> str:
    """Un identificativo di corsista valido per nbgrader, ricavato da un nome («Mario Rossi» → «mario.rossi»).

    >>> identificativo("Nicolò Dell'Olio"), identificativo("../../gradebook")
    ('nicolo.dellolio', 'gradebook')
    """
    testo = unicodedata.normalize("NFKD", str(nome))
    testo = "".join(ch for ch in testo if not unicodedata.combining(ch)).lower()
    testo = re.sub(r"[^a-z0-9._-]+", ".", testo.replace("'", "")).strip(".-_")
    testo = re.sub(r"\.{2,}", ".", testo)[:64]
    return testo or "senza-nome"


def moodle(percorso: str):
    """``(nome, id_partecipante, file)`` se il percorso viene dallo zip di Moodle, altrimenti ``None``.

    >>> moodle("Anna Bianchi_1202_assignsubmission_file_compito.ipynb")
    ('Anna Bianchi', '1202', 'compito.ipynb')
    >>> moodle("anna/compito.ipynb") is None
    True
    """
    parti = PurePosixPath(percorso).parts
    if not parti:
        return None
    trovato = _MOODLE.match(parti[0])
    if not trovato:
        return None
    resto = "/".join(parti[1:]) if len(parti) > 1 else trovato.group("resto")
    return trovato.group("nome"), trovato.group("id"), PurePosixPath(resto).name or trovato.group("resto")


def _momento(quando: str) -> dt.datetime:
    """L'istante (in UTC) di una data scritta come ISO o come la scrive nbgrader («… 09:00:00.000000 UTC»).

    Senza fuso orario vale l'ora locale di questo computer (date dei file e degli zip).
    """
    def fuso(nome, scarto):  # dateutil chiama anche senza fuso (nome e scarto None): resta senza
        if nome:
            return date_tz.gettz(nome)
        return None if scarto is None else date_tz.tzoffset(None, scarto)

    momento = date_parser.parse(quando.strip(), tzinfos=fuso)
    if momento.tzinfo is None:
        momento = momento.astimezone()
    return momento.astimezone(dt.timezone.utc)


def timestamp_nbgrader(quando: str) -> str:
    """Data e ora di consegna nel formato di ``timestamp.txt`` di nbgrader (UTC, con i microsecondi).

    È il formato predefinito di nbgrader (``Exchange.timestamp_format``): così ``nbgrader collect --update``
    e il formgrader confrontano le date delle consegne raccolte dal corso con le loro.

    >>> timestamp_nbgrader("2026-03-02 09:00:00.000000 UTC")
    '2026-03-02 09:00:00.000000 UTC'
    >>> timestamp_nbgrader("2026-03-02T10:30:00+01:00")
    '2026-03-02 09:30:00.000000 UTC'
    """
    return _momento(quando).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def _mappa_corsisti(corso) -> dict:
    mappa = {}
    for r in corso.corsisti():
        ident = r["id"]
        for chiave in (r.get("id"), r.get("moodle_id"), r.get("email"), r.get("username"),
                       f"{r.get('nome', '')} {r.get('cognome', '')}".strip(),
                       f"{r.get('cognome', '')} {r.get('nome', '')}".strip()):
            if chiave:
                mappa[identificativo(chiave)] = ident
                mappa[chiave] = ident
    return mappa


def _studente(chiavi, mappa, *, ripiego: str | None = None) -> str:
    for k in chiavi:
        if k and (k in mappa or identificativo(k) in mappa):
            return mappa.get(k) or mappa[identificativo(k)]
    if ripiego:
        return identificativo(ripiego)
    for k in chiavi:
        if k and STUDENTE_VALIDO.match(k):
            return k
    return identificativo(next(k for k in chiavi if k))


def _da_zip(percorso: Path, mappa) -> list[Consegna]:
    consegne = []
    try:
        archivio = zipfile.ZipFile(percorso)
    except zipfile.BadZipFile:
        raise ErroreCorso(f"Il file {percorso} non è uno zip leggibile. Scaricalo di nuovo da Moodle.") from None
    with archivio:
        for info in archivio.infolist():
            nome = info.filename
            if info.is_dir() or "__MACOSX" in nome or PurePosixPath(nome).name.startswith("."):
                continue
            if info.file_size > _MASSIMO_FILE:
                continue
            quando = dt.datetime(*info.date_time).isoformat()
            dati_moodle = moodle(nome)
            if dati_moodle:
                nome_completo, id_moodle, file = dati_moodle
                studente = _studente([id_moodle, nome_completo], mappa, ripiego=nome_completo)
                consegne.append(Consegna(studente, file, archivio.read(info), f"moodle:{percorso.name}", quando, nome_completo))
            else:
                parti = PurePosixPath(nome).parts
                chiave = parti[0] if len(parti) > 1 else PurePosixPath(nome).stem
                consegne.append(Consegna(_studente([chiave], mappa), PurePosixPath(nome).name,
                                         archivio.read(info), f"zip:{percorso.name}", quando))
    return consegne


def _da_cartella(cartella: Path, mappa) -> list[Consegna]:
    consegne = []
    for f in sorted(cartella.rglob("*")):
        if not f.is_file() or f.name.startswith(".") or ".ipynb_checkpoints" in f.parts or f.stat().st_size > _MASSIMO_FILE:
            continue
        relativo = f.relative_to(cartella).as_posix()
        quando = dt.datetime.fromtimestamp(f.stat().st_mtime).isoformat(timespec="seconds")
        dati_moodle = moodle(relativo)
        if dati_moodle:
            nome_completo, id_moodle, file = dati_moodle
            consegne.append(Consegna(_studente([id_moodle, nome_completo], mappa, ripiego=nome_completo), file, f.read_bytes(),
                                     f"moodle:{cartella.name}", quando, nome_completo))
            continue
        parti = PurePosixPath(relativo).parts
        chiave = parti[0] if len(parti) > 1 else f.stem
        consegne.append(Consegna(_studente([chiave], mappa), f.name, f.read_bytes(), f"cartella:{cartella.name}", quando))
    return consegne


def _da_exchange(radice: Path, compito: str, mappa) -> list[Consegna]:
    """Le consegne più recenti di ogni corsista in ``<exchange>/<corso>/inbound`` (formato di nbgrader)."""
    ultime: dict[str, tuple[str, Path]] = {}
    for inbound in radice.glob("*/inbound"):
        for d in inbound.iterdir():
            parti = d.name.split("+")
            if not d.is_dir() or len(parti) < 3 or parti[1] != compito:
                continue
            studente, quando = parti[0], parti[2]
            if studente not in ultime or quando > ultime[studente][0]:
                ultime[studente] = (quando, d)
    consegne = []
    for studente, (quando, d) in sorted(ultime.items()):
        for f in sorted(d.rglob("*")):
            if f.is_file() and ".ipynb_checkpoints" not in f.parts and f.stat().st_size <= _MASSIMO_FILE:
                consegne.append(Consegna(_studente([studente], mappa), f.relative_to(d).as_posix(), f.read_bytes(),
                                         f"exchange:{d.name}", quando))
    return consegne


def registro_archivio(corso, compito: str) -> list[dict]:
    """Il registro dell'archivio: una riga per file archiviato (corsista, file, sha256, origine, data)."""
    return leggi_json(corso.archivio(compito) / "registro.json", vuoto=[])


def archivia(corso, compito: str, consegna: Consegna) -> dict:
    """Copia intatta del file consegnato nell'archivio, con il suo SHA-256 (una volta sola per contenuto)."""
    impronta = hashlib.sha256(consegna.contenuto).hexdigest()
    registro = registro_archivio(corso, compito)
    for voce in registro:
        if voce["studente"] == consegna.studente and voce["sha256"] == impronta:
            return voce
    adesso = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    relativo = Path(consegna.studente) / f"{adesso}-{impronta[:12]}" / Path(consegna.file).name
    destinazione = corso.archivio(compito) / relativo
    destinazione.parent.mkdir(parents=True, exist_ok=True)
    destinazione.write_bytes(consegna.contenuto)
    destinazione.chmod(0o444)
    voce = {"studente": consegna.studente, "file": consegna.file, "sha256": impronta, "origine": consegna.origine,
            "consegnato": consegna.quando, "archiviato": dt.datetime.now().isoformat(timespec="seconds"),
            "percorso": relativo.as_posix(), "nome_completo": consegna.nome_completo}
    registro.append(voce)
    scrivi_json(corso.archivio(compito) / "registro.json", registro)
    return voce


def carica_originale(corso, compito: str, voce: dict) -> bytes:
    """I byte archiviati di ``voce``, dopo aver controllato che il loro SHA-256 non sia cambiato."""
    contenuto = (corso.archivio(compito) / voce["percorso"]).read_bytes()
    if hashlib.sha256(contenuto).hexdigest() != voce["sha256"]:
        raise ErroreCorso(f"L'originale archiviato di {voce['studente']} ({voce['percorso']}) è stato modificato: "
                          "il suo SHA-256 non corrisponde più al registro.")
    return contenuto


def _scegli(compito: str, file: list[Consegna]) -> Consegna | None:
    notebook = [c for c in file if c.file.lower().endswith(".ipynb")]
    if not notebook:
        return None
    esatti = [c for c in notebook if PurePosixPath(c.file).name == f"{compito}.ipynb"]
    simili = [c for c in notebook if compito.lower() in c.file.lower()]
    scelto = (esatti or simili or sorted(notebook, key=lambda c: len(c.contenuto), reverse=True))[0]
    scelto.altri = [c.file for c in file if c is not scelto]
    return scelto


def raccogli(corso, compito: str, origine) -> dict:
    """Raccoglie le consegne di ``compito`` da ``origine`` (cartella, zip o cartella dell'exchange).

    Restituisce ``{"raccolti": [...], "senza_notebook": [...], "fuori_elenco": [...]}``.
    """
    corso.controlla_compito(compito)
    origine = Path(origine)
    if not origine.exists():
        raise ErroreCorso(f"Non trovo {origine}: indica una cartella, uno zip scaricato da Moodle o l'exchange di nbgrader.")
    mappa = _mappa_corsisti(corso)
    if origine.is_file():
        consegne = _da_zip(origine, mappa)
    elif any(origine.glob("*/inbound")):
        consegne = _da_exchange(origine, compito, mappa)
    else:
        consegne = _da_cartella(origine, mappa)
    per_studente: dict[str, list[Consegna]] = {}
    for c in consegne:
        per_studente.setdefault(c.studente, []).append(c)
    elenco = {r["id"] for r in corso.corsisti()}
    esito = {"raccolti": [], "senza_notebook": [], "fuori_elenco": []}
    for studente, file in sorted(per_studente.items()):
        for c in file:
            archivia(corso, compito, c)
        scelto = _scegli(compito, file)
        if scelto is None:
            esito["senza_notebook"].append(studente)
            continue
        destinazione = corso.sottomesso(studente, compito)
        destinazione.parent.mkdir(parents=True, exist_ok=True)
        destinazione.write_bytes(scelto.contenuto)
        quando = scelto.quando or dt.datetime.now().isoformat(timespec="seconds")
        (destinazione.parent / "timestamp.txt").write_text(timestamp_nbgrader(quando), encoding="utf-8")
        esito["raccolti"].append(studente)
        if elenco and studente not in elenco:
            esito["fuori_elenco"].append(studente)
    return esito
