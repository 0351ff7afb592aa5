// Site behaviour that works without a framework: the elder-friendly mode
// toggle (remembered across pages), scroll boxes for wide tables and the
// table filters of list pages. Everything here is an enhancement: the pages
// are complete and readable without JavaScript.
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
  // Wide tables: each table in the main content sits in a box that scrolls
  // sideways on its own, so a phone never scrolls the whole page. A box
  // that actually scrolls becomes a named, focusable region, so keyboard
  // users can scroll it too (WCAG 2.1.1); one that fits stays out of the
  // tab order.
  var boxes = [];
  Array.prototype.forEach.call(document.querySelectorAll("main table:not(.meta-block)"), function (table) {
    var box = table.parentNode;
    if (!box.classList || !box.classList.contains("table-scroll")) {
      box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    boxes.push(box);
  });
  function fitBoxes() {
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var cap = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (cap ? cap.textContent.trim() : "表格") + "（可左右滚动）");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  fitBoxes();
  window.addEventListener("resize", fitBoxes);
  if (btn) btn.addEventListener("click", fitBoxes);

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
