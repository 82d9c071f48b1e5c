// newscrawler: typed Arabic reads right to left; "Show all columns" of the articles table
// shows every column (a plain visit opens on the readable ones).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll('input[type="search"], input[type="text"], textarea').forEach(function (el) {
    el.setAttribute("dir", "auto");
  });
});
document.addEventListener(
  "click",
  function (ev) {
    var link = ev.target.closest && ev.target.closest("a.dropdown-show-all-columns");
    if (link && link.getAttribute("href") && link.getAttribute("href") !== "#") {
      var url = new URL(link.href, location.href);
      url.searchParams.set("_all_columns", "1");
      link.href = url.toString();
    }
  },
  true
);
// A row page shows one record: drawn as a column of "name: value" pairs, not one wide row.
document.addEventListener("DOMContentLoaded", function () {
  if (!document.body.classList.contains("row")) return;
  document.querySelectorAll("table.rows-and-columns").forEach(function (table) {
    var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.getAttribute("data-column") || th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (td, i) {
        td.setAttribute("data-nc-column", names[i] || "");
      });
    });
    table.classList.add("nc-record");
  });
});
// The search query opened with no words: say what to type instead of "0 results".
document.addEventListener("DOMContentLoaded", function () {
  if (!document.body.classList.contains("query-search")) return;
  var q = new URLSearchParams(location.search).get("q");
  var empty = document.querySelector(".zero-results");
  if (empty && !(q || "").trim()) {
    empty.textContent = "Type one or more words in the box above and press Run SQL (see the examples above).";
    empty.classList.add("nc-hint");
  }
});
