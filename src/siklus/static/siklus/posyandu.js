// Posyandu day: keyboard flow through the entry grid, the sasaran filter, print. No inline code (CSP).
(function () {
  "use strict";

  function fields(form) {
    return Array.prototype.filter.call(form.querySelectorAll("input:not([type=hidden]), select, button.save"),
      function (el) { return !el.disabled; });
  }

  function firstField(row) {
    var form = row && row.querySelector("form.measure");
    var list = form ? fields(form) : [];
    return list.length ? list[0] : null;
  }

  // Enter moves to the next field of the row (Tab does too, natively); on the last one it saves.
  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key !== "Enter" || !el.form || !el.form.classList.contains("measure")) return;
    if (el.tagName === "BUTTON") return;  // Enter on Simpan saves
    event.preventDefault();
    var list = fields(el.form);
    var next = list[list.indexOf(el) + 1];
    if (next) next.focus();
  });

  // After a row is saved, go on with the next person's first field.
  document.addEventListener("htmx:afterSwap", function (event) {
    var row = event.detail.target;
    if (!row || !row.classList || !row.classList.contains("prow")) return;
    row = document.getElementById(row.id) || row;  // the swapped-in element
    if (row.querySelector(".error, .msg.warning")) {
      var bad = row.querySelector(".invalid input") || firstField(row);
      if (bad) bad.focus();
      return;
    }
    if (!row.classList.contains("saved")) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll(".prow:not(.phead)"));
    var next = rows[rows.indexOf(row) + 1];
    var field = next ? firstField(next) : null;
    if (field) field.focus();
  });

  // Arriving at #p-<id> (after "Hadir"): start typing in that row.
  function focusHash() {
    var row = location.hash && document.getElementById(location.hash.slice(1));
    var field = row ? firstField(row) : null;
    if (field) field.focus();
  }

  // The search box filters the sasaran list as one types (the server finds walk-ins).
  function filterList(input) {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    document.querySelectorAll("ul.sasaran li").forEach(function (li) {
      var name = li.getAttribute("data-name") || "";
      li.hidden = !words.every(function (w) { return name.indexOf(w) >= 0; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusHash();
    var search = document.getElementById("walkin-q");
    if (search) search.addEventListener("input", function () { filterList(search); });
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  });
})();
