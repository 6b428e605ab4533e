"""«I miei dati»: le prese in carico e le ore del proprio Ambito, lette dal file che esporta il gestionale.

Il percorso, uguale nel notebook ``i-miei-dati.ipynb``, nel widget e in ``ambiti-lab dati importa FILE``:

1. il file (CSV o Excel, con i nomi di colonna che ha) si legge con ``leggi_tabella``;
2. le sue colonne si abbinano a quelle di una tabella del corso (``patti``, ``attivita_mensili``,
   ``nuclei``): il corso le propone guardando il nome e il contenuto, chi importa le corregge;
3. l'abbinamento si salva, e il mese dopo un file con le stesse colonne si importa senza rifarlo;
4. i valori si controllano con gli schemi del corso (``valida``);
5. i codici che riconoscono le persone (codice fiscale, nomi dei case manager) diventano pseudonimi,
   con una chiave che resta nella cartella di lavoro; le colonne che il corso non usa non si copiano;
6. sulla tabella pseudonimizzata girano lo scadenzario e il controllo delle ore.

Tutto avviene su questo computer: niente viene inviato in rete. Un file a cui manca una colonna
necessaria si rifiuta con l'elenco di ciò che manca (:class:`FileRifiutato`).

>>> sorted(TABELLE_IMPORTABILI)
['attivita_mensili', 'nuclei', 'patti']
"""

from __future__ import annotations

import difflib
import hashlib
import hmac
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from course import formato
from course.dati import tabelle as voci
from course.dati.schemi import COLONNE, CODICE_AMBITO, ID_NUCLEO
from course.date import leggi_data, leggi_date
from course.errori import ErroreCorso, controlla_scelta
from course.monitoraggio._attivita import COLONNE_ATTIVITA
from course.privacy import FORMA_CODICE_FISCALE, identificativi_diretti
from course.scadenze import COLONNE_PATTI

__all__ = ["TABELLE_IMPORTABILI", "NIENTE_IN_RETE", "CARTELLA", "Mappatura", "FileRifiutato", "Importazione",
           "proponi", "importa", "chiave_locale", "scrivi_esempio"]

#: Le tabelle del corso che si possono riempire con un file proprio, e le colonne senza cui non si calcola nulla.
TABELLE_IMPORTABILI: dict[str, tuple[str, ...]] = {
    "patti": tuple(COLONNE_PATTI),
    "attivita_mensili": tuple(COLONNE_ATTIVITA),
    "nuclei": ("id_nucleo", "componenti", "minori"),
}
NIENTE_IN_RETE = ("Tutto è avvenuto su questo computer: nessun dato è stato inviato in rete "
                  "(il corso non ha bisogno di Internet per questi passaggi).")
#: La sottocartella della cartella di lavoro con abbinamenti salvati, tabelle pseudonimizzate e chiave.
CARTELLA = "i-miei-dati"
_FILE_MAPPATURE = "abbinamenti.json"
_FILE_CHIAVE = ".chiave-pseudonimi"

# Nomi con cui i gestionali chiamano spesso le colonne del corso (già scritti come li rende leggi_tabella).
_SINONIMI: dict[str, tuple[str, ...]] = {
    "id_patto": ("patto", "codice_patto", "n_patto", "numero_patto", "id_pratica", "pratica", "n_pratica",
                 "codice_pratica", "presa_in_carico", "id_presa_in_carico", "id_caso", "caso", "protocollo"),
    "id_nucleo": ("nucleo", "codice_nucleo", "famiglia", "id_famiglia", "codice_fiscale", "cf",
                  "cf_richiedente", "codice_fiscale_richiedente", "richiedente", "beneficiario", "cf_beneficiario"),
    "codice_ambito": ("ambito", "ats", "ambito_territoriale", "cod_ambito", "ambito_sociale"),
    "misura": ("tipo_misura", "misura_richiesta", "beneficio", "tipo_beneficio", "programma", "intervento"),
    "id_operatore": ("case_manager", "operatore", "assistente_sociale", "referente", "responsabile_caso",
                     "operatore_assegnato", "cm"),
    "data_domanda": ("domanda", "data_presentazione", "data_presentazione_domanda", "data_richiesta", "dt_domanda",
                     "data_istanza", "data_patto_attivazione_digitale", "data_pad"),
    "data_assegnazione": ("assegnazione", "data_assegnazione_case_manager", "data_assegnazione_cm",
                          "dt_assegnazione", "data_presa_in_carico", "assegnato_il"),
    "data_primo_colloquio": ("primo_colloquio", "data_colloquio", "dt_primo_colloquio", "colloquio"),
    "data_analisi_preliminare": ("analisi_preliminare", "data_analisi", "dt_analisi_preliminare", "analisi_prel"),
    "quadro_analisi_necessario": ("quadro_necessario", "quadro_analisi", "necessita_quadro_analisi",
                                  "bisogni_complessi", "quadro_approfondito", "serve_quadro_analisi"),
    "data_quadro_analisi": ("data_quadro", "quadro_analisi_concluso", "dt_quadro_analisi", "data_quadro_approfondito"),
    "data_sottoscrizione": ("sottoscrizione", "data_firma", "data_firma_patto", "data_sottoscrizione_patto",
                            "dt_sottoscrizione", "firma_patto", "patto_firmato_il"),
    "data_ultima_revisione": ("ultima_revisione", "revisione", "data_revisione", "dt_ultima_revisione"),
    "data_chiusura": ("chiusura", "data_fine", "dt_chiusura", "chiuso_il", "data_conclusione"),
    "esito": ("esito_chiusura", "esito_patto", "motivo_chiusura", "stato_chiusura"),
    "n_revisioni": ("revisioni", "numero_revisioni", "num_revisioni"),
    "mese": ("mese_riferimento", "mese_di_riferimento", "periodo", "competenza", "mese_anno"),
    "tipo_attivita": ("attivita", "tipologia_attivita", "tipo", "tipologia", "progetto_utilita_collettiva"),
    "ore_previste": ("ore_programmate", "ore_da_svolgere", "ore_pianificate", "monte_ore", "previste"),
    "ore_svolte": ("ore_effettuate", "ore_presenza", "presenze", "ore_lavorate", "ore_effettive", "svolte"),
    "assenze_giustificate": ("ore_assenza_giustificata", "assenze_giust", "ore_assenze_giustificate",
                             "giustificate"),
    "assenze_ingiustificate": ("ore_assenza_ingiustificata", "assenze_ingiust", "ore_assenze_ingiustificate",
                               "ingiustificate", "assenze_non_giustificate"),
    "componenti": ("n_componenti", "numero_componenti", "componenti_nucleo", "persone"),
    "minori": ("n_minori", "numero_minori", "figli_minori", "minorenni"),
    "isee": ("valore_isee", "importo_isee", "isee_ordinario"),
    "eta_richiedente": ("eta", "anni", "eta_del_richiedente"),
    "codice_istat": ("istat", "cod_istat", "codice_comune", "comune_istat"),
}

_MISURE = {"red": "ReD", "reddito di dignita": "ReD", "reddito di dignita regionale": "ReD",
           "adi": "ADI", "assegno di inclusione": "ADI"}
_AMBITO_INDICATO = "_ambito_indicato"  # la colonna aggiunta quando l'Ambito lo dici tu (--ambito)
_LOGICO = "sì/no"  # il tipo delle colonne vero/falso negli schemi del corso
#: I valori ammessi delle colonne a scelta (scritti come nel file: maiuscole e accenti non contano).
_VOCI = {"tipo_attivita": voci.TIPI_ATTIVITA, "esito": voci.ESITI_PATTO}
_SI = {"si", "sì", "s", "x", "vero", "true", "1", "1.0", "y"}
_NO = {"no", "n", "falso", "false", "0", "0.0"}


def _semplice(testo) -> str:
    """Minuscole, senza accenti e senza segni: «Sussidiarietà » → «sussidiarieta»."""
    testo = unicodedata.normalize("NFKD", str(testo)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", testo.lower()).strip()


def _tipo(colonna_corso: str, tabella: str) -> str:
    return COLONNE[tabella][colonna_corso].tipo


def _descrizione(tabella: str, colonna: str) -> str:
    return COLONNE[tabella][colonna].descrizione or colonna


# --- proporre l'abbinamento --------------------------------------------------------------------------

def _punti_per_nome(colonna_corso: str, colonna_file: str) -> float:
    nome = _semplice(colonna_file).replace(" ", "_")
    if nome == colonna_corso:
        return 1.0
    sinonimi = _SINONIMI.get(colonna_corso, ())
    if nome in sinonimi:
        return 0.95
    parole = set(nome.split("_"))
    if any(set(s.split("_")) <= parole for s in (colonna_corso, *sinonimi) if len(s) > 3):
        return 0.75
    simile = max(difflib.SequenceMatcher(None, nome, s).ratio() for s in (colonna_corso, *sinonimi))
    return 0.7 * simile if simile >= 0.8 else 0.0


def _quota(maschera: pd.Series) -> float:
    return float(maschera.mean()) if len(maschera) else 0.0


def _e_un_ambito(testo: str) -> bool:
    """Vero se il testo è un Ambito (codice, nome o capofila) per il riconoscitore del corso."""
    from course.territorio import codice_ambito

    if re.match(CODICE_AMBITO, testo.strip().upper()):
        return True
    try:
        codice_ambito(testo, con_nota=False)
    except ErroreCorso:
        return False
    return True


def _contenuto_adatto(serie: pd.Series, colonna_corso: str, tabella: str) -> float | None:
    """Quanto i valori di una colonna del file somigliano a quelli attesi (da 0 a 1; None se non si sa dire)."""
    valori = serie.dropna().head(200)  # un campione basta per riconoscere che cosa c'è in una colonna
    if valori.empty:
        return None
    tipo = _tipo(colonna_corso, tabella)
    testi = valori.astype(str).map(_semplice)
    if tipo == "data":
        if pd.api.types.is_datetime64_any_dtype(valori):
            return 1.0
        if colonna_corso == "mese":
            return _quota(testi.map(lambda t: _mese_da_testo(t) is not None))
        return _quota(leggi_date(valori.astype(str), vuote_se_illeggibili=True).notna())
    if tipo in {"intero", "numero"}:
        numeri = pd.to_numeric(valori, errors="coerce")
        return _quota(numeri.notna())
    if tipo == _LOGICO:
        return _quota(testi.isin(_SI | _NO))
    if colonna_corso == "misura":
        return _quota(testi.isin(_MISURE))
    if colonna_corso in _VOCI:
        return _quota(testi.isin({_semplice(a) for a in _VOCI[colonna_corso]}))
    if colonna_corso == "codice_ambito":
        distinti = valori.astype(str).str.strip()
        riconosciuti = {v: _e_un_ambito(v) for v in distinti.unique()[:20]}
        return _quota(distinti.map(lambda v: riconosciuti.get(v, False)))
    if colonna_corso == "id_nucleo":
        forme = valori.astype(str).str.strip().str.upper()
        return _quota(forme.str.match(FORMA_CODICE_FISCALE) | forme.str.match(ID_NUCLEO))
    return None


#: Colonne riconoscibili dal solo contenuto (valori tipici, non solo «è una data» o «è un numero»).
_DAL_CONTENUTO = {"misura", "codice_ambito", "tipo_attivita", "id_nucleo", "quadro_analisi_necessario"}


@dataclass
class Mappatura:
    """Quale colonna del file va in ogni colonna della tabella del corso, e perché.

    ``colonne``: colonna del corso → colonna del file (``None`` se nel file non c'è). ``motivi``:
    colonna del corso → la ragione della proposta in parole («stesso nome», «nome simile», «contenuto»,
    «scelta da te», «abbinamento salvato»).
    """

    tabella: str
    colonne: dict[str, str | None]
    motivi: dict[str, str] = field(default_factory=dict)
    colonne_file: list[str] = field(default_factory=list)
    #: l'Ambito indicato a mano (per i file senza una colonna con l'Ambito), ricordato con l'abbinamento
    ambito: str | None = None

    @property
    def necessarie(self) -> tuple[str, ...]:
        return TABELLE_IMPORTABILI[self.tabella]

    def mancanti(self) -> list[str]:
        """Le colonne necessarie che nel file non si sono trovate."""
        return [c for c in self.necessarie if not self.colonne.get(c)]

    def non_usate(self) -> list[str]:
        """Le colonne del file che non vanno in nessuna colonna del corso (non si copiano)."""
        usate = {v for v in self.colonne.values() if v}
        return [c for c in self.colonne_file if c not in usate]

    def tabella_leggibile(self) -> pd.DataFrame:
        """L'abbinamento come tabella da leggere: una riga per colonna del corso."""
        righe = [{"colonna del corso": c, "che cosa contiene": _descrizione(self.tabella, c),
                  "colonna del tuo file": (formato.MANCANTE if not self.colonne.get(c) else "(nessuna)"
                                           if self.colonne[c] == _AMBITO_INDICATO else self.colonne[c]),
                  "perché": self.motivi.get(c, "nessuna colonna adatta") if self.colonne.get(c) else
                  ("manca: serve" if c in self.necessarie else "manca (facoltativa)"),
                  "serve?": "sì" if c in self.necessarie else "facoltativa"}
                 for c in COLONNE[self.tabella]]
        return pd.DataFrame(righe)

    def come_dizionario(self) -> dict:
        return {"tabella": self.tabella, "colonne": {c: v for c, v in self.colonne.items() if v},
                "colonne_file": list(self.colonne_file), "ambito": self.ambito}


def _chiave_contenuto(corso: str, tabella: str) -> str:
    """Colonne del corso che si riconoscono dallo stesso controllo del contenuto hanno la stessa chiave."""
    tipo = _tipo(corso, tabella)
    speciale = corso in {"mese", "misura", "codice_ambito", "id_nucleo"} or corso in _VOCI
    return corso if speciale else tipo


def _proponi_per_tabella(df: pd.DataFrame, tabella: str, visti: dict | None = None) -> tuple[Mappatura, float]:
    candidati = []
    visti = {} if visti is None else visti
    for corso in COLONNE[tabella]:
        for colonna in df.columns:
            nome = _punti_per_nome(corso, str(colonna))
            if nome == 0 and corso not in _DAL_CONTENUTO:
                continue
            chiave = (colonna, _chiave_contenuto(corso, tabella))
            if chiave not in visti:
                visti[chiave] = _contenuto_adatto(df[colonna], corso, tabella)
            contenuto = visti[chiave]
            if nome > 0 and contenuto is not None and contenuto < 0.5:
                nome *= 0.3  # il nome torna ma il contenuto no (es. «Data domanda» piena di testo)
            if nome >= 0.5:
                motivo = ("stesso nome" if nome >= 1 else "nome usato spesso dai gestionali" if nome >= 0.95
                          else "nome simile")
                if contenuto is not None and contenuto >= 0.8:
                    nome += 0.05
                candidati.append((nome, corso, str(colonna), motivo))
            elif corso in _DAL_CONTENUTO and contenuto is not None and contenuto >= 0.9:
                candidati.append((0.5 * contenuto, corso, str(colonna), "contenuto"))
    scelte: dict[str, str | None] = {c: None for c in COLONNE[tabella]}
    motivi: dict[str, str] = {}
    usate: set[str] = set()
    for punti, corso, colonna, motivo in sorted(candidati, key=lambda c: -c[0]):
        if scelte[corso] is None and colonna not in usate:
            scelte[corso], motivi[corso] = colonna, motivo
            usate.add(colonna)
    necessarie = TABELLE_IMPORTABILI[tabella]
    copertura = sum(1 for c in necessarie if scelte[c]) / len(necessarie)
    return Mappatura(tabella, scelte, motivi, [str(c) for c in df.columns]), copertura


def _impronta_colonne(tabella: str, colonne) -> str:
    return tabella + ":" + hashlib.sha256("\n".join(sorted(map(str, colonne))).encode()).hexdigest()[:16]


def _cartella_lavoro(cartella) -> Path:
    return Path(cartella).expanduser() if cartella is not None else Path.cwd()


def _mappatura_salvata(df: pd.DataFrame, tabella: str, cartella: Path) -> Mappatura | None:
    percorso = cartella / CARTELLA / _FILE_MAPPATURE
    try:
        salvate = json.loads(percorso.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    voce = salvate.get(_impronta_colonne(tabella, df.columns))
    if not voce:
        return None
    colonne = {c: voce["colonne"].get(c) for c in COLONNE[tabella]}
    if any(v is not None and v not in df.columns for v in colonne.values()):
        return None
    return Mappatura(tabella, colonne, {c: "abbinamento salvato" for c, v in colonne.items() if v},
                     [str(c) for c in df.columns], voce.get("ambito"))


def _salva_mappatura(mappatura: Mappatura, cartella: Path, nome_file: str) -> Path:
    percorso = cartella / CARTELLA / _FILE_MAPPATURE
    percorso.parent.mkdir(parents=True, exist_ok=True)
    try:
        salvate = json.loads(percorso.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        salvate = {}
    voce = mappatura.come_dizionario()
    voce["file_di_esempio"] = nome_file
    salvate[_impronta_colonne(mappatura.tabella, mappatura.colonne_file)] = voce
    percorso.write_text(json.dumps(salvate, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return percorso


def _leggi(percorso, foglio=None) -> pd.DataFrame:
    from course.dati.lettura import leggi_tabella

    if isinstance(percorso, pd.DataFrame):
        return percorso.copy()
    return leggi_tabella(percorso, foglio=foglio, rapporto=False)


def proponi(percorso, tabella: str | None = None, *, cartella=None, colonne: dict | None = None,
            foglio=None) -> Mappatura:
    """Propone l'abbinamento tra le colonne del file ``percorso`` e quelle di una tabella del corso.

    Se ``tabella`` manca, sceglie quella di cui il file ha più colonne necessarie. Se nella
    cartella di lavoro c'è un abbinamento salvato per un file con le stesse colonne, usa quello.
    ``colonne`` corregge la proposta: ``{"data_domanda": "Data protocollo"}`` (colonna del corso →
    colonna del file, scritta come nel file o come la rende ``leggi_tabella``; ``None``: nel file non c'è).

    >>> import io
    >>> testo = "Pratica;Misura;Data presentazione\\nP1;ReD;05/02/2024\\n"
    >>> m = proponi(pd.read_csv(io.StringIO(testo), sep=";"), "patti")
    >>> m.colonne["id_patto"], m.colonne["misura"], m.colonne["data_domanda"]
    ('Pratica', 'Misura', 'Data presentazione')
    """
    df = _leggi(percorso, foglio)
    cartella = _cartella_lavoro(cartella)
    if tabella is None:
        visti: dict = {}
        proposte = [_proponi_per_tabella(df, t, visti) for t in TABELLE_IMPORTABILI]
        mappatura = max(proposte, key=lambda p: p[1])[0]
        tabella = mappatura.tabella
    else:
        controlla_scelta(tabella, list(TABELLE_IMPORTABILI), cosa="tabella da importare")
        mappatura = _proponi_per_tabella(df, tabella)[0]
    salvata = _mappatura_salvata(df, tabella, cartella)
    if salvata is not None:
        mappatura = salvata
    for corso, colonna in (colonne or {}).items():
        controlla_scelta(corso, list(COLONNE[tabella]), cosa=f"colonna della tabella {tabella}")
        mappatura.colonne[corso] = None if colonna is None else _colonna_del_file(df, colonna)
        mappatura.motivi[corso] = "scelta da te"
    return mappatura


def _colonna_del_file(df: pd.DataFrame, nome) -> str:
    if nome in df.columns:
        return nome
    per_semplice = {_semplice(c): c for c in df.columns}
    if _semplice(nome) in per_semplice:
        return per_semplice[_semplice(nome)]
    vicine = difflib.get_close_matches(_semplice(nome), list(per_semplice), n=3, cutoff=0.6)
    consiglio = f" Forse intendevi: {', '.join(per_semplice[v] for v in vicine)}." if vicine else ""
    raise ErroreCorso(f"Nel tuo file non c'è la colonna {nome!r}.{consiglio} "
                      f"Le colonne del file sono: {', '.join(map(str, df.columns))}.")


# --- rifiuto ---------------------------------------------------------------------------------------------

class FileRifiutato(ErroreCorso):
    """Il file non ha tutte le colonne necessarie: ``mancanti`` le elenca (colonna del corso, che cosa contiene)."""

    def __init__(self, mappatura: Mappatura, nome_file: str):
        self.mappatura = mappatura
        self.mancanti = [(c, _descrizione(mappatura.tabella, c)) for c in mappatura.mancanti()]
        righe = "\n".join(f"  - {c}: {d}" for c, d in self.mancanti)
        esempio = self.mancanti[0][0]
        ambito = (" Se il file è tutto di un Ambito, indicalo tu: --ambito Bari (in Python: ambito=\"Bari\")."
                  if "codice_ambito" in mappatura.mancanti() else "")
        quante = ("manca 1 colonna necessaria" if len(self.mancanti) == 1
                  else f"mancano {len(self.mancanti)} colonne necessarie")
        super().__init__(
            f"Non posso usare {nome_file} come tabella {mappatura.tabella}: {quante} (senza queste le scadenze o le ore non si calcolano):\n{righe}\n"
            f"Colonne che ho trovato nel tuo file: {', '.join(mappatura.colonne_file)}.\n"
            f"Come fare: esporta dal gestionale anche queste informazioni; oppure, se una colonna del "
            f"file è quella giusta con un altro nome, dillo tu (nel comando: --colonna {esempio}=NOME_NEL_FILE; "
            f"in Python: colonne={{'{esempio}': 'NOME_NEL_FILE'}}).{ambito} Non ho salvato niente.")


# --- valori ----------------------------------------------------------------------------------------------

def _mese_da_testo(testo: str) -> pd.Timestamp | None:
    testo = _semplice(testo)
    trovato = re.fullmatch(r"(\d{1,2}) (\d{4})", testo) or re.fullmatch(r"(\d{4}) (\d{1,2})", testo)
    if trovato:
        a, b = trovato.groups()
        anno, mese = (int(b), int(a)) if len(b) == 4 else (int(a), int(b))
        return pd.Timestamp(anno, mese, 1) if 1 <= mese <= 12 else None
    trovato = re.fullmatch(r"([a-z]+) (\d{4})", testo)
    if trovato and trovato.group(1) in _NOMI_MESI:
        return pd.Timestamp(int(trovato.group(2)), _NOMI_MESI[trovato.group(1)], 1)
    try:
        giorno = leggi_data(testo.replace(" ", "/"))
    except ErroreCorso:
        return None
    return giorno.replace(day=1)


_NOMI_MESI = {_semplice(n): i for i, n in enumerate(
    ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
     "novembre", "dicembre"), start=1)}
_NOMI_MESI.update({n[:3]: i for n, i in list(_NOMI_MESI.items())})


def _converti(serie: pd.Series, corso: str, tabella: str, ambito: str | None) -> pd.Series:
    tipo = _tipo(corso, tabella)
    if tipo == "data":
        if corso == "mese":
            if pd.api.types.is_datetime64_any_dtype(serie):
                return serie.dt.to_period("M").dt.to_timestamp()
            mesi = serie.map(lambda v: pd.NaT if pd.isna(v) else _mese_da_testo(str(v)))
            illeggibili = serie.notna() & mesi.isna()
            if illeggibili.any():
                esempio = serie[illeggibili].iloc[0]
                raise ErroreCorso(f"Nella colonna del mese non riesco a leggere {int(illeggibili.sum())} valori "
                                  f"(ad esempio {esempio!r}). Scrivi il mese come 03/2025, marzo 2025 o 01/03/2025.")
            return pd.to_datetime(mesi)
        return leggi_date(serie, colonna=corso, tabella=f"{tabella} (dal tuo file)")
    if tipo == _LOGICO:
        def logico(v):
            if pd.isna(v) or isinstance(v, bool):
                return v
            t = _semplice(v)
            return True if t in _SI else False if t in _NO else v
        return serie.map(logico)
    if tipo in {"intero", "numero"}:
        numeri = pd.to_numeric(serie, errors="coerce")
        return numeri.where(numeri.notna() | serie.isna(), serie)  # i valori illeggibili li segnala valida
    if corso == "misura":
        return serie.map(lambda v: _MISURE.get(_semplice(v), v) if pd.notna(v) else v)
    if corso in _VOCI:
        per_semplice = {_semplice(t): t for t in _VOCI[corso]}
        return serie.map(lambda v: per_semplice.get(_semplice(v), v) if pd.notna(v) else v)
    if corso == "codice_ambito":
        from course.territorio import codici_ambito

        return codici_ambito(serie.astype("string"), tabella=f"{tabella} (dal tuo file)")
    return serie.map(lambda v: str(v).strip() if pd.notna(v) else v)


def _applica(df: pd.DataFrame, mappatura: Mappatura, ambito: str | None) -> pd.DataFrame:
    tabella = mappatura.tabella
    uscita = pd.DataFrame(index=df.index)
    for corso in COLONNE[tabella]:
        colonna = mappatura.colonne.get(corso)
        if colonna:
            uscita[corso] = _converti(df[colonna], corso, tabella, ambito)
    return uscita


# --- pseudonimi ------------------------------------------------------------------------------------------

def chiave_locale(cartella=None) -> str:
    """La chiave dei pseudonimi di questa cartella di lavoro (creata la prima volta, leggibile solo da te).

    Con la stessa chiave lo stesso codice fiscale dà lo stesso pseudonimo ogni mese, e i Patti delle
    ore ritrovano i loro Patti. Non va condivisa: chi ha la chiave può verificare un codice fiscale.
    """
    percorso = _cartella_lavoro(cartella) / CARTELLA / _FILE_CHIAVE
    if percorso.exists():
        return percorso.read_text(encoding="utf-8").strip()
    percorso.parent.mkdir(parents=True, exist_ok=True)
    chiave = secrets.token_urlsafe(32)
    percorso.touch(mode=0o600)
    percorso.write_text(chiave + "\n", encoding="utf-8")
    return chiave


def _codice(valore, chiave: str, prefisso: str, cifre: int) -> str:
    testo = str(valore).strip().upper().encode("utf-8")
    return prefisso + hmac.new(chiave.encode("utf-8"), testo, hashlib.sha256).hexdigest()[:cifre].upper()


_PSEUDONIMI = {  # colonna → (prefisso, cifre esadecimali, forma di un codice già pseudonimo che resta com'è)
    "id_nucleo": ("NUC-", 8, ID_NUCLEO),
    "id_operatore": ("OP-", 6, r"^OP-[0-9A-F]{6}$"),
    "id_patto": ("PAT-", 8, r"^PAT-[0-9A-F]{8}$"),
}


def _pseudonimizza(tab: pd.DataFrame, chiave: str) -> tuple[pd.DataFrame, list[str]]:
    """I codici che riconoscono persone diventano pseudonimi; dice quali colonne ha cambiato."""
    tab = tab.copy()
    cambiate = []
    for colonna, (prefisso, cifre, gia) in _PSEUDONIMI.items():
        if colonna not in tab.columns:
            continue
        testi = tab[colonna].astype("string").str.strip()
        if colonna == "id_patto" and not testi.str.upper().str.contains(FORMA_CODICE_FISCALE.strip("^$"),
                                                                        regex=True, na=False).any():
            continue  # il numero della pratica non riconosce nessuno: resta, così lo ritrovi nel gestionale
        da_cambiare = testi.notna() & ~testi.str.upper().str.match(gia, na=False)
        if da_cambiare.any():
            tab[colonna] = testi.where(~da_cambiare, testi.map(
                lambda v: _codice(v, chiave, prefisso, cifre) if pd.notna(v) else v))
            cambiate.append(colonna)
    return tab, cambiate


# --- il percorso intero -----------------------------------------------------------------------------------

@dataclass
class Importazione:
    """Il risultato di :func:`importa`: la tabella pseudonimizzata, i controlli e le analisi, con i file scritti."""

    nome_file: str
    mappatura: Mappatura
    tabella: pd.DataFrame
    problemi: pd.DataFrame
    pseudonimizzate: list[str]
    escluse: list[str]
    personali_escluse: list[str]
    file_scritti: list[Path]
    abbinamento_salvato: Path
    da_abbinamento_salvato: bool
    scadenzario: pd.DataFrame | None = None
    conformita: pd.DataFrame | None = None
    note: list[str] = field(default_factory=list)

    def riassunto(self) -> str:
        """Che cosa è successo, in parole, passo per passo."""
        t = self.mappatura.tabella
        righe = [f"1. Letto {self.nome_file}: {formato.intero(len(self.tabella))} righe, "
                 f"{len(self.mappatura.colonne_file)} colonne.",
                 f"2. Colonne abbinate alla tabella {t}: "
                 f"{sum(1 for v in self.mappatura.colonne.values() if v)}"
                 + (" (abbinamento salvato la volta scorsa)" if self.da_abbinamento_salvato else "")
                 + f"; abbinamento salvato in {self.abbinamento_salvato}."]
        if self.problemi.empty:
            righe.append("3. Controllo dei valori: nessun problema.")
        else:
            righe.append(f"3. Controllo dei valori: {len(self.problemi)} problemi (vedi la tabella dei problemi).")
        parti = []
        if self.pseudonimizzate:
            parti.append("pseudonimi al posto di " + ", ".join(self.pseudonimizzate))
        if self.escluse:
            parti.append("colonne non copiate: " + ", ".join(self.escluse)
                         + (f" (tra queste, dati personali: {', '.join(self.personali_escluse)})"
                            if self.personali_escluse else ""))
        righe.append("4. Pseudonimizzazione: " + ("; ".join(parti) if parti else "niente da cambiare") + ".")
        if self.scadenzario is not None:
            stati = self.scadenzario["stato"].astype(str).value_counts()
            righe.append(f"5. Scadenzario: {formato.intero(len(self.scadenzario))} prese in carico aperte; "
                         + ", ".join(f"{s} {formato.intero(stati.get(s, 0))}"
                                     for s in ("scaduta", "in scadenza", "da verificare", "nei termini")) + ".")
        if self.conformita is not None:
            red = self.conformita[self.conformita["conforme"].notna()]
            if red.empty:
                righe.append("5. Ore: nessun mese di Patti ReD da controllare.")
            else:
                ultimo = red["mese"].max()
                del_mese = red[red["mese"] == ultimo]
                conformi = int(del_mese["conforme"].astype(bool).sum())
                righe.append(f"5. Ore di {formato.mese(ultimo)}: {conformi} Patti ReD su {len(del_mese)} "
                             f"rispettano la regola delle ore.")
        righe += [f"   Nota: {n}" for n in self.note]
        if self.file_scritti:
            righe.append("File scritti (solo sul tuo computer): " + ", ".join(str(p) for p in self.file_scritti))
        righe.append(NIENTE_IN_RETE)
        return "\n".join(righe)


def _problemi(tab: pd.DataFrame, tabella: str, alla_data) -> pd.DataFrame:
    from course.dati.validazione import valida

    problemi = valida(tab, tabella, data_riferimento=alla_data)
    # le colonne facoltative che il file non ha non sono un problema del file (le dice la mappatura)
    assenti = set(COLONNE[tabella]) - set(tab.columns) - set(TABELLE_IMPORTABILI[tabella])
    return problemi[~(problemi["riga"].isna() & problemi["colonna"].isin(assenti))].reset_index(drop=True)


def importa(percorso, tabella: str | None = None, *, cartella=None, colonne: dict | None = None,
            ambito: str | None = None, alla_data=None, patti=None, foglio=None, salva: bool = True) -> Importazione:
    """Il percorso intero: legge, abbina, controlla, pseudonimizza, salva e calcola scadenze o ore.

    ``cartella``: la cartella di lavoro (predefinita: quella corrente), dove vanno la sottocartella
    ``i-miei-dati`` con l'abbinamento salvato, la chiave dei pseudonimi e la tabella pseudonimizzata.
    ``ambito``: l'Ambito del file, se non ha una colonna con l'Ambito (codice o nome, es. «Bari»).
    ``alla_data``: il giorno a cui fare le scadenze (predefinito: oggi). ``patti``: per le ore, la
    tabella dei Patti già importata (serve la misura, ReD o ADI); se manca si usa quella salvata.

    Un file senza le colonne necessarie si rifiuta con :class:`FileRifiutato` (l'elenco di ciò che manca).
    """
    from course.monitoraggio.conformita import conformita_mensile
    from course.scadenze import scadenzario

    # letta subito: una data impossibile si dice prima di leggere e abbinare il file
    giorno = leggi_data(alla_data, cosa="la data (alla_data)") if alla_data is not None else None
    cartella = _cartella_lavoro(cartella)
    df = _leggi(percorso, foglio)
    nome_file = Path(percorso).name if not isinstance(percorso, pd.DataFrame) else "la tabella"
    mappatura = proponi(df, tabella, cartella=cartella, colonne=colonne)
    tabella = mappatura.tabella
    da_salvata = any(m == "abbinamento salvato" for m in mappatura.motivi.values())
    note = []
    ambito_detto = ambito  # quello scritto ora da chi importa (non quello ricordato dall'abbinamento salvato)
    ambito = ambito if ambito is not None else mappatura.ambito
    if ambito is not None and not mappatura.colonne.get("codice_ambito") and "codice_ambito" in COLONNE[tabella]:
        from course.territorio import codice_ambito

        codice = codice_ambito(ambito, con_nota=False)
        df = df.assign(_ambito_indicato=codice)
        mappatura.colonne["codice_ambito"] = _AMBITO_INDICATO
        mappatura.motivi["codice_ambito"] = f"indicato da te: {codice}"
        mappatura.ambito = codice
    if mappatura.mancanti():
        raise FileRifiutato(mappatura, nome_file)

    tab = _applica(df, mappatura, ambito)
    if ambito_detto is not None and mappatura.colonne.get("codice_ambito") not in (None, _AMBITO_INDICATO):
        # il file ha già la sua colonna dell'Ambito: vale quella, e si dice se non è l'Ambito indicato
        from course.territorio import codice_ambito

        detto = codice_ambito(ambito_detto, con_nota=False)
        nel_file = sorted(set(tab["codice_ambito"].dropna().astype(str)))
        if nel_file != [detto]:
            note.append(f"Hai indicato l'Ambito {detto}, ma il file ha già la colonna "
                        f"«{mappatura.colonne['codice_ambito']}» con l'Ambito di ogni riga "
                        f"({', '.join(nel_file) or 'vuota'}): ho usato quella. Se il file è davvero tutto "
                        f"di {detto}, correggi quella colonna e importa di nuovo.")
    if giorno is None:
        giorno = pd.Timestamp.today().normalize()
        if tabella == "patti":
            note.append(f"Scadenze calcolate a oggi, {formato.data(giorno)} (per un altro giorno: alla_data).")
    personali = [c for c in identificativi_diretti(df.drop(columns=[_AMBITO_INDICATO], errors="ignore"))
                 if c not in {v for v in mappatura.colonne.values() if v}]
    escluse = [c for c in mappatura.non_usate() if c != _AMBITO_INDICATO]
    tab, pseudonimizzate = _pseudonimizza(tab, chiave_locale(cartella))
    # i controlli dopo i pseudonimi: l'elenco dei problemi non mostra mai un codice fiscale
    problemi = _problemi(tab, tabella, giorno)

    scritti: list[Path] = []
    uscita = cartella / CARTELLA
    salvato = uscita / _FILE_MAPPATURE
    if salva:
        mappatura_da_salvare = Mappatura(tabella, {c: (None if v == _AMBITO_INDICATO else v)
                                                   for c, v in mappatura.colonne.items()},
                                         mappatura.motivi, mappatura.colonne_file, mappatura.ambito)
        salvato = _salva_mappatura(mappatura_da_salvare, cartella, nome_file)
        file_tabella = uscita / f"{tabella}.csv"
        tab.to_csv(file_tabella, index=False, date_format="%Y-%m-%d")
        scritti.append(file_tabella)

    risultato = Importazione(nome_file, mappatura, tab, problemi, pseudonimizzate, escluse, personali, scritti,
                             salvato, da_salvata, note=note)
    try:
        if tabella == "patti":
            risultato.scadenzario = scadenzario(tab, alla_data=giorno)
        elif tabella == "attivita_mensili":
            if patti is None and (uscita / "patti.csv").exists():
                patti = pd.read_csv(uscita / "patti.csv", dtype=str)
            if patti is not None and {"id_patto", "misura"} <= set(patti.columns):
                risultato.conformita = conformita_mensile(tab, patti[["id_patto", "misura"]])
            else:
                note.append("Non ho ancora i tuoi Patti (importa prima il file delle prese in carico): "
                            "la regola delle ore, che è del ReD, è applicata a tutti i Patti.")
                risultato.conformita = conformita_mensile(tab)
    except ErroreCorso as errore:
        note.append(f"Il calcolo si è fermato: {errore} Correggi i problemi elencati e importa di nuovo.")
    return risultato


# --- un file d'esempio, per provare senza i propri dati --------------------------------------------------

def scrivi_esempio(cartella=None, *, seme: int = 7, righe: int = 40) -> Path:
    """Scrive ``esempio-export-patti.csv``: un export inventato come lo darebbe un gestionale.

    Intestazioni diverse da quelle del corso, separatore «;», date gg/mm/aaaa, colonne in più
    (cognome, telefono, note) e codici fiscali **inventati** (comune «Z999», che non esiste): serve a
    provare il percorso senza usare i dati di nessuno.
    """
    rng = np.random.default_rng(seme)
    cartella = _cartella_lavoro(cartella)
    cartella.mkdir(parents=True, exist_ok=True)
    lettere = np.array(list("ABCDEFGHILMNOPRSTUVZ"))
    # date degli ultimi mesi prima di oggi: l'esempio dà sempre uno scadenzario realistico
    domanda = pd.Timestamp.today().normalize() - pd.to_timedelta(rng.integers(60, 260, righe), unit="D")
    assegnazione = domanda + pd.to_timedelta(rng.integers(1, 20, righe), unit="D")
    colloquio = assegnazione + pd.to_timedelta(rng.integers(5, 60, righe), unit="D")
    colloquio = colloquio.where(rng.random(righe) < 0.8)
    firma = colloquio + pd.to_timedelta(rng.integers(10, 60, righe), unit="D")
    firma = pd.Series(firma).where(rng.random(righe) < 0.6)

    def data(serie):
        return [d.strftime("%d/%m/%Y") if pd.notna(d) else "" for d in serie]

    tabella = pd.DataFrame({
        "N. pratica": [f"2025/{i:04d}" for i in range(1, righe + 1)],
        "Codice fiscale richiedente": ["".join(rng.choice(lettere, 6)) + f"{rng.integers(40, 99)}A01Z999"
                                       + str(rng.choice(lettere)) for _ in range(righe)],
        "Cognome": ["Esempio"] * righe,
        "Telefono": ["000 0000000"] * righe,
        "Misura": rng.choice(["RED", "ADI"], righe),
        "Case manager": rng.choice(["AS Uno", "AS Due", "AS Tre"], righe),
        "Data presentazione": data(domanda),
        "Data assegnazione CM": data(assegnazione),
        "Primo colloquio": data(colloquio),
        "Analisi preliminare": data(pd.Series(colloquio) + pd.Timedelta(days=7)),
        # il quadro di analisi approfondito serve solo ad alcuni, e a chi l'ha già firmato è stato fatto prima
        "Quadro necessario": np.where(firma.isna() & (rng.random(righe) < 0.3), "sì", "no"),
        "Data quadro": [""] * righe,
        "Data firma Patto": data(firma),
        "Ultima revisione": [""] * righe,
        "Data chiusura": [""] * righe,
        "Note": ["" for _ in range(righe)],
    })
    percorso = cartella / "esempio-export-patti.csv"
    tabella.to_csv(percorso, sep=";", index=False, encoding="utf-8")
    return percorso
