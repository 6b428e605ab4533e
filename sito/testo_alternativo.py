"""Le immagini dei risultati prendono il testo alternativo dai metadati ``alt`` dell'output.

È la convenzione di Jupyter (la usano ``IPython.display.Image(alt=...)`` e JupyterLab); MyST-NB la
ignora e scriverebbe come testo alternativo il nome del file. Qui ogni grafico ha la sua descrizione
a parole (``course.grafici.descrizione``, attivata nel kernel da ``costruisci.py``).
"""

from __future__ import annotations

from myst_nb.core.render import NbElementRenderer

_DISEGNA_IMMAGINE = NbElementRenderer.render_image


def _con_testo_alternativo(self, data):
    nodi = _DISEGNA_IMMAGINE(self, data)
    alt = (data.output_metadata.get(data.mime_type) or {}).get("alt")
    if isinstance(alt, str) and alt.strip():
        for nodo in nodi:
            nodo["alt"] = alt.strip()
    return nodi


def setup(app):
    NbElementRenderer.render_image = _con_testo_alternativo
    return {"parallel_read_safe": True, "parallel_write_safe": True}
