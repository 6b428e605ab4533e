"""Il comando ``ambiti-lab valuta``: legge le opzioni e chiama le funzioni della valutazione (nient'altro).

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="ambiti-lab")
>>> aggiungi_comandi(parser.add_subparsers(dest="comando"))
>>> args = parser.parse_args(["valuta", "correggi", "modulo-01", "--lavoratori", "3"])
>>> args.compito, args.lavoratori, args.esegui.__name__
('modulo-01', 3, '_correggi')
"""

from __future__ import annotations

import sys

from course import formato

__all__ = ["aggiungi_comandi"]


def _corso(args, *, crea: bool = False):
    from pathlib import Path

    from course.valutazione.corso import trova_corso

    if crea and args.corso and not (Path(args.corso) / "nbgrader_config.py").exists():
        from course.valutazione.costruisci import copia_modello

        radice = copia_modello(args.corso)
        print(f"Ho creato il corso nbgrader in {radice} (configurazione, compiti, cruscotto del formatore).")
    return trova_corso(args.corso)


def _genera(args) -> int:
    from course.valutazione.genera import genera_compiti

    corso = _corso(args, crea=True)
    if args.ricostruisci:
        from course.valutazione.costruisci import carica_tracce, scrivi_compito

        tracce = carica_tracce(corso.radice)
        for nome in args.compiti or list(tracce):
            scrivi_compito(tracce[nome], corso.radice)
    compiti = args.compiti or corso.compiti()
    for nome, cartella in genera_compiti(corso, compiti).items():
        print(f"✔ {nome}: versione per i corsisti in {cartella} (senza soluzioni né test nascosti)")
    print(f"Rubriche delle domande aperte per il formatore: {corso.radice / 'rubriche'}")
    return 0


def _raccogli(args) -> int:
    from course.valutazione.raccolta import raccogli

    corso = _corso(args)
    esito = raccogli(corso, args.compito, args.origine)
    print(f"Raccolte {len(esito['raccolti'])} consegne di {args.compito} (originali archiviati in "
          f"{corso.archivio(args.compito)} con la loro impronta SHA-256).")
    if esito["senza_notebook"]:
        print(f"⚠ Senza notebook: {', '.join(esito['senza_notebook'])}")
    if esito["fuori_elenco"]:
        print(f"⚠ Non presenti in corsisti.csv: {', '.join(esito['fuori_elenco'])}")
    return 0


def _correggi(args) -> int:
    from course.valutazione.correzione import Limiti, correggi

    corso = _corso(args)
    limiti = Limiti(cella=args.limite_cella, consegna=args.limite_consegna, memoria_mb=args.memoria,
                    isolamento=not args.senza_recinto)

    def avanza(r):
        stato = "segnalata" if r["motivi"] else "corretta"
        print(f"  {r['studente']:<24} {stato}" + (f": {r['motivi'][0]}" if r["motivi"] else ""), flush=True)

    _annuncia_protezioni(limiti)
    riepilogo = correggi(corso, args.compito, lavoratori=args.lavoratori, limiti=limiti, studenti=args.studente,
                         avanzamento=avanza)
    print(f"Corrette {len(riepilogo['corretti'])}, segnalate {len(riepilogo['segnalati'])} "
          f"in {riepilogo['durata']:.1f} s. Dettagli: «ambiti-lab valuta stato {args.compito}».")
    for allarme in riepilogo["allarmi"]:
        print(f"⚠ {allarme}", file=sys.stderr)
    return 0


def _annuncia_protezioni(limiti) -> None:
    """Dice prima di correggere quali protezioni valgono qui e quali mancano (e si va avanti comunque)."""
    from course.valutazione.recinto import descrivi_protezioni, protezioni

    if not limiti.isolamento:
        print("⚠ Correzione senza recinto (--senza-recinto): il codice dei corsisti gira con i tuoi permessi.", file=sys.stderr)
        return
    p = protezioni()
    print(f"Protezioni attive: {descrivi_protezioni(p)}.")
    for mancante in p.mancanti:
        print(f"⚠ Protezione mancante: {mancante}. La correzione va avanti lo stesso.", file=sys.stderr)


def _feedback(args) -> int:
    from course.valutazione.feedback import feedback_compito

    corso = _corso(args)
    esito = feedback_compito(corso, args.compito, studenti=args.studente)
    print(f"Scritti {len(esito['scritti'])} riscontri in {corso.radice / 'feedback'}.")
    for studente, motivo in esito["errori"].items():
        print(f"⚠ {studente}: riscontro non scritto ({motivo})", file=sys.stderr)
    return 1 if esito["errori"] else 0


def _esporta(args) -> int:
    from course.valutazione.esporta import esporta_generico, esporta_moodle, senza_identificativo
    from course.valutazione.esporta import scrivi_profili

    corso = _corso(args)
    compiti = args.compiti or None
    moodle = esporta_moodle(corso, compiti, identifica=args.identifica, scala=args.scala,
                            includi_segnalati=args.includi_segnalati)
    generico = esporta_generico(corso, compiti)
    print(f"Voti per Moodle: {moodle}")
    esclusi = senza_identificativo(corso, compiti, identifica=args.identifica)
    if esclusi:
        print(f"⚠ Fuori dal CSV per Moodle perché senza «{args.identifica}» in corsisti.csv: {', '.join(esclusi)}",
              file=sys.stderr)
    print("  In Moodle: Valutatore → Importa → File CSV; «Identifica utente tramite»: "
          f"{args.identifica}; associa ogni colonna al suo elemento di valutazione.")
    print(f"Voti in CSV (Excel): {generico}")
    for percorso in scrivi_profili(corso, compiti):
        print(f"Profili di competenza: {percorso}")
    return 0


def _aperte(args) -> int:
    from course.valutazione.aperte import esporta_aperte, importa_aperte

    corso = _corso(args)
    if args.importa:
        n = importa_aperte(corso, args.compito, args.importa)
        print(f"Scritti {n} voti delle domande aperte nel gradebook. Poi: «ambiti-lab valuta feedback {args.compito}».")
    else:
        percorso = esporta_aperte(corso, args.compito, destinazione=args.esporta)
        print(f"Risposte aperte da correggere: {percorso}")
        print("  Riempi le colonne «punti» e «commento» (con Excel o LibreOffice) e poi: "
              f"«ambiti-lab valuta aperte {args.compito} --importa {percorso.name}».")
    return 0


def _stato(args) -> int:
    from course.valutazione.stato import descrivi_stato, stato_compito

    corso = _corso(args)
    print(descrivi_stato(stato_compito(corso, args.compito), args.compito))
    return 0


def aggiungi_comandi(sottocomandi) -> None:
    """Registra ``valuta`` e i suoi sottocomandi nel parser di ``ambiti-lab``."""
    valuta = sottocomandi.add_parser(
        "valuta", help="valutazione con nbgrader: compiti, correzione, riscontri, voti",
        description="Il flusso del formatore: genera → (i corsisti consegnano) → raccogli → correggi → feedback → esporta.")
    sotto = valuta.add_subparsers(dest="azione", metavar="AZIONE", required=True)

    def comando(nome, aiuto, funzione, *, compito=True):
        p = sotto.add_parser(nome, help=aiuto, description=aiuto)
        p.add_argument("--corso", default=None,
                       help="cartella del corso nbgrader (quella con nbgrader_config.py); di norma quella corrente o grading/")
        if compito:
            p.add_argument("compito", help="nome del compito, ad esempio modulo-01")
        p.set_defaults(esegui=funzione)
        return p

    g = comando("genera", "prepara le versioni per i corsisti, senza soluzioni né test nascosti", _genera, compito=False)
    g.add_argument("compiti", nargs="*", help="compiti da generare (di norma tutti)")
    g.add_argument("--ricostruisci", action="store_true", help="riscrive prima i compiti sorgente dagli esercizi del corso")

    r = comando("raccogli", "raccoglie le consegne da una cartella, dallo zip di Moodle o dall'exchange di JupyterHub", _raccogli)
    r.add_argument("origine", help="cartella delle consegne, file zip scaricato da Moodle o cartella dell'exchange di nbgrader")

    c = comando("correggi", "corregge in parallelo tutte le consegne raccolte, senza fermarsi per colpa di una", _correggi)
    c.add_argument("--lavoratori", type=int, default=2, help="processi in parallelo (di norma 2)")
    c.add_argument("--limite-cella", type=float, default=30, help="secondi al massimo per cella (di norma 30)")
    c.add_argument("--limite-consegna", type=float, default=180, help="secondi al massimo per consegna (di norma 180)")
    c.add_argument("--memoria", type=int, default=3072, help="memoria usata al massimo dal kernel di ogni consegna, in MB")
    c.add_argument("--studente", action="append", help="corregge solo questo corsista (si può ripetere)")
    c.add_argument("--senza-recinto", action="store_true",
                   help="non chiude i kernel nel recinto dei file (sconsigliato: solo per capire un problema)")

    f = comando("feedback", "scrive per ogni corsista il riscontro in HTML, senza soluzioni né test nascosti", _feedback)
    f.add_argument("--studente", action="append", help="solo questo corsista (si può ripetere)")

    e = comando("esporta", "esporta i voti per Moodle e in CSV, con i profili di competenza", _esporta, compito=False)
    e.add_argument("compiti", nargs="*", help="compiti da esportare (di norma tutti)")
    e.add_argument("--identifica", default="email", choices=["email", "username", "id"],
                   help="colonna che Moodle usa per riconoscere i corsisti (di norma email)")
    e.add_argument("--scala", type=float, default=None, help="riporta i voti su questo massimo (ad esempio 100)")
    e.add_argument("--includi-segnalati", action="store_true", help="esporta anche i voti delle consegne segnalate")

    comando("stato", "chi ha consegnato, chi è corretto, chi è segnalato e perché", _stato)

    a = comando("aperte", "le domande aperte in un foglio di calcolo: esporta le risposte, poi importa i voti", _aperte)
    a.add_argument("--esporta", default=None, metavar="FILE", help="dove scrivere il CSV (di norma esportazioni/aperte-<compito>.csv)")
    a.add_argument("--importa", default=None, metavar="FILE", help="il CSV con le colonne punti e commento riempite")
