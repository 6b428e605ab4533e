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
    consiglio per il prossimo tentativo (mai la soluzione).

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

    def _punteggio(self) -> str:
        parola = "punto" if self.punti == 1 else "punti"
        return f"{_punti(self.punti)} {parola} su {_punti(self.massimo)}"

    def __str__(self) -> str:
        simbolo, frase = self._intestazione()
        righe = [f"{simbolo} Esercizio {self.codice} – {self.titolo}: {self._punteggio()}. {frase}"]
        righe += [f"  ✔ {g}" for g in self.giusto]
        righe += [f"  ✘ {d}" for d in self.da_rivedere]
        if self.suggerimento and not self.superato:
            righe.append(f"  💡 Suggerimento: {self.suggerimento}")
        return "\n".join(righe)

    def _repr_html_(self) -> str:
        simbolo, frase = self._intestazione()
        colore = "#009E73" if self.superato else ("#E69F00" if self.punti > 0 else "#D55E00")
        e = html.escape
        parti = [
            f'<div style="border-left:6px solid {colore};padding:0.4em 0.8em;margin:0.3em 0;'
            'background:rgba(127,127,127,0.06)">',
            f"<p><b>{simbolo} Esercizio {e(self.codice)} – {e(self.titolo)}</b>: {e(self._punteggio())}. "
            f"{e(frase)}</p>",
        ]
        if self.giusto or self.da_rivedere:
            parti.append('<ul style="margin:0.2em 0;list-style:none;padding-left:0.6em">')
            parti += [f"<li>✔ {e(g)}</li>" for g in self.giusto]
            parti += [f"<li>✘ {e(d)}</li>" for d in self.da_rivedere]
            parti.append("</ul>")
        if self.suggerimento and not self.superato:
            parti.append(f"<p>💡 <b>Suggerimento:</b> {e(self.suggerimento)}</p>")
        if self.competenze:
            parti.append(f'<p style="font-size:85%;opacity:0.75">Competenze: {e(", ".join(self.competenze))}</p>')
        parti.append("</div>")
        return "".join(parti)
