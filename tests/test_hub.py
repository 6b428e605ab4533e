"""Un JupyterHub vero su 127.0.0.1 con la configurazione d'aula del corso (``hub/jupyterhub_config.py``).

Nel test cambia solo lo spawner: al posto di SystemdSpawner (serve systemd) c'è ``LocalProcessSpawner``,
che avvia il server di ogni persona come **utente Linux vero** con il suo nome, creato dal hub come in
aula (``hub/utenti.py``): per questo il test gira come root (in CI lo è sempre). L'accesso resta quello
vero (NativeAuthenticator, pagine in italiano): il formatore e tre corsisti si registrano, il formatore
li approva. Le lezioni arrivano con nbgitpuller da un repository git servito in locale (l'edizione per i
corsisti). Poi il giro dei compiti con nbgrader e i tentativi di falsificare una consegna.

Un solo hub per tutto il modulo (``xdist_group``): i nomi di utenti, gruppi e corso hanno un suffisso
casuale, così due esecuzioni della suite sulla stessa macchina non si pestano i piedi; alla fine
utenti, gruppi e cartelle vengono cancellati.
"""

from __future__ import annotations

import asyncio
import contextlib
import grp
import json
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import psutil
import pytest
import requests

from avvio_lab import chromium_avviato, ferma, manca, porta_libera
from course.avvio import ESTENSIONI_DEL_FORMATORE, ESTENSIONI_NON_PER_LE_LEZIONI, scrivi_impostazioni
from git_locale import ServerGit, git

pytestmark = pytest.mark.xdist_group("hub")

RADICE = Path(__file__).resolve().parents[1]
CONFIG_AULA = RADICE / "hub" / "jupyterhub_config.py"
LEZIONE = RADICE / "modules" / "00-benvenuto" / "00-benvenuto.ipynb"
LEZIONE_NEL_REPO = "modules/00-benvenuto/00-benvenuto.ipynb"
ARTEFATTI = RADICE / "artefatti"
SUFFISSO = uuid.uuid4().hex[:5]
FORMATORE = f"fo{SUFFISSO}"
CORSISTA, CORSISTA2, CORSISTA3 = (f"c{i}{SUFFISSO}" for i in (1, 2, 3))
PASSWORD = {n: f"Password-di-prova-{n}-2026" for n in (FORMATORE, CORSISTA, CORSISTA2, CORSISTA3)}
CORSO = f"corso-{SUFFISSO}"
KERNEL_INATTIVO = 20  # secondi: nel test i kernel inattivi si spengono presto
ATTESA_MS = 120_000


def _come(nome: str, comando: list[str], *, cartella: Path | str | None = None, ambiente: dict | None = None,
          timeout: float = 300) -> subprocess.CompletedProcess:
    """Esegue ``comando`` come l'utente Linux ``nome`` (con i suoi gruppi), come farebbe dal terminale del Lab."""
    utente = pwd.getpwnam(nome)
    return subprocess.run(comando, user=utente.pw_uid, group=utente.pw_gid,
                          extra_groups=os.getgrouplist(nome, utente.pw_gid), cwd=cartella or utente.pw_dir,
                          env={"HOME": utente.pw_dir, "USER": nome, "PATH": os.environ["PATH"], "LANG": "C.UTF-8",
                               **(ambiente or {})},
                          capture_output=True, text=True, timeout=timeout)


def _ambiente_del_server(hub, nome: str) -> dict:
    """Le variabili che il hub dà al server di ``nome`` (per i comandi «dal terminale» del test)."""
    percorsi = [RADICE / "hub" / "config-aula", RADICE / "hub" / "config-corsisti"]
    if nome != FORMATORE:
        percorsi.insert(0, RADICE / "hub" / "config-solo-corsisti")
    return {"JUPYTER_CONFIG_PATH": os.pathsep.join(map(str, percorsi)), "JUPYTERHUB_USER": nome,
            "AMBITI_LAB_CORSO": CORSO, "AMBITI_LAB_FORMATORE": FORMATORE,
            "AMBITI_LAB_EXCHANGE": str(hub["scambio"]), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}


def _cartelle_da_attraversare(percorsi: list[Path]) -> list[Path]:
    """Le cartelle che contengono ``percorsi`` e che gli altri utenti non possono attraversare (per esempio
    /root, dove pyenv mette Python)."""
    cartelle = []
    for percorso in percorsi:
        reale = Path(os.path.realpath(percorso))
        for cartella in [*reversed(reale.parents), reale]:
            if cartella.is_dir() and not cartella.stat().st_mode & stat.S_IXOTH and cartella not in cartelle:
                cartelle.append(cartella)
    return cartelle


@contextlib.contextmanager
def _raggiungibile_dal_gruppo(gid: int, cartelle: list[Path]):
    """Il Python del test e il corso devono essere raggiungibili dagli utenti del test: il gruppo del corso
    di prova riceve il solo permesso di attraversare ``cartelle``, con un'ACL tolta alla fine (anche da
    :func:`_pulisci_resti`, se la prova viene uccisa): i permessi delle cartelle non cambiano, e due
    esecuzioni della suite in parallelo non si disturbano."""
    if shutil.which("setfacl") is None:
        manca("setfacl (pacchetto acl) non è installato.")
    for cartella in cartelle:
        subprocess.run(["setfacl", "-m", f"g:{gid}:x", str(cartella)], check=True, timeout=60)
    try:
        yield
    finally:
        _togli_acl(gid, cartelle)


def _togli_acl(gid: int, cartelle) -> None:
    for cartella in cartelle:
        subprocess.run(["setfacl", "-x", f"g:{gid}", str(cartella)], capture_output=True, timeout=60)


def _edizione_per_i_corsisti(lavoro: Path, nudi: Path) -> Path:
    """Un repository dell'edizione per i corsisti con la lezione 00, servito come ``ambiti-lab.git``."""
    lavoro.mkdir(parents=True)
    git("init", cartella=lavoro)
    shutil.copytree(LEZIONE.parent, lavoro / "modules" / "00-benvenuto")
    git("add", ".", cartella=lavoro)
    git("commit", "-q", "-m", "Edizione per i corsisti", cartella=lavoro)
    git("clone", "-q", "--bare", str(lavoro), str(nudi / "ambiti-lab.git"), cartella=lavoro)
    git("remote", "add", "origin", str(nudi / "ambiti-lab.git"), cartella=lavoro)
    return lavoro


#: Ogni esecuzione del test scrive qui che cosa crea (utenti, gruppi, ACL, cartella, processo del hub):
#: se viene uccisa prima della fine (kill -9, tempo scaduto in CI, macchina spenta) la successiva lo trova
#: e pulisce, senza toccare ciò che appartiene a un'esecuzione ancora viva.
REGISTRO_PROVE = Path("/tmp/ambiti-lab-prove-hub")


def _processo_vivo(pid: int | None, avvio: float | None) -> bool:
    try:
        return pid is not None and abs(psutil.Process(pid).create_time() - (avvio or 0)) < 1
    except psutil.Error:
        return False


def _pulisci(resti: dict) -> None:
    """Toglie utenti (con i loro processi e le case), gruppi, ACL e cartella descritti in ``resti``."""
    if _processo_vivo(resti.get("hub"), resti.get("avvio_hub")):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(resti["hub"], signal.SIGKILL)  # il hub (e il suo proxy) di una prova uccisa
    esistenti = {u.pw_name: u.pw_uid for u in pwd.getpwall()}
    nomi = [n for n in resti.get("utenti", []) if n in esistenti]
    uid = {esistenti[n] for n in nomi}
    for processo in psutil.process_iter(["uids"]):
        with contextlib.suppress(psutil.Error):
            if processo.info["uids"] and processo.info["uids"].real in uid:
                processo.send_signal(signal.SIGKILL)
    for nome in nomi:
        subprocess.run(["userdel", "--remove", nome], capture_output=True, timeout=60)
    for gruppo in resti.get("gruppi", []):
        subprocess.run(["groupdel", gruppo], capture_output=True, timeout=60)
    if resti.get("gid") is not None:
        _togli_acl(resti["gid"], resti.get("acl", []))
    if resti.get("base"):
        shutil.rmtree(resti["base"], ignore_errors=True)


def _registra_resti(resti: dict) -> None:
    REGISTRO_PROVE.mkdir(mode=0o700, exist_ok=True)
    provvisorio = REGISTRO_PROVE / f".{resti['suffisso']}.json"
    provvisorio.write_text(json.dumps(resti), encoding="utf-8")
    provvisorio.replace(REGISTRO_PROVE / f"{resti['suffisso']}.json")


def _pulisci_resti() -> list[str]:
    """Pulisce ciò che hanno lasciato le prove del hub uccise prima della fine; restituisce i loro suffissi."""
    puliti = []
    for file in sorted(REGISTRO_PROVE.glob("*.json")) if REGISTRO_PROVE.is_dir() else []:
        try:
            resti = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if _processo_vivo(resti.get("pid"), resti.get("avvio")):
            continue  # un'altra esecuzione della suite, ancora al lavoro
        _pulisci(resti)
        file.unlink(missing_ok=True)
        puliti.append(resti.get("suffisso", file.stem))
    return puliti


@pytest.fixture(scope="module")
def hub():
    if shutil.which("configurable-http-proxy") is None:
        manca("configurable-http-proxy (npm) non è installato.")
    if os.geteuid() != 0:
        manca("Il test del hub crea utenti Linux veri: va eseguito come root.")
    if shutil.which("git") is None:
        manca("git non è installato.")
    _pulisci_resti()
    # Cartella corta e attraversabile da tutti (le cartelle temporanee di pytest sono 0700).
    base = Path(tempfile.mkdtemp(prefix="hub", dir="/tmp"))
    io = psutil.Process()
    resti = {"suffisso": SUFFISSO, "pid": io.pid, "avvio": io.create_time(), "base": str(base),
             "utenti": [FORMATORE, CORSISTA, CORSISTA2, CORSISTA3, f"c4{SUFFISSO}"],
             "gruppi": [f"corsisti-{CORSO}", f"formatori-{CORSO}"],
             "acl": [str(c) for c in _cartelle_da_attraversare([Path(sys.executable), Path(sys.base_prefix), RADICE])]}
    _registra_resti(resti)
    os.chmod(base, 0o755)
    (base / "case").mkdir(mode=0o755)
    (base / "git").mkdir()
    server_git = ServerGit(base / "git")
    edizione = _edizione_per_i_corsisti(base / "edizione", base / "git")
    porta, porta_hub, porta_proxy = porta_libera(), porta_libera(), porta_libera()
    config = base / "jupyterhub_config_test.py"
    config.write_text(
        f"load_subconfig({str(CONFIG_AULA)!r})\n"
        "# Solo per il test: processi locali (utenti Linux veri) al posto di SystemdSpawner.\n"
        "c.JupyterHub.spawner_class = 'jupyterhub.spawner.LocalProcessSpawner'\n"
        f"c.Spawner.cmd = [{sys.executable!r}, '-m', 'jupyterhub.singleuser']\n"
        f"c.JupyterHub.hub_port = {porta_hub}\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{porta_proxy}'\n"
        "c.JupyterHub.services = []\n"
        "c.JupyterHub.load_roles = []\n"
        "# Solo per il test: dal browser si passa sempre dalla pagina di avvio, anche se il server è veloce.\n"
        "c.JupyterHub.tornado_settings = {'slow_spawn_timeout': 0}\n"
        "# Solo per il test: finché esiste base/attendi-<nome>, l'avvio del server di <nome> aspetta (così la\n"
        "# pagina di attesa si può guardare con calma).\n"
        "import asyncio as _asyncio, pathlib as _pathlib\n"
        "_prepara = c.Spawner.pre_spawn_hook\n"
        "async def _prepara_con_attesa(spawner):\n"
        f"    segnale = _pathlib.Path({str(base)!r}) / f'attendi-{{spawner.user.name}}'\n"
        "    for _ in range(1800):\n"
        "        if not segnale.exists():\n"
        "            break\n"
        "        await _asyncio.sleep(0.1)\n"
        "    return _prepara(spawner)\n"
        "c.Spawner.pre_spawn_hook = _prepara_con_attesa\n",
        encoding="utf-8",
    )
    ambiente = {
        **os.environ,
        "AMBITI_LAB_STATO": str(base / "stato"),
        "AMBITI_LAB_INDIRIZZO": f"http://127.0.0.1:{porta}",
        "AMBITI_LAB_EXCHANGE": str(base / "scambio"),
        "AMBITI_LAB_CASE": str(base / "case"),
        "AMBITI_LAB_FORMATORE": FORMATORE,
        "AMBITI_LAB_CORSO": CORSO,
        "AMBITI_LAB_LEZIONI": server_git.url("ambiti-lab.git"),
        "AMBITI_LAB_KERNEL_INATTIVO": str(KERNEL_INATTIVO),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    # Come l'installazione di hub/LEGGIMI.md: il Lab dell'ambiente in italiano.
    scrivi_impostazioni()
    registro = open(base / "hub.log", "wb")
    url = f"http://127.0.0.1:{porta}"
    processo = None
    # i gruppi del corso di prova esistono prima del hub: servono alle ACL (il hub li riusa)
    for gruppo in resti["gruppi"]:
        subprocess.run(["groupadd", gruppo], check=True, capture_output=True, timeout=60)
    resti["gid"] = grp.getgrnam(f"corsisti-{CORSO}").gr_gid  # il numero: alla fine il gruppo non c'è più
    _registra_resti(resti)
    with _raggiungibile_dal_gruppo(resti["gid"], [Path(c) for c in resti["acl"]]):
        try:
            processo = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=base,
                                        env=ambiente, stdout=registro, stderr=subprocess.STDOUT,
                                        start_new_session=True)
            resti.update(hub=processo.pid, avvio_hub=psutil.Process(processo.pid).create_time())
            _registra_resti(resti)
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
            yield {"url": url, "base": base, "ambiente": ambiente, "scambio": base / "scambio",
                   "git": server_git, "edizione": edizione}
        finally:
            if processo is not None:
                ferma(processo)
            registro.close()
            server_git.ferma()
            _pulisci(resti)
            (REGISTRO_PROVE / f"{SUFFISSO}.json").unlink(missing_ok=True)


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


def _avvia_server(hub, nome: str, token: str) -> None:
    url = hub["url"]
    intestazioni = {"Authorization": f"token {token}"}
    avvio = requests.post(f"{url}/hub/api/users/{nome}/server", headers=intestazioni, timeout=60)
    assert avvio.status_code in (201, 202, 400), avvio.text + (hub["base"] / "hub.log").read_text()[-4000:]  # 400: già avviato
    for _ in range(1200):
        stato = requests.get(f"{url}/hub/api/users/{nome}", headers=intestazioni, timeout=30).json()
        if stato["servers"].get("", {}).get("ready"):
            return
        time.sleep(0.1)
    pytest.fail(f"Il server di {nome} non è partito in 120 s:\n" + (hub["base"] / "hub.log").read_text()[-3000:])


def _ferma_server(hub, nome: str, token: str) -> None:
    url = hub["url"]
    intestazioni = {"Authorization": f"token {token}"}
    requests.delete(f"{url}/hub/api/users/{nome}/server", headers=intestazioni, timeout=60)
    for _ in range(600):
        stato = requests.get(f"{url}/hub/api/users/{nome}", headers=intestazioni, timeout=30).json()
        if not stato["servers"]:
            return
        time.sleep(0.1)
    pytest.fail(f"Il server di {nome} non si è fermato in 60 s")


@pytest.fixture(scope="module")
def persone(hub):
    """Formatore e tre corsisti registrati e approvati; il formatore e due corsisti con il server avviato
    (dall'API, senza passare dalla pagina iniziale); il terzo corsista non è mai entrato."""
    url = hub["url"]
    for nome in (FORMATORE, CORSISTA, CORSISTA2, CORSISTA3):
        assert _registra(url, nome).ok
    # Prima dell'approvazione una corsista non entra.
    assert _entra(url, CORSISTA).get(f"{url}/hub/home", timeout=30).url.startswith(f"{url}/hub/login")
    formatore = _entra(url, FORMATORE)
    assert "/hub/home" in formatore.get(f"{url}/hub/home", timeout=30).url
    for nome in (CORSISTA, CORSISTA2, CORSISTA3):
        assert formatore.get(f"{url}/hub/authorize/{nome}", timeout=30).ok
    sessioni = {FORMATORE: formatore, **{n: _entra(url, n) for n in (CORSISTA, CORSISTA2, CORSISTA3)}}
    token = {n: _token(url, s, n) for n, s in sessioni.items()}
    for nome in (FORMATORE, CORSISTA, CORSISTA2):
        _avvia_server(hub, nome, token[nome])
    return {"token": token, "sessioni": sessioni}


@pytest.fixture(scope="module")
def browser():
    with chromium_avviato(ARTEFATTI) as chromium:
        yield chromium


def _entra_nel_browser(browser, hub, nome: str, *, dopo: str | None = None):
    """Una finestra nuova del browser, con ``nome`` che entra dalla pagina di accesso in italiano."""
    contesto = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
    pagina = contesto.new_page()
    pagina.set_default_timeout(ATTESA_MS)
    # senza «dopo» si entra come dalla pagina del hub: JupyterHub avvia il server e apre la pagina iniziale
    pagina.goto(f"{hub['url']}/hub/login" + (f"?next={requests.utils.quote(dopo, safe='')}" if dopo else ""))
    pagina.get_by_label("Nome utente").fill(nome)
    pagina.get_by_label("Password").fill(PASSWORD[nome])
    pagina.get_by_role("button", name="Entra").click()
    return contesto, pagina


# --- Accesso, utenti di sistema ------------------------------------------------------------------

def test_password_sbagliata_e_utente_sconosciuto_non_entrano(hub):
    url = hub["url"]
    for nome, password in [("nessuno", "Password-qualsiasi-1"), (FORMATORE, "sbagliata-del-tutto")]:
        sessione = _entra(url, nome, password)
        assert sessione.get(f"{url}/hub/home", timeout=30).url.startswith(f"{url}/hub/login")


def _elenco_registrati(hub) -> set[str]:
    import sqlite3

    with sqlite3.connect(hub["base"] / "stato" / "jupyterhub.sqlite") as db:
        return {riga[0] for riga in db.execute("SELECT username FROM users_info")}


def test_registrazione_con_password_debole_o_nome_non_valido_rifiutata(hub):
    for nome, password in (("debole", "corta"), ("Nome Con Spazi", "Password-lunga-abbastanza-1"),
                           ("-trattino", "Password-lunga-abbastanza-1")):
        sessione = requests.Session()
        xsrf = _xsrf(sessione, f"{hub['url']}/hub/signup")
        risposta = sessione.post(f"{hub['url']}/hub/signup", timeout=30, data={
            "_xsrf": xsrf, "username": nome, "signup_password": password,
            "signup_password_confirmation": password})
        assert risposta.ok
        assert "Registrazione non riuscita" in risposta.text
        assert nome.lower() not in _elenco_registrati(hub)


def test_gruppi_nbgrader_e_formatore_amministratore(hub, persone):
    intestazioni = {"Authorization": f"token {persone['token'][FORMATORE]}"}
    utenti = {u["name"]: u for u in requests.get(f"{hub['url']}/hub/api/users", headers=intestazioni,
                                                 timeout=30).json()}
    assert utenti[FORMATORE]["admin"] is True and utenti[CORSISTA]["admin"] is False
    assert f"nbgrader-{CORSO}" in utenti[CORSISTA]["groups"]
    assert f"formgrade-{CORSO}" in utenti[FORMATORE]["groups"]
    assert f"formgrade-{CORSO}" not in utenti[CORSISTA]["groups"]


def test_ognuno_e_un_utente_linux_stabile_con_la_casa_privata(hub, persone):
    """Un utente Linux per persona, con il suo nome e la casa 0700; lo stesso uid quando il server riparte."""
    persone_linux = {n: pwd.getpwnam(n) for n in (FORMATORE, CORSISTA, CORSISTA2)}
    for nome, utente in persone_linux.items():
        casa = Path(utente.pw_dir)
        assert casa.parent == hub["base"] / "case"
        assert stat.S_IMODE(casa.stat().st_mode) == 0o700, f"la casa di {nome} deve essere 0700"
        assert casa.stat().st_uid == utente.pw_uid
        # il server gira davvero come quell'utente, non come root
        processi = [p for p in psutil.process_iter(["uids", "cmdline"])
                    if p.info["uids"] and p.info["uids"].real == utente.pw_uid
                    and "jupyterhub.singleuser" in " ".join(p.info["cmdline"] or [])]
        assert processi, f"nessun server di {nome} con il suo uid"
    assert grp.getgrgid(persone_linux[FORMATORE].pw_gid).gr_name == f"formatori-{CORSO}"
    # una corsista non legge la cartella del formatore né quella di un'altra corsista
    for altro in (FORMATORE, CORSISTA2):
        prova = _come(CORSISTA, ["ls", persone_linux[altro].pw_dir])
        assert prova.returncode != 0 and "Permission denied" in prova.stderr, prova
    # uid stabile: il server riparte con lo stesso utente, e i file di prima sono ancora suoi
    (Path(persone_linux[CORSISTA2].pw_dir) / "prova.txt").write_text("mio")
    os.chown(Path(persone_linux[CORSISTA2].pw_dir) / "prova.txt", persone_linux[CORSISTA2].pw_uid, -1)
    _ferma_server(hub, CORSISTA2, persone["token"][CORSISTA2])
    _avvia_server(hub, CORSISTA2, persone["token"][CORSISTA2])
    assert pwd.getpwnam(CORSISTA2).pw_uid == persone_linux[CORSISTA2].pw_uid
    assert (Path(persone_linux[CORSISTA2].pw_dir) / "prova.txt").stat().st_uid == persone_linux[CORSISTA2].pw_uid


def test_un_utente_di_sistema_gia_esistente_non_diventa_un_corsista(hub):
    """Chi si registra come «daemon» (o come un altro account del server) non ottiene mai un server con quell'utente."""
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("utenti_hub", RADICE / "hub" / "utenti.py")
    utenti = module_from_spec(spec)
    spec.loader.exec_module(utenti)
    # «nobody» e «root»: esistono su ogni Linux, e la loro casa non si tocca nemmeno se il controllo sbagliasse
    with pytest.raises(utenti.ErroreUtente, match="non creato dal hub"):
        utenti.prepara_utente("nobody", corso=CORSO, case=hub["base"] / "case")
    with pytest.raises(utenti.ErroreUtente, match="non creato dal hub"):
        utenti.prepara_utente("root", corso=CORSO, case=hub["base"] / "case")


# --- Lezioni: nbgitpuller dall'edizione per i corsisti -------------------------------------------

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


def test_la_corsista_esegue_la_lezione_00_sul_suo_server(hub, persone):
    url_server = f"{hub['url']}/user/{CORSISTA}"
    token = persone["token"][CORSISTA]
    intestazioni = {"Authorization": f"token {token}"}
    # Il server risponde attraverso il proxy del hub, e solo con le credenziali.
    assert requests.get(f"{url_server}/api/status", headers=intestazioni, timeout=30).ok
    senza = requests.get(f"{url_server}/api/contents", timeout=30, allow_redirects=False)
    assert senza.status_code in (302, 403)
    quaderno = nbformat.read(LEZIONE, as_version=4)
    caricato = requests.put(f"{url_server}/api/contents/00-benvenuto.ipynb", headers=intestazioni,
                            json={"type": "notebook", "content": quaderno}, timeout=30)
    assert caricato.status_code in (200, 201), caricato.text
    salvato = Path(pwd.getpwnam(CORSISTA).pw_dir) / "00-benvenuto.ipynb"
    assert salvato.stat().st_uid == pwd.getpwnam(CORSISTA).pw_uid, "i file della corsista sono suoi"
    codici = [c.source for c in quaderno.cells if c.cell_type == "code"
              and "raises-exception" not in c.metadata.get("tags", [])]
    problemi = asyncio.run(_esegui_nel_kernel(url_server, token, codici))
    assert problemi == []
    # Nel Lab della corsista gli strumenti nbgrader del formatore sono spenti.
    pagina = requests.get(f"{url_server}/lab", headers=intestazioni, timeout=30)
    assert pagina.ok, pagina.status_code
    configurazione = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', pagina.text, re.S).group(1))
    assert set(ESTENSIONI_DEL_FORMATORE) <= set(configurazione["disabledExtensions"])
    # e «Validate» di nbgrader (in inglese, e su una lezione dice che «passa tutti i test») e il debugger
    assert set(ESTENSIONI_NON_PER_LE_LEZIONI) <= set(configurazione["disabledExtensions"])


def _aspetta_la_lezione(pagina, nome_corsista: str) -> None:
    pagina.wait_for_url(re.compile(r".*/lab/tree/ambiti-lab/modules/00-benvenuto/00-benvenuto\.ipynb.*"))
    pagina.get_by_role("heading", name=re.compile("Benvenuto nel laboratorio")).first.wait_for()
    pagina.get_by_role("tab", name=re.compile("00-benvenuto.ipynb")).first.wait_for()
    pagina.get_by_text("Esegui", exact=True).first.wait_for()  # il Lab è in italiano
    # anche le frasi che il pacchetto della lingua non traduce (course.lab_italiano, da config-aula)
    assert pagina.get_by_text("Modified", exact=True).count() == 0
    assert pagina.get_by_text("Impossibile trovare").count() == 0
    assert pagina.get_by_text("Cannot find").count() == 0
    assert pagina.get_by_text("Validate", exact=True).count() == 0  # il bottone di nbgrader è spento


def test_il_link_del_formatore_apre_la_lezione_00(hub, persone, browser):
    """Il link di ``ambiti-lab sessione link`` (repository che finisce in .git) clona in ambiti-lab/ e apre la lezione."""
    link = subprocess.run([sys.executable, "-m", "course.cli", "sessione", "link", "--hub", hub["url"],
                           "--repo", hub["git"].url("ambiti-lab.git")], capture_output=True, text=True, timeout=60)
    assert link.returncode == 0, link.stderr
    indirizzo = link.stdout.strip()
    # la corsista ha il server già acceso (la pagina iniziale non ha clonato nulla): il link fa tutto
    casa = Path(pwd.getpwnam(CORSISTA).pw_dir)
    assert not (casa / "ambiti-lab").exists()
    contesto, pagina = _entra_nel_browser(browser, hub, CORSISTA, dopo=indirizzo.removeprefix(hub["url"]))
    try:
        _aspetta_la_lezione(pagina, CORSISTA)
        pagina.screenshot(path=str(ARTEFATTI / "hub-link-lezione-00.png"))
    finally:
        contesto.close()
    assert (casa / "ambiti-lab" / LEZIONE_NEL_REPO).is_file()
    assert not (casa / "ambiti-lab.git").exists()


def test_primo_accesso_apre_la_lezione_00_e_il_secondo_tiene_le_modifiche(hub, persone, browser):
    """Chi entra per la prima volta trova la lezione 00 dell'edizione per i corsisti; al secondo accesso
    nbgitpuller porta le novità del formatore e lascia le modifiche della corsista."""
    casa = Path(pwd.getpwnam(CORSISTA3).pw_dir) if CORSISTA3 in {u.pw_name for u in pwd.getpwall()} else None
    assert casa is None, "la terza corsista non deve essere mai entrata"
    contesto, pagina = _entra_nel_browser(browser, hub, CORSISTA3)
    try:
        _aspetta_la_lezione(pagina, CORSISTA3)
        pagina.screenshot(path=str(ARTEFATTI / "hub-primo-accesso-lezione-00.png"))
    finally:
        contesto.close()
    lezione = Path(pwd.getpwnam(CORSISTA3).pw_dir) / "ambiti-lab" / LEZIONE_NEL_REPO
    assert lezione.is_file() and lezione.stat().st_uid == pwd.getpwnam(CORSISTA3).pw_uid

    # la corsista scrive nella lezione (come salvando dal Lab)
    token = persone["token"][CORSISTA3]
    intestazioni = {"Authorization": f"token {token}"}
    indirizzo = f"{hub['url']}/user/{CORSISTA3}/api/contents/ambiti-lab/{LEZIONE_NEL_REPO}"
    quaderno = requests.get(indirizzo, headers=intestazioni, timeout=30).json()["content"]
    quaderno["cells"].append(nbformat.v4.new_markdown_cell("Appunti della corsista: da rivedere con il formatore."))
    assert requests.put(indirizzo, headers=intestazioni, json={"type": "notebook", "content": quaderno},
                        timeout=30).status_code == 200
    # il formatore pubblica una novità nell'edizione per i corsisti
    edizione = hub["edizione"]
    (edizione / "modules" / "00-benvenuto" / "novita.md").write_text("# Novità della settimana\n", encoding="utf-8")
    git("add", ".", cartella=edizione)
    git("commit", "-q", "-m", "Novità", cartella=edizione)
    git("push", "-q", "origin", "HEAD:main", cartella=edizione)

    _ferma_server(hub, CORSISTA3, token)
    contesto, pagina = _entra_nel_browser(browser, hub, CORSISTA3)
    try:
        _aspetta_la_lezione(pagina, CORSISTA3)
        pagina.screenshot(path=str(ARTEFATTI / "hub-secondo-accesso-lezione-00.png"))
    finally:
        contesto.close()
    assert "Appunti della corsista" in lezione.read_text(encoding="utf-8")
    assert (lezione.parent / "novita.md").is_file()


# --- Kernel inattivi -----------------------------------------------------------------------------

def test_i_kernel_inattivi_si_spengono(hub, persone):
    """Un kernel che non esegue nulla per AMBITI_LAB_KERNEL_INATTIVO secondi si spegne (nel test: 20 s)."""
    url_server = f"{hub['url']}/user/{CORSISTA2}"
    intestazioni = {"Authorization": f"token {persone['token'][CORSISTA2]}"}
    kernel = requests.post(f"{url_server}/api/kernels", json={"name": "python3"}, headers=intestazioni,
                           timeout=60).json()["id"]
    for _ in range(300):
        if kernel not in {k["id"] for k in requests.get(f"{url_server}/api/kernels", headers=intestazioni,
                                                         timeout=30).json()}:
            break
        time.sleep(1)
    else:
        pytest.fail("Il kernel inattivo è ancora acceso dopo 5 minuti")


# --- Compiti: il formatore lavora sul hub, le consegne non si falsificano -------------------------

def _nbgrader_lab(hub, persone, nome: str, azione: str, compito: str) -> dict:
    url_server = f"{hub['url']}/user/{nome}"
    intestazioni = {"Authorization": f"token {persone['token'][nome]}"}
    risposta = requests.post(f"{url_server}/assignments/{azione}", data={"course_id": CORSO, "assignment_id": compito},
                             headers=intestazioni, timeout=120).json()
    assert risposta["success"], risposta
    return risposta


@pytest.fixture(scope="module")
def compito_rilasciato(hub, persone):
    """Il formatore, dal suo «terminale» sul hub, crea il suo corso, genera e rilascia modulo-01 come dice la guida."""
    casa = Path(pwd.getpwnam(FORMATORE).pw_dir)
    ambiente = _ambiente_del_server(hub, FORMATORE)
    creato = _come(FORMATORE, [sys.executable, "-m", "course.cli", "valuta", "genera", "modulo-01", "--corso",
                               "grading"], ambiente=ambiente, timeout=600)
    assert creato.returncode == 0, creato.stdout + creato.stderr
    corso = casa / "grading"
    # «cd grading && ambiti-lab valuta genera»: con AMBITI_LAB_CORSO del hub (l'identificativo del corso)
    generato = _come(FORMATORE, [sys.executable, "-m", "course.cli", "valuta", "genera", "modulo-01"],
                     cartella=corso, ambiente=ambiente, timeout=600)
    assert generato.returncode == 0, generato.stdout + generato.stderr
    rilascio = _come(FORMATORE, [sys.executable, "-m", "nbgrader", "release_assignment", "modulo-01", "--force"],
                     cartella=corso, ambiente=ambiente)
    assert rilascio.returncode == 0, rilascio.stderr
    return corso


def test_consegne_protette_e_raccolta_che_rifiuta_i_falsi(hub, persone, compito_rilasciato):
    """Una consegna è leggibile solo dall'autore e dal formatore; chi consegna a nome di un altro
    (``--Authenticator.plugin_class=nbgrader.auth.NoAuthPlugin``) viene scoperto e rifiutato alla raccolta,
    e la consegna vera resta quella raccolta. Nessun corsista crea corsi nello scambio."""
    corso, scambio = compito_rilasciato, hub["scambio"]
    # corsista2 scarica e consegna dal Lab (pannello dei compiti)
    _nbgrader_lab(hub, persone, CORSISTA2, "fetch", "modulo-01")
    lavoro = Path(pwd.getpwnam(CORSISTA2).pw_dir) / "modulo-01" / "modulo-01.ipynb"
    quaderno = nbformat.read(lavoro, as_version=4)
    quaderno.cells.append(nbformat.v4.new_markdown_cell("LAVORO VERO della corsista 2"))
    nbformat.write(quaderno, lavoro)
    _nbgrader_lab(hub, persone, CORSISTA2, "submit", "modulo-01")
    inbound = scambio / CORSO / "inbound"
    vera = next(inbound.glob(f"{CORSISTA2}+modulo-01+*"))
    info = vera.stat()
    assert stat.S_IMODE(info.st_mode) & 0o007 == 0, f"la consegna è aperta a tutti: {oct(info.st_mode)}"
    assert grp.getgrgid(info.st_gid).gr_name == f"formatori-{CORSO}"
    assert stat.S_IMODE(info.st_mode) & 0o040, "il formatore deve poterla leggere"

    # corsista1 prova di tutto dal suo terminale
    ambiente = _ambiente_del_server(hub, CORSISTA)
    assert _come(CORSISTA, ["ls", str(inbound)]).returncode != 0, "inbound non si elenca"
    assert _come(CORSISTA, ["cat", str(vera / "modulo-01.ipynb")]).returncode != 0, "non si legge la consegna altrui"
    assert _come(CORSISTA, ["rm", "-rf", str(vera)]).returncode != 0 and vera.is_dir(), "non si cancella"
    assert _come(CORSISTA, ["mv", str(vera), str(inbound / "rubata")]).returncode != 0 and vera.is_dir()
    assert _come(CORSISTA, ["touch", str(vera / "intruso.txt")]).returncode != 0
    assert _come(CORSISTA, ["mkdir", str(scambio / "corso-finto")]).returncode != 0
    assert not (scambio / "corso-finto").exists()
    _nbgrader_lab(hub, persone, CORSISTA, "fetch", "modulo-01")
    falso = Path(pwd.getpwnam(CORSISTA).pw_dir) / "modulo-01" / "modulo-01.ipynb"
    quaderno = nbformat.read(falso, as_version=4)
    quaderno.cells.append(nbformat.v4.new_markdown_cell("CONSEGNA FALSA a nome della corsista 2"))
    nbformat.write(quaderno, falso)
    time.sleep(0.01)  # la consegna falsa è più recente di quella vera
    falsificata = _come(CORSISTA, [sys.executable, "-m", "nbgrader", "submit", "modulo-01", "--course", CORSO,
                                   f"--student={CORSISTA2}", "--Authenticator.plugin_class=nbgrader.auth.NoAuthPlugin"],
                        ambiente=ambiente)
    assert falsificata.returncode == 0, falsificata.stderr  # nbgrader la accetta: la scopre la raccolta
    assert len(list(inbound.glob(f"{CORSISTA2}+modulo-01+*"))) == 2

    # il formatore raccoglie con il comando del corso: il falso è rifiutato e segnalato in italiano
    ambiente_formatore = _ambiente_del_server(hub, FORMATORE)
    raccolta = _come(FORMATORE, [sys.executable, "-m", "course.cli", "valuta", "raccogli", "modulo-01", str(scambio)],
                     cartella=corso, ambiente=ambiente_formatore)
    assert raccolta.returncode == 0, raccolta.stderr
    assert "RIFIUTATE" in raccolta.stdout and f"appartiene a «{CORSISTA}», non a «{CORSISTA2}»" in raccolta.stdout, raccolta.stdout
    raccolto = corso / "submitted" / CORSISTA2 / "modulo-01" / "modulo-01.ipynb"
    assert "LAVORO VERO" in raccolto.read_text(encoding="utf-8")
    assert "CONSEGNA FALSA" not in raccolto.read_text(encoding="utf-8")
    # e con nbgrader (anche il formgrader): le date scritte da raccogli si leggono, il falso non passa
    nbgrader = _come(FORMATORE, [sys.executable, "-m", "nbgrader", "collect", "modulo-01", "--update"],
                     cartella=corso, ambiente=ambiente_formatore)
    assert nbgrader.returncode == 0, nbgrader.stderr
    assert "RIFIUTATA" in nbgrader.stderr, nbgrader.stderr
    assert "CONSEGNA FALSA" not in raccolto.read_text(encoding="utf-8")
    assert "LAVORO VERO" in raccolto.read_text(encoding="utf-8")


# --- Pagine del hub in italiano ----------------------------------------------------------------

INGLESE = re.compile(r"\b(Sign ?in|Sign ?up|Username|Password:|Create User|Authorize|Unauthorize|Discard|"
                     r"Change Password|Logout|has not been authorized|sent to the admin|Login)\b")


def _testo(pagina) -> str:
    return pagina.locator("body").inner_text()


def test_pagine_di_accesso_registrazione_attesa_e_approvazione_in_italiano(hub, persone, browser):
    contesto = browser.new_context(locale="it-IT", viewport={"width": 1100, "height": 800})
    pagina = contesto.new_page()
    pagina.set_default_timeout(ATTESA_MS)
    try:
        pagina.goto(f"{hub['url']}/hub/signup")
        assert pagina.evaluate("document.documentElement.lang") == "it"
        assert "Registrati" in _testo(pagina) and not INGLESE.search(_testo(pagina)), _testo(pagina)
        pagina.screenshot(path=str(ARTEFATTI / "hub-registrazione.png"))
        nuovo = f"c4{SUFFISSO}"
        pagina.get_by_label("Nome utente").fill(nuovo)
        pagina.get_by_label("Password", exact=True).fill("Password-nuova-di-prova-4")
        pagina.get_by_label("Ripeti la password").fill("Password-nuova-di-prova-4")
        pagina.get_by_role("button", name="Registrati").click()
        pagina.get_by_text("Registrazione ricevuta").wait_for()
        assert not INGLESE.search(_testo(pagina)), _testo(pagina)
        pagina.screenshot(path=str(ARTEFATTI / "hub-registrazione-ricevuta.png"))

        pagina.goto(f"{hub['url']}/hub/login")
        assert "Entra nel corso" in _testo(pagina) and not INGLESE.search(_testo(pagina)), _testo(pagina)
        pagina.screenshot(path=str(ARTEFATTI / "hub-accesso.png"))
        pagina.get_by_label("Nome utente").fill(nuovo)
        pagina.get_by_label("Password").fill("Password-nuova-di-prova-4")
        pagina.get_by_role("button", name="Entra").click()
        pagina.get_by_text("non ha ancora approvato").wait_for()
        assert not INGLESE.search(_testo(pagina)), _testo(pagina)
        pagina.screenshot(path=str(ARTEFATTI / "hub-in-attesa-di-approvazione.png"))
    finally:
        contesto.close()

    contesto, pagina = _entra_nel_browser(browser, hub, FORMATORE, dopo="/hub/authorize")
    try:
        pagina.get_by_role("heading", name="Approva i corsisti").wait_for()
        assert pagina.evaluate("document.documentElement.lang") == "it"
        riga = pagina.locator(f"tr#{nuovo}")
        assert "in attesa" in riga.inner_text()
        assert not INGLESE.search(_testo(pagina)), _testo(pagina)
        pagina.screenshot(path=str(ARTEFATTI / "hub-approva-i-corsisti.png"), full_page=True)
        riga.get_by_role("button", name="Approva").click()
        pagina.locator(f"tr#{nuovo}").get_by_text("approvato", exact=True).wait_for()
        assert not INGLESE.search(_testo(pagina)), _testo(pagina)
    finally:
        contesto.close()


def test_esempi_dei_moduli_del_hub():
    """hub/ non è nel pacchetto: i suoi esempi (doctest) si eseguono qui."""
    import doctest
    from importlib.util import module_from_spec, spec_from_file_location

    for nome in ("messaggi", "utenti"):
        spec = spec_from_file_location(f"hub_{nome}", RADICE / "hub" / f"{nome}.py")
        modulo = module_from_spec(spec)
        spec.loader.exec_module(modulo)
        esito = doctest.testmod(modulo)
        assert esito.attempted > 0 and esito.failed == 0, nome


def test_solo_i_corsisti_non_vedono_gli_strumenti_del_formatore(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from traitlets.config import Config

    monkeypatch.setenv("AMBITI_LAB_STATO", str(tmp_path / "stato"))
    config = Config()
    exec(compile(CONFIG_AULA.read_text(encoding="utf-8"), str(CONFIG_AULA), "exec"),
         {"get_config": lambda: config, "__file__": str(CONFIG_AULA)})
    percorso = config.Spawner.environment["JUPYTER_CONFIG_PATH"]
    corsista = percorso(SimpleNamespace(user=SimpleNamespace(name=CORSISTA))).split(os.pathsep)
    formatore = percorso(SimpleNamespace(user=SimpleNamespace(name="formatore"))).split(os.pathsep)
    assert formatore == [str(RADICE / "hub" / "config-aula"), str(RADICE / "hub" / "config-corsisti")]
    assert corsista == [str(RADICE / "hub" / "config-solo-corsisti"), *formatore]
    pagina = json.loads((Path(corsista[0]) / "labconfig" / "page_config.json").read_text(encoding="utf-8"))
    # come con «ambiti-lab avvia»: niente strumenti del formatore, niente «Validate» (inglese) né debugger
    assert set(pagina["disabledExtensions"]) == {*ESTENSIONI_DEL_FORMATORE, *ESTENSIONI_NON_PER_LE_LEZIONI}, \
        "allinea il file a course.avvio"
    # nessun utente dinamico di systemd: gli uid devono restare quelli delle consegne
    assert config.SystemdSpawner.dynamic_users is False



# --- Tutte le pagine del hub in italiano (corsista e formatore) ----------------------------------

#: Le parole inglesi delle pagine di JupyterHub (5.x) che un corsista o il formatore vedrebbero.
INGLESE_DEL_HUB = re.compile(
    r"\b(Start My Server|Stop My Server|My Server|Server not running|Spawn failed|Launch Server|Relaunch|"
    r"Your server|is starting up|will be redirected|Event log|Complete|API Tokens?|Request new|Your new API|"
    r"Permissions|Last used|Created|Expires|Never|revoke|Authorized Applications|Token|Home|Admin|Services|"
    r"Logout|Login|Not Found|Forbidden|Successfully logged out|moons|Add Users|Edit User|Shut ?down Hub|"
    r"Start All|Stop All|Manage Groups|Refresh|Previous|Next|ago|in a few seconds|Authorize access|"
    r"would like permission|refresh|Server Options)\b")


def _senza_inglese(pagina, nome_foto: str) -> str:
    testo = _testo(pagina)
    assert pagina.evaluate("document.documentElement.lang") == "it"
    trovate = sorted({m.group(0) for m in INGLESE_DEL_HUB.finditer(testo)})
    pagina.screenshot(path=str(ARTEFATTI / nome_foto), full_page=True)
    assert not trovate, f"{pagina.url}: parole inglesi {trovate}\n{testo}"
    return testo


def test_ogni_pagina_del_hub_e_in_italiano(hub, persone, browser):
    """Le pagine che un corsista e il formatore vedono sul hub, nel browser: il mio spazio (server acceso,
    fermato, spento), avvio in corso, server spento, chiavi di accesso, server dei corsisti, errore, uscita."""
    # la corsista 2 ha il server acceso (avviato dall'API); entra e va al suo spazio
    contesto, pagina = _entra_nel_browser(browser, hub, CORSISTA2, dopo="/hub/home")
    try:
        pagina.wait_for_url(re.compile(r".*/hub/home$"))
        pagina.get_by_role("button", name="Ferma il mio server").wait_for()
        testo = _senza_inglese(pagina, "hub-mio-spazio-server-acceso.png")
        assert "Il tuo server è acceso" in testo and "Apri il mio server" in testo
        # ferma il server: home.js di JupyterHub riscrive il pulsante (in inglese, senza la pagina del corso)
        pagina.get_by_role("button", name="Ferma il mio server").click()
        pagina.locator("#stop").wait_for(state="hidden")
        pagina.get_by_role("button", name="Avvia il mio server").wait_for()
        assert "Il tuo server è spento" in _senza_inglese(pagina, "hub-mio-spazio-server-fermato.png")
        pagina.reload()
        pagina.get_by_role("button", name="Avvia il mio server").wait_for()
        _senza_inglese(pagina, "hub-mio-spazio-server-spento.png")

        # un link al server spento: la pagina «server spento», poi l'avvio con la sua pagina di attesa
        pagina.goto(f"{hub['url']}/hub/user/{CORSISTA2}/lab")
        pagina.get_by_role("heading", name="Il tuo server è spento").wait_for()
        _senza_inglese(pagina, "hub-server-spento.png")
        attesa = hub["base"] / f"attendi-{CORSISTA2}"
        attesa.touch()  # l'avvio aspetta finché il test ha guardato la pagina di attesa
        try:
            pagina.get_by_role("button", name="Avvia il mio server").click()
            pagina.wait_for_url(re.compile(r".*/hub/spawn-pending/.*"))
            pagina.get_by_role("heading", name="Il tuo server si sta avviando").wait_for()
            # gli eventi del hub tradotti: «Server requested», poi subito «Spawning server...»
            pagina.locator("#progress-message", has_text="Avvio del tuo server").wait_for()
            testo = _senza_inglese(pagina, "hub-avvio-in-corso.png")
            assert "Registro dell’avvio" in testo
        finally:
            attesa.unlink(missing_ok=True)
        pagina.wait_for_url(re.compile(rf".*/user/{CORSISTA2}/lab/?.*"))  # pronto: il hub apre il Lab

        # chiavi di accesso: una chiave nuova chiesta e mostrata in italiano
        pagina.goto(f"{hub['url']}/hub/token")
        pagina.get_by_role("heading", name="Chiavi di accesso").wait_for()
        pagina.get_by_label("A che cosa serve").fill("prova della pagina")
        pagina.get_by_role("button", name="Chiedi la chiave").click()
        pagina.locator("#token-result").wait_for()
        pagina.reload()
        pagina.get_by_role("cell", name="prova della pagina").wait_for()
        testo = _senza_inglese(pagina, "hub-chiavi-di-accesso.png")
        assert re.search(r"\badesso\b|minut[oi] fa", testo), testo  # le date dette in italiano

        # una pagina che non esiste, e la pagina del server di un'altra persona
        pagina.goto(f"{hub['url']}/hub/pagina-che-non-esiste")
        pagina.get_by_role("heading", name=re.compile("Pagina non trovata")).wait_for()
        _senza_inglese(pagina, "hub-pagina-non-trovata.png")
        pagina.goto(f"{hub['url']}/hub/admin")
        pagina.get_by_role("heading", name=re.compile("Questa pagina non è per te")).wait_for()
        _senza_inglese(pagina, "hub-pagina-non-consentita.png")
    finally:
        contesto.close()

    # il formatore: il suo spazio e i server dei corsisti (al posto della pagina Admin di JupyterHub)
    contesto, pagina = _entra_nel_browser(browser, hub, FORMATORE, dopo="/hub/home")
    try:
        pagina.wait_for_url(re.compile(r".*/hub/home$"))
        pagina.get_by_role("link", name="Server dei corsisti").click()
        riga = pagina.locator(f'tr[data-utente="{CORSISTA2}"]')
        riga.get_by_text("acceso", exact=True).wait_for()
        assert "corsista" in riga.inner_text()
        assert "formatore" in pagina.locator(f'tr[data-utente="{FORMATORE}"]').inner_text()
        _senza_inglese(pagina, "hub-server-dei-corsisti.png")
        riga.get_by_role("button", name="Ferma").click()
        riga = pagina.locator(f'tr[data-utente="{CORSISTA2}"]')
        riga.get_by_text("spento", exact=True).wait_for()
        _senza_inglese(pagina, "hub-server-dei-corsisti-fermato.png")
        # e lo riavvia dalla stessa pagina (gli altri test ritrovano il server acceso)
        riga.get_by_role("button", name="Avvia").click()
        pagina.locator(f'tr[data-utente="{CORSISTA2}"]').get_by_text("acceso", exact=True).wait_for()
        pagina.get_by_role("button", name="Esci").click()
        pagina.wait_for_url(re.compile(r".*/hub/(login|logout).*"))
        _senza_inglese(pagina, "hub-uscita.png")
    finally:
        contesto.close()


def test_le_pagine_del_hub_hanno_tutte_la_versione_italiana():
    """Ogni pagina che JupyterHub mostra ha la sua versione in hub/pagine (se JupyterHub ne aggiunge una,
    questo test lo dice). login.html lo sostituisce native-login.html di NativeAuthenticator;
    accept-share.html serve solo se si condividono i server, che il corso non usa."""
    import jupyterhub

    cartella = Path(jupyterhub.__file__).resolve().parents[4] / "share" / "jupyterhub" / "templates"
    if not cartella.is_dir():
        cartella = Path(sys.prefix) / "share" / "jupyterhub" / "templates"
    di_jupyterhub = {p.name for p in cartella.glob("*.html")}
    assert di_jupyterhub, f"non trovo le pagine di JupyterHub in {cartella}"
    nostre = {p.name for p in (RADICE / "hub" / "pagine").glob("*.html")}
    mancano = di_jupyterhub - nostre - {"login.html", "accept-share.html"}
    assert not mancano, f"pagine di JupyterHub senza versione italiana in hub/pagine: {sorted(mancano)}"


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("useradd") is None or shutil.which("setfacl") is None,
                    reason="serve root, useradd e setfacl (in CI ci sono)")
def test_i_resti_di_una_prova_del_hub_uccisa_si_puliscono():
    """Se una prova del hub viene uccisa (kill -9, tempo scaduto), la successiva toglie utenti, gruppi, ACL,
    cartella e processo del hub rimasti; non tocca quelli di un'esecuzione ancora viva."""
    sigla = f"rz{uuid.uuid4().hex[:5]}"
    gruppo, utente = f"corsisti-{sigla}", sigla
    cartella = Path(tempfile.mkdtemp(prefix="acl", dir="/tmp"))
    base = Path(tempfile.mkdtemp(prefix="hub", dir="/tmp"))
    viva = Path(tempfile.mkdtemp(prefix="hub", dir="/tmp"))
    morto = subprocess.Popen(["true"])
    avvio_morto = psutil.Process(morto.pid).create_time()
    morto.wait()
    hub_rimasto = subprocess.Popen(["sleep", "600"], start_new_session=True)
    try:
        subprocess.run(["groupadd", gruppo], check=True, capture_output=True, timeout=60)
        subprocess.run(["useradd", "-M", "-g", gruppo, "-s", "/usr/sbin/nologin", utente], check=True,
                       capture_output=True, timeout=60)
        gid = grp.getgrnam(gruppo).gr_gid
        subprocess.run(["setfacl", "-m", f"g:{gid}:x", str(cartella)], check=True, timeout=60)
        _registra_resti({"suffisso": sigla, "pid": morto.pid, "avvio": avvio_morto, "base": str(base),
                         "utenti": [utente], "gruppi": [gruppo], "gid": gid, "acl": [str(cartella)],
                         "hub": hub_rimasto.pid, "avvio_hub": psutil.Process(hub_rimasto.pid).create_time()})
        io = psutil.Process()
        _registra_resti({"suffisso": f"{sigla}v", "pid": io.pid, "avvio": io.create_time(), "base": str(viva)})

        assert sigla in _pulisci_resti()

        assert utente not in {u.pw_name for u in pwd.getpwall()}
        assert gruppo not in {g.gr_name for g in grp.getgrall()}
        acl = subprocess.run(["getfacl", "-n", "-p", str(cartella)], capture_output=True, text=True).stdout
        assert f"group:{gid}:" not in acl, acl
        assert not base.exists()
        assert hub_rimasto.wait(timeout=60) == -signal.SIGKILL
        assert viva.is_dir() and (REGISTRO_PROVE / f"{sigla}v.json").is_file(), "l'esecuzione viva non si tocca"
        assert not (REGISTRO_PROVE / f"{sigla}.json").exists()
    finally:
        hub_rimasto.kill()
        (REGISTRO_PROVE / f"{sigla}v.json").unlink(missing_ok=True)
        subprocess.run(["userdel", utente], capture_output=True)
        subprocess.run(["groupdel", gruppo], capture_output=True)
        for c in (cartella, base, viva):
            shutil.rmtree(c, ignore_errors=True)
