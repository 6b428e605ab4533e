"""Valida una tabella contro il suo schema e restituisce TUTTI i problemi in una tabella in italiano.

>>> from course.dati import carica
>>> nuclei = carica("nuclei").head(3).copy()
>>> nuclei.loc[1, "isee"] = None
>>> valida(nuclei, "nuclei")[["riga", "colonna", "problema"]].to_dict("records")
[{'riga': 1, 'colonna': 'isee', 'problema': 'valore mancante'}]
"""

from __future__ import annotations

import re

import pandas as pd

from course.date import leggi_data, leggi_date
from course.dati.tabelle import TABELLE
from course.errori import ErroreCorso, controlla_scelta, nomi_vicini

__all__ = ["valida", "COLONNE_RAPPORTO"]

COLONNE_RAPPORTO = ["riga", "colonna", "valore", "problema", "come_correggere"]

FORME = {
    "codice_istat": "6 cifre con gli zeri iniziali (es. 071001): se manca lo zero, aggiungilo",
    "codice_ambito": "ATS, sigla della provincia e due cifre, in maiuscolo (es. ATS-BA-01)",
    "id_nucleo": "NUC- seguito da 8 caratteri tra 0-9 e A-F (es. NUC-00A1B2C3)",
}
TIPI = {"Int64": "un numero intero", "float64": "un numero", "datetime64[ns]": "una data (31/03/2025 o 2025-03-31)",
        "boolean": "vero o falso", "str": "un testo"}


def _traduci(check: str, colonna: str, valore) -> tuple[str, str]:
    """Problema e rimedio in italiano per un controllo pandera su una colonna."""
    if check == "not_nullable":
        return "valore mancante", "completa il dato dalla fonte; se non esiste, segnalalo a chi ha prodotto il file"
    if check == "field_uniqueness":
        return (f"valore duplicato: {colonna} compare in più righe",
                "tieni una sola riga per ogni codice (ad esempio con df.drop_duplicates)")
    if check == "column_in_dataframe":
        return "colonna mancante", f"aggiungi la colonna {colonna} o controlla come si chiama nel file"
    if check.startswith("isin("):
        ammessi = re.findall(r"'([^']*)'", check)
        vicini = nomi_vicini(str(valore), ammessi, quanti=1)
        forse = f" (forse «{vicini[0]}»)" if vicini else ""
        return "valore non ammesso", f"usa uno di questi valori: {', '.join(ammessi)}{forse}"
    if check.startswith("str_matches("):
        return "forma non valida", f"il codice deve essere: {FORME.get(colonna, 'nella forma prevista')}"
    if check.startswith(("greater_than_or_equal_to(", "less_than_or_equal_to(")):
        limite = check[check.index("(") + 1:-1].replace(" 00:00:00", "")
        if check.startswith("greater"):
            return f"valore troppo basso (il minimo è {limite})", "controlla il dato alla fonte: forse è un errore di battitura"
        return f"valore troppo alto (il massimo è {limite})", "controlla il dato alla fonte: forse è un errore di battitura"
    if check.startswith(("coerce_dtype(", "dtype(")):
        tipo = check[check.index("'") + 1:check.rindex("'")] if "'" in check else check
        return (f"tipo non valido: mi aspettavo {TIPI.get(tipo, tipo)}",
                "correggi il valore; per leggere file con formati italiani usa course.dati.leggi_tabella")
    return f"controllo non superato ({check})", "controlla il valore"


def valida(df: pd.DataFrame, tabella: str, *, mappatura=None, data_riferimento=None) -> pd.DataFrame:
    """Controlla ``df`` con lo schema di ``tabella`` e restituisce tutti i problemi trovati.

    Il risultato ha le colonne riga (etichetta dell'indice), colonna, valore, problema, come_correggere:
    vuoto se va tutto bene. ``mappatura`` (CSV o tabella comune → Ambito) serve per controllare che
    ogni comune stia nel suo Ambito; ``data_riferimento`` per le date «nel futuro» (se manca, quella dei dati).
    """
    import pandera.pandas as pa

    from course.dati.schemi import controlli_tra_colonne, schema

    controlla_scelta(tabella, TABELLE, cosa="tabella")
    if not isinstance(df, pd.DataFrame):
        raise ErroreCorso(f"valida vuole una tabella pandas (DataFrame), non {type(df).__name__}. "
                          f"Esempio: valida(carica({tabella!r}), {tabella!r}).")
    dati = df.copy()
    dati = dati.astype({c: object for c in dati.columns if isinstance(dati[c].dtype, pd.CategoricalDtype)})
    if mappatura is not None:
        from course.territorio import mappatura as leggi_mappatura

        dati.attrs["mappatura"] = leggi_mappatura(mappatura)
    if data_riferimento is not None:
        dati.attrs["data_riferimento"] = leggi_data(data_riferimento, cosa="la data di riferimento")
    schema_usato = schema(tabella)
    for nome, colonna in schema_usato.columns.items():
        if (colonna.metadata or {}).get("tipo") == "data" and nome in dati.columns \
                and not pd.api.types.is_datetime64_any_dtype(dati[nome]):
            # le date scritte come testo si leggono all'italiana (giorno prima del mese): pandera da sola
            # leggerebbe «05/02/2024» come 2 maggio; quelle illeggibili restano come sono e pandera le segnala
            lette = leggi_date(dati[nome], vuote_se_illeggibili=True)
            dati[nome] = lette.astype(object).where(lette.notna(), dati[nome])
    tra_colonne = {c["problema"]: c for c in controlli_tra_colonne(tabella)}
    # I controlli tra colonne hanno bisogno di tutte le loro colonne: se ne manca una, lo dice già l'altro controllo.
    if any(c not in dati.columns for c in schema_usato.columns):
        schema_usato = schema_usato.remove_columns([]).__class__(
            schema_usato.columns, checks=[], name=schema_usato.name, strict=False)
    try:
        schema_usato.validate(dati, lazy=True)
        return pd.DataFrame(columns=COLONNE_RAPPORTO)
    except pa.errors.SchemaErrors as errori:
        casi = errori.failure_cases
    except pa.errors.SchemaError as errore:  # pragma: no cover - con lazy=True arrivano tutti insieme
        casi = errore.failure_cases

    righe = []
    visti = set()
    for caso in casi.itertuples(index=False):
        if caso.check in tra_colonne:
            if caso.index is None:
                continue  # confronto tra colonne fallito per un valore illeggibile: già segnalato come tipo non valido
            controllo = tra_colonne[caso.check]
            colonna, problema, rimedio = controllo["colonna"], controllo["problema"], controllo["come_correggere"]
            valore = df.loc[caso.index, colonna] if caso.index in df.index and colonna in df.columns else None
        else:
            if caso.index is None and caso.check not in {"column_in_dataframe"}:
                continue  # errori di confronto su valori di tipo sbagliato: già segnalati come tipo non valido
            colonna = caso.failure_case if caso.check == "column_in_dataframe" else caso.column
            valore = None if caso.check == "column_in_dataframe" else caso.failure_case
            problema, rimedio = _traduci(str(caso.check), str(colonna), valore)
        chiave = (caso.index, colonna, problema.split(":")[0][:14])
        if chiave in visti:
            continue
        visti.add(chiave)
        righe.append({"riga": caso.index, "colonna": colonna, "valore": valore, "problema": problema,
                      "come_correggere": rimedio})
    rapporto = pd.DataFrame(righe, columns=COLONNE_RAPPORTO)
    rapporto["riga"] = rapporto["riga"].astype("Int64") if rapporto["riga"].map(
        lambda v: v is None or isinstance(v, int) or (isinstance(v, float) and v != v)).all() else rapporto["riga"]
    return rapporto.sort_values(["riga", "colonna"], na_position="first", kind="stable").reset_index(drop=True)
