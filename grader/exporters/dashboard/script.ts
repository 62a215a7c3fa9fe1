/**
 * The page's only script, inlined: sort a table by the column whose header is clicked
 * (numbers by `data-v`, text with the page language's collation; a second click reverses).
 * Plain ES2017, no library, nothing fetched.
 */
export const SORT_SCRIPT = `
(function () {
  var collator = new Intl.Collator(document.documentElement.lang || "en", { numeric: true });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.tabIndex = 0;
      var sort = function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-type") === "number";
        var key = function (tr) {
          var td = tr.cells[col];
          var v = td.hasAttribute("data-v") ? td.getAttribute("data-v") : td.textContent;
          return numeric ? Number(v) : v;
        };
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var c = numeric ? x - y : collator.compare(x, y);
          return ascending ? c : -c;
        });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
  });
})();
`;
