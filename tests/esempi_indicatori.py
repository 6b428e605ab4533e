"""Dati e schede di esempio per i test di ``course.indicatori``."""

from __future__ import annotations

import pandas as pd

from course.indicatori import Indicatore


def patti_esempio():
    return pd.DataFrame({
        "id_patto": ["P1", "P2", "P3", "P4", "P5"],
        "codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-BA-01", "ATS-LE-02", "ATS-LE-02"],
        "misura": pd.Categorical(["ADI", "ReD", "ADI", "ReD", "ADI"]),
        "data_domanda": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-02-10", "2025-02-15", "2025-03-01"]),
        "data_primo_colloquio": pd.to_datetime(["2025-01-15", "2025-03-31", None, "2025-03-01", None]),
        "data_sottoscrizione": pd.to_datetime(["2025-02-01", None, None, "2025-03-20", None]),
        "data_ultima_revisione": pd.to_datetime(["2025-03-01", None, None, None, None]),
        "data_chiusura": pd.to_datetime([None, None, None, None, None]),
        "esito": [None, None, None, None, None],
        "n_revisioni": pd.array([1, 0, 0, 0, 0], dtype="Int64"),
    })


def indicatore_completo(**altro):
    campi = dict(nome="Quota di Patti sottoscritti entro 60 giorni", definizione="Patti firmati sul totale",
                 numeratore="data_sottoscrizione.notna()", denominatore="righe", unita="%", tipo="output",
                 fonte="Piattaforma GePI", frequenza="mensile", polarita="crescente", baseline=50, target=70,
                 scadenza="31/12/2025", responsabile="Ufficio di Piano")
    campi.update(altro)
    return Indicatore(**campi)
