"""La banca degli sbagli tipici di chi impara: il codice come lo scrive e che cosa la spiegazione deve dire.

Ogni sbaglio è una cella scritta dopo la prima cella di una lezione (``pd`` e ``course`` già
importati) e contiene da sé le variabili che le servono. ``attesi`` sono frammenti che la
spiegazione in italiano deve contenere; ``modulo`` è la lezione in cui il giro nel browser
(``tests/test_percorso_corsista.py``) lo commette. La usano anche ``tests/test_spiegazioni.py``
(in un kernel vero) e la guida del formatore, come elenco degli errori da aspettarsi in aula.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Sbaglio", "BANCA"]


@dataclass(frozen=True)
class Sbaglio:
    nome: str
    codice: str
    attesi: tuple[str, ...]
    modulo: str


_PATTI = 'patti = course.dati.carica("patti")\n'
_COMUNI = "comuni = course.territorio.comuni()\n"

BANCA: tuple[Sbaglio, ...] = (
    # --- 00: la calcolatrice, i nomi, la scrittura ---------------------------------------------------
    Sbaglio("nome con l'accento", "conformita = 0.8\nconformità * 100",
            ("Forse intendevi `conformita`?", "senza accenti"), "00"),
    Sbaglio("nome con le maiuscole", "ambiti_bt = 5\nAmbiti_BT + 1",
            ("Forse intendevi `ambiti_bt`?", "maiuscole"), "00"),
    Sbaglio("nome con un refuso", "domande_ricevute = 150\ndomande_ricevte / 2",
            ("Forse intendevi `domande_ricevute`?",), "00"),
    Sbaglio("testo senza virgolette", "comune = Bari", ("tra virgolette", '"Bari"'), "00"),
    Sbaglio("true minuscolo", "attivo = true", ("`True`",), "00"),
    Sbaglio("decimale con la virgola", "quota = 95,4 %", ("decimali si scrivono con il punto",), "00"),
    Sbaglio("formula di Excel", "=SOMMA(A1;A2)", ("formula di Excel",), "00"),
    Sbaglio("punto e virgola tra gli argomenti", "round(3.14159; 2)", ("punto e virgola",), "00"),
    Sbaglio("virgolette copiate da Word", "comune = “Bari”", ("virgolette «tipografiche»",), "00"),
    Sbaglio("parentesi non chiusa", "print((7 + 3) / 2", ("manca una parentesi di chiusura `)`",), "00"),
    Sbaglio("virgoletta non chiusa", 'print("Bari)', ("non è chiuso",), "00"),
    Sbaglio("spazi all'inizio della riga", "totale = 1\n  totale = 3", ("spazi in più",), "00"),
    Sbaglio("puntini da completare lasciati", "risposta = len(...)", ("tre puntini",), "00"),
    # --- 01: tabelle, colonne, metodi ---------------------------------------------------------------
    Sbaglio("colonna con un refuso", _COMUNI + 'comuni["popolazine"].sum()',
            ("non ha una colonna `popolazine`", "`popolazine` → `popolazione`"), "01"),
    Sbaglio("colonna con la maiuscola", _COMUNI + 'comuni["Comune"]', ("`Comune` → `comune`",), "01"),
    Sbaglio("più colonne che non ci sono", _COMUNI + 'comuni[["comune", "abitanti", "Provincia"]]',
            ("non ha le colonne", "`Provincia` → `provincia`"), "01"),
    Sbaglio("metodo in italiano", _COMUNI + 'comuni["popolazione"].somma()', ("`.sum()`",), "01"),
    Sbaglio("metodo con un refuso", _COMUNI + 'comuni.sort_value("popolazione")',
            ("Forse intendevi `.sort_values`?",), "01"),
    Sbaglio("tabella con le parentesi tonde", _COMUNI + 'comuni("comune")', ("parentesi quadre",), "01"),
    Sbaglio("numero tra virgolette nel filtro", _COMUNI + 'comuni[comuni["popolazione"] > "10000"]',
            ("confrontando un testo con un numero",), "01"),
    Sbaglio("libreria con un refuso", "import pandsa", ("Forse intendevi `pandas`?",), "01"),
    Sbaglio("funzione del corso con un refuso", "course.territorio.comune()",
            ("Forse intendevi `course.territorio.comuni`?",), "01"),
    # --- 02: date e scadenze -------------------------------------------------------------------------
    Sbaglio("data più un numero", 'data = pd.Timestamp("2024-02-05")\ndata + 30', ("pd.Timedelta(days=30)",), "02"),
    Sbaglio("colonna di date più un numero", _PATTI + 'patti["data_domanda"] + 60', ("pd.Timedelta",), "02"),
    Sbaglio("testo usato come data", '"05/02/2024" - pd.Timestamp("2024-01-01")',
            ("testo come se fosse una data", "dayfirst=True"), "02"),
    Sbaglio("durata confrontata con un numero",
            'durata = pd.Timestamp("2024-03-01") - pd.Timestamp("2024-01-01")\ndurata > 60', ("`durata.days`",), "02"),
    Sbaglio("data che non esiste", 'pd.to_datetime("31/02/2024", dayfirst=True)', ("non si legge",), "02"),
    Sbaglio("uguale singolo nel filtro", _PATTI + 'patti[patti["misura"] = "ADI"]', ("`==`",), "02"),
    Sbaglio("giorni di una colonna senza .dt",
            _PATTI + '(patti["data_primo_colloquio"] - patti["data_domanda"]).days', ("`.dt.days`",), "02"),
    # --- 03: condizioni e valori ----------------------------------------------------------------------
    Sbaglio("and tra condizioni su colonne",
            _PATTI + 'patti[patti["misura"] == "ADI" and patti["n_revisioni"] > 1]', ("`&`",), "03"),
    Sbaglio("variabile rimasta None", "risposta = None\nrisposta.head()", ("`None`",), "03"),
    Sbaglio("numero all'italiana in un testo", 'float("1.234,5")', ("non si legge come numero",), "03"),
    Sbaglio("mancano i due punti", "conformita = 0.8\nif conformita > 0.5\n    print(\"bene\")",
            ("due punti",), "03"),
    Sbaglio("divisione per zero", "patti_chiusi = 0\n12 / patti_chiusi", ("dividendo per zero",), "03"),
    Sbaglio("prima riga di un filtro vuoto", _PATTI + 'patti[patti["misura"] == "XYZ"].iloc[0]',
            ("posizione che non c'è",), "03"),
    # --- 04: file, testi, messaggi del corso -----------------------------------------------------------
    Sbaglio("file che non c'è", 'pd.read_csv("presenze_marzo.csv")', ("Non trovo il file", "cartella di lavoro"),
            "04"),
    Sbaglio("testo più un numero", '"Ore svolte: " + 62', ("sommando un testo e un numero",), "04"),
    Sbaglio("comune scritto male (messaggio del corso)", 'course.territorio.codice_ambito("Galiano del Capo")',
            ("Il corso ti segnala un problema", "Gagliano del Capo"), "04"),
    Sbaglio("libreria non importata", "np.mean([1, 2, 3])", ("import numpy as np",), "04"),
    Sbaglio("riga cercata per etichetta", _PATTI + 'patti.loc["ATS-XX"]', ("etichetta",), "04"),
    Sbaglio("decimale con la virgola come argomento", 'course.verifica.esercizio("4.5", 0,5)',
            ("decimali con il punto",), "04"),
)
