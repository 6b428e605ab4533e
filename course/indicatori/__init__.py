"""Progettare e calcolare indicatori: la scheda indicatore, il controllo SMART, il calcolo per Ambito o per mese.

Un indicatore si descrive con un :class:`Indicatore` (i campi della *scheda indicatore*) e si calcola
su una tabella con :func:`calcola`. Numeratore e denominatore si scrivono come **brevi espressioni
sulle colonne della tabella**, le stesse che si leggono nello schema dei dati:

- ``"righe"`` (o nessun valore): conta le righe, cioè i casi;
- il **nome di una colonna**: somma i valori (i «sì/no» contano 1 e 0, le caselle vuote non contano);
- una **condizione**: ``"esito == 'concluso'"``, ``"data_sottoscrizione.notna()"``,
  ``"(misura == 'ADI') & (n_revisioni >= 1)"``: conta le righe in cui è vera;
- un **calcolo**: ``"ore_svolte - ore_previste"``; le date valgono come numeri di giorni, quindi
  ``"data_primo_colloquio - data_domanda"`` dà i giorni trascorsi;
- ``@oggi`` è la data di riferimento dei dati e ``@nome_parametro`` una cifra della tabella dei
  parametri, ad esempio ``"@oggi - data_ultima_revisione > @giorni_revisione_percorso"``;
- per i casi difficili, una funzione Python che riceve la tabella e restituisce una colonna.

Il valore è la somma del numeratore diviso la somma del denominatore (per 100 se l'unità è ``%``).

>>> import pandas as pd
>>> patti = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-LE-02"],
...                       "data_sottoscrizione": pd.to_datetime(["2025-01-10", None, "2025-02-01"])})
>>> quota = Indicatore("Quota di Patti sottoscritti", tabella="patti", unita="%",
...                    numeratore="data_sottoscrizione.notna()", denominatore="righe", polarita="crescente")
>>> calcola(quota, patti)[["codice_ambito", "valore"]]
  codice_ambito  valore
0     ATS-BA-01    50.0
1     ATS-LE-02   100.0

Il pacchetto, un file per concetto (ognuno importa solo quelli sopra di sé nell'elenco):

- ``target.py``: il valore atteso scritto in un testo («almeno 20») → :func:`leggi_target`;
- ``espressioni.py``: numeratore e denominatore → un numero per riga (:func:`valuta_espressione`);
- ``indicatore.py``: la scheda :class:`Indicatore` e il controllo SMART (:func:`controlla_smart`);
- ``calcolo.py``: :func:`calcola` per Ambito, provincia, mese…;
- ``standard.py``: il catalogo degli indicatori del corso (:func:`catalogo`, :func:`calcola_tutti`);
- ``documenti.py``: la scheda da leggere (:func:`scheda`) e gli insiemi di indicatori in Excel/CSV.

Tutti i nomi pubblici si importano da qui: ``from course.indicatori import Indicatore, calcola``.
"""

from __future__ import annotations

from course.indicatori.calcolo import PERIODI, calcola, con_ambito
from course.indicatori.documenti import ElencoIndicatori, Scheda, leggi_indicatori, scheda, scrivi_indicatori
from course.indicatori.espressioni import data_di_riferimento, valuta_espressione
from course.indicatori.indicatore import GRAVITA, Indicatore, Rilievo, controlla_smart
from course.indicatori.standard import (
    calcola_tutti, catalogo, dal_catalogo, mesi_con_ore_sufficienti, mesi_di_attivita, mesi_valutabili,
)
from course.indicatori.target import TargetLetto, ValoreBase, leggi_target, leggi_valore_base

__all__ = [
    "Indicatore", "Rilievo", "TargetLetto", "ValoreBase", "Scheda", "controlla_smart", "leggi_target",
    "leggi_valore_base", "calcola",
    "valuta_espressione", "data_di_riferimento", "scheda", "leggi_indicatori", "scrivi_indicatori", "ElencoIndicatori",
    "PERIODI", "GRAVITA", "con_ambito",
    "catalogo", "dal_catalogo", "calcola_tutti", "mesi_con_ore_sufficienti", "mesi_di_attivita", "mesi_valutabili",
]
