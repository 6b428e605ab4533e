"""Scambio dei compiti su Kubernetes: nessun corsista legge o cambia le consegne e i riscontri degli
altri né il compito rilasciato; il formatore raccoglie e restituisce i riscontri.

Prima parte: i manifesti veri (chart 4.4.0 + hub/helm/valori.yaml, Pod creati da KubeSpawner).
Seconda parte: gli stessi Pod riprodotti su questa macchina con utenti Unix veri, stessi uid e gruppi
e stessi montaggi (bind mount al posto di subPath, come fa kubelet), e nbgrader vero dentro.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("helm_python")
pytest.importorskip("kubespawner")

from chart_z2jh import RADICE, cerca, config_del_hub, dati_del_secret, pod_del_server, rendi  # noqa: E402

CORSO = "ambiti-lab"
SCAMBIO = "/srv/nbgrader/exchange"
ANNA, BRUNO, FORMATORE = "anna", "bruno", "formatore"
UID_FORMATORI = 30000


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cartella = tmp_path_factory.mktemp("hub")
    manifesti = rendi()
    config = config_del_hub(manifesti, cartella=cartella)
    pod = {nome: pod_del_server(config, nome, admin=nome == FORMATORE, cartella=cartella)
           for nome in (ANNA, BRUNO, FORMATORE)}
    return SimpleNamespace(manifesti=manifesti, config=config, pod=pod, cartella=cartella)


def _notebook(pod: dict) -> dict:
    (c,) = [c for c in pod["spec"]["containers"] if c["name"] == "notebook"]
    return c


def _montaggi_scambio(pod: dict, contenitore: dict) -> list[dict]:
    volumi = {v["name"]: v for v in pod["spec"]["volumes"]}
    return [m for m in contenitore["volumeMounts"]
            if volumi[m["name"]].get("persistentVolumeClaim", {}).get("claimName") == "nbgrader-exchange"]


def _sicurezza(pod: dict, contenitore: dict) -> dict:
    return {**pod["spec"].get("securityContext", {}), **contenitore.get("securityContext", {})}


# --- Nei manifesti -------------------------------------------------------------------------------

def test_ogni_corsista_monta_solo_le_sue_cartelle_dello_scambio(cluster):
    for nome in (ANNA, BRUNO):
        montaggi = {m["mountPath"]: m for m in _montaggi_scambio(cluster.pod[nome], _notebook(cluster.pod[nome]))}
        assert montaggi == {
            f"{SCAMBIO}/{CORSO}/outbound": {"name": "scambio-nbgrader", "mountPath": f"{SCAMBIO}/{CORSO}/outbound",
                                            "subPath": f"{CORSO}/outbound", "readOnly": True},
            f"{SCAMBIO}/{CORSO}/inbound": {"name": "scambio-nbgrader", "mountPath": f"{SCAMBIO}/{CORSO}/inbound",
                                           "subPath": f"{CORSO}/inbound/{nome}"},
            f"{SCAMBIO}/{CORSO}/feedback": {"name": "scambio-nbgrader", "mountPath": f"{SCAMBIO}/{CORSO}/feedback",
                                            "subPath": f"{CORSO}/feedback/{nome}", "readOnly": True},
        }
        (radice,) = [m for m in _notebook(cluster.pod[nome])["volumeMounts"] if m["mountPath"] == SCAMBIO]
        (volume,) = [v for v in cluster.pod[nome]["spec"]["volumes"] if v["name"] == radice["name"]]
        assert volume == {"name": radice["name"], "emptyDir": {}}, "la radice dello scambio non è il volume comune"
    (formatore,) = _montaggi_scambio(cluster.pod[FORMATORE], _notebook(cluster.pod[FORMATORE]))
    assert formatore == {"name": "scambio-nbgrader", "mountPath": SCAMBIO}


def test_uid_diversi_stabili_e_senza_privilegi(cluster, tmp_path):
    identita = {}
    for nome, pod in cluster.pod.items():
        sicurezza = _sicurezza(pod, _notebook(pod))
        assert sicurezza["runAsNonRoot"] is True and sicurezza["allowPrivilegeEscalation"] is False
        assert sicurezza["capabilities"] == {"drop": ["ALL"]}
        assert "supplementalGroups" not in sicurezza or sicurezza["supplementalGroups"] == []
        identita[nome] = (sicurezza["runAsUser"], sicurezza["runAsGroup"], sicurezza["fsGroup"])
    assert identita[FORMATORE] == (UID_FORMATORI,) * 3
    assert identita[ANNA][0] != identita[BRUNO][0] and min(identita[ANNA][0], identita[BRUNO][0]) > UID_FORMATORI
    for nome in (ANNA, BRUNO):
        assert len(set(identita[nome])) == 1, "ogni corsista ha anche il suo gruppo"
    # il hub che riparte (stesso disco) ridà gli stessi uid; un nome nuovo ne riceve uno mai usato
    config = config_del_hub(cluster.manifesti, cartella=cluster.cartella)
    assert _sicurezza(pod_del_server(config, BRUNO, cartella=cluster.cartella),
                      _notebook(cluster.pod[BRUNO]))["runAsUser"] == identita[BRUNO][0]
    nuovo = _sicurezza(pod_del_server(config, "carla", cartella=cluster.cartella), {})["fsGroup"]
    assert nuovo not in {u for u, _, _ in identita.values()}
    elenco = json.loads((cluster.cartella / "uid-corsisti.json").read_text())
    assert elenco[ANNA] == identita[ANNA][0] and elenco["carla"] == nuovo


def test_le_cartelle_si_creano_senza_root(cluster):
    (hub,) = cerca(cluster.manifesti, "Deployment", "hub")["spec"]["template"]["spec"]["initContainers"]
    assert hub["securityContext"]["runAsUser"] == UID_FORMATORI and hub["securityContext"]["runAsNonRoot"]
    assert [m["mountPath"] for m in hub["volumeMounts"]] == ["/scambio"]
    for nome in (ANNA, BRUNO):
        pod = cluster.pod[nome]
        (iniziale,) = [c for c in pod["spec"]["initContainers"] if c["name"] == "cartelle-scambio"]
        uid = _sicurezza(pod, _notebook(pod))["runAsUser"]
        assert iniziale["securityContext"]["runAsUser"] == uid and iniziale["securityContext"]["runAsNonRoot"]
        assert iniziale["command"][-2:] == [nome, CORSO]
        assert iniziale["image"] == _notebook(pod)["image"]


def test_nome_utente_che_esce_dalla_cartella_rifiutato(cluster):
    with pytest.raises(ValueError, match="Nome utente non adatto"):
        pod_del_server(cluster.config, "../formatore", cartella=cluster.cartella)


# --- Riprodotto su questa macchina con utenti veri ------------------------------------------------

def _puo_riprodurre() -> str | None:
    if os.geteuid() != 0:
        return "serve root (in CI lo è) per creare utenti e montaggi"
    for programma in ("unshare", "setpriv", "useradd", "mount"):
        if shutil.which(programma) is None:
            return f"manca {programma}"
    prova = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"], capture_output=True)
    if prova.returncode:
        return f"unshare --mount non permesso qui: {prova.stderr.decode().strip()}"
    return None


def _togli_utente(nome: str) -> None:
    subprocess.run(["userdel", nome], capture_output=True)
    subprocess.run(["groupdel", nome], capture_output=True)


def _crea_utente(nome: str, uid: int) -> None:
    _togli_utente(nome)                         # resti di una prova interrotta
    try:
        esistente = pwd.getpwuid(uid).pw_name
    except KeyError:
        esistente = None
    if esistente not in (None, nome):
        pytest.skip(f"l'uid {uid} appartiene già a {esistente} su questa macchina")
    if esistente is None:
        try:
            grp.getgrgid(uid)
        except KeyError:
            subprocess.run(["groupadd", "-g", str(uid), nome], check=True)
        subprocess.run(["useradd", "-u", str(uid), "-g", str(uid), "-M", "-d", "/home/jovyan", "-s", "/bin/sh", nome],
                       check=True)


class Macchina:
    """I volumi del cluster come cartelle locali, e i contenitori dei Pod eseguiti con i loro montaggi."""

    def __init__(self, base: Path, manifesti: list[dict]):
        self.base = base
        self.scambio = base / "scambio"             # il PersistentVolumeClaim nbgrader-exchange (NFS)
        self.scambio.mkdir()
        self.scambio.chmod(0o777)                   # come le cartelle create da un provisioner NFS
        self.segreti = dati_del_secret(cerca(manifesti, "Secret", "singleuser"))
        self.esecuzioni = 0

    def _sorgente(self, pod: dict, volume: dict, montaggio: dict) -> Path:
        nome_pod = pod["metadata"]["name"]
        if "persistentVolumeClaim" in volume:
            richiesta = volume["persistentVolumeClaim"]["claimName"]
            if richiesta == "nbgrader-exchange":
                radice = self.scambio
            else:                                   # la casa del corsista, con fsGroup applicato da kubelet
                radice = self.base / f"casa-{nome_pod}"
                if not radice.exists():
                    radice.mkdir()
                    os.chown(radice, 0, pod["spec"]["securityContext"]["fsGroup"])
                    radice.chmod(0o2770)
        elif "emptyDir" in volume:
            radice = self.base / f"vuoto-{nome_pod}-{volume['name']}"
            radice.mkdir(exist_ok=True)
            radice.chmod(0o777)
        elif "secret" in volume:
            radice = self.base / f"segreto-{volume['secret']['secretName']}"
            radice.mkdir(exist_ok=True)
            for voce in volume["secret"].get("items", []):
                file = radice / voce["path"]
                file.write_text(self.segreti[voce["key"]])
                file.chmod(0o644)
        else:
            raise AssertionError(f"volume non riprodotto: {volume}")
        return radice / montaggio["subPath"] if montaggio.get("subPath") else radice

    def esegui(self, pod: dict, contenitore: dict, comando: list[str], *, montaggi: list[dict] | None = None,
               cartella_lavoro: str = "/", ambiente: dict | None = None) -> subprocess.CompletedProcess:
        volumi = {v["name"]: v for v in pod["spec"]["volumes"]}
        montaggi = contenitore["volumeMounts"] if montaggi is None else montaggi
        sicurezza = _sicurezza(pod, contenitore)
        gruppi = sorted({g for g in [pod["spec"].get("securityContext", {}).get("fsGroup"),
                                     *pod["spec"].get("securityContext", {}).get("supplementalGroups", [])]
                         if g is not None})
        self.esecuzioni += 1
        spec = {
            "montaggi": [{"sorgente": str(self._sorgente(pod, volumi[m["name"]], m)),
                          "destinazione": m["mountPath"], "sola_lettura": bool(m.get("readOnly"))}
                         for m in montaggi],
            "uid": sicurezza["runAsUser"], "gid": sicurezza.get("runAsGroup", sicurezza["runAsUser"]),
            "gruppi": gruppi, "comando": comando, "cartella_lavoro": cartella_lavoro,
            "strati": str(self.base / f"strati-{self.esecuzioni}"),
            "ambiente": {**{v["name"]: v["value"] for v in contenitore.get("env", []) if "value" in v},
                         "HOME": "/home/jovyan", "USER": "jovyan", "PYTHONDONTWRITEBYTECODE": "1",
                         "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", **(ambiente or {})},
        }
        file_spec = self.base / f"spec-{self.esecuzioni}.json"
        file_spec.write_text(json.dumps(spec))
        return subprocess.run(["unshare", "--mount", "--propagation", "private", sys.executable,
                               str(Path(__file__).with_name("contenitore_locale.py")), str(file_spec)],
                              capture_output=True, text=True, timeout=300)


def _ok(esito: subprocess.CompletedProcess) -> str:
    assert esito.returncode == 0, f"uscita {esito.returncode}\n{esito.stdout}\n{esito.stderr}"
    return esito.stdout + esito.stderr


# Un «attacco» di un corsista: prova ogni operazione e dice com'è andata.
TENTATIVI = r"""
import json, os, sys
radice = sys.argv[1]
esiti = {}
def prova(nome, funzione):
    try:
        esiti[nome] = ["riuscito", repr(funzione())]
    except OSError as errore:
        esiti[nome] = ["rifiutato", errore.strerror]
corso = os.path.join(radice, "ambiti-lab")
prova("elenca_consegne", lambda: sorted(os.listdir(os.path.join(corso, "inbound"))))
prova("leggi_consegna_anna", lambda: sorted(os.listdir(os.path.join(corso, "inbound", "anna"))))
prova("elenca_riscontri", lambda: sorted(os.listdir(os.path.join(corso, "feedback"))))
prova("leggi_riscontri_anna", lambda: sorted(os.listdir(os.path.join(corso, "feedback", "anna"))))
prova("cambia_compito", lambda: open(os.path.join(corso, "outbound", "compito1", "compito1.ipynb"), "a").write("x"))
prova("aggiungi_al_compito", lambda: open(os.path.join(corso, "outbound", "compito1", "extra.py"), "w").write("x"))
prova("cancella_compito", lambda: os.unlink(os.path.join(corso, "outbound", "compito1", "compito1.ipynb")))
prova("crea_cartella_di_anna", lambda: os.mkdir(os.path.join(corso, "inbound", "anna")))
prova("rinomina_cartella_di_anna", lambda: os.rename(os.path.join(corso, "inbound", "anna"),
                                                     os.path.join(corso, "inbound", "anna-vecchia")))
montaggi = {}
for riga in open("/proc/self/mountinfo"):
    campi = riga.split()
    if campi[4].startswith(corso):
        montaggi[campi[4][len(corso) + 1:]] = "ro" if "ro" in campi[5].split(",") else "rw"
esiti["montaggi"] = montaggi
print(json.dumps(esiti))
"""


@pytest.mark.skipif(_puo_riprodurre() is not None, reason=str(_puo_riprodurre()))
def test_scambio_riprodotto_con_utenti_unix_veri(cluster):
    import nbformat

    pod = cluster.pod
    uid = {n: _sicurezza(pod[n], _notebook(pod[n]))["runAsUser"] for n in pod}
    nomi_unix = {ANNA: "k8s-anna", BRUNO: "k8s-bruno", FORMATORE: "k8s-formatori"}
    base = Path(tempfile.mkdtemp(prefix="k8s-", dir="/tmp"))
    base.chmod(0o755)
    try:
        for nome, numero in uid.items():
            _crea_utente(nomi_unix[nome], numero)
        m = Macchina(base, cluster.manifesti)
        nbgrader = [sys.executable, "-m", "nbgrader"]
        # l'attacco di nbgrader noto (issue 17.3) è permesso: si prova che non serve a niente
        senza_hub = ["--Authenticator.plugin_class=nbgrader.auth.NoAuthPlugin"]

        # 1. il hub prepara lo scambio, i corsisti le loro cartelle (contenitori iniziali veri)
        hub = cerca(cluster.manifesti, "Deployment", "hub")
        hub_pod = {"metadata": {"name": "hub"}, "spec": hub["spec"]["template"]["spec"]}
        (prepara,) = hub_pod["spec"]["initContainers"]
        _ok(m.esegui(hub_pod, prepara, prepara["command"]))
        corso = m.scambio / CORSO
        for parte, modo in (("", 0o2775), ("outbound", 0o2775), ("inbound", 0o3773), ("feedback", 0o3773)):
            info = (corso / parte).stat()
            assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (UID_FORMATORI, UID_FORMATORI, modo)
        for nome in (ANNA, BRUNO):
            (iniziale,) = [c for c in pod[nome]["spec"]["initContainers"] if c["name"] == "cartelle-scambio"]
            _ok(m.esegui(pod[nome], iniziale, iniziale["command"]))
            _ok(m.esegui(pod[nome], iniziale, iniziale["command"]))   # al secondo avvio non cambia nulla
            for parte in ("inbound", "feedback"):
                info = (corso / parte / nome).stat()
                assert (info.st_uid, info.st_gid) == (uid[nome], UID_FORMATORI)
                assert stat.S_IMODE(info.st_mode) == 0o2770

        # 2. il formatore rilascia il compito dal suo server
        formatore, nb_formatore = pod[FORMATORE], _notebook(pod[FORMATORE])
        preparazione = (
            "import nbformat, pathlib; c = pathlib.Path('/home/jovyan/corso'); "
            "(c / 'release' / 'compito1').mkdir(parents=True); "
            "nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('risposta = None')]), "
            "c / 'release' / 'compito1' / 'compito1.ipynb'); "
            "(c / 'nbgrader_config.py').write_text(\"c = get_config()\\nc.CourseDirectory.root = '/home/jovyan/corso'\\n\")")
        _ok(m.esegui(formatore, nb_formatore, [sys.executable, "-c", preparazione]))
        _ok(m.esegui(formatore, nb_formatore, [*nbgrader, "release_assignment", "compito1", *senza_hub],
                     cartella_lavoro="/home/jovyan/corso"))

        # 3. anna scarica, svolge e consegna dal suo server
        anna, nb_anna = pod[ANNA], _notebook(pod[ANNA])
        _ok(m.esegui(anna, nb_anna, [*nbgrader, "fetch_assignment", "compito1", *senza_hub], cartella_lavoro="/home/jovyan"))
        svolgi = ("import nbformat; p = '/home/jovyan/compito1/compito1.ipynb'; nb = nbformat.read(p, 4); "
                  "nb.cells[0].source = 'risposta = 45  # di anna'; nbformat.write(nb, p)")
        _ok(m.esegui(anna, nb_anna, [sys.executable, "-c", svolgi]))
        _ok(m.esegui(anna, nb_anna, [*nbgrader, "submit", "compito1", *senza_hub], cartella_lavoro="/home/jovyan"))
        (consegna_anna,) = (corso / "inbound" / ANNA).iterdir()
        assert consegna_anna.name.startswith(f"{ANNA}+compito1+") and consegna_anna.stat().st_uid == uid[ANNA]

        # 4. bruno dal suo server: non vede né tocca nulla degli altri, né il compito rilasciato
        bruno, nb_bruno = pod[BRUNO], _notebook(pod[BRUNO])
        esiti = json.loads(_ok(m.esegui(bruno, nb_bruno, [sys.executable, "-c", TENTATIVI, SCAMBIO])).splitlines()[-1])
        assert esiti["elenca_consegne"] == ["riuscito", "[]"], "bruno vede solo le sue consegne (nessuna)"
        assert esiti["elenca_riscontri"] == ["riuscito", "[]"]
        for tentativo in ("leggi_consegna_anna", "leggi_riscontri_anna"):
            assert esiti[tentativo] == ["rifiutato", "No such file or directory"], tentativo
        for tentativo in ("cambia_compito", "aggiungi_al_compito", "cancella_compito"):
            assert esiti[tentativo][0] == "rifiutato", tentativo
        assert esiti["montaggi"] == {"outbound": "ro", "inbound": "rw", "feedback": "ro"}
        # crea_cartella_di_anna e rinomina riescono, ma dentro la SUA cartella inbound: sono solo nomi
        assert sorted(p.name for p in (corso / "inbound" / BRUNO).iterdir()) == ["anna-vecchia"]
        assert (corso / "inbound" / ANNA / consegna_anna.name).is_dir()

        # 4b. difesa in profondità: con tutto lo scambio montato per errore, i permessi con uid diversi bastano
        tutto = [{"name": "scambio-nbgrader", "mountPath": SCAMBIO}]
        esiti = json.loads(_ok(m.esegui(bruno, nb_bruno, [sys.executable, "-c", TENTATIVI, SCAMBIO],
                                        montaggi=tutto)).splitlines()[-1])
        for tentativo in ("elenca_consegne", "leggi_consegna_anna", "elenca_riscontri", "leggi_riscontri_anna",
                          "cambia_compito", "aggiungi_al_compito", "cancella_compito", "crea_cartella_di_anna",
                          "rinomina_cartella_di_anna"):
            assert esiti[tentativo][0] == "rifiutato", (tentativo, esiti[tentativo])

        # 5. bruno consegna a nome di anna e con un collegamento alla consegna di anna (come la vede il formatore)
        _ok(m.esegui(bruno, nb_bruno, [*nbgrader, "fetch_assignment", "compito1", *senza_hub], cartella_lavoro="/home/jovyan"))
        _ok(m.esegui(bruno, nb_bruno, [*nbgrader, "submit", "compito1", *senza_hub, "--CourseDirectory.student_id=anna"],
                     cartella_lavoro="/home/jovyan"))
        _ok(m.esegui(bruno, nb_bruno, [*nbgrader, "submit", "compito1", *senza_hub], cartella_lavoro="/home/jovyan"))
        (vera_di_bruno,) = [d for d in (corso / "inbound" / BRUNO).iterdir() if d.name.startswith(f"{BRUNO}+")]
        bersaglio = f"{SCAMBIO}/{CORSO}/inbound/{ANNA}/{consegna_anna.name}/compito1.ipynb"
        collega = (f"import os; d = '{SCAMBIO}/{CORSO}/inbound/{vera_di_bruno.name}'; "
                   f"os.remove(d + '/compito1.ipynb'); os.symlink('{bersaglio}', d + '/compito1.ipynb')")
        _ok(m.esegui(bruno, nb_bruno, [sys.executable, "-c", collega]))
        assert [d.name.split("+")[0] for d in sorted((corso / "inbound" / BRUNO).iterdir())].count(ANNA) == 1

        # 6. il formatore raccoglie: anna sì, la consegna falsa rifiutata, il collegamento non seguito
        raccolta = _ok(m.esegui(formatore, nb_formatore, [*nbgrader, "collect", "compito1", *senza_hub],
                                cartella_lavoro="/home/jovyan/corso"))
        assert "dichiara di essere di anna" in raccolta and "collegamento simbolico" in raccolta, raccolta
        raccolte = m.base / f"casa-{formatore['metadata']['name']}" / "corso" / "submitted"
        assert "risposta = 45  # di anna" in (raccolte / ANNA / "compito1" / "compito1.ipynb").read_text()
        assert not (raccolte / BRUNO / "compito1" / "compito1.ipynb").exists(), "il collegamento è stato seguito"

        # 7. riscontri: il formatore li rilascia, anna scarica il suo, bruno non vede niente
        riscontro = raccolte.parent / "feedback" / ANNA / "compito1"
        riscontro.mkdir(parents=True)
        for file in ("timestamp.txt", "submission_secret.txt"):
            shutil.copy(raccolte / ANNA / "compito1" / file, riscontro / file)
        (riscontro / "compito1.html").write_text("<p>Brava anna: 45 è giusto.</p>")
        subprocess.run(["chown", "-R", f"{UID_FORMATORI}:{UID_FORMATORI}", str(raccolte.parent / "feedback")], check=True)
        _ok(m.esegui(formatore, nb_formatore, [*nbgrader, "release_feedback", "compito1", *senza_hub],
                     cartella_lavoro="/home/jovyan/corso"))
        (rilasciato,) = (corso / "feedback" / ANNA).iterdir()
        assert rilasciato.read_text() == "<p>Brava anna: 45 è giusto.</p>"
        assert not list((corso / "feedback" / BRUNO).iterdir())
        _ok(m.esegui(anna, nb_anna, [*nbgrader, "fetch_feedback", "compito1", *senza_hub], cartella_lavoro="/home/jovyan"))
        scaricati = list((m.base / f"casa-{anna['metadata']['name']}" / "compito1" / "feedback").rglob("*.html"))
        assert [f.read_text() for f in scaricati] == ["<p>Brava anna: 45 è giusto.</p>"]
        esiti = json.loads(_ok(m.esegui(bruno, nb_bruno, [sys.executable, "-c", TENTATIVI, SCAMBIO])).splitlines()[-1])
        assert esiti["elenca_riscontri"] == ["riuscito", "[]"] and esiti["leggi_riscontri_anna"][0] == "rifiutato"
    finally:
        subprocess.run(["rm", "-rf", "--one-file-system", str(base)], check=False)
        for nome in nomi_unix.values():
            _togli_utente(nome)
