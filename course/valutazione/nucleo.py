"""Avvio del kernel di correzione: prima i limiti (memoria, file, rete) e l'osservatore dei tentativi, poi IPython.

Si usa come comando del kernel::

    python -m course.valutazione.nucleo --memoria 8192 --leggibile /usr --scrivibile /tmp/lavoro -- -f conn.json

``--memoria`` è il tetto dello spazio di indirizzi (un paracadute largo: il limite vero sull'uso reale
lo danno il cgroup o la sorveglianza del correttore); ``--tentativi CARTELLA`` installa l'osservatore
che annota sul registro del kernel ogni tentativo non consentito (vedi
:mod:`course.valutazione.tentativi`). Tutto ciò che segue ``--`` passa a ipykernel.
"""

from __future__ import annotations

import os
import sys

__all__ = ["main"]


def _leggi_opzioni(argv: list[str]) -> tuple[dict, list[str]]:
    opzioni = {"memoria": None, "leggibili": [], "scrivibili": [], "rete": False, "tentativi": None}
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
        elif a == "--tentativi":
            opzioni["tentativi"] = argv[i + 1]
            i += 2
        elif a == "--rete":
            opzioni["rete"] = True
            i += 1
        else:
            resto = argv[i:]
            break
    return opzioni, resto


def main(argv: list[str] | None = None) -> None:
    """Applica i limiti, installa l'osservatore dei tentativi e avvia ipykernel con gli argomenti rimanenti."""
    from course.valutazione.isolamento import limita_file, limita_risorse

    opzioni, resto = _leggi_opzioni(list(sys.argv[1:] if argv is None else argv))
    limita_risorse(memoria_mb=opzioni["memoria"])
    if opzioni["scrivibili"]:
        limita_file(leggibili=opzioni["leggibili"], scrivibili=opzioni["scrivibili"], blocca_rete=not opzioni["rete"])
    from ipykernel import kernelapp

    if opzioni["tentativi"]:
        from course.valutazione.tentativi import installa

        # una copia del descrittore del registro (stderr) presa prima che ipykernel lo catturi
        registro = os.dup(2)
        os.set_inheritable(registro, False)
        installa(cartella=opzioni["tentativi"], leggibili=opzioni["leggibili"] or _leggibili_di_base(), fd=registro)
    kernelapp.launch_new_instance(argv=resto)


def _leggibili_di_base() -> list[str]:
    from course.valutazione.esecuzione import percorsi_leggibili

    return percorsi_leggibili()


if __name__ == "__main__":
    main()
