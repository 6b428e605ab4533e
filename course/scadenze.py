"""Scadenze della presa in carico e lavoro per priorità (competenza C2).

Dalla tabella ``patti`` (una riga per presa in carico, con le date delle fasi) si ricava, per ogni
caso aperto, la **prossima fase da fare** e la sua **scadenza** secondo i termini della tabella dei
parametri; poi lo **scadenzario** (la coda dei casi in ordine di urgenza e di rischio, con il motivo
scritto per esteso), il **carico di lavoro** di ogni case manager e l'**anzianità** dei casi aperti.

Le fasi, in ordine: assegnazione del case manager → primo colloquio → analisi preliminare →
quadro di analisi (solo se serve) → sottoscrizione del Patto → revisioni periodiche del percorso.

>>> import pandas as pd
>>> patti = pd.DataFrame({
...     "id_patto": ["P1"], "codice_ambito": ["ATS-BA-01"], "misura": ["ADI"], "id_operatore": ["OP1"],
...     "data_domanda": [pd.Timestamp("2025-01-10")], "data_assegnazione": [pd.Timestamp("2025-01-20")],
...     "data_primo_colloquio": [pd.NaT], "data_analisi_preliminare": [pd.NaT],
...     "quadro_analisi_necessario": [False], "data_quadro_analisi": [pd.NaT],
...     "data_sottoscrizione": [pd.NaT], "data_ultima_revisione": [pd.NaT], "data_chiusura": [pd.NaT]})
>>> s = prossime_scadenze(patti, alla_data="2025-05-22")
>>> s.loc[0, "fase"], int(s.loc[0, "giorni_residui"]), s.loc[0, "stato"]
('primo colloquio', -12, 'scaduta')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course import _pyarrow, formato
from course._conteggi import tabella_conteggi
from course._tempi import come_date, data_riferimento, parametro_alla_data
from course.date import leggi_data
from course.errori import ErroreCorso, controlla_colonne, controlla_scelta
from course.note import nota
from course.territorio import codice_ambito

__all__ = [
    "FASI", "STATI", "COLONNE_PATTI", "termini", "prossime_scadenze", "scadenzario",
    "filtra_scadenzario", "carico_case_manager", "anzianita_casi",
]

FASI = (
    "assegnazione del case manager", "primo colloquio", "analisi preliminare",
    "quadro di analisi", "sottoscrizione del Patto", "revisione del percorso",
)
"""Le fasi della presa in carico, nell'ordine in cui si fanno."""

STATI = ("scaduta", "in scadenza", "da verificare", "nei termini")
"""Gli stati di una scadenza, dal più urgente al meno urgente (è anche l'ordine dello scadenzario)."""

_DATE = (
    "data_domanda", "data_assegnazione", "data_primo_colloquio", "data_analisi_preliminare",
    "data_quadro_analisi", "data_sottoscrizione", "data_ultima_revisione", "data_chiusura",
)
COLONNE_PATTI = ("id_patto", "codice_ambito", "misura", "id_operatore", *_DATE[:4],
                 "quadro_analisi_necessario", *_DATE[4:])
"""Le colonne della tabella ``patti`` che servono per le scadenze."""

# «della domanda», «del primo colloquio»: servono per scrivere le anomalie in buon italiano
_DI = {
    "data_domanda": "della domanda", "data_assegnazione": "dell'assegnazione",
    "data_primo_colloquio": "del primo colloquio", "data_analisi_preliminare": "dell'analisi preliminare",
    "data_quadro_analisi": "del quadro di analisi", "data_sottoscrizione": "della sottoscrizione",
    "data_ultima_revisione": "dell'ultima revisione", "data_chiusura": "della chiusura",
}
_IN_ORDINE = [
    ("data_domanda", "data_assegnazione"), ("data_assegnazione", "data_primo_colloquio"),
    ("data_primo_colloquio", "data_analisi_preliminare"), ("data_analisi_preliminare", "data_quadro_analisi"),
    ("data_analisi_preliminare", "data_sottoscrizione"), ("data_quadro_analisi", "data_sottoscrizione"),
    ("data_sottoscrizione", "data_ultima_revisione"), ("data_domanda", "data_sottoscrizione"),
]
_FEMMINILE = {"assegnazione del case manager", "analisi preliminare", "sottoscrizione del Patto",
              "revisione del percorso"}

_NOMI_TERMINI = {
    "assegnazione": "giorni_primo_contatto",
    "primo_colloquio_adi": "giorni_primo_colloquio_adi",
    "primo_colloquio_red": "giorni_primo_colloquio_red",
    "analisi_preliminare": "giorni_analisi_preliminare",
    "quadro_analisi": "giorni_quadro_analisi",
    "sottoscrizione": "giorni_sottoscrizione_patto",
    "revisione": "giorni_revisione_percorso",
    "preavviso": "giorni_preavviso_scadenza",
}


def termini(*, alla_data=None) -> dict[str, int]:
    """I termini in giorni di ogni fase, letti dalla tabella dei parametri (in vigore ``alla_data``).

    Se a quella data un termine non era ancora in vigore (ad esempio quelli dell'ADI prima del 2024)
    si usa la prima versione nota. Il dizionario si può copiare e modificare per fare una simulazione (ad esempio il termine
    ridotto di 60 giorni per il primo colloquio ADI) e poi passare a ``prossime_scadenze``.

    >>> t = termini(alla_data="2025-03-31")
    >>> t["primo_colloquio_adi"], t["revisione"]
    (120, 90)
    >>> sorted(t)[:3]
    ['analisi_preliminare', 'assegnazione', 'preavviso']
    """
    giorno = leggi_data(alla_data, cosa="la data (alla_data)") if alla_data is not None else pd.Timestamp.today().normalize()
    return {chiave: int(parametro_alla_data(nome, giorno)) for chiave, nome in _NOMI_TERMINI.items()}


def _controlla_termini(dati: dict | None, giorno: pd.Timestamp) -> dict[str, int]:
    completi = termini(alla_data=giorno)
    if dati is None:
        return completi
    if not isinstance(dati, dict):
        raise ErroreCorso("termini deve essere un dizionario come quello restituito da termini().")
    for chiave, valore in dati.items():
        controlla_scelta(chiave, list(completi), cosa="termine")
        if isinstance(valore, bool) or not isinstance(valore, (int, np.integer)) or valore < 0:
            raise ErroreCorso(
                f"Il termine {chiave!r} deve essere un numero intero di giorni (0 o più), non {valore!r}."
            )
        completi[chiave] = int(valore)
    return completi


def _prepara(patti) -> pd.DataFrame:
    controlla_colonne(patti, COLONNE_PATTI, tabella="patti")
    extra = [c for c in ("id_nucleo", "esito") if c in patti.columns]
    df = patti.loc[:, [*COLONNE_PATTI, *extra]].copy()
    for c in _DATE:
        df[c] = come_date(df[c], colonna=c, tabella="patti")
    df["quadro_analisi_necessario"] = df["quadro_analisi_necessario"].astype("boolean").fillna(False).astype(bool)
    return df


def _unisci_note(indice, note: list[tuple[pd.Series, object]]) -> pd.Series:
    """Le frasi delle note vere per ogni riga, unite da «; » (in Arrow: veloce anche su centinaia di migliaia di casi)."""
    n = len(indice)
    if n == 0 or not note:
        return pd.Series("", index=indice, dtype=object)
    if not _pyarrow.disponibile():
        return _unisci_note_senza_arrow(indice, note)
    import pyarrow as pa
    import pyarrow.compute as pc

    parti = []
    for maschera, frase in note:
        vera = np.asarray(maschera.fillna(False) if isinstance(maschera, pd.Series) else maschera, bool)
        vera = np.broadcast_to(vera, (n,))
        testo = pa.array(np.asarray(frase, dtype=object).astype(str), pa.string()) if not isinstance(frase, str) \
            else pa.scalar(frase)
        parti.append(pc.if_else(pa.array(vera), testo, pa.scalar("")))
    testo = pc.binary_join_element_wise(*parti, "; ") if len(parti) > 1 else parti[0]
    testo = pc.replace_substring_regex(testo, r"(; ){2,}", "; ")
    testo = pc.replace_substring_regex(testo, r"^; |; $", "")
    return pd.Series(testo.to_numpy(zero_copy_only=False), index=indice, dtype=object)


def _unisci_note_senza_arrow(indice, note: list[tuple[pd.Series, object]]) -> pd.Series:
    """:func:`_unisci_note` con pandas soltanto (l'installazione del corsista, senza pyarrow): stesse frasi."""
    n = len(indice)
    testo = None
    for maschera, frase in note:
        vera = np.asarray(maschera.fillna(False) if isinstance(maschera, pd.Series) else maschera, bool)
        vera = np.broadcast_to(vera, (n,))
        frasi = np.broadcast_to(np.asarray(frase, dtype=object).astype(str), (n,)).astype(object)
        parte = pd.Series(np.where(vera, frasi, ""), index=indice, dtype=object)
        testo = parte if testo is None else testo + "; " + parte
    testo = testo.str.replace(r"(; ){2,}", "; ", regex=True).str.replace(r"^; |; $", "", regex=True)
    return testo.astype(object)


def _anomalie(a: pd.DataFrame, giorno: pd.Timestamp) -> pd.Series:
    note = []
    for prima, dopo in _IN_ORDINE:
        note.append((a[dopo] < a[prima], f"data {_DI[dopo]} anteriore a quella {_DI[prima]}"))
    for c in _DATE[:-1]:
        note.append((a[c] > giorno, f"data {_DI[c]} successiva alla data di riferimento"))
    note.append((a["data_domanda"].isna(), "manca la data della domanda"))
    catena = ["data_assegnazione", "data_primo_colloquio", "data_analisi_preliminare", "data_sottoscrizione"]
    for i, c in enumerate(catena[:-1]):
        dopo = a[catena[i + 1:]].notna().any(axis=1)
        note.append((a[c].isna() & dopo, f"manca la data {_DI[c]} ma le fasi successive sono registrate"))
    note.append((a["quadro_analisi_necessario"] & a["data_quadro_analisi"].isna() & a["data_sottoscrizione"].notna(),
                 "Patto sottoscritto senza il quadro di analisi richiesto"))
    note.append((a["data_assegnazione"].notna() & a["id_operatore"].isna(), "case manager non indicato"))
    sconosciuta = ~a["misura"].isin(["ADI", "ReD"])
    note.append((sconosciuta, "misura non riconosciuta («" + a["misura"].astype(str) + "»): attesa ADI o ReD"))
    return _unisci_note(a.index, note)


def prossime_scadenze(patti, *, alla_data=None, termini: dict | None = None) -> pd.DataFrame:
    """Per ogni presa in carico aperta: la prossima fase, la sua scadenza e i giorni che restano.

    ``alla_data`` è il giorno a cui si fa il conto (se manca, quello dei dati:
    ``patti.attrs["data_riferimento"]``). I termini vengono dalla tabella dei parametri; con
    ``termini=`` si può passare un dizionario modificato (vedi ``termini()``).

    Colonne del risultato: ``id_patto``, ``codice_ambito``, ``misura``, ``id_operatore``, ``fase``,
    ``dal`` (la data da cui corre il termine), ``termine_giorni``, ``scadenza``, ``giorni_residui``
    (negativi se la scadenza è passata), ``giorni_ritardo``, ``stato`` (uno di ``STATI``),
    ``giorni_aperto`` (giorni dalla domanda) e ``anomalie`` (date mancanti o fuori ordine, scritte
    per esteso: il caso resta in tabella, non si ferma il calcolo).

    >>> import pandas as pd
    >>> patti = pd.DataFrame({
    ...     "id_patto": ["P1", "P2"], "codice_ambito": ["ATS-LE-02"] * 2, "misura": ["ReD", "ADI"],
    ...     "id_operatore": ["OP1", "OP2"],
    ...     "data_domanda": pd.to_datetime(["2024-09-02", "2024-10-01"]),
    ...     "data_assegnazione": pd.to_datetime(["2024-09-10", "2024-10-05"]),
    ...     "data_primo_colloquio": pd.to_datetime(["2024-10-01", "2024-10-20"]),
    ...     "data_analisi_preliminare": pd.to_datetime(["2024-10-15", "2024-11-04"]),
    ...     "quadro_analisi_necessario": [False, False], "data_quadro_analisi": [pd.NaT, pd.NaT],
    ...     "data_sottoscrizione": pd.to_datetime(["2024-11-05", "2024-10-30"]),
    ...     "data_ultima_revisione": pd.to_datetime(["2025-01-20", pd.NaT]),
    ...     "data_chiusura": [pd.NaT, pd.NaT]})
    >>> s = prossime_scadenze(patti, alla_data="2025-03-01")
    >>> s[["id_patto", "fase", "scadenza", "giorni_residui", "stato"]]
      id_patto                   fase   scadenza  giorni_residui        stato
    0       P1  revisione del percorso 2025-04-20              50  nei termini
    1       P2  revisione del percorso 2025-01-28             -32      scaduta
    >>> s.loc[1, "anomalie"]
    "data della sottoscrizione anteriore a quella dell'analisi preliminare"
    """
    giorno = data_riferimento(patti, alla_data)
    t = _controlla_termini(termini, giorno)
    df = _prepara(patti)
    aperti = df["data_chiusura"].isna()
    if "esito" in df.columns:
        aperti &= df["esito"].isna()
    a = df[aperti]

    # la fase da fare è quella dopo l'ultima registrata (anche se ne manca una prima: è un'anomalia)
    ha = {c: a[c].notna() for c in _DATE}
    revisione_dal = a[["data_sottoscrizione", "data_ultima_revisione"]].max(axis=1)
    scelte = [
        (ha["data_sottoscrizione"], "revisione del percorso", revisione_dal, t["revisione"]),
        (ha["data_quadro_analisi"], "sottoscrizione del Patto", a["data_quadro_analisi"], t["sottoscrizione"]),
        (ha["data_analisi_preliminare"] & a["quadro_analisi_necessario"], "quadro di analisi",
         a["data_analisi_preliminare"], t["quadro_analisi"]),
        (ha["data_analisi_preliminare"], "sottoscrizione del Patto", a["data_analisi_preliminare"],
         t["sottoscrizione"]),
        (ha["data_primo_colloquio"], "analisi preliminare", a["data_primo_colloquio"], t["analisi_preliminare"]),
    ]
    primo_colloquio = np.select([a["misura"].eq("ADI").to_numpy(bool), a["misura"].eq("ReD").to_numpy(bool)],
                                [t["primo_colloquio_adi"], t["primo_colloquio_red"]], np.nan)
    scelte.append((ha["data_assegnazione"], "primo colloquio", a["data_domanda"], primo_colloquio))
    condizioni = [c.to_numpy(bool) for c, *_ in scelte]
    fase = np.select(condizioni, [f for _, f, _, _ in scelte], FASI[0])
    dal = np.select(condizioni, [d.to_numpy("datetime64[ns]") for _, _, d, _ in scelte],
                    a["data_domanda"].to_numpy("datetime64[ns]"))
    giorni = np.select(condizioni, [np.broadcast_to(np.asarray(g, dtype=float), len(a)) for *_, g in scelte],
                       float(t["assegnazione"]))

    out = a[["id_patto", *(["id_nucleo"] if "id_nucleo" in a else []), "codice_ambito", "misura",
             "id_operatore"]].copy()
    out["fase"] = pd.Categorical(fase, categories=FASI)
    out["dal"] = pd.to_datetime(dal)
    out["termine_giorni"] = pd.array(giorni, dtype="Float64").astype("Int64")
    out["scadenza"] = out["dal"] + pd.to_timedelta(giorni, unit="D")
    residui = (out["scadenza"] - giorno).dt.days
    out["giorni_residui"] = residui.astype("Int64")
    out["giorni_ritardo"] = (-residui).clip(lower=0).astype("Int64")
    stato = np.select([residui.lt(0).to_numpy(bool), residui.le(t["preavviso"]).to_numpy(bool),
                       residui.isna().to_numpy(bool)], ["scaduta", "in scadenza", "da verificare"], "nei termini")
    out["stato"] = pd.Categorical(stato, categories=STATI)
    out["giorni_aperto"] = (giorno - a["data_domanda"]).dt.days.astype("Int64")
    out["anomalie"] = _anomalie(a, giorno)
    out.attrs["data_riferimento"] = giorno
    out = out.reset_index(drop=True)
    if len(a) and a["data_domanda"].isna().all():
        nota("La colonna data_domanda è tutta vuota: senza la data della domanda i termini e l'anzianità dei casi "
             "non sono affidabili (ogni riga è segnata nelle anomalie). Completa la colonna o controlla il file "
             "di origine.", out)
    return out


def _motivo_fase(s: pd.DataFrame) -> pd.Series:
    fase = s["fase"].astype(str)
    vocale = np.where(fase.isin(_FEMMINILE), "a", "o")
    n = s["giorni_residui"].abs().astype("Float64").fillna(0).astype(int).astype(str)
    giorni = n + np.where(n == "1", " giorno", " giorni")
    data = formato.data(s["scadenza"], vuoto="")
    stato = s["stato"].astype(str)
    testo = np.select(
        [stato.eq("scaduta"), stato.eq("da verificare"), s["giorni_residui"].eq(0).fillna(False)],
        [fase + " scadut" + vocale + " da " + giorni, fase + ": scadenza non calcolabile, controlla le date",
         fase + " in scadenza oggi"],
        np.where(stato.eq("in scadenza"), fase + " in scadenza tra " + giorni, fase + " entro il " + data),
    )
    return pd.Series(testo, index=s.index, dtype=object)


def scadenzario(patti, *, nuclei=None, alla_data=None, termini: dict | None = None) -> pd.DataFrame:
    """La coda dei casi aperti in ordine di urgenza e di rischio, con il motivo di ogni posizione.

    L'ordine: prima le scadenze passate, poi quelle vicine (entro ``giorni_preavviso_scadenza``),
    poi i casi con date da verificare, infine quelli nei termini. A parità di stato vengono prima i
    casi con più fattori di rischio (nucleo con minori, famiglia numerosa — servono i ``nuclei`` —,
    misura ADI con termini nazionali, date incoerenti), poi chi ha meno giorni a disposizione.

    Colonne in più rispetto a ``prossime_scadenze``: ``posizione`` (1 = il primo caso da
    trattare), ``rischio`` (numero di fattori) e ``motivo`` (la spiegazione in italiano).

    >>> import pandas as pd
    >>> patti = pd.DataFrame({
    ...     "id_patto": ["P1", "P2"], "id_nucleo": ["NUC-00000001", "NUC-00000002"],
    ...     "codice_ambito": ["ATS-BA-01"] * 2, "misura": ["ReD", "ADI"], "id_operatore": ["OP1"] * 2,
    ...     "data_domanda": pd.to_datetime(["2025-01-02", "2025-01-10"]),
    ...     "data_assegnazione": pd.to_datetime(["2025-01-05", "2025-01-20"]),
    ...     "data_primo_colloquio": [pd.NaT, pd.NaT], "data_analisi_preliminare": [pd.NaT, pd.NaT],
    ...     "quadro_analisi_necessario": [False, True], "data_quadro_analisi": [pd.NaT, pd.NaT],
    ...     "data_sottoscrizione": [pd.NaT, pd.NaT], "data_ultima_revisione": [pd.NaT, pd.NaT],
    ...     "data_chiusura": [pd.NaT, pd.NaT]})
    >>> nuclei = pd.DataFrame({"id_nucleo": ["NUC-00000001", "NUC-00000002"],
    ...                        "minori": [0, 2], "componenti": [1, 4]})
    >>> coda = scadenzario(patti, nuclei=nuclei, alla_data="2025-05-22")
    >>> for riga in coda.itertuples():
    ...     print(riga.posizione, riga.id_patto, riga.motivo)
    1 P2 primo colloquio scaduto da 12 giorni; nucleo con minori; ADI
    2 P1 primo colloquio scaduto da 80 giorni
    """
    s = prossime_scadenze(patti, alla_data=alla_data, termini=termini)
    fattori: list[tuple[pd.Series, str]] = []
    if nuclei is not None:
        controlla_colonne(nuclei, ["id_nucleo", "minori", "componenti"], tabella="nuclei")
        if "id_nucleo" not in s.columns:
            raise ErroreCorso("Per usare i nuclei serve la colonna id_nucleo nella tabella patti.")
        famiglia_numerosa = parametro_alla_data("componenti_famiglia_numerosa", s.attrs["data_riferimento"])
        n = nuclei.drop_duplicates("id_nucleo").set_index("id_nucleo")
        minori = pd.to_numeric(s["id_nucleo"].map(n["minori"]), errors="coerce")
        componenti = pd.to_numeric(s["id_nucleo"].map(n["componenti"]), errors="coerce")
        fattori += [(minori.gt(0), "nucleo con minori"), (componenti.ge(famiglia_numerosa), "famiglia numerosa")]
    fattori += [(s["misura"].eq("ADI"), "ADI"), (s["anomalie"].ne(""), "date da verificare")]
    rischio = sum(m.fillna(False).astype(int) for m, _ in fattori) if fattori else 0
    s["rischio"] = pd.Series(rischio, index=s.index).astype("int64")
    s["motivo"] = _unisci_note(s.index, [(pd.Series(True, index=s.index), _motivo_fase(s)), *fattori])
    ordine = s.assign(_stato=s["stato"].cat.codes, _rischio=-s["rischio"])
    ordine = ordine.sort_values(["_stato", "_rischio", "giorni_residui", "dal", "id_patto"], kind="stable",
                                na_position="last")
    s = s.loc[ordine.index].reset_index(drop=True)
    s.insert(0, "posizione", np.arange(1, len(s) + 1))
    return s


def filtra_scadenzario(coda: pd.DataFrame, *, ambito=None, case_manager=None, misura=None, fase=None,
                       solo_scadute: bool = False) -> pd.DataFrame:
    """Le righe dello scadenzario che rispettano i filtri (``None`` = nessun filtro), con la posizione rinumerata.

    >>> import pandas as pd
    >>> coda = pd.DataFrame({"posizione": [1, 2, 3], "codice_ambito": ["A", "B", "A"],
    ...     "id_operatore": ["X", "Y", "X"], "misura": ["ADI", "ReD", "ReD"],
    ...     "fase": ["primo colloquio"] * 3, "stato": ["scaduta", "scaduta", "nei termini"]})
    >>> filtra_scadenzario(coda, ambito="A", solo_scadute=True)["posizione"].tolist()
    [1]
    """
    controlla_colonne(coda, ["codice_ambito", "id_operatore", "misura", "fase", "stato"], tabella="scadenzario")
    tieni = pd.Series(True, index=coda.index)
    for colonna, valore, cosa in [("codice_ambito", ambito, "Ambito"), ("id_operatore", case_manager, "case manager"),
                                  ("misura", misura, "misura"), ("fase", fase, "fase")]:
        if valore is None:
            continue
        valori = [valore] if isinstance(valore, str) else list(valore)
        presenti = set(coda[colonna].dropna().astype(str))
        for v in valori:
            if v not in presenti and colonna == "fase":
                controlla_scelta(v, FASI, cosa=cosa)
        if colonna == "codice_ambito":
            # «Bari», «ambito di Bari», «ats-ba-02»: lo stesso Ambito (una nota dice che cosa si è capito)
            valori = [v if v in presenti else codice_ambito(v) for v in valori]
        tieni &= coda[colonna].astype(str).isin(valori)
    if solo_scadute:
        tieni &= coda["stato"].astype(str).eq("scaduta")
    out = coda[tieni].reset_index(drop=True)
    if out.empty and len(coda):
        nota("Nessun caso dello scadenzario rispetta i filtri scelti: controlla Ambito, case manager, misura e fase.",
             out)
    if "posizione" in out.columns:
        out["posizione"] = np.arange(1, len(out) + 1)
    return out


def carico_case_manager(patti, *, operatori=None, alla_data=None, termini: dict | None = None) -> pd.DataFrame:
    """Il carico di lavoro di ogni case manager: casi aperti, scaduti, in scadenza e (con ``operatori``) per FTE.

    ``patti`` può essere anche il risultato di ``prossime_scadenze`` o di ``scadenzario`` (già filtrato).
    Con la tabella ``operatori`` compaiono anche i case manager senza casi (utile per ridistribuire)
    e le colonne ``fte``, ``casi_per_fte``, ``scaduti_per_fte``. I casi senza case manager sono
    contati nella riga «non assegnato».

    >>> import pandas as pd
    >>> patti = pd.DataFrame({
    ...     "id_patto": ["P1", "P2", "P3"], "codice_ambito": ["ATS-TA-01"] * 3, "misura": ["ReD"] * 3,
    ...     "id_operatore": ["OP1", "OP1", "OP2"],
    ...     "data_domanda": pd.to_datetime(["2025-01-02", "2025-03-01", "2025-03-10"]),
    ...     "data_assegnazione": pd.to_datetime(["2025-01-05", "2025-03-02", "2025-03-12"]),
    ...     "data_primo_colloquio": [pd.NaT] * 3, "data_analisi_preliminare": [pd.NaT] * 3,
    ...     "quadro_analisi_necessario": [False] * 3, "data_quadro_analisi": [pd.NaT] * 3,
    ...     "data_sottoscrizione": [pd.NaT] * 3, "data_ultima_revisione": [pd.NaT] * 3,
    ...     "data_chiusura": [pd.NaT] * 3})
    >>> operatori = pd.DataFrame({"id_operatore": ["OP1", "OP2", "OP3"], "fte": [0.5, 1.0, 1.0],
    ...                           "case_manager": [True, True, True]})
    >>> carico_case_manager(patti, operatori=operatori, alla_data="2025-04-01")[
    ...     ["id_operatore", "casi_aperti", "casi_scaduti", "casi_per_fte"]]
      id_operatore  casi_aperti  casi_scaduti  casi_per_fte
    0          OP1            2             1           4.0
    1          OP2            1             0           1.0
    2          OP3            0             0           0.0
    """
    if isinstance(patti, pd.DataFrame) and {"stato", "giorni_ritardo"} <= set(patti.columns):
        s = patti.copy()   # è già il risultato di prossime_scadenze o dello scadenzario (magari filtrato)
        s.attrs.setdefault("data_riferimento", None)
    else:
        s = prossime_scadenze(patti, alla_data=alla_data, termini=termini)
    s["id_operatore"] = s["id_operatore"].astype(object).where(s["id_operatore"].notna(), "non assegnato")
    stato = s["stato"].astype(str)
    s = s.assign(_scaduto=stato.eq("scaduta"), _vicino=stato.eq("in scadenza"))
    carico = s.groupby("id_operatore", sort=True).agg(
        codice_ambito=("codice_ambito", "first"), casi_aperti=("id_patto", "size"),
        casi_scaduti=("_scaduto", "sum"), casi_in_scadenza=("_vicino", "sum"),
        ritardo_massimo=("giorni_ritardo", "max"),
    ).reset_index()
    if operatori is not None:
        controlla_colonne(operatori, ["id_operatore", "fte"], tabella="operatori")
        op = operatori.drop_duplicates("id_operatore")
        if "case_manager" in op.columns:
            op = op[op["case_manager"].astype("boolean").fillna(False).astype(bool)
                    | op["id_operatore"].isin(carico["id_operatore"])]
        tieni = ["id_operatore", "fte", *(["codice_ambito"] if "codice_ambito" in op.columns else [])]
        carico = carico.merge(op[tieni], on="id_operatore", how="outer", suffixes=("", "_operatore"))
        if "codice_ambito_operatore" in carico.columns:
            carico["codice_ambito"] = carico["codice_ambito"].fillna(carico.pop("codice_ambito_operatore"))
        for c in ["casi_aperti", "casi_scaduti", "casi_in_scadenza"]:
            carico[c] = carico[c].fillna(0)
        fte = pd.to_numeric(carico["fte"], errors="coerce").where(lambda x: x > 0)
        carico["fte"] = pd.to_numeric(carico["fte"], errors="coerce")
        carico["casi_per_fte"] = (carico["casi_aperti"] / fte).round(1)
        carico["scaduti_per_fte"] = (carico["casi_scaduti"] / fte).round(1)
    for c in ["casi_aperti", "casi_scaduti", "casi_in_scadenza"]:
        carico[c] = carico[c].astype("int64")
    carico["quota_scaduti"] = (carico["casi_scaduti"] / carico["casi_aperti"].where(lambda x: x > 0)).round(3)
    carico["ritardo_massimo"] = carico["ritardo_massimo"].astype("Int64")
    carico = carico.sort_values(["casi_scaduti", "casi_aperti", "id_operatore"], ascending=[False, False, True])
    carico.attrs["data_riferimento"] = s.attrs["data_riferimento"]
    return carico.reset_index(drop=True)


_CLASSI = (0, 30, 60, 90, 120, 180, 365)


def anzianita_casi(patti, *, alla_data=None, classi=_CLASSI, termini: dict | None = None) -> pd.DataFrame:
    """Quanti casi aperti per classe di anzianità (giorni dalla domanda) e per stato della scadenza.

    Accetta la tabella ``patti`` oppure il risultato di ``prossime_scadenze``/``scadenzario``
    (già filtrato, ad esempio per un Ambito). ``classi`` sono gli estremi inferiori in giorni.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"giorni_aperto": [10, 45, 400, 50], "stato": ["nei termini", "scaduta", "scaduta", "in scadenza"]})
    >>> anzianita_casi(s, classi=(0, 30, 365))
                      scaduta  in scadenza  da verificare  nei termini  totale
    classe                                                                    
    0-29 giorni             0            0              0            1       1
    30-364 giorni           1            1              0            0       2
    365 giorni e oltre      1            0              0            0       1
    """
    if isinstance(patti, pd.DataFrame) and {"giorni_aperto", "stato"} <= set(patti.columns):
        s = patti
    else:
        s = prossime_scadenze(patti, alla_data=alla_data, termini=termini)
    estremi = sorted({int(c) for c in classi})
    if not estremi or estremi[0] != 0:
        raise ErroreCorso(f"Le classi di anzianità devono partire da 0 giorni, ad esempio (0, 30, 60): ho ricevuto {classi!r}.")
    etichette = [f"{a}-{b - 1} giorni" for a, b in zip(estremi, estremi[1:])] + [f"{estremi[-1]} giorni e oltre"]
    classe = pd.cut(s["giorni_aperto"].astype("Float64").astype(float), bins=[*estremi, np.inf], right=False,
                    labels=etichette)
    tab = tabella_conteggi(pd.Series(classe, name="classe"), s["stato"].astype(str), voci_colonne=STATI,
                           voci_righe=etichette)
    tab["totale"] = tab.sum(axis=1)
    return tab
