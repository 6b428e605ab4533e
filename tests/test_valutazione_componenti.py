"""I pezzi della valutazione presi uno per uno: lettura e ripristino delle consegne, codifica delle
risposte, punteggi, recinto del kernel, kernel in parallelo, profili ed export."""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import json
import subprocess
import sys
import threading

import nbformat
import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.valutazione.codifica import MIME_RISPOSTA, RispostaNonCodificabile, codifica, decodifica
from course.valutazione.costruisci import Aperta, Compito, Esercizio, notebook_sorgente
from course.valutazione.isolamento import landlock_disponibile
from course.valutazione.punteggi import checksum_nbgrader, punteggi_notebook
from course.valutazione.sanifica import leggi_consegna, sanifica

COMPITO = Compito("mini", "Mini", "Prova.", [
    Esercizio("0.1", "Quanti Ambiti?", "risposta_0_1 = 45"),
    Aperta("0.a", "Perché?", "Rubrica: cita il Piano di zona.", 2, ("C1",)),
])


def _rilascio():
    """Una versione per i corsisti fatta a mano (come farebbe nbgrader): soluzioni e test nascosti tolti, checksum."""
    nb = notebook_sorgente(COMPITO)
    for c in nb.cells:
        nbg = c.metadata["nbgrader"]
        if nbg["solution"]:
            c.source = "risposta_0_1 = None\n# ✍️" if c.cell_type == "code" else "✍️ Scrivi qui la tua risposta."
        if nbg["grade"] and not nbg["solution"]:
            c.source = c.source.split("### BEGIN HIDDEN TESTS")[0].strip()
        nbg["checksum"] = checksum_nbgrader(c)
    return nb


# --- sanifica -----------------------------------------------------------------------------------

def test_celle_di_test_e_sola_lettura_tornano_dal_sorgente():
    rilascio, sorgente = _rilascio(), notebook_sorgente(COMPITO)
    consegnato = nbformat.from_dict(json.loads(nbformat.writes(rilascio)))
    consegnato.cells[4].source = "1000"  # la cella di test
    consegnato.cells[2].source = "Domanda cambiata"
    consegnato.cells[3].source = "risposta_0_1 = 45"
    consegnato.cells.insert(4, nbformat.v4.new_code_cell("aiuto = 1"))
    pulito = sanifica(consegnato, sorgente=sorgente, rilascio=rilascio)
    nb = pulito["notebook"]
    sorgenti = [c.source for c in nb.cells]
    assert "consegna(\"0.1\", risposta_0_1, esito_0_1)" in "".join(sorgenti)
    assert "Domanda cambiata" not in sorgenti and "aiuto = 1" in sorgenti and "risposta_0_1 = 45" in sorgenti
    assert any("modificate" in m and "verifica-0-1" in m for m in pulito["motivi"])
    nbformat.validate(nb)


def test_celle_cancellate_rimesse_al_loro_posto_e_segnalate():
    rilascio, sorgente = _rilascio(), notebook_sorgente(COMPITO)
    consegnato = nbformat.from_dict(json.loads(nbformat.writes(rilascio)))
    ids = [c.metadata["nbgrader"]["grade_id"] for c in consegnato.cells]
    consegnato.cells = [c for c in consegnato.cells if c.metadata["nbgrader"]["grade_id"] not in {"verifica-0-1", "aperta-0-a"}]
    pulito = sanifica(consegnato, sorgente=sorgente, rilascio=rilascio)
    assert [c.metadata["nbgrader"]["grade_id"] for c in pulito["notebook"].cells] == ids
    testo = " ".join(pulito["motivi"])
    assert "cancellate" in testo and "mancanti" in testo


def test_metadati_e_punti_cambiati_sono_ripristinati():
    rilascio, sorgente = _rilascio(), notebook_sorgente(COMPITO)
    consegnato = nbformat.from_dict(json.loads(nbformat.writes(rilascio)))
    consegnato.cells[3].metadata["nbgrader"].update(grade=True, points=50)
    pulito = sanifica(consegnato, sorgente=sorgente, rilascio=rilascio)
    punti = [c.metadata["nbgrader"].get("points") for c in pulito["notebook"].cells if c.metadata["nbgrader"]["grade"]]
    assert punti == [1.0, 2.0]
    assert any("metadati" in m for m in pulito["motivi"])


@pytest.mark.parametrize("contenuto,parola", [(b"", "vuoto"), (b"   ", "vuoto"), (b"{rotto", "JSON"),
                                             (b"[1, 2]", "non un notebook"), (b"\xff\xfe\x00", "JSON")])
def test_file_illeggibili_diventano_segnalazioni(contenuto, parola):
    nb, motivi, _ = leggi_consegna(contenuto)
    assert nb is None and parola in motivi[0]


def test_formato_vecchio_convertito_con_un_avviso():
    v3 = nbformat.convert(_rilascio(), 3)
    nb, motivi, avvisi = leggi_consegna(json.dumps(v3).encode())
    assert nb is not None and not motivi and "formato vecchio 3" in avvisi[0]
    assert nb.nbformat == 4


# --- codifica delle risposte ---------------------------------------------------------------------

@pytest.mark.parametrize("valore", [
    None, True, 3, -2.5, float("inf"), "Bari", [1, "a", None], (1, 2), {"ReD": True, "ADI": False}, {3, 1, 2},
    dt.date(2025, 3, 3), dt.datetime(2025, 3, 3, 10, 30), pd.Timestamp("2025-03-03"),
])
def test_codifica_e_decodifica_danno_lo_stesso_valore(valore):
    assert decodifica(json.loads(json.dumps(codifica(valore)))) == valore


def test_funzioni_della_libreria_e_file_prodotti_viaggiano_come_riferimenti_e_contenuti(tmp_path):
    from course.indicatori import dal_catalogo

    indicatore = dal_catalogo("Quota di mesi di Patto con ore sufficienti")
    assert decodifica(json.loads(json.dumps(codifica(indicatore)))) == indicatore
    rapporto = tmp_path / "piano.html"
    rapporto.write_text("<!DOCTYPE html><h2>Azioni</h2>", encoding="utf-8")
    tornato = decodifica(json.loads(json.dumps(codifica(rapporto))))
    assert tornato != rapporto and tornato.read_text(encoding="utf-8") == rapporto.read_text(encoding="utf-8")
    assert isinstance(decodifica(codifica(str(rapporto))), str)


def test_tabelle_e_serie_conservano_tipi_e_indice():
    df = pd.DataFrame({"ambito": pd.Series(["BA01", "LE03"], dtype="category"), "ore": pd.array([62, None], dtype="Int64"),
                       "inizio": pd.to_datetime(["2025-01-01", "2025-02-01"]), "quota": [0.5, float("nan")]},
                      index=pd.Index(["a", "b"], name="chiave"))
    df.attrs["data_riferimento"] = pd.Timestamp("2025-06-30")
    tornata = decodifica(json.loads(json.dumps(codifica(df))))
    pd.testing.assert_frame_equal(tornata, df)
    assert tornata.attrs == {"data_riferimento": pd.Timestamp("2025-06-30")}
    serie = pd.Series([1.5, 2.5], index=["x", "y"], name="valore")
    pd.testing.assert_series_equal(decodifica(codifica(serie)), serie)


def test_nessun_codice_eseguito_decodificando():
    class Maligno:
        def __reduce__(self):
            return (print, ("preso!",))

    with pytest.raises(RispostaNonCodificabile):
        codifica(Maligno())
    for falso in ({"t": "dataclass", "classe": "subprocess.Popen", "v": {}}, {"t": "pickle", "v": "..."},
                  {"t": "int", "v": "1; import os"}, {"t": "dataclass", "classe": "course.errori.ErroreCorso", "v": {}},
                  {"t": "funzione", "v": "os:system"}, {"t": "funzione", "v": "course.valutazione.correzione:correggi"},
                  {"t": "funzione", "v": "shutil:rmtree"}, {"t": "funzione", "v": "subprocess:run"},
                  {"t": "funzione", "v": "course.indicatori.standard:_patto_mese"},
                  {"t": "funzione", "v": "course.monitoraggio._attivita:leggi_attivita"},
                  {"t": "file", "nome": "x.py", "v": ""}):
        with pytest.raises(RispostaNonCodificabile):
            decodifica(falso)


# --- punteggi ------------------------------------------------------------------------------------

def _cella_test(outputs, *, esercizio="0.1", punti=1.0):
    c = nbformat.v4.new_code_cell("esercizio('0.1', r)", metadata={
        "nbgrader": {"grade": True, "solution": False, "locked": True, "grade_id": "verifica-0-1", "points": punti},
        "ambiti_lab": {"esercizio": esercizio, "competenze": ["C1"]}})
    c.execution_count = 1
    c.outputs = outputs
    return c


def _pacco(risposta, codice="0.1"):
    return nbformat.v4.new_output("display_data", data={MIME_RISPOSTA: {"codice": codice, "risposta": codifica(risposta)},
                                                         "text/plain": "consegnata"})


def _risultato(valore):
    return nbformat.v4.new_output("execute_result", data={"text/plain": str(valore)}, execution_count=1)


def _punti(*outputs):
    celle, motivi = punteggi_notebook(nbformat.v4.new_notebook(cells=[_cella_test(list(outputs))]))
    return celle[0].punti, motivi


def test_la_verifica_indipendente_decide_i_punti():
    assert _punti(_pacco(45), _risultato(1.0)) == (1.0, [])
    punti, motivi = _punti(_pacco(257), _risultato(1.0))  # il kernel dichiara 1 punto ma la risposta è sbagliata
    assert punti == 0.0 and "manomissione" in motivi[0]
    punti, motivi = _punti(_risultato(1.0))  # nessuna risposta consegnata
    assert punti == 0.0 and motivi
    punti, motivi = _punti(_pacco(45, codice="0.2"), _risultato(1.0))  # risposta di un altro esercizio
    assert punti == 0.0 and "alterata" in motivi[0]
    punti, motivi = _punti(_pacco(45), _pacco(45), _risultato(1.0))
    assert punti == 0.0 and motivi
    # se il kernel dichiara zero, la verifica indipendente non serve (e non si rifà)
    assert _punti(_pacco(45), _risultato(0.0)) == (0.0, [])


def test_gli_avvisi_su_stderr_non_azzerano_un_test():
    avviso = nbformat.v4.new_output("stream", name="stderr", text="FutureWarning: qualcosa cambierà\n")
    assert _punti(avviso, _pacco(45), _risultato(1.0)) == (1.0, [])


def test_un_errore_nella_cella_di_test_vale_zero_senza_segnalazione():
    errore = nbformat.v4.new_output("error", ename="NameError", evalue="name 'r' is not defined", traceback=[])
    assert _punti(errore) == (0.0, [])


def test_celle_di_test_generiche_seguono_nbgrader_con_credito_parziale():
    c = _cella_test([_risultato(0.5)], esercizio=None, punti=2.0)
    c.metadata.pop("ambiti_lab")
    celle, _ = punteggi_notebook(nbformat.v4.new_notebook(cells=[c]))
    assert celle[0].punti == 0.5


def test_risposta_aperta_vuota_vale_zero_e_scritta_va_al_formatore():
    rilascio = _rilascio()
    aperta = rilascio.cells[-1]
    celle, _ = punteggi_notebook(nbformat.v4.new_notebook(cells=[aperta]))
    assert (celle[0].punti, celle[0].manuale) == (0.0, False)
    aperta.source = "Perché il Piano di zona lo chiede."
    celle, _ = punteggi_notebook(nbformat.v4.new_notebook(cells=[aperta]))
    assert (celle[0].punti, celle[0].manuale) == (None, True)


# --- recinto e kernel in parallelo -------------------------------------------------------------

@pytest.mark.skipif(not landlock_disponibile(), reason="il sistema non offre Landlock")
def test_il_recinto_landlock_blocca_file_e_segnali(tmp_path):
    segreto = tmp_path / "segreto.txt"
    segreto.write_text("soluzione")
    lavoro = tmp_path / "lavoro"
    lavoro.mkdir()
    from course.valutazione.esecuzione import percorsi_leggibili

    leggibili = percorsi_leggibili(escludi=[tmp_path])
    codice = (
        "import os, sys\n"
        "from course.valutazione.isolamento import limita_file\n"
        f"limita_file(leggibili={leggibili!r}, scrivibili=[{str(lavoro)!r}])\n"
        "import pandas\n"
        f"open({str(lavoro / 'ok.txt')!r}, 'w').write('si')\n"
        "for azione in (lambda: open(" + repr(str(segreto)) + ").read(), lambda: open(" + repr(str(tmp_path / 'nuovo.txt')) + ", 'w'),\n"
        "               lambda: os.kill(os.getppid(), 0)):\n"
        "    try:\n        azione(); print('PERMESSO')\n    except PermissionError:\n        print('NEGATO')\n"
    )
    uscita = subprocess.run([sys.executable, "-c", codice], capture_output=True, text=True, timeout=120)
    righe = uscita.stdout.split()
    assert uscita.returncode == 0, uscita.stderr
    assert righe[:2] == ["NEGATO", "NEGATO"]
    assert (lavoro / "ok.txt").read_text() == "si"


def test_kernel_avviati_insieme_non_si_pestano_i_piedi(tmp_path):
    from course.valutazione.esecuzione import Limiti, esegui_notebook

    def uno(i):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            "from ipykernel.connect import get_connection_info\nprint(get_connection_info(unpack=True)['transport'])")])
        esito = esegui_notebook(nb, tmp_path / f"k{i}", Limiti(cella=60))
        return esito["problemi"], "".join(o.get("text", "") for o in nb.cells[0].outputs).strip()

    with cf.ThreadPoolExecutor(4) as pool:
        risultati = list(pool.map(uno, range(4)))
    assert risultati == [([], "ipc")] * 4
    assert threading.active_count() < 50


# --- profili, grafici, export -------------------------------------------------------------------

def test_livelli_secondo_le_soglie_dei_parametri():
    from course.parametri import parametro
    from course.valutazione.profili import livello, profilo_corsisti

    base, piena = parametro("soglia_competenza_base"), parametro("soglia_competenza_piena")
    assert [livello(x) for x in (base - 0.01, base, piena - 0.01, piena)] == ["non raggiunta", "base", "base", "piena"]
    vuoto = profilo_corsisti(pd.DataFrame(columns=["studente", "competenze", "punti", "massimo"]))
    assert vuoto.empty
    with pytest.raises(ErroreCorso, match="competenze"):
        profilo_corsisti(pd.DataFrame({"studente": ["a"], "punti": [1.0], "massimo": [1.0]}))


def test_profilo_per_gruppo_con_corsisti_senza_ambito():
    from course.valutazione.profili import profilo_gruppi

    voti = pd.DataFrame({"studente": ["a", "b", "c"], "competenze": ["C2", "C2", "C2,C4"],
                         "punti": [1.0, 0.0, 2.0], "massimo": [1.0, 1.0, 2.0]})
    p = profilo_gruppi(voti, pd.DataFrame({"id": ["a", "b", "c"], "squadra": ["A", "A", ""]}), per="squadra")
    assert set(p["squadra"]) == {"A", "senza gruppo"}
    assert p.loc[(p["squadra"] == "A") & (p["competenza"] == "C2"), "quota"].item() == 0.5


def test_grafici_dei_profili():
    from course.valutazione.grafici import grafico_competenze, mappa_competenze

    p = pd.DataFrame({"studente": ["a", "a"], "competenza": ["C1", "C3"], "quota": [0.9, 0.3]})
    fig = grafico_competenze(p)
    assert [b.get_height() for b in fig.axes[0].patches] == [0.9, 0.3]
    assert "%" in fig.axes[0].get_yticklabels()[-1].get_text() or fig.axes[0].get_ylabel() == "Quota dei punti raggiunta"
    assert mappa_competenze(p.iloc[0:0]).axes[0].texts[0].get_text().startswith("Nessuna competenza")


def test_export_moodle_chiede_l_email_di_ogni_corsista(tmp_path):
    from course.valutazione.corso import Corso
    from course.valutazione.costruisci import crea_corso
    from course.valutazione.esporta import esporta_moodle

    corso = Corso(crea_corso(tmp_path / "c"))
    from course.valutazione.esporta import senza_identificativo

    (corso.radice / "corsisti.csv").write_text("id;nome;email\nada;Ada;\n", encoding="utf-8")
    (corso.radice / "esiti" / "mini").mkdir(parents=True)
    for studente in ("ada", "bea"):
        (corso.radice / "esiti" / "mini" / f"{studente}.json").write_text(json.dumps({"stato": "corretto", "motivi": [], "celle": [
            {"grade_id": "verifica-0-1", "punti": 1.0, "massimo": 1.0, "competenze": ["C1"], "manuale": False}]}))
    with pytest.raises(ErroreCorso, match="email"):
        esporta_moodle(corso, ["mini"])
    assert [r.split(",")[:2] for r in esporta_moodle(corso, ["mini"], identifica="id").percorso.read_text().splitlines()] == \
        [["id", "mini"], ["ada", "1.00"], ["bea", "1.00"]]
    (corso.radice / "corsisti.csv").write_text("id;nome;email\nada;Ada;ada@example.org\n", encoding="utf-8")
    esportazione = esporta_moodle(corso, ["mini"])
    assert [r.split(",")[:2] for r in esportazione.percorso.read_text().splitlines()] == [["email", "mini"], ["ada@example.org", "1.00"]]
    assert "bea" in esportazione.esclusi["mini"]
    assert senza_identificativo(corso, ["mini"]) == ["bea"]


def test_nomi_di_cartella_pericolosi_rifiutati():
    from course.valutazione.corso import nome_valido
    from course.valutazione.raccolta import identificativo

    for nome in ("../x", "a/b", "", ".nascosto", "x" * 80):
        with pytest.raises(ErroreCorso):
            nome_valido(nome)
    assert nome_valido(identificativo("../../gradebook")) == "gradebook"


def test_un_corso_nuovo_si_crea_dal_modello(tmp_path):
    from course.valutazione.corso import Corso, trova_corso
    from course.valutazione.costruisci import MODELLO, carica_tracce, copia_modello

    radice = copia_modello(tmp_path / "nuovo")
    corso = trova_corso(radice)
    assert corso.compiti() == Corso(MODELLO).compiti() and "modulo-01" in corso.compiti()
    assert (radice / "cruscotto-formatore.ipynb").exists() and (radice / "LEGGIMI.md").exists()
    assert set(carica_tracce(radice)) == set(corso.compiti())
    assert not (radice / "gradebook.db").exists() and not (radice / "release").exists()
    with pytest.raises(ErroreCorso, match="corso modello"):
        copia_modello(tmp_path / "altro", modello=tmp_path / "non-esiste")
    with pytest.raises(ErroreCorso, match="tracce.py"):
        carica_tracce(tmp_path)


def test_limiti_di_memoria_e_file_nel_processo_del_kernel():
    codice = ("import resource\nfrom course.valutazione.isolamento import limita_risorse\n"
              "print(limita_risorse(memoria_mb=1024, file_mb=1))\n"
              "print(resource.getrlimit(resource.RLIMIT_AS)[0] // 2**20)\n"
              "try:\n    x = bytearray(3 * 2**30)\nexcept MemoryError:\n    print('MemoryError')\n")
    uscita = subprocess.run([sys.executable, "-c", codice], capture_output=True, text=True, timeout=60)
    assert uscita.stdout.split("\n")[:3] == ["[]", "1024", "MemoryError"], uscita.stderr


def test_limite_di_tempo_per_consegna_oltre_a_quello_per_cella(tmp_path):
    from course.valutazione.esecuzione import Limiti, esegui_notebook

    celle = [nbformat.v4.new_code_cell("import time\ntime.sleep(1.5)\nprint('fatto')") for _ in range(4)]
    nb = nbformat.v4.new_notebook(cells=celle)
    esito = esegui_notebook(nb, tmp_path / "lavoro", Limiti(cella=10, consegna=3.5))
    testo = " ".join(esito["problemi"])
    assert "tempo" in testo and "scaduto" in testo
    eseguite = [c for c in nb.cells if any("fatto" in o.get("text", "") for o in c.outputs)]
    assert 1 <= len(eseguite) < 4
