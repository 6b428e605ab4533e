"""Test di ``course.lezioni``: nel testo delle lezioni il corsista legge cifre, mai nomi di parametri."""

import json
from pathlib import Path

import nbformat
import pytest

from course.avvio import prepara_cartella
from course.errori import ErroreCorso
from course.lezioni import nomi_rimasti, rendi_cartella, rendi_lezione, rendi_testo
from course.parametri import parametro

RADICE = Path(__file__).resolve().parents[1]
LEZIONI = sorted((RADICE / "modules").glob("*/*.ipynb"))


def _testo_markdown(percorso_o_byte) -> list[tuple[int, str]]:
    dati = percorso_o_byte if isinstance(percorso_o_byte, bytes) else Path(percorso_o_byte).read_bytes()
    nb = nbformat.reads(dati.decode("utf-8"), as_version=4)
    return [(i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]


@pytest.mark.parametrize("lezione", LEZIONI, ids=lambda p: p.parent.name)
def test_nessun_nome_di_parametro_nel_testo_per_il_corsista(lezione):
    reso = rendi_lezione(lezione.name, lezione.read_bytes())
    rimasti = {(i, n) for i, testo in _testo_markdown(reso) for n in nomi_rimasti(testo)}
    assert not rimasti, f"{lezione.name}: nomi di parametri nel testo (cella, nome): {sorted(rimasti)}"


def test_la_copia_nella_cartella_del_corsista_rende_le_cifre(tmp_path):
    sorgente = tmp_path / "pacchetto"
    (sorgente / "01-contesto").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Almeno {{ore_mensili_minime}} ore."),
                                         nbformat.v4.new_code_cell("x = '{{ore_mensili_minime}}'")])
    nbformat.write(nb, sorgente / "01-contesto" / "lezione.ipynb")
    prepara_cartella(tmp_path / "lavoro", origine=sorgente)
    copiato = nbformat.read(tmp_path / "lavoro" / "01-contesto" / "lezione.ipynb", 4)
    assert copiato.cells[0].source == f"Almeno {parametro('ore_mensili_minime')} ore."
    assert copiato.cells[1].source == "x = '{{ore_mensili_minime}}'"   # il codice non si tocca


def test_rendi_cartella_e_idempotente(tmp_path):
    (tmp_path / "m").mkdir()
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("{{durata_red_mesi}} mesi")]),
                   tmp_path / "m" / "a.ipynb")
    assert len(rendi_cartella(tmp_path)) == 1
    assert rendi_cartella(tmp_path) == []
    assert json.loads((tmp_path / "m" / "a.ipynb").read_text())["cells"][0]["source"] in ("12 mesi", ["12 mesi"])


def test_forme_e_errori():
    assert rendi_testo("{{contributo_piano_operativo_esempio}}") == "84.940 €"
    assert rendi_testo("{{quota_minima_attivita_qualificanti|cifra}}") == "0,5"
    assert rendi_testo("{{scadenza_buone_pratiche}}") == "15/07/2023"
    assert "A.D. 403/2020" in rendi_testo("{{contributo_piano_operativo_esempio|fonte}}")
    with pytest.raises(ErroreCorso, match="forme ammesse"):
        rendi_testo("{{ore_mensili_minime|boh}}")
    with pytest.raises(ErroreCorso, match="Forse intendevi: ore_mensili_minime"):
        rendi_testo("{{ore_mensili_minme}}")


def test_il_controllo_trova_i_nomi_rimasti():
    assert nomi_rimasti("la tolleranza `tolleranza_spesa_piano_operativo`") == ["tolleranza_spesa_piano_operativo"]
    assert nomi_rimasti("{{ore_mensili_minime}}") == ["{{ore_mensili_minime}}"]
    assert nomi_rimasti('leggila con `parametro("ore_mensili_minime")`') == []


def test_nessun_nome_di_parametro_nei_testi_markdown_per_il_corsista():
    # il glossario è aperto da ogni lezione: anche lì cifre, non nomi (prima c'erano 62 e 31 a mano e i nomi)
    testi = sorted((RADICE / "modules").rglob("*.md"))
    assert testi, "nessun testo Markdown accanto alle lezioni?"
    for testo in testi:
        reso = rendi_lezione(testo.name, testo.read_bytes()).decode("utf-8")
        assert not nomi_rimasti(reso), f"{testo.name}: {nomi_rimasti(reso)}"
    glossario = rendi_lezione("glossario.md", (RADICE / "modules" / "glossario.md").read_bytes()).decode("utf-8")
    assert f"almeno {parametro('ore_mensili_minime')} ore al mese" in glossario


def test_il_sito_mostra_le_cifre_non_i_segnaposto(tmp_path):
    import sys

    sys.path.insert(0, str(RADICE / "sito"))
    try:
        from costruisci import prepara
    finally:
        sys.path.remove(str(RADICE / "sito"))
    prepara(tmp_path / "sorgente")
    for pagina in [*(tmp_path / "sorgente" / "modules").rglob("*.ipynb"), *(tmp_path / "sorgente").rglob("glossario.md")]:
        if pagina.suffix == ".ipynb":
            testi = [t for _, t in _testo_markdown(pagina)]
        else:
            testi = [pagina.read_text(encoding="utf-8")]
        rimasti = [n for t in testi for n in nomi_rimasti(t)]
        assert not rimasti, f"{pagina.name} nel sito: {rimasti}"
