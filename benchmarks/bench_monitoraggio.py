"""Benchmark del monitoraggio: conformità mensile per Patto + riepilogo per Ambito sui dati nazionali.

Nella stessa esecuzione, sugli stessi file Parquet della scala «nazione» (``course.dati.genera``,
seme 7, ~21-25 milioni di righe di attività):

1. **libreria**: ``conformita_mensile(percorso)`` + ``riepilogo_conformita(conformita, patti, per="ambito")``
   (le funzioni pubbliche, la stessa via che usa chi segue il corso);
2. **DuckDB**: lo stesso calcolo scritto in SQL (tabella temporanea della conformità per Patto e mese,
   con le stesse colonne, poi il riepilogo per Ambito con un join sui patti);
3. **ciclo Python** riga per riga, misurato su un campione e riportato al totale delle righe: con
   ``itertuples`` sulla tabella pandas (la base dell'obiettivo ≥ 100 volte), con ``iterrows`` e, come base
   più severa, su righe già convertite in oggetti Python (la conversione non è contata).

Ogni misura gira in un processo nuovo (così il picco di memoria è solo suo); libreria e DuckDB si
alternano e si prende la mediana, perché la macchina è condivisa. I due riepiloghi devono coincidere.
Prima delle misure si «scalda» la memoria della macchina virtuale (``_comune.scalda_memoria``): la prima
scrittura in memoria mai usata costa qui circa 2 s per GB, un costo della macchina e non del codice.

Memoria: picco della memoria residente (``ru_maxrss``) del processo della libreria meno la memoria
residente dopo gli import, diviso per la dimensione in memoria dell'input, cioè la tabella Arrow di
``attivita_mensili.parquet`` letta per intero con pyarrow (tutte le colonne, come la scrive il generatore).

Uso: ``python benchmarks/bench_monitoraggio.py [--cartella DIR] [--ripetizioni 3]``.
Scrive ``benchmarks/risultati/monitoraggio.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUI = Path(__file__).resolve().parent
OBIETTIVO_RAPPORTO = 1.0
OBIETTIVO_CICLO = 100.0
OBIETTIVO_MEMORIA = 3.0


def _regola():
    from course.parametri import parametro

    return (parametro("ore_mensili_minime"), parametro("quota_minima_attivita_qualificanti"),
            parametro("attivita_qualificanti"))


def figlio_libreria(cartella: Path, uscita: Path) -> dict:
    import numpy  # noqa: F401  (gli import non contano nel picco)
    import pandas as pd
    import psutil
    import pyarrow.parquet  # noqa: F401

    from course.monitoraggio import conformita_mensile, riepilogo_conformita

    base = psutil.Process().memory_info().rss
    inizio = time.perf_counter()
    conformita = conformita_mensile(cartella / "attivita_mensili.parquet")
    patti = pd.read_parquet(cartella / "patti.parquet", columns=["id_patto", "codice_ambito"])
    riepilogo = riepilogo_conformita(conformita, patti, per="ambito")
    secondi = time.perf_counter() - inizio
    picco = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base
    riepilogo.to_csv(uscita, index=False)
    return {"secondi": secondi, "picco_byte": picco, "righe_conformita": len(conformita)}


def figlio_duckdb(cartella: Path, uscita: Path) -> dict:
    import duckdb

    minimo, quota, qualificanti = _regola()
    elenco = ", ".join("'" + q.replace("'", "''") + "'" for q in qualificanti)
    attivita, patti = cartella / "attivita_mensili.parquet", cartella / "patti.parquet"
    con = duckdb.connect()
    inizio = time.perf_counter()
    con.execute(f"""
        CREATE TEMP TABLE conformita AS
        WITH somme AS (
            SELECT id_patto, mese,
                   sum(ore_previste) AS ore_previste, sum(ore_svolte) AS ore_svolte,
                   sum(CASE WHEN tipo_attivita IN ({elenco}) THEN ore_svolte ELSE 0 END) AS ore_qualificanti,
                   sum(assenze_giustificate) AS assenze_giustificate,
                   sum(assenze_ingiustificate) AS assenze_ingiustificate
            FROM read_parquet('{attivita}')
            GROUP BY id_patto, mese)
        SELECT *,
               CASE WHEN ore_svolte > 0 THEN ore_qualificanti / ore_svolte END AS quota_qualificanti,
               CASE WHEN ore_previste > 0 THEN ore_svolte / ore_previste END AS tasso_presenza,
               CASE WHEN ore_previste > 0 THEN assenze_ingiustificate / ore_previste END AS tasso_assenze_ingiustificate,
               ore_svolte >= {minimo} AS ore_sufficienti,
               ore_qualificanti >= {quota} * ore_svolte AS quota_sufficiente,
               ore_svolte >= {minimo} AND ore_qualificanti >= {quota} * ore_svolte AS conforme
        FROM somme
    """)
    riepilogo = con.execute(f"""
        SELECT p.codice_ambito, count(DISTINCT c.id_patto) AS patti, count(*) AS mesi_patto,
               sum(c.conforme::INTEGER) AS mesi_conformi, avg(c.conforme::INTEGER) AS quota_conformi,
               avg(c.ore_svolte) AS ore_svolte_medie,
               sum(c.ore_svolte) / sum(c.ore_previste) AS tasso_presenza,
               sum(c.assenze_ingiustificate) / sum(c.ore_previste) AS quota_assenze_ingiustificate
        FROM conformita c JOIN read_parquet('{patti}') p ON c.id_patto = p.id_patto
        GROUP BY p.codice_ambito ORDER BY p.codice_ambito
    """).df()
    secondi = time.perf_counter() - inizio
    righe = con.execute("SELECT count(*) FROM conformita").fetchone()[0]
    riepilogo.to_csv(uscita, index=False)
    return {"secondi": secondi, "righe_conformita": righe}


def _ciclo(righe, ambito_di, minimo, quota, qualificanti) -> None:
    """Il calcolo riga per riga: somme per (Patto, mese) in un dizionario, poi il riepilogo per Ambito."""
    somme = {}
    for r in righe:
        chiave = (r.id_patto, r.mese)
        s = somme.get(chiave)
        if s is None:
            s = somme[chiave] = [0, 0, 0, 0, 0]
        s[0] += r.ore_previste
        s[1] += r.ore_svolte
        s[2] += r.ore_svolte if r.tipo_attivita in qualificanti else 0
        s[3] += r.assenze_giustificate
        s[4] += r.assenze_ingiustificate
    per_ambito = {}
    for (patto, _), s in somme.items():
        conforme = s[1] >= minimo and s[2] >= quota * s[1]
        a = per_ambito.setdefault(ambito_di.get(patto), [set(), 0, 0, 0, 0])
        a[0].add(patto)
        a[1] += 1
        a[2] += conforme
        a[3] += s[1]
        a[4] += s[0]


def ciclo_python(cartella: Path, *, righe_campione: int = 100_000, righe_iterrows: int = 5_000) -> dict:
    """Le basi lente, misurate su un campione di righe consecutive della tabella e riportate al totale.

    - ``itertuples``: il ciclo che scriverebbe chi viene da Excel sulla tabella pandas (base dell'obiettivo);
    - ``iterrows``: lo stesso con ``iterrows`` (ancora più lento, molto comune);
    - ``dizionari``: il ciclo più rapido possibile, su righe già convertite in oggetti Python
      (la conversione, fatta in C da Arrow, non è contata).
    """
    from collections import namedtuple

    import pyarrow.parquet as pq

    minimo, quota, qualificanti = _regola()
    qualificanti = set(qualificanti)
    file = pq.ParquetFile(cartella / "attivita_mensili.parquet")
    totali, gruppi, letti = file.metadata.num_rows, [], 0
    while letti < righe_campione and len(gruppi) < file.num_row_groups:
        gruppi.append(len(gruppi))
        letti += file.metadata.row_group(len(gruppi) - 1).num_rows
    tabella = file.read_row_groups(gruppi).slice(0, righe_campione)
    df = tabella.to_pandas()
    ambito_di = dict(zip(*pq.read_table(cartella / "patti.parquet", columns=["id_patto", "codice_ambito"])
                         .to_pydict().values()))
    misure = {}
    inizio = time.perf_counter()
    _ciclo(df.itertuples(index=False), ambito_di, minimo, quota, qualificanti)
    misure["itertuples"] = (time.perf_counter() - inizio, len(df))
    parte = df.iloc[:righe_iterrows]
    inizio = time.perf_counter()
    _ciclo((r for _, r in parte.iterrows()), ambito_di, minimo, quota, qualificanti)
    misure["iterrows"] = (time.perf_counter() - inizio, len(parte))
    Riga = namedtuple("Riga", tabella.column_names)
    righe = [Riga(**r) for r in tabella.to_pylist()]
    inizio = time.perf_counter()
    _ciclo(righe, ambito_di, minimo, quota, qualificanti)
    misure["dizionari"] = (time.perf_counter() - inizio, len(righe))
    return {nome: {"secondi_campione": round(t, 3), "righe_campione": n, "secondi_stimati": t * totali / n}
            for nome, (t, n) in misure.items()}


def _figlio(modo: str, cartella: Path, uscita: Path) -> dict:
    comando = [sys.executable, __file__, "--figlio", modo, "--cartella", str(cartella), "--uscita", str(uscita)]
    fatto = subprocess.run(comando, capture_output=True, text=True, check=False)
    if fatto.returncode != 0:
        raise RuntimeError(f"Il processo {modo} è fallito:\n{fatto.stderr[-3000:]}")
    return json.loads(fatto.stdout.strip().splitlines()[-1])


def _confronta(csv_libreria: Path, csv_duckdb: Path) -> float:
    import numpy as np
    import pandas as pd

    a = pd.read_csv(csv_libreria).set_index("codice_ambito")
    b = pd.read_csv(csv_duckdb).set_index("codice_ambito")
    a = a.loc[b.index]
    scarto = 0.0
    for c in ["patti", "mesi_patto", "mesi_conformi", "quota_conformi", "ore_svolte_medie", "tasso_presenza",
              "quota_assenze_ingiustificate"]:
        scarto = max(scarto, float(np.max(np.abs(a[c].to_numpy(float) - b[c].to_numpy(float)))))
    if scarto > 1e-9:
        raise AssertionError(f"I riepiloghi di libreria e DuckDB non coincidono (scarto massimo {scarto}).")
    return scarto


def misure(r: dict) -> list[dict]:
    """Le quattro condizioni dell'obiettivo, una riga ciascuna in BENCHMARKS.md (rapporto = misura / riferimento)."""
    t = r["valore"]
    righe = [{"nome": "libreria contro DuckDB", "valore": t, "base": r["base"], "rapporto": r["rapporto"],
              "obiettivo": "≤ 1", "superato": r["superato_rapporto_duckdb"], "unita": "secondi (mediana)",
              "descrizione": "Secondi della libreria diviso i secondi di DuckDB sugli stessi Parquet."}]
    for nome, spiegazione in (("iterrows", "il ciclo riga per riga più comune in pandas"),
                              ("itertuples", "il ciclo riga per riga più veloce su un DataFrame")):
        ciclo = r["cicli_python"][nome]["secondi_stimati"]
        righe.append({"nome": f"libreria contro un ciclo Python con {nome}", "valore": t, "base": ciclo,
                      "rapporto": round(t / ciclo, 4), "obiettivo": "≤ 0,01 (almeno 100 volte più veloce)",
                      "superato": r[f"superato_ciclo_{nome}"], "unita": "secondi",
                      "descrizione": f"Il ciclo con {nome} ({spiegazione}), misurato su un campione e riportato "
                                     "al totale delle righe."})
    righe.append({"nome": "picco di memoria rispetto all'input", "valore": r["picco_memoria_mb"],
                  "base": r["input_in_memoria_mb"], "rapporto": r["memoria_rispetto_input"], "obiettivo": "≤ 3",
                  "superato": r["superato_memoria"], "unita": "MB",
                  "descrizione": "Picco di memoria del processo della libreria diviso la tabella Arrow in ingresso."})
    return righe


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description="Benchmark del monitoraggio sui dati nazionali.")
    parser.add_argument("--cartella", type=Path, default=None,
                        help="cartella con i Parquet della scala nazione (se mancano, si generano lì)")
    parser.add_argument("--ripetizioni", type=int, default=3)
    parser.add_argument("--figlio", choices=["libreria", "duckdb"], default=None, help=argparse.SUPPRESS)
    parser.add_argument("--uscita", type=Path, default=None, help=argparse.SUPPRESS)
    opzioni = parser.parse_args(argv)

    if opzioni.figlio:
        misura = (figlio_libreria if opzioni.figlio == "libreria" else figlio_duckdb)(opzioni.cartella, opzioni.uscita)
        print(json.dumps(misura))
        return misura

    temporanea = None
    cartella = opzioni.cartella
    if cartella is None:
        temporanea = tempfile.TemporaryDirectory(prefix="bench-monitoraggio-")
        cartella = Path(temporanea.name)
    if not (cartella / "attivita_mensili.parquet").exists():
        from course.dati import genera

        print(f"Genero i dati nazionali (seme 7) in {cartella} …", flush=True)
        genera(scala="nazione", seme=7, cartella=cartella, progresso=False)

    import pyarrow.parquet as pq

    tabella = pq.read_table(cartella / "attivita_mensili.parquet")
    dimensione_input, righe = tabella.nbytes, tabella.num_rows
    del tabella

    from _comune import scalda_memoria

    print(f"Memoria scaldata in {scalda_memoria():.1f} s (vedi _comune.scalda_memoria)", flush=True)
    # la macchina è condivisa: libreria, DuckDB e cicli si alternano, così ogni ripetizione vede lo stesso carico
    lib, duck, cicli = [], [], []
    with tempfile.TemporaryDirectory() as lavoro:
        for i in range(opzioni.ripetizioni):
            for modo, lista in (("libreria", lib), ("duckdb", duck)) if i % 2 == 0 else (("duckdb", duck), ("libreria", lib)):
                misura = _figlio(modo, cartella, Path(lavoro) / f"{modo}.csv")
                lista.append(misura)
                print(f"  {modo:9s} {misura['secondi']:7.2f} s", flush=True)
            cicli.append(ciclo_python(cartella))
            print("  cicli    " + ", ".join(f"{k} {v['secondi_stimati']:.0f} s" for k, v in cicli[-1].items()), flush=True)
        scarto = _confronta(Path(lavoro) / "libreria.csv", Path(lavoro) / "duckdb.csv")
    assert lib[0]["righe_conformita"] == duck[0]["righe_conformita"], "numero di righe Patto-mese diverso"

    t_lib = statistics.median(m["secondi"] for m in lib)
    t_duck = statistics.median(m["secondi"] for m in duck)
    picco = max(m["picco_byte"] for m in lib)
    rapporto = statistics.median(l["secondi"] / d["secondi"] for l, d in zip(lib, duck))
    ciclo = {nome: {"secondi_campione": statistics.median(c[nome]["secondi_campione"] for c in cicli),
                    "righe_campione": cicli[0][nome]["righe_campione"],
                    "secondi_stimati": statistics.median(c[nome]["secondi_stimati"] for c in cicli),
                    "volte_per_ripetizione": [round(c[nome]["secondi_stimati"] / m["secondi"], 1)
                                              for c, m in zip(cicli, lib)]}
             for nome in cicli[0]}
    volte_ciclo = statistics.median(c["itertuples"]["secondi_stimati"] / m["secondi"] for c, m in zip(cicli, lib))
    memoria = picco / dimensione_input
    risultato = {
        "nome": "monitoraggio",
        "descrizione": ("Conformità mensile per Patto e riepilogo per Ambito sui dati nazionali (seme 7): "
                        "funzioni della libreria contro lo stesso calcolo in SQL con DuckDB sugli stessi Parquet "
                        "(processi nuovi, misure alternate, mediana dei rapporti di ogni ripetizione). Obiettivi: rapporto ≤ 1,0; almeno 100 volte "
                        "più veloce di un ciclo Python riga per riga con itertuples (misurato su un campione e riportato "
                        "al totale; nel file anche iterrows e il ciclo su righe già convertite); "
                        "picco di memoria ≤ 3 volte la tabella Arrow in ingresso. Prima delle misure la memoria "
                        "della macchina virtuale viene scaldata una volta, per tutti allo stesso modo."),
        "valore": round(t_lib, 3),
        "base": round(t_duck, 3),
        "rapporto": round(rapporto, 3),
        "obiettivo": "≤ 1 rispetto a DuckDB, ≥ 100 volte un ciclo itertuples, memoria ≤ 3 volte l'input",
        "superato": bool(rapporto <= OBIETTIVO_RAPPORTO and volte_ciclo >= OBIETTIVO_CICLO
                         and memoria <= OBIETTIVO_MEMORIA),
        "superato_rapporto_duckdb": bool(rapporto <= OBIETTIVO_RAPPORTO),
        "superato_ciclo_itertuples": bool(volte_ciclo >= OBIETTIVO_CICLO),
        "superato_ciclo_iterrows": bool(statistics.median(ciclo["iterrows"]["volte_per_ripetizione"]) >= OBIETTIVO_CICLO),
        "superato_memoria": bool(memoria <= OBIETTIVO_MEMORIA),
        "unita": "secondi (mediana)",
        "ripetizioni": opzioni.ripetizioni,
        "secondi_libreria": [round(m["secondi"], 3) for m in lib],
        "secondi_duckdb": [round(m["secondi"], 3) for m in duck],
        "righe_attivita": righe,
        "righe_conformita": lib[0]["righe_conformita"],
        "scarto_massimo_riepilogo": scarto,
        "ciclo_python_secondi_stimati": round(ciclo["itertuples"]["secondi_stimati"], 1),
        "ciclo_python_righe_campione": ciclo["itertuples"]["righe_campione"],
        "volte_piu_veloce_del_ciclo": round(volte_ciclo, 1),
        "cicli_python": {nome: {**m, "secondi_stimati": round(m["secondi_stimati"], 1)} for nome, m in ciclo.items()},
        "obiettivo_volte_ciclo": OBIETTIVO_CICLO,
        "picco_memoria_mb": round(picco / 1e6, 1),
        "input_in_memoria_mb": round(dimensione_input / 1e6, 1),
        "memoria_rispetto_input": round(memoria, 2),
        "obiettivo_memoria_rispetto_input": OBIETTIVO_MEMORIA,
        "metodo_memoria": ("ru_maxrss del processo della libreria meno la memoria residente dopo gli import; "
                           "input = tabella Arrow di attivita_mensili.parquet letta per intero (pyarrow, nbytes)"),
        "cpu": os.cpu_count(),
        "python": platform.python_version(),
    }
    import duckdb
    import pandas as pd

    risultato["pandas"], risultato["duckdb"] = pd.__version__, duckdb.__version__
    risultato.update(tema="monitoraggio", misure=misure(risultato))
    (QUI / "risultati").mkdir(exist_ok=True)
    (QUI / "risultati" / "monitoraggio.json").write_text(json.dumps(risultato, indent=2, ensure_ascii=False) + "\n",
                                                         encoding="utf-8")
    print(f"libreria {t_lib:.2f} s, DuckDB {t_duck:.2f} s: rapporto {rapporto:.2f} (obiettivo ≤ {OBIETTIVO_RAPPORTO})")
    for nome, m in ciclo.items():
        print(f"ciclo Python ({nome}) stimato {m['secondi_stimati']:.0f} s: {statistics.median(m['volte_per_ripetizione']):.0f} "
              "volte più lento della libreria" + (" (obiettivo ≥ 100)" if nome == "itertuples" else ""))
    print(f"picco di memoria {picco / 1e6:.0f} MB = {memoria:.2f} volte l'input ({dimensione_input / 1e6:.0f} MB)")
    if temporanea is not None:
        temporanea.cleanup()
    return risultato


if __name__ == "__main__":
    main()
