"""leggi_tabella sulle abitudini italiane: spazi speciali, celle unite, CSV salvati come .xlsx, e tabelle
generate con hypothesis (separatori, virgola decimale, codifiche, forme di data, spazi non separabili,
righe di titolo e di totale) che si rileggono con gli stessi valori."""

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.dati.lettura import leggi_tabella, rapporto_lettura

NBSP, STRETTO = "\u00a0", "\u202f"


# --- i casi della issue 11 (prima restavano testo, o sbagliavano in silenzio) ---

@pytest.mark.parametrize("spazio", [NBSP, STRETTO, " "])
def test_numeri_e_percentuali_con_spazi_non_separabili(spazio):
    testo = f"Nome;Quota;Importo\nA;100{spazio}%;1{spazio}234,50{spazio}€\nB;95,5{spazio}%;99{spazio}€\n"
    df = leggi_tabella(io.StringIO(testo), rapporto=False)
    assert df["quota"].tolist() == pytest.approx([1.0, 0.955])
    assert df["importo"].tolist() == pytest.approx([1234.5, 99.0])
    if spazio != " ":
        assert "spazi speciali" in rapporto_lettura(df)["cosa"].tolist()


def test_celle_unite_in_verticale_riempite_e_segnalate(tmp_path):
    libro = openpyxl.Workbook()
    foglio = libro.active
    foglio.append(["Ambito", "Comune", "Patti"])
    for riga in (["ATS-LE-03", "Tricase", 10], [None, "Ugento", 5], [None, "Salve", 3], ["ATS-LE-01", "Lecce", 20]):
        foglio.append(riga)
    foglio.merge_cells("A2:A4")
    percorso = tmp_path / "unite.xlsx"
    libro.save(percorso)
    df = leggi_tabella(percorso, rapporto=False)
    # prima: Ugento e Salve restavano senza Ambito
    assert df["ambito"].tolist() == ["ATS-LE-03"] * 3 + ["ATS-LE-01"]
    assert any("A2:A4" in d for d in rapporto_lettura(df)["dettaglio"])


def test_csv_salvato_come_xlsx_si_legge_come_csv(tmp_path):
    percorso = tmp_path / "dati.xlsx"
    percorso.write_text("Comune;Patti\nTricase;10\nUgento;5\n", encoding="cp1252")
    df = leggi_tabella(percorso, rapporto=False)
    assert df["patti"].tolist() == [10, 5]
    assert any("CSV salvato come .xlsx" in d for d in rapporto_lettura(df)["dettaglio"])


# --- proprietà: una tabella scritta all'italiana si rilegge con gli stessi valori ---

COMUNI = ["Bari", "Lecce", "Tricase", "Gagliano del Capo", "Patù", "Sannicandro di Bari", "Martina Franca"]
FORME_DATA = {"gg/mm/aaaa": lambda d: d.strftime("%d/%m/%Y"), "aaaa-mm-gg": lambda d: d.isoformat(),
              "g/m/aa": lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}", "gg.mm.aaaa": lambda d: d.strftime("%d.%m.%Y")}


def _italiano(x: float, decimali: int, migliaia: str) -> str:
    intera, _, frazione = f"{abs(x):.{decimali}f}".partition(".")
    gruppi = []
    while len(intera) > 3:
        gruppi.insert(0, intera[-3:])
        intera = intera[:-3]
    gruppi.insert(0, intera)
    testo = migliaia.join(gruppi) + ("," + frazione if decimali else "")
    return ("-" if x < 0 else "") + testo


righe = st.lists(st.tuples(
    st.sampled_from(COMUNI),
    st.integers(0, 250_000),
    st.decimals(min_value=0, max_value=99_999, places=2, allow_nan=False).map(float),
    st.decimals(min_value=0, max_value=100, places=1, allow_nan=False).map(float),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
), min_size=2, max_size=12)


@settings(max_examples=20, deadline=None)
@given(righe, st.sampled_from([";", "\t", "|"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
       st.sampled_from(list(FORME_DATA)), st.sampled_from([".", NBSP, STRETTO]), st.sampled_from(["", " ", NBSP]),
       st.booleans(), st.booleans())
def test_tabella_italiana_si_rilegge_uguale(dati, sep, codifica, forma, migliaia, spazio_pct, titolo, totale):
    if codifica == "cp1252":   # cp1252 conosce lo spazio non separabile, non quello stretto
        migliaia, spazio_pct = (NBSP if v == STRETTO else v for v in (migliaia, spazio_pct))
    righe_testo = [sep.join(["Comune", "N° patti", "Importo €", "Quota %", "Data domanda"])]
    for comune, n, importo, quota, giorno in dati:
        righe_testo.append(sep.join([comune, _italiano(n, 0, migliaia), _italiano(importo, 2, migliaia),
                                     _italiano(quota, 1, "") + spazio_pct + "%", FORME_DATA[forma](giorno)]))
    if titolo:
        righe_testo = ["Ambito territoriale di Gagliano del Capo – estrazione di prova", ""] + righe_testo
    if totale:
        righe_testo.append(sep.join(["Totale", _italiano(sum(r[1] for r in dati), 0, migliaia), "", "", ""]))
    contenuto = ("\r\n".join(righe_testo) + "\r\n").encode(codifica)
    df = leggi_tabella(io.BytesIO(contenuto), rapporto=False)
    assert len(df) == len(dati)
    assert df["comune"].tolist() == [r[0] for r in dati]
    assert df["n_patti"].tolist() == [r[1] for r in dati]
    assert df["importo"].tolist() == pytest.approx([r[2] for r in dati])
    assert df["quota_pct"].tolist() == pytest.approx([r[3] / 100 for r in dati])
    assert df["data_domanda"].dt.date.tolist() == [r[4] for r in dati]
