"""Esploratore del monitoraggio dei Patti: scegli Ambito, case manager e livello; tabella e grafico si aggiornano.

La logica sta in :func:`vista_monitoraggio` (una funzione semplice, usabile senza widget); la classe
:class:`EsploratoreMonitoraggio` collega solo i menu a quella funzione.

>>> import pandas as pd
>>> from course.monitoraggio import conformita_mensile
>>> conf = conformita_mensile(pd.DataFrame({"id_patto": ["P1", "P2"], "mese": ["01/01/2025"] * 2,
...     "tipo_attivita": ["tirocinio"] * 2, "ore_previste": [70, 70], "ore_svolte": [70, 20],
...     "assenze_giustificate": [0, 0], "assenze_ingiustificate": [0, 50]}))
>>> patti = pd.DataFrame({"id_patto": ["P1", "P2"], "codice_ambito": ["ATS-TA-01", "ATS-TA-02"],
...                       "id_operatore": ["OP1", "OP2"]})
>>> tabella, figura = vista_monitoraggio(conf, patti, livello="ambito")
>>> tabella["Ambito"].tolist(), tabella["Mesi conformi (quota)"].tolist()
(['ATS-TA-01', 'ATS-TA-02'], [1.0, 0.0])
"""

from __future__ import annotations

import pandas as pd

from course import monitoraggio
from course.date import leggi_data
from course.errori import ErroreCorso, controlla_colonne, controlla_scelta
from course.territorio import codice_ambito
from course.widget._comune import TUTTI, aggiorna_menu_case_manager, immagine_grafico, mostra_grafico, tabella_html

__all__ = ["LIVELLI", "vista_monitoraggio", "EsploratoreMonitoraggio", "esploratore_monitoraggio",
           "vista_piano_operativo", "EsploratorePianoOperativo"]

LIVELLI = ("ambito", "case_manager", "patto")
_NOMI = {
    "codice_ambito": "Ambito", "id_operatore": "Case manager", "id_patto": "Patto", "patti": "Patti",
    "mesi_patto": "Mesi-Patto", "mesi": "Mesi", "mesi_conformi": "Mesi conformi",
    "quota_conformi": "Mesi conformi (quota)", "ore_svolte_medie": "Ore svolte medie",
    "tasso_presenza": "Tasso di presenza", "quota_assenze_ingiustificate": "Assenze non giustificate (quota)",
    "patti_in_allerta": "Patti in allerta", "quota_in_allerta": "In allerta (quota)",
    "mesi_sotto_soglia_consecutivi": "Mesi sotto soglia di fila", "mesi_senza_attivita": "Mesi senza attività",
    "motivo": "Allerta",
}


def vista_monitoraggio(conformita: pd.DataFrame, patti: pd.DataFrame, *, ambito=None, case_manager=None,
                       livello: str = "ambito", solo_allerte: bool = False, allerte: pd.DataFrame | None = None):
    """Tabella (con intestazioni in italiano) e grafico del monitoraggio per i Patti scelti.

    ``conformita`` è il risultato di :func:`course.monitoraggio.conformita_mensile`, ``patti`` la tabella
    dei patti (``id_patto``, ``codice_ambito``, ``id_operatore``); ``allerte`` si può passare già
    calcolato per non rifarlo a ogni cambio di filtro. ``livello`` è uno di :data:`LIVELLI`;
    ``solo_allerte`` tiene solo le righe con almeno un Patto in allerta.

    >>> import pandas as pd
    >>> conf = pd.DataFrame({"id_patto": ["P1", "P1"], "mese": pd.to_datetime(["2025-01-01", "2025-02-01"]),
    ...     "ore_previste": [70, 70], "ore_svolte": [40, 30], "assenze_ingiustificate": [30, 40],
    ...     "conforme": [False, False]})
    >>> patti = pd.DataFrame({"id_patto": ["P1"], "codice_ambito": ["ATS-TA-01"], "id_operatore": ["OP1"]})
    >>> tabella, _ = vista_monitoraggio(conf, patti, livello="patto")
    >>> tabella.loc[0, "Allerta"]
    'sotto la regola delle ore da 2 mesi consecutivi'
    """
    from course.grafici.monitoraggio import grafico_conformita

    controlla_scelta(livello, LIVELLI, cosa="livello")
    controlla_colonne(patti, ["id_patto", "codice_ambito", "id_operatore"], tabella="patti")
    scelti = patti
    for colonna, valore in (("codice_ambito", ambito), ("id_operatore", case_manager)):
        if valore not in (None, "", TUTTI):
            if colonna == "codice_ambito" and str(valore) not in set(scelti[colonna].dropna().astype(str)):
                valore = codice_ambito(valore)   # «Bari», «ats-ba-02 »: lo stesso Ambito, con una nota
            scelti = scelti[scelti[colonna].astype(str) == str(valore)]
    tieni = conformita["id_patto"].astype(str).isin(set(scelti["id_patto"].astype(str)))
    parte = conformita[tieni.to_numpy()]
    if allerte is None:
        allerte = monitoraggio.allerte(parte)
    allerte = allerte[allerte["id_patto"].astype(str).isin(set(parte["id_patto"].astype(str)))]
    if livello == "patto":
        tabella = allerte.sort_values(["allerta", "mesi_sotto_soglia_consecutivi"], ascending=False)
        if solo_allerte:
            tabella = tabella[tabella["allerta"]]
    else:
        tabella = monitoraggio.riepilogo_conformita(parte, scelti, per=livello, allerte=allerte)
        if solo_allerte:
            tabella = tabella[tabella["patti_in_allerta"] > 0]
    fig = grafico_conformita(parte)
    colonne = [c for c in _NOMI if c in tabella.columns]
    return tabella[colonne].rename(columns=_NOMI).reset_index(drop=True), fig


class EsploratoreMonitoraggio:
    """I menu (``ambito``, ``case_manager``, ``livello``, ``solo_allerte``) e le uscite (``messaggio``,
    ``grafico``: immagine PNG, ``tabella``: HTML). ``widget`` è il riquadro da mostrare; ``risultato``
    è la tabella mostrata in quel momento. Nei test: ``esp.livello.value = "patto"``.

    >>> import pandas as pd
    >>> conf = pd.DataFrame({"id_patto": ["P1", "P2"], "mese": pd.to_datetime(["2025-01-01"] * 2),
    ...     "ore_previste": [70, 70], "ore_svolte": [70, 30], "assenze_ingiustificate": [0, 40],
    ...     "conforme": [True, False]})
    >>> patti = pd.DataFrame({"id_patto": ["P1", "P2"], "codice_ambito": ["ATS-TA-01", "ATS-TA-02"],
    ...                       "id_operatore": ["OP1", "OP2"]})
    >>> esp = EsploratoreMonitoraggio(conf, patti)
    >>> esp.livello.value = "case_manager"
    >>> esp.risultato["Case manager"].tolist()
    ['OP1', 'OP2']
    """

    def __init__(self, conformita: pd.DataFrame, patti: pd.DataFrame):
        import ipywidgets as w

        self.conformita, self.patti = conformita, patti
        # con la data di chiusura e la data dei dati, i Patti aperti si guardano fino all'ultimo mese concluso
        fino_a_oggi = "data_chiusura" in patti.columns and patti.attrs.get("data_riferimento") is not None
        self.allerte = monitoraggio.allerte(conformita, patti=patti if fino_a_oggi else None)
        stile = {"description_width": "initial"}
        ambiti = sorted(patti["codice_ambito"].dropna().astype(str).unique())
        self.ambito = w.Dropdown(options=[TUTTI, *ambiti], value=TUTTI, description="Ambito:", style=stile)
        self.case_manager = w.Dropdown(description="Case manager:", style=stile)
        self.livello = w.Dropdown(options=[("per Ambito", "ambito"), ("per case manager", "case_manager"),
                                           ("per Patto", "patto")], value="ambito", description="Riepilogo:",
                                  style=stile)
        self.solo_allerte = w.Checkbox(value=False, description="solo righe con allerte")
        self.messaggio, self.grafico, self.tabella = w.HTML(), immagine_grafico(), w.HTML()
        self.risultato = pd.DataFrame()
        self._in_aggiornamento = False
        self._opzioni_case_manager()
        for controllo in (self.ambito, self.case_manager, self.livello, self.solo_allerte):
            controllo.observe(self.aggiorna, names="value")
        self.widget = w.VBox([w.HBox([self.ambito, self.case_manager]), w.HBox([self.livello, self.solo_allerte]),
                              self.messaggio, self.grafico, self.tabella])
        self.aggiorna()

    def _opzioni_case_manager(self):
        aggiorna_menu_case_manager(self, self.patti)

    def aggiorna(self, cambio=None):
        """Ricalcola tabella e grafico con i valori attuali dei menu."""
        if self._in_aggiornamento:
            return
        if cambio is not None and cambio.get("owner") is self.ambito:
            self._opzioni_case_manager()
        try:
            tabella, fig = vista_monitoraggio(self.conformita, self.patti, ambito=self.ambito.value,
                                              case_manager=self.case_manager.value, livello=self.livello.value,
                                              solo_allerte=self.solo_allerte.value, allerte=self.allerte)
        except ErroreCorso as errore:
            self.messaggio.value = f"<p>⚠️ {errore}</p>"
            return
        self.messaggio.value = f"<p>{len(tabella)} righe.</p>" if len(tabella) != 1 else "<p>1 riga.</p>"
        self.risultato = tabella
        mostra_grafico(self.grafico, fig)
        self.tabella.value = tabella_html(tabella)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def esploratore_monitoraggio(attivita=None, patti: pd.DataFrame | None = None, *, cartella=None) -> EsploratoreMonitoraggio:
    """Apre l'esploratore del monitoraggio; senza tabelle carica attività e patti del corso.

    ``attivita`` può essere la tabella ``attivita_mensili``, il percorso di un Parquet o il risultato di
    :func:`course.monitoraggio.conformita_mensile`.

    >>> import pandas as pd
    >>> attivita = pd.DataFrame({"id_patto": ["P1"], "mese": ["01/01/2025"], "tipo_attivita": ["tirocinio"],
    ...     "ore_previste": [70], "ore_svolte": [70], "assenze_giustificate": [0], "assenze_ingiustificate": [0]})
    >>> patti = pd.DataFrame({"id_patto": ["P1"], "codice_ambito": ["ATS-TA-01"], "id_operatore": ["OP1"]})
    >>> esploratore_monitoraggio(attivita, patti).risultato["Ambito"].tolist()
    ['ATS-TA-01']
    """
    from course.dati import carica

    if attivita is None:
        attivita = carica("attivita_mensili", cartella=cartella)
    if patti is None:
        patti = carica("patti", cartella=cartella, colonne=["id_patto", "codice_ambito", "id_operatore", "data_chiusura"])
    gia_calcolata = isinstance(attivita, pd.DataFrame) and "conforme" in attivita.columns
    conformita = attivita if gia_calcolata else monitoraggio.conformita_mensile(attivita)
    return EsploratoreMonitoraggio(conformita, patti)


# ---------------------------------------------------------------------------------------------
# Piano operativo con gli ETS
# ---------------------------------------------------------------------------------------------

_NOMI_PIANO = {
    "codice_ambito": "Ambito", "tipo_azione": "Tipo di azione", "id_azione": "Azione", "ente": "Ente",
    "azioni": "Azioni", "budget": "Budget (€)", "spesa": "Spesa (€)", "quota_spesa": "Quota spesa",
    "quota_tempo": "Quota di tempo trascorsa", "spesa_mensile": "Ritmo di spesa (€/mese)",
    "spesa_prevista_fine": "Spesa prevista a fine periodo (€)", "scostamento_previsto": "Scostamento previsto (€)",
    "segnale": "Segnale", "azioni_in_sovraspesa": "In sovraspesa", "azioni_in_sottospesa": "In sottospesa",
    "anomalie": "Da verificare",
}
RAGGRUPPAMENTI = ("tipo_azione", "ambito", "azione")


def vista_piano_operativo(azioni: pd.DataFrame, *, ambito=None, per: str = "tipo_azione", alla_data=None):
    """Tabella (con intestazioni in italiano) e grafico del Piano operativo per l'Ambito scelto.

    ``per`` è ``"tipo_azione"``, ``"ambito"`` o ``"azione"`` (una riga per azione, con le anomalie).

    >>> import pandas as pd
    >>> azioni = pd.DataFrame({"id_azione": ["A1", "A2"], "codice_ambito": ["ATS-LE-03", "ATS-LE-04"],
    ...     "tipo_azione": ["azioni di sistema"] * 2, "budget": [10000.0, 8000.0], "spesa": [9000.0, 1000.0],
    ...     "data_inizio": pd.to_datetime(["2025-01-01"] * 2), "data_fine": pd.to_datetime(["2025-12-31"] * 2)})
    >>> tabella, _ = vista_piano_operativo(azioni, ambito="ATS-LE-03", alla_data="2025-07-02")
    >>> tabella[["Tipo di azione", "Segnale"]].values.tolist()
    [['azioni di sistema', 'sovraspesa']]
    """
    from course.grafici.monitoraggio import grafico_spesa
    from course.piano_operativo import andamento_azioni, piano_operativo

    controlla_scelta(per, RAGGRUPPAMENTI, cosa="raggruppamento")
    controlla_colonne(azioni, ["codice_ambito"], tabella="azioni_ets")
    scelte = azioni
    if ambito not in (None, "", TUTTI):
        if str(ambito) not in set(azioni["codice_ambito"].dropna().astype(str)):
            ambito = codice_ambito(ambito)   # «Gagliano del Capo», «ats-le-03»: lo stesso Ambito, con una nota
        scelte = azioni[azioni["codice_ambito"].astype(str) == str(ambito)]
        scelte.attrs = dict(azioni.attrs)
    if per == "azione":
        tabella = andamento_azioni(scelte, alla_data=alla_data)
        fig = grafico_spesa(piano_operativo(scelte, alla_data=alla_data, per="tipo_azione"))
    else:
        tabella = piano_operativo(scelte, alla_data=alla_data, per=per)
        fig = grafico_spesa(tabella)
    colonne = [c for c in _NOMI_PIANO if c in tabella.columns]
    return tabella[colonne].rename(columns=_NOMI_PIANO).reset_index(drop=True), fig


class EsploratorePianoOperativo:
    """I menu (``ambito``, ``per``) e le uscite (``messaggio``, ``grafico``, ``tabella``) del Piano operativo.

    Senza ``azioni`` carica la tabella ``azioni_ets`` del corso: in un notebook basta
    ``EsploratorePianoOperativo()`` come ultima riga di una cella.

    >>> import pandas as pd
    >>> azioni = pd.DataFrame({"id_azione": ["A1", "A2"], "codice_ambito": ["ATS-LE-03", "ATS-LE-04"],
    ...     "tipo_azione": ["azioni di sistema"] * 2, "budget": [10000.0, 8000.0], "spesa": [9000.0, 1000.0],
    ...     "data_inizio": pd.to_datetime(["2025-01-01"] * 2), "data_fine": pd.to_datetime(["2025-12-31"] * 2)})
    >>> esp = EsploratorePianoOperativo(azioni, alla_data="2025-07-02")
    >>> esp.per.value = "azione"
    >>> esp.risultato["Azione"].tolist()
    ['A1', 'A2']
    """

    def __init__(self, azioni: pd.DataFrame | None = None, *, alla_data=None, cartella=None):
        import ipywidgets as w

        if azioni is None:
            from course.dati import carica

            azioni = carica("azioni_ets", cartella=cartella)
        # letta subito: una data impossibile è un errore qui, non un messaggio nascosto dentro l'esploratore
        self.azioni = azioni
        self.alla_data = leggi_data(alla_data, cosa="la data (alla_data)") if alla_data is not None else None
        stile = {"description_width": "initial"}
        ambiti = sorted(azioni["codice_ambito"].dropna().astype(str).unique())
        self.ambito = w.Dropdown(options=[TUTTI, *ambiti], value=TUTTI, description="Ambito:", style=stile)
        self.per = w.Dropdown(options=[("per tipo di azione", "tipo_azione"), ("per Ambito", "ambito"),
                                       ("azione per azione", "azione")], value="tipo_azione",
                              description="Riepilogo:", style=stile)
        self.messaggio, self.grafico, self.tabella = w.HTML(), immagine_grafico(), w.HTML()
        self.risultato = pd.DataFrame()
        for controllo in (self.ambito, self.per):
            controllo.observe(self.aggiorna, names="value")
        self.widget = w.VBox([w.HBox([self.ambito, self.per]), self.messaggio, self.grafico, self.tabella])
        self.aggiorna()

    def aggiorna(self, cambio=None):
        """Ricalcola tabella e grafico con i valori attuali dei menu."""
        try:
            tabella, fig = vista_piano_operativo(self.azioni, ambito=self.ambito.value, per=self.per.value,
                                                 alla_data=self.alla_data)
        except ErroreCorso as errore:
            self.messaggio.value = f"<p>⚠️ {errore}</p>"
            return
        self.messaggio.value = ""
        self.risultato = tabella
        mostra_grafico(self.grafico, fig)
        self.tabella.value = tabella_html(tabella)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
