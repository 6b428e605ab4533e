"""Il recinto della correzione con un ambiente Python che sta sotto /tmp.

Un clone del corso in /tmp con il suo .venv (come fa chi prova il corso in una cartella temporanea)
aveva il kernel che moriva subito: il /tmp privato del recinto copriva Python e le librerie. I percorsi
da leggere devono restare visibili anche sotto /tmp, mentre il resto di /tmp resta privato e vuoto.
"""

import subprocess
import tempfile
from pathlib import Path

import pytest

from course.valutazione.recinto import Recinto, protezioni


@pytest.fixture
def sotto_tmp():
    with tempfile.TemporaryDirectory(dir="/tmp", prefix="rc-") as d:
        radice = Path(d)
        (radice / "ambiente").mkdir()
        (radice / "ambiente" / "libreria.txt").write_text("visibile\n", encoding="utf-8")
        (radice / "segreto.txt").write_text("privato\n", encoding="utf-8")
        (radice / "lavoro").mkdir()
        radice.chmod(0o755)
        yield radice


def test_un_percorso_da_leggere_sotto_tmp_resta_visibile_e_il_resto_no(sotto_tmp):
    prot = protezioni()
    if not prot.recinto:
        pytest.skip("bubblewrap non utilizzabile qui: il recinto non c'è")
    recinto = Recinto(sotto_tmp / "lavoro", ["/usr", "/bin", "/lib", "/lib64", str(sotto_tmp / "ambiente")], None)
    try:
        comando = recinto.comando(["/bin/sh", "-c", f"cat {sotto_tmp}/ambiente/libreria.txt; "
                                   f"cat {sotto_tmp}/segreto.txt 2>/dev/null || echo nascosto; "
                                   "ls -A /tmp"], {})
        uscita = subprocess.run(comando, capture_output=True, text=True, timeout=120)
    finally:
        recinto.chiudi()
    # dentro, /tmp contiene solo la strada verso ciò che si può leggere
    assert uscita.stdout.split() == ["visibile", "nascosto", sotto_tmp.name], uscita.stderr
