"""Soluzioni ed errori tipici del modulo 06 (buone pratiche). Materiale per i formatori: non distribuire."""

from course import buone_pratiche as bp
from course.dati import carica


def _esito():
    return bp.istruttoria(carica("buone_pratiche"))


def _ids(esito):
    e = _esito()
    return e.loc[e["esito"] == esito, "id_candidatura"].tolist()


def _primo(pesi=None):
    return bp.punteggi(_esito(), pesi=pesi)["punteggio"].iloc[0]


def _media(pesi=None):
    return bp.punteggi(_esito(), pesi=pesi)["punteggio"].mean()


def _stabili():
    s = bp.sensibilita(_esito(), primi=5)
    return s.loc[s["quota_primi"] >= 0.9, "id_candidatura"].tolist()


SCHEDA = {
    "titolo": "Sportello unico di comunità",
    "area_tematica": "erogazione dei servizi e relazione con gli utenti",
    "problema": "I nuclei in difficoltà dovevano rivolgersi a tre uffici diversi per ReD, ADI e servizi comunali.",
    "destinatari": "Nuclei beneficiari di ReD e ADI residenti nei comuni dell'Ambito, con priorità a chi ha minori.",
    "attivita": "Un unico sportello settimanale in ogni comune, con assistente sociale ed educatore insieme, "
                "agenda condivisa e cartella sociale unica.",
    "risultati": "Nel 2024 sono stati accolti 412 nuclei; i tempi del primo colloquio sono scesi da 74 a 41 giorni.",
    "costo_annuo": 18500,
    "condizioni_per_replicarla": "Serve una cartella sociale condivisa tra i comuni, un accordo con il Centro per "
                                "l'impiego e almeno un operatore dedicato per ogni ventimila residenti.",
}

SOLUZIONI = {
    "6.1": lambda: _ids("esclusa"),
    "6.2": lambda: _media({"evidenza_risultati": 2}),
    "6.3": _stabili,
    "6.4": lambda: dict(SCHEDA),
}

ERRORI_TIPICI = {
    "6.1": [
        (lambda: _ids("ammessa"), "ammesse"),
        (lambda: _esito()["id_candidatura"].tolist(), "tutte le candidature"),
        (lambda: ", ".join(_ids("esclusa")), "parentesi quadre"),
    ],
    "6.2": [
        (_media, "pesi predefiniti"),
        (lambda: _media({"evidenza_risultati": 2}) / 100, "non dividerlo"),
        (lambda: _primo({"evidenza_risultati": 2}), "prima in graduatoria"),
        (lambda: bp.punteggi(_esito(), pesi={"evidenza_risultati": 2})[list(bp.CRITERI)].sum(axis=1).mean(),
         "sommato i voti"),
    ],
    "6.3": [
        (lambda: _stabili()[:1] + ["BP-999"], "quota_primi"),
        (lambda: _esito()["id_candidatura"].tolist(), "quota_primi"),
        (lambda: ";".join(_stabili()), "parentesi quadre"),
    ],
    "6.4": [
        (lambda: {**SCHEDA, "area_tematica": "welfare di comunità"}, "AREE_TEMATICHE"),
        (lambda: {**SCHEDA, "risultati": "I risultati sono stati molto positivi per tutti."}, "risultato misurato"),
        (lambda: {**SCHEDA, "costo_annuo": "18.500 euro"}, "senza virgolette"),
        (lambda: {**SCHEDA, "problema": "Troppi uffici."}, "parole per voce"),
        (lambda: {k: v for k, v in SCHEDA.items() if k != "risultati"}, "la forma"),
    ],
}
