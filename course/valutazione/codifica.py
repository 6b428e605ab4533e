"""Codifica di una risposta in soli dati (JSON e Parquet), per verificarla fuori dal kernel del corsista.

Il kernel del corsista potrebbe essere stato manomesso (funzioni di verifica o builtins
sostituiti): per questo la risposta viaggia come *dati*, mai come codice o pickle, e il
correttore la ricostruisce e la verifica in un processo pulito. Decodificare non esegue mai codice
del corsista: si ricostruiscono solo tipi noti (numeri, testi, elenchi, dizionari, date, tabelle
pandas via Parquet e dataclass del pacchetto ``course``).

>>> decodifica(codifica({"ambiti": [45, 12.5], "nome": "Bari"}))
{'ambiti': [45, 12.5], 'nome': 'Bari'}
>>> import pandas as pd
>>> df = pd.DataFrame({"ambito": ["BA01", "LE02"], "residenti": [120000, 80000]})
>>> decodifica(codifica(df)).equals(df)
True
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import importlib
import io
import math
import pkgutil
from pathlib import Path, PurePath

__all__ = ["codifica", "decodifica", "RispostaNonCodificabile", "MIME_RISPOSTA"]

#: Il tipo MIME con cui la cella di test consegna la risposta codificata al correttore.
MIME_RISPOSTA = "application/vnd.ambiti-lab.risposta+json"

_MASSIMA_PROFONDITA = 20


class RispostaNonCodificabile(ValueError):
    """La risposta contiene un tipo che non si può trasformare in soli dati."""


_SUFFISSI_FILE = {".html", ".htm", ".csv", ".xlsx", ".json", ".txt", ".md", ".pdf", ".png"}
_MASSIMO_FILE = 5_000_000


def _e_file_consegnato(testo: str) -> bool:
    """Un testo che è il percorso di un file prodotto dal corsista (ad esempio il rapporto HTML salvato)."""
    import os

    return len(testo) < 500 and "\n" not in testo and Path(testo).suffix.lower() in _SUFFISSI_FILE and os.path.isfile(testo)


def _file(percorso, *, come: str) -> dict:
    """Un file prodotto dal corsista viaggia con il suo contenuto: il correttore lo riscrive e lo verifica."""
    p = Path(percorso)
    if p.is_file() and p.stat().st_size <= _MASSIMO_FILE:
        return {"t": "file", "come": come, "nome": p.name, "v": base64.b64encode(p.read_bytes()).decode("ascii")}
    return {"t": "percorso", "come": come, "v": str(percorso)}


def _tabella(df) -> str:
    # gli attrs (ad esempio la data di riferimento dei dati) viaggiano a parte, con la codifica del corso
    senza_attrs = df.copy(deep=False)
    senza_attrs.attrs = {}
    buffer = io.BytesIO()
    senza_attrs.to_parquet(buffer, engine="pyarrow")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def codifica(valore, *, _profondita: int = 0):
    """Trasforma ``valore`` in una struttura JSON fatta di soli dati.

    >>> codifica(3)
    {'t': 'int', 'v': 3}
    >>> codifica(object())
    Traceback (most recent call last):
    ...
    course.valutazione.codifica.RispostaNonCodificabile: tipo non codificabile: object
    """
    if _profondita > _MASSIMA_PROFONDITA:
        raise RispostaNonCodificabile("struttura troppo annidata")
    p = _profondita + 1
    if valore is None:
        return {"t": "none"}
    if isinstance(valore, bool):
        return {"t": "bool", "v": bool(valore)}
    if isinstance(valore, int):
        return {"t": "int", "v": int(valore)}
    if isinstance(valore, float):
        return {"t": "float", "v": repr(float(valore))}
    if isinstance(valore, str):
        if _e_file_consegnato(valore):
            return _file(valore, come="str")
        return {"t": "str", "v": str(valore)}
    if isinstance(valore, PurePath):
        return _file(valore, come="path")
    if isinstance(valore, (list, tuple, set, frozenset)):
        tipo = {list: "list", tuple: "tuple", set: "set", frozenset: "frozenset"}.get(type(valore))
        if tipo is None:
            tipo = "list" if isinstance(valore, list) else "tuple" if isinstance(valore, tuple) else "set"
        elementi = sorted(valore, key=repr) if tipo in {"set", "frozenset"} else list(valore)
        return {"t": tipo, "v": [codifica(x, _profondita=p) for x in elementi]}
    if isinstance(valore, dict):
        return {"t": "dict", "v": [[codifica(k, _profondita=p), codifica(v, _profondita=p)] for k, v in valore.items()]}
    if isinstance(valore, dt.datetime):
        return {"t": "datetime", "v": valore.isoformat()}
    if isinstance(valore, dt.date):
        return {"t": "date", "v": valore.isoformat()}
    modulo = type(valore).__module__ or ""
    if modulo.startswith("numpy"):
        import numpy as np

        if isinstance(valore, np.generic):
            return codifica(valore.item(), _profondita=p)
        if isinstance(valore, np.ndarray):
            return {"t": "ndarray", "v": [codifica(x, _profondita=p) for x in valore.tolist()]}
    if modulo.startswith("pandas"):
        import pandas as pd

        if isinstance(valore, pd.DataFrame):
            return {"t": "dataframe", "v": _tabella(valore), "attrs": codifica(dict(valore.attrs), _profondita=p)}
        if isinstance(valore, pd.Series):
            nome = valore.name
            return {"t": "series", "v": _tabella(valore.to_frame(name="__valori__")), "nome": codifica(nome, _profondita=p),
                    "attrs": codifica(dict(valore.attrs), _profondita=p)}
        if isinstance(valore, pd.Timestamp):
            return {"t": "timestamp", "v": valore.isoformat()}
        if valore is pd.NA:
            return {"t": "na"}
        if valore is pd.NaT:
            return {"t": "nat"}
    if dataclasses.is_dataclass(valore) and not isinstance(valore, type) and modulo.startswith("course."):
        campi = {f.name: codifica(getattr(valore, f.name), _profondita=p) for f in dataclasses.fields(valore) if f.init}
        return {"t": "dataclass", "classe": f"{modulo}.{type(valore).__qualname__}", "v": campi}
    funzione_del_corso = (callable(valore) and str(getattr(valore, "__module__", "")).startswith("course.")
                          and "<" not in getattr(valore, "__qualname__", "<"))
    if funzione_del_corso:  # una funzione della libreria (ad esempio il calcolo di un indicatore del catalogo)
        return {"t": "funzione", "v": f"{valore.__module__}:{valore.__qualname__}"}
    raise RispostaNonCodificabile(f"tipo non codificabile: {type(valore).__name__}")


def _leggi_tabella(testo: str):
    import pyarrow.parquet as pq

    return pq.read_table(io.BytesIO(base64.b64decode(testo))).to_pandas()


def decodifica(dati, *, _profondita: int = 0):
    """Ricostruisce il valore codificato da :func:`codifica` (solo tipi noti, nessun codice eseguito).

    >>> decodifica({"t": "float", "v": "nan"})
    nan
    >>> decodifica({"t": "dataclass", "classe": "os.system", "v": {}})
    Traceback (most recent call last):
    ...
    course.valutazione.codifica.RispostaNonCodificabile: classe non ammessa: os.system
    """
    if _profondita > _MASSIMA_PROFONDITA + 1 or not isinstance(dati, dict):
        raise RispostaNonCodificabile("dati della risposta non validi")
    t, v, p = dati.get("t"), dati.get("v"), _profondita + 1
    if t == "none":
        return None
    if t in {"bool", "int", "str"}:
        atteso = {"bool": bool, "int": int, "str": str}[t]
        if type(v) is not atteso:
            raise RispostaNonCodificabile("dati della risposta non validi")
        return v
    if t == "float":
        valore = float(v)
        return valore if not math.isnan(valore) else float("nan")
    if t in {"list", "tuple", "set", "frozenset", "ndarray"}:
        elementi = [decodifica(x, _profondita=p) for x in v]
        if t == "ndarray":
            import numpy as np

            return np.array(elementi)
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[t](elementi)
    if t == "dict":
        return {decodifica(k, _profondita=p): decodifica(x, _profondita=p) for k, x in v}
    if t == "datetime":
        return dt.datetime.fromisoformat(v)
    if t == "date":
        return dt.date.fromisoformat(v)
    if t == "dataframe":
        tabella = _leggi_tabella(v)
        tabella.attrs = decodifica(dati.get("attrs", {"t": "dict", "v": []}), _profondita=p)
        return tabella
    if t == "series":
        serie = _leggi_tabella(v)["__valori__"]
        serie.name = decodifica(dati.get("nome", {"t": "none"}), _profondita=p)
        serie.attrs = decodifica(dati.get("attrs", {"t": "dict", "v": []}), _profondita=p)
        return serie
    if t == "timestamp":
        import pandas as pd

        return pd.Timestamp(v)
    if t == "na":
        import pandas as pd

        return pd.NA
    if t == "nat":
        import pandas as pd

        return pd.NaT
    if t == "dataclass":
        return _dataclass(dati.get("classe", ""), v, p)
    if t == "funzione":
        return _funzione(str(v))
    if t in {"file", "percorso"}:
        percorso = Path(str(v)) if t == "percorso" else _riscrivi_file(dati.get("nome", "file"), v)
        return str(percorso) if dati.get("come") == "str" else percorso
    raise RispostaNonCodificabile(f"tipo sconosciuto: {t!r}")


def _moduli_strumenti() -> frozenset[str]:
    """I moduli degli strumenti del coordinatore, ricavati dal pacchetto ``course``.

    Sono tutti i suoi moduli e sottopacchetti pubblici tranne le parti sopra gli strumenti
    (``course.SOPRA_GLI_STRUMENTI``: viste, verifiche, valutazione, riga di comando).

    >>> {"indicatori", "monitoraggio", "scadenze"} <= _moduli_strumenti(), "valutazione" in _moduli_strumenti()
    (True, False)
    """
    import course

    return frozenset(m.name for m in pkgutil.iter_modules(course.__path__)
                     if not m.name.startswith("_") and m.name not in course.SOPRA_GLI_STRUMENTI)


def _funzione(riferimento: str):
    """Solo le funzioni pubbliche degli strumenti del coordinatore possono comparire in una risposta."""
    modulo, _, nome = riferimento.partition(":")
    parti = modulo.split(".")
    ammessa = (len(parti) >= 2 and parti[0] == "course" and parti[1] in _moduli_strumenti()
               and all(p.isidentifier() and not p.startswith("_") for p in [*parti, *nome.split(".")]))
    if not ammessa:
        raise RispostaNonCodificabile(f"funzione non ammessa: {riferimento}")
    try:
        oggetto = importlib.import_module(modulo)
        for parte in nome.split("."):
            oggetto = getattr(oggetto, parte)
    except (ImportError, AttributeError):
        raise RispostaNonCodificabile(f"funzione non ammessa: {riferimento}") from None
    if not callable(oggetto) or isinstance(oggetto, type) or getattr(oggetto, "__module__", "") != modulo:
        raise RispostaNonCodificabile(f"funzione non ammessa: {riferimento}")
    return oggetto


def _riscrivi_file(nome: str, contenuto: str) -> Path:
    import tempfile

    nome = Path(str(nome)).name or "file"
    if Path(nome).suffix.lower() not in _SUFFISSI_FILE:
        raise RispostaNonCodificabile(f"file non ammesso: {nome}")
    percorso = Path(tempfile.mkdtemp(prefix="risposta-")) / nome
    percorso.write_bytes(base64.b64decode(contenuto))
    return percorso


def _dataclass(nome: str, campi: dict, profondita: int):
    modulo, _, classe = str(nome).rpartition(".")
    if not modulo.startswith("course.") or not classe.isidentifier():
        raise RispostaNonCodificabile(f"classe non ammessa: {nome}")
    try:
        cls = getattr(importlib.import_module(modulo), classe)
    except (ImportError, AttributeError):
        raise RispostaNonCodificabile(f"classe non ammessa: {nome}") from None
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise RispostaNonCodificabile(f"classe non ammessa: {nome}")
    valori = {k: decodifica(x, _profondita=profondita) for k, x in dict(campi).items()}
    return cls(**valori)
