"""Profili di competenza: per corsista e per Ambito (o squadra), il punteggio su ogni competenza C1–C8.

Una cella valutata con più competenze conta, con i suoi punti, per ognuna. La quota (punti sul
massimo) si confronta con le soglie ``soglia_competenza_base`` e ``soglia_competenza_piena`` della
tabella dei parametri.

>>> import pandas as pd
>>> voti = pd.DataFrame({"studente": ["ada", "ada", "bea"], "competenze": ["C1", "C1,C3", "C3"],
...                      "punti": [2.0, 1.0, 0.0], "massimo": [2.0, 2.0, 2.0]})
>>> profilo_corsisti(voti)[["studente", "competenza", "punti", "massimo", "quota", "livello", "esercizi"]]
  studente competenza  punti  massimo  quota        livello  esercizi
0      ada         C1    3.0      4.0   0.75           base         2
1      ada         C3    1.0      2.0   0.50           base         1
2      bea         C3    0.0      2.0   0.00  non raggiunta         1

``esercizi`` conta le celle valutate che misurano la competenza: con una sola, il livello dipende da
un solo esercizio (e la colonna ``nota`` lo dice). Con i punti extra del formatore la quota non
supera mai il 100 %.
"""

from __future__ import annotations

__all__ = ["COMPETENZE", "livello", "profilo_corsisti", "profilo_gruppi", "tabella_profili", "con_anagrafica",
           "NOTA_UN_ESERCIZIO"]

#: La nota di una competenza misurata da una sola cella valutata.
NOTA_UN_ESERCIZIO = "si basa su un solo esercizio: un'indicazione, non un giudizio"

#: Le competenze del corso, dal documento di dominio.
COMPETENZE = {
    "C1": "Contesto normativo e organizzativo",
    "C2": "Presa in carico e lavoro per priorità",
    "C3": "Progettare indicatori",
    "C4": "Monitorare Patti, ore, attività e budget",
    "C5": "Confrontare gli Ambiti in modo corretto",
    "C6": "Valutare e trasferire buone pratiche",
    "C7": "Pianificare con gli ETS",
    "C8": "Dati reali, qualità e protezione dei dati",
}


def livello(quota):
    """Il livello raggiunto per una quota (Series o numero): «non raggiunta», «base» o «piena».

    >>> livello(0.85), livello(0.5), livello(0.2)
    ('piena', 'base', 'non raggiunta')
    """
    import numpy as np
    import pandas as pd

    from course.parametri import parametro

    base, piena = parametro("soglia_competenza_base"), parametro("soglia_competenza_piena")
    q = pd.Series(quota, dtype="float64") if not np.isscalar(quota) else pd.Series([quota], dtype="float64")
    risultato = pd.Series(np.select([q >= piena - 1e-9, q >= base - 1e-9], ["piena", "base"], "non raggiunta"), index=q.index)
    return risultato.iloc[0] if np.isscalar(quota) else risultato


def _per_competenza(voti):
    from course.errori import controlla_colonne

    controlla_colonne(voti, ["studente", "competenze", "punti", "massimo"], tabella="voti")
    lunga = voti.assign(competenza=voti["competenze"].fillna("").astype(str).str.split(",")).explode("competenza")
    lunga["competenza"] = lunga["competenza"].str.strip()
    return lunga[lunga["competenza"].isin(list(COMPETENZE))]


def _chiudi(tabella):
    punti, massimo = tabella["punti"].astype("float64"), tabella["massimo"].astype("float64")
    tabella["quota"] = (punti / massimo).where(massimo > 0).fillna(0.0).clip(upper=1.0).round(4)
    tabella["livello"] = livello(tabella["quota"]).to_numpy()
    tabella["nota"] = tabella["esercizi"].eq(1).map({True: NOTA_UN_ESERCIZIO, False: ""})
    return tabella


def profilo_corsisti(voti):
    """Per ogni corsista e competenza: punti, massimo, quota e livello (solo le competenze valutate)."""
    lunga = _per_competenza(voti)
    tabella = lunga.groupby(["studente", "competenza"], as_index=False, observed=True).agg(
        punti=("punti", "sum"), massimo=("massimo", "sum"), esercizi=("punti", "size"))
    return _chiudi(tabella)


def profilo_gruppi(voti, corsisti, *, per: str = "ambito"):
    """Come :func:`profilo_corsisti`, ma sommando i corsisti di ogni Ambito (``per="ambito"``) o squadra.

    ``corsisti`` è l'elenco dei corsisti con le colonne ``id`` e ``per``; chi non ha gruppo finisce in «senza gruppo».

    >>> import pandas as pd
    >>> voti = pd.DataFrame({"studente": ["ada", "bea"], "competenze": ["C5", "C5"], "punti": [2.0, 1.0], "massimo": [2.0, 2.0]})
    >>> elenco = pd.DataFrame({"id": ["ada", "bea"], "ambito": ["BA01", "BA01"]})
    >>> profilo_gruppi(voti, elenco)[["ambito", "competenza", "quota", "livello", "corsisti"]]
      ambito competenza  quota livello  corsisti
    0   BA01         C5   0.75    base         2
    """
    import pandas as pd

    from course.errori import controlla_colonne

    corsisti = pd.DataFrame(corsisti)
    controlla_colonne(corsisti, ["id", per], tabella="corsisti")
    lunga = _per_competenza(voti).merge(corsisti[["id", per]].rename(columns={"id": "studente"}), on="studente", how="left")
    lunga[per] = lunga[per].replace("", pd.NA).fillna("senza gruppo")
    # le celle valutate distinte (per compito): tutti i corsisti di un gruppo fanno gli stessi esercizi
    chiave = lunga["compito"].astype(str) + "/" + lunga["grade_id"].astype(str) if {"compito", "grade_id"} <= set(lunga) \
        else lunga["competenza"] + lunga.groupby(["studente", "competenza"]).cumcount().astype(str)
    tabella = lunga.assign(_cella=chiave).groupby([per, "competenza"], as_index=False, observed=True).agg(
        punti=("punti", "sum"), massimo=("massimo", "sum"), corsisti=("studente", "nunique"), esercizi=("_cella", "nunique"))
    tabella = _chiudi(tabella)
    return tabella[[per, "competenza", "punti", "massimo", "quota", "livello", "corsisti", "esercizi", "nota"]]


def con_anagrafica(profilo, corsisti):
    """Il profilo per corsista con nome, cognome, Ambito e squadra dall'elenco dei corsisti (colonne che ci sono).

    >>> import pandas as pd
    >>> p = pd.DataFrame({"studente": ["ada"], "competenza": ["C1"], "quota": [1.0]})
    >>> con_anagrafica(p, [{"id": "ada", "nome": "Ada", "cognome": "Rossi", "ambito": "ATS-BA-01"}]).columns.tolist()
    ['studente', 'nome', 'cognome', 'ambito', 'competenza', 'quota']
    """
    import pandas as pd

    elenco = pd.DataFrame(list(corsisti))
    colonne = [c for c in ("nome", "cognome", "ambito", "squadra") if c in elenco.columns]
    if elenco.empty or not colonne:
        return profilo
    anagrafica = elenco[["id", *colonne]].rename(columns={"id": "studente"})
    unito = profilo.merge(anagrafica, on="studente", how="left")
    unito[colonne] = unito[colonne].fillna("")
    return unito[["studente", *colonne, *[c for c in profilo.columns if c != "studente"]]]


def tabella_profili(corso, compiti=None):
    """I voti di tutti i compiti corretti del corso (o di quelli indicati), pronti per i profili."""
    import pandas as pd

    from course.valutazione.voti import COLONNE_VOTI, tabella_voti

    compiti = compiti or corso.compiti()
    parti = [tabella_voti(corso, c) for c in compiti]
    parti = [p for p in parti if not p.empty]
    return pd.concat(parti, ignore_index=True) if parti else pd.DataFrame(columns=COLONNE_VOTI)
