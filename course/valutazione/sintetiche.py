"""Consegne sintetiche per provare la correzione: giuste, sbagliate e ostili (per i test e il benchmark).

Ogni consegna ostile imita un guaio vero o un tentativo di imbroglio; la correzione deve finire
comunque, con un punteggio o una segnalazione, senza toccare i voti degli altri.

>>> sorted(OSTILI)[:3]
['ciclo_infinito', 'demone_setsid', 'json_non_valido']
"""

from __future__ import annotations

import copy
import json

__all__ = ["OSTILI", "soluzioni_del_sorgente", "consegna", "consegna_giusta", "consegna_sbagliata", "consegna_ostile",
           "consegna_di_tipo"]

#: Le consegne ostili: nome → che cosa fa.
OSTILI = {
    "ciclo_infinito": "un ciclo che non finisce mai nella prima risposta",
    "os_exit": "chiude il kernel con os._exit a metà notebook",
    "sigint_ignorato": "ignora l'interruzione (SIGINT) e poi entra in un ciclo infinito",
    "output_enorme": "stampa decine di megabyte di testo",
    "memoria": "prova a usare 8 GB di memoria (scrivendoli davvero)",
    "memoria_10gb": "riempie la memoria a pezzi da 100 MB fino a 10 GB",
    "stampa_50mb": "stampa 50 MB di testo in un colpo solo, poi risponde giusto",
    "spia_iopub": "cerca i kernel degli altri in /proc e nelle cartelle temporanee e ne ascolta le risposte (IOPub)",
    "legge_ambiente": "legge le variabili d'ambiente del correttore da /proc/<genitore>/environ e le stampa",
    "scrive_shm_tmp": "lascia file in /dev/shm e in /tmp",
    "demone_setsid": "lancia un processo staccato con setsid che dovrebbe sopravvivere alla correzione",
    "stampa_celle": "un hook pre_run_cell stampa il testo di ogni cella eseguita, anche quello dei test nascosti",
    "rete_udp_unix": "manda pacchetti UDP a localhost e si collega ai socket unix del sistema",
    "test_cancellati": "cancella le celle di test",
    "sola_lettura_modificate": "modifica il testo delle domande e sostituisce le celle di test",
    "metadati_cambiati": "cambia i metadati delle celle e i punti (100 punti a cella)",
    "json_non_valido": "un file troncato, non JSON",
    "nbformat_vecchio": "le risposte giuste, ma salvate nel vecchio formato 3",
    "vuoto": "un file vuoto",
    "senza_celle": "un notebook valido ma senza celle",
    "scrive_fuori": "prova a scrivere sul gradebook e sulla consegna di un altro corsista",
    "legge_soluzioni": "prova a leggere le soluzioni del formatore dal corso",
    "manomette_verifica": "sostituisce le funzioni di verifica e i builtins per prendere tutti i punti",
    "manomette_consegna": "ridefinisce consegna per non mandare la risposta al correttore",
    "system_exit": "solleva SystemExit a metà notebook (e poi risponde giusto)",
    "solo_avvisi": "risponde giusto ma scrive avvisi su stderr, anche durante le celle di test",
    "uccide_correttore": "prova a uccidere il processo che lo corregge",
}


def _id(cella):
    return cella.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def soluzioni_del_sorgente(sorgente) -> dict[str, str]:
    """Per ogni cella di risposta, il codice completo della soluzione (senza i delimitatori).

    >>> from course.valutazione.costruisci import Compito, Esercizio, notebook_sorgente
    >>> nb = notebook_sorgente(Compito("c", "C", "x", [Esercizio("0.1", "Quanti?", "risposta_0_1 = 45")]))
    >>> soluzioni_del_sorgente(nb)
    {'risposta-0-1': 'risposta_0_1 = None\\nrisposta_0_1 = 45'}
    """
    soluzioni = {}
    for c in sorgente.cells:
        nbg = c.metadata.get("nbgrader", {})
        if nbg.get("solution") and c.cell_type == "code":
            soluzioni[_id(c)] = "\n".join(r for r in c.source.splitlines() if "### BEGIN SOLUTION" not in r and "### END SOLUTION" not in r)
    return soluzioni


def _variabili(rilascio) -> dict[str, str]:
    """Cella di risposta → nome della variabile della risposta (prima riga «nome = None»)."""
    return {_id(c): c.source.split("=", 1)[0].strip() for c in rilascio.cells
            if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code" and "=" in c.source}


def consegna(rilascio, risposte: dict[str, str], *, aperte: str | None = "Risposta scritta dal corsista.") -> bytes:
    """La versione per i corsisti con le celle di risposta riempite da ``risposte`` (grade_id → codice)."""
    import nbformat

    nb = copy.deepcopy(rilascio)
    for c in nb.cells:
        nbg = c.metadata.get("nbgrader", {})
        if _id(c) in risposte:
            c.source = risposte[_id(c)]
        elif nbg.get("solution") and c.cell_type == "markdown" and aperte:
            c.source = aperte
    return nbformat.writes(nb).encode("utf-8")


def consegna_giusta(rilascio, sorgente) -> bytes:
    """Tutte le risposte automatiche giuste (il codice delle soluzioni)."""
    return consegna(rilascio, soluzioni_del_sorgente(sorgente))


def consegna_sbagliata(rilascio, *, valore: str = "0") -> bytes:
    """Tutte le risposte automatiche uguali a ``valore`` (di norma sbagliate)."""
    return consegna(rilascio, {gid: f"{var} = {valore}" for gid, var in _variabili(rilascio).items()}, aperte=None)


def consegna_di_tipo(tipo: str, rilascio, sorgente, *, valore: str = "0") -> bytes:
    """Una consegna «giusta», «sbagliata» (risposte uguali a ``valore``) o ostile (un nome di :data:`OSTILI`)."""
    if tipo == "giusta":
        return consegna_giusta(rilascio, sorgente)
    if tipo == "sbagliata":
        return consegna_sbagliata(rilascio, valore=valore)
    return consegna_ostile(tipo, rilascio, sorgente)


def consegna_ostile(nome: str, rilascio, sorgente, *, bersagli=()) -> bytes:
    """La consegna ostile ``nome`` (vedi :data:`OSTILI`); ``bersagli``: percorsi che prova a leggere o scrivere."""
    import nbformat

    giuste = soluzioni_del_sorgente(sorgente)
    risposte = list(giuste)
    primo = risposte[0] if risposte else None
    bersagli = [str(b) for b in bersagli]

    def con(prima: str, *, dove=primo, base=None):
        r = dict(giuste if base is None else base)
        if dove:
            r[dove] = prima + "\n" + r.get(dove, "")
        return consegna(rilascio, r)

    if nome == "ciclo_infinito":
        return con("while True:\n    pass")
    if nome == "os_exit":
        return con("import os\nos._exit(1)", dove=risposte[len(risposte) // 2] if risposte else None)
    if nome == "sigint_ignorato":
        return con("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass")
    if nome == "output_enorme":
        return con("print('x' * 30_000_000)\nfor i in range(200_000):\n    print('riga', i)")
    if nome == "memoria":
        return con("spreco = bytearray(8 * 1024 ** 3)")
    if nome == "memoria_10gb":
        return con("pezzi = []\nfor _ in range(100):\n    pezzi.append(b'x' * (100 * 1024 ** 2))")
    if nome == "stampa_50mb":
        return _con_cella(rilascio, giuste, "from course.territorio import popolazione_ambiti\npopolazione_ambiti()\n"
                                            "print('x' * 50_000_000)")
    if nome == "spia_iopub":
        return con(_SPIA, base={gid: f"{var} = None" for gid, var in _variabili(rilascio).items()})
    if nome == "legge_ambiente":
        return con("import os, glob\nfor f in [f'/proc/{os.getppid()}/environ', '/proc/1/environ', *glob.glob('/proc/*/environ')]:\n"
                   "    try:\n        print('AMBIENTE', f, open(f, 'rb').read().replace(b'\\0', b' ').decode(errors='replace'))\n"
                   "    except Exception as e:\n        print('bloccato', type(e).__name__)")
    if nome == "scrive_shm_tmp":
        codice = "\n".join(f"try:\n    open({b!r}, 'w').write('rimasto')\nexcept Exception as e:\n    print('bloccato', type(e).__name__)"
                           for b in bersagli or ["/dev/shm/ambiti-lab-traccia", "/tmp/ambiti-lab-traccia"])
        return con(codice)
    if nome == "demone_setsid":
        segno = bersagli[0] if bersagli else "ambiti-lab-demone"
        return con("import subprocess, sys\n"
                   f"subprocess.Popen(['setsid', sys.executable, '-c', 'import time; time.sleep(90)', {segno!r}], "
                   "start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\nprint('demone avviato')")
    if nome == "rete_udp_unix":
        return con("import socket, glob\nu = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                   "for porta in (9, 53, 8888):\n    try:\n        u.sendto(b'risposte', ('127.0.0.1', porta))\n"
                   "    except OSError as e:\n        print('bloccato', type(e).__name__)\n"
                   "for percorso in ['/run/docker.sock', '/var/run/dbus/system_bus_socket', *glob.glob('/tmp/*/*ipc*'), '/tmp/.X11-unix/X0']:\n"
                   "    s = socket.socket(socket.AF_UNIX)\n    try:\n        s.connect(percorso)\n        print('collegato', percorso)\n"
                   "    except OSError as e:\n        print('bloccato', type(e).__name__)\n"
                   "a = socket.socket(socket.AF_UNIX)\ntry:\n    a.connect('\\0ambiti-lab-astratto')\nexcept OSError as e:\n    print('bloccato', type(e).__name__)")
    if nome == "stampa_celle":
        return con("get_ipython().events.register('pre_run_cell', lambda info: print('CELLA:', info.raw_cell))")
    if nome == "solo_avvisi":
        # anche durante le celle di test arriva testo su stderr (come fanno certe librerie a ogni uso):
        # nbgrader darebbe zero a quelle celle, la correzione del corso no
        return con("import sys, warnings\nwarnings.warn('attenzione: avviso innocuo')\nprint('avviso su stderr', file=sys.stderr)\n"
                   "get_ipython().events.register('pre_run_cell', lambda *a: print('avviso a ogni cella', file=sys.stderr))")
    if nome == "system_exit":
        return _con_cella(rilascio, giuste, "raise SystemExit('esco a metà')")
    if nome == "scrive_fuori":
        codice = "\n".join(f"try:\n    open({b!r}, 'w').write('manomesso')\nexcept Exception as e:\n    print('bloccato', type(e).__name__)"
                           for b in bersagli)
        return con(codice or "pass")
    if nome == "legge_soluzioni":
        codice = ("import glob, json\ntrovate = []\nfor modello in ['../../source/*/*.ipynb', '../../../source/*/*.ipynb', "
                  + ", ".join(repr(b) for b in bersagli) + "]:\n"
                  "    try:\n        trovate += [open(f).read() for f in glob.glob(modello)]\n"
                  "    except Exception as e:\n        print('bloccato', type(e).__name__)\n"
                  "for testo in trovate:\n    for c in json.loads(testo)['cells']:\n"
                  "        s = ''.join(c['source'])\n        if 'BEGIN SOLUTION' in s:\n"
                  "            exec(s.replace('### BEGIN SOLUTION', '').replace('### END SOLUTION', ''), globals())\n")
        vuote = {gid: f"{var} = None" for gid, var in _variabili(rilascio).items()}
        return con(codice, base=vuote)
    if nome == "manomette_verifica":
        codice = ("import builtins, course.verifica as v, course.verifica.registro as r\n"
                  "from course.verifica.esito import Esito\n"
                  "finto = lambda codice, risposta, **k: Esito(codice, 'finto', 1000.0, 1000.0)\n"
                  "v.punteggio = r.punteggio = lambda *a, **k: 1000.0\n"
                  "v.esercizio = r.esercizio = esercizio = finto\n"
                  "builtins.abs = lambda x: 0\n")
        sbagliate = {gid: f"{var} = 0" for gid, var in _variabili(rilascio).items()}
        return con(codice, base=sbagliate)
    if nome == "manomette_consegna":
        sbagliate = {gid: f"{var} = 0" for gid, var in _variabili(rilascio).items()}
        return con("consegna = lambda *a, **k: 1000.0", base=sbagliate)
    if nome == "uccide_correttore":
        return con("import os, signal\ntry:\n    os.kill(os.getppid(), signal.SIGKILL)\nexcept Exception as e:\n    print('bloccato', type(e).__name__)")
    if nome == "test_cancellati":
        nb = nbformat.reads(consegna(rilascio, giuste).decode(), as_version=4)
        nb.cells = [c for c in nb.cells if not (c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution"))]
        return nbformat.writes(nb).encode()
    if nome == "sola_lettura_modificate":
        nb = nbformat.reads(consegna_sbagliata(rilascio).decode(), as_version=4)
        for c in nb.cells:
            nbg = c.metadata.get("nbgrader", {})
            if nbg.get("locked") and c.cell_type == "markdown":
                c.source = "Testo cambiato dal corsista."
            if nbg.get("grade") and not nbg.get("solution") and c.cell_type == "code":
                c.source = "1000.0"
        return nbformat.writes(nb).encode()
    if nome == "metadati_cambiati":
        nb = nbformat.reads(consegna_sbagliata(rilascio).decode(), as_version=4)
        for c in nb.cells:
            nbg = c.metadata.get("nbgrader", {})
            if nbg:
                nbg["points"] = 100
                if nbg.get("solution"):
                    nbg["grade"] = True
                if nbg.get("grade") and not nbg.get("solution"):
                    c.source = "100"
        return nbformat.writes(nb).encode()
    if nome == "json_non_valido":
        return consegna_giusta(rilascio, sorgente)[:200]
    if nome == "nbformat_vecchio":
        vecchio = nbformat.convert(nbformat.reads(consegna_giusta(rilascio, sorgente).decode(), as_version=4), 3)
        return json.dumps(vecchio).encode()
    if nome == "vuoto":
        return b""
    if nome == "senza_celle":
        return nbformat.writes(nbformat.v4.new_notebook()).encode()
    raise KeyError(f"consegna ostile sconosciuta: {nome}")


#: La spia: cerca per 3 secondi i socket dei kernel degli altri (da /proc e dalle cartelle temporanee) e ne ascolta l'IOPub.
_SPIA = """import glob, json, os, re, time, zmq
ctx = zmq.Context()
sentiti, collegati, visti = [], set(), set()
fine = time.time() + 3
while time.time() < fine:
    cartelle = set()
    for f in glob.glob('/proc/[0-9]*/cmdline'):
        try:
            argv = open(f, 'rb').read().split(b'\\0')
        except OSError:
            continue
        for a in argv:
            if a.endswith(b'.json'):
                cartelle.add(os.path.dirname(a.decode()))
    for f in glob.glob('/tmp/*/kernel-ipc-*') + glob.glob('/tmp/*/*/kernel-ipc-*'):
        cartelle.add(os.path.dirname(f))
    cartelle.discard(os.getcwd())
    for d in cartelle - visti:
        visti.add(d)
        for f in glob.glob(d + '/kernel-ipc-*'):
            s = ctx.socket(zmq.SUB)
            s.setsockopt(zmq.SUBSCRIBE, b'')
            s.connect('ipc://' + f)
            collegati.add(s)
    for s in list(collegati):
        try:
            while True:
                sentiti.append(b' '.join(s.recv_multipart(zmq.NOBLOCK)))
        except zmq.Again:
            pass
    time.sleep(0.2)
print('SPIA: cartelle', len(visti), 'messaggi', len(sentiti))
for m in sentiti[:50]:
    print('SENTITO', m[:300])
"""


def _con_cella(rilascio, giuste, codice: str) -> bytes:
    """Le risposte giuste, con una cella in più del corsista (``codice``) a metà notebook."""
    import nbformat

    nb = nbformat.reads(consegna(rilascio, giuste).decode(), as_version=4)
    nb.cells.insert(len(nb.cells) // 2, nbformat.v4.new_code_cell(codice))
    return nbformat.writes(nb).encode()
