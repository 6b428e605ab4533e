import pandas as pd
import pytest

from course.dati.tabelle import AREE_TEMATICHE
from course.errori import ErroreCorso
from course.parametri import parametro
from course.widget import buone_pratiche as wb


@pytest.fixture
def candidature():
    n = 5
    scadenza = pd.Timestamp(parametro("scadenza_buone_pratiche"))
    return pd.DataFrame({
        "id_candidatura": [f"BP-{i}" for i in range(n)],
        "codice_ambito": [f"ATS-TA-{i + 1:02d}" for i in range(n)],
        "titolo": ["Sportello", "Orti", "Tutor", "Cartella", "Doposcuola"],
        "area_tematica": [AREE_TEMATICHE[1]] * n, "poverta_educative": [False] * n,
        "data_invio": [scadenza] * (n - 1) + [scadenza + pd.Timedelta(days=2)],
        "inviata_via_pec": [True] * n, "domanda_allegata": [True] * n, "descrizione": ["testo"] * n,
        "anno_avvio": [2022] * n, "risultati_documentati": [True] * n,
        "n_partner": [5, 5, 0, 1, 3], "costo_annuo": [50000.0, 30000.0, 1000.0, 40000.0, 100.0],
    })


def test_vista_punteggi_solo_ammesse_e_pesi(candidature):
    tab, _ = wb.vista_buone_pratiche(candidature)
    assert "BP-4" not in set(tab["Candidatura"])  # arrivata dopo la scadenza
    assert tab["Candidatura"].iloc[0] == "BP-1"
    tab2, _ = wb.vista_buone_pratiche(candidature, pesi={"costo": 5, "partenariato": 0})
    assert tab2["Candidatura"].iloc[0] == "BP-2"


def test_viste_istruttoria_e_sensibilita(candidature):
    tab, fig = wb.vista_buone_pratiche(candidature, vista="istruttoria")
    assert tab.set_index("Candidatura").loc["BP-4", "Esito"] == "esclusa"
    tab, fig = wb.vista_buone_pratiche(candidature, vista="sensibilità ai pesi", primi=2, simulazioni=50)
    assert tab["Quota tra le prime"].str.endswith("%").all() and len(fig.axes) == 2
    with pytest.raises(ErroreCorso, match="Forse intendevi: punteggi"):
        wb.vista_buone_pratiche(candidature, vista="puntegi")


def test_esploratore_reagisce_ai_cursori(candidature):
    esp = wb.esploratore_buone_pratiche(candidature)
    assert esp.grafico.value[:4] == b"\x89PNG"

    def primo():
        return esp.tabella.value.split("<td>")[1].split("</td>")[0]

    assert primo() == "BP-1"
    esp.pesi["partenariato"].value = 0
    esp.pesi["costo"].value = 5
    assert primo() == "BP-2"
    esp.vista.value = "sensibilità ai pesi"
    assert "Quota tra le prime" in esp.tabella.value
    esp.primi.value = 1
    assert esp.tabella.value.count("100%") <= 1

    esp.imposta_pesi({c: 0 for c in esp.pesi})
    assert "Tutti i pesi sono 0" in esp.messaggio.value
    esp.pesi["costo"].value = 1
    assert "⚠️" not in esp.messaggio.value
    esp.ripristina.click()
    assert all(c.value == 1 for c in esp.pesi.values())
    with pytest.raises(ErroreCorso, match="Forse intendevi: costo"):
        esp.imposta_pesi({"cost": 2})


def test_esploratore_senza_candidature_ammesse(candidature):
    esp = wb.esploratore_buone_pratiche(candidature.assign(inviata_via_pec=False))
    assert "Nessuna riga" in esp.tabella.value and esp.grafico.value[:4] == b"\x89PNG"


def test_i_cursori_dei_criteri_senza_voti_sono_spenti_e_spiegati(candidature):
    esp = wb.esploratore_buone_pratiche(candidature)
    # le candidature di prova non hanno voti di replicabilità, trasferibilità e innovazione
    spenti = {c for c, cursore in esp.pesi.items() if cursore.disabled}
    assert spenti == {"replicabilita", "trasferibilita", "innovazione"}
    assert "restano fuori dal punteggio" in esp.messaggio.value
    prima = esp.tabella.value
    esp.pesi["innovazione"].value = 5
    assert esp.tabella.value == prima
    con_voti = candidature.assign(voto_innovazione=[1, 2, 3, 4, 5])
    esp2 = wb.esploratore_buone_pratiche(con_voti)
    assert not esp2.pesi["innovazione"].disabled
