"""Il rapporto di lettura: che cosa ``leggi_tabella`` ha convertito, tolto o trovato di impossibile.

Ogni scelta fatta leggendo un file finisce qui, così nessuna conversione resta nascosta.

>>> r = Rapporto("spese.csv")
>>> r.nota("righe tolte", "ho tolto la riga «Totale» (riga 12).")
>>> r.testo().splitlines()[1]
'- Ho tolto la riga «Totale» (riga 12).'
"""

from __future__ import annotations

from typing import NamedTuple

from course import formato
from course.errori import ErroreCorso

__all__ = ["Nota", "Rapporto", "numero_it", "nel", "MASSIMO_PROBLEMI"]

#: Quanti valori impossibili elencare al massimo in un errore (gli altri sono solo contati).
MASSIMO_PROBLEMI = 20


class Nota(NamedTuple):
    """Una voce del rapporto di lettura: che cosa, in quale colonna, con quale dettaglio."""

    cosa: str
    colonna: str
    dettaglio: str


def numero_it(n: int) -> str:
    """Un intero con il punto delle migliaia, come lo scrive un italiano.

    >>> numero_it(1203)
    '1.203'
    """
    return formato.intero(int(n))


def nel(nome_file: str) -> str:
    """La sorgente in una frase: «nel file spese.csv», oppure «nel testo fornito» per un buffer.

    >>> nel("spese.csv"), nel("il testo fornito")
    ('nel file spese.csv', 'nel testo fornito')
    """
    return f"nel {nome_file[3:]}" if nome_file.startswith("il ") else f"nel file {nome_file}"


class Rapporto:
    """Raccoglie le note di lettura e i valori impossibili trovati in un file."""

    def __init__(self, nome_file: str):
        self.nome_file = nome_file
        self.nel = nel(nome_file)
        self.dal = f"dal {nome_file[3:]}" if nome_file.startswith("il ") else f"da {nome_file}"
        self.intestazione = ""
        self.note: list[Nota] = []
        self.problemi: list[tuple[int, str, str, str]] = []
        #: Problemi contati ma non elencati uno per uno (oltre ``MASSIMO_PROBLEMI`` per colonna).
        self.problemi_in_piu = 0

    def nota(self, cosa: str, dettaglio: str, colonna: str = "") -> None:
        self.note.append(Nota(cosa, colonna, dettaglio))

    def problema(self, riga: int, colonna: str, valore, spiegazione: str) -> None:
        self.problemi.append((int(riga), str(colonna), str(valore), spiegazione))

    def solleva_se_problemi(self) -> None:
        """Se ci sono valori impossibili, li elenca TUTTI insieme (fino a ``MASSIMO_PROBLEMI``)."""
        if not self.problemi:
            return
        problemi = sorted(self.problemi)
        n = len(problemi) + self.problemi_in_piu
        righe = [f"  - riga {numero_it(r)}, colonna «{c}»: «{v}» {s}" for r, c, v, s in problemi[:MASSIMO_PROBLEMI]]
        if n > MASSIMO_PROBLEMI:
            righe.append(f"  … e altri {numero_it(n - MASSIMO_PROBLEMI)}.")
        parola = "un valore impossibile" if n == 1 else f"{numero_it(n)} valori impossibili"
        raise ErroreCorso(
            f"{self.nel[:1].upper()}{self.nel[1:]} ho trovato {parola}:\n" + "\n".join(righe)
            + "\nI numeri di riga sono quelli che vedi in Excel o in un editor di testo. "
            "Correggi questi valori nel file e rileggilo (oppure leggilo comunque con impossibili=\"vuoti\": "
            "quelle celle restano vuote e sono elencate nel rapporto)."
        )

    def svuota_problemi(self) -> None:
        """Invece di fermarsi, annota i valori impossibili (rimasti celle vuote), colonna per colonna."""
        per_colonna: dict[str, list] = {}
        for r, c, v, _ in sorted(self.problemi):
            per_colonna.setdefault(c, []).append(f"«{v}» (riga {numero_it(r)})")
        for colonna, elenco in per_colonna.items():
            self.nota("valori impossibili", f"valori impossibili resi vuoti: {', '.join(elenco)}.", colonna)
        if self.problemi_in_piu:
            self.nota("valori impossibili", f"altri {numero_it(self.problemi_in_piu)} valori impossibili resi vuoti.")
        self.problemi, self.problemi_in_piu = [], 0

    def voci(self) -> tuple[Nota, ...]:
        """Le note come tupla: si confronta e si copia senza fatica (serve a ``DataFrame.attrs``)."""
        return (Nota("lettura", "", self.intestazione), *self.note)

    def testo(self) -> str:
        """Il riassunto in italiano, una nota per riga."""
        righe = [self.intestazione]
        for nota in self.note:
            testo = nota.dettaglio[:1].upper() + nota.dettaglio[1:]
            if nota.colonna:
                testo = f"Colonna «{nota.colonna}»: {nota.dettaglio}"
            righe.append(f"- {testo}")
        return "\n".join(righe)
