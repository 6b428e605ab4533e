"""Soluzioni ed errori tipici del modulo 01 (contesto). Materiale per i formatori: non distribuire."""

import math

from course.parametri import parametro
from course.territorio import comuni, popolazione_ambiti

AMBITO = "ATS-LE-03"
NUCLEO = {"componenti": 3, "eta_richiedente": 45, "isee": 9800.0, "data_domanda": "2025-03-03"}


def _pop_ambito():
    p = popolazione_ambiti()
    return p.loc[p["codice_ambito"] == AMBITO, "popolazione"].iloc[0]


def _assistenti():
    return math.ceil(_pop_ambito() / parametro("residenti_per_assistente_sociale"))


def _lecce():
    p = popolazione_ambiti()
    return p[p["sigla_provincia"] == "LE"].sort_values("popolazione", ascending=False)


def _misure():
    giorno = NUCLEO["data_domanda"]
    red = (NUCLEO["isee"] <= parametro("isee_massimo_red", alla_data=giorno)
           and parametro("eta_minima_red") <= NUCLEO["eta_richiedente"] <= parametro("eta_massima_red"))
    adi = NUCLEO["isee"] <= parametro("isee_massimo_adi", alla_data=giorno)
    return {"ReD": red, "ADI": adi}


def _capofila():
    c = comuni()
    return c.loc[c["comune"] == "Gagliano del Capo", "popolazione"].iloc[0]


SOLUZIONI = {
    "1.1": _pop_ambito,
    "1.2": _assistenti,
    "1.3": _lecce,
    "1.4": _misure,
}

ERRORI_TIPICI = {
    "1.1": [
        (_capofila, "solo il comune capofila"),
        (lambda: popolazione_ambiti().set_index("codice_ambito").loc[AMBITO, "n_comuni"], "contato i comuni"),
        (lambda: popolazione_ambiti().query("sigla_provincia == 'LE'")["popolazione"].sum(), "tutta la provincia"),
        (lambda: str(_pop_ambito()), "virgolette"),
    ],
    "1.2": [
        (lambda: math.floor(_pop_ambito() / parametro("residenti_per_assistente_sociale")), "per eccesso"),
        (lambda: _pop_ambito() / parametro("residenti_per_assistente_sociale"), "math.ceil"),
        (lambda: math.ceil(_pop_ambito() / parametro("residenti_per_assistente_sociale_obiettivo")),
         "obiettivo ulteriore"),
        (lambda: math.ceil(_pop_ambito() / parametro("residenti_per_assistente_sociale_contributo")),
         "contributo statale"),
    ],
    "1.3": [
        (lambda: popolazione_ambiti().sort_values("popolazione", ascending=False), "sigla_provincia"),
        (lambda: _lecce().sort_values("popolazione"), "ascending=False"),
        (lambda: _lecce().rename(columns={"popolazione": "residenti"}), "popolazione"),
        (lambda: comuni().query("sigla_provincia == 'LE'"), "codice_ambito"),
        (lambda: _lecce()["popolazione"].sum(), "tabella"),
    ],
    "1.4": [
        (lambda: {**_misure(), "ReD": not _misure()["ReD"]}, "isee_massimo_red"),
        (lambda: {**_misure(), "ADI": not _misure()["ADI"]}, "alla_data"),
        (lambda: {"ReD": "forse", "ADI": _misure()["ADI"]}, "True oppure False"),
        (lambda: [_misure()["ReD"], _misure()["ADI"]], "parentesi graffe"),
    ],
}
