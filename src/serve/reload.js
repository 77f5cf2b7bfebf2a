// Added by `meetcal serve` to the pages it serves, never to a built site:
// reloads the page when the site is rebuilt.
(function () {
  "use strict";
  var script = document.currentScript;
  var since = (script && script.getAttribute("data-generation")) || "";
  var events = new EventSource("/__meetcal/reload?since=" + encodeURIComponent(since));
  events.onmessage = function () {
    events.close();
    window.location.reload();
  };
})();
