// The little the server cannot do: the theme toggle, and times in the reader's own zone and
// language. Everything works without it: times are rendered server-side in UTC.
(function () {
  var root = document.documentElement;

  function currentTheme() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function setupToggle() {
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    function show() {
      var dark = currentTheme() === "dark";
      button.setAttribute("aria-pressed", dark ? "true" : "false");
      button.textContent = dark ? "Light theme" : "Dark theme";
    }
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem("nd-theme", next); } catch (e) { /* not kept: fine */ }
      show();
    });
  }

  var UNITS = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
    ["hour", 3600], ["minute", 60]];

  function localiseTimes(scope) {
    var relative = window.Intl && Intl.RelativeTimeFormat
      ? new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }) : null;
    var absolute = new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" });
    var dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
    var dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    var nodes = (scope || document).querySelectorAll("time[data-ago]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var when = new Date(el.getAttribute("datetime"));
      if (isNaN(when.getTime())) continue;
      el.title = absolute.format(when);
      var seconds = (when.getTime() - Date.now()) / 1000;
      if (!relative || seconds > 60 || -seconds > 30 * 86400) {
        el.textContent = dateOnly.format(when);
        continue;
      }
      var text = relative.format(0, "second");
      for (var u = 0; u < UNITS.length; u++) {
        if (-seconds >= UNITS[u][1]) {
          text = relative.format(Math.round(seconds / UNITS[u][1]), UNITS[u][0]);
          break;
        }
      }
      el.textContent = text;
    }
    // Times where the hour matters (a story's timeline): date and time, in the reader's zone.
    var stamps = (scope || document).querySelectorAll("time[data-at]");
    for (var j = 0; j < stamps.length; j++) {
      var at = new Date(stamps[j].getAttribute("datetime"));
      if (isNaN(at.getTime())) continue;
      stamps[j].title = absolute.format(at);
      stamps[j].textContent = dateTime.format(at);
    }
  }

  setupToggle();
  localiseTimes(document);
  // On a phone the section tabs are one sideways-scrolling row: bring the current one into it.
  var tab = document.querySelector(".tabs [aria-current]");
  if (tab) {
    var shown = tab.getBoundingClientRect(), row = tab.closest(".tabs").getBoundingClientRect();
    if (shown.right > row.right || shown.left < row.left) {
      tab.scrollIntoView({ block: "nearest", inline: "center" });
    }
  }
  // Pages loaded by htmx (the "more articles" button) get the same treatment.
  document.addEventListener("htmx:load", function (event) { localiseTimes(event.detail.elt); });
})();
