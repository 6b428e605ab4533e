"""Il comando ``ambiti-lab``: legge le opzioni e chiama le funzioni del pacchetto (nient'altro).

>>> costruisci_parser(["dati"]).parse_args(["dati", "genera", "--scala", "ambito"]).scala
'ambito'
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys

from course import formato
from course.errori import ErroreCorso

__all__ = ["main", "costruisci_parser"]

# Comandi i cui moduli appartengono ad altre parti del pacchetto: si importano solo se servono,
# così «ambiti-lab avvia» parte senza caricare nbgrader.
COMANDI_ESTERNI = {"avvia": "course.avvio", "sessione": "course.sessione", "valuta": "course.valutazione.cli",
                   "pubblica": "course.edizione"}


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


def _dati_genera(args) -> int:
    from course.dati.generatore import genera

    cartella = genera(args.scala, seme=args.seme, difetti=args.difetti, cartella=args.cartella,
                      mappatura=args.mappatura, ambito=args.ambito, progresso=not args.silenzioso)
    print(f"Dati generati in {cartella}")
    print(f"Per usarli nei notebook: course.dati.carica('patti', cartella=r'{cartella}')")
    print(f"oppure imposta la variabile d'ambiente AMBITI_LAB_DATI={cartella}")
    if args.difetti:
        print(f"L'elenco dei difetti piantati è in {cartella / 'difetti.csv'}")
    return 0


def _dati_valida(args) -> int:
    from course.dati import carica, valida
    from course.dati.lettura import leggi_tabella

    df = leggi_tabella(args.file) if args.file else carica(args.tabella, cartella=args.cartella)
    problemi = valida(df, args.tabella, mappatura=args.mappatura)
    if args.esporta:
        problemi.to_csv(args.esporta, index=False, sep=";", encoding="utf-8-sig")
        print(f"Rapporto salvato in {args.esporta} (separatore ';', si apre con Excel).")
    if problemi.empty:
        print(f"Tabella {args.tabella}: nessun problema trovato su {formato.intero(len(df))} righe.")
        return 0
    print(f"Tabella {args.tabella}: {formato.intero(len(problemi))} problemi su {formato.intero(len(df))} righe.")
    import pandas as pd

    with pd.option_context("display.max_rows", args.massimo, "display.width", 200, "display.max_colwidth", 60):
        print(problemi.head(args.massimo).to_string(index=False))
    if len(problemi) > args.massimo:
        print(f"… e altri {len(problemi) - args.massimo}: usa --esporta rapporto.csv per vederli tutti.")
    return 1


def _dati_info(args) -> int:
    from course.dati.caricamento import cartella_dati, metadati

    cartella = cartella_dati(args.cartella)
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


def _verifica(args) -> int:
    from course.diagnosi import diagnostica

    return diagnostica()


def _aggiungi_dati(sotto) -> None:
    dati = sotto.add_parser("dati", help="genera, valida e descrive i dati del corso")
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
    v.set_defaults(esegui=_dati_valida)
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
    except KeyboardInterrupt:
        print("\nInterrotto.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
