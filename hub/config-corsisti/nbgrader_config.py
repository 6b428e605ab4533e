# nbgrader nei server dei corsisti (e del formatore) sul hub del corso.
# Il hub la rende visibile con JUPYTER_CONFIG_PATH (vedi hub/jupyterhub_config.py).
import os

from nbgrader.auth import JupyterHubAuthPlugin

c = get_config()  # noqa: F821 - fornita da nbgrader quando legge il file

# I corsi di un utente sono i suoi gruppi del hub nbgrader-<corso> e formgrade-<corso>.
c.Authenticator.plugin_class = JupyterHubAuthPlugin
c.CourseDirectory.course_id = os.environ.get("AMBITI_LAB_CORSO", "ambiti-lab")
# Cartella di scambio comune: il formatore vi rilascia i compiti, i corsisti vi consegnano.
c.Exchange.root = os.environ.get("AMBITI_LAB_EXCHANGE", "/srv/nbgrader/exchange")
# Chi consegna è l'utente del hub (non l'utente di sistema, che con SystemdSpawner è temporaneo).
# Per il formatore resta «*», così i suoi comandi nbgrader vedono tutti i corsisti.
utente = os.environ.get("JUPYTERHUB_USER")
if utente and utente != os.environ.get("AMBITI_LAB_FORMATORE", "formatore"):
    c.CourseDirectory.student_id = utente
