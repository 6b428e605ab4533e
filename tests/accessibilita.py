"""axe-core nel browser vero (Chromium di Debian) per i test di accessibilità: WCAG 2.1 AA."""

from __future__ import annotations

import functools
import http.server
import socketserver
import threading
from contextlib import contextmanager
from pathlib import Path

GRAVI = {"serious", "critical"}
REGOLE = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


def violazioni_gravi(pagina) -> list[str]:
    """Le violazioni gravi o critiche della pagina aperta: «regola (impatto): elemento»."""
    from axe_playwright_python.sync_playwright import Axe

    risultato = Axe().run(pagina, options=REGOLE)
    return [f"{v['id']} ({v['impact']}): {n['html'][:160]}"
            for v in risultato.response["violations"] if v["impact"] in GRAVI for n in v["nodes"]]


class _Silenzioso(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *argomenti):
        pass


@contextmanager
def servi(cartella: Path):
    """Un server HTTP locale (porta libera, solo 127.0.0.1) sulla cartella; restituisce l'indirizzo."""
    gestore = functools.partial(_Silenzioso, directory=str(cartella))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), gestore) as server:
        filo = threading.Thread(target=server.serve_forever, daemon=True)
        filo.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
