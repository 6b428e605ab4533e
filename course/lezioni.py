"""Le cifre delle regole scritte nel testo delle lezioni, lette dalla tabella dei parametri.

Nelle celle di testo (markdown) delle lezioni una cifra di regola non si scrive a mano: si scrive
``{{nome_del_parametro}}`` e, quando le lezioni vengono copiate nella cartella del corsista (e
quando si prepara Binder o l'edizione per i corsisti), diventa la cifra in vigore, scritta
all'italiana: il corsista legge «almeno 62 ore», mai il nome del parametro. Così, quando un decreto
cambia una soglia, basta cambiare una riga di ``parametri.csv``.

Forme ammesse:

- ``{{nome}}``: il valore, con la forma della sua unità (``quota`` → percentuale, ``euro`` → importo,
  ``data`` → gg/mm/aaaa, ``elenco`` → voci separate da virgole, il resto → numero);
- ``{{nome|cifra}}``: il numero così com'è (una quota resta 0,5);
- ``{{nome|fonte}}``: la fonte della regola, ``{{nome|dal}}``: la data da cui vale;
- alcune cifre ricavate, scritte qui una volta sola (:data:`RICAVATE`).

>>> rendi_testo("Almeno {{ore_mensili_minime}} ore al mese ({{ore_mensili_minime|fonte}}).")[:22]
'Almeno 62 ore al mese '
>>> rendi_testo("Di cui qualificanti almeno {{ore_qualificanti_minime}}: la quota è {{quota_minima_attivita_qualificanti}}.")
'Di cui qualificanti almeno 31: la quota è 50 %.'
>>> rendi_testo("{{ore_mensili_minme}}")
Traceback (most recent call last):
...
course.errori.ErroreCorso: Nel testo della lezione c'è {{ore_mensili_minme}}, ma non è un parametro. Forse intendevi: ore_mensili_minime. Controlla il nome in course/parametri.csv.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from course import formato
from course.errori import ErroreCorso, nomi_vicini
from course.parametri import parametro, tabella_parametri, voce

__all__ = ["RICAVATE", "rendi_testo", "rendi_notebook", "rendi_lezione", "rendi_cartella", "nomi_rimasti"]

#: Cifre che le lezioni citano e che si ricavano da più parametri (la formula è scritta solo qui).
RICAVATE = {
    "ore_qualificanti_minime": lambda: parametro("ore_mensili_minime") * parametro("quota_minima_attivita_qualificanti"),
}

_SEGNAPOSTO = re.compile(r"\{\{\s*([a-z0-9_]+)\s*(?:\|\s*([a-z]+)\s*)?\}\}")


def _valore(nome: str, forma: str | None) -> str:
    if nome in RICAVATE:
        return formato.numero(RICAVATE[nome]())
    try:
        v = voce(nome)
    except ErroreCorso:
        vicini = nomi_vicini(nome, [*tabella_parametri()["nome"].unique(), *RICAVATE])
        forse = f" Forse intendevi: {', '.join(vicini)}." if vicini else ""
        raise ErroreCorso(f"Nel testo della lezione c'è {{{{{nome}}}}}, ma non è un parametro.{forse} "
                          "Controlla il nome in course/parametri.csv.") from None
    if forma == "fonte":
        return v.fonte
    if forma == "dal":
        return formato.data(v.valido_dal)
    if forma == "cifra":
        return formato.numero(v.valore)
    if forma is not None:
        raise ErroreCorso(f"Nel testo della lezione c'è {{{{{nome}|{forma}}}}}: le forme ammesse dopo «|» sono "
                          "cifra, fonte e dal.")
    if v.unita == "quota":
        return formato.percentuale(v.valore, da_quota=True, decimali=None)
    if v.unita == "euro":
        return formato.euro(v.valore, decimali=0 if float(v.valore).is_integer() else 2)
    if v.unita == "data":
        return formato.data(v.valore)
    if v.unita == "elenco":
        return ", ".join(v.valore)
    return formato.numero(v.valore)


def rendi_testo(testo: str) -> str:
    """Il testo con ogni ``{{nome}}`` sostituito dalla cifra in vigore (vedi le forme sopra)."""
    return _SEGNAPOSTO.sub(lambda m: _valore(m.group(1), m.group(2)), testo)


def rendi_notebook(notebook: dict) -> dict:
    """Lo stesso notebook (un dizionario JSON) con le celle di testo rese; le celle di codice restano com'erano."""
    for cella in notebook.get("cells", []):
        if cella.get("cell_type") != "markdown":
            continue
        sorgente = cella.get("source", "")
        testo = "".join(sorgente) if isinstance(sorgente, list) else sorgente
        reso = rendi_testo(testo)
        if reso != testo:
            cella["source"] = reso.splitlines(keepends=True) if isinstance(sorgente, list) else reso
    return notebook


def rendi_lezione(nome_file: str, contenuto: bytes) -> bytes:
    """Il contenuto di un file di lezione, con le cifre rese se è un notebook (celle di testo) o un testo
    Markdown (come il glossario); gli altri file restano uguali.

    >>> rendi_lezione("nota.txt", b"{{ore_mensili_minime}}")
    b'{{ore_mensili_minime}}'
    >>> rendi_lezione("glossario.md", "almeno {{ore_mensili_minime}} ore".encode())
    b'almeno 62 ore'
    >>> b'"62 ore"' in rendi_lezione("l.ipynb", b'{"cells": [{"cell_type": "markdown", "source": "{{ore_mensili_minime}} ore"}]}')
    True
    """
    if not nome_file.endswith((".ipynb", ".md")) or b"{{" not in contenuto:
        return contenuto
    if nome_file.endswith(".md"):
        return rendi_testo(contenuto.decode("utf-8")).encode("utf-8")
    try:
        notebook = json.loads(contenuto.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return contenuto   # non è un notebook valido: lo si copia com'è, come prima
    if not isinstance(notebook, dict):
        return contenuto
    rendi_notebook(notebook)
    return (json.dumps(notebook, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def rendi_cartella(cartella) -> list[str]:
    """Rende sul posto tutti i notebook e i testi Markdown di ``cartella`` (e sottocartelle); restituisce i
    file cambiati.

    Serve dove le lezioni non passano dalla copia di ``ambiti-lab avvia``: Binder e l'edizione per i corsisti.
    """
    cambiati = []
    for percorso in sorted([*Path(cartella).rglob("*.ipynb"), *Path(cartella).rglob("*.md")]):
        if ".ipynb_checkpoints" in percorso.parts:
            continue
        prima = percorso.read_bytes()
        dopo = rendi_lezione(percorso.name, prima)
        if dopo != prima:
            percorso.write_bytes(dopo)
            cambiati.append(str(percorso))
    return cambiati


def nomi_rimasti(testo: str) -> list[str]:
    """I nomi di parametro (o i segnaposto ``{{…}}``) rimasti in un testo per il corsista.

    Un nome dentro una chiamata scritta come codice (``parametro("ore_mensili_minime")``) è ammesso:
    è un'istruzione da eseguire, non una cifra da leggere.

    >>> nomi_rimasti('Servono `ore_mensili_minime` ore; leggila con `parametro("ore_mensili_minime")`.')
    ['ore_mensili_minime']
    """
    senza_chiamate = re.sub(r"""(?:parametro|voce|parametro_per_date)\(\s*["'][a-z0-9_]+["']""", "",
                            _SEGNAPOSTO.sub("", testo))
    nomi = sorted(set(tabella_parametri()["nome"]), key=len, reverse=True)
    trovati = [n for n in nomi if re.search(rf"(?<![a-z0-9_]){re.escape(n)}(?![a-z0-9_])", senza_chiamate)]
    trovati += [m.group(0) for m in _SEGNAPOSTO.finditer(testo)]
    return trovati


if __name__ == "__main__":   # python -m course.lezioni CARTELLA (usato da binder/postBuild)
    for cartella in sys.argv[1:] or ["modules"]:
        print(f"Cifre delle lezioni rese in {len(rendi_cartella(cartella))} file di {cartella}")
