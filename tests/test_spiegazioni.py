"""Gli errori di Python spiegati in italiano (``course.spiegazioni``).

Le regole si provano su errori veri prodotti qui; la banca degli sbagli tipici (``banca_errori.py``)
si esegue in un kernel Jupyter vero, come lo usa chi impara: la spiegazione compare prima, la
cella resta fallita, e con ``AMBITI_LAB_SPIEGAZIONI=0`` (la correzione dei compiti) non compare nulla.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from banca_errori import BANCA
from course.errori import ErroreCorso
from course.spiegazioni import Spiegazione, installa_nell_ambiente, scrivi_kernel_del_corso, spiega
from course.spiegazioni.spiegazione import _in_html

RADICE = Path(__file__).resolve().parents[1]
ATTESA = 120  # secondi per cella: la macchina può essere carica


def _errore(codice: str, variabili: dict | None = None) -> BaseException:
    spazio = dict(variabili or {})
    try:
        exec(compile(codice, "<cella>", "exec"), spazio)
    except Exception as errore:  # noqa: BLE001 - è proprio l'errore che si vuole spiegare
        return errore
    raise AssertionError(f"il codice non ha dato errori: {codice!r}")


# --- le regole, una per famiglia -----------------------------------------------------------------------

def test_nome_simile_a_meno_di_accenti_e_maiuscole():
    s = spiega(_errore("conformità"), variabili={"conformita": 0.8})
    assert "Forse intendevi `conformita`?" in s.rimedio and "accenti" in s.testo
    s = spiega(_errore("Conformita"), variabili={"conformita": 0.8})
    assert "`conformita`" in s.rimedio


def test_nome_sconosciuto_senza_simili_dice_dove_nasce_un_nome():
    s = spiega(_errore("risultato_finale_del_mese"), variabili={"ambiti": 1})
    assert "esegui prima la cella" in s.rimedio
    assert s.tecnico.startswith("NameError")


def test_colonna_che_non_ce_propone_le_colonne_della_stessa_tabella():
    patti = pd.DataFrame({"data_inizio": [1], "misura": ["ADI"]})
    s = spiega(_errore('patti["data_inizo"]', {"patti": patti}), variabili={"patti": patti})
    assert s.titolo == "La tabella `patti` non ha una colonna `data_inizo`."
    assert "`data_inizo` → `data_inizio`" in s.rimedio
    assert "`misura`" in s.testo


def test_date_piu_numero_e_testo_meno_data():
    s = spiega(_errore('pd.Timestamp("2024-01-01") + 30', {"pd": pd}))
    assert "pd.Timedelta(days=30)" in s.rimedio
    s = spiega(_errore('"05/02/2024" - pd.Timestamp("2024-01-01")', {"pd": pd}))
    assert "dayfirst=True" in s.rimedio


@pytest.mark.parametrize("codice, atteso", [
    ("print((1 + 2)", "parentesi di chiusura"),
    ('x = "Bari', "non è chiuso"),
    ("if x = 3:\n    pass", "`==`"),
    ("x = 12,5 %", "punto"),
    ("=SOMMA(A1;A2)", "Excel"),
    ("round(3;2)", "punto e virgola"),
    ("x = “Bari”", "tipografiche"),
    ("for x in y:\nprint(x)", "rientr"),
    ("  x = 1", "spazi in più"),
    ("if x > 3\n    pass", "due punti"),
])
def test_errori_di_scrittura(codice, atteso):
    s = spiega(_errore(codice))
    assert atteso in str(s), str(s)


def test_un_messaggio_del_corso_resta_com_e():
    s = spiega(ErroreCorso("Comune sconosciuto: 'Galiano'. Forse intendevi: Gagliano del Capo."))
    assert "Gagliano del Capo" in s.testo


def test_errore_sconosciuto_ha_una_spiegazione_generica():
    class ErroreStrano(Exception):
        pass

    s = spiega(ErroreStrano("boh"))
    assert "ErroreStrano" in s.titolo and s.rimedio


def test_una_regola_che_inciampa_non_nasconde_l_errore(monkeypatch):
    from course.spiegazioni import regole

    def rotta(errore, **_):
        raise RuntimeError("regola rotta")

    monkeypatch.setattr(regole, "REGOLE", (rotta, *regole.REGOLE))
    assert spiega(ZeroDivisionError("division by zero")).titolo == "Stai dividendo per zero."


def test_html_protegge_il_testo_e_ripiega_il_traceback():
    s = Spiegazione("Usa `<b>`", rimedio="Scrivi `x & y`", tecnico="E")
    pagina = s.html(dettagli="\x1b[0;31mTraceback\x1b[0m <script>")
    assert "<code>&lt;b&gt;</code>" in pagina and "<script>" not in pagina
    assert "<details" in pagina and "\x1b" not in pagina
    assert _in_html("a\nb") == "a<br>b"


def test_installa_nell_ambiente_conserva_la_configurazione_esistente(tmp_path):
    percorso = tmp_path / "etc" / "ipython" / "ipython_kernel_config.json"
    percorso.parent.mkdir(parents=True)
    percorso.write_text(json.dumps({"InteractiveShellApp": {"extensions": ["altra"]}, "X": {"y": 1}}))
    installa_nell_ambiente(tmp_path)
    installa_nell_ambiente(tmp_path)  # una seconda volta non duplica
    dati = json.loads(percorso.read_text())
    assert dati["InteractiveShellApp"]["extensions"] == ["altra", "course.nel_notebook"] and dati["X"] == {"y": 1}


# --- nel kernel vero --------------------------------------------------------------------------------------

def _avvia_kernel(tmp_path: Path, *, del_corso: bool, ambiente: dict | None = None):
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    dati = tmp_path / "dati-jupyter"
    if del_corso:
        scrivi_kernel_del_corso(dati)
        specifiche = KernelSpecManager(kernel_dirs=[str(dati / "kernels")])
    else:
        specifiche = KernelSpecManager()
    env = {**os.environ, **(ambiente or {})}
    env.pop("AMBITI_LAB_SPIEGAZIONI", None) if ambiente is None else None
    km = KernelManager(kernel_name="python3", kernel_spec_manager=specifiche)
    km.start_kernel(env=env, cwd=str(tmp_path), extra_arguments=[] if del_corso else [])
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=ATTESA)
    return km, kc


def _esegui(kc, codice: str) -> dict:
    """Esegue una cella e raccoglie ciò che si vede: spiegazioni, errori, testo."""
    visto = {"testi": [], "html": [], "errori": [], "stato": None}

    def raccogli(msg):
        tipo, contenuto = msg["msg_type"], msg["content"]
        if tipo == "display_data":
            visto["testi"].append(contenuto["data"].get("text/plain", ""))
            visto["html"].append(contenuto["data"].get("text/html", ""))
        elif tipo == "error":
            visto["errori"].append(contenuto)
        elif tipo == "stream":
            visto["testi"].append(contenuto["text"])

    risposta = kc.execute_interactive(codice, output_hook=raccogli, timeout=ATTESA)
    visto["stato"] = risposta["content"]["status"]
    return visto


@pytest.fixture(scope="module")
def kernel_del_corso(tmp_path_factory):
    km, kc = _avvia_kernel(tmp_path_factory.mktemp("kernel-corso"), del_corso=True)
    try:
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_la_banca_ha_almeno_trenta_sbagli_di_ogni_famiglia():
    assert len(BANCA) >= 30 and len({s.nome for s in BANCA}) == len(BANCA)
    assert {s.modulo for s in BANCA} == {"00", "01", "02", "03", "04"}


def test_dal_primo_avvio_del_kernel_del_corso(kernel_del_corso):
    # Nessun import: l'estensione è già attiva all'avvio del kernel.
    visto = _esegui(kernel_del_corso, "conformita = 1\nconformità")
    assert visto["stato"] == "error"
    assert any("Forse intendevi `conformita`?" in t for t in visto["testi"]), visto


@pytest.mark.parametrize("sbaglio", BANCA, ids=[s.nome for s in BANCA])
def test_banca_degli_sbagli_in_un_kernel_vero(kernel_del_corso, sbaglio):
    _esegui(kernel_del_corso, "import pandas as pd\nimport course")
    visto = _esegui(kernel_del_corso, sbaglio.codice)
    assert visto["stato"] == "error", f"{sbaglio.nome}: la cella doveva fallire"
    spiegazione = "\n".join(visto["testi"])
    assert spiegazione.startswith("🧭"), f"{sbaglio.nome}: manca la spiegazione prima dell'errore: {visto}"
    for atteso in sbaglio.attesi:
        assert atteso in spiegazione, f"{sbaglio.nome}: manca «{atteso}» in:\n{spiegazione}"
    # Dopo la spiegazione, l'errore vero e breve (la cella resta fallita); il completo è ripiegato.
    assert len(visto["errori"]) == 1 and "<details" in visto["html"][0]
    assert len(visto["errori"][0]["traceback"]) <= 6


def test_con_import_course_in_un_kernel_qualsiasi(tmp_path):
    km, kc = _avvia_kernel(tmp_path, del_corso=False)
    try:
        prima = _esegui(kc, "nome_che_non_esiste")
        assert prima["stato"] == "error" and not prima["testi"]
        _esegui(kc, "import course\nprint(course.errori.mostra_errori_in_breve())")
        dopo = _esegui(kc, "totale = 3\ntotali")
        assert dopo["stato"] == "error" and "Forse intendevi `totale`?" in "\n".join(dopo["testi"])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_spente_per_la_correzione_dei_compiti(tmp_path):
    km, kc = _avvia_kernel(tmp_path, del_corso=True, ambiente={"AMBITI_LAB_SPIEGAZIONI": "0"})
    try:
        visto = _esegui(kc, "import course\nprint(course.errori.mostra_errori_in_breve())\ntotale = 3\ntotali")
        assert visto["stato"] == "error"
        assert visto["testi"] == ["False\n"], visto["testi"]
        # Il traceback di Python, intero, come sempre.
        assert visto["errori"][0]["ename"] == "NameError" and len(visto["errori"][0]["traceback"]) > 1
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_il_kernel_della_correzione_non_le_attiva(tmp_path):
    codice = ("import sys, types, runpy\n"
              "sys.modules['__main__'].__spec__ = types.SimpleNamespace(name='course.valutazione.nucleo')\n"
              "from course.spiegazioni import spente_dall_ambiente\nprint(spente_dall_ambiente())")
    import subprocess

    uscita = subprocess.run([sys.executable, "-c", codice], capture_output=True, text=True, timeout=ATTESA,
                            env={k: v for k, v in os.environ.items() if k != "AMBITI_LAB_SPIEGAZIONI"})
    assert uscita.stdout.strip() == "True", uscita.stderr


def test_dal_primo_avvio_sul_hub_d_aula(tmp_path):
    """Un server come quelli del hub d'aula (configurazione hub/config-aula): il kernel che apre è quello del corso."""
    import subprocess
    import urllib.request

    from jupyter_client import BlockingKernelClient

    from avvio_lab import attendi_http, ferma, porta_libera

    radice = Path(__file__).resolve().parents[1]
    runtime = Path(tempfile.mkdtemp(prefix="rt-", dir="/tmp"))  # percorsi corti per i socket
    porta, token = porta_libera(), "token-spiegazioni-hub"
    ambiente = {**os.environ, "JUPYTER_CONFIG_PATH": str(radice / "hub" / "config-aula"),
                "JUPYTER_RUNTIME_DIR": str(runtime), "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    ambiente.pop("AMBITI_LAB_SPIEGAZIONI", None)
    base = f"http://127.0.0.1:{porta}"
    with open(tmp_path / "server.log", "wb") as registro:
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", f"--port={porta}", "--ip=127.0.0.1", "--no-browser",
             f"--ServerApp.token={token}", f"--ServerApp.root_dir={tmp_path}", "--allow-root"],
            env=ambiente, stdout=registro, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        attendi_http(f"{base}/api/status?token={token}", server)

        def chiedi(percorso, dati=None):
            richiesta = urllib.request.Request(f"{base}{percorso}?token={token}", method="POST" if dati else "GET",
                                               data=json.dumps(dati).encode() if dati else None)
            with urllib.request.urlopen(richiesta, timeout=60) as risposta:
                return json.loads(risposta.read())

        specifica = chiedi("/api/kernelspecs")["kernelspecs"]["python3"]["spec"]
        assert specifica["argv"][-1] == "--ext=course.nel_notebook", (tmp_path / "server.log").read_text()[-2000:]
        kernel = chiedi("/api/kernels", {"name": "python3"})
        kc = BlockingKernelClient(connection_file=str(runtime / f"kernel-{kernel['id']}.json"))
        kc.load_connection_file()
        kc.start_channels(hb=False)  # il battito lo controlla il server; qui farebbe solo falsi «kernel morto»
        try:
            kc.wait_for_ready(timeout=ATTESA)
            visto = _esegui(kc, "conformita = 1\nconformità")  # nessun import course
        finally:
            kc.stop_channels()
        assert any("Forse intendevi `conformita`?" in t for t in visto["testi"]), visto
    finally:
        ferma(server)
        shutil.rmtree(runtime, ignore_errors=True)
