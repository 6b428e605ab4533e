"""``ambiti-lab avvia``: JupyterLab in italiano sulla cartella di lavoro del corsista.

Al primo avvio le lezioni del pacchetto (``course.moduli``, cioè la cartella ``modules/``) sono
copiate in una cartella che appartiene al corsista (di solito ``~/ambiti-lab-lavoro``). Da lì in
poi il lavoro del corsista non viene mai sovrascritto:

- una lezione nuova, arrivata con un aggiornamento del pacchetto, viene copiata;
- una lezione che il corsista ha già (e magari ha modificato) resta com'è; se il pacchetto ne porta
  una versione diversa, questa viene messa accanto come ``NOME-nuova-versione.ipynb``;
- chi vuole ripartire da zero con una lezione la cancella (o la rinomina) e rilancia ``avvia``.

Il Lab parte solo su ``127.0.0.1`` (non è raggiungibile da altri computer), con il token di accesso
attivo, l'interfaccia in italiano e senza il riquadro delle notizie. Le impostazioni valgono solo
per questo ambiente Python (``{sys.prefix}/share/jupyter/lab/settings/overrides.d/ambiti-lab.json``:
lingua, titoli italiani del menu principale, niente notizie), non per le altre installazioni di
JupyterLab del computer né per le impostazioni personali dell'utente. Le frasi che il pacchetto
della lingua non traduce arrivano da ``course.lab_italiano``, un'estensione del server caricata
solo dal Lab aperto da ``avvia``. I notebook usano il kernel
``python3`` del corso, che spiega gli errori di Python in italiano fin dal primo avvio
e mostra tabelle e grafici all'italiana (``course.nel_notebook``): anche questo vale solo per il Lab
aperto da ``avvia``. Gli strumenti di nbgrader
per chi prepara e corregge i compiti (crea compito, formgrader, elenco dei corsi) restano nascosti
ai corsisti, e con loro il menu Nbgrader e l'elenco dei compiti, che servono solo su un hub, il
bottone «Validate» di nbgrader e il debugger (in inglese, e inutili nelle lezioni);
``ambiti-lab avvia --formatore`` li mostra, aprendo il Lab sulla cartella del corso nbgrader (senza
copiarci le lezioni; vedi :mod:`course.valutazione.lab_formatore`).

Questo modulo importa solo la libreria standard e parti leggere del corso: ``avvia`` deve partire in fretta.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from course.errori import ErroreCorso
from course.lab_italiano import scrivi_configurazione
from course.lezioni import rendi_lezione
from course.spiegazioni.kernel import scrivi_kernel_del_corso

__all__ = [
    "CARTELLA_PREDEFINITA", "PORTA_PREDEFINITA", "LEZIONE_INIZIALE", "IMPOSTAZIONI_LAB",
    "Resoconto", "Avvio", "cartella_predefinita", "prepara_cartella", "scrivi_impostazioni",
    "impostazioni_del_corso", "configurazione_del_corso", "ESTENSIONI_DEL_FORMATORE", "ESTENSIONI_DELLO_SCAMBIO", "ESTENSIONI_NON_PER_LE_LEZIONI",
    "configurazione_corsista",
    "porta_libera", "prepara_avvio", "avvia", "aggiungi_comandi", "RIMEDIO_ROOT", "come_root", "utente_non_ammesso",
]

CARTELLA_PREDEFINITA = "ambiti-lab-lavoro"
PORTA_PREDEFINITA = 8888
LEZIONE_INIZIALE = "00-benvenuto/00-benvenuto.ipynb"
# Il pacchetto linguistico italiano di JupyterLab non traduce (ancora) i titoli del menu principale:
# il corso li aggiunge alle impostazioni dell'ambiente.
_MENU_ITALIANI = [
    {"id": f"jp-mainmenu-{menu}", "label": etichetta}
    for menu, etichetta in [
        ("file", "File"), ("edit", "Modifica"), ("view", "Visualizza"), ("run", "Esegui"),
        ("kernel", "Kernel"), ("tabs", "Schede"), ("settings", "Impostazioni"), ("help", "Aiuto"),
    ]
]
#: Le parti dell'interfaccia di nbgrader che servono solo a chi prepara e corregge i compiti: ai
#: corsisti mostrerebbero strumenti che non devono usare (e che senza un corso nbgrader danno errori).
ESTENSIONI_DEL_FORMATORE = (
    "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
)
#: Sul portatile non c'è lo scambio dei compiti di un hub (si consegna il file, per esempio su Moodle):
#: l'elenco dei compiti e il menu Nbgrader servirebbero solo a mostrare errori.
ESTENSIONI_DELLO_SCAMBIO = ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:menu")
#: Nelle lezioni non servono e parlano solo inglese: «Validate» di nbgrader (che su una lezione senza
#: test dice «Success! Your notebook passes all the tests.») e il debugger. I compiti si controllano
#: con le celle di verifica e con Kernel → Riavvia il Kernel ed Esegui Tutto.
ESTENSIONI_NON_PER_LE_LEZIONI = ("@jupyter/nbgrader:validate-assignment", "@jupyterlab/debugger-extension")
IMPOSTAZIONI_LAB = {
    "@jupyterlab/translation-extension:plugin": {"locale": "it_IT"},
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/mainmenu-extension:plugin": {"menus": _MENU_ITALIANI},
}
_NOME_IMPOSTAZIONI = "ambiti-lab.json"
_MANIFESTO = Path(".ambiti-lab") / "copiati.json"
_CARTELLA_MODULO = re.compile(r"^\d\d-[\w-]+$")
_CONSENTI_ROOT = "AMBITI_LAB_CONSENTI_ROOT"
_DA_IGNORARE = {"__pycache__", ".ipynb_checkpoints"}


@dataclass
class Resoconto:
    """Che cosa ha fatto :func:`prepara_cartella` (percorsi relativi alla cartella di lavoro)."""

    cartella: Path
    copiati: list[str] = field(default_factory=list)
    nuove_versioni: list[str] = field(default_factory=list)
    invariati: list[str] = field(default_factory=list)

    def messaggio(self) -> str:
        """Il riassunto in italiano da mostrare al corsista."""
        righe = [f"Cartella di lavoro: {self.cartella}"]
        if self.copiati:
            righe.append(f"Lezioni copiate: {len(self.copiati)}.")
        if self.nuove_versioni:
            righe.append(
                "Il corso è stato aggiornato: il tuo lavoro resta intatto e le versioni nuove "
                "sono accanto ai tuoi file:"
            )
            righe += [f"  - {p}" for p in self.nuove_versioni]
        return "\n".join(righe)


@dataclass
class Avvio:
    """Tutto ciò che serve per lanciare il Lab: comando, ambiente, indirizzo da aprire."""

    comando: list[str]
    ambiente: dict[str, str]
    resoconto: Resoconto
    porta: int
    token: str
    percorso_iniziale: str

    @property
    def cartella(self) -> Path:
        """La cartella di lavoro (radice del Lab)."""
        return self.resoconto.cartella

    @property
    def indirizzo(self) -> str:
        """L'indirizzo completo (con il token) della lezione iniziale."""
        return f"http://127.0.0.1:{self.porta}/{self.percorso_iniziale}?token={self.token}"


def cartella_predefinita() -> Path:
    """La cartella di lavoro usata se non ne indichi una: ``~/ambiti-lab-lavoro``.

    >>> cartella_predefinita().name
    'ambiti-lab-lavoro'
    """
    return Path.home() / CARTELLA_PREDEFINITA


def _sha256(dati: bytes) -> str:
    return hashlib.sha256(dati).hexdigest()


def _file_del_pacchetto(origine=None) -> dict[str, bytes]:
    """I file delle lezioni del pacchetto, per percorso relativo (``NN-nome/file``), e i file comuni
    a tutte le lezioni, che stanno accanto alle cartelle dei moduli: ``glossario.md`` e il quaderno
    ``i-miei-dati.ipynb`` (per lavorare sui file del proprio Ambito)."""
    radice = origine if origine is not None else resources.files("course.moduli")
    file = {voce.name: rendi_lezione(voce.name, voce.read_bytes()) for voce in radice.iterdir()
            if voce.is_file() and voce.name.endswith((".md", ".ipynb"))}
    for modulo in sorted(radice.iterdir(), key=lambda p: p.name):
        if not modulo.is_dir() or not _CARTELLA_MODULO.match(modulo.name):
            continue
        da_visitare = [(modulo, modulo.name)]
        while da_visitare:
            cartella, relativo = da_visitare.pop()
            for voce in cartella.iterdir():
                if voce.name in _DA_IGNORARE or voce.name.startswith("."):
                    continue
                if voce.is_dir():
                    da_visitare.append((voce, f"{relativo}/{voce.name}"))
                else:
                    # nei notebook le cifre delle regole prendono il posto dei {{nomi}} dei parametri
                    file[f"{relativo}/{voce.name}"] = rendi_lezione(voce.name, voce.read_bytes())
    return dict(sorted(file.items()))


def _controlla_scrivibile(cartella: Path) -> None:
    come = (
        "Scegli una cartella tua, per esempio: ambiti-lab avvia --cartella ~/corso-ambiti "
        "(non usare la cartella di installazione del pacchetto né cartelle di sistema)."
    )
    if cartella.exists() and not cartella.is_dir():
        raise ErroreCorso(f"{cartella} esiste ma è un file, non una cartella. {come}")
    try:
        cartella.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cartella, prefix=".prova-scrittura-"):
            pass
    except OSError as errore:
        raise ErroreCorso(
            f"Non posso scrivere nella cartella di lavoro {cartella} "
            f"({errore.strerror or errore}). {come}"
        ) from None


def prepara_cartella(cartella=None, *, origine=None) -> Resoconto:
    """Copia le lezioni del pacchetto nella cartella di lavoro senza toccare il lavoro del corsista.

    ``origine`` serve ai test (una cartella con sottocartelle ``NN-nome``); di norma sono le
    lezioni installate con il pacchetto.

    >>> import tempfile, pathlib
    >>> sorgente = pathlib.Path(tempfile.mkdtemp()); lavoro = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (sorgente / "00-benvenuto").mkdir()
    >>> _ = (sorgente / "00-benvenuto" / "lezione.ipynb").write_text("versione 1")
    >>> prepara_cartella(lavoro, origine=sorgente).copiati
    ['00-benvenuto/lezione.ipynb']
    >>> _ = (lavoro / "00-benvenuto" / "lezione.ipynb").write_text("il mio lavoro")
    >>> _ = (sorgente / "00-benvenuto" / "lezione.ipynb").write_text("versione 2")
    >>> prepara_cartella(lavoro, origine=sorgente).nuove_versioni
    ['00-benvenuto/lezione-nuova-versione.ipynb']
    >>> (lavoro / "00-benvenuto" / "lezione.ipynb").read_text()
    'il mio lavoro'
    """
    cartella = Path(cartella if cartella is not None else cartella_predefinita()).expanduser()
    _controlla_scrivibile(cartella)
    cartella = cartella.resolve()
    percorso_manifesto = cartella / _MANIFESTO
    try:
        manifesto = json.loads(percorso_manifesto.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifesto = {}

    resoconto = Resoconto(cartella=cartella)
    for relativo, contenuto in _file_del_pacchetto(origine).items():
        impronta = _sha256(contenuto)
        destinazione = cartella / relativo
        if not destinazione.exists():
            destinazione.parent.mkdir(parents=True, exist_ok=True)
            destinazione.write_bytes(contenuto)
            resoconto.copiati.append(relativo)
        elif manifesto.get(relativo) == impronta or _sha256(destinazione.read_bytes()) == impronta:
            resoconto.invariati.append(relativo)
        else:
            # Il pacchetto porta una versione diversa da quella che il corsista ha: la sua resta.
            nuova = destinazione.with_name(f"{destinazione.stem}-nuova-versione{destinazione.suffix}")
            nuova.write_bytes(contenuto)
            resoconto.nuove_versioni.append(nuova.relative_to(cartella).as_posix())
        manifesto[relativo] = impronta

    percorso_manifesto.parent.mkdir(exist_ok=True)
    percorso_manifesto.write_text(json.dumps(manifesto, indent=1, sort_keys=True), encoding="utf-8")
    return resoconto


def scrivi_impostazioni(cartella_impostazioni=None) -> Path:
    """Scrive le impostazioni del Lab per questo ambiente: italiano, niente notizie.

    Il file è ``overrides.d/ambiti-lab.json`` dentro le impostazioni dell'ambiente
    (``{sys.prefix}/share/jupyter/lab/settings``): non tocca né le impostazioni personali
    dell'utente né un eventuale ``overrides.json`` scritto da altri. Restituisce il percorso.

    >>> import json, tempfile
    >>> percorso = scrivi_impostazioni(tempfile.mkdtemp())
    >>> json.loads(percorso.read_text())["@jupyterlab/translation-extension:plugin"]
    {'locale': 'it_IT'}
    """
    base = Path(cartella_impostazioni) if cartella_impostazioni is not None else (
        Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    )
    percorso = base / "overrides.d" / _NOME_IMPOSTAZIONI
    testo = json.dumps(IMPOSTAZIONI_LAB, indent=2, sort_keys=True) + "\n"
    try:
        if percorso.read_text(encoding="utf-8") == testo:
            return percorso
    except OSError:
        pass
    percorso.parent.mkdir(parents=True, exist_ok=True)
    percorso.write_text(testo, encoding="utf-8")
    return percorso


def impostazioni_del_corso(cartella) -> Path:
    """La cartella delle impostazioni personali del Lab usata dal corso (dentro la cartella di lavoro).

    JupyterLab traduce i menu leggendo la lingua solo dalle impostazioni personali, non dai valori
    predefiniti dell'ambiente: per questo il corso ha le sue, in ``.ambiti-lab/impostazioni-lab``.
    Al primo avvio parte da una copia di quelle dell'utente (tema, scorciatoie…) con la lingua
    italiana; dopo non la tocca più, così una lingua scelta dal menu Impostazioni resta.

    >>> import json, tempfile
    >>> cartella = impostazioni_del_corso(tempfile.mkdtemp())
    >>> lingua = cartella / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    >>> json.loads(lingua.read_text())["locale"]
    'it_IT'
    """
    propria = Path(cartella) / ".ambiti-lab" / "impostazioni-lab"
    if not propria.is_dir():
        from jupyter_core.paths import jupyter_config_dir

        personali = Path(os.environ.get("JUPYTERLAB_SETTINGS_DIR")
                         or Path(jupyter_config_dir()) / "lab" / "user-settings")
        if personali.is_dir():
            shutil.copytree(personali, propria, dirs_exist_ok=True)
        # La lingua si imposta solo alla creazione: dopo decide il corsista dal menu Impostazioni.
        _scrivi_se_manca(propria, "@jupyterlab/translation-extension:plugin",
                         IMPOSTAZIONI_LAB["@jupyterlab/translation-extension:plugin"], forza=True)
    return propria


def configurazione_corsista(cartella) -> Path:
    """La cartella di configurazione Jupyter usata solo dagli avvii del corsista.

    Contiene ``labconfig/page_config.json``, che spegne gli strumenti del formatore
    (:data:`ESTENSIONI_DEL_FORMATORE`) e quelli dello scambio dei compiti via hub
    (:data:`ESTENSIONI_DELLO_SCAMBIO`) solo nel Lab aperto da ``ambiti-lab avvia``: un
    ``jupyter lab`` lanciato a mano nello stesso ambiente li mostra ancora.

    >>> import json, tempfile
    >>> cartella = configurazione_corsista(tempfile.mkdtemp())
    >>> pagina = json.loads((cartella / "labconfig" / "page_config.json").read_text())
    >>> pagina["disabledExtensions"]["@jupyter/nbgrader:formgrader"]
    True
    """
    propria = Path(cartella) / ".ambiti-lab" / "configurazione-jupyter"
    pagina = propria / "labconfig" / "page_config.json"
    pagina.parent.mkdir(parents=True, exist_ok=True)
    spente = (*ESTENSIONI_DEL_FORMATORE, *ESTENSIONI_DELLO_SCAMBIO, *ESTENSIONI_NON_PER_LE_LEZIONI)
    pagina.write_text(json.dumps({"disabledExtensions": {nome: True for nome in spente}},
                                 indent=2) + "\n", encoding="utf-8")
    return propria


def configurazione_del_corso(cartella) -> Path:
    """La cartella di configurazione Jupyter di ogni avvio del corso: carica ``course.lab_italiano``.

    >>> import tempfile
    >>> (configurazione_del_corso(tempfile.mkdtemp()) / "jupyter_server_config.d" / "ambiti-lab.json").exists()
    True
    """
    propria = Path(cartella) / ".ambiti-lab" / "configurazione-corso"
    scrivi_configurazione(propria)
    return propria


def _scrivi_se_manca(cartella: Path, plugin: str, valori: dict, *, forza: bool = False) -> None:
    pacchetto, nome = plugin.split(":")
    percorso = cartella / pacchetto / f"{nome}.jupyterlab-settings"
    if forza or not percorso.exists():
        percorso.parent.mkdir(parents=True, exist_ok=True)
        percorso.write_text(json.dumps(valori, indent=2, ensure_ascii=False), encoding="utf-8")


def porta_libera(porta: int) -> bool:
    """``True`` se la porta è libera su 127.0.0.1.

    >>> porta_libera(0)
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as prova:
        try:
            prova.bind(("127.0.0.1", porta))
        except OSError:
            return False
    return True


def _scegli_porta(porta) -> int:
    if porta is None:
        # Senza richiesta esplicita si prende la prima porta libera a partire da 8888.
        for candidata in range(PORTA_PREDEFINITA, PORTA_PREDEFINITA + 50):
            if porta_libera(candidata):
                return candidata
        raise ErroreCorso(
            f"Le porte da {PORTA_PREDEFINITA} a {PORTA_PREDEFINITA + 49} sono tutte occupate. "
            "Chiudi i Jupyter aperti che non usi oppure scegline una: ambiti-lab avvia --porta 9000."
        )
    if isinstance(porta, bool) or not isinstance(porta, int) or not 1024 <= porta <= 65535:
        raise ErroreCorso(
            f"Porta non valida: {porta!r}. Serve un numero intero tra 1024 e 65535, "
            "per esempio: ambiti-lab avvia --porta 8890."
        )
    if not porta_libera(porta):
        raise ErroreCorso(
            f"La porta {porta} è già occupata (forse c'è già un Jupyter aperto: controlla le "
            "schede del browser). Chiudi quel programma oppure scegli un'altra porta, per "
            f"esempio: ambiti-lab avvia --porta {porta + 1}."
        )
    return porta


def _come_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


#: Che cosa fare se si è root: lo dicono sia ``avvia`` sia ``ambiti-lab verifica``.
RIMEDIO_ROOT = (
    "Accedi con il tuo utente normale e rilancia ambiti-lab avvia (non serve sudo: il corso lavora solo "
    "nella tua cartella). Se sul computer c'è solo root, crea un utente (ad esempio: adduser corsista, poi "
    f"su - corsista). Solo in un container usa e getta, dove esiste solo root: {_CONSENTI_ROOT}=1 ambiti-lab avvia."
)


def come_root() -> bool:
    """Vero se il programma gira come amministratore (root) su Linux o macOS."""
    return _come_root()


def utente_non_ammesso() -> bool:
    """Vero se ``avvia`` rifiuterebbe di partire: si è root senza ``AMBITI_LAB_CONSENTI_ROOT=1``."""
    return _come_root() and os.environ.get(_CONSENTI_ROOT) != "1"


def _controlla_utente() -> None:
    """Il corso non va usato come amministratore (root): un errore in un notebook avrebbe pieni poteri."""
    if not utente_non_ammesso():
        return
    raise ErroreCorso(
        "Stai usando il computer come amministratore (root): per sicurezza il corso non parte così. "
        + RIMEDIO_ROOT
    )


def prepara_avvio(*, cartella=None, porta=None, apri_browser=True, token=None, formatore=False) -> Avvio:
    """Prepara cartella, impostazioni e comando del Lab senza lanciarlo.

    Con ``formatore=False`` (il caso del corsista) gli strumenti nbgrader del formatore sono nascosti.
    Il token è quello di ``JUPYTER_TOKEN`` se presente, altrimenti uno nuovo e casuale: passa per
    l'ambiente del processo (non per la riga di comando, che altri utenti del computer vedono).

    >>> import tempfile
    >>> avvio = prepara_avvio(cartella=tempfile.mkdtemp(), apri_browser=False)
    >>> "--ServerApp.ip=127.0.0.1" in avvio.comando
    True
    """
    if formatore:
        # il Lab del formatore si apre sulla cartella del corso nbgrader, senza copiarci le lezioni
        from course.valutazione.lab_formatore import cartella_del_corso

        resoconto = Resoconto(cartella=cartella_del_corso(cartella))
    else:
        resoconto = prepara_cartella(Path(cartella if cartella is not None else cartella_predefinita()).expanduser())
    porta = _scegli_porta(porta)
    try:
        scrivi_impostazioni()
        impostazioni = []
    except OSError:
        # Ambiente di sola lettura (es. installazione di sistema): impostazioni solo per questo
        # avvio, in una cartella del corsista che parte dalla copia di quelle dell'ambiente.
        propria = resoconto.cartella / ".ambiti-lab" / "impostazioni-lab"
        ambiente = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
        if ambiente.is_dir():
            shutil.copytree(ambiente, propria, dirs_exist_ok=True)
        scrivi_impostazioni(propria)
        impostazioni = [f"--LabApp.app_settings_dir={propria}"]

    if _come_root() and os.environ.get(_CONSENTI_ROOT) == "1":
        # Solo per container usa e getta e test automatici, dove l'unico utente è root.
        impostazioni.append("--ServerApp.allow_root=True")
    token = token or os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(24)
    prima_pagina = "cruscotto-formatore.ipynb" if formatore else LEZIONE_INIZIALE
    percorso_iniziale = f"lab/tree/{prima_pagina}" if (resoconto.cartella / prima_pagina).exists() else "lab"
    comando = [
        sys.executable, "-m", "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={porta}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={resoconto.cartella}",
        # È l'app del Lab a decidere la pagina iniziale (la sua prevale su quella del server).
        f"--LabApp.default_url=/{percorso_iniziale}",
        f"--ServerApp.open_browser={apri_browser}",
        *impostazioni,
    ]
    # Il kernel python3 del corso (errori spiegati in italiano dal primo avvio) vale solo per questo Lab.
    dati_jupyter = scrivi_kernel_del_corso(resoconto.cartella / ".ambiti-lab" / "dati-jupyter").parents[1]
    ambiente = {
        **os.environ,
        "JUPYTER_PATH": os.pathsep.join(p for p in (str(dati_jupyter), os.environ.get("JUPYTER_PATH", "")) if p),
        "JUPYTER_TOKEN": token,
        "JUPYTERLAB_SETTINGS_DIR": str(impostazioni_del_corso(resoconto.cartella)),
        # La disposizione delle schede del corso resta separata da quella di altri Lab.
        "JUPYTERLAB_WORKSPACES_DIR": str(resoconto.cartella / ".ambiti-lab" / "aree-di-lavoro"),
    }
    # Il Lab tutto in italiano (le frasi che il pacchetto della lingua non traduce) per tutti;
    # gli strumenti del formatore nascosti solo ai corsisti.
    percorsi = [str(configurazione_del_corso(resoconto.cartella)), os.environ.get("JUPYTER_CONFIG_PATH", "")]
    if not formatore:
        percorsi.insert(0, str(configurazione_corsista(resoconto.cartella)))
    else:
        from course.valutazione.lab_formatore import configurazione_formatore

        propria = configurazione_formatore(resoconto.cartella)
        if propria:
            percorsi.insert(0, str(propria))
    ambiente["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in percorsi if p)
    return Avvio(comando, ambiente, resoconto, porta, token, percorso_iniziale)


def avvia(*, cartella=None, porta=None, apri_browser=True, formatore=False) -> int:
    """Avvia JupyterLab in italiano sulla cartella di lavoro e apre la lezione 00.

    Resta in attesa finché il Lab è aperto e restituisce il suo codice d'uscita (0 = tutto bene).
    Errori prevedibili (porta occupata, cartella non scrivibile) diventano
    :class:`~course.errori.ErroreCorso` con il rimedio.

    >>> avvia(porta=80)
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Porta non valida: 80. Serve un numero intero tra 1024 e 65535, per esempio: ambiti-lab avvia --porta 8890.
    """
    if porta is not None:
        _scegli_porta(porta)
    _controlla_utente()
    avvio = prepara_avvio(cartella=cartella, porta=porta, apri_browser=apri_browser, formatore=formatore)
    print(avvio.resoconto.messaggio(), flush=True)
    print(
        "Avvio JupyterLab (solo su questo computer, con token di accesso).\n"
        f"Se il browser non si apre da solo, copia questo indirizzo:\n  {avvio.indirizzo}\n"
        "Per chiudere: File → Arresta, oppure Ctrl+C qui.",
        flush=True,
    )
    processo = subprocess.Popen(avvio.comando, env=avvio.ambiente, cwd=avvio.cartella)
    if hasattr(signal, "SIGTERM"):
        # Chi chiude ``avvia`` (un altro programma, la sessione che termina) chiude anche il Lab.
        signal.signal(signal.SIGTERM, lambda segnale, _: processo.send_signal(segnale))
    while True:
        try:
            return processo.wait()
        except KeyboardInterrupt:
            # Ctrl+C arriva anche al Lab, che chiede conferma: si aspetta che decida lui.
            continue


def _esegui(argomenti) -> int:
    try:
        return avvia(
            cartella=argomenti.cartella,
            porta=argomenti.porta,
            apri_browser=not argomenti.senza_browser,
            formatore=argomenti.formatore,
        )
    except ErroreCorso as errore:
        print(f"Errore: {errore}", file=sys.stderr)
        return 2


def aggiungi_comandi(sottocomandi) -> None:
    """Registra il sottocomando ``avvia`` nella riga di comando ``ambiti-lab``.

    >>> import argparse
    >>> parser = argparse.ArgumentParser(); sotto = parser.add_subparsers()
    >>> aggiungi_comandi(sotto)
    >>> parser.parse_args(["avvia", "--porta", "8899"]).porta
    8899
    """
    comando = sottocomandi.add_parser(
        "avvia",
        help="apre il corso in JupyterLab (in italiano, solo su questo computer)",
        description=(
            "Apre il corso in JupyterLab, in italiano, sulla lezione 00. Al primo avvio copia le "
            "lezioni nella tua cartella di lavoro; gli aggiornamenti del corso non sovrascrivono "
            "mai il tuo lavoro (le versioni nuove arrivano come …-nuova-versione.ipynb)."
        ),
    )
    comando.add_argument(
        "--cartella", metavar="CARTELLA", default=None,
        help=f"cartella di lavoro (predefinita: ~/{CARTELLA_PREDEFINITA})",
    )
    comando.add_argument(
        "--porta", metavar="NUMERO", type=int, default=None,
        help=f"porta del Lab su 127.0.0.1 (predefinita: la prima libera da {PORTA_PREDEFINITA})",
    )
    comando.add_argument(
        "--senza-browser", action="store_true",
        help="non aprire il browser (l'indirizzo con il token viene stampato qui)",
    )
    comando.add_argument(
        "--formatore", action="store_true",
        help="il Lab del formatore: si apre sulla cartella del corso nbgrader (--cartella, di norma quella corrente), "
             "con il formgrader e senza copiare le lezioni",
    )
    comando.set_defaults(esegui=_esegui)
