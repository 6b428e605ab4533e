"""«I miei dati» nel notebook: un menu per ogni colonna del corso, già scelto con la proposta, e un bottone.

La logica sta in :mod:`course.miei_dati` (``proponi`` e ``importa``); qui ci sono solo i menu e il
riquadro con il risultato.
"""

from __future__ import annotations

import html

import ipywidgets as w

from course.date import leggi_data
from course.dati.schemi import COLONNE
from course.errori import ErroreCorso
from course.miei_dati import FileRifiutato, importa, proponi
from course.territorio import codice_ambito
from course.widget._comune import tabella_html

__all__ = ["NESSUNA", "abbina_colonne", "scelte_dai_menu"]

#: La voce dei menu per «questa colonna nel mio file non c'è».
NESSUNA = "(non c'è nel mio file)"


def scelte_dai_menu(menu: dict) -> dict[str, str | None]:
    """L'abbinamento scelto nei menu: colonna del corso → colonna del file (``None`` se nel file non c'è).

    >>> scelte_dai_menu({"misura": w.Dropdown(options=["Misura", NESSUNA], value="Misura"),
    ...                  "esito": w.Dropdown(options=["Misura", NESSUNA], value=NESSUNA)})
    {'misura': 'Misura', 'esito': None}
    """
    return {corso: None if m.value == NESSUNA else m.value for corso, m in menu.items()}


def abbina_colonne(percorso, tabella: str | None = None, *, cartella=None, ambito: str | None = None,
                   alla_data=None):
    """Mostra un menu per ogni colonna della tabella del corso, con la colonna del file proposta già scelta.

    Correggi i menu dove serve e premi «Importa»: il file si controlla, si pseudonimizza e si calcolano
    scadenze o ore (come ``course.miei_dati.importa``). Niente lascia il computer.
    """
    # lette subito: una data impossibile o un Ambito sconosciuto si dicono prima di mostrare i menu
    alla_data = leggi_data(alla_data, cosa="la data (alla_data)") if alla_data is not None else None
    ambito = codice_ambito(ambito) if ambito is not None else None
    proposta = proponi(percorso, tabella, cartella=cartella)
    opzioni = [*proposta.colonne_file, NESSUNA]
    menu = {}
    righe = []
    for corso in COLONNE[proposta.tabella]:
        scelta = proposta.colonne.get(corso)
        menu[corso] = w.Dropdown(options=opzioni, value=scelta if scelta in opzioni else NESSUNA,
                                 description=corso, style={"description_width": "16em"},
                                 layout=w.Layout(width="34em"))
        serve = "serve" if corso in proposta.necessarie else "facoltativa"
        perche = proposta.motivi.get(corso, "nessuna proposta")
        righe.append(w.HBox([menu[corso], w.HTML(f"<small>{serve} · {html.escape(perche)}</small>")]))
    bottone = w.Button(description="Importa", button_style="primary", icon="check",
                       tooltip="Controlla, pseudonimizza e calcola (niente lascia il computer)")
    uscita = w.HTML()

    def al_clic(_):
        uscita.value = "<p>Sto importando…</p>"
        try:
            risultato = importa(percorso, proposta.tabella, cartella=cartella, colonne=scelte_dai_menu(menu),
                                ambito=ambito, alla_data=alla_data)
        except FileRifiutato as rifiuto:
            uscita.value = f"<p><b>File rifiutato.</b></p><pre>{html.escape(str(rifiuto))}</pre>"
            return
        except ErroreCorso as errore:
            uscita.value = f"<p><b>Non riesco a importare.</b> {html.escape(str(errore))}</p>"
            return
        parti = [f"<pre>{html.escape(risultato.riassunto())}</pre>"]
        if not risultato.problemi.empty:
            parti.append("<p><b>Problemi nei valori</b></p>" + tabella_html(risultato.problemi, massimo=30))
        if risultato.scadenzario is not None:
            colonne = ["posizione", "id_patto", "misura", "fase", "scadenza", "giorni_residui", "stato", "motivo"]
            parti.append("<p><b>Scadenzario</b> (i primi 15)</p>"
                         + tabella_html(risultato.scadenzario[colonne], massimo=15))
        uscita.value = "".join(parti)

    bottone.on_click(al_clic)
    titolo = w.HTML(f"<p>Il tuo file somiglia alla tabella <b>{proposta.tabella}</b>. Controlla gli abbinamenti "
                    "proposti, correggi i menu dove serve e premi «Importa».</p>")
    riquadro = w.VBox([titolo, *righe, bottone, uscita])
    riquadro.menu, riquadro.bottone, riquadro.uscita = menu, bottone, uscita  # per i test e per chi vuole
    return riquadro
