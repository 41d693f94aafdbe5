// Pre-fill the time zone field with the browser's IANA zone; the server still validates it.
(function () {
  "use strict";
  var field = document.getElementById("zone");
  if (!field || !window.Intl || !Intl.DateTimeFormat) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || field.dataset.userChosen) { return; }
  for (var i = 0; i < field.options.length; i += 1) {
    if (field.options[i].value === zone) { field.value = zone; return; }
  }
}());
