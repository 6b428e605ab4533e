"""Il lettore di date del corso: uno solo, all'italiana, usato da ogni funzione che riceve una data.

Chi lavora negli uffici scrive le date come ``31/03/2025``, a volte ``1/3/25``; i file esportati
le portano come ``2025-03-31``; pandas come ``Timestamp``. Tutte queste forme danno lo stesso giorno:

- ``gg/mm/aaaa`` e ``g/m/aa`` (anche con ``-`` o ``.`` come separatore): **il giorno viene prima**,
  sempre: ``01/06/2025`` è il primo giugno, mai il 6 gennaio;
- ``aaaa-mm-gg`` (anche con l'ora, ``2025-03-31 00:00:00`` o ``2025-03-31T08:00``) e ``aaaa/mm/gg``;
- ``datetime``, ``date``, ``Timestamp`` e ``numpy.datetime64``.

Con l'anno di due cifre, ``00``–``69`` sono gli anni 2000, ``70``–``99`` i 1900 (come in Excel e in
Python). Una data impossibile (``31/02/2023``) o illeggibile è un errore in italiano che dice dove,
che cosa è stato scritto e come scriverla: mai un ``ValueError: day is out of range``.

>>> leggi_data("01/06/2025"), leggi_data("1/6/25"), leggi_data("2025-06-01")
(Timestamp('2025-06-01 00:00:00'), Timestamp('2025-06-01 00:00:00'), Timestamp('2025-06-01 00:00:00'))
>>> leggi_data("31/02/2023", cosa="la scadenza")
Traceback (most recent call last):
...
course.errori.ErroreCorso: La scadenza '31/02/2023' non è una data possibile: febbraio 2023 ha 28 giorni. Scrivila come 31/03/2025 (giorno/mese/anno) o 2025-03-31.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import numpy as np
import pandas as pd

from course.errori import ErroreCorso

__all__ = ["leggi_data", "leggi_date", "FORME"]

FORME = "31/03/2025 (giorno/mese/anno) o 2025-03-31"
"""Le forme che i messaggi d'errore propongono."""

_MESI = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
         "ottobre", "novembre", "dicembre")
# giorno/mese/anno (separatore / - .), oppure anno-mese-giorno; un'ora eventuale dopo si ignora
_ITALIANA = r"(?P<g>\d{1,2})\s*(?P<s>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<a>\d{4}|\d{2})"
_ISO = r"(?P<A>\d{4})\s*(?P<S>[/\-.])\s*(?P<M>\d{1,2})\s*(?P=S)\s*(?P<G>\d{1,2})"
_ORA = r"(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:Z|[+\-]\d{2}:?\d{2})?)?"
_MODELLO = re.compile(rf"^\s*(?:{_ITALIANA}|{_ISO}){_ORA}\s*$")


_FUORI = "l'anno {anno} è fuori dalle date possibili (dal 1678 al 2261)"


def _anno(testo: str) -> int:
    anno = int(testo)
    if len(testo) == 2:
        anno += 2000 if anno < 70 else 1900
    return anno


def _perche_impossibile(giorno: int, mese: int, anno: int) -> str:
    if not 1 <= mese <= 12:
        return f"il mese {mese} non esiste (i mesi vanno da 1 a 12)"
    ultimo = calendar.monthrange(anno, mese)[1]
    if 1 <= giorno <= ultimo:  # la data esiste, ma è fuori dalle date che le tabelle sanno tenere
        return _FUORI.format(anno=anno)
    return f"{_MESI[mese - 1]} {anno} ha {ultimo} giorni"


def _parti(testo: str) -> tuple[int, int, int] | None:
    trovato = _MODELLO.match(testo)
    if trovato is None:
        return None
    if trovato.group("g") is not None:
        return int(trovato.group("g")), int(trovato.group("m")), _anno(trovato.group("a"))
    return int(trovato.group("G")), int(trovato.group("M")), int(trovato.group("A"))


def _da_oggetto(valore) -> pd.Timestamp | None:
    """Le date che sono già date (Timestamp, datetime, date, datetime64); None se ``valore`` non lo è."""
    if isinstance(valore, (pd.Timestamp, dt.datetime, dt.date, np.datetime64)):
        giorno = pd.Timestamp(valore)
        if giorno is pd.NaT or pd.isna(giorno):
            return pd.NaT
        return (giorno.tz_localize(None) if giorno.tzinfo else giorno).normalize()
    return None


def leggi_data(valore, *, cosa: str = "la data") -> pd.Timestamp:
    """``valore`` (testo all'italiana o ISO, ``datetime``, ``Timestamp``…) come ``Timestamp`` del giorno.

    ``cosa`` nomina la data nei messaggi d'errore («la scadenza», «alla_data»).

    >>> leggi_data(pd.Timestamp("2025-03-31 14:30")), leggi_data("31.03.2025")
    (Timestamp('2025-03-31 00:00:00'), Timestamp('2025-03-31 00:00:00'))
    >>> leggi_data("domani")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: La data 'domani' non si legge come data. Scrivila come 31/03/2025 (giorno/mese/anno) o 2025-03-31.
    """
    gia = _da_oggetto(valore)
    if gia is not None:
        if gia is pd.NaT:
            raise ErroreCorso(f"{cosa[:1].upper()}{cosa[1:]} è vuota: scrivila come {FORME}.")
        return gia
    if not isinstance(valore, str):
        raise ErroreCorso(f"{cosa[:1].upper()}{cosa[1:]} deve essere una data, non {type(valore).__name__} "
                          f"({valore!r}). Scrivila come testo, {FORME}.")
    parti = _parti(valore)
    if parti is None:
        raise ErroreCorso(f"{cosa[:1].upper()}{cosa[1:]} {valore!r} non si legge come data. Scrivila come {FORME}.")
    giorno, mese, anno = parti
    try:
        return pd.Timestamp(anno, mese, giorno)
    except ValueError:
        raise ErroreCorso(f"{cosa[:1].upper()}{cosa[1:]} {valore!r} non è una data possibile: "
                          f"{_perche_impossibile(giorno, mese, anno)}. Scrivila come {FORME}.") from None


def _mostra(valore) -> str:
    """Una cella come la vede chi ha scritto il file: le date già date come 01/01/1500, il testo tra apici."""
    if isinstance(valore, dt.date):
        return valore.strftime("%d/%m/%Y")
    if isinstance(valore, np.datetime64):
        return str(valore)[:10]
    return repr(valore)


def _dove(indice, *, massimo: int = 5) -> str:
    """«alla riga 3» o «alle righe 3, 7, 9 e altre 2» (l'indice della tabella, come lo vede chi la usa)."""
    valori = [str(i) for i in list(indice)[:massimo]]
    altre = len(indice) - len(valori)
    return (f"alla riga {valori[0]}" if len(indice) == 1 else
            "alle righe " + ", ".join(valori) + (f" e altre {altre}" if altre > 0 else ""))


def leggi_date(serie, *, colonna: str = "data", tabella: str = "tabella", vuote_se_illeggibili: bool = False,
               ) -> pd.Series:
    """Una colonna di date (testo, date o un misto) come colonna ``datetime64[ns]``, senza ore.

    Celle vuote, ``n.d.`` e simili restano vuote (``NaT``). Una cella illeggibile o impossibile è un
    errore che dice la tabella, la colonna, le righe e un esempio; con ``vuote_se_illeggibili=True``
    diventa invece vuota (per chi poi la segnala a modo suo).

    >>> leggi_date(pd.Series(["05/02/2024", "2024-02-05", "5/2/24", None])).dt.strftime("%d/%m/%Y").tolist()
    ['05/02/2024', '05/02/2024', '05/02/2024', nan]
    >>> leggi_date(pd.Series(["05/02/2024", "30/02/2024"]), colonna="data_invio", tabella="candidature")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Nella tabella candidature, colonna data_invio: date impossibili o illeggibili alla riga 1 (ad esempio '30/02/2024': febbraio 2024 ha 29 giorni). Scrivile come 31/03/2025 (giorno/mese/anno) o 2025-03-31, oppure lascia la cella vuota.
    """
    serie = pd.Series(serie) if not isinstance(serie, pd.Series) else serie
    if pd.api.types.is_datetime64_any_dtype(serie):
        if getattr(serie.dt, "tz", None) is not None:
            serie = serie.dt.tz_localize(None)
        return serie.astype("datetime64[ns]").dt.normalize()
    risultato = pd.Series(pd.NaT, index=serie.index, dtype="datetime64[ns]")
    if len(serie) == 0:
        return risultato
    # le date si ripetono molto (un mese, una scadenza): si leggono i valori distinti, poi si ricopiano
    codici, distinti = pd.factorize(serie.astype(object), use_na_sentinel=True)
    date, vuoti, perche = _leggi_distinti(pd.Series(distinti, dtype=object))
    if len(distinti):
        presi = date.to_numpy()[np.maximum(codici, 0)]
        risultato[:] = np.where(codici >= 0, presi, np.datetime64("NaT"))
    sbagliati_distinti = ~vuoti & date.isna()
    if sbagliati_distinti.any():
        if vuote_se_illeggibili:
            return risultato
        righe = np.isin(codici, np.flatnonzero(sbagliati_distinti.to_numpy()))
        indice = serie.index[righe]
        primo = int(np.flatnonzero(sbagliati_distinti.to_numpy())[0])
        spiegazione = f": {perche[primo]}" if perche[primo] else ""
        raise ErroreCorso(
            f"Nella {tabella if tabella.startswith('tabella') else 'tabella ' + tabella}, colonna {colonna}: "
            f"date impossibili o illeggibili {_dove(indice)} (ad esempio {_mostra(distinti[primo])}{spiegazione}). "
            f"Scrivile come {FORME}, oppure lascia la cella vuota.")
    return risultato


def _leggi_distinti(valori: pd.Series) -> tuple[pd.Series, pd.Series, list[str]]:
    """Date, celle vuote e perché una data è impossibile, per valori distinti (pochi)."""
    date = pd.Series(pd.NaT, index=valori.index, dtype="datetime64[ns]")
    oggetti = valori.map(lambda v: isinstance(v, (pd.Timestamp, dt.date, np.datetime64))).astype(bool)
    fuori = pd.Series(False, index=valori.index)  # date vere ma fuori dall'intervallo (l'anno 1500)
    if oggetti.any():
        giorni = valori[oggetti].map(_da_oggetto)
        fuori[oggetti] = giorni.map(lambda g: not pd.isna(g) and not pd.Timestamp.min <= g <= pd.Timestamp.max)
        dentro = giorni[~fuori[oggetti]]
        date[dentro.index] = pd.to_datetime(dentro).astype("datetime64[ns]")
    testo = valori.map(lambda v: None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
                       or isinstance(v, (pd.Timestamp, dt.date, np.datetime64)) else str(v).strip())
    testo = testo.astype("string")
    vuoti = (testo.isna() & ~oggetti) | testo.str.lower().isin(
        ["", "n.d.", "nd", "n.d", "-", "—", "nat", "nan", "none"]).fillna(False)
    vuoti = vuoti | (oggetti & date.isna() & ~fuori)
    parti = testo.where(~vuoti).str.extract(_MODELLO)
    italiana = parti["g"].notna()
    giorno = pd.to_numeric(parti["g"].where(italiana, parti["G"]), errors="coerce").astype("float64")
    mese = pd.to_numeric(parti["m"].where(italiana, parti["M"]), errors="coerce").astype("float64")
    anno_testo = parti["a"].where(italiana, parti["A"]).astype("string")
    anno = pd.to_numeric(anno_testo, errors="coerce").astype("float64")
    due_cifre = anno_testo.str.len().eq(2).fillna(False).to_numpy(bool)
    anno = anno.where(~due_cifre, anno + np.where(anno < 70, 2000, 1900))
    possibile = anno.between(1678, 2261)  # oltre, pandas non sa tenere la data: si spiega in «perche»
    dal_testo = pd.to_datetime(pd.DataFrame({"year": anno.where(possibile), "month": mese, "day": giorno}),
                               errors="coerce")
    date = date.where(oggetti, dal_testo.astype("datetime64[ns]"))
    perche = [_FUORI.format(anno=valori[i].year) if fuori[i] else
              _perche_impossibile(int(g), int(m), int(a)) if not (np.isnan(g) or ok) else ""
              for i, g, m, a, ok in zip(valori.index, giorno, mese, anno, date.notna())]
    return date, vuoti.astype(bool), perche
