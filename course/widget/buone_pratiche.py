"""Esploratore delle buone pratiche: sposta i cursori dei pesi e guarda come cambia la graduatoria.

La logica sta in :func:`vista_buone_pratiche`; la classe :class:`EsploratoreBuonePratiche` collega solo
i cursori a quella funzione.

>>> import pandas as pd
>>> c = pd.DataFrame({"id_candidatura": ["A", "B"], "titolo": ["Sportello", "Orti"],
...                   "n_partner": [1, 5], "voto_innovazione": [5, 1]})
>>> tabella, figura = vista_buone_pratiche(c, pesi={"innovazione": 3})
>>> tabella[["Candidatura", "Posizione"]].values.tolist()
[['A', 1], ['B', 2]]
"""

from __future__ import annotations

import html

import pandas as pd

from course import formato
from course import buone_pratiche as bp
from course.errori import ErroreCorso, controlla_scelta
from course.widget._comune import immagine_grafico, mostra_grafico, tabella_html

__all__ = ["VISTE", "vista_buone_pratiche", "EsploratoreBuonePratiche", "esploratore_buone_pratiche"]

VISTE = ("punteggi", "sensibilità ai pesi", "istruttoria")

_NOMI_COLONNE = {
    "id_candidatura": "Candidatura", "codice_ambito": "Ambito", "titolo": "Titolo", "esito": "Esito",
    "motivi": "Motivi", "punteggio": "Punteggio (0-100)", "posizione": "Posizione",
    "posizione_min": "Posizione migliore", "posizione_max": "Posizione peggiore", "quota_primi": "Quota tra le prime",
    "criteri_senza_voto": "Criteri senza voto", "criteri_valutati": "Criteri valutati",
}


def vista_buone_pratiche(candidature: pd.DataFrame, *, pesi: dict | None = None, vista: str = "punteggi",
                         primi: int = 5, variazione: float = 0.5, simulazioni: int = 300, seme: int = 1):
    """Tabella (intestazioni in italiano) e grafico della ``vista`` scelta tra :data:`VISTE`.

    Se ``candidature`` non ha ancora la colonna ``esito``, prima si fa l'istruttoria: si valutano solo
    le ammesse. ``pesi``, ``primi``, ``variazione``, ``simulazioni`` e ``seme`` passano a
    :func:`course.buone_pratiche.punteggi` e :func:`course.buone_pratiche.sensibilita`.

    >>> c = pd.DataFrame({"id_candidatura": ["A", "B"], "n_partner": [1, 3], "voto_innovazione": [5, 1]})
    >>> tabella, figura = vista_buone_pratiche(c, vista="sensibilità ai pesi", primi=1, variazione=0.2,
    ...                                        simulazioni=50)
    >>> tabella[["Candidatura", "Quota tra le prime"]].values.tolist()
    [['A', '100 %'], ['B', '0 %']]
    """
    from course.grafici import buone_pratiche as g
    controlla_scelta(vista, VISTE, cosa="vista")
    if "esito" not in candidature.columns and "data_invio" in candidature.columns:
        candidature = bp.istruttoria(candidature)
    if vista == "istruttoria":
        if "esito" not in candidature.columns:
            raise ErroreCorso("Per la vista «istruttoria» servono le colonne dell'avviso (data_invio, "
                              "inviata_via_pec, …): usa la tabella completa delle candidature.")
        tabella, fig = candidature, g.grafico_istruttoria(candidature)
    elif vista == "punteggi":
        tabella = bp.punteggi(candidature, pesi=pesi)
        fig = g.grafico_punteggi(tabella, primi=20)
    else:
        tabella = bp.sensibilita(candidature, pesi=pesi, primi=primi, variazione=variazione,
                                 simulazioni=simulazioni, seme=seme)
        fig = g.grafico_sensibilita(tabella)
        tabella = tabella.assign(quota_primi=tabella["quota_primi"].map(
            lambda q: formato.percentuale(q, da_quota=True, decimali=0)))
    colonne = [c for c in _NOMI_COLONNE if c in tabella.columns]
    return tabella[colonne].rename(columns=_NOMI_COLONNE), fig


class EsploratoreBuonePratiche:
    """Un cursore per il peso di ogni criterio (``pesi``: dizionario criterio → cursore), ``primi``,
    ``variazione`` e ``vista``; uscite ``grafico`` (PNG), ``tabella`` (HTML) e ``messaggio``.

    Nei test si spostano i cursori da Python: ``esp.pesi["costo"].value = 3``.

    >>> c = pd.DataFrame({"id_candidatura": ["A", "B"], "n_partner": [1, 5], "voto_innovazione": [5, 1]})
    >>> esp = EsploratoreBuonePratiche(c)
    >>> esp.imposta_pesi({"innovazione": 0})
    >>> html = esp.tabella.value
    >>> html.index("<td>B</td>") < html.index("<td>A</td>")
    True
    """

    def __init__(self, candidature: pd.DataFrame):
        import ipywidgets as w

        self.candidature = candidature
        stile = {"description_width": "150px"}
        self.pesi = {c: w.FloatSlider(value=bp.PESI_PREDEFINITI[c], min=0, max=5, step=0.5,
                                      description=f"Peso {etichetta}:", style=stile, readout_format=".1f")
                     for c, (etichetta, _) in bp.CRITERI.items()}
        self.vista = w.Dropdown(options=list(VISTE), description="Vista:")
        self.primi = w.IntSlider(value=5, min=1, max=20, description="Prime N:")
        self.variazione = w.FloatSlider(value=0.5, min=0, max=0.9, step=0.1, description="Variazione pesi:",
                                        style={"description_width": "initial"}, readout_format=".0%")
        self.ripristina = w.Button(description="Pesi tutti uguali", icon="undo")
        self.ripristina.on_click(lambda _: self.imposta_pesi(bp.PESI_PREDEFINITI))
        self.messaggio = w.HTML()
        self.grafico = immagine_grafico()
        self.tabella = w.HTML()
        self._fermo = False
        for controllo in (*self.pesi.values(), self.vista, self.primi, self.variazione):
            controllo.observe(self.aggiorna, names="value")
        spiegazione = w.HTML("<p>Come si assegna ogni voto (da 0 a 5):</p><ul>" + "".join(
            f"<li><b>{e}</b>: {regola}</li>" for e, regola in bp.CRITERI.values()) + "</ul>")
        self.widget = w.VBox([w.HBox([w.VBox(list(self.pesi.values())),
                                      w.VBox([self.vista, self.primi, self.variazione, self.ripristina])]),
                              w.Accordion(children=[spiegazione], titles=("Regole della griglia",)),
                              self.messaggio, self.grafico, self.tabella])
        self.aggiorna()

    def imposta_pesi(self, pesi: dict) -> None:
        """Sposta insieme più cursori (criterio → peso) e ricalcola una volta sola.

        I criteri non indicati restano come sono; un nome sbagliato dà un errore con i nomi vicini.
        """
        for nome in pesi:
            controlla_scelta(nome, self.pesi, cosa="criterio della griglia")
        self._fermo = True
        try:
            for nome, valore in pesi.items():
                self.pesi[nome].value = valore
        finally:
            self._fermo = False
        self.aggiorna()

    def aggiorna(self, cambio=None):
        """Ricalcola graduatoria, tabella e grafico con i valori attuali dei cursori."""
        if self._fermo:
            return
        try:
            tabella, fig = vista_buone_pratiche(
                self.candidature, pesi={c: s.value for c, s in self.pesi.items()}, vista=self.vista.value,
                primi=self.primi.value, variazione=self.variazione.value)
        except ErroreCorso as errore:
            self.messaggio.value = f"<p>⚠️ {errore}</p>"
            return
        self._segnala_criteri_senza_voti()
        mostra_grafico(self.grafico, fig)
        self.tabella.value = tabella_html(tabella)

    def _segnala_criteri_senza_voti(self) -> None:
        """Spegne i cursori dei criteri che nessuna candidatura ha (spostarli non cambierebbe nulla) e lo dice."""
        candidature = self.candidature
        if "esito" not in candidature.columns and "data_invio" in candidature.columns:
            candidature = bp.istruttoria(candidature)
        griglia = bp.punteggi(candidature)
        esclusi = set(bp.criteri_esclusi(griglia))
        for criterio, cursore in self.pesi.items():
            cursore.disabled = criterio in esclusi
            cursore.tooltip = ("Nessuna candidatura ha un voto per questo criterio: il peso non conta."
                               if criterio in esclusi else "")
        avviso = bp.avviso_griglia(griglia)
        self.messaggio.value = f"<p>ℹ️ {html.escape(avviso)}</p>" if avviso else ""

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def esploratore_buone_pratiche(candidature: pd.DataFrame | None = None, *, cartella=None) -> EsploratoreBuonePratiche:
    """Apre l'esploratore; senza ``candidature`` carica la tabella ``buone_pratiche`` del corso.

    In un notebook basta scrivere ``esploratore_buone_pratiche()`` come ultima riga di una cella.

    >>> esp = esploratore_buone_pratiche()
    >>> esp.vista.value = "istruttoria"
    >>> "esclusa" in esp.tabella.value
    True
    """
    if candidature is None:
        from course.dati import carica

        candidature = carica("buone_pratiche", cartella=cartella)
    return EsploratoreBuonePratiche(candidature)
