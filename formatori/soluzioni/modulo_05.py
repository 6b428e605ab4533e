"""Soluzioni ed errori tipici del modulo 05 (confrontare gli Ambiti). Materiale per i formatori: non distribuire."""

from course import confronto
from course.dati import carica
from course.territorio import popolazione_ambiti

AMBITO = "ATS-LE-03"


def _tassi():
    return confronto.tassi(carica("patti"))


def _tasso():
    t = _tassi()
    return t.loc[t["codice_ambito"] == AMBITO, "tasso"].iloc[0]


def _eventi():
    return int((carica("patti")["codice_ambito"] == AMBITO).sum())


def _residenti():
    p = popolazione_ambiti()
    return p.loc[p["codice_ambito"] == AMBITO, "popolazione"].iloc[0]


def _funnel():
    patti = carica("patti")
    return confronto.posizioni_funnel(confronto.quote(patti, evento=patti["esito"] == "decaduto"))


def _sopra():
    f = _funnel()
    return f.loc[f["posizione"].str.startswith("sopra"), "codice_ambito"].tolist()


def _primi_per_tasso():
    f = _funnel()
    return f.sort_values("tasso", ascending=False)["codice_ambito"].head(max(len(_sopra()), 1)).tolist()


def _sopra_sui_residenti():
    """Il denominatore sbagliato: i decaduti ogni 1.000 residenti (dipende anche da quante prese in carico)."""
    patti = carica("patti")
    f = confronto.posizioni_funnel(confronto.tassi(patti[patti["esito"] == "decaduto"]))
    return f.loc[f["posizione"].str.startswith("sopra"), "codice_ambito"].tolist()


def _apostrofo_dritto():
    """Il tranello dell'apostrofo: l'etichetta scritta con quello della tastiera non trova nessuna riga."""
    f = _funnel()
    return f.loc[f["posizione"].isin(["sopra l'atteso (oltre il 95%)", "sopra l'atteso (oltre il 99,8%)"]),
                 "codice_ambito"].tolist()


def _leps():
    r = confronto.rapporto_leps(carica("operatori"))
    riga = r[r["codice_ambito"] == AMBITO].iloc[0]
    return {"residenti_per_as": riga["residenti_per_as"], "rispetta_leps": bool(riga["as_mancanti_leps"] == 0)}


def _teste():
    op = carica("operatori")
    n = ((op["codice_ambito"] == AMBITO) & (op["ruolo"] == "assistente sociale")).sum()
    return {"residenti_per_as": _residenti() / n, "rispetta_leps": _leps()["rispetta_leps"]}


SOLUZIONI = {
    "5.1": _tasso,
    "5.2": _sopra,
    "5.3": _leps,
    "5.4": lambda: "c",
}

ERRORI_TIPICI = {
    "5.1": [
        (_eventi, "dividi per i residenti"),
        (lambda: _tasso() / 10, "ogni 100 residenti"),
        (lambda: _tasso() / 1000, "moltiplicato per 1.000"),
    ],
    "5.2": [
        (_primi_per_tasso, "posizioni_funnel"),
        (lambda: ",".join(_sopra()), "parentesi quadre"),
        (lambda: ["ATS-XX-99"], "comincia con «sopra»"),
    ],
    "5.3": [
        (_teste, "somma la colonna fte"),
        (lambda: {**_leps(), "rispetta_leps": not _leps()["rispetta_leps"]}, "al massimo"),
        (lambda: [_leps()["residenti_per_as"], _leps()["rispetta_leps"]], "parentesi graffe"),
    ],
    "5.4": [
        ("a", "posizione_inf"),
        ("b", "funnel plot corregge"),
        ("d", "tassi per residenti"),
        ("e", "su 45 Ambiti"),
        ("f", "scelte proposte"),
    ],
}
