// Safety in the programme editor:
// - a form marked data-unsaved-guard warns before typed changes are lost, when the page is left (beforeunload) or a
//   link in it is followed; never after the form was submitted;
// - a delete or restore link marked data-confirm-dialog shows its confirmation page in a <dialog> instead of
//   navigating. Without JavaScript (or <dialog>) the link opens the same confirmation page.
(function () {
  "use strict";
  var script = document.currentScript;
  var unsavedMessage = script ? script.getAttribute("data-unsaved-message") : "";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-unsaved-guard]"));
  var submitting = false;
  var leaving = false;

  function state(form) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && name !== "action") {
        pairs.push(name + "=" + (typeof value === "string" ? value : value.name + ":" + value.size));
      }
    });
    return pairs.join("&");
  }

  // A form the server sent back after a POST (refused, or a preview without JavaScript) holds unsaved values already.
  var initial = forms.map(function (form) {
    return form.getAttribute("data-unsaved-guard") === "dirty" ? null : state(form);
  });

  function dirty() {
    return !submitting && !leaving && forms.some(function (form, index) {
      return initial[index] === null || state(form) !== initial[index];
    });
  }

  forms.forEach(function (form) {
    form.addEventListener("submit", function () { submitting = true; });
  });

  window.addEventListener("pageshow", function () { submitting = false; leaving = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  var dialogSupported = typeof window.HTMLDialogElement === "function" && window.fetch && window.DOMParser;

  function showConfirmation(link) {
    fetch(link.href, {credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var section = page.getElementById("confirmation");
        if (!section) {
          throw new Error("no confirmation");
        }
        var dialog = document.getElementById("confirm-dialog");
        if (!dialog) {
          dialog = document.createElement("dialog");
          dialog.id = "confirm-dialog";
          dialog.className = "confirm-dialog";
          dialog.setAttribute("aria-labelledby", "confirmation-heading");
          document.body.appendChild(dialog);
        }
        while (dialog.firstChild) {
          dialog.removeChild(dialog.firstChild);
        }
        dialog.appendChild(document.importNode(section, true));
        var form = dialog.querySelector("form");
        if (form) {
          form.addEventListener("submit", function () { submitting = true; });
        }
        var cancel = dialog.querySelector("[data-confirm-cancel]");
        if (cancel) {
          cancel.addEventListener("click", function (event) {
            event.preventDefault();
            dialog.close();
          });
        }
        dialog.addEventListener("close", function () { link.focus(); }, {once: true});
        dialog.showModal();
        if (cancel) {
          cancel.focus();
        }
      })
      .catch(function () {
        leaving = true;
        window.location.href = link.href;
      });
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.target === "_blank" || link.hasAttribute("download")
        || link.getAttribute("href").charAt(0) === "#") {
      return;
    }
    if (link.hasAttribute("data-confirm-dialog") && dialogSupported) {
      event.preventDefault();
      showConfirmation(link);
      return;
    }
    if (dirty()) {
      if (window.confirm(unsavedMessage)) {
        leaving = true;
      } else {
        event.preventDefault();
      }
    }
  });
}());
