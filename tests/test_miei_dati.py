"""«I miei dati»: export di gestionali inventati, di forme diverse, portati nelle tabelle del corso.

Quattro export sintetici (nessun dato vero: i codici fiscali hanno il comune «Z999», che non esiste):
un CSV con «;» e date gg/mm/aaaa, un Excel con intestazioni da gestionale e date ISO, un CSV con «,»
delle ore mensili con il mese scritto «03/2025», e un file a cui mancano colonne (rifiutato con
l'elenco di ciò che manca). Ogni risultato si confronta con il calcolo del corso sulla stessa tabella
scritta a mano con i nomi del corso: l'importazione non deve cambiare nessun numero.
"""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pandas as pd
import pytest

from course import miei_dati
from course.cli import main
from course.monitoraggio.conformita import conformita_mensile
from course.scadenze import scadenzario

ALLA_DATA = "01/12/2025"
RADICE = Path(__file__).resolve().parents[1]
CF = re.compile(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]")


def _cf(i: int) -> str:
    lettere = "ABCDEFGHIL"
    return f"{lettere[i % 10]}{lettere[(i // 10) % 10]}XYZW{60 + i % 30:02d}A01Z999Q"


@pytest.fixture(autouse=True)
def senza_rete(monkeypatch):
    """Nessun passaggio deve usare la rete: ogni connessione fa fallire il test."""
    def vietata(*args, **kwargs):
        raise AssertionError("l'importazione ha provato a collegarsi alla rete")
    monkeypatch.setattr(socket.socket, "connect", vietata)
    monkeypatch.setattr(socket, "create_connection", vietata)


def _patti_del_corso(n: int = 12) -> pd.DataFrame:
    """Una tabella patti con i nomi del corso: il riferimento con cui confrontare le importazioni."""
    giorni = pd.to_datetime("2025-03-03") + pd.to_timedelta([11 * i for i in range(n)], unit="D")
    return pd.DataFrame({
        "id_patto": [f"2025/{i:03d}" for i in range(n)],
        "id_nucleo": [_cf(i) for i in range(n)],
        "codice_ambito": ["ATS-BA-01"] * n,
        "misura": ["ReD" if i % 3 else "ADI" for i in range(n)],
        "id_operatore": [f"Assistente {i % 3}" for i in range(n)],
        "data_domanda": giorni,
        "data_assegnazione": giorni + pd.Timedelta(days=5),
        "data_primo_colloquio": [d + pd.Timedelta(days=20) if i % 4 else pd.NaT for i, d in enumerate(giorni)],
        "data_analisi_preliminare": [d + pd.Timedelta(days=40) if i % 4 and i % 5 else pd.NaT
                                     for i, d in enumerate(giorni)],
        "quadro_analisi_necessario": [i % 2 == 0 for i in range(n)],
        "data_quadro_analisi": [pd.NaT] * n,
        "data_sottoscrizione": [d + pd.Timedelta(days=70) if i % 3 == 1 else pd.NaT for i, d in enumerate(giorni)],
        "data_ultima_revisione": [pd.NaT] * n,
        "data_chiusura": [pd.NaT] * n,
    })


def _gg_mm_aaaa(serie):
    return [d.strftime("%d/%m/%Y") if pd.notna(d) else "" for d in serie]


def _export_csv_punto_e_virgola(rif: pd.DataFrame, percorso):
    """Forma 1: CSV «;», intestazioni italiane per esteso, date gg/mm/aaaa, sì/no, colonne in più."""
    pd.DataFrame({
        "Note": ["da richiamare"] * len(rif),
        "N. pratica": rif["id_patto"],
        "Codice fiscale richiedente": rif["id_nucleo"],
        "Cognome": ["Esempio"] * len(rif),
        "Telefono": ["000 0000000"] * len(rif),
        "Ambito": ["Bari"] * len(rif),
        "Misura": rif["misura"].str.upper(),
        "Case manager": rif["id_operatore"],
        "Data presentazione": _gg_mm_aaaa(rif["data_domanda"]),
        "Data assegnazione CM": _gg_mm_aaaa(rif["data_assegnazione"]),
        "Primo colloquio": _gg_mm_aaaa(rif["data_primo_colloquio"]),
        "Analisi preliminare": _gg_mm_aaaa(rif["data_analisi_preliminare"]),
        "Quadro necessario": ["sì" if v else "no" for v in rif["quadro_analisi_necessario"]],
        "Data quadro": _gg_mm_aaaa(rif["data_quadro_analisi"]),
        "Data firma Patto": _gg_mm_aaaa(rif["data_sottoscrizione"]),
        "Ultima revisione": _gg_mm_aaaa(rif["data_ultima_revisione"]),
        "Data chiusura": _gg_mm_aaaa(rif["data_chiusura"]),
    }).to_csv(percorso, sep=";", index=False, encoding="utf-8")
    return percorso


def _export_excel_gestionale(rif: pd.DataFrame, percorso):
    """Forma 2: Excel, intestazioni in maiuscolo da gestionale, date ISO, misura in minuscolo, niente Ambito."""
    pd.DataFrame({
        "ID_PRATICA": rif["id_patto"],
        "CF": rif["id_nucleo"],
        "TIPO_MISURA": rif["misura"].str.lower(),
        "OPERATORE": rif["id_operatore"],
        "DT_DOMANDA": rif["data_domanda"].dt.strftime("%Y-%m-%d"),
        "DT_ASSEGNAZIONE": rif["data_assegnazione"].dt.strftime("%Y-%m-%d"),
        "DT_PRIMO_COLLOQUIO": rif["data_primo_colloquio"].dt.strftime("%Y-%m-%d"),
        "DT_ANALISI_PRELIMINARE": rif["data_analisi_preliminare"].dt.strftime("%Y-%m-%d"),
        "BISOGNI_COMPLESSI": ["SI" if v else "NO" for v in rif["quadro_analisi_necessario"]],
        "DATA_QUADRO": rif["data_quadro_analisi"].dt.strftime("%Y-%m-%d"),
        "DATA_FIRMA": rif["data_sottoscrizione"].dt.strftime("%Y-%m-%d"),
        "DT_ULTIMA_REVISIONE": rif["data_ultima_revisione"].dt.strftime("%Y-%m-%d"),
        "DT_CHIUSURA": rif["data_chiusura"].dt.strftime("%Y-%m-%d"),
        "ISEE_DICHIARATO": [9000 + i for i in range(len(rif))],
    }).to_excel(percorso, index=False)
    return percorso


def _attivita_del_corso(rif: pd.DataFrame) -> pd.DataFrame:
    righe = []
    for i, patto in enumerate(rif["id_patto"]):
        for mese in ("2025-09-01", "2025-10-01"):
            righe.append({"id_patto": patto, "mese": pd.Timestamp(mese),
                          "tipo_attivita": ("tirocinio", "sussidiarietà", "formazione")[i % 3],
                          "ore_previste": 62 + i % 2 * 10, "ore_svolte": min(40 + 3 * i, 62 - i % 4 - i % 5),
                          "assenze_giustificate": i % 4, "assenze_ingiustificate": i % 5})
    return pd.DataFrame(righe)


def _export_ore_virgola(att: pd.DataFrame, percorso):
    """Forma 3: CSV «,», il mese come 09/2025, attività senza accento e in maiuscolo, colonna in più."""
    pd.DataFrame({
        "Pratica": att["id_patto"],
        "Mese di riferimento": att["mese"].dt.strftime("%m/%Y"),
        "Tipologia attività": att["tipo_attivita"].str.upper().str.replace("À", "A"),
        "Ore programmate": att["ore_previste"],
        "Ore effettuate": att["ore_svolte"],
        "Ore assenza giustificata": att["assenze_giustificate"],
        "Ore assenza ingiustificata": att["assenze_ingiustificate"],
        "Sede": ["Via Esempio 1"] * len(att),
    }).to_csv(percorso, sep=",", index=False, encoding="utf-8")
    return percorso


def _senza_ordine(df: pd.DataFrame, chiave) -> pd.DataFrame:
    return df.sort_values(chiave).reset_index(drop=True)


def _controlla_niente_di_personale(cartella):
    for file in (cartella / miei_dati.CARTELLA).iterdir():
        if file.name == ".chiave-pseudonimi":
            continue
        testo = file.read_text(encoding="utf-8")
        assert not CF.search(testo), f"{file.name} contiene un codice fiscale"
        assert "Esempio" not in testo and "Assistente" not in testo, f"{file.name} contiene nomi"


def test_csv_con_punto_e_virgola_e_date_italiane(tmp_path):
    rif = _patti_del_corso()
    file = _export_csv_punto_e_virgola(rif, tmp_path / "export marzo.csv")
    risultato = miei_dati.importa(file, cartella=tmp_path, alla_data=ALLA_DATA)

    assert risultato.mappatura.tabella == "patti"  # scelta da sola
    assert risultato.mappatura.colonne["data_domanda"] == "data_presentazione"
    assert risultato.mappatura.colonne["id_nucleo"] == "codice_fiscale_richiedente"
    assert risultato.mappatura.colonne["quadro_analisi_necessario"] == "quadro_necessario"
    assert risultato.problemi.empty, risultato.problemi.to_string()
    assert set(risultato.pseudonimizzate) == {"id_nucleo", "id_operatore"}
    assert {"cognome", "telefono"} <= set(risultato.personali_escluse)
    assert risultato.tabella["id_nucleo"].str.fullmatch(r"NUC-[0-9A-F]{8}").all()
    assert risultato.tabella["id_nucleo"].nunique() == len(rif)
    # Le scadenze sono quelle che il corso calcola sulla stessa tabella scritta con i suoi nomi.
    atteso = scadenzario(rif, alla_data=ALLA_DATA)
    visto = risultato.scadenzario
    colonne = ["id_patto", "fase", "scadenza", "giorni_residui", "stato"]
    pd.testing.assert_frame_equal(_senza_ordine(visto[colonne], "id_patto"), _senza_ordine(atteso[colonne], "id_patto"),
                                  check_dtype=False, check_categorical=False)
    testo = risultato.riassunto()
    assert miei_dati.NIENTE_IN_RETE in testo and "Scadenzario" in testo
    _controlla_niente_di_personale(tmp_path)


def test_excel_da_gestionale_e_abbinamento_ricordato_il_mese_dopo(tmp_path):
    rif = _patti_del_corso()
    file = _export_excel_gestionale(rif, tmp_path / "ESTRAZIONE_PATTI.xlsx")
    prima = miei_dati.importa(file, "patti", cartella=tmp_path, ambito="ATS-BA-01", alla_data=ALLA_DATA)
    assert prima.mappatura.colonne["misura"] == "tipo_misura"
    assert prima.mappatura.colonne["quadro_analisi_necessario"] == "bisogni_complessi"
    assert prima.mappatura.colonne["data_sottoscrizione"] == "data_firma"
    assert "isee_dichiarato" in prima.escluse
    assert prima.problemi.empty, prima.problemi.to_string()
    assert (prima.tabella["misura"].tolist() == rif["misura"].tolist())
    salvato = json.loads((tmp_path / miei_dati.CARTELLA / "abbinamenti.json").read_text(encoding="utf-8"))
    assert [v["ambito"] for v in salvato.values()] == ["ATS-BA-01"]

    # Il mese dopo: stesse colonne, altre righe, una colonna abbinata a mano che la proposta non vedrebbe.
    dopo = _patti_del_corso(15)
    file2 = _export_excel_gestionale(dopo, tmp_path / "ESTRAZIONE_APRILE.xlsx")
    secondo = miei_dati.importa(file2, cartella=tmp_path, alla_data=ALLA_DATA)
    assert secondo.da_abbinamento_salvato
    assert secondo.tabella["codice_ambito"].eq("ATS-BA-01").all()
    assert "abbinamento salvato la volta scorsa" in secondo.riassunto()
    # La stessa persona ha lo stesso pseudonimo ogni mese (stessa chiave nella cartella di lavoro).
    assert secondo.tabella["id_nucleo"].head(12).tolist() == prima.tabella["id_nucleo"].tolist()
    atteso = scadenzario(dopo, alla_data=ALLA_DATA)
    assert sorted(secondo.scadenzario["giorni_residui"].tolist()) == sorted(atteso["giorni_residui"].tolist())
    _controlla_niente_di_personale(tmp_path)


def test_ore_mensili_con_virgola_e_mese_scritto_corto(tmp_path):
    rif = _patti_del_corso()
    miei_dati.importa(_export_csv_punto_e_virgola(rif, tmp_path / "patti.csv"), cartella=tmp_path,
                      alla_data=ALLA_DATA)
    att = _attivita_del_corso(rif)
    risultato = miei_dati.importa(_export_ore_virgola(att, tmp_path / "ore.csv"), cartella=tmp_path)
    assert risultato.mappatura.tabella == "attivita_mensili"
    assert risultato.mappatura.colonne["ore_svolte"] == "ore_effettuate"
    assert risultato.mappatura.colonne["mese"] == "mese_di_riferimento"
    assert risultato.problemi.empty, risultato.problemi.to_string()
    assert "sede" in risultato.escluse
    # Le ore: stesso risultato del corso, con la misura di ogni Patto presa dai Patti importati prima.
    atteso = conformita_mensile(att, rif[["id_patto", "misura"]])
    visto = risultato.conformita
    colonne = ["mese", "ore_svolte", "ore_qualificanti", "conforme"]
    pd.testing.assert_frame_equal(
        _senza_ordine(visto.assign(id_patto=visto["id_patto"].astype(str))[["id_patto", *colonne]], ["id_patto", "mese"]),
        _senza_ordine(atteso.assign(id_patto=atteso["id_patto"].astype(str))[["id_patto", *colonne]], ["id_patto", "mese"]),
        check_dtype=False, check_categorical=False)
    assert atteso["conforme"].isna().any(), "il confronto deve comprendere Patti ADI (regola non applicata)"
    assert "rispettano la regola delle ore" in risultato.riassunto()


def test_file_senza_le_colonne_necessarie_e_rifiutato_con_l_elenco(tmp_path, capsys):
    file = tmp_path / "elenco.csv"
    pd.DataFrame({"Cognome": ["Esempio"], "Codice fiscale": [_cf(1)], "Data presentazione": ["05/02/2025"],
                  "Misura": ["RED"]}).to_csv(file, sep=";", index=False)
    with pytest.raises(miei_dati.FileRifiutato) as rifiuto:
        miei_dati.importa(file, "patti", cartella=tmp_path)
    mancanti = [c for c, _ in rifiuto.value.mancanti]
    assert mancanti == ["id_patto", "codice_ambito", "id_operatore", "data_assegnazione", "data_primo_colloquio",
                        "data_analisi_preliminare", "quadro_analisi_necessario", "data_quadro_analisi",
                        "data_sottoscrizione", "data_ultima_revisione", "data_chiusura"]
    messaggio = str(rifiuto.value)
    assert "- data_assegnazione: Assegnazione del case manager" in messaggio
    assert "--colonna" in messaggio and "Non ho salvato niente" in messaggio
    assert not (tmp_path / miei_dati.CARTELLA / "abbinamenti.json").exists()

    # Dal comando: esce con 1, dice che è rifiutato, elenca ciò che manca e che niente è andato in rete.
    assert main(["dati", "importa", str(file), "--tabella", "patti", "--cartella", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "File rifiutato" in err and "- id_operatore: Case manager assegnato" in err
    assert miei_dati.NIENTE_IN_RETE in err


def test_dal_comando_con_una_colonna_scelta_a_mano(tmp_path, capsys):
    rif = _patti_del_corso()
    file = _export_csv_punto_e_virgola(rif, tmp_path / "export.csv")
    # «Note» al posto della data del primo colloquio non è una data: l'abbinamento a mano si vede nei problemi.
    codice = main(["dati", "importa", str(file), "--cartella", str(tmp_path), "--alla-data", ALLA_DATA,
                   "--colonna", "data_chiusura=Data chiusura"])
    out = capsys.readouterr().out
    assert codice == 0
    assert "scelta da te" in out and "Scadenzario:" in out and miei_dati.NIENTE_IN_RETE in out
    assert "NaN" not in out and "NaT" not in out
    assert main(["dati", "importa", str(file), "--cartella", str(tmp_path), "--colonna", "data_chiusura"]) == 2
    assert "COLONNA_DEL_CORSO=COLONNA_DEL_FILE" in capsys.readouterr().err
    assert main(["dati", "importa", str(file), "--cartella", str(tmp_path),
                 "--colonna", "data_chiusura=Data chiusra"]) == 2
    assert "Forse intendevi: data_chiusura" in capsys.readouterr().err


def test_valori_sbagliati_sono_elencati_senza_codici_fiscali(tmp_path):
    rif = _patti_del_corso()
    rif.loc[2, "misura"] = "Carta acquisti"
    file = _export_csv_punto_e_virgola(rif, tmp_path / "export.csv")
    risultato = miei_dati.importa(file, cartella=tmp_path, alla_data=ALLA_DATA)
    assert risultato.problemi["colonna"].tolist() == ["misura"]
    assert not CF.search(risultato.problemi.to_string())


def test_la_chiave_dei_pseudonimi_resta_privata(tmp_path):
    chiave = miei_dati.chiave_locale(tmp_path)
    assert chiave == miei_dati.chiave_locale(tmp_path) and len(chiave) >= 40
    assert (tmp_path / miei_dati.CARTELLA / ".chiave-pseudonimi").stat().st_mode & 0o077 == 0


def test_l_esempio_del_notebook_si_importa(tmp_path):
    file = miei_dati.scrivi_esempio(tmp_path)
    assert CF.search(file.read_text(encoding="utf-8")) and "Z999" in file.read_text(encoding="utf-8")
    risultato = miei_dati.importa(file, cartella=tmp_path, ambito="ATS-BA-01")  # a oggi, come nel quaderno
    assert risultato.problemi.empty, risultato.problemi.to_string()
    stati = risultato.scadenzario["stato"].astype(str)
    assert len(stati) == 40 and stati.nunique() >= 2, "l'esempio deve dare uno scadenzario vario"
    assert "da verificare" not in set(stati), risultato.scadenzario["anomalie"].dropna().tolist()[:3]


# --- il widget e il quaderno -----------------------------------------------------------------------------

def test_il_widget_importa_con_i_menu_scelti(tmp_path):
    from course.widget.miei_dati import NESSUNA, abbina_colonne

    rif = _patti_del_corso()
    file = _export_excel_gestionale(rif, tmp_path / "estrazione.xlsx")
    riquadro = abbina_colonne(file, cartella=tmp_path, ambito="ATS-BA-01", alla_data=ALLA_DATA)
    assert riquadro.menu["data_sottoscrizione"].value == "data_firma"
    riquadro.bottone.click()
    assert "Scadenzario" in riquadro.uscita.value and "inviato in rete" in riquadro.uscita.value
    assert not CF.search(riquadro.uscita.value)
    # Tolta una colonna necessaria dal menu, il file si rifiuta e il riquadro dice che cosa manca.
    riquadro.menu["data_assegnazione"].value = NESSUNA
    riquadro.bottone.click()
    assert "File rifiutato" in riquadro.uscita.value and "data_assegnazione" in riquadro.uscita.value


def test_il_quaderno_arriva_nella_cartella_di_lavoro_e_si_esegue(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    from course.avvio import prepara_cartella

    lavoro = tmp_path / "lavoro"
    assert "i-miei-dati.ipynb" in prepara_cartella(lavoro, origine=RADICE / "modules").copiati
    nb = nbformat.read(lavoro / "i-miei-dati.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(lavoro)}}).execute()
    testi = []
    for cella in nb.cells:
        for uscita in cella.get("outputs", []):
            assert uscita.get("output_type") != "error", uscita
            testi.append(uscita.get("text", "") + str(uscita.get("data", {}).get("text/plain", ""))
                         + str(uscita.get("data", {}).get("text/html", "")))
    tutto = "\n".join(testi)
    assert miei_dati.NIENTE_IN_RETE in tutto
    for grezzo in ("NaN", "NaT", "<NA>", "None"):
        assert grezzo not in tutto, f"il quaderno mostra {grezzo}"
    assert (lavoro / miei_dati.CARTELLA / "patti.csv").exists()
    _controlla_niente_di_personale(lavoro)


def test_l_ambito_indicato_diverso_da_quello_del_file_si_dice(tmp_path):
    rif = _patti_del_corso()
    file = _export_csv_punto_e_virgola(rif, tmp_path / "export.csv")
    nel_file = set(miei_dati.importa(file, cartella=tmp_path, alla_data=ALLA_DATA).tabella["codice_ambito"])
    altro = next(c for c in ("ATS-LE-03", "ATS-BA-01", "ATS-FG-01") if c not in nel_file)
    risultato = miei_dati.importa(file, cartella=tmp_path, ambito=altro, alla_data=ALLA_DATA)
    # vale la colonna del file, e la nota lo dice invece di ignorare in silenzio l'Ambito indicato
    assert set(risultato.tabella["codice_ambito"]) == nel_file
    (nota,) = [n for n in risultato.note if "Hai indicato l'Ambito" in n]
    assert altro in nota and all(c in nota for c in nel_file)
    # se l'Ambito indicato è proprio quello del file, niente nota
    if len(nel_file) == 1:
        uguale = miei_dati.importa(file, cartella=tmp_path, ambito=next(iter(nel_file)), alla_data=ALLA_DATA)
        assert not [n for n in uguale.note if "Hai indicato l'Ambito" in n]
