"""Il comando ``ambiti-lab``: legge le opzioni e chiama le funzioni del pacchetto (nient'altro).

>>> costruisci_parser(["dati"]).parse_args(["dati", "genera", "--scala", "ambito"]).scala
'ambito'
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys
from pathlib import Path

from course import formato
from course.errori import ErroreCorso

__all__ = ["main", "costruisci_parser", "data_italiana"]

# Comandi i cui moduli appartengono ad altre parti del pacchetto: si importano solo se servono,
# così «ambiti-lab avvia» parte senza caricare nbgrader.
COMANDI_ESTERNI = {"avvia": "course.avvio", "sessione": "course.sessione", "valuta": "course.valutazione.cli",
                   "pubblica": "course.edizione"}


# Moduli dei gruppi opzionali di pyproject.toml: senza, il comando lo dice e spiega come installarli.
GRUPPI_OPZIONALI = {"nbgrader": "formatore", "nbclient": "formatore", "nbconvert": "formatore",
                    "nbformat": "formatore", "traitlets": "formatore", "jupyterhub": "hub",
                    "nbgitpuller": "hub", "sphinx": "sito", "myst_nb": "sito", "duckdb": "bench", "psutil": "bench"}


TRADUZIONI_ARGPARSE = {
    "usage: ": "uso: ",
    "positional arguments": "argomenti",
    "options": "opzioni",
    "show this help message and exit": "mostra questo aiuto ed esce",
    "show program's version number and exit": "mostra la versione ed esce",
    "%(prog)s: error: %(message)s\n": "%(prog)s: errore: %(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "scelta non valida: %(value)r (scegli tra %(choices)s)",
    "the following arguments are required: %s": "mancano questi argomenti: %s",
    "unrecognized arguments: %s": "argomenti non riconosciuti: %s",
    "expected one argument": "serve un valore",
    "invalid %(type)s value: %(value)r": "valore non valido (%(type)s): %(value)r",
    "argument %(argument_name)s: %(message)s": "argomento %(argument_name)s: %(message)s",
}


@contextlib.contextmanager
def _in_italiano():
    """argparse traduce i suoi messaggi con gettext: per la durata del blocco li forniamo in italiano.

    Si cambia argparse solo mentre lavora un parser del comando, e poi lo si rimette com'era: chi
    usa argparse nello stesso processo (i test, un notebook) continua a vederlo come sempre.
    """
    prima = argparse._, argparse.ngettext
    argparse._ = lambda testo: TRADUZIONI_ARGPARSE.get(testo, testo)
    argparse.ngettext = lambda singolare, plurale, n: TRADUZIONI_ARGPARSE.get(singolare if n == 1 else plurale,
                                                                            singolare if n == 1 else plurale)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = prima


class _ParserItaliano(argparse.ArgumentParser):
    """Un ArgumentParser che scrive aiuto ed errori in italiano (anche i sottocomandi, che sono della stessa classe)."""

    def __init__(self, *args, **kwargs):
        with _in_italiano():
            super().__init__(*args, **kwargs)

    def add_argument(self, *args, **kwargs):
        with _in_italiano():
            return super().add_argument(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with _in_italiano():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with _in_italiano():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _in_italiano():
            return super().parse_known_args(args, namespace)

    def format_usage(self):
        with _in_italiano():
            return super().format_usage()

    def format_help(self):
        with _in_italiano():
            return super().format_help()

    def error(self, message):
        with _in_italiano():
            super().error(message)

    def _get_value(self, action, arg_string):
        # argparse direbbe «invalid int value»: qui il tipo si dice in italiano, con un esempio.
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError:
            if action.type not in _TIPI_IN_ITALIANO:
                raise
            raise argparse.ArgumentError(
                action, f"valore non valido: {arg_string!r} (serve {_TIPI_IN_ITALIANO[action.type]})") from None


def data_italiana(testo: str):
    """Una data scritta come GG/MM/AAAA (anche G/M/AA) o AAAA-MM-GG per le opzioni del comando:
    la legge il lettore di date del corso, lo stesso delle funzioni (il giorno sempre prima del mese).

    >>> data_italiana("31/12/2025"), data_italiana("1/6/25")
    (Timestamp('2025-12-31 00:00:00'), Timestamp('2025-06-01 00:00:00'))
    """
    from course.date import leggi_data   # qui e non in cima: porta pandas, che l'aiuto del comando non usa

    return leggi_data(testo, cosa="la data")


_TIPI_IN_ITALIANO = {int: "un numero intero, ad esempio 3", float: "un numero, ad esempio 2.5",
                     data_italiana: "una data come 31/12/2025"}


def _dati_genera(args) -> int:
    from course.dati.generatore import genera

    cartella = genera(args.scala, seme=args.seme, difetti=args.difetti, cartella=args.cartella,
                      mappatura=args.mappatura, ambito=args.ambito, progresso=not args.silenzioso)
    print(f"Dati generati in {cartella}")
    print(f"Per usarli nei notebook: course.dati.carica('patti', cartella=r'{cartella}')")
    print(f"oppure imposta la variabile d'ambiente AMBITI_LAB_DATI={cartella}")
    print("«ambiti-lab dati valida» e «ambiti-lab dati info» useranno questi dati (se non indichi --cartella).")
    if args.difetti:
        print(f"L'elenco dei difetti piantati è in {cartella / 'difetti.csv'}")
    _ricorda_ultimi_dati(cartella)
    return 0


def _file_ultimi_dati() -> Path:
    base = Path(os.environ.get("AMBITI_LAB_LAVORO", Path.home() / "ambiti-lab-lavoro"))
    return base / ".ambiti-lab" / "ultimi-dati-generati.txt"


def _ricorda_ultimi_dati(cartella: Path) -> None:
    try:
        percorso = _file_ultimi_dati()
        percorso.parent.mkdir(parents=True, exist_ok=True)
        percorso.write_text(str(Path(cartella).resolve()), encoding="utf-8")
    except OSError:
        pass  # senza promemoria valida e info diranno di usare --cartella


def _cartella_scelta(args) -> Path | None:
    """La cartella dei dati per valida e info, e una riga che dice da dove viene."""
    from course.dati.caricamento import cartella_dati, cartella_predefinita

    if args.cartella is not None:
        return cartella_dati(args.cartella)
    if os.environ.get("AMBITI_LAB_DATI"):
        cartella = cartella_dati()
        print(f"Dati: {cartella} (dalla variabile d'ambiente AMBITI_LAB_DATI).")
        return cartella
    try:
        ultimi = Path(_file_ultimi_dati().read_text(encoding="utf-8").strip())
    except OSError:
        ultimi = None
    if ultimi is not None and ultimi.is_dir():
        print(f"Dati: {ultimi} (gli ultimi generati con «ambiti-lab dati genera»; per quelli distribuiti con "
              f"il corso: --cartella {cartella_predefinita()}).")
        return ultimi
    cartella = cartella_dati()
    print(f"Dati: {cartella} (quelli distribuiti con il corso; per altri dati: --cartella CARTELLA).")
    return cartella


def _dati_valida(args) -> int:
    from course.dati import carica, valida
    from course.dati.lettura import leggi_tabella

    if args.file:
        df = leggi_tabella(args.file)
        riferimento, da_dove = _riferimento_del_file(Path(args.file), args.alla_data)
    else:
        cartella = _cartella_scelta(args)
        df = carica(args.tabella, cartella=cartella)
        riferimento = args.alla_data
        da_dove = "la data indicata con --alla-data" if args.alla_data is not None else None
    problemi = valida(df, args.tabella, mappatura=args.mappatura, data_riferimento=riferimento)
    if da_dove:
        print(f"Date «nel futuro»: controllate rispetto al {formato.data(riferimento)} ({da_dove}).")
    if args.esporta:
        problemi.to_csv(args.esporta, index=False, sep=";", encoding="utf-8-sig")
        print(f"Rapporto salvato in {args.esporta} (separatore ';', si apre con Excel).")
    if problemi.empty:
        print(f"Tabella {args.tabella}: nessun problema trovato su {formato.intero(len(df))} righe.")
        return 0
    print(f"Tabella {args.tabella}: {formato.intero(len(problemi))} problemi su {formato.intero(len(df))} righe.")
    import pandas as pd

    mostrati = formato.tabella(problemi.head(args.massimo))
    with pd.option_context("display.max_rows", args.massimo, "display.width", 200, "display.max_colwidth", 60):
        print(mostrati.to_string(index=False))
    if len(problemi) > args.massimo:
        print(f"… e altri {formato.intero(len(problemi) - args.massimo)}: usa --esporta rapporto.csv per vederli tutti.")
    return 1


def _riferimento_del_file(file: Path, alla_data):
    """La data rispetto a cui una data è «nel futuro», per un file da solo, e da dove viene."""
    import pandas as pd

    if alla_data is not None:
        return alla_data, "la data indicata con --alla-data"
    try:
        info = json.loads((file.parent / "metadati.json").read_text(encoding="utf-8"))
        return pd.Timestamp(info["data_riferimento"]), f"la data di estrazione in {file.parent / 'metadati.json'}"
    except (OSError, ValueError, KeyError, TypeError):
        return pd.Timestamp.today().normalize(), "oggi; per la data di estrazione del file usa --alla-data GG/MM/AAAA"


def _dati_info(args) -> int:
    from course.dati.caricamento import cartella_dati, metadati

    cartella = cartella_dati(_cartella_scelta(args))
    info = metadati(cartella)
    print(f"Cartella dei dati: {cartella}")
    if not info:
        print("Nessun file metadati.json: non sono dati generati dal corso.")
        return 0
    print(f"Scala: {info['scala']} · seme: {info['seme']} · difetti: {'sì' if info['difetti'] else 'no'} · "
          f"data di riferimento: {info['data_riferimento']} · mappatura: {info['mappatura']}")
    for nome, t in info["tabelle"].items():
        print(f"  {nome:<18} {t['righe']:>12,} righe  {t['file']:<28} sha256 {t['sha256'][:16]}…".replace(",", "."))
    return 0


def _colonne_indicate(coppie: list[str]) -> dict[str, str]:
    colonne = {}
    for coppia in coppie or []:
        corso, uguale, nel_file = coppia.partition("=")
        if not uguale or not corso.strip() or not nel_file.strip():
            raise ErroreCorso(f"--colonna {coppia!r}: scrivi COLONNA_DEL_CORSO=COLONNA_DEL_FILE, "
                              "ad esempio --colonna data_domanda=\"Data protocollo\".")
        colonne[corso.strip()] = nel_file.strip()
    return colonne


def _dati_importa(args) -> int:
    import pandas as pd

    from course.avvio import cartella_predefinita
    from course.miei_dati import NIENTE_IN_RETE, FileRifiutato, importa

    cartella = Path(args.cartella).expanduser() if args.cartella else cartella_predefinita()
    try:
        risultato = importa(args.file, args.tabella, cartella=cartella, colonne=_colonne_indicate(args.colonna),
                            ambito=args.ambito, alla_data=args.alla_data, foglio=args.foglio)
    except FileRifiutato as rifiuto:
        print(f"File rifiutato. {rifiuto}", file=sys.stderr)
        print(NIENTE_IN_RETE, file=sys.stderr)
        return 1
    with pd.option_context("display.max_rows", 200, "display.width", 200, "display.max_colwidth", 50):
        print("Abbinamento delle colonne:")
        print(formato.tabella(risultato.mappatura.tabella_leggibile().drop(columns="che cosa contiene"))
              .to_string(index=False))
        if not risultato.problemi.empty:
            print(f"\nProblemi nei valori ({formato.intero(len(risultato.problemi))}, i primi {args.massimo}):")
            print(formato.tabella(risultato.problemi.head(args.massimo)).to_string(index=False))
        print()
        print(risultato.riassunto())
    return 0


def _verifica(args) -> int:
    from course.diagnosi import diagnostica

    return diagnostica()


def _aggiungi_dati(sotto) -> None:
    dati = sotto.add_parser("dati", help="genera, valida e descrive i dati del corso; importa i tuoi")
    azioni = dati.add_subparsers(dest="azione", metavar="AZIONE", required=True)
    g = azioni.add_parser("genera", help="genera i dati sintetici (stesso seme, stessi file)")
    g.add_argument("--scala", choices=["ambito", "regione", "nazione"], default="regione",
                   help="ambito: un Ambito (~500 nuclei); regione: 45 Ambiti (~20.000); nazione: prova di carico")
    g.add_argument("--seme", type=int, default=1, help="seme casuale (predefinito: 1)")
    g.add_argument("--difetti", action="store_true", help="pianta problemi di qualità e ne scrive l'elenco")
    g.add_argument("--cartella", help="dove scrivere i file (predefinita: ~/ambiti-lab-lavoro/dati/…)")
    g.add_argument("--mappatura", help="CSV comune → Ambito da usare al posto di quella distribuita")
    g.add_argument("--ambito", default="ATS-LE-03", help="per --scala ambito: codice, nome o capofila")
    g.add_argument("--silenzioso", action="store_true", help="senza barra di avanzamento")
    g.set_defaults(esegui=_dati_genera)
    v = azioni.add_parser("valida", help="controlla una tabella e mostra tutti i problemi")
    v.add_argument("tabella", help="nome della tabella (es. patti, nuclei, attivita_mensili)")
    v.add_argument("--cartella", help="cartella dei dati (predefinita: quella del corso o AMBITI_LAB_DATI)")
    v.add_argument("--file", help="un tuo file CSV o Excel da controllare con lo schema della tabella")
    v.add_argument("--mappatura", help="CSV comune → Ambito da usare per i controlli")
    v.add_argument("--esporta", help="salva il rapporto completo in questo file CSV")
    v.add_argument("--massimo", type=int, default=30, help="quante righe del rapporto mostrare (predefinito: 30)")
    v.add_argument("--alla-data", type=data_italiana, metavar="GG/MM/AAAA",
                   help="data di estrazione dei dati: le date successive sono «nel futuro» (predefinita: quella "
                        "dei dati generati; per un file da solo, oggi)")
    v.set_defaults(esegui=_dati_valida)
    im = azioni.add_parser(
        "importa", help="i miei dati: abbina le colonne di un tuo export, controlla, pseudonimizza e calcola",
        description="Legge un tuo export (CSV o Excel), propone l'abbinamento delle colonne a una tabella del corso "
                    "(patti, attivita_mensili, nuclei), lo salva per il mese dopo, controlla i valori, mette pseudonimi "
                    "al posto dei codici fiscali e calcola lo scadenzario o le ore. Niente viene inviato in rete.")
    im.add_argument("file", help="il tuo file CSV o Excel")
    im.add_argument("--tabella", choices=["patti", "attivita_mensili", "nuclei"],
                    help="la tabella del corso a cui corrisponde (predefinita: quella che il file somiglia di più)")
    im.add_argument("--colonna", action="append", metavar="CORSO=FILE",
                    help="abbina tu una colonna, es. --colonna data_domanda=\"Data protocollo\" (si può ripetere)")
    im.add_argument("--ambito", help="l'Ambito del file, se non ha una colonna con l'Ambito (codice o nome)")
    im.add_argument("--alla-data", type=data_italiana, metavar="GG/MM/AAAA",
                    help="il giorno a cui calcolare le scadenze (predefinito: oggi)")
    im.add_argument("--foglio", help="il foglio del file Excel (nome), se non è il primo")
    im.add_argument("--cartella", help="la cartella di lavoro del corso (predefinita: ~/ambiti-lab-lavoro); "
                                       "i risultati vanno nella sua sottocartella i-miei-dati")
    im.add_argument("--massimo", type=int, default=30, help="quanti problemi mostrare (predefinito: 30)")
    im.set_defaults(esegui=_dati_importa)
    i = azioni.add_parser("info", help="descrive i dati di una cartella (scala, seme, righe, impronte)")
    i.add_argument("--cartella", help="cartella dei dati (predefinita: quella del corso o AMBITI_LAB_DATI)")
    i.set_defaults(esegui=_dati_info)


def costruisci_parser(comandi: list[str] | None = None) -> argparse.ArgumentParser:
    """Il parser del comando; ``comandi`` limita i comandi esterni da caricare (per partire in fretta)."""
    parser = _ParserItaliano(
        prog="ambiti-lab",
        description="Il corso pratico per i coordinatori degli Ambiti territoriali sociali della Puglia.",
        epilog="Per iniziare: «ambiti-lab avvia». Per un controllo dell'installazione: «ambiti-lab verifica».",
    )
    from course import __version__

    parser.add_argument("--versione", action="version", version=f"ambiti-lab {__version__}", help="mostra la versione")
    sotto = parser.add_subparsers(dest="comando", metavar="COMANDO", required=True)
    da_caricare = COMANDI_ESTERNI if comandi is None else {c: m for c, m in COMANDI_ESTERNI.items() if c in comandi}
    for comando, modulo in da_caricare.items():
        try:
            importlib.import_module(modulo).aggiungi_comandi(sotto)
        except ModuleNotFoundError:
            continue
    _aggiungi_dati(sotto)
    verifica = sotto.add_parser("verifica", help="controlla l'installazione e dice cosa fare")
    verifica.set_defaults(esegui=_verifica)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Punto di ingresso di ``ambiti-lab``: restituisce il codice di uscita."""
    argv = sys.argv[1:] if argv is None else argv
    primo = next((a for a in argv if not a.startswith("-")), None)
    parser = costruisci_parser([primo] if primo in COMANDI_ESTERNI else None)
    args = parser.parse_args(argv)
    try:
        return int(args.esegui(args) or 0)
    except ErroreCorso as errore:
        print(f"Errore: {errore}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as errore:
        gruppo = GRUPPI_OPZIONALI.get((errore.name or "").split(".")[0])
        if gruppo is None:
            raise
        print(f"Errore: questo comando usa {errore.name}, che fa parte degli strumenti «{gruppo}» e non è "
              f"installato. Installali con:  pip install \"ambiti-lab[{gruppo}]\"  (dal repository del corso: "
              f"pip install -e \".[{gruppo}]\") e riprova.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrotto.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
