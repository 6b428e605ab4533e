"""I motivi di segnalazione scritti per il corsista: parole al posto dei codici delle celle.

La correzione scrive i motivi per il formatore, con i codici di nbgrader («verifica-4-2») e il numero
della cella nel notebook corretto («cella 10»). Nel riscontro il corsista legge invece dove guardare,
con le parole del suo notebook: «la verifica dell'esercizio 4.2», «la cella 10 (la tua risposta
all'esercizio 4.2)», e senza il gergo della correzione («kernel», «celle di sola lettura»).

>>> print(in_parole("celle di sola lettura o di test modificate (ripristinate dall'originale): verifica-4-2, domanda-aperta-4-a"))
hai cambiato celle che non si potevano modificare (per la correzione sono state rimesse com'erano): la verifica dell'esercizio 4.2, il testo della domanda aperta 4.a
>>> print(in_parole("il kernel si è interrotto (crash) nella cella 3: forse os._exit, memoria esaurita o un errore grave"))
il notebook si è fermato all'improvviso (memoria esaurita o un errore grave) nella cella 3
>>> print(in_parole("tempo scaduto nella cella 3 (limite 2.5 s per cella): forse un ciclo infinito", ["intro", None, "risposta-0-1"]))
la cella 3 (la tua risposta all'esercizio 0.1) ha superato il tempo massimo di 2,5 secondi: forse un ciclo che non finisce mai
"""

from __future__ import annotations

import re

__all__ = ["cella_in_parole", "in_parole"]

_CODICE = re.compile(r"\b(domanda-aperta|domanda|risposta|verifica|aperta)-([0-9]+(?:-[0-9A-Za-z]+)*)\b")
_FISSE = {"intro": "l'introduzione del compito", "preparazione": "la cella di preparazione (quella che carica i dati)"}
_PAROLE = {
    "domanda-aperta": "il testo della domanda aperta {}",
    "domanda": "il testo dell'esercizio {}",
    "risposta": "la tua risposta all'esercizio {}",
    "verifica": "la verifica dell'esercizio {}",
    "aperta": "la tua risposta alla domanda aperta {}",
}
_CELLA = re.compile(r"\bcella (\d+)\b")
# Le frasi scritte dalla correzione per il formatore, dette come le capisce chi non programma.
_FRASI = [
    (re.compile(r"^celle di sola lettura o di test modificate \(ripristinate dall'originale\)"),
     "hai cambiato celle che non si potevano modificare (per la correzione sono state rimesse com'erano)"),
    (re.compile(r"^celle di sola lettura o di test cancellate \(ripristinate dall'originale\)"),
     "hai cancellato celle che dovevano restare (per la correzione sono state rimesse)"),
    (re.compile(r"^celle di risposta mancanti \(valgono 0 punti\)"), "mancano celle di risposta (valgono 0 punti)"),
    (re.compile(r"^metadati o punti delle celle modificati \(ripristinati\)"),
     "sono cambiate le impostazioni nascoste di alcune celle (per la correzione sono state rimesse com'erano)"),
    (re.compile(r"^il kernel si è interrotto \(crash\) nella (cella \d+): .*$"),
     r"il notebook si è fermato all'improvviso (memoria esaurita o un errore grave) nella \1"),
    (re.compile(r"^il kernel non è partito \(.*\)$"), "la correzione non è riuscita ad aprire il notebook"),
    (re.compile(r"^tempo scaduto nella (cella \d+) \(limite ([\d.]+) s per cella\)(: forse un ciclo infinito)?$"),
     lambda m: f"la {m.group(1)} ha superato il tempo massimo di {m.group(2).replace('.', ',')} secondi"
               + (": forse un ciclo che non finisce mai" if m.group(3) else "")),
]


def cella_in_parole(grade_id: str) -> str:
    """Il nome di una cella di nbgrader detto a parole («risposta-4-2» → «la tua risposta all'esercizio 4.2»).

    >>> cella_in_parole("aperta-4-a"), cella_in_parole("preparazione"), cella_in_parole("xyz")
    ('la tua risposta alla domanda aperta 4.a', 'la cella di preparazione (quella che carica i dati)', 'xyz')
    """
    if grade_id in _FISSE:
        return _FISSE[grade_id]
    trovato = _CODICE.fullmatch(grade_id or "")
    if not trovato:
        return grade_id
    return _PAROLE[trovato.group(1)].format(trovato.group(2).replace("-", "."))


def _dove(numero: int, celle: list) -> str:
    """Dove sta la cella ``numero`` (da 1): la cella valutata stessa o l'ultima valutata prima di lei."""
    if not 1 <= numero <= len(celle):
        return ""
    if celle[numero - 1]:
        return cella_in_parole(celle[numero - 1])
    precedenti = [g for g in celle[:numero - 1] if g]
    return f"una tua cella dopo {cella_in_parole(precedenti[-1])}" if precedenti else "una tua cella all'inizio"


def in_parole(motivo: str, celle: list | None = None) -> str:
    """Il motivo con le parole del corsista; ``celle`` sono i ``grade_id`` delle celle del notebook corretto, in ordine (None per le celle libere)."""
    testo = str(motivo)
    for frase, parole in _FRASI:
        testo = frase.sub(parole, testo)
    testo = _CODICE.sub(lambda m: cella_in_parole(m.group(0)), testo)
    if celle:
        testo = _CELLA.sub(lambda m: f"{m.group(0)} ({_dove(int(m.group(1)), celle)})" if _dove(int(m.group(1)), celle)
                           else m.group(0), testo)
    return testo
