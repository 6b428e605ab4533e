"""Lo schema di ogni tabella sintetica, dichiarato una volta sola, in Python semplice.

Ogni colonna dice il suo tipo, che cosa contiene e quali valori sono ammessi (elenco, forma del
codice, minimo e massimo, se può restare vuota, se non si può ripetere). Da qui derivano: la
validazione (``course.dati.valida``), i tipi al caricamento (``course.dati.carica``), il dizionario
dei dati e ``datasets/datapackage.json``, i test.

>>> sorted(schema("patti").colonne)[:3]
['codice_ambito', 'data_analisi_preliminare', 'data_assegnazione']
>>> colonne("nuclei")["componenti"].minimo, colonne("nuclei")["componenti"].massimo
(1, 15)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from course.dati import tabelle as t
from course.errori import controlla_scelta

__all__ = ["Colonna", "Schema", "schema", "colonne", "controlli_tra_colonne", "TIPI"]

ID_NUCLEO = r"^NUC-[0-9A-F]{8}$"
CODICE_AMBITO = r"^ATS-(FG|BT|BA|BR|LE|TA)-\d{2}$"
CODICE_ISTAT = r"^\d{6}$"

# i tipi di colonna del corso e il tipo pandas con cui si caricano
TIPI = {"testo": "string", "categoria": "string", "intero": "Int64", "numero": "float64",
        "data": "datetime64[ns]", "sì/no": "boolean"}


@dataclass(frozen=True)
class Colonna:
    """Una colonna dichiarata: il tipo (una delle chiavi di ``TIPI``), la descrizione e le regole dei valori.

    ``ammessi`` è l'elenco chiuso dei valori possibili, ``forma`` l'espressione regolare di un codice,
    ``minimo`` e ``massimo`` i limiti (compresi); ``obbligatoria`` dice se può restare vuota,
    ``unica`` se lo stesso valore non può stare in due righe.
    """

    tipo: str
    descrizione: str
    obbligatoria: bool = True
    unica: bool = False
    ammessi: tuple[str, ...] | None = None
    forma: str | None = None
    minimo: float | pd.Timestamp | None = None
    massimo: float | pd.Timestamp | None = None
    unita: str | None = None

    @property
    def tipo_pandas(self) -> str:
        """Il tipo pandas della colonna caricata (``Int64``, ``float64``, ``datetime64[ns]``…)."""
        return TIPI[self.tipo]


@dataclass(frozen=True)
class Schema:
    """Tutte le regole di una tabella: le colonne e i controlli che confrontano più colonne."""

    nome: str
    colonne: dict[str, Colonna]
    controlli: list[dict] = field(default_factory=list)


def _testo(descrizione, *, unico=False, facoltativa=False, ammessi=None, forma=None, unita=None):
    return Colonna("categoria" if ammessi else "testo", descrizione, obbligatoria=not facoltativa, unica=unico,
                   ammessi=tuple(ammessi) if ammessi is not None else None, forma=forma, unita=unita)


def _intero(descrizione, *, minimo=0, massimo=None, facoltativa=False, unita=None):
    return Colonna("intero", descrizione, obbligatoria=not facoltativa, minimo=minimo, massimo=massimo, unita=unita)


def _numero(descrizione, *, minimo=0, massimo=None, facoltativa=False, unita=None):
    return Colonna("numero", descrizione, obbligatoria=not facoltativa, minimo=minimo, massimo=massimo, unita=unita)


def _data(descrizione, *, facoltativa=False):
    return Colonna("data", descrizione, obbligatoria=not facoltativa,
                   minimo=pd.Timestamp("2000-01-01"), massimo=pd.Timestamp("2035-12-31"))


def _logico(descrizione, *, facoltativa=False):
    return Colonna("sì/no", descrizione, obbligatoria=not facoltativa)


def _ambito():
    return _testo("Codice dell'Ambito territoriale (es. ATS-BA-01, vedi puglia_ambiti.csv)",
                  forma=CODICE_AMBITO)


COLONNE: dict[str, dict[str, Colonna]] = {
    "operatori": {
        "id_operatore": _testo("Codice pseudonimo dell'operatore", unico=True),
        "codice_ambito": _ambito(),
        "ruolo": _testo("Profilo professionale", ammessi=t.RUOLI),
        "case_manager": _logico("Vero se l'operatore fa da case manager nelle prese in carico"),
        "fte": _numero("Tempo pieno equivalente (1 = tempo pieno)", massimo=1, unita="FTE"),
        "in_servizio_dal": _data("Data di inizio servizio nell'Ambito"),
    },
    "nuclei": {
        "id_nucleo": _testo("Codice pseudonimo del nucleo familiare", unico=True, forma=ID_NUCLEO),
        "codice_ambito": _ambito(),
        "codice_istat": _testo("Codice ISTAT del comune di residenza (6 cifre)", forma=CODICE_ISTAT),
        "componenti": _intero("Numero di componenti del nucleo", minimo=1, massimo=15, unita="persone"),
        "minori": _intero("Componenti con meno di 18 anni", unita="persone"),
        "eta_richiedente": _intero("Età del richiedente alla domanda", minimo=18, massimo=110, unita="anni"),
        "isee": _numero("Valore ISEE del nucleo", unita="euro"),
        "misura": _testo("Misura richiesta", ammessi=t.MISURE),
    },
    "domande": {
        "id_domanda": _testo("Codice della domanda", unico=True),
        "id_nucleo": _testo("Nucleo che ha presentato la domanda", forma=ID_NUCLEO),
        "misura": _testo("Misura richiesta", ammessi=t.MISURE),
        "data_domanda": _data("Data di presentazione della domanda"),
        "esito": _testo("Esito dell'istruttoria", ammessi=t.ESITI_DOMANDA),
        "motivo": _testo("Motivo dell'esito", ammessi=t.MOTIVI_DOMANDA),
        "data_esito": _data("Data dell'esito (vuota se l'istruttoria è in corso)", facoltativa=True),
    },
    "patti": {
        "id_patto": _testo("Codice della presa in carico", unico=True),
        "id_nucleo": _testo("Nucleo preso in carico", forma=ID_NUCLEO),
        "codice_ambito": _ambito(),
        "misura": _testo("Misura", ammessi=t.MISURE),
        "id_operatore": _testo("Case manager assegnato"),
        "data_domanda": _data("Data della domanda (per la misura ADI vale come data del patto di attivazione digitale)"),
        "data_assegnazione": _data("Assegnazione del case manager"),
        "data_primo_colloquio": _data("Primo colloquio con il nucleo", facoltativa=True),
        "data_analisi_preliminare": _data("Analisi preliminare conclusa", facoltativa=True),
        "quadro_analisi_necessario": _logico("Vero se i bisogni complessi richiedono il quadro di analisi approfondito"),
        "data_quadro_analisi": _data("Quadro di analisi concluso (solo se necessario)", facoltativa=True),
        "data_sottoscrizione": _data("Sottoscrizione del Patto", facoltativa=True),
        "n_revisioni": _intero("Revisioni del percorso fatte finora", unita="revisioni"),
        "data_ultima_revisione": _data("Data dell'ultima revisione (vuota se nessuna)", facoltativa=True),
        "data_chiusura": _data("Chiusura della presa in carico (vuota se aperta)", facoltativa=True),
        "esito": _testo("Esito alla chiusura (vuoto se aperta)", ammessi=t.ESITI_PATTO, facoltativa=True),
    },
    "attivita_mensili": {
        "id_patto": _testo("Patto a cui si riferisce l'attività"),
        "mese": _data("Mese di riferimento (primo giorno del mese)"),
        "tipo_attivita": _testo("Tipo di attività", ammessi=t.TIPI_ATTIVITA),
        "ore_previste": _intero("Ore previste nel mese", massimo=300, unita="ore"),
        "ore_svolte": _intero("Ore svolte (presenze)", massimo=300, unita="ore"),
        "assenze_giustificate": _intero("Ore di assenza giustificata", massimo=300, unita="ore"),
        "assenze_ingiustificate": _intero("Ore di assenza non giustificata", massimo=300, unita="ore"),
    },
    "azioni_ets": {
        "id_azione": _testo("Codice dell'azione del Piano operativo", unico=True),
        "codice_ambito": _ambito(),
        "tipo_azione": _testo("Tipologia di azione (le tre del Piano operativo)", ammessi=t.TIPI_AZIONE),
        "descrizione": _testo("Descrizione breve dell'azione"),
        "ente": _testo("Ente del Terzo settore che realizza l'azione (nome di fantasia)"),
        "budget": _numero("Risorse assegnate", unita="euro"),
        "spesa": _numero("Spesa sostenuta alla data di riferimento", unita="euro"),
        "destinatari_previsti": _intero("Beneficiari da raggiungere", unita="persone"),
        "destinatari_raggiunti": _intero("Beneficiari raggiunti finora", unita="persone"),
        "data_inizio": _data("Inizio dell'azione"),
        "data_fine": _data("Fine prevista dell'azione"),
    },
    "obiettivi": {
        "id_obiettivo": _testo("Codice dell'obiettivo del piano della performance", unico=True),
        "codice_ambito": _ambito(),
        "titolo": _testo("Titolo dell'obiettivo"),
        "responsabile": _testo("Responsabile: chi risponde dell'obiettivo (una persona, indicata per ruolo)"),
        "centro_responsabilita": _testo("Centro di responsabilità: la struttura (ufficio, servizio) a cui è assegnato"),
        "anno": _intero("Anno del piano", minimo=2000, massimo=2035),
    },
    "cronoprogramma": {
        "id_attivita": _testo("Codice dell'attività", unico=True),
        "id_obiettivo": _testo("Obiettivo a cui appartiene"),
        "descrizione": _testo("Descrizione dell'attività"),
        "responsabile": _testo("Responsabile: chi risponde dell'attività (una persona, indicata per ruolo)"),
        "centro_responsabilita": _testo("Centro di responsabilità: la struttura (ufficio, servizio) a cui è assegnata"),
        "avanzamento_pct": _numero("Percentuale di avanzamento", massimo=100, unita="%"),
        "inizio_previsto": _data("Inizio previsto"),
        "inizio_effettivo": _data("Inizio effettivo (vuoto se non avviata)", facoltativa=True),
        "fine_prevista": _data("Fine prevista"),
        "fine_effettiva": _data("Fine effettiva (vuota se non conclusa)", facoltativa=True),
    },
    "indicatori": {
        "id_indicatore": _testo("Codice dell'indicatore", unico=True),
        "id_obiettivo": _testo("Obiettivo a cui appartiene"),
        "descrizione": _testo("Descrizione (a volte contiene il valore atteso, es. «almeno 20»)"),
        "tipo": _testo("Tipo di indicatore", ammessi=t.TIPI_INDICATORE),
        "unita": _testo("Unità di misura"),
        "polarita": _testo("Crescente se un valore più alto è meglio, decrescente se è peggio", ammessi=t.POLARITA),
        "valore_previsto": _numero("Valore atteso (vuoto se scritto solo nella descrizione)", facoltativa=True, minimo=None),
        "valore_raggiunto": _numero("Valore osservato alla data di riferimento", facoltativa=True, minimo=None),
    },
    "buone_pratiche": {
        "id_candidatura": _testo("Codice della candidatura", unico=True),
        "codice_ambito": _ambito(),
        "soggetto_proponente": _testo("Chi candida la pratica", ammessi=t.SOGGETTI_PROPONENTI),
        "codice_istat": _testo("Comune proponente (vuoto se propone l'Ambito)", facoltativa=True, forma=CODICE_ISTAT),
        "titolo": _testo("Titolo della pratica"),
        "area_tematica": _testo("Area tematica dichiarata (le cinque dell'avviso; altre diciture vanno escluse in istruttoria)"),
        "poverta_educative": _logico("Vero se la pratica riguarda il contrasto alle povertà educative"),
        "data_invio": _data("Data di invio della candidatura"),
        "inviata_via_pec": _logico("Vero se inviata via posta elettronica certificata"),
        "domanda_allegata": _logico("Vero se c'è la domanda di partecipazione (Allegato A1)"),
        "descrizione": _testo("Descrizione della pratica (vuota se mancante)", facoltativa=True),
        "anno_avvio": _intero("Anno di avvio della pratica", minimo=1990, massimo=2035),
        "risultati_documentati": _logico("Vero se la candidatura documenta risultati misurati"),
        "n_partner": _intero("Numero di partner coinvolti", unita="enti"),
        "costo_annuo": _numero("Costo annuo stimato", unita="euro", facoltativa=True),
    },
}


def _dopo(prima: str, dopo: str):
    def controllo(df):
        return df[dopo].isna() | df[prima].isna() | (df[dopo] >= df[prima])
    return controllo


def _non_oltre_riferimento(colonna: str):
    def controllo(df):
        limite = df.attrs.get("data_riferimento")
        if limite is None:
            return pd.Series(True, index=df.index)
        return df[colonna].isna() | (df[colonna] <= pd.Timestamp(limite))
    return controllo


def _comune_nell_ambito(df):
    from course.territorio import mappatura

    mappa = df.attrs.get("mappatura")
    if mappa is None:
        mappa = mappatura()
    coppie = set(zip(mappa["codice_istat"], mappa["codice_ambito"]))
    return pd.Series([(c, a) in coppie for c, a in zip(df["codice_istat"], df["codice_ambito"])],
                     index=df.index, dtype=bool)


# (tabella, colonna segnalata, nome, problema, come correggere, funzione)
_TRA_COLONNE = [
    ("nuclei", "codice_istat", "comune_nell_ambito",
     "il comune non appartiene all'Ambito indicato",
     "controlla il codice ISTAT e il codice dell'Ambito con course.territorio.mappatura()",
     _comune_nell_ambito),
    ("nuclei", "minori", "minori_non_oltre_componenti",
     "i minori sono più dei componenti del nucleo",
     "i minori sono una parte dei componenti: correggi uno dei due numeri",
     lambda df: df["minori"].isna() | df["componenti"].isna() | (df["minori"] <= df["componenti"])),
    ("domande", "data_esito", "esito_dopo_domanda",
     "la data dell'esito viene prima della domanda", "controlla le due date", _dopo("data_domanda", "data_esito")),
    ("attivita_mensili", "ore_svolte", "ore_coerenti",
     "ore svolte più assenze superano le ore previste",
     "le ore svolte e le assenze sono una ripartizione delle ore previste: controlla i quattro numeri",
     lambda df: (df["ore_svolte"] + df["assenze_giustificate"] + df["assenze_ingiustificate"]
                 <= df["ore_previste"]).fillna(True)),
    ("azioni_ets", "data_fine", "fine_dopo_inizio",
     "la fine dell'azione viene prima dell'inizio", "controlla le due date", _dopo("data_inizio", "data_fine")),
    ("cronoprogramma", "fine_prevista", "fine_prevista_dopo_inizio",
     "la fine prevista viene prima dell'inizio previsto", "controlla le due date",
     _dopo("inizio_previsto", "fine_prevista")),
    ("cronoprogramma", "fine_effettiva", "fine_effettiva_dopo_inizio",
     "la fine effettiva viene prima dell'inizio effettivo", "controlla le due date",
     _dopo("inizio_effettivo", "fine_effettiva")),
]
for _prima, _dopo_col in [
    ("data_domanda", "data_assegnazione"), ("data_assegnazione", "data_primo_colloquio"),
    ("data_primo_colloquio", "data_analisi_preliminare"), ("data_analisi_preliminare", "data_quadro_analisi"),
    ("data_analisi_preliminare", "data_sottoscrizione"), ("data_sottoscrizione", "data_ultima_revisione"),
    ("data_domanda", "data_sottoscrizione"), ("data_domanda", "data_chiusura"),
]:
    _TRA_COLONNE.append((
        "patti", _dopo_col, f"{_dopo_col}_dopo_{_prima}",
        f"{_dopo_col.replace('_', ' ')} viene prima di {_prima.replace('_', ' ')}",
        "le fasi della presa in carico vanno in ordine: controlla le due date",
        _dopo(_prima, _dopo_col),
    ))
for _col in ["data_assegnazione", "data_primo_colloquio", "data_analisi_preliminare", "data_quadro_analisi",
             "data_sottoscrizione", "data_ultima_revisione", "data_chiusura"]:
    _TRA_COLONNE.append((
        "patti", _col, f"{_col}_non_futura",
        f"{_col.replace('_', ' ')} è successiva alla data di riferimento dei dati",
        "una fase non può essere già avvenuta dopo la data di estrazione: controlla l'anno",
        _non_oltre_riferimento(_col),
    ))


def controlli_tra_colonne(tabella: str) -> list[dict]:
    """I controlli che confrontano più colonne di ``tabella``, con colonna, problema e rimedio.

    >>> [c["nome"] for c in controlli_tra_colonne("domande")]
    ['esito_dopo_domanda']
    """
    controlla_scelta(tabella, t.TABELLE, cosa="tabella")
    return [
        {"colonna": col, "nome": nome, "problema": problema, "come_correggere": rimedio, "funzione": f}
        for tab, col, nome, problema, rimedio, f in _TRA_COLONNE if tab == tabella
    ]


def colonne(tabella: str) -> dict[str, Colonna]:
    """Le colonne dichiarate di ``tabella`` (nome → ``Colonna`` con tipo, descrizione e regole).

    >>> list(colonne("domande"))[:3]
    ['id_domanda', 'id_nucleo', 'misura']
    """
    return COLONNE[controlla_scelta(tabella, t.TABELLE, cosa="tabella")]


@lru_cache(maxsize=None)
def schema(tabella: str) -> Schema:
    """Lo schema completo di ``tabella``: colonne e controlli tra colonne.

    >>> schema("nuclei").nome, len(schema("nuclei").controlli)
    ('nuclei', 2)
    """
    return Schema(tabella, colonne(tabella), controlli_tra_colonne(tabella))
