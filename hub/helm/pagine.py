"""Scrive hub/helm/pagine.yaml: le pagine italiane del hub d'aula (hub/pagine/ e hub/messaggi.py) come
valori Helm, così il hub su Kubernetes mostra le stesse pagine.

    python hub/helm/pagine.py          # dopo ogni modifica a hub/pagine/ o hub/messaggi.py

Il file si usa insieme a valori.yaml:  helm upgrade … --values hub/helm/valori.yaml --values hub/helm/pagine.yaml
(tests/test_helm.py controlla che sia aggiornato e che il hub del chart usi le pagine).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

QUI = Path(__file__).resolve().parent
PAGINE = QUI.parent / "pagine"
MESSAGGI = QUI.parent / "messaggi.py"
USCITA = QUI / "pagine.yaml"
#: Dove il hub del chart trova le pagine (hub.extraFiles le monta lì dal Secret del hub).
CARTELLA_NEL_HUB = "/usr/local/etc/jupyterhub/pagine"

CONFIGURAZIONE = '''\
import importlib.util
import os
from pathlib import Path

PAGINE = Path(os.environ.get("AMBITI_LAB_PAGINE", "{cartella}"))
_spec = importlib.util.spec_from_file_location("ambiti_lab_messaggi", PAGINE / "messaggi.py")
messaggi = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(messaggi)
c.JupyterHub.template_paths = [str(PAGINE)]
c.JupyterHub.template_vars = {{
    # JupyterHub chiama i valori che sono funzioni passando l'utente: si restituisce la funzione stessa.
    "traduci": lambda utente: messaggi.traduci,
    "lunghezza_password": c.NativeAuthenticator.minimum_password_length,
}}
'''


def valori_delle_pagine() -> dict:
    """I valori Helm che montano le pagine nel hub e le fanno usare a JupyterHub."""
    file = {}
    for percorso in sorted([*PAGINE.iterdir(), MESSAGGI]):
        if percorso.is_file():
            chiave = "pagina-" + percorso.name.replace(".", "-").replace("_", "-").lower()
            file[chiave] = {"mountPath": f"{CARTELLA_NEL_HUB}/{percorso.name}",
                            "stringData": percorso.read_text(encoding="utf-8")}
    return {"hub": {"extraFiles": file,
                    "extraConfig": {"pagine-italiane": CONFIGURAZIONE.format(cartella=CARTELLA_NEL_HUB)}}}


class _Blocchi(yaml.SafeDumper):
    """YAML leggibile: i testi su più righe come blocchi «|»."""


def _testo(dumper, dato: str):
    stile = "|" if "\n" in dato else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", dato, style=stile)


_Blocchi.add_representer(str, _testo)


def testo_del_file() -> str:
    intestazione = ("# Generato da hub/helm/pagine.py da hub/pagine/ e hub/messaggi.py: non modificare a mano.\n"
                    "# Le pagine del hub in italiano su Kubernetes; si usa insieme a valori.yaml:\n"
                    "#   helm upgrade … --values hub/helm/valori.yaml --values hub/helm/pagine.yaml\n")
    return intestazione + yaml.dump(valori_delle_pagine(), Dumper=_Blocchi, allow_unicode=True, sort_keys=False,
                                    width=1000)


if __name__ == "__main__":
    USCITA.write_text(testo_del_file(), encoding="utf-8")
    print(f"Scritto {USCITA.relative_to(Path.cwd()) if USCITA.is_relative_to(Path.cwd()) else USCITA}", file=sys.stderr)
