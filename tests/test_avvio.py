"""Test di ``course.avvio``: copia delle lezioni senza perdere lavoro, porte, impostazioni, avvio vero."""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from course import avvio
from course.errori import ErroreCorso

from avvio_lab import lab_avviato


def _porta_libera() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sorgente(tmp_path):
    radice = tmp_path / "pacchetto"
    (radice / "00-benvenuto").mkdir(parents=True)
    (radice / "00-benvenuto" / "00-benvenuto.ipynb").write_text("v1")
    (radice / "01-dati").mkdir()
    (radice / "01-dati" / "01-dati.ipynb").write_text("dati v1")
    (radice / "01-dati" / ".ipynb_checkpoints").mkdir()
    (radice / "01-dati" / ".ipynb_checkpoints" / "x.ipynb").write_text("no")
    (radice / "__pycache__").mkdir()
    (radice / "__init__.py").write_text("")
    (radice / "appunti").mkdir()  # non è un modulo NN-nome: non va copiato
    (radice / "appunti" / "a.ipynb").write_text("no")
    return radice


def test_primo_avvio_copia_solo_le_lezioni(sorgente, tmp_path):
    lavoro = tmp_path / "lavoro"
    resoconto = avvio.prepara_cartella(lavoro, origine=sorgente)
    assert resoconto.copiati == ["00-benvenuto/00-benvenuto.ipynb", "01-dati/01-dati.ipynb"]
    assert (lavoro / "01-dati" / "01-dati.ipynb").read_text() == "dati v1"
    assert not (lavoro / "appunti").exists()
    assert not (lavoro / "01-dati" / ".ipynb_checkpoints").exists()
    assert "Lezioni copiate: 2" in resoconto.messaggio()


def test_il_glossario_arriva_accanto_alle_lezioni(sorgente, tmp_path):
    (sorgente / "glossario.md").write_text("# Glossario")
    lavoro = tmp_path / "lavoro"
    assert "glossario.md" in avvio.prepara_cartella(lavoro, origine=sorgente).copiati
    assert (lavoro / "glossario.md").read_text() == "# Glossario"


def test_il_glossario_del_pacchetto_e_raggiungibile_da_ogni_lezione(tmp_path):
    import re

    import nbformat

    lavoro = tmp_path / "lavoro"
    avvio.prepara_cartella(lavoro)
    assert (lavoro / "glossario.md").read_text(encoding="utf-8").startswith("# Glossario")
    for lezione in sorted(lavoro.glob("[0-9][0-9]-*/*.ipynb")):
        testo = "\n".join(c.source for c in nbformat.read(lezione, as_version=4).cells if c.cell_type == "markdown")
        link = re.search(r"\]\((\.\./glossario\.md)\)", testo)
        assert link, f"{lezione.name}: manca il link al glossario"
        assert (lezione.parent / link.group(1)).resolve() == (lavoro / "glossario.md").resolve()


def test_secondo_avvio_non_tocca_nulla(sorgente, tmp_path):
    lavoro = tmp_path / "lavoro"
    avvio.prepara_cartella(lavoro, origine=sorgente)
    (lavoro / "00-benvenuto" / "00-benvenuto.ipynb").write_text("il mio lavoro")
    resoconto = avvio.prepara_cartella(lavoro, origine=sorgente)
    assert resoconto.copiati == [] and resoconto.nuove_versioni == []
    assert sorted(resoconto.invariati) == ["00-benvenuto/00-benvenuto.ipynb", "01-dati/01-dati.ipynb"]
    assert (lavoro / "00-benvenuto" / "00-benvenuto.ipynb").read_text() == "il mio lavoro"


def test_aggiornamento_del_pacchetto_non_sovrascrive_il_lavoro(sorgente, tmp_path):
    lavoro = tmp_path / "lavoro"
    avvio.prepara_cartella(lavoro, origine=sorgente)
    (lavoro / "00-benvenuto" / "00-benvenuto.ipynb").write_text("il mio lavoro")
    (sorgente / "00-benvenuto" / "00-benvenuto.ipynb").write_text("v2")
    (sorgente / "02-nuovo").mkdir()
    (sorgente / "02-nuovo" / "02-nuovo.ipynb").write_text("nuovo")
    resoconto = avvio.prepara_cartella(lavoro, origine=sorgente)
    assert resoconto.copiati == ["02-nuovo/02-nuovo.ipynb"]
    assert resoconto.nuove_versioni == ["00-benvenuto/00-benvenuto-nuova-versione.ipynb"]
    assert (lavoro / "00-benvenuto" / "00-benvenuto.ipynb").read_text() == "il mio lavoro"
    assert (lavoro / "00-benvenuto" / "00-benvenuto-nuova-versione.ipynb").read_text() == "v2"
    assert "il tuo lavoro resta intatto" in resoconto.messaggio()
    # Al giro dopo la versione nuova è già stata consegnata: niente di nuovo da segnalare.
    assert avvio.prepara_cartella(lavoro, origine=sorgente).nuove_versioni == []


def test_file_cancellato_dal_corsista_torna_originale(sorgente, tmp_path):
    lavoro = tmp_path / "lavoro"
    avvio.prepara_cartella(lavoro, origine=sorgente)
    (lavoro / "01-dati" / "01-dati.ipynb").unlink()
    assert avvio.prepara_cartella(lavoro, origine=sorgente).copiati == ["01-dati/01-dati.ipynb"]


def test_file_omonimo_del_corsista_mai_sovrascritto(sorgente, tmp_path):
    lavoro = tmp_path / "lavoro"
    (lavoro / "01-dati").mkdir(parents=True)
    (lavoro / "01-dati" / "01-dati.ipynb").write_text("mio")
    resoconto = avvio.prepara_cartella(lavoro, origine=sorgente)
    assert (lavoro / "01-dati" / "01-dati.ipynb").read_text() == "mio"
    assert resoconto.nuove_versioni == ["01-dati/01-dati-nuova-versione.ipynb"]


def test_pacchetto_senza_moduli(tmp_path):
    vuoto = tmp_path / "vuoto"
    vuoto.mkdir()
    resoconto = avvio.prepara_cartella(tmp_path / "lavoro", origine=vuoto)
    assert resoconto.copiati == [] and (tmp_path / "lavoro").is_dir()


def test_lezioni_installate_con_il_pacchetto(tmp_path):
    moduli = Path(__file__).resolve().parents[1] / "modules"
    attese = sorted(  # le lezioni e, accanto, il quaderno «i miei dati»
        p.relative_to(moduli).as_posix() for p in [*moduli.glob("[0-9][0-9]-*/*.ipynb"), *moduli.glob("*.ipynb")]
    )
    copiati = avvio.prepara_cartella(tmp_path / "lavoro").copiati
    assert [c for c in copiati if c.endswith(".ipynb")] == attese


@pytest.mark.parametrize("tipo", ["file", "dentro_un_file"])
def test_cartella_non_scrivibile(tmp_path, tipo):
    un_file = tmp_path / "un_file"
    un_file.write_text("x")
    cartella = un_file if tipo == "file" else un_file / "lavoro"
    with pytest.raises(ErroreCorso, match="--cartella"):
        avvio.prepara_cartella(cartella)


def test_impostazioni_in_italiano_senza_notizie(tmp_path):
    (tmp_path / "overrides.json").write_text('{"altro": {"x": 1}}')
    percorso = avvio.scrivi_impostazioni(tmp_path)
    assert percorso == tmp_path / "overrides.d" / "ambiti-lab.json"
    dati = json.loads(percorso.read_text())
    assert dati["@jupyterlab/translation-extension:plugin"]["locale"] == "it_IT"
    assert dati["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    menu = {m["id"]: m["label"] for m in dati["@jupyterlab/mainmenu-extension:plugin"]["menus"]}
    assert menu["jp-mainmenu-edit"] == "Modifica" and menu["jp-mainmenu-view"] == "Visualizza"
    # Le impostazioni scritte da altri restano come sono.
    assert json.loads((tmp_path / "overrides.json").read_text()) == {"altro": {"x": 1}}
    prima = percorso.stat().st_mtime_ns
    avvio.scrivi_impostazioni(tmp_path)
    assert percorso.stat().st_mtime_ns == prima


def test_impostazioni_del_corso_rispettano_le_scelte(tmp_path, monkeypatch):
    personali = tmp_path / "personali" / "@jupyterlab" / "apputils-extension"
    personali.mkdir(parents=True)
    (personali / "themes.jupyterlab-settings").write_text('{"theme": "JupyterLab Dark"}')
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path / "personali"))
    cartella = avvio.impostazioni_del_corso(tmp_path / "lavoro")
    assert (cartella / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings").exists()
    lingua = cartella / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    assert json.loads(lingua.read_text())["locale"] == "it_IT"
    # Il corsista sceglie l'inglese dal menu Impostazioni: il corso non lo riporta all'italiano.
    lingua.write_text('{"locale": "en"}')
    avvio.impostazioni_del_corso(tmp_path / "lavoro")
    assert json.loads(lingua.read_text())["locale"] == "en"
    # Le impostazioni personali dell'utente non sono state toccate.
    assert not (tmp_path / "personali" / "@jupyterlab" / "translation-extension").exists()


def test_porta_occupata_messaggio_chiaro():
    with socket.socket() as occupante:
        occupante.bind(("127.0.0.1", 0))
        occupante.listen()
        porta = occupante.getsockname()[1]
        with pytest.raises(ErroreCorso, match=f"La porta {porta} è già occupata"):
            avvio.avvia(porta=porta, apri_browser=False)


@pytest.mark.parametrize("porta", [80, 70000, "8888", 8888.0, True])
def test_porta_non_valida(porta):
    with pytest.raises(ErroreCorso, match="Porta non valida"):
        avvio.avvia(porta=porta)


def test_root_rifiutato_senza_permesso_esplicito(monkeypatch, tmp_path):
    monkeypatch.setattr(avvio, "_come_root", lambda: True)
    monkeypatch.delenv("AMBITI_LAB_CONSENTI_ROOT", raising=False)
    with pytest.raises(ErroreCorso, match="root"):
        avvio.avvia(cartella=tmp_path, porta=_porta_libera(), apri_browser=False)


def test_comando_sicuro(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTER_TOKEN", raising=False)
    preparato = avvio.prepara_avvio(cartella=tmp_path, porta=_porta_libera(), apri_browser=False)
    comando = " ".join(preparato.comando)
    assert "--ServerApp.ip=127.0.0.1" in preparato.comando
    assert "--ServerApp.port_retries=0" in preparato.comando
    assert "--ServerApp.open_browser=False" in preparato.comando
    assert len(preparato.token) >= 32 and preparato.token not in comando
    assert preparato.ambiente["JUPYTER_TOKEN"] == preparato.token
    assert "token=''" not in comando and "disable_check_xsrf" not in comando
    assert f"--ServerApp.root_dir={tmp_path.resolve()}" in preparato.comando
    if (tmp_path / avvio.LEZIONE_INIZIALE).exists():
        assert preparato.percorso_iniziale == f"lab/tree/{avvio.LEZIONE_INIZIALE}"
    # Due avvii danno due token diversi.
    assert avvio.prepara_avvio(cartella=tmp_path, apri_browser=False).token != preparato.token


def test_strumenti_del_formatore_nascosti_solo_ai_corsisti(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/altra/configurazione")
    corsista = avvio.prepara_avvio(cartella=tmp_path, porta=_porta_libera(), apri_browser=False)
    percorsi = corsista.ambiente["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert percorsi[-1] == "/altra/configurazione", "la configurazione già presente deve restare"
    pagina = json.loads((Path(percorsi[0]) / "labconfig" / "page_config.json").read_text())
    assert set(pagina["disabledExtensions"]) == {*avvio.ESTENSIONI_DEL_FORMATORE, *avvio.ESTENSIONI_DELLO_SCAMBIO,
                                                 *avvio.ESTENSIONI_NON_PER_LE_LEZIONI}
    assert Path(percorsi[0]).is_relative_to(tmp_path.resolve())
    corso = tmp_path / "corso"
    corso.mkdir()
    (corso / "nbgrader_config.py").write_text("c = get_config()\n")
    monkeypatch.delenv("AMBITI_LAB_EXCHANGE", raising=False)
    formatore = avvio.prepara_avvio(cartella=corso, porta=_porta_libera(), apri_browser=False, formatore=True)
    percorsi = formatore.ambiente["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert percorsi[-1] == "/altra/configurazione"
    assert not (Path(percorsi[0]) / "labconfig").exists(), "al formatore nessuna estensione spenta"
    assert "Exchange.root" in (Path(percorsi[0]) / "nbgrader_config.py").read_text()
    # Anche il formatore ha il Lab tutto in italiano.
    assert any((Path(p) / "jupyter_server_config.d" / "ambiti-lab.json").exists() for p in percorsi)


def test_il_kernel_del_corso_spiega_gli_errori_solo_in_questo_lab(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", "/altri/dati")
    preparato = avvio.prepara_avvio(cartella=tmp_path, porta=_porta_libera(), apri_browser=False)
    primo, *altri = preparato.ambiente["JUPYTER_PATH"].split(os.pathsep)
    assert altri == ["/altri/dati"] and Path(primo).is_relative_to(tmp_path.resolve())
    specifica = json.loads((Path(primo) / "kernels" / "python3" / "kernel.json").read_text())
    assert specifica["argv"][-1] == "--ext=course.nel_notebook"
    assert (Path(primo) / "kernels" / "python3" / "logo-64x64.png").exists()


def test_sottocomando_avvia(capsys, tmp_path):
    parser = argparse.ArgumentParser()
    avvio.aggiungi_comandi(parser.add_subparsers())
    argomenti = parser.parse_args(["avvia", "--cartella", str(tmp_path), "--porta", "8899",
                                   "--senza-browser"])
    assert (argomenti.cartella, argomenti.porta, argomenti.senza_browser) == (str(tmp_path), 8899, True)
    errati = parser.parse_args(["avvia", "--porta", "22"])
    assert errati.esegui(errati) == 2
    assert "Porta non valida: 22" in capsys.readouterr().err


def test_avvio_vero_risponde_con_token_e_in_italiano(tmp_path):
    with lab_avviato(tmp_path / "lavoro", token="prova-token-123") as (base, token):
        with pytest.raises(urllib.error.HTTPError) as senza_token:
            urllib.request.urlopen(f"{base}/api/contents", timeout=5)
        assert senza_token.value.code == 403
        risposta = urllib.request.urlopen(
            f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={token}",
            timeout=5,
        )
        dati = json.load(risposta)
        assert dati["schema"]["properties"]["locale"]["default"] == "it_IT"
        assert dati["settings"]["locale"] == "it_IT"
        menu = urllib.request.urlopen(
            f"{base}/lab/api/settings/@jupyterlab/mainmenu-extension:plugin?token={token}",
            timeout=5,
        )
        etichette = {m["id"]: m.get("label") for m in json.load(menu)["schema"]["properties"]["menus"]["default"]}
        assert etichette["jp-mainmenu-edit"] == "Modifica"
        assert (tmp_path / "lavoro" / ".ambiti-lab" / "copiati.json").exists()
        # Il kernel dei notebook è quello del corso: gli errori arrivano spiegati in italiano.
        kernel = json.load(urllib.request.urlopen(f"{base}/api/kernelspecs?token={token}", timeout=5))
        assert "--ext=course.nel_notebook" in kernel["kernelspecs"]["python3"]["spec"]["argv"]
        # La pagina del Lab dice al browser di non caricare gli strumenti del formatore.
        pagina = urllib.request.urlopen(f"{base}/lab?token={token}", timeout=10).read().decode()
        configurazione = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', pagina, re.S).group(1))
        spente = configurazione["disabledExtensions"]
        assert {*avvio.ESTENSIONI_DEL_FORMATORE, *avvio.ESTENSIONI_DELLO_SCAMBIO} <= set(spente), spente
        # «Validate» di nbgrader (inglese, e «Success!» su una lezione senza test) e il debugger non ci sono
        assert {"@jupyter/nbgrader:validate-assignment", "@jupyterlab/debugger-extension"} <= set(spente)

        class NonSeguire(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *argomenti):
                return None

        # La pagina iniziale è la lezione 00 (se il pacchetto la contiene).
        with pytest.raises(urllib.error.HTTPError) as rinvio:
            urllib.request.build_opener(NonSeguire).open(f"{base}/?token={token}", timeout=5)
        if (tmp_path / "lavoro" / avvio.LEZIONE_INIZIALE).exists():
            assert rinvio.value.headers["Location"].startswith(f"/lab/tree/{avvio.LEZIONE_INIZIALE}")


def test_ambiente_di_sola_lettura_usa_impostazioni_proprie(tmp_path, monkeypatch):
    originale = avvio.scrivi_impostazioni

    def sola_lettura(cartella=None):
        if cartella is None:
            raise PermissionError("ambiente di sola lettura")
        return originale(cartella)

    monkeypatch.setattr(avvio, "scrivi_impostazioni", sola_lettura)
    preparato = avvio.prepara_avvio(cartella=tmp_path, porta=_porta_libera(), apri_browser=False)
    opzione = [a for a in preparato.comando if a.startswith("--LabApp.app_settings_dir=")]
    assert len(opzione) == 1
    propria = Path(opzione[0].split("=", 1)[1])
    assert propria.is_relative_to(tmp_path.resolve())
    dati = json.loads((propria / "overrides.d" / "ambiti-lab.json").read_text())
    assert dati["@jupyterlab/translation-extension:plugin"]["locale"] == "it_IT"
