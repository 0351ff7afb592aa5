// Site behaviour that works without a framework: the elder-friendly mode
// toggle (remembered across pages) and the table filters of list pages.
(function () {
  "use strict";
  var root = document.documentElement;
  var btn = document.getElementById("elder-toggle");
  function setElder(on) {
    root.classList.toggle("elder", on);
    if (btn) btn.setAttribute("aria-pressed", on ? "true" : "false");
    try { localStorage.setItem("gk-elder", on ? "1" : "0"); } catch (e) {}
  }
  if (btn) {
    btn.setAttribute("aria-pressed", root.classList.contains("elder") ? "true" : "false");
    btn.addEventListener("click", function () { setElder(!root.classList.contains("elder")); });
  }
  // Filters: a form with data-filter="TABLE_ID" and selects named after the
  // rows' data-* attributes. A row is shown when every chosen value is one of
  // the space-separated words of its attribute.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-filter]"), function (form) {
    var table = document.getElementById(form.getAttribute("data-filter"));
    if (!table) return;
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    var out = form.querySelector(".filter-count");
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && params.has(el.name)) el.value = params.get(el.name);
    });
    function apply() {
      var shown = 0, q = new URLSearchParams();
      var chosen = Array.prototype.filter.call(form.elements, function (el) { return el.name && el.value; });
      chosen.forEach(function (el) { q.set(el.name, el.value); });
      Array.prototype.forEach.call(rows, function (row) {
        var ok = chosen.every(function (el) {
          return (" " + (row.getAttribute("data-" + el.name) || "") + " ").indexOf(" " + el.value + " ") >= 0;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (out) out.textContent = "显示 " + shown + " 条，共 " + rows.length + " 条";
      var s = q.toString();
      history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    apply();
  });
})();
