"""Sessioni di gruppo su JupyterHub: link nbgitpuller che portano le lezioni ai corsisti.

Sul hub il pacchetto ``ambiti-lab`` è già installato (vedi ``hub/``); il link fa scaricare a
ciascun corsista, nella sua cartella sul hub, le lezioni dal repository del corso e apre la
lezione indicata. Se il corsista ha già modificato un file, nbgitpuller non lo sovrascrive.
"""

from __future__ import annotations

import sys
from urllib.parse import quote, urlencode, urlsplit

from course.edizione import REPOSITORY_CORSISTI
from course.errori import ErroreCorso, controlla_scelta

__all__ = ["INTERFACCE", "LEZIONE_INIZIALE", "link_nbgitpuller", "percorso_nbgitpuller", "aggiungi_comandi"]

LEZIONE_INIZIALE = "modules/00-benvenuto/00-benvenuto.ipynb"
# Prefisso dell'indirizzo che apre un file nell'interfaccia scelta.
INTERFACCE = {"lab": "lab/tree", "notebook": "tree"}
_LOCALI = {"localhost", "127.0.0.1", "::1"}


def _controlla_indirizzo(valore, *, cosa: str, esempio: str) -> tuple:
    if not isinstance(valore, str) or not valore.strip():
        raise ErroreCorso(
            f"Manca l'indirizzo {cosa}: serve un testo come {esempio!r} "
            f"(ho ricevuto {valore!r})."
        )
    parti = urlsplit(valore.strip())
    if parti.scheme not in {"http", "https"} or not parti.hostname:
        raise ErroreCorso(
            f"Indirizzo {cosa} non valido: {valore!r}. Deve cominciare con https:// e contenere "
            f"il nome del server, per esempio {esempio!r}."
        )
    if parti.scheme == "http" and parti.hostname not in _LOCALI:
        raise ErroreCorso(
            f"L'indirizzo {cosa} {valore!r} usa http senza cifratura: password e lavoro dei "
            f"corsisti viaggerebbero in chiaro. Usa https:// (per esempio {esempio!r})."
        )
    if parti.query or parti.fragment:
        raise ErroreCorso(
            f"L'indirizzo {cosa} {valore!r} contiene parametri (?… o #…): indica solo l'indirizzo "
            f"di base, per esempio {esempio!r}."
        )
    return parti


def percorso_nbgitpuller(
    repo: str,
    *,
    ramo: str = "main",
    percorso: str = LEZIONE_INIZIALE,
    interfaccia: str = "lab",
) -> str:
    """L'indirizzo di nbgitpuller dentro il server del corsista (``git-pull?…``), senza il hub davanti.

    Le lezioni finiscono nella cartella ``<nome del repository>`` (senza ``.git``) e si apre
    ``percorso`` in quella cartella: cartella e indirizzo da aprire restano sempre d'accordo.
    Il hub d'aula lo usa come pagina iniziale (``Spawner.default_url``).

    >>> print(percorso_nbgitpuller("https://example.org/corso/ambiti-lab.git"))
    git-pull?repo=https%3A%2F%2Fexample.org%2Fcorso%2Fambiti-lab.git&branch=main&urlpath=lab%2Ftree%2Fambiti-lab%2Fmodules%2F00-benvenuto%2F00-benvenuto.ipynb&targetpath=ambiti-lab
    """
    repo_parti = _controlla_indirizzo(
        repo, cosa="del repository", esempio="https://example.org/corso/ambiti-lab.git"
    )
    nome_repo = repo_parti.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    if not nome_repo:
        raise ErroreCorso(
            f"Nell'indirizzo del repository {repo!r} manca il nome del progetto: "
            "deve finire con …/proprietario/nome (es. https://example.org/corso/ambiti-lab.git)."
        )
    if not isinstance(ramo, str) or not ramo.strip() or any(c.isspace() for c in ramo):
        raise ErroreCorso(
            f"Ramo non valido: {ramo!r}. Serve il nome di un ramo git senza spazi, per esempio 'main'."
        )
    if not isinstance(percorso, str) or not percorso.strip():
        raise ErroreCorso(
            f"Percorso non valido: {percorso!r}. Indica un file del repository, per esempio "
            f"{LEZIONE_INIZIALE!r}."
        )
    pezzi = percorso.strip().replace("\\", "/").split("/")
    if percorso.strip().startswith("/") or ".." in pezzi:
        raise ErroreCorso(
            f"Percorso non valido: {percorso!r}. Deve essere relativo alla radice del repository, "
            f"senza '/' iniziale né '..', per esempio {LEZIONE_INIZIALE!r}."
        )
    prefisso = INTERFACCE[controlla_scelta(interfaccia, INTERFACCE, cosa="interfaccia")]
    parametri = {
        "repo": repo.strip(),
        "branch": ramo.strip(),
        "urlpath": "/".join([prefisso, nome_repo, *[p for p in pezzi if p]]),
        # Senza targetpath nbgitpuller clonerebbe in «ambiti-lab.git» e l'indirizzo non si aprirebbe.
        "targetpath": nome_repo,
    }
    return f"git-pull?{urlencode(parametri, quote_via=quote, safe='')}"


def link_nbgitpuller(
    hub: str,
    *,
    repo: str,
    ramo: str = "main",
    percorso: str = LEZIONE_INIZIALE,
    interfaccia: str = "lab",
) -> str:
    """Il link da dare ai corsisti: scarica le lezioni da ``repo`` nel hub e apre ``percorso``.

    ``percorso`` è relativo alla radice del repository; ``interfaccia`` è ``"lab"`` (JupyterLab)
    o ``"notebook"``. Le lezioni vanno nella cartella ``ambiti-lab`` (il nome del repository).

    >>> print(link_nbgitpuller("https://hub.esempio.it", repo="https://example.org/corso/ambiti-lab.git"))
    https://hub.esempio.it/hub/user-redirect/git-pull?repo=https%3A%2F%2Fexample.org%2Fcorso%2Fambiti-lab.git&branch=main&urlpath=lab%2Ftree%2Fambiti-lab%2Fmodules%2F00-benvenuto%2F00-benvenuto.ipynb&targetpath=ambiti-lab
    >>> link_nbgitpuller("hub.esempio.it", repo="https://example.org/corso/ambiti-lab")
    Traceback (most recent call last):
    ...
    course.errori.ErroreCorso: Indirizzo del hub non valido: 'hub.esempio.it'. Deve cominciare con https:// e contenere il nome del server, per esempio 'https://hub.esempio.it'.
    """
    hub_parti = _controlla_indirizzo(hub, cosa="del hub", esempio="https://hub.esempio.it")
    dentro = percorso_nbgitpuller(repo, ramo=ramo, percorso=percorso, interfaccia=interfaccia)
    base = f"{hub_parti.scheme}://{hub_parti.netloc}{hub_parti.path.rstrip('/')}"
    return f"{base}/hub/user-redirect/{dentro}"


def _esegui_link(argomenti) -> int:
    try:
        print(link_nbgitpuller(
            argomenti.hub, repo=argomenti.repo, ramo=argomenti.ramo,
            percorso=argomenti.percorso, interfaccia=argomenti.interfaccia,
        ))
    except ErroreCorso as errore:
        print(f"Errore: {errore}", file=sys.stderr)
        return 2
    return 0


def aggiungi_comandi(sottocomandi) -> None:
    """Registra ``sessione link`` nella riga di comando ``ambiti-lab``.

    >>> import argparse
    >>> parser = argparse.ArgumentParser(); sotto = parser.add_subparsers()
    >>> aggiungi_comandi(sotto)
    >>> parser.parse_args(["sessione", "link", "--hub", "https://hub.esempio.it",
    ...                    "--repo", "https://example.org/c/ambiti-lab"]).ramo
    'main'
    """
    sessione = sottocomandi.add_parser(
        "sessione", help="strumenti per le sessioni di gruppo su JupyterHub",
        description="Strumenti per le sessioni di gruppo su JupyterHub.",
    )
    sotto = sessione.add_subparsers(dest="azione_sessione", metavar="AZIONE", required=True)
    link = sotto.add_parser(
        "link",
        help="crea il link nbgitpuller da dare ai corsisti",
        description=(
            "Crea il link da dare ai corsisti: apre il hub, scarica (o aggiorna) le lezioni dal "
            "repository del corso nella cartella di ciascuno e apre la lezione indicata. "
            "Il lavoro già fatto dai corsisti non viene sovrascritto."
        ),
    )
    link.add_argument("--hub", required=True, metavar="INDIRIZZO",
                      help="indirizzo del hub, es. https://hub.esempio.it")
    link.add_argument("--repo", default=REPOSITORY_CORSISTI, metavar="INDIRIZZO",
                      help=f"repository git dell'edizione per i corsisti (predefinito: {REPOSITORY_CORSISTI})")
    link.add_argument("--ramo", default="main", help="ramo git (predefinito: main)")
    link.add_argument("--percorso", default=LEZIONE_INIZIALE,
                      help=f"file da aprire (predefinito: {LEZIONE_INIZIALE})")
    link.add_argument("--interfaccia", default="lab", choices=sorted(INTERFACCE),
                      help="lab (predefinita) o notebook")
    link.set_defaults(esegui=_esegui_link)
