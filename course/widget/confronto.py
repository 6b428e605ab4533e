"""Esploratore per confrontare gli Ambiti: scegli indicatore, provincia, Ambito e vista; tabella e grafico si aggiornano.

La logica sta in :func:`vista_confronto` (una funzione semplice, usabile senza widget); la classe
:class:`EsploratoreConfronto` collega solo i menu a quella funzione.

>>> import pandas as pd
>>> patti = pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 30 + ["ATS-LE-02"] * 10})
>>> tabella, figura = vista_confronto({"patti": patti}, indicatore="prese in carico ogni 1.000 residenti",
...                                   vista="tassi con intervalli")
>>> tabella["Ambito"].tolist()
['Ambito territoriale di Gagliano del Capo', 'Ambito territoriale di Casarano']
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from course import confronto
from course.errori import ErroreCorso, controlla_scelta
from course.widget._comune import figura_png, immagine_grafico, mostra_grafico, tabella_html

__all__ = ["VISTE", "LIMITI", "vista_confronto", "avviso_limiti", "tabella_html", "figura_png", "EsploratoreConfronto", "esploratore_confronto"]

VISTE = ("funnel plot", "tassi con intervalli", "graduatoria con incertezza", "confronto tra province")
#: I limiti del funnel plot, come li legge chi usa l'esploratore → il valore di ``correzione``.
LIMITI = {
    "automatici (corretti solo se serve)": "automatica",
    "semplici (solo il caso)": "nessuna",
    "corretti: varianza tra Ambiti (additivi)": "additiva",
    "corretti: fattore moltiplicativo": "moltiplicativa",
}

_NOMI_COLONNE = {
    "codice_ambito": "Codice", "ambito": "Ambito", "sigla_provincia": "Prov.", "provincia": "Provincia",
    "popolazione": "Residenti", "prese_in_carico": "Prese in carico", "eventi": "Eventi", "tasso": "Tasso", "tasso_inf": "Min. plausibile",
    "tasso_sup": "Max plausibile", "rispetto_atteso": "Rispetto all’atteso", "posizione": "Posizione", "posizione_inf": "Posizione migliore",
    "posizione_sup": "Posizione peggiore", "fte_assistenti_sociali": "Assistenti sociali (FTE)",
    "residenti_per_as": "Residenti per AS", "as_mancanti_leps": "AS mancanti per il LEPS", "classe": "Giudizio",
    "nota": "Nota",
}


def vista_confronto(tabelle: dict, *, indicatore: str, provincia: str | None = "tutte", ambito: str | None = None,
                    vista: str = "funnel plot", popolazione: pd.DataFrame | None = None,
                    correzione: str = "automatica"):
    """Tabella (con intestazioni in italiano) e grafico per l'indicatore, la provincia e l'Ambito scelti.

    ``tabelle`` è un dizionario nome → tabella (ad esempio ``{"patti": carica("patti")}``);
    ``indicatore`` uno di :data:`course.confronto.INDICATORI_CONFRONTO`; ``vista`` una di :data:`VISTE`;
    ``ambito`` (nome, codice o comune capofila) viene evidenziato nel grafico; ``correzione`` sceglie i
    limiti del funnel plot (uno dei valori di :data:`LIMITI`; «automatica», come nella lezione e nelle
    verifiche). Il riferimento del funnel plot e la stima della sovradispersione restano quelli di tutta
    la tabella anche quando si sceglie una provincia.

    >>> patti = pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 30 + ["ATS-BA-01"] * 90})
    >>> tabella, figura = vista_confronto({"patti": patti}, indicatore="prese in carico ogni 1.000 residenti",
    ...                                   provincia="Lecce")
    >>> tabella[["Ambito", "Eventi"]].values.tolist()
    [['Ambito territoriale di Gagliano del Capo', 30]]
    """
    from course.grafici import confronto as g

    controlla_scelta(vista, VISTE, cosa="vista")
    opzioni = {"popolazione": popolazione} if popolazione is not None else {}
    tutto = confronto.calcola_indicatore(indicatore, tabelle, **opzioni)
    scelta = confronto.filtra(tutto, provincia=provincia)
    evidenzia = ambito or None
    if evidenzia:
        confronto.filtra(tutto, ambito=evidenzia)  # un nome sbagliato dà subito l'errore con i suggerimenti
    leps = tutto.attrs.get("tipo") == "leps"
    if vista == "confronto tra province":
        tabella = confronto.per_provincia(tutto)
        fig = g.grafico_province(tabella, titolo=f"{indicatore}: confronto tra province")
    elif leps:
        tabella = scelta
        fig = g.grafico_leps(scelta, evidenzia=evidenzia)
    elif vista == "funnel plot":
        stima = confronto.stima_sovradispersione(tutto)
        riferimento = stima.riferimento * tutto.attrs.get("per", 1000) if np.isfinite(stima.riferimento) else None
        tabella = confronto.posizioni_funnel(scelta, riferimento=riferimento, correzione=correzione,
                                             sovradispersione=stima).rename(columns={"posizione": "rispetto_atteso"})
        fig = g.grafico_funnel(scelta, riferimento=riferimento, evidenzia=evidenzia, titolo=indicatore,
                               correzione=correzione, sovradispersione=stima)
    elif vista == "tassi con intervalli":
        tabella = scelta.sort_values("tasso", ascending=False)
        fig = g.grafico_tassi(scelta, evidenzia=evidenzia, titolo=indicatore)
    else:
        tabella = confronto.graduatoria(scelta)
        fig = g.grafico_graduatoria(tabella, evidenzia=evidenzia, titolo=indicatore)
    colonne = [c for c in _NOMI_COLONNE if c in tabella.columns and c != "codice_ambito"]
    risultato = tabella[colonne].rename(columns=_NOMI_COLONNE)
    risultato.attrs = {k: tabella.attrs[k] for k in ("sovradispersione", "correzione") if k in tabella.attrs}
    return risultato, fig


def avviso_limiti(tabella: pd.DataFrame) -> str:
    """La frase che spiega quali limiti disegna il funnel plot (dalla tabella di :func:`vista_confronto`).

    >>> patti = pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 30 + ["ATS-BA-01"] * 90})
    >>> tabella, _ = vista_confronto({"patti": patti}, indicatore="prese in carico ogni 1.000 residenti")
    >>> avviso_limiti(tabella)
    'Sovradispersione non stimabile: ci sono solo 2 Ambiti, ne servono almeno 10 per separare il caso dalle differenze vere. Nel grafico: i limiti semplici (solo il caso).'
    """
    stima = tabella.attrs.get("sovradispersione")
    if stima is None:
        return ""
    limiti = {"nessuna": "i limiti semplici (solo il caso)",
              "additiva": "i limiti corretti con la varianza tra Ambiti (additivi); in grigio quelli semplici",
              "moltiplicativa": "i limiti corretti con il fattore moltiplicativo; in grigio quelli semplici"}
    return f"{stima} Nel grafico: {limiti[tabella.attrs['correzione']]}."


class EsploratoreConfronto:
    """I menu dell'esploratore (``indicatore``, ``provincia``, ``ambito``, ``vista``) e le uscite
    (``grafico``: immagine PNG, ``tabella``: HTML, ``messaggio``: avvisi). ``widget`` è il riquadro da mostrare.

    Nei test si cambiano i valori dei menu da Python: ``esp.provincia.value = "LE"``.

    >>> esp = EsploratoreConfronto({"patti": pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 5})})
    >>> esp.vista.value = "tassi con intervalli"
    >>> "Gagliano del Capo" in esp.tabella.value, bytes(esp.grafico.value[1:4])
    (True, b'PNG')
    """

    def __init__(self, tabelle: dict, *, popolazione: pd.DataFrame | None = None):
        import ipywidgets as w

        from course.territorio import ambiti

        self.tabelle, self.popolazione = tabelle, popolazione
        self._ambiti = ambiti()[["codice_ambito", "ambito", "sigla_provincia"]]
        stile = {"description_width": "initial"}
        self.indicatore = w.Dropdown(options=list(confronto.INDICATORI_CONFRONTO), description="Indicatore:",
                                     style=stile, layout=w.Layout(width="420px"))
        self.provincia = w.Dropdown(options=[("tutte", "tutte")] + [(n, s) for s, n in confronto.PROVINCE.items()],
                                    value="tutte", description="Provincia:", style=stile)
        self.ambito = w.Dropdown(description="Evidenzia l'Ambito:", style=stile)
        self.vista = w.Dropdown(options=list(VISTE), description="Vista:", style=stile)
        self.limiti = w.Dropdown(options=list(LIMITI.items()), value="automatica", description="Limiti del funnel:",
                                 style=stile, layout=w.Layout(width="420px"))
        self.messaggio = w.HTML()
        self.grafico = immagine_grafico()
        self.tabella = w.HTML()
        self._in_aggiornamento = False
        self._opzioni_ambito()
        for controllo in (self.indicatore, self.provincia, self.ambito, self.vista, self.limiti):
            controllo.observe(self.aggiorna, names="value")
        self.widget = w.VBox([w.HBox([self.indicatore, self.vista]), w.HBox([self.provincia, self.ambito]),
                              self.limiti, self.messaggio, self.grafico, self.tabella])
        self.aggiorna()

    def _opzioni_ambito(self):
        a = self._ambiti
        if self.provincia.value != "tutte":
            a = a[a["sigla_provincia"] == self.provincia.value]
        self._in_aggiornamento = True
        try:
            precedente = self.ambito.value
            self.ambito.options = [("nessuno", "")] + list(zip(a["ambito"], a["codice_ambito"]))
            self.ambito.value = precedente if precedente in set(a["codice_ambito"]) else ""
        finally:
            self._in_aggiornamento = False

    def aggiorna(self, cambio=None):
        """Ricalcola tabella e grafico con i valori attuali dei menu."""
        if self._in_aggiornamento:
            return
        if cambio is not None and cambio.get("owner") is self.provincia:
            self._opzioni_ambito()
        try:
            tabella, fig = vista_confronto(self.tabelle, indicatore=self.indicatore.value,
                                           provincia=self.provincia.value, ambito=self.ambito.value,
                                           vista=self.vista.value, popolazione=self.popolazione,
                                           correzione=self.limiti.value)
        except ErroreCorso as errore:
            self.messaggio.value = f"<p>⚠️ {errore}</p>"
            return
        leps = confronto.INDICATORI_CONFRONTO[self.indicatore.value] == "operatori"
        if leps and self.vista.value != "confronto tra province":
            self.messaggio.value = ("<p>ℹ️ Per il LEPS non c'è un tasso con forchetta: il grafico mostra i residenti "
                                    "per assistente sociale con le soglie.</p>")
        else:
            avviso = avviso_limiti(tabella)
            self.messaggio.value = f"<p>ℹ️ {html.escape(avviso)}</p>" if avviso else ""
        mostra_grafico(self.grafico, fig)
        self.tabella.value = tabella_html(tabella)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def esploratore_confronto(tabelle: dict | None = None, *, cartella=None,
                          popolazione: pd.DataFrame | None = None) -> EsploratoreConfronto:
    """Apre l'esploratore del confronto tra Ambiti; senza ``tabelle`` carica patti e operatori del corso.

    In un notebook basta scrivere ``esploratore_confronto()`` come ultima riga di una cella.

    >>> esp = esploratore_confronto()
    >>> esp.indicatore.value = "residenti per assistente sociale (LEPS)"
    >>> "Residenti per AS" in esp.tabella.value
    True
    """
    if tabelle is None:
        from course.dati import carica

        tabelle = {"patti": carica("patti", cartella=cartella), "operatori": carica("operatori", cartella=cartella)}
    return EsploratoreConfronto(tabelle, popolazione=popolazione)
