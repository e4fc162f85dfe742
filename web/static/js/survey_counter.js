// Enhances the counting form of a public-life survey
// (streets/surveys/form.html), entered on a phone in the street. The form
// works without this file: each counter is a number field. With it:
//
//   - each counter gets big − and + buttons; the new count and the running
//     total are announced politely (the #survey-announce live region);
//   - a start/stop clock fills the date and the start and stop times;
//   - the whole form is kept as a draft in localStorage on every change,
//     under the draft id of its hidden field, and put back when the form
//     is opened again (with a notice and a button to discard it). Only
//     the survey's page after a successful save forgets it: that page
//     carries #survey-saved with the draft's id. A submit that fails
//     (offline, a server error) loses nothing; a refused form (422) comes
//     back from the server with everything typed, which is kept as the
//     draft again.
(function () {
  "use strict";
  var PREFIX = "birlik.survey-draft.";
  var store = null;
  try {
    window.localStorage.setItem(PREFIX + "probe", "1");
    window.localStorage.removeItem(PREFIX + "probe");
    store = window.localStorage;
  } catch (e) {
    store = null; // private browsing or storage switched off: no drafts
  }

  // The page after a save: the draft it saved is no longer needed.
  var saved = document.getElementById("survey-saved");
  if (saved && store) {
    store.removeItem(PREFIX + saved.getAttribute("data-draft-saved"));
  }

  var form = document.getElementById("survey-form");
  if (!form) { return; }
  var scope = form.getAttribute("data-draft-scope");
  var draftField = form.elements.namedItem("draft");
  var announce = document.getElementById("survey-announce");
  var totalOut = document.getElementById("survey-total");
  var fmt = new Intl.NumberFormat(document.documentElement.lang || "tr");
  var groups = Array.prototype.slice.call(form.querySelectorAll(".counter-group"));

  // t returns the form's translated message name with {placeholders} filled.
  function t(name, vars) {
    var s = form.getAttribute("data-t-" + name) || "";
    Object.keys(vars || {}).forEach(function (k) { s = s.split("{" + k + "}").join(vars[k]); });
    return s;
  }

  function say(text) {
    // Emptied first, so that the same sentence twice is announced twice.
    announce.textContent = "";
    window.setTimeout(function () { announce.textContent = text; }, 50);
  }

  function count(input) {
    var n = parseInt(input.value, 10);
    return isNaN(n) || n < 0 ? 0 : n;
  }

  // totals writes each group's total and the people counted (the largest
  // total of a group of people: each person is tallied once per group),
  // and returns the latter.
  function totals() {
    var most = 0;
    groups.forEach(function (g) {
      var sum = 0;
      g.querySelectorAll(".counter__input").forEach(function (input) { sum += count(input); });
      g.querySelector("[data-group-total]").textContent = fmt.format(sum);
      if (g.hasAttribute("data-people")) { most = Math.max(most, sum); }
    });
    totalOut.textContent = fmt.format(most);
    return most;
  }

  // --- Counters -----------------------------------------------------------

  function button(cls, text, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "counter__btn " + cls;
    b.textContent = text;
    b.setAttribute("aria-label", label);
    return b;
  }

  form.querySelectorAll(".counter").forEach(function (c) {
    var input = c.querySelector(".counter__input");
    var label = c.querySelector("label").textContent.trim();
    var max = parseInt(input.getAttribute("max"), 10) || 100000;
    var row = document.createElement("div");
    row.className = "counter__row";
    var less = button("counter__btn--less", "\u2212", t("less", { label: label }));
    var more = button("counter__btn--more", "+", t("more", { label: label }));
    input.parentNode.insertBefore(row, input);
    row.appendChild(less);
    row.appendChild(input);
    row.appendChild(more);
    function step(by) {
      var n = Math.min(max, Math.max(0, count(input) + by));
      input.value = String(n);
      var total = totals();
      say(t("announce", { label: label, n: fmt.format(n), total: fmt.format(total) }));
      saveDraft();
    }
    less.addEventListener("click", function () { step(-1); });
    more.addEventListener("click", function () { step(1); });
  });

  // --- Clock --------------------------------------------------------------

  var clock = document.getElementById("survey-clock");
  var startButton = document.getElementById("survey-clock-start");
  var stopButton = document.getElementById("survey-clock-stop");
  var elapsed = document.getElementById("survey-clock-elapsed");
  var clockStart = 0; // ms since the epoch while the clock runs, else 0
  var ticker = 0;

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function hhmm(d) { return two(d.getHours()) + ":" + two(d.getMinutes()); }
  function isoDate(d) { return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()); }

  function tick() {
    var s = Math.max(0, Math.floor((Date.now() - clockStart) / 1000));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    elapsed.textContent = (h > 0 ? h + ":" + two(m) : String(m)) + ":" + two(s % 60);
  }

  function run(from) {
    clockStart = from;
    startButton.disabled = true;
    stopButton.disabled = false;
    tick();
    ticker = window.setInterval(tick, 1000);
  }

  function halt() {
    window.clearInterval(ticker);
    clockStart = 0;
    startButton.disabled = false;
    stopButton.disabled = true;
  }

  clock.hidden = false;
  startButton.addEventListener("click", function () {
    var now = new Date();
    form.elements.namedItem("date").value = isoDate(now);
    form.elements.namedItem("start").value = hhmm(now);
    form.elements.namedItem("stop").value = "";
    var day = form.elements.namedItem("day_kind");
    if (day.value !== "holiday") { day.value = now.getDay() === 0 || now.getDay() === 6 ? "weekend" : "weekday"; }
    run(now.getTime());
    say(t("started", { time: hhmm(now) }));
    saveDraft();
    stopButton.focus();
  });
  stopButton.addEventListener("click", function () {
    var now = new Date();
    form.elements.namedItem("stop").value = hhmm(now);
    halt();
    say(t("stopped", { time: hhmm(now) }));
    saveDraft();
    startButton.focus();
  });

  // --- Fields shown for a new study or location only ----------------------

  var dependents = Array.prototype.slice.call(form.querySelectorAll("[data-when-field]"));
  function showDependents() {
    dependents.forEach(function (d) {
      var field = document.getElementById(d.getAttribute("data-when-field"));
      var wanted = field && field.value.indexOf(d.getAttribute("data-when-prefix")) === 0;
      // A field with an error stays in sight.
      d.hidden = !wanted && !d.querySelector(".field--error");
    });
  }
  dependents.forEach(function (d) {
    var field = document.getElementById(d.getAttribute("data-when-field"));
    if (field) { field.addEventListener("change", showDependents); }
  });

  // --- Draft --------------------------------------------------------------

  function values() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.type !== "submit" && el.type !== "button" && el.type !== "file") { out[el.name] = el.value; }
    });
    return out;
  }

  function saveDraft() {
    if (!store) { return; }
    var rec = { scope: scope, saved: Date.now(), clock: clockStart, values: values() };
    try {
      store.setItem(PREFIX + draftField.value, JSON.stringify(rec));
    } catch (e) {
      // Storage full: the form itself still holds everything.
    }
  }

  // latestDraft returns the newest draft kept for this form's scope,
  // forgetting drafts older than a month (a phone may be shared).
  function latestDraft() {
    var best = null, stale = [], cutoff = Date.now() - 30 * 24 * 3600 * 1000;
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (!key || key.indexOf(PREFIX) !== 0) { continue; }
      var rec;
      try { rec = JSON.parse(store.getItem(key)); } catch (e) { rec = null; }
      if (!rec || !rec.values || !(rec.saved > cutoff)) { stale.push(key); continue; }
      if (rec.scope === scope && (!best || rec.saved > best.saved)) { best = rec; }
    }
    stale.forEach(function (key) { store.removeItem(key); });
    return best;
  }

  var notice = document.getElementById("survey-draft-notice");
  if (store && form.getAttribute("data-draft-restore") === "on") {
    var draft = latestDraft();
    if (draft) {
      Object.keys(draft.values).forEach(function (name) {
        var el = form.elements.namedItem(name);
        if (el && typeof el.value === "string") { el.value = draft.values[name]; }
      });
      if (draft.clock && !form.elements.namedItem("stop").value) { run(draft.clock); }
      notice.hidden = false;
    }
  } else if (store) {
    // A refused form shows what was typed: that is the draft now.
    saveDraft();
  }
  document.getElementById("survey-draft-discard").addEventListener("click", function () {
    if (store) { store.removeItem(PREFIX + draftField.value); }
    halt();
    form.reset(); // back to what the server sent, with a new draft id
    elapsed.textContent = "0:00";
    totals();
    showDependents();
    notice.hidden = true;
    form.elements.namedItem("date").focus();
  });

  form.addEventListener("input", function (e) {
    if (e.target.classList.contains("counter__input")) { totals(); }
    saveDraft();
  });
  form.addEventListener("change", saveDraft);
  form.addEventListener("submit", function (e) {
    saveDraft();
    if (navigator.onLine === false) {
      // Sending now would only show the browser's error page: stay, and
      // keep everything, until the connection is back.
      e.preventDefault();
      document.getElementById("survey-offline").hidden = false;
    }
  });
  window.addEventListener("online", function () { document.getElementById("survey-offline").hidden = true; });

  totals();
  showDependents();
})();
