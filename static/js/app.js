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
