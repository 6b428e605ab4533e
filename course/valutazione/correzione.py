"""Correggere tutte le consegne di un compito in parallelo, senza mai fermarsi per colpa di una consegna.

L'algoritmo, un passo per riga:

1. ogni consegna in ``submitted/`` viene archiviata intatta con il suo SHA-256 (se non lo è già)
   e poi riletta *dall'archivio*, controllando l'impronta;
2. più processi di lavoro (di norma 2) prendono una consegna alla volta: la rimettono a posto
   (:mod:`~course.valutazione.sanifica`), la eseguono in un kernel nuovo e recintato
   (:mod:`~course.valutazione.esecuzione`) e calcolano i punti con la verifica indipendente
   (:mod:`~course.valutazione.punteggi`); non toccano mai il gradebook;
3. il processo principale è l'unico a scrivere: notebook corretto in ``autograded/``, esito in
   ``esiti/``, punti nel gradebook di nbgrader (nessuna contesa sul database SQLite).

Ogni consegna finisce «corretta» o «segnalata» con i motivi in italiano; un guasto di una consegna
non tocca le altre.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import json
import multiprocessing
import shutil
import sys
import tempfile
import time
from pathlib import Path

from course.errori import ErroreCorso
from course.valutazione.corso import scrivi_json
from course.valutazione.esecuzione import Limiti
from course.valutazione.aperte import riapri_se_cambiate
from course.valutazione.recinto import descrivi_protezioni, protezioni
from course.valutazione.ricontrolli import e_ricontrollata

__all__ = ["correggi", "correggi_una", "Limiti", "importazioni_leggere"]

_CONTESTO: dict = {}


def importazioni_leggere() -> None:
    """Importa una volta, nel processo principale, ciò che serve ai processi di lavoro (che lo ereditano).

    jsonschema (usato da nbformat e nbgrader) carica ``rfc3987_syntax``, una grammatica che costa
    circa 3 secondi di CPU a ogni avvio, solo per validare il formato «iri», che i notebook non usano:
    se jsonschema non è ancora stato importato, quel pezzo si salta.
    """
    from course.valutazione.gradebook import prepara_nbgrader

    prepara_nbgrader()
    import jupyter_client  # noqa: F401
    import nbclient  # noqa: F401
    import nbformat  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    import course.verifica  # noqa: F401


def _prepara_lavoratore(sorgente: str, rilascio: str, limiti: Limiti, escludi: list[str], allegati: dict,
                        importa: tuple[str, ...], radice: str = ".", varianti: dict | None = None) -> None:
    """Inizializza un processo di lavoro: notebook di riferimento e moduli già importati (una volta sola)."""
    import importlib

    import nbformat

    import course.verifica  # noqa: F401 - la verifica fidata vive qui, prima di ogni codice del corsista

    for nome in importa:
        importlib.import_module(nome)
    import nbclient  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    _CONTESTO.update(sorgente=nbformat.reads(sorgente, as_version=4), rilascio=nbformat.reads(rilascio, as_version=4),
                     limiti=limiti, escludi=escludi, allegati=allegati)
    if varianti is not None:
        _CONTESTO.update(varianti=varianti, verifiche_personali=carica_verifiche_personali(radice))


def carica_verifiche_personali(radice):
    """Il modulo ``varianti.py`` del corso (o del corso modello) con le verifiche degli esercizi personali."""
    import importlib.util

    from course.valutazione.costruisci import MODELLO

    for percorso in (Path(radice) / "varianti.py", MODELLO / "varianti.py"):
        if percorso.is_file():
            spec = importlib.util.spec_from_file_location("_varianti_del_corso", percorso)
            modulo = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(modulo)
            return modulo
    raise ErroreCorso(f"Manca {Path(radice) / 'varianti.py'}: contiene le verifiche degli esercizi personali. "
                      "Copialo dalla cartella grading/ del progetto.")


def _verifica_per(studente: str):
    """La funzione di verifica fidata per ``studente``: le personali con la sua variante, le altre quelle del corso."""
    from course.verifica import punteggio

    modulo = _CONTESTO.get("verifiche_personali")
    variante = (_CONTESTO.get("varianti") or {}).get(studente)

    def verifica(codice, risposta):
        if modulo is not None and codice in modulo.VERIFICHE:
            return modulo.punteggio(codice, risposta, variante)
        return punteggio(codice, risposta)

    return verifica


def _celle_a_zero(rilascio) -> list[dict]:
    from course.valutazione.punteggi import Cella

    celle = []
    for c in rilascio.cells:
        nbg = c.metadata.get("nbgrader", {})
        if nbg.get("grade"):
            extra = c.metadata.get("ambiti_lab", {})
            celle.append(Cella(nbg["grade_id"], float(nbg.get("points", 0)), 0.0, list(extra.get("competenze", [])),
                               extra.get("esercizio"), False, "consegna non correggibile").come_dict())
    return celle


def correggi_una(studente: str, contenuto: bytes) -> dict:
    """Corregge una consegna nel processo di lavoro; non solleva mai (un imprevisto diventa una segnalazione)."""
    import nbformat

    from course.valutazione.esecuzione import esegui_notebook
    from course.valutazione.punteggi import punteggi_notebook
    from course.valutazione.recinto import base_breve
    from course.valutazione.tentativi import descrivi
    from course.valutazione.varianti import AMBIENTE_CORSISTA, AMBIENTE_VARIANTE
    from course.valutazione.sanifica import leggi_consegna, sanifica

    inizio = time.perf_counter()
    ctx = _CONTESTO
    risultato = {"studente": studente, "motivi": [], "avvisi": [], "notebook": None, "isolato": None}
    try:
        nb, motivi, avvisi = leggi_consegna(contenuto)
        risultato["motivi"] += motivi
        risultato["avvisi"] += avvisi
        if nb is None:
            risultato["celle"] = _celle_a_zero(ctx["rilascio"])
        else:
            pulito = sanifica(nb, sorgente=ctx["sorgente"], rilascio=ctx["rilascio"])
            risultato["motivi"] += pulito["motivi"]
            risultato["avvisi"] += pulito["avvisi"]
            nb = pulito["notebook"]
            # percorso corto: i socket del kernel stanno nella cartella e non possono superare i 107 caratteri
            with tempfile.TemporaryDirectory(prefix="al-", dir=base_breve(), ignore_cleanup_errors=True) as cartella:
                for nome, dati in ctx["allegati"].items():
                    (Path(cartella) / nome).parent.mkdir(parents=True, exist_ok=True)
                    (Path(cartella) / nome).write_bytes(dati)
                variante = (ctx.get("varianti") or {}).get(studente)
                ambiente = {AMBIENTE_VARIANTE: json.dumps(variante), AMBIENTE_CORSISTA: studente} if variante else {}
                esecuzione = esegui_notebook(nb, Path(cartella), ctx["limiti"], escludi=ctx["escludi"], ambiente=ambiente)
                risultato["variante"] = variante
            risultato["motivi"] += esecuzione["problemi"]
            risultato["motivi"] += descrivi(esecuzione["tentativi"])
            risultato["tentativi"] = esecuzione["tentativi"]
            risultato["isolato"] = esecuzione["isolato"]
            risultato["protezioni"] = esecuzione["protezioni"]
            if esecuzione["troncate"]:
                risultato["avvisi"].append(f"output troppo lungo, troncato nelle celle {', '.join(str(i + 1) for i in esecuzione['troncate'])}")
            gia_memoria = any(m.startswith("memoria") for m in risultato["motivi"])
            if not gia_memoria and any(o.get("ename") == "MemoryError" for c in nb.cells for o in c.get("outputs", [])):
                risultato["motivi"].append("memoria esaurita: il notebook ha superato il limite di memoria")
            celle, motivi = punteggi_notebook(nb, verifica=_verifica_per(studente))
            risultato["motivi"] += motivi
            risultato["celle"] = [c.come_dict() for c in celle]
            risultato["notebook"] = nbformat.writes(nb)
    except Exception as errore:  # noqa: BLE001 - ultima rete: mai fermare il lotto
        risultato["motivi"].append(f"errore interno del correttore su questa consegna ({type(errore).__name__}: {str(errore)[:200]})")
        risultato["celle"] = risultato.get("celle") or _celle_a_zero(ctx["rilascio"])
    risultato["durata"] = round(time.perf_counter() - inizio, 3)
    return risultato


def _da_correggere(corso, compito: str, studenti) -> list[tuple[str, bytes, dict]]:
    """Archivia (se serve) e rilegge dall'archivio ogni consegna presente in ``submitted/``."""
    from course.valutazione.raccolta import Consegna, archivia, carica_originale

    cartella = corso.radice / "submitted"
    lavori = []
    for d in sorted(cartella.iterdir()) if cartella.is_dir() else []:
        f = d / compito / f"{compito}.ipynb"
        if not f.is_file() or (studenti and d.name not in studenti):
            continue
        quando = (d / compito / "timestamp.txt").read_text(encoding="utf-8").strip() if (d / compito / "timestamp.txt").exists() else ""
        voce = archivia(corso, compito, Consegna(d.name, f.name, f.read_bytes(), "submitted", quando))
        lavori.append((d.name, carica_originale(corso, compito, voce), voce))
    return lavori


def _controlla_gradebook(corso, compito: str) -> None:
    """Errore chiaro se il compito non è nel gradebook (lettura SQLite diretta: non serve importare nbgrader)."""
    import sqlite3

    trovato = None
    if corso.gradebook.exists():
        with sqlite3.connect(f"file:{corso.gradebook}?mode=ro", uri=True) as db:
            try:
                trovato = db.execute("SELECT notebook.id FROM notebook JOIN assignment ON notebook.assignment_id = assignment.id "
                                     "WHERE assignment.name = ? AND notebook.name = ?", (compito, compito)).fetchone()
            except sqlite3.Error:
                trovato = None
    if trovato is None:
        raise ErroreCorso(f"Il compito {compito} non è nel gradebook: esegui prima «ambiti-lab valuta genera {compito}».")


class _Scrittore:
    """L'unico che scrive: autograded/, esiti/ e gradebook (una transazione per consegna)."""

    def __init__(self, corso, compito: str):
        self.corso, self.compito = corso, compito
        self._gb = None
        self.corsisti = {r["id"]: r for r in corso.corsisti()}
        self.allarmi: list[str] = []
        self._ricorda_gradebook()

    @property
    def gb(self):
        if self._gb is None:  # nbgrader si importa solo quando arriva il primo risultato
            from nbgrader.api import Gradebook

            self._gb = Gradebook(self.corso.db_url)
        return self._gb

    def _impronta_gradebook(self):
        st = self.corso.gradebook.stat()
        return (st.st_mtime_ns, st.st_size)

    def _ricorda_gradebook(self) -> None:
        """Prende nota dell'ultima versione buona del gradebook (scritta da questo processo)."""
        self._impronta = self._impronta_gradebook()
        self._copia = self.corso.gradebook.read_bytes()

    def difendi_gradebook(self) -> None:
        """Se qualcuno fuori da questo processo ha cambiato il gradebook, rimette l'ultima copia buona e lo annota.

        Con il recinto nessun kernel lo raggiunge; senza (macOS, Windows, --senza-recinto) è l'ultima difesa.
        """
        if self._impronta_gradebook() == self._impronta:
            return
        if self._gb is not None:
            self._gb.close()
            self._gb = None
        self.corso.gradebook.write_bytes(self._copia)
        self._impronta = self._impronta_gradebook()
        self.allarmi.append("il gradebook è stato modificato da fuori durante la correzione: ripristinata l'ultima copia buona")

    def scrivi(self, risultato: dict, voce: dict | None) -> None:
        studente = risultato["studente"]
        self.difendi_gradebook()
        destinazione = self.corso.corretto(studente, self.compito)
        destinazione.parent.mkdir(parents=True, exist_ok=True)
        if risultato.get("notebook"):
            # una risposta aperta cambiata rispetto a quella già corretta riapre il suo voto (che resta nello storico)
            riapri_se_cambiate(self.corso, self.compito, studente, destinazione, risultato["notebook"], gb=self._gb_se_serve())
            destinazione.write_text(risultato["notebook"], encoding="utf-8")
        timestamp = self.corso.sottomesso(studente, self.compito).parent / "timestamp.txt"
        if timestamp.exists():
            shutil.copy2(timestamp, destinazione.parent / "timestamp.txt")
        celle = risultato.get("celle", [])
        stato = "segnalato" if risultato["motivi"] else "corretto"
        esito = {k: v for k, v in risultato.items() if k != "notebook"}
        esito.update(compito=self.compito, stato=stato, corretto_il=dt.datetime.now().isoformat(timespec="seconds"),
                     punti=round(sum(c["punti"] or 0 for c in celle), 4), massimo=sum(c["massimo"] for c in celle),
                     da_correggere_a_mano=[c["grade_id"] for c in celle if c["manuale"]],
                     sha256_originale=(voce or {}).get("sha256"), originale=(voce or {}).get("percorso"))
        scrivi_json(self.corso.esito(studente, self.compito), esito)
        # una consegna ricontrollata dal formatore (la stessa) non torna «Flagged?» nel formgrader
        ricontrollata = e_ricontrollata(self.corso, self.compito, studente, esito["sha256_originale"])
        self._gradebook(studente, celle, "corretto" if ricontrollata else stato)
        self._ricorda_gradebook()

    def _gb_se_serve(self):
        return self.gb if self.corso.gradebook.exists() else None

    def _gradebook(self, studente: str, celle: list[dict], stato: str) -> None:
        import warnings

        with warnings.catch_warnings():
            # nbgrader stesso provoca avvisi innocui di SQLAlchemy quando crea una consegna
            warnings.simplefilter("ignore")
            self._scrivi_voti(studente, celle, stato)

    def _scrivi_voti(self, studente: str, celle: list[dict], stato: str) -> None:
        gb = self.gb
        dati = self.corsisti.get(studente, {})
        gb.update_or_create_student(studente, first_name=dati.get("nome") or None, last_name=dati.get("cognome") or None,
                                    email=dati.get("email") or None)
        gb.update_or_create_submission(self.compito, studente)
        notebook = gb.find_submission_notebook(self.compito, self.compito, studente)
        notebook.flagged = stato == "segnalato"
        for c in celle:
            try:
                voto = gb.find_grade(c["grade_id"], self.compito, self.compito, studente)
            except Exception:  # noqa: BLE001 - cella non nel gradebook (compito rigenerato): si salta
                continue
            voto.auto_score = None if c["manuale"] else c["punti"]
            voto.needs_manual_grade = voto.manual_score is not None or voto.auto_score is None
            try:
                commento = gb.find_comment(c["grade_id"], self.compito, self.compito, studente)
                commento.auto_comment = "Nessuna risposta." if c.get("nota") == "nessuna risposta" else None
            except Exception:  # noqa: BLE001 - le celle di test non hanno commenti
                pass
        gb.db.commit()

    def chiudi(self):
        """Chiude il gradebook e fa l'ultimo controllo che nessuno lo abbia cambiato da fuori."""
        if self._gb is not None:
            self._gb.close()
            self._gb = None
        self.difendi_gradebook()


def _varianti_dei_corsisti(corso, compito: str, studenti) -> dict | None:
    """Le varianti registrate a ``genera`` (e, per chi manca, quelle calcolate ora e registrate); None se il compito non ne ha."""
    import nbformat

    from course.valutazione.varianti import registra_varianti

    sorgente = nbformat.read(str(corso.sorgente(compito)), as_version=4)
    if not any(c.metadata.get("ambiti_lab", {}).get("personale") for c in sorgente.cells):
        return None
    return registra_varianti(corso, compito, studenti)


def _allegati(corso, compito: str) -> dict:
    cartella = corso.sorgente(compito).parent
    return {f.relative_to(cartella).as_posix(): f.read_bytes() for f in cartella.rglob("*")
            if f.is_file() and f.name != f"{compito}.ipynb" and ".ipynb_checkpoints" not in f.parts}


def correggi(corso, compito: str, *, lavoratori: int = 2, limiti: Limiti | None = None, studenti=None,
             importa: tuple[str, ...] = (), avanzamento=None) -> dict:
    """Corregge le consegne di ``compito`` con ``lavoratori`` processi in parallelo.

    Restituisce il riepilogo ``{"corretti": [...], "segnalati": {studente: motivi}, "durata": s, ...}``.
    ``avanzamento(risultato)`` (facoltativo) viene chiamata dopo ogni consegna.
    """
    limiti = limiti or Limiti()
    corso.controlla_compito(compito)
    if not corso.rilascio(compito).exists():
        raise ErroreCorso(f"Manca la versione per i corsisti di {compito}: esegui prima «ambiti-lab valuta genera {compito}».")
    inizio = time.perf_counter()
    lavori = _da_correggere(corso, compito, set(studenti or ()))
    prot = protezioni(senza_root=limiti.senza_root) if limiti.isolamento else None
    riepilogo = {"compito": compito, "corretti": [], "segnalati": {}, "allarmi": [],
                 "protezioni": descrivi_protezioni(prot) if prot else "nessuna (isolamento spento)",
                 "mancanti": list(prot.mancanti) if prot else ["isolamento spento con --senza-recinto"]}
    if not lavori:
        riepilogo["durata"] = round(time.perf_counter() - inizio, 3)
        return riepilogo
    _controlla_gradebook(corso, compito)
    importazioni_leggere()
    scrittore = _Scrittore(corso, compito)
    argomenti = (corso.sorgente(compito).read_text(encoding="utf-8"), corso.rilascio(compito).read_text(encoding="utf-8"),
                 limiti, [str(corso.radice)], _allegati(corso, compito), tuple(importa), str(corso.radice),
                 _varianti_dei_corsisti(corso, compito, [s for s, _, _ in lavori]))
    da_fare = {studente: (contenuto, voce) for studente, contenuto, voce in lavori}
    tentativi: dict[str, int] = {}
    try:
        while da_fare:
            # su Linux i processi di lavoro nascono per fork e ereditano i moduli già importati
            contesto = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
            with cf.ProcessPoolExecutor(max_workers=max(1, min(lavoratori, len(da_fare))), mp_context=contesto,
                                        initializer=_prepara_lavoratore, initargs=argomenti) as pool:
                futuri = {pool.submit(correggi_una, s, c): s for s, (c, _) in da_fare.items()}
                for futuro in cf.as_completed(futuri):
                    studente = futuri[futuro]
                    try:
                        risultato = futuro.result()
                    except cf.process.BrokenProcessPool:
                        tentativi[studente] = tentativi.get(studente, 0) + 1
                        if tentativi[studente] < 2:
                            continue
                        risultato = {"studente": studente, "celle": [], "motivi": [
                            "il processo di correzione si è interrotto più volte su questa consegna"], "avvisi": []}
                    _registra(scrittore, risultato, da_fare.pop(studente)[1], riepilogo, avanzamento)
    finally:
        scrittore.chiudi()
    riepilogo["allarmi"] = sorted(set(scrittore.allarmi))
    riepilogo["durata"] = round(time.perf_counter() - inizio, 3)
    return riepilogo


def _registra(scrittore, risultato, voce, riepilogo, avanzamento) -> None:
    try:
        scrittore.scrivi(risultato, voce)
    except Exception as errore:  # noqa: BLE001 - un guasto nello scrivere non ferma il lotto
        risultato["motivi"].append(f"errore nel salvare il risultato ({type(errore).__name__}: {str(errore)[:200]})")
    if risultato["motivi"]:
        riepilogo["segnalati"][risultato["studente"]] = risultato["motivi"]
    else:
        riepilogo["corretti"].append(risultato["studente"])
    if avanzamento is not None:
        avanzamento(risultato)
