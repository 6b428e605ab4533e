"""L'archivio delle consegne: ogni file consegnato, copiato intatto una volta sola, con la sua impronta SHA-256.

``archivio/<compito>/<corsista>/<data>-<impronta>/<file>`` più il registro ``archivio/<compito>/registro.json``:
niente si perde e ogni correzione si può rifare dagli originali, anche dopo una nuova consegna o
l'annullamento di una raccolta.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from course.errori import ErroreCorso
from course.valutazione.corso import leggi_json, scrivi_json

__all__ = ["Consegna", "archivia", "registro_archivio", "carica_originale"]


@dataclass
class Consegna:
    """Un file consegnato da un corsista, prima della scelta del notebook.

    ``quando`` è la data di consegna (dallo zip di Moodle, dalla data del file o dall'exchange);
    ``nome_completo`` e ``numero`` sono il nome e il numero di partecipante scritti da Moodle.
    """

    studente: str
    file: str
    contenuto: bytes
    origine: str
    quando: str = ""
    nome_completo: str = ""
    altri: list[str] = field(default_factory=list)
    numero: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.contenuto).hexdigest()


def registro_archivio(corso, compito: str) -> list[dict]:
    """Il registro dell'archivio: una riga per file archiviato (corsista, file, sha256, origine, data)."""
    return leggi_json(corso.archivio(compito) / "registro.json", vuoto=[])


def archivia(corso, compito: str, consegna: Consegna) -> dict:
    """Copia intatta del file consegnato nell'archivio, con il suo SHA-256 (una volta sola per contenuto)."""
    impronta = consegna.sha256
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
            "percorso": relativo.as_posix(), "nome_completo": consegna.nome_completo, "numero": consegna.numero}
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
