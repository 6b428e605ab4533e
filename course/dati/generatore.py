"""Genera i dati sintetici del corso a tre scale: un Ambito, la regione, la «nazione» (prova di carico).

Stesso seme → file identici byte per byte. Ogni Ambito ha il suo flusso casuale, derivato dal seme
e dalla sua posizione, così il risultato non dipende dall'ordine di lavoro.

>>> import tempfile
>>> cartella = genera("ambito", seme=3, cartella=tempfile.mkdtemp(), progresso=False)
>>> sorted(p.name for p in cartella.iterdir())[:3]
['attivita_mensili.csv', 'azioni_ets.csv', 'buone_pratiche.csv']
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from course import _pyarrow
from course.dati import piani, sintetici
from course.dati.tabelle import TABELLE, TIPI_ATTIVITA
from course.errori import ErroreCorso, controlla_scelta

__all__ = ["genera", "SCALE", "VERSIONE_GENERATORE", "DATA_RIFERIMENTO"]

VERSIONE_GENERATORE = "1"
DATA_RIFERIMENTO = "2025-12-31"
SCALE = {
    "ambito": {"nuclei": 500, "formato": "csv", "descrizione": "un Ambito, circa 500 nuclei"},
    "regione": {"nuclei": 20_000, "formato": "csv", "descrizione": "i 45 Ambiti, circa 20.000 nuclei"},
    "nazione": {"nuclei": 700_000, "formato": "parquet",
                "descrizione": "prova di carico: circa 700.000 nuclei e 25 milioni di righe di attività (Parquet)"},
}
AMBITO_PREDEFINITO = "ATS-LE-03"  # Gagliano del Capo, l'Ambito del Piano operativo di esempio


def _cartella_predefinita(scala: str, seme: int, difetti: bool) -> Path:
    base = Path(os.environ.get("AMBITI_LAB_LAVORO", Path.home() / "ambiti-lab-lavoro"))
    return base / "dati" / f"{scala}-seme{seme}{'-difetti' if difetti else ''}"


def _ripartisci(totale: int, pesi: np.ndarray) -> np.ndarray:
    quote = pesi / pesi.sum() * totale
    interi = np.floor(quote).astype(int)
    resto = totale - interi.sum()
    interi[np.argsort(-(quote - interi), kind="stable")[:resto]] += 1
    return interi


def _scrivi_csv(df: pd.DataFrame, percorso: Path) -> None:
    if percorso.suffix == ".gz":
        import gzip

        testo = df.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n").encode("utf-8")
        with open(percorso, "wb") as grezzo, gzip.GzipFile(filename="", mode="wb", fileobj=grezzo, mtime=0) as f:
            f.write(testo)
    else:
        df.to_csv(percorso, index=False, date_format="%Y-%m-%d", lineterminator="\n")


def _impronta(percorso: Path) -> str:
    h = hashlib.sha256()
    with open(percorso, "rb") as f:
        for blocco in iter(lambda: f.read(1 << 20), b""):
            h.update(blocco)
    return h.hexdigest()


class _ScrittoreAttivita:
    """Scrive le attività un Ambito alla volta: in Parquet (scala nazione) o accumulando per il CSV."""

    def __init__(self, formato: str, percorso: Path):
        self.formato, self.percorso, self.parti, self.righe = formato, percorso, [], 0
        self._writer = None

    def aggiungi(self, colonne: dict, id_patti: np.ndarray) -> None:
        self.righe += len(colonne["mese"])
        if self.formato != "parquet":
            self.parti.append(sintetici.attivita_come_tabella(colonne, id_patti))
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        tabella = pa.table({
            "id_patto": pa.DictionaryArray.from_arrays(pa.array(colonne["indice_patto"].astype(np.int32)),
                                                       pa.array(id_patti.astype(str))),
            "mese": pa.array(colonne["mese"], type=pa.date32()),
            "tipo_attivita": pa.DictionaryArray.from_arrays(pa.array(colonne["tipo"].astype(np.int32)),
                                                            pa.array(list(TIPI_ATTIVITA))),
            **{c: pa.array(colonne[c]) for c in
               ("ore_previste", "ore_svolte", "assenze_giustificate", "assenze_ingiustificate")},
        })
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.percorso, tabella.schema, compression="zstd")
        self._writer.write_table(tabella)

    def chiudi(self) -> pd.DataFrame | None:
        if self._writer is not None:
            self._writer.close()
            return None
        return pd.concat(self.parti, ignore_index=True) if self.parti else None


def genera(scala: str = "regione", *, seme: int = 1, difetti: bool = False, cartella: str | Path | None = None,
           mappatura=None, ambito: str = AMBITO_PREDEFINITO, progresso: bool = True) -> Path:
    """Genera le dieci tabelle sintetiche e le scrive in ``cartella``; restituisce la cartella.

    - ``scala``: ``"ambito"`` (un Ambito, ~500 nuclei, CSV), ``"regione"`` (45 Ambiti, ~20.000 nuclei, CSV)
      o ``"nazione"`` (~700.000 nuclei, ~25 milioni di attività, Parquet).
    - ``seme``: stesso seme, stessi file (byte per byte).
    - ``difetti=True``: aggiunge problemi di qualità (duplicati, date impossibili, valori mancanti,
      codici incoerenti, comuni nell'Ambito sbagliato) e ne scrive l'elenco in ``difetti.csv``.
    - ``mappatura``: un CSV o una tabella comune → Ambito da usare al posto di quella distribuita.
    - ``ambito``: per la scala ``"ambito"``, quale Ambito (codice, nome o capofila).

    Esempio: ``genera("regione", seme=7, cartella="dati-prova")``.
    """
    from course import territorio

    controlla_scelta(scala, list(SCALE), cosa="scala")
    if not isinstance(seme, (int, np.integer)) or isinstance(seme, bool) or seme < 0:
        raise ErroreCorso(f"Il seme deve essere un numero intero non negativo (ad esempio 1), non {seme!r}.")
    if difetti and scala == "nazione":
        raise ErroreCorso("I difetti si possono piantare solo nelle scale «ambito» e «regione».")
    cartella = Path(cartella) if cartella is not None else _cartella_predefinita(scala, seme, difetti)
    try:
        cartella.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ErroreCorso(f"Non riesco a creare la cartella {str(cartella)!r} ({e.strerror}). "
                          "Scegline una in cui puoi scrivere.") from None
    mappa = territorio.mappatura(mappatura)
    popolazione = territorio.popolazione_ambiti(mappa)
    comuni = mappa[["codice_istat", "codice_ambito"]].merge(territorio.comuni()[["codice_istat", "popolazione"]])
    riferimento = np.datetime64(DATA_RIFERIMENTO)
    impostazioni = SCALE[scala]

    rng_ambiti = np.random.default_rng([seme, 0])
    fattori = [sintetici.fattori_ambito(rng_ambiti) for _ in range(len(popolazione))]
    if scala == "ambito":
        scelto = territorio.codice_ambito(ambito, con_nota=False)
        posizioni = [int(np.flatnonzero(popolazione["codice_ambito"] == scelto)[0])]
        quanti = np.array([impostazioni["nuclei"]])
    else:
        posizioni = list(range(len(popolazione)))
        pesi = popolazione["popolazione"].to_numpy(float) * np.array([f["propensione"] for f in fattori])
        quanti = _ripartisci(impostazioni["nuclei"], pesi)
    moltiplicatore = impostazioni["nuclei"] / SCALE["regione"]["nuclei"] if scala == "nazione" else 1.0
    sale = (seme * 7919 + 12345) % 2**32

    formato = impostazioni["formato"]
    if formato == "parquet":   # prima di toccare la cartella: senza pyarrow si spiega come installarlo
        _pyarrow.richiedi(f"generare i dati di scala «{scala}» (file Parquet)")
    estensione_attivita = {"parquet": ".parquet", "csv": ".csv.gz" if scala == "regione" else ".csv"}[formato]
    for vecchio in cartella.glob("*"):
        if vecchio.name.split(".")[0] in TABELLE or vecchio.name in {"difetti.csv", "metadati.json"}:
            vecchio.unlink()
    scrittore = _ScrittoreAttivita(formato, cartella / f"attivita_mensili{estensione_attivita}")
    parti = {nome: [] for nome in TABELLE if nome != "attivita_mensili"}
    primo = 0
    from tqdm.auto import tqdm

    barra = tqdm(list(zip(posizioni, quanti)), desc=f"Genero i dati ({scala})", unit=" Ambiti", disable=not progresso)
    for pos, n in barra:
        riga = popolazione.iloc[pos]
        codice = riga["codice_ambito"]
        rng = np.random.default_rng([seme, 1, pos])
        operatori = sintetici.genera_operatori(rng, codice, int(riga["popolazione"]), fattori[pos],
                                               moltiplicatore=moltiplicatore)
        nuclei, domande = sintetici.genera_nuclei_e_domande(
            rng, codice, comuni[comuni["codice_ambito"] == codice], int(n), fattori[pos],
            primo_indice=primo, sale=sale, riferimento=riferimento)
        primo += int(n)
        patti = sintetici.genera_patti(rng, nuclei, domande, operatori, fattori[pos], riferimento=riferimento)
        scrittore.aggiungi(sintetici.genera_attivita(rng, patti, riferimento=riferimento), patti["id_patto"].to_numpy())
        rng_piani = np.random.default_rng([seme, 2, pos])
        azioni = piani.genera_azioni_ets(rng_piani, codice, int(riga["popolazione"]), riferimento=riferimento)
        obiettivi, crono, indicatori = piani.genera_piano_performance(rng_piani, codice, fattori[pos]["lentezza"],
                                                                      riferimento=riferimento)
        for nome, df in [("operatori", operatori), ("nuclei", nuclei), ("domande", domande), ("patti", patti),
                         ("azioni_ets", azioni), ("obiettivi", obiettivi), ("cronoprogramma", crono),
                         ("indicatori", indicatori)]:
            parti[nome].append(df)
    codici = [popolazione.iloc[p]["codice_ambito"] for p in posizioni]
    comuni_per_ambito = comuni.groupby("codice_ambito")["codice_istat"].apply(list).to_dict()
    parti["buone_pratiche"].append(piani.genera_buone_pratiche(np.random.default_rng([seme, 3]), codici,
                                                               comuni_per_ambito))
    tabelle = {nome: pd.concat(p, ignore_index=True) for nome, p in parti.items()}
    attivita = scrittore.chiudi()
    if attivita is not None:
        tabelle["attivita_mensili"] = attivita

    manifesto = None
    if difetti:
        from course.dati.difetti import pianta_difetti

        tabelle, manifesto = pianta_difetti(tabelle, np.random.default_rng([seme, 4]), mappa)

    file = {}
    for nome, df in tabelle.items():
        if formato == "parquet":
            percorso = cartella / f"{nome}.parquet"
            df.to_parquet(percorso, index=False, compression="zstd")
        else:
            percorso = cartella / (f"{nome}{estensione_attivita}" if nome == "attivita_mensili" else f"{nome}.csv")
            _scrivi_csv(df, percorso)
        file[nome] = percorso
    file["attivita_mensili"] = scrittore.percorso
    righe = {nome: len(df) for nome, df in tabelle.items()}
    righe["attivita_mensili"] = scrittore.righe
    if manifesto is not None:
        _scrivi_csv(manifesto, cartella / "difetti.csv")
    metadati = {
        "scala": scala, "seme": int(seme), "difetti": bool(difetti), "data_riferimento": DATA_RIFERIMENTO,
        "versione_generatore": VERSIONE_GENERATORE, "mappatura": "fornita dall'utente" if mappatura is not None
        else "distribuita con il corso",
        "tabelle": {nome: {"file": file[nome].name, "righe": int(righe[nome]), "sha256": _impronta(file[nome])}
                    for nome in TABELLE},
    }
    (cartella / "metadati.json").write_text(json.dumps(metadati, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return cartella
