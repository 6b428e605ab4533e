"""I valori Helm (hub/helm/valori.yaml) con il chart vero di Zero to JupyterHub 4.4.0.

Lo schema del chart controlla i valori, la libreria di Helm rende i manifesti, ``kubernetes-validate``
li controlla per la versione minima di Kubernetes del chart, e la configurazione del hub si ottiene
eseguendo il ``jupyterhub_config.py`` del chart: quello che si afferma qui è quello che farebbe il
hub installato, non una nostra lettura dei valori.
"""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("helm_python")
pytest.importorskip("kubespawner")

from chart_z2jh import (CHART, RADICE, VALORI, cerca, chart, config_del_hub, dati_del_secret,  # noqa: E402
                        pod_del_server, rendi, valori, versione_minima_kubernetes)

CORSISTA = "mario.rossi"
FORMATORE = "formatore"


@pytest.fixture(scope="module")
def manifesti():
    return rendi()


@pytest.fixture(scope="module")
def hub(manifesti, tmp_path_factory):
    cartella = tmp_path_factory.mktemp("hub")
    config = config_del_hub(manifesti, cartella=cartella)
    return SimpleNamespace(config=config, cartella=cartella)


@pytest.fixture(scope="module")
def pod_corsista(hub):
    return pod_del_server(hub.config, CORSISTA, cartella=hub.cartella)


@pytest.fixture(scope="module")
def pod_formatore(hub):
    return pod_del_server(hub.config, FORMATORE, admin=True, cartella=hub.cartella)


def _contenitore(pod: dict) -> dict:
    (notebook,) = [c for c in pod["spec"]["containers"] if c["name"] == "notebook"]
    return notebook


def _ambiente(pod: dict) -> dict:
    return {v["name"]: v.get("value") for v in _contenitore(pod)["env"]}


def _montaggio(pod: dict, percorso: str) -> dict:
    (trovato,) = [m for m in _contenitore(pod)["volumeMounts"] if m["mountPath"] == percorso]
    return trovato


def _file_montato(manifesti: list[dict], pod: dict, percorso: str) -> str:
    """Il contenuto del file che il Pod vede in ``percorso`` (dal Secret ``singleuser`` del chart)."""
    montaggio = _montaggio(pod, percorso)
    (volume,) = [v for v in pod["spec"]["volumes"] if v["name"] == montaggio["name"]]
    return dati_del_secret(cerca(manifesti, "Secret", volume["secret"]["secretName"]))[montaggio["subPath"]]


# --- 1. Schema del chart e manifesti -------------------------------------------------------------

def test_il_chart_e_la_copia_della_versione_4_4_0_con_licenza_e_provenienza():
    import yaml

    descrizione = yaml.safe_load((CHART / "Chart.yaml").read_text(encoding="utf-8"))
    assert (descrizione["name"], descrizione["version"]) == ("jupyterhub", "4.4.0")
    cartella = CHART.parent
    assert "Project Jupyter Contributors" in (cartella / "LICENSE").read_text(encoding="utf-8")
    provenienza = (cartella / "PROVENIENZA.md").read_text(encoding="utf-8")
    assert "4.4.0" in provenienza and "values.schema.json" in provenienza
    assert not (RADICE / "hub" / "helm" / "schema-valori.json").exists(), "lo schema fatto a mano non serve più"


def test_i_valori_rispettano_lo_schema_del_chart():
    chart().validate_schema(valori())


@pytest.mark.parametrize("guasto, chiave", [
    (lambda v: v["singleuser"].__setitem__("memori", {"limit": "2G"}), "memori"),
    (lambda v: v["cull"].__setitem__("timeout", "un'ora"), "timeout"),
    (lambda v: v["hub"].__setitem__("extraConfg", {}), "extraConfg"),
    (lambda v: v["singleuser"]["storage"].__setitem__("capacity", 2), "capacity"),
])
def test_una_chiave_sbagliata_fa_fallire_la_validazione(guasto, chiave):
    from helm_python.errors import HelmValuesError

    sbagliati = copy.deepcopy(valori())
    guasto(sbagliati)
    with pytest.raises(HelmValuesError, match=chiave):
        chart().validate_schema(sbagliati)
    with pytest.raises(HelmValuesError):
        rendi(sbagliati)


def test_manifesti_validi_per_la_versione_minima_di_kubernetes(manifesti, pod_corsista, pod_formatore):
    import kubernetes_validate

    versione = versione_minima_kubernetes()
    assert versione == "1.28.0"
    tipi = {m["kind"] for m in manifesti}
    assert {"Deployment", "Service", "Secret", "ConfigMap", "NetworkPolicy", "PersistentVolumeClaim"} <= tipi
    errori = []
    for m in [*manifesti, pod_corsista, pod_formatore]:
        try:
            kubernetes_validate.validate(m, versione, strict=True)
        except kubernetes_validate.ValidationError as errore:
            errori.append(f"{m['kind']}/{m['metadata'].get('name')}: {errore.message} ({list(errore.path)})")
    assert not errori, "\n".join(errori)


def test_kubernetes_validate_coglie_un_manifesto_sbagliato(manifesti):
    import kubernetes_validate

    hub = copy.deepcopy(cerca(manifesti, "Deployment", "hub"))
    hub["spec"]["template"]["spec"]["containers"][0]["resurces"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(hub, versione_minima_kubernetes(), strict=True)


# --- Che cosa devono produrre i nostri valori ------------------------------------------------------

def test_accesso_con_approvazione_e_formatore_amministratore(hub, pod_corsista):
    from nativeauthenticator import NativeAuthenticator

    c = hub.config
    assert issubclass(c.JupyterHub.authenticator_class, NativeAuthenticator)
    assert c.NativeAuthenticator.open_signup is False
    assert c.NativeAuthenticator.minimum_password_length >= 10
    assert FORMATORE in c.Authenticator.admin_users
    assert _ambiente(pod_corsista)["AMBITI_LAB_FORMATORE"] == FORMATORE
    from jupyterhub.auth import Authenticator

    autenticatore = Authenticator(config=c)  # la regola sui nomi è quella di JupyterHub
    assert autenticatore.validate_username(CORSISTA)
    for nome in ("../anna", "anna/../../x", "Anna Rossi", ".nascosto", "a..b"):
        assert not autenticatore.validate_username(nome), nome


def test_https_con_lets_encrypt(manifesti):
    valori_hub = valori()
    assert valori_hub["proxy"]["https"] == {**valori_hub["proxy"]["https"], "enabled": True, "type": "letsencrypt"}
    cerca(manifesti, "Deployment", "autohttps")
    testo = VALORI.read_text(encoding="utf-8")
    assert "dummy" not in testo.lower() and "allow_root" not in testo


def test_server_e_kernel_inattivi_si_spengono(hub, manifesti, pod_corsista):
    (culler,) = [s for s in hub.config.JupyterHub.services if s["name"] == "jupyterhub-idle-culler"]
    assert "--timeout=3600" in culler["command"] and "--cull-every=300" in culler["command"]
    percorso = "/etc/jupyter/jupyter_server_config.d/ambiti-lab-kernel.json"
    kernel = json.loads(_file_montato(manifesti, pod_corsista, percorso))["MappingKernelManager"]
    assert 0 < kernel["cull_idle_timeout"] <= 1800 and kernel["cull_interval"] > 0
    assert kernel["cull_connected"] is True, "una scheda lasciata aperta non deve tenere il kernel"


def test_limiti_di_memoria_e_processore(pod_corsista):
    risorse = _contenitore(pod_corsista)["resources"]
    # KubeSpawner legge «2G» come 2 GiB
    assert risorse["limits"] == {"cpu": 1.0, "memory": 2 * 1024**3}
    assert risorse["requests"] == {"cpu": 0.25, "memory": 1024**3}


def test_disco_personale_e_database_del_hub(hub, manifesti, pod_corsista):
    assert hub.config.KubeSpawner.storage_capacity == "2Gi"
    casa = _montaggio(pod_corsista, "/home/jovyan")
    (volume,) = [v for v in pod_corsista["spec"]["volumes"] if v["name"] == casa["name"]]
    assert volume["persistentVolumeClaim"]["claimName"].startswith("claim-mario")
    db = cerca(manifesti, "PersistentVolumeClaim", "hub-db-dir")
    assert db["spec"]["resources"]["requests"]["storage"] == "5Gi"


def test_primo_accesso_apre_la_lezione_00_dell_edizione_corsisti(pod_corsista):
    iniziale = _ambiente(pod_corsista)["JUPYTERHUB_DEFAULT_URL"]
    indirizzo = urlsplit(iniziale)
    assert indirizzo.path == "/git-pull"
    parametri = {k: v[0] for k, v in parse_qs(indirizzo.query).items()}
    assert parametri["repo"].startswith("https://") and parametri["repo"].endswith(".git")
    cartella = parametri["targetpath"]
    assert parametri["urlpath"] == f"lab/tree/{cartella}/modules/00-benvenuto/00-benvenuto.ipynb"
    assert (RADICE / parametri["urlpath"].removeprefix(f"lab/tree/{cartella}/")).is_file()
    assert parametri["branch"] == "main"
    from course.sessione import percorso_nbgitpuller

    assert iniziale == "/" + percorso_nbgitpuller(parametri["repo"]), "come il link e il hub d'aula"


@pytest.mark.parametrize("dal_hub", [True, False])
def test_lo_start_dell_immagine_lascia_la_pagina_iniziale_al_hub(tmp_path, dal_hub):
    """Con la casa su un disco personale la lezione 00 non è in ``modules/`` finché nbgitpuller non la
    copia: lo start dell'immagine non deve sovrascrivere la pagina scelta dal hub."""
    for nome, corpo in (("python", "exit 0"), ("jupyterhub-singleuser", 'printf "%s\\n" "$@"')):
        (tmp_path / nome).write_text(f"#!/bin/sh\n{corpo}\n")
        (tmp_path / nome).chmod(0o755)
    ambiente = {"PATH": f"{tmp_path}:/usr/bin:/bin", "HOME": str(tmp_path)}
    if dal_hub:
        ambiente["JUPYTERHUB_DEFAULT_URL"] = "/git-pull?repo=x"
    uscita = subprocess.run([str(RADICE / "binder" / "start"), "jupyterhub-singleuser", "--debug"], env=ambiente,
                            capture_output=True, text=True, timeout=60, check=True).stdout.split()
    if dal_hub:
        assert uscita == ["--debug"]
    else:
        assert "--ServerApp.default_url=/lab/tree/modules/00-benvenuto/00-benvenuto.ipynb" in uscita


def test_strumenti_del_formatore_nascosti_solo_ai_corsisti(manifesti, pod_corsista, pod_formatore):
    percorso = _ambiente(pod_corsista)["JUPYTER_CONFIG_PATH"]
    pagina = json.loads(_file_montato(manifesti, pod_corsista, f"{percorso}/labconfig/page_config.json"))
    aula = json.loads((RADICE / "hub" / "config-solo-corsisti" / "labconfig" / "page_config.json").read_text())
    assert pagina == aula and pagina["disabledExtensions"]
    assert _ambiente(pod_formatore)["JUPYTER_CONFIG_PATH"] != percorso
    assert {"AMBITI_LAB_CORSO", "AMBITI_LAB_EXCHANGE"} <= set(_ambiente(pod_corsista)), "extraEnv deve restare"


def test_nbgrader_dei_corsisti_come_in_aula(manifesti, pod_corsista, monkeypatch):
    """Per un corsista la configurazione di nbgrader montata nel Pod è quella dell'aula; in più (usate
    solo dal formatore) la raccolta e i riscontri per sottocartelle dei corsisti."""
    from traitlets.config import Config

    codice = _file_montato(manifesti, pod_corsista, "/etc/jupyter/nbgrader_config.py")
    for nome, valore in _ambiente(pod_corsista).items():
        if nome.startswith(("AMBITI_LAB_", "JUPYTERHUB_USER")):
            monkeypatch.setenv(nome, valore)
    risultati = []
    for testo in (codice, (RADICE / "hub" / "config-corsisti" / "nbgrader_config.py").read_text(encoding="utf-8")):
        config = Config()
        exec(compile(testo, "nbgrader_config.py", "exec"), {"get_config": lambda: config})
        risultati.append(config)
    helm, aula = risultati
    fabbrica = helm.pop("ExchangeFactory")
    assert helm == aula and helm.CourseDirectory.student_id == CORSISTA
    assert fabbrica.collect.endswith("RaccoltaPerUtente") and fabbrica.release_feedback.endswith("RiscontriPerUtente")
    from nbgrader.exchange import ExchangeFactory

    import_classi = ExchangeFactory(config=Config({"ExchangeFactory": fabbrica}))
    assert import_classi.collect.__name__ == "RaccoltaPerUtente"


def test_il_codice_dei_valori_e_python_valido():
    for nome, codice in valori()["hub"]["extraConfig"].items():
        compile(codice, f"hub.extraConfig.{nome}", "exec")



def test_nessun_contenitore_come_root_e_metadati_del_cloud_bloccati(manifesti, pod_corsista, pod_formatore):
    """Il chart, di norma, aggiunge a ogni server un contenitore iniziale privilegiato che gira come root
    (iptables contro 169.254.169.254). I nostri valori lo tolgono e lasciano il blocco alla NetworkPolicy:
    nessun contenitore dei server gira come root o privilegiato, e nessuna regola di uscita raggiunge
    il server dei metadati, se non per il DNS."""
    for pod in (pod_corsista, pod_formatore):
        for contenitore in [*pod["spec"].get("initContainers", []), *pod["spec"]["containers"]]:
            sicurezza = {**pod["spec"].get("securityContext", {}), **contenitore.get("securityContext", {})}
            assert contenitore["name"] != "block-cloud-metadata"
            assert not sicurezza.get("privileged"), contenitore["name"]
            assert sicurezza.get("runAsUser") not in (None, 0), contenitore["name"]
    politica = cerca(manifesti, "NetworkPolicy", "singleuser")
    assert "Egress" in politica["spec"]["policyTypes"]
    metadati = "169.254.169.254/32"
    for regola in politica["spec"]["egress"]:
        porte = {p.get("port") for p in regola.get("ports", [])}
        for destinazione in regola.get("to", []):
            blocco = destinazione.get("ipBlock")
            if not blocco:
                continue
            if blocco["cidr"] == metadati:
                assert porte == {53}, f"il server dei metadati è raggiungibile: {regola}"
            elif blocco["cidr"] == "0.0.0.0/0":
                assert metadati in blocco.get("except", []), regola


def test_le_pagine_del_hub_in_italiano_anche_su_kubernetes(manifesti, hub):
    """hub/helm/pagine.yaml (generato da hub/helm/pagine.py) monta nel hub del chart le stesse pagine
    italiane del hub d'aula, e la configurazione del hub le usa."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("pagine_helm", RADICE / "hub" / "helm" / "pagine.py")
    pagine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pagine)
    scritto = (RADICE / "hub" / "helm" / "pagine.yaml").read_text(encoding="utf-8")
    assert scritto == pagine.testo_del_file(), "pagine.yaml non è aggiornato: python hub/helm/pagine.py"

    (contenitore,) = [c for c in cerca(manifesti, "Deployment", "hub")["spec"]["template"]["spec"]["containers"]
                      if c["name"] == "hub"]
    montati = {m["mountPath"]: m["subPath"] for m in contenitore["volumeMounts"] if m["name"] == "files"}
    segreti = dati_del_secret(cerca(manifesti, "Secret", "hub"))
    originali = [*(RADICE / "hub" / "pagine").iterdir(), RADICE / "hub" / "messaggi.py"]
    for originale in originali:
        dentro = f"{pagine.CARTELLA_NEL_HUB}/{originale.name}"
        assert dentro in montati, f"{originale.name} non è montato nel hub"
        assert segreti[montati[dentro]] == originale.read_text(encoding="utf-8"), originale.name

    (cartella,) = hub.config.JupyterHub.template_paths
    assert {p.name for p in Path(cartella).iterdir()} == {p.name for p in originali}
    traduci = hub.config.JupyterHub.template_vars["traduci"](None)
    assert traduci("Invalid username or password.") == "Nome utente o password sbagliati."
    assert hub.config.JupyterHub.template_vars["lunghezza_password"] == 10
