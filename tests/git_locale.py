"""Un server git vero su 127.0.0.1 (``git http-backend``, protocollo «smart» HTTP) per i test del hub.

nbgitpuller clona con ``--depth 1``: serve il protocollo smart, come su un server git pubblico; il
protocollo «dumb» (file statici) non basta.
"""

from __future__ import annotations

import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from avvio_lab import porta_libera


class _Gestore(BaseHTTPRequestHandler):
    radice: Path

    def _cgi(self):
        percorso, _, domanda = self.path.partition("?")
        lunghezza = int(self.headers.get("Content-Length") or 0)
        corpo = self.rfile.read(lunghezza) if lunghezza else b""
        ambiente = {
            "GIT_PROJECT_ROOT": str(self.radice), "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": percorso,
            "QUERY_STRING": domanda, "REQUEST_METHOD": self.command, "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_TYPE": self.headers.get("Content-Type", ""), "CONTENT_LENGTH": str(lunghezza),
            "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""), "PATH": "/usr/bin:/bin",
            "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(self.radice),
        }
        uscita = subprocess.run(["git", "http-backend"], input=corpo, env=ambiente, capture_output=True, timeout=120)
        intestazioni, _, dati = uscita.stdout.partition(b"\r\n\r\n")
        if not _:
            intestazioni, _, dati = uscita.stdout.partition(b"\n\n")
        stato = 200
        righe = []
        for riga in intestazioni.decode("latin-1").splitlines():
            nome, _, valore = riga.partition(":")
            if nome.lower() == "status":
                stato = int(valore.strip().split()[0])
            elif nome:
                righe.append((nome, valore.strip()))
        self.send_response(stato)
        for nome, valore in righe:
            self.send_header(nome, valore)
        self.send_header("Content-Length", str(len(dati)))
        self.end_headers()
        self.wfile.write(dati)

    do_GET = do_POST = _cgi

    def log_message(self, *argomenti):  # niente righe di log nei test
        pass


class ServerGit:
    """I repository nudi (``*.git``) di ``radice`` serviti su ``http://127.0.0.1:<porta>/``."""

    def __init__(self, radice: Path):
        gestore = type("Gestore", (_Gestore,), {"radice": Path(radice)})
        self.porta = porta_libera()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.porta), gestore)
        self._filo = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._filo.start()

    def url(self, nome: str) -> str:
        return f"http://127.0.0.1:{self.porta}/{nome}"

    def ferma(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def git(*argomenti: str, cartella: Path) -> str:
    """Esegue git in ``cartella`` con un'identità di prova; errore con l'uscita di git se fallisce."""
    uscita = subprocess.run(["git", "-c", "user.name=Formatore di prova", "-c", "user.email=formatore@example.org",
                             "-c", "init.defaultBranch=main", *argomenti], cwd=cartella,
                            capture_output=True, text=True, timeout=120)
    assert uscita.returncode == 0, f"git {' '.join(argomenti)}: {uscita.stderr}"
    return uscita.stdout
