"""Accesso da Moodle con LTI 1.3 (hub/moodle_lti13.py) su un JupyterHub vero in 127.0.0.1.

Il test fa la parte di Moodle: genera una coppia di chiavi RSA, pubblica la chiave pubblica (JWKS)
all'indirizzo che Moodle usa (``/mod/lti/certs.php``) su un server locale, avvia il login LTI dal hub,
firma il lancio (id_token) con la sua chiave e lo manda al hub come farebbe il browser.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

pytest.importorskip("ltiauthenticator")
jwt = pytest.importorskip("jwt")

from avvio_lab import ferma, porta_libera  # noqa: E402

RADICE = Path(__file__).resolve().parents[1]
CONFIG_AULA = RADICE / "hub" / "jupyterhub_config.py"
CLIENT_ID = "ambiti-lab-prova"
TOKEN_ADMIN = uuid.uuid4().hex
DOCENTE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
STUDENTE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


def _chiave():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def moodle():
    """Il finto Moodle: solo la pagina delle chiavi pubbliche, con la chiave generata qui."""
    chiave = _chiave()
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(chiave.public_key()))
    jwks = json.dumps({"keys": [{**jwk, "kid": "chiave-1", "alg": "RS256", "use": "sig"}]}).encode()

    class Chiavi(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path.split("?")[0] != "/mod/lti/certs.php":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(jwks)

        def log_message(self, *argomenti):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Chiavi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_address[1]}", "chiave": chiave}
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def hub(moodle, tmp_path_factory):
    if shutil.which("configurable-http-proxy") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("configurable-http-proxy non è installato: in CI lo installa .ci/sistema.sh.")
        pytest.skip("configurable-http-proxy (npm) non è installato.")
    base = tmp_path_factory.mktemp("hub-lti")
    porta = porta_libera()
    config = base / "jupyterhub_config_moodle.py"
    config.write_text(
        f"load_subconfig({str(CONFIG_AULA)!r})\n"
        f"load_subconfig({str(RADICE / 'hub' / 'moodle_lti13.py')!r})\n"
        "c.JupyterHub.spawner_class = 'jupyterhub.spawner.SimpleLocalProcessSpawner'\n"
        f"c.JupyterHub.hub_port = {porta_libera()}\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{porta_libera()}'\n"
        f"c.JupyterHub.services = [{{'name': 'prova', 'api_token': {TOKEN_ADMIN!r}}}]\n"
        "c.JupyterHub.load_roles = [{'name': 'prova', 'services': ['prova'], 'scopes': ['admin:users', 'list:users']}]\n",
        encoding="utf-8")
    ambiente = {**os.environ, "AMBITI_LAB_STATO": str(base / "stato"), "AMBITI_LAB_INDIRIZZO": f"http://127.0.0.1:{porta}",
                "AMBITI_LAB_EXCHANGE": str(base / "exchange"), "AMBITI_LAB_MOODLE": moodle["url"],
                "AMBITI_LAB_MOODLE_CLIENT_ID": CLIENT_ID,
                "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    (base / "exchange").mkdir()
    registro = open(base / "hub.log", "wb")
    processo = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=base, env=ambiente,
                                stdout=registro, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{porta}"
    try:
        fine = time.monotonic() + 90
        while time.monotonic() < fine and processo.poll() is None:
            try:
                if requests.get(f"{url}/hub/api/", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        else:
            registro.flush()
            pytest.fail("Il hub non parte:\n" + (base / "hub.log").read_text()[-3000:])
        yield {"url": url, "log": base / "hub.log"}
    finally:
        ferma(processo)
        registro.close()


def _lancio(hub, moodle, *, nome_moodle: str, ruoli: list[str], chiave=None) -> requests.Response:
    """Login LTI 1.3 dal hub, poi il lancio firmato; restituisce la risposta del hub al lancio."""
    sessione = requests.Session()
    inizio = sessione.get(f"{hub['url']}/hub/lti13/oauth_login", allow_redirects=False, timeout=30, params={
        "iss": moodle["url"], "login_hint": "42", "target_link_uri": f"{hub['url']}/hub/", "client_id": CLIENT_ID})
    assert inizio.status_code == 302, inizio.text
    verso = urlsplit(inizio.headers["Location"])
    assert f"{verso.scheme}://{verso.netloc}{verso.path}" == f"{moodle['url']}/mod/lti/auth.php"
    richiesta = {k: v[0] for k, v in parse_qs(verso.query).items()}
    adesso = int(time.time())
    id_token = jwt.encode({
        "iss": moodle["url"], "aud": CLIENT_ID, "azp": CLIENT_ID, "sub": "42", "iat": adesso, "exp": adesso + 300,
        "nonce": richiesta["nonce"],
        "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
        "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "1",
        "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiResourceLinkRequest",
        "https://purl.imsglobal.org/spec/lti/claim/target_link_uri": f"{hub['url']}/hub/",
        "https://purl.imsglobal.org/spec/lti/claim/resource_link": {"id": "attivita-7"},
        "https://purl.imsglobal.org/spec/lti/claim/roles": ruoli,
        "https://purl.imsglobal.org/spec/lti/claim/ext": {"user_username": nome_moodle, "lms": "moodle-2"},
    }, chiave or moodle["chiave"], algorithm="RS256", headers={"kid": "chiave-1"})
    risposta = sessione.post(richiesta["redirect_uri"], data={"id_token": id_token, "state": richiesta["state"]},
                             allow_redirects=False, timeout=30)
    risposta.sessione = sessione
    return risposta


def _utente(hub, nome: str) -> dict | None:
    risposta = requests.get(f"{hub['url']}/hub/api/users/{nome}", timeout=30,
                            headers={"Authorization": f"token {TOKEN_ADMIN}"})
    return risposta.json() if risposta.ok else None


def test_corsista_entra_da_moodle_con_il_suo_nome_e_i_gruppi_nbgrader(hub, moodle):
    risposta = _lancio(hub, moodle, nome_moodle="Mario.Rossi", ruoli=[STUDENTE])
    assert risposta.status_code == 302, risposta.text
    assert "jupyterhub-session-id" in risposta.cookies or any(c.startswith("jupyterhub-hub-login") for c in risposta.cookies.keys())
    utente = _utente(hub, "mario.rossi")
    assert utente is not None and utente["groups"] == ["nbgrader-ambiti-lab"]
    assert utente["admin"] is False


def test_il_docente_di_moodle_va_anche_nel_gruppo_del_formgrader(hub, moodle):
    assert _lancio(hub, moodle, nome_moodle="docente.puglia", ruoli=[DOCENTE]).status_code == 302
    assert sorted(_utente(hub, "docente.puglia")["groups"]) == ["formgrade-ambiti-lab", "nbgrader-ambiti-lab"]


def test_lancio_firmato_da_un_altra_chiave_rifiutato(hub, moodle):
    risposta = _lancio(hub, moodle, nome_moodle="intruso", ruoli=[STUDENTE], chiave=_chiave())
    assert risposta.status_code in (400, 401, 403), risposta.status_code
    assert _utente(hub, "intruso") is None


def test_nome_moodle_non_adatto_rifiutato(hub, moodle):
    risposta = _lancio(hub, moodle, nome_moodle="../formatore", ruoli=[STUDENTE])
    assert risposta.status_code == 403, risposta.status_code
    assert "non adatto al hub" in hub["log"].read_text(encoding="utf-8", errors="replace")


def test_dopo_il_lancio_il_browser_e_nel_hub_con_il_nome_di_moodle(hub, moodle):
    """Quello che vede la corsista dopo il clic in Moodle: la sua pagina del hub, col suo nome."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("Chromium non è installato")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    risposta = _lancio(hub, moodle, nome_moodle="lucia.bianchi", ruoli=[STUDENTE])
    assert risposta.status_code == 302, risposta.text
    biscotti = [{"name": c.name, "value": c.value, "domain": "127.0.0.1", "path": c.path or "/"}
                for c in risposta.sessione.cookies]
    artefatti = RADICE / "artefatti"
    artefatti.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            contesto = browser.new_context()
            contesto.add_cookies(biscotti)
            pagina = contesto.new_page()
            pagina.goto(f"{hub['url']}/hub/home", timeout=60_000)
            pagina.screenshot(path=str(artefatti / "moodle-lti13-home.png"))
            assert "/hub/login" not in pagina.url, "il browser non è entrato"
            assert "lucia.bianchi" in pagina.content()
            # nessuna password del hub con Moodle: niente «Cambia password» nella barra
            assert pagina.get_by_role("link", name="Il mio spazio", exact=True).count() == 1
            assert pagina.get_by_role("link", name="Cambia password").count() == 0
        finally:
            browser.close()
