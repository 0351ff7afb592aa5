// Site behaviour that works without a framework: the elder-friendly mode
// toggle (remembered across pages), scroll boxes for wide tables, the
// table filters of list pages and sortable table columns. Everything here
// is an enhancement: the pages are complete and readable without JavaScript.
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
  // Other boxes that may scroll (the task chart in 适老化 mode) are named by
  // their data-label.
  Array.prototype.forEach.call(document.querySelectorAll("main .chart-box"), function (box) { boxes.push(box); });
  function fitBoxes() {
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var cap = box.querySelector("caption");
        var name = cap ? cap.textContent.trim() : box.getAttribute("data-label") || "表格";
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name + "（可左右滚动）");
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

  // Sortable tables: each column header of a table with class "sortable"
  // gets a button (so the keyboard can sort too) and aria-sort tells
  // screen readers the current order. Rows are moved, not rebuilt, so rows a
  // filter has hidden stay hidden. Headers may say how to compare:
  // data-sort="plain" compares code points (ISO dates, 索引号), otherwise
  // Chinese text is compared by the zh-Hans-CN collation (pinyin).
  // data-sort-first="descending" makes the first press sort newest first.
  // A cell's data-sort-value overrides its text; an empty value (unknown
  // date, no 索引号) always sorts last. Without JavaScript the table keeps
  // the server's order.
  var collator = window.Intl && Intl.Collator ? new Intl.Collator("zh-Hans-CN") : null;
  function textCompare(a, b) { return collator ? collator.compare(a, b) : a.localeCompare(b, "zh-Hans-CN"); }
  function plainCompare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function sortKey(cell) {
    if (!cell) return "";
    var v = cell.getAttribute("data-sort-value");
    return (v !== null ? v : cell.textContent).trim();
  }
  var isoDate = /^\d{4}-\d{2}-\d{2}$/;
  // A column without data-sort whose every value is an ISO date sorts plainly.
  function allDates(body, col) {
    var seen = false;
    for (var i = 0; i < body.rows.length; i++) {
      var k = sortKey(body.rows[i].cells[col]);
      if (k === "") continue;
      if (!isoDate.test(k)) return false;
      seen = true;
    }
    return seen;
  }
  var sortStyle = document.createElement("style");
  sortStyle.textContent = "table.sortable th>button.sort{all:unset;display:inline-flex;gap:.3em;align-items:baseline;cursor:pointer;font-weight:inherit;color:inherit}" +
    "table.sortable th>button.sort:focus{outline:3px solid var(--focus,#a34700);outline-offset:2px}";
  var sortStyleAdded = false;
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) return;
    if (!sortStyleAdded) {
      // First in <head>, so site.css can still restyle the buttons.
      document.head.insertBefore(sortStyle, document.head.firstChild);
      sortStyleAdded = true;
    }
    Array.prototype.forEach.call(body.rows, function (row, i) { row.gkOrder = i; });
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    var box = table.parentNode;
    box.parentNode.insertBefore(status, box.nextSibling);
    var headers = Array.prototype.filter.call(table.tHead.rows[0].cells, function (th) {
      return th.tagName === "TH" && th.getAttribute("scope") === "col";
    });
    headers.forEach(function (th) {
      var col = th.cellIndex;
      var name = th.textContent.trim();
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) b.appendChild(th.firstChild);
      var icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.className = "sort-icon";
      icon.textContent = "⇅";
      b.appendChild(icon);
      th.appendChild(b);
      th.setAttribute("aria-sort", "none");
      var plain = th.getAttribute("data-sort") === "plain" || (th.getAttribute("data-sort") !== "text" && allDates(body, col));
      b.addEventListener("click", function () {
        var now = th.getAttribute("aria-sort");
        var dir = now === "ascending" ? "descending" : now === "descending" ? "ascending" :
          (th.getAttribute("data-sort-first") === "descending" ? "descending" : "ascending");
        sortRows(body, col, plain ? plainCompare : textCompare, dir === "descending" ? -1 : 1);
        headers.forEach(function (h) {
          h.setAttribute("aria-sort", h === th ? dir : "none");
          h.querySelector(".sort-icon").textContent = h === th ? (dir === "ascending" ? "▲" : "▼") : "⇅";
        });
        status.textContent = "已按" + name + (dir === "ascending" ? "升序" : "降序") + "排列";
      });
    });
  });
  // sortRows orders the rows by one column; equal keys keep their server
  // order (stable in both directions), empty keys go last.
  function sortRows(body, col, cmp, sign) {
    var items = Array.prototype.map.call(body.rows, function (row) {
      return {row: row, key: sortKey(row.cells[col])};
    });
    items.sort(function (a, b) {
      if ((a.key === "") !== (b.key === "")) return a.key === "" ? 1 : -1;
      return sign * cmp(a.key, b.key) || a.row.gkOrder - b.row.gkOrder;
    });
    var frag = document.createDocumentFragment();
    items.forEach(function (it) { frag.appendChild(it.row); });
    body.appendChild(frag);
  }
})();
