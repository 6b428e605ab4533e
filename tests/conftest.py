"""Dati generati una volta per sessione di test (scala «ambito», piccola e veloce)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def cartella_ambito(tmp_path_factory):
    from course.dati import genera

    return genera("ambito", seme=11, cartella=tmp_path_factory.mktemp("dati-ambito"), progresso=False)


@pytest.fixture(scope="session")
def cartella_difetti(tmp_path_factory):
    from course.dati import genera

    return genera("ambito", seme=5, difetti=True, cartella=tmp_path_factory.mktemp("dati-difetti"), progresso=False)
