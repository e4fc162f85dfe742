// Small enhancements only: every page works without this file.
(function () {
  "use strict";
  // Move focus to a form's error summary so that screen reader and
  // keyboard users start from the list of problems.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // Forms marked data-confirm ask before submitting (deactivate, revoke…).
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
})();
