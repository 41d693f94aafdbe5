/* On paper, name the day the page is printed (pages are cached, so the server cannot), in the page language. */
(function () {
  "use strict";

  var note = document.querySelector(".print-date[data-template]");
  if (!note) {
    return;
  }
  function stamp() {
    var date = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "full" }).format(new Date());
    note.textContent = note.getAttribute("data-template").replace("%(date)s", date);
  }
  stamp();
  window.addEventListener("beforeprint", stamp);
})();

/* Pre-select the reader's own time zone from the browser, once, when they have not chosen one yet.
   The picker is a plain GET form; without JavaScript it works the same, just without the guess. */
(function () {
  "use strict";

  var form = document.querySelector("form.zone-picker");
  if (!form) {
    return;
  }
  var select = form.querySelector("select[name=tz]");
  var params = new URLSearchParams(window.location.search);
  var remembered = document.cookie.split(";").some(function (entry) {
    return entry.trim().indexOf("confsched_tz=") === 0;
  });
  if (!select || params.has("tz") || remembered || select.value) {
    return; // the reader already chose, possibly "no third zone"
  }
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  var offered = Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (!zone || !offered) {
    return;
  }
  select.value = zone;
  var referenceZones = (form.getAttribute("data-reference-zones") || "").split(" ");
  if (referenceZones.indexOf(zone) !== -1) {
    return; // already one of the two columns
  }
  params.set("tz", zone);
  window.location.replace(window.location.pathname + "?" + params.toString() + window.location.hash);
})();
