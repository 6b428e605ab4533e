import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.parametri import parametro
from course.scadenze import (FASI, STATI, anzianita_casi, carico_case_manager, filtra_scadenzario,
                             prossime_scadenze, scadenzario, termini)

DATE = ["data_domanda", "data_assegnazione", "data_primo_colloquio", "data_analisi_preliminare",
        "data_quadro_analisi", "data_sottoscrizione", "data_ultima_revisione", "data_chiusura"]


def caso(id_patto, misura="ReD", operatore="OP1", ambito="ATS-BA-01", quadro=False, nucleo=None, **date):
    riga = {"id_patto": id_patto, "id_nucleo": nucleo or f"NUC-{id_patto[-1] * 8}", "codice_ambito": ambito,
            "misura": misura, "id_operatore": operatore, "quadro_analisi_necessario": quadro, "esito": None}
    for c in DATE:
        riga[c] = pd.Timestamp(date[c]) if c in date else pd.NaT
    return riga


def tabella(*righe):
    return pd.DataFrame(list(righe))


OGGI = "2025-06-30"


def test_fase_e_termine_per_ogni_passo():
    t = termini(alla_data=OGGI)
    patti = tabella(
        caso("P1", data_domanda="2025-06-01"),
        caso("P2", misura="ADI", data_domanda="2025-03-01", data_assegnazione="2025-03-05"),
        caso("P3", misura="ReD", data_domanda="2025-03-01", data_assegnazione="2025-03-05"),
        caso("P4", data_domanda="2025-03-01", data_assegnazione="2025-03-05", data_primo_colloquio="2025-04-01"),
        caso("P5", quadro=True, data_domanda="2025-03-01", data_assegnazione="2025-03-05",
             data_primo_colloquio="2025-04-01", data_analisi_preliminare="2025-05-01"),
        caso("P6", data_domanda="2025-03-01", data_assegnazione="2025-03-05",
             data_primo_colloquio="2025-04-01", data_analisi_preliminare="2025-05-01"),
        caso("P7", data_domanda="2025-01-01", data_assegnazione="2025-01-05", data_primo_colloquio="2025-02-01",
             data_analisi_preliminare="2025-02-10", data_sottoscrizione="2025-03-01", data_ultima_revisione="2025-05-01"),
        caso("P8", data_domanda="2025-01-01", data_assegnazione="2025-01-05", data_chiusura="2025-05-01"),
    )
    s = prossime_scadenze(patti, alla_data=OGGI).set_index("id_patto")
    assert "P8" not in s.index  # chiuso
    attese = {
        "P1": ("assegnazione del case manager", "2025-06-01", t["assegnazione"]),
        "P2": ("primo colloquio", "2025-03-01", t["primo_colloquio_adi"]),
        "P3": ("primo colloquio", "2025-03-01", t["primo_colloquio_red"]),
        "P4": ("analisi preliminare", "2025-04-01", t["analisi_preliminare"]),
        "P5": ("quadro di analisi", "2025-05-01", t["quadro_analisi"]),
        "P6": ("sottoscrizione del Patto", "2025-05-01", t["sottoscrizione"]),
        "P7": ("revisione del percorso", "2025-05-01", t["revisione"]),
    }
    for patto, (fase, dal, giorni) in attese.items():
        assert s.loc[patto, "fase"] == fase
        assert s.loc[patto, "scadenza"] == pd.Timestamp(dal) + pd.Timedelta(days=giorni)
        assert s.loc[patto, "giorni_residui"] == (s.loc[patto, "scadenza"] - pd.Timestamp(OGGI)).days
    assert t["primo_colloquio_adi"] == parametro("giorni_primo_colloquio_adi")
    assert set(s["stato"].astype(str)) <= set(STATI) and list(s["fase"].cat.categories) == list(FASI)


def test_stati_e_preavviso():
    preavviso = termini(alla_data=OGGI)["preavviso"]
    giorni_adi = termini(alla_data=OGGI)["primo_colloquio_adi"]
    oggi = pd.Timestamp(OGGI)

    def adi(pid, residui):
        domanda = oggi + pd.Timedelta(days=residui - giorni_adi)
        return caso(pid, misura="ADI", data_domanda=domanda, data_assegnazione=domanda)

    s = prossime_scadenze(tabella(adi("P1", -1), adi("P2", 0), adi("P3", preavviso), adi("P4", preavviso + 1)),
                          alla_data=OGGI)
    assert s["stato"].astype(str).tolist() == ["scaduta", "in scadenza", "in scadenza", "nei termini"]
    assert s["giorni_ritardo"].tolist() == [1, 0, 0, 0]


def test_data_dai_dati_o_errore():
    patti = tabella(caso("P1", data_domanda="2025-06-01"))
    with pytest.raises(ErroreCorso, match="Manca la data di riferimento"):
        prossime_scadenze(patti)
    patti.attrs["data_riferimento"] = pd.Timestamp(OGGI)
    assert prossime_scadenze(patti)["giorni_aperto"].iloc[0] == 29
    with pytest.raises(ErroreCorso, match="data di riferimento .* non si legge come data"):
        prossime_scadenze(patti, alla_data="ieri")


def test_date_fuori_ordine_segnalate_non_bloccanti():
    patti = tabella(
        caso("P1", data_domanda="2025-03-01", data_assegnazione="2025-02-01"),
        caso("P2", data_domanda="2025-03-01", data_assegnazione="2025-03-02", data_sottoscrizione="2025-04-01"),
        caso("P3", data_domanda="2025-03-01", data_assegnazione="2025-09-01"),
        caso("P4", misura="RdC", data_domanda="2025-03-01", data_assegnazione="2025-03-02"),
    )
    s = prossime_scadenze(patti, alla_data=OGGI).set_index("id_patto")
    assert "data dell'assegnazione anteriore a quella della domanda" in s.loc["P1", "anomalie"]
    assert "manca la data del primo colloquio" in s.loc["P2", "anomalie"]
    assert s.loc["P2", "fase"] == "revisione del percorso"
    assert "successiva alla data di riferimento" in s.loc["P3", "anomalie"]
    assert "misura non riconosciuta («RdC»)" in s.loc["P4", "anomalie"]
    assert s.loc["P4", "stato"] == "da verificare" and pd.isna(s.loc["P4", "scadenza"])


def test_date_come_testo_e_testo_illeggibile():
    patti = tabella(caso("P1"))
    patti["data_domanda"] = ["01/06/2025"]
    assert prossime_scadenze(patti, alla_data=OGGI)["dal"].iloc[0] == pd.Timestamp("2025-06-01")
    patti["data_domanda"] = ["primo giugno"]
    with pytest.raises(ErroreCorso, match="colonna data_domanda: date impossibili o illeggibili alla riga 0"):
        prossime_scadenze(patti, alla_data=OGGI)


def test_colonne_sbagliate_e_tipo_sbagliato():
    patti = tabella(caso("P1", data_domanda="2025-06-01")).rename(columns={"id_operatore": "operatore"})
    with pytest.raises(ErroreCorso, match="mancano le colonne: id_operatore.*Colonne presenti"):
        prossime_scadenze(patti, alla_data=OGGI)
    with pytest.raises(ErroreCorso, match="DataFrame"):
        scadenzario("patti.csv", alla_data=OGGI)
    with pytest.raises(ErroreCorso, match="Forse intendevi: revisione"):
        prossime_scadenze(tabella(caso("P1")), alla_data=OGGI, termini={"revisone": 60})


def test_colonna_tutta_vuota_e_tabella_vuota():
    patti = tabella(caso("P1"), caso("P2"))  # nessuna data
    s = prossime_scadenze(patti, alla_data=OGGI)
    assert s["stato"].astype(str).tolist() == ["da verificare"] * 2
    assert s["anomalie"].str.contains("manca la data della domanda").all()
    vuota = prossime_scadenze(patti.iloc[:0], alla_data=OGGI)
    assert len(vuota) == 0 and "stato" in vuota.columns
    assert len(scadenzario(patti.iloc[:0], alla_data=OGGI)) == 0
    assert anzianita_casi(vuota)["totale"].sum() == 0
    assert len(carico_case_manager(patti.iloc[:0], alla_data=OGGI)) == 0


def test_termini_modificati():
    patti = tabella(caso("P1", misura="ADI", data_domanda="2025-03-01", data_assegnazione="2025-03-02"))
    t = termini(alla_data=OGGI)
    normale = prossime_scadenze(patti, alla_data=OGGI)
    t["primo_colloquio_adi"] = parametro("giorni_primo_colloquio_adi_ridotto")
    ridotto = prossime_scadenze(patti, alla_data=OGGI, termini=t)
    assert (normale["scadenza"] - ridotto["scadenza"]).dt.days.iloc[0] == (
        parametro("giorni_primo_colloquio_adi") - parametro("giorni_primo_colloquio_adi_ridotto"))


def test_scadenzario_ordine_e_motivi():
    patti = tabella(
        caso("P1", misura="ReD", data_domanda="2025-01-01", data_assegnazione="2025-01-02", nucleo="NUC-00000001"),
        caso("P2", misura="ADI", data_domanda="2025-01-01", data_assegnazione="2025-01-02", nucleo="NUC-00000002"),
        caso("P3", misura="ReD", data_domanda="2025-06-05", nucleo="NUC-00000003"),
        caso("P4", misura="ReD", data_domanda="2025-06-25", data_assegnazione="2025-06-26", nucleo="NUC-00000004"),
    )
    nuclei = pd.DataFrame({"id_nucleo": ["NUC-00000001", "NUC-00000002", "NUC-00000003", "NUC-00000004"],
                           "minori": [2, 0, 0, 1], "componenti": [6, 1, 1, 3]})
    coda = scadenzario(patti, nuclei=nuclei, alla_data=OGGI)
    assert coda["posizione"].tolist() == [1, 2, 3, 4]
    # scaduti prima (P1 ha più fattori di rischio di P2), poi in scadenza, poi nei termini
    assert coda["id_patto"].tolist() == ["P1", "P2", "P3", "P4"]
    assert coda.loc[0, "motivo"].startswith("primo colloquio scaduto da ")
    assert "nucleo con minori; famiglia numerosa" in coda.loc[0, "motivo"]
    assert coda.loc[1, "motivo"].endswith("; ADI")
    assert coda.loc[2, "motivo"].startswith("assegnazione del case manager in scadenza tra ")
    assert coda.loc[3, "motivo"].startswith("primo colloquio entro il ")
    assert coda["rischio"].tolist() == [2, 1, 0, 1]


def test_filtri_dello_scadenzario():
    patti = tabella(caso("P1", ambito="ATS-BA-01", operatore="OP1", data_domanda="2025-01-01"),
                    caso("P2", ambito="ATS-BA-02", operatore="OP2", misura="ADI", data_domanda="2025-01-01"),
                    caso("P3", ambito="ATS-BA-01", operatore="OP1", data_domanda="2025-06-29"))
    coda = scadenzario(patti, alla_data=OGGI)
    assert filtra_scadenzario(coda, ambito="ATS-BA-01")["id_patto"].tolist() == ["P1", "P3"]
    assert filtra_scadenzario(coda, ambito="ATS-BA-01", solo_scadute=True)["posizione"].tolist() == [1]
    assert filtra_scadenzario(coda, misura="ADI")["id_patto"].tolist() == ["P2"]
    assert filtra_scadenzario(coda, case_manager=["OP1", "OP2"])["id_patto"].tolist() == coda["id_patto"].tolist()
    with pytest.raises(ErroreCorso, match="Ambito sconosciuto"):   # prima: 0 righe senza una parola
        filtra_scadenzario(coda, ambito="ATS-XX-99")
    with pytest.raises(ErroreCorso, match="Valore di fase sconosciuto"):
        filtra_scadenzario(coda, fase="colloquio")


def test_carico_con_e_senza_operatori():
    patti = tabella(caso("P1", operatore="OP1", data_domanda="2025-01-01"),
                    caso("P2", operatore="OP1", data_domanda="2025-06-29"),
                    caso("P3", operatore=None, data_domanda="2025-06-29"))
    senza = carico_case_manager(patti, alla_data=OGGI).set_index("id_operatore")
    assert senza.loc["OP1", "casi_aperti"] == 2 and senza.loc["OP1", "casi_scaduti"] == 1
    assert senza.loc["non assegnato", "casi_aperti"] == 1
    operatori = pd.DataFrame({"id_operatore": ["OP1", "OP9"], "fte": [0.5, 0.0], "case_manager": [True, True]})
    con = carico_case_manager(patti, operatori=operatori, alla_data=OGGI).set_index("id_operatore")
    assert con.loc["OP1", "casi_per_fte"] == 4.0 and con.loc["OP9", "casi_aperti"] == 0
    assert pd.isna(con.loc["OP9", "casi_per_fte"])  # FTE zero: niente divisione per zero
    with pytest.raises(ErroreCorso, match="mancano le colonne: fte"):
        carico_case_manager(patti, operatori=operatori.drop(columns="fte"), alla_data=OGGI)


def test_anzianita_da_patti_e_classi():
    patti = tabella(caso("P1", data_domanda="2025-06-20"), caso("P2", data_domanda="2024-01-01"))
    tab = anzianita_casi(patti, alla_data=OGGI, classi=(0, 30, 365))
    assert tab["totale"].tolist() == [1, 0, 1]
    with pytest.raises(ErroreCorso, match="partire da 0"):
        anzianita_casi(patti, alla_data=OGGI, classi=(10, 30))
