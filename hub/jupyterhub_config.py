# JupyterHub per un'aula su un solo computer (server Linux con systemd): configurazione del corso ambiti-lab.
#
# Uso (vedi hub/LEGGIMI.md):  jupyterhub -f /percorso/hub/jupyterhub_config.py
#
# - Accesso con utente e password gestiti dal hub (NativeAuthenticator): i corsisti si registrano da
#   /hub/signup e il formatore (amministratore) li approva da /hub/authorize.
# - Ogni persona ha il suo server, come utente di sistema stabile e senza privilegi con il suo nome
#   (creato dal hub al primo avvio, cartella personale 0700: vedi hub/utenti.py), avviato da
#   SystemdSpawner con limiti di memoria e CPU: nessun notebook gira come root.
# - Al primo accesso (e a ogni accesso) nbgitpuller porta o aggiorna le lezioni dell'edizione per i
#   corsisti (AMBITI_LAB_LEZIONI) e apre la lezione 00; ciò che il corsista ha cambiato resta.
# - nbgrader: i corsisti entrano nel gruppo nbgrader-<corso>, il formatore anche in formgrade-<corso>;
#   rilascio e raccolta dei compiti passano per la cartella di scambio (AMBITI_LAB_EXCHANGE), che il
#   hub prepara in modo che ogni consegna sia leggibile solo dal suo autore e dal formatore.
# - Le pagine di accesso, registrazione e approvazione sono in italiano (hub/pagine/).
#
# Le scelte si cambiano con variabili d'ambiente, senza toccare questo file:
#   AMBITI_LAB_FORMATORE   nome utente del formatore (amministratore)          [formatore]
#   AMBITI_LAB_CORSO       identificativo del corso per nbgrader               [ambiti-lab]
#   AMBITI_LAB_INDIRIZZO   dove ascolta il hub                                 [http://127.0.0.1:8000]
#   AMBITI_LAB_CERTIFICATO e AMBITI_LAB_CHIAVE  certificato e chiave TLS (HTTPS diretto, senza proxy)
#   AMBITI_LAB_STATO       cartella di database, segreti e registri del hub    [/srv/ambiti-lab/stato]
#   AMBITI_LAB_EXCHANGE    cartella di scambio di nbgrader                     [/srv/nbgrader/exchange]
#   AMBITI_LAB_MEMORIA     memoria massima per corsista                        [2G]
#   AMBITI_LAB_CASE        dove il hub crea le cartelle personali              [/home]
#   AMBITI_LAB_LEZIONI     repository git dell'edizione per i corsisti (https://…), aperto al primo
#                          accesso con nbgitpuller  [l'edizione pubblica, course.edizione.REPOSITORY_CORSISTI;
#                          vuota: si apre il Lab senza lezioni]
#   AMBITI_LAB_RAMO        ramo di quel repository                             [main]
#   AMBITI_LAB_KERNEL_INATTIVO  secondi senza esecuzioni dopo cui un kernel si spegne [1800]

import importlib.util
import os
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner
from nativeauthenticator import NativeAuthenticator

from course.edizione import REPOSITORY_CORSISTI
from course.sessione import percorso_nbgitpuller

c = get_config()  # noqa: F821 - fornita da JupyterHub quando legge il file

FORMATORE = os.environ.get("AMBITI_LAB_FORMATORE", "formatore")
CORSO = os.environ.get("AMBITI_LAB_CORSO", "ambiti-lab")
STATO = Path(os.environ.get("AMBITI_LAB_STATO", "/srv/ambiti-lab/stato"))
EXCHANGE = os.environ.get("AMBITI_LAB_EXCHANGE", "/srv/nbgrader/exchange")
CASE = os.environ.get("AMBITI_LAB_CASE", "/home")
LEZIONI = os.environ.get("AMBITI_LAB_LEZIONI", REPOSITORY_CORSISTI)
QUI = Path(__file__).resolve().parent
STATO.mkdir(parents=True, exist_ok=True, mode=0o700)


def _modulo(nome: str):
    """Un modulo di questa cartella (hub/ non è un pacchetto installato: si legge da qui)."""
    spec = importlib.util.spec_from_file_location(f"ambiti_lab_hub_{nome}", QUI / f"{nome}.py")
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


utenti = _modulo("utenti")
messaggi = _modulo("messaggi")


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
# Ogni nome del hub diventa un utente Linux: solo nomi che vanno bene anche lì.
c.Authenticator.username_pattern = utenti.NOME_UTENTE
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 300
# Pagine di accesso, registrazione, attesa e approvazione in italiano (i messaggi passano da traduci).
c.JupyterHub.template_paths = [str(QUI / "pagine")]
c.JupyterHub.template_vars = {
    # JupyterHub chiama i valori che sono funzioni passando l'utente: si restituisce la funzione stessa.
    "traduci": lambda utente: messaggi.traduci,
    "lunghezza_password": c.NativeAuthenticator.minimum_password_length,
}

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
# Utenti di sistema stabili (li crea prepara_server), non dinamici: con utenti dinamici systemd può
# ridare a un altro lo stesso numero (uid) che possiede ancora le consegne di prima nello scambio.
c.SystemdSpawner.dynamic_users = False
c.SystemdSpawner.mem_limit = os.environ.get("AMBITI_LAB_MEMORIA", "2G")
c.SystemdSpawner.cpu_limit = 1.0
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True
c.SystemdSpawner.disable_user_sudo = True


def prepara_server(spawner) -> None:
    """Prima di ogni avvio: utenti di sistema (formatore e persona), cartella di scambio del corso."""
    if isinstance(spawner, SimpleLocalProcessSpawner):
        return  # solo per prove: lì tutti i server girano con l'utente del hub, niente utenti di sistema
    utenti.prepara_utente(FORMATORE, corso=CORSO, case=CASE, formatore=True)
    utenti.prepara_scambio(EXCHANGE, corso=CORSO, formatore=FORMATORE)
    utenti.prepara_utente(spawner.user.name, corso=CORSO, case=CASE, formatore=spawner.user.name == FORMATORE)


c.Spawner.pre_spawn_hook = prepara_server
# Pagina iniziale: nbgitpuller porta (o aggiorna, senza toccare le modifiche) le lezioni dell'edizione
# per i corsisti nella cartella ambiti-lab/ e apre la lezione 00.
c.Spawner.default_url = ("/" + percorso_nbgitpuller(LEZIONI, ramo=os.environ.get("AMBITI_LAB_RAMO", "main"))
                         if LEZIONI else "/lab")


def configurazione_jupyter(spawner) -> str:
    """La configurazione dei server: per tutti config-aula (consegne protette e raccolta controllata,
    kernel inattivi spenti) e config-corsisti (cartella di scambio, corso, gruppi del hub); per i
    corsisti anche config-solo-corsisti, che nasconde gli strumenti nbgrader del formatore
    (crea compito, formgrader, elenco dei corsi)."""
    percorsi = [str(QUI / "config-aula"), str(QUI / "config-corsisti")]
    if spawner.user.name != FORMATORE:
        percorsi.insert(0, str(QUI / "config-solo-corsisti"))
    return os.pathsep.join(percorsi)


c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": configurazione_jupyter,
    "AMBITI_LAB_CORSO": CORSO,
    "AMBITI_LAB_FORMATORE": FORMATORE,
    "AMBITI_LAB_EXCHANGE": EXCHANGE,
    "AMBITI_LAB_KERNEL_INATTIVO": os.environ.get("AMBITI_LAB_KERNEL_INATTIVO", "1800"),
}
# Il server di un corsista può leggere i propri gruppi (serve a nbgrader per elencare i corsi).
c.Spawner.server_token_scopes = [
    "users:activity!user", "access:servers!server", "read:users:name!user",
    "read:users:groups!user",
]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60

# --- Server inattivi ---------------------------------------------------------------------------
# Dopo un'ora senza attività il server del corsista si spegne (il controllo passa ogni 10 minuti e
# l'attività arriva al hub con qualche minuto di ritardo: di fatto 60–90 minuti; il lavoro salvato
# resta). I kernel inattivi li spegne prima il server stesso (config-aula/jupyter_server_config.py).
c.JupyterHub.load_roles = [{
    "name": "spegni-inattivi",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["spegni-inattivi"],
}]
c.JupyterHub.services = [{
    "name": "spegni-inattivi",
    "command": ["python3", "-m", "jupyterhub_idle_culler", "--timeout=3600"],
}]
