"""I dati del corso: tabelle sintetiche (schemi, generazione, caricamento, validazione) e lettura di file reali.

>>> from course import dati
>>> "patti" in dati.TABELLE
True
"""

from __future__ import annotations

from course.dati.tabelle import TABELLE

__all__ = ["TABELLE", "carica", "valida", "genera", "leggi_tabella", "cartella_dati", "schema"]


def __getattr__(nome: str):
    if nome in {"carica", "cartella_dati"}:
        from course.dati import caricamento
        return getattr(caricamento, nome)
    if nome == "valida":
        from course.dati.validazione import valida
        return valida
    if nome == "schema":
        from course.dati.schemi import schema
        return schema
    if nome == "genera":
        from course.dati.generatore import genera
        return genera
    if nome == "leggi_tabella":
        from course.dati.lettura import leggi_tabella
        return leggi_tabella
    raise AttributeError(f"il modulo 'course.dati' non ha l'attributo {nome!r}")
