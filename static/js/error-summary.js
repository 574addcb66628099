/* After a failed submit the error summary takes focus, so a keyboard or screen reader user
   hears what went wrong first. Each link in it moves focus to its field, with the field's
   label or legend scrolled into view above it. */
(function () {
  "use strict";

  var summary = document.getElementById("error-summary");
  if (!summary) {
    return;
  }
  summary.focus();

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) {
      return;
    }
    event.preventDefault();
    var context = field.closest("fieldset, [id^='div_']") || field;
    context.scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
