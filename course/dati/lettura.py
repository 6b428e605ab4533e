"""Leggere i file che i coordinatori hanno davvero: CSV all'italiana e fogli Excel con titoli e totali.

``leggi_tabella`` riconosce da solo separatore, codifica, virgola decimale, date, percentuali e
righe da togliere, ma non indovina in silenzio: ogni scelta finisce nel *rapporto di lettura*
(stampato in breve e disponibile con ``rapporto_lettura(df)``). I valori impossibili (una data
31/02/2024, ore negative) fermano la lettura con un errore che dice file, riga e colonna.

Regole, in breve:

- nomi delle colonne: minuscole, senza accenti, ``_`` al posto di spazi e simboli; «%» diventa il
  suffisso ``_pct`` («% avanzamento» → ``avanzamento_pct``); «N°»/«n.» iniziali diventano ``n_``;
  nomi doppi ``nome_2``; colonne senza nome ``colonna_3`` (la posizione, da 1);
- mancanti: cella vuota, «n.d.», «N.D.», «nd», «n/d», «-», «#N/D»… ma non «NA» (è Napoli);
- percentuali: «95%» e «95,0 %» diventano frazioni (0.95), pronte per i calcoli;
- date: gg/mm/aaaa, g/m/aa, gg-mm-aaaa, gg.mm.aaaa, aaaa-mm-gg (anche con l'ora); anni a due
  cifre nel 2000 se non oltre 20 anni nel futuro, altrimenti nel 1900 (55 → 1955);
- una colonna si converte solo se TUTTE le sue celle piene hanno la stessa forma; se no resta
  testo e il rapporto mostra le celle diverse (``colonne_data=[...]`` obbliga a leggerla come date);
- righe tolte: quelle del tutto vuote, le righe «Totale…» e le note («Fonte: …») in fondo; i
  subtotali in mezzo alla tabella restano, ma il rapporto li segnala;
- Excel con più fogli e nessun ``foglio=``: leggo il primo e nel rapporto elenco gli altri;
- numeri di riga: quelli che vedi in Excel o in un editor di testo (intestazione e titoli compresi).

>>> import io
>>> testo = "Comune;Data domanda;Importo\\nBari;03/02/2024;1.234,50\\nLecce;n.d.;99\\nTotale;;1.333,50\\n"
>>> df = leggi_tabella(io.StringIO(testo), rapporto=False)
>>> df
  comune data_domanda  importo
0   Bari   2024-02-03   1234.5
1  Lecce          NaT     99.0
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pandas as pd

from course.dati.lettura_formato import SEPARATORI, leggi_csv, riconosci_formato
from course.dati.lettura_pulizia import (
    E_CODICE_ISTAT, controlla_ore, converti_testi, nome_colonna, nomi_colonne, ripristina_codici_istat, togli_righe_vuote,
    togli_totali,
)
from course.dati.lettura_rapporto import Nota, Rapporto, numero_it
from course.errori import ErroreCorso, controlla_scelta, nomi_vicini

__all__ = ["leggi_tabella", "rapporto_lettura", "ESTENSIONI"]

#: Estensioni che ``leggi_tabella`` sa leggere, con il tipo di lettura.
ESTENSIONI = {".csv": "testo", ".txt": "testo", ".tsv": "testo", ".xlsx": "excel", ".xlsm": "excel"}
_FIRMA_XLSX = b"PK\x03\x04"  # un .xlsx è un archivio zip
_SUGGERIMENTI = {
    ".xls": "è il vecchio formato di Excel: aprilo e salvalo come .xlsx (o come CSV)",
    ".ods": "è un foglio di LibreOffice: salvalo come .xlsx o come CSV",
    ".json": "non è una tabella di righe e colonne: usa pandas.read_json",
    ".parquet": "usa pandas.read_parquet (o course.dati.carica per i dati del corso)",
}


def _file_mancante(percorso: Path) -> ErroreCorso:
    cartella = percorso.parent
    if not cartella.exists():
        dove = f"Anche la cartella {str(cartella)!r} non esiste."
    else:
        vicini = nomi_vicini(percorso.name, [p.name for p in cartella.iterdir()], quanti=3)
        dove = f"Nella cartella ci sono file con nomi simili: {', '.join(vicini)}." if vicini else ""
    return ErroreCorso(
        f"Il file {str(percorso)!r} non esiste. {dove + ' ' if dove else ''}I percorsi relativi partono dalla cartella "
        f"di lavoro, che ora è {str(Path.cwd())!r}: controlla il nome, l'estensione e la cartella."
    )


def _sembra_csv(percorso: Path) -> bool:
    """Vero se il file comincia come una tabella di testo: due righe piene con lo stesso separatore."""
    with percorso.open("rb") as f:
        inizio = f.read(4096)
    if b"\x00" in inizio:
        return False
    righe = [r for r in inizio.decode("latin-1").splitlines() if r.strip()][:2]
    return len(righe) == 2 and any(s in righe[0] and s in righe[1] for s in SEPARATORI)


def _sorgente(percorso) -> tuple[object, str, str]:
    """Da un percorso o da un buffer: (cosa leggere, nome da mostrare, «testo» o «excel»)."""
    if isinstance(percorso, str) and "\n" in percorso:
        raise ErroreCorso("Mi hai passato il contenuto di un file, non il suo percorso. Per leggere un testo "
                          "usa io.StringIO: leggi_tabella(io.StringIO(testo)).")
    if isinstance(percorso, (str, Path)):
        p = Path(percorso).expanduser()
        if p.is_dir():
            raise ErroreCorso(f"{str(p)!r} è una cartella, non un file: indica il file da leggere al suo interno.")
        if not p.exists():
            raise _file_mancante(p)
        estensione = p.suffix.lower()
        if estensione not in ESTENSIONI:
            consiglio = f" Il file {estensione} {_SUGGERIMENTI[estensione]}." if estensione in _SUGGERIMENTI else ""
            raise ErroreCorso(
                f"Non so leggere i file {estensione or 'senza estensione'} ({p.name}).{consiglio} "
                f"Formati che leggo: {', '.join(ESTENSIONI)}."
            )
        if ESTENSIONI[estensione] == "excel":
            with p.open("rb") as f:
                inizio = f.read(4)
            if inizio == _FIRMA_XLSX or not _sembra_csv(p):
                return p, p.name, "excel"   # non è né un .xlsx né un CSV: lo dice la lettura di Excel
            # Un CSV salvato con il nome .xlsx: si legge come testo, e il rapporto lo dice.
            return p.read_bytes(), p.name, "testo travestito"
        grezzo = p.read_bytes()
        # Un .xlsx rinominato .csv: si legge come Excel (il riassunto lo dice: «foglio …»).
        return (io.BytesIO(grezzo), p.name, "excel") if grezzo[:4] == _FIRMA_XLSX else (grezzo, p.name, "testo")
    if isinstance(percorso, io.StringIO):
        return percorso, "il testo fornito", "testo"
    if isinstance(percorso, (bytes, bytearray)) or hasattr(percorso, "read"):
        grezzo = bytes(percorso) if isinstance(percorso, (bytes, bytearray)) else percorso.read()
        if isinstance(grezzo, str):
            return io.StringIO(grezzo), "il testo fornito", "testo"
        tipo = "excel" if grezzo[:4] == _FIRMA_XLSX else "testo"
        return (io.BytesIO(grezzo) if tipo == "excel" else grezzo), "il file fornito", tipo
    raise ErroreCorso(
        f"leggi_tabella vuole il percorso di un file (testo o Path) o un buffer io.StringIO/io.BytesIO, "
        f"non {type(percorso).__name__}. Esempio: leggi_tabella(\"dati/spese.csv\")."
    )


def _controlla_opzioni(separatore, codifica, riga_intestazione) -> None:
    if separatore is not None:
        controlla_scelta(separatore, list(SEPARATORI), cosa="separatore")
    if codifica is not None:
        try:
            codecs.lookup(codifica)
        except (LookupError, TypeError):
            raise ErroreCorso(f"Codifica sconosciuta: {codifica!r}. Le più comuni: 'utf-8', 'utf-8-sig', "
                              "'cp1252', 'latin-1'. Oppure non indicarla: la riconosco da solo.") from None
    if riga_intestazione is not None and (isinstance(riga_intestazione, bool)
                                          or not isinstance(riga_intestazione, int) or riga_intestazione < 1):
        raise ErroreCorso(f"riga_intestazione deve essere un numero intero da 1 in su (la riga come la vedi "
                          f"in Excel), non {riga_intestazione!r}.")


def _colonne_scelte(richieste, nomi: list[str], originali: dict, *, opzione: str) -> set[str]:
    """Le colonne indicate dall'utente, per nome originale o normalizzato."""
    if richieste is None:
        return set()
    if isinstance(richieste, str):
        richieste = [richieste]
    if not isinstance(richieste, (list, tuple, set, pd.Index)):
        raise ErroreCorso(f"{opzione} deve essere un elenco di nomi di colonna, per esempio "
                          f"{opzione}=[\"data_domanda\"], non {type(richieste).__name__}.")
    per_originale = {str(o): n for n, o in originali.items()}
    scelte = set()
    for c in richieste:
        if c in nomi:
            scelte.add(c)
        elif str(c) in per_originale:
            scelte.add(per_originale[str(c)])
        elif nome_colonna(c) in nomi:
            scelte.add(nome_colonna(c))
        else:
            vicini = nomi_vicini(nome_colonna(c), nomi)
            forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
            raise ErroreCorso(f"In {opzione} c'è la colonna {c!r}, che nel file non esiste.{forse} "
                              f"Colonne del file: {', '.join(nomi)}.")
    return scelte


def _note_numeri_csv(df, formato, nomi, note: Rapporto) -> None:
    if formato.decimale != ",":
        return
    for i in sorted(formato.colonne_virgola | formato.colonne_migliaia):
        if i < len(nomi) and nomi[i] in df.columns and pd.api.types.is_numeric_dtype(df[nomi[i]]):
            cosa = " e ".join(t for t, insieme in (("virgola decimale", formato.colonne_virgola),
                                                    ("punto delle migliaia", formato.colonne_migliaia)) if i in insieme)
            note.nota("numeri", f"numeri con {cosa} convertiti.", nomi[i])


def _nota_mancanti(df: pd.DataFrame, note: Rapporto) -> None:
    mancanti = df.isna().sum()
    mancanti = mancanti[mancanti > 0]
    if len(mancanti):
        elenco = ", ".join(f"{c} {numero_it(n)}" for c, n in mancanti.items())
        note.nota("mancanti", f"celle mancanti (vuote o scritte «n.d.», «nd», «-», «#N/D»…): {elenco}.")


def _nota_titolo(note: Rapporto, righe_titolo: int) -> None:
    if righe_titolo:
        quante = "una riga" if righe_titolo == 1 else f"{righe_titolo} righe"
        note.nota("intestazione", f"ho saltato {quante} sopra l'intestazione (titoli o righe vuote): "
                                  f"i nomi delle colonne sono nella riga {righe_titolo + 1}.")


def _grezza_excel(sorgente, note: Rapporto, *, foglio, salta, colonne_testo):
    """Il foglio Excel ancora da ripulire, con i nomi delle colonne e cosa lasciare come testo."""
    from course.dati.lettura_excel import leggi_excel

    df, intestazione, info = leggi_excel(sorgente, foglio=foglio, nome_file=note.nome_file, rapporto=note,
                                         intestazione=salta)
    nomi = nomi_colonne(intestazione, note)
    _nota_titolo(note, info["salta"])
    df.columns = nomi
    originali = dict(zip(nomi, intestazione))
    lascia = _colonne_scelte(colonne_testo, nomi, originali, opzione="colonne_testo")
    lascia |= {n for n in nomi if E_CODICE_ISTAT.search(n)}
    return df, originali, lascia, f"foglio «{info['foglio']}»"


def _nota_miste(df: pd.DataFrame, miste: list[str], note: Rapporto) -> None:
    for col in [c for c in miste if pd.api.types.is_string_dtype(df[c])]:
        note.nota("lasciata come testo", "mescola celle di numeri o date e celle di testo: l'ho lasciata come "
                                         "testo (i numeri scritti con la virgola). Rendi le celle omogenee in Excel.", col)


def _grezza_testo(sorgente, note: Rapporto, *, separatore, codifica, salta, colonne_testo):
    """Il CSV letto con una sola chiamata a read_csv, con i nomi delle colonne e cosa lasciare come testo."""
    formato, contenuto = riconosci_formato(sorgente, separatore=separatore, codifica=codifica, intestazione=salta)
    nomi = nomi_colonne(formato.intestazione, note)
    _nota_titolo(note, formato.salta)
    originali = dict(zip(nomi, formato.intestazione))
    lascia = _colonne_scelte(colonne_testo, nomi, originali, opzione="colonne_testo")
    # Codici con zeri iniziali (CAP, codici interi) e codici ISTAT restano testo: niente conversioni.
    lascia |= {nomi[i] for i in formato.colonne_codici if i < len(nomi)}
    lascia |= {n for n in nomi if E_CODICE_ISTAT.search(n)}
    df = leggi_csv(contenuto, formato, nomi, testo=lascia, nome_file=note.nome_file) if nomi else pd.DataFrame()
    df.index = pd.RangeIndex(formato.salta + 2, formato.salta + 2 + len(df))
    parti = ["una sola colonna" if formato.una_colonna
             else f"separatore {SEPARATORI.get(formato.separatore, repr(formato.separatore))}"]
    parti += [f"codifica {formato.nome_codifica}"] if isinstance(contenuto, bytes) else []
    parti += [formato.nota_decimale] if formato.nota_decimale else []
    _note_numeri_csv(df, formato, nomi, note)
    return df, originali, lascia, ", ".join(parti)


def leggi_tabella(percorso, *, foglio=None, rapporto: bool = True, separatore: str | None = None,
                  codifica: str | None = None, colonne_data=None, colonne_testo=None,
                  riga_intestazione: int | None = None, riga_file: bool = False,
                  impossibili: str = "errore") -> pd.DataFrame:
    """Legge un CSV o un foglio Excel (.xlsx) scritto all'italiana e lo restituisce pulito.

    Riconosce da solo: separatore (``;``, ``,``, tabulazione), codifica (UTF-8 con o senza BOM,
    cp1252, latin-1), virgola decimale e punto delle migliaia, date gg/mm/aaaa e g/m/aa (anche
    aaaa-mm-gg), percentuali («95%» → 0.95), celle «n.d.», «-» o vuote (→ mancanti), righe di titolo
    sopra l'intestazione, righe vuote e riga «Totale» in fondo (tolte), codici ISTAT di comune
    senza lo zero iniziale (riportati a 6 cifre). I nomi delle colonne diventano semplici:
    «Città» → ``citta``, «Valore previsto» → ``valore_previsto``, «% avanzamento» → ``avanzamento_pct``.

    Ogni conversione è annotata nel rapporto: ``rapporto_lettura(df)``. Con ``rapporto=True`` ne
    stampa un riassunto. Date impossibili e ore negative fermano la lettura con un errore che
    elenca file, riga (come in Excel) e colonna di ciascun valore.

    Opzioni: ``foglio`` (nome o posizione da 0; se il file ha più fogli e non ne scegli uno leggo il
    primo e te lo dico), ``separatore`` e ``codifica`` (per non farli riconoscere), ``colonne_data``
    (colonne da leggere per forza come date), ``colonne_testo`` (colonne da lasciare come testo),
    ``riga_intestazione`` (la riga dei nomi, da 1, se quella riconosciuta non va bene),
    ``riga_file`` (aggiunge la colonna ``riga_file`` con il numero di riga nel file),
    ``impossibili="vuoti"`` (non fermarti: i valori impossibili diventano celle vuote, elencate nel
    rapporto; utile per gli esercizi sulla qualità dei dati).

    >>> import io
    >>> testo = "Città;Valore previsto;% avanzamento\\nBari;1.200;95,0 %\\nTrani;n.d.;40%\\n"
    >>> df = leggi_tabella(io.StringIO(testo), rapporto=False)
    >>> df.columns.tolist()
    ['citta', 'valore_previsto', 'avanzamento_pct']
    >>> df["avanzamento_pct"].tolist()
    [0.95, 0.4]
    >>> leggi_tabella(io.StringIO("Data\\n31/02/2024\\n"), rapporto=False)
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Nel testo fornito ho trovato un valore impossibile:
      - riga 2, colonna «Data»: «31/02/2024» non è una data esistente
    ...
    """
    _controlla_opzioni(separatore, codifica, riga_intestazione)
    controlla_scelta(impossibili, ["errore", "vuoti"], cosa="impossibili")
    sorgente, nome_file, tipo = _sorgente(percorso)
    note = Rapporto(nome_file)
    if tipo == "testo travestito":
        tipo = "testo"
        note.nota("formato", f"{nome_file} ha il nome di un file Excel ma dentro è testo (un CSV salvato come .xlsx): "
                             "l'ho letto come CSV. Per evitare dubbi, rinominalo .csv.")
    salta = None if riga_intestazione is None else riga_intestazione - 1
    if tipo == "excel":
        if separatore is not None or codifica is not None:
            raise ErroreCorso("separatore e codifica valgono solo per i file di testo (CSV), non per i file Excel.")
        df, originali, lascia, descrizione = _grezza_excel(
            sorgente, note, foglio=foglio, salta=salta, colonne_testo=colonne_testo)
    else:
        if foglio is not None:
            raise ErroreCorso(f"foglio={foglio!r} vale solo per i file Excel, ma {nome_file} è testo (CSV): togli foglio=.")
        df, originali, lascia, descrizione = _grezza_testo(
            sorgente, note, separatore=separatore, codifica=codifica, salta=salta, colonne_testo=colonne_testo)
    nomi = list(originali)
    forza_date = _colonne_scelte(colonne_data, nomi, originali, opzione="colonne_data")
    df = togli_righe_vuote(df, note, originali=originali)
    df = togli_totali(df, note)
    miste = []
    if tipo == "excel":
        from course.dati.lettura_excel import tipizza_colonne

        df, miste = tipizza_colonne(df)
    df = converti_testi(df, note, originali=originali, forza_date=forza_date, lascia=lascia)
    _nota_miste(df, miste, note)
    df = ripristina_codici_istat(df, note)
    controlla_ore(df, note, originali=originali, svuota=impossibili == "vuoti")
    if impossibili == "vuoti":
        note.svuota_problemi()
    note.solleva_se_problemi()
    _nota_mancanti(df, note)
    if riga_file:
        df.insert(0, "riga_file", df.index.to_numpy())
    df = df.reset_index(drop=True)
    righe = "una riga" if len(df) == 1 else f"{numero_it(len(df))} righe"
    colonne = "una colonna" if df.shape[1] == 1 else f"{df.shape[1]} colonne"
    note.intestazione = f"Ho letto {righe} e {colonne} {note.dal} ({descrizione})."
    df.attrs["rapporto_lettura"] = note.voci()
    if rapporto:
        print(note.testo())
    return df


def rapporto_lettura(df: pd.DataFrame) -> pd.DataFrame:
    """Il rapporto di lettura di una tabella letta con ``leggi_tabella``: cosa, colonna, dettaglio.

    >>> import io
    >>> df = leggi_tabella(io.StringIO("Codice ISTAT;Ore\\n72006;12\\n"), rapporto=False)
    >>> rapporto_lettura(df)["cosa"].tolist()
    ['lettura', 'nomi delle colonne', 'codici ISTAT']
    """
    if not isinstance(df, pd.DataFrame):
        raise ErroreCorso(f"rapporto_lettura vuole una tabella pandas (DataFrame), non {type(df).__name__}.")
    voci = df.attrs.get("rapporto_lettura")
    if voci is None:
        raise ErroreCorso("Questa tabella non ha un rapporto di lettura: leggila con course.dati.leggi_tabella(...). "
                          "Alcune operazioni (per esempio unire tabelle diverse) lo perdono: chiedilo subito dopo la lettura.")
    return pd.DataFrame([Nota(*v) for v in voci], columns=list(Nota._fields))
