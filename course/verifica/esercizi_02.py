"""Verifiche del modulo 02 (procedure della presa in carico, scadenze, lavoro per priorità).

I valori attesi si calcolano quando la verifica gira, dagli stessi dati che il corsista carica
(``course.dati.carica``) e con le stesse funzioni di ``course.scadenze``.
"""

from __future__ import annotations

from course.verifica._letture import dati, leggi_codici, leggi_data
from course.verifica.registro import registra

__all__ = ["caso_adi_recente", "case_manager_esercizio"]


def caso_adi_recente(patti):
    """La riga della presa in carico ADI con la domanda più recente (a parità, il codice più alto)."""
    adi = patti[patti["misura"] == "ADI"]
    if adi.empty:
        adi = patti
    return adi.sort_values(["data_domanda", "id_patto"]).iloc[-1]


def case_manager_esercizio(carico):
    """Il case manager dell'esercizio 2.3: il primo della tabella del carico (più casi scaduti)."""
    return carico.loc[carico["id_operatore"] != "non assegnato", "id_operatore"].iloc[0]


@registra("2.1", titolo="La scadenza del primo colloquio ADI", competenze=["C2"], punti=2)
def _scadenza_primo_colloquio(risposta, c):
    import pandas as pd

    from course.parametri import parametro

    giorno = leggi_data(risposta, c, cosa="la scadenza del primo colloquio", peso=2)
    if giorno is None:
        return
    caso = caso_adi_recente(dati("patti"))
    alla = caso["data_domanda"]
    termine = parametro("giorni_primo_colloquio_adi", alla_data=alla.date())
    atteso = alla + pd.Timedelta(days=int(termine))
    if giorno == atteso:
        c.bene("La scadenza del primo colloquio è giusta: parte dalla data giusta e usa il termine giusto.", peso=2)
        return
    errori = {
        alla + pd.Timedelta(days=int(parametro("giorni_primo_colloquio_adi_ridotto"))):
            "Hai usato il termine ridotto di un decreto successivo (o quello del ReD): per questo esercizio "
            "vale il termine ordinario del primo colloquio ADI (cercalo nella tabella dei parametri).",
        alla + pd.Timedelta(days=int(parametro("giorni_primo_colloquio_red"))):
            "Hai usato il termine del ReD (o quello ridotto di un decreto successivo): il caso è ADI, "
            "cerca nella tabella dei parametri il termine del primo colloquio per l'ADI.",
        caso["data_assegnazione"] + pd.Timedelta(days=int(termine)):
            "Il termine non corre dall'assegnazione del case manager ma dalla data della domanda "
            "(per l'ADI vale come patto di attivazione digitale).",
        alla + pd.Timedelta(days=int(parametro("giorni_revisione_percorso"))):
            "Hai usato l'intervallo delle revisioni: per il primo colloquio c'è un termine apposito.",
    }
    consiglio = errori.get(giorno)
    if consiglio:
        c.male("La data non è ancora giusta.", suggerimento=consiglio, specifico=True, peso=2)
        return
    c.male("La data non è ancora giusta.", peso=2,
           suggerimento="Aggiungi alla data della domanda i giorni del termine del primo colloquio ADI "
                        "(nella tabella dei parametri) con pd.Timedelta(days=...).")


@registra("2.2", titolo="Quanti casi hanno una scadenza già passata", competenze=["C2"])
def _quanti_scaduti(risposta, c):
    from course.scadenze import prossime_scadenze

    n = c.numero(risposta, cosa="il numero di casi scaduti")
    if n is None:
        return
    patti = dati("patti")
    s = prossime_scadenze(patti)
    stato = s["stato"].astype(str)
    scadute = int(stato.eq("scaduta").sum())
    c.confronta(n, scadute, cosa="Il numero di casi scaduti", relativa=0, assoluta=0.01, errori_tipici=[
        (scadute + int(stato.eq("in scadenza").sum()),
         "Hai contato anche i casi «in scadenza»: sono urgenti, ma il termine non è ancora passato."),
        (len(s), "Hai contato tutti i casi aperti: tieni solo quelli con stato «scaduta»."),
        (len(patti), "Hai contato tutte le prese in carico, anche quelle chiuse: parti da prossime_scadenze(patti)."),
        (int((stato.eq("scaduta") & s["fase"].astype(str).eq("primo colloquio")).sum()),
         "Hai contato solo i primi colloqui: la domanda riguarda la prossima fase di ogni caso, qualunque sia."),
    ], suggerimento="Conta le righe di prossime_scadenze(patti) con stato uguale a \"scaduta\".")


@registra("2.3", titolo="Lavoro per priorità: i primi tre casi di un case manager", competenze=["C2"], punti=2)
def _priorita(risposta, c):
    from course.scadenze import carico_case_manager, filtra_scadenzario, scadenzario

    codici = leggi_codici(risposta, c, cosa="i tre casi da trattare", colonna="id_patto", peso=2)
    if codici is None:
        return
    patti, nuclei = dati("patti"), dati("nuclei")
    coda = scadenzario(patti, nuclei=nuclei)
    cm = case_manager_esercizio(carico_case_manager(patti, operatori=dati("operatori")))
    sua = filtra_scadenzario(coda, case_manager=cm)
    attesi = sua["id_patto"].head(3).tolist()
    if codici == attesi:
        c.bene("Hai scelto i tre casi giusti, nell'ordine giusto.", peso=2)
        return
    if len(codici) != 3:
        c.male(f"L'elenco ha {len(codici)} casi: ne servono esattamente tre.", peso=0.5,
               suggerimento="Prendi le prime tre righe con .head(3).", specifico=True)
    quota = c.confronta_insieme(codici, attesi, cosa="casi da trattare per primi", peso=1,
                                suggerimento="Parti dallo scadenzario filtrato per il case manager: "
                                             "i primi casi sono quelli in cima.")
    if quota == 1:
        c.male("I casi sono quelli giusti ma l'ordine no.", peso=0.5, specifico=True,
               suggerimento="Mantieni l'ordine dello scadenzario (colonna posizione): non riordinare la tabella.")
        return
    primi_ambito = coda["id_patto"].head(3).tolist()
    piu_vecchi = sua.sort_values("giorni_aperto", ascending=False)["id_patto"].head(3).tolist()
    meno_urgenti = sua["id_patto"].tail(3).tolist()[::-1]
    if codici == primi_ambito and primi_ambito != attesi:
        c.suggerisci("Questi sono i primi casi di tutto l'Ambito: filtra lo scadenzario con "
                     "case_manager=... per vedere solo i casi di quell'operatore.", specifico=True)
    elif codici == piu_vecchi:
        c.suggerisci("Hai scelto i casi aperti da più tempo: l'anzianità non è l'urgenza. Conta quale "
                     "scadenza è passata o sta per passare.", specifico=True)
    elif codici == meno_urgenti or set(codici) == set(meno_urgenti):
        c.suggerisci("Hai preso i casi in fondo alla coda, i meno urgenti: i primi da trattare sono in cima.",
                     specifico=True)


@registra("2.4", titolo="Il carico medio per case manager a tempo pieno", competenze=["C2", "C4"])
def _carico_medio(risposta, c):
    from course.scadenze import carico_case_manager

    n = c.numero(risposta, cosa="i casi aperti per FTE")
    if n is None:
        return
    patti, operatori = dati("patti"), dati("operatori")
    carico = carico_case_manager(patti, operatori=operatori)
    aperti = carico["casi_aperti"].sum()
    atteso = aperti / carico["fte"].sum()
    c.confronta(n, atteso, cosa="Il numero di casi aperti per FTE", relativa=0, assoluta=0.051, errori_tipici=[
        (aperti / carico["fte"].notna().sum(),
         "Hai diviso per il numero di case manager: dividi per la somma degli FTE (chi lavora a metà tempo "
         "conta mezzo)."),
        (aperti / operatori["fte"].sum(),
         "Hai diviso per gli FTE di tutti gli operatori: conta solo i case manager (la tabella del carico)."),
        (len(patti) / carico["fte"].sum(),
         "Hai contato tutte le prese in carico, anche quelle chiuse: somma la colonna casi_aperti."),
        (carico["casi_per_fte"].mean(),
         "Hai fatto la media delle medie: somma i casi aperti, somma gli FTE, poi dividi."),
    ], suggerimento="Somma la colonna casi_aperti, somma la colonna fte e dividi; arrotonda a un decimale.")
