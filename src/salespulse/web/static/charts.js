// Draws every chart of the page: an element with data-chart="ID" gets the Vega-Lite
// spec held in <script type="application/json" id="ID"> (data, never run). Vega draws
// with its CSP-safe expression interpreter (ast: true: no eval), injects no styles
// (style.css carries vega-embed's and the tooltip's), and shows no actions menu.
(function () {
  "use strict";
  function draw() {
    var charts = document.querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(charts, function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source || !window.vegaEmbed) {
        return;
      }
      var spec = JSON.parse(source.textContent);
      window
        .vegaEmbed(el, spec, {
          mode: "vega-lite",
          actions: false,
          renderer: "svg",
          ast: true,
          defaultStyle: false,
          tooltip: { disableDefaultStyle: true },
        })
        .catch(function (error) {
          el.textContent = "This chart could not be drawn.";
          console.error(error);
        });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
