"""Il percorso di chi impara, in un browser vero, come lo farebbe un coordinatore che non ha mai programmato.

Un Lab aperto con ``ambiti-lab avvia`` (Chromium di Debian pilotato da Playwright, schermo da 1366×768):

- l'interfaccia: launcher, esplora file, notebook, menu File/Modifica/Visualizza/Esegui/Kernel con i
  loro sottomenu, menu contestuali, barre degli strumenti, barra di stato e finestre di dialogo non
  mostrano nessuna parola inglese (l'elenco delle parole cercate è qui sotto, ``PAROLE_INGLESI``);
- il giro delle lezioni 00–04: in ogni lezione gli sbagli della banca (``tests/banca_errori.py``), ognuno con
  la sua spiegazione in italiano sotto la cella; poi ogni esercizio con tre tentativi sbagliati (aiuti
  sempre più precisi), la soluzione svolta chiesta come dice il riscontro e copiata così com'è, fino al ✅;

Le fotografie finiscono in ``artefatti/percorso/`` (ignorata da git).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from avvio_lab import chromium_avviato, lab_avviato, nuova_pagina

RADICE = Path(__file__).resolve().parents[1]
FOTO = RADICE / "artefatti" / "percorso"
TOKEN = "token-del-percorso-corsista"
ATTESA_MS = 120_000
LEZIONE_00 = "00-benvenuto/00-benvenuto.ipynb"

#: Parole inglesi dell'interfaccia di JupyterLab che un corsista non deve incontrare (parole intere,
#: maiuscole comprese). Non ci sono le parole entrate nell'italiano dell'informatica e usate dal
#: pacchetto della lingua: File, Notebook, Kernel, Console, Markdown, Output, Widget, Debugger, Browser.
PAROLE_INGLESI = (
    "Run", "Cell", "Cells", "Restart", "Restarting", "Clear", "Save", "Saving", "Open", "New", "Close", "Shut",
    "Delete", "Copy", "Paste", "Cut", "Move", "Merge", "Select", "Selected", "Show", "Hide", "Modified", "Idle",
    "Busy", "Rename", "Duplicate", "Revert", "Workspace", "Workspaces", "Recent", "Print", "Trash", "Validate",
    "Success", "Change", "Settings", "Enable", "Disable", "Toggle", "Render", "trusted", "Spaces", "Export",
    "Import", "Refresh", "Reset", "Undo", "Redo", "Find", "Replace", "Launch", "Launcher", "Licenses", "Shortcuts",
    "Appearance", "Folding", "Theme", "Language", "Accept", "Discard", "Panel", "Notifications", "Starting",
    "Connecting", "Unknown", "Default", "Layout", "Skip", "Insert", "Edit", "View", "Help", "Tabs", "Upload",
    "Download", "Filter", "Name", "Size", "Created", "Untitled", "Cancel", "Yes", "Below", "Above", "Advance",
    "Sessions", "Running", "Terminals", "Go", "and", "the", "of", "to", "with", "you", "your", "want", "will",
    "are", "Do not", "Kernel status",
)
_INGLESE = re.compile(r"\b(" + "|".join(re.escape(p) for p in PAROLE_INGLESI) + r")\b")
_TASTI = re.compile(r"\b(?:Ctrl|Shift|Alt|Cmd|Meta)\+\S+")
_PERCORSI = re.compile(r"\S*/\S*")
#: Frasi inglesi che JupyterLab 4.6 scrive senza passare dalle traduzioni (nessun pacchetto della
#: lingua può tradurle): si accettano solo queste, dove compaiono, con il motivo.
NON_TRADUCIBILI = {
    "Skip to main panel": "link nascosto per chi usa la tastiera, scritto nel codice di JupyterLab",
    "Save File As…": "titolo della finestra «Salva Notebook Come…», aperta da JupyterLab senza traduttore",
    "Save": "bottone della stessa finestra «Salva Notebook Come…»",
}
# Sottomenu fatti di nomi propri (linguaggi di programmazione, temi): non sono frasi da tradurre.
SOTTOMENU_DI_NOMI = ("Evidenziazione della Sintassi",)


def parole_inglesi(testo: str) -> list[str]:
    """Le parole inglesi di un testo dell'interfaccia (le scorciatoie da tastiera non contano).

    >>> parole_inglesi("Esegui la Cella Selezionata\\tShift+Enter /tmp/of/to"), parole_inglesi("Run Selected Cell")
    ([], ['Run', 'Selected', 'Cell'])
    """
    righe = [r for r in testo.splitlines() if r.strip() not in NON_TRADUCIBILI]
    return _INGLESE.findall(_PERCORSI.sub("", _TASTI.sub("", "\n".join(righe))))


@pytest.fixture(scope="module")
def browser():
    with chromium_avviato(FOTO) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Il Lab come lo apre il corsista: ``ambiti-lab avvia --senza-browser`` in una cartella nuova."""
    lavoro = tmp_path_factory.mktemp("percorso") / "lavoro"
    # le spiegazioni degli errori devono essere accese, come per ogni corsista
    with lab_avviato(lavoro, token=TOKEN, log=lavoro.parent / "lab.log", senza=("AMBITI_LAB_SPIEGAZIONI",)) as (base, _):
        yield base, lavoro



def _testo(zona) -> str:
    """Il testo che si vede in una zona, più i suggerimenti (``title``) che compaiono passandoci sopra."""
    if zona.count() == 0:
        return ""
    parti = []
    for i in range(zona.count()):
        elemento = zona.nth(i)
        parti.append(elemento.inner_text())
        parti += elemento.evaluate(
            "e => [e, ...e.querySelectorAll('[title]')].map(x => x.getAttribute('title') || '').filter(Boolean)")
    return "\n".join(parti)


class Raccolta:
    """Le frasi viste, zona per zona, per dire dove sta ogni parola inglese."""

    def __init__(self):
        self.zone: dict[str, str] = {}

    def aggiungi(self, nome: str, testo: str) -> None:
        self.zone[nome] = self.zone.get(nome, "") + "\n" + testo

    def inglesi(self) -> dict[str, list[str]]:
        trovate = {}
        for nome, testo in self.zone.items():
            righe = [r.strip() for r in testo.replace("\t", "\n").splitlines() if r.strip()]
            cattive = sorted({r for r in righe if parole_inglesi(r)})
            if cattive:
                trovate[nome] = cattive
        return trovate


def _apri_menu(pagina, nome: str):
    pagina.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{nome}$")).first.click()
    menu = pagina.locator(".lm-Menu").last
    menu.wait_for(timeout=ATTESA_MS)
    return menu


def _chiudi_menu(pagina) -> None:
    for _ in range(3):
        if pagina.locator(".lm-Menu").count() == 0:
            return
        pagina.keyboard.press("Escape")


def _voce(pagina, menu: str, voce: str):
    """Apre ``menu`` e sceglie la voce che comincia con ``voce``."""
    _apri_menu(pagina, menu)
    pagina.locator(".lm-Menu").last.locator(".lm-Menu-item").filter(
        has=pagina.locator(".lm-Menu-itemLabel", has_text=re.compile("^" + re.escape(voce)))).first.click()


def _dialogo(pagina, raccolta: Raccolta, nome: str, foto: str | None = None) -> None:
    dialogo = pagina.locator(".jp-Dialog-content")
    dialogo.wait_for(timeout=ATTESA_MS)
    raccolta.aggiungi(f"finestra «{nome}»", _testo(dialogo))
    if foto:
        pagina.screenshot(path=str(FOTO / foto))
    pagina.keyboard.press("Escape")
    dialogo.wait_for(state="detached", timeout=ATTESA_MS)


def _attendi_kernel_pronto(pagina) -> None:
    pagina.locator("#jp-main-statusbar").get_by_text(re.compile(r"\| Inattivo")).wait_for(timeout=ATTESA_MS)


def test_il_percorso_del_corsista_e_tutto_in_italiano(browser, lab):
    base, lavoro = lab
    pagina, errori = nuova_pagina(browser, altezza=768)
    raccolta = Raccolta()

    # Il launcher e l'esplora file, come li trova chi apre il Lab per la prima volta.
    pagina.goto(f"{base}/lab?reset&token={TOKEN}")
    pagina.wait_for_selector(".jp-LauncherCard", timeout=ATTESA_MS)
    pagina.wait_for_timeout(1000)
    for nome, selettore in [("launcher", ".jp-Launcher"), ("esplora file", ".jp-FileBrowser"),
                            ("schede", "#jp-main-dock-panel .lm-TabBar"), ("barra di stato", "#jp-main-statusbar"),
                            ("barra laterale", "#jp-left-stack, .jp-SideBar")]:
        raccolta.aggiungi(nome, _testo(pagina.locator(selettore)))
    pagina.screenshot(path=str(FOTO / "launcher.png"))

    # La lezione 00: barra degli strumenti, celle, barra di stato con il kernel pronto.
    pagina.goto(f"{base}/lab/tree/{LEZIONE_00}?reset&token={TOKEN}")
    pagina.wait_for_selector(".jp-Notebook .jp-Cell", timeout=ATTESA_MS)
    _attendi_kernel_pronto(pagina)
    raccolta.aggiungi("barra del notebook", _testo(pagina.locator(".jp-NotebookPanel-toolbar")))
    cella = pagina.locator(".jp-Notebook .jp-CodeCell").first
    cella.click()
    raccolta.aggiungi("barra della cella", _testo(pagina.locator(".jp-cell-toolbar")))
    pagina.keyboard.press("Shift+Enter")
    _attendi_kernel_pronto(pagina)
    pagina.keyboard.press("Control+s")
    pagina.locator("#jp-main-statusbar").get_by_text("Salvataggio completato").wait_for(timeout=ATTESA_MS)
    raccolta.aggiungi("barra di stato del notebook", _testo(pagina.locator("#jp-main-statusbar")))
    pagina.screenshot(path=str(FOTO / "lezione-00.png"))

    # I menu della lezione, con tutti i loro sottomenu.
    for nome in ("File", "Modifica", "Visualizza", "Esegui", "Kernel"):
        raccolta.aggiungi(f"menu {nome}", _testo(_apri_menu(pagina, nome)))
        if nome == "Esegui":
            pagina.screenshot(path=str(FOTO / "menu-esegui.png"))
        principale = pagina.locator(".lm-Menu").first  # i sottomenu si aprono dopo, in fondo alla pagina
        sottomenu = principale.locator(".lm-Menu-item[data-type='submenu']")
        etichette = [e.strip() for e in sottomenu.all_inner_texts()]
        for i, etichetta in enumerate(etichette):
            if etichetta in SOTTOMENU_DI_NOMI:
                continue
            sottomenu.nth(i).hover()
            pagina.locator(".lm-Menu").nth(1).wait_for(timeout=ATTESA_MS)
            raccolta.aggiungi(f"menu {nome} → {etichetta}", _testo(pagina.locator(".lm-Menu").nth(1)))
        _chiudi_menu(pagina)

    # I menu contestuali (clic destro) sull'esplora file e su una cella.
    pagina.locator(".jp-DirListing-item").first.click(button="right")
    raccolta.aggiungi("menu contestuale dei file", _testo(pagina.locator(".lm-Menu").last))
    _chiudi_menu(pagina)
    cella.click(button="right")
    raccolta.aggiungi("menu contestuale della cella", _testo(pagina.locator(".lm-Menu").last))
    _chiudi_menu(pagina)

    # Le finestre di dialogo che un corsista incontra (tutte chiuse con Esc, senza cambiare nulla).
    _voce(pagina, "Kernel", "Riavvia Kernel…")
    _dialogo(pagina, raccolta, "riavvia il kernel", "dialogo-riavvio.png")
    _voce(pagina, "Kernel", "Riavvia Kernel, poi Cancella")
    _dialogo(pagina, raccolta, "riavvia e cancella")
    _voce(pagina, "Kernel", "Arresta Tutti i Kernel")
    _dialogo(pagina, raccolta, "arresta tutti i kernel")
    _voce(pagina, "Kernel", "Cambia Kernel")
    _dialogo(pagina, raccolta, "cambia kernel")
    _voce(pagina, "File", "Rinomina Notebook")
    _dialogo(pagina, raccolta, "rinomina")
    _voce(pagina, "File", "Salva Notebook Come")
    _dialogo(pagina, raccolta, "salva come")
    # Chiudere una scheda con modifiche non salvate.
    cella.click()
    pagina.keyboard.press("Escape")
    pagina.keyboard.press("b")
    pagina.keyboard.type("x = 1")
    _voce(pagina, "File", "Chiudi Scheda")
    _dialogo(pagina, raccolta, "chiudi senza salvare", "dialogo-chiudi.png")

    inglesi = raccolta.inglesi()
    assert not inglesi, "parole inglesi sul percorso del corsista:\n" + "\n".join(
        f"- {zona}: {', '.join(righe)}" for zona, righe in inglesi.items())
    # Il giro ha visto davvero le zone che controlla (un selettore sbagliato non passa inosservato).
    for zona, atteso in [("menu Esegui", "Esegui Tutte le Celle"), ("barra di stato del notebook", "Salvataggio completato"),
                         ("esplora file", "Modificato"), ("finestra «riavvia il kernel»", "Riavvia"),
                         ("menu File → Nuovo", "Notebook"), ("launcher", "Notebook")]:
        assert atteso in raccolta.zone.get(zona, ""), f"{zona}: non ho visto «{atteso}»"
    assert not pagina.get_by_text("Validate", exact=True).count(), "«Validate» di nbgrader non serve nelle lezioni"
    assert errori == []
    pagina.close()


# --- Il giro delle lezioni 00–04: sbagliare, farsi spiegare, chiedere aiuto, arrivare in fondo ------------------

LEZIONI_DEL_GIRO = {
    "00": "00-benvenuto/00-benvenuto.ipynb",
    "01": "01-contesto/01-contesto.ipynb",
    "02": "02-procedure-priorita/02-procedure-priorita.ipynb",
    "03": "03-indicatori/03-indicatori.ipynb",
    "04": "04-monitorare/04-monitorare.ipynb",
}
_NUMERO_DI_ESECUZIONE = re.compile(r"\[\d+\]")
_CHIAMATA_SOLUZIONE = re.compile(r'verifica\.soluzione\("([\d.]+)"\)')


def _esercizi_della_lezione(percorso: Path) -> list[str]:
    import nbformat

    codice = "\n".join(c.source for c in nbformat.read(percorso, as_version=4).cells if c.cell_type == "code")
    return list(dict.fromkeys(re.findall(r'verifica\.esercizio\(\s*"(\d\.\d+)"', codice)))


def _attendi_esecuzione(pagina, cella) -> None:
    """Aspetta che la cella abbia il suo numero di esecuzione ([7]) al posto di [*]."""
    for _ in range(ATTESA_MS // 100):
        if _NUMERO_DI_ESECUZIONE.search(cella.query_selector(".jp-InputPrompt").inner_text()):
            return
        pagina.wait_for_timeout(100)
    raise AssertionError("la cella non ha finito in tempo: " + cella.inner_text()[:300])


def _esegui_cella_nuova(pagina, codice: str):
    """Come farebbe il corsista: una cella nuova sotto quella appena eseguita, il codice, Maiusc+Invio.

    Restituisce la cella (per leggerne l'uscita). Il testo si inserisce tutto insieme, come un
    incolla: l'editor non aggiunge parentesi né rientri."""
    pagina.keyboard.press("Escape")
    pagina.keyboard.press("a")  # una cella sopra quella attiva, cioè subito dopo quella appena eseguita
    cella = pagina.locator(".jp-Notebook .jp-Cell.jp-mod-active").element_handle()
    pagina.keyboard.press("Enter")
    pagina.keyboard.insert_text(codice)
    pagina.keyboard.press("Shift+Enter")
    _attendi_esecuzione(pagina, cella)
    return cella


def _uscita(cella) -> str:
    """Il testo che si vede sotto la cella (il messaggio di Python ripiegato non si vede finché non lo apri)."""
    area = cella.query_selector(".jp-OutputArea")
    return area.inner_text() if area else ""


def test_il_giro_delle_lezioni_00_04_sbagliando_e_chiedendo_aiuto(browser, lab):
    """Il giro di «Done when» dell'issue 12: tutti gli sbagli della banca nelle loro lezioni, ognuno con la
    spiegazione in italiano, poi ogni esercizio completato solo con gli aiuti e la soluzione svolta."""
    from banca_errori import BANCA

    base, lavoro = lab
    pagina, errori = nuova_pagina(browser, altezza=768)
    raccolta = Raccolta()
    senza_guida, esercizi_fatti = [], []
    for modulo, percorso in LEZIONI_DEL_GIRO.items():
        pagina.goto(f"{base}/lab/tree/{percorso}?reset&token={TOKEN}")
        pagina.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=ATTESA_MS)
        _attendi_kernel_pronto(pagina)
        prima = pagina.locator(".jp-Notebook .jp-CodeCell").first
        prima.click()
        pagina.keyboard.press("Shift+Enter")  # la prima cella: gli strumenti del corso
        _attendi_esecuzione(pagina, prima.element_handle())

        # 1. Gli sbagli tipici di questa lezione: per ognuno la spiegazione in italiano, con il rimedio.
        for i, sbaglio in enumerate(s for s in BANCA if s.modulo == modulo):
            cella = _esegui_cella_nuova(pagina, sbaglio.codice)
            visto = _uscita(cella)
            # nel notebook i `nomi` del testo diventano codice (senza i segni `): si cercano senza
            mancano = [a for a in sbaglio.attesi if a.replace("`", "") not in visto]
            if mancano or "Come rimediare" not in visto and "Il corso ti segnala" not in visto:
                senza_guida.append(f"{modulo} «{sbaglio.nome}»: manca {mancano} in {visto[:300]!r}")
            if i == 0:
                cella.scroll_into_view_if_needed()
                pagina.screenshot(path=str(FOTO / f"giro-{modulo}-sbaglio.png"))

        # 2. Gli esercizi: tre tentativi sbagliati, aiuti sempre più precisi, poi la soluzione svolta.
        for codice in _esercizi_della_lezione(RADICE / "modules" / percorso):
            aiuti = [_uscita(_esegui_cella_nuova(pagina, f'verifica.esercizio("{codice}", 0)')) for _ in range(3)]
            assert all(f"Esercizio {codice}" in a and "✅" not in a for a in aiuti), (codice, aiuti)
            assert len(set(aiuti)) == 3, f"{codice}: l'aiuto non cambia da un tentativo all'altro: {aiuti}"
            assert "Il metodo, passo per passo" in aiuti[2], (codice, aiuti[2])
            offerta = _CHIAMATA_SOLUZIONE.search(aiuti[2])
            assert offerta and offerta.group(1) == codice, f"{codice}: al terzo tentativo manca l'offerta: {aiuti[2]}"
            svolta = _esegui_cella_nuova(pagina, offerta.group(0))  # quello che il riscontro dice di scrivere
            codice_svolto = svolta.query_selector("pre.ambiti-lab-soluzione").inner_text()
            if codice == "0.1":
                svolta.scroll_into_view_if_needed()
                pagina.screenshot(path=str(FOTO / "giro-soluzione-svolta.png"))
            finale = _uscita(_esegui_cella_nuova(pagina, codice_svolto))  # copiata com'è, al posto del tentativo
            assert "✅" in finale, f"{codice}: la soluzione svolta non prende tutti i punti: {finale[:400]}"
            esercizi_fatti.append(codice)
        pagina.screenshot(path=str(FOTO / f"giro-{modulo}-fine.png"))
        for nome, selettore in [("barra di stato", "#jp-main-statusbar"), ("barra del notebook", ".jp-NotebookPanel-toolbar"),
                                ("finestre", ".jp-Dialog")]:
            raccolta.aggiungi(f"lezione {modulo}: {nome}", _testo(pagina.locator(selettore)))

    assert not senza_guida, f"{len(senza_guida)} sbagli senza la spiegazione attesa:\n" + "\n".join(senza_guida)
    assert len([s for s in BANCA if s.modulo in LEZIONI_DEL_GIRO]) >= 30
    assert len(esercizi_fatti) >= 19, esercizi_fatti
    assert not raccolta.inglesi(), raccolta.inglesi()
    assert errori == []
    pagina.close()


def test_i_miei_dati_nel_browser(browser, lab):
    """Il quaderno «i miei dati» accanto alle lezioni: eseguito tutto, poi il menu delle colonne e «Importa»."""
    base, lavoro = lab
    assert (lavoro / "i-miei-dati.ipynb").exists(), "avvia deve copiare il quaderno accanto alle lezioni"
    pagina, errori = nuova_pagina(browser, altezza=768)
    pagina.goto(f"{base}/lab/tree/i-miei-dati.ipynb?reset&token={TOKEN}")
    pagina.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=ATTESA_MS)
    _attendi_kernel_pronto(pagina)
    pagina.locator(".jp-Notebook .jp-CodeCell").first.click()
    _apri_menu(pagina, "Esegui")
    pagina.locator(".lm-Menu").last.locator(".lm-Menu-itemLabel", has_text=re.compile("^Esegui Tutte le Celle$")).click()
    bottone = pagina.locator(".jupyter-widgets button", has_text="Importa")
    bottone.wait_for(timeout=ATTESA_MS)
    _attendi_kernel_pronto(pagina)
    assert pagina.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert pagina.get_by_text("Traceback").count() == 0
    bottone.click()
    risultato = pagina.locator(".widget-html", has_text="nessun dato è stato inviato in rete")
    risultato.wait_for(timeout=ATTESA_MS)  # il riquadro del menu, non la stampa della cella sopra
    assert "Scadenzario" in risultato.inner_text()
    risultato.scroll_into_view_if_needed()
    pagina.screenshot(path=str(FOTO / "i-miei-dati.png"))
    testo = pagina.locator(".jp-Notebook").inner_text()
    for grezzo in ("NaN", "NaT", "<NA>"):
        assert grezzo not in testo
    assert errori == []
    pagina.close()
