"""Le verifiche degli esercizi personali (a variante): materiale del formatore, non distribuire.

I valori attesi si calcolano qui, nel processo del correttore, dalla variante registrata del corsista
(``varianti.json``); nessuna funzione importabile dai corsisti li restituisce. Ogni verifica riceve la
risposta, una ``Correzione`` già intestata e la variante (``{"ambito": ..., "provincia": ...}``).

Per rendere personale un esercizio di un compito: scrivi qui la sua verifica in ``VERIFICHE`` e, in
``tracce.py``, fai lavorare la soluzione su ``VARIANTE["ambito"]`` (o ``VARIANTE["provincia"]``).
"""

from __future__ import annotations

import functools
import math

__all__ = ["VERIFICHE", "punteggio", "verifica"]


@functools.lru_cache(maxsize=1)  # una lettura per processo del correttore: le verifiche non modificano la tabella
def _popolazione():
    from course.territorio import popolazione_ambiti

    return popolazione_ambiti().set_index("codice_ambito")


def _residenti(risposta, c, v):
    n = c.numero(risposta, cosa="i residenti del tuo Ambito")
    if n is None:
        return
    pop = _popolazione()
    riga = pop.loc[v["ambito"]]
    provincia = pop.loc[pop["sigla_provincia"] == riga["sigla_provincia"], "popolazione"].sum()
    c.confronta(n, riga["popolazione"], cosa=f"Il numero di residenti di {v['ambito']}", relativa=0, assoluta=0.5,
                errori_tipici=[(riga["n_comuni"], "Hai contato i comuni: servono i residenti (colonna popolazione)."),
                               (provincia, "Hai sommato tutta la provincia: filtra solo la riga del tuo Ambito.")],
                suggerimento="Cerca la riga del tuo Ambito (VARIANTE[\"ambito\"]) in popolazione_ambiti().")


def _assistenti(risposta, c, v):
    from course.parametri import parametro

    n = c.numero(risposta, cosa="il numero di assistenti sociali")
    if n is None:
        return
    residenti = _popolazione().loc[v["ambito"], "popolazione"]
    leps = parametro("residenti_per_assistente_sociale")
    c.confronta(n, math.ceil(residenti / leps), cosa=f"Il numero minimo di assistenti sociali di {v['ambito']}",
                relativa=0, assoluta=0.01, peso=2,
                errori_tipici=[(math.floor(residenti / leps), "Arrotonda per eccesso: una persona non si divide.")],
                suggerimento="Dividi i residenti del tuo Ambito per il LEPS e arrotonda per eccesso.")


def _provincia(risposta, c, v):
    import pandas as pd

    pop = _popolazione().reset_index()
    attesa = pop[pop["sigla_provincia"] == v["provincia"]]
    df = c.tabella(risposta, colonne=["codice_ambito", "popolazione"], cosa="la tabella degli Ambiti", peso=3)
    if df is None:
        return
    c.confronta_insieme(df["codice_ambito"].astype(str).tolist(), attesa["codice_ambito"],
                        cosa=f"Ambiti della provincia {v['provincia']}",
                        suggerimento="Filtra le righe con sigla_provincia uguale alla provincia del tuo Ambito.")
    numeri = pd.to_numeric(df["popolazione"], errors="coerce")
    c.controlla(len(numeri) > 1 and numeri.is_monotonic_decreasing, bene="La tabella è ordinata dal più popoloso.",
                male="La tabella non è ordinata dal più popoloso al meno popoloso.",
                suggerimento="Ordina con sort_values(\"popolazione\", ascending=False).")


@functools.lru_cache(maxsize=1)
def _patti():
    from course.dati import carica

    return carica("patti")


def _patti_ambito(ambito: str):
    patti = _patti()
    return patti[patti["codice_ambito"].astype(str) == ambito]


def _scheda(risposta, c, v):
    from course.errori import ErroreCorso
    from course.indicatori import Indicatore, calcola, controlla_smart

    if not isinstance(risposta, Indicatore):
        c.male("Mi aspettavo un Indicatore.", peso=3, specifico=True,
               suggerimento="Costruisci la risposta con Indicatore(\"nome\", numeratore=..., denominatore=..., ...).")
        return
    gravi = [r for r in controlla_smart(risposta) if r.gravita == "grave"]
    c.controlla(not gravi, peso=1, bene="Il controllo SMART non trova problemi gravi.",
                male="Il controllo SMART trova problemi gravi.",
                suggerimento=gravi[0].suggerimento if gravi else "")
    c.controlla(risposta.polarita == "crescente", peso=0.5, bene="La polarità è giusta.", male="La polarità non è giusta.",
                suggerimento="Più Patti ADI sottoscritti è una buona notizia: la polarità è «crescente».")
    c.controlla(risposta.target is not None and risposta.scadenza is not None, peso=0.5,
                bene="C'è un target con la sua scadenza.", male="Manca il target o la sua scadenza.")
    patti = _patti_ambito(v["ambito"])
    adi = patti["misura"].astype("string").eq("ADI").fillna(False)
    atteso = float((adi & patti["data_sottoscrizione"].notna()).sum() / adi.sum() * 100) if adi.sum() else float("nan")
    try:
        valore = float(calcola(risposta, patti, per="totale")["valore"].iloc[0])
    except (ErroreCorso, KeyError, IndexError, TypeError, ValueError) as errore:
        c.male("Non riesco a calcolare l'indicatore sui dati.", peso=1.5, specifico=True,
               suggerimento=f"Il calcolo dice: {str(errore)[:300]}")
        return
    if risposta.unita != "%" and not math.isnan(valore):
        valore *= 100
    c.controlla(not math.isnan(valore) and math.isclose(valore, atteso, rel_tol=1e-6, abs_tol=1e-6), peso=1.5,
                bene="Numeratore e denominatore sono giusti: il valore calcolato sui dati torna.",
                male="Il valore calcolato sui dati non torna.",
                suggerimento="Il numeratore conta le prese in carico ADI con la data di sottoscrizione; il "
                             "denominatore tutte le prese in carico ADI.")


def _baseline(risposta, c, v):
    n = c.numero(risposta, cosa="la baseline")
    if n is None:
        return
    p = _patti_ambito(v["ambito"])
    giorni = (p["data_primo_colloquio"] - p["data_domanda"]).dt.days
    c.confronta(n, giorni.mean(), cosa=f"La baseline di {v['ambito']}", relativa=0.002, assoluta=0.05,
                errori_tipici=[(giorni.median(), "Hai usato la mediana: l'indicatore è una media.")],
                suggerimento="Fai la media dei giorni tra domanda e primo colloquio per il tuo Ambito.")


#: codice dell'esercizio → (titolo, punti, verifica)
VERIFICHE = {
    "1.1": ("I residenti del tuo Ambito", 1.0, _residenti),
    "1.2": ("Assistenti sociali per rispettare il LEPS nel tuo Ambito", 2.0, _assistenti),
    "1.3": ("Gli Ambiti della tua provincia, dal più popoloso", 3.0, _provincia),
    "3.3": ("La scheda di un indicatore SMART sul tuo Ambito", 3.0, _scheda),
    "3.4": ("La baseline del tuo Ambito", 1.0, _baseline),
}


def verifica(codice: str, risposta, variante: dict):
    """L'``Esito`` della risposta all'esercizio personale ``codice`` per la ``variante`` del corsista."""
    from course.verifica.correzione import Correzione

    titolo, punti, funzione = VERIFICHE[codice]
    c = Correzione(codice, titolo, massimo=punti)
    try:
        funzione(risposta, c, variante)
    except Exception as errore:  # noqa: BLE001 - una risposta di forma imprevista vale 0, non ferma il lotto
        c = Correzione(codice, titolo, massimo=punti)
        c.male(f"Non sono riuscito a controllare la risposta ({type(errore).__name__}).")
    return c.esito()


def punteggio(codice: str, risposta, variante: dict) -> float:
    """I punti della risposta all'esercizio personale ``codice`` per la ``variante`` del corsista."""
    return float(verifica(codice, risposta, variante).punti)
