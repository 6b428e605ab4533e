"""Moodle senza sorprese: i nomi nello zip delle consegne, l'elenco dei partecipanti, chi è chi, lo zip dei riscontri.

Nello zip «Scarica tutte le consegne» ogni file si chiama ``<Nome Cognome>_<numero>_assignsubmission_file_…``.
Il numero è il **numero di partecipante** che Moodle dà a ogni persona *in quel compito*: non è l'id
dell'utente e cambia da un compito all'altro. Con la valutazione anonima al posto del nome c'è
«Partecipante» (o «Participant»): allora chi è chi si sa solo dall'elenco dei partecipanti del compito,
che Moodle esporta (il foglio di valutazione: una colonna «Identificativo» con «Partecipante 548101» e
le colonne del nome e dell'e-mail), oppure da un CSV scritto dal formatore con il numero e l'e-mail.

Per riconoscere un corsista si usano insieme il nome e il numero: se dicono due persone diverse, ci si
ferma e si elencano i casi (meglio un errore che il file di una persona dato a un'altra).

>>> moodle("Mario Rossi_123456_assignsubmission_file_/compito.ipynb")
('Mario Rossi', '123456', 'compito.ipynb')
>>> anonimo("Partecipante"), anonimo("Participant"), anonimo("Mario Rossi")
(True, True, False)
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from course.errori import ErroreCorso
from course.valutazione.corso import leggi_json, scrivi_json

__all__ = ["moodle", "anonimo", "leggi_partecipanti", "salva_partecipanti", "partecipanti_salvati", "tutte_le_email",
           "Riconoscimento", "riconosci", "IndiceCorsisti", "registra_consegne_moodle", "consegne_moodle", "zip_riscontri", "normalizza_nome",
           "identificativo"]

_MOODLE = re.compile(r"^(?P<nome>.+?)_(?P<id>\d+)_assign(?:submission|feedback)_[a-z]+_(?P<resto>.*)$")
_ANONIMI = {"partecipante", "participant"}
_NUMERO = re.compile(r"^\s*(?:partecipante|participant)?\s*(\d+)\s*$", re.IGNORECASE)


def moodle(percorso: str):
    """``(nome, numero_partecipante, file)`` se il percorso viene dallo zip di Moodle, altrimenti ``None``.

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


def anonimo(nome: str) -> bool:
    """Vero se al posto del nome c'è «Partecipante» (valutazione anonima di Moodle)."""
    return str(nome).strip().lower() in _ANONIMI


def identificativo(nome: str) -> str:
    """Un identificativo di corsista valido per nbgrader, ricavato da un nome («Mario Rossi» → «mario.rossi»).

    >>> identificativo("Nicolò Dell'Olio"), identificativo("../../gradebook")
    ('nicolo.dellolio', 'gradebook')
    """
    import unicodedata

    testo = unicodedata.normalize("NFKD", str(nome))
    testo = "".join(ch for ch in testo if not unicodedata.combining(ch)).lower()
    testo = re.sub(r"[^a-z0-9._-]+", ".", testo.replace("'", "")).strip(".-_")
    testo = re.sub(r"\.{2,}", ".", testo)[:64]
    return testo or "senza-nome"


def normalizza_nome(nome: str) -> str:
    """Un nome confrontabile: minuscole, senza accenti, apostrofi e spazi doppi («Nicolò Dell'Olio» → «nicolo dellolio»).

    >>> normalizza_nome("  Nicolò   Dell'Olio "), normalizza_nome("DELL'OLIO Nicolò")
    ('nicolo dellolio', 'dellolio nicolo')
    """
    import unicodedata

    testo = unicodedata.normalize("NFKD", str(nome))
    testo = "".join(ch for ch in testo if not unicodedata.combining(ch)).lower().replace("'", "").replace("’", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", testo).split())


# --- l'elenco dei partecipanti di Moodle ------------------------------------------------------------

def _colonna_numero(righe: list[dict]) -> str | None:
    colonne = [c for c in righe[0] if c != "_riga"] if righe else []
    preferite = [c for c in colonne if c in ("identificativo", "identifier", "partecipante", "participant",
                                              "numero_partecipante", "numero")]
    for c in preferite + [c for c in colonne if c not in preferite]:
        valori = [r[c] for r in righe if r[c]]
        if valori and all(_NUMERO.match(v) for v in valori) and (c in preferite or any(
                re.search("(?i)partecip", v) for v in valori)):
            return c
    return None


def leggi_partecipanti(percorso) -> dict[str, dict]:
    """L'elenco dei partecipanti di un compito di Moodle: ``{numero: {"nome_completo", "email", "riga"}}``.

    Va bene il foglio di valutazione scaricato da Moodle (in italiano o in inglese, CSV o Excel) o un
    CSV del formatore con una colonna del numero («partecipante») e l'e-mail o il nome.
    """
    from course.valutazione.fogli import leggi_foglio

    righe = leggi_foglio(percorso, cosa=f"elenco dei partecipanti di Moodle ({percorso})")
    numero = _colonna_numero(righe)
    if numero is None:
        raise ErroreCorso(
            f"Nell'elenco dei partecipanti {percorso} non trovo la colonna con il numero di partecipante "
            "(«Identificativo» con valori come «Partecipante 548101», oppure una colonna «partecipante» con il numero). "
            "Scarica da Moodle il foglio di valutazione del compito, o scrivi un CSV con le colonne partecipante ed email.")
    colonne = set(righe[0]) if righe else set()
    completo = next((c for c in ("nome_completo", "full_name", "nome_e_cognome") if c in colonne), None)
    coppie = [("nome", "cognome"), ("first_name", "last_name"), ("first_name", "surname")]
    coppia = next(((a, b) for a, b in coppie if a in colonne and b in colonne), None)
    if "email" not in colonne and completo is None and coppia is None:
        raise ErroreCorso(f"L'elenco dei partecipanti {percorso} ha il numero ma né l'e-mail né il nome: senza, non so "
                          "chi è chi. Aggiungi la colonna email (o il nome completo).")
    elenco, doppi = {}, []
    for r in righe:
        trovato = _NUMERO.match(r[numero] or "")
        if not trovato:
            continue
        nome = r[completo] if completo else (f"{r[coppia[0]]} {r[coppia[1]]}".strip() if coppia else "")
        n = trovato.group(1).lstrip("0") or "0"
        if n in elenco:
            doppi.append(f"{n} (righe {elenco[n]['riga']} e {r['_riga']})")
        elenco[n] = {"nome_completo": nome, "email": (r.get("email") or "").strip().lower(), "riga": r["_riga"]}
    if doppi:
        raise ErroreCorso(f"Nell'elenco dei partecipanti {percorso} lo stesso numero compare due volte: {', '.join(doppi)}.")
    return elenco


def _cartella(corso) -> Path:
    return corso.radice / "moodle"


def salva_partecipanti(corso, compito: str, percorso) -> dict[str, dict]:
    """Legge l'elenco dei partecipanti di ``compito`` e lo conserva nel corso (``moodle/partecipanti-<compito>.*``)."""
    percorso = Path(percorso).expanduser()
    elenco = leggi_partecipanti(percorso)
    destinazione = _cartella(corso) / f"partecipanti-{compito}{percorso.suffix.lower() or '.csv'}"
    destinazione.parent.mkdir(parents=True, exist_ok=True)
    for vecchio in _cartella(corso).glob(f"partecipanti-{compito}.*"):
        if vecchio != destinazione:
            vecchio.unlink()
    if percorso.resolve() != destinazione.resolve():
        shutil.copy2(percorso, destinazione)
    return elenco


def partecipanti_salvati(corso, compito: str) -> dict[str, dict]:
    """L'elenco dei partecipanti di ``compito`` conservato nel corso (vuoto se non c'è)."""
    for percorso in sorted(_cartella(corso).glob(f"partecipanti-{compito}.*")):
        return leggi_partecipanti(percorso)
    return {}


def tutte_le_email(corso) -> set[str] | None:
    """Le e-mail di tutti gli elenchi dei partecipanti conservati (``None`` se non ce n'è nessuno con le e-mail)."""
    email: set[str] = set()
    trovato = False
    for percorso in sorted(_cartella(corso).glob("partecipanti-*.*")):
        elenco = leggi_partecipanti(percorso)
        if any(p["email"] for p in elenco.values()):
            trovato = True
            email |= {p["email"] for p in elenco.values() if p["email"]}
    return email if trovato else None


# --- chi è chi ---------------------------------------------------------------------------------

@dataclass
class Riconoscimento:
    """Come si è riconosciuto un file di Moodle: il corsista (o None), come, e i problemi che fermano la raccolta."""

    studente: str | None
    come: str = ""
    problema: str = ""
    fuori_elenco: bool = False
    note: list[str] = field(default_factory=list)


class IndiceCorsisti:
    """I corsisti di ``corsisti.csv`` per nome, e-mail e ``moodle_id``."""

    def __init__(self, corsisti: list[dict]):
        self.per_nome: dict[str, set[str]] = {}
        self.per_email: dict[str, str] = {}
        self.per_numero: dict[str, str] = {}
        for r in corsisti:
            for nome in (f"{r.get('nome', '')} {r.get('cognome', '')}", f"{r.get('cognome', '')} {r.get('nome', '')}"):
                if normalizza_nome(nome):
                    self.per_nome.setdefault(normalizza_nome(nome), set()).add(r["id"])
            if r.get("email"):
                self.per_email[r["email"].strip().lower()] = r["id"]
            if r.get("moodle_id"):
                self.per_numero[r["moodle_id"].strip().lstrip("0") or "0"] = r["id"]

    def nome(self, nome: str) -> str | None:
        trovati = self.per_nome.get(normalizza_nome(nome), set())
        return next(iter(trovati)) if len(trovati) == 1 else None


def riconosci(nome_completo: str, numero: str, corsisti: list[dict], partecipanti: dict[str, dict],
              *, indice: IndiceCorsisti | None = None) -> Riconoscimento:
    """Chi ha consegnato il file ``<nome_completo>_<numero>_…``: nome e numero devono indicare la stessa persona.

    >>> elenco = [{"id": "ada", "nome": "Ada", "cognome": "Rossi", "email": "ada@example.org"},
    ...           {"id": "bea", "nome": "Bea", "cognome": "Verdi", "email": "bea@example.org"}]
    >>> riconosci("Ada Rossi", "7", elenco, {}).studente
    'ada'
    >>> riconosci("Partecipante", "7", elenco, {"7": {"nome_completo": "", "email": "bea@example.org"}}).studente
    'bea'
    >>> print(riconosci("Ada Rossi", "7", elenco, {"7": {"nome_completo": "Bea Verdi", "email": "bea@example.org"}}).problema)
    il nome nello zip è «Ada Rossi» (ada), ma il partecipante 7 è bea secondo l'elenco dei partecipanti di Moodle
    """
    indice = indice or IndiceCorsisti(corsisti)
    numero = numero.lstrip("0") or "0"
    senza_nome = anonimo(nome_completo)
    per_nome = None if senza_nome else indice.nome(nome_completo)
    per_numero, fonte, chi = None, "", ""
    if numero in partecipanti:
        p = partecipanti[numero]
        fonte = "l'elenco dei partecipanti di Moodle"
        per_numero = indice.per_email.get(p["email"]) or (indice.nome(p["nome_completo"]) if p["nome_completo"] else None)
        chi = per_numero or p["email"] or p["nome_completo"]
        if not senza_nome and p["nome_completo"] and normalizza_nome(p["nome_completo"]) != normalizza_nome(nome_completo) \
                and per_numero != per_nome:
            return Riconoscimento(None, problema=f"il nome nello zip è «{nome_completo}» ({per_nome or 'non in elenco'}), "
                                                 f"ma il partecipante {numero} è {chi} secondo {fonte}")
    elif numero in indice.per_numero:
        per_numero, fonte = indice.per_numero[numero], "la colonna moodle_id di corsisti.csv"
        chi = per_numero
    if per_nome and per_numero and per_nome != per_numero:
        return Riconoscimento(None, problema=f"il nome nello zip è «{nome_completo}» ({per_nome}), ma il partecipante "
                                             f"{numero} è {chi} secondo {fonte}")
    if per_nome:
        return Riconoscimento(per_nome, "dal nome" + (" e dal numero" if per_numero else ""))
    if per_numero:
        nota = [] if senza_nome else [f"«{nome_completo}» non è in corsisti.csv: riconosciuto dal numero di partecipante "
                                      f"{numero} ({fonte})"]
        return Riconoscimento(per_numero, "dal numero di partecipante", note=nota)
    if senza_nome:
        if numero in partecipanti:
            p = partecipanti[numero]
            ripiego = identificativo(p["email"].split("@")[0] if p["email"] else p["nome_completo"])
            return Riconoscimento(ripiego, "dal numero di partecipante", fuori_elenco=True)
        return Riconoscimento(None, problema=f"consegna anonima (Partecipante {numero}) e il numero non è nell'elenco "
                                             "dei partecipanti")
    return Riconoscimento(identificativo(nome_completo), "dal nome", fuori_elenco=True)


# --- i numeri di partecipante delle consegne raccolte e lo zip dei riscontri ---------------------

def _consegne(corso, compito: str) -> Path:
    return _cartella(corso) / f"consegne-{compito}.json"


def registra_consegne_moodle(corso, compito: str, voci: dict[str, dict]) -> None:
    """Ricorda, per corsista, numero di partecipante e nome come li scrive Moodle (servono allo zip dei riscontri)."""
    if not voci:
        return
    registro = leggi_json(_consegne(corso, compito), vuoto={})
    registro.update(voci)
    scrivi_json(_consegne(corso, compito), registro)


def consegne_moodle(corso, compito: str) -> dict[str, dict]:
    """``{corsista: {"numero", "nome_completo"}}`` delle consegne arrivate da Moodle per ``compito``."""
    return leggi_json(_consegne(corso, compito), vuoto={})


def zip_riscontri(corso, compito: str, studenti, *, destinazione=None) -> tuple[Path | None, list[str]]:
    """Lo zip dei riscontri da caricare in Moodle («Carica più file di feedback in un file zip»).

    Ogni pagina si chiama come Moodle si aspetta: ``<nome come nello zip>_<numero>_assignfeedback_file_riscontro-<compito>.html``.
    Restituisce il percorso (``None`` se non c'è nulla da mettere) e i corsisti lasciati fuori perché
    la loro consegna non è arrivata da Moodle.
    """
    numeri = consegne_moodle(corso, compito)
    fuori, voci = [], []
    for studente in studenti:
        pagina = corso.pagina_feedback(studente, compito)
        if studente not in numeri or not pagina.exists():
            fuori.append(studente)
            continue
        nome = numeri[studente]["nome_completo"].replace("_", " ")
        voci.append((f"{nome}_{numeri[studente]['numero']}_assignfeedback_file_riscontro-{compito}.html", pagina))
    if not voci:
        return None, fuori
    destinazione = Path(destinazione) if destinazione else corso.esportazioni / f"riscontri-moodle-{compito}.zip"
    destinazione.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(destinazione, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for nome, pagina in voci:
            z.write(pagina, nome)
    return destinazione, fuori
