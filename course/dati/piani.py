"""Tabelle sintetiche di programmazione: Piano operativo con gli ETS, obiettivi, cronoprogramma,
indicatori del piano della performance e candidature alle buone pratiche.

Le descrizioni sono scritte per il corso; gli enti hanno nomi di fantasia.

>>> import numpy as np
>>> a = genera_azioni_ets(np.random.default_rng(2), "ATS-LE-03", 83063, riferimento=np.datetime64("2025-06-30"))
>>> sorted(a["tipo_azione"].unique()) == sorted(TIPI_AZIONE)
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.dati.tabelle import AREE_TEMATICHE, TIPI_AZIONE
from course.parametri import parametro

__all__ = ["genera_azioni_ets", "genera_piano_performance", "genera_buone_pratiche"]

GIORNO = np.timedelta64(1, "D")

AZIONI = {
    "interventi trasversali": [
        "Sportello di ascolto e sostegno psicosociale", "Orientamento alla formazione e al lavoro",
        "Accompagnamento ai servizi del territorio", "Laboratori di alfabetizzazione digitale",
    ],
    "pacchetti personalizzati": [
        "Sostegno alla genitorialità", "Mediazione familiare", "Educazione alla gestione del bilancio familiare",
        "Percorsi culturali e associativi per i nuclei più fragili",
    ],
    "azioni di sistema": [
        "Supporto alla valutazione iniziale e alla stesura dei Patti", "Monitoraggio in itinere dei Patti",
        "Tutoraggio con registro delle presenze", "Incontro tra domanda e offerta dei soggetti ospitanti",
        "Certificazione delle competenze trasversali",
    ],
}
ENTI = ["Cooperativa sociale Aurora", "Cooperativa sociale Il Mosaico", "Associazione Orizzonti",
        "Cooperativa sociale Terra Buona", "Associazione Ponti di Comunità", "Consorzio Rete Solidale",
        "Cooperativa sociale La Bussola", "Associazione Il Faro", "Cooperativa sociale Girasole"]

OBIETTIVI = [
    ("Ridurre i tempi della presa in carico", "Servizio sociale professionale"),
    ("Rafforzare il monitoraggio dei Patti", "Ufficio di Piano"),
    ("Potenziare il segretariato sociale", "Segretariato sociale"),
    ("Integrare servizi sociali e servizi per il lavoro", "Ufficio di Piano"),
    ("Coinvolgere il Terzo settore nei percorsi di inclusione", "Ufficio di Piano"),
]
# Responsabile (una persona, per ruolo) e centro di responsabilità (la struttura) sono due colonne distinte,
# come nelle tabelle dei piani della performance: il ruolo si ricava dalla struttura, senza estrazioni casuali.
RESPONSABILE_DEL_CENTRO = {
    "Servizio sociale professionale": "Responsabile del Servizio sociale professionale",
    "Ufficio di Piano": "Coordinatore dell'Ufficio di Piano",
    "Segretariato sociale": "Responsabile del Segretariato sociale",
}
ATTIVITA_PIANO = [
    "Ricognizione dei casi in attesa", "Formazione dei case manager", "Adozione di una scheda di monitoraggio",
    "Incontri di équipe multidisciplinare", "Accordo operativo con il Centro per l'impiego",
    "Apertura di uno sportello nei comuni minori", "Aggiornamento della carta dei servizi",
    "Avviso per la co-progettazione con gli ETS",
]
# (descrizione, tipo, unità, polarità, valore atteso tipico, come scriverlo nella descrizione se manca la colonna)
INDICATORI_PIANO = [
    ("Patti sottoscritti nell'anno", "output", "numero", "crescente", 20, "(almeno {v})"),
    ("Quota di revisioni fatte nei termini", "risultato", "%", "crescente", 80, "pari a {v} (valore in %)"),
    ("Giorni medi dalla domanda al primo colloquio", "processo", "giorni", "decrescente", 30, "non oltre {v} giorni"),
    ("Operatori formati sulla presa in carico", "output", "numero", "crescente", 10, "(almeno {v})"),
    ("Nuclei con Patto concluso positivamente", "risultato", "%", "crescente", 50, "pari a {v} (valore in %)"),
    ("Ore di apertura settimanale dello sportello", "input", "ore", "crescente", 18, "(almeno {v})"),
]


def genera_azioni_ets(rng, codice_ambito: str, popolazione: int, *, riferimento: np.datetime64) -> pd.DataFrame:
    """Le azioni del Piano operativo di un Ambito: le tre tipologie, budget, spesa e destinatari."""
    esempio = parametro("contributo_piano_operativo_esempio")
    totale = esempio * popolazione / 83063 * rng.lognormal(0, 0.2)  # 83.063 residenti: l'Ambito dell'esempio
    n = int(rng.integers(4, 8))
    tipi = np.concatenate([np.arange(3), rng.integers(0, 3, n - 3)])
    quote = rng.dirichlet(np.full(n, 3.0))
    budget = np.round(totale * quote, -1)
    if codice_ambito == "ATS-LE-03":
        # l'Ambito dell'esempio reale (Gagliano del Capo): il Piano precedente ha proprio il contributo
        # assegnato con l'A.D. 403/2020, così i dati inventati non contraddicono la fonte
        budget = np.round(esempio * quote, -1)
        budget[-1] = esempio - budget[:-1].sum()
    inizio = np.datetime64("2025-01-01") + rng.integers(0, 120, n) * GIORNO
    fine = np.full(n, np.datetime64("2026-12-31"))
    trascorso = np.clip((riferimento - inizio) / (fine - inizio), 0, 1)
    spesa = np.round(budget * trascorso * rng.lognormal(-0.1, 0.25, n), 2)
    oltre = rng.random(n) < 0.08  # qualche azione ha già speso più del budget
    spesa = np.where(oltre, np.round(budget * rng.uniform(1.02, 1.2, n), 2), spesa)
    previsti = rng.integers(15, 120, n)
    descrizioni = [AZIONI[TIPI_AZIONE[t]][int(rng.integers(len(AZIONI[TIPI_AZIONE[t]])))] for t in tipi]
    sigla = codice_ambito[4:]
    return pd.DataFrame({
        "id_azione": [f"AZ-{sigla}-{k:02d}" for k in range(1, n + 1)],
        "codice_ambito": codice_ambito,
        "tipo_azione": np.array(TIPI_AZIONE)[tipi],
        "descrizione": descrizioni,
        "ente": rng.choice(ENTI, n),
        "budget": budget,
        "spesa": spesa,
        "destinatari_previsti": previsti,
        "destinatari_raggiunti": np.round(previsti * np.clip(trascorso * rng.lognormal(0, 0.3, n), 0, 1.3)).astype(int),
        "data_inizio": inizio,
        "data_fine": fine,
    })


def genera_piano_performance(rng, codice_ambito: str, lentezza: float, *, riferimento: np.datetime64):
    """Obiettivi, cronoprogramma (attività) e indicatori di un Ambito per l'anno della data di riferimento."""
    anno = int(str(riferimento)[:4])
    sigla = codice_ambito[4:]
    scelti = rng.choice(len(OBIETTIVI), 3, replace=False)
    obiettivi, attivita, indicatori = [], [], []
    for k, o in enumerate(scelti, start=1):
        id_ob = f"OB-{sigla}-{k}"
        titolo, ufficio = OBIETTIVI[o]
        obiettivi.append({"id_obiettivo": id_ob, "codice_ambito": codice_ambito, "titolo": titolo,
                          "responsabile": RESPONSABILE_DEL_CENTRO[ufficio], "centro_responsabilita": ufficio,
                          "anno": anno})
        n_att = int(rng.integers(4, 7))
        inizio = np.datetime64(f"{anno}-01-01") + np.sort(rng.integers(0, 240, n_att)) * GIORNO
        durata = rng.integers(30, 180, n_att)
        fine = inizio + durata * GIORNO
        avvio = inizio + np.round(rng.gamma(1.5, 12 * lentezza, n_att)).astype(int) * GIORNO
        termine = avvio + np.round(durata * rng.lognormal(0.05, 0.25, n_att)).astype(int) * GIORNO
        avviata = avvio <= riferimento
        conclusa = avviata & (termine <= riferimento)
        quota = np.clip((riferimento - avvio) / (termine - avvio), 0, 0.95)
        avanzamento = np.where(conclusa, 100.0, np.where(avviata, np.round(quota * 100 / 5) * 5, 0.0))
        for j in range(n_att):
            attivita.append({
                "id_attivita": f"{id_ob}-A{j + 1}", "id_obiettivo": id_ob,
                "descrizione": ATTIVITA_PIANO[int(rng.integers(len(ATTIVITA_PIANO)))],
                "responsabile": RESPONSABILE_DEL_CENTRO[ufficio], "centro_responsabilita": ufficio,
                "avanzamento_pct": avanzamento[j], "inizio_previsto": inizio[j],
                "inizio_effettivo": avvio[j] if avviata[j] else np.datetime64("NaT"),
                "fine_prevista": fine[j], "fine_effettiva": termine[j] if conclusa[j] else np.datetime64("NaT"),
            })
        for j, i in enumerate(rng.choice(len(INDICATORI_PIANO), int(rng.integers(2, 4)), replace=False), start=1):
            descr, tipo, unita, polarita, tipico, scrittura = INDICATORI_PIANO[i]
            previsto = float(max(1, round(tipico * rng.lognormal(0, 0.2))))
            if unita == "%":
                previsto = min(previsto, 95.0)
            esito = previsto * rng.normal(0.95 if polarita == "crescente" else 1.05, 0.2)
            nella_descrizione = rng.random() < 0.35
            indicatori.append({
                "id_indicatore": f"{id_ob}-I{j}", "id_obiettivo": id_ob,
                "descrizione": f"{descr} {scrittura.format(v=int(previsto))}" if nella_descrizione else descr,
                "tipo": tipo, "unita": unita, "polarita": polarita,
                "valore_previsto": np.nan if nella_descrizione else previsto,
                # un conteggio è un numero intero (niente «27,6 Patti»); medie e quote con un decimale
                "valore_raggiunto": np.nan if rng.random() < 0.1 else round(max(esito, 0.0), 0 if unita == "numero" else 1),
            })
    return pd.DataFrame(obiettivi), pd.DataFrame(attivita), pd.DataFrame(indicatori)


TITOLI_PRATICHE = [
    "Sportello unico itinerante nei comuni minori", "Cartella sociale condivisa tra i comuni",
    "Équipe integrata per l'inclusione attiva", "Gestione associata degli appalti dei servizi",
    "Doposcuola di comunità nei quartieri", "Banca del tempo tra famiglie", "Tutor di quartiere per i Patti",
    "Patto educativo territoriale", "Co-progettazione con il Terzo settore", "Registro digitale delle presenze",
]


def genera_buone_pratiche(rng, codici_ambito: list[str], comuni_per_ambito: dict[str, list[str]]) -> pd.DataFrame:
    """Candidature alla banca dati delle buone pratiche, con alcuni casi da escludere in istruttoria."""
    scadenza = np.datetime64(parametro("scadenza_buone_pratiche"))
    n = min(36, max(3, len(codici_ambito) * 4 // 5))
    ambito = rng.choice(codici_ambito, n)
    da_comune = rng.random(n) < 0.35
    istat = [rng.choice(comuni_per_ambito[a]) if c else None for a, c in zip(ambito, da_comune)]
    aree = np.array(AREE_TEMATICHE)[rng.integers(0, len(AREE_TEMATICHE), n)].astype(object)
    aree[rng.random(n) < 0.06] = "welfare digitale"  # area non prevista dall'avviso
    invio = scadenza - rng.integers(-6, 45, n) * GIORNO  # qualche invio dopo la scadenza
    descrizione = np.array([f"Descrizione della pratica n. {k}" for k in range(1, n + 1)], dtype=object)
    descrizione[rng.random(n) < 0.08] = None
    return pd.DataFrame({
        "id_candidatura": [f"BP-{k:03d}" for k in range(1, n + 1)],
        "codice_ambito": ambito,
        "soggetto_proponente": np.where(da_comune, "Comune", "Ambito"),
        "codice_istat": istat,
        "titolo": rng.choice(TITOLI_PRATICHE, n),
        "area_tematica": aree,
        "poverta_educative": rng.random(n) < 0.3,
        "data_invio": invio,
        "inviata_via_pec": rng.random(n) > 0.06,
        "domanda_allegata": rng.random(n) > 0.06,
        "descrizione": descrizione,
        "anno_avvio": rng.integers(2012, 2023, n),
        "risultati_documentati": rng.random(n) < 0.55,
        "n_partner": rng.integers(0, 9, n),
        "costo_annuo": np.where(rng.random(n) < 0.1, np.nan, np.round(rng.lognormal(np.log(40000), 0.6, n), -2)),
    })
