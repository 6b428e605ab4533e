"""Esegue un comando come farebbe un contenitore di un Pod: stessi montaggi, stessi uid e gruppi.

Si lancia da root dentro un nuovo spazio dei montaggi (``unshare --mount --propagation private``), con
il file JSON prodotto da ``tests/test_scambio_k8s.py``:

- si entra (chroot) in una radice nuova in memoria che collega le cartelle del sistema, con ``/etc``,
  ``/srv``, ``/home`` e ``/root`` «a strati» (overlay): i punti di montaggio si creano senza toccare il
  sistema;
- ogni montaggio del contenitore è un bind mount (è così che kubelet realizza ``subPath``), in sola
  lettura se ``readOnly``; i montaggi si fanno dal percorso più corto, come il runtime dei contenitori;
- poi si diventa l'utente del ``securityContext`` (``runAsUser``, ``runAsGroup``, ``fsGroup`` e
  ``supplementalGroups`` come gruppi aggiuntivi) senza possibilità di riacquistare privilegi.
"""

import json
import os
import subprocess
import sys
from pathlib import Path


def _esegui(*comando: str) -> None:
    subprocess.run(comando, check=True)


def main(percorso_spec: str) -> None:
    spec = json.loads(Path(percorso_spec).read_text())
    strati = Path(spec["strati"])
    # una radice nuova in memoria con le cartelle del sistema collegate (nessuna modifica al sistema):
    # /etc, /srv e /home a strati, così si possono aggiungere punti di montaggio
    radice = strati / "radice"
    radice.mkdir(parents=True)
    _esegui("mount", "-t", "tmpfs", "radice", str(radice))
    for voce in sorted(Path("/").iterdir()):
        if voce.is_symlink():
            (radice / voce.name).symlink_to(os.readlink(voce))
        elif voce.is_dir():
            (radice / voce.name).mkdir()
            if voce.name in ("etc", "srv", "home", "root"):
                sopra, lavoro = strati / f"{voce.name}-sopra", strati / f"{voce.name}-lavoro"
                sopra.mkdir()
                lavoro.mkdir()
                # /root (700) si attraversa: l'interprete Python dei test (pyenv) sta lì, come
                # nell'immagine del corso, dove Python è leggibile da tutti
                sopra.chmod(0o711 if voce.name == "root" else voce.stat().st_mode & 0o7777)
                _esegui("mount", "-t", "overlay", "overlay", "-o",
                        f"lowerdir={voce},upperdir={sopra},workdir={lavoro}", str(radice / voce.name))
            else:
                _esegui("mount", "--rbind", str(voce), str(radice / voce.name))
    for m in sorted(spec["montaggi"], key=lambda m: len(Path(m["destinazione"]).parts)):
        sorgente = Path(m["sorgente"])
        destinazione = radice / Path(m["destinazione"]).relative_to("/")
        if sorgente.is_dir():
            destinazione.mkdir(parents=True, exist_ok=True)
        else:
            destinazione.parent.mkdir(parents=True, exist_ok=True)
            destinazione.touch()
        _esegui("mount", "--bind", str(sorgente), str(destinazione))
        if m["sola_lettura"]:
            _esegui("mount", "-o", "remount,bind,ro", str(destinazione))
    os.chroot(radice)
    os.chdir(spec["cartella_lavoro"])
    gruppi = ",".join(str(g) for g in spec["gruppi"])
    comando = ["setpriv", f"--reuid={spec['uid']}", f"--regid={spec['gid']}",
               f"--groups={gruppi}" if gruppi else "--clear-groups",
               "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--", *spec["comando"]]
    os.execvpe(comando[0], comando, spec["ambiente"])

if __name__ == "__main__":
    main(sys.argv[1])
