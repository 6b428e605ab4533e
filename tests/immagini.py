"""Aiuto per i test dei grafici: una figura salvata in PNG deve contenere qualcosa di disegnato."""

from matplotlib.figure import Figure
from matplotlib.image import imread


def quota_disegnata(fig, percorso) -> float:
    """Salva la figura e restituisce la quota di pixel non bianchi (cioè disegnati)."""
    assert isinstance(fig, Figure), f"attesa una Figure di matplotlib, arrivato {type(fig).__name__}"
    fig.savefig(percorso, dpi=40)
    immagine = imread(percorso)[..., :3]
    return float((immagine < 0.95).any(axis=-1).mean())
