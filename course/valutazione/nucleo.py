"""Avvio del kernel di correzione: prima i limiti (memoria, file, rete), poi il normale kernel IPython.

Si usa come comando del kernel::

    python -m course.valutazione.nucleo --memoria 1536 --leggibile /usr --scrivibile /tmp/lavoro -- -f conn.json

Tutto ciò che segue ``--`` passa a ipykernel.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def _leggi_opzioni(argv: list[str]) -> tuple[dict, list[str]]:
    opzioni = {"memoria": None, "leggibili": [], "scrivibili": [], "rete": False}
    resto: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            resto = argv[i + 1:]
            break
        if a == "--memoria":
            opzioni["memoria"] = int(argv[i + 1])
            i += 2
        elif a == "--leggibile":
            opzioni["leggibili"].append(argv[i + 1])
            i += 2
        elif a == "--scrivibile":
            opzioni["scrivibili"].append(argv[i + 1])
            i += 2
        elif a == "--rete":
            opzioni["rete"] = True
            i += 1
        else:
            resto = argv[i:]
            break
    return opzioni, resto


def main(argv: list[str] | None = None) -> None:
    """Applica i limiti e avvia ipykernel con gli argomenti rimanenti."""
    from course.valutazione.isolamento import limita_file, limita_risorse

    opzioni, resto = _leggi_opzioni(list(sys.argv[1:] if argv is None else argv))
    limita_risorse(memoria_mb=opzioni["memoria"])
    if opzioni["scrivibili"]:
        limita_file(leggibili=opzioni["leggibili"], scrivibili=opzioni["scrivibili"], blocca_rete=not opzioni["rete"])
    from ipykernel import kernelapp

    kernelapp.launch_new_instance(argv=resto)


if __name__ == "__main__":
    main()
