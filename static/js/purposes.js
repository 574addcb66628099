/* The report form: a purpose's amount and description open only when the purpose is ticked.
   Without this script every field shows (the form works the same). A block with an error or
   with something typed opens with the page, so nothing typed is hidden. No inline script (CSP). */
(function () {
  "use strict";

  function hasInput(details) {
    var fields = details.querySelectorAll("input, textarea");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value.trim() !== "") {
        return true;
      }
    }
    return false;
  }

  var blocks = document.querySelectorAll("fieldset.purpose");
  Array.prototype.forEach.call(blocks, function (block) {
    var box = block.querySelector("input[type='checkbox']");
    var details = block.querySelector(".purpose-details");
    if (!box || !details) {
      return;
    }
    box.setAttribute("aria-controls", details.id);
    function show(open) {
      details.hidden = !open;
      box.setAttribute("aria-expanded", open ? "true" : "false");
    }
    // Focus stays on the box: ticking opens the fields right after it, next in tab order.
    box.addEventListener("change", function () {
      show(box.checked);
    });
    show(box.checked || details.hasAttribute("data-open") || hasInput(details));
  });
})();
