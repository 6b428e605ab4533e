"""Varianti personali dei compiti: a ogni corsista il suo Ambito, registrato dal formatore.

Come nei compiti «a variante» (PrairieLearn): gli esercizi personali di un compito chiedono la stessa
cosa a tutti, ma ognuno lavora sul *suo* Ambito. La variante dipende solo dal compito e
dall'identificativo del corsista (si ricalcola uguale ovunque, senza segreti), ma **nessuna funzione
del corso restituisce la risposta**: i valori attesi li calcola il correttore, fuori dal kernel del
corsista, con le verifiche di ``grading/varianti.py`` (materiale del formatore). Copiare i numeri di
un compagno non serve: sono quelli del suo Ambito.

- ``ambiti-lab valuta genera`` registra la variante di ogni corsista in ``varianti.json``, accanto al
  gradebook, e scrive in ``release-personali/<corsista>/<compito>/`` la copia con ``corsista.txt``;
- nel notebook, la cella di preparazione fa ``VARIANTE = mia_variante("modulo-01")``: sul hub il
  corsista si riconosce dal nome utente, sul portatile dal file ``corsista.txt`` accanto al notebook;
- in correzione il kernel riceve la variante registrata (non quella che il corsista dichiara).

>>> v = variante_per("modulo-01", "ada")
>>> v == variante_per("modulo-01", "ada") and v["ambito"] != "ATS-LE-03"
True
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from course.errori import ErroreCorso

__all__ = ["variante_per", "mia_variante", "risposta_registrata", "RispostaRegistrata", "leggi_varianti",
           "registra_varianti", "FILE_VARIANTI", "AMBIENTE_VARIANTE", "AMBIENTE_CORSISTA"]

#: Il file, accanto al gradebook, con la variante di ogni corsista per ogni compito.
FILE_VARIANTI = "varianti.json"
#: Variabile d'ambiente con cui il correttore passa al kernel la variante registrata.
AMBIENTE_VARIANTE = "AMBITI_LAB_VARIANTE"
#: Variabile d'ambiente (o file ``corsista.txt``) con l'identificativo del corsista.
AMBIENTE_CORSISTA = "AMBITI_LAB_CORSISTA"
#: L'Ambito degli esempi delle lezioni: nessuna variante lo usa, così le verifiche delle lezioni non danno le risposte.
_AMBITO_DELLE_LEZIONI = "ATS-LE-03"


def _ambiti_e_province() -> tuple[list[str], dict[str, str]]:
    """Gli Ambiti tra cui si sceglie la variante (in ordine) e la sigla della provincia di ciascuno."""
    from course.territorio import popolazione_ambiti

    pop = popolazione_ambiti()
    province = dict(zip(pop["codice_ambito"].astype(str), pop["sigla_provincia"].astype(str)))
    return sorted(a for a in province if a != _AMBITO_DELLE_LEZIONI), province


def variante_per(compito: str, studente: str, *, tabella: tuple[list[str], dict[str, str]] | None = None) -> dict:
    """La variante di ``studente`` per ``compito``: sempre la stessa, diversa (di norma) tra compagni.

    ``tabella`` (facoltativa): gli Ambiti e le province già letti, per calcolare molte varianti con una lettura sola.

    >>> sorted(variante_per("modulo-03", "bea"))
    ['ambito', 'provincia']
    """
    ambiti, province = tabella or _ambiti_e_province()
    impronta = hashlib.sha256(f"ambiti-lab|{compito}|{str(studente).strip().lower()}".encode()).hexdigest()
    ambito = ambiti[int(impronta, 16) % len(ambiti)]
    return {"ambito": ambito, "provincia": province[ambito]}


def _chi_sono(cartella: Path | None = None) -> str | None:
    for nome in (AMBIENTE_CORSISTA, "JUPYTERHUB_USER"):
        if os.environ.get(nome, "").strip():
            return os.environ[nome].strip()
    for base in [cartella or Path.cwd(), *(cartella or Path.cwd()).parents][:3]:
        f = base / "corsista.txt"
        if f.is_file():
            testo = f.read_text(encoding="utf-8-sig").strip().splitlines()
            if testo and testo[0].strip():
                return testo[0].strip()
    return None


def mia_variante(compito: str, *, corsista: str | None = None) -> dict:
    """La variante di chi sta lavorando: la mostra e la restituisce (un dizionario con ``ambito`` e ``provincia``)."""
    registrata = os.environ.get(AMBIENTE_VARIANTE)
    if registrata:  # in correzione: la variante registrata dal formatore
        return dict(json.loads(registrata))
    chi = corsista or _chi_sono()
    if not chi:
        import getpass

        try:
            chi = getpass.getuser()
        except Exception:  # noqa: BLE001 - nessun nome utente: un nome di ripiego, detto chiaramente
            chi = "corsista"
        print(f"⚠ Non trovo il tuo identificativo del corso: uso il nome di questo computer, «{chi}». Se il formatore "
              "ti ha dato un identificativo, scrivilo in un file corsista.txt accanto al notebook (una sola riga, ad "
              "esempio ada.rossi) ed esegui di nuovo questa cella: il formatore corregge sull'Ambito del tuo "
              "identificativo.")
    v = variante_per(compito, chi)
    print(f"Il tuo Ambito per questo compito: {v['ambito']} (provincia {v['provincia']}). "
          f"Lavora sempre su questo: i numeri di un compagno sono di un altro Ambito.")
    return v


class RispostaRegistrata:
    """Ciò che mostra la cella di verifica di un esercizio personale: la risposta è registrata, non giudicata."""

    def __init__(self, codice: str, risposta):
        self.codice, self.punti = str(codice), 0.0
        self.vuota = risposta is None

    def __repr__(self) -> str:
        if self.vuota:
            return (f"✍️ Esercizio {self.codice}: non c'è ancora una risposta (la variabile vale None). "
                    "Scrivi il tuo risultato al posto di None ed esegui di nuovo la cella.")
        return (f"📨 Esercizio {self.codice}: risposta registrata. È un esercizio sul tuo Ambito: il punteggio "
                "lo calcola il formatore quando corregge.")


def risposta_registrata(codice: str, risposta) -> RispostaRegistrata:
    """Per gli esercizi personali: mostra che la risposta è registrata (senza dire se è giusta).

    >>> risposta_registrata("1.1", 42).vuota
    📨 Esercizio 1.1: risposta registrata. È un esercizio sul tuo Ambito: il punteggio lo calcola il formatore quando corregge.
    False
    """
    esito = RispostaRegistrata(codice, risposta)
    print(repr(esito))
    return esito


def leggi_varianti(corso) -> dict:
    """``{compito: {studente: variante}}`` da ``varianti.json`` (vuoto se non c'è)."""
    f = Path(corso.radice) / FILE_VARIANTI
    if not f.is_file():
        return {}
    try:
        dati = json.loads(f.read_text(encoding="utf-8"))
    except ValueError:
        raise ErroreCorso(f"Il file {f} non è leggibile: rigeneralo con «ambiti-lab valuta genera».") from None
    return dati if isinstance(dati, dict) else {}


def registra_varianti(corso, compito: str, studenti) -> dict:
    """Registra (senza cambiare quelle già registrate) la variante di ogni studente; restituisce quelle del compito."""
    from course.valutazione.corso import scrivi_json

    tutte = leggi_varianti(corso)
    del_compito = tutte.setdefault(compito, {})
    mancanti = [s for s in studenti if s not in del_compito]
    if mancanti:  # le tabelle degli Ambiti si leggono una volta, non una per corsista
        tabella = _ambiti_e_province()
        for s in mancanti:
            del_compito[s] = variante_per(compito, s, tabella=tabella)
    scrivi_json(Path(corso.radice) / FILE_VARIANTI, tutte)
    return del_compito
