"""Soluzioni ed errori tipici del modulo 08 (progetto finale). Materiale per i formatori: non distribuire.

Il progetto ha molte soluzioni giuste: questa è un esempio completo e coerente, utile come modello.
"""

import tempfile
from dataclasses import replace
from pathlib import Path

import pandas as pd

from course.dati import carica
from course.indicatori import Indicatore, dal_catalogo
from course.parametri import parametro
from course.rapporto import periodo_piano, rapporto_piano_operativo, salva_rapporto


def _contributo():
    return parametro("contributo_piano_operativo_esempio")


def _periodo():
    return periodo_piano(carica("azioni_ets").attrs["data_riferimento"])


def _azioni(**modifiche):
    totale = _contributo()
    quote = {"Sportello di ascolto e orientamento": 0.25, "Laboratori di alfabetizzazione digitale": 0.10,
             "Sostegno alla genitorialità e mediazione familiare": 0.30,
             "Tutoraggio con registro delle presenze": 0.20, "Monitoraggio in itinere dei Patti": 0.15}
    budget = [round(totale * q, 2) for q in quote.values()]
    budget[-1] = round(totale - sum(budget[:-1]), 2)
    az = pd.DataFrame({
        "tipo_azione": ["interventi trasversali", "interventi trasversali", "pacchetti personalizzati",
                        "azioni di sistema", "azioni di sistema"],
        "descrizione": list(quote),
        "ente": ["Cooperativa sociale Aurora", "Associazione Ponti di Comunità", "Cooperativa sociale Il Mosaico",
                 "Cooperativa sociale Aurora", "Associazione Ponti di Comunità"],
        "budget": budget,
        "destinatari_previsti": [180, 60, 45, 120, 150],
        "destinatari": "beneficiari ReD e loro nuclei",
    })
    for colonna, valore in modifiche.items():
        az[colonna] = valore
    return az


def _attivita(azioni=None):
    inizio, fine = _periodo()
    azioni = _azioni() if azioni is None else azioni
    righe = []
    for i, nome in enumerate(azioni["descrizione"]):
        partenza = inizio + pd.DateOffset(months=i % 3)
        righe.append({"azione": nome, "descrizione": f"Avvio: {nome.lower()}", "inizio_previsto": partenza,
                      "fine_prevista": partenza + pd.DateOffset(months=2) - pd.Timedelta(days=1)})
        righe.append({"azione": nome, "descrizione": f"Svolgimento e verifica: {nome.lower()}",
                      "inizio_previsto": partenza + pd.DateOffset(months=2), "fine_prevista": fine})
    return pd.DataFrame(righe)


def _indicatori():
    comuni = dict(fonte="Registro delle presenze e rendicontazione degli ETS", frequenza="trimestrale",
                  responsabile="Ufficio di Piano")
    inizio, fine = _periodo()
    scadenza = fine.strftime("%d/%m/%Y")
    return [
        Indicatore("Quota di destinatari raggiunti dalle azioni", tipo="output", unita="%", polarita="crescente",
                   numeratore="destinatari_raggiunti", denominatore="destinatari_previsti", tabella="azioni_ets",
                   target=90, scadenza=scadenza, **comuni),
        Indicatore("Quota di Patti conclusi positivamente tra i nuclei seguiti", tipo="risultato", unita="%",
                   polarita="crescente", numeratore="esito == 'concluso'", denominatore="data_chiusura.notna()",
                   tabella="patti", target=50, scadenza=scadenza, **comuni),
        replace(dal_catalogo("Quota di mesi di Patto con ore sufficienti"), target=75,
                scadenza=pd.Timestamp(fine)),
    ]


def _rapporto(azioni=None, attivita=None, premessa="Il Piano rafforza i Patti dei nuclei più fragili."):
    azioni = _azioni() if azioni is None else azioni
    attivita = _attivita(azioni) if attivita is None else attivita
    inizio, fine = _periodo()
    pagina = rapporto_piano_operativo(azioni, ambito="ATS-LE-03", cronoprogramma=attivita,
                                      indicatori=_indicatori(), contributo=_contributo(), premessa=premessa,
                                      inizio=inizio, fine=fine, grafici=False)
    return salva_rapporto(pagina, Path(tempfile.mkdtemp()) / "piano_operativo.html")


def _per_adi():
    """Un'azione per i nuclei ADI: il Piano è solo per i destinatari del ReD e i loro nuclei."""
    az = _azioni()
    az.loc[2, "destinatari"] = "nuclei con l'Assegno di inclusione (ADI)"
    return az


def _attivita_fuori_periodo():
    att = _attivita()
    att.loc[0, "fine_prevista"] = _periodo()[1] + pd.Timedelta(days=40)
    return {"azioni": _azioni(), "attivita": att}


SOLUZIONI = {
    "8.1": _azioni,
    "8.2": lambda: {"azioni": _azioni(), "attivita": _attivita()},
    "8.3": _indicatori,
    "8.4": _rapporto,
}

ERRORI_TIPICI = {
    "8.1": [
        (_per_adi, "destinatari del ReD"),
        (lambda: _azioni(budget=[20000.0] * 5), "uguale al contributo"),
        (lambda: _azioni(budget=["20.000 €"] * 5), "senza virgolette"),
        (lambda: _azioni().drop(columns="ente"), "colonne"),
    ],
    "8.2": [
        (_attivita_fuori_periodo, "fine_piano"),
        (lambda: {"azioni": _azioni(), "attivita": _attivita().iloc[2:]}, "almeno un'attività"),
        (lambda: {"azioni": _azioni(), "attivita": _attivita().assign(azione="Sportello")}, "esattamente come"),
        (lambda: [_azioni(), _attivita()], "parentesi graffe"),
    ],
    "8.3": [
        (lambda: _indicatori()[:2], "almeno 3"),
        (lambda: [i for i in _indicatori() if i.tipo != "risultato"] + [_indicatori()[0]], "risultato"),
        (lambda: _indicatori()[:2] + [Indicatore("Nuclei soddisfatti", tipo="risultato", fonte="percezione degli "
                                                 "operatori", numeratore="righe", polarita="crescente")],
         "Nuclei soddisfatti"),
        (lambda: _indicatori()[0], "parentesi quadre"),
    ],
    "8.4": [
        (lambda: _rapporto(azioni=_azioni(budget=[1000.0] * 5)), "Controlli di coerenza"),
        (lambda: _rapporto(premessa=""), "premessa="),
        (lambda: "piano_che_non_esiste.html", "salva_rapporto"),
        (lambda: rapporto_piano_operativo(_azioni(), ambito="ATS-LE-03", grafici=False), "salva_rapporto"),
    ],
}
