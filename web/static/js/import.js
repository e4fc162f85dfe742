// Follows a large import's background work on its status page (loaded on
// that page only): asks the server every second how far the work has gone,
// shows the numbers in the page's polite live region and bar, and loads the
// page again once the work has ended, which then shows the report. The page
// works without this file: its Refresh link does the same by hand.
(function () {
  "use strict";
  var text = document.querySelector("[data-job-progress]");
  if (!text || !window.fetch) { return; }
  var url = text.getAttribute("data-job-progress");
  var bar = document.getElementById("job-bar");
  var started = document.getElementById("job-started");

  function show(j) {
    // Only changes are written, so that screen readers announce news only.
    if (text.textContent !== j.text) { text.textContent = j.text; }
    if (started && started.textContent !== j.started) { started.textContent = j.started; }
    if (j.total > 0) {
      bar.max = j.total;
      bar.value = j.done;
      bar.textContent = j.percent;
    } else {
      bar.removeAttribute("value"); // not known yet: a bar that moves without a value
      bar.textContent = "";
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin" })
      .then(function (res) {
        if (!res.ok) {
          // Gone, or signed out: the page itself says so.
          window.location.reload();
          return null;
        }
        return res.json();
      })
      .then(function (j) {
        if (!j) { return; }
        if (!j.running) {
          window.location.reload();
          return;
        }
        show(j);
        setTimeout(poll, 1000);
      }, function () {
        // The network or the server is away for a moment: ask again later.
        setTimeout(poll, 5000);
      });
  }

  setTimeout(poll, 1000);
})();
