"""Verifiche del modulo 04 (monitorare: regola delle ore, allerte, cronoprogramma, indicatori, budget).

I valori attesi si calcolano quando la verifica gira, dagli stessi dati del corsista, con
``course.monitoraggio``, ``course.cronoprogramma`` e ``course.piano_operativo``.
"""

from __future__ import annotations

from course.verifica._letture import dati
from course.verifica.registro import registra

__all__ = ["conformita", "indicatori_ambito", "TIPO_BUDGET", "AMBITO_INDICATORI"]

#: La tipologia di azione dell'esercizio 4.5.
TIPO_BUDGET = "azioni di sistema"
#: L'Ambito degli indicatori dell'esercizio 4.4.
AMBITO_INDICATORI = "ATS-LE-03"

_MEMO: dict = {}


def conformita(*, con_adi: bool = False):
    """La conformità mensile delle attività del corsista (calcolata una volta per tabella caricata).

    La regola delle ore vale per i Patti ReD: la tabella dei patti dice quali sono ADI. ``con_adi=True``
    dà la conformità calcolata senza la tabella dei patti (la regola applicata anche all'ADI): serve a
    riconoscere l'errore di chi ha dimenticato i patti.
    """
    import warnings

    from course.monitoraggio import conformita_mensile
    from course.note import NotaCorso

    attivita, patti = dati("attivita_mensili"), dati("patti")
    if _MEMO.get("attivita") is not attivita or _MEMO.get("patti") is not patti:
        _MEMO.clear()
        _MEMO.update(attivita=attivita, patti=patti)
    chiave = "conformita_con_adi" if con_adi else "conformita"
    if chiave not in _MEMO:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotaCorso)   # le note sono per chi scrive la risposta, non per la verifica
            _MEMO[chiave] = conformita_mensile(attivita) if con_adi else conformita_mensile(attivita, patti)
    return _MEMO[chiave]


@registra("4.1", titolo="La regola delle ore nell'ultimo mese", competenze=["C4"])
def _regola_ore(risposta, c):
    n = c.numero(risposta, cosa="il numero di Patti in regola")
    if n is None:
        return
    conf = conformita()
    ultimo = conf[conf["mese"] == conf["mese"].max()]
    atteso = int(ultimo["conforme"].fillna(False).sum())
    c.confronta(n, atteso, cosa="Il numero di Patti in regola", relativa=0, assoluta=0.01, errori_tipici=[
        (int(ultimo["ore_sufficienti"].fillna(False).sum()),
         "Hai controllato solo le ore totali: la regola chiede anche un minimo di ore in attività qualificanti "
         "(colonna conforme)."),
        (int(ultimo["quota_sufficiente"].fillna(False).sum()),
         "Hai controllato solo la quota di attività qualificanti: serve anche il minimo di ore (colonna conforme)."),
        (int(conf["conforme"].fillna(False).sum()),
         "Hai contato tutti i mesi: tieni solo le righe dell'ultimo mese (mese uguale al massimo)."),
        (int((~ultimo["conforme"].fillna(True)).sum()),
         "Hai contato i Patti NON in regola: la domanda chiede quelli che rispettano la regola."),
        (_ultimo_mese_con_adi(),
         "Hai applicato la regola delle ore anche ai Patti ADI: è una regola del ReD. Passa anche la tabella "
         "dei patti: monitoraggio.conformita_mensile(attivita, patti)."),
    ], suggerimento="Filtra la tabella della conformità sull'ultimo mese e conta le righe con conforme uguale a True.")


def _ultimo_mese_con_adi() -> int:
    conf = conformita(con_adi=True)
    return int(conf.loc[conf["mese"] == conf["mese"].max(), "conforme"].fillna(False).sum())


@registra("4.2", titolo="Le allerte precoci", competenze=["C4"])
def _allerte(risposta, c):
    from course.monitoraggio import allerte

    n = c.numero(risposta, cosa="il numero di Patti in allerta")
    if n is None:
        return
    a = allerte(conformita())
    atteso = int(a["allerta_sotto_soglia"].sum())
    c.confronta(n, atteso, cosa="Il numero di Patti in allerta per ore sotto soglia", relativa=0, assoluta=0.01,
                errori_tipici=[
                    (int(a["allerta"].sum()), "Hai contato tutte le allerte: tieni solo quella per mesi consecutivi "
                                              "sotto la regola delle ore (allerta_sotto_soglia)."),
                    (int(a["allerta_senza_attivita"].sum()), "Hai contato i Patti con mesi senza attività: la "
                                                             "domanda riguarda i mesi consecutivi sotto soglia."),
                    (int(a["allerta_assenze"].sum()), "Hai contato le allerte sulle assenze: la domanda riguarda "
                                                      "i mesi consecutivi sotto soglia."),
                    (int(allerte(conformita(con_adi=True))["allerta_sotto_soglia"].sum()),
                     "Hai contato anche i Patti ADI: la regola delle ore è del ReD. Calcola la conformità con "
                     "la tabella dei patti: monitoraggio.conformita_mensile(attivita, patti)."),
                ], suggerimento="Conta i Vero della colonna allerta_sotto_soglia della tabella delle allerte.")


@registra("4.3", titolo="Il rispetto dei tempi del cronoprogramma", competenze=["C4", "C7"])
def _tempi(risposta, c):
    from course.cronoprogramma import stato_attivita

    n = c.numero(risposta, cosa="il numero di attività")
    if n is None:
        return
    s = stato_attivita(dati("cronoprogramma"))
    atteso = int((~s["rispetto_tempi"].astype("boolean").fillna(True)).sum())
    c.confronta(n, atteso, cosa="Il numero di attività che non hanno rispettato i tempi", relativa=0, assoluta=0.01,
                errori_tipici=[
                    (int((s["stato"].astype(str) == "in ritardo").sum()),
                     "Hai contato solo le attività ancora aperte e in ritardo: anche un'attività conclusa dopo la "
                     "fine prevista non ha rispettato i tempi (colonna rispetto_tempi)."),
                    (int((s["fine_effettiva"] > s["fine_prevista"]).sum()),
                     "Hai confrontato solo le date di fine effettive: le attività non ancora concluse e oltre la fine "
                     "prevista sono in ritardo anche senza data effettiva."),
                    (len(s), "Hai contato tutte le attività: tieni solo quelle con rispetto_tempi uguale a False."),
                    (int(s["rispetto_tempi"].astype("boolean").fillna(False).sum()),
                     "Hai contato le attività che hanno rispettato i tempi: la domanda chiede quelle che non li "
                     "hanno rispettati."),
                ], suggerimento="Usa stato_attivita(...) e conta le righe con rispetto_tempi uguale a False.")


def indicatori_ambito(indicatori, obiettivi, ambito: str = AMBITO_INDICATORI):
    """Gli indicatori degli obiettivi di un Ambito (il codice dell'Ambito sta nella tabella degli obiettivi)."""
    codici = set(obiettivi["codice_ambito"].astype(str))
    if ambito not in codici and codici:
        ambito = sorted(codici)[0]
    suoi = obiettivi.loc[obiettivi["codice_ambito"].astype(str) == ambito, "id_obiettivo"]
    return indicatori[indicatori["id_obiettivo"].isin(suoi)]


@registra("4.4", titolo="Gli indicatori che hanno raggiunto il target", competenze=["C4", "C3"], punti=2)
def _raggiungimento(risposta, c):
    from course.cronoprogramma import raggiungimento
    from course.verifica._letture import leggi_codici

    codici = leggi_codici(risposta, c, cosa="gli indicatori", colonna="id_indicatore", esempio="OB-…-I1", peso=2)
    if codici is None:
        return
    ind = indicatori_ambito(dati("indicatori"), dati("obiettivi"))
    r = raggiungimento(ind)
    raggiunto = r["target_raggiunto"].astype("boolean")
    attesi = r.loc[raggiunto.fillna(False), "id_indicatore"].tolist()
    if sorted(codici) == sorted(attesi):
        c.bene("Hai trovato esattamente gli indicatori che hanno raggiunto il target." if attesi else
               "Giusto: nessun indicatore ha ancora raggiunto il target.", peso=2)
        return
    ingenui = ind.loc[(ind["valore_raggiunto"] >= ind["valore_previsto"]).to_numpy(), "id_indicatore"].tolist()
    casi = [
        (r.loc[raggiunto.notna().to_numpy(), "id_indicatore"].tolist(),
         "Hai preso tutti gli indicatori valutabili: tieni solo quelli con target_raggiunto uguale a True."),
        (r.loc[(~raggiunto).fillna(False).to_numpy(), "id_indicatore"].tolist(),
         "Hai preso gli indicatori che NON hanno raggiunto il target: tieni quelli con target_raggiunto uguale a True."),
        (ingenui, "Hai confrontato solo le colonne valore_raggiunto e valore_previsto: alcuni target sono scritti "
                  "nella descrizione e alcuni indicatori hanno polarità decrescente. Usa raggiungimento(...)."),
        (r["id_indicatore"].tolist(), "Hai preso tutti gli indicatori dell'Ambito: tieni solo quelli con "
                                      "target_raggiunto uguale a True."),
    ]
    for sbagliati, consiglio in casi:
        if sorted(codici) == sorted(sbagliati):
            c.male("L'elenco degli indicatori non è quello giusto.", suggerimento=consiglio, specifico=True, peso=2)
            return
    c.confronta_insieme(codici, attesi, cosa="indicatori con il target raggiunto", peso=2,
                        suggerimento="Applica raggiungimento(...) agli indicatori dell'Ambito e prendi id_indicatore "
                                     "delle righe con target_raggiunto uguale a True.")


@registra("4.5", titolo="Quanto budget è stato speso", competenze=["C4", "C7"])
def _budget(risposta, c):
    from course.piano_operativo import andamento_azioni

    n = c.numero(risposta, cosa="la quota di budget spesa")
    if n is None:
        return
    az = dati("azioni_ets")
    tipo = az[az["tipo_azione"].astype(str) == TIPO_BUDGET]
    atteso = float(tipo["spesa"].sum() / tipo["budget"].sum())
    a = andamento_azioni(tipo, alla_data=az.attrs.get("data_riferimento")) if len(tipo) else tipo.assign(quota_spesa=[])
    c.confronta(n, atteso, cosa="La quota di budget spesa", relativa=0.002, assoluta=0.0005, percentuale=True,
                errori_tipici=[
                    (a["quota_spesa"].mean(), "Hai fatto la media delle quote delle singole azioni: somma la spesa, "
                                              "somma il budget, poi dividi (le azioni grandi pesano di più)."),
                    (float(az["spesa"].sum() / az["budget"].sum()),
                     "Hai calcolato su tutte le azioni: tieni solo la tipologia richiesta."),
                    (float(tipo["budget"].sum() / tipo["spesa"].sum()),
                     "Hai diviso al contrario: spesa diviso budget."),
                ], suggerimento="Leggi la colonna quota_spesa di piano_operativo(azioni) nella riga della tipologia, "
                                "oppure somma spesa e budget di quella tipologia e dividi.")
