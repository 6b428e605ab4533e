"""Verifiche del modulo 03 (progettare indicatori: polarità, tipo, scheda SMART, baseline).

Le risposte attese vengono dal catalogo degli indicatori del corso (``course.indicatori``)
e dai dati che il corsista carica; il controllo della scheda usa ``course.indicatori.controlla_smart``
e ``calcola``, gli stessi strumenti della lezione.
"""

from __future__ import annotations

from course.verifica._letture import dati
from course.verifica.correzione import normalizza_testo
from course.verifica.registro import registra

__all__ = ["POLARITA_DA_DARE", "TIPI_DA_DARE", "AMBITO_BASELINE", "INDICATORE_BASELINE"]

#: Gli indicatori del catalogo di cui, nell'esercizio 3.1, si chiede la polarità.
POLARITA_DA_DARE = (
    "Giorni medi dalla domanda al primo colloquio",
    "Quota di Patti sottoscritti",
    "Quota di ore perse per assenze ingiustificate",
    "Residenti per assistente sociale",
    "Quota di Patti conclusi positivamente",
)
#: Gli indicatori del catalogo di cui, nell'esercizio 3.2, si chiede il tipo.
TIPI_DA_DARE = (
    "Residenti per assistente sociale",
    "Giorni medi dalla domanda al primo colloquio",
    "Quota di Patti sottoscritti",
    "Quota di Patti conclusi positivamente",
)
#: L'Ambito e l'indicatore della baseline (esercizio 3.4).
AMBITO_BASELINE = "ATS-LE-03"
INDICATORE_BASELINE = "Giorni medi dalla domanda al primo colloquio"

_CONSIGLI_TIPO = {
    "input": "Un indicatore di input misura le risorse messe in campo (persone, euro), prima di ogni attività.",
    "processo": "Un indicatore di processo misura come si svolge il lavoro: tempi, rispetto delle procedure.",
    "output": "Un indicatore di output conta i prodotti del lavoro: Patti firmati, colloqui fatti.",
    "risultato": "Un indicatore di risultato guarda che cosa cambia per le persone: percorsi conclusi bene.",
}


def _campo_catalogo(campo: str) -> dict[str, str]:
    from course.indicatori import catalogo

    return {i.nome: getattr(i, campo) for i in catalogo()}


def _quiz(risposta, c, *, nomi, campo, ammessi, consigli):
    d = c.dizionario(risposta, chiavi=nomi, cosa="gli indicatori", peso=len(nomi))
    if d is None:
        return
    attesi = _campo_catalogo(campo)
    for nome in nomi:
        valore = d[nome]
        if not isinstance(valore, str) or normalizza_testo(valore) not in {normalizza_testo(a) for a in ammessi}:
            c.male(f"«{nome}»: la risposta deve essere una di queste parole: {', '.join(ammessi)}.",
                   suggerimento=f"Al posto di None scrivi una parola tra virgolette: {', '.join(ammessi)}.",
                   specifico=True)
            continue
        if normalizza_testo(valore) == normalizza_testo(attesi[nome]):
            c.bene(f"«{nome}»: giusto.")
        else:
            c.male(f"«{nome}»: non è {valore}.", suggerimento=consigli(nome, attesi[nome], valore))


@registra("3.1", titolo="La polarità degli indicatori", competenze=["C3"])
def _polarita(risposta, c):
    def consiglio(nome, atteso, dato):
        return (f"Per «{nome}» chiediti: se il numero sale, per i nuclei e per il servizio è una buona notizia? "
                "Se sì la polarità è crescente, se no decrescente.")

    _quiz(risposta, c, nomi=POLARITA_DA_DARE, campo="polarita", ammessi=("crescente", "decrescente"),
          consigli=consiglio)


@registra("3.2", titolo="Il tipo degli indicatori", competenze=["C3"])
def _tipo(risposta, c):
    def consiglio(nome, atteso, dato):
        return f"Rivedi «{nome}». {_CONSIGLI_TIPO.get(dato, '')}".strip()

    _quiz(risposta, c, nomi=TIPI_DA_DARE, campo="tipo",
          ammessi=("input", "processo", "output", "risultato", "impatto"), consigli=consiglio)


@registra("3.3", titolo="La scheda di un indicatore SMART", competenze=["C3"], punti=3)
def _scheda(risposta, c):
    import math

    from course.errori import ErroreCorso
    from course.indicatori import Indicatore, calcola, controlla_smart

    if not isinstance(risposta, Indicatore):
        from course.verifica.correzione import descrivi_tipo

        c.male(f"Mi aspettavo un Indicatore, ma hai dato {descrivi_tipo(risposta)}.", peso=3.5, specifico=True,
               suggerimento="Costruisci la risposta con Indicatore(\"nome\", numeratore=..., denominatore=..., ...), "
                            "come nel modello della cella.")
        return
    gravi = [r for r in controlla_smart(risposta) if r.gravita == "grave"]
    if gravi:
        elenco = "; ".join(r.messaggio.rstrip(".") for r in gravi)
        c.male(f"Il controllo SMART trova problemi gravi: {elenco}.", peso=1,
               suggerimento=gravi[0].suggerimento, specifico=True)
    else:
        c.bene("Il controllo SMART non trova problemi gravi: la scheda è completa.", peso=1)
    c.controlla(risposta.polarita == "crescente", peso=0.5, bene="La polarità è giusta.",
                male="La polarità non è giusta.",
                suggerimento="Più Patti ADI sottoscritti è una buona notizia: la polarità è «crescente».")
    c.controlla(risposta.target is not None and risposta.scadenza is not None, peso=0.5,
                bene="C'è un target con la sua scadenza.", male="Manca il target o la sua scadenza.",
                suggerimento="Aggiungi target=... (un numero) e scadenza=\"31/12/2026\".")
    patti = dati("patti")
    adi = patti["misura"].astype("string").eq("ADI").fillna(False)
    # il valore della lezione (tutti gli Ambiti); il compito valutato usa l'Ambito di ciascuno (grading/varianti.py)
    atteso = float((adi & patti["data_sottoscrizione"].notna()).sum() / adi.sum() * 100) if adi.sum() else float("nan")
    try:
        risultato = calcola(risposta, patti, per="totale")
        valore = float(risultato["valore"].iloc[0])
    except (ErroreCorso, KeyError, IndexError, TypeError, ValueError) as errore:
        c.male("Non riesco a calcolare l'indicatore sui dati.", peso=1.5, specifico=True,
               suggerimento=f"Il calcolo dice: {str(errore)[:300]}")
        return
    if risposta.unita != "%" and not math.isnan(valore):
        valore *= 100
    if not math.isnan(valore) and math.isclose(valore, atteso, rel_tol=1e-6, abs_tol=1e-6):
        c.bene("Numeratore e denominatore sono giusti: il valore calcolato sui dati torna.", peso=1.5)
        return
    firmati = patti["data_sottoscrizione"].notna()
    sbagli = {
        "tutti": firmati[adi].sum() / len(patti) * 100,
        "numeratore": firmati.sum() / adi.sum() * 100 if adi.sum() else float("nan"),
    }
    if math.isclose(valore, sbagli["tutti"], rel_tol=1e-6):
        consiglio = ("Il denominatore conta tutte le prese in carico: deve contare solo quelle ADI "
                     "(una condizione sulla colonna della misura).")
    elif math.isclose(valore, sbagli["numeratore"], rel_tol=1e-6):
        consiglio = ("Il numeratore conta anche i Patti ReD: deve contare solo i Patti ADI sottoscritti, "
                     "unisci le due condizioni con &.")
    else:
        consiglio = ("Il numeratore conta le prese in carico ADI con la data di sottoscrizione; il denominatore "
                     "tutte le prese in carico ADI.")
    c.male("Il valore calcolato sui dati non torna: numeratore o denominatore non sono quelli giusti.", peso=1.5,
           suggerimento=consiglio, specifico=True)


@registra("3.4", titolo="La baseline di un indicatore", competenze=["C3", "C2"])
def _baseline(risposta, c):
    n = c.numero(risposta, cosa="la baseline")
    if n is None:
        return
    patti = dati("patti")
    codici = set(patti["codice_ambito"].astype(str))
    ambito = AMBITO_BASELINE if AMBITO_BASELINE in codici else sorted(codici)[0]
    p = patti[patti["codice_ambito"].astype(str) == ambito]
    giorni = (p["data_primo_colloquio"] - p["data_domanda"]).dt.days
    atteso = giorni.mean()
    c.confronta(n, atteso, cosa="La baseline", relativa=0.002, assoluta=0.05, errori_tipici=[
        (giorni.median(), "Hai usato la mediana: l'indicatore è una media (somma dei giorni diviso numero di "
                          "colloqui)."),
        ((p["data_primo_colloquio"] - p["data_assegnazione"]).dt.days.mean(),
         "Hai contato dall'assegnazione del case manager: l'indicatore parte dalla data della domanda."),
        (giorni.sum() / len(p), "Hai diviso per tutte le prese in carico: il denominatore conta solo i colloqui "
                                "fatti."),
        ((patti["data_primo_colloquio"] - patti["data_domanda"]).dt.days.mean(),
         "Hai calcolato su tutti gli Ambiti: filtra prima l'Ambito richiesto."),
    ], suggerimento="Usa calcola(indicatore, patti) e leggi la riga dell'Ambito, oppure fai la media dei giorni "
                    "tra domanda e primo colloquio per quell'Ambito.")
