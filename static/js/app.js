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
