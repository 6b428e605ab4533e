"""Il chart vero di Zero to JupyterHub (hub/helm/zero-to-jupyterhub/) con i nostri valori, senza cluster.

- ``rendi``: i manifesti come ``helm template`` (libreria Go di Helm, pacchetto ``helm-python-sdk``);
- ``config_del_hub``: la configurazione che il hub del chart costruirebbe dai valori, eseguendo il suo
  ``jupyterhub_config.py`` (che esegue anche i nostri ``hub.extraConfig``); si sostituiscono solo le
  letture dei file montati dal Secret e dalla ConfigMap con i manifesti appena resi;
- ``pod_del_server``: il Pod del server di un utente come lo crea KubeSpawner (con ``pre_spawn_hook``).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import sys
import types
from functools import lru_cache
from pathlib import Path

import yaml

RADICE = Path(__file__).resolve().parent.parent
CHART = RADICE / "hub" / "helm" / "zero-to-jupyterhub" / "jupyterhub"
VALORI = RADICE / "hub" / "helm" / "valori.yaml"
#: Le pagine italiane del hub, generate da hub/helm/pagine.py: si installano insieme a valori.yaml.
VALORI_PAGINE = RADICE / "hub" / "helm" / "pagine.yaml"
RILASCIO = "ambiti-lab"

# Un kubeconfig che non porta da nessuna parte: KubeSpawner lo legge all'avvio ma qui non chiama mai l'API.
KUBECONFIG_FINTO = """apiVersion: v1
kind: Config
clusters: [{name: nessuno, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: nessuno, user: {token: nessuno}}]
contexts: [{name: nessuno, context: {cluster: nessuno, user: nessuno}}]
current-context: nessuno
"""


def _unisci(base: dict, sopra: dict) -> dict:
    """Come Helm con più ``--values``: le mappe si uniscono, il resto lo sostituisce il file dopo."""
    unito = dict(base)
    for chiave, valore in sopra.items():
        if isinstance(valore, dict) and isinstance(unito.get(chiave), dict):
            unito[chiave] = _unisci(unito[chiave], valore)
        else:
            unito[chiave] = valore
    return unito


def valori() -> dict:
    """I valori dell'installazione documentata: valori.yaml e poi pagine.yaml."""
    return _unisci(yaml.safe_load(VALORI.read_text(encoding="utf-8")),
                   yaml.safe_load(VALORI_PAGINE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def chart():
    import helm_python

    return helm_python.Chart.load(str(CHART))


def versione_minima_kubernetes() -> str:
    """La versione minima di Kubernetes dichiarata dal chart (``kubeVersion: ">=1.28.0-0"`` → ``1.28.0``)."""
    dichiarata = yaml.safe_load((CHART / "Chart.yaml").read_text(encoding="utf-8"))["kubeVersion"]
    return dichiarata.removeprefix(">=").split("-")[0]


def rendi(v: dict | None = None) -> list[dict]:
    """I manifesti Kubernetes resi dal chart con i valori ``v`` (predefiniti: hub/helm/valori.yaml)."""
    v = valori() if v is None else v
    chart().validate_schema(v)
    resi = chart().render(v, name=RILASCIO, namespace=RILASCIO)
    manifesti = []
    for modello, testo in sorted(resi.items()):
        if modello.endswith((".yaml", ".yml")):
            manifesti.extend(d for d in yaml.safe_load_all(testo) if d)
    return manifesti


def cerca(manifesti: list[dict], tipo: str, nome: str) -> dict:
    trovati = [m for m in manifesti if m["kind"] == tipo and m["metadata"]["name"] == nome]
    assert len(trovati) == 1, f"{tipo}/{nome}: {len(trovati)} manifesti"
    return trovati[0]


def dati_del_secret(secret: dict) -> dict[str, str]:
    dati = {k: base64.b64decode(v).decode() for k, v in (secret.get("data") or {}).items()}
    return {**dati, **(secret.get("stringData") or {})}


@contextlib.contextmanager
def _ambiente(variabili: dict[str, str]):
    prima = {k: os.environ.get(k) for k in variabili}
    os.environ.update(variabili)
    try:
        yield
    finally:
        for k, v in prima.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def config_del_hub(manifesti: list[dict], *, cartella: Path):
    """La configurazione (traitlets) del hub del chart per questi manifesti.

    ``cartella`` riceve il kubeconfig finto e l'elenco degli uid dei corsisti.
    """
    from tornado.httpclient import AsyncHTTPClient
    from traitlets.config import Config

    segreti = dati_del_secret(cerca(manifesti, "Secret", "hub"))
    mappa = cerca(manifesti, "ConfigMap", "hub")["data"]
    sorgenti = CHART / "files" / "hub"
    z2jh = types.ModuleType("z2jh")
    z2jh.__file__ = str(sorgenti / "z2jh.py")
    exec(compile((sorgenti / "z2jh.py").read_text(encoding="utf-8"), z2jh.__file__, "exec"), z2jh.__dict__)
    # le sole letture da file del pod del hub: il Secret (values.yaml e segreti) e la ConfigMap
    valori_montati = yaml.safe_load(segreti["values.yaml"])
    z2jh._load_config = lambda: valori_montati
    z2jh._get_config_value = lambda chiave: mappa[chiave]
    z2jh.get_secret_value = lambda chiave, default=None: segreti.get(chiave, default)

    kubeconfig = cartella / "kubeconfig"
    kubeconfig.write_text(KUBECONFIG_FINTO)
    # i file di hub.extraFiles montati nella cartella delle pagine (hub/helm/pagine.py), come li monta kubelet
    pagine = cartella / "pagine"
    pagine.mkdir(exist_ok=True)
    for chiave, dettagli in (valori_montati.get("hub", {}).get("extraFiles") or {}).items():
        if dettagli["mountPath"].startswith("/usr/local/etc/jupyterhub/pagine/"):
            (pagine / Path(dettagli["mountPath"]).name).write_text(segreti[chiave], encoding="utf-8")
    servizi = {f"{n}_SERVICE_{p}": v for n in ("HUB", "PROXY_API", "PROXY_PUBLIC")
               for p, v in (("HOST", "127.0.0.1"), ("PORT", "8081"))}
    config = Config()
    percorso = sorgenti / "jupyterhub_config.py"
    configura_client = AsyncHTTPClient.__dict__["configure"]
    vecchio_path = list(sys.path)
    vecchio_z2jh = sys.modules.get("z2jh")
    sys.modules["z2jh"] = z2jh
    # il hub del chart usa il client curl di tornado (pycurl è nell'immagine del hub, non qui)
    AsyncHTTPClient.configure = classmethod(lambda cls, *a, **k: None)
    try:
        with _ambiente({**servizi, "POD_NAMESPACE": RILASCIO, "KUBECONFIG": str(kubeconfig),
                        "AMBITI_LAB_ELENCO_UID": str(cartella / "uid-corsisti.json"),
                        "AMBITI_LAB_PAGINE": str(pagine)}):
            exec(compile(percorso.read_text(encoding="utf-8"), str(percorso), "exec"),
                 {"get_config": lambda: config, "__file__": str(percorso), "__name__": "jupyterhub_config"})
    finally:
        AsyncHTTPClient.configure = configura_client
        sys.path[:] = vecchio_path
        if vecchio_z2jh is None:
            sys.modules.pop("z2jh", None)
        else:
            sys.modules["z2jh"] = vecchio_z2jh
    return config


def pod_del_server(config, nome: str, *, admin: bool = False, cartella: Path) -> dict:
    """Il manifesto del Pod che KubeSpawner crea per il server di ``nome`` (dopo il ``pre_spawn_hook``)."""
    from kubernetes_asyncio.client import ApiClient
    from kubernetes_asyncio.config import kube_config
    from kubespawner import KubeSpawner

    utente = types.SimpleNamespace(name=nome, id=1, admin=admin, url=f"/user/{nome}/", escaped_name=nome)

    async def costruisci():
        # KubeSpawner legge il kubeconfig predefinito del client (letto da KUBECONFIG all'import)
        predefinito = kube_config.KUBE_CONFIG_DEFAULT_LOCATION
        kube_config.KUBE_CONFIG_DEFAULT_LOCATION = str(cartella / "kubeconfig")
        try:
            spawner = KubeSpawner(_mock=True, config=config, user=utente)
        finally:
            kube_config.KUBE_CONFIG_DEFAULT_LOCATION = predefinito
        try:
            if spawner.pre_spawn_hook:
                spawner.pre_spawn_hook(spawner)
            pod = await spawner.get_pod_manifest()
            async with ApiClient() as client:
                return client.sanitize_for_serialization(pod)
        finally:
            await spawner.api.api_client.close()

    return asyncio.run(costruisci())
