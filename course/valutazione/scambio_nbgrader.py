"""Consegna e raccolta di nbgrader sul hub d'aula, con le regole di :mod:`course.valutazione.scambio`.

Si attivano dalla configurazione di nbgrader del hub (``hub/config-corsisti/nbgrader_config.py``):

- :class:`ConsegnaProtetta` (corsisti): nbgrader lascia la cartella della consegna aperta a tutti
  (``0777``, per permettere al formatore di cancellarla); qui diventa ``0750`` e i file ``0640``,
  con il gruppo dei formatori ereditato da ``inbound``: la leggono solo l'autore e il formatore;
- :class:`RaccoltaControllata` (formatore): ``nbgrader collect`` e il formgrader scartano, con un
  messaggio in italiano, le consegne i cui file non appartengono al corsista del nome, e prendono
  l'ultima consegna **valida** di ciascuno.

Importa nbgrader: la configurazione la carica solo nei server del hub.
"""

from __future__ import annotations

import os
from collections import defaultdict
from glob import glob

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.submit import ExchangeSubmit

from course.valutazione.scambio import problemi_consegna

__all__ = ["ConsegnaProtetta", "RaccoltaControllata"]


class ConsegnaProtetta(ExchangeSubmit):
    """``nbgrader submit`` che lascia la consegna leggibile solo dal suo autore e dal formatore."""

    def copy_files(self):
        super().copy_files()
        # nbgrader ha appena reso la cartella 0777: la si richiude subito. Il nome (data al microsecondo
        # e parte casuale) non si vede da fuori perché inbound non è leggibile dai corsisti; un file
        # infilato nel frattempo da altri avrebbe un altro proprietario e la raccolta lo rifiuterebbe.
        cartella = os.path.join(self.inbound_path, self.assignment_filename)
        for base, cartelle, file in os.walk(cartella):
            for nome in file:
                os.chmod(os.path.join(base, nome), 0o640)
            for nome in cartelle:
                os.chmod(os.path.join(base, nome), 0o750)
        os.chmod(cartella, 0o750)


class RaccoltaControllata(ExchangeCollect):
    """``nbgrader collect`` che accetta solo consegne i cui file sono del corsista del nome."""

    def init_src(self):
        super().init_src()
        studente = self.coursedir.student_id or "*"
        modello = os.path.join(self.inbound_path, f"{studente}+{self.coursedir.assignment_id}+*")
        valide = defaultdict(list)
        for percorso in glob(modello):
            voce = self._path_to_record(percorso)
            motivi = problemi_consegna(percorso, voce["username"])
            if motivi:
                self.log.error("Consegna RIFIUTATA «%s» a nome di %s: %s", voce["filename"], voce["username"],
                               "; ".join(motivi))
                continue
            valide[voce["username"]].append(voce)
        self.src_records = [self._scegli(voci) for voci in valide.values()]

    def _scegli(self, voci: list[dict]) -> dict:
        """L'ultima consegna; con ``--before-duedate`` l'ultima entro la scadenza, se ce n'è una."""
        voci = self._sort_by_timestamp(voci)
        if self.duedate is not None and self.before_duedate:
            entro = [v for v in voci if v["timestamp"] <= self.duedate]
            return (entro or voci)[0]
        return voci[0]
