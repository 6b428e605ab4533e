"""Test di ``course.sessione``: link nbgitpuller corretti e ben codificati, errori in italiano."""

from __future__ import annotations

import argparse
from urllib.parse import parse_qs, urlsplit

import pytest

from course.errori import ErroreCorso
from course.sessione import link_nbgitpuller, aggiungi_comandi

REPO = "https://example.org/regione/ambiti-lab.git"


def _parti(link):
    parti = urlsplit(link)
    return parti, {k: v[0] for k, v in parse_qs(parti.query, strict_parsing=True).items()}


def test_link_predefinito_apre_la_lezione_00_in_lab():
    parti, parametri = _parti(link_nbgitpuller("https://hub.esempio.it", repo=REPO))
    assert (parti.scheme, parti.netloc, parti.path) == ("https", "hub.esempio.it", "/hub/user-redirect/git-pull")
    assert parametri == {
        "repo": REPO,
        "branch": "main",
        "urlpath": "lab/tree/ambiti-lab/modules/00-benvenuto/00-benvenuto.ipynb",
        # la cartella dove nbgitpuller clona è quella che urlpath apre (non «ambiti-lab.git»)
        "targetpath": "ambiti-lab",
    }


def test_codifica_di_spazi_accenti_e_caratteri_speciali():
    link = link_nbgitpuller(
        "https://hub.esempio.it/corso/", repo="https://example.org/a/b-corso", ramo="v1.0",
        percorso="modules/05-qualità/lezione con spazi&più.ipynb", interfaccia="notebook",
    )
    assert " " not in link and "à" not in link and link.count("&") == 3
    parti, parametri = _parti(link)
    assert parti.path == "/corso/hub/user-redirect/git-pull"
    assert parametri["urlpath"] == "tree/b-corso/modules/05-qualità/lezione con spazi&più.ipynb"
    assert parametri["branch"] == "v1.0"
    assert parametri["targetpath"] == "b-corso"


def test_hub_locale_in_http_ammesso():
    assert link_nbgitpuller("http://127.0.0.1:8000", repo=REPO).startswith(
        "http://127.0.0.1:8000/hub/user-redirect/git-pull?")


@pytest.mark.parametrize(
    ("argomenti", "frammento"),
    [
        ({"hub": "hub.esempio.it"}, "Deve cominciare con https://"),
        ({"hub": ""}, "Manca l'indirizzo del hub"),
        ({"hub": None}, "Manca l'indirizzo del hub"),
        ({"hub": "http://hub.esempio.it"}, "senza cifratura"),
        ({"hub": "https://hub.esempio.it/?x=1"}, "contiene parametri"),
        ({"repo": "git@example.org:a/b.git"}, "Indirizzo del repository non valido"),
        ({"repo": "https://example.org/"}, "manca il nome del progetto"),
        ({"ramo": "mio ramo"}, "Ramo non valido"),
        ({"ramo": ""}, "Ramo non valido"),
        ({"percorso": "/etc/passwd"}, "relativo alla radice"),
        ({"percorso": "modules/../../segreti"}, "senza '/' iniziale né '..'"),
        ({"percorso": 3}, "Percorso non valido"),
        ({"interfaccia": "lb"}, "Forse intendevi: lab"),
    ],
)
def test_input_sbagliati_errori_in_italiano(argomenti, frammento):
    valori = {"hub": "https://hub.esempio.it", "repo": REPO, **argomenti}
    hub = valori.pop("hub")
    with pytest.raises(ErroreCorso, match=frammento.replace("?", r"\?")):
        link_nbgitpuller(hub, **valori)


def test_sottocomando_sessione_link(capsys):
    parser = argparse.ArgumentParser()
    aggiungi_comandi(parser.add_subparsers())
    argomenti = parser.parse_args(["sessione", "link", "--hub", "https://hub.esempio.it", "--repo", REPO,
                                   "--percorso", "modules/01-dati/01-dati.ipynb"])
    assert argomenti.esegui(argomenti) == 0
    uscita = capsys.readouterr().out.strip()
    assert uscita == link_nbgitpuller("https://hub.esempio.it", repo=REPO,
                                      percorso="modules/01-dati/01-dati.ipynb")
    sbagliati = parser.parse_args(["sessione", "link", "--hub", "hub", "--repo", REPO])
    assert sbagliati.esegui(sbagliati) == 2
    assert "Errore: Indirizzo del hub non valido" in capsys.readouterr().err
