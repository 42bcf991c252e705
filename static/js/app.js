// After htmx swaps a form in, put the keyboard focus where the user needs it:
// the first field with an error, else the first field of a form that was just opened.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  var invalid = document.querySelector("form [aria-invalid=true]");
  var first = target.isConnected && target.querySelector("input:not([type=hidden]), select, textarea");
  var field = invalid || first;
  if (field) field.focus();
});

// A form that undoes something (deleting an endpoint, replacing its secret) asks first.
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});

// "Print the pack": the browser's own print, with the print stylesheet (static/css/app.css, @media print).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) window.print();
});

// A new release's slug, proposed from its name as the server would (Release slug_for): "June 2022 SEC Release"
// becomes "june-2022". Once someone types in the slug field, it is theirs and the name no longer changes it.
function slugFor(name) {
  return name
    .replace(/\s*\bSEC\s+Release\s*$/i, "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, "")
    .trim()
    .replace(/[\s-]+/g, "-")
    .slice(0, 60)
    .replace(/^-+|-+$/g, "");
}

function proposeSlugs(root) {
  root.querySelectorAll("input[data-slug-source]").forEach(function (name) {
    var slug = document.getElementById("id_" + name.getAttribute("data-slug-source"));
    if (!slug || name.dataset.slugReady) return;
    name.dataset.slugReady = "1";
    var proposed = slug.value === "" || slug.value === slugFor(name.value);
    slug.addEventListener("input", function () { proposed = slug.value === ""; });
    name.addEventListener("input", function () { if (proposed) slug.value = slugFor(name.value); });
  });
}

// Tables marked data-sortable sort by a column when its header button is pressed (ascending, then
// descending), and say so with aria-sort. Without JS the headers stay plain text and the server's order
// stands. A cell's data-sort-value (an ISO date, say) sorts in place of its text; empty cells go last; a
// row of class "edit-row" stays under the row it edits.
function sortValue(row, column) {
  var cell = row.children[column];
  if (!cell) return "";
  var value = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent;
  return value.replace(/\s+/g, " ").trim();
}

function asNumber(text) {
  var plain = text.replace(/[£,+]/g, "").replace(/ days?$/, "");
  return plain !== "" && !isNaN(plain) ? parseFloat(plain) : null;
}

// A date as the pages write it, "12 Jun 2020" or "Friday 12 June 2020": its time, to sort by; else null.
var MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
function asDate(text) {
  var match = /^(?:[A-Z][a-z]+ )?(\d{1,2}) ([A-Z][a-z]{2})[a-z]* (\d{4})\b/.exec(text);
  if (!match) return /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(text) : null;
  var month = MONTHS.indexOf(match[2].toLowerCase());
  return month < 0 ? null : Date.UTC(+match[3], month, +match[1]);
}

function compareValues(a, b) {
  var empty = function (v) { return v === "" || v === "—" || v === "not set" || v === "not stated"; };
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
  var d = asDate(a), e = asDate(b);
  if (d !== null && e !== null) return d - e;
  var x = asNumber(a), y = asNumber(b);
  if (x !== null && y !== null) return x - y;
  return a.localeCompare(b, "en-GB", { numeric: true, sensitivity: "base" });
}

function sortTable(table, column, header) {
  var body = table.tBodies[0];
  if (!body) return;
  var groups = [];
  Array.prototype.forEach.call(body.rows, function (row) {
    if (row.classList.contains("edit-row") && groups.length) groups[groups.length - 1].push(row);
    else groups.push([row]);
  });
  var descending = header.getAttribute("aria-sort") === "ascending";
  groups.sort(function (g, h) {
    var order = compareValues(sortValue(g[0], column), sortValue(h[0], column));
    return descending ? -order : order;
  });
  groups.forEach(function (group) { group.forEach(function (row) { body.appendChild(row); }); });
  table.querySelectorAll("thead th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
  header.setAttribute("aria-sort", descending ? "descending" : "ascending");
}

function makeSortable(root) {
  root.querySelectorAll("table[data-sortable]").forEach(function (table) {
    if (table.dataset.sortReady || !table.tHead || !table.tBodies[0] || table.tBodies[0].rows.length < 2) return;
    table.dataset.sortReady = "1";
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, column) {
      if (!th.textContent.trim() || th.textContent.trim() === "Edit") return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortTable(table, column, th); });
    });
  });
}

function enhance(root) {
  proposeSlugs(root);
  makeSortable(root);
}

document.addEventListener("DOMContentLoaded", function () { enhance(document); });
document.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });

// Escape (or Cancel) closes the in-place form the keyboard is in, without saving, and gives the focus back to
// what opened it: an "Add ..." summary folds its <details>; a form htmx swapped into a row is taken out again.
// Without JavaScript, Cancel is a plain link back to the release page.
function closeInlineForm(form) {
  var details = form.closest("details.edit");
  if (details) {
    details.open = false;
    var summary = details.querySelector("summary");
    if (summary) summary.focus();
    return true;
  }
  var slot = form.parentElement;
  if (!slot || !slot.id) return false;
  var opener = document.querySelector('[hx-target="#' + slot.id + '"]');
  if (!opener) return false;
  slot.innerHTML = "";
  opener.focus();
  return true;
}

document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape" || !event.target.closest) return;
  var form = event.target.closest("form.edit-form");
  if (form && closeInlineForm(form)) event.preventDefault();
});

document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("form.edit-form .actions a");
  if (link && closeInlineForm(link.closest("form"))) event.preventDefault();
});

// On a phone a stacked table hides its header row, and with it the sort buttons and links: a "Sort by"
// list above the table offers the same columns (CSS shows it only at phone width).
var sortByCount = 0;
function offerSortBy(root) {
  root.querySelectorAll("table.stack").forEach(function (table) {
    if (table.dataset.sortByReady || !table.tHead) return;
    var controls = Array.prototype.filter.call(table.tHead.rows[0].cells, function (th) {
      return th.querySelector("button.sort, a.sort");
    });
    if (controls.length < 2) return;
    table.dataset.sortByReady = "1";
    var id = "sort-by-" + ++sortByCount;
    var wrapper = document.createElement("p");
    wrapper.className = "sort-by";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Sort by";
    var select = document.createElement("select");
    select.id = id;
    var none = document.createElement("option");
    none.value = "";
    none.textContent = "As listed";
    select.appendChild(none);
    controls.forEach(function (th, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = th.textContent.replace(/[↕▲▼]/g, "").trim();
      if (th.getAttribute("aria-sort") === "ascending" || th.getAttribute("aria-sort") === "descending") {
        option.textContent += th.getAttribute("aria-sort") === "ascending" ? " (ascending)" : " (descending)";
        option.selected = true;
      }
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      if (select.value === "") return;
      var control = controls[+select.value].querySelector("button.sort, a.sort");
      control.click();
    });
    wrapper.appendChild(label);
    wrapper.appendChild(select);
    var box = table.closest(".table-scroll") || table;
    box.parentNode.insertBefore(wrapper, box);
  });
}
document.addEventListener("DOMContentLoaded", function () { offerSortBy(document); });
document.addEventListener("htmx:load", function (event) { offerSortBy(event.detail.elt); });
