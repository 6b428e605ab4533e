"""File «come quelli veri» per i test di lettura: CSV all'italiana e fogli Excel con titoli e totali.

Si creano al volo in una cartella temporanea, così i test non dipendono da file distribuiti.
"""

from __future__ import annotations

from pathlib import Path

SPESE_RIGHE = [
    "Ambito di Bari - spese 2024;;;;;",
    ";;;;;",
    "Codice ISTAT;Città;Data domanda;Importo €;Ore svolte;% avanzamento",
    "72006;Bari;03/02/2024;1.234,56;12;95,0 %",
    "75035;Lecce;1/2/24;99,50;n.d.;40%",
    ";;;;;",
    "110001;Andria;2024-03-05;-;7,5;",
    "Totale;;;1.334,06;19,5;",
]


def scrivi_csv(cartella: Path, nome: str, righe: list[str], *, codifica: str = "cp1252",
               a_capo: str = "\r\n") -> Path:
    """Scrive le righe così come sono (separatore compreso) con la codifica e gli a capo indicati."""
    percorso = Path(cartella) / nome
    percorso.write_bytes((a_capo.join(righe) + a_capo).encode(codifica))
    return percorso


def scrivi_xlsx(cartella: Path, nome: str, fogli: dict[str, list[list]]) -> Path:
    """Un file .xlsx con un foglio per voce: ogni foglio è un elenco di righe (liste di celle)."""
    import openpyxl

    libro = openpyxl.Workbook()
    libro.remove(libro.active)
    for titolo, righe in fogli.items():
        foglio = libro.create_sheet(titolo)
        for riga in righe:
            foglio.append(list(riga))
    percorso = Path(cartella) / nome
    libro.save(percorso)
    return percorso
