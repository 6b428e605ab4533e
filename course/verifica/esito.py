"""L'esito di una verifica: punti, cosa va bene, cosa rivedere e un solo suggerimento.

>>> e = Esito("1.2", "Assistenti sociali", 1.0, 2.0, ("C1",), ["Hai usato il parametro giusto."],
...           ["Il numero va arrotondato."], "Arrotonda per eccesso.")
>>> e.superato, e.quota
(False, 0.5)
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from course import formato

__all__ = ["Esito"]


def _punti(x: float) -> str:
    return formato.numero(x)


@dataclass
class Esito:
    """Il risultato della verifica di un esercizio, scritto per chi lo ha svolto.

    ``giusto`` elenca ciò che va bene, ``da_rivedere`` ciò che non va, ``suggerimento`` è UN solo
    consiglio per il prossimo tentativo (mai la soluzione); ``mirato`` dice se il consiglio risponde a
    un errore riconosciuto. Nelle lezioni la scala degli aiuti (:mod:`course.verifica.scala`) aggiunge
    il numero del ``tentativo``, dal terzo il ``metodo`` a parole e l'offerta della ``soluzione`` svolta.

    >>> print(Esito("0.1", "Quanti Ambiti", 1.0, 1.0, ("C1",), ["Il numero è giusto."]))
    ✅ Esercizio 0.1 – Quanti Ambiti: 1 punto su 1. Ottimo lavoro!
      ✔ Il numero è giusto.
    """

    codice: str
    titolo: str
    punti: float
    massimo: float
    competenze: tuple[str, ...] = ()
    giusto: list[str] = field(default_factory=list)
    da_rivedere: list[str] = field(default_factory=list)
    suggerimento: str | None = None
    mirato: bool = False
    tentativo: int = 0
    metodo: str | None = None
    soluzione: bool = False

    @property
    def superato(self) -> bool:
        """Vero se l'esercizio ha ottenuto tutti i punti."""
        return abs(self.punti - self.massimo) < 1e-9

    @property
    def quota(self) -> float:
        """La parte dei punti ottenuta, tra 0 e 1.

        >>> Esito("0.1", "x", 0.5, 2.0).quota
        0.25
        """
        return self.punti / self.massimo if self.massimo else 0.0

    def _intestazione(self) -> tuple[str, str]:
        if self.superato:
            return "✅", "Ottimo lavoro!"
        if self.punti > 0:
            return "🟡", "Ci sei quasi: guarda cosa rivedere qui sotto."
        return "🔁", "Non ancora, ma nessun problema: leggi il suggerimento e riprova."

    def _etichetta_aiuto(self) -> str:
        return "Suggerimento più preciso" if self.tentativo >= 2 and not self.mirato else "Suggerimento"

    def _offerta(self) -> str:
        return (f'Sei bloccato? In una cella nuova esegui verifica.soluzione("{self.codice}"): vedrai una soluzione '
                "svolta e spiegata, da copiare e capire riga per riga.")

    def _punteggio(self) -> str:
        parola = "punto" if self.punti == 1 else "punti"
        return f"{_punti(self.punti)} {parola} su {_punti(self.massimo)}"

    def __str__(self) -> str:
        simbolo, frase = self._intestazione()
        tentativo = f" (tentativo {self.tentativo})" if self.tentativo > 1 and not self.superato else ""
        righe = [f"{simbolo} Esercizio {self.codice} – {self.titolo}: {self._punteggio()}. {frase}{tentativo}"]
        righe += [f"  ✔ {g}" for g in self.giusto]
        righe += [f"  ✘ {d}" for d in self.da_rivedere]
        if self.suggerimento and not self.superato:
            righe.append(f"  💡 {self._etichetta_aiuto()}: {self.suggerimento}")
        if self.metodo and not self.superato:
            righe.append(f"  🧭 Il metodo, passo per passo: {self.metodo}")
        if self.soluzione and not self.superato:
            righe.append(f"  🆘 {self._offerta()}")
        return "\n".join(righe)

    def _repr_html_(self) -> str:
        simbolo, frase = self._intestazione()
        colore = "#009E73" if self.superato else ("#E69F00" if self.punti > 0 else "#D55E00")
        e = html.escape
        parti = [
            f'<div style="border-left:6px solid {colore};padding:0.4em 0.8em;margin:0.3em 0;'
            'background:rgba(127,127,127,0.06)">',
            f"<p><b>{simbolo} Esercizio {e(self.codice)} – {e(self.titolo)}</b>: {e(self._punteggio())}. "
            f"{e(frase)}" + (f" <i>(tentativo {self.tentativo})</i>" if self.tentativo > 1 and not self.superato else "")
            + "</p>",
        ]
        if self.giusto or self.da_rivedere:
            parti.append('<ul style="margin:0.2em 0;list-style:none;padding-left:0.6em">')
            parti += [f"<li>✔ {e(g)}</li>" for g in self.giusto]
            parti += [f"<li>✘ {e(d)}</li>" for d in self.da_rivedere]
            parti.append("</ul>")
        if self.suggerimento and not self.superato:
            parti.append(f"<p>💡 <b>{e(self._etichetta_aiuto())}:</b> {e(self.suggerimento)}</p>")
        if self.metodo and not self.superato:
            parti.append(f'<p class="ambiti-lab-metodo">🧭 <b>Il metodo, passo per passo:</b> {e(self.metodo)}</p>')
        if self.soluzione and not self.superato:
            parti.append(f'<p class="ambiti-lab-offerta">🆘 <b>Sei bloccato?</b> In una cella nuova esegui '
                         f'<code>verifica.soluzione("{e(self.codice)}")</code>: vedrai una soluzione svolta e '
                         "spiegata, da copiare e capire riga per riga.</p>")
        if self.competenze:
            parti.append(f'<p style="font-size:85%;opacity:0.75">Competenze: {e(", ".join(self.competenze))}</p>')
        parti.append("</div>")
        return "".join(parti)
