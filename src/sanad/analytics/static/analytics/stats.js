/* Statistics pages: the map of Oman coloured by governorate (bundled boundaries, no tiles), wilayats
   as circles, monthly trend and governorate charts (vendored Chart.js), and sortable tables. */
(function () {
  "use strict";
  var ar = document.documentElement.lang === "ar";
  var PALETTE = ["#f3ece0", "#e4cfb0", "#d3a77f", "#bf7a57", "#a34b3f", "#8a1538"];
  var MAROON = "#8a1538", GREEN = "#4f7868";
  var fmt = new Intl.NumberFormat("en-US");

  function data() {
    var node = document.getElementById("stats-data");
    return node ? JSON.parse(node.textContent) : {};
  }
  function name(row) { return ar ? row.name_ar : row.name_en; }
  function value(row) { return row.cases_per_1000 != null ? row.cases_per_1000 : row.cases; }
  // The scale runs from the lowest governorate to the highest (not from 0), so that governorates
  // whose figures are close still get different colours.
  function colour(v, min, max) {
    if (v == null) { return PALETTE[0]; }
    if (max <= min) { return PALETTE[Math.floor(PALETTE.length / 2)]; }
    var i = Math.min(PALETTE.length - 1, Math.max(0, Math.floor(((v - min) / (max - min)) * (PALETTE.length - 1) + 0.5)));
    return PALETTE[i];
  }
  function figure(v) { return Math.abs(v) < 10 && v % 1 ? v.toFixed(2) : fmt.format(Math.round(v)); }

  function map(el, d) {
    if (!window.L) { return; }
    var m = L.map(el, { attributionControl: false, zoomControl: true, minZoom: 5, maxZoom: 10, zoomSnap: 0.25 });
    m.fitBounds([[16.6, 51.9], [26.45, 59.9]]);
    var byCode = {}, values = [];
    (d.by_governorate || []).forEach(function (g) { byCode[g.code] = g; if (value(g) != null) { values.push(value(g)); } });
    var min = values.length ? Math.min.apply(null, values) : 0, max = values.length ? Math.max.apply(null, values) : 0;
    fetch(el.dataset.outline).then(function (r) { return r.json(); }).then(function (geo) {
      L.geoJSON(geo, {
        style: function (f) {
          var g = byCode[f.id];
          return { color: "#fff", weight: 1.2, fillOpacity: g ? 0.9 : 0.25, fillColor: g ? colour(value(g), min, max) : "#ddd" };
        },
        onEachFeature: function (f, layer) {
          var g = byCode[f.id];
          if (!g) { layer.bindTooltip(ar ? f.properties.name_ar : f.properties.name); return; }
          var text = "<strong>" + name(g) + "</strong><br>" + fmt.format(g.cases) + " " + el.dataset.casesLabel +
            (g.cases_per_1000 != null ? "<br>" + g.cases_per_1000 + " " + el.dataset.perLabel : "") +
            "<br>" + fmt.format(g.centres_licensed) + " " + el.dataset.centresLabel;
          layer.bindTooltip(text, { sticky: true });
        }
      }).addTo(m);
      if (window.sanadMapLabels) { window.sanadMapLabels.governorates(m, geo, { below: 11 }); }
      var wmax = 0;
      (d.by_wilayat || []).forEach(function (w) { wmax = Math.max(wmax, w.cases || w.centres_licensed || 0); });
      (d.by_wilayat || []).forEach(function (w) {
        var size = w.cases || w.centres_licensed || 0;
        if (!size) { return; }
        L.circleMarker([w.latitude, w.longitude], {
          radius: 3 + 12 * Math.sqrt(size / (wmax || 1)), color: GREEN, weight: 1, fillColor: "#7a9c8c", fillOpacity: 0.55
        }).bindTooltip("<strong>" + name(w) + "</strong><br>" + fmt.format(w.cases) + " " + el.dataset.casesLabel +
          (w.cases_per_1000 != null ? "<br>" + w.cases_per_1000 + " " + el.dataset.perLabel : "") +
          "<br>" + fmt.format(w.centres_licensed) + " " + el.dataset.centresLabel).addTo(m);
      });
    });
    if (window.sanadMapLabels) { window.sanadMapLabels.towns(m, el.dataset.towns, { seatsFrom: 7, allFrom: 8 }); }
    var legend = document.getElementById("stats-legend");
    if (legend) {
      PALETTE.forEach(function (c, i) {
        var s = document.createElement("span"); s.className = "swatch"; s.style.background = c; legend.appendChild(s);
        if (i === 0 || i === PALETTE.length - 1) {
          var t = document.createElement("span"); t.textContent = figure(i === 0 ? min : max); legend.appendChild(t);
        }
      });
    }
  }

  function charts(d) {
    if (!window.Chart) { return; }
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    var trend = document.getElementById("trend-chart");
    if (trend && d.by_month) {
      new Chart(trend, {
        type: "line",
        data: {
          labels: d.by_month.map(function (r) { return r.month; }),
          datasets: [
            { label: trend.dataset.casesLabel, data: d.by_month.map(function (r) { return r.cases; }), borderColor: MAROON, backgroundColor: "rgba(138,21,56,.12)", fill: true, tension: 0.3 },
            { label: trend.dataset.completedLabel, data: d.by_month.map(function (r) { return r.completed; }), borderColor: GREEN, backgroundColor: "rgba(79,120,104,.1)", fill: false, tension: 0.3 }
          ]
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { reverse: ar }, y: { beginAtZero: true, position: ar ? "right" : "left" } }, plugins: { legend: { rtl: ar } } }
      });
    }
    var gov = document.getElementById("governorate-chart");
    if (gov && d.by_governorate) {
      var rows = d.by_governorate.slice().sort(function (a, b) { return b.cases - a.cases; });
      new Chart(gov, {
        type: "bar",
        data: { labels: rows.map(name), datasets: [{ label: gov.dataset.label, data: rows.map(function (r) { return r.cases; }), backgroundColor: MAROON }] },
        options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { x: { reverse: ar }, y: { beginAtZero: true, position: ar ? "right" : "left" } } }
      });
    }
    var bars = document.querySelectorAll("canvas[data-series]");
    bars.forEach(function (c) {
      var series = JSON.parse(c.dataset.series);
      new Chart(c, {
        type: c.dataset.kind || "bar",
        data: { labels: series.labels, datasets: series.datasets.map(function (s, i) { return { label: s.label, data: s.data, backgroundColor: i ? "#c9b79c" : MAROON, borderColor: i ? "#c9b79c" : MAROON }; }) },
        options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { reverse: ar }, y: { beginAtZero: true, position: ar ? "right" : "left" } }, plugins: { legend: { rtl: ar } } }
      });
    });
  }

  function sortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      th.tabIndex = 0;
      function sort() {
        var body = table.tBodies[0];
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index], y = b.cells[index];
          if (!x || !y) { return 0; }
          var vx = x.dataset.v !== undefined ? x.dataset.v : x.textContent.trim();
          var vy = y.dataset.v !== undefined ? y.dataset.v : y.textContent.trim();
          var nx = parseFloat(vx), ny = parseFloat(vy);
          var cmp = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : (isNaN(nx) && !isNaN(ny) ? -1 : (!isNaN(nx) && isNaN(ny) ? 1 : vx.localeCompare(vy, ar ? "ar" : "en")));
          return asc ? cmp : -cmp;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  }

  function wilayatFollowsGovernorate() {
    var gov = document.getElementById("f-gov"), wil = document.getElementById("f-wil");
    if (!gov || !wil) { return; }
    function apply() {
      Array.prototype.forEach.call(wil.options, function (o) { if (o.value) { o.hidden = !!gov.value && o.dataset.governorate !== gov.value; } });
      if (wil.selectedOptions[0] && wil.selectedOptions[0].hidden) { wil.value = ""; }
    }
    gov.addEventListener("change", apply);
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var d = data();
    var el = document.getElementById("stats-map");
    if (el) { map(el, d); }
    charts(d);
    document.querySelectorAll("table.sortable").forEach(sortable);
    wilayatFollowsGovernorate();
  });
})();
