"""Soluzioni ed errori tipici del modulo 04 (monitorare). Materiale per i formatori: non distribuire."""

from course import cronoprogramma, monitoraggio, piano_operativo
from course.dati import carica


def _conformita():
    # la regola delle ore è del ReD: con la tabella dei patti i Patti ADI restano fuori
    return monitoraggio.conformita_mensile(carica("attivita_mensili"), carica("patti"))


def _conformita_senza_patti():
    return monitoraggio.conformita_mensile(carica("attivita_mensili"))


def _ultimo_mese_senza_patti():
    c = _conformita_senza_patti()
    return c[c["mese"] == c["mese"].max()]


def _ultimo_mese():
    c = _conformita()
    return c[c["mese"] == c["mese"].max()]


def _allerte():
    return monitoraggio.allerte(_conformita())


def _stato():
    return cronoprogramma.stato_attivita(carica("cronoprogramma"))


def _raggiungimento():
    obiettivi = carica("obiettivi")
    suoi = obiettivi.loc[obiettivi["codice_ambito"] == "ATS-LE-03", "id_obiettivo"]
    ind = carica("indicatori")
    return cronoprogramma.raggiungimento(ind[ind["id_obiettivo"].isin(suoi)])


def _ids(maschera):
    r = _raggiungimento()
    return r.loc[maschera(r).fillna(False).astype(bool), "id_indicatore"].tolist()


def _quota_sistema():
    p = piano_operativo.piano_operativo(carica("azioni_ets"))
    return p.loc[p["tipo_azione"] == "azioni di sistema", "quota_spesa"].iloc[0]


def _media_quote():
    a = piano_operativo.andamento_azioni(carica("azioni_ets"))
    return a.loc[a["tipo_azione"] == "azioni di sistema", "quota_spesa"].mean()


SOLUZIONI = {
    "4.1": lambda: int(_ultimo_mese()["conforme"].sum()),
    "4.2": lambda: int(_allerte()["allerta_sotto_soglia"].sum()),
    "4.3": lambda: int((_stato()["rispetto_tempi"] == False).sum()),  # noqa: E712
    "4.4": lambda: _ids(lambda r: r["target_raggiunto"] == True),  # noqa: E712
    "4.5": _quota_sistema,
}

ERRORI_TIPICI = {
    "4.1": [
        (lambda: int(_ultimo_mese()["ore_sufficienti"].sum()), "minimo di ore in attività qualificanti"),
        (lambda: int(_ultimo_mese_senza_patti()["conforme"].sum()), "anche ai Patti ADI"),
        (lambda: int(_conformita()["conforme"].sum()), "ultimo mese"),
        (lambda: int((_ultimo_mese()["conforme"] == False).sum()), "NON in regola"),  # noqa: E712
    ],
    "4.2": [
        (lambda: int(_allerte()["allerta"].sum()), "tutte le allerte"),
        (lambda: int(_allerte()["allerta_senza_attivita"].sum()), "senza attività"),
        (lambda: _allerte()["allerta_sotto_soglia"], "riassumi i valori"),
        (lambda: int(monitoraggio.allerte(_conformita_senza_patti())["allerta_sotto_soglia"].sum()), "anche i Patti ADI"),
    ],
    "4.3": [
        (lambda: int((_stato()["stato"] == "in ritardo").sum()), "conclusa dopo la fine prevista"),
        (lambda: int((_stato()["rispetto_tempi"] == True).sum()), "non li hanno rispettati"),  # noqa: E712
        (lambda: len(_stato()), "tutte le attività"),
    ],
    "4.4": [
        (lambda: _ids(lambda r: r["target_raggiunto"].notna()), "valutabili"),
        (lambda: _ids(lambda r: r["target_raggiunto"] == False), "NON hanno raggiunto"),  # noqa: E712
        (lambda: _raggiungimento()["id_indicatore"].tolist(), "tutti gli indicatori"),
        (lambda: len(_ids(lambda r: r["target_raggiunto"] == True)), "parentesi quadre"),  # noqa: E712
    ],
    "4.5": [
        (_media_quote, "media delle quote"),
        (lambda: carica("azioni_ets")["spesa"].sum() / carica("azioni_ets")["budget"].sum(), "tipologia richiesta"),
        (lambda: 1 / _quota_sistema(), "al contrario"),
    ],
}
