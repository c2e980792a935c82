// Draws each chart of an oversight page with Apache ECharts (served from node_modules, no CDN).
// The figures come from the JSON the page embeds next to the chart; the same figures are in the
// data table beside it, which is what screen readers and printers use.
(function () {
  "use strict";
  function draw(node) {
    var data = JSON.parse(document.getElementById(node.dataset.source).textContent);
    var chart = echarts.init(node, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      grid: { left: 48, right: 16, top: 16, bottom: 64 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.values, itemStyle: { color: "#0b4f8a" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.querySelectorAll("[data-chart]").forEach(draw);
})();
