/* Oman map without tiles (nothing from the internet): governorate outlines drawn from our GeoJSON,
   governorate and town names (centres/map-labels.js), every centre as a circle marker coloured by open now and
   gathered in clusters (vendored leaflet.markercluster), the results of the page above them. Options
   come from data-* attributes on the map element (data-towns: the bundled towns layer). */
(function () {
  "use strict";
  var OMAN = [[16.6, 51.9], [26.45, 59.9]];

  function readJSON(id) {
    var node = id && document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function popup(name, url, label) {
    var box = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = name;
    box.appendChild(strong);
    if (url) {
      box.appendChild(document.createElement("br"));
      var link = document.createElement("a");
      link.href = url;
      link.textContent = label;
      box.appendChild(link);
    }
    return box;
  }

  function init(el) {
    var d = el.dataset;
    var map = L.map(el, { preferCanvas: true, attributionControl: false, minZoom: 5, maxZoom: 17, zoomSnap: 0.25 });
    map.fitBounds(OMAN);
    map.createPane("outline").style.zIndex = 350;
    map.createPane("results").style.zIndex = 650;  // the page's own centres above every cluster
    var openLabel = d.openLabel || "";
    var centreUrl = d.centreUrl || "/centres/0/";
    var url = function (id) { return centreUrl.replace("/0/", "/" + id + "/"); };

    fetch(d.outline).then(function (r) { return r.json(); }).then(function (geo) {
      L.geoJSON(geo, {
        pane: "outline",
        style: { color: "#8a1538", weight: 1, opacity: 0.7, fillColor: "#f7f3ec", fillOpacity: 1 },
        onEachFeature: function (feature, layer) {
          var name = document.documentElement.lang === "ar" ? feature.properties.name_ar : feature.properties.name;
          layer.bindTooltip(name, { sticky: true, direction: "top" });
        }
      }).addTo(map);
      if (window.sanadMapLabels) { window.sanadMapLabels.governorates(map, geo); }
    });
    if (window.sanadMapLabels) { window.sanadMapLabels.towns(map, d.towns); }

    if (d.points) {
      fetch(d.points, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); }).then(function (body) {
        var ar = document.documentElement.lang === "ar";
        var group = L.markerClusterGroup ? L.markerClusterGroup({
          showCoverageOnHover: false,
          maxClusterRadius: 45,
          disableClusteringAtZoom: 12,
          iconCreateFunction: function (cluster) {
            var n = cluster.getChildCount();
            var inner = document.createElement("div");
            inner.textContent = n;
            return L.divIcon({ html: inner, className: "centre-cluster" + (n >= 50 ? " cluster-large" : ""), iconSize: L.point(40, 40) });
          }
        }) : L.layerGroup();
        body.centres.forEach(function (c) {
          var open = c.open === true;  // open now: green; closed now: grey (the legend's colours)
          group.addLayer(L.circleMarker([c.latitude, c.longitude], { radius: 4, color: open ? "#14613f" : "#7d8582", weight: 1, fillColor: open ? "#1f8a5b" : "#a3aaa7", fillOpacity: 0.9 })
            .bindPopup(popup(ar ? c.name_ar : c.name_en, url(c.id), openLabel)));
        });
        group.addTo(map);
        if (d.countTarget) {
          var target = document.getElementById(d.countTarget);
          if (target) { target.textContent = body.count; }
        }
        if (d.openTarget && typeof body.open === "number") {
          var openTarget = document.getElementById(d.openTarget);
          if (openTarget) { openTarget.textContent = body.open; }
        }
      });
    }

    var results = readJSON(d.results) || [];
    var bounds = [];
    results.forEach(function (c) {
      L.circleMarker([c.lat, c.lon], { pane: "results", radius: 8, color: "#ffffff", weight: 2, fillColor: c.open === false ? "#8c8c8c" : "#0b6e4f", fillOpacity: 1 })
        .bindPopup(popup(c.name, c.url || url(c.id), openLabel)).addTo(map);
      bounds.push([c.lat, c.lon]);
    });

    var point = readJSON(d.point);
    if (point) {
      L.circleMarker([point.lat, point.lon], { pane: "results", radius: 9, color: "#ffffff", weight: 3, fillColor: "#8a1538", fillOpacity: 1 })
        .bindTooltip(d.pointLabel || "").addTo(map);
      bounds.push([point.lat, point.lon]);
    }
    if (bounds.length === 1) {
      map.setView(bounds[0], 10);  // its town and the neighbouring towns and centres around it
    } else if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
    }

    if (d.pickForm) {
      var form = document.getElementById(d.pickForm);
      map.on("click", function (e) {
        form.querySelector("[name=lat]").value = e.latlng.lat.toFixed(5);
        form.querySelector("[name=lon]").value = e.latlng.lng.toFixed(5);
        form.submit();
      });
    }
  }

  function locate(button) {
    var form = document.getElementById(button.dataset.form);
    var status = document.getElementById(button.dataset.status);
    if (!navigator.geolocation) {
      status.textContent = button.dataset.unsupported;
      return;
    }
    status.textContent = button.dataset.locating;
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(5);
      form.querySelector("[name=lon]").value = pos.coords.longitude.toFixed(5);
      form.submit();
    }, function () {
      status.textContent = button.dataset.denied;
    }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 });
  }

  function filterWilayats(select) {
    var target = document.getElementById(select.dataset.wilayats);
    if (!target) { return; }
    var code = select.value;
    Array.prototype.forEach.call(target.querySelectorAll("optgroup"), function (group) {
      var show = !code || group.dataset.governorate === code;
      group.hidden = !show;
      group.disabled = !show;
    });
    var chosen = target.options[target.selectedIndex];
    if (chosen && chosen.parentNode.disabled) { target.value = ""; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-oman-map]"), init);
    Array.prototype.forEach.call(document.querySelectorAll("[data-locate]"), function (button) {
      button.addEventListener("click", function () { locate(button); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-wilayats]"), function (select) {
      select.addEventListener("change", function () { filterWilayats(select); });
      filterWilayats(select);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-clear-point]"), function (button) {
      button.addEventListener("click", function () {
        var form = document.getElementById(button.dataset.clearPoint);
        form.querySelector("[name=lat]").value = "";
        form.querySelector("[name=lon]").value = "";
        form.submit();
      });
    });
  });
})();
