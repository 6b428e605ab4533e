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
        tipo = colonna.metadata["tipo"]
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
