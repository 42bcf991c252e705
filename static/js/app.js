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

// Escape closes the in-place form the keyboard is in, without saving, and gives the focus back to what opened
// it: an "Add ..." summary folds its <details>; a form htmx swapped into a row is taken out again.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape" || !event.target.closest) return;
  var form = event.target.closest("form.edit-form");
  if (!form) return;
  var details = form.closest("details.edit");
  if (details) {
    details.open = false;
    var summary = details.querySelector("summary");
    if (summary) summary.focus();
    event.preventDefault();
    return;
  }
  var slot = form.parentElement;
  if (!slot || !slot.id) return;
  var opener = document.querySelector('[hx-target="#' + slot.id + '"]');
  slot.innerHTML = "";
  if (opener) opener.focus();
  event.preventDefault();
});
