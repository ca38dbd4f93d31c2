// Runs in <head> before the page paints, so a reader who chose a theme never sees the other
// one flash. No choice stored: the stylesheet follows prefers-color-scheme.
(function () {
  try {
    var chosen = localStorage.getItem("nd-theme");
    if (chosen === "light" || chosen === "dark") document.documentElement.dataset.theme = chosen;
  } catch (e) { /* storage blocked: follow the system */ }
})();
