// Live re-flow for the agenda item form: as the organiser types, ask the server to lay the day out
// with the unsaved values (the same code that saving runs) and show every later start in both zones.
// Without JavaScript the "Preview the times" button does the same with a page load.
(function () {
  "use strict";
  var form = document.getElementById("item-form");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-preview-url");
  var status = document.getElementById("reflow-status");
  var timer = null;
  var pending = null;

  function refresh() {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var body = new FormData(form);
    body.set("action", "preview");
    fetch(url, {method: "POST", body: body, credentials: "same-origin", signal: pending.signal})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        // The table is replaced; the live region stays in the page and only its text changes, so screen
        // readers announce the new summary (a replaced live region is announced by none of them).
        var current = document.getElementById("agenda-preview");
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#agenda-preview");
        var summary = holder.querySelector("#reflow-summary");
        if (current && fresh) {
          current.replaceWith(fresh);
        }
        if (status && summary) {
          status.textContent = summary.textContent.replace(/\s+/g, " ").trim();
        }
      })
      .catch(function () { /* keep the last preview; the button still works */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
}());
