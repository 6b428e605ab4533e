// Aiuti comuni alle pagine del hub in italiano (incluso da page.html).
// - ambitiLab.quando(iso): una data del hub («2026-12-07T10:00:00Z») detta in italiano, «5 minuti fa».
// - ambitiLab.avanzamento(testo): i messaggi di avvio del server che JupyterHub scrive in inglese.
// - le parti fisse della cornice di JupyterHub (finestra di errore, pulsante del menu) in italiano.
window.ambitiLab = (function () {
  "use strict";
  var relativo = new Intl.RelativeTimeFormat("it", { numeric: "auto" });
  var passi = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
               ["hour", 3600], ["minute", 60], ["second", 1]];

  function quando(iso) {
    if (!iso) { return "mai"; }
    var data = new Date(iso);
    if (isNaN(data.getTime())) { return "—"; }
    var secondi = Math.round((data.getTime() - Date.now()) / 1000);
    if (Math.abs(secondi) < 45) { return secondi <= 0 ? "adesso" : "tra pochi secondi"; }
    for (var i = 0; i < passi.length; i++) {
      if (Math.abs(secondi) >= passi[i][1]) {
        return relativo.format(Math.round(secondi / passi[i][1]), passi[i][0]);
      }
    }
    return "adesso";
  }

  var messaggi = [
    [/^Server requested$/, "Richiesta ricevuta: preparo il tuo server."],
    [/^Spawning server\.*$/, "Avvio del tuo server…"],
    [/^Server ready at .*/, "Il tuo server è pronto: ti porto alle lezioni."],
    [/^Spawn failed:?\s*(.*)$/, "L’avvio non è riuscito. Riprova tra un minuto; se succede ancora, avvisa il formatore."],
    [/^Spawn failed.*/, "L’avvio non è riuscito. Riprova tra un minuto; se succede ancora, avvisa il formatore."]
  ];

  function avanzamento(testo) {
    var pulito = String(testo || "").trim();
    for (var i = 0; i < messaggi.length; i++) {
      if (messaggi[i][0].test(pulito)) { return messaggi[i][1]; }
    }
    return null;  // un messaggio che non conosciamo (per esempio di Kubernetes): solo nel registro
  }

  document.addEventListener("DOMContentLoaded", function () {
    var menu = document.querySelector(".navbar-toggler");
    if (menu) { menu.setAttribute("aria-label", "Apri o chiudi il menu"); }
    var errore = document.getElementById("error-dialog");
    if (errore) {
      errore.querySelector(".modal-title").textContent = "Qualcosa non è andato";
      errore.querySelector(".btn-close").setAttribute("aria-label", "Chiudi");
      errore.querySelector(".modal-footer .btn").textContent = "Chiudi";
      var dettaglio = errore.querySelector(".ajax-error");
      dettaglio.textContent = "";
      // utils.ajax_error_dialog di JupyterHub scrive il motivo in inglese: lo si introduce in italiano
      new MutationObserver(function () {
        var testo = dettaglio.textContent;
        if (testo && testo.indexOf("La richiesta al hub non è riuscita") !== 0) {
          dettaglio.textContent = "La richiesta al hub non è riuscita. Ricarica la pagina e riprova; " +
            "se succede ancora, avvisa il formatore (dettaglio tecnico: " + testo + ").";
        }
      }).observe(dettaglio, { childList: true, characterData: true, subtree: true });
    }
    document.querySelectorAll("[data-quando]").forEach(function (el) {
      el.textContent = quando(el.getAttribute("data-quando"));
      var data = new Date(el.getAttribute("data-quando"));
      if (!isNaN(data.getTime())) { el.title = data.toLocaleString("it-IT"); }
    });
  });

  return { quando: quando, avanzamento: avanzamento };
})();
