"""I materiali del modulo 07: anagrafica finta, file «del comune», dati con difetti."""

import re

import pandas as pd
import pytest

from course import esercitazioni as e
from course.privacy import FORMA_CODICE_FISCALE


def test_anagrafica_deterministica_e_codici_fiscali_mai_validi():
    a = e.anagrafica_di_esempio(80, seme=9)
    assert a.equals(e.anagrafica_di_esempio(80, seme=9))
    assert a["codice_fiscale"].str.match(FORMA_CODICE_FISCALE).all()
    # il carattere di controllo è sempre diverso da quello calcolato con l'algoritmo ufficiale
    for cf in a["codice_fiscale"].unique()[:20]:
        somma = sum(e._DISPARI[c] if i % 2 == 0 else e._PARI[c] for i, c in enumerate(cf[:15]))
        assert cf[15] != chr(65 + somma % 26)


@pytest.fixture()
def ambiente(tmp_path, monkeypatch):
    from course.dati import genera

    dati = genera(scala="ambito", seme=2, cartella=tmp_path / "dati", progresso=False)
    monkeypatch.setenv("AMBITI_LAB_DATI", str(dati))
    monkeypatch.setenv("AMBITI_LAB_LAVORO", str(tmp_path / "lavoro"))
    return tmp_path


def test_il_file_comunale_si_rilegge_uguale_con_leggi_tabella(ambiente):
    from course.dati import leggi_tabella

    percorso = e.file_comunale()
    testo = percorso.read_bytes().decode("cp1252")
    assert testo.splitlines()[-1].startswith("Totale;") and "n.d." in testo
    assert re.search(r"\d\.\d{3},\d{2}", testo)
    letto = leggi_tabella(percorso, rapporto=False)
    vero = e.tabella_del_file_comunale()
    assert len(letto) == len(vero)
    assert letto["isee"].isna().sum() == vero["isee"].isna().sum() > 0
    pd.testing.assert_series_equal(letto["isee"].reset_index(drop=True), vero["isee"], check_names=False)


def test_dati_con_difetti_riusati_e_con_manifesto(ambiente):
    prima = e.dati_con_difetti()
    assert (prima / "difetti.csv").exists()
    istante = (prima / "metadati.json").stat().st_mtime_ns
    assert e.dati_con_difetti() == prima
    assert (prima / "metadati.json").stat().st_mtime_ns == istante
