"""JupyterLab tutto in italiano: le frasi dell'interfaccia che il pacchetto della lingua non traduce.

Il pacchetto ``jupyterlab-language-pack-it-IT`` traduce circa seicento frasi; sul percorso di chi
impara (menu File, Modifica, Visualizza, Esegui, Kernel, barra di stato, esplora file, barre degli
strumenti, finestre di dialogo) ne restano in inglese decine: «Run Selected Cell», «Idle», «Modified»,
«Riavvia Kernel and Esegui Tutte le Celle». Le traduzioni del corso stanno in ``lab_italiano.json``,
scritte per il corso (dominio → frase inglese → frase italiana), e valgono anche per le poche frasi
che il pacchetto traduce male («Vai all Linea…»).

Questo modulo è un'estensione del server Jupyter che le aggiunge nei due punti in cui il Lab traduce:

- le frasi che il browser chiede a ``/lab/api/translations/it_IT`` (menu, barra di stato, dialoghi);
- le etichette dei menu che il server traduce nelle impostazioni («New», «Open Recent»…).

JupyterLab prevede che un pacchetto aggiunga frasi a un dominio con l'entry point
``jupyterlab.locale``, ma per il dominio ``jupyterlab`` l'unione si rompe (il pacchetto della lingua
dichiara come versione «jupyterlab», che non è un numero di versione): per questo le frasi si
aggiungono avvolgendo le due funzioni di ``jupyterlab_server`` che le leggono.

Si attiva con ``ambiti-lab avvia``; su Binder e su un hub con :func:`installa_nell_ambiente`.

>>> traduci("jupyterlab", "Run Selected Cell")
'Esegui la Cella Selezionata'
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

__all__ = ["traduzioni", "traduci", "completa_pacchetto", "attiva", "CONFIGURAZIONE_SERVER",
           "scrivi_configurazione", "installa_nell_ambiente"]

_FILE = Path(__file__).with_suffix(".json")
_SEGNO = "_ambiti_lab_italiano"
_NOME_CONFIGURAZIONE = "ambiti-lab.json"
#: La configurazione del server che carica questa estensione.
CONFIGURAZIONE_SERVER = {"ServerApp": {"jpserver_extensions": {"course.lab_italiano": True}}}


def _jupyter_server_extension_points():
    return [{"module": "course.lab_italiano"}]


def _load_jupyter_server_extension(serverapp) -> None:
    attiva()
    # È l'estensione del server che ogni Lab del corso carica (avvia, Binder, hub d'aula): porta anche
    # il kernel del corso, con gli errori spiegati in italiano dal primo avvio del kernel.
    from course.spiegazioni.kernel import usa_nel_server

    try:
        usa_nel_server(serverapp)
    except OSError as errore:  # cartella runtime non scrivibile: le spiegazioni arrivano con «import course»
        serverapp.log.warning("ambiti-lab: kernel del corso non registrato (%s)", errore)
    serverapp.log.info("ambiti-lab: interfaccia completata in italiano (%s frasi)",
                       sum(len(v) for v in traduzioni().values()))


@lru_cache(maxsize=1)
def traduzioni() -> dict[str, dict]:
    """Le traduzioni del corso: ``{dominio: {frase inglese: frase italiana o [singolare, plurale]}}``.

    >>> traduzioni()["jupyterlab"]["Idle"]
    'Inattivo'
    """
    return json.loads(_FILE.read_text(encoding="utf-8"))


def _italiano(lingua) -> bool:
    return str(lingua or "").replace("-", "_").lower().startswith("it")


def _forme(traduzione) -> list[str]:
    # una frase con il plurale è [singolare, plurale]; le altre sono un testo solo
    return list(traduzione) if isinstance(traduzione, list) else [traduzione]


def traduci(dominio: str, frase: str, contesto: str | None = None) -> str | None:
    """La traduzione del corso di ``frase`` (con o senza contesto; il singolare se ha un plurale), oppure ``None``.

    >>> traduci("jupyterlab", "Spaces: %1", "v4"), traduci("jupyterlab", "Cut Cell"), traduci("jupyterlab", "boh")
    ('Spazi: %1', 'Taglia la Cella', None)
    """
    del_dominio = traduzioni().get(str(dominio).replace("-", "_"), {})
    trovata = del_dominio.get(f"{contesto}\u0004{frase}") if contesto else None
    if trovata is None:
        trovata = del_dominio.get(frase)
    return None if trovata is None else _forme(trovata)[0]


def completa_pacchetto(dati: dict) -> dict:
    """Aggiunge le frasi del corso ai dati di un pacchetto della lingua (formato Jed, per dominio).

    >>> dati = completa_pacchetto({"jupyterlab": {"": {"domain": "jupyterlab"}, "Save": ["Salva"]}})
    >>> dati["jupyterlab"]["Idle"], dati["jupyterlab"]["Save"]
    (['Inattivo'], ['Salva'])
    """
    for dominio, frasi in traduzioni().items():
        pacchetto = dati.setdefault(dominio, {"": {"domain": dominio, "language": "it-IT",
                                                   "plural_forms": "nplurals=2; plural=(n != 1);"}})
        pacchetto.update({inglese: _forme(italiano) for inglese, italiano in frasi.items()})
    return dati


def attiva() -> None:
    """Avvolge le due funzioni di ``jupyterlab_server`` che traducono l'interfaccia (una volta sola)."""
    from jupyterlab_server import translation_utils, translations_handler

    if getattr(translations_handler.get_language_pack, _SEGNO, False):
        return
    originale = translation_utils.get_language_pack

    def get_language_pack(locale_):
        dati, messaggio = originale(locale_)
        if dati and _italiano(locale_):
            dati = completa_pacchetto(dati)
        return dati, messaggio

    setattr(get_language_pack, _SEGNO, True)
    translations_handler.get_language_pack = get_language_pack
    translation_utils.get_language_pack = get_language_pack

    fascio = translation_utils.TranslationBundle
    gettext_originale, pgettext_originale = fascio.gettext, fascio.pgettext

    def gettext(self, msgid):
        tradotta = traduci(self._domain, msgid) if _italiano(self._locale) else None
        return tradotta if tradotta is not None else gettext_originale(self, msgid)

    def pgettext(self, msgctxt, msgid):
        tradotta = traduci(self._domain, msgid, msgctxt) if _italiano(self._locale) else None
        return tradotta if tradotta is not None else pgettext_originale(self, msgctxt, msgid)

    fascio.gettext, fascio.pgettext = gettext, pgettext


def scrivi_configurazione(cartella_configurazione) -> Path:
    """Scrive la configurazione che carica l'estensione in ``jupyter_server_config.d`` di una cartella.

    >>> import json, tempfile
    >>> p = scrivi_configurazione(tempfile.mkdtemp())
    >>> json.loads(p.read_text())["ServerApp"]["jpserver_extensions"]
    {'course.lab_italiano': True}
    """
    percorso = Path(cartella_configurazione) / "jupyter_server_config.d" / _NOME_CONFIGURAZIONE
    testo = json.dumps(CONFIGURAZIONE_SERVER, indent=2) + "\n"
    try:
        if percorso.read_text(encoding="utf-8") == testo:
            return percorso
    except OSError:
        pass
    percorso.parent.mkdir(parents=True, exist_ok=True)
    percorso.write_text(testo, encoding="utf-8")
    return percorso


def installa_nell_ambiente(prefisso=None) -> Path:
    """Carica l'estensione in ogni server Jupyter di questo ambiente Python (Binder, hub).

    Scrive ``{prefisso}/etc/jupyter/jupyter_server_config.d/ambiti-lab.json``.
    """
    return scrivi_configurazione(Path(prefisso if prefisso is not None else sys.prefix) / "etc" / "jupyter")
