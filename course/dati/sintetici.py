"""Nuclei, domande, prese in carico, attività mensili e operatori sintetici di un Ambito.

Tutto è inventato ma plausibile, e deterministico: lo stesso generatore casuale dà le stesse righe.
Ogni Ambito ha una propria «lentezza» (fattore sui tempi delle fasi) e un proprio ritmo di
revisione, così che i confronti tra Ambiti abbiano senso. Nessun nome e nessun codice fiscale.

>>> import numpy as np
>>> rng = np.random.default_rng(1)
>>> f = fattori_ambito(rng)
>>> sorted(f)
['intervallo_revisione', 'lentezza', 'propensione', 'residenti_per_as']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.dati.tabelle import TIPI_ATTIVITA
from course.parametri import parametro, parametro_per_date, voce

__all__ = ["fattori_ambito", "genera_operatori", "genera_nuclei_e_domande", "genera_patti", "genera_attivita"]

INIZIO_DOMANDE = np.datetime64("2021-09-01")
GIORNO = np.timedelta64(1, "D")


def fattori_ambito(rng: np.random.Generator) -> dict[str, float]:
    """I tratti di un Ambito che rendono diversi i suoi dati: lentezza, revisioni, personale, domanda."""
    return {
        "lentezza": float(rng.lognormal(0.0, 0.35)),
        "intervallo_revisione": float(parametro("giorni_revisione_percorso") * rng.lognormal(0.0, 0.22)),
        "residenti_per_as": float(rng.lognormal(np.log(5200), 0.3)),
        "propensione": float(rng.lognormal(0.0, 0.25)),
    }


def _giorni(rng, media, n, forma=2.0):
    return np.round(rng.gamma(forma, media / forma, n)).astype("int64") * GIORNO


def genera_operatori(rng, codice_ambito: str, popolazione: int, fattori: dict, *, moltiplicatore: float = 1.0):
    """Gli operatori dell'Ambito: assistenti sociali in numero legato ai residenti, più altri profili."""
    n_as = max(1, int(round(popolazione * moltiplicatore / fattori["residenti_per_as"])))
    quanti = {
        "assistente sociale": n_as,
        "educatore professionale": max(1, int(round(n_as * 0.4))),
        "psicologo": int(round(n_as * 0.15)),
        "amministrativo": max(1, int(round(n_as * 0.3))),
    }
    ruolo = np.repeat(list(quanti), list(quanti.values()))
    n = len(ruolo)
    fte = rng.choice([1.0, 0.5, 0.83], size=n, p=[0.8, 0.1, 0.1])
    case_manager = np.where(ruolo == "assistente sociale", rng.random(n) < 0.9,
                            np.where(ruolo == "educatore professionale", rng.random(n) < 0.3, False))
    sigla = codice_ambito[4:]
    return pd.DataFrame({
        "id_operatore": [f"OP-{sigla}-{k:03d}" for k in range(1, n + 1)],
        "codice_ambito": codice_ambito,
        "ruolo": ruolo,
        "case_manager": case_manager,
        "fte": fte,
        "in_servizio_dal": np.datetime64("2005-01-01") + rng.integers(0, 7300, n) * GIORNO,
    })


def _codici(prefisso: str, indici: np.ndarray, sale: int) -> np.ndarray:
    # Moltiplicare per un numero dispari modulo 2^32 è una biiezione: codici unici ma non sequenziali.
    mescolati = ((indici.astype(np.uint64) * np.uint64(2654435761) + np.uint64(sale)) % np.uint64(2**32))
    return np.char.add(prefisso, np.char.zfill(np.char.upper(np.vectorize(lambda v: format(int(v), "x"))(mescolati)
                                                              if len(mescolati) else np.array([], dtype=str)), 8))


def genera_nuclei_e_domande(rng, codice_ambito: str, comuni: pd.DataFrame, n: int, fattori: dict,
                            *, primo_indice: int, sale: int, riferimento: np.datetime64):
    """Nuclei richiedenti e le loro domande (una per nucleo), con esito secondo le soglie dei parametri."""
    pesi = comuni["popolazione"].to_numpy(float)
    codice_istat = rng.choice(comuni["codice_istat"].to_numpy(), size=n, p=pesi / pesi.sum())
    componenti = rng.choice(np.arange(1, 9), size=n, p=[0.28, 0.22, 0.2, 0.15, 0.08, 0.04, 0.02, 0.01])
    minori = rng.binomial(np.maximum(componenti - 1, 0), 0.45)
    eta = np.clip(np.round(rng.normal(47, 13, n)), 18, 90).astype(int)
    isee = np.where(rng.random(n) < 0.05, 0.0, np.round(rng.lognormal(np.log(4600), 0.55, n), 2))
    giorni_finestra = int((riferimento - INIZIO_DOMANDE) / GIORNO) - 30
    data_domanda = INIZIO_DOMANDE + rng.integers(0, giorni_finestra, n) * GIORNO
    adi_possibile = data_domanda >= np.datetime64(voce("durata_adi_mesi").valido_dal)
    misura = np.where(adi_possibile & (rng.random(n) < 0.5), "ADI", "ReD")

    numerosa = componenti >= parametro("componenti_famiglia_numerosa")
    soglia_red = np.where(numerosa, parametro_per_date("isee_massimo_red_famiglie_numerose", data_domanda),
                          parametro_per_date("isee_massimo_red", data_domanda))
    soglia_adi = parametro_per_date("isee_massimo_adi", np.where(adi_possibile, data_domanda,
                                                                 np.datetime64("2024-01-01")))
    soglia = np.where(misura == "ADI", soglia_adi, soglia_red)
    fuori_eta = (misura == "ReD") & ((eta < parametro("eta_minima_red")) | (eta > parametro("eta_massima_red")))
    data_esito = data_domanda + _giorni(rng, 18 * fattori["lentezza"], n)
    in_corso = data_esito > riferimento
    incompleta = rng.random(n) < 0.04
    esito = np.select([in_corso, isee > soglia, fuori_eta, incompleta], ["in istruttoria", "respinta", "respinta", "respinta"],
                      "ammessa")
    motivo = np.select([in_corso, isee > soglia, fuori_eta, incompleta],
                       ["istruttoria in corso", "ISEE oltre la soglia", "età fuori dai limiti", "documentazione incompleta"],
                       "requisiti soddisfatti")
    indici = np.arange(primo_indice, primo_indice + n)
    codici = _codici("", indici, sale)
    nuclei = pd.DataFrame({
        "id_nucleo": np.char.add("NUC-", codici), "codice_ambito": codice_ambito, "codice_istat": codice_istat,
        "componenti": componenti, "minori": minori, "eta_richiedente": eta, "isee": isee, "misura": misura,
    })
    domande = pd.DataFrame({
        "id_domanda": np.char.add("DOM-", codici), "id_nucleo": nuclei["id_nucleo"], "misura": misura,
        "data_domanda": data_domanda, "esito": esito, "motivo": motivo,
        "data_esito": np.where(in_corso, np.datetime64("NaT"), data_esito),
    })
    return nuclei, domande


def genera_patti(rng, nuclei: pd.DataFrame, domande: pd.DataFrame, operatori: pd.DataFrame, fattori: dict,
                 *, riferimento: np.datetime64):
    """Le prese in carico dei nuclei ammessi: fasi in ordine, con tempi che dipendono dall'Ambito e dal case manager."""
    ammessi = (domande["esito"] == "ammessa").to_numpy()
    d = domande.loc[ammessi]
    nu = nuclei.loc[ammessi]
    n = len(d)
    lento = fattori["lentezza"]
    cm = operatori.loc[operatori["case_manager"], "id_operatore"].to_numpy()
    if len(cm) == 0:
        cm = operatori["id_operatore"].to_numpy()[:1]
    carico = rng.dirichlet(np.full(len(cm), 2.0))
    scelta = rng.choice(len(cm), size=n, p=carico)
    ritmo_cm = rng.lognormal(0.0, 0.15, len(cm))[scelta]

    assegnazione = d["data_esito"].to_numpy() + _giorni(rng, 8 * lento, n)
    colloquio = assegnazione + _giorni(rng, 26 * lento * ritmo_cm, n)
    analisi = colloquio + _giorni(rng, 12 * lento, n)
    complesso = rng.random(n) < np.where((nu["minori"].to_numpy() > 0) | (nu["componenti"].to_numpy() >= 4), 0.4, 0.2)
    quadro = np.where(complesso, analisi + _giorni(rng, 20 * lento, n), np.datetime64("NaT"))
    pronto = np.where(complesso, quadro, analisi)
    sottoscrizione = pronto + _giorni(rng, 10 * lento, n)

    misura = d["misura"].to_numpy()
    durata_mesi = np.where(misura == "ADI", parametro("durata_adi_mesi"), parametro("durata_red_mesi"))
    fine_naturale = sottoscrizione + np.round(durata_mesi * 30.44).astype("int64") * GIORNO
    sorte = rng.random(n)
    interrotto = sorte < 0.18
    frazione = rng.uniform(0.15, 0.9, n)
    fine = np.where(interrotto, sottoscrizione + np.round((fine_naturale - sottoscrizione) / GIORNO * frazione)
                    .astype("int64") * GIORNO, fine_naturale)
    esito_fine = np.where(interrotto, np.where(sorte < 0.09, "interrotto", np.where(sorte < 0.15, "decaduto", "trasferito")),
                          "concluso")

    # Tutto ciò che cade dopo la data di riferimento non è ancora successo.
    fasi = [assegnazione, colloquio, analisi, quadro, sottoscrizione, fine]
    avvenuto = np.ones(n, dtype=bool)
    for i, fase in enumerate(fasi):
        if i == 3:  # il quadro di analisi serve solo ai casi complessi: non blocca chi non ne ha bisogno
            fasi[i] = np.where(avvenuto & (fase <= riferimento), fase, np.datetime64("NaT"))
            avvenuto = avvenuto & (~complesso | (fase <= riferimento))
            continue
        avvenuto = avvenuto & (fase <= riferimento)
        fasi[i] = np.where(avvenuto, fase, np.datetime64("NaT"))
    assegnazione, colloquio, analisi, quadro, sottoscrizione, chiusura = fasi
    tieni = ~np.isnat(assegnazione)

    intervallo = fattori["intervallo_revisione"] * rng.lognormal(0.0, 0.12, n)
    termine = np.where(np.isnat(chiusura), riferimento, chiusura)
    trascorsi = (termine - sottoscrizione) / GIORNO
    n_revisioni = np.where(np.isnat(sottoscrizione), 0, np.floor(np.nan_to_num(trascorsi) / intervallo)).astype(int)
    ultima = np.where(n_revisioni > 0, sottoscrizione + np.round(n_revisioni * intervallo).astype("int64") * GIORNO,
                      np.datetime64("NaT"))
    patti = pd.DataFrame({
        "id_patto": np.char.replace(d["id_domanda"].to_numpy().astype(str), "DOM-", "PAT-"),
        "id_nucleo": d["id_nucleo"].to_numpy(),
        "codice_ambito": nu["codice_ambito"].to_numpy(),
        "misura": misura,
        "id_operatore": cm[scelta],
        "data_domanda": d["data_domanda"].to_numpy(),
        "data_assegnazione": assegnazione,
        "data_primo_colloquio": colloquio,
        "data_analisi_preliminare": analisi,
        "quadro_analisi_necessario": complesso,
        "data_quadro_analisi": quadro,
        "data_sottoscrizione": sottoscrizione,
        "n_revisioni": n_revisioni,
        "data_ultima_revisione": ultima,
        "data_chiusura": chiusura,
        "esito": np.where(np.isnat(chiusura), None, esito_fine),
    })
    return patti.loc[tieni].reset_index(drop=True)


def genera_attivita(rng, patti: pd.DataFrame, *, riferimento: np.datetime64):
    """Le attività mensili dei Patti sottoscritti, come colonne numpy (per restare veloci su milioni di righe).

    Restituisce un dizionario: ``indice_patto`` (posizione in ``patti``), ``mese`` (datetime64[D]),
    ``tipo`` (indice in TIPI_ATTIVITA) e le quattro colonne di ore.
    """
    firmati = np.flatnonzero(~patti["data_sottoscrizione"].isna().to_numpy())
    firma = patti["data_sottoscrizione"].to_numpy()[firmati].astype("datetime64[M]")
    fine = patti["data_chiusura"].to_numpy()[firmati]
    fine = np.where(np.isnat(fine), riferimento, fine).astype("datetime64[M]")
    primo = firma + 1
    n_mesi = np.maximum((fine - primo).astype(int) + 1, 0)
    n = len(firmati)

    # Piano del Patto: un'attività qualificante principale, a volte una seconda, spesso formazione e altro.
    principale = rng.choice(3, size=n, p=[0.5, 0.25, 0.25])
    seconda = np.where(rng.random(n) < 0.85, (principale + 1 + rng.integers(0, 2, n)) % 3, -1)
    formazione = rng.random(n) < 0.95
    altro = rng.random(n) < 0.95
    ore_principale = rng.integers(34, 46, n)
    poco_qualificante = rng.random(n) < 0.05  # piano sbilanciato: meno di metà ore qualificanti
    ore_principale = np.where(poco_qualificante, ore_principale // 3, ore_principale)
    ore_seconda = np.where(seconda >= 0, rng.integers(8, 16, n), 0)
    ore_formazione = np.where(formazione | poco_qualificante, rng.integers(12, 22, n) + 20 * poco_qualificante, 0)
    totale = parametro("ore_mensili_minime") + rng.integers(2, 14, n)
    ore_altro = np.maximum(totale - ore_principale - ore_seconda - ore_formazione, 4)
    piano_scarso = rng.random(n) < 0.06  # piano sotto il minimo mensile già in partenza
    ore = np.stack([ore_principale, ore_seconda, ore_formazione, ore_altro], axis=1)
    ore = np.where(piano_scarso[:, None], np.round(ore * 0.75), ore).astype(int)
    tipi = np.stack([principale, seconda, np.where(ore_formazione > 0, 3, -1), np.where(altro | (ore_altro > 4), 4, -1)],
                    axis=1)
    presente = tipi >= 0
    tipi_per_patto = presente.sum(axis=1)

    # Righe: patto × mese × tipo (vettoriale).
    righe_patto_mese = np.repeat(np.arange(n), n_mesi)
    offset_mese = np.arange(len(righe_patto_mese)) - np.repeat(np.cumsum(n_mesi) - n_mesi, n_mesi)
    mese_pm = primo[righe_patto_mese] + offset_mese
    vuoto = rng.random(len(righe_patto_mese)) < 0.02  # mesi senza alcuna attività registrata
    righe_patto_mese, offset_mese, mese_pm = righe_patto_mese[~vuoto], offset_mese[~vuoto], mese_pm[~vuoto]
    k = tipi_per_patto[righe_patto_mese]
    idx_pm = np.repeat(np.arange(len(righe_patto_mese)), k)
    patto_r = righe_patto_mese[idx_pm]
    colonne_presenti = np.argsort(~presente, axis=1, kind="stable")  # prima le colonne presenti
    posizione = np.arange(len(idx_pm)) - np.repeat(np.cumsum(k) - k, k)
    colonna = colonne_presenti[patto_r, posizione]
    tipo = tipi[patto_r, colonna]
    previste = ore[patto_r, colonna]

    # Quasi sempre le ore previste si svolgono; in alcuni mesi ci sono assenze (più spesso per alcuni Patti).
    propensione_assenza = rng.beta(2, 9, n)
    assente = rng.random(len(patto_r)) < propensione_assenza[patto_r]
    quota_assenza = np.where(assente, rng.uniform(0.05, 0.6, len(patto_r)), 0.0)
    svolte = np.round(previste * (1 - quota_assenza)).astype(int)
    assenze = previste - svolte
    peggiora = rng.random(n) < 0.1
    quota_ingiust = np.clip(rng.beta(2, 3, n)[patto_r] + np.where(peggiora[patto_r], 0.12 * offset_mese[idx_pm], 0), 0, 1)
    ingiustificate = np.round(assenze * quota_ingiust).astype(int)
    return {
        "indice_patto": firmati[patto_r],
        "mese": mese_pm[idx_pm].astype("datetime64[D]"),
        "tipo": tipo.astype(np.int8),
        "ore_previste": previste.astype(np.int16),
        "ore_svolte": svolte.astype(np.int16),
        "assenze_giustificate": (assenze - ingiustificate).astype(np.int16),
        "assenze_ingiustificate": ingiustificate.astype(np.int16),
    }


def attivita_come_tabella(colonne: dict, id_patti: np.ndarray) -> pd.DataFrame:
    """Le attività come DataFrame leggibile (per le scale piccole, scritte in CSV)."""
    return pd.DataFrame({
        "id_patto": id_patti[colonne["indice_patto"]],
        "mese": colonne["mese"],
        "tipo_attivita": np.array(TIPI_ATTIVITA)[colonne["tipo"]],
        "ore_previste": colonne["ore_previste"],
        "ore_svolte": colonne["ore_svolte"],
        "assenze_giustificate": colonne["assenze_giustificate"],
        "assenze_ingiustificate": colonne["assenze_ingiustificate"],
    })
