"""I comandi del README per Windows: PowerShell 5.1 (Windows 10 e 11) non conosce ``&&``.

Sono gli stessi due comandi della sezione «I due comandi», scritti per PowerShell: questo test li
confronta passo per passo, così un cambiamento a uno dei due non lascia indietro l'altro.
"""

import re
from pathlib import Path

RADICE = Path(__file__).parents[1]


def _blocchi(titolo: str) -> list[str]:
    testo = (RADICE / "README.md").read_text(encoding="utf-8")
    sezione = testo.split(f"## {titolo}", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```[a-z]*\n(.*?)```", sezione, re.S)]


def _per_powershell(comando: str) -> str:
    passi = [p.strip() for p in comando.split("&&")]
    passi = [re.sub(r"^python3 ", "python ", p).replace(".venv/bin/", ".venv\\Scripts\\") for p in passi]
    return "; ".join(passi)


def test_comandi_per_powershell_senza_doppia_e_commerciale():
    windows = _blocchi("Su Windows (PowerShell)")
    assert len(windows) == 2
    for comando in windows:
        assert "&&" not in comando and "\n" not in comando and ".venv/bin" not in comando
        assert not comando.startswith("python3")


def test_sono_gli_stessi_comandi_della_sezione_principale():
    assert _blocchi("Su Windows (PowerShell)") == [_per_powershell(c) for c in _blocchi("I due comandi")]
