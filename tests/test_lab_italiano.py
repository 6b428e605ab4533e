"""Il Lab tutto in italiano (``course.lab_italiano``): le frasi che il pacchetto della lingua non traduce.

Qui le traduzioni si controllano come dati (segnaposto, plurali, niente frasi lasciate in inglese) e
si prova l'estensione del server senza browser; il giro nel browser che cerca parole inglesi sul
percorso del corsista è in ``tests/test_percorso_corsista.py``.
"""

from __future__ import annotations

import json
import re

import pytest

from course import lab_italiano

SEGNAPOSTO = re.compile(r"%\d")


def _voci():
    for dominio, frasi in lab_italiano.traduzioni().items():
        for inglese, italiano in frasi.items():
            yield dominio, inglese, italiano


def test_ogni_traduzione_e_un_testo_o_singolare_e_plurale():
    for dominio, inglese, italiano in _voci():
        forme = italiano if isinstance(italiano, list) else [italiano]
        assert len(forme) in (1, 2) and all(isinstance(f, str) and f.strip() for f in forme), (dominio, inglese)


def test_segnaposto_e_puntini_restano():
    for dominio, inglese, italiano in _voci():
        singolare = italiano[0] if isinstance(italiano, list) else italiano
        frase = inglese.split("\u0004")[-1]
        assert set(SEGNAPOSTO.findall(frase)) == set(SEGNAPOSTO.findall(singolare)), (dominio, inglese)
        assert frase.endswith("…") == singolare.endswith("…"), f"i puntini dicono che si apre una finestra: {inglese}"


def test_nessuna_frase_lasciata_in_inglese():
    for dominio, inglese, italiano in _voci():
        singolare = italiano[0] if isinstance(italiano, list) else italiano
        assert singolare != inglese.split("\u0004")[-1], (dominio, inglese)


@pytest.fixture
def estensione_attiva(monkeypatch):
    """L'estensione attivata in questo processo, e tolta alla fine (jupyterlab_server torna com'era)."""
    from jupyterlab_server import translation_utils, translations_handler

    for modulo, nome in [(translations_handler, "get_language_pack"), (translation_utils, "get_language_pack")]:
        monkeypatch.setattr(modulo, nome, getattr(modulo, nome))
    fascio = translation_utils.TranslationBundle
    monkeypatch.setattr(fascio, "gettext", fascio.gettext)
    monkeypatch.setattr(fascio, "pgettext", fascio.pgettext)
    lab_italiano.attiva()
    lab_italiano.attiva()  # due volte non avvolge due volte
    return translations_handler, translation_utils


def test_le_frasi_arrivano_al_browser_in_italiano(estensione_attiva):
    translations_handler, _ = estensione_attiva
    dati, messaggio = translations_handler.get_language_pack("it_IT")
    assert not messaggio
    lab = dati["jupyterlab"]
    assert lab["Run Selected Cell"] == ["Esegui la Cella Selezionata", "Esegui le Celle Selezionate"]
    assert lab["Idle"] == ["Inattivo"] and lab["%1 and %2"] == ["%1, poi %2"]
    assert lab["Go to Line…"] == ["Vai alla Riga…"], "una frase tradotta male dal pacchetto si corregge"
    assert lab["Autosave Documents"] == ["Salva Automaticamente i Documenti"], "le frasi del pacchetto restano"
    inglese, _ = translations_handler.get_language_pack("en")
    assert "Run Selected Cell" not in inglese.get("jupyterlab", {})


def test_i_menu_tradotti_dal_server(estensione_attiva):
    _, translation_utils = estensione_attiva
    fascio = translation_utils.TranslationBundle("jupyterlab", "it_IT")
    assert fascio.pgettext("menu", "New") == "Nuovo"
    assert fascio.pgettext("menu", "Open Recent") == "Apri Recenti"
    assert fascio.gettext("Frase che nessuno traduce") == "Frase che nessuno traduce"
    assert translation_utils.TranslationBundle("jupyterlab", "en").pgettext("menu", "New") == "New"


def test_configurazione_per_binder_e_hub(tmp_path):
    percorso = lab_italiano.installa_nell_ambiente(tmp_path)
    assert percorso == tmp_path / "etc" / "jupyter" / "jupyter_server_config.d" / "ambiti-lab.json"
    assert json.loads(percorso.read_text())["ServerApp"]["jpserver_extensions"] == {"course.lab_italiano": True}
