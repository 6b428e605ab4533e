"""Test di course.dati.lettura: i file che i coordinatori hanno davvero."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest

from course.dati import leggi_tabella
from course.dati.lettura import rapporto_lettura
from course.dati.lettura_pulizia import nome_colonna
from course.errori import ErroreCorso
from file_reali import SPESE_RIGHE, scrivi_csv, scrivi_xlsx


def leggi_testo(testo: str, **opzioni) -> pd.DataFrame:
    return leggi_tabella(io.StringIO(testo), rapporto=False, **opzioni)


def dettagli(df: pd.DataFrame) -> str:
    return "\n".join(rapporto_lettura(df)["dettaglio"])


# --- il file tipico: tutto insieme -----------------------------------------------------------

@pytest.fixture
def spese(tmp_path):
    return scrivi_csv(tmp_path, "spese.csv", SPESE_RIGHE)


def test_file_tipico_valori_e_tipi(spese):
    df = leggi_tabella(spese, rapporto=False)
    assert df.columns.tolist() == ["codice_istat", "citta", "data_domanda", "importo", "ore_svolte", "avanzamento_pct"]
    assert df["codice_istat"].tolist() == ["072006", "075035", "110001"]
    assert df["citta"].tolist() == ["Bari", "Lecce", "Andria"]
    assert df["data_domanda"].tolist() == [pd.Timestamp(2024, 2, 3), pd.Timestamp(2024, 2, 1), pd.Timestamp(2024, 3, 5)]
    assert df["importo"].iloc[:2].tolist() == [1234.56, 99.5] and pd.isna(df["importo"].iloc[2])
    assert pd.isna(df["ore_svolte"].iloc[1]) and df["ore_svolte"].iloc[2] == 7.5
    assert df["avanzamento_pct"].iloc[:2].tolist() == [0.95, 0.4]
    assert pd.api.types.is_datetime64_any_dtype(df["data_domanda"])


def test_file_tipico_rapporto_dice_tutto(spese, capsys):
    df = leggi_tabella(spese)
    stampato = capsys.readouterr().out
    assert stampato.startswith("Ho letto 3 righe e 6 colonne da spese.csv (separatore ';', codifica cp1252")
    r = rapporto_lettura(df)
    assert r.columns.tolist() == ["cosa", "colonna", "dettaglio"]
    testo = dettagli(df)
    assert "«Totale» in fondo (riga 8)" in testo
    assert "una riga vuota (riga 6)" in testo
    assert "ho saltato 2 righe sopra l'intestazione" in testo
    assert "«Città» → citta" in testo
    assert "95% → 0,95" in testo
    assert "72006 → 072006" in testo
    assert set(r["colonna"]) >= {"data_domanda", "avanzamento_pct", "codice_istat"}
    for frase in ("Totale", "riga vuota", "072006", "0,95"):
        assert frase in stampato


def test_senza_rapporto_non_stampa_ma_annota(spese, capsys):
    df = leggi_tabella(spese, rapporto=False)
    assert capsys.readouterr().out == ""
    assert len(rapporto_lettura(df)) > 3


def test_unire_due_tabelle_lette_funziona(spese):
    """Il rapporto in ``attrs`` non deve rompere ``pd.concat`` (con un DataFrame dentro si rompeva)."""
    a = leggi_tabella(spese, rapporto=False)
    b = leggi_testo("Codice ISTAT;Città\n72006;Bari\n")
    assert len(pd.concat([a, a])) == 6
    assert len(pd.concat([a, b])) == 4


# --- formato: separatore, codifica, numeri ---------------------------------------------------

@pytest.mark.parametrize("sep, nome", [(";", "';'"), (",", "','"), ("\t", "tabulazione")])
def test_separatore_riconosciuto(sep, nome):
    righe = [sep.join(["Comune", "Residenti", "Note"]), sep.join(["Bari", "316000", "capoluogo"]),
             sep.join(["Trani", "55000", ""])]
    df = leggi_testo("\n".join(righe))
    assert df.shape == (2, 3)
    assert df["residenti"].tolist() == [316000, 55000]
    assert f"separatore {nome}" in dettagli(df)


def test_separatore_non_si_confonde_con_la_virgola_decimale():
    df = leggi_testo("a;b\n1,5;2,5\n3,5;4,5\n")
    assert df.columns.tolist() == ["a", "b"] and df["b"].tolist() == [2.5, 4.5]


@pytest.mark.parametrize("codifica, atteso", [("cp1252", "cp1252"), ("latin-1", "cp1252"), ("utf-8", "UTF-8"),
                                              ("utf-8-sig", "UTF-8 con BOM"), ("utf-16", "UTF-16")])
def test_codifica_riconosciuta(tmp_path, codifica, atteso):
    percorso = scrivi_csv(tmp_path, "a.csv", ["Città;Attività", "Canosa di Puglia;lavoro di comunità"],
                          codifica=codifica)
    df = leggi_tabella(percorso, rapporto=False)
    assert df.columns.tolist() == ["citta", "attivita"]
    assert df["attivita"].tolist() == ["lavoro di comunità"]
    assert f"codifica {atteso}" in dettagli(df)


def test_codifica_indicata_a_mano(tmp_path):
    percorso = scrivi_csv(tmp_path, "a.csv", ["Città", "Società"], codifica="latin-1")
    assert leggi_tabella(percorso, codifica="latin-1", rapporto=False)["citta"].tolist() == ["Società"]


def test_migliaia_e_virgola_decimale():
    df = leggi_testo("importo;persone\n1.234,56;1.200\n1.000.000,5;3\n12,0;n.d.\n")
    assert df["importo"].tolist() == [1234.56, 1000000.5, 12.0]
    assert df["persone"].iloc[:2].tolist() == [1200, 3]
    assert "virgola decimale" in dettagli(df)


def test_punto_decimale_in_file_italiano_non_diventa_migliaia():
    """«1.5» in un file con la virgola decimale non è 15: non deve moltiplicarsi per dieci."""
    df = leggi_testo("a;versione\n1,5;1.5\n2,5;2.25\n")
    assert df["versione"].tolist() != [15, 225]
    assert df["versione"].tolist() == [1.5, 2.25]


def test_file_inglese_con_punto_decimale():
    df = leggi_testo("a,b\n1.5,2\n3.25,4\n")
    assert df["a"].tolist() == [1.5, 3.25]


def test_euro_e_numeri_come_testo():
    df = leggi_testo("voce;spesa\naffitto;€ 1.200,00\nluce;85,40 €\n")
    assert df["spesa"].tolist() == [1200.0, 85.4]
    assert "togliendo il simbolo €" in dettagli(df)
    senza_euro = leggi_testo("voce;spesa\naffitto;1.200,00\nluce;n.d.\nTotale;x\n")
    assert senza_euro["spesa"].iloc[0] == 1200.0 and "€" not in dettagli(senza_euro)


def test_colonna_quasi_numerica_resta_testo_e_lo_dice():
    df = leggi_testo("nome;quanti\na;12,5\nb;circa 20\nc;3\n")
    assert df["quanti"].tolist() == ["12,5", "circa 20", "3"]
    assert "«circa 20» (riga 3)" in dettagli(df)


# --- date, percentuali, mancanti -----------------------------------------------------------

def test_date_nei_vari_formati():
    df = leggi_testo("a;b;c\n03/02/2024;1/2/24;2024-02-03\n31/12/2023;15/3/55;2023-12-31\n")
    assert df["a"].tolist() == [pd.Timestamp(2024, 2, 3), pd.Timestamp(2023, 12, 31)]
    assert df["b"].tolist() == [pd.Timestamp(2024, 2, 1), pd.Timestamp(1955, 3, 15)]
    assert df["c"].tolist() == [pd.Timestamp(2024, 2, 3), pd.Timestamp(2023, 12, 31)]
    assert "anni a due cifre" in dettagli(df)


def test_colonna_con_testo_tra_le_date_resta_testo():
    df = leggi_testo("fine\n03/02/2024\nin corso\n")
    assert df["fine"].tolist() == ["03/02/2024", "in corso"]
    assert "colonne_data" in dettagli(df)


def test_colonne_data_forza_e_segnala_il_testo():
    with pytest.raises(ErroreCorso, match=r"riga 3, colonna «fine»: «in corso» non è una data"):
        leggi_testo("fine\n03/02/2024\nin corso\n", colonne_data=["fine"])


@pytest.mark.parametrize("scritto, atteso", [("95%", 0.95), ("95,0 %", 0.95), ("12,5%", 0.125), ("100 %", 1.0)])
def test_percentuali(scritto, atteso):
    df = leggi_testo(f"nome;perc\na;{scritto}\nb;50%\n")
    assert df["perc"].iloc[0] == pytest.approx(atteso)
    assert "percentuali" in rapporto_lettura(df)["cosa"].tolist()


@pytest.mark.parametrize("mancante", ["n.d.", "N.D.", "nd", "-", "", "#N/D", " n.d. "])
def test_valori_mancanti(mancante):
    df = leggi_testo(f"nome;valore\na;1,5\nb;{mancante}\n")
    assert df["valore"].iloc[0] == 1.5 and pd.isna(df["valore"].iloc[1])


def test_na_e_napoli_non_un_mancante():
    df = leggi_testo("provincia;n\nNA;1\nBA;2\n")
    assert df["provincia"].tolist() == ["NA", "BA"]


def test_colonna_tutta_mancante():
    df = leggi_testo("a;b\n1;n.d.\n2;-\n")
    assert df["b"].isna().all() and df["a"].tolist() == [1, 2]
    assert "b 2" in dettagli(df)


# --- nomi delle colonne, righe vuote, totali ---------------------------------------------------

@pytest.mark.parametrize("originale, atteso", [
    ("Città", "citta"), ("Valore previsto", "valore_previsto"), ("% avanzamento", "avanzamento_pct"),
    ("Avanzamento %", "avanzamento_pct"), ("  Data inizio (prevista) ", "data_inizio_prevista"),
    ("N° beneficiari", "n_beneficiari"), ("Perché?", "perche"), ("Qualità/Costo", "qualita_costo"),
])
def test_nome_colonna(originale, atteso):
    assert nome_colonna(originale) == atteso


def test_nomi_doppi_e_vuoti():
    df = leggi_testo("Nome;nome;;Valore\na;b;x;1\n")
    assert df.columns.tolist() == ["nome", "nome_2", "colonna_3", "valore"]


def test_colonna_finale_vuota_senza_nome_tolta():
    df = leggi_testo("a;b;\n1;2;\n3;4;\n")
    assert df.columns.tolist() == ["a", "b"]
    assert "colonna_3" in dettagli(df)


@pytest.mark.parametrize("totale", ["Totale", "TOTALE", "Totale generale", "totali"])
def test_riga_totale_in_fondo_tolta(totale):
    df = leggi_testo(f"comune;spesa\nBari;10\nLecce;20\n{totale};30\n\n")
    assert df["comune"].tolist() == ["Bari", "Lecce"]
    assert df["spesa"].tolist() == [10, 20]
    assert f"«{totale}» in fondo (riga 4)" in dettagli(df)


def test_totale_non_in_fondo_resta_ma_e_segnalato():
    df = leggi_testo("voce;spesa\nTotale FG;10\nBari;20\nTotalizzatore;5\nSubtotale BA;7\nLecce;1\n")
    assert df["voce"].tolist() == ["Totale FG", "Bari", "Totalizzatore", "Subtotale BA", "Lecce"]
    assert "2 righe in mezzo alla tabella sembrano subtotali (es. «Totale FG», righe 2, 5)" in dettagli(df)
    assert "subtotali" not in dettagli(leggi_testo("voce;spesa\nBari;20\nTotale;20\n"))


def test_righe_vuote_tolte_con_numeri_di_riga():
    df = leggi_testo("a;b\n1;2\n\n;\n3;4\n", riga_file=True)
    assert df["a"].tolist() == [1, 3]
    assert df["riga_file"].tolist() == [2, 5]
    assert "2 righe vuote (righe 3, 4)" in dettagli(df)


def test_righe_di_titolo_nel_csv_e_intestazione_a_mano():
    testo = "Monitoraggio;;\nAmbito di Lecce;;\nComune;Nuclei;Ore\nLecce;3;10\n"
    df = leggi_testo(testo, riga_file=True)
    assert df.columns.tolist() == ["riga_file", "comune", "nuclei", "ore"] and df["riga_file"].tolist() == [4]
    forzato = leggi_testo(testo, riga_intestazione=2)
    assert forzato.columns.tolist()[0] == "ambito_di_lecce"


# --- codici ISTAT ----------------------------------------------------------------------------

@pytest.mark.parametrize("colonna", ["Codice ISTAT", "codice comune", "ISTAT", "Cod_Comune", "istat_comune"])
def test_codici_istat_con_zero_ripristinato(colonna):
    df = leggi_testo(f"{colonna};comune\n71001;Accadia\n110001;Andria\n")
    nome = df.columns[0]
    assert df[nome].tolist() == ["071001", "110001"]


def test_codici_non_istat_non_toccati():
    df = leggi_testo("codice;anno\n71001;2024\n")
    assert df["codice"].tolist() == [71001]


def test_colonne_testo_lascia_stare():
    df = leggi_testo("cap;importo\n70100;1.234,5\n", colonne_testo=["CAP"])
    assert df["cap"].tolist() == ["70100"] and df["importo"].tolist() == [1234.5]


def test_zeri_iniziali_non_persi():
    df = leggi_testo("cod;n\n00123;1\n04567;2\n")
    assert df["cod"].tolist() == ["00123", "04567"]


def test_mappatura_utente_csv_italiano(tmp_path):
    """course.territorio legge la mappatura dell'utente con leggi_tabella: ';', cp1252, zeri persi."""
    from course.territorio import mappatura

    m = mappatura()
    righe = ["Codice ISTAT;Comune;Codice ambito"] + [
        f"{int(c)};{n};{a}" for c, n, a in zip(m["codice_istat"], m["comune"], m["codice_ambito"])]
    percorso = scrivi_csv(tmp_path, "mia_mappatura.csv", righe)
    letta = mappatura(percorso)
    assert len(letta) == 257
    assert set(letta["codice_istat"]) == set(m["codice_istat"])


# --- valori impossibili ----------------------------------------------------------------------

def test_data_impossibile_dice_file_riga_colonna(tmp_path):
    percorso = scrivi_csv(tmp_path, "patti.csv", ["Titolo;", "Nucleo;Data patto", "N1;01/02/2024", "", "N2;31/02/2024"])
    with pytest.raises(ErroreCorso) as errore:
        leggi_tabella(percorso, rapporto=False)
    messaggio = str(errore.value)
    assert "patti.csv" in messaggio
    assert "riga 5, colonna «Data patto»: «31/02/2024» non è una data esistente" in messaggio


def test_ore_negative_e_tutti_i_problemi_insieme():
    testo = "Ore svolte;Data;saldo\n-3;31/02/2024;-5\n5;12/12/2024;1\n-1,5;30/02/2023;2\n"
    with pytest.raises(ErroreCorso) as errore:
        leggi_testo(testo)
    messaggio = str(errore.value)
    assert "4 valori impossibili" in messaggio
    assert "riga 2, colonna «Ore svolte»: «-3» ore negative" in messaggio
    assert "riga 4, colonna «Ore svolte»: «-1,5»" in messaggio
    assert "riga 4, colonna «Data»: «30/02/2023»" in messaggio
    assert "saldo" not in messaggio


def test_troppi_problemi_elenco_tagliato():
    righe = ["ore"] + [f"-{i}" for i in range(1, 31)]
    with pytest.raises(ErroreCorso) as errore:
        leggi_testo("\n".join(righe))
    messaggio = str(errore.value)
    assert "30 valori impossibili" in messaggio and "e altri 10" in messaggio
    assert messaggio.count("ore negative") == 20


def test_ore_zero_e_positive_vanno_bene():
    assert leggi_testo("ore;orientamento\n0;-1\n3,5;2\n")["ore"].tolist() == [0, 3.5]


# --- Excel -----------------------------------------------------------------------------------

@pytest.fixture
def libro(tmp_path):
    spese = [
        ["Regione Puglia - Ambito territoriale di Bari"], [], ["Monitoraggio spese 2024"],
        ["Codice comune", "Comune", "Data", "Importo", "Ore", "Avanzamento"],
        [72006, "Bari", dt.datetime(2024, 1, 3), 1234.5, 10, 0.95],
        [75035, "Lecce", "n.d.", "1.234,5", 2, "95%"],
        [None] * 6,
        ["Totale", None, None, 2469, 12, None],
    ]
    return scrivi_xlsx(tmp_path, "monitoraggio.xlsx", {"Spese": spese, "Patti": [["Nucleo", "Ore"], ["N1", 62]],
                                                       "Note": [["appunti"]]})


def test_excel_titoli_totale_e_tipi(libro, capsys):
    df = leggi_tabella(libro, riga_file=True)
    stampato = capsys.readouterr().out
    assert df["riga_file"].tolist() == [5, 6]
    assert df["codice_comune"].tolist() == ["072006", "075035"]
    assert df["data"].iloc[0] == pd.Timestamp(2024, 1, 3) and pd.isna(df["data"].iloc[1])
    assert df["importo"].tolist() == [1234.5, 1234.5]
    assert df["ore"].tolist() == [10, 2]
    assert "foglio «Spese»" in stampato and "«Patti», «Note»" in stampato
    assert "ho saltato 3 righe sopra l'intestazione" in dettagli(df)
    assert "«Totale» in fondo (riga 8)" in dettagli(df)
    assert "mescola" in dettagli(df)


@pytest.mark.parametrize("foglio", ["Patti", "patti", 1])
def test_excel_foglio_scelto(libro, foglio):
    df = leggi_tabella(libro, foglio=foglio, rapporto=False)
    assert df.to_dict("list") == {"nucleo": ["N1"], "ore": [62]}
    assert "fogli" not in rapporto_lettura(df)["cosa"].tolist()


def test_excel_foglio_sbagliato(libro):
    with pytest.raises(ErroreCorso, match=r"non c'è il foglio 'Pati'\. Forse intendevi: Patti\. Fogli presenti: «Spese»"):
        leggi_tabella(libro, foglio="Pati")
    with pytest.raises(ErroreCorso, match=r"foglio numero 5.*si contano da 0"):
        leggi_tabella(libro, foglio=5)
    with pytest.raises(ErroreCorso, match=r"foglio deve essere un nome"):
        leggi_tabella(libro, foglio=1.5)


def test_excel_ore_negative_riga_di_excel(tmp_path):
    percorso = scrivi_xlsx(tmp_path, "ore.xlsx", {"A": [["Titolo"], ["Nucleo", "Ore svolte"], ["N1", 4], ["N2", -6]]})
    with pytest.raises(ErroreCorso, match=r"ore\.xlsx.*\n  - riga 4, colonna «Ore svolte»: «-6» ore negative"):
        leggi_tabella(percorso)


def test_excel_da_buffer(libro):
    df = leggi_tabella(io.BytesIO(libro.read_bytes()), foglio="Patti", rapporto=False)
    assert df["ore"].tolist() == [62]


# --- input sbagliati -------------------------------------------------------------------------

def test_file_mancante(tmp_path):
    scrivi_csv(tmp_path, "spese_2024.csv", ["a", "1"])
    with pytest.raises(ErroreCorso) as errore:
        leggi_tabella(tmp_path / "spese_2042.csv")
    messaggio = str(errore.value)
    assert "spese_2042.csv" in messaggio and "non esiste" in messaggio
    assert "spese_2024.csv" in messaggio and "cartella di lavoro" in messaggio


def test_cartella_mancante_e_cartella_al_posto_del_file(tmp_path):
    with pytest.raises(ErroreCorso, match="Anche la cartella"):
        leggi_tabella(tmp_path / "manca" / "a.csv")
    with pytest.raises(ErroreCorso, match="è una cartella"):
        leggi_tabella(tmp_path)


@pytest.mark.parametrize("estensione, indizio", [(".xls", "salvalo come .xlsx"), (".ods", "LibreOffice"), (".pdf", "")])
def test_estensione_non_supportata(tmp_path, estensione, indizio):
    percorso = tmp_path / f"dati{estensione}"
    percorso.write_bytes(b"x")
    with pytest.raises(ErroreCorso, match=r"Formati che leggo: \.csv, \.txt, \.tsv, \.xlsx, \.xlsm") as errore:
        leggi_tabella(percorso)
    assert indizio in str(errore.value)


def test_contenuto_al_posto_del_percorso():
    with pytest.raises(ErroreCorso, match=r"io\.StringIO"):
        leggi_tabella("Comune;Ore\nBari;3\n")


@pytest.mark.parametrize("sbagliato", [42, None, ["a.csv"], pd.DataFrame()])
def test_tipo_sbagliato(sbagliato):
    with pytest.raises(ErroreCorso, match="percorso di un file"):
        leggi_tabella(sbagliato)


def test_opzioni_sbagliate(spese, libro):
    with pytest.raises(ErroreCorso, match="Forse intendevi"):
        leggi_tabella(spese, colonne_data=["data_domandaa"])
    with pytest.raises(ErroreCorso, match="separatore sconosciuto"):
        leggi_tabella(spese, separatore=":")
    with pytest.raises(ErroreCorso, match="Codifica sconosciuta"):
        leggi_tabella(spese, codifica="utf-9")
    with pytest.raises(ErroreCorso, match="vale solo per i file Excel"):
        leggi_tabella(spese, foglio="Spese")
    with pytest.raises(ErroreCorso, match="valgono solo per i file di testo"):
        leggi_tabella(libro, separatore=";")
    with pytest.raises(ErroreCorso, match="riga_intestazione"):
        leggi_tabella(spese, riga_intestazione=0)


def test_excel_finto(tmp_path):
    percorso = tmp_path / "finto.xlsx"
    percorso.write_text("non sono un Excel")
    with pytest.raises(ErroreCorso, match="non è un foglio Excel .xlsx leggibile"):
        leggi_tabella(percorso)


def test_riga_con_campi_in_piu():
    with pytest.raises(ErroreCorso, match=r"Alla riga 4 ci sono 3 campi invece di 2"):
        leggi_testo("Titolo\na;b\n1;2\n3;4;5\n")


def test_file_vuoto_e_solo_intestazione(tmp_path):
    vuoto = tmp_path / "vuoto.csv"
    vuoto.write_bytes(b"")
    with pytest.raises(ErroreCorso, match="è vuoto"):
        leggi_tabella(vuoto)
    df = leggi_testo("Comune;Ore\n")
    assert df.empty and df.columns.tolist() == ["comune", "ore"]


def test_una_sola_colonna_e_una_riga():
    df = leggi_testo("Comune\nBari\n")
    assert df["comune"].tolist() == ["Bari"]
    assert "una riga e una colonna" in dettagli(df) and "una sola colonna" in dettagli(df)


def test_rapporto_lettura_senza_rapporto():
    with pytest.raises(ErroreCorso, match="non ha un rapporto di lettura"):
        rapporto_lettura(pd.DataFrame({"a": [1]}))
    with pytest.raises(ErroreCorso, match="DataFrame"):
        rapporto_lettura([1, 2])


def test_file_grande_vettoriale(tmp_path):
    """Qualche migliaio di righe: numeri di riga corretti anche lontano dal campione iniziale."""
    n = 5000
    date = pd.Series(pd.date_range("2020-01-01", periods=n, freq="D").strftime("%d/%m/%Y"))
    date.iloc[4321] = "31/04/2024"
    righe = ["Nucleo;Data;Importo"] + [f"N{i};{d};{i},50" for i, d in enumerate(date)]
    percorso = scrivi_csv(tmp_path, "grande.csv", righe)
    with pytest.raises(ErroreCorso, match=r"riga 4\.323, colonna «Data»: «31/04/2024»"):
        leggi_tabella(percorso)
    date.iloc[4321] = "30/04/2024"
    righe = ["Nucleo;Data;Importo"] + [f"N{i};{d};{i},50" for i, d in enumerate(date)]
    df = leggi_tabella(scrivi_csv(tmp_path, "grande.csv", righe), rapporto=False)
    assert len(df) == n and np.isclose(df["importo"].sum(), sum(range(n)) + 0.5 * n)


def test_nota_a_pie_di_tabella_tolta_ma_non_una_riga_vera():
    df = leggi_testo("comune;spesa\nBari;10\nTotale;10\nFonte: elaborazione Ufficio di Piano;\n")
    assert df["comune"].tolist() == ["Bari"] and df["spesa"].tolist() == [10]
    assert "nota a piè di tabella" in dettagli(df)
    vera = leggi_testo("comune;note\nBari;ok\nNoci;nota del 2024\n")
    assert vera["comune"].tolist() == ["Bari", "Noci"]


def test_excel_tabella_spostata_a_destra(tmp_path):
    percorso = scrivi_xlsx(tmp_path, "spostata.xlsx", {"A": [[], [], [None, None, "Comune", "Ore"],
                                                             [None, None, "Bari", 3]]})
    df = leggi_tabella(percorso, rapporto=False, riga_file=True)
    assert df.to_dict("list") == {"riga_file": [4], "comune": ["Bari"], "ore": [3]}
    assert "colonna_1" not in dettagli(df)


def test_colonna_senza_nome_con_dati_annotata():
    df = leggi_testo("a;;c\n1;x;3\n")
    assert df.columns.tolist() == ["a", "colonna_2", "c"]
    assert "colonne senza nome" in dettagli(df)


# --- integrazione: i dati sintetici del corso scritti «all'italiana» e riletti ----------------

@pytest.fixture(scope="module")
def dati_sintetici(tmp_path_factory):
    from course.dati import genera

    return genera(scala="ambito", seme=3, cartella=tmp_path_factory.mktemp("sintetici"), progresso=False)


def _uguali(originale: pd.Series, letta: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(originale):
        return pd.api.types.is_datetime64_any_dtype(letta) and originale.astype("datetime64[s]").equals(
            letta.astype("datetime64[s]"))
    if pd.api.types.is_numeric_dtype(originale) and not pd.api.types.is_bool_dtype(originale):
        return pd.api.types.is_numeric_dtype(letta) and np.allclose(
            originale.astype(float), letta.astype(float), equal_nan=True)
    return originale.astype(str).where(originale.notna(), "NA").tolist() == letta.astype(str).where(
        letta.notna(), "NA").tolist()


@pytest.mark.parametrize("tabella", ["patti", "attivita_mensili", "cronoprogramma", "indicatori", "azioni_ets"])
def test_dati_del_corso_in_csv_italiano_si_rileggono_uguali(dati_sintetici, tabella):
    from course.dati import carica

    originale = carica(tabella, cartella=dati_sintetici)
    scritta = originale.copy()
    for c in scritta.columns:
        if pd.api.types.is_datetime64_any_dtype(scritta[c]):
            scritta[c] = scritta[c].dt.strftime("%d/%m/%Y")
    testo = scritta.to_csv(sep=";", decimal=",", index=False, na_rep="n.d.")
    letta = leggi_tabella(io.BytesIO(testo.encode("cp1252", errors="replace")), rapporto=False)
    assert letta.columns.tolist() == originale.columns.tolist()
    assert [c for c in originale.columns if not _uguali(originale[c], letta[c])] == []


def test_date_con_ora():
    df = leggi_testo("quando\n03/02/2024 10:30\n04/02/2024 09:05:10\n")
    assert df["quando"].tolist() == [pd.Timestamp(2024, 2, 3, 10, 30), pd.Timestamp(2024, 2, 4, 9, 5, 10)]


def test_colonne_data_di_tipo_sbagliato():
    with pytest.raises(ErroreCorso, match=r"colonne_data deve essere un elenco"):
        leggi_testo("a\n1\n", colonne_data=3)
    df = leggi_testo("Fine prevista\n01/02/2024\n", colonne_data="Fine prevista")
    assert pd.api.types.is_datetime64_any_dtype(df["fine_prevista"])


def test_impossibili_vuoti_legge_comunque_e_annota():
    testo = "Ore svolte;Data\n-3;31/02/2024\n5;12/12/2024\n"
    df = leggi_testo(testo, impossibili="vuoti")
    assert pd.isna(df["ore_svolte"].iloc[0]) and df["ore_svolte"].iloc[1] == 5
    assert pd.isna(df["data"].iloc[0]) and df["data"].iloc[1] == pd.Timestamp(2024, 12, 12)
    testo_rapporto = dettagli(df)
    assert "«31/02/2024» (riga 2)" in testo_rapporto and "«-3» (riga 2)" in testo_rapporto
    with pytest.raises(ErroreCorso, match="impossibili=\"vuoti\""):
        leggi_testo(testo)
    with pytest.raises(ErroreCorso, match="Forse intendevi: vuoti"):
        leggi_testo(testo, impossibili="vuot")


def test_excel_rinominato_csv(libro, tmp_path):
    rinominato = tmp_path / "in_realta_excel.csv"
    rinominato.write_bytes(libro.read_bytes())
    df = leggi_tabella(rinominato, foglio="Patti", rapporto=False)
    assert df["ore"].tolist() == [62] and "foglio «Patti»" in dettagli(df)


@pytest.mark.parametrize("sopra, attesa", [
    (["Periodo:;gennaio-giugno 2024;;"], 2), (["REGIONE PUGLIA;;;", "Ambito di Lecce;;;", ";;;"], 4), ([], 1)])
def test_intestazione_sotto_righe_di_titolo(sopra, attesa):
    df = leggi_testo("\n".join(sopra + ["Comune;Nuclei;Ore;Note", "Lecce;3;10;", "Surbo;2;8;ok"]), riga_file=True)
    assert df.columns.tolist() == ["riga_file", "comune", "nuclei", "ore", "note"]
    assert df["riga_file"].tolist() == [attesa + 1, attesa + 2]


def test_codifica_sbagliata_indicata_a_mano(tmp_path):
    percorso = scrivi_csv(tmp_path, "a.csv", ["Città", "Società"], codifica="cp1252")
    with pytest.raises(ErroreCorso, match="non è scritto nella codifica 'utf-8'"):
        leggi_tabella(percorso, codifica="utf-8")


def test_campione_tagliato_non_inganna_sul_decimale(tmp_path):
    """Il campione iniziale (256 KB) finisce a metà riga: un «1.234,56» tagliato non deve sembrare «1.2»."""
    from course.dati.lettura_formato import _BYTE_CAMPIONE

    riga = "attività di comunità " + "x" * 150 + ";1.234,56"
    byte_riga = len((riga + "\r\n").encode("cp1252"))
    intestazione = "nome;importo\r\n".encode("cp1252")
    fino_al_taglio = _BYTE_CAMPIONE - len(intestazione) - (len(riga) - len("1.234,56") + 3)
    n = fino_al_taglio // byte_riga
    # Allunga la prima riga perché il taglio cada subito dopo «1.2» nella riga n+1.
    righe = ["nome;importo", riga.replace("x", "x" * (fino_al_taglio - n * byte_riga + 1), 1)] + [riga] * (n + 50)
    percorso = scrivi_csv(tmp_path, "lungo.csv", righe)
    assert percorso.read_bytes()[:_BYTE_CAMPIONE].endswith(b";1.2")
    df = leggi_tabella(percorso, rapporto=False)
    assert (df["importo"] == 1234.56).all() and len(df) == n + 51


def test_date_col_punto_in_file_italiano_non_diventano_numeri():
    """Con il punto delle migliaia, «01.02.2024» non deve diventare il numero 1022024."""
    df = leggi_testo("data;importo;orario\n01.02.2024;1,5;12.30\n03.04.2023;2,5;9.15\n")
    assert df["data"].tolist() == [pd.Timestamp(2024, 2, 1), pd.Timestamp(2023, 4, 3)]
    df = leggi_testo("data;importo\n01.02.2024;1,5\n03.04.2023;1.002,5\n")
    assert df["data"].tolist() == [pd.Timestamp(2024, 2, 1), pd.Timestamp(2023, 4, 3)]
    assert df["importo"].tolist() == [1.5, 1002.5]


def test_nd_non_rende_testo_una_colonna_di_numeri():
    """«n.d.» contiene dei punti ma è un mancante: la colonna va letta dal lettore in C come numeri."""
    from course.dati.lettura_formato import riconosci_formato

    formato, _ = riconosci_formato(b"ore;importo\n12,5;n.d.\nn.d.;1.234,5\n")
    assert formato.colonne_testo == set() and formato.decimale == ","
    df = leggi_testo("ore;importo\n12,5;n.d.\nn.d.;1.234,5\n")
    assert "scritti come testo" not in dettagli(df)
