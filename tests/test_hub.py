"""Un JupyterHub vero su 127.0.0.1 con la configurazione d'aula del corso (``hub/jupyterhub_config.py``).

Nel test cambia solo lo spawner: al posto di SystemdSpawner (utenti di sistema dinamici, serve
systemd) c'è ``SimpleLocalProcessSpawner``, che avvia i server dei corsisti come processi di questo
computer. L'accesso resta quello vero (NativeAuthenticator): il formatore e una corsista si
registrano, il formatore approva la corsista, lei entra, avvia il suo server e ci esegue la lezione 00
cella per cella attraverso il hub. Poi il giro di nbgrader: il formatore rilascia un compito nella
cartella di scambio, la corsista lo vede, lo scarica e lo consegna dal suo server sul hub, il formatore
lo raccoglie.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest
import requests

from avvio_lab import ferma, porta_libera
from course.avvio import ESTENSIONI_DEL_FORMATORE

RADICE = Path(__file__).resolve().parents[1]
CONFIG_AULA = RADICE / "hub" / "jupyterhub_config.py"
LEZIONE = RADICE / "modules" / "00-benvenuto" / "00-benvenuto.ipynb"
FORMATORE, CORSISTA = "formatore", "corsista1"
PASSWORD = {FORMATORE: "Formatore-di-prova-2026", CORSISTA: "Corsista-di-prova-2026"}
CORSO = "ambiti-lab"


def _proxy() -> str:
    percorso = shutil.which("configurable-http-proxy")
    if percorso is None:
        motivo = "configurable-http-proxy (npm) non è installato."
        if os.environ.get("CI") == "true":
            pytest.fail(f"{motivo} In CI lo installa .ci/sistema.sh (eseguilo come root).")
        pytest.skip(motivo)
    return percorso


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    _proxy()
    base = tmp_path_factory.mktemp("hub")
    porta, porta_hub, porta_proxy = porta_libera(), porta_libera(), porta_libera()
    config = base / "jupyterhub_config_test.py"
    config.write_text(
        f"load_subconfig({str(CONFIG_AULA)!r})\n"
        "# Solo per il test: processi locali al posto di SystemdSpawner.\n"
        "c.JupyterHub.spawner_class = 'jupyterhub.spawner.SimpleLocalProcessSpawner'\n"
        f"c.SimpleLocalProcessSpawner.home_dir_template = {str(base / 'utenti' / '{username}')!r}\n"
        f"c.Spawner.cmd = [{sys.executable!r}, '-m', 'jupyterhub.singleuser']\n"
        "# La CI gira come root: il server di prova deve poterlo fare (mai in aula).\n"
        "c.Spawner.args = ['--allow-root']\n"
        f"c.JupyterHub.hub_port = {porta_hub}\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{porta_proxy}'\n"
        "c.JupyterHub.services = []\n"
        "c.JupyterHub.load_roles = []\n",
        encoding="utf-8",
    )
    ambiente = {
        **os.environ,
        "AMBITI_LAB_STATO": str(base / "stato"),
        "AMBITI_LAB_INDIRIZZO": f"http://127.0.0.1:{porta}",
        "AMBITI_LAB_EXCHANGE": str(base / "exchange"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    (base / "exchange").mkdir()
    os.chmod(base / "exchange", 0o1777)
    registro = open(base / "hub.log", "wb")
    processo = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=base,
                                env=ambiente, stdout=registro, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{porta}"
    try:
        for _ in range(600):
            try:
                if requests.get(f"{url}/hub/api/", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if processo.poll() is not None:
                break
            time.sleep(0.1)
        else:
            pytest.fail("Il hub non risponde dopo 60 s")
        if processo.poll() is not None:
            registro.flush()
            pytest.fail("Il hub si è chiuso:\n" + (base / "hub.log").read_text()[-3000:])
        yield {"url": url, "base": base, "ambiente": ambiente}
    finally:
        ferma(processo)
        registro.close()


def _xsrf(sessione: requests.Session, url: str) -> str:
    sessione.get(url, timeout=30)
    return sessione.cookies.get("_xsrf", path="/hub/") or sessione.cookies.get("_xsrf")


def _registra(url: str, nome: str) -> requests.Response:
    sessione = requests.Session()
    xsrf = _xsrf(sessione, f"{url}/hub/signup")
    return sessione.post(f"{url}/hub/signup", timeout=30, data={
        "_xsrf": xsrf, "username": nome, "signup_password": PASSWORD[nome],
        "signup_password_confirmation": PASSWORD[nome],
    })


def _entra(url: str, nome: str, password: str | None = None) -> requests.Session:
    sessione = requests.Session()
    xsrf = _xsrf(sessione, f"{url}/hub/login")
    sessione.post(f"{url}/hub/login?next=%2Fhub%2Fhome", timeout=30, data={
        "_xsrf": xsrf, "username": nome, "password": password or PASSWORD[nome],
    })
    return sessione


def _token(url: str, sessione: requests.Session, nome: str) -> str:
    risposta = sessione.post(f"{url}/hub/api/users/{nome}/tokens", json={"note": "test"},
                             headers={"X-XSRFToken": sessione.cookies.get("_xsrf", path="/hub/")},
                             timeout=30)
    risposta.raise_for_status()
    return risposta.json()["token"]


@pytest.fixture(scope="module")
def corsista(hub):
    """La corsista registrata, approvata dal formatore, con il server avviato; restituisce il token."""
    url = hub["url"]
    assert _registra(url, FORMATORE).ok
    assert _registra(url, CORSISTA).ok
    # Prima dell'approvazione la corsista non entra.
    assert _entra(url, CORSISTA).get(f"{url}/hub/home", timeout=30).url.startswith(f"{url}/hub/login")
    formatore = _entra(url, FORMATORE)
    assert "/hub/home" in formatore.get(f"{url}/hub/home", timeout=30).url
    assert formatore.get(f"{url}/hub/authorize/{CORSISTA}", timeout=30).ok

    sessione = _entra(url, CORSISTA)
    token = _token(url, sessione, CORSISTA)
    intestazioni = {"Authorization": f"token {token}"}
    avvio = requests.post(f"{url}/hub/api/users/{CORSISTA}/server", headers=intestazioni, timeout=60)
    assert avvio.status_code in (201, 202), avvio.text
    for _ in range(1200):
        stato = requests.get(f"{url}/hub/api/users/{CORSISTA}", headers=intestazioni, timeout=30).json()
        if stato["servers"].get("", {}).get("ready"):
            break
        time.sleep(0.1)
    else:
        pytest.fail("Il server della corsista non è partito in 120 s:\n"
                    + (hub["base"] / "hub.log").read_text()[-3000:])
    return {"token": token, "sessione": sessione, "formatore": formatore}


def test_password_sbagliata_e_utente_sconosciuto_non_entrano(hub):
    url = hub["url"]
    for nome, password in [("nessuno", "Password-qualsiasi-1"), (FORMATORE, "sbagliata-del-tutto")]:
        sessione = _entra(url, nome, password)
        assert sessione.get(f"{url}/hub/home", timeout=30).url.startswith(f"{url}/hub/login")


def test_registrazione_con_password_debole_rifiutata(hub):
    sessione = requests.Session()
    xsrf = _xsrf(sessione, f"{hub['url']}/hub/signup")
    risposta = sessione.post(f"{hub['url']}/hub/signup", timeout=30, data={
        "_xsrf": xsrf, "username": "debole", "signup_password": "corta",
        "signup_password_confirmation": "corta"})
    assert risposta.ok and "debole" not in _elenco_registrati(hub)


def _elenco_registrati(hub) -> set[str]:
    import sqlite3

    with sqlite3.connect(hub["base"] / "stato" / "jupyterhub.sqlite") as db:
        return {riga[0] for riga in db.execute("SELECT username FROM users_info")}


def test_gruppi_nbgrader_e_formatore_amministratore(hub, corsista):
    intestazioni = {"Authorization": f"token {_token(hub['url'], corsista['formatore'], FORMATORE)}"}
    utenti = {u["name"]: u for u in requests.get(f"{hub['url']}/hub/api/users", headers=intestazioni,
                                                 timeout=30).json()}
    assert utenti[FORMATORE]["admin"] is True and utenti[CORSISTA]["admin"] is False
    assert f"nbgrader-{CORSO}" in utenti[CORSISTA]["groups"]
    assert f"formgrade-{CORSO}" in utenti[FORMATORE]["groups"]
    assert f"formgrade-{CORSO}" not in utenti[CORSISTA]["groups"]


async def _esegui_nel_kernel(url_server: str, token: str, codici: list[str]) -> list[dict]:
    """Esegue ``codici`` in un kernel nuovo del server della corsista; restituisce i messaggi di errore."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    intestazioni = {"Authorization": f"token {token}"}
    kernel = requests.post(f"{url_server}/api/kernels", json={"name": "python3"}, headers=intestazioni,
                           timeout=60).json()["id"]
    ws_url = url_server.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels"
    connessione = await websocket_connect(HTTPRequest(ws_url, headers=intestazioni))
    sessione, problemi = uuid.uuid4().hex, []
    for indice, codice in enumerate(codici):
        msg_id = uuid.uuid4().hex
        connessione.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": CORSISTA, "session": sessione,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": codice, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        fine = time.monotonic() + 120
        while True:
            messaggio = await asyncio.wait_for(connessione.read_message(), fine - time.monotonic())
            assert messaggio is not None, "il kernel ha chiuso la connessione"
            dati = json.loads(messaggio)
            if dati.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            tipo = dati["header"]["msg_type"]
            if tipo == "error" or (tipo == "stream" and dati["content"]["name"] == "stderr"
                                   and "Error" in dati["content"]["text"]):
                problemi.append({"cella": indice, **dati["content"]})
            if tipo == "status" and dati["content"]["execution_state"] == "idle":
                break
    connessione.close()
    requests.delete(f"{url_server}/api/kernels/{kernel}", headers=intestazioni, timeout=30)
    return problemi


def test_la_corsista_esegue_la_lezione_00_sul_suo_server(hub, corsista):
    url_server = f"{hub['url']}/user/{CORSISTA}"
    intestazioni = {"Authorization": f"token {corsista['token']}"}
    # Il server risponde attraverso il proxy del hub, e solo con le credenziali.
    assert requests.get(f"{url_server}/api/status", headers=intestazioni, timeout=30).ok
    senza = requests.get(f"{url_server}/api/contents", timeout=30, allow_redirects=False)
    assert senza.status_code in (302, 403)
    quaderno = nbformat.read(LEZIONE, as_version=4)
    caricato = requests.put(f"{url_server}/api/contents/00-benvenuto.ipynb", headers=intestazioni,
                            json={"type": "notebook", "content": quaderno}, timeout=30)
    assert caricato.status_code in (200, 201), caricato.text
    assert (hub["base"] / "utenti" / CORSISTA / "00-benvenuto.ipynb").exists()
    codici = [c.source for c in quaderno.cells if c.cell_type == "code"
              and "raises-exception" not in c.metadata.get("tags", [])]
    problemi = asyncio.run(_esegui_nel_kernel(url_server, corsista["token"], codici))
    assert problemi == []
    # Nel Lab della corsista gli strumenti nbgrader del formatore sono spenti.
    pagina = requests.get(f"{url_server}/lab", headers=intestazioni, timeout=30)
    assert pagina.ok, pagina.status_code
    configurazione = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', pagina.text, re.S).group(1))
    assert set(ESTENSIONI_DEL_FORMATORE) <= set(configurazione["disabledExtensions"])


def test_solo_i_corsisti_non_vedono_gli_strumenti_del_formatore(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from traitlets.config import Config

    monkeypatch.setenv("AMBITI_LAB_STATO", str(tmp_path / "stato"))
    config = Config()
    exec(compile(CONFIG_AULA.read_text(encoding="utf-8"), str(CONFIG_AULA), "exec"),
         {"get_config": lambda: config, "__file__": str(CONFIG_AULA)})
    percorso = config.Spawner.environment["JUPYTER_CONFIG_PATH"]
    corsista = percorso(SimpleNamespace(user=SimpleNamespace(name=CORSISTA))).split(os.pathsep)
    formatore = percorso(SimpleNamespace(user=SimpleNamespace(name=FORMATORE))).split(os.pathsep)
    assert formatore == [str(RADICE / "hub" / "config-corsisti")]
    assert corsista == [str(RADICE / "hub" / "config-solo-corsisti"), *formatore]
    pagina = json.loads((Path(corsista[0]) / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    assert set(pagina["disabledExtensions"]) == set(ESTENSIONI_DEL_FORMATORE), "allinea il file a course.avvio"


def test_nbgrader_rilascio_consegna_raccolta_attraverso_il_hub(hub, corsista):
    """Il formatore rilascia, la corsista scarica e consegna dal suo server sul hub, il formatore raccoglie."""
    base, ambiente = hub["base"], hub["ambiente"]
    corso = base / "corso-formatore"
    (corso / "release" / "compito1").mkdir(parents=True)
    compito = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("risposta = None")])
    nbformat.write(compito, corso / "release" / "compito1" / "compito1.ipynb")
    (corso / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = {CORSO!r}\n"
        f"c.CourseDirectory.root = {str(corso)!r}\nc.Exchange.root = {str(base / 'exchange')!r}\n",
        encoding="utf-8")
    nbgrader = [sys.executable, "-m", "nbgrader"]
    rilascio = subprocess.run([*nbgrader, "release_assignment", "compito1", "--force"], cwd=corso,
                              env=ambiente, capture_output=True, text=True, timeout=120)
    assert rilascio.returncode == 0, rilascio.stderr

    url_server = f"{hub['url']}/user/{CORSISTA}"
    intestazioni = {"Authorization": f"token {corsista['token']}"}
    corsi = requests.get(f"{url_server}/courses", headers=intestazioni, timeout=60).json()
    assert corsi["success"] and CORSO in corsi["value"], corsi
    elenco = requests.get(f"{url_server}/assignments", params={"course_id": CORSO},
                          headers=intestazioni, timeout=60).json()
    assert elenco["success"], elenco
    assert [(a["assignment_id"], a["status"]) for a in elenco["value"]] == [("compito1", "released")]
    dati = {"course_id": CORSO, "assignment_id": "compito1"}
    scaricato = requests.post(f"{url_server}/assignments/fetch", data=dati, headers=intestazioni,
                              timeout=60).json()
    assert scaricato["success"], scaricato
    percorso = base / "utenti" / CORSISTA / "compito1" / "compito1.ipynb"
    lavoro = nbformat.read(percorso, as_version=4)
    lavoro.cells[0].source = "risposta = 45"
    nbformat.write(lavoro, percorso)
    consegnato = requests.post(f"{url_server}/assignments/submit", data=dati, headers=intestazioni,
                               timeout=60).json()
    assert consegnato["success"], consegnato

    raccolta = subprocess.run([*nbgrader, "collect", "compito1"], cwd=corso, env=ambiente,
                              capture_output=True, text=True, timeout=120)
    assert raccolta.returncode == 0, raccolta.stderr
    raccolto = corso / "submitted" / CORSISTA / "compito1" / "compito1.ipynb"
    assert "risposta = 45" in raccolto.read_text(encoding="utf-8")
    assert re.search(r"\d{4}-\d\d-\d\d", (raccolto.parent / "timestamp.txt").read_text())

