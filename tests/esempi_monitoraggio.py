"""Attività di esempio e la regola delle ore scritta nel modo più semplice, per i test del monitoraggio."""

import numpy as np
import pandas as pd

from course.parametri import parametro


TIPI = ["tirocinio", "sussidiarietà", "lavoro di comunità", "formazione", "altro"]


def attivita_casuali(n=400, seme=3):
    rng = np.random.default_rng(seme)
    prev = rng.integers(0, 60, n)
    sv = np.minimum(prev, rng.integers(0, 70, n))
    ag = rng.integers(0, 1 + (prev - sv))
    return pd.DataFrame({
        "id_patto": rng.choice([f"P{i:02d}" for i in range(25)], n),
        "mese": pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 8, n) * 31, unit="D"),
        "tipo_attivita": rng.choice(TIPI, n),
        "ore_previste": prev, "ore_svolte": sv, "assenze_giustificate": ag,
        "assenze_ingiustificate": prev - sv - ag,
    }).assign(mese=lambda d: d["mese"].dt.to_period("M").dt.to_timestamp())


def riferimento(df):
    """La stessa regola scritta nel modo più semplice, con groupby di pandas."""
    qual = df["tipo_attivita"].isin(parametro("attivita_qualificanti"))
    g = df.assign(q=df["ore_svolte"].where(qual, 0)).groupby(["id_patto", "mese"]).agg(
        ore_svolte=("ore_svolte", "sum"), ore_qualificanti=("q", "sum"), ore_previste=("ore_previste", "sum"))
    minimo = parametro("ore_mensili_minime")
    # «almeno 62 ore, di cui almeno la metà»: la metà del minimo (31 ore qualificanti)
    g["conforme"] = (g["ore_svolte"] >= minimo) & (
        g["ore_qualificanti"] >= parametro("quota_minima_attivita_qualificanti") * minimo)
    return g.reset_index()


def riga(patto, mese, tipo, svolte, previste=None, ingiust=0):
    return {"id_patto": patto, "mese": pd.Timestamp(mese), "tipo_attivita": tipo,
            "ore_previste": previste if previste is not None else svolte + ingiust, "ore_svolte": svolte,
            "assenze_giustificate": 0, "assenze_ingiustificate": ingiust}
