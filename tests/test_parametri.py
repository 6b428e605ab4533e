import datetime as dt

import pandas as pd
import pytest

from course.errori import ErroreCorso
from course.parametri import parametro, parametro_per_date, tabella_parametri, voce


def test_tabella_ha_le_colonne_e_le_fonti():
    t = tabella_parametri()
    assert list(t.columns) == ["nome", "valore", "unita", "descrizione", "fonte", "valido_dal"]
    assert t["fonte"].str.len().gt(3).all()
    assert t["descrizione"].str.len().gt(10).all()
    assert not t.duplicated(["nome", "valido_dal"]).any()


@pytest.mark.parametrize("nome, atteso", [
    ("ore_mensili_minime", 62), ("quota_minima_attivita_qualificanti", 0.5), ("giorni_revisione_percorso", 90),
    ("giorni_primo_colloquio_adi", 120), ("giorni_primo_colloquio_adi_ridotto", 60), ("giorni_primo_contatto", 30),
    ("residenti_per_assistente_sociale", 5000), ("residenti_per_assistente_sociale_obiettivo", 4000),
    ("residenti_per_assistente_sociale_contributo", 6500), ("residenti_per_pua", 40000),
])
def test_cifre_delle_regole(nome, atteso):
    assert parametro(nome) == atteso


def test_validita_nel_tempo():
    assert parametro("isee_massimo_adi", alla_data="2024-12-31") == 9360
    assert parametro("isee_massimo_adi", alla_data=dt.date(2025, 1, 1)) == 10140
    assert parametro("importo_mensile_red", alla_data="2018-01-01") == 600
    with pytest.raises(ErroreCorso, match="non era ancora in vigore"):
        parametro("isee_massimo_adi", alla_data="2020-01-01")
    with pytest.raises(ErroreCorso, match="31/03/2025 .giorno/mese/anno. o 2025-03-31"):
        parametro("isee_massimo_adi", alla_data="ieri")


def test_vettoriale_coincide_con_puntuale():
    date = pd.to_datetime(["2021-01-01", "2023-06-01", "2024-02-01"])
    valori = parametro_per_date("isee_massimo_red_famiglie_numerose", date).tolist()
    assert valori == [parametro("isee_massimo_red_famiglie_numerose", alla_data=d.date()) for d in date]


def test_tipi_dei_valori():
    assert parametro("scadenza_buone_pratiche") == dt.date(2023, 7, 15)
    assert "sussidiarietà" in parametro("attivita_qualificanti")
    assert isinstance(voce("ore_mensili_minime").valido_dal, dt.date)


def test_nome_sbagliato_suggerisce_i_vicini():
    with pytest.raises(ErroreCorso) as e:
        parametro("giorni_revisione")
    assert "giorni_revisione_percorso" in str(e.value)
    with pytest.raises(ErroreCorso, match="testo"):
        parametro(62)


@pytest.mark.parametrize("nome", ["ore_mensili_minime", "quota_minima_attivita_qualificanti", "attivita_qualificanti"])
def test_la_regola_delle_ore_cita_l_allegato_a_di_gagliano_del_capo(nome):
    # issue 11: le righe delle ore citavano le linee guida regionali del 22/12/2020, che la regola non la contengono
    v = voce(nome)
    assert "Allegato A" in v.fonte and "Gagliano del Capo" in v.fonte and "linee guida" not in v.fonte.lower()
    assert v.valido_dal >= dt.date(2020, 12, 22)   # l'Allegato A segue le linee guida che cita


def test_termini_senza_riferimento_sono_convenzioni_dichiarate():
    # un termine senza estremi di un atto è una convenzione del corso, detta nella fonte e nella descrizione
    for nome in ["giorni_primo_colloquio_adi_ridotto", "durata_piano_operativo_mesi", "giorni_primo_colloquio_red"]:
        v = voce(nome)
        assert "onvenzione del corso" in v.fonte, (nome, v.fonte)
    assert parametro("durata_piano_operativo_mesi") == 12


def test_ogni_convenzione_del_corso_si_dichiara_nella_fonte():
    t = tabella_parametri()
    nella_descrizione = t["descrizione"].str.contains("convenzione", case=False)
    assert t.loc[nella_descrizione, "fonte"].str.contains("onvenzione del corso").all(), \
        t.loc[nella_descrizione & ~t["fonte"].str.contains("onvenzione del corso"), "nome"].tolist()
