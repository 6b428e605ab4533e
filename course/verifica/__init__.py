"""Verifiche degli esercizi: riscontro immediato in italiano, usato dalle lezioni e da nbgrader.

Per chi impara
--------------
Nel notebook si risolve l'esercizio, si mette il risultato in una variabile e si chiama::

    from course import verifica
    verifica.esercizio("1.2", risposta)

Compare che cosa va bene, che cosa rivedere e UN suggerimento (mai la soluzione). A ogni tentativo
sbagliato l'aiuto diventa più preciso (generale → specifico → il metodo a parole); dal terzo, chi è
bloccato può aprire una soluzione svolta con ``verifica.soluzione("1.2")``. Nei compiti valutati
restano solo i suggerimenti della verifica.

>>> from course import verifica
>>> esito = verifica.esercizio("0.1", 45)
✅ Esercizio 0.1 – Quanti sono gli Ambiti: 1 punto su 1. Ottimo lavoro!
  ✔ Il numero di Ambiti è giusto.
>>> esito.superato, esito.competenze
(True, ('C1',))

Per chi scrive gli esercizi
---------------------------
1. Le verifiche del modulo NN stanno in ``course/verifica/esercizi_NN.py`` (caricato da solo dal
   prefisso del codice: "3.2" → ``esercizi_03``). Ogni verifica è una funzione registrata con
   ``@registra(codice, titolo=..., competenze=[...], punti=...)`` che riceve la risposta e una
   ``Correzione`` già intestata.
2. Con la ``Correzione`` si *legge* la risposta (``c.numero``, ``c.testo``, ``c.logico``,
   ``c.dizionario``, ``c.tabella``: con un tipo sbagliato non si rompono, annotano il problema e
   restituiscono ``None``; in quel caso si esce con ``return``) e la si *confronta*
   (``c.confronta`` per i numeri con tolleranza ed errori tipici, ``c.confronta_scelta`` per le
   domande a scelta, ``c.confronta_insieme`` per gli elenchi con credito parziale,
   ``c.controlla(condizione, bene=..., male=..., suggerimento=...)`` per tutto il resto).
   Ogni criterio ha un ``peso``: i punti sono la parte dei pesi ottenuta (credito parziale).
   Il consiglio mostrato è uno solo: quello legato a un errore riconosciuto vince su quello generico.
3. I valori attesi si calcolano dai dati o dai parametri quando la verifica gira
   (``course.territorio``, ``course.parametri.parametro``, ``course.dati.carica``), mai scritti a mano.
4. La soluzione e gli errori tipici stanno in ``formatori/soluzioni/modulo_NN.py``, fuori dal
   pacchetto: ``SOLUZIONI = {"3.1": funzione_senza_argomenti, ...}`` e
   ``ERRORI_TIPICI = {"3.1": [(risposta_sbagliata_o_funzione, "frammento del suggerimento"), ...]}``
   (almeno due per esercizio). ``tests/test_verifica.py`` li trova da solo e controlla che la
   soluzione prenda tutti i punti e che ogni errore tipico sia riconosciuto con il suo suggerimento.

Esempio completo (una verifica con due criteri e un errore tipico riconosciuto):

>>> from course.verifica import registra, punteggio, verifica as controlla
>>> @registra("99.2", titolo="Ore minime del Patto", competenze=["C4"], punti=2)
... def _(risposta, c):
...     ore = c.numero(risposta, cosa="le ore mensili minime")
...     if ore is None:
...         return
...     c.confronta(ore, 62, cosa="Il numero di ore", peso=2,
...                 errori_tipici=[(31, "31 è la metà: è la quota delle attività qualificanti.")],
...                 suggerimento="Cerca il parametro ore_mensili_minime.")
>>> punteggio("99.2", 62)
2.0
>>> print(controlla("99.2", 31))
🔁 Esercizio 99.2 – Ore minime del Patto: 0 punti su 2. Non ancora, ma nessun problema: leggi il suggerimento e riprova.
  ✘ Il numero di ore non è ancora giusto.
  💡 Suggerimento: 31 è la metà: è la quota delle attività qualificanti.
>>> controlla("99.2", "62").da_rivedere
['Per le ore mensili minime mi aspettavo un numero, ma hai dato un testo.']

(Nel corso vero, 62 si legge con ``parametro("ore_mensili_minime")``: qui è scritto per brevità.)

Per nbgrader: ``punteggio(codice, risposta, su=punti_della_cella)`` restituisce i punti senza
stampare; con ``mostra=True`` stampa anche il riscontro.
"""

from __future__ import annotations

from course.verifica.correzione import Correzione, descrivi_tipo, normalizza_testo
from course.verifica.esito import Esito
from course.verifica.scala import soluzione
from course.verifica.registro import (
    Esercizio, elenco_esercizi, esercizio, modulo_del_codice, punteggio, registra, verifica,
)

__all__ = [
    "esercizio", "verifica", "punteggio", "elenco_esercizi", "registra", "Esito", "Correzione",
    "Esercizio", "modulo_del_codice", "normalizza_testo", "descrivi_tipo", "soluzione",
]
