"""Errori sui valori: date e numeri mescolati, testi al posto di numeri, file che non ci sono,
divisioni per zero, posizioni oltre la fine di una tabella.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from course.spiegazioni._parole import elenco, tecnico, vicini
from course.spiegazioni.spiegazione import Spiegazione

__all__ = ["spiega_tipo", "spiega_valore", "spiega_file", "spiega_divisione", "spiega_posizione"]

_DATA = r"(?:Timestamp|datetime\.date|datetime\.datetime|DatetimeArray|DatetimeIndex|datetime64[^ ]*)"
_DURATA = r"(?:Timedelta|timedelta64[^ ]*|datetime\.timedelta|TimedeltaArray)"
_NUMERO = r"(?:int|float|int64|float64|int32|Int64|Float64|integer-arrays|integers)"
_DECIMALE_CON_VIRGOLA = re.compile(r"(?<![\w.\"'])\d+,\d+")
_AGGIUNGERE_GIORNI = ("Per spostare una data di 30 giorni scrivi `data + pd.Timedelta(days=30)` "
                      "(per una colonna di date è uguale: `tabella[\"data_domanda\"] + pd.Timedelta(days=30)`).")


def _confronto(messaggio: str) -> tuple[str, str] | None:
    """I due tipi di un confronto o di un'operazione non riusciti, letti dal messaggio di Python."""
    for modello in (r"not supported between instances of '([^']+)' and '([^']+)'",
                    r"unsupported operand type\(s\) for [^:]+: '([^']+)' and '([^']+)'",
                    r"Invalid comparison between dtype=(\S+) and (\S+)"):
        trovato = re.search(modello, messaggio)
        if trovato:
            return trovato.group(1), trovato.group(2)
    return None


def _uno_dei(tipi: tuple[str, str], modello: str) -> bool:
    return any(re.fullmatch(modello, t) for t in tipi)


def spiega_tipo(errore: TypeError, codice: str | None = None, **_) -> Spiegazione | None:
    """Valori di tipo diverso messi insieme: date e numeri, testi e numeri, tabelle chiamate come funzioni.

    >>> spiega_tipo(TypeError("'>' not supported between instances of 'str' and 'int'")).titolo
    'Stai confrontando un testo con un numero.'
    """
    if not isinstance(errore, TypeError):
        return None
    messaggio = str(errore)
    t = tecnico(errore)
    tipi = _confronto(messaggio)
    if "integers and integer-arrays with" in messaggio or (
            tipi and _uno_dei(tipi, _DATA) and _uno_dei(tipi, _NUMERO)
            and "operand" in messaggio):
        return Spiegazione(
            "Non si può aggiungere o togliere un numero a una data.",
            "Python non sa se quel numero sono giorni, mesi o anni.", _AGGIUNGERE_GIORNI, t)
    if tipi and _uno_dei(tipi, _DATA) and "str" in tipi:
        return Spiegazione(
            "Stai usando un testo come se fosse una data.",
            "Una data scritta tra virgolette, come `\"05/02/2024\"`, per Python è solo un testo.",
            "Trasformala prima in data: `pd.to_datetime(\"05/02/2024\", dayfirst=True)` "
            "(con `dayfirst=True` il primo numero è il giorno, come si scrive in Italia).", t)
    if tipi and _uno_dei(tipi, _DURATA) and _uno_dei(tipi, _NUMERO):
        return Spiegazione(
            "Stai confrontando una durata (la differenza fra due date) con un numero.",
            "La differenza fra due date è una durata in giorni, non un numero semplice.",
            "Prendi i giorni della durata: `durata.days` per un valore solo, `colonna.dt.days` per una colonna "
            "(oppure confronta con `pd.Timedelta(days=60)`).", t)
    if tipi and _uno_dei(tipi, _DATA) and _uno_dei(tipi, _NUMERO):
        return Spiegazione(
            "Stai confrontando una data con un numero.", "",
            "Confronta con un'altra data, ad esempio `pd.Timestamp(\"2024-03-01\")`.", t)
    if tipi and "str" in tipi and (_uno_dei(tipi, _NUMERO) or _uno_dei(tipi, r"object|str")):
        if "concatenate" in messaggio or ("+" in messaggio and "operand" in messaggio):
            return _testo_e_numero_insieme(t)
        return Spiegazione(
            "Stai confrontando un testo con un numero.",
            "Un numero tra virgolette, come `\"30\"`, per Python è un testo, e testi e numeri non si confrontano.",
            "Togli le virgolette dal numero (`> 30`). Se è la colonna a contenere testi, convertila con "
            "`pd.to_numeric(tabella[\"colonna\"])`.", t)
    if tipi and "str" in tipi and "operand" in messaggio:
        return _testo_e_numero_insieme(t)
    if messaggio.startswith("can only concatenate str"):
        return _testo_e_numero_insieme(t)
    trovato = re.match(r"'(\w+)' object is not callable", messaggio)
    if trovato:
        tipo = trovato.group(1)
        if tipo in {"DataFrame", "Series"}:
            return Spiegazione(
                "Hai usato le parentesi tonde su una tabella.",
                "Le parentesi tonde servono per chiamare una funzione; per prendere una colonna di una tabella "
                "si usano le parentesi quadre.", "Scrivi `tabella[\"colonna\"]` invece di `tabella(\"colonna\")`.", t)
        if tipo == "NoneType":
            return _none(t)
        return Spiegazione(
            "Hai messo delle parentesi tonde dopo un valore che non è una funzione.",
            "Succede quando manca un operatore (`2 * (3 + 4)`, non `2(3 + 4)`) o quando un nome di funzione è stato "
            "usato per una variabile (ad esempio `sum = 10`).",
            "Aggiungi l'operatore mancante; se hai dato a una variabile il nome di una funzione, cambia nome "
            "e riavvia il kernel (menu Kernel).", t)
    if re.search(r"'NoneType' object is not (subscriptable|iterable)", messaggio):
        return _none(t)
    if re.search(r"'(method|builtin_function_or_method|function)' object is not subscriptable", messaggio):
        return Spiegazione(
            "Hai usato le parentesi quadre su una funzione.",
            "Le funzioni si chiamano con le tonde: `tabella.head()`, `len(tabella)`.",
            "Chiama prima la funzione con le tonde; le quadre vengono dopo, sul risultato.", t)
    trovato = re.search(r"takes (\d+) positional arguments? but (\d+) (?:were|was) given", messaggio)
    if trovato:
        if codice and _DECIMALE_CON_VIRGOLA.search(codice):
            return Spiegazione(
                "Alla funzione sono arrivati più valori di quelli che accetta.",
                "Probabilmente hai scritto un numero con la virgola, come in Excel: per Python la virgola separa "
                "due valori diversi.", "Scrivi i decimali con il punto: `0.5`, non `0,5`.", t)
        return Spiegazione(
            "Alla funzione sono arrivati più valori di quelli che accetta.", "",
            "Controlla le virgole tra le parentesi; con `funzione?` vedi quali valori si aspetta.", t)
    trovato = re.search(r"missing \d+ required (?:positional|keyword-only) arguments?: (.+)$", messaggio)
    if trovato:
        return Spiegazione(
            "Alla funzione manca un valore che le serve.", f"Manca: {trovato.group(1)}.",
            "Aggiungilo tra le parentesi; con `funzione?` vedi quali valori si aspetta.", t)
    trovato = re.search(r"got an unexpected keyword argument '([^']+)'", messaggio)
    if trovato:
        return Spiegazione(
            f"La funzione non ha un'opzione che si chiami `{trovato.group(1)}`.", "",
            "Controlla il nome dell'opzione; con `funzione?` vedi quelle ammesse.", t)
    if re.search(r"object of type '\w+' has no len\(\)", messaggio):
        return Spiegazione(
            "`len(...)` conta gli elementi di una tabella, di un elenco o di un testo: un numero non ha lunghezza.",
            "", "Usa `len(...)` sulla tabella o sull'elenco, non su un valore singolo.", t)
    return None


def _testo_e_numero_insieme(t: str) -> Spiegazione:
    return Spiegazione(
        "Stai sommando un testo e un numero.",
        "Python non li mette insieme da solo: un numero tra virgolette, come `\"45\"`, è un testo.",
        "Per fare il conto togli le virgolette dal numero. Per scrivere un numero dentro una frase usa "
        "`f\"Totale: {totale}\"`.", t)


def _none(t: str) -> Spiegazione:
    return Spiegazione(
        "Il valore è `None` (niente).",
        "Di solito la variabile non ha ancora un valore, oppure contiene il risultato di una funzione che non "
        "restituisce niente, come `print(...)`.",
        "Guarda la cella dove dai un valore alla variabile, correggila e rieseguila.", t)


def _testo_della_data(messaggio: str) -> str | None:
    for modello in (r'time data "([^"]*)"', r"time data '([^']*)'", r"unable to parse: (.+?)(?:,|$)",
                    r"string: (.+?)(?:,|$)"):
        trovato = re.search(modello, messaggio)
        if trovato:
            return trovato.group(1).strip()
    return None


def spiega_valore(errore: ValueError, **_) -> Spiegazione | None:
    """Un valore della forma sbagliata: date che non si leggono, numeri con la virgola, condizioni su colonne.

    >>> spiega_valore(ValueError("could not convert string to float: '1.234,5'")).titolo
    'Il testo `1.234,5` non si legge come numero.'
    """
    if not isinstance(errore, ValueError):
        return None
    messaggio = str(errore)
    t = tecnico(errore)
    data_scritta = _testo_della_data(messaggio)
    if data_scritta is not None or any(p in messaggio for p in (
            "day is out of range for month", "month must be in 1..12", "doesn't match format",
            "does not match format", "unconverted data remains", "Out of bounds nanosecond")):
        return Spiegazione(
            f"La data `{data_scritta}` non si legge." if data_scritta else "Una data non si legge.",
            "O la data non esiste (un 31 febbraio, un mese 13), o è scritta in un formato diverso da quello "
            "indicato, o nella colonna c'è un testo che non è una data.",
            "Controlla giorno e mese; per le date all'italiana usa `pd.to_datetime(..., dayfirst=True)`. "
            "Per una colonna con valori sporchi, `errors=\"coerce\"` lascia vuote le date illeggibili, "
            "che poi puoi cercare con `.isna()`.", t)
    trovato = re.search(r"(?:invalid literal for int\(\) with base 10|could not convert string to float): '(.*)'",
                        messaggio)
    if trovato:
        valore = trovato.group(1)
        if "," in valore:
            rimedio = ("In Python i decimali si scrivono con il punto: `1234.5`. Per un testo scritto all'italiana "
                       "togli il punto delle migliaia e cambia la virgola in punto, ad esempio "
                       "`float(testo.replace(\".\", \"\").replace(\",\", \".\"))`.")
        else:
            rimedio = "Controlla che il testo contenga solo cifre (niente spazi, simboli o lettere)."
        return Spiegazione(f"Il testo `{valore}` non si legge come numero.", "", rimedio, t)
    if "truth value of a" in messaggio and "is ambiguous" in messaggio:
        return Spiegazione(
            "Hai usato una condizione su una colonna intera come se fosse un valore solo.",
            "Con le colonne le condizioni si combinano con `&` (e) e `|` (o), non con `and`/`or`, e ogni "
            "condizione va tra parentesi.",
            "Scrivi ad esempio `patti[(patti[\"misura\"] == \"ReD\") & (patti[\"ore\"] < 62)]`.", t)
    trovato = re.search(r"Length of values \((\d+)\) does not match length of index \((\d+)\)", messaggio)
    if trovato:
        return Spiegazione(
            f"La colonna nuova ha {trovato.group(1)} valori, ma la tabella ha {trovato.group(2)} righe.", "",
            "Calcola la colonna nuova a partire dalla stessa tabella, così le righe coincidono.", t)
    if "cannot convert float NaN to integer" in messaggio or "Cannot convert non-finite values" in messaggio:
        return Spiegazione(
            "Ci sono valori mancanti che non si possono trasformare in numeri interi.", "",
            "Guarda prima le righe vuote con `.isna()`; decidi se toglierle (`.dropna()`) o riempirle.", t)
    return None


def spiega_file(errore: FileNotFoundError, cartella: Path | None = None, **_) -> Spiegazione | None:
    """Un file che non c'è: dov'è la cartella di lavoro e quali file le somigliano.

    >>> import tempfile, pathlib
    >>> c = pathlib.Path(tempfile.mkdtemp()); _ = (c / "patti_2024.csv").write_text("a")
    >>> e = FileNotFoundError(2, "No such file or directory", "patti_2023.csv")
    >>> print(spiega_file(e, cartella=c).rimedio)
    Forse intendevi `patti_2024.csv`?
    """
    if not isinstance(errore, FileNotFoundError):
        return None
    nome = errore.filename
    cartella = Path(cartella) if cartella is not None else Path.cwd()
    titolo = f"Non trovo il file `{nome}`." if nome else "Non trovo il file."
    if not nome:
        return Spiegazione(titolo, f"La cartella di lavoro è `{cartella}`.", "Controlla il nome del file.",
                           tecnico(errore))
    percorso = Path(os.fspath(nome))
    dove = percorso.parent if percorso.is_absolute() else (cartella / percorso).parent
    try:
        presenti = sorted(p.name for p in dove.iterdir() if not p.name.startswith("."))
    except OSError:
        presenti = []
    simili = vicini(percorso.name, presenti, soglia=0.6)
    if not dove.exists():
        testo = f"La cartella `{dove}` non esiste."
    elif percorso.is_absolute():
        testo = f"Nella cartella `{dove}` non c'è un file con questo nome."
    else:
        testo = (f"Un nome di file senza cartella si cerca nella cartella di lavoro del notebook: `{cartella}`. "
                 "Lì non c'è un file con questo nome.")
    if simili:
        rimedio = f"Forse intendevi `{simili[0]}`?"
    elif presenti:
        rimedio = (f"Nella cartella ci sono: {elenco(presenti, massimo=8)}. Se il file è altrove, scrivi il percorso "
                   "completo, oppure trascinalo nel pannello dei file a sinistra.")
    else:
        rimedio = "Scrivi il percorso completo del file, oppure trascinalo nel pannello dei file a sinistra."
    return Spiegazione(titolo, testo, rimedio, tecnico(errore))


def spiega_divisione(errore: ZeroDivisionError, **_) -> Spiegazione | None:
    """La divisione per zero: di solito un denominatore calcolato su un filtro senza righe."""
    if not isinstance(errore, ZeroDivisionError):
        return None
    return Spiegazione(
        "Stai dividendo per zero.",
        "Il denominatore vale 0: capita quando è calcolato su un filtro che non ha trovato nessuna riga.",
        "Controlla il valore del denominatore (stampalo con `print(...)`) e il filtro da cui viene.", tecnico(errore))


def spiega_posizione(errore: IndexError, **_) -> Spiegazione | None:
    """Una posizione oltre la fine di un elenco o di una tabella."""
    if not isinstance(errore, IndexError):
        return None
    return Spiegazione(
        "Chiedi una posizione che non c'è.",
        "Le posizioni partono da 0: in un elenco di 3 elementi l'ultima è la 2. Se la tabella viene da un filtro, "
        "forse è vuota.",
        "Controlla quante righe ci sono con `len(...)` prima di scegliere una posizione con `.iloc[...]` o `[...]`.",
        tecnico(errore))
