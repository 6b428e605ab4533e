"""Prova di carico del hub d'aula: N corsisti entrano, avviano il server, aprono il modulo 04 e ne
eseguono le celle, tutti insieme, su un JupyterHub vero in 127.0.0.1.

Il hub è quello di ``hub/jupyterhub_config.py`` con i soli cambi necessari qui (come in
``tests/test_hub.py``): processi locali al posto di SystemdSpawner, registrazione aperta (l'approvazione
del formatore è provata nei test), lo spegnimento dei server e dei kernel inattivi con tempi brevi per
vederlo accadere nella prova. Ogni corsista è un thread che fa quello che fa il browser:
registrazione, accesso con password (modulo e cookie), avvio del server dalla sua sessione, un kernel
nel suo server attraverso il proxy, le 22 celle del modulo 04 una dopo l'altra con una pausa di
lettura, via websocket. Si misura per ogni N (a giri crescenti, tutti i server spenti tra un giro e
l'altro):

- la latenza di ogni cella (dall'invio alla risposta del kernel): p50, p95, massimo;
- i server non avviati entro il limite (``--attesa-avvio``) e il tempo di avvio;
- la memoria di ogni corsista a fine modulo: PSS del server e del kernel insieme (quanto costa su un
  server solo) e RSS del server e del kernel (quanto conterebbe il limite di un Pod);
- i secondi di CPU usati da ogni corsista (server e kernel, avvio compreso: non dipendono dal carico
  della macchina) e la CPU del hub e del proxy (secondi di CPU / secondi del giro);
- il carico della macchina (uptime) prima e dopo il giro: la macchina è condivisa.

Il riferimento, nella stessa esecuzione, è il giro con un solo corsista. Il N massimo è il più grande
con p95 ≤ 2 s e nessun avvio fallito. Alla fine si lasciano inattivi i server dell'ultimo giro e si
controlla che il kernel e poi il server si spengano da soli (``--kernel-inattivo``,
``--server-inattivo``). Tutto è limitato: N massimo, tempo totale, memoria libera richiesta prima di
ogni giro. Scrive ``benchmarks/risultati/carico_hub.json``.

Uso: ``python benchmarks/bench_carico_hub.py [--giri 1,2,4,6,8,10,12,14] [--arrivi 3] [--pausa 3]``
(un corsista arriva ogni 3 s; 3 s tra una cella e l'altra: una classe che procede spedita). Su una
macchina condivisa conviene lanciarlo con ``nice -n -20`` e annotare il carico (è nel risultato).
Serve ``jupyterhub-idle-culler`` (``pip install jupyterhub-idle-culler``) e ``configurable-http-proxy``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import nbformat
import psutil
import requests

QUI = Path(__file__).resolve().parent
RADICE = QUI.parent
sys.path.insert(0, str(QUI))
sys.path.insert(0, str(RADICE / "tests"))

from _comune import RISULTATI  # noqa: E402
from avvio_lab import ferma, porta_libera  # noqa: E402

MODULO = RADICE / "modules" / "04-monitorare" / "04-monitorare.ipynb"
TOKEN_PROVA = uuid.uuid4().hex
PASSWORD = "Prova-di-carico-2026"
SOGLIA_P95 = 2.0


def _percentile(valori: list[float], quota: float) -> float:
    if not valori:
        return float("nan")
    ordinati = sorted(valori)
    return ordinati[min(len(ordinati) - 1, int(round(quota * (len(ordinati) - 1))))]


class Hub:
    """Il hub d'aula in una cartella temporanea, con un servizio amministratore per la prova."""

    def __init__(self, base: Path, *, kernel_inattivo: int, server_inattivo: int):
        self.base = base
        self.porta = porta_libera()
        self.url = f"http://127.0.0.1:{self.porta}"
        config = base / "jupyterhub_config_carico.py"
        config.write_text(
            "import sys\n"
            f"load_subconfig({str(RADICE / 'hub' / 'jupyterhub_config.py')!r})\n"
            "c.JupyterHub.spawner_class = 'jupyterhub.spawner.SimpleLocalProcessSpawner'\n"
            f"c.SimpleLocalProcessSpawner.home_dir_template = {str(base / 'utenti' / '{username}')!r}\n"
            f"c.Spawner.cmd = [{sys.executable!r}, '-m', 'jupyterhub.singleuser']\n"
            f"c.Spawner.args = ['--allow-root', '--MappingKernelManager.cull_idle_timeout={kernel_inattivo}',\n"
            "                  '--MappingKernelManager.cull_interval=10', '--MappingKernelManager.cull_connected=True']\n"
            "c.Spawner.http_timeout = 120\nc.Spawner.start_timeout = 180\n"
            "c.JupyterHub.concurrent_spawn_limit = 0\n"
            f"c.JupyterHub.hub_port = {porta_libera()}\n"
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{porta_libera()}'\n"
            "c.NativeAuthenticator.open_signup = True\n"
            "c.NativeAuthenticator.check_common_password = False\n"
            "c.NativeAuthenticator.allowed_failed_logins = 0\n"
            "c.JupyterHub.services = [\n"
            f"    {{'name': 'prova-di-carico', 'api_token': {TOKEN_PROVA!r}}},\n"
            "    {'name': 'spegni-inattivi', 'command': [sys.executable, '-m', 'jupyterhub_idle_culler',\n"
            f"     '--timeout={server_inattivo}', '--cull-every=10']}},\n"
            "]\n"
            "c.JupyterHub.load_roles = [\n"
            "    {'name': 'prova-di-carico', 'services': ['prova-di-carico'], 'scopes': [\n"
            "        'admin:users', 'admin:servers', 'tokens', 'access:servers', 'list:users']},\n"
            "    {'name': 'spegni-inattivi', 'services': ['spegni-inattivi'], 'scopes': [\n"
            "        'list:users', 'read:users:activity', 'read:servers', 'delete:servers']},\n"
            "]\n",
            encoding="utf-8")
        self.ambiente = {**os.environ, "AMBITI_LAB_STATO": str(base / "stato"),
                         "AMBITI_LAB_INDIRIZZO": self.url, "AMBITI_LAB_EXCHANGE": str(base / "exchange"),
                         "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        (base / "exchange").mkdir()
        self.registro = open(base / "hub.log", "wb")
        self.processo = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=base,
                                         env=self.ambiente, stdout=self.registro, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        fine = time.monotonic() + 120
        while time.monotonic() < fine:
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if self.processo.poll() is not None:
                raise RuntimeError("Il hub si è chiuso:\n" + (base / "hub.log").read_text()[-3000:])
            time.sleep(0.2)
        else:
            raise RuntimeError("Il hub non risponde dopo 120 s")
        self.hub_ps = psutil.Process(self.processo.pid)

    def api(self, metodo: str, percorso: str, **kw) -> requests.Response:
        return requests.request(metodo, f"{self.url}/hub/api{percorso}", timeout=60,
                                headers={"Authorization": f"token {TOKEN_PROVA}"}, **kw)

    def proxy_ps(self) -> psutil.Process | None:
        for figlio in self.hub_ps.children(recursive=True):
            if "configurable-http-proxy" in " ".join(figlio.cmdline()):
                return figlio
        return None

    def server_attivi(self) -> list[str]:
        utenti = self.api("GET", "/users").json()
        return [u["name"] for u in utenti if u.get("servers")]

    def spegni_tutti(self) -> None:
        for nome in self.server_attivi():
            self.api("DELETE", f"/users/{nome}/server")
        fine = time.monotonic() + 120
        while self.server_attivi() and time.monotonic() < fine:
            time.sleep(1)

    def chiudi(self) -> None:
        ferma(self.processo)
        self.registro.close()


def _albero_di(nome: str) -> list[psutil.Process]:
    """Il server del corsista e i suoi kernel (processi con JUPYTERHUB_USER=nome)."""
    for p in psutil.process_iter(["cmdline"]):
        try:
            if "jupyterhub.singleuser" in " ".join(p.info["cmdline"] or []) and \
                    p.environ().get("JUPYTERHUB_USER") == nome:
                return [p, *p.children(recursive=True)]
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return []


def _pss_mb(processi: list[psutil.Process]) -> float:
    totale = 0
    for p in processi:
        try:
            totale += p.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return totale / 2**20


def _cpu_s(processo: psutil.Process) -> float:
    try:
        tempi = processo.cpu_times()
        return tempi.user + tempi.system
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0.0


def _picco_mb(processo: psutil.Process) -> float:
    """Il picco di memoria residente del processo (VmHWM di Linux), in MB."""
    try:
        for riga in Path(f"/proc/{processo.pid}/status").read_text().splitlines():
            if riga.startswith("VmHWM:"):
                return int(riga.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _rss_mb(processo: psutil.Process | None) -> float:
    try:
        return processo.memory_info().rss / 2**20 if processo else 0.0
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0.0


async def _esegui_celle(url_server: str, token: str, percorso: str, celle: list[str], pausa: float) -> dict:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    intestazioni = {"Authorization": f"token {token}"}
    kernel = requests.post(f"{url_server}/api/kernels", json={"name": "python3", "path": percorso},
                           headers=intestazioni, timeout=120).json()["id"]
    connessione = await websocket_connect(HTTPRequest(
        url_server.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels", headers=intestazioni,
        request_timeout=120))
    sessione, latenze, errori = uuid.uuid4().hex, [], []
    for indice, codice in enumerate(celle):
        msg_id = uuid.uuid4().hex
        inizio = time.perf_counter()
        connessione.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": "corsista", "session": sessione,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": codice, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": False}}))
        fine = time.monotonic() + 300
        while True:
            messaggio = await asyncio.wait_for(connessione.read_message(), fine - time.monotonic())
            if messaggio is None:
                raise RuntimeError("il kernel ha chiuso la connessione")
            if isinstance(messaggio, bytes):   # messaggi con buffer binari (widget): non servono qui
                continue
            dati = json.loads(messaggio)
            if dati.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if dati["header"]["msg_type"] == "error":
                errori.append(f"cella {indice}: {dati['content']['ename']}")
            if dati["header"]["msg_type"] == "status" and dati["content"]["execution_state"] == "idle":
                latenze.append(time.perf_counter() - inizio)
                break
        await asyncio.sleep(pausa)
    connessione.close()
    return {"latenze": latenze, "errori": errori, "kernel": kernel}


def corsista(hub: Hub, nome: str, celle: list[str], opzioni, esito: dict) -> None:
    """Quello che fa il browser di un corsista; scrive in ``esito`` i tempi e gli errori."""
    try:
        sessione = requests.Session()
        sessione.get(f"{hub.url}/hub/login", timeout=60)
        xsrf = sessione.cookies.get("_xsrf", path="/hub/") or sessione.cookies.get("_xsrf")
        risposta = sessione.post(f"{hub.url}/hub/login?next=%2Fhub%2Fhome", timeout=60,
                                 data={"_xsrf": xsrf, "username": nome, "password": PASSWORD})
        if "jupyterhub-session-id" not in sessione.cookies and not any(
                c.name.startswith("jupyterhub-hub-login") for c in sessione.cookies):
            raise RuntimeError(f"accesso non riuscito ({risposta.status_code})")
        # dopo l'accesso il hub lega un nuovo _xsrf alla sessione
        xsrf = sessione.cookies.get("_xsrf", path="/hub/") or xsrf
        inizio = time.perf_counter()
        avvio = sessione.post(f"{hub.url}/hub/api/users/{nome}/server", timeout=60,
                              headers={"X-XSRFToken": xsrf, "Referer": f"{hub.url}/hub/home"})
        if avvio.status_code not in (201, 202):
            raise RuntimeError(f"avvio rifiutato: {avvio.status_code} {avvio.text[:200]}")
        fine = time.monotonic() + opzioni.attesa_avvio
        while True:
            server = hub.api("GET", f"/users/{nome}").json().get("servers", {}).get("")
            if server and server.get("ready"):
                break
            if time.monotonic() > fine:
                raise RuntimeError(f"server non pronto dopo {opzioni.attesa_avvio} s")
            time.sleep(0.5)
        esito["avvio_s"] = time.perf_counter() - inizio
        token = hub.api("POST", f"/users/{nome}/tokens", json={"note": "prova di carico"}).json()["token"]
        risultato = asyncio.run(_esegui_celle(f"{hub.url}/user/{nome}", token,
                                              "modules/04-monitorare/04-monitorare.ipynb", celle, opzioni.pausa))
        esito.update(risultato)
        albero = _albero_di(nome)
        # PSS: la memoria divisa tra i processi che la condividono (quanto costa su un server solo);
        # RSS: tutta la memoria che il processo tocca (quanto conta il cgroup di un Pod, conservativo)
        esito["memoria_mb"] = _pss_mb(albero)
        esito["rss_server_mb"] = _rss_mb(albero[0] if albero else None)
        esito["rss_kernel_mb"] = sum(_rss_mb(k) for k in albero[1:])
        esito["picco_kernel_mb"] = sum(_picco_mb(k) for k in albero[1:])
        # secondi di CPU usati dal server e dal kernel (avvio compreso): non dipendono dal carico della macchina
        esito["cpu_s"] = sum(_cpu_s(x) for x in albero)
        esito["token"] = token
    except Exception as errore:  # un corsista fallito è un risultato della prova, non un crash
        esito["fallito"] = f"{type(errore).__name__}: {errore}"


def registra(hub: Hub, nome: str) -> None:
    sessione = requests.Session()
    sessione.get(f"{hub.url}/hub/signup", timeout=60)
    xsrf = sessione.cookies.get("_xsrf", path="/hub/") or sessione.cookies.get("_xsrf")
    sessione.post(f"{hub.url}/hub/signup", timeout=60, data={
        "_xsrf": xsrf, "username": nome, "signup_password": PASSWORD, "signup_password_confirmation": PASSWORD})
    casa = hub.base / "utenti" / nome
    if not (casa / "modules").exists():
        casa.mkdir(parents=True, exist_ok=True)
        shutil.copytree(RADICE / "modules", casa / "modules", ignore=shutil.ignore_patterns("__pycache__"))


def giro(hub: Hub, n: int, celle: list[str], opzioni) -> dict:
    nomi = [f"corsista{i:02d}" for i in range(1, n + 1)]
    for nome in nomi:
        registra(hub, nome)
    carico_prima = os.getloadavg()
    proxy = hub.proxy_ps()
    cpu_hub0 = sum(hub.hub_ps.cpu_times()[:2])
    cpu_proxy0 = sum(proxy.cpu_times()[:2]) if proxy else 0.0
    psutil.cpu_percent()
    inizio = time.perf_counter()
    esiti = {nome: {} for nome in nomi}
    threads = []
    for indice, nome in enumerate(nomi):
        t = threading.Thread(target=corsista, args=(hub, nome, celle, opzioni, esiti[nome]), daemon=True)
        t.start()
        threads.append(t)
        time.sleep(opzioni.arrivi)
    for t in threads:
        t.join(timeout=opzioni.attesa_avvio + 900)
    durata = time.perf_counter() - inizio
    cpu_macchina = psutil.cpu_percent()
    proxy = proxy or hub.proxy_ps()
    latenze = [x for e in esiti.values() for x in e.get("latenze", [])]
    falliti = {n: e["fallito"] for n, e in esiti.items() if "fallito" in e}
    risultato = {
        "n": n, "durata_s": round(durata, 1),
        "avvii_falliti": len(falliti), "motivi": falliti,
        "avvio_s_mediana": round(statistics.median([e["avvio_s"] for e in esiti.values() if "avvio_s" in e] or [0]), 2),
        "avvio_s_massimo": round(max([e["avvio_s"] for e in esiti.values() if "avvio_s" in e] or [0]), 2),
        "celle": len(latenze),
        "latenza_p50_s": round(_percentile(latenze, 0.50), 3),
        "latenza_p95_s": round(_percentile(latenze, 0.95), 3),
        "latenza_max_s": round(max(latenze or [float("nan")]), 3),
        "errori_celle": sorted({x for e in esiti.values() for x in e.get("errori", [])}),
        "memoria_mb_per_corsista": round(statistics.median([e["memoria_mb"] for e in esiti.values()
                                                            if "memoria_mb" in e] or [0]), 0),
        "memoria_mb_massima": round(max([e.get("memoria_mb", 0) for e in esiti.values()] or [0]), 0),
        "rss_server_mb_mediana": round(statistics.median([e["rss_server_mb"] for e in esiti.values()
                                                          if "rss_server_mb" in e] or [0]), 0),
        "rss_kernel_mb_mediana": round(statistics.median([e["rss_kernel_mb"] for e in esiti.values()
                                                          if "rss_kernel_mb" in e] or [0]), 0),
        "picco_kernel_mb_massimo": round(max([e.get("picco_kernel_mb", 0) for e in esiti.values()] or [0]), 0),
        "rss_kernel_mb_massimo": round(max([e.get("rss_kernel_mb", 0) for e in esiti.values()] or [0]), 0),
        "cpu_s_per_corsista_mediana": round(statistics.median([e["cpu_s"] for e in esiti.values()
                                                               if "cpu_s" in e] or [0]), 1),
        "cpu_hub_percento": round(100 * (sum(hub.hub_ps.cpu_times()[:2]) - cpu_hub0) / durata, 1),
        "cpu_proxy_percento": round(100 * ((sum(proxy.cpu_times()[:2]) if proxy else 0) - cpu_proxy0) / durata, 1),
        "cpu_macchina_percento": cpu_macchina,
        "carico_prima": [round(x, 2) for x in carico_prima],
        "carico_dopo": [round(x, 2) for x in os.getloadavg()],
    }
    risultato["superato"] = bool(not falliti and risultato["latenza_p95_s"] <= SOGLIA_P95)
    risultato["_esiti"] = esiti
    print(json.dumps({k: v for k, v in risultato.items() if k != "_esiti"}, ensure_ascii=False), flush=True)
    return risultato


def spegnimento_inattivi(hub: Hub, esiti: dict, opzioni) -> dict:
    """Dopo l'ultimo giro nessuno fa più nulla: quando si chiudono i kernel e i server?"""
    inizio = time.perf_counter()
    nomi = [n for n, e in esiti.items() if "token" in e]
    memoria_iniziale = sum(_pss_mb(_albero_di(n)) for n in nomi)
    kernel_chiusi_s = server_spenti_s = None
    fine = time.monotonic() + opzioni.server_inattivo + opzioni.kernel_inattivo + 180
    while time.monotonic() < fine:
        if kernel_chiusi_s is None:
            aperti = 0
            for n in nomi:
                try:
                    risposta = requests.get(f"{hub.url}/user/{n}/api/kernels", timeout=30,
                                            headers={"Authorization": f"token {esiti[n]['token']}"})
                except requests.RequestException:
                    continue
                elenco = risposta.json() if risposta.ok else []   # server spento: nessun kernel
                aperti += len(elenco) if isinstance(elenco, list) else 0
            if aperti == 0:
                kernel_chiusi_s = time.perf_counter() - inizio
        if not hub.server_attivi():
            server_spenti_s = time.perf_counter() - inizio
            break
        time.sleep(2)
    memoria_finale = sum(_pss_mb(_albero_di(n)) for n in nomi)
    return {"server": len(nomi), "kernel_chiusi_dopo_s": kernel_chiusi_s and round(kernel_chiusi_s, 0),
            "server_spenti_dopo_s": server_spenti_s and round(server_spenti_s, 0),
            "memoria_mb_prima": round(memoria_iniziale, 0), "memoria_mb_dopo": round(memoria_finale, 0),
            "kernel_inattivo_s": opzioni.kernel_inattivo, "server_inattivo_s": opzioni.server_inattivo}


def main() -> None:
    argomenti = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argomenti.add_argument("--giri", default="1,2,4,6,8,10,12,14", help="numeri di corsisti, in ordine crescente")
    argomenti.add_argument("--durata-massima", type=float, default=1800, help="secondi in tutto (poi ci si ferma)")
    argomenti.add_argument("--pausa", type=float, default=3.0, help="secondi di lettura tra una cella e l'altra")
    argomenti.add_argument("--arrivi", type=float, default=3.0, help="secondi tra l'arrivo di un corsista e il successivo")
    argomenti.add_argument("--attesa-avvio", type=float, default=120, help="oltre questo un avvio è fallito")
    argomenti.add_argument("--continua", action="store_true",
                           help="prova tutti i giri anche dopo uno non superato (per misurare CPU e memoria)")
    argomenti.add_argument("--kernel-inattivo", type=int, default=30)
    argomenti.add_argument("--server-inattivo", type=int, default=90,
                           help="soglia del culler dei server: sotto i 90 s può spegnere un server a metà giro "
                                "(il hub riceve l'attività a intervalli)")
    argomenti.add_argument("--memoria-per-corsista-gb", type=float, default=0.8,
                           help="memoria libera richiesta per corsista prima di un giro (più 3 GB di margine)")
    opzioni = argomenti.parse_args()
    if shutil.which("configurable-http-proxy") is None:
        sys.exit("Serve configurable-http-proxy (npm install -g configurable-http-proxy).")
    try:
        import jupyterhub_idle_culler  # noqa: F401
    except ImportError:
        sys.exit("Serve jupyterhub-idle-culler (pip install jupyterhub-idle-culler).")
    celle = [c.source for c in nbformat.read(MODULO, as_version=4).cells if c.cell_type == "code"]
    giri, ultimo_esiti, fermato = [], {}, ""
    inizio = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="carico-") as cartella:
        hub = Hub(Path(cartella), kernel_inattivo=opzioni.kernel_inattivo, server_inattivo=opzioni.server_inattivo)
        try:
            for n in [int(x) for x in opzioni.giri.split(",")]:
                libera = psutil.virtual_memory().available / 2**30
                if libera < n * opzioni.memoria_per_corsista_gb + 3:
                    fermato = f"memoria libera {libera:.1f} GB insufficiente per {n} corsisti"
                    break
                if time.monotonic() - inizio > opzioni.durata_massima:
                    fermato = f"durata massima ({opzioni.durata_massima:.0f} s) raggiunta"
                    break
                risultato = giro(hub, n, celle, opzioni)
                ultimo_esiti = risultato.pop("_esiti")
                giri.append(risultato)
                if not risultato["superato"] and not opzioni.continua:
                    fermato = f"con {n} corsisti p95 {risultato['latenza_p95_s']} s o avvii falliti"
                    break
                if n != int(opzioni.giri.split(",")[-1]):
                    hub.spegni_tutti()
            spegnimento = spegnimento_inattivi(hub, ultimo_esiti, opzioni)
        finally:
            hub.chiudi()
    print(json.dumps(spegnimento, ensure_ascii=False), flush=True)
    riferimento = giri[0]
    n_massimo = 0
    for g in giri:                       # il più grande N di una serie di giri tutti superati
        if not g["superato"]:
            break
        n_massimo = g["n"]
    comuni = {"pausa_tra_celle_s": opzioni.pausa, "arrivi_ogni_s": opzioni.arrivi,
              "python": platform.python_version()}
    misure = [{
        "nome": "corsisti insieme al massimo (p95 celle ≤ 2 s, nessun avvio fallito)",
        "descrizione": (f"Il N più grande tra i giri provati ({opzioni.giri}) con p95 della latenza delle celle "
                        f"≤ {SOGLIA_P95:g} s e nessun avvio fallito; riferimento il giro con 1 corsista. "
                        f"Fine dei giri: {fermato or 'tutti i giri provati'}. Carico medio della macchina (1 min) "
                        f"durante i giri: {min(g['carico_prima'][0] for g in giri):.1f}–"
                        f"{max(g['carico_dopo'][0] for g in giri):.1f}; lettura dei risultati in hub/LEGGIMI.md."),
        "valore": n_massimo, "base": 1, "rapporto": n_massimo, "obiettivo": "misura (il più grande)",
        "superato": n_massimo > 0, "unita": "corsisti", **comuni}]
    for g in giri:
        misure.append({
            "nome": f"{g['n']} {'corsista' if g['n'] == 1 else 'corsisti insieme'}: p95 latenza celle",
            "descrizione": (f"Celle del modulo 04 con {g['n']} {'corsista' if g['n'] == 1 else 'corsisti insieme'}; "
                            "riferimento il p95 con "
                            f"{riferimento['n']} corsista nella stessa esecuzione."),
            "valore": g["latenza_p95_s"], "base": riferimento["latenza_p95_s"],
            "rapporto": round(g["latenza_p95_s"] / riferimento["latenza_p95_s"], 3),
            "obiettivo": f"p95 ≤ {SOGLIA_P95:g} s, 0 avvii falliti", "unita": "s",
            **{k: v for k, v in g.items() if k not in {"n"}}})
    misure.append({
        "nome": "spegnimento degli inattivi",
        "descrizione": ("Dopo l'ultimo giro nessuno fa nulla: secondi perché si chiudano tutti i kernel "
                        f"(cull_idle_timeout={opzioni.kernel_inattivo} s) e si spengano tutti i server "
                        f"(jupyterhub-idle-culler --timeout={opzioni.server_inattivo}); memoria prima e dopo."),
        "valore": spegnimento["server_spenti_dopo_s"] or float("nan"), "base": opzioni.server_inattivo,
        "rapporto": round((spegnimento["server_spenti_dopo_s"] or float("nan")) / opzioni.server_inattivo, 3),
        "obiettivo": "server spenti e memoria liberata", "unita": "s",
        "superato": bool(spegnimento["server_spenti_dopo_s"] and spegnimento["memoria_mb_dopo"] < 1),
        **spegnimento})
    RISULTATI.mkdir(exist_ok=True)
    dati = {"tema": "hub d'aula sotto carico", "misure": misure}
    (RISULTATI / "carico_hub.json").write_text(json.dumps(dati, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Scritto {RISULTATI / 'carico_hub.json'}")

if __name__ == "__main__":
    main()
