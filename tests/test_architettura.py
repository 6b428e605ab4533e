"""L'architettura di ``course/``: nessun ciclo di import, e il dominio non importa mai le viste.

Si leggono gli import di ogni file con ``ast`` (anche quelli dentro le funzioni, che a prima vista
si nascondono): dati → strumenti → viste e verifiche → valutazione → comando, in un solo verso.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

import course

RADICE = Path(course.__file__).parent

# Librerie che disegnano, mostrano o correggono: solo le viste e la valutazione le usano.
LIBRERIE_DI_VISTA = ("matplotlib", "ipywidgets", "IPython.display", "nbgrader", "nbclient", "nbformat")


def _nome_modulo(percorso: Path) -> str:
    parti = percorso.relative_to(RADICE.parent).with_suffix("").parts
    return ".".join(parti[:-1] if parti[-1] == "__init__" else parti)


def _moduli() -> dict[str, Path]:
    return {_nome_modulo(p): p for p in sorted(RADICE.rglob("*.py"))}


MODULI = _moduli()


def _risolvi(nome: str) -> str | None:
    """Il modulo di ``course`` che un nome importato indica (il più lungo che esiste), oppure None."""
    parti = nome.split(".")
    for n in range(len(parti), 0, -1):
        candidato = ".".join(parti[:n])
        if candidato in MODULI:
            return candidato
    return None


def importati(modulo: str) -> set[str]:
    """Tutti i nomi di modulo importati da un file, a qualunque livello (funzioni comprese)."""
    percorso = MODULI[modulo]
    pacchetto = modulo if percorso.name == "__init__.py" else modulo.rpartition(".")[0]
    nomi = set()
    for nodo in ast.walk(ast.parse(percorso.read_text(encoding="utf-8"))):
        if isinstance(nodo, ast.Import):
            nomi.update(a.name for a in nodo.names)
        elif isinstance(nodo, ast.ImportFrom):
            base = nodo.module or ""
            if nodo.level:
                su = pacchetto.split(".")[: len(pacchetto.split(".")) - (nodo.level - 1)]
                base = ".".join([*su, base] if base else su)
            # «from course.indicatori import standard» importa il sottomodulo standard, non i nomi del pacchetto
            sottomoduli = {f"{base}.{a.name}" for a in nodo.names if f"{base}.{a.name}" in MODULI}
            nomi.update(sottomoduli)
            if len(sottomoduli) < len(nodo.names):
                nomi.add(base)
    return nomi


@lru_cache(maxsize=1)
def grafo() -> dict[str, set[str]]:
    """Per ogni modulo di course, i moduli di course che importa."""
    archi = {}
    for modulo in MODULI:
        interni = {_risolvi(n) for n in importati(modulo) if n == "course" or n.startswith("course.")}
        archi[modulo] = {m for m in interni if m and m != modulo and m != "course"}
    return archi


def cicli(archi: dict[str, set[str]]) -> list[list[str]]:
    """I cicli del grafo (uno per componente fortemente connessa), trovati con l'algoritmo di Tarjan."""
    indice, basso, pila, in_pila, componenti = {}, {}, [], set(), []

    def visita(v):
        indice[v] = basso[v] = len(indice)
        pila.append(v)
        in_pila.add(v)
        for w in archi.get(v, ()):
            if w not in indice:
                visita(w)
                basso[v] = min(basso[v], basso[w])
            elif w in in_pila:
                basso[v] = min(basso[v], indice[w])
        if basso[v] == indice[v]:
            componente = []
            while True:
                w = pila.pop()
                in_pila.discard(w)
                componente.append(w)
                if w == v:
                    break
            if len(componente) > 1:
                componenti.append(sorted(componente))

    for v in sorted(archi):
        if v not in indice:
            visita(v)
    return componenti


def _sopra(modulo: str) -> bool:
    """Vero per le parti sopra gli strumenti: viste, verifiche, valutazione, comando, avvio."""
    parti = modulo.split(".")
    return len(parti) > 1 and parti[1] in course.SOPRA_GLI_STRUMENTI


DOMINIO = sorted(m for m in MODULI if m != "course" and not _sopra(m))


def test_ogni_parte_dichiarata_sopra_gli_strumenti_esiste():
    presenti = {m.split(".")[1] for m in MODULI if m != "course"}
    assert set(course.SOPRA_GLI_STRUMENTI) <= presenti


def test_il_dominio_comprende_gli_strumenti_del_coordinatore():
    attesi = {"course.parametri", "course.formato", "course.territorio", "course.dati", "course.indicatori",
              "course.monitoraggio", "course.scadenze", "course.cronoprogramma", "course.piano_operativo",
              "course.confronto", "course.intervalli", "course.buone_pratiche", "course.privacy"}
    assert attesi <= set(DOMINIO)


def test_nessun_ciclo_di_import_in_course():
    trovati = cicli(grafo())
    assert trovati == [], "moduli che si importano a vicenda: " + "; ".join(" ↔ ".join(c) for c in trovati)


@pytest.mark.parametrize("modulo", DOMINIO)
def test_il_dominio_non_importa_viste(modulo):
    """Né direttamente né attraverso un altro modulo di course (si segue tutta la catena)."""
    archi = grafo()
    visti, da_vedere, catena = set(), [modulo], {modulo: [modulo]}
    problemi = []
    while da_vedere:
        m = da_vedere.pop()
        if m in visti:
            continue
        visti.add(m)
        esterni = [n for n in importati(m) if any(n == lib or n.startswith(lib + ".") for lib in LIBRERIE_DI_VISTA)]
        problemi += [f"{' → '.join(catena[m])} importa {n}" for n in sorted(esterni)]
        for w in sorted(archi[m]):
            if _sopra(w):
                problemi.append(f"{' → '.join(catena[m])} importa {w}")
            elif w not in visti:
                catena.setdefault(w, [*catena[m], w])
                da_vedere.append(w)
    assert problemi == []


# --- il test stesso sa trovare ciò che cerca ----------------------------------------------------

def test_il_controllo_dei_cicli_trova_un_ciclo():
    assert cicli({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cicli({"a": {"b"}, "b": set()}) == []


def test_gli_import_dentro_le_funzioni_si_vedono(tmp_path, monkeypatch):
    finto = tmp_path / "finto.py"
    finto.write_text("def f():\n    from course.grafici.stile import TAVOLOZZA\n    import matplotlib.pyplot\n")
    monkeypatch.setitem(MODULI, "course.finto", finto)
    assert {"course.grafici.stile", "matplotlib.pyplot"} <= importati("course.finto")
