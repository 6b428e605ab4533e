"""Il comando ``ambiti-lab valuta``: legge le opzioni e chiama le funzioni della valutazione (nient'altro).

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="ambiti-lab")
>>> aggiungi_comandi(parser.add_subparsers(dest="comando"))
>>> args = parser.parse_args(["valuta", "correggi", "modulo-01", "--lavoratori", "3"])
>>> args.compito, args.lavoratori, args.esegui.__name__
('modulo-01', 3, '_correggi')
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from course import formato
from course.errori import ErroreCorso

__all__ = ["aggiungi_comandi"]


def _percorso(p) -> str:
    """Un percorso da stampare che funziona da qui: relativo alla cartella corrente se ci sta dentro."""
    p = Path(p).resolve()
    try:
        return str(p.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def _corso(args, *, crea: bool = False):
    from course.valutazione.corso import VARIABILE_CARTELLA, trova_corso

    if crea and args.corso and not (Path(args.corso) / "nbgrader_config.py").exists():
        from course.valutazione.costruisci import copia_modello

        radice = copia_modello(args.corso)
        print(f"Ho creato il corso nbgrader in {radice} (configurazione, compiti, cruscotto del formatore).")
    if args.corso is None and not os.environ.get(VARIABILE_CARTELLA):
        qui = Path.cwd()
        if not any((c / "nbgrader_config.py").is_file() for c in (qui, qui / "grading")):
            # senza questo controllo si userebbe in silenzio il corso modello del pacchetto, vuoto
            raise ErroreCorso(
                f"Non trovo il corso: ho cercato nbgrader_config.py nella cartella corrente ({qui}) e in {qui / 'grading'}, "
                f"e la variabile {VARIABILE_CARTELLA} non è impostata. Entra nella cartella del corso (cd …), oppure "
                f"aggiungi --corso CARTELLA al comando, oppure imposta {VARIABILE_CARTELLA}=CARTELLA. "
                "Per creare un corso nuovo: «ambiti-lab valuta genera --corso CARTELLA».")
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


def _scelte(valori) -> dict[str, str]:
    scelte = {}
    for v in valori or []:
        studente, uguale, file = v.partition("=")
        if not uguale or not studente.strip() or not file.strip():
            raise ErroreCorso(f"--scegli vuole CORSISTA=FILE, ad esempio --scegli mario.rossi=\"modulo-04 (1).ipynb\", non «{v}».")
        scelte[studente.strip()] = file.strip()
    return scelte


def _raccogli(args) -> int:
    from course.valutazione.raccolta import descrivi_raccolta, raccogli

    corso = _corso(args)
    if args.annulla:
        from course.valutazione.versioni import annulla_raccolta

        esito = annulla_raccolta(corso, args.compito)
        print(f"Annullata la raccolta di {args.compito} del {esito['raccolta']['quando'].replace('T', ' alle ')} "
              f"(da {esito['raccolta']['origine']}).")
        if esito["ripristinati"]:
            print(f"  Rimessa la consegna di prima: {', '.join(esito['ripristinati'])} (da ricorreggere se era già corretta).")
        if esito["tolti"]:
            print(f"  Tolte (spostate in {_percorso(corso.archivio(args.compito) / 'annullati')}): {', '.join(esito['tolti'])}.")
        if esito["voti_ripristinati"]:
            print(f"  Voti delle domande aperte rimessi com'erano: {esito['voti_ripristinati']}.")
        for s in esito["saltati"]:
            print(f"⚠ Non toccato: {s}", file=sys.stderr)
        return 0
    if not args.origine:
        raise ErroreCorso(f"Indica da dove raccogliere: «ambiti-lab valuta raccogli {args.compito} consegne.zip» "
                          f"(oppure --annulla per disfare l'ultima raccolta).")
    esito = raccogli(corso, args.compito, args.origine, partecipanti=args.partecipanti,
                     accetta_vecchie=args.accetta_vecchie, scegli=_scelte(args.scegli),
                     controlla_proprietari=not args.senza_controllo_proprietari)
    print(f"Raccolte {len(esito['raccolti'])} consegne di {args.compito} (originali archiviati in "
          f"{_percorso(corso.archivio(args.compito))} con la loro impronta SHA-256).")
    print(descrivi_raccolta(esito, args.compito))
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
          f"in {formato.numero(riepilogo['durata'], decimali=1)} s. Dettagli: «ambiti-lab valuta stato {args.compito}».")
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
    print(f"Scritti {len(esito['scritti'])} riscontri in {_percorso(corso.radice / 'feedback')}.")
    for studente, motivo in esito["errori"].items():
        print(f"⚠ {studente}: riscontro non scritto ({motivo})", file=sys.stderr)
    return 1 if esito["errori"] else 0


def _esporta(args) -> int:
    from course.valutazione.esporta import esporta_generico, esporta_moodle, esporta_riscontri_moodle, scrivi_profili

    corso = _corso(args)
    if args.partecipanti:
        from course.valutazione.moodle import salva_partecipanti

        salva_partecipanti(corso, "corso", args.partecipanti)
    compiti = args.compiti or None
    moodle = esporta_moodle(corso, compiti, identifica=args.identifica, scala=args.scala,
                            includi_segnalati=args.includi_segnalati, anche_incompleti=args.anche_incompleti)
    for compito, percorso in moodle.file.items():
        print(f"Voti per Moodle di {compito}: {_percorso(percorso)} ({moodle.esportati[compito]} corsisti)")
        esclusi = moodle.esclusi[compito]
        if esclusi:
            print(f"⚠ Fuori dal file di {compito} ({len(esclusi)}; in Moodle il loro voto resta com'è):", file=sys.stderr)
            for studente, motivo in sorted(esclusi.items()):
                print(f"    {studente}: {motivo}", file=sys.stderr)
        oltre = moodle.oltre_il_massimo.get(compito)
        if oltre:
            print(f"⚠ Con i punti extra superano il massimo di {compito}: " + ", ".join(
                f"{s} ({formato.numero(p)} su {formato.numero(m)})" for s, (p, m) in sorted(oltre.items()))
                + ". Moodle tiene un voto oltre il massimo solo se il sito lo consente (impostazione unlimitedgrades delle "
                "valutazioni): dopo l'importazione controlla che il voto sia arrivato intero.", file=sys.stderr)
        if args.scala is None:
            print(f"  I voti sono in punti: il massimo di {compito} è {formato.numero(moodle.massimi[compito])}. Un elemento "
                  "di valutazione di Moodle vale di norma 100: se il tuo vale 100, riesporta con --scala 100.")
        else:
            print(f"  I voti sono riportati su {formato.numero(args.scala)} (--scala).")
        zip_riscontri, fuori = esporta_riscontri_moodle(corso, compito)
        if zip_riscontri:
            print(f"Riscontri per Moodle di {compito}: {_percorso(zip_riscontri)} (in Moodle, nel compito: «Carica più file "
                  "di feedback in un file zip»; serve il tipo di feedback «File di feedback» attivo).")
        if fuori and zip_riscontri:
            print(f"  Riscontri non nello zip: {', '.join(f'{s} ({m})' for s, m in sorted(fuori.items()))}", file=sys.stderr)
    if moodle.identifica == "email" and not moodle.email_controllate:
        print("⚠ Non ho potuto controllare le e-mail con l'elenco di Moodle: un'e-mail che Moodle non conosce gli fa "
              "rifiutare tutto il file. Indica l'elenco dei partecipanti scaricato da Moodle con --partecipanti FILE.",
              file=sys.stderr)
    print("  In Moodle: Valutatore → Importa → File CSV; «Identifica utente tramite»: "
          f"{args.identifica}; associa la colonna del voto al compito e la colonna «commento» al suo feedback.")
    print(f"Voti in CSV (Excel): {_percorso(esporta_generico(corso, compiti))}")
    for percorso in scrivi_profili(corso, compiti):
        print(f"Profili di competenza: {_percorso(percorso)}")
    return 0


def _aperte(args) -> int:
    from course.valutazione.aperte import esporta_aperte, importa_aperte

    corso = _corso(args)
    if args.importa is not None:
        esito = importa_aperte(corso, args.compito, args.importa or None)
        print(f"Dal foglio {_percorso(esito['percorso'])}, nel gradebook: {esito['nuovi']} voti nuovi, "
              f"{len(esito['cambiati'])} cambiati, {esito['invariati']} invariati; {esito['commenti']} commenti nuovi o cambiati.")
        for studente, cella, prima, dopo in esito["cambiati"]:
            print(f"  Cambiato: {studente} / {cella}: da {formato.numero(prima)} a {formato.numero(dopo)} punti")
        print(f"Poi: «ambiti-lab valuta feedback {args.compito}» (i riscontri con voti cambiati vanno rifatti).")
        return 0
    foglio = esporta_aperte(corso, args.compito, destinazione=args.esporta or None)
    print(f"Risposte aperte: {_percorso(foglio.percorso)} ({foglio.righe} righe, da correggere {foglio.da_correggere}).")
    if foglio.tenute:
        print(f"  Ho tenuto {foglio.tenute} celle che avevi già riempito nel foglio e non ancora importato.")
    if foglio.copia:
        print(f"  Il foglio di prima è salvato in {_percorso(foglio.copia)}.")
    for chi in foglio.spostate:
        print(f"⚠ {chi}: la risposta è cambiata dopo che l'avevi corretta; il tuo voto è nella colonna «nota».", file=sys.stderr)
    for chi in foglio.non_riportate:
        print(f"⚠ Non riportata nel foglio nuovo (è nella copia): {chi}", file=sys.stderr)
    importa = "--importa" if not args.esporta else f"--importa {_percorso(foglio.percorso)}"
    print("  Riempi le colonne «punti» e «commento» (con Excel o LibreOffice; salva come CSV o .xlsx) e poi: "
          f"«ambiti-lab valuta aperte {args.compito} {importa}».")
    return 0


def _stato(args) -> int:
    from course.valutazione.stato import descrivi_stato, stato_compito

    corso = _corso(args)
    print(descrivi_stato(stato_compito(corso, args.compito), args.compito, corso=corso))
    return 0


def _ricontrolla(args) -> int:
    from course.valutazione.ricontrolli import annulla_ricontrollo, ricontrolla

    corso = _corso(args)
    for studente in args.corsista:
        if args.annulla:
            tolto = annulla_ricontrollo(corso, args.compito, studente)
            print(f"{studente}: ricontrollo tolto, la consegna torna segnalata." if tolto else
                  f"{studente}: non c'era nessun ricontrollo da togliere.")
            continue
        voce = ricontrolla(corso, args.compito, studente, nota=args.nota or "")
        print(f"✔ {studente}: consegna di {args.compito} ricontrollata (vale anche se la ricorreggi; una consegna nuova "
              f"va ricontrollata di nuovo). Motivi visti: {'; '.join(voce['motivi'])}.")
    print(f"Poi: «ambiti-lab valuta feedback {args.compito}» ed «ambiti-lab valuta esporta».")
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
    r.add_argument("origine", nargs="?", help="cartella delle consegne, file zip scaricato da Moodle o cartella dell'exchange di nbgrader")
    r.add_argument("--partecipanti", metavar="FILE", default=None,
                   help="elenco dei partecipanti del compito scaricato da Moodle (serve per gli zip anonimi «Partecipante_…»)")
    r.add_argument("--accetta-vecchie", action="store_true",
                   help="sostituisce anche con consegne più vecchie di quelle già raccolte (di norma si tiene la più recente)")
    r.add_argument("--scegli", action="append", metavar="CORSISTA=FILE",
                   help="quale notebook correggere per un corsista che ne ha consegnati più d'uno (si può ripetere)")
    r.add_argument("--annulla", action="store_true", help="annulla l'ultima raccolta di questo compito")
    r.add_argument("--senza-controllo-proprietari", action="store_true",
                   help="non controlla che i file nell'exchange appartengano al corsista del nome: solo se tutti "
                        "consegnano con lo stesso utente di sistema (sul hub d'aula il controllo serve sempre)")

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
    e.add_argument("compiti", nargs="*", help="compiti da esportare (di norma tutti quelli corretti)")
    e.add_argument("--identifica", default="email", choices=["email", "username", "id"],
                   help="colonna che Moodle usa per riconoscere i corsisti (di norma email)")
    e.add_argument("--scala", type=float, default=None, help="riporta i voti su questo massimo (ad esempio 100)")
    e.add_argument("--includi-segnalati", action="store_true", help="esporta anche i voti delle consegne segnalate")
    e.add_argument("--anche-incompleti", action="store_true",
                   help="esporta anche chi ha risposte aperte non ancora corrette (contano 0)")
    e.add_argument("--partecipanti", metavar="FILE", default=None,
                   help="elenco dei partecipanti scaricato da Moodle, per controllare le e-mail prima dell'importazione")

    comando("stato", "chi ha consegnato, chi è corretto, chi è segnalato e perché", _stato)

    a = comando("aperte", "le domande aperte in un foglio di calcolo: esporta le risposte, poi importa i voti", _aperte)
    a.add_argument("--esporta", nargs="?", const="", default=None, metavar="FILE",
                   help="dove scrivere il foglio (di norma esportazioni/aperte-<compito>.csv)")
    a.add_argument("--importa", nargs="?", const="", default=None, metavar="FILE",
                   help="importa voti e commenti dal foglio riempito (di norma esportazioni/aperte-<compito>.csv)")

    k = comando("ricontrolla", "segna come ricontrollata la consegna segnalata di un corsista (il voto vale)", _ricontrolla)
    k.add_argument("corsista", nargs="+", help="id del corsista (anche più d'uno)")
    k.add_argument("--nota", default=None, help="una nota per ricordare che cosa hai deciso")
    k.add_argument("--annulla", action="store_true", help="toglie il ricontrollo: la consegna torna segnalata")
