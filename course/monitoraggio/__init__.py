"""Monitoraggio dei Patti: ore, presenze e allerte precoci (competenza C4).

Tre passi, ognuno una funzione (e un file di questo pacchetto):

1. ``conformita_mensile(attivita)`` (``conformita.py``): una riga per Patto e mese, con ore, quote,
   tassi di presenza e rispetto della regola delle ore (scritta solo lì). Accetta la tabella
   ``attivita_mensili`` o il percorso del suo file Parquet (la via veloce per i dati grandi: legge
   solo le colonne che servono).
2. ``allerte(conformita)`` (``allerte_precoci.py``): una riga per Patto con i segnali precoci (mesi
   consecutivi sotto soglia, assenze non giustificate in aumento, mesi senza attività) e il motivo
   scritto per esteso.
3. ``riepilogo_conformita(conformita, patti, per=...)`` (``riepilogo.py``): lo stesso quadro per
   Patto, case manager, Ambito o mese.

I file che cominciano con ``_`` sono aiuti interni: la lettura leggera di ``attivita_mensili`` e le
somme per Patto e mese lette a blocchi dal Parquet.

>>> import pandas as pd
>>> attivita = pd.DataFrame({
...     "id_patto": ["P1", "P1", "P1"], "mese": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-02-01"]),
...     "tipo_attivita": ["tirocinio", "formazione", "formazione"],
...     "ore_previste": [40, 30, 62], "ore_svolte": [36, 30, 50],
...     "assenze_giustificate": [4, 0, 2], "assenze_ingiustificate": [0, 0, 10]})
>>> c = conformita_mensile(attivita)
>>> c[["mese", "ore_svolte", "ore_qualificanti", "conforme"]]
        mese  ore_svolte  ore_qualificanti  conforme
0 2025-01-01          66                36      True
1 2025-02-01          50                 0     False
>>> riepilogo_conformita(c, per="mese")["quota_conformi"].tolist()
[1.0, 0.0]
"""

from __future__ import annotations

from course.monitoraggio.allerte_precoci import allerte
from course.monitoraggio.conformita import COLONNE_ATTIVITA, conformita_mensile
from course.monitoraggio.riepilogo import LIVELLI, riepilogo_conformita

__all__ = ["COLONNE_ATTIVITA", "conformita_mensile", "allerte", "riepilogo_conformita", "LIVELLI"]
