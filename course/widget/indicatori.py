"""Esploratore degli indicatori: scegli indicatore, Ambito, periodo e vista; tabella e grafico si aggiornano.

La logica sta in due funzioni semplici, usabili anche senza widget: :func:`filtra_dati` (tiene solo
l'Ambito e l'anno scelti) e :func:`vista_indicatore` (tabella con intestazioni in italiano e grafico).
La classe :class:`EsploratoreIndicatori` collega soltanto i menu a queste funzioni.

>>> import pandas as pd
>>> from course.indicatori import dal_catalogo
>>> patti = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-01", "ATS-LE-02"],
...     "data_domanda": pd.to_datetime(["2024-05-02", "2025-01-20", "2025-02-03"]),
...     "data_sottoscrizione": pd.to_datetime(["2024-06-30", None, "2025-03-01"])})
>>> tabella, figura = vista_indicatore({"patti": patti}, indicatore=dal_catalogo("Quota di Patti sottoscritti"),
...                                    anno=2025)
>>> tabella[["Codice", "Valore"]].values.tolist()
[['ATS-BA-01', 0.0], ['ATS-LE-02', 100.0]]
"""

from __future__ import annotations

import html

import pandas as pd

from course import formato
from course.errori import ErroreCorso, controlla_scelta
from course.indicatori import Indicatore, calcola, con_ambito
from course.widget._comune import immagine_grafico, mostra_grafico, tabella_html

__all__ = ["VISTE", "TUTTI", "filtra_dati", "anni_disponibili", "vista_indicatore", "EsploratoreIndicatori",
           "esploratore_indicatori"]

VISTE = {"per Ambito": "ambito", "per provincia": "provincia", "per mese": "mese", "per trimestre": "trimestre",
         "per anno": "anno"}
TUTTI = ""
_NOMI_COLONNE = {"codice_ambito": "Codice", "ambito": "Ambito", "provincia": "Provincia", "mese": "Mese",
                 "trimestre": "Trimestre", "anno": "Anno", "numeratore": "Numeratore", "denominatore": "Denominatore",
                 "valore": "Valore", "target_raggiunto": "Target raggiunto", "nota": "Nota"}


def _tabelle_di(indicatore: Indicatore) -> list[str]:
    return [t for t in dict.fromkeys([indicatore.tabella, indicatore.tabella_denominatore]) if t]


def _prepara(dati, indicatore: Indicatore) -> dict:
    if isinstance(dati, pd.DataFrame):
        dati = {indicatore.tabella or "tabella": dati}
    dati = dict(dati)
    if any(isinstance(df, pd.DataFrame) and "codice_ambito" not in df.columns for df in dati.values()):
        dati = con_ambito(dati)
    return dati


def anni_disponibili(dati, indicatore: Indicatore) -> list[int]:
    """Gli anni che compaiono nella colonna di data dell'indicatore (vuoto se l'indicatore non ha date).

    >>> import pandas as pd
    >>> from course.indicatori import dal_catalogo
    >>> p = pd.DataFrame({"codice_ambito": ["ATS-BA-01"] * 2, "data_domanda": pd.to_datetime(["2024-05-02", "2025-01-20"])})
    >>> anni_disponibili({"patti": p}, dal_catalogo("Quota di Patti sottoscritti"))
    [2024, 2025]
    """
    dati = {indicatore.tabella or "tabella": dati} if isinstance(dati, pd.DataFrame) else dati
    anni = set()
    for nome in _tabelle_di(indicatore):
        df = dati.get(nome)
        if isinstance(df, pd.DataFrame) and indicatore.data in df.columns:
            anni |= set(pd.to_datetime(df[indicatore.data], errors="coerce").dt.year.dropna().astype(int))
    return sorted(anni)


def filtra_dati(dati, indicatore: Indicatore, *, ambito: str | None = None, anno: int | None = None) -> dict:
    """Le tabelle dell'indicatore ridotte all'Ambito (codice o nome) e all'anno scelti.

    L'anno si applica alle tabelle che hanno la colonna di data dell'indicatore; le altre (ad esempio
    gli operatori) restano intere. Senza ``ambito`` e ``anno`` le tabelle restano come sono.

    >>> import pandas as pd
    >>> from course.indicatori import dal_catalogo
    >>> p = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-LE-02"],
    ...                   "data_domanda": pd.to_datetime(["2024-05-02", "2025-01-20"])})
    >>> len(filtra_dati({"patti": p}, dal_catalogo("Quota di Patti sottoscritti"), ambito="ATS-LE-02")["patti"])
    1
    """
    if not isinstance(indicatore, Indicatore):
        raise ErroreCorso(f"filtra_dati vuole un Indicatore, non {type(indicatore).__name__}.")
    dati = _prepara(dati, indicatore)
    if ambito:
        from course.territorio import codice_ambito

        ambito = codice_ambito(ambito)   # anche «ats-ba-01 » o «Bari», con una nota
    risultato = dict(dati)
    for nome in _tabelle_di(indicatore):
        df = dati.get(nome)
        if not isinstance(df, pd.DataFrame):
            continue
        tieni = pd.Series(True, index=df.index)
        if ambito and "codice_ambito" in df.columns:
            tieni &= df["codice_ambito"].astype("string").eq(ambito).fillna(False)
        if anno and indicatore.data in df.columns:
            tieni &= pd.to_datetime(df[indicatore.data], errors="coerce").dt.year.eq(int(anno)).fillna(False)
        ridotta = df[tieni.to_numpy()]
        ridotta.attrs = df.attrs
        risultato[nome] = ridotta
    return risultato


def _leggibile(r: pd.DataFrame) -> pd.DataFrame:
    t = r.copy()
    if "codice_ambito" in t.columns:
        from course.territorio import ambiti

        nomi = ambiti().set_index("codice_ambito")["ambito"]
        t.insert(t.columns.get_loc("codice_ambito") + 1, "ambito", t["codice_ambito"].astype(str).map(nomi))
    if "mese" in t.columns:
        t["mese"] = formato.mese(t["mese"])
    if "target_raggiunto" in t.columns:
        t["target_raggiunto"] = t["target_raggiunto"].map({True: "sì", False: "no"}).fillna("n.d.")
    colonne = [c for c in _NOMI_COLONNE if c in t.columns]
    return t[colonne].rename(columns=_NOMI_COLONNE)


def vista_indicatore(dati, *, indicatore: Indicatore, ambito: str | None = None, anno: int | None = None,
                     vista: str = "per Ambito", oggi=None):
    """Tabella (intestazioni in italiano, nomi degli Ambiti) e grafico dell'indicatore per la scelta fatta.

    ``vista`` è una tra «per Ambito», «per provincia», «per mese», «per trimestre», «per anno»; con
    un Ambito scelto, la vista per Ambito mostra il suo solo valore, quella per mese il suo andamento.
    ``tabella.attrs["avviso"]`` riporta l'avviso di :func:`course.indicatori.calcola`, se c'è.

    >>> import pandas as pd
    >>> from course.indicatori import dal_catalogo
    >>> patti = pd.DataFrame({"codice_ambito": ["ATS-LE-03"] * 3,
    ...     "data_domanda": pd.to_datetime(["2025-01-02", "2025-01-20", "2025-02-03"]),
    ...     "data_sottoscrizione": pd.to_datetime(["2025-01-30", None, "2025-03-01"])})
    >>> tabella, figura = vista_indicatore({"patti": patti}, indicatore=dal_catalogo("Quota di Patti sottoscritti"),
    ...                                    ambito="Gagliano del Capo", vista="per mese")
    >>> tabella[["Mese", "Valore"]].values.tolist()
    [['gen 2025', 50.0], ['feb 2025', 100.0]]
    """
    from course.grafici.indicatori import grafico_indicatore

    controlla_scelta(vista, VISTE, cosa="vista")
    per = VISTE[vista]
    if per in ("mese", "trimestre", "anno") and indicatore.data is None:
        raise ErroreCorso(f"«{indicatore.nome}» non ha una data: si può vedere solo per Ambito o per provincia.")
    scelti = filtra_dati(dati, indicatore, ambito=ambito, anno=anno)
    if oggi is None:
        primo = scelti.get(indicatore.tabella) if indicatore.tabella else None
        oggi = (primo.attrs.get("data_riferimento") if isinstance(primo, pd.DataFrame) else None)
    r = calcola(indicatore, scelti, per=per, oggi=oggi)
    dove = f" – {ambito}" if ambito else ""
    quando = f" – {anno}" if anno else ""
    titolo = f"{indicatore.nome} {vista}{dove}{quando}"
    tabella = _leggibile(r)
    tabella.attrs = {"avviso": r.attrs["avviso"]} if r.attrs.get("avviso") else {}
    return tabella, grafico_indicatore(r, titolo=titolo)


class EsploratoreIndicatori:
    """I menu (``indicatore``, ``ambito``, ``periodo``, ``vista``) e le uscite (``grafico``: PNG,
    ``tabella``: HTML, ``messaggio``: avvisi). ``widget`` è il riquadro da mostrare; ``risultato`` è
    l'ultima tabella calcolata (un DataFrame), utile nei test e per chi vuole copiarla.

    Nei test si cambiano i valori da Python: ``esp.ambito.value = "ATS-LE-03"``.

    >>> import pandas as pd
    >>> patti = pd.DataFrame({"codice_ambito": ["ATS-LE-03", "ATS-BA-01"], "data_domanda": pd.to_datetime(["2025-01-02"] * 2),
    ...                       "data_sottoscrizione": pd.to_datetime(["2025-01-30", None])})
    >>> from course.indicatori import dal_catalogo
    >>> esp = EsploratoreIndicatori({"patti": patti}, indicatori=[dal_catalogo("Quota di Patti sottoscritti")])
    >>> esp.ambito.value = "ATS-BA-01"
    >>> esp.risultato["Valore"].tolist()
    [0.0]
    """

    def __init__(self, dati: dict, *, indicatori: list[Indicatore] | None = None):
        """``dati``: dizionario delle tabelle; ``indicatori``: quelli da offrire (se manca, quelli del
        catalogo calcolabili con le tabelle date)."""
        import ipywidgets as w

        from course.indicatori import catalogo
        from course.territorio import ambiti

        if indicatori is None:  # dal catalogo, solo gli indicatori calcolabili con le tabelle date
            presenti = set(dati) | {"popolazione"} if isinstance(dati, dict) else None
            indicatori = [i for i in catalogo() if presenti is None or set(_tabelle_di(i)) <= presenti]
        self.indicatori = {i.nome: i for i in indicatori}
        if not self.indicatori:
            raise ErroreCorso("L'esploratore ha bisogno di almeno un indicatore.")
        prima = next(iter(self.indicatori.values()))
        self.dati = _prepara(dati, prima)
        for i in self.indicatori.values():
            self.dati = _prepara(self.dati, i)
        stile = {"description_width": "initial"}
        elenco = ambiti()
        self.indicatore = w.Dropdown(options=list(self.indicatori), description="Indicatore:", style=stile,
                                     layout=w.Layout(width="480px"))
        self.ambito = w.Dropdown(options=[("tutti gli Ambiti", TUTTI)] + list(zip(elenco["ambito"], elenco["codice_ambito"])),
                                 value=TUTTI, description="Ambito:", style=stile)
        self.periodo = w.Dropdown(description="Periodo:", style=stile)
        self.vista = w.Dropdown(options=list(VISTE), value="per Ambito", description="Vista:", style=stile)
        self.messaggio = w.HTML()
        self.grafico = immagine_grafico()
        self.tabella = w.HTML()
        self.risultato = pd.DataFrame()
        self._in_aggiornamento = False
        self._opzioni_periodo()
        for controllo in (self.indicatore, self.ambito, self.periodo, self.vista):
            controllo.observe(self.aggiorna, names="value")
        self.widget = w.VBox([w.HBox([self.indicatore, self.vista]), w.HBox([self.ambito, self.periodo]),
                              self.messaggio, self.grafico, self.tabella])
        self.aggiorna()

    def _opzioni_periodo(self):
        anni = anni_disponibili(self.dati, self.indicatori[self.indicatore.value])
        self._in_aggiornamento = True
        try:
            precedente = self.periodo.value
            self.periodo.options = [("tutto il periodo", 0)] + [(str(a), a) for a in anni]
            self.periodo.value = precedente if precedente in anni else 0
        finally:
            self._in_aggiornamento = False

    def aggiorna(self, cambio=None):
        """Ricalcola tabella e grafico con i valori attuali dei menu (lo fanno da sé quando un menu cambia).

        Se la scelta non si può calcolare, ``messaggio`` spiega perché e ``risultato`` resta vuoto.
        """
        if self._in_aggiornamento:
            return
        if cambio is not None and cambio.get("owner") is self.indicatore:
            self._opzioni_periodo()
        try:
            tabella, fig = vista_indicatore(self.dati, indicatore=self.indicatori[self.indicatore.value],
                                            ambito=self.ambito.value or None, anno=self.periodo.value or None,
                                            vista=self.vista.value)
        except ErroreCorso as errore:
            from course.grafici.stile import figura_vuota

            self.messaggio.value = f"<p>⚠️ {errore}</p>"
            self.risultato = pd.DataFrame()
            mostra_grafico(self.grafico, figura_vuota("Nessun grafico per questa scelta: leggi l'avviso qui sopra."))
            self.tabella.value = ""
            return
        avviso = tabella.attrs.get("avviso")
        self.messaggio.value = f"<p>ℹ️ {html.escape(avviso)}</p>" if avviso else ""
        self.risultato = tabella
        mostra_grafico(self.grafico, fig)
        self.tabella.value = tabella_html(tabella)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def esploratore_indicatori(dati: dict | None = None, *, indicatori: list[Indicatore] | None = None,
                           cartella=None) -> EsploratoreIndicatori:
    """Apre l'esploratore degli indicatori; senza ``dati`` carica le tabelle del corso che servono.

    In un notebook basta scrivere ``esploratore_indicatori()`` come ultima riga di una cella.

    >>> import pandas as pd
    >>> patti = pd.DataFrame({"codice_ambito": ["ATS-LE-03"], "data_domanda": pd.to_datetime(["2025-01-02"]),
    ...                       "data_sottoscrizione": pd.to_datetime(["2025-01-30"])})
    >>> from course.indicatori import dal_catalogo
    >>> quota = dal_catalogo("Quota di Patti sottoscritti")
    >>> esploratore_indicatori({"patti": patti}, indicatori=[quota]).risultato["Codice"].tolist()
    ['ATS-LE-03']
    """
    if dati is None:
        from course.dati import carica
        from course.indicatori.standard import _tabelle_necessarie, catalogo

        scelti = indicatori or catalogo()
        dati = {n: carica(n, cartella=cartella) for n in sorted(_tabelle_necessarie(scelti))}
    return EsploratoreIndicatori(dati, indicatori=indicatori)
