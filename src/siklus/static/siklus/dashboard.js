/* PWS dashboards: the cumulative line against the monthly target (or the ranking as bars) with
   ECharts, the desa map with Leaflet (points placed by the server's layout, or the imported
   official boundaries as a choropleth), and the status colours of the settings. Data comes from
   json_script blocks; no inline script or style (the CSP forbids them), no map tiles (no network). */
(function () {
  "use strict";
  var LANG = document.documentElement.lang || "id";
  var NUM = new Intl.NumberFormat(LANG, { maximumFractionDigits: 1 });
  var NONE = "#b8c3c6";

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function readable(hex) {
    // Dark text on light colours (yellow "kurang"), white on the rest.
    var c = (hex || "").replace("#", "");
    if (c.length !== 6) return null;
    var r = parseInt(c.substr(0, 2), 16), g = parseInt(c.substr(2, 2), 16), b = parseInt(c.substr(4, 2), 16);
    return (0.299 * r + 0.587 * g + 0.114 * b) > 160 ? "#1d2a2f" : "#fff";
  }

  function colourStatuses() {
    // The colours are a setting (monitoring.status_colours); the stylesheet holds the defaults.
    document.querySelectorAll(".pws[data-colour]").forEach(function (el) {
      var colour = el.getAttribute("data-colour");
      if (!colour) return;
      el.style.backgroundColor = colour;
      el.style.color = readable(colour) || "";
    });
  }

  var chartData = null;

  function pct(v) {
    if (v === null || v === undefined) return "–";
    return NUM.format(v) + (chartData && chartData.has_denominator ? " %" : "");
  }

  function drawChart() {
    var holder = document.getElementById("dash-chart");
    if (!holder || !chartData || !window.echarts) return;
    var chart = window.echarts.init(holder, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { chart.resize(); });
    var option;
    if (chartData.kind === "line") {
      var months = chartData.months;
      option = {
        animation: false,
        grid: { left: 44, right: 12, top: 30, bottom: 28 },
        legend: { top: 0, data: [chartData.labels.value, chartData.labels.target] },
        tooltip: { trigger: "axis", valueFormatter: pct },
        xAxis: { type: "category", data: months, boundaryGap: false },
        yAxis: { type: "value", min: 0, axisLabel: { formatter: function (v) { return NUM.format(v); } } },
        series: [
          { name: chartData.labels.value, type: "line", symbolSize: 6, itemStyle: { color: "#0d7a5f" },
            lineStyle: { width: 3 }, data: chartData.values.map(function (p) { return [months[p[0] - 1], p[1]]; }) },
          { name: chartData.labels.target, type: "line", symbol: "none", itemStyle: { color: "#c62828" },
            lineStyle: { type: "dashed", width: 2 },
            data: chartData.targets.map(function (p) { return [months[p[0] - 1], p[1]]; }) }
        ]
      };
    } else {
      var bars = chartData.bars.slice().reverse();
      holder.style.height = Math.max(220, 22 * bars.length + 60) + "px";
      chart.resize();
      option = {
        animation: false,
        grid: { left: 8, right: 40, top: 10, bottom: 20, containLabel: true },
        tooltip: { trigger: "item", formatter: function (p) { return p.name + ": " + pct(p.value); } },
        xAxis: { type: "value", min: 0, axisLabel: { formatter: function (v) { return NUM.format(v); } } },
        yAxis: { type: "category", data: bars.map(function (b) { return b[0]; }),
                 axisLabel: { width: 130, overflow: "truncate" } },
        series: [{ type: "bar", barMaxWidth: 16,
                   label: { show: true, position: "right", formatter: function (p) { return NUM.format(p.value); } },
                   data: bars.map(function (b) { return { value: b[1], itemStyle: { color: b[2] || NONE } }; }) }]
      };
    }
    chart.setOption(option);
    holder.setAttribute("data-drawn", "1");
  }

  function drawMap() {
    var holder = document.getElementById("dash-map");
    var map = data("dash-map-data");
    if (!holder || !map || !window.L || !map.features.length) return;
    var L = window.L;
    var leaflet;
    var layers = [];
    function tip(f) { return f.name + ": " + pct(f.value); }
    function go(f) { return function () { window.location.href = f.url; }; }
    if (map.mode === "shapes") {
      leaflet = L.map(holder, { attributionControl: false, zoomSnap: 0.25 });
      map.features.forEach(function (f) {
        if (!f.geometry) return;
        var layer = L.geoJSON(f.geometry, { style: { color: "#fff", weight: 1, fillColor: f.colour || NONE, fillOpacity: 0.85 } });
        layer.bindTooltip(tip(f), { sticky: true });
        layer.on("click", go(f));
        layer.addTo(leaflet);
        layers.push(layer);
      });
    } else {
      // No coordinates: the server's layout, on a plain plane (not geography; the page says so).
      leaflet = L.map(holder, { crs: L.CRS.Simple, attributionControl: false, zoomSnap: 0.25, minZoom: -3 });
      map.features.forEach(function (f) {
        var marker = L.circleMarker(f.xy, { radius: 7, color: "#fff", weight: 1, fillColor: f.colour || NONE, fillOpacity: 0.95 });
        marker.bindTooltip(tip(f));
        marker.on("click", go(f));
        marker.addTo(leaflet);
        layers.push(marker);
      });
    }
    if (layers.length) leaflet.fitBounds(L.featureGroup(layers).getBounds(), { padding: [14, 14] });
    if (map.mode !== "shapes") {
      // Desa stand one unit apart: size the dots to the zoom so neighbours touch but do not hide each other.
      var fit = function () {
        var radius = Math.max(3, Math.min(9, 0.48 * Math.pow(2, leaflet.getZoom())));
        layers.forEach(function (m) { m.setRadius(radius); });
      };
      leaflet.on("zoomend", fit);
      fit();
    }
    holder.setAttribute("data-drawn", String(layers.length));
  }

  function start() {
    chartData = data("dash-chart-data");
    colourStatuses();
    drawChart();
    drawMap();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
