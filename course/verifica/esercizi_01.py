"""Verifiche del modulo 01 (il contesto: Ambiti, popolazione, LEPS, regole di ReD e ADI).

I valori attesi si calcolano dai dati reali (``course.territorio``) e dalla tabella dei parametri.
"""

from __future__ import annotations

import math

from course.verifica.registro import registra

__all__ = ["AMBITO_ESEMPIO", "PROVINCIA_ESEMPIO", "NUCLEO_ESEMPIO"]

#: L'Ambito degli esercizi 1.1 e 1.2 (quello del Piano operativo di esempio con gli ETS).
AMBITO_ESEMPIO = "ATS-LE-03"
#: La provincia dell'esercizio 1.3.
PROVINCIA_ESEMPIO = "LE"
#: Il nucleo dell'esercizio 1.4 (dati inventati per l'esercizio, non cifre di una regola).
NUCLEO_ESEMPIO = {"componenti": 3, "eta_richiedente": 45, "isee": 9800.0, "data_domanda": "2025-03-03"}


def _popolazione():
    from course.territorio import popolazione_ambiti

    return popolazione_ambiti().set_index("codice_ambito")


@registra("1.1", titolo="I residenti di un Ambito", competenze=["C1"])
def _residenti(risposta, c):
    from course.territorio import comuni

    n = c.numero(risposta, cosa="i residenti dell'Ambito")
    if n is None:
        return
    pop = _popolazione()
    riga = pop.loc[AMBITO_ESEMPIO]
    capofila = comuni().set_index("comune").loc[riga["comune_capofila"], "popolazione"]
    provincia = pop.loc[pop["sigla_provincia"] == riga["sigla_provincia"], "popolazione"].sum()
    c.confronta(n, riga["popolazione"], cosa="Il numero di residenti dell'Ambito", relativa=0, assoluta=0.5,
                errori_tipici=[
                    (capofila, "Hai preso solo il comune capofila: l'Ambito comprende tutti i suoi comuni, "
                               "somma i loro residenti."),
                    (riga["n_comuni"], "Hai contato i comuni dell'Ambito: servono i residenti (colonna popolazione)."),
                    (provincia, "Hai sommato tutta la provincia: filtra solo la riga dell'Ambito."),
                ], suggerimento="Cerca la riga dell'Ambito nella tabella popolazione_ambiti() e leggi la colonna "
                                "popolazione.")


@registra("1.2", titolo="Assistenti sociali per rispettare il LEPS", competenze=["C1"], punti=2)
def _assistenti(risposta, c):
    from course.parametri import parametro

    n = c.numero(risposta, cosa="il numero di assistenti sociali")
    if n is None:
        return
    pop = _popolazione().loc[AMBITO_ESEMPIO, "popolazione"]
    leps = parametro("residenti_per_assistente_sociale")
    atteso = math.ceil(pop / leps)
    if not float(n).is_integer():
        c.male("Il numero di assistenti sociali deve essere un numero intero: una persona non si divide.",
               suggerimento="Arrotonda per eccesso con math.ceil(...): con un arrotondamento per difetto "
                            "l'Ambito resterebbe sotto il livello essenziale.", specifico=True, peso=2)
        return
    c.confronta(n, atteso, cosa="Il numero minimo di assistenti sociali", relativa=0, assoluta=0.01, peso=2,
                errori_tipici=[
                    (math.floor(pop / leps), "Arrotondando per difetto ogni assistente seguirebbe più residenti "
                                             "del LEPS: arrotonda per eccesso."),
                    (math.ceil(pop / parametro("residenti_per_assistente_sociale_obiettivo")),
                     "Hai usato l'obiettivo ulteriore: il livello essenziale è residenti_per_assistente_sociale."),
                    (math.ceil(pop / parametro("residenti_per_assistente_sociale_contributo")),
                     "Hai usato la soglia del contributo statale: il livello essenziale è "
                     "residenti_per_assistente_sociale."),
                ], suggerimento="Dividi i residenti dell'Ambito per parametro(\"residenti_per_assistente_sociale\") "
                                "e arrotonda per eccesso.")


@registra("1.3", titolo="Gli Ambiti di una provincia, dal più popoloso", competenze=["C1", "C5"], punti=3)
def _tabella_provincia(risposta, c):
    pop = _popolazione().reset_index()
    attesa = pop[pop["sigla_provincia"] == PROVINCIA_ESEMPIO]
    df = c.tabella(risposta, colonne=["codice_ambito", "popolazione"], cosa="la tabella degli Ambiti", peso=3)
    if df is None:
        return
    codici = df["codice_ambito"].astype(str).tolist()
    if len(df) == len(pop):
        c.male("La tabella contiene tutti gli Ambiti della Puglia.", peso=1,
               suggerimento=f"Tieni solo le righe con sigla_provincia uguale a \"{PROVINCIA_ESEMPIO}\".",
               specifico=True)
    else:
        c.confronta_insieme(codici, attesa["codice_ambito"], cosa="Ambiti della provincia",
                            suggerimento=f"Filtra le righe con sigla_provincia == \"{PROVINCIA_ESEMPIO}\".")
    giusta = attesa.set_index("codice_ambito")["popolazione"]
    valori = df.set_index(df["codice_ambito"].astype(str))["popolazione"]
    comuni_ = valori.index.intersection(giusta.index)
    if len(comuni_):
        numeri = _numeri(valori.loc[comuni_])
        c.controlla((numeri.sub(giusta.loc[comuni_]).abs() < 0.5).all(),
                    bene="I residenti degli Ambiti sono giusti.",
                    male="Alcuni numeri di residenti non corrispondono a quelli dell'Ambito.",
                    suggerimento="Parti da popolazione_ambiti(): la colonna popolazione è già il totale dell'Ambito.")
    numeri = _numeri(df["popolazione"])
    if numeri.is_monotonic_decreasing:
        c.bene("La tabella è ordinata dal più popoloso al meno popoloso.")
    elif numeri.is_monotonic_increasing:
        c.male("La tabella è ordinata al contrario (dal meno popoloso).",
               suggerimento="Usa sort_values(\"popolazione\", ascending=False) per mettere in cima il più popoloso.",
               specifico=True)
    else:
        c.male("La tabella non è ordinata per residenti.",
               suggerimento="Ordina con sort_values(\"popolazione\", ascending=False).", specifico=True)


def _numeri(serie):
    import pandas as pd

    return pd.to_numeric(serie, errors="coerce")


@registra("1.4", titolo="Chi può chiedere ReD e ADI", competenze=["C1"], punti=2)
def _misure(risposta, c):
    from course.parametri import parametro

    d = c.dizionario(risposta, chiavi=["ReD", "ADI"], cosa="le due misure", peso=2)
    if d is None:
        return
    nucleo = NUCLEO_ESEMPIO
    giorno = nucleo["data_domanda"]
    numerosa = nucleo["componenti"] >= parametro("componenti_famiglia_numerosa", alla_data=giorno)
    soglia_red = parametro("isee_massimo_red_famiglie_numerose" if numerosa else "isee_massimo_red", alla_data=giorno)
    eta_ok = parametro("eta_minima_red", alla_data=giorno) <= nucleo["eta_richiedente"] <= parametro(
        "eta_massima_red", alla_data=giorno)
    attesi = {
        "ReD": bool(eta_ok and nucleo["isee"] <= soglia_red),
        "ADI": bool(nucleo["isee"] <= parametro("isee_massimo_adi", alla_data=giorno)),
    }
    consigli = {
        "ReD": "Per il ReD confronta l'ISEE del nucleo con parametro(\"isee_massimo_red\") e controlla l'età.",
        "ADI": "Per l'ADI la soglia ISEE è cambiata nel tempo: leggi parametro(\"isee_massimo_adi\", "
               "alla_data=...) alla data della domanda.",
    }
    for misura in ("ReD", "ADI"):
        valore = c.logico(d[misura], cosa=f"la misura {misura}")
        if valore is None:
            continue
        nome = {"ReD": "il ReD", "ADI": "l'ADI"}[misura]
        c.controlla(valore == attesi[misura], bene=f"La risposta per {nome} è giusta.",
                    male=f"La risposta per {nome} non è giusta.", suggerimento=consigli[misura])
