"""La spiegazione di un errore: che cosa è successo, come rimediare e il messaggio tecnico ripiegato.

Nel testo le parole di codice stanno tra apici inversi (`pd.Timedelta(days=30)`): nel riquadro del
notebook diventano codice, nel testo semplice restano come sono.

>>> s = Spiegazione("Python non conosce il nome `conformta`.", rimedio="Forse intendevi `conformita`?",
...                 tecnico="NameError: name 'conformta' is not defined")
>>> print(s)
🧭 Python non conosce il nome `conformta`.
👉 Forse intendevi `conformita`?
   (messaggio di Python: NameError: name 'conformta' is not defined)
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["Spiegazione"]

_CODICE = re.compile(r"`([^`\n]+)`")
_COLORI_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _in_html(testo: str) -> str:
    """Testo semplice → HTML: caratteri speciali protetti, `codice` in <code>, a capo mantenuti."""
    protetto = html.escape(testo, quote=False)
    return _CODICE.sub(r"<code>\1</code>", protetto).replace("\n", "<br>")


@dataclass(frozen=True)
class Spiegazione:
    """Un errore spiegato a chi non ha mai programmato.

    ``titolo`` dice che cosa è successo in una riga; ``testo`` aggiunge il perché (può mancare);
    ``rimedio`` dice che cosa fare adesso; ``tecnico`` è l'ultima riga del messaggio di Python, per
    chi vuole cercarla o mostrarla al formatore.
    """

    titolo: str
    testo: str = ""
    rimedio: str = ""
    tecnico: str = ""

    def __str__(self) -> str:
        righe = [f"🧭 {self.titolo}"]
        if self.testo:
            righe.append(self.testo)
        if self.rimedio:
            righe.append(f"👉 {self.rimedio}")
        if self.tecnico:
            righe.append(f"   (messaggio di Python: {self.tecnico})")
        return "\n".join(righe)

    def html(self, *, dettagli: str = "") -> str:
        """Il riquadro per il notebook; ``dettagli`` (il traceback completo) resta ripiegato sotto.

        >>> "<details" in Spiegazione("Titolo.").html(dettagli="Traceback ...")
        True
        """
        parti = [
            '<div class="ambiti-lab-spiegazione" role="note" style="border-left:6px solid #0072B2;'
            'padding:0.4em 0.8em;margin:0.3em 0;background:rgba(0,114,178,0.07)">',
            f"<p style=\"margin:0.2em 0\"><b>🧭 {_in_html(self.titolo)}</b></p>",
        ]
        if self.testo:
            parti.append(f'<p style="margin:0.2em 0">{_in_html(self.testo)}</p>')
        if self.rimedio:
            parti.append(f'<p style="margin:0.2em 0">👉 <b>Come rimediare:</b> {_in_html(self.rimedio)}</p>')
        dettagli = _COLORI_ANSI.sub("", dettagli).strip()
        if dettagli:
            parti.append(
                '<details style="margin-top:0.3em"><summary>Il messaggio completo di Python '
                "(per chi vuole approfondire)</summary>"
                f'<pre style="white-space:pre-wrap;font-size:85%">{html.escape(dettagli)}</pre></details>'
            )
        parti.append("</div>")
        return "".join(parti)
