"""Il funnel plot (grafico a imbuto) in numeri: limiti di controllo, posizione di ogni Ambito, quanti sono fuori.

Si parte dal risultato di :func:`course.confronto.tassi` (eventi sui residenti) o di
:func:`course.confronto.quote` (eventi su un totale, ad esempio le prese in carico).

Tre tipi di limiti, da scegliere con ``correzione``:

- ``"nessuna"``: i **limiti semplici**, che mettono in conto solo il caso (Byar per i tassi, Wilson per
  le quote): un punto fuori al 95% capita per caso 1 volta su 20, fuori al 99,8% 1 volta su 500;
- ``"moltiplicativa"`` e ``"additiva"``: i **limiti corretti per la sovradispersione**
  (:mod:`course.sovradispersione`), quando gli Ambiti differiscono fra loro molto più di quanto
  spieghi il caso;
- ``"automatica"`` (la scelta predefinita, la stessa in lezione, esploratore e verifiche): i limiti
  additivi se la sovradispersione è presente, altrimenti quelli semplici.

**Molti confronti.** Con 45 Ambiti, anche se fossero tutti uguali, circa 2 (45 × 5%) cadrebbero fuori
dai limiti del 95% per puro caso: :func:`quanti_fuori` lo mette accanto ai conteggi osservati.

>>> import pandas as pd
>>> from course.confronto import tassi
>>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "popolazione": [10000, 40000]})
>>> t = tassi(pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 10 + ["ATS-BA-02"] * 40}), popolazione=pop)
>>> posizioni_funnel(t)["posizione"].tolist()
['in linea con l’atteso', 'in linea con l’atteso']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import sovradispersione as sd
from course.errori import ErroreCorso, controlla_colonne, controlla_scelta
from course.intervalli import intervallo_byar, intervallo_wilson, limiti_attesi, quantile_z

__all__ = ["CORREZIONI", "LIVELLI", "colonna_denominatore", "stima_sovradispersione", "correzione_effettiva",
           "limiti_funnel", "posizioni_funnel", "confronta_limiti", "quanti_fuori"]

#: Le scelte per ``correzione``: "automatica" (predefinita), "nessuna", "moltiplicativa", "additiva".
CORREZIONI = ("automatica", "nessuna", *sd.CORREZIONI)
#: I due livelli dei limiti di controllo, dal più largo al più severo.
LIVELLI = (0.95, 0.998)
_NOMI_LIMITI = {"nessuna": "limiti semplici (solo il caso)",
                "moltiplicativa": "limiti corretti, fattore moltiplicativo",
                "additiva": "limiti corretti, varianza tra Ambiti (additivi)"}


def _etichetta(livello: float) -> str:
    return f"{livello * 100:g}".replace(".", ",")


def colonna_denominatore(t: pd.DataFrame) -> str:
    """La colonna con il denominatore: ``popolazione`` per i tassi, quella indicata da :func:`~course.confronto.quote`."""
    return t.attrs.get("colonna_denominatore", "popolazione")


def _quote(t: pd.DataFrame) -> bool:
    return t.attrs.get("tipo") == "quote"


def _riferimento(t: pd.DataFrame, riferimento, per) -> float:
    if riferimento is not None:
        return float(riferimento) / per
    n = t[colonna_denominatore(t)].astype(float)
    validi = n > 0
    if not validi.any():
        return float("nan")
    return float(t.loc[validi, "eventi"].sum() / n[validi].sum())


def _controlla(t: pd.DataFrame) -> str:
    base = colonna_denominatore(t)
    controlla_colonne(t, [base, "eventi"], tabella="dei tassi")
    return base


def stima_sovradispersione(t: pd.DataFrame, *, riferimento: float | None = None) -> sd.Sovradispersione:
    """Quanto gli Ambiti di ``t`` variano oltre il caso (vedi :mod:`course.sovradispersione`).

    ``riferimento`` è espresso come i tassi della tabella (ad esempio ogni 1.000 residenti).

    >>> import pandas as pd
    >>> from course.confronto import tassi
    >>> pop = pd.DataFrame({"codice_ambito": [f"ATS-BA-{i:02d}" for i in range(1, 13)], "popolazione": 20000})
    >>> casi = pd.DataFrame({"codice_ambito": [f"ATS-BA-{i:02d}" for i in range(1, 13) for _ in range(10 * i)]})
    >>> stima_sovradispersione(tassi(casi, popolazione=pop)).presente
    True
    """
    base = _controlla(t)
    per = t.attrs.get("per", 1000)
    theta = _riferimento(t, riferimento, per)
    return sd.stima(t["eventi"].astype(float), t[base].fillna(0).astype(float), riferimento=theta,
                    scala="arcoseno" if _quote(t) else "radice")


def correzione_effettiva(correzione: str, stima: sd.Sovradispersione) -> str:
    """La correzione che si applica davvero: «automatica» diventa «additiva» o «nessuna».

    Senza sovradispersione (o senza abbastanza Ambiti per stimarla) i limiti restano quelli semplici.

    >>> from course.sovradispersione import stima
    >>> correzione_effettiva("automatica", stima([10, 11, 9, 10, 12, 8, 10, 9, 11, 10], [1000] * 10))
    'nessuna'
    """
    controlla_scelta(correzione, CORREZIONI, cosa="correzione dei limiti")
    if correzione == "nessuna" or not stima.presente:
        if correzione in sd.CORREZIONI and not stima.stimabile:
            raise ErroreCorso(f"Non posso correggere i limiti per la sovradispersione: {stima.nota} "
                              "Usa correzione=\"nessuna\" (i limiti semplici).")
        return "nessuna"
    return "additiva" if correzione == "automatica" else correzione


def _prepara(t, riferimento, correzione, sovradispersione):
    base = _controlla(t)
    per = t.attrs.get("per", 1000)
    theta = _riferimento(t, riferimento, per)
    stima = sovradispersione if sovradispersione is not None else stima_sovradispersione(t, riferimento=riferimento)
    return base, per, theta, stima, correzione_effettiva(correzione, stima)


def _limiti_semplici(n, theta, livello, quote):
    if quote:
        mezza = quantile_z(livello) * np.sqrt(theta * (1 - theta) / n)
        return np.clip(theta - mezza, 0, 1), np.clip(theta + mezza, 0, 1)
    inf, sup = limiti_attesi(theta * n, livello=livello)
    return inf / n, sup / n


def limiti_funnel(t: pd.DataFrame, *, riferimento: float | None = None, livelli=LIVELLI, punti: int = 200,
                  correzione: str = "automatica", sovradispersione: sd.Sovradispersione | None = None) -> pd.DataFrame:
    """Le curve dei limiti di controllo, per denominatori da piccoli a grandi.

    ``t`` è il risultato di :func:`~course.confronto.tassi` o :func:`~course.confronto.quote`. Il
    ``riferimento`` (nella stessa unità dei tassi) è di norma il valore complessivo di tutti gli Ambiti in
    ``t``. ``sovradispersione`` permette di usare una stima fatta su una tabella più ampia (ad esempio
    tutta la regione quando si guarda una provincia). Colonne: il denominatore, ``riferimento`` e per ogni
    livello ``inf_95``/``sup_95``, ``inf_99,8``/``sup_99,8``. ``attrs["correzione"]`` dice quali limiti sono.

    >>> import pandas as pd
    >>> from course.confronto import tassi
    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "popolazione": [10000, 40000]})
    >>> t = tassi(pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 10 + ["ATS-BA-02"] * 40}), popolazione=pop)
    >>> lim = limiti_funnel(t, punti=5)
    >>> list(lim.columns), lim.attrs["correzione"]
    (['popolazione', 'riferimento', 'inf_95', 'sup_95', 'inf_99,8', 'sup_99,8'], 'nessuna')
    >>> bool((lim["sup_99,8"] > lim["sup_95"]).all() and (lim["sup_95"] > lim["riferimento"]).all())
    True
    """
    base, per, theta, stima, effettiva = _prepara(t, riferimento, correzione, sovradispersione)
    pos = t.loc[t[base] > 0, base].astype(float)
    if pos.empty or not np.isfinite(theta):
        return pd.DataFrame(columns=[base, "riferimento"])
    n = np.geomspace(max(pos.min() * 0.5, 1), pos.max() * 1.5, punti)
    lim = pd.DataFrame({base: n, "riferimento": theta * per})
    for livello in livelli:
        if effettiva == "nessuna":
            inf, sup = _limiti_semplici(n, theta, livello, _quote(t))
        else:
            inf, sup = sd.limiti(n, stima=stima, livello=livello, correzione=effettiva)
        lim[f"inf_{_etichetta(livello)}"], lim[f"sup_{_etichetta(livello)}"] = inf * per, sup * per
    lim.attrs.update(t.attrs)
    lim.attrs.update({"correzione": effettiva, "sovradispersione": stima})
    return lim


def _fuori_semplice(e, n, theta, livello, quote):
    """+1 sopra, -1 sotto, 0 dentro i limiti semplici: l'intervallo dell'Ambito esclude il riferimento?"""
    with np.errstate(divide="ignore", invalid="ignore"):
        if quote:
            inf, sup = intervallo_wilson(e, n, livello=livello)
            attesa = theta
        else:
            inf, sup = intervallo_byar(e, livello=livello)
            attesa = theta * n
    return np.where(inf > attesa, 1, np.where(sup < attesa, -1, 0))


def _fuori(t, base, theta, stima, correzione, livello):
    e, n = t["eventi"].to_numpy(float), t[base].fillna(0).to_numpy(float)
    if correzione == "nessuna":
        return _fuori_semplice(e, n, theta, livello, _quote(t))
    return sd.fuori_dai_limiti(e, n, stima=stima, livello=livello, correzione=correzione)


def posizioni_funnel(t: pd.DataFrame, *, riferimento: float | None = None, correzione: str = "automatica",
                     sovradispersione: sd.Sovradispersione | None = None) -> pd.DataFrame:
    """Dove cade ogni Ambito nel funnel plot: in linea, sopra o sotto l'atteso (al 95% e al 99,8%).

    Aggiunge a ``t`` le colonne ``atteso`` (eventi attesi con il valore di riferimento) e ``posizione``.
    Le etichette usano l'apostrofo tipografico: «sopra l’atteso (oltre il 95%)». ``correzione`` e
    ``sovradispersione`` come in :func:`limiti_funnel`; ``attrs["correzione"]`` dice quali limiti si sono usati.

    >>> import pandas as pd
    >>> from course.confronto import tassi
    >>> pop = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02", "ATS-BA-03"],
    ...                     "popolazione": [10000, 10000, 80000]})
    >>> casi = pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 40 + ["ATS-BA-02"] * 10 + ["ATS-BA-03"] * 100})
    >>> posizioni_funnel(tassi(casi, popolazione=pop))["posizione"].tolist()
    ['sopra l’atteso (oltre il 99,8%)', 'in linea con l’atteso', 'in linea con l’atteso']
    """
    base, _per, theta, stima, effettiva = _prepara(t, riferimento, correzione, sovradispersione)
    out = t.copy()
    n = out[base].astype(float)
    out["atteso"] = theta * n
    scelte, etichette = [~(n > 0)], ["non calcolabile (denominatore zero)"]
    for livello in sorted(LIVELLI, reverse=True):
        lato = _fuori(out, base, theta, stima, effettiva, livello)
        testo = f"{_etichetta(livello)}%"
        scelte += [lato > 0, lato < 0]
        etichette += [f"sopra l’atteso (oltre il {testo})", f"sotto l’atteso (oltre il {testo})"]
    out["posizione"] = np.select(scelte, etichette, default="in linea con l’atteso")
    out.attrs.update({"correzione": effettiva, "sovradispersione": stima})
    return out


def quanti_fuori(t: pd.DataFrame, *, riferimento: float | None = None,
                 sovradispersione: sd.Sovradispersione | None = None) -> pd.DataFrame:
    """Quanti Ambiti cadono fuori dai limiti, con ciascun tipo di limiti, e quanti ne aspetteremmo per caso.

    Le ultime due colonne sono i **molti confronti**: se gli Ambiti fossero tutti uguali, ne cadrebbero
    comunque fuori circa il 5% (limiti del 95%) e lo 0,2% (limiti del 99,8%).

    >>> import pandas as pd
    >>> from course.confronto import tassi
    >>> pop = pd.DataFrame({"codice_ambito": [f"ATS-BA-{i:02d}" for i in range(1, 13)], "popolazione": 20000})
    >>> casi = pd.DataFrame({"codice_ambito": [f"ATS-BA-{i:02d}" for i in range(1, 13) for _ in range(10 * i)]})
    >>> quanti_fuori(tassi(casi, popolazione=pop))[["limiti", "fuori_95", "attesi_per_caso_95"]].values.tolist()
    [['limiti semplici (solo il caso)', 8, 0.6], ['limiti corretti, fattore moltiplicativo', 1, 0.6], ['limiti corretti, varianza tra Ambiti (additivi)', 1, 0.6]]
    """
    base, _per, theta, stima, _ = _prepara(t, riferimento, "nessuna", sovradispersione)
    validi = t[t[base].fillna(0) > 0]
    righe = []
    for correzione in ("nessuna", *sd.CORREZIONI):
        if correzione != "nessuna" and not stima.stimabile:
            continue
        effettiva = correzione if stima.presente else "nessuna"
        conti = {f"fuori_{_etichetta(lv).replace(',', '_')}":
                 int((_fuori(validi, base, theta, stima, effettiva, lv) != 0).sum()) for lv in LIVELLI}
        righe.append({"limiti": _NOMI_LIMITI[correzione], **conti})
    tabella = pd.DataFrame(righe)
    for livello in LIVELLI:
        tabella[f"attesi_per_caso_{_etichetta(livello).replace(',', '_')}"] = round(len(validi) * (1 - livello), 1)
    tabella.attrs.update({"sovradispersione": stima, "ambiti": len(validi)})
    return tabella


def confronta_limiti(t: pd.DataFrame, *, riferimento: float | None = None, solo_fuori: bool = False,
                     sovradispersione: sd.Sovradispersione | None = None) -> pd.DataFrame:
    """La posizione di ogni Ambito con i tre tipi di limiti, fianco a fianco: ``semplici``, ``moltiplicativi``, ``additivi``.

    Con ``solo_fuori=True`` restano gli Ambiti fuori da almeno uno dei limiti corretti. Se la
    sovradispersione non è presente, le tre colonne coincidono.

    >>> import pandas as pd
    >>> from course.confronto import tassi
    >>> pop = pd.DataFrame({"codice_ambito": [f"ATS-BA-{i:02d}" for i in range(1, 13)], "popolazione": 20000})
    >>> casi = pd.DataFrame({"codice_ambito": [f"ATS-BA-{i:02d}" for i in range(1, 13) for _ in range(10 * i)]})
    >>> confronta_limiti(tassi(casi, popolazione=pop), solo_fuori=True)[["codice_ambito", "semplici", "additivi"]].values.tolist()
    [['ATS-BA-01', 'sotto l’atteso (oltre il 99,8%)', 'sotto l’atteso (oltre il 95%)']]
    """
    base, _per, _theta, stima, _ = _prepara(t, riferimento, "nessuna", sovradispersione)
    colonne = [c for c in ("codice_ambito", "ambito", base, "eventi", "tasso") if c in t.columns]
    out = t[colonne].copy()
    for nome, correzione in (("semplici", "nessuna"), ("moltiplicativi", "moltiplicativa"), ("additivi", "additiva")):
        effettiva = correzione if stima.presente else "nessuna"
        out[nome] = posizioni_funnel(t, riferimento=riferimento, correzione=effettiva,
                                     sovradispersione=stima)["posizione"].to_numpy()
    if solo_fuori:
        in_linea = "in linea con l’atteso"
        out = out[(out["moltiplicativi"] != in_linea) | (out["additivi"] != in_linea)]
    out.attrs.update({"sovradispersione": stima})
    return out.reset_index(drop=True)
