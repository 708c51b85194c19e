// kimon site search: filters the list of indicators on suche.html by the
// words typed (or given as ?q= in the address). No request, no storage;
// without this script the page shows the whole list.
(function () {
  "use strict";
  var form = document.getElementById("suche-form");
  var input = document.getElementById("suche-q");
  var status = document.getElementById("suche-status");
  var list = document.getElementById("suche-liste");
  if (!form || !input || !status || !list) return;
  var items = Array.prototype.slice.call(list.getElementsByTagName("li"));
  // Lower case, umlauts and accents folded: „Schüler“ finds „schueler“.
  function fold(s) {
    return s.toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue")
      .replace(/ß/g, "ss").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var texts = items.map(function (li) { return fold(li.textContent || ""); });
  function run() {
    var words = fold(input.value).split(/\s+/).filter(function (w) { return w.length > 0; });
    var hits = 0;
    items.forEach(function (li, i) {
      var match = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      li.hidden = !match;
      if (match) hits += 1;
    });
    if (words.length === 0) {
      status.textContent = "";
      return;
    }
    var text = hits === 0 ? list.dataset.none : hits === 1 ? list.dataset.one : list.dataset.many;
    status.textContent = text.replace("{n}", String(hits));
  }
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) input.value = q;
  input.addEventListener("input", run);
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  run();
})();
