"""Verifiche del modulo 00 (benvenuto): tre esercizi di riscaldamento sui dati reali."""

from __future__ import annotations

from course.verifica.registro import registra

__all__: list[str] = []


@registra("0.1", titolo="Quanti sono gli Ambiti", competenze=["C1"])
def _ambiti(risposta, c):
    from course.territorio import ambiti, comuni

    n = c.numero(risposta, cosa="il numero di Ambiti")
    if n is None:
        return
    c.confronta(n, len(ambiti()), cosa="Il numero di Ambiti", relativa=0, assoluta=0.01, errori_tipici=[
        (len(comuni()), f"{len(comuni())} sono i comuni: gli Ambiti sono gruppi di comuni, quindi sono molti meno. "
                        "Conta le righe della tabella degli Ambiti."),
        (ambiti()["sigla_provincia"].nunique(), "Hai contato le province: conta invece le righe della tabella "
                                                "degli Ambiti, con len(...)."),
    ], suggerimento="Conta le righe della tabella degli Ambiti con len(tabella).")


@registra("0.2", titolo="La provincia con più Ambiti", competenze=["C1"])
def _provincia(risposta, c):
    from course.territorio import ambiti, comuni

    testo = c.testo(risposta, cosa="la provincia")
    if testo is None:
        return
    a = ambiti()
    conteggi = a["sigla_provincia"].value_counts()
    sigla = conteggi.idxmax()
    nomi = comuni().drop_duplicates("sigla_provincia").set_index("sigla_provincia")["provincia"]
    from course.verifica.correzione import normalizza_testo

    scritta = normalizza_testo(testo)
    per_sigla = {normalizza_testo(s): s for s in nomi.index} | {normalizza_testo(n): s for s, n in nomi.items()}
    data = per_sigla.get(scritta)
    if data is None:
        c.male(f"«{testo}» non è una provincia pugliese.",
               suggerimento="Scrivi la sigla (ad esempio \"LE\") o il nome della provincia, tra virgolette.",
               specifico=True)
        return
    if data == sigla:
        c.bene(f"Giusto: {nomi[sigla]} è la provincia con più Ambiti ({conteggi[sigla]}).")
        return
    popolosa = comuni().groupby("sigla_provincia")["popolazione"].sum().idxmax()
    if data == conteggi.idxmin():
        consiglio = "Hai preso la provincia con MENO Ambiti: ordina i conteggi dal più grande al più piccolo."
    elif data == comuni()["sigla_provincia"].value_counts().idxmax():
        consiglio = ("Hai contato i comuni per provincia: conta invece gli Ambiti, cioè le righe della tabella "
                     "degli Ambiti.")
    elif data == popolosa:
        consiglio = "Hai guardato i residenti: la domanda chiede il numero di Ambiti."
    else:
        consiglio = "Conta gli Ambiti per provincia con .value_counts() sulla colonna sigla_provincia."
    c.male(f"{nomi[data]} ha {conteggi.get(data, 0)} Ambiti: non è la provincia con più Ambiti.",
           suggerimento=consiglio, specifico=True)


@registra("0.3", titolo="I residenti della Puglia", competenze=["C1"])
def _residenti(risposta, c):
    from course.territorio import comuni

    n = c.numero(risposta, cosa="il numero di residenti")
    if n is None:
        return
    pop = comuni()["popolazione"]
    c.confronta(n, pop.sum(), cosa="Il totale dei residenti", relativa=0, assoluta=0.5, errori_tipici=[
        (pop.mean(), "Hai calcolato la media per comune: serve la somma, con .sum()."),
        (len(pop), "Hai contato i comuni: serve la somma dei residenti, con .sum()."),
        (pop.max(), "Questo è il comune più popoloso: serve la somma di tutti i comuni, con .sum()."),
    ], suggerimento="Somma la colonna popolazione della tabella dei comuni con .sum().")
