(function () {
  "use strict";
  var form = document.getElementById("filters");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  if (form) {
    form.hidden = false;
    var shown = document.getElementById("shown");
    var apply = function () {
      var q = form.q.value.toLowerCase(), n = 0;
      items.forEach(function (li) {
        var d = li.dataset;
        var ok = ["layer", "severity", "scope", "accepted"].every(function (k) {
          return !form[k].value || d[k] === form[k].value;
        }) && (!q || li.textContent.toLowerCase().indexOf(q) >= 0);
        li.hidden = !ok;
        if (ok) { n += 1; }
      });
      shown.textContent = n + " of " + items.length + " shown";
    };
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var down = th.getAttribute("aria-sort") === "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[col];
          var v = cell.dataset.sort || cell.textContent.trim();
          return isNaN(parseFloat(v)) ? v.toLowerCase() : parseFloat(v);
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var c = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
          return down ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var reveal = function () {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  };
  window.addEventListener("hashchange", reveal);
  reveal();
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  if (navigator.clipboard) {
    document.querySelectorAll("code.fix").forEach(function (code) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the fix command");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(code.textContent).then(function () { button.textContent = "Copied"; });
      });
      code.after(" ", button);
    });
  }
}());
