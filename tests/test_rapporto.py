"""Test del rapporto del Piano operativo (course/rapporto.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from course.dati.tabelle import TIPI_AZIONE
from course.errori import ErroreCorso
from course.rapporto import (
    controlla_cronoprogramma, controlla_piano, rapporto_piano_operativo, salva_rapporto, tabella_indicatori,
)


@pytest.fixture
def azioni():
    return pd.DataFrame({
        "tipo_azione": list(TIPI_AZIONE),
        "descrizione": ["Sportello di ascolto", "Mediazione familiare", "Tutoraggio"],
        "ente": ["Coop. Aurora", "APS Il Ponte", "Coop. Aurora"],
        "budget": [30000.0, 40000.0, 14940.0],
        "destinatari": ["beneficiari ReD e loro nuclei"] * 3,
    })


@pytest.fixture
def attivita():
    return pd.DataFrame({
        "azione": ["Sportello di ascolto", "Mediazione familiare", "Tutoraggio"],
        "descrizione": ["Apertura sportello", "Primi incontri", "Registro presenze"],
        "inizio_previsto": ["2025-01-15", "2025-02-01", "2025-01-10"],
        "fine_prevista": ["2025-12-31", "2025-10-31", "2025-12-20"],
    })


def test_piano_coerente_senza_problemi(azioni):
    assert controlla_piano(azioni, contributo=84940) == []


def test_somma_diversa_dal_contributo(azioni):
    problemi = controlla_piano(azioni, contributo=90000)
    assert len(problemi) == 1 and "diversa dal contributo" in problemi[0] and "5.060,00" in problemi[0]
    assert "restano da assegnare 5.060,00 €" in problemi[0]
    troppo = controlla_piano(azioni, contributo=80000)[0]
    assert "i budget lo superano di 4.940,00 €" in troppo and "negativo" not in troppo


def test_tipologia_sconosciuta(azioni):
    azioni.loc[2, "tipo_azione"] = "azioni di systema"
    testo = " ".join(controlla_piano(azioni))
    assert "azioni di systema" in testo and "Usa una di queste" in testo


def test_una_o_due_tipologie_bastano(azioni):
    # issue 11: l'Allegato A dice che il Piano «può» prevedere le tre tipologie; prima ne servivano tutte e tre
    assert controlla_piano(azioni.iloc[[0]], contributo=30000) == []
    assert controlla_piano(azioni.iloc[[0, 2]], contributo=44940) == []


@pytest.mark.parametrize("destinatari", ["nuclei ADI", "beneficiari ReD e ADI", "", None, "tutti i cittadini"])
def test_ogni_azione_per_i_destinatari_del_red(azioni, destinatari):
    azioni.loc[1, "destinatari"] = destinatari
    problemi = controlla_piano(azioni, contributo=84940)
    assert len(problemi) == 1 and "non rivolte ai destinatari del ReD alle righe 2" in problemi[0]
    assert "Manca la colonna destinatari" in controlla_piano(azioni.drop(columns="destinatari"))[0]


def test_budget_non_numerico_negativo_ed_ente_vuoto(azioni):
    azioni["budget"] = azioni["budget"].astype(object)
    azioni.loc[0, "budget"] = "trentamila"
    azioni.loc[1, "budget"] = -5.0
    azioni.loc[2, "ente"] = " "
    testo = " ".join(controlla_piano(azioni))
    assert "righe 1" in testo and "negativo alle righe 2" in testo and "non indicato alle righe 3" in testo


def test_tabella_vuota_e_colonna_sbagliata(azioni):
    assert "vuota" in controlla_piano(azioni.iloc[0:0])[0]
    with pytest.raises(ErroreCorso, match="budget"):
        controlla_piano(azioni.rename(columns={"budget": "importo"}))
    with pytest.raises(ErroreCorso, match="DataFrame"):
        controlla_piano([1, 2, 3])


def test_cronoprogramma_coerente(attivita, azioni):
    assert controlla_cronoprogramma(attivita, azioni, inizio="2025-01-01", fine="2025-12-31") == []


def test_cronoprogramma_con_errori(attivita, azioni):
    attivita.loc[0, "fine_prevista"] = "2024-12-01"
    attivita.loc[1, "inizio_previsto"] = "non so"
    attivita.loc[2, "azione"] = "Tutoraggi"
    problemi = controlla_cronoprogramma(attivita, azioni, inizio="2025-01-01", fine="2025-12-31")
    testo = " ".join(problemi)
    assert "Riga 1" in testo and "prima dell'inizio" in testo
    assert "Riga 2" in testo and "illeggibili" in testo
    assert "Tutoraggi" in testo and "senza nessuna attività nel cronoprogramma: Tutoraggio" in testo


def test_cronoprogramma_fuori_periodo(attivita, azioni):
    problemi = controlla_cronoprogramma(attivita, azioni, inizio="2025-02-01", fine="2025-11-30")
    assert sum("prima dell'avvio" in p for p in problemi) == 2
    assert sum("dopo la chiusura" in p for p in problemi) == 2


def test_tabella_indicatori_da_oggetti_e_dizionari():
    from dataclasses import dataclass

    @dataclass
    class Finto:
        nome: str
        tipo: str
        target: float | None = None

    t = tabella_indicatori([Finto("Nuclei raggiunti", "output", 120), {"nome": "Patti firmati", "tipo": "risultato"}])
    assert list(t["nome"]) == ["Nuclei raggiunti", "Patti firmati"]
    assert tabella_indicatori(None).empty
    with pytest.raises(ErroreCorso, match="indicatore"):
        tabella_indicatori([42])


def test_rapporto_completo_con_grafici(azioni, attivita, tmp_path):
    pagina = rapporto_piano_operativo(
        azioni, ambito="ATS-LE-10", cronoprogramma=attivita, contributo=84940,
        indicatori=[{"nome": "Nuclei raggiunti", "tipo": "output", "target": 120}],
        premessa="Il Piano rafforza i Patti.\n\nSeconda parte.", inizio="2025-01-01", fine="2025-12-31",
    )
    for sezione in ["Premessa", "Risorse per tipologia", "Azioni", "Cronoprogramma", "Indicatori", "Controlli di coerenza"]:
        assert f">{sezione}" in pagina
    assert pagina.count("data:image/png;base64,") == 2
    # Ogni grafico ha la sua descrizione in italiano: testo alternativo e didascalia.
    assert pagina.count('<img alt="Grafico «') == 2 and pagina.count("<figcaption>Grafico «") == 2
    assert "Budget per tipologia di azione" in pagina.split("<figcaption>")[1]
    assert "Nessun problema di coerenza" in pagina and "84.940,00 €" in pagina
    percorso = salva_rapporto(pagina, tmp_path / "sotto" / "piano.html")
    assert percorso.read_text(encoding="utf-8") == pagina


def test_rapporto_segnala_problemi_e_protegge_html(azioni):
    azioni.loc[0, "descrizione"] = "<script>x</script>"
    pagina = rapporto_piano_operativo(azioni, ambito="ATS-BA-01", grafici=False)
    assert "<script>x</script>" not in pagina and "&lt;script&gt;" in pagina
    assert "Non ci sono indicatori" in pagina and "data:image" not in pagina


def test_salva_rapporto_argomenti_sbagliati(tmp_path):
    with pytest.raises(ErroreCorso, match="html"):
        salva_rapporto("<html></html>", tmp_path / "piano.pdf")
    with pytest.raises(ErroreCorso, match="testo HTML"):
        salva_rapporto(None, tmp_path / "piano.html")


def test_periodo_piano():
    from course.rapporto import periodo_piano

    inizio, fine = periodo_piano(pd.Timestamp("2025-06-30"), mesi=6)
    assert (inizio, fine) == (pd.Timestamp("2025-07-01"), pd.Timestamp("2025-12-31"))
    with pytest.raises(ErroreCorso, match="mesi interi"):
        periodo_piano("2025-06-30", mesi=0)


def test_pagina_leggibile_intestazioni_date_e_numeri(azioni, attivita):
    from course.indicatori import Indicatore

    indicatore = Indicatore("Quota di destinatari raggiunti", tipo="output", unita="%", polarita="crescente",
                            numeratore="destinatari_raggiunti", denominatore="destinatari_previsti",
                            target=12.5, scadenza="31/12/2026", fonte="Rendicontazione degli ETS")
    attivita["inizio_previsto"] = pd.to_datetime(attivita["inizio_previsto"])
    pagina = rapporto_piano_operativo(azioni, ambito="ATS-LE-03", cronoprogramma=attivita,
                                      indicatori=[indicatore], grafici=False)
    assert '<th scope="col">Tipologia</th>' in pagina and '<th scope="col">Inizio previsto</th>' in pagina
    assert "15/01/2025" in pagina and "31/12/2026" in pagina and "12,5" in pagina
    assert "destinatari_raggiunti" not in pagina  # le espressioni di calcolo non servono a chi legge
    assert "30.000,00\u00a0€" in pagina


def test_titolo_con_il_nome_dell_ambito_e_tabelle_accessibili(azioni, attivita):
    pagina = rapporto_piano_operativo(azioni, ambito="ATS-LE-10", cronoprogramma=attivita, grafici=False,
                                      indicatori=[{"nome": "Nuclei raggiunti", "tipo": "output", "target": 120}])
    assert "<h1>Piano operativo con gli Enti del Terzo settore — Ambito territoriale di Poggiardo</h1>" in pagina
    assert "(codice ATS-LE-10)" in pagina
    # ogni tabella ha la sua didascalia e intestazioni di colonna dichiarate
    assert pagina.count("<table") == pagina.count("<caption>") == 4
    assert "<th>" not in pagina and pagina.count('<th scope="col">') >= 4 + 4 + 4 + 3
    assert "img { max-width: 100%; height: auto; }" in pagina
    assert "<td>15/01/2025</td>" in pagina and "2025-01-15" not in pagina  # date scritte come testo, rese leggibili
    # lo stesso Ambito per nome o per comune capofila
    assert "Poggiardo</h1>" in rapporto_piano_operativo(azioni, ambito="Poggiardo", grafici=False)
    with pytest.raises(ErroreCorso, match="Forse intendevi: Poggiardo"):
        rapporto_piano_operativo(azioni, ambito="Pogiardo", grafici=False)


def test_etichette_del_gantt_a_capo_tra_le_parole():
    from course.rapporto import etichetta_a_capo

    lunga = "Accompagnamento ai servizi per l'impiego dei beneficiari del Patto nei comuni dell'entroterra"
    righe = etichetta_a_capo(lunga).split("\n")
    assert 1 < len(righe) <= 3
    parole = lunga.split()
    ricomposte = " ".join(righe).removesuffix(" …").split()
    assert ricomposte == parole[:len(ricomposte)]  # nessuna parola tagliata a metà
    assert etichetta_a_capo("Registro presenze") == "Registro presenze"


@pytest.mark.parametrize("inizio, fine", [("2026-01-01", "2026-02-28"), ("2026-01-10", "2026-01-25"),
                                          ("2025-04-01", "2025-12-31"), ("2021-07-01", "2026-02-01")])
def test_date_dell_asse_mai_ripetute(inizio, fine):
    # un Piano di due mesi aveva l'asse del Gantt «gen 2026gen 2026gen 2026 feb 2026…» (una tacca a settimana)
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from course.grafici.stile import asse_date_italiane, nuova_figura

    fig, ax = nuova_figura()
    a, b = pd.Timestamp(inizio), pd.Timestamp(fine)
    ax.barh([0], mdates.date2num(b) - mdates.date2num(a) + 1, left=mdates.date2num(a))
    ax.xaxis_date()
    asse_date_italiane(ax.xaxis)
    FigureCanvasAgg(fig).draw()
    scritte = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert scritte and len(scritte) == len(set(scritte)) and len(scritte) <= 8, scritte
    riquadri = [t.get_window_extent() for t in ax.get_xticklabels() if t.get_text()]
    assert not any(r.overlaps(s) for i, r in enumerate(riquadri) for s in riquadri[i + 1:]), scritte
