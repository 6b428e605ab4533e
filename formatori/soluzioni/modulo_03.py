"""Soluzioni ed errori tipici del modulo 03 (progettare indicatori). Materiale per i formatori: non distribuire."""

from course.dati import carica
from course.indicatori import Indicatore, calcola, dal_catalogo

POLARITA = {
    "Giorni medi dalla domanda al primo colloquio": "decrescente",
    "Quota di Patti sottoscritti": "crescente",
    "Quota di ore perse per assenze ingiustificate": "decrescente",
    "Residenti per assistente sociale": "decrescente",
    "Quota di Patti conclusi positivamente": "crescente",
}
TIPI = {
    "Residenti per assistente sociale": "input",
    "Giorni medi dalla domanda al primo colloquio": "processo",
    "Quota di Patti sottoscritti": "output",
    "Quota di Patti conclusi positivamente": "risultato",
}


def _indicatore(**modifiche):
    campi = dict(
        nome="Quota di prese in carico ADI con il Patto sottoscritto",
        definizione="Tra le prese in carico ADI, quota di quelle in cui il nucleo ha già firmato il Patto.",
        numeratore="(misura == 'ADI') & data_sottoscrizione.notna()",
        denominatore="misura == 'ADI'",
        unita="%", tipo="output", fonte="Piattaforma GePI (tabella patti)", frequenza="trimestrale",
        polarita="crescente", baseline=None, target=80, scadenza="31/12/2026", responsabile="Ufficio di Piano",
        tabella="patti", data="data_domanda",
    )
    campi.update(modifiche)
    return Indicatore(**campi)


def _baseline():
    patti = carica("patti")
    valori = calcola(dal_catalogo("Giorni medi dalla domanda al primo colloquio"), patti)
    return valori.loc[valori["codice_ambito"] == "ATS-LE-03", "valore"].iloc[0]


def _mediana():
    p = carica("patti").query("codice_ambito == 'ATS-LE-03'")
    return (p["data_primo_colloquio"] - p["data_domanda"]).dt.days.median()


def _da_assegnazione():
    p = carica("patti").query("codice_ambito == 'ATS-LE-03'")
    return (p["data_primo_colloquio"] - p["data_assegnazione"]).dt.days.mean()


SOLUZIONI = {
    "3.1": lambda: dict(POLARITA),
    "3.2": lambda: dict(TIPI),
    "3.3": _indicatore,
    "3.4": _baseline,
}

ERRORI_TIPICI = {
    "3.1": [
        (lambda: {**POLARITA, "Residenti per assistente sociale": "crescente"}, "buona notizia"),
        (lambda: {**POLARITA, "Quota di Patti sottoscritti": None}, "al posto di none"),
        (lambda: list(POLARITA.values()), "parentesi graffe"),
    ],
    "3.2": [
        (lambda: {**TIPI, "Quota di Patti sottoscritti": "risultato"}, "che cosa cambia per le persone"),
        (lambda: {**TIPI, "Residenti per assistente sociale": "processo"}, "come si svolge il lavoro"),
        (lambda: {**TIPI, "Giorni medi dalla domanda al primo colloquio": "efficienza"}, "una parola"),
    ],
    "3.3": [
        (lambda: _indicatore(denominatore="righe"), "solo quelle ADI"),
        (lambda: _indicatore(numeratore="data_sottoscrizione.notna()"), "anche i Patti ReD"),
        (lambda: _indicatore(polarita="decrescente"), "crescente"),
        (lambda: _indicatore(fonte=""), "da dove si leggono i numeri"),
        (lambda: _indicatore(scadenza=None), "scadenza"),
        (lambda: {"nome": "Quota di Patti ADI"}, "Indicatore("),
    ],
    "3.4": [
        (_mediana, "mediana"),
        (_da_assegnazione, "dalla data della domanda"),
        (lambda: str(round(_baseline(), 1)), "virgolette"),
    ],
}
