/* Growth charts of the person page: the child's points (with the N/T/O/B of each weighing)
   drawn against the WHO curves (static/siklus/who-curves.json, cached by the browser).
   One chart at a time, chosen with the tabs; no inline script (the CSP forbids it). */
(function () {
  "use strict";
  // KMS colours: the red lines at ±3 and ±2 SD, the green median, the orange +1 SD referral line.
  var LINE = { "-3": "#8e1b12", "-2": "#d93b2b", "0": "#2e7d32", "1": "#ef8a00", "2": "#d93b2b", "3": "#8e1b12" };
  var POINT = { naik: "#2e7d32", "tidak-naik": "#d93b2b", rujuk: "#b3261e", lain: "#5d6b70" };

  function start() {
    var holder = document.getElementById("growth-chart");
    var data = document.getElementById("growth-data");
    var tabs = document.querySelector(".growth .tabs");
    if (!holder || !data || !tabs || !window.echarts) return;
    var growth = JSON.parse(data.textContent);
    var chart = window.echarts.init(holder, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { chart.resize(); });
    fetch(tabs.getAttribute("data-curves"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (curves) {
        var buttons = tabs.querySelectorAll("button[data-chart]");
        function show(button) {
          buttons.forEach(function (b) {
            var on = b === button;
            b.classList.toggle("on", on);
            b.setAttribute("aria-selected", on ? "true" : "false");
          });
          draw(chart, growth, curves, button);
          holder.setAttribute("data-shown", button.getAttribute("data-chart"));
        }
        buttons.forEach(function (b) { b.addEventListener("click", function () { show(b); }); });
        show(tabs.querySelector("button.on") || buttons[0]);
      });
  }

  function draw(chart, growth, curves, button) {
    var name = button.getAttribute("data-chart");
    var index = name === "wflh" ? growth.wflh_curve : name;
    var curve = curves[growth.sex][index];
    var points = (growth.points[name] || []).filter(function (p) {
      // Weight-for-length takes the lying measurements, weight-for-height the standing ones.
      return name !== "wflh" || !p.method || p.method === (index === "wfl" ? "l" : "h");
    });
    var series = Object.keys(curve.lines).sort(function (a, b) { return a - b; }).map(function (z) {
      return {
        type: "line", name: (z > 0 ? "+" : "") + z + " SD", showSymbol: false, silent: true,
        lineStyle: { width: z === "0" ? 2 : 1.2, color: LINE[z], type: z === "1" ? "dashed" : "solid" },
        itemStyle: { color: LINE[z] },
        data: curve.x.map(function (x, i) { return [x, curve.lines[z][i]]; })
      };
    });
    // The x range: the curve around the child's points (a newborn's chart is not 6 years wide).
    var xs = points.map(function (p) { return p.x; });
    var lo = Math.min.apply(null, xs.concat([curve.x[curve.x.length - 1]]));
    var hi = Math.max.apply(null, xs.concat([curve.x[0]]));
    var xmin = Math.max(curve.x[0], Math.floor(lo - (index === "wfl" || index === "wfh" ? 5 : 2)));
    var xmax = Math.min(curve.x[curve.x.length - 1], Math.ceil(hi + (index === "wfl" || index === "wfh" ? 5 : 3)));
    if (!points.length) { xmin = curve.x[0]; xmax = curve.x[curve.x.length - 1]; }
    series.push({
      type: "line", name: button.textContent, z: 10, symbol: "circle", symbolSize: 7,
      lineStyle: { color: "#1d2a2f", width: 1.5 },
      // N is the green of the point; T, O, B and the referrals are written beside it (KMS).
      label: { show: name === "wfa", formatter: function (p) { return p.data.code === "N" ? "" : (p.data.code || ""); },
               position: "top", fontSize: 10, color: "#1d2a2f" },
      data: points.map(function (p) {
        return { value: [p.x, p.y], code: p.code, date: p.date, status: p.status,
                 itemStyle: { color: POINT[p.kind] || "#1d2a2f" } };
      })
    });
    chart.setOption({
      animation: false,
      grid: { left: 44, right: 12, top: 16, bottom: 44 },
      tooltip: { trigger: "item", formatter: function (p) {
        if (!p.data || !p.data.date) return "";
        return p.data.date + "<br>" + p.data.value[1] + (p.data.code ? " · " + p.data.code : "") +
          (p.data.status ? "<br>" + p.data.status : "");
      } },
      xAxis: { type: "value", min: xmin, max: xmax, name: button.getAttribute("data-x"), nameLocation: "middle", nameGap: 26 },
      yAxis: { type: "value", scale: true, name: button.getAttribute("data-y"), nameLocation: "end", nameGap: 6,
               nameTextStyle: { align: "left" } },
      series: series
    }, true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
