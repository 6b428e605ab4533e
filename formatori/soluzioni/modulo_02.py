"""Soluzioni ed errori tipici del modulo 02 (procedure e priorità). Materiale per i formatori: non distribuire."""

import pandas as pd

from course.dati import carica
from course.parametri import parametro
from course.scadenze import carico_case_manager, filtra_scadenzario, prossime_scadenze, scadenzario


def _caso():
    patti = carica("patti")
    adi = patti[patti["misura"] == "ADI"]
    return adi.sort_values(["data_domanda", "id_patto"]).iloc[-1]


def _scadenza(giorni_da="giorni_primo_colloquio_adi", dal="data_domanda"):
    caso = _caso()
    return caso[dal] + pd.Timedelta(days=parametro(giorni_da))


def _scadenze():
    return prossime_scadenze(carica("patti"))


def _coda_cm():
    patti = carica("patti")
    carico = carico_case_manager(patti, operatori=carica("operatori"))
    cm = carico["id_operatore"].iloc[0]
    return filtra_scadenzario(scadenzario(patti, nuclei=carica("nuclei")), case_manager=cm)


def _carico():
    return carico_case_manager(carica("patti"), operatori=carica("operatori"))


SOLUZIONI = {
    "2.1": _scadenza,
    "2.2": lambda: int((_scadenze()["stato"] == "scaduta").sum()),
    "2.3": lambda: _coda_cm()["id_patto"].head(3).tolist(),
    "2.4": lambda: round(_carico()["casi_aperti"].sum() / _carico()["fte"].sum(), 1),
}

ERRORI_TIPICI = {
    "2.1": [
        (lambda: _scadenza("giorni_primo_colloquio_red"), "ReD"),
        (lambda: _scadenza(dal="data_assegnazione"), "dalla data della domanda"),
        (lambda: _scadenza("giorni_revisione_percorso"), "revisioni"),
        (lambda: _scadenza().strftime("%d %B %Y"), "2025-03-31"),
        (lambda: 120, "data"),
    ],
    "2.2": [
        (lambda: int(_scadenze()["stato"].isin(["scaduta", "in scadenza"]).sum()), "in scadenza"),
        (lambda: len(_scadenze()), "tutti i casi aperti"),
        (lambda: len(carica("patti")), "anche quelle chiuse"),
        (lambda: str(int((_scadenze()["stato"] == "scaduta").sum())), "virgolette"),
    ],
    "2.3": [
        (lambda: _coda_cm()["id_patto"].head(3).tolist()[::-1], "ordine"),
        (lambda: _coda_cm().sort_values("giorni_aperto", ascending=False)["id_patto"].head(3).tolist(),
         "anzianità"),
        (lambda: _coda_cm()["id_patto"].tail(3).tolist()[::-1], "in fondo alla coda"),
        (lambda: _coda_cm()["id_patto"].head(3).str.cat(sep=", "), "parentesi quadre"),
    ],
    "2.4": [
        (lambda: _carico()["casi_aperti"].sum() / _carico()["fte"].notna().sum(), "numero di case manager"),
        (lambda: _carico()["casi_aperti"].sum() / carica("operatori")["fte"].sum(), "tutti gli operatori"),
        (lambda: len(carica("patti")) / _carico()["fte"].sum(), "anche quelle chiuse"),
    ],
}
