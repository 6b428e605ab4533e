"""pyarrow è facoltativo (gruppo ``[parquet]``): qui si chiede se c'è e si spiega come averlo.

L'installazione del corsista non lo porta con sé (occupa circa 170 MB, più di pandas e matplotlib
insieme). Senza pyarrow il corso funziona per intero sui suoi dati (file CSV): le letture e i testi
delle allerte passano da pandas. Serve davvero solo per i file Parquet (i dati di scala «nazione»,
la correzione dei compiti); lì l'errore dice in italiano come installarlo.

>>> disponibile() in (True, False)
True
"""

from __future__ import annotations

from course.errori import ErroreCorso

__all__ = ["disponibile", "richiedi"]

INSTALLA = 'pip install "ambiti-lab[parquet]"'


def disponibile() -> bool:
    """Vero se pyarrow si può importare (le vie veloci lo usano, le altre fanno senza)."""
    try:
        import pyarrow  # noqa: F401 - pesante (~170 MB installato): si importa solo se serve
    except ImportError:
        return False
    return True


def richiedi(cosa: str):
    """Il modulo pyarrow, oppure un errore in italiano che dice perché serve e come installarlo.

    ``cosa`` completa la frase «Per … serve pyarrow», ad esempio ``"leggere il file Parquet attivita.parquet"``.
    """
    try:
        import pyarrow
    except ImportError:
        raise ErroreCorso(
            f"Per {cosa} serve il pacchetto pyarrow, che l'installazione del corsista non porta con sé "
            f"(occupa circa 170 MB). Installalo con  {INSTALLA}  (nel terminale dell'ambiente del corso), "
            "poi riavvia il kernel (menu Kernel → Riavvia il kernel) e riprova. "
            "Per le lezioni non serve: i dati del corso sono in CSV."
        ) from None
    return pyarrow
