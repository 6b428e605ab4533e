"""Basi comuni dei grafici: tavolozza leggibile anche da chi non distingue i colori, assi all'italiana.

Numeri e date si scrivono con ``course.formato``, come nel resto del corso.

>>> TAVOLOZZA[0]
'#0072B2'
"""

from __future__ import annotations

import datetime
import textwrap

from course import formato

__all__ = ["TAVOLOZZA", "nuova_figura", "asse_numeri_italiani", "asse_date_italiane", "figura_vuota",
           "a_capo", "SFONDO_SCRITTE", "ALTEZZA_SCHERMO", "altezza_per_righe"]

#: L'altezza (pollici) che un grafico può avere per stare intero nel Lab su un portatile da 1366×768.
#: I grafici più alti (tutti i 45 Ambiti) devono mettere in evidenza l'Ambito di chi guarda.
ALTEZZA_SCHERMO = 6.2

#: Lo sfondo delle scritte che cadono sopra linee o barre: restano leggibili.
SFONDO_SCRITTE = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.0}

# Tavolozza di Okabe e Ito: distinguibile con le più comuni forme di daltonismo.
TAVOLOZZA = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


def nuova_figura(*, larghezza: float = 8, altezza: float = 4.5):
    """Una figura e un asse con lo stile del corso, senza toccare le impostazioni globali di matplotlib."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(larghezza, altezza), layout="constrained")
    ax = fig.add_subplot()
    ax.set_prop_cycle(color=list(TAVOLOZZA))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, axis="y", alpha=0.3)
    return fig, ax


def asse_numeri_italiani(asse, *, decimali: int = 0, percentuale: bool = False) -> None:
    """Scrive i numeri di un asse (``ax.xaxis`` o ``ax.yaxis``) all'italiana."""
    from matplotlib.ticker import FuncFormatter

    if percentuale:
        asse.set_major_formatter(FuncFormatter(lambda v, _: formato.percentuale(v, da_quota=True, decimali=decimali)))
    else:
        asse.set_major_formatter(FuncFormatter(lambda v, _: formato.numero(v, decimali=decimali)))


def _tacche_mensili():
    """Le tacche di un asse di date scritto a mesi: il primo di un mese, ogni 1, 2, 3, 6 o 12 mesi.

    Con le tacche automatiche di matplotlib un periodo breve (poche settimane) ha una tacca a settimana,
    e scritte a mesi diventano «gen 2026 gen 2026 gen 2026» una sopra l'altra.
    """
    import matplotlib.dates as mdates

    class TaccheMensili(mdates.DateLocator):
        def __call__(self):
            inizio, fine = sorted(self.axis.get_view_interval())
            return self.tick_values(inizio, fine)

        def tick_values(self, vmin, vmax):
            inizio, fine = mdates.num2date(vmin), mdates.num2date(vmax)
            mesi = max((vmax - vmin) / 30.44, 1)
            passo = next((p for p in (1, 2, 3, 6, 12, 24, 60, 120) if mesi / p <= 7), 240)
            # il primo mese multiplo del passo (gennaio, aprile, luglio… con passo 3), poi ogni passo mesi
            anno, mese = inizio.year, inizio.month - 1
            indice = anno * 12 + mese
            indice -= indice % passo
            tacche = []
            while True:
                anno, mese = divmod(indice, 12)
                giorno = mdates.date2num(datetime.datetime(anno, mese + 1, 1, tzinfo=inizio.tzinfo))
                if giorno > vmax:
                    break
                if giorno >= vmin:
                    tacche.append(giorno)
                indice += passo
            # un periodo più breve di un mese senza il primo del mese: una sola tacca, a metà
            return tacche or [(vmin + vmax) / 2]

    return TaccheMensili()


def asse_date_italiane(asse) -> None:
    """Scrive le date di un asse come «mar 2025», con una tacca al primo di un mese (mai due uguali)."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    asse.set_major_locator(_tacche_mensili())
    asse.set_major_formatter(FuncFormatter(lambda v, _: formato.mese(mdates.num2date(v))))


def figura_vuota(messaggio: str):
    """Una figura che spiega perché non c'è niente da disegnare (tabella vuota, filtro troppo stretto)."""
    fig, ax = nuova_figura(altezza=2)
    ax.axis("off")
    ax.text(0.5, 0.5, messaggio, ha="center", va="center", wrap=True)
    return fig


def a_capo(testo, *, larghezza: int = 40, righe: int = 2) -> str:
    """Un'etichetta lunga su più righe (al massimo ``righe``), tagliata con «…» solo se non ci sta.

    >>> a_capo("Operatori formati sulla presa in carico (almeno 10)", larghezza=30)
    'Operatori formati sulla presa\\nin carico (almeno 10)'
    >>> a_capo("una due tre quattro cinque sei", larghezza=9, righe=2)
    'una due\\ntre quat…'
    """
    pezzi = textwrap.wrap(str(testo), width=larghezza)
    if len(pezzi) > righe:
        resto = " ".join(pezzi[righe - 1:])
        pezzi = pezzi[:righe - 1] + [resto[:larghezza - 1].rstrip() + "…"]
    return "\n".join(pezzi)


def altezza_per_righe(n: int, *, per_riga: float = 0.28, base: float = 1.5, minima: float = 2.5) -> float:
    """L'altezza di un grafico a barre orizzontali con ``n`` righe, che sta nello schermo di un portatile.

    >>> altezza_per_righe(3), altezza_per_righe(40)
    (2.5, 6.2)
    """
    return min(max(minima, per_riga * n + base), ALTEZZA_SCHERMO)
