"""Consegne ostili: ognuna finisce corretta o segnalata, il lotto arriva in fondo, i voti degli altri non cambiano."""

from __future__ import annotations

import hashlib
import json
import shutil

import nbformat
import pytest

from course.valutazione.corso import Corso
from course.valutazione.esecuzione import Limiti
from course.valutazione.isolamento import landlock_disponibile
from course.valutazione.sintetiche import OSTILI, consegna_giusta, consegna_ostile, consegna_sbagliata
from test_valutazione_flusso import corso_generato  # noqa: F401 - fixture condivisa

LIMITI = Limiti(cella=6, consegna=40)
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
        bersagli = bersagli_scrittura if nome == "scrive_fuori" else [corso.sorgente("prova"), corso.radice / "source" / "*" / "*.ipynb"]
        consegne[nome.replace("_", "-")] = consegna_ostile(nome, rilascio, sorgente, bersagli=bersagli)
    for studente, contenuto in consegne.items():
        destinazione = corso.sottomesso(studente, "prova")
        destinazione.parent.mkdir(parents=True, exist_ok=True)
        destinazione.write_bytes(contenuto)
    impronta_ada = hashlib.sha256(consegne["ada"]).hexdigest()
    riepilogo = correggi(corso, "prova", limiti=LIMITI, lavoratori=2)
    esiti = {s: json.loads(corso.esito(s, "prova").read_text()) for s in consegne}
    with Gradebook(corso.db_url) as gb:
        voti = {s: gb.find_submission("prova", s).score for s in consegne}
    return {"corso": corso, "riepilogo": riepilogo, "esiti": esiti, "voti": voti, "impronta_ada": impronta_ada}


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
    "output_enorme": (None, "troncato", None),
    "test_cancellati": ("segnalato", "cancellate", PIENI),
    "sola_lettura_modificate": ("segnalato", "modificate", 0.0),
    "metadati_cambiati": ("segnalato", "metadati", 0.0),
    "json_non_valido": ("segnalato", "non valido", 0.0),
    "vuoto": ("segnalato", "vuoto", 0.0),
    "senza_celle": ("segnalato", "mancanti", 0.0),
    "nbformat_vecchio": ("corretto", "formato vecchio", PIENI),
    "scrive_fuori": ("corretto", None, PIENI),
    "legge_soluzioni": ("corretto", None, 0.0),
    "manomette_verifica": ("segnalato", "manomissione", 0.0),
    "manomette_consegna": ("segnalato", "manomissione", 0.0),
    "system_exit": ("corretto", None, PIENI),
    "solo_avvisi": ("corretto", None, PIENI),
    "uccide_correttore": (None, None, None),
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
    assert uscite.count("bloccato PermissionError") == 3
    assert "bloccato PermissionError" in corso.corretto("uccide-correttore", "prova").read_text()
    assert _esito(lotto, "legge_soluzioni")["isolato"] is True
