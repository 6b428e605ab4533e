"""Il rispetto della regola delle ore e le presenze aggregati per Patto, case manager, Ambito o mese.

Lavora sul risultato di ``conformita_mensile`` (e, se si vuole, di ``allerte``).

>>> import pandas as pd
>>> conf = pd.DataFrame({"id_patto": ["P1", "P2"], "mese": pd.to_datetime(["2025-01-01"] * 2),
...     "ore_previste": [62, 62], "ore_svolte": [62, 31], "assenze_ingiustificate": [0, 31],
...     "conforme": [True, False]})
>>> riepilogo_conformita(conf, per="mese")[["mese", "patti", "quota_conformi"]]
        mese  patti  quota_conformi
0 2025-01-01      2             0.5
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course._tempi import come_date
from course.errori import ErroreCorso, controlla_colonne, controlla_scelta
from course.monitoraggio._attivita import posizioni

__all__ = ["riepilogo_conformita", "LIVELLI"]

LIVELLI = ("patto", "case_manager", "ambito", "mese")
"""I livelli a cui ``riepilogo_conformita`` può aggregare."""

_COLONNA_PATTI = {"case_manager": "id_operatore", "ambito": "codice_ambito"}


def riepilogo_conformita(conformita: pd.DataFrame, patti: pd.DataFrame | None = None, *, per: str = "ambito",
                         allerte: pd.DataFrame | None = None) -> pd.DataFrame:
    """Il rispetto della regola delle ore e le presenze aggregati ``per`` Patto, case manager, Ambito o mese.

    Per ``case_manager`` e ``ambito`` serve la tabella ``patti`` (colonne ``id_patto``,
    ``id_operatore``, ``codice_ambito``). Con ``allerte=`` (il risultato di ``allerte``) si
    aggiungono i Patti in allerta.

    Colonne: ``patti`` (Patti monitorati), ``mesi_patto``, ``mesi_conformi``, ``quota_conformi``
    (sui mesi valutabili), ``ore_svolte_medie`` (per mese-Patto), ``tasso_presenza`` (ore svolte
    / ore previste, in totale) e ``quota_assenze_ingiustificate``; con le allerte anche
    ``patti_in_allerta`` e ``quota_in_allerta``.

    >>> import pandas as pd
    >>> conf = pd.DataFrame({"id_patto": ["P1", "P1", "P2"],
    ...     "mese": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-01-01"]),
    ...     "ore_previste": [62, 62, 70], "ore_svolte": [62, 31, 70],
    ...     "assenze_ingiustificate": [0, 31, 0], "conforme": [True, False, True]})
    >>> patti = pd.DataFrame({"id_patto": ["P1", "P2"], "codice_ambito": ["ATS-BR-01", "ATS-BR-02"],
    ...                       "id_operatore": ["OP1", "OP2"]})
    >>> riepilogo_conformita(conf, patti, per="ambito")[["codice_ambito", "patti", "mesi_patto", "quota_conformi"]]
      codice_ambito  patti  mesi_patto  quota_conformi
    0     ATS-BR-01      1           2             0.5
    1     ATS-BR-02      1           1             1.0
    """
    per = controlla_scelta(per, LIVELLI, cosa="livello di riepilogo")
    controlla_colonne(conformita, ["id_patto", "mese", "ore_previste", "ore_svolte", "assenze_ingiustificate",
                                   "conforme"], tabella="conformità mensile (il risultato di conformita_mensile)")
    patto = conformita["id_patto"]
    if not isinstance(patto.dtype, pd.CategoricalDtype):
        patto = patto.astype("category")
    codici_patto = patto.cat.codes.to_numpy(np.int64)
    voci_patto = patto.cat.categories

    if per in _COLONNA_PATTI:
        colonna = _COLONNA_PATTI[per]
        if patti is None:
            raise ErroreCorso(f"Per il riepilogo per {per.replace('_', ' ')} serve la tabella patti: "
                              f"riepilogo_conformita(conformita, patti, per={per!r}).")
        controlla_colonne(patti, ["id_patto", colonna], tabella="patti")
        posizione = posizioni(voci_patto, patti["id_patto"])
        gruppi_patti, nomi = pd.factorize(patti[colonna])
        nomi = [str(v) for v in nomi]
        if (gruppi_patti < 0).any():
            gruppi_patti = np.where(gruppi_patti < 0, len(nomi), gruppi_patti)
            nomi.append("non indicato")
        sconosciuto = len(nomi)
        gruppo_per_voce = np.where(posizione >= 0, gruppi_patti[np.maximum(posizione, 0)], sconosciuto)
        if (posizione < 0).any():
            nomi.append("Patto non trovato nella tabella patti")
        gruppo = gruppo_per_voce[codici_patto]
    elif per == "patto":
        colonna, gruppo, gruppo_per_voce, nomi = "id_patto", codici_patto, np.arange(len(voci_patto)), list(voci_patto)
    else:
        colonna = "mese"
        gruppo, nomi = pd.factorize(come_date(conformita["mese"], colonna="mese", tabella="conformità mensile"),
                                    sort=True)
        gruppo_per_voce = None
        nomi = list(nomi)

    n = len(nomi)

    def conta(pesi=None):
        return np.bincount(gruppo, weights=pesi, minlength=n)

    def somma_e_validi(nome):
        # una colonna alla volta, liberata subito: sui dati nazionali ogni copia pesa decine di MB
        colonna = pd.to_numeric(conformita[nome], errors="coerce")
        somma = conta(colonna.to_numpy(float, na_value=0.0))
        validi = conta(colonna.notna().to_numpy(float)) if colonna.hasnans else conta()
        return somma, validi

    conforme = conformita["conforme"].astype("boolean")
    valutabili = conta(conforme.notna().to_numpy(float))
    mesi_conformi = conta(conforme.to_numpy(float, na_value=0.0))
    del conforme
    svolte, svolte_valide = somma_e_validi("ore_svolte")
    previste, _ = somma_e_validi("ore_previste")
    assenze, _ = somma_e_validi("assenze_ingiustificate")
    if per == "mese":
        patti_per_gruppo = np.asarray(pd.Series(codici_patto).groupby(gruppo).nunique().reindex(range(n), fill_value=0))
    else:
        presenti = np.bincount(codici_patto, minlength=len(voci_patto)) > 0
        patti_per_gruppo = np.bincount(gruppo_per_voce[presenti], minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame({
            colonna if per != "patto" else "id_patto": nomi,
            "patti": patti_per_gruppo.astype(np.int64),
            "mesi_patto": conta().astype(np.int64),
            "mesi_conformi": mesi_conformi.astype(np.int64),
        })
        out["quota_conformi"] = np.where(valutabili > 0, mesi_conformi / valutabili, np.nan)
        out["ore_svolte_medie"] = np.where(svolte_valide > 0, svolte / svolte_valide, np.nan)
        out["tasso_presenza"] = np.where(previste > 0, svolte / previste, np.nan)
        out["quota_assenze_ingiustificate"] = np.where(previste > 0, assenze / previste, np.nan)
    if allerte is not None:
        controlla_colonne(allerte, ["id_patto", "allerta"], tabella="allerte (il risultato di allerte)")
        if per == "mese":
            raise ErroreCorso("Le allerte sono per Patto: usale con per='patto', 'case_manager' o 'ambito'.")
        posto = posizioni(allerte["id_patto"], voci_patto)
        dentro = posto >= 0
        in_allerta = allerte["allerta"].astype("boolean").to_numpy(float, na_value=0.0)[dentro]
        out["patti_in_allerta"] = np.bincount(gruppo_per_voce[posto[dentro]], weights=in_allerta,
                                              minlength=n).astype(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            out["quota_in_allerta"] = np.where(out["patti"] > 0, out["patti_in_allerta"] / out["patti"], np.nan)
    out = out[out["mesi_patto"] > 0]
    if per in ("ambito", "case_manager", "mese"):
        out = out.sort_values(colonna, kind="stable")
    return out.reset_index(drop=True)
