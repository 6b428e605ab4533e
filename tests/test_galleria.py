"""La galleria dei grafici si esegue da cima a fondo, senza errori, e mostra davvero grafici ed esploratori."""

import re
from pathlib import Path

import nbformat
import pytest

GALLERIA = Path(__file__).resolve().parents[1] / "modules" / "99-galleria" / "galleria.ipynb"


def test_galleria_salvata_senza_output():
    nb = nbformat.read(GALLERIA, as_version=4)
    codice = [c for c in nb.cells if c.cell_type == "code"]
    assert codice and all(not c.outputs and c.execution_count is None for c in codice)


@pytest.fixture(scope="module")
def eseguita():
    from nbclient import NotebookClient

    nb = nbformat.read(GALLERIA, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(GALLERIA.parent)}}).execute()
    return nb


def test_galleria_si_esegue_senza_errori(eseguita):
    errori = [(i, o["ename"], o["evalue"]) for i, c in enumerate(eseguita.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert errori == [], f"celle con errore (indice, tipo, messaggio): {errori}"


def _ultima_riga(cella) -> str:
    righe = [r for r in cella.source.splitlines() if r.strip()]
    return righe[-1] if righe else ""


def test_galleria_mostra_grafici_ed_esploratori(eseguita):
    codice = [c for c in eseguita.cells if c.cell_type == "code"]
    # una cella che finisce chiamando un grafico deve mostrare un'immagine, un esploratore un widget
    grafici = [c for c in codice if re.match(r"^([\w.]*\.)?(grafico_\w+|gantt)\(", _ultima_riga(c))]
    esploratori = [c for c in codice if re.match(r"^(esploratore_\w+|Esploratore\w+)\(", _ultima_riga(c))]
    assert len(grafici) >= 10 and len(esploratori) >= 2
    for cella in grafici:
        assert any("image/png" in o.get("data", {}) for o in cella.outputs), cella.source
    for cella in esploratori:
        assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cella.outputs), cella.source


def test_galleria_copre_tutti_i_grafici_e_gli_esploratori():
    """Ogni grafico (grafico_*, gantt) ed esploratore (esploratore_*, Esploratore*) pubblico compare nella galleria."""
    import importlib
    import inspect
    import pkgutil

    import course.grafici
    import course.widget

    testo = "\n".join(c.source for c in nbformat.read(GALLERIA, as_version=4).cells if c.cell_type == "code")
    mancanti = []
    for pacchetto in (course.grafici, course.widget):
        for info in pkgutil.iter_modules(pacchetto.__path__):
            if info.name.startswith("_") or info.name == "stile":
                continue
            modulo = importlib.import_module(f"{pacchetto.__name__}.{info.name}")
            pubblici = getattr(modulo, "__all__", [])
            # una classe Esploratore* è coperta anche dalla funzione esploratore_* che la restituisce
            restituite = {str(inspect.signature(getattr(modulo, n)).return_annotation) for n in pubblici
                          if n.startswith("esploratore_") and f"{n}(" in testo}
            for nome in pubblici:
                if re.match(r"^(grafico_\w+|gantt|esploratore_\w+|Esploratore\w+)$", nome) \
                        and f"{nome}(" not in testo and nome not in restituite:
                    mancanti.append(f"{modulo.__name__}.{nome}")
    assert mancanti == [], f"aggiungi alla galleria (modules/99-galleria) una cella per: {', '.join(mancanti)}"
