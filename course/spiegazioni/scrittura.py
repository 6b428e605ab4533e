"""Errori di scrittura (SyntaxError, IndentationError): Python non riesce nemmeno a leggere la cella.

Le cause più comuni per chi viene da Excel: una parentesi o una virgoletta non chiusa, `=` al posto
di `==`, il punto e virgola come separatore, la virgola nei decimali, le virgolette «tipografiche»
copiate da Word, una formula che comincia con `=`.
"""

from __future__ import annotations

import re

from course.spiegazioni._parole import tecnico
from course.spiegazioni.spiegazione import Spiegazione

__all__ = ["spiega_scrittura"]

_CHIUSURA = {"(": ")", "[": "]", "{": "}"}
_VIRGOLETTE_TIPOGRAFICHE = "“”„‘’‚«»‹›"
_DECIMALE_CON_VIRGOLA = re.compile(r"(?<![\w.])\d+,\d+(?![\w(])")


def _riga(errore: SyntaxError) -> str:
    numero = errore.lineno or 1
    return f"riga {numero}"


def spiega_scrittura(errore: SyntaxError, codice: str | None = None, **_) -> Spiegazione | None:
    """Spiega un errore di scrittura a partire dal messaggio e dalla riga che Python non ha capito.

    >>> s = spiega_scrittura(SyntaxError("'(' was never closed", ("<cella>", 1, 6, "print((1+2)\\n", 1, 6)))
    >>> s.titolo
    'Alla riga 1 manca una parentesi di chiusura `)`.'
    """
    if not isinstance(errore, SyntaxError):
        return None
    messaggio = errore.msg or ""
    testo = (errore.text or "").rstrip("\n")
    dove = _riga(errore)
    t = tecnico(errore)

    if isinstance(errore, IndentationError):
        return _rientro(errore, messaggio, dove, t)
    if testo.lstrip().startswith("=") and not testo.lstrip().startswith("=="):
        return Spiegazione(
            f"Alla {dove} il codice comincia con `=`, come una formula di Excel.",
            "In Python il segno `=` serve a dare un nome a un risultato: a sinistra il nome, a destra il calcolo.",
            "Togli il `=` iniziale, oppure scrivi `risultato = ...` per dare un nome al calcolo.", t)
    if messaggio.startswith("invalid character"):
        carattere = re.search(r"'(.)'", messaggio)
        carattere = carattere.group(1) if carattere else "?"
        if carattere in _VIRGOLETTE_TIPOGRAFICHE:
            return Spiegazione(
                f"Alla {dove} ci sono virgolette «tipografiche» ({carattere}), di solito copiate da Word o da una mail.",
                "Python riconosce solo le virgolette dritte della tastiera: `\"` oppure `'`.",
                "Riscrivi le virgolette a mano dalla tastiera, ad esempio `\"Bari\"`.", t)
        if carattere == "€":
            return Spiegazione(
                f"Alla {dove} c'è il simbolo dell'euro, che Python non conosce.",
                "Gli importi si scrivono come numeri semplici, senza simbolo né punto delle migliaia.",
                "Scrivi ad esempio `84940.50` invece di `84.940,50 €`.", t)
        return Spiegazione(
            f"Alla {dove} c'è un carattere che Python non conosce: «{carattere}».", "",
            "Cancellalo (se serve dentro un testo, metti il testo tra virgolette dritte).", t)
    if messaggio.startswith(("unterminated string", "unterminated triple-quoted", "EOL while scanning")):
        return Spiegazione(
            f"Alla {dove} un testo è aperto con le virgolette ma non è chiuso.",
            "Un testo va tra due virgolette uguali: `\"Bari\"` oppure `'Bari'`.",
            "Aggiungi la virgoletta di chiusura alla fine del testo.", t)
    trovato = re.match(r"'(.)' was never closed", messaggio)
    if trovato or "incomplete input" in messaggio or "unexpected EOF" in messaggio:
        aperta = trovato.group(1) if trovato else "("
        chiusa = _CHIUSURA.get(aperta, ")")
        return Spiegazione(
            f"Alla {dove} manca una parentesi di chiusura `{chiusa}`.",
            f"Ogni `{aperta}` aperta deve avere la sua `{chiusa}`: Python è arrivato alla fine senza trovarla.",
            f"Conta le parentesi della riga e aggiungi `{chiusa}` dove finisce quello che volevi scrivere.", t)
    trovato = re.match(r"unmatched '(.)'", messaggio)
    if trovato:
        return Spiegazione(
            f"Alla {dove} c'è una parentesi `{trovato.group(1)}` chiusa di troppo.", "",
            "Conta le parentesi aperte e chiuse della riga e togli quella in più.", t)
    trovato = re.match(r"closing parenthesis '(.)' does not match opening parenthesis '(.)'", messaggio)
    if trovato:
        chiusa, aperta = trovato.groups()
        return Spiegazione(
            f"Alla {dove} una parentesi aperta con `{aperta}` è chiusa con `{chiusa}`.",
            "Le parentesi vanno in coppia dello stesso tipo: `( )`, `[ ]`, `{ }`.",
            f"Chiudi con `{_CHIUSURA.get(aperta, ')')}`.", t)
    if "Maybe you meant '=='" in messaggio or messaggio.startswith("cannot assign to comparison"):
        return Spiegazione(
            f"Alla {dove} c'è un `=` dove serve un confronto.",
            "Il segno singolo `=` dà un nome a un risultato; per chiedere «è uguale a?» si usa il doppio `==`.",
            "Scrivi `==` nel confronto, ad esempio `patti[patti[\"misura\"] == \"ADI\"]`.", t)
    if messaggio.startswith("expected ':'"):
        return Spiegazione(
            f"Alla fine della {dove} mancano i due punti `:`.",
            "Le righe che aprono un blocco (`if`, `for`, `def`, `else`) finiscono con i due punti.",
            "Aggiungi `:` alla fine della riga; le righe sotto vanno rientrate di 4 spazi.", t)
    if messaggio.startswith("Missing parentheses in call to"):
        return Spiegazione(
            f"Alla {dove} mancano le parentesi della funzione.", "",
            "In Python le funzioni si chiamano con le parentesi: `print(\"ciao\")`.", t)
    if ";" in testo and re.search(r"\([^)]*;", testo):
        return Spiegazione(
            f"Alla {dove} c'è un punto e virgola `;` tra parentesi, come negli argomenti di Excel.",
            "In Python i valori dentro le parentesi di una funzione si separano con la virgola.",
            "Sostituisci `;` con `,` (ad esempio `round(3.14159, 2)`).", t)
    if _DECIMALE_CON_VIRGOLA.search(testo):
        return Spiegazione(
            f"Alla {dove} c'è un numero con la virgola, come in Excel.",
            "In Python i decimali si scrivono con il punto: la virgola separa due valori diversi.",
            "Scrivi ad esempio `95.4` invece di `95,4` (e niente punto delle migliaia: `1234.5`).", t)
    if re.match(r"\s*else\s+if\b", testo):
        return Spiegazione(f"Alla {dove} c'è `else if`.", "In Python si scrive tutto attaccato: `elif`.",
                           "Scrivi `elif condizione:`.", t)
    if "forgot a comma" in messaggio:
        return Spiegazione(
            f"Alla {dove} forse manca una virgola tra due valori.",
            "Nelle parentesi e negli elenchi i valori si separano con la virgola.",
            "Aggiungi la virgola mancante, ad esempio `[\"Bari\", \"Lecce\"]`.", t)
    if messaggio.startswith("invalid decimal literal"):
        return Spiegazione(
            f"Alla {dove} un numero è attaccato a delle lettere.",
            "Un nome non può cominciare con una cifra, e tra un numero e una parola serve un operatore.",
            "Se è un nome, fallo cominciare con una lettera (`ambiti_3` invece di `3ambiti`).", t)
    if messaggio.startswith("positional argument follows keyword argument"):
        return Spiegazione(
            f"Alla {dove} un valore senza nome viene dopo uno con il nome (`opzione=...`).", "",
            "Metti prima i valori senza nome, poi quelli con `nome=valore`.", t)
    if messaggio.startswith("cannot assign to"):
        return Spiegazione(
            f"Alla {dove} a sinistra del segno `=` non c'è un nome.",
            "Con `=` si dà un nome a un risultato: a sinistra va il nome, a destra il calcolo.",
            "Scrivi ad esempio `totale = a + b`.", t)
    return Spiegazione(
        f"Python non riesce a leggere la {dove}.",
        "C'è un errore di scrittura vicino al punto segnato con ^ nel messaggio qui sotto: spesso una parentesi, "
        "una virgoletta o una virgola.",
        "Confronta la riga con un esempio della lezione, carattere per carattere.", t)


def _rientro(errore: IndentationError, messaggio: str, dove: str, t: str) -> Spiegazione:
    if messaggio.startswith("unexpected indent"):
        return Spiegazione(
            f"La {dove} comincia con degli spazi in più.",
            "In Python gli spazi all'inizio della riga contano: si rientra solo dopo una riga che finisce con `:`.",
            "Togli gli spazi all'inizio della riga.", t)
    if messaggio.startswith("expected an indented block"):
        return Spiegazione(
            f"Dopo la riga che finisce con `:` manca il blocco rientrato (vedi la {dove}).",
            "Dopo `if ...:`, `for ...:` o `def ...:` le righe che ne fanno parte vanno spostate a destra.",
            "Rientra quelle righe di 4 spazi (o con il tasto Tab).", t)
    if messaggio.startswith("unindent does not match"):
        return Spiegazione(
            f"Alla {dove} il rientro non è allineato con le righe sopra.", "",
            "Allinea l'inizio della riga con quello del blocco a cui appartiene (multipli di 4 spazi).", t)
    return Spiegazione(
        f"Alla {dove} gli spazi all'inizio della riga non tornano.",
        "Si mescolano spazi e tabulazioni, oppure il rientro è sbagliato.",
        "Riscrivi il rientro con 4 spazi per livello.", t)
