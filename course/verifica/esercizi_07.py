"""Verifiche del modulo 07 (dati reali e qualità: leggere, validare, correggere, pseudonimizzare, GDPR).

Gli attesi si ricavano a ogni verifica dagli stessi materiali che usa il notebook
(``course.esercitazioni``) e dagli strumenti del corso (``course.dati.valida``), mai da cifre scritte a mano.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from course.verifica.registro import registra

__all__: list[str] = []

_FORMA_AMBITO = r"^ATS-(FG|BT|BA|BR|LE|TA)-\d{2}$"


def _nuclei_con_difetti():
    from course.esercitazioni import dati_con_difetti

    cartella = dati_con_difetti()
    return _nuclei_e_problemi(str(cartella), (cartella / "metadati.json").stat().st_mtime_ns)[0].copy()


def _problemi_nuclei():
    from course.esercitazioni import dati_con_difetti

    cartella = dati_con_difetti()
    return _nuclei_e_problemi(str(cartella), (cartella / "metadati.json").stat().st_mtime_ns)[1].copy()


@lru_cache(maxsize=4)
def _nuclei_e_problemi(cartella: str, _versione: int):
    """Tabella dei nuclei con difetti e problemi trovati da valida (ricalcolati se i file cambiano)."""
    from course.dati import carica, valida

    nuclei = carica("nuclei", cartella=cartella)
    return nuclei, valida(nuclei, "nuclei")


@registra("7.1", titolo="Leggere un file del comune", competenze=["C8"])
def _file_comunale(risposta, c):
    from course.esercitazioni import tabella_del_file_comunale

    n = c.numero(risposta, cosa="l'ISEE medio")
    if n is None:
        return
    vera = tabella_del_file_comunale()["isee"]
    con_totale = (vera.sum() * 2) / (vera.count() + 1)
    c.confronta(n, vera.mean(), cosa="L'ISEE medio dei nuclei", relativa=0.001, errori_tipici=[
        (con_totale, "Nel calcolo è finita anche la riga «Totale» in fondo al file: è una somma, non un nucleo. "
                     "Leggi il file con leggi_tabella, che la toglie e te lo dice."),
        (vera.fillna(0).mean(), "Hai contato gli «n.d.» come zero: un valore mancante non è un ISEE pari a zero. "
                                "Lascia che restino vuoti (NaN): .mean() li salta da solo."),
        (vera.median(), "Questa è la mediana: la consegna chiede la media, con .mean()."),
    ], suggerimento="Leggi il file con leggi_tabella(percorso) e calcola la media della colonna isee.")


@registra("7.2", titolo="Quante righe hanno problemi", competenze=["C8"])
def _righe_con_problemi(risposta, c):
    n = c.numero(risposta, cosa="il numero di righe con problemi")
    if n is None:
        return
    nuclei = _nuclei_con_difetti()
    problemi = _problemi_nuclei()
    c.confronta(n, problemi["riga"].nunique(), cosa="Il numero di righe con almeno un problema", relativa=0,
                assoluta=0.01, errori_tipici=[
                    (len(problemi), "Hai contato i problemi, non le righe: una riga può averne più di uno. "
                                    "Conta le righe distinte con .nunique()."),
                    (int(nuclei.isna().any(axis=1).sum()), "Hai contato solo le righe con valori mancanti: "
                                                           "valida trova anche codici sbagliati, duplicati e "
                                                           "valori impossibili."),
                    (len(nuclei), "Questo è il numero di tutte le righe della tabella: conta solo quelle che "
                                  "compaiono nel risultato di valida."),
                ], suggerimento="Usa valida(nuclei, \"nuclei\") e conta i valori distinti della colonna riga.")


@registra("7.3", titolo="Correggere ciò che si può correggere", competenze=["C8"], punti=3)
def _correzioni(risposta, c):
    import pandas as pd

    df = c.tabella(risposta, colonne=["id_nucleo", "codice_istat", "codice_ambito"], cosa="la tabella corretta",
                   peso=3)
    if df is None:
        return
    originale = _nuclei_con_difetti()
    unici = originale["id_nucleo"].nunique()
    id_dati = df["id_nucleo"].astype(str)
    mancanti = set(originale["id_nucleo"].astype(str)) - set(id_dati)
    if id_dati.duplicated().any():
        c.male(f"Ci sono ancora {int(id_dati.duplicated().sum())} nuclei ripetuti.",
               suggerimento="Togli le copie con drop_duplicates(subset=\"id_nucleo\").", specifico=True)
    elif mancanti:
        c.male(f"Mancano {len(mancanti)} nuclei che non erano duplicati: sono stati cancellati troppi dati.",
               suggerimento="Un valore mancante o sbagliato si segnala al comune, non si cancella la riga: "
                            "togli solo le copie (drop_duplicates), non usare dropna.", specifico=True)
    else:
        c.controlla(len(df) == unici, bene="Le righe duplicate sono state tolte senza perdere nuclei.",
                    male="Il numero di righe non torna.", suggerimento="Riparti dalla tabella caricata.")
    istat = df["codice_istat"].astype("string").str.strip()
    istat_ok = istat.str.fullmatch(r"\d{6}").fillna(False)
    if istat_ok.all():
        c.bene("Tutti i codici ISTAT hanno 6 cifre.")
    else:
        senza_zero = istat.str.fullmatch(r"\d{5}").fillna(False).sum()
        c.male(f"{int((~istat_ok).sum())} codici ISTAT non hanno 6 cifre ({int(senza_zero)} ne hanno 5).",
               suggerimento="I codici ISTAT sono testi di 6 cifre: rimetti lo zero iniziale con "
                            ".astype(str).str.zfill(6), senza trasformarli in numeri.", specifico=True)
    ambito_ok = df["codice_ambito"].astype("string").str.fullmatch(_FORMA_AMBITO).fillna(False)
    if ambito_ok.all():
        c.bene("Tutti i codici di Ambito sono scritti nella forma giusta (ATS-LE-03).")
    else:
        c.male(f"{int((~ambito_ok).sum())} codici di Ambito non sono nella forma ATS-XX-00.",
               suggerimento="Scrivi i codici di Ambito in maiuscolo con .str.upper().", specifico=True)
    if isinstance(risposta, pd.DataFrame) and risposta is originale:
        c.suggerisci("Lavora su una copia: nuclei_corretti = nuclei.copy().")


def _sha_semplice(valore) -> str:
    return hashlib.sha256(str(valore).strip().upper().encode("utf-8")).hexdigest()


@registra("7.4", titolo="Pseudonimizzare e minimizzare prima di condividere", competenze=["C8"], punti=3)
def _pseudonimi(risposta, c):
    from course.esercitazioni import anagrafica_di_esempio
    from course.privacy import controlla_condivisione, identificativi_diretti

    df = c.tabella(risposta, colonne=["pseudonimo", "attivita", "ore_previste"], cosa="la tabella da condividere",
                   peso=3)
    if df is None:
        return
    originale = anagrafica_di_esempio()
    restanti = identificativi_diretti(df)
    if restanti:
        c.male(f"Nella tabella restano dati che identificano le persone: {', '.join(map(str, restanti))}.",
               suggerimento="Nome, cognome, telefono e codice fiscale non servono all'ente: toglili "
                            "(pseudonimizza lo fa da solo se non indichi altro).", specifico=True)
    else:
        codici = set(originale["codice_fiscale"])
        testi = df.astype(str).stack()
        c.controlla(not testi.isin(codici).any(), bene="Nessun codice fiscale, nome o telefono è rimasto nella tabella.",
                    male="Qualche codice fiscale compare ancora nella tabella.",
                    suggerimento="Controlla tutte le colonne: il codice fiscale non deve comparire da nessuna parte.")
    if len(df) != len(originale):
        c.male(f"La tabella ha {len(df)} righe, l'anagrafica ne aveva {len(originale)}.",
               suggerimento="Pseudonimizzare non toglie righe: ogni attività resta, cambia solo chi la svolge "
                            "(lo pseudonimo al posto della persona).", specifico=True)
        return
    pseudo = df["pseudonimo"].astype("string").reset_index(drop=True)
    cf = originale["codice_fiscale"].reset_index(drop=True)
    coerente = (pseudo.groupby(cf).nunique() == 1).all() and (cf.groupby(pseudo).nunique() == 1).all()
    c.controlla(coerente and pseudo.notna().all(), bene="Ogni persona ha sempre lo stesso pseudonimo, e "
                "persone diverse ne hanno di diversi.", male="Gli pseudonimi non corrispondono uno a uno alle persone.",
                suggerimento="Usa privacy.pseudonimizza sulla colonna codice_fiscale: la stessa persona deve "
                             "avere sempre lo stesso pseudonimo.")
    if not restanti:
        giudizio = controlla_condivisione(df)
        c.controlla(giudizio.condivisibile,
                    bene=f"La tabella è minimizzata: il gruppo più piccolo ha {giudizio.k} persone, nessuno si "
                         "riconosce dalle altre colonne.",
                    male=f"La tabella non è ancora minimizzata: {giudizio.giudizio.removeprefix('non ancora condivisibile: ')}.",
                    suggerimento="All'ente servono pseudonimo, attività e ore: togli le colonne che non gli servono "
                                 "(ISEE, componenti, comune) o rendile meno precise; "
                                 "privacy.controlla_condivisione(da_inviare) ti dice quali e perché.")
    semplici = {_sha_semplice(v) for v in cf}
    troppo_semplice = pseudo.dropna().map(lambda p: any(s.startswith(str(p).lower().removeprefix("ps-"))
                                                           or str(p).lower() in s for s in semplici)).all()
    if troppo_semplice:
        c.male("Gli pseudonimi sono un semplice «hash» del codice fiscale, senza chiave segreta.",
               suggerimento="Senza chiave chiunque conosca un codice fiscale può ricalcolarne lo pseudonimo: "
                            "usa privacy.pseudonimizza con una chiave segreta custodita dall'Ufficio di Piano.",
               specifico=True)


@registra("7.5", titolo="GDPR: che cosa si può inviare all'ente", competenze=["C8"])
def _gdpr(risposta, c):
    c.confronta_scelta(risposta, "b", scelte="abcd", cosa="La scelta", errori_tipici={
        "a": "Inviare tutto «per comodità» viola la minimizzazione: all'ente servono solo i dati per il suo compito.",
        "c": "Il consenso non è la base giuridica giusta per un servizio pubblico obbligatorio, e comunque non "
             "autorizza a inviare più dati del necessario.",
        "d": "Togliere solo il nome non basta: il codice fiscale e il telefono identificano la persona lo stesso, e "
             "comune, ISEE e componenti insieme la rendono riconoscibile.",
    }, suggerimento="Pensa al principio di minimizzazione: solo i dati che servono, nel modo meno identificabile.")

