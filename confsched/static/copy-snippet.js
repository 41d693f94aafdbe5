/* The editor's "Copy the code" buttons: copy the snippet from its read-only field and say so. Without JavaScript
   the buttons stay hidden and the field can be selected and copied by hand. */
(function () {
  "use strict";

  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy-target]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) {
          status.textContent = status.getAttribute("data-copied");
        }
      }, function () {
        field.select();
      });
    });
  });
})();
