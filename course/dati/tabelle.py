"""Nomi delle tabelle sintetiche e vocabolari controllati (senza dipendenze pesanti).

>>> TIPI_ATTIVITA[:3]
('tirocinio', 'sussidiarietà', 'lavoro di comunità')
"""

from __future__ import annotations

__all__ = [
    "TABELLE", "MISURE", "ESITI_DOMANDA", "MOTIVI_DOMANDA", "ESITI_PATTO", "TIPI_ATTIVITA",
    "RUOLI", "TIPI_AZIONE", "TIPI_INDICATORE", "POLARITA", "AREE_TEMATICHE", "DICITURE_AREE", "ALIAS_AREE",
    "SOGGETTI_PROPONENTI",
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
    "progetti socio-educativo-assistenziali innovativi",
)
"""Le cinque aree tematiche dell'avviso delle buone pratiche, con un'etichetta breve (del corso)."""

DICITURE_AREE = {
    "cambiamento dei processi organizzativi per il miglioramento della gestione dei servizi": AREE_TEMATICHE[0],
    "cambiamento delle modalità di erogazione dei servizi e della relazione con gli utenti": AREE_TEMATICHE[1],
    "ottimizzazione nell'uso delle risorse umane e/o materiali per ottenere maggiore efficienza": AREE_TEMATICHE[2],
    "procedure amministrative e procedure di gare di appalto": AREE_TEMATICHE[3],
    "progetti innovativi in ambito socio-educativo-assistenziale": AREE_TEMATICHE[4],
}
"""La dicitura ufficiale di ogni area nell'avviso (D.D. 634/2023) → la sua etichetta breve."""

ALIAS_AREE = {"progetti socio-educativi innovativi": AREE_TEMATICHE[4]}
"""Etichette brevi usate in versioni precedenti del corso, ancora accettate."""
SOGGETTI_PROPONENTI = ("Ambito", "Comune")
