"""Il rapporto del Piano operativo con gli ETS: controlli di coerenza e un documento HTML da consegnare.

Il progetto finale (modulo 08) costruisce tre tabelle — le azioni con il loro budget, il
cronoprogramma delle attività, gli indicatori — e questo modulo le controlla e le impagina.

>>> import pandas as pd
>>> azioni = pd.DataFrame({
...     "tipo_azione": ["interventi trasversali", "pacchetti personalizzati", "azioni di sistema"],
...     "descrizione": ["Sportello di ascolto", "Sostegno alla genitorialità", "Tutoraggio con registro presenze"],
...     "ente": ["Coop. Aurora", "APS Il Ponte", "Coop. Aurora"],
...     "budget": [30000.0, 40000.0, 14940.0], "destinatari": "beneficiari ReD e loro nuclei",
... })
>>> controlla_piano(azioni, contributo=84940)
[]
>>> "Sportello di ascolto" in rapporto_piano_operativo(azioni, ambito="ATS-LE-10", contributo=84940)
True
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import textwrap
from pathlib import Path

import pandas as pd

from course import formato
from course.dati.tabelle import TIPI_AZIONE
from course.date import leggi_data, leggi_date
from course.errori import ErroreCorso, controlla_colonne
from course.parametri import parametro

__all__ = [
    "COLONNE_AZIONI", "COLONNE_ATTIVITA", "periodo_piano", "controlla_piano", "controlla_cronoprogramma",
    "tabella_indicatori", "etichetta_a_capo", "rapporto_piano_operativo", "salva_rapporto",
]

COLONNE_AZIONI = ("tipo_azione", "descrizione", "ente", "budget")
COLONNE_ATTIVITA = ("azione", "descrizione", "inizio_previsto", "fine_prevista")
_TOLLERANZA_EURO = 0.01  # al centesimo, con il margine degli arrotondamenti


def _numeri(serie: pd.Series) -> pd.Series:
    return pd.to_numeric(serie, errors="coerce")


def periodo_piano(oggi, *, mesi: int | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Il periodo di un nuovo Piano: dal giorno dopo ``oggi`` per ``mesi`` mesi (primo e ultimo giorno).

    Senza ``mesi`` vale il parametro ``durata_piano_operativo_mesi`` (una convenzione del corso).

    >>> inizio, fine = periodo_piano("2025-12-31")
    >>> inizio.date(), fine.date()
    (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    """
    if mesi is None:
        mesi = int(parametro("durata_piano_operativo_mesi"))
    if isinstance(mesi, bool) or not isinstance(mesi, int) or mesi < 1:
        raise ErroreCorso(f"La durata del Piano va data in mesi interi (ad esempio 12), non {mesi!r}.")
    inizio = leggi_data(oggi, cosa="la data dei dati") + pd.Timedelta(days=1)
    return inizio, inizio + pd.DateOffset(months=mesi) - pd.Timedelta(days=1)


def controlla_piano(azioni: pd.DataFrame, *, contributo: float | None = None) -> list[str]:
    """I problemi di un Piano operativo (tabella delle azioni), in italiano; lista vuota se è coerente.

    Le regole vengono dall'Allegato A (seed 004): il Piano **può** prevedere azioni di tre tipologie
    (una, due o tutte e tre: nessuna è obbligatoria), scritte come nell'avviso; **tutte le azioni sono per
    i destinatari del ReD e i loro nuclei** (colonna ``destinatari``: un'azione per i soli nuclei ADI non
    è ammessa). Controlla anche: budget numerici e positivi, ente indicato e (se dai ``contributo``) che
    la somma dei budget sia uguale al contributo assegnato.

    >>> import pandas as pd
    >>> az = pd.DataFrame({"tipo_azione": ["interventi trasversali"], "descrizione": ["Ascolto"],
    ...                    "ente": ["APS Uno"], "budget": [1000.0], "destinatari": ["beneficiari ReD e nuclei"]})
    >>> controlla_piano(az, contributo=1000)
    []
    >>> for p in controlla_piano(az.assign(destinatari="nuclei ADI"), contributo=1500): print(p)
    Azioni non rivolte ai destinatari del ReD alle righe 1 («nuclei ADI»): tutte le azioni del Piano sono per i beneficiari del ReD e i loro nuclei.
    La somma dei budget (1.000,00 €) è diversa dal contributo assegnato (1.500,00 €): restano da assegnare 500,00 €.
    """
    controlla_colonne(azioni, COLONNE_AZIONI, tabella="azioni del Piano operativo")
    if azioni.empty:
        return ["La tabella delle azioni è vuota: aggiungi almeno un'azione."]
    problemi = []
    tipi = azioni["tipo_azione"].astype("string").str.strip()
    sconosciuti = sorted(set(tipi.dropna()) - set(TIPI_AZIONE))
    if sconosciuti:
        problemi.append(
            f"Tipologie non previste dall'avviso: {', '.join(sconosciuti)}. "
            f"Usa una di queste: {', '.join(TIPI_AZIONE)}."
        )
    if "destinatari" not in azioni.columns:
        problemi.append("Manca la colonna destinatari: scrivi per ogni azione a chi è rivolta (tutte le azioni del "
                        "Piano sono per i beneficiari del ReD e i loro nuclei).")
    else:
        destinatari = azioni["destinatari"].astype("string").str.strip()
        testo = destinatari.str.lower().fillna("")
        # ReD nominato, e nessun'altra misura (ADI, SFL): le risorse del Piano sono solo per il ReD
        per_red = testo.str.contains(r"\bred\b|reddito di dignit", regex=True) & \
            ~testo.str.contains(r"\badi\b|assegno di inclusione|\bsfl\b", regex=True)
        if righe := _righe(~per_red):
            esempi = ", ".join(f"«{v}»" for v in destinatari[~per_red].fillna("vuoto").unique()[:3])
            problemi.append(f"Azioni non rivolte ai destinatari del ReD alle righe {righe} ({esempi}): tutte le "
                            "azioni del Piano sono per i beneficiari del ReD e i loro nuclei.")
    budget = _numeri(azioni["budget"])
    if righe := _righe(budget.isna()):
        problemi.append(f"Budget mancante o non numerico alle righe {righe}.")
    if righe := _righe(budget <= 0):
        problemi.append(f"Budget nullo o negativo alle righe {righe}: ogni azione ha bisogno di risorse.")
    enti = azioni["ente"].astype("string").str.strip()
    if righe := _righe(enti.isna() | (enti == "")):
        problemi.append(f"Ente del Terzo settore non indicato alle righe {righe}.")
    if contributo is not None:
        totale = float(budget.sum())
        differenza = float(contributo) - totale
        if abs(differenza) > _TOLLERANZA_EURO:
            verso = (f"restano da assegnare {_euro(differenza)}" if differenza > 0
                     else f"i budget lo superano di {_euro(-differenza)}")
            problemi.append(
                f"La somma dei budget ({_euro(totale)}) è diversa dal contributo assegnato "
                f"({_euro(contributo)}): {verso}."
            )
    return problemi


def controlla_cronoprogramma(attivita: pd.DataFrame, azioni: pd.DataFrame, *,
                             inizio: str | dt.date | None = None,
                             fine: str | dt.date | None = None) -> list[str]:
    """I problemi del cronoprogramma del Piano; lista vuota se è coerente.

    ``attivita`` ha le colonne ``azione`` (la descrizione dell'azione a cui appartiene),
    ``descrizione``, ``inizio_previsto``, ``fine_prevista``. Controlla: date leggibili, fine dopo
    l'inizio, attività dentro il periodo del Piano (``inizio``–``fine``), ogni azione con almeno
    un'attività, nessuna attività legata a un'azione che non esiste.

    >>> import pandas as pd
    >>> az = pd.DataFrame({"tipo_azione": ["azioni di sistema"], "descrizione": ["Tutoraggio"],
    ...                    "ente": ["APS Uno"], "budget": [1000.0]})
    >>> att = pd.DataFrame({"azione": ["Tutoraggio"], "descrizione": ["Avvio registro presenze"],
    ...                     "inizio_previsto": ["2025-03-01"], "fine_prevista": ["2025-02-01"]})
    >>> for p in controlla_cronoprogramma(att, az): print(p)
    Riga 1 («Avvio registro presenze»): la fine prevista viene prima dell'inizio.
    """
    controlla_colonne(attivita, COLONNE_ATTIVITA, tabella="cronoprogramma del Piano")
    controlla_colonne(azioni, COLONNE_AZIONI, tabella="azioni del Piano operativo")
    if attivita.empty:
        return ["Il cronoprogramma è vuoto: scrivi almeno un'attività per ogni azione."]
    problemi = []
    ini = leggi_date(attivita["inizio_previsto"], vuote_se_illeggibili=True)
    fin = leggi_date(attivita["fine_prevista"], vuote_se_illeggibili=True)
    nomi = attivita["descrizione"].astype("string").fillna("senza descrizione")
    periodo_ini = leggi_data(inizio, cosa="l'inizio del periodo") if inizio is not None else None
    periodo_fin = leggi_data(fine, cosa="la fine del periodo") if fine is not None else None
    etichette = "Riga " + pd.Series(range(1, len(attivita) + 1), dtype="string").to_numpy() + " («" + nomi.to_numpy() + "»)"
    casi = [
        (ini.isna() | fin.isna(), "date mancanti o illeggibili (scrivile come 31/03/2025 o 2025-03-31)"),
        (fin < ini, "la fine prevista viene prima dell'inizio"),
    ]
    if periodo_ini is not None:
        casi.append((ini < periodo_ini, f"comincia prima dell'avvio del Piano ({formato.data(periodo_ini)})"))
    if periodo_fin is not None:
        casi.append((fin > periodo_fin, f"finisce dopo la chiusura del Piano ({formato.data(periodo_fin)})"))
    for maschera, testo in casi:
        problemi += [f"{e}: {testo}." for e in etichette[maschera.fillna(False).to_numpy()]]
    nomi_azioni = set(azioni["descrizione"].astype("string").dropna())
    collegate = set(attivita["azione"].astype("string").dropna())
    orfane = sorted(collegate - nomi_azioni)
    if orfane:
        problemi.append(
            f"Attività collegate ad azioni che non sono nel Piano: {', '.join(orfane)}. "
            "Nella colonna «azione» scrivi la descrizione dell'azione esattamente come nella tabella delle azioni."
        )
    scoperte = sorted(nomi_azioni - collegate)
    if scoperte:
        problemi.append(f"Azioni senza nessuna attività nel cronoprogramma: {', '.join(scoperte)}.")
    return problemi


def tabella_indicatori(indicatori) -> pd.DataFrame:
    """Gli indicatori del Piano come tabella (una riga per indicatore).

    Accetta una tabella pandas già pronta, oppure un elenco di oggetti ``Indicatore`` o di
    dizionari: di ciascuno prende i campi che ha (nome, tipo, polarità, baseline, target…).

    >>> tabella_indicatori([{"nome": "Nuclei raggiunti", "tipo": "output", "target": 120}])
    ... # doctest: +NORMALIZE_WHITESPACE
                   nome    tipo  target
    0  Nuclei raggiunti  output     120
    """
    if isinstance(indicatori, pd.DataFrame):
        return indicatori.reset_index(drop=True)
    if indicatori is None:
        return pd.DataFrame()
    righe = []
    for ind in indicatori:
        if isinstance(ind, dict):
            righe.append(dict(ind))
        elif hasattr(ind, "__dataclass_fields__"):
            righe.append({k: getattr(ind, k) for k in ind.__dataclass_fields__})
        elif hasattr(ind, "__dict__"):
            righe.append({k: v for k, v in vars(ind).items() if not k.startswith("_")})
        else:
            raise ErroreCorso(
                f"Non so leggere un indicatore di tipo {type(ind).__name__}: usa un oggetto "
                "Indicatore (course.indicatori) oppure un dizionario con nome, tipo, target…"
            )
    tabella = pd.DataFrame(righe)
    return tabella.dropna(axis=1, how="all")


def _righe(maschera: pd.Series) -> str:
    """I numeri di riga (da 1, come li vede chi legge) dove la maschera è vera, separati da virgole."""
    numeri = maschera.fillna(False).to_numpy().nonzero()[0] + 1
    return ", ".join(str(n) for n in numeri)


def _euro(x) -> str:
    return formato.euro(float(x))


def _immagine(fig) -> str:
    """L'immagine del grafico dentro la pagina: la descrizione a parole è testo alternativo e didascalia."""
    from course.grafici.descrizione import descrivi

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    dati = base64.b64encode(buffer.getvalue()).decode("ascii")
    descrizione = html.escape(descrivi(fig), quote=True)
    return (f'<figure><img alt="{descrizione}" src="data:image/png;base64,{dati}">'
            f"<figcaption>{descrizione}</figcaption></figure>")


def _grafico_budget(azioni: pd.DataFrame) -> str | None:
    from course.grafici.stile import asse_numeri_italiani, nuova_figura

    per_tipo = _numeri(azioni["budget"]).groupby(azioni["tipo_azione"].astype(str)).sum()
    if per_tipo.empty or per_tipo.sum() <= 0:
        return None
    fig, ax = nuova_figura(larghezza=7, altezza=2.8)
    ax.barh(per_tipo.index, per_tipo.values)
    ax.set_xlabel("Budget (€)")
    ax.set_title("Budget per tipologia di azione")
    asse_numeri_italiani(ax.xaxis)
    return _immagine(fig)


def etichetta_a_capo(testo: str, *, larghezza: int = 32, righe: int = 3) -> str:
    """Un'etichetta lunga su più righe, andando a capo tra una parola e l'altra (mai a metà parola).

    Oltre ``righe`` righe il testo finisce con «…» dopo l'ultima parola intera.

    >>> print(etichetta_a_capo("Sportello di ascolto e orientamento nei comuni più piccoli dell'Ambito", larghezza=20))
    Sportello di ascolto
    e orientamento nei
    comuni più piccoli …
    """
    return textwrap.fill(" ".join(str(testo).split()), width=larghezza, max_lines=righe, placeholder=" …",
                         break_long_words=False, break_on_hyphens=False)


def _grafico_gantt(attivita: pd.DataFrame) -> str | None:
    from course.grafici.stile import asse_date_italiane, nuova_figura

    ini = leggi_date(attivita["inizio_previsto"], vuote_se_illeggibili=True)
    fin = leggi_date(attivita["fine_prevista"], vuote_se_illeggibili=True)
    validi = ini.notna() & fin.notna() & (fin >= ini)
    if not validi.any():
        return None
    ini, fin = ini[validi], fin[validi]
    nomi = [etichetta_a_capo(n) for n in attivita.loc[validi, "descrizione"].astype(str)]
    righe = sum(max(1, n.count("\n") + 1) for n in nomi)
    fig, ax = nuova_figura(larghezza=8, altezza=1.2 + 0.28 * righe + 0.15 * len(nomi))
    import matplotlib.dates as mdates

    ax.barh(range(len(nomi)), mdates.date2num(fin) - mdates.date2num(ini) + 1,
            left=mdates.date2num(ini), height=0.6)
    ax.set_yticks(range(len(nomi)), list(nomi))
    ax.invert_yaxis()
    ax.xaxis_date()
    asse_date_italiane(ax.xaxis)
    ax.set_title("Cronoprogramma (date previste)")
    return _immagine(fig)


def _sezione_problemi(problemi: list[str]) -> str:
    if not problemi:
        return '<p class="ok">Nessun problema di coerenza trovato.</p>'
    voci = "".join(f"<li>{html.escape(p)}</li>" for p in problemi)
    return f'<ul class="problemi">{voci}</ul>'


_ETICHETTE = {
    "tipologia": "Tipologia", "tipo_azione": "Tipologia", "descrizione": "Descrizione", "ente": "Ente",
    "budget": "Budget", "azioni": "Azioni", "quota": "Quota", "destinatari_previsti": "Destinatari previsti",
    "azione": "Azione", "inizio_previsto": "Inizio previsto", "fine_prevista": "Fine prevista",
    "responsabile": "Responsabile", "nome": "Indicatore", "tipo": "Tipo", "unita": "Unità",
    "polarita": "Polarità", "baseline": "Baseline", "target": "Target", "scadenza": "Scadenza",
    "fonte": "Fonte", "frequenza": "Frequenza",
}
# Le colonne della scheda indicatore che servono a chi legge il Piano (le espressioni di calcolo no).
_COLONNE_INDICATORI = ("nome", "tipo", "unita", "polarita", "baseline", "target", "scadenza", "fonte",
                       "frequenza", "responsabile")


def _per_lettura(df: pd.DataFrame) -> pd.DataFrame:
    """Date come gg/mm/aaaa e intestazioni in parole, per la pagina stampabile."""
    vista = df.copy()
    for colonna in vista.columns:
        if pd.api.types.is_float_dtype(vista[colonna]):
            vista[colonna] = vista[colonna].map(
                lambda v: formato.numero(v, decimali=0 if pd.notna(v) and float(v).is_integer() else 1))
        elif pd.api.types.is_datetime64_any_dtype(vista[colonna]):
            vista[colonna] = formato.data(vista[colonna], vuoto="")
        elif vista[colonna].map(lambda v: isinstance(v, pd.Timestamp)).any():
            vista[colonna] = vista[colonna].map(lambda v: formato.data(v) if isinstance(v, pd.Timestamp) else v)
    return vista.rename(columns=lambda c: _ETICHETTE.get(str(c), str(c)))


def _cella(valore) -> str:
    if valore is None or (not isinstance(valore, str) and pd.isna(valore)):
        return formato.MANCANTE
    return html.escape(str(valore))


def _tabella_html(df: pd.DataFrame, *, didascalia: str) -> str:
    """Una tabella accessibile: didascalia (``caption``), intestazioni di colonna con ``scope``, celle protette."""
    if df.empty:
        return f"<p><em>{html.escape(didascalia)}: tabella vuota.</em></p>"
    vista = _per_lettura(df)
    testa = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in vista.columns)
    corpo = "".join("<tr>" + "".join(f"<td>{_cella(v)}</td>" for v in riga) + "</tr>"
                    for riga in vista.itertuples(index=False, name=None))
    return (f'<div class="scorre"><table class="tabella"><caption>{html.escape(didascalia)}</caption>'
            f"<thead><tr>{testa}</tr></thead><tbody>{corpo}</tbody></table></div>")


def _euro_html(x) -> str:
    # lo spazio non separabile tiene «€» sulla stessa riga del numero
    return _euro(x).replace(" €", "\u00a0€") if pd.notna(x) else formato.MANCANTE


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; margin-top: 2rem; }
table.tabella { border-collapse: collapse; width: 100%; font-size: .92rem; }
table.tabella caption { text-align: left; font-weight: 600; padding: .3rem 0; }
.scorre { overflow-x: auto; }
img { max-width: 100%; height: auto; }
table.tabella th, table.tabella td { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; }
table.tabella th { background: #eef4fa; }
.ok { color: #00704a; } ul.problemi li { color: #a33c00; }
.nota { font-size: .85rem; color: #555; }
"""


def _date_leggibili(attivita: pd.DataFrame) -> pd.DataFrame:
    """Le date del cronoprogramma come gg/mm/aaaa; un valore illeggibile resta com'è (i controlli lo segnalano)."""
    vista = attivita.copy()
    for colonna in ("inizio_previsto", "fine_prevista"):
        if colonna in vista.columns and not pd.api.types.is_datetime64_any_dtype(vista[colonna]):
            date = leggi_date(vista[colonna], vuote_se_illeggibili=True)
            vista[colonna] = [formato.data(d) if pd.notna(d) else v for d, v in zip(date, vista[colonna])]
    return vista


def _ambito(ambito) -> tuple[str, str]:
    """Codice e nome dell'Ambito (codice, nome o comune capofila; un nome sbagliato dà i suggerimenti)."""
    from course.territorio import ambiti, codice_ambito

    codice = codice_ambito(str(ambito))
    nomi = ambiti().set_index("codice_ambito")["ambito"]
    return codice, str(nomi.get(codice, codice))


def rapporto_piano_operativo(azioni: pd.DataFrame, *, ambito: str, cronoprogramma: pd.DataFrame | None = None,
                             indicatori=None, contributo: float | None = None, titolo: str | None = None,
                             premessa: str = "", inizio: str | dt.date | None = None,
                             fine: str | dt.date | None = None, grafici: bool = True) -> str:
    """Il Piano operativo con gli ETS come pagina HTML completa, pronta da salvare e consegnare.

    Contiene: premessa, riepilogo del budget per tipologia, tabella delle azioni, cronoprogramma
    (con diagramma), indicatori e l'esito dei controlli di coerenza. ``ambito`` è il codice, il nome o
    il comune capofila: il titolo riporta il nome. Le tabelle hanno didascalia e intestazioni
    marcate per i lettori di schermo, le immagini si restringono con la pagina (zoom al 200%).
    ``grafici=False`` toglie le immagini (più veloce, utile nei test).

    >>> import pandas as pd
    >>> az = pd.DataFrame({"tipo_azione": ["azioni di sistema"], "descrizione": ["Tutoraggio"],
    ...                    "ente": ["APS Uno"], "budget": [1000.0]})
    >>> pagina = rapporto_piano_operativo(az, ambito="ATS-BA-01", grafici=False)
    >>> pagina.startswith("<!DOCTYPE html>"), "Manca la colonna destinatari" in pagina
    (True, True)
    """
    # lette subito: una data impossibile del periodo è un errore anche senza cronoprogramma
    inizio = leggi_data(inizio, cosa="l'inizio del periodo") if inizio is not None else None
    fine = leggi_data(fine, cosa="la fine del periodo") if fine is not None else None
    problemi = controlla_piano(azioni, contributo=contributo)
    if cronoprogramma is not None:
        problemi += controlla_cronoprogramma(cronoprogramma, azioni, inizio=inizio, fine=fine)
    tab_ind = tabella_indicatori(indicatori)
    if tab_ind.empty:
        problemi.append("Non ci sono indicatori: senza indicatori il Piano non si può monitorare.")

    budget = _numeri(azioni["budget"])
    riepilogo = (
        pd.DataFrame({"tipologia": azioni["tipo_azione"].astype(str), "budget": budget})
        .groupby("tipologia", sort=False)["budget"].agg(["count", "sum"])
        .rename(columns={"count": "azioni", "sum": "budget"})
        .reset_index()
    )
    totale = float(budget.sum())
    riepilogo["quota"] = formato.percentuale(riepilogo["budget"] / totale, da_quota=True, decimali=0) if totale else formato.MANCANTE
    riepilogo["budget"] = riepilogo["budget"].map(_euro_html)

    azioni_vista = azioni.copy()
    azioni_vista["budget"] = budget.map(_euro_html)
    scelte = [c for c in _COLONNE_INDICATORI if c in tab_ind.columns]
    if scelte:
        tab_ind = tab_ind[scelte]

    codice, nome_ambito = _ambito(ambito)
    titolo = titolo or f"Piano operativo con gli Enti del Terzo settore — {nome_ambito}"
    parti = [
        "<!DOCTYPE html>", '<html lang="it"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(titolo)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{html.escape(titolo)}</h1>",
        f'<p class="nota">{html.escape(nome_ambito)} (codice {html.escape(codice)}) · documento generato il '
        f"{formato.data(dt.date.today())} con ambiti-lab</p>",
    ]
    if premessa:
        parti.append("<h2>Premessa</h2>" + "".join(f"<p>{html.escape(p)}</p>" for p in premessa.split("\n\n")))
    parti.append("<h2>Risorse per tipologia di azione</h2>")
    if contributo is not None:
        parti.append(f"<p>Contributo assegnato: <strong>{_euro(contributo)}</strong>; "
                     f"somma dei budget delle azioni: <strong>{_euro(totale)}</strong>.</p>")
    parti.append(_tabella_html(riepilogo, didascalia="Budget per tipologia di azione"))
    if grafici and (img := _grafico_budget(azioni)):
        parti.append(img)
    parti += ["<h2>Azioni</h2>", _tabella_html(azioni_vista, didascalia="Le azioni del Piano, con ente e budget")]
    if cronoprogramma is not None:
        parti += ["<h2>Cronoprogramma</h2>",
                  _tabella_html(_date_leggibili(cronoprogramma),
                                didascalia="Le attività di ogni azione, con le date previste")]
        if grafici and (img := _grafico_gantt(cronoprogramma)):
            parti.append(img)
    parti += ["<h2>Indicatori</h2>", _tabella_html(tab_ind, didascalia="Gli indicatori con cui si monitora il Piano")]
    parti += ["<h2>Controlli di coerenza</h2>", _sezione_problemi(problemi), "</main></body></html>"]
    return "\n".join(parti)


def salva_rapporto(pagina: str, percorso: str | Path) -> Path:
    """Salva la pagina HTML in ``percorso`` (UTF-8) e restituisce il percorso completo.

    >>> import tempfile, pathlib
    >>> p = salva_rapporto("<html></html>", pathlib.Path(tempfile.mkdtemp()) / "piano.html")
    >>> p.read_text(encoding="utf-8")
    '<html></html>'
    """
    if not isinstance(pagina, str):
        raise ErroreCorso(
            f"Mi aspettavo il testo HTML del rapporto, non {type(pagina).__name__}: "
            "passa il risultato di rapporto_piano_operativo(...)."
        )
    percorso = Path(percorso)
    if percorso.suffix.lower() not in {".html", ".htm"}:
        raise ErroreCorso(f"Il rapporto va salvato con estensione .html, non {percorso.suffix or 'senza estensione'}: "
                          "ad esempio «piano_operativo.html».")
    percorso.parent.mkdir(parents=True, exist_ok=True)
    percorso.write_text(pagina, encoding="utf-8")
    return percorso.resolve()
