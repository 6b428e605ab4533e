"""Test delle letture tolleranti usate dalle verifiche dei moduli 02–08 (course/verifica/_letture.py)."""

from __future__ import annotations

import datetime as dt
import os

import numpy as np
import pandas as pd
import pytest

from course.verifica._letture import dati, leggi_codici, leggi_data
from course.verifica.correzione import Correzione


@pytest.mark.parametrize("valore", ["2025-03-31", "31/03/2025", " 2025-03-31T10:00 ", pd.Timestamp("2025-03-31 15:00"),
                                    dt.date(2025, 3, 31), np.datetime64("2025-03-31"), pd.Series(["2025-03-31"])])
def test_leggi_data_accetta_le_forme_comuni(valore):
    c = Correzione("9.9", "Prova")
    assert leggi_data(valore, c, cosa="la data") == pd.Timestamp("2025-03-31")
    assert not c.da_rivedere


@pytest.mark.parametrize("valore,frammento", [(None, "None"), ("31 marzo", "non si legge come data"), (120, "un numero"),
                                              ("2025-02-30", "febbraio 2025 ha 28 giorni")])
def test_leggi_data_spiega_cosa_non_va(valore, frammento):
    c = Correzione("9.9", "Prova")
    assert leggi_data(valore, c, cosa="la data") is None
    assert frammento in c.da_rivedere[0]
    assert c.esito().suggerimento


def test_leggi_codici_da_elenchi_colonne_e_tabelle():
    c = Correzione("9.9", "Prova")
    assert leggi_codici(("A", " B "), c, cosa="i casi") == ["A", "B"]
    assert leggi_codici(pd.Series(["A"]), c, cosa="i casi") == ["A"]
    assert leggi_codici(pd.DataFrame({"id_patto": ["X", "Y"]}), c, cosa="i casi", colonna="id_patto") == ["X", "Y"]
    assert leggi_codici([], c, cosa="i casi") == []
    assert not c.da_rivedere


@pytest.mark.parametrize("valore", [[1, 2], "A", pd.DataFrame({"altra": ["A"]}), {"A": 1}, None])
def test_leggi_codici_rifiuta_senza_rompersi(valore):
    c = Correzione("9.9", "Prova")
    assert leggi_codici(valore, c, cosa="i casi", colonna="id_patto", esempio="BP-…") is None
    assert c.da_rivedere and c.esito().punti == 0
    if valore is not None:
        assert "BP-…" in c.esito().suggerimento


def test_dati_legge_una_volta_e_rilegge_se_il_file_cambia(tmp_path, monkeypatch):
    cartella = tmp_path / "dati"
    cartella.mkdir()
    (cartella / "metadati.json").write_text('{"data_riferimento": "2025-12-31"}', encoding="utf-8")
    percorso = cartella / "obiettivi.csv"
    percorso.write_text("id_obiettivo,codice_ambito,titolo,responsabile,anno\n"
                        "OB-1,ATS-LE-03,Potenziare il segretariato,Ufficio di Piano,2025\n", encoding="utf-8")
    monkeypatch.setenv("AMBITI_LAB_DATI", str(cartella))
    prima = dati("obiettivi")
    assert dati("obiettivi") is prima and len(prima) == 1
    percorso.write_text(percorso.read_text(encoding="utf-8")
                        + "OB-2,ATS-LE-03,Ridurre le attese,Ufficio di Piano,2025\n", encoding="utf-8")
    stat = percorso.stat()
    os.utime(percorso, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    dopo = dati("obiettivi")
    assert dopo is not prima and len(dopo) == 2
