// Fill the time zone field with the browser's zone, and say truthfully where the field's zone came from.
// Browsers report legacy names (Asia/Calcutta, Europe/Kiev); the field carries tzdata's aliases so each is matched
// to the zone it stands for. The server validates and canonicalises the zone again.
(function () {
  "use strict";
  var field = document.getElementById("zone");
  var source = document.getElementById("zone-source");
  if (!field || !source || field.hasAttribute("data-user-chosen") || !window.Intl || !Intl.DateTimeFormat) { return; }
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { zone = ""; }
  var aliases = {};
  try { aliases = JSON.parse(field.getAttribute("data-zone-aliases") || "{}"); } catch (error) { aliases = {}; }
  var wanted = Object.prototype.hasOwnProperty.call(aliases, zone) ? aliases[zone] : zone;
  for (var i = 0; i < field.options.length; i += 1) {
    if (wanted && field.options[i].value === wanted) {
      field.value = wanted;
      source.textContent = source.getAttribute("data-from-browser");
      return;
    }
  }
  source.textContent = source.getAttribute("data-not-recognised");
}());
