/* A button that copies the text of the field it names (data-copy) to the clipboard, and
   then shows its "copied" note (data-copied). Without the clipboard the button stays hidden
   and the field can be selected and copied by hand. */
(function () {
  "use strict";

  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var note = document.querySelector("[data-copied='" + button.dataset.copy + "']");
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (note) {
          note.hidden = false;
        }
      });
    });
  });
})();
