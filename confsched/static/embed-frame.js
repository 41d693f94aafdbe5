/* Inside the embedded agenda: tell the snippet on the partner's page how tall this page is, whenever that changes.
   The height goes only to the origins the organiser listed (the same ones the policy lets frame this page). */
(function () {
  "use strict";

  var script = document.currentScript;
  var origins = (script && script.getAttribute("data-parent-origins") || "").split(" ").filter(Boolean);
  if (window.parent === window || !origins.length) {
    return;
  }
  var lastHeight = -1;

  function postHeight() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === lastHeight) {
      return;
    }
    lastHeight = height;
    origins.forEach(function (origin) {
      window.parent.postMessage({ type: "confsched:height", height: height }, origin);
    });
  }

  if (window.ResizeObserver) {
    new ResizeObserver(postHeight).observe(document.documentElement);
  }
  window.addEventListener("load", postHeight);
  postHeight();
})();
