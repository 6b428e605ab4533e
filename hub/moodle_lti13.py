# Accesso da Moodle con LTI 1.3 (facoltativo) per il hub d'aula: si carica DOPO jupyterhub_config.py.
#
#   # /opt/ambiti-lab/jupyterhub_moodle.py
#   load_subconfig("/opt/ambiti-lab/sorgente/hub/jupyterhub_config.py")
#   load_subconfig("/opt/ambiti-lab/sorgente/hub/moodle_lti13.py")
#
# I corsisti entrano dal corso Moodle (attività «Strumento esterno» LTI 1.3) senza una password del hub;
# chi ha in Moodle il ruolo di docente va anche nel gruppo del formgrader. Il nome utente del hub è il
# nome utente di Moodle (minuscolo; solo lettere, cifre, . _ -). Istruzioni in hub/LEGGIMI.md.
#
# Variabili d'ambiente:
#   AMBITI_LAB_MOODLE            indirizzo del Moodle, es. https://formazione.regione.puglia.it
#   AMBITI_LAB_MOODLE_CLIENT_ID  «ID client» che Moodle mostra dopo aver registrato lo strumento
#   AMBITI_LAB_MOODLE_AUTORIZZA  (facoltativa) pagina di autorizzazione   [<Moodle>/mod/lti/auth.php]
#   AMBITI_LAB_MOODLE_CHIAVI     (facoltativa) chiavi pubbliche (JWKS)     [<Moodle>/mod/lti/certs.php]
import os
import re

from ltiauthenticator.lti13.auth import LTI13Authenticator

try:
    c  # noqa: B018 — su Kubernetes (jupyterhub_config.d del chart) c esiste già
except NameError:
    c = get_config()  # noqa: F821
CORSO_MOODLE = os.environ.get("AMBITI_LAB_CORSO", "ambiti-lab")
MOODLE = os.environ["AMBITI_LAB_MOODLE"].rstrip("/")
RUOLI = "https://purl.imsglobal.org/spec/lti/claim/roles"
ESTENSIONI = "https://purl.imsglobal.org/spec/lti/claim/ext"
NOME_SEMPLICE = re.compile(r"(?!.*\.\.)[a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?")


class AutenticatoreMoodle(LTI13Authenticator):
    """LTI 1.3 da Moodle: nome utente di Moodle e gruppi nbgrader del corso."""

    def get_username(self, token):
        nome = str((token.get(ESTENSIONI) or {}).get("user_username", "")).strip().lower()
        if not NOME_SEMPLICE.fullmatch(nome):
            self.log.warning("Accesso da Moodle rifiutato: nome utente %r non adatto al hub "
                             "(servono lettere minuscole, cifre, . _ -).", nome)
            return None
        return nome

    async def authenticate(self, handler, data=None):
        dati = await super().authenticate(handler, data)
        if not dati or not dati.get("name"):
            return None
        gruppi = [f"nbgrader-{CORSO_MOODLE}"]
        if any(r.endswith("#Instructor") for r in (data or {}).get(RUOLI, [])):
            gruppi.append(f"formgrade-{CORSO_MOODLE}")
        return {**dati, "groups": gruppi}


c.JupyterHub.authenticator_class = AutenticatoreMoodle
c.LTI13Authenticator.issuer = MOODLE
c.LTI13Authenticator.client_id = {os.environ["AMBITI_LAB_MOODLE_CLIENT_ID"]}
c.LTI13Authenticator.authorize_url = os.environ.get("AMBITI_LAB_MOODLE_AUTORIZZA", f"{MOODLE}/mod/lti/auth.php")
c.LTI13Authenticator.jwks_endpoint = os.environ.get("AMBITI_LAB_MOODLE_CHIAVI", f"{MOODLE}/mod/lti/certs.php")
c.LTI13Authenticator.tool_name = "ambiti-lab"
c.LTI13Authenticator.tool_description = "Corso pratico in Jupyter per i coordinatori degli Ambiti territoriali sociali"
c.Authenticator.allow_all = True      # entra chi Moodle manda: l'iscrizione al corso la decide Moodle
c.Authenticator.manage_groups = True
# Con Moodle non ci sono password del hub: niente «Cambia password» né «Approva i corsisti» nella barra.
c.JupyterHub.template_vars.update({"accesso_con_password": False})
