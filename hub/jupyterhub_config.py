# JupyterHub per un'aula su un solo computer (server Linux con systemd): configurazione del corso ambiti-lab.
#
# Uso (vedi hub/LEGGIMI.md):  jupyterhub -f /percorso/hub/jupyterhub_config.py
#
# - Accesso con utente e password gestiti dal hub (NativeAuthenticator): i corsisti si registrano da
#   /hub/signup e il formatore (amministratore) li approva da /hub/authorize.
# - Ogni corsista ha il suo server, come utente di sistema separato e senza privilegi (SystemdSpawner
#   con utenti dinamici), con limiti di memoria e CPU: nessun notebook gira come root.
# - nbgrader: i corsisti entrano nel gruppo nbgrader-<corso>, il formatore anche in formgrade-<corso>;
#   rilascio e raccolta dei compiti passano per la cartella di scambio (AMBITI_LAB_EXCHANGE) e per
#   i gruppi del hub (vedi hub/nbgrader_config.py).
#
# Le scelte si cambiano con variabili d'ambiente, senza toccare questo file:
#   AMBITI_LAB_FORMATORE   nome utente del formatore (amministratore)          [formatore]
#   AMBITI_LAB_CORSO       identificativo del corso per nbgrader               [ambiti-lab]
#   AMBITI_LAB_INDIRIZZO   dove ascolta il hub                                 [http://127.0.0.1:8000]
#   AMBITI_LAB_CERTIFICATO e AMBITI_LAB_CHIAVE  certificato e chiave TLS (HTTPS diretto, senza proxy)
#   AMBITI_LAB_STATO       cartella di database, segreti e registri del hub    [/srv/ambiti-lab/stato]
#   AMBITI_LAB_EXCHANGE    cartella di scambio di nbgrader                     [/srv/nbgrader/exchange]
#   AMBITI_LAB_MEMORIA     memoria massima per corsista                        [2G]

import os
from pathlib import Path

from nativeauthenticator import NativeAuthenticator

c = get_config()  # noqa: F821 - fornita da JupyterHub quando legge il file

FORMATORE = os.environ.get("AMBITI_LAB_FORMATORE", "formatore")
CORSO = os.environ.get("AMBITI_LAB_CORSO", "ambiti-lab")
STATO = Path(os.environ.get("AMBITI_LAB_STATO", "/srv/ambiti-lab/stato"))
EXCHANGE = os.environ.get("AMBITI_LAB_EXCHANGE", "/srv/nbgrader/exchange")
QUI = Path(__file__).resolve().parent
STATO.mkdir(parents=True, exist_ok=True, mode=0o700)


class AutenticatoreCorso(NativeAuthenticator):
    """NativeAuthenticator che mette chi entra nei gruppi nbgrader del corso."""

    async def authenticate(self, handler, data):
        nome = await super().authenticate(handler, data)
        if nome is None:
            return None
        gruppi = [f"nbgrader-{CORSO}"]
        if nome in self.admin_users:
            gruppi.append(f"formgrade-{CORSO}")
        return {"name": nome, "groups": gruppi}


# --- Accesso -----------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = AutenticatoreCorso
c.Authenticator.admin_users = {FORMATORE}
# Chi entra lo decide il formatore approvando le registrazioni (/hub/authorize): nessuno entra senza.
c.Authenticator.allow_all = True
c.Authenticator.manage_groups = True
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 300

# --- Rete e HTTPS ------------------------------------------------------------------------------
# Di norma il hub ascolta solo su 127.0.0.1 e davanti c'è un proxy HTTPS (nginx, Caddy) con un
# certificato valido. In alternativa: AMBITI_LAB_INDIRIZZO=https://0.0.0.0:443 più certificato e chiave.
c.JupyterHub.bind_url = os.environ.get("AMBITI_LAB_INDIRIZZO", "http://127.0.0.1:8000")
if os.environ.get("AMBITI_LAB_CERTIFICATO"):
    c.JupyterHub.ssl_cert = os.environ["AMBITI_LAB_CERTIFICATO"]
    c.JupyterHub.ssl_key = os.environ["AMBITI_LAB_CHIAVE"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.cookie_secret_file = str(STATO / "jupyterhub_cookie_secret")
c.JupyterHub.db_url = f"sqlite:///{STATO / 'jupyterhub.sqlite'}"
c.ConfigurableHTTPProxy.pid_file = str(STATO / "jupyterhub-proxy.pid")

# --- Server dei corsisti -----------------------------------------------------------------------
c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
# Un utente di sistema temporaneo per ogni corsista: niente account Linux da creare a mano.
c.SystemdSpawner.dynamic_users = True
c.SystemdSpawner.mem_limit = os.environ.get("AMBITI_LAB_MEMORIA", "2G")
c.SystemdSpawner.cpu_limit = 1.0
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True
c.SystemdSpawner.disable_user_sudo = True
c.SystemdSpawner.readwrite_paths = [EXCHANGE]
c.Spawner.default_url = "/lab"


def configurazione_jupyter(spawner) -> str:
    """La configurazione di nbgrader del corso per tutti (cartella di scambio, corso, gruppi del hub);
    per i corsisti anche config-solo-corsisti, che nasconde gli strumenti nbgrader del formatore
    (crea compito, formgrader, elenco dei corsi)."""
    percorsi = [str(QUI / "config-corsisti")]
    if spawner.user.name != FORMATORE:
        percorsi.insert(0, str(QUI / "config-solo-corsisti"))
    return os.pathsep.join(percorsi)


c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": configurazione_jupyter,
    "AMBITI_LAB_CORSO": CORSO,
    "AMBITI_LAB_FORMATORE": FORMATORE,
    "AMBITI_LAB_EXCHANGE": EXCHANGE,
}
# Il server di un corsista può leggere i propri gruppi (serve a nbgrader per elencare i corsi).
c.Spawner.server_token_scopes = [
    "users:activity!user", "access:servers!server", "read:users:name!user",
    "read:users:groups!user",
]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60

# --- Server inattivi ---------------------------------------------------------------------------
# Dopo 1 ora senza attività il server del corsista si spegne (il lavoro salvato resta).
c.JupyterHub.load_roles = [{
    "name": "spegni-inattivi",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["spegni-inattivi"],
}]
c.JupyterHub.services = [{
    "name": "spegni-inattivi",
    "command": ["python3", "-m", "jupyterhub_idle_culler", "--timeout=3600"],
}]
