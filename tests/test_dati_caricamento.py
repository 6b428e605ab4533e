import pandas as pd
import pytest

from course.dati import carica
from course.dati.schemi import colonne
from course.dati.tabelle import TABELLE
from course.errori import ErroreCorso


@pytest.mark.parametrize("tabella", TABELLE)
def test_tipi_dallo_schema(tabella, cartella_ambito):
    df = carica(tabella, cartella=cartella_ambito)
    assert list(df.columns) == list(colonne(tabella))
    for nome, colonna in colonne(tabella).items():
        tipo = colonna.tipo
        if tipo == "data":
            assert df[nome].dtype.kind == "M", nome
        elif tipo == "intero":
            assert str(df[nome].dtype) == "Int64", nome
        elif tipo == "categoria":
            assert isinstance(df[nome].dtype, pd.CategoricalDtype), nome
        elif tipo == "sì/no":
            assert str(df[nome].dtype) == "boolean", nome
    assert df.attrs["data_riferimento"] == pd.Timestamp("2025-12-31")


def test_variabile_ambiente(monkeypatch, cartella_ambito):
    monkeypatch.setenv("AMBITI_LAB_DATI", str(cartella_ambito))
    assert carica("nuclei")["codice_ambito"].eq("ATS-LE-03").all()
    monkeypatch.setenv("AMBITI_LAB_DATI", "/non/esiste")
    with pytest.raises(ErroreCorso, match="AMBITI_LAB_DATI"):
        carica("nuclei")


def test_errori_chiari(tmp_path):
    with pytest.raises(ErroreCorso, match="Forse intendevi: patti"):
        carica("pati")
    with pytest.raises(ErroreCorso, match="non trovo la tabella"):
        carica("patti", cartella=tmp_path)
    with pytest.raises(ErroreCorso, match="colonna della tabella nuclei"):
        carica("nuclei", colonne=["isse"])


def test_lettura_veloce_uguale_alla_lenta(cartella_ambito):
    """La lettura con pyarrow dà gli stessi valori e tipi della lettura con pandas."""
    from course.dati.caricamento import _file_tabella, _tipizza

    for tabella in ["patti", "attivita_mensili", "buone_pratiche", "operatori"]:
        veloce = carica(tabella, cartella=cartella_ambito)
        percorso = _file_tabella(cartella_ambito, tabella)
        lenta = _tipizza(pd.read_csv(percorso, dtype=str, keep_default_na=False, na_values=[""]), tabella, percorso)
        pd.testing.assert_frame_equal(veloce, lenta, check_categorical=True)


def test_file_modificato_a_mano_errore_in_italiano(cartella_ambito, tmp_path):
    import shutil

    shutil.copytree(cartella_ambito, tmp_path / "dati")
    file = tmp_path / "dati" / "patti.csv"
    righe = file.read_text(encoding="utf-8").splitlines()
    intestazione = righe[0].split(",")
    campi = righe[1].split(",")
    campi[intestazione.index("data_domanda")] = "31/02/2024"
    righe[1] = ",".join(campi)
    file.write_text("\n".join(righe) + "\n", encoding="utf-8")
    with pytest.raises(ErroreCorso, match="data_domanda"):
        carica("patti", cartella=tmp_path / "dati")
