"""Errori sui nomi: un nome che Python non conosce, una colonna che la tabella non ha, un metodo che
non esiste, una libreria non installata.

Ogni funzione riceve l'errore e il contesto (le variabili del notebook, il traceback) e restituisce
una :class:`~course.spiegazioni.spiegazione.Spiegazione`, oppure ``None`` se il caso non è suo.
"""

from __future__ import annotations

import builtins
import keyword
import pkgutil
import re
import sys
import types
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from course.spiegazioni._parole import elenco, normale, serie_pandas, tabella_pandas, tecnico, vicini
from course.spiegazioni.spiegazione import Spiegazione

__all__ = ["spiega_nome", "spiega_attributo", "spiega_chiave", "spiega_import"]

# Parole di Excel, di altri linguaggi o dell'italiano al posto di quelle di Python.
_PAROLE_DI_PYTHON = {
    "true": "True", "false": "False", "vero": "True", "falso": "False", "null": "None", "none": "None",
    "nessuno": "None", "nothing": "None",
}
# Nomi che di solito arrivano con un import (nella prima cella di ogni lezione).
_DA_IMPORTARE = {
    "pd": "import pandas as pd", "pandas": "import pandas as pd", "np": "import numpy as np",
    "numpy": "import numpy as np", "plt": "import matplotlib.pyplot as plt", "math": "import math",
    "widgets": "import ipywidgets as widgets", "course": "import course", "datetime": "import datetime",
    "parametro": "from course.parametri import parametro",
    "tabella_parametri": "from course.parametri import tabella_parametri",
    "carica": "from course.dati import carica", "leggi_tabella": "from course.dati import leggi_tabella",
    "nuova_figura": "from course.grafici.stile import nuova_figura",
}
# Le parole che chi viene da Excel scrive in italiano, e il metodo di pandas che fa la stessa cosa.
_METODI_IN_ITALIANO = {
    "media": "mean()", "somma": "sum()", "conta": "count()", "conteggio": "count()", "massimo": "max()",
    "max_": "max()", "minimo": "min()", "mediana": "median()", "ordina": "sort_values(...)",
    "raggruppa": "groupby(...)", "arrotonda": "round(...)", "unici": "unique()", "primi": "head()",
    "ultimi": "tail()", "righe": "shape[0] (oppure len(tabella))", "colonne": "columns", "filtra": "query(...)",
    "somma_se": "groupby(...)[...].sum()", "conta_se": "value_counts()", "cerca_vert": "merge(...)",
    "lunghezza": "size (oppure len(...))", "length": "size (oppure len(...))", "lenght": "size (oppure len(...))",
}
_PARTI_DI_DATA = {"days", "day", "month", "year", "hour", "weekday", "dayofweek", "date", "seconds",
                  "quarter", "days_in_month", "is_month_end"}
_METODI_DI_TESTO = {"lower", "upper", "strip", "startswith", "endswith", "contains", "title", "split", "len"}
_NOMI_DI_IPYTHON = {"In", "Out", "get_ipython", "exit", "quit"}


def _variabili_pubbliche(variabili: Mapping | None) -> list[str]:
    if not variabili:
        return []
    return [n for n in variabili if isinstance(n, str) and not n.startswith("_") and n not in _NOMI_DI_IPYTHON]


@lru_cache(maxsize=1)
def _moduli_del_corso() -> frozenset[str]:
    cartella = Path(__file__).resolve().parents[1]
    return frozenset(m.name for m in pkgutil.iter_modules([str(cartella)]) if not m.name.startswith("_"))


def spiega_nome(errore: NameError, variabili: Mapping | None = None, **_) -> Spiegazione | None:
    """Un nome che Python non conosce: il più vicino tra quelli definiti, un import mancante, le virgolette.

    >>> print(spiega_nome(NameError("name 'conformta' is not defined", name="conformta"),
    ...                   {"conformita": 1}).rimedio)
    Forse intendevi `conformita`? Correggi il nome ed esegui di nuovo la cella.
    """
    if not isinstance(errore, NameError):
        return None
    nome = getattr(errore, "name", None)
    if not nome:
        trovato = re.search(r"name '([^']+)' is not defined", str(errore))
        nome = trovato.group(1) if trovato else None
    if not nome:
        return None
    titolo = f"Python non conosce il nome `{nome}`."
    if nome.lower() in _PAROLE_DI_PYTHON:
        giusta = _PAROLE_DI_PYTHON[nome.lower()]
        return Spiegazione(
            titolo, f"In Python questa parola si scrive `{giusta}`, in inglese e con la prima lettera maiuscola.",
            f"Scrivi `{giusta}` al posto di `{nome}`.", tecnico(errore))
    definiti = _variabili_pubbliche(variabili)
    simili = vicini(nome, definiti + [n for n in dir(builtins) if not n.startswith("_")] + keyword.kwlist)
    if simili and normale(simili[0]) == normale(nome):
        if simili[0].lower() == nome.lower():
            perche = ("I nomi vanno scritti esattamente come sono stati creati: per Python maiuscole e "
                      "minuscole sono lettere diverse.")
        else:
            perche = (f"I nomi vanno scritti esattamente come sono stati creati, di solito senza accenti: per Python "
                      f"`{nome}` e `{simili[0]}` sono due nomi diversi.")
        return Spiegazione(titolo, perche, f"Forse intendevi `{simili[0]}`? Correggi il nome ed esegui di nuovo la cella.",
                           tecnico(errore))
    import_mancante = _DA_IMPORTARE.get(nome) or (
        f"from course import {nome}" if nome in _moduli_del_corso() else None)
    if import_mancante and nome not in definiti:
        return Spiegazione(
            titolo, f"`{nome}` arriva da una libreria: prima di usarlo va importato. Di solito lo fa la prima "
                    "cella di codice della lezione.",
            f"Esegui la prima cella di codice della lezione, oppure scrivi in cima a questa cella: "
            f"`{import_mancante}`.", tecnico(errore))
    if simili:
        altri = f" (oppure {elenco(simili[1:])})" if len(simili) > 1 else ""
        return Spiegazione(
            titolo, "Forse c'è un errore di battitura nel nome.",
            f"Forse intendevi `{simili[0]}`?{altri} Correggi il nome ed esegui di nuovo la cella.", tecnico(errore))
    testo_tra_virgolette = nome[:1].isupper() or "_" not in nome and len(nome) > 3 and nome.isalpha()
    rimedio = ("Se è un nome che crei tu, esegui prima la cella dove lo definisci (quella con "
               f"`{nome} = ...`): le celle si eseguono dall'alto in basso.")
    if testo_tra_virgolette:
        rimedio += f" Se invece è un testo (il nome di un comune, una parola), scrivilo tra virgolette: `\"{nome}\"`."
    return Spiegazione(
        titolo, "Un nome esiste solo dopo che una cella eseguita lo ha creato (con `nome = ...`) o importato.",
        rimedio, tecnico(errore))


def _colonne(tabella) -> list[str]:
    try:
        return [str(c) for c in tabella.columns]
    except Exception:  # noqa: BLE001 - colonne illeggibili: si spiega senza
        return []


def _nome_variabile(oggetto, variabili: Mapping | None) -> str | None:
    """Il nome della variabile del notebook che contiene ``oggetto`` (se ce n'è una)."""
    for nome in _variabili_pubbliche(variabili):
        if variabili[nome] is oggetto:
            return nome
    return None


def spiega_attributo(errore: AttributeError, variabili: Mapping | None = None, **_) -> Spiegazione | None:
    """Un metodo o un attributo che non esiste: il nome più vicino, la parola di pandas, la colonna.

    >>> class Prova:
    ...     def somma(self): ...
    >>> errore = AttributeError("'Prova' object has no attribute 'soma'", name="soma", obj=Prova())
    >>> spiega_attributo(errore).rimedio
    'Forse intendevi `.somma`? Correggi il nome ed esegui di nuovo la cella.'
    """
    if not isinstance(errore, AttributeError):
        return None
    nome, oggetto = getattr(errore, "name", None), getattr(errore, "obj", None)
    if not nome:
        return None
    if oggetto is None and "'NoneType' object" in str(errore):
        return Spiegazione(
            f"Il valore è `None` (niente), quindi non ha `.{nome}`.",
            "Di solito la variabile non ha ancora un valore (c'è rimasto `None`), oppure le hai dato il risultato "
            "di una funzione che non restituisce niente, come `print(...)`.",
            "Guarda la cella dove dai un valore alla variabile: scrivi lì il calcolo e rieseguila, poi esegui "
            "di nuovo questa cella.", tecnico(errore))
    if isinstance(oggetto, types.ModuleType):
        pubblici = [n for n in dir(oggetto) if not n.startswith("_")]
        simili = vicini(nome, pubblici)
        rimedio = (f"Forse intendevi `{oggetto.__name__}.{simili[0]}`?" if simili else
                   f"Con `{oggetto.__name__}?` (punto di domanda, poi esegui) vedi che cosa contiene.")
        return Spiegazione(f"`{oggetto.__name__}` non ha niente che si chiami `{nome}`.", "", rimedio, tecnico(errore))
    pandas = tabella_pandas(oggetto) or serie_pandas(oggetto)
    cosa = ("la tabella" if tabella_pandas(oggetto) else "la colonna" if serie_pandas(oggetto)
            else "un testo" if isinstance(oggetto, str) else f"questo valore ({type(oggetto).__name__})")
    titolo = f"{cosa[:1].upper()}{cosa[1:]} non ha un metodo o una proprietà `.{nome}`."
    if pandas and nome.lower() in _METODI_IN_ITALIANO:
        giusto = _METODI_IN_ITALIANO[nome.lower()]
        return Spiegazione(
            titolo, "I nomi dei metodi di pandas sono in inglese.",
            f"Per quello che cerchi si usa `.{giusto}`.", tecnico(errore))
    if serie_pandas(oggetto) and nome in _PARTI_DI_DATA:
        return Spiegazione(
            titolo, "Per prendere una parte di ogni data (giorni, mese, anno) di una colonna si passa da `.dt`.",
            f"Scrivi `.dt.{nome}` invece di `.{nome}` (ad esempio `durata.dt.days`).", tecnico(errore))
    if serie_pandas(oggetto) and nome in _METODI_DI_TESTO:
        return Spiegazione(
            titolo, "Le operazioni sul testo di ogni riga di una colonna passano da `.str`.",
            f"Scrivi `.str.{nome}(...)` invece di `.{nome}(...)`.", tecnico(errore))
    if isinstance(oggetto, str) and nome in _PARTI_DI_DATA:
        return Spiegazione(
            titolo, "Questo valore è un testo che sembra una data, non una data vera.",
            "Trasformalo prima in data, ad esempio `pd.to_datetime(\"05/02/2024\", dayfirst=True)`.", tecnico(errore))
    if tabella_pandas(oggetto):
        colonne = vicini(nome, _colonne(oggetto))
        if colonne:
            return Spiegazione(
                titolo, "Le colonne di una tabella si leggono con le parentesi quadre e il nome tra virgolette.",
                f"Scrivi `{_nome_variabile(oggetto, variabili) or 'tabella'}[\"{colonne[0]}\"]`.", tecnico(errore))
    try:
        pubblici = [n for n in dir(oggetto) if not n.startswith("_")]
    except Exception:  # noqa: BLE001 - dir() può fallire su oggetti strani: si spiega senza nomi
        pubblici = []
    simili = vicini(nome, pubblici)
    if simili:
        return Spiegazione(titolo, "", f"Forse intendevi `.{simili[0]}`? Correggi il nome ed esegui di nuovo la cella.",
                           tecnico(errore))
    aiuto = "Premi Tab dopo il punto per vedere i nomi possibili."
    return Spiegazione(titolo, "", aiuto, tecnico(errore))


def _contesto_pandas(tb) -> tuple[object | None, bool]:
    """Dal traceback, la tabella o colonna pandas su cui si cercava la chiave e se la ricerca era per riga."""
    trovato, per_riga = None, False
    while tb is not None:
        locali = tb.tb_frame.f_locals
        sé = locali.get("self")
        if sé is not None:
            if type(sé).__name__ in {"_LocIndexer", "_iLocIndexer"}:
                per_riga = True
                sé = getattr(sé, "obj", None)
            if trovato is None and (tabella_pandas(sé) or serie_pandas(sé)):
                trovato = sé
        tb = tb.tb_next
    return trovato, per_riga


def _chiavi_mancanti(errore: KeyError) -> list[str]:
    if not errore.args:
        return []
    chiave = errore.args[0]
    if isinstance(chiave, str) and ("not in index" in chiave or "are in the [" in chiave):
        return re.findall(r"'([^']*)'", chiave)
    return [str(chiave)]


def spiega_chiave(errore: KeyError, variabili: Mapping | None = None, tb=None, **_) -> Spiegazione | None:
    """Una colonna (o una riga, o una voce) che non c'è: i nomi più vicini della stessa tabella.

    >>> print(spiega_chiave(KeyError("misura")).titolo)
    Non trovo `misura` tra i nomi disponibili.
    """
    if not isinstance(errore, KeyError):
        return None
    mancanti = _chiavi_mancanti(errore)
    if not mancanti:
        return None
    oggetto, per_riga = _contesto_pandas(tb)
    nomi = ", ".join(f"`{m}`" for m in mancanti)
    if tabella_pandas(oggetto):
        colonne = _colonne(oggetto)
        nome_tabella = _nome_variabile(oggetto, variabili)
        proposte = [(m, vicini(m, colonne, quanti=1)) for m in mancanti if m not in colonne]
        if not per_riga or any(v for _, v in proposte):
            correzioni = "; ".join(f"`{m}` → `{v[0]}`" for m, v in proposte if v)
            plurale = len(mancanti) > 1
            chi = f"La tabella `{nome_tabella}`" if nome_tabella else "Questa tabella"
            titolo = f"{chi} non ha {'le colonne' if plurale else 'una colonna'} {nomi}."
            rimedio = (f"Forse intendevi: {correzioni}." if correzioni else
                       "Copia il nome esatto da quelli della tabella.")
            return Spiegazione(
                titolo, f"Le colonne sono: {elenco(colonne, massimo=15)}. Il nome va scritto esattamente così, "
                        "tra virgolette (maiuscole, accenti e trattini bassi contano).", rimedio, tecnico(errore))
    if oggetto is not None:
        try:
            etichette = [str(x) for x in list(oggetto.index[:8])]
        except Exception:  # noqa: BLE001 - indice illeggibile: si spiega senza esempi
            etichette = []
        esempi = f" Le prime righe si chiamano: {elenco(etichette)}." if etichette else ""
        return Spiegazione(
            f"Non c'è una riga con etichetta {nomi}.",
            "Con `.loc[...]` si sceglie una riga per la sua etichetta (il nome a sinistra della tabella), "
            f"non per il contenuto di una colonna.{esempi}",
            "Per trovare le righe con un certo valore in una colonna usa un filtro: "
            "`tabella[tabella[\"colonna\"] == valore]`.", tecnico(errore))
    chiavi = [str(k) for v in (variabili or {}).values() if isinstance(v, dict) for k in v]
    simili = vicini(mancanti[0], chiavi, quanti=1)
    rimedio = (f"Forse intendevi `{simili[0]}`?" if simili else
               "Controlla il nome tra parentesi quadre: per una tabella deve essere una delle sue colonne "
               "(le vedi con `tabella.columns`), per un dizionario una delle sue voci (`dizionario.keys()`).")
    return Spiegazione(f"Non trovo {nomi} tra i nomi disponibili.", "", rimedio, tecnico(errore))


@lru_cache(maxsize=1)
def _librerie_installate() -> tuple[str, ...]:
    return tuple(sorted({m.name for m in pkgutil.iter_modules() if not m.name.startswith("_")}))


def spiega_import(errore: ImportError, **_) -> Spiegazione | None:
    """Una libreria che non c'è (o un nome che una libreria non ha): il nome giusto più vicino.

    >>> print(spiega_import(ModuleNotFoundError("No module named 'pandsa'", name="pandsa")).rimedio)
    Forse intendevi `pandas`? Correggi il nome ed esegui di nuovo la cella.
    """
    if not isinstance(errore, ImportError):
        return None
    if isinstance(errore, ModuleNotFoundError):
        nome = (errore.name or "").split(".")[0] or "?"
        if errore.name and "." in errore.name and nome in sys.modules:
            modulo = sys.modules[nome]
            dentro = [m.name for m in pkgutil.iter_modules(getattr(modulo, "__path__", []))]
            simili = vicini(errore.name.split(".")[-1], dentro)
            rimedio = (f"Forse intendevi `{nome}.{simili[0]}`?" if simili else f"Dentro `{nome}` ci sono: {elenco(dentro)}.")
            return Spiegazione(f"`{nome}` non contiene `{errore.name}`.", "", rimedio, tecnico(errore))
        simili = vicini(nome, _librerie_installate(), quanti=1)
        if simili:
            return Spiegazione(f"Non trovo la libreria `{nome}`.", "",
                               f"Forse intendevi `{simili[0]}`? Correggi il nome ed esegui di nuovo la cella.",
                               tecnico(errore))
        return Spiegazione(
            f"La libreria `{nome}` non è installata in questo ambiente.",
            "Per il corso bastano quelle già installate: pandas, matplotlib, ipywidgets e `course`.",
            "Controlla il nome; se ti serve davvero un'altra libreria, chiedi al formatore.", tecnico(errore))
    trovato = re.search(r"cannot import name '([^']+)' from '([^']+)'", str(errore))
    if not trovato:
        return None
    nome, modulo = trovato.groups()
    dentro = [n for n in dir(sys.modules.get(modulo, object())) if not n.startswith("_")]
    simili = vicini(nome, dentro)
    rimedio = (f"Forse intendevi `from {modulo} import {simili[0]}`?" if simili else
               f"Con `import {modulo}` e poi `{modulo}?` vedi che cosa contiene.")
    return Spiegazione(f"`{modulo}` non ha niente che si chiami `{nome}`.", "", rimedio, tecnico(errore))
