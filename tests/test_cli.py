import hashlib
import json
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
