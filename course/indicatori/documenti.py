"""La scheda indicatore da leggere (HTML nei notebook, Markdown, CSV) e gli insiemi di indicatori in Excel o CSV.

Un insieme di indicatori è una tabella con una riga per indicatore e una colonna per campo della
scheda (``nome``, ``definizione``, ``unita``, ``tipo``, ``polarita``, ``target``…); le intestazioni
possono avere accenti e maiuscole («Unità», «Polarità») e alcuni sinonimi («descrizione»,
«valore previsto»). Se manca il target, lo si cerca nel testo («almeno 20») e lo si dice nel rapporto.

>>> from course.indicatori import Indicatore
>>> print(scheda(Indicatore("Quota di Patti sottoscritti", unita="%")).markdown().splitlines()[0])
### Quota di Patti sottoscritti
"""

from __future__ import annotations

import html
import io
import unicodedata
from pathlib import Path

import pandas as pd

from course import formato
from course.errori import ErroreCorso
from course.indicatori import standard
from course.indicatori.indicatore import Indicatore, controlla_smart
from course.indicatori.target import leggi_target

__all__ = ["Scheda", "scheda", "leggi_indicatori", "scrivi_indicatori", "ElencoIndicatori", "ETICHETTE"]

ETICHETTE = {
    "nome": "Nome", "definizione": "Definizione", "numeratore": "Numeratore", "denominatore": "Denominatore",
    "unita": "Unità di misura", "tipo": "Tipo", "fonte": "Fonte dei dati", "frequenza": "Frequenza di rilevazione",
    "polarita": "Polarità", "baseline": "Baseline (valore di partenza)", "target": "Target (valore atteso)",
    "scadenza": "Scadenza del target", "responsabile": "Ufficio responsabile", "tabella": "Tabella di calcolo",
    "tabella_denominatore": "Tabella del denominatore", "data": "Colonna della data", "note": "Note",
}
_SINONIMI = {
    "indicatore": "nome", "nome_indicatore": "nome", "denominazione": "nome",
    "valore_previsto": "target", "valore_atteso": "target", "valore_obiettivo": "target", "obiettivo": "target",
    "valore_iniziale": "baseline", "valore_di_partenza": "baseline", "valore_di_base": "baseline",
    "unita_di_misura": "unita", "ufficio_responsabile": "responsabile", "fonte_dei_dati": "fonte",
    "data_target": "scadenza", "entro": "scadenza", "scadenza_target": "scadenza",
    "frequenza_di_rilevazione": "frequenza", "tipologia": "tipo", "tipo_di_indicatore": "tipo",
}


def _testo_valore(valore) -> str:
    if valore is None or valore == "":
        return formato.MANCANTE
    if isinstance(valore, pd.Timestamp):
        return formato.data(valore)
    if isinstance(valore, float):
        return formato.numero(valore, decimali=0 if valore.is_integer() else 2)
    if callable(valore):
        return f"funzione {getattr(valore, '__name__', '')}".strip()
    return str(valore)


class Scheda:
    """La scheda di un indicatore pronta da leggere, con i rilievi del controllo SMART.

    Nei notebook si mostra come tabella; ``markdown()``, ``csv()`` e ``to_dict()`` danno le altre forme.

    >>> from course.indicatori import Indicatore
    >>> s = Scheda(Indicatore("Quota di Patti sottoscritti", unita="%"))
    >>> s.rilievi[0].gravita
    'grave'
    """

    def __init__(self, indicatore):
        self.indicatore = indicatore
        self.rilievi = controlla_smart(indicatore)

    def righe(self) -> list[tuple[str, str]]:
        """Le coppie (etichetta, valore) della scheda, nell'ordine in cui si leggono.

        >>> from course.indicatori import Indicatore
        >>> scheda(Indicatore("Quota di Patti sottoscritti", target=80)).righe()[10]
        ('Target (valore atteso)', '80')
        """
        dati = self.indicatore.__dict__
        return [(ETICHETTE[c], _testo_valore(dati[c])) for c in ETICHETTE
                if c not in ("tabella_denominatore",) or dati[c]]

    def to_dict(self) -> dict:
        """I campi dell'indicatore e i rilievi, come dizionario.

        >>> from course.indicatori import Indicatore
        >>> sorted(scheda(Indicatore("Quota di Patti sottoscritti")).to_dict())[:3]
        ['baseline', 'data', 'definizione']
        """
        return {**self.indicatore.to_dict(), "rilievi": [str(r) for r in self.rilievi]}

    def markdown(self) -> str:
        """La scheda in Markdown (per documenti e relazioni).

        >>> from course.indicatori import Indicatore
        >>> scheda(Indicatore("Quota di Patti sottoscritti", unita="%")).markdown().splitlines()[6]
        '| Numeratore | — |'
        """
        righe = [f"### {self.indicatore.nome}", "", "| Campo | Valore |", "|---|---|"]
        righe += [f"| {e} | {v.replace('|', '/')} |" for e, v in self.righe()]
        if self.rilievi:
            righe += ["", "**Controllo SMART**", ""] + [f"- {r}" for r in self.rilievi]
        return "\n".join(righe)

    def csv(self) -> str:
        """La scheda come CSV a due colonne (campo; valore), separato da punto e virgola come in Excel.

        >>> from course.indicatori import Indicatore
        >>> scheda(Indicatore("Quota di Patti sottoscritti", unita="%")).csv().splitlines()[:2]
        ['campo;valore', 'Nome;Quota di Patti sottoscritti']
        """
        uscita = io.StringIO()
        pd.DataFrame(self.righe(), columns=["campo", "valore"]).to_csv(uscita, sep=";", index=False, lineterminator="\n")
        return uscita.getvalue()

    def _repr_html_(self) -> str:
        # tonalità scure della tavolozza: testo leggibile su fondo bianco (contrasto ≥ 4,5:1, WCAG 2.1 AA)
        colori = {"grave": "#A33F00", "attenzione": "#8A5200", "consiglio": "#005A8C"}
        righe = "".join(f"<tr><th scope='row' style='text-align:left'>{html.escape(e)}</th><td style='text-align:left'>"
                        f"{html.escape(v)}</td></tr>" for e, v in self.righe())
        rilievi = "".join(f"<li><b style='color:{colori[r.gravita]}'>{r.gravita}</b>: {html.escape(r.messaggio)} "
                          f"<i>{html.escape(r.suggerimento)}</i></li>" for r in self.rilievi)
        esito = f"<p>Controllo SMART:</p><ul>{rilievi}</ul>" if rilievi else "<p>Controllo SMART: nessun rilievo.</p>"
        return f"<h4>{html.escape(self.indicatore.nome)}</h4><table><caption>Scheda dell'indicatore</caption>{righe}</table>{esito}"

    def __repr__(self) -> str:
        return self.markdown()


def scheda(indicatore) -> Scheda:
    """La scheda leggibile dell'indicatore (tabella nei notebook; ``.markdown()``, ``.csv()``, ``.to_dict()``).

    >>> from course.indicatori import Indicatore
    >>> s = scheda(Indicatore("Quota di Patti sottoscritti", unita="%", polarita="crescente"))
    >>> "Polarità" in s._repr_html_(), len(s.rilievi) > 0
    (True, True)
    """
    if not isinstance(indicatore, Indicatore):
        raise ErroreCorso(f"scheda vuole un Indicatore, non {type(indicatore).__name__}.")
    return Scheda(indicatore)


class ElencoIndicatori(list):
    """Una lista di indicatori letta da una tabella, con il ``rapporto`` di ciò che è stato dedotto dal testo.

    >>> ElencoIndicatori().rapporto.columns.tolist()[:3]
    ['riga', 'nome', 'testo_letto']
    """

    def __init__(self, indicatori=(), rapporto: pd.DataFrame | None = None):
        super().__init__(indicatori)
        self.rapporto = rapporto if rapporto is not None else pd.DataFrame(
            columns=["riga", "nome", "testo_letto", "target", "confronto", "unita", "polarita_dedotta", "esito"])


def _normalizza(nome) -> str:
    testo = unicodedata.normalize("NFKD", str(nome)).encode("ascii", "ignore").decode().strip().lower()
    return "_".join(testo.replace(".", " ").replace("'", " ").split())


def _leggi_file(percorso: Path) -> pd.DataFrame:
    if not percorso.exists():
        raise ErroreCorso(f"Non trovo il file {percorso}. Controlla il nome e la cartella.")
    opzioni = dict(header=None, dtype=str, keep_default_na=False)
    if percorso.suffix.lower() in (".xlsx", ".xlsm"):
        return pd.read_excel(percorso, engine="openpyxl", **opzioni)
    if percorso.suffix.lower() in (".csv", ".txt"):
        for codifica in ("utf-8-sig", "cp1252"):
            try:
                return pd.read_csv(percorso, sep=None, engine="python", encoding=codifica, **opzioni)
            except UnicodeDecodeError:
                continue
    raise ErroreCorso(f"Non so leggere {percorso.name}: usa un file .xlsx o .csv.")


def _con_intestazione(grezza: pd.DataFrame) -> pd.DataFrame:
    # Le tabelle Excel hanno spesso righe di titolo sopra l'intestazione: la cerco tra le prime dieci.
    for posizione in range(min(10, len(grezza))):
        nomi = [_normalizza(v) for v in grezza.iloc[posizione]]
        if {"nome", "descrizione", "indicatore"} & set(nomi):
            tabella = grezza.iloc[posizione + 1:].copy()
            tabella.columns = nomi
            tabella.index = range(posizione + 2, posizione + 2 + len(tabella))  # riga come in Excel
            return tabella
    raise ErroreCorso("Nella tabella degli indicatori non trovo la riga di intestazione: serve almeno una colonna "
                      "«nome» (o «descrizione») nelle prime dieci righe.")


def _funzione_nota(valore):
    """«funzione mesi_di_attivita» (come la scrive ``scrivi_indicatori``) torna la funzione del catalogo."""
    if not isinstance(valore, str) or not valore.startswith("funzione "):
        return valore
    nome = valore.removeprefix("funzione ").strip()
    if nome in standard.__all__ and callable(getattr(standard, nome)):
        return getattr(standard, nome)
    raise ErroreCorso(f"la funzione {nome!r} non è tra quelle del catalogo: scrivi un'espressione sulle colonne")


def leggi_indicatori(percorso_o_tabella) -> ElencoIndicatori:
    """Legge un insieme di indicatori da un file Excel/CSV o da una tabella pandas.

    Se il target manca (colonna assente o cella vuota) lo cerca nel nome e nella definizione
    («almeno 20», «non oltre 30 giorni») e annota cosa ha letto in ``.rapporto``. Gli errori di tutte le
    righe sono riportati insieme, con il numero di riga come in Excel.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"Descrizione": ["Patti sottoscritti: almeno 20", "Tempo di attesa"],
    ...                   "Unità": ["n.", "giorni"], "Polarità": ["", "decrescente"]})
    >>> elenco = leggi_indicatori(t)
    >>> elenco[0].target, elenco[0].polarita
    (20.0, 'crescente')
    >>> elenco.rapporto[["riga", "testo_letto", "esito"]]
       riga   testo_letto                                  esito
    0     2     almeno 20  target letto dal testo; polarità dedotta
    1     3          <NA>                    nessun target trovato
    """
    if isinstance(percorso_o_tabella, pd.DataFrame):
        grezza = percorso_o_tabella.copy()
        tabella = grezza.set_axis([_normalizza(c) for c in grezza.columns], axis=1)
        tabella.index = range(2, 2 + len(tabella))
    else:
        tabella = _con_intestazione(_leggi_file(Path(percorso_o_tabella)))
    tabella = tabella.rename(columns={k: v for k, v in _SINONIMI.items() if v not in tabella.columns})
    if "nome" not in tabella.columns and "descrizione" in tabella.columns:
        tabella = tabella.rename(columns={"descrizione": "nome"})
    elif "descrizione" in tabella.columns and "definizione" not in tabella.columns:
        tabella = tabella.rename(columns={"descrizione": "definizione"})
    if "nome" not in tabella.columns:
        raise ErroreCorso("Nella tabella degli indicatori manca la colonna «nome» (o «descrizione»). "
                          f"Colonne presenti: {', '.join(map(str, tabella.columns))}.")
    tabella = tabella.replace({"n.d.": None, "N.D.": None, "nd": None, "": None})
    tabella = tabella[tabella["nome"].notna() & ~tabella["nome"].astype(str).str.strip().str.lower().eq("totale")]
    campi = [c for c in ETICHETTE if c in tabella.columns]
    indicatori, problemi, rapporto = [], [], []
    for riga, valori in zip(tabella.index, tabella[campi].to_dict("records")):
        valori = {k: v for k, v in valori.items() if not (v is None or (isinstance(v, float) and pd.isna(v)))}
        voce = None
        if valori.get("target") is None:
            voce = leggi_target(valori.get("nome")) or leggi_target(valori.get("definizione"))
            esito = "nessun target trovato"
            if voce is not None:
                valori["target"] = voce.valore
                esito = "target letto dal testo"
                if not valori.get("polarita") and voce.polarita:
                    valori["polarita"] = voce.polarita
                    esito += "; polarità dedotta"
                if not valori.get("unita") and voce.unita:
                    valori["unita"] = voce.unita
            rapporto.append({"riga": riga, "nome": valori.get("nome"), "testo_letto": voce.testo if voce else pd.NA,
                             "target": voce.valore if voce else pd.NA, "confronto": voce.confronto if voce else pd.NA,
                             "unita": voce.unita if voce else pd.NA,
                             "polarita_dedotta": voce.polarita if voce else pd.NA, "esito": esito})
        try:
            for campo in ("numeratore", "denominatore"):
                valori[campo] = _funzione_nota(valori.get(campo))
            indicatori.append(Indicatore(**valori))
        except ErroreCorso as e:
            problemi.append(f"riga {riga}: {e}")
    if problemi:
        raise ErroreCorso(f"Nella tabella degli indicatori ci sono {len(problemi)} righe da correggere:\n"
                          + "\n".join(problemi))
    colonne = ["riga", "nome", "testo_letto", "target", "confronto", "unita", "polarita_dedotta", "esito"]
    return ElencoIndicatori(indicatori, pd.DataFrame(rapporto, columns=colonne).convert_dtypes())


def scrivi_indicatori(indicatori, percorso) -> Path:
    """Scrive un insieme di indicatori in un file ``.xlsx`` o ``.csv`` (punto e virgola, virgola decimale).

    Una colonna per campo della scheda; il file si rilegge con :func:`leggi_indicatori`.

    >>> import tempfile, pathlib
    >>> from course.indicatori import Indicatore
    >>> cartella = pathlib.Path(tempfile.mkdtemp())
    >>> p = scrivi_indicatori([Indicatore("Quota di Patti sottoscritti", target=80)], cartella / "set.csv")
    >>> leggi_indicatori(p)[0].target
    80.0
    """
    indicatori = list(indicatori) if not isinstance(indicatori, Indicatore) else [indicatori]
    sbagliati = [i for i, x in enumerate(indicatori) if not isinstance(x, Indicatore)]
    if sbagliati:
        raise ErroreCorso(f"scrivi_indicatori vuole una lista di Indicatore; gli elementi in posizione "
                          f"{', '.join(map(str, sbagliati))} non lo sono.")
    percorso = Path(percorso)
    tabella = pd.DataFrame([i.to_dict() for i in indicatori], columns=list(ETICHETTE))
    if percorso.suffix.lower() == ".xlsx":
        tabella.to_excel(percorso, index=False, engine="openpyxl", sheet_name="indicatori")
    elif percorso.suffix.lower() == ".csv":
        tabella.to_csv(percorso, sep=";", decimal=",", index=False, encoding="utf-8-sig")
    else:
        raise ErroreCorso(f"Non so scrivere {percorso.name}: scegli un nome che finisca con .xlsx o .csv.")
    return percorso
