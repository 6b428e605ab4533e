"""Un piccolo catalogo di indicatori standard sulle tabelle sintetiche, e il loro calcolo tutto insieme.

Ogni voce è un :class:`~course.indicatori.Indicatore` completo (scheda, espressioni, polarità): un
esempio da leggere con ``scheda(...)`` e da copiare per costruire i propri. Le cifre delle regole
(termini in giorni, ore minime, rapporto LEPS) vengono dalla tabella dei parametri.

>>> [i.nome for i in catalogo()][:2]
['Giorni medi dalla domanda al primo colloquio', 'Quota di primi colloqui entro il termine']
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from course._tempi import come_date
from course.dati.caricamento import carica
from course.errori import ErroreCorso, nomi_vicini
from course.indicatori.calcolo import calcola, con_ambito
from course.indicatori.indicatore import Indicatore
from course.monitoraggio import conformita_mensile
from course.parametri import parametro

__all__ = ["catalogo", "dal_catalogo", "calcola_tutti", "mesi_con_ore_sufficienti", "mesi_di_attivita",
           "mesi_valutabili"]

# Il termine del primo colloquio dipende dalla misura: ReD e ADI hanno termini diversi.
_TERMINE = "((misura == 'ADI') * @giorni_primo_colloquio_adi + (misura == 'ReD') * @giorni_primo_colloquio_red)"
_APERTO_CON_PATTO = "data_sottoscrizione.notna() & data_chiusura.isna()"


_GRUPPO, _PRIMO = "_gruppo_patto_mese", "_primo_patto_mese"
_CONFORME, _PRIMO_CONFORME = "_conforme_patto_mese", "_prima_riga_conformita"


def _patto_mese(attivita: pd.DataFrame, patto: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Il codice intero di ogni coppia Patto-mese e la maschera della sua prima riga.

    ``calcola_tutti`` li calcola una volta e li aggiunge alla tabella come colonne di servizio;
    ``patto`` è un codice intero del Patto già noto (la posizione nella tabella dei patti).
    """
    if _GRUPPO in attivita.columns:
        return attivita[_GRUPPO].to_numpy(), attivita[_PRIMO].to_numpy()
    if patto is None or (patto < 0).any():
        patto, _ = pd.factorize(attivita["id_patto"])
    mese, mesi = pd.factorize(attivita["mese"])
    # codice unico del Patto-mese; np.unique lo rende denso (0, 1, 2…) e trova la prima riga di ognuno
    _, primi, gruppo = np.unique(patto.astype("int64") * max(len(mesi), 1) + mese, return_index=True,
                                 return_inverse=True)
    primo = np.zeros(len(attivita), dtype=bool)
    primo[primi] = True
    return gruppo, primo


def _conforme_per_riga(attivita: pd.DataFrame) -> tuple[np.ndarray, pd.arrays.BooleanArray]:
    """La prima riga di ogni Patto-mese e, per ogni riga, se il suo mese rispetta la regola delle ore.

    La regola non si riscrive qui: la si legge da ``course.monitoraggio.conformita_mensile``, così il
    catalogo e il monitoraggio danno sempre la stessa risposta (anche sui mesi senza ore registrate,
    che restano vuoti: non valutabili). ``calcola_tutti`` fa il calcolo una volta sola.
    """
    if _CONFORME in attivita.columns:
        return attivita[_PRIMO_CONFORME].to_numpy(), attivita[_CONFORME].array
    conformita = conformita_mensile(attivita)
    # Patto e mese di ogni riga letti come li legge il monitoraggio (testo; mese di calendario)
    voci = conformita["id_patto"].cat.categories
    patto_riga = voci.get_indexer(attivita["id_patto"].astype(str)).astype(np.int64)
    mese_riga = come_date(attivita["mese"], colonna="mese", tabella="attivita_mensili").to_numpy()
    mese_riga = mese_riga.astype("datetime64[M]").astype(np.int64)
    mese_conf = conformita["mese"].to_numpy().astype("datetime64[M]").astype(np.int64)
    primo_mese = int(mese_conf.min()) if len(conformita) else 0
    larghezza = int(mese_conf.max()) - primo_mese + 1 if len(conformita) else 1
    chiave_conf = conformita["id_patto"].cat.codes.to_numpy(np.int64) * larghezza + (mese_conf - primo_mese)
    posto = pd.Index(chiave_conf).get_indexer(patto_riga * larghezza + (mese_riga - primo_mese))
    primo = np.zeros(len(attivita), dtype=bool)
    primo[np.unique(posto, return_index=True)[1]] = True
    return primo, conformita["conforme"].array.take(posto)


def mesi_di_attivita(attivita: pd.DataFrame) -> pd.Series:
    """1 sulla prima riga di ogni coppia Patto-mese, 0 sulle altre: contare i mesi di attività dei Patti.

    >>> import pandas as pd
    >>> a = pd.DataFrame({"id_patto": ["P1", "P1", "P2"], "mese": pd.to_datetime(["2025-01-01"] * 3)})
    >>> mesi_di_attivita(a).tolist()
    [1.0, 0.0, 1.0]
    """
    return pd.Series(_patto_mese(attivita)[1].astype(float), index=attivita.index)


def mesi_con_ore_sufficienti(attivita: pd.DataFrame) -> pd.Series:
    """1 sulla prima riga di ogni Patto-mese che rispetta la regola delle ore, 0 altrimenti.

    La regola è quella di ``course.monitoraggio.conformita_mensile`` (colonna ``conforme``): almeno
    ``ore_mensili_minime`` ore svolte nel mese, di cui in attività qualificanti (tirocinio,
    sussidiarietà, lavoro di comunità) almeno la quota ``quota_minima_attivita_qualificanti`` del
    minimo. Serve la tabella ``attivita_mensili`` completa; con la colonna ``misura`` i Patti ADI
    restano fuori (``calcola_tutti`` la aggiunge dalla tabella dei patti).

    >>> import pandas as pd
    >>> a = pd.DataFrame({"id_patto": ["P1", "P1", "P2"], "mese": pd.to_datetime(["2025-01-01"] * 3),
    ...                   "tipo_attivita": ["tirocinio", "formazione", "formazione"], "ore_previste": [40, 30, 70],
    ...                   "ore_svolte": [40, 30, 70], "assenze_giustificate": 0, "assenze_ingiustificate": 0})
    >>> mesi_con_ore_sufficienti(a).tolist()
    [1.0, 0.0, 0.0]
    """
    primo, conforme = _conforme_per_riga(attivita)
    return pd.Series((primo & conforme.fillna(False).to_numpy(bool)).astype(float), index=attivita.index)


def mesi_valutabili(attivita: pd.DataFrame) -> pd.Series:
    """1 sulla prima riga di ogni Patto-mese con ore svolte registrate, 0 altrimenti.

    È il denominatore della quota di mesi con ore sufficienti: un mese senza nessun valore di ore
    svolte non si può giudicare, quindi non conta né come conforme né come non conforme (come in
    ``course.monitoraggio.riepilogo_conformita``).

    >>> import pandas as pd
    >>> a = pd.DataFrame({"id_patto": ["P1", "P1", "P2"], "mese": pd.to_datetime(["2025-01-01"] * 3),
    ...                   "tipo_attivita": "tirocinio", "ore_previste": [40, 30, 70],
    ...                   "ore_svolte": pd.array([40, 30, None], dtype="Int64"),
    ...                   "assenze_giustificate": 0, "assenze_ingiustificate": 0})
    >>> mesi_valutabili(a).tolist()
    [1.0, 0.0, 0.0]
    """
    primo, conforme = _conforme_per_riga(attivita)
    return pd.Series((primo & ~conforme.isna()).astype(float), index=attivita.index)


def catalogo() -> list[Indicatore]:
    """Gli indicatori standard del corso, calcolabili sulle tabelle sintetiche.

    >>> voci = catalogo()
    >>> len(voci), all(i.polarita for i in voci)
    (9, True)
    """
    comuni = dict(fonte="Cartella sociale / piattaforma GePI (tabella patti)", frequenza="mensile",
                  responsabile="Servizio sociale professionale", tabella="patti")
    return [
        Indicatore(
            "Giorni medi dalla domanda al primo colloquio", tipo="processo", unita="giorni", polarita="decrescente",
            definizione="Tempo medio, in giorni, tra la domanda e il primo colloquio con il nucleo, per i colloqui fatti.",
            numeratore="data_primo_colloquio - data_domanda", denominatore="data_primo_colloquio.notna()",
            data="data_domanda", **comuni),
        Indicatore(
            "Quota di primi colloqui entro il termine", tipo="processo", unita="%", polarita="crescente",
            definizione="Tra i nuclei per cui il termine è scaduto o il colloquio c'è stato, quota di quelli con il "
                        "primo colloquio entro il termine della misura (ReD o ADI, dalla tabella dei parametri).",
            numeratore=f"data_primo_colloquio - data_domanda <= {_TERMINE}",
            denominatore=f"data_primo_colloquio.notna() | (@oggi - data_domanda > {_TERMINE})",
            data="data_domanda", **comuni),
        Indicatore(
            "Quota di Patti sottoscritti", tipo="output", unita="%", polarita="crescente",
            definizione="Prese in carico con il Patto sottoscritto, sul totale delle prese in carico.",
            numeratore="data_sottoscrizione.notna()", denominatore="righe", data="data_domanda", **comuni),
        Indicatore(
            "Quota di revisioni in ritardo", tipo="processo", unita="%", polarita="decrescente",
            definizione="Tra i Patti aperti e sottoscritti, quota di quelli senza una verifica (o, se non ce ne sono, "
                        "senza la sottoscrizione) negli ultimi giorni_revisione_percorso giorni.",
            numeratore=f"{_APERTO_CON_PATTO} & (@oggi - data_ultima_revisione.fillna(data_sottoscrizione) "
                       "> @giorni_revisione_percorso)",
            denominatore=_APERTO_CON_PATTO, data="data_sottoscrizione", **comuni),
        Indicatore(
            "Quota di Patti conclusi positivamente", tipo="risultato", unita="%", polarita="crescente",
            definizione="Tra le prese in carico chiuse, quota di quelle chiuse con esito «concluso».",
            numeratore="esito == 'concluso'", denominatore="data_chiusura.notna()", data="data_chiusura", **comuni),
        Indicatore(
            "Residenti per assistente sociale", tipo="input", unita="residenti", polarita="decrescente",
            definizione="Residenti dell'Ambito per ogni assistente sociale a tempo pieno equivalente (LEPS).",
            numeratore="popolazione", denominatore="(ruolo == 'assistente sociale') * fte",
            target=parametro("residenti_per_assistente_sociale"), tabella="popolazione",
            tabella_denominatore="operatori", fonte="ISTAT (popolazione); pianta organica dell'Ambito (operatori)",
            frequenza="annuale", responsabile="Ufficio di Piano"),
        Indicatore(
            "Quota di mesi di Patto con ore sufficienti", tipo="processo", unita="%", polarita="crescente",
            definizione="Mesi-Patto ReD che rispettano la regola delle ore (le ore minime svolte, di cui in attività "
                        "qualificanti almeno la metà del minimo), sul totale dei mesi-Patto ReD con ore svolte "
                        "registrate. I Patti ADI non si contano: la regola è del ReD.",
            numeratore=mesi_con_ore_sufficienti, denominatore=mesi_valutabili, tabella="attivita_mensili",
            data="mese", fonte="Registro delle presenze (tabella attivita_mensili)", frequenza="mensile",
            responsabile="Ufficio di Piano"),
        Indicatore(
            "Quota di ore perse per assenze ingiustificate", tipo="processo", unita="%", polarita="decrescente",
            definizione="Ore di assenza non giustificata sul totale delle ore previste nei Patti.",
            numeratore="assenze_ingiustificate", denominatore="ore_previste", tabella="attivita_mensili", data="mese",
            fonte="Registro delle presenze (tabella attivita_mensili)", frequenza="mensile",
            responsabile="Ufficio di Piano"),
        Indicatore(
            "Quota di destinatari raggiunti dalle azioni con gli ETS", tipo="output", unita="%", polarita="crescente",
            definizione="Destinatari raggiunti sul totale dei destinatari previsti dalle azioni del Piano operativo.",
            numeratore="destinatari_raggiunti", denominatore="destinatari_previsti", tabella="azioni_ets",
            data="data_inizio", fonte="Rendicontazione degli ETS (tabella azioni_ets)", frequenza="trimestrale",
            responsabile="Ufficio di Piano"),
    ]


def dal_catalogo(nome: str) -> Indicatore:
    """L'indicatore del catalogo con questo nome (maiuscole e minuscole non contano).

    >>> dal_catalogo("quota di patti sottoscritti").unita
    '%'
    """
    voci = {i.nome.lower(): i for i in catalogo()}
    if str(nome).lower() in voci:
        return voci[str(nome).lower()]
    nomi = [i.nome for i in catalogo()]
    vicini = nomi_vicini(str(nome), nomi)
    forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
    raise ErroreCorso(f"Nel catalogo non c'è l'indicatore {nome!r}.{forse} Gli indicatori sono: {'; '.join(nomi)}.")


def _tabelle_necessarie(indicatori) -> set[str]:
    nomi = {i.tabella for i in indicatori} | {i.tabella_denominatore for i in indicatori}
    return {n for n in nomi if n and n != "popolazione"} | {"patti"}


def calcola_tutti(dati=None, *, per="ambito", indicatori=None, oggi=None) -> pd.DataFrame:
    """Tutti gli indicatori del catalogo (o quelli indicati) per Ambito o per periodo, in una tabella lunga.

    ``dati`` è un dizionario di tabelle (``{"patti": ..., "operatori": ...}``); se manca si caricano
    i dati del corso con ``course.dati.carica``. Gli indicatori le cui tabelle mancano sono saltati e
    elencati in ``risultato.attrs["saltati"]``.

    >>> import pandas as pd
    >>> patti = pd.DataFrame({"codice_ambito": ["ATS-BA-01", "ATS-BA-02"], "esito": ["concluso", None],
    ...                       "data_chiusura": pd.to_datetime(["2025-03-01", None])})
    >>> t = calcola_tutti({"patti": patti}, indicatori=[dal_catalogo("Quota di Patti conclusi positivamente")])
    >>> t[["indicatore", "codice_ambito", "valore"]]
                                  indicatore codice_ambito  valore
    0  Quota di Patti conclusi positivamente     ATS-BA-01   100.0
    1  Quota di Patti conclusi positivamente     ATS-BA-02     NaN
    """
    indicatori = catalogo() if indicatori is None else list(indicatori)
    if dati is None:
        dati = {n: carica(n) for n in _tabelle_necessarie(indicatori)}
    if not isinstance(dati, Mapping):
        raise ErroreCorso("calcola_tutti vuole un dizionario di tabelle, ad esempio {'patti': patti, "
                          "'operatori': operatori}, perché gli indicatori usano tabelle diverse.")
    elenco_per = [per] if isinstance(per, str) else list(per)
    dati = dict(dati)
    attivita, patti = dati.get("attivita_mensili"), dati.get("patti")
    if isinstance(attivita, pd.DataFrame) and {"id_patto", "mese"} <= set(attivita.columns):
        # Una sola ricerca dei codici dei Patti serve sia per l'Ambito sia per i gruppi Patto-mese.
        aggiunte, patto = {}, None
        if isinstance(patti, pd.DataFrame) and {"id_patto", "codice_ambito"} <= set(patti.columns):
            unici = patti.drop_duplicates("id_patto")
            patto = pd.Index(unici["id_patto"]).get_indexer(attivita["id_patto"])
            if "codice_ambito" not in attivita.columns:
                ambiti = unici["codice_ambito"].astype("category")
                codici = ambiti.cat.codes.to_numpy()[patto]
                codici[patto < 0] = -1
                aggiunte["codice_ambito"] = pd.Categorical.from_codes(codici, ambiti.cat.categories)
            if "misura" in unici.columns and "misura" not in attivita.columns:
                # la regola delle ore è del ReD: la misura di ogni Patto serve per escludere l'ADI
                misure = unici["misura"].astype("category")
                codici = misure.cat.codes.to_numpy()[patto]
                codici[patto < 0] = -1
                aggiunte["misura"] = pd.Categorical.from_codes(codici, misure.cat.categories)
        gruppo, primo = _patto_mese(attivita, patto)
        aggiunte.update({_GRUPPO: gruppo, _PRIMO: primo})
        funzioni = {f for i in indicatori for f in (i.numeratore, i.denominatore)}
        if funzioni & {mesi_con_ore_sufficienti, mesi_valutabili}:
            # la conformità mensile una volta sola, per numeratore e denominatore
            con_misura = attivita.assign(misura=aggiunte["misura"]) if "misura" in aggiunte else attivita
            aggiunte[_PRIMO_CONFORME], aggiunte[_CONFORME] = _conforme_per_riga(con_misura)
        dati["attivita_mensili"] = attivita.assign(**aggiunte)
        dati["attivita_mensili"].attrs = attivita.attrs
    if {"ambito", "provincia"} & set(elenco_per):
        dati = con_ambito(dati)
    parti, saltati = [], []
    for ind in indicatori:
        mancanti = [t for t in (ind.tabella, ind.tabella_denominatore) if t and t != "popolazione" and t not in dati]
        if mancanti:
            saltati.append(f"{ind.nome} (manca la tabella {', '.join(mancanti)})")
            continue
        if ind.data is None and any(p in ("mese", "trimestre", "anno") for p in elenco_per):
            saltati.append(f"{ind.nome} (non ha una data: si calcola solo per Ambito o provincia)")
            continue
        r = calcola(ind, dati, per=per, oggi=oggi)
        r.insert(0, "unita", ind.unita)
        r.insert(0, "indicatore", ind.nome)
        r["polarita"] = ind.polarita
        r["target"] = ind.target if ind.target is not None else np.nan
        if "target_raggiunto" not in r:
            r["target_raggiunto"] = pd.array([pd.NA] * len(r), dtype="boolean")
        parti.append(r)
    if not parti:
        raise ErroreCorso("Nessun indicatore calcolabile con le tabelle date: " + "; ".join(saltati) + ".")
    risultato = pd.concat(parti, ignore_index=True)
    ordine = ["indicatore", "unita"] + [c for c in risultato.columns if c not in (
        "indicatore", "unita", "numeratore", "denominatore", "valore", "target", "target_raggiunto", "polarita", "nota")]
    risultato = risultato[ordine + ["numeratore", "denominatore", "valore", "polarita", "target", "target_raggiunto", "nota"]]
    risultato.attrs = {"per": elenco_per, "saltati": saltati}
    return risultato
