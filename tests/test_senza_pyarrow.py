"""L'installazione del corsista non porta pyarrow (gruppo ``[parquet]``): il corso dà gli stessi risultati.

Un processo con pyarrow bloccato (come se non fosse installato) carica ogni tabella dei dati del
corso e calcola conformità, allerte, riepilogo e scadenze; qui, con pyarrow, si calcola lo stesso e
si confronta. Dove pyarrow serve davvero (un file Parquet) l'errore dice in italiano come installarlo.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from course.dati import carica
from course.dati.tabelle import TABELLE
from course.monitoraggio import allerte, conformita_mensile, riepilogo_conformita
from course.scadenze import prossime_scadenze, scadenzario

BLOCCA = textwrap.dedent('''
    import importlib.abc
    import sys

    class SenzaPyarrow(importlib.abc.MetaPathFinder):
        def find_spec(self, nome, *argomenti):
            if nome == "pyarrow" or nome.startswith("pyarrow."):
                raise ImportError("pyarrow non è installato")

    sys.meta_path.insert(0, SenzaPyarrow())
''')

CALCOLA = '''
import pickle
import course
from course.dati import carica
from course.dati.tabelle import TABELLE
from course.monitoraggio import allerte, conformita_mensile, riepilogo_conformita
from course.scadenze import prossime_scadenze, scadenzario

def calcola():
    tabelle = {t: carica(t) for t in TABELLE}
    conformita = conformita_mensile(tabelle["attivita_mensili"], tabelle["patti"])
    return {**{f"tabella {t}": df for t, df in tabelle.items()},
            "conformita": conformita,
            "allerte": allerte(conformita, patti=tabelle["patti"]),
            "riepilogo": riepilogo_conformita(conformita, tabelle["patti"]),
            "prossime_scadenze": prossime_scadenze(tabelle["patti"]),
            "scadenzario": scadenzario(tabelle["patti"], nuclei=tabelle["nuclei"])}
'''


def _esegui_senza_pyarrow(codice: str, tmp_path) -> subprocess.CompletedProcess:
    script = tmp_path / "senza_pyarrow.py"
    script.write_text(BLOCCA + textwrap.dedent(codice), encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=900, cwd=tmp_path)


def _norma(x) -> pd.DataFrame:
    """Senza pyarrow pandas tiene i testi in Python invece che in Arrow: stessi valori, altra memoria."""
    x = (x.to_frame() if isinstance(x, pd.Series) else x).copy()
    x.columns = pd.Index(list(x.columns), dtype=object)
    if isinstance(x.index.dtype, pd.StringDtype):
        x.index = x.index.astype(object)
    for c in x.columns:
        tipo = x[c].dtype
        if isinstance(tipo, pd.StringDtype):
            x[c] = x[c].astype(object)
        elif isinstance(tipo, pd.CategoricalDtype):
            x[c] = pd.Categorical(x[c].astype(object), categories=pd.Index(list(tipo.categories), dtype=object),
                                  ordered=tipo.ordered)
    return x


@pytest.fixture(scope="module")
def senza(tmp_path_factory) -> dict:
    cartella = tmp_path_factory.mktemp("senza-pyarrow")
    esito = _esegui_senza_pyarrow(CALCOLA + textwrap.dedent('''
        import sys
        risultati = calcola()
        assert "pyarrow" not in sys.modules, "pyarrow importato"
        pickle.dump(risultati, open("risultati.pkl", "wb"))
    '''), cartella)
    assert esito.returncode == 0, esito.stderr[-4000:]
    with open(cartella / "risultati.pkl", "rb") as f:
        return pickle.load(f)


@pytest.fixture(scope="module")
def con() -> dict:
    spazio = {}
    exec(CALCOLA, spazio)
    return spazio["calcola"]()


def test_il_blocco_toglie_davvero_pyarrow(tmp_path):
    esito = _esegui_senza_pyarrow("import pyarrow\n", tmp_path)
    assert esito.returncode != 0 and "pyarrow non è installato" in esito.stderr


def test_stessi_risultati_con_e_senza_pyarrow(con, senza):
    assert set(senza) == set(con) and len(con) == len(TABELLE) + 5
    for nome, atteso in con.items():
        pd.testing.assert_frame_equal(_norma(senza[nome]), _norma(atteso), obj=nome)
    # i testi costruiti senza Arrow ci sono davvero (motivi delle allerte, note delle scadenze)
    assert senza["allerte"]["motivo"].str.len().gt(0).any()
    assert senza["scadenzario"]["motivo"].str.len().gt(0).all()


def test_un_file_parquet_senza_pyarrow_lo_dice_in_italiano(tmp_path):
    dati = tmp_path / "dati"
    dati.mkdir()
    for tabella, righe in (("patti", 5), ("attivita_mensili", 20)):
        df = carica(tabella).head(righe)
        df.attrs = {}
        df.to_parquet(dati / f"{tabella}.parquet")
    for chiamata in (f"carica('patti', cartella={str(dati)!r})",
                     f"conformita_mensile({str(dati / 'attivita_mensili.parquet')!r})"):
        esito = _esegui_senza_pyarrow(f'''
            from course.dati import carica
            from course.errori import ErroreCorso
            from course.monitoraggio import conformita_mensile
            try:
                {chiamata}
            except ErroreCorso as errore:
                print(errore)
        ''', tmp_path)
        assert esito.returncode == 0, esito.stderr[-3000:]
        messaggio = esito.stdout
        assert "Per leggere il file Parquet" in messaggio and 'pip install "ambiti-lab[parquet]"' in messaggio, messaggio
        assert "Riavvia il kernel" in messaggio
