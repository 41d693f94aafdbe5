/* The snippet partners paste into their pages:
     <script src="https://programme.example.org/static/embed.js" data-conference="SLUG" data-lang="de"
             data-title="…" async></script>
   It puts the agenda in a frame right after itself and makes the frame as tall as the agenda, trusting only
   messages that come from the frame it made and from the site this script came from.
   data-lang: "de" or "tr" (else the host page's language when it is one of them, else German);
   data-workshop: a workshop number for that workshop's agenda alone;
   data-zone: an IANA zone as a third column; without it, each reader's own zone; "none" for the reference zones only. */
(function () {
  "use strict";

  var LANGUAGES = ["de", "tr"];
  var MAX_HEIGHT = 100000;
  var script = document.currentScript;
  if (!script || !script.src || !window.URL) {
    return;
  }
  var source = new URL(script.src);
  var root = source.pathname.replace(/static\/embed\.js$/, "");
  var slug = script.getAttribute("data-conference") || "";
  if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(slug)) {
    return;
  }

  function language() {
    var asked = (script.getAttribute("data-lang") || "").toLowerCase();
    var host = (document.documentElement.lang || "").toLowerCase().split("-")[0];
    return [asked, host].filter(function (code) { return LANGUAGES.indexOf(code) !== -1; })[0] || LANGUAGES[0];
  }

  function zone() {
    var asked = script.getAttribute("data-zone");
    if (asked === "none") {
      return "";
    }
    if (!asked) {
      try {
        asked = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      } catch (error) {
        return "";
      }
    }
    // The server spells it the IANA way and leaves out a zone it does not know.
    return /^[A-Za-z][A-Za-z0-9_+\/-]{0,63}$/.test(asked) ? asked : "";
  }

  var workshop = script.getAttribute("data-workshop") || "";
  var path = root + language() + "/" + slug + "/" +
    (/^[1-9][0-9]{0,3}$/.test(workshop) ? "workshops/" + workshop + "/embed" : "embed");
  var url = new URL(path, source.origin);
  var readerZone = zone();
  if (readerZone) {
    url.searchParams.set("tz", readerZone);
  }
  var frame = document.createElement("iframe");
  var title = script.getAttribute("data-title");
  frame.src = url.href;
  frame.title = title || slug;
  frame.className = "confsched-embed";
  frame.style.display = "block";
  frame.style.width = "100%";
  frame.style.height = "30rem";
  frame.style.border = "0";
  script.parentNode.insertBefore(frame, script.nextSibling);

  window.addEventListener("message", function (event) {
    if (event.origin !== source.origin || event.source !== frame.contentWindow) {
      return;
    }
    var data = event.data;
    if (!data || data.type !== "confsched:height" || typeof data.height !== "number" || !isFinite(data.height)) {
      return;
    }
    frame.style.height = Math.max(0, Math.min(Math.ceil(data.height), MAX_HEIGHT)) + "px";
  });
})();
