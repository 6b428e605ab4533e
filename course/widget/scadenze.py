"""Esploratore dello scadenzario: filtri per Ambito, case manager, misura, fase e solo scaduti.

La logica sta in :func:`vista_scadenzario` (una funzione semplice, usabile senza widget); la classe
:class:`EsploratoreScadenzario` collega solo i menu a quella funzione.

>>> import pandas as pd
>>> coda = pd.DataFrame({"posizione": [1, 2], "id_patto": ["P1", "P2"], "codice_ambito": ["ATS-BA-01"] * 2,
...     "id_operatore": ["OP1", "OP2"], "misura": ["ADI", "ReD"], "fase": ["primo colloquio"] * 2,
...     "scadenza": pd.to_datetime(["2025-05-01", "2025-08-01"]), "giorni_residui": [-10, 82],
...     "giorni_ritardo": [10, 0], "stato": ["scaduta", "nei termini"], "giorni_aperto": [130, 10],
...     "rischio": [1, 0], "motivo": ["primo colloquio scaduto da 10 giorni; ADI", "primo colloquio entro il 01/08/2025"]})
>>> tabella, figura = vista_scadenzario(coda, solo_scadute=True)
>>> tabella["Caso"].tolist()
['P1']
"""

from __future__ import annotations

import pandas as pd

from course import formato, scadenze
from course.errori import ErroreCorso, controlla_scelta
from course.widget._comune import TUTTI, aggiorna_menu_case_manager, immagine_grafico, mostra_grafico, tabella_html

__all__ = ["VISTE", "vista_scadenzario", "riassunto", "EsploratoreScadenzario", "esploratore_scadenzario"]

VISTE = ("scadenzario", "carico dei case manager", "anzianità dei casi")

_NOMI = {
    "posizione": "N.", "id_patto": "Caso", "codice_ambito": "Ambito", "id_operatore": "Case manager",
    "misura": "Misura", "fase": "Prossima fase", "scadenza": "Scadenza", "giorni_residui": "Giorni residui",
    "stato": "Stato", "rischio": "Rischio", "motivo": "Perché è in questa posizione",
    "casi_aperti": "Casi aperti", "casi_scaduti": "Scaduti", "casi_in_scadenza": "In scadenza",
    "quota_scaduti": "Quota scaduti", "ritardo_massimo": "Ritardo massimo (giorni)",
}


def riassunto(coda: pd.DataFrame) -> str:
    """Una frase sui casi della coda: quanti, quanti scaduti, quanti in scadenza.

    >>> riassunto(pd.DataFrame({"stato": ["scaduta", "nei termini", "in scadenza"]}))
    '3 casi aperti: 1 con la scadenza passata, 1 in scadenza.'
    """
    stato = coda["stato"].astype(str)
    n, scaduti, vicini = len(coda), int(stato.eq("scaduta").sum()), int(stato.eq("in scadenza").sum())
    casi = "1 caso aperto" if n == 1 else f"{n} casi aperti"
    return f"{casi}: {scaduti} con la scadenza passata, {vicini} in scadenza."


def vista_scadenzario(coda: pd.DataFrame, *, ambito=None, case_manager=None, misura=None, fase=None,
                      solo_scadute: bool = False, vista: str = "scadenzario"):
    """Tabella (con intestazioni in italiano) e grafico dello scadenzario filtrato.

    ``coda`` è il risultato di :func:`course.scadenze.scadenzario`; i filtri valgono come in
    :func:`course.scadenze.filtra_scadenzario` (``None`` o ``"tutti"`` = nessun filtro);
    ``vista`` è una di :data:`VISTE`.
    """
    from course.grafici import scadenze as g

    controlla_scelta(vista, VISTE, cosa="vista")
    filtri = {k: (None if v in (None, "", TUTTI, "tutte") else v)
              for k, v in {"ambito": ambito, "case_manager": case_manager, "misura": misura, "fase": fase}.items()}
    scelta = scadenze.filtra_scadenzario(coda, solo_scadute=solo_scadute, **filtri)
    if vista == "scadenzario":
        tabella = scelta.assign(scadenza=formato.data(scelta["scadenza"]))
        fig = g.grafico_anzianita(scelta)
    elif vista == "carico dei case manager":
        tabella = scadenze.carico_case_manager(scelta)
        fig = g.grafico_carico(tabella)
    else:
        tabella = scadenze.anzianita_casi(scelta).reset_index().rename(columns={"classe": "Giorni dalla domanda"})
        fig = g.grafico_anzianita(scelta)
        return tabella, fig
    colonne = [c for c in _NOMI if c in tabella.columns]
    return tabella[colonne].rename(columns=_NOMI), fig


class EsploratoreScadenzario:
    """I filtri (``ambito``, ``case_manager``, ``misura``, ``fase``, ``solo_scadute``, ``vista``) e le uscite
    (``riepilogo``, ``grafico``: immagine PNG, ``tabella``: HTML). ``widget`` è il riquadro da mostrare.

    Nei test si cambiano i valori da Python: ``esp.solo_scadute.value = True``; ``esp.risultato`` è la
    tabella mostrata in quel momento.

    >>> import pandas as pd
    >>> coda = pd.DataFrame({"posizione": [1, 2], "id_patto": ["P1", "P2"], "codice_ambito": ["ATS-BA-01", "ATS-BA-02"],
    ...     "id_operatore": ["OP1", "OP2"], "misura": ["ADI", "ReD"], "fase": ["primo colloquio"] * 2,
    ...     "scadenza": pd.to_datetime(["2025-05-01", "2025-08-01"]), "giorni_residui": [-10, 82],
    ...     "giorni_ritardo": [10, 0], "stato": ["scaduta", "nei termini"], "giorni_aperto": [130, 10],
    ...     "rischio": [1, 0], "motivo": ["primo colloquio scaduto da 10 giorni; ADI", "primo colloquio entro il 01/08/2025"]})
    >>> esp = EsploratoreScadenzario(coda)
    >>> esp.ambito.value = "ATS-BA-02"
    >>> esp.risultato["Caso"].tolist()
    ['P2']
    """

    def __init__(self, coda: pd.DataFrame):
        import ipywidgets as w

        self.coda = coda
        stile = {"description_width": "initial"}
        ambiti = sorted(coda["codice_ambito"].dropna().astype(str).unique())
        self.ambito = w.Dropdown(options=[TUTTI, *ambiti], value=TUTTI, description="Ambito:", style=stile)
        self.case_manager = w.Dropdown(description="Case manager:", style=stile)
        self.misura = w.Dropdown(options=[TUTTI, "ADI", "ReD"], value=TUTTI, description="Misura:", style=stile)
        self.fase = w.Dropdown(options=[TUTTI, *scadenze.FASI], value=TUTTI, description="Fase:", style=stile)
        self.solo_scadute = w.Checkbox(value=False, description="solo scadenze passate")
        self.vista = w.Dropdown(options=list(VISTE), description="Vista:", style=stile)
        self.riepilogo, self.grafico, self.tabella = w.HTML(), immagine_grafico(), w.HTML()
        self.risultato = pd.DataFrame()
        self._in_aggiornamento = False
        self._opzioni_case_manager()
        for controllo in (self.ambito, self.case_manager, self.misura, self.fase, self.solo_scadute, self.vista):
            controllo.observe(self.aggiorna, names="value")
        self.widget = w.VBox([w.HBox([self.ambito, self.case_manager, self.misura]),
                              w.HBox([self.fase, self.solo_scadute, self.vista]),
                              self.riepilogo, self.grafico, self.tabella])
        self.aggiorna()

    def _opzioni_case_manager(self):
        aggiorna_menu_case_manager(self, self.coda)

    def aggiorna(self, cambio=None):
        """Ricalcola riepilogo, tabella e grafico con i filtri attuali."""
        if self._in_aggiornamento:
            return
        if cambio is not None and cambio.get("owner") is self.ambito:
            self._opzioni_case_manager()
        try:
            tabella, fig = vista_scadenzario(self.coda, ambito=self.ambito.value, case_manager=self.case_manager.value,
                                             misura=self.misura.value, fase=self.fase.value,
                                             solo_scadute=self.solo_scadute.value, vista=self.vista.value)
        except ErroreCorso as errore:
            self.riepilogo.value = f"<p>⚠️ {errore}</p>"
            return
        filtrata = scadenze.filtra_scadenzario(
            self.coda, solo_scadute=self.solo_scadute.value,
            **{k: (None if v == TUTTI else v) for k, v in {"ambito": self.ambito.value,
               "case_manager": self.case_manager.value, "misura": self.misura.value, "fase": self.fase.value}.items()})
        self.riepilogo.value = f"<p>{riassunto(filtrata)}</p>"
        self.risultato = tabella
        mostra_grafico(self.grafico, fig)
        self.tabella.value = tabella_html(tabella)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def esploratore_scadenzario(patti: pd.DataFrame | None = None, *, nuclei: pd.DataFrame | None = None,
                            alla_data=None, cartella=None) -> EsploratoreScadenzario:
    """Apre l'esploratore dello scadenzario; senza ``patti`` carica patti e nuclei del corso.

    In un notebook basta scrivere ``esploratore_scadenzario()`` come ultima riga di una cella.

    >>> import pandas as pd
    >>> patti = pd.DataFrame({"id_patto": ["P1"], "codice_ambito": ["ATS-BA-01"], "misura": ["ADI"],
    ...     "id_operatore": ["OP1"], "data_domanda": [pd.Timestamp("2025-01-10")],
    ...     "data_assegnazione": [pd.Timestamp("2025-01-20")], "data_primo_colloquio": [pd.NaT],
    ...     "data_analisi_preliminare": [pd.NaT], "quadro_analisi_necessario": [False],
    ...     "data_quadro_analisi": [pd.NaT], "data_sottoscrizione": [pd.NaT], "data_ultima_revisione": [pd.NaT],
    ...     "data_chiusura": [pd.NaT]})
    >>> esploratore_scadenzario(patti, alla_data="2025-05-22").riepilogo.value
    '<p>1 caso aperto: 1 con la scadenza passata, 0 in scadenza.</p>'
    """
    if patti is None:
        from course.dati import carica

        patti = carica("patti", cartella=cartella)
        if nuclei is None:
            nuclei = carica("nuclei", cartella=cartella, colonne=["id_nucleo", "minori", "componenti"])
    return EsploratoreScadenzario(scadenze.scadenzario(patti, nuclei=nuclei, alla_data=alla_data))
