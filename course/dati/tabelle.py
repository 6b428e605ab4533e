"""Nomi delle tabelle sintetiche e vocabolari controllati (senza dipendenze pesanti).

>>> TIPI_ATTIVITA[:3]
('tirocinio', 'sussidiarietà', 'lavoro di comunità')
"""

from __future__ import annotations

__all__ = [
    "TABELLE", "MISURE", "ESITI_DOMANDA", "MOTIVI_DOMANDA", "ESITI_PATTO", "TIPI_ATTIVITA",
    "RUOLI", "TIPI_AZIONE", "TIPI_INDICATORE", "POLARITA", "AREE_TEMATICHE", "SOGGETTI_PROPONENTI",
]

TABELLE = (
    "operatori", "nuclei", "domande", "patti", "attivita_mensili", "azioni_ets",
    "obiettivi", "cronoprogramma", "indicatori", "buone_pratiche",
)

MISURE = ("ReD", "ADI")
ESITI_DOMANDA = ("ammessa", "respinta", "in istruttoria")
MOTIVI_DOMANDA = (
    "requisiti soddisfatti",
    "ISEE oltre la soglia",
    "età fuori dai limiti",
    "documentazione incompleta",
    "istruttoria in corso",
)
ESITI_PATTO = ("concluso", "interrotto", "decaduto", "trasferito")
TIPI_ATTIVITA = ("tirocinio", "sussidiarietà", "lavoro di comunità", "formazione", "altro")
RUOLI = ("assistente sociale", "educatore professionale", "psicologo", "amministrativo")
TIPI_AZIONE = ("interventi trasversali", "pacchetti personalizzati", "azioni di sistema")
TIPI_INDICATORE = ("input", "processo", "output", "risultato", "impatto")
POLARITA = ("crescente", "decrescente")
AREE_TEMATICHE = (
    "processi organizzativi",
    "erogazione dei servizi e relazione con gli utenti",
    "uso efficiente delle risorse",
    "procedure amministrative e appalti",
    "progetti socio-educativi innovativi",
)
SOGGETTI_PROPONENTI = ("Ambito", "Comune")
