// The scoring page's sector filter: with JavaScript the rows of other sectors are hidden at once
// (their inputs stay in the form, so nothing typed is lost); without it the "Lọc" button reloads
// the page with ?nganh=<sector> and the server hides them.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.getElementById("sector-select");
  if (!select) { return; }
  select.addEventListener("change", function () {
    var code = select.value;
    document.querySelectorAll("tr.score-row").forEach(function (row) {
      row.hidden = code !== "" && row.dataset.sector !== code;
    });
    var url = new URL(window.location.href);
    if (code) { url.searchParams.set("nganh", code); } else { url.searchParams.delete("nganh"); }
    window.history.replaceState(null, "", url);
  });
});
