"""Consegne ostili: ognuna finisce corretta o segnalata, il lotto arriva in fondo, i voti degli altri non cambiano."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path

import nbformat
import pytest

from course.valutazione.corso import Corso
from course.valutazione.esecuzione import Limiti
from course.valutazione.isolamento import landlock_disponibile
from course.valutazione.sintetiche import OSTILI, consegna_giusta, consegna_ostile, consegna_sbagliata
from test_valutazione_flusso import corso_generato  # noqa: F401 - fixture condivisa

# memoria esplicita e piccola: l'ingordo da 10 GB si ferma molto prima di toccare la macchina condivisa
# 1 GB: sotto carico l'ingordo (pezzi da 100 MB) deve arrivare al limite ben prima dei 10 s della cella
LIMITI = Limiti(cella=10, consegna=60, memoria_mb=1024)
CANARINO = "canarino-del-formatore-" + uuid.uuid4().hex
SEGNO_DEMONE = "ambiti-lab-demone-" + uuid.uuid4().hex
TRACCE = ["/dev/shm/ambiti-lab-traccia-" + uuid.uuid4().hex[:8], "/tmp/ambiti-lab-traccia-" + uuid.uuid4().hex[:8]]
PIENI = 5.0  # punti automatici del compito di prova (la domanda aperta è del formatore)


@pytest.fixture(scope="module")
def lotto(corso_generato, tmp_path_factory):  # noqa: F811
    """Corregge una volta sola un lotto con due consegne normali e tutte le ostili."""
    from nbgrader.api import Gradebook

    from course.valutazione.correzione import correggi

    radice = tmp_path_factory.mktemp("ostili") / "corso"
    shutil.copytree(corso_generato, radice)
    corso = Corso(radice)
    rilascio = nbformat.read(str(corso.rilascio("prova")), as_version=4)
    sorgente = nbformat.read(str(corso.sorgente("prova")), as_version=4)
    consegne = {"ada": consegna_giusta(rilascio, sorgente), "bea": consegna_sbagliata(rilascio)}
    bersagli_scrittura = [corso.gradebook, corso.sottomesso("ada", "prova"), corso.radice / "esiti" / "prova" / "ada.json"]
    for nome in OSTILI:
        bersagli = {"scrive_fuori": bersagli_scrittura, "demone_setsid": [SEGNO_DEMONE], "scrive_shm_tmp": TRACCE}.get(
            nome, [corso.sorgente("prova"), corso.radice / "source" / "*" / "*.ipynb"])
        consegne[nome.replace("_", "-")] = consegna_ostile(nome, rilascio, sorgente, bersagli=bersagli)
    for studente, contenuto in consegne.items():
        destinazione = corso.sottomesso(studente, "prova")
        destinazione.parent.mkdir(parents=True, exist_ok=True)
        destinazione.write_bytes(contenuto)
    impronta_ada = hashlib.sha256(consegne["ada"]).hexdigest()
    os.environ["AMBITI_LAB_CANARINO"] = CANARINO  # come un token nell'ambiente del formatore
    try:
        riepilogo = correggi(corso, "prova", limiti=LIMITI, lavoratori=2)
    finally:
        os.environ.pop("AMBITI_LAB_CANARINO", None)
    demoni = _processi_con(SEGNO_DEMONE)
    tracce = [t for t in TRACCE if Path(t).exists()]
    for pid in demoni:
        os.kill(pid, 9)
    for t in tracce:
        Path(t).unlink()
    esiti = {s: json.loads(corso.esito(s, "prova").read_text()) for s in consegne}
    with Gradebook(corso.db_url) as gb:
        voti = {s: gb.find_submission("prova", s).score for s in consegne}
    return {"corso": corso, "riepilogo": riepilogo, "esiti": esiti, "voti": voti, "impronta_ada": impronta_ada,
            "demoni": demoni, "tracce": tracce}


def _uscite(corso, studente: str) -> str:
    """Il testo stampato dalle celle della consegna corretta (non il codice)."""
    nb = nbformat.read(str(corso.corretto(studente, "prova")), as_version=4)
    return "\n".join(str(o.get("text", "")) + str(o.get("data", "")) + str(o.get("evalue", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def _processi_con(segno: str) -> list[int]:
    trovati = []
    for voce in os.listdir("/proc"):
        if voce.isdigit():
            try:
                if segno.encode() in Path(f"/proc/{voce}/cmdline").read_bytes():
                    trovati.append(int(voce))
            except OSError:
                pass
    return trovati


def _esito(lotto, nome):
    return lotto["esiti"][nome.replace("_", "-")]


def test_il_lotto_arriva_in_fondo_e_ogni_consegna_ha_un_esito(lotto):
    r = lotto["riepilogo"]
    assert len(r["corretti"]) + len(r["segnalati"]) == len(OSTILI) + 2
    for studente, esito in lotto["esiti"].items():
        assert esito["stato"] in {"corretto", "segnalato"}
        assert esito["stato"] == "corretto" or esito["motivi"], studente
        assert lotto["voti"][studente] == pytest.approx(esito["punti"]), studente
        assert esito["massimo"] == 8.0, f"{studente}: il massimo dei punti è cambiato"


def test_i_voti_delle_consegne_normali_non_cambiano(lotto):
    assert lotto["esiti"]["ada"]["stato"] == "corretto" and lotto["esiti"]["ada"]["punti"] == PIENI
    assert lotto["voti"]["ada"] == PIENI
    assert lotto["esiti"]["bea"]["stato"] == "corretto" and lotto["esiti"]["bea"]["punti"] == 0.0
    corso = lotto["corso"]
    assert hashlib.sha256(corso.sottomesso("ada", "prova").read_bytes()).hexdigest() == lotto["impronta_ada"]
    assert not lotto["riepilogo"]["allarmi"]


ATTESI = {
    # nome: (stato, parola nei motivi o negli avvisi, punti)
    "ciclo_infinito": ("segnalato", "tempo scaduto", PIENI - 1),
    "sigint_ignorato": ("segnalato", "tempo scaduto", PIENI - 1),
    "os_exit": ("segnalato", "crash", None),
    "memoria": ("segnalato", "memoria", PIENI - 1),
    "memoria_10gb": ("segnalato", "memoria esaurita", PIENI - 1),
    "stampa_50mb": ("corretto", "troncato", PIENI),
    "spia_iopub": ("segnalato", "tentativo non consentito: lettura delle informazioni di un altro processo", 0.0),
    "legge_ambiente": ("segnalato", "tentativo non consentito: lettura delle informazioni di un altro processo", PIENI),
    "scrive_shm_tmp": ("segnalato", "tentativo non consentito: scrittura di un file fuori dalla cartella", PIENI),
    "demone_setsid": ("segnalato", "tentativo non consentito: avvio di un programma", PIENI),
    "stampa_celle": ("corretto", None, PIENI),
    "rete_udp_unix": ("segnalato", "tentativo non consentito: connessione di rete o a un socket", PIENI),
    "output_enorme": (None, "troncato", None),
    "test_cancellati": ("segnalato", "cancellate", PIENI),
    "sola_lettura_modificate": ("segnalato", "modificate", 0.0),
    "metadati_cambiati": ("segnalato", "metadati", 0.0),
    "json_non_valido": ("segnalato", "non valido", 0.0),
    "vuoto": ("segnalato", "vuoto", 0.0),
    "senza_celle": ("segnalato", "mancanti", 0.0),
    "nbformat_vecchio": ("corretto", "formato vecchio", PIENI),
    # i tentativi bloccati sono segnalati al formatore, con i punti che le risposte meritano
    "scrive_fuori": ("segnalato", "tentativo non consentito: scrittura di un file fuori dalla cartella", PIENI),
    "legge_soluzioni": ("segnalato", "tentativo non consentito: elenco di una cartella", 0.0),
    "manomette_verifica": ("segnalato", "manomissione", 0.0),
    "manomette_consegna": ("segnalato", "manomissione", 0.0),
    "system_exit": ("corretto", None, PIENI),
    "solo_avvisi": ("corretto", None, PIENI),
    "uccide_correttore": ("segnalato", "tentativo non consentito: segnale inviato a un altro processo", PIENI),
}


if not landlock_disponibile():  # senza recinto si controlla solo che finiscano e non tocchino gli altri
    ATTESI.update(scrive_fuori=(None, None, None), legge_soluzioni=(None, None, None))


def test_ogni_consegna_ostile_e_prevista():
    assert set(ATTESI) == set(OSTILI)


@pytest.mark.parametrize("nome", sorted(OSTILI))
def test_consegna_ostile(lotto, nome):
    stato, parola, punti = ATTESI[nome]
    esito = _esito(lotto, nome)
    testo = " ".join(esito["motivi"] + esito["avvisi"])
    if stato:
        assert esito["stato"] == stato, testo
    if parola:
        assert parola in testo, testo
    if punti is not None:
        assert esito["punti"] == pytest.approx(punti), testo
    assert 0.0 <= esito["punti"] <= PIENI


def test_gli_avvisi_su_stderr_nelle_celle_di_test_non_tolgono_punti(lotto):
    nb = nbformat.read(str(lotto["corso"].corretto("solo-avvisi", "prova")), as_version=4)
    test = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    assert all(any(o.get("name") == "stderr" for o in c.outputs) for c in test)
    assert _esito(lotto, "solo_avvisi")["punti"] == PIENI


@pytest.mark.skipif(not landlock_disponibile(), reason="il sistema non offre Landlock")
def test_il_recinto_blocca_letture_e_scritture_fuori_dalla_cartella(lotto):
    corso = lotto["corso"]
    uscite = corso.corretto("scrive-fuori", "prova").read_text()
    assert uscite.count("bloccato ") == 3
    assert "bloccato " in corso.corretto("uccide-correttore", "prova").read_text()
    assert _esito(lotto, "legge_soluzioni")["isolato"] is True


def test_la_spia_non_sente_le_risposte_degli_altri_kernel(lotto):
    """Un kernel che gira insieme agli altri non trova i loro socket IPC né ne ascolta l'IOPub."""
    uscite = _uscite(lotto["corso"], "spia-iopub")
    assert "SENTITO" not in uscite, uscite[-2000:]
    # su una macchina molto carica la spia può finire il tempo prima di stampare: allora non ha sentito nulla comunque
    assert "SPIA: cartelle 0 messaggi 0" in uscite or "Tempo scaduto" in uscite, uscite[-2000:]


def test_l_ambiente_del_correttore_non_arriva_al_corsista(lotto):
    corso = lotto["corso"]
    for studente in lotto["esiti"]:
        if corso.corretto(studente, "prova").exists():
            assert CANARINO not in corso.corretto(studente, "prova").read_text(encoding="utf-8"), studente
    assert "bloccato" in _uscite(corso, "legge-ambiente")


def test_niente_resta_dopo_la_correzione(lotto):
    """Nessun demone staccato con setsid sopravvive; /dev/shm e /tmp del sistema restano puliti."""
    assert lotto["demoni"] == [], "un processo del corsista è sopravvissuto alla correzione"
    assert lotto["tracce"] == [], "la consegna ha lasciato file fuori dalla sua cartella"


def test_rete_e_socket_non_raggiungono_nulla(lotto):
    uscite = _uscite(lotto["corso"], "rete-udp-unix")
    assert "collegato" not in uscite and uscite.count("bloccato") >= 3, uscite


def test_l_ingordo_si_ferma_al_limite_e_gli_altri_vanno_avanti(lotto):
    esito = _esito(lotto, "memoria_10gb")
    assert any(m.startswith("memoria esaurita") for m in esito["motivi"]), esito["motivi"]
    assert lotto["esiti"]["ada"]["punti"] == PIENI


def test_la_stampa_enorme_non_uccide_il_kernel(lotto):
    esito = _esito(lotto, "stampa_50mb")
    assert not any("crash" in m for m in esito["motivi"]), esito["motivi"]
    assert esito["punti"] == PIENI


def test_una_tabella_onesta_da_1_gb_si_corregge_con_i_limiti_di_sempre(tmp_path):
    """Il limite è sulla memoria usata davvero: dopo popolazione_ambiti() una tabella da 1 GB passa."""
    from course.valutazione.esecuzione import esegui_notebook
    from course.valutazione.recinto import cartella_breve

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from course.territorio import popolazione_ambiti\npop = popolazione_ambiti()"),
        nbformat.v4.new_code_cell("import numpy as np, pandas as pd\nn = 1024 ** 3 // 16\n"
                                  "tabella = pd.DataFrame({'a': np.arange(n), 'b': np.ones(n)})\n"
                                  "print(round(tabella.memory_usage().sum() / 1024 ** 3, 2), 'GB')"),
        nbformat.v4.new_code_cell("extra = bytearray(200 * 1024 ** 2)\nprint('altri 200 MB: ok')"),
    ])
    cartella = cartella_breve()
    try:
        esito = esegui_notebook(nb, cartella, Limiti(cella=60, consegna=120))
    finally:
        shutil.rmtree(cartella, ignore_errors=True)
    testo = "".join(o.get("text", "") for c in nb.cells for o in c.outputs)
    assert esito["problemi"] == [] and not esito.get("memoria_superata"), esito
    assert "1.0 GB" in testo and "altri 200 MB: ok" in testo, testo


def test_la_strada_del_portatile_senza_root_isola_e_dice_cosa_manca(tmp_path):
    """Senza root: bubblewrap con i namespace utente e la sola sorveglianza della memoria (il cgroup non c'è)."""
    from course.valutazione.esecuzione import esegui_notebook
    from course.valutazione.recinto import cartella_breve, protezioni

    p = protezioni(senza_root=True)
    if p.bwrap is None:
        pytest.skip("bubblewrap o i namespace utente non ci sono su questo sistema")
    assert p.modo == "utente" and p.memoria == "sorveglianza"
    assert any("sorveglianza" in m for m in p.mancanti)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os\nprint(sorted(os.listdir('/proc'))[:3], len([p for p in os.listdir('/proc') if p.isdigit()]))"),
        nbformat.v4.new_code_cell("pezzi = []\nfor _ in range(100):\n    pezzi.append(b'x' * (100 * 1024 ** 2))"),
    ])
    cartella = cartella_breve()
    try:
        esito = esegui_notebook(nb, cartella, Limiti(cella=30, consegna=60, memoria_mb=1024, senza_root=True))
    finally:
        shutil.rmtree(cartella, ignore_errors=True)
    processi = nb.cells[0].outputs[0]["text"]
    assert int(processi.split()[-1]) <= 3, processi  # solo il recinto: nessun processo del sistema
    assert esito["memoria_superata"] and any(m.startswith("memoria esaurita") for m in esito["problemi"])
    assert {"tipo": "processi", "dove": "/proc"} in esito["tentativi"]


def test_senza_bubblewrap_le_protezioni_mancanti_sono_dette_in_italiano(monkeypatch):
    from course.valutazione import recinto

    recinto.protezioni.cache_clear()
    monkeypatch.setattr(recinto, "_trova_bwrap", lambda: None)
    try:
        p = recinto.protezioni()
        assert not p.recinto
        assert any("manca bubblewrap" in m and "apt install bubblewrap" in m for m in p.mancanti)
    finally:
        recinto.protezioni.cache_clear()


def test_il_riscontro_si_scrive_per_tutti_e_non_mostra_mai_i_test_nascosti(lotto):
    """Anche per un notebook illeggibile o non valido c'è una pagina; nessun hook porta i test nascosti nel riscontro."""
    from course.valutazione.feedback import feedback_compito
    from course.valutazione.genera import frammenti_segreti

    corso = lotto["corso"]
    rotto = corso.corretto("nbformat-vecchio", "prova")  # un notebook corretto rovinato dopo la correzione
    nb = json.loads(rotto.read_text(encoding="utf-8"))
    nb["metadata"]["kernelspec"] = {}
    rotto.write_text(json.dumps(nb), encoding="utf-8")
    esito = feedback_compito(corso, "prova")
    assert esito["errori"] == {}, esito["errori"]
    assert "non è valido" in corso.pagina_feedback("nbformat-vecchio", "prova").read_text(encoding="utf-8")
    assert "non si poteva leggere" in corso.pagina_feedback("json-non-valido", "prova").read_text(encoding="utf-8")
    segreti = frammenti_segreti(nbformat.read(str(corso.sorgente("prova")), as_version=4))
    assert segreti
    import html as _html
    for studente in lotto["esiti"]:
        pagina = _html.unescape(corso.pagina_feedback(studente, "prova").read_text(encoding="utf-8"))
        fughe = [s for s in segreti if s in pagina]
        assert not fughe, f"{studente}: {fughe}"
    assert "CELLA:" in _uscite(corso, "stampa-celle")  # l'hook ha stampato davvero: la pagina lo ha ripulito


def test_stato_mostra_i_tentativi_non_consentiti_in_parole(lotto):
    from course.valutazione.stato import descrivi_stato, stato_compito

    testo = descrivi_stato(stato_compito(lotto["corso"], "prova"), "prova")
    assert "⛔ Tentativi non consentiti in" in testo and "scrive-fuori" in testo
    assert "tentativo non consentito: scrittura di un file fuori dalla cartella di lavoro" in testo
    assert "tentativo non consentito: lettura delle informazioni di un altro processo" in testo
    assert "cella 10" not in testo


UTENTE_PROVA = "corsista-prova"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("bwrap") is None
                    or shutil.which("useradd") is None, reason="serve root (per creare l'utente) e bubblewrap")
def test_un_formatore_senza_root_corregge_nel_recinto(tmp_path):
    """Come sul portatile di un formatore: un utente Unix normale, senza cgroup, con i namespace utente."""
    import subprocess
    import sys

    if subprocess.run(["id", UTENTE_PROVA], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "-M", "-s", "/usr/sbin/nologin", UTENTE_PROVA], check=True)
    uid = int(subprocess.run(["id", "-u", UTENTE_PROVA], capture_output=True, text=True, check=True).stdout)
    codice = (
        "import json, os, nbformat\n"
        "from course.valutazione.recinto import protezioni, cartella_breve\n"
        "from course.valutazione.esecuzione import esegui_notebook, Limiti\n"
        "nb = nbformat.v4.new_notebook(cells=[\n"
        "    nbformat.v4.new_code_cell('import os\\nprint(os.getuid(), sorted(p for p in os.listdir(\"/proc\") if p.isdigit()))'),\n"
        "    nbformat.v4.new_code_cell('print(sorted(os.environ))'),\n"
        "    nbformat.v4.new_code_cell('pezzi = []\\nfor _ in range(100):\\n    pezzi.append(b\"x\" * (100 * 1024 ** 2))')])\n"
        "e = esegui_notebook(nb, cartella_breve(), Limiti(cella=60, consegna=120, memoria_mb=1024))\n"
        "p = protezioni()\n"
        "print(json.dumps({'uid': os.getuid(), 'modo': p.modo, 'mancanti': p.mancanti, 'problemi': e['problemi'],\n"
        "                  'uscite': [''.join(o.get('text', '') for o in c.outputs) for c in nb.cells]}))\n")
    # Python di questa macchina può stare sotto /root (non attraversabile da altri): un bwrap esterno, solo per
    # il test, lo rende raggiungibile all'utente di prova; il recinto vero è quello che il corsista crea da sé
    prefisso = os.path.realpath(sys.base_prefix)
    esterno = ["bwrap", "--dev-bind", "/", "/"]
    if prefisso.startswith("/root/"):
        esterno += ["--tmpfs", "/root"]
        for antenato in reversed(Path(prefisso).parents):
            if str(antenato) not in ("/", "/root"):
                esterno += ["--perms", "0755", "--dir", str(antenato)]
        esterno += ["--ro-bind", prefisso, prefisso]
    esterno += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--", "setpriv", f"--reuid={uid}",
                f"--regid={uid}", "--init-groups", "--reset-env", "--", sys.executable, "-c", codice]
    uscita = subprocess.run(esterno, capture_output=True, text=True, timeout=300, cwd="/tmp")
    righe = [r for r in uscita.stdout.splitlines() if r.startswith("{")]
    assert righe, uscita.stdout[-2000:] + uscita.stderr[-3000:]
    esito = json.loads(righe[-1])
    assert esito["uid"] == uid and esito["modo"] == "utente"
    assert any("sorveglianza" in m for m in esito["mancanti"])  # detto in italiano: niente cgroup per questo utente
    uid_kernel, processi = esito["uscite"][0].split(" ", 1)
    assert int(uid_kernel) == uid and len(eval(processi)) <= 3  # noqa: S307 - solo i processi del recinto
    assert "AMBITI_LAB" not in esito["uscite"][1] and "SUDO" not in esito["uscite"][1]
    assert any(m.startswith("memoria esaurita") for m in esito["problemi"]), esito["problemi"]
