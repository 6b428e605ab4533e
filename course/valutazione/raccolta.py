"""Raccogliere le consegne: da una cartella, dallo zip «Scarica tutte le consegne» di Moodle o dall'exchange di nbgrader.

L'algoritmo, un passo per riga:

1. si leggono tutti i file dell'origine, con la loro data (quella che Moodle scrive nello zip, la data
   del file o quella dell'exchange);
2. si riconosce chi ha consegnato: nome e numero di partecipante di Moodle insieme
   (:mod:`~course.valutazione.moodle`); se non indicano la stessa persona, o lo zip è anonimo senza
   l'elenco dei partecipanti, ci si ferma **prima di scrivere qualunque cosa**;
3. ogni notebook deve essere del compito indicato (:mod:`~course.valutazione.versioni`): se nessuno lo
   è, ci si ferma; i notebook di altri compiti si ignorano e si dice quali;
4. ogni file consegnato viene **archiviato intatto** con il suo SHA-256 (:mod:`~course.valutazione.archivio`);
5. per ogni corsista si sceglie il notebook più recente e lo si confronta con la consegna già raccolta:
   nuova, cambiata, invariata o più vecchia (che di norma **non** sostituisce la più recente);
6. una consegna cambiata sostituisce la vecchia in ``submitted/<corsista>/<compito>/<compito>.ipynb``
   (dove nbgrader se la aspetta) e diventa «da ricorreggere»; le risposte aperte cambiate riaprono il
   loro voto (:func:`~course.valutazione.aperte.riapri_cambiate`, il voto di prima resta nello storico);
7. la raccolta si annota nel diario, da cui ``annulla_raccolta`` la può disfare.

>>> identificativo("Maria Grazia D'Amato")
'maria.grazia.damato'
>>> moodle("Mario Rossi_123456_assignsubmission_file_/compito.ipynb")
('Mario Rossi', '123456', 'compito.ipynb')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path, PurePosixPath

from dateutil import parser as date_parser
from dateutil import tz as date_tz

from course import formato
from course.errori import ErroreCorso
from course.valutazione.archivio import Consegna, archivia, carica_originale, registro_archivio
from course.valutazione.corso import STUDENTE_VALIDO, leggi_json, scrivi_json
from course.valutazione.moodle import identificativo, moodle

__all__ = ["Consegna", "raccogli", "archivia", "identificativo", "moodle", "registro_archivio", "carica_originale",
           "timestamp_nbgrader", "descrivi_raccolta"]

_MASSIMO_FILE = 50 * 1024 * 1024


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


def _momento_o_inizio(quando: str) -> dt.datetime:
    try:
        return _momento(quando) if quando else dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    except (ValueError, OverflowError):
        return dt.datetime.min.replace(tzinfo=dt.timezone.utc)


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


def _quando_leggibile(quando: str) -> str:
    if not quando:
        return "data sconosciuta"
    momento = _momento_o_inizio(quando).astimezone()
    return f"{formato.data(momento.date())} {momento:%H:%M}"


# --- 1. leggere l'origine ----------------------------------------------------------------------

def _da_zip(percorso: Path) -> list[Consegna]:
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
                nome_completo, numero, file = dati_moodle
                consegne.append(Consegna("", file, archivio.read(info), f"moodle:{percorso.name}", quando, nome_completo,
                                         numero=numero))
            else:
                parti = PurePosixPath(nome).parts
                chiave = parti[0] if len(parti) > 1 else PurePosixPath(nome).stem
                consegne.append(Consegna(chiave, PurePosixPath(nome).name, archivio.read(info), f"zip:{percorso.name}", quando))
    return consegne


def _da_cartella(cartella: Path) -> list[Consegna]:
    consegne = []
    for f in sorted(cartella.rglob("*")):
        if not f.is_file() or f.name.startswith(".") or ".ipynb_checkpoints" in f.parts or f.stat().st_size > _MASSIMO_FILE:
            continue
        relativo = f.relative_to(cartella).as_posix()
        quando = dt.datetime.fromtimestamp(f.stat().st_mtime).isoformat(timespec="seconds")
        dati_moodle = moodle(relativo)
        if dati_moodle:
            nome_completo, numero, file = dati_moodle
            consegne.append(Consegna("", file, f.read_bytes(), f"moodle:{cartella.name}", quando, nome_completo, numero=numero))
            continue
        parti = PurePosixPath(relativo).parts
        chiave = parti[0] if len(parti) > 1 else f.stem
        consegne.append(Consegna(chiave, f.name, f.read_bytes(), f"cartella:{cartella.name}", quando))
    return consegne


def _da_exchange(radice: Path, compito: str, *, controlla_proprietari: bool = True):
    """Le consegne più recenti di ogni corsista in ``<exchange>/<corso>/inbound`` (formato di nbgrader).

    Con ``controlla_proprietari`` una consegna conta solo se i suoi file appartengono davvero al corsista
    del nome (vedi :mod:`course.valutazione.scambio`): le altre finiscono tra le rifiutate, con il motivo,
    e non nascondono la consegna vera. Restituisce ``(consegne, rifiutate)``.
    """
    from course.valutazione.scambio import problemi_consegna

    ultime: dict[str, tuple[dt.datetime, str, Path]] = {}
    rifiutate = []
    for inbound in sorted(radice.glob("*/inbound")):
        for d in sorted(inbound.iterdir()):
            parti = d.name.split("+")
            if len(parti) < 3 or parti[1] != compito:
                continue
            studente, quando = parti[0], parti[2]
            try:
                momento = _momento(quando)
            except (ValueError, OverflowError):
                rifiutate.append({"cartella": d.name, "studente": studente,
                                  "motivi": [f"la data «{quando}» nel nome della cartella non è leggibile"]})
                continue
            motivi = problemi_consegna(d, studente) if controlla_proprietari else []
            if not d.is_dir() or d.is_symlink():
                motivi = motivi or [f"«{d.name}» non è una cartella"]
            if motivi:
                rifiutate.append({"cartella": d.name, "studente": studente, "motivi": motivi})
                continue
            if studente not in ultime or momento > ultime[studente][0]:
                ultime[studente] = (momento, quando, d)
    consegne = []
    for studente, (_, quando, d) in sorted(ultime.items()):
        for f in sorted(d.rglob("*")):
            if f.is_file() and not f.is_symlink() and ".ipynb_checkpoints" not in f.parts and f.stat().st_size <= _MASSIMO_FILE:
                consegne.append(Consegna(studente, f.relative_to(d).as_posix(), f.read_bytes(), f"exchange:{d.name}", quando))
    return consegne, rifiutate


# --- 2. chi ha consegnato -----------------------------------------------------------------------

def _mappa_corsisti(corsisti: list[dict]) -> dict:
    mappa = {}
    for r in corsisti:
        ident = r["id"]
        for chiave in (r.get("id"), r.get("email"), r.get("username"),
                       f"{r.get('nome', '')} {r.get('cognome', '')}".strip(),
                       f"{r.get('cognome', '')} {r.get('nome', '')}".strip()):
            if chiave:
                mappa[identificativo(chiave)] = ident
                mappa[chiave] = ident
    return mappa


def _studente(chiave: str, mappa) -> str:
    if chiave in mappa or identificativo(chiave) in mappa:
        return mappa.get(chiave) or mappa[identificativo(chiave)]
    return chiave if STUDENTE_VALIDO.match(chiave) else identificativo(chiave)


def _riconosci_tutti(consegne: list[Consegna], corsisti: list[dict], partecipanti: dict, compito: str, origine) -> list[str]:
    """Assegna ogni file al suo corsista; si ferma (prima di scrivere) se nome e numero non vanno d'accordo."""
    from course.valutazione.moodle import IndiceCorsisti, riconosci

    mappa, indice = _mappa_corsisti(corsisti), IndiceCorsisti(corsisti)
    problemi, anonimi, note, visti = [], [], [], set()
    for c in consegne:
        if not c.numero:
            c.studente = _studente(c.studente, mappa)
            continue
        r = riconosci(c.nome_completo, c.numero, corsisti, partecipanti, indice=indice)
        chiave = (c.nome_completo, c.numero)
        if r.problema:
            if chiave not in visti:
                (anonimi if "anonima" in r.problema else problemi).append(r.problema)
            visti.add(chiave)
            continue
        c.studente = r.studente
        if chiave not in visti:
            note += r.note
        visti.add(chiave)
    if anonimi:
        raise ErroreCorso(
            f"Lo zip {Path(origine).name} è anonimo (valutazione anonima di Moodle: «Partecipante_NNN_…», "
            f"{len(anonimi)} consegne): al posto del nome c'è solo il numero di partecipante. Per sapere chi è chi "
            "serve l'elenco dei partecipanti di questo compito, con il numero e l'e-mail (o il nome): in Moodle è il "
            "foglio di valutazione del compito. Poi rilancia: «ambiti-lab valuta raccogli "
            f"{compito} {origine} --partecipanti FOGLIO.csv». Non ho raccolto nulla.")
    if problemi:
        raise ErroreCorso(
            f"Mi fermo: in {len(problemi)} consegne il nome e il numero di partecipante indicano due persone diverse, e "
            "non voglio dare il file di una persona a un'altra. " + "; ".join(problemi) + ". Il numero nello zip è il "
            "numero di partecipante che Moodle dà in questo compito (non l'id dell'utente, e cambia da un compito "
            "all'altro): se la colonna moodle_id di corsisti.csv contiene altri numeri, toglila o correggila; con "
            "--partecipanti indica l'elenco dei partecipanti di questo compito. Non ho raccolto nulla.")
    return note


# --- 5. scegliere e confrontare ------------------------------------------------------------------

def _scegli(compito: str, notebook: list[Consegna], scelta: str | None) -> tuple[Consegna, list[tuple[str, str]]]:
    """Il notebook da correggere tra quelli di un corsista, e gli altri con il motivo per cui restano fuori."""
    from course.valutazione.versioni import numero_copia, ordina_versioni

    if scelta:
        indicati = [c for c in notebook if c.file == scelta or PurePosixPath(c.file).name == scelta]
        if not indicati:
            raise ErroreCorso(f"Con --scegli hai indicato «{scelta}», ma tra i file di {notebook[0].studente} non c'è: "
                              f"ci sono {', '.join(c.file for c in notebook)}.")
        scelto = indicati[0]
        return scelto, [(c.file, f"hai scelto «{scelto.file}»") for c in notebook if c is not scelto]
    ordinati = ordina_versioni(notebook, lambda c: _momento_o_inizio(c.quando), compito)
    scelto = ordinati[-1]
    altri = []
    for c in ordinati[:-1]:
        if _momento_o_inizio(c.quando) < _momento_o_inizio(scelto.quando):
            motivo = f"più vecchio ({_quando_leggibile(c.quando)}) di «{scelto.file}» ({_quando_leggibile(scelto.quando)})"
        elif numero_copia(c.file) < numero_copia(scelto.file):
            motivo = (f"stessa data di «{scelto.file}», che è la copia più recente: se non è quella giusta usa "
                      f"--scegli {scelto.studente}={c.file}")
        else:
            motivo = f"stessa data di «{scelto.file}»: se non è quella giusta usa --scegli {scelto.studente}={c.file}"
        altri.append((c.file, motivo))
    return scelto, altri


def raccogli(corso, compito: str, origine, *, partecipanti=None, accetta_vecchie: bool = False,
             scegli: dict[str, str] | None = None, controlla_proprietari: bool = True) -> dict:
    """Raccoglie le consegne di ``compito`` da ``origine`` (cartella, zip di Moodle o cartella dell'exchange).

    ``partecipanti``: l'elenco dei partecipanti di Moodle per questo compito (per gli zip anonimi e per
    controllare i numeri; resta nel corso per le volte dopo); ``accetta_vecchie``: sostituisce anche con
    consegne più vecchie di quelle già raccolte; ``scegli``: ``{corsista: file}`` per indicare quale
    notebook correggere quando un corsista ne ha consegnati più d'uno; ``controlla_proprietari``: dall'exchange
    di un hub d'aula si prendono solo le consegne i cui file appartengono al corsista del nome (``False``
    solo dove tutti consegnano con lo stesso utente di sistema); le altre sono rifiutate ed elencate anche
    in ``archivio/<compito>/rifiutate.json``.

    Restituisce ``{"raccolti", "nuove", "cambiate", "invariate", "piu_vecchie", "senza_notebook",
    "fuori_elenco", "altro_compito", "riaperte", "dettagli", "note", "rifiutati"}``; ``dettagli`` dice per ogni
    corsista che cosa è successo (file scelto, file ignorati e perché).
    """
    from course.valutazione.aperte import celle_aperte, riapri_cambiate, risposte_aperte
    from course.valutazione.moodle import partecipanti_salvati, registra_consegne_moodle, salva_partecipanti
    from course.valutazione.versioni import annota_raccolta, celle_dei_compiti, compito_del_notebook

    corso.controlla_compito(compito)
    origine = Path(origine)
    if not origine.exists():
        raise ErroreCorso(f"Non trovo {origine}: indica una cartella, uno zip scaricato da Moodle o l'exchange di nbgrader.")
    elenco_moodle = salva_partecipanti(corso, compito, partecipanti) if partecipanti else partecipanti_salvati(corso, compito)
    rifiutati = []
    if origine.is_file():
        consegne = _da_zip(origine)
    elif any(origine.glob("*/inbound")):
        consegne, rifiutati = _da_exchange(origine, compito, controlla_proprietari=controlla_proprietari)
    else:
        consegne = _da_cartella(origine)
    corsisti = corso.corsisti()
    note = _riconosci_tutti(consegne, corsisti, elenco_moodle, compito, origine)

    celle = celle_dei_compiti(corso)
    per_compito = {id(c): compito_del_notebook(c.contenuto, celle) for c in consegne if c.file.lower().endswith(".ipynb")}
    altri_compiti = sorted({v for v in per_compito.values() if v and v != compito})
    if per_compito and altri_compiti and not any(v in (compito, None) for v in per_compito.values()):
        raise ErroreCorso(
            f"In {origine.name} non c'è nessun notebook di {compito}: i notebook sono di {', '.join(altri_compiti)}. "
            f"Hai scelto il compito giusto? Ad esempio: «ambiti-lab valuta raccogli {altri_compiti[0]} {origine}». "
            "Non ho raccolto nulla.")

    per_studente: dict[str, list[Consegna]] = {}
    for c in consegne:
        per_studente.setdefault(c.studente, []).append(c)
    ids = {r["id"] for r in corsisti}
    esito = {"raccolti": [], "nuove": [], "cambiate": [], "invariate": [], "piu_vecchie": [], "senza_notebook": [],
             "fuori_elenco": [], "altro_compito": {}, "riaperte": [], "dettagli": {}, "note": note,
             "rifiutati": rifiutati}
    if rifiutati:
        archiviate = leggi_json(corso.archivio(compito) / "rifiutate.json", vuoto=[])
        adesso = dt.datetime.now().isoformat(timespec="seconds")
        nuove = [{**r, "visto": adesso} for r in rifiutati if r["cartella"] not in {a["cartella"] for a in archiviate}]
        scrivi_json(corso.archivio(compito) / "rifiutate.json", archiviate + nuove)
    diario = {"quando": dt.datetime.now().isoformat(timespec="seconds"), "origine": str(origine.resolve()),
              "corsisti": {}, "riaperte": []}
    aperte = celle_aperte(corso, compito)
    numeri_moodle = {}
    for studente, file in sorted(per_studente.items()):
        for c in file:
            archivia(corso, compito, c)
        dettaglio = {"esito": "", "file": "", "ignorati": [], "note": []}
        esito["dettagli"][studente] = dettaglio
        notebook = []
        for c in file:
            if not c.file.lower().endswith(".ipynb"):
                dettaglio["ignorati"].append((c.file, "non è un notebook"))
            elif per_compito.get(id(c)) not in (compito, None):
                dettaglio["ignorati"].append((c.file, f"è un notebook di {per_compito[id(c)]}, non di {compito}"))
                esito["altro_compito"].setdefault(studente, []).append((c.file, per_compito[id(c)]))
            else:
                notebook.append(c)
        if not notebook:
            dettaglio["esito"] = "senza notebook"
            esito["senza_notebook"].append(studente)
            continue
        scelto, scartati = _scegli(compito, notebook, (scegli or {}).get(studente))
        dettaglio["ignorati"] += scartati
        dettaglio["file"] = scelto.file
        if scelto.numero:
            numeri_moodle[studente] = {"numero": scelto.numero, "nome_completo": scelto.nome_completo}
        if ids and studente not in ids:
            esito["fuori_elenco"].append(studente)
        destinazione = corso.sottomesso(studente, compito)
        timestamp = destinazione.parent / "timestamp.txt"
        quando = scelto.quando or dt.datetime.now().isoformat(timespec="seconds")
        if destinazione.exists():
            attuale = destinazione.read_bytes()
            quando_attuale = timestamp.read_text(encoding="utf-8").strip() if timestamp.exists() else ""
            if hashlib.sha256(attuale).hexdigest() == scelto.sha256:
                dettaglio["esito"] = "invariata"
                esito["invariate"].append(studente)
                esito["raccolti"].append(studente)
                continue
            if quando_attuale and _momento_o_inizio(quando) < _momento_o_inizio(quando_attuale) and not accetta_vecchie:
                dettaglio["esito"] = "più vecchia"
                dettaglio["note"].append(f"«{scelto.file}» ({_quando_leggibile(quando)}) è più vecchia della consegna già "
                                         f"raccolta ({_quando_leggibile(quando_attuale)}): tengo quella (per sostituirla: "
                                         "--accetta-vecchie)")
                esito["piu_vecchie"].append(studente)
                continue
            prima = archivia(corso, compito, Consegna(studente, f"{compito}.ipynb", attuale, "submitted (prima della raccolta)",
                                                      quando_attuale))
            dettaglio["esito"] = "cambiata"
            esito["cambiate"].append(studente)
            riaperte = riapri_cambiate(corso, compito, studente, risposte_aperte(_json(attuale), aperte),
                                       risposte_aperte(_json(scelto.contenuto), aperte),
                                       motivo=f"nuova consegna raccolta il {formato.data(dt.date.today())}")
            if riaperte:
                dettaglio["note"].append("risposte aperte cambiate, voto riaperto (il precedente resta nello storico): "
                                         + ", ".join(v["grade_id"] for v in riaperte))
                esito["riaperte"] += [(studente, v["grade_id"]) for v in riaperte]
                diario["riaperte"] += riaperte
            diario["corsisti"][studente] = {"prima": {**prima, "timestamp": quando_attuale}, "dopo": scelto.sha256}
        else:
            dettaglio["esito"] = "nuova"
            esito["nuove"].append(studente)
            diario["corsisti"][studente] = {"prima": None, "dopo": scelto.sha256}
        destinazione.parent.mkdir(parents=True, exist_ok=True)
        destinazione.write_bytes(scelto.contenuto)
        timestamp.write_text(timestamp_nbgrader(quando), encoding="utf-8")
        esito["raccolti"].append(studente)
    registra_consegne_moodle(corso, compito, numeri_moodle)
    if diario["corsisti"]:
        annota_raccolta(corso, compito, diario)
    return esito


def _json(contenuto: bytes):
    import json

    try:
        return json.loads(contenuto.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None


def descrivi_raccolta(esito: dict, compito: str) -> str:
    """Il resoconto della raccolta per il terminale: i totali e, per corsista, ciò che è successo e perché."""
    def quante(chiave, una, tante):
        n = len(esito[chiave])
        return f"{n} {una if n == 1 else tante}"

    righe = [f"Raccolta di {compito}: {quante('nuove', 'consegna nuova', 'consegne nuove')}, "
             f"{quante('cambiate', 'cambiata', 'cambiate')} (da ricorreggere), {quante('invariate', 'invariata', 'invariate')}, "
             f"{quante('piu_vecchie', 'più vecchia di quella già raccolta (ignorata)', 'più vecchie di quelle già raccolte (ignorate)')}, "
             f"{len(esito['senza_notebook'])} senza notebook."]
    for studente, d in sorted(esito["dettagli"].items()):
        if d["esito"] == "invariata" and not d["ignorati"]:
            continue
        riga = f"  {studente:<24} {d['esito']}"
        if d["file"]:
            riga += f": {d['file']}"
        righe.append(riga)
        righe += [f"      ignorato {f}: {motivo}" for f, motivo in d["ignorati"]]
        righe += [f"      ⚠ {n}" for n in d["note"]]
    righe += [f"⚠ {n}" for n in esito["note"]]
    if esito.get("rifiutati"):
        righe.append(f"⚠ Consegne RIFIUTATE ({len(esito['rifiutati'])}): i file non appartengono al corsista del nome, "
                     "quindi non si possono attribuire (elenco anche in archivio/<compito>/rifiutate.json).")
        righe += [f"   - «{r['cartella']}» a nome di {r['studente']}: {'; '.join(r['motivi'])}" for r in esito["rifiutati"]]
    if esito["fuori_elenco"]:
        righe.append(f"⚠ Non presenti in corsisti.csv: {', '.join(esito['fuori_elenco'])}")
    if esito["senza_notebook"]:
        righe.append(f"⚠ Senza notebook: {', '.join(esito['senza_notebook'])}")
    da_correggere = esito["nuove"] + esito["cambiate"]
    if da_correggere:
        quali = "".join(f" --studente {s}" for s in sorted(da_correggere)) if len(da_correggere) <= 5 else ""
        righe.append(f"Poi: «ambiti-lab valuta correggi {compito}{quali}»"
                     + (" (solo le consegne nuove o cambiate)" if quali else "")
                     + f". Per annullare questa raccolta: «ambiti-lab valuta raccogli {compito} --annulla».")
    return "\n".join(righe)
