"""Pianta problemi di qualità nei dati sintetici e ne tiene l'elenco (per gli esercizi sulla qualità dei dati).

Ogni difetto piantato è una riga del manifesto: tabella, riga (posizione nella tabella scritta),
colonna, difetto, valore originale e valore piantato. ``course.dati.valida`` deve trovarli tutti.

>>> import numpy as np, tempfile
>>> from course.dati import carica, genera
>>> cartella = genera("ambito", seme=2, cartella=tempfile.mkdtemp(), progresso=False)
>>> tabelle = {t: carica(t, cartella=cartella) for t in ["nuclei", "domande", "patti", "attivita_mensili", "operatori"]}
>>> _, manifesto = pianta_difetti(tabelle, np.random.default_rng(0), None)
>>> manifesto["difetto"].nunique() >= 8, list(manifesto.columns) == COLONNE_MANIFESTO
(True, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["pianta_difetti", "COLONNE_MANIFESTO"]

COLONNE_MANIFESTO = ["tabella", "riga", "colonna", "difetto", "valore_originale", "valore_piantato"]


def _testo(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT or v is pd.NA:
        return ""
    if isinstance(v, pd.Timestamp | np.datetime64):
        return str(pd.Timestamp(v).date())
    return str(v)


class _Registro:
    def __init__(self, tabelle: dict[str, pd.DataFrame], rng):
        self.tabelle = {nome: df.astype({c: object for c in df.columns
                                         if isinstance(df[c].dtype, pd.CategoricalDtype)}).copy()
                        for nome, df in tabelle.items()}
        self.rng = rng
        self.voci: list[dict] = []
        self.usate: dict[str, set] = {nome: set() for nome in tabelle}

    def righe(self, tabella: str, quante: int, *, dove=None) -> list[int]:
        df = self.tabelle[tabella]
        candidati = np.flatnonzero(dove(df).to_numpy()) if dove is not None else np.arange(len(df))
        candidati = [int(i) for i in candidati if int(i) not in self.usate[tabella]]
        scelte = sorted(self.rng.choice(candidati, size=min(quante, len(candidati)), replace=False).tolist())
        self.usate[tabella].update(scelte)
        return scelte

    def cambia(self, tabella: str, riga: int, colonna: str, nuovo, difetto: str) -> None:
        df = self.tabelle[tabella]
        vecchio = df.iat[riga, df.columns.get_loc(colonna)]
        if nuovo is None and pd.api.types.is_integer_dtype(df[colonna].dtype):
            nuovo = pd.NA
        df.iat[riga, df.columns.get_loc(colonna)] = nuovo
        self.voci.append({"tabella": tabella, "riga": riga, "colonna": colonna, "difetto": difetto,
                          "valore_originale": _testo(vecchio), "valore_piantato": _testo(nuovo)})

    def duplica(self, tabella: str, quante: int, colonna_chiave: str) -> None:
        """Copia alcune righe subito dopo l'originale; le posizioni delle voci già scritte vengono spostate."""
        df = self.tabelle[tabella]
        originali = self.righe(tabella, quante)
        ordine = np.sort(np.concatenate([np.arange(len(df)), originali]), kind="stable")
        nuove_posizioni = {}
        for pos, vecchia in enumerate(ordine):
            nuove_posizioni.setdefault(int(vecchia), pos)
        for voce in self.voci:
            if voce["tabella"] == tabella:
                voce["riga"] = nuove_posizioni[voce["riga"]]
        self.tabelle[tabella] = df.iloc[ordine].reset_index(drop=True)
        self.usate[tabella] = {nuove_posizioni[r] for r in self.usate[tabella]}
        for r in originali:
            copia = nuove_posizioni[r] + 1
            self.usate[tabella].add(copia)
            chiave = self.tabelle[tabella].at[copia, colonna_chiave]
            self.voci.append({"tabella": tabella, "riga": copia, "colonna": colonna_chiave, "difetto": "riga duplicata",
                              "valore_originale": _testo(chiave), "valore_piantato": _testo(chiave)})


def pianta_difetti(tabelle: dict[str, pd.DataFrame], rng: np.random.Generator, mappatura):
    """Restituisce le tabelle con i difetti piantati e il manifesto (DataFrame) di ciò che è stato fatto."""
    from course.territorio import mappatura as leggi_mappatura

    mappa = mappatura if isinstance(mappatura, pd.DataFrame) else leggi_mappatura(mappatura)
    r = _Registro(tabelle, rng)
    riferimento = pd.Timestamp("2025-12-31")

    for i in r.righe("nuclei", 5):
        r.cambia("nuclei", i, "isee", np.nan, "valore mancante")
    for i in r.righe("nuclei", 3):
        r.cambia("nuclei", i, "codice_istat", str(int(r.tabelle["nuclei"].at[i, "codice_istat"])),
                 "codice ISTAT senza zero iniziale")
    for i in r.righe("nuclei", 3):
        r.cambia("nuclei", i, "codice_ambito", r.tabelle["nuclei"].at[i, "codice_ambito"].lower(),
                 "codice di Ambito in minuscolo")
    altri = mappa.set_index("codice_istat")["codice_ambito"]
    for i in r.righe("nuclei", 3):
        ambito = r.tabelle["nuclei"].at[i, "codice_ambito"]
        fuori = altri[altri != ambito].index.to_numpy()
        r.cambia("nuclei", i, "codice_istat", str(rng.choice(fuori)), "comune nell'Ambito sbagliato")
    for i in r.righe("nuclei", 2):
        r.cambia("nuclei", i, "componenti", 0, "valore impossibile")

    for i in r.righe("domande", 3, dove=lambda d: d["data_esito"].notna()):
        r.cambia("domande", i, "data_esito", r.tabelle["domande"].at[i, "data_domanda"] - pd.Timedelta(days=40),
                 "data impossibile (prima della domanda)")
    for i in r.righe("patti", 3, dove=lambda d: d["data_sottoscrizione"].notna()):
        r.cambia("patti", i, "data_sottoscrizione", r.tabelle["patti"].at[i, "data_domanda"] - pd.Timedelta(days=15),
                 "data impossibile (Patto firmato prima della domanda)")
    for i in r.righe("patti", 2, dove=lambda d: d["data_primo_colloquio"].notna() & d["data_analisi_preliminare"].isna()):
        r.cambia("patti", i, "data_primo_colloquio", riferimento + pd.Timedelta(days=400), "data nel futuro")
    for i in r.righe("patti", 3):
        r.cambia("patti", i, "id_operatore", None, "valore mancante")
    for i in r.righe("attivita_mensili", 3):
        r.cambia("attivita_mensili", i, "ore_svolte", -int(r.tabelle["attivita_mensili"].at[i, "ore_svolte"]) - 1,
                 "ore negative")
    for i, scritto in zip(r.righe("attivita_mensili", 3, dove=lambda d: d["tipo_attivita"] == "sussidiarietà"),
                          ["sussidiarieta", "Sussidiarietà", "sussidiarietà "]):
        r.cambia("attivita_mensili", i, "tipo_attivita", scritto, "categoria scritta in modo diverso")
    for i in r.righe("operatori", 2):
        r.cambia("operatori", i, "fte", 1.5, "valore impossibile")
    r.duplica("nuclei", 4, "id_nucleo")

    manifesto = pd.DataFrame(r.voci, columns=COLONNE_MANIFESTO).sort_values(["tabella", "riga"], kind="stable")
    return r.tabelle, manifesto.reset_index(drop=True)
