"""Varianti personali: ognuno il suo Ambito, i valori attesi li calcola solo il correttore (grading/varianti.py)."""

from __future__ import annotations

import json

import nbformat
import pytest

from course.valutazione.corso import Corso

CORSISTI = "id,nome,cognome,email,ambito,squadra\nada,Ada,Rossi,ada@example.org,ATS-BA-01,1\nbea,Bea,Verdi,bea@example.org,ATS-LE-02,1\n"


@pytest.fixture(scope="module")
def corretto(tmp_path_factory):
    """Il compito vero del modulo 01: ada risponde con il codice giusto sul suo Ambito, bea copia i numeri di ada,
    cleo chiede le risposte alla libreria (l'«oracolo» delle verifiche delle lezioni)."""
    from course.valutazione.correzione import Limiti, correggi
    from course.valutazione.costruisci import copia_modello
    from course.valutazione.genera import genera
    from course.valutazione.sintetiche import consegna, soluzioni_del_sorgente

    radice = copia_modello(tmp_path_factory.mktemp("varianti") / "corso")
    (radice / "corsisti.csv").write_text(CORSISTI + "cleo,Cleo,Bianchi,cleo@example.org,ATS-FG-01,2\n", encoding="utf-8")
    corso = Corso(radice)
    genera(corso, "modulo-01")
    rilascio = nbformat.read(str(corso.rilascio("modulo-01")), as_version=4)
    sorgente = nbformat.read(str(corso.sorgente("modulo-01")), as_version=4)
    giuste = soluzioni_del_sorgente(sorgente)
    varianti = json.loads((radice / "varianti.json").read_text())["modulo-01"]
    from course.territorio import popolazione_ambiti

    pop = popolazione_ambiti().set_index("codice_ambito")["popolazione"]
    residenti_ada = int(pop[varianti["ada"]["ambito"]])
    copiate = dict(giuste, **{"risposta-1-1": f"risposta_1_1 = {residenti_ada}",
                              "risposta-1-2": f"import math\nrisposta_1_2 = math.ceil({residenti_ada} / 5000)"})
    oracolo = dict(giuste, **{"risposta-1-1": "from course.verifica import esercizi_01 as e\n"
                                              "pop = popolazione_ambiti() if False else None\n"
                                              "from course.territorio import popolazione_ambiti\n"
                                              "p = popolazione_ambiti()\n"
                                              "risposta_1_1 = p.loc[p['codice_ambito'] == e.AMBITO_ESEMPIO, 'popolazione'].iloc[0]"})
    for studente, risposte in {"ada": giuste, "bea": copiate, "cleo": oracolo}.items():
        f = corso.sottomesso(studente, "modulo-01")
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(consegna(rilascio, risposte))
    correggi(corso, "modulo-01", limiti=Limiti(cella=60, consegna=240), lavoratori=2)
    esiti = {s: json.loads(corso.esito(s, "modulo-01").read_text()) for s in ("ada", "bea", "cleo")}
    return {"corso": corso, "esiti": esiti, "varianti": varianti}


def _punti(esito, grade_id):
    return next(c["punti"] for c in esito["celle"] if c["grade_id"] == grade_id)


def test_genera_registra_una_variante_per_corsista_e_le_copie_personali(corretto):
    corso, varianti = corretto["corso"], corretto["varianti"]
    assert set(varianti) == {"ada", "bea", "cleo"}
    assert all(v["ambito"] != "ATS-LE-03" for v in varianti.values())  # mai l'Ambito delle lezioni
    assert len({v["ambito"] for v in varianti.values()}) >= 2
    personale = corso.radice / "release-personali" / "ada" / "modulo-01"
    assert (personale / "corsista.txt").read_text().strip() == "ada"
    assert (personale / "modulo-01.ipynb").is_file()


def test_chi_lavora_sul_suo_ambito_prende_tutti_i_punti(corretto):
    esito = corretto["esiti"]["ada"]
    assert esito["variante"] == corretto["varianti"]["ada"]
    assert _punti(esito, "verifica-1-1") == 1 and _punti(esito, "verifica-1-2") == 2 and _punti(esito, "verifica-1-3") == 3


def test_i_numeri_copiati_da_un_compagno_non_valgono(corretto):
    assert corretto["varianti"]["ada"]["ambito"] != corretto["varianti"]["bea"]["ambito"]
    esito = corretto["esiti"]["bea"]
    assert _punti(esito, "verifica-1-1") == 0 and _punti(esito, "verifica-1-2") == 0
    assert _punti(esito, "verifica-1-3") == 3  # il suo codice, sul suo Ambito


def test_la_libreria_non_da_le_risposte_dei_compiti(corretto):
    """L'oracolo delle lezioni (l'Ambito degli esempi, i valori attesi delle verifiche) non vale nel compito."""
    import course.verifica.esercizi_03 as e3

    assert not hasattr(e3, "atteso_quota_adi")
    assert _punti(corretto["esiti"]["cleo"], "verifica-1-1") == 0


def test_la_versione_per_i_corsisti_non_contiene_le_verifiche_personali(corretto):
    corso = corretto["corso"]
    testo = corso.rilascio("modulo-01").read_text(encoding="utf-8")
    assert "risposta_registrata(\\\"1.1\\\"" in testo and "esercizio(\\\"1.1\\\"" not in testo
    assert not (corso.rilascio("modulo-01").parent / "varianti.py").exists()


def test_registrare_le_varianti_di_una_classe_legge_gli_ambiti_una_volta(tmp_path, monkeypatch):
    """Prima ogni corsista costava due letture della tabella degli Ambiti, anche se già registrato (secondi per classe)."""
    import course.territorio
    from course.valutazione.varianti import registra_varianti, variante_per

    vera = course.territorio.popolazione_ambiti
    letture = []

    def contata(*a, **k):
        letture.append(1)
        return vera(*a, **k)

    corso = type("CorsoFinto", (), {"radice": tmp_path})()
    attese = {f"c{i:02d}": variante_per("modulo-01", f"c{i:02d}") for i in range(12)}
    monkeypatch.setattr(course.territorio, "popolazione_ambiti", contata)
    assert registra_varianti(corso, "modulo-01", list(attese)) == attese
    assert len(letture) == 1
    assert registra_varianti(corso, "modulo-01", list(attese)) == attese  # già registrate: nessuna lettura
    assert len(letture) == 1
    assert json.loads((tmp_path / "varianti.json").read_text(encoding="utf-8"))["modulo-01"] == attese
