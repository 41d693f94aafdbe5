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

/* Add the reader's own time zone from the browser, once, when they have not chosen one yet.
   The browser's name is handed to the server as the remembered zone (the cookie the picker also sets): the server
   knows every legacy name browsers report (Asia/Calcutta, Europe/Kiev) and the zone each stands for, and adds a
   column only for a zone that is not already one of the reference zones. The address keeps no ?tz=.
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
  if (!zone || zone.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-\/]*$/.test(zone)) {
    return;
  }
  var offered = Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (offered) {
    select.value = zone;
  }
  var referenceZones = (form.getAttribute("data-reference-zones") || "").split(" ");
  if (referenceZones.indexOf(zone) !== -1) {
    return; // already one of the columns under this very name
  }
  document.cookie = "confsched_tz=" + zone + "; path=/; max-age=31536000; samesite=lax" +
    (window.location.protocol === "https:" ? "; secure" : "");
  window.location.reload();
})();
