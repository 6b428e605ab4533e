"""Raccolta e riscontri di nbgrader con lo scambio «per utente» del hub su Kubernetes.

Su Kubernetes (``hub/helm/valori.yaml``) ogni corsista monta solo la sua sottocartella dello scambio:
le sue consegne finiscono in ``<scambio>/<corso>/inbound/<nome>/``, i suoi riscontri si leggono da
``<scambio>/<corso>/feedback/<nome>/``. Il formatore monta tutto lo scambio; con queste due classi,
indicate nella configurazione di nbgrader del hub (``c.ExchangeFactory.collect`` e
``c.ExchangeFactory.release_feedback``), ``nbgrader collect`` e ``nbgrader release_feedback`` lavorano
su quelle sottocartelle.

Regole di sicurezza della raccolta (le consegne sono file di chi non è fidato):

- una consegna conta solo se sta nella cartella del corsista che dichiara di essere: chi scrive
  ``mario+compito+…`` nella cartella di ``anna`` viene rifiutato e segnalato;
- i collegamenti simbolici non si seguono mai (potrebbero puntare alla consegna di un altro nel disco
  del formatore): il file viene saltato e segnalato.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import stat
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.utils import notebook_hash, parse_utc


class RaccoltaPerUtente(ExchangeCollect):
    """``nbgrader collect`` che legge ``inbound/<nome>/<nome>+<compito>+<quando>+…``."""

    def init_src(self):
        if not self.coursedir.course_id:
            self.fail("Manca il corso: indica --course oppure CourseDirectory.course_id.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Non trovo le consegne del corso in {self.inbound_path}.")
        self.rifiutate: list[str] = []
        compito = self.coursedir.assignment_id
        richiesto = self.coursedir.student_id if self.coursedir.student_id not in ("", "*") else None
        consegne: dict[str, list[dict]] = {}
        for cartella in sorted(Path(self.inbound_path).iterdir()):
            if cartella.is_symlink() or not cartella.is_dir():
                self._rifiuta(f"{cartella.name}: non è una cartella di un corsista")
                continue
            nome = cartella.name
            if richiesto and nome != richiesto:
                continue
            for consegna in sorted(cartella.iterdir()):
                parti = consegna.name.rsplit("+", 3)
                if len(parti) < 3 or parti[1] != compito:
                    continue
                if parti[0] != nome:
                    self._rifiuta(f"consegna «{consegna.name}» nella cartella di {nome}: dichiara di essere "
                                  f"di {parti[0]}. Rifiutata (tentativo di consegnare a nome di un altro?)")
                    continue
                if consegna.is_symlink() or not consegna.is_dir():
                    self._rifiuta(f"«{nome}/{consegna.name}» non è una cartella: rifiutata")
                    continue
                try:
                    quando = parse_utc(parti[2])
                except Exception:
                    self._rifiuta(f"«{nome}/{consegna.name}»: data di consegna illeggibile, rifiutata")
                    continue
                consegne.setdefault(nome, []).append(
                    {"username": nome, "filename": f"{nome}/{consegna.name}", "timestamp": quando})

        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(compito).duedate
            except MissingEntry:
                self.duedate = None
        self.src_records = []
        for elenco in consegne.values():
            elenco = self._sort_by_timestamp(elenco)
            if self.duedate is not None and self.before_duedate:
                in_tempo = [r for r in elenco if r["timestamp"] <= self.duedate]
                elenco = in_tempo or elenco
            self.src_records.append(elenco[0])
        # la cartella dice chi è il corsista: il confronto con il proprietario del file di nbgrader
        # (nomi Unix) non serve e sui pod, senza utenti in /etc/passwd, darebbe solo falsi allarmi
        self.check_owner = False

    def _rifiuta(self, motivo: str) -> None:
        self.rifiutate.append(motivo)
        self.log.warning("Scambio dei compiti: %s", motivo)

    def do_copy(self, src, dest, log=None):
        """Copia la consegna senza seguire i collegamenti simbolici (saltati e segnalati)."""
        ignora = shutil.ignore_patterns(*self.coursedir.ignore)
        massimo = self.coursedir.max_file_size * 1000 if self.coursedir.max_file_size else None
        for cartella, sottocartelle, file in os.walk(src):
            relativa = os.path.relpath(cartella, src)
            os.makedirs(os.path.join(dest, relativa), exist_ok=True)
            saltati = ignora(cartella, sottocartelle + file)
            for nome in list(sottocartelle):
                percorso = os.path.join(cartella, nome)
                if nome in saltati or os.path.islink(percorso):
                    sottocartelle.remove(nome)
                    if os.path.islink(percorso):
                        self._rifiuta(f"collegamento simbolico {os.path.relpath(percorso, self.inbound_path)} "
                                      "nella consegna: non seguito")
            for nome in file:
                if nome in saltati:
                    continue
                self._copia_file(os.path.join(cartella, nome), os.path.join(dest, relativa, nome), massimo)

    def _copia_file(self, origine: str, destinazione: str, massimo: int | None) -> None:
        relativo = os.path.relpath(origine, self.inbound_path)
        try:
            sorgente = os.open(origine, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            self._rifiuta(f"{relativo}: collegamento simbolico o file illeggibile, non copiato")
            return
        with os.fdopen(sorgente, "rb") as leggi:
            info = os.fstat(leggi.fileno())
            if not stat.S_ISREG(info.st_mode):
                self._rifiuta(f"{relativo}: non è un file normale, non copiato")
                return
            if massimo is not None and info.st_size > massimo:
                self._rifiuta(f"{relativo}: più grande di {massimo // 1000} kB, non copiato")
                return
            with open(destinazione, "wb") as scrivi:
                shutil.copyfileobj(leggi, scrivi)


class RiscontriPerUtente(ExchangeReleaseFeedback):
    """``nbgrader release_feedback`` che scrive in ``feedback/<nome>/<codice>.html``."""

    def init_dest(self):
        if not self.coursedir.course_id:
            self.fail("Manca il corso: indica --course oppure CourseDirectory.course_id.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.outbound_feedback_path = self.dest_path = os.path.join(self.course_path, "feedback")
        if not os.path.isdir(self.dest_path):
            self.fail(f"Non trovo la cartella dei riscontri {self.dest_path} (la prepara il hub quando parte).")

    def copy_files(self):
        esclusi = set(filter(None, (self.coursedir.student_id_exclude or "").split(",")))
        schema = re.escape(os.sep).join([
            self.coursedir.format_path(self.coursedir.feedback_directory, "(?P<studente>[^/]+)",
                                       self.coursedir.assignment_id, escape=True),
            r"(?P<notebook>[^/]+)\.html",
        ])
        for html in map(Path, sorted(glob.glob(os.path.join(self.src_path, "*.html")))):
            trovato = re.fullmatch(schema, str(html))
            if trovato is None or trovato["studente"] in esclusi:
                continue
            studente, notebook = trovato["studente"], trovato["notebook"]
            cartella = Path(self.dest_path) / studente
            if cartella.is_symlink() or not cartella.is_dir():
                self.log.warning("Riscontro di %s non consegnato: la sua cartella %s non c'è ancora "
                                 "(si crea al primo avvio del suo server).", studente, cartella)
                continue
            segreto = (html.parent / "submission_secret.txt").read_text()
            codice = notebook_hash(secret=segreto, notebook_id=notebook)
            provvisorio = cartella / f"{codice}-nuovo.html"
            shutil.copyfile(html, provvisorio)
            os.replace(provvisorio, cartella / f"{codice}.html")
            self.log.info("Riscontro di %s per %s/%s consegnato.", studente, self.coursedir.assignment_id, notebook)
