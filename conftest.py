"""Configurazione di pytest comune ai test in ``tests/`` e ai doctest della libreria in ``course/``."""

import sys

import pytest


@pytest.fixture(autouse=True)
def _come_in_una_lezione(request, monkeypatch):
    """La scala degli aiuti capisce di essere in un compito valutato dai moduli che il compito importa.

    Nel processo dei test altri test li hanno già importati: per i test e i doctest della scala si
    tolgono per la durata del test, come in un kernel di lezione (poi tornano al loro posto).
    """
    if request.node.path.name not in ("scala.py", "test_verifica_scala.py"):
        return
    from course.verifica.scala import _MODULI_DEI_COMPITI

    for nome in _MODULI_DEI_COMPITI:
        monkeypatch.delitem(sys.modules, nome, raising=False)
