import hashlib
import json
import re
import subprocess
import sys

import pytest

from course.cli import main


def _cli(*argomenti):
    return subprocess.run([sys.executable, "-m", "course.cli", *argomenti], capture_output=True, text=True)


def test_aiuto_in_italiano():
    r = _cli("--help")
    assert r.returncode == 0
    for parola in ["uso:", "opzioni", "dati", "verifica", "mostra questo aiuto"]:
        assert parola in r.stdout
    assert "usage" not in r.stdout and "show this help" not in r.stdout


def test_genera_due_volte_stesse_impronte(tmp_path):
    """Come da issue: «dati genera» due volte con lo stesso seme dà file identici."""
    impronte = []
    for nome in ["a", "b"]:
        r = _cli("dati", "genera", "--scala", "ambito", "--seme", "1", "--cartella", str(tmp_path / nome))
        assert r.returncode == 0, r.stderr
        assert "Dati generati" in r.stdout and "Genero i dati" in r.stderr  # barra di avanzamento
        impronte.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / nome).iterdir()})
    assert impronte[0] == impronte[1]


def test_valida_elenca_i_difetti_e_info(cartella_difetti, tmp_path, capsys):
    assert main(["dati", "valida", "nuclei", "--cartella", str(cartella_difetti),
                 "--esporta", str(tmp_path / "r.csv")]) == 1
    uscita = capsys.readouterr().out
    assert "problemi" in uscita and "valore mancante" in uscita
    assert (tmp_path / "r.csv").read_text(encoding="utf-8-sig").startswith("riga;colonna;valore;problema")
    assert main(["dati", "info", "--cartella", str(cartella_difetti)]) == 0
    info = json.loads((cartella_difetti / "metadati.json").read_text())
    assert f"seme: {info['seme']}" in capsys.readouterr().out


def test_errori_senza_traceback(tmp_path, capsys):
    assert main(["dati", "valida", "pati", "--cartella", str(tmp_path)]) == 2
    errore = capsys.readouterr().err
    assert errore.startswith("Errore:") and "patti" in errore and "Traceback" not in errore
    with pytest.raises(SystemExit):
        main(["dati", "gnera"])
    assert "scelta non valida" in capsys.readouterr().err


def test_mappatura_da_riga_di_comando(tmp_path):
    file = tmp_path / "mappa.csv"
    file.write_text("codice_istat;codice_ambito\n071001;ATS-FG-99\n", encoding="utf-8")
    r = _cli("dati", "genera", "--scala", "ambito", "--cartella", str(tmp_path / "x"), "--mappatura", str(file))
    assert r.returncode == 2
    assert "ATS-FG-99" in r.stderr and "manca il comune" in r.stderr and "Traceback" not in r.stderr


def test_verifica_installazione(capsys):
    codice = main(["verifica"])
    uscita = capsys.readouterr().out
    assert "Controllo dell'installazione" in uscita and "pandas" in uscita
    assert codice in (0, 1)
    assert ("Tutto a posto" in uscita) == (codice == 0)


def test_l_italiano_di_argparse_resta_nel_comando(capsys):
    """Il comando traduce argparse solo per i suoi parser: gli altri, nello stesso processo, restano come sono."""
    import argparse

    from course.cli import costruisci_parser

    parser = costruisci_parser(["verifica"])
    with pytest.raises(SystemExit):
        main(["--comando-inesistente"])
    assert "errore" in capsys.readouterr().err
    altro = argparse.ArgumentParser(prog="altro")
    assert altro.format_help().startswith("usage: altro") and "show this help message" in altro.format_help()
    assert parser.format_help().startswith("uso: ambiti-lab") and "mostra questo aiuto" in parser.format_help()
    with pytest.raises(SystemExit):
        altro.parse_args(["--boh"])
    assert "unrecognized arguments: --boh" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["verifica", "--boh"])
    assert "argomenti non riconosciuti: --boh" in capsys.readouterr().err


# --- le piccole cose su cui inciampa chi comincia (issue 12, §6) ------------------------------------------

@pytest.fixture
def lavoro_isolato(tmp_path, monkeypatch):
    """Il promemoria degli ultimi dati generati finisce in una cartella di lavoro del test, non in quella vera."""
    monkeypatch.setenv("AMBITI_LAB_LAVORO", str(tmp_path / "lavoro"))
    monkeypatch.delenv("AMBITI_LAB_DATI", raising=False)
    return tmp_path


def test_tipi_degli_argomenti_in_italiano(capsys):
    with pytest.raises(SystemExit):
        main(["dati", "genera", "--seme", "tre"])
    errore = capsys.readouterr().err
    assert "argomento --seme: valore non valido: 'tre' (serve un numero intero" in errore
    assert "(int)" not in errore and "invalid" not in errore
    with pytest.raises(SystemExit):
        main(["dati", "valida", "patti", "--alla-data", "31/13/2025"])
    assert "serve una data come 31/12/2025" in capsys.readouterr().err


def test_valida_dopo_genera_usa_gli_ultimi_dati_generati(lavoro_isolato, capsys):
    nuovi = lavoro_isolato / "nuovi"
    assert main(["dati", "genera", "--scala", "ambito", "--seme", "5", "--difetti", "--silenzioso",
                 "--cartella", str(nuovi)]) == 0
    assert "useranno questi dati" in capsys.readouterr().out
    assert main(["dati", "valida", "patti"]) == 1  # i dati nuovi hanno difetti; quelli del corso no
    uscita = capsys.readouterr().out
    assert f"Dati: {nuovi.resolve()} (gli ultimi generati" in uscita and "--cartella" in uscita
    assert main(["dati", "info"]) == 0
    assert f"Cartella dei dati: {nuovi.resolve()}" in capsys.readouterr().out


def test_senza_dati_generati_dice_quali_dati_controlla(lavoro_isolato, capsys):
    from course.dati.caricamento import cartella_predefinita

    assert main(["dati", "valida", "nuclei"]) == 0
    uscita = capsys.readouterr().out
    assert f"Dati: {cartella_predefinita()} (quelli distribuiti con il corso; per altri dati: --cartella" in uscita


def _difetti(cartella, tabella, *, difetto=""):
    import pandas as pd

    d = pd.read_csv(cartella / "difetti.csv", dtype=str)
    scelti = (d["tabella"] == tabella) & d["difetto"].str.contains(difetto)
    return sorted(int(r) for r in d.loc[scelti, "riga"])


def test_un_file_da_solo_trova_tutti_i_difetti_anche_le_date_nel_futuro(cartella_difetti, tmp_path, capsys):
    import pandas as pd

    attesi = _difetti(cartella_difetti, "patti")
    assert _difetti(cartella_difetti, "patti", difetto="futuro"), "servono date nel futuro piantate"
    # Accanto ai dati generati: la data di estrazione viene da metadati.json.
    assert main(["dati", "valida", "patti", "--file", str(cartella_difetti / "patti.csv"),
                 "--esporta", str(tmp_path / "r.csv")]) == 1
    uscita = capsys.readouterr().out
    assert "rispetto al 31/12/2025 (la data di estrazione in" in uscita
    trovati = pd.read_csv(tmp_path / "r.csv", sep=";", encoding="utf-8-sig")
    assert sorted(set(trovati["riga"])) == attesi
    # Copiato altrove, da solo: la data di riferimento è oggi (e lo dice).
    (tmp_path / "solo").mkdir()
    (tmp_path / "solo" / "patti.csv").write_bytes((cartella_difetti / "patti.csv").read_bytes())
    main(["dati", "valida", "patti", "--file", str(tmp_path / "solo" / "patti.csv"), "--alla-data", "31/12/2025",
          "--esporta", str(tmp_path / "r2.csv")])
    assert "rispetto al 31/12/2025 (la data indicata con --alla-data)" in capsys.readouterr().out
    assert sorted(set(pd.read_csv(tmp_path / "r2.csv", sep=";")["riga"])) == attesi
    main(["dati", "valida", "patti", "--file", str(tmp_path / "solo" / "patti.csv")])
    assert "(oggi; per la data di estrazione del file usa --alla-data GG/MM/AAAA)" in capsys.readouterr().out


def test_il_rapporto_di_valida_e_scritto_all_italiana(cartella_difetti, capsys):
    main(["dati", "valida", "patti", "--cartella", str(cartella_difetti)])
    uscita = capsys.readouterr().out
    for inglese in ("NaT", "NaN", "<NA>", "None"):
        assert inglese not in uscita
    assert "—" in uscita and re.search(r"\b\d\d/\d\d/20\d\d\b", uscita)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", uscita)


def test_verifica_dice_come_si_avvia_da_root(monkeypatch, capsys):
    from course import avvio

    monkeypatch.setattr(avvio, "_come_root", lambda: True)
    monkeypatch.delenv("AMBITI_LAB_CONSENTI_ROOT", raising=False)
    assert main(["verifica"]) == 1
    uscita = capsys.readouterr().out
    assert "✗ Utente: root" in uscita and "utente normale" in uscita
    assert "AMBITI_LAB_CONSENTI_ROOT=1 ambiti-lab avvia" in uscita and "Tutto a posto" not in uscita
    monkeypatch.setenv("AMBITI_LAB_CONSENTI_ROOT", "1")
    main(["verifica"])
    assert "✓ Utente: root (amministratore), permesso da AMBITI_LAB_CONSENTI_ROOT=1" in capsys.readouterr().out
