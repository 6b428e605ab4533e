"""Test di ``course.indicatori.documenti``: la scheda da leggere e gli insiemi di indicatori in Excel/CSV."""

from __future__ import annotations

import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.indicatori import (
    ElencoIndicatori, Indicatore, catalogo, leggi_indicatori, leggi_target, mesi_con_ore_sufficienti, scheda, scrivi_indicatori,
)

from esempi_indicatori import indicatore_completo


def test_scheda_html_markdown_csv():
    i = indicatore_completo(nome="Quota <di> Patti sottoscritti", polarita=None)
    s = scheda(i)
    html = s._repr_html_()
    assert "&lt;di&gt;" in html and "Polarità" in html and "grave" in html
    assert "| Unità di misura | % |" in s.markdown()
    righe = pd.read_csv(__import__("io").StringIO(s.csv()), sep=";")
    assert righe.set_index("campo").loc["Scadenza del target", "valore"] == "31/12/2025"
    assert s.to_dict()["rilievi"] and s.to_dict()["nome"] == i.nome
    with pytest.raises(ErroreCorso):
        scheda({"nome": "x"})


@pytest.mark.parametrize("estensione", ["xlsx", "csv"])
def test_scrivi_e_rileggi(tmp_path, estensione):
    originali = [indicatore_completo(baseline=12.5), Indicatore("Numero di colloqui", tipo="output")]
    percorso = scrivi_indicatori(originali, tmp_path / f"set.{estensione}")
    letti = leggi_indicatori(percorso)
    assert isinstance(letti, ElencoIndicatori) and len(letti) == 2
    assert letti[0].baseline == 12.5 and letti[0].scadenza == pd.Timestamp("2025-12-31")
    assert letti[0].numeratore == "data_sottoscrizione.notna()" and letti[1].tipo == "output"
    assert letti.rapporto["esito"].tolist() == ["nessun target trovato"]  # solo il secondo non ha target


def test_leggi_excel_con_titolo_e_intestazioni_italiane(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Piano della performance 2025 – indicatori"])
    ws.append([])
    ws.append(["Descrizione", "Tipo", "Unità", "Polarità", "Valore previsto"])
    ws.append(["Patti sottoscritti nell'anno (almeno 20)", "OUTPUT", "numero", None, None])
    ws.append(["Quota di revisioni nei termini", "risultato", "%", "crescente", 80])
    ws.append(["Giorni medi di attesa non oltre 30 giorni", "processo", None, None, None])
    ws.append(["Totale", None, None, None, None])
    wb.save(tmp_path / "piano.xlsx")
    letti = leggi_indicatori(tmp_path / "piano.xlsx")
    assert [i.target for i in letti] == [20, 80, 30]
    assert [i.polarita for i in letti] == ["crescente", "crescente", "decrescente"]
    assert letti[2].unita == "giorni"
    rap = letti.rapporto
    assert rap["riga"].tolist() == [4, 6] and rap["testo_letto"].tolist() == ["almeno 20", "non oltre 30 giorni"]


def test_leggi_errori_con_riga(tmp_path):
    t = pd.DataFrame({"nome": ["Quota A di patti", "Quota B di patti", "Quota C di patti"],
                      "tipo": ["output", "risultati", "processo"], "target": ["10", "20", "trenta"]})
    with pytest.raises(ErroreCorso) as e:
        leggi_indicatori(t)
    assert "2 righe" in str(e.value) and "riga 3" in str(e.value) and "riga 4" in str(e.value)


def test_leggi_senza_colonna_nome_e_file_sbagliati(tmp_path):
    with pytest.raises(ErroreCorso, match="nome"):
        leggi_indicatori(pd.DataFrame({"tipo": ["output"]}))
    with pytest.raises(ErroreCorso, match="Non trovo"):
        leggi_indicatori(tmp_path / "manca.xlsx")
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(ErroreCorso, match="xlsx"):
        leggi_indicatori(tmp_path / "x.json")
    with pytest.raises(ErroreCorso, match="xlsx"):
        scrivi_indicatori([indicatore_completo()], tmp_path / "x.txt")
    with pytest.raises(ErroreCorso, match="posizione 1"):
        scrivi_indicatori([indicatore_completo(), "no"], tmp_path / "x.csv")


def test_leggi_csv_all_italiana(tmp_path):
    percorso = tmp_path / "ind.csv"
    percorso.write_bytes("Indicatore;Unità di misura;Valore atteso;Polarità\nQuota di Patti;%;12,5;crescente\n"
                         .encode("cp1252"))
    letti = leggi_indicatori(percorso)
    assert letti[0].target == 12.5 and letti[0].unita == "%"


def test_target_della_tabella_indicatori_generata(cartella_ambito):
    from course.dati import carica

    ind = carica("indicatori", cartella=cartella_ambito)
    senza = ind[ind["valore_previsto"].isna()]
    assert len(senza) > 0
    assert senza["descrizione"].map(leggi_target).notna().all()


def test_il_catalogo_si_scrive_e_si_rilegge_uguale(tmp_path):
    percorso = scrivi_indicatori(catalogo(), tmp_path / "catalogo.xlsx")
    letti = leggi_indicatori(percorso)
    assert [i.to_dict() for i in letti] == [i.to_dict() for i in catalogo()]
    assert letti[6].numeratore is mesi_con_ore_sufficienti
    t = pd.DataFrame({"nome": ["Quota di qualcosa"], "numeratore": ["funzione os.system"]})
    with pytest.raises(ErroreCorso, match="non è tra quelle del catalogo"):
        leggi_indicatori(t)
