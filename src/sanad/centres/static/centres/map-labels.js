/* Place names on our tile-less maps of Oman: governorate names over their shapes, and the main town
   of every wilayat (bundled: static/geo/oman-towns.geojson, see static/geo/SOURCES.md) as a dot with
   its name, in the page's language. Names appear as the map is zoomed in, so they never pile up:
   governorates at national zoom, governorate seats from zoom 7, every wilayat town from zoom 8.
   Used by centres/map.js and analytics/stats.js: window.sanadMapLabels.governorates(map, geojson)
   and window.sanadMapLabels.towns(map, url). */
(function () {
  "use strict";
  var ar = function () { return document.documentElement.lang === "ar"; };

  function label(latlng, text, className) {
    var span = document.createElement("span");
    span.textContent = text;
    return L.marker(latlng, {
      icon: L.divIcon({ className: "map-label " + className, html: span, iconSize: null }),
      interactive: false,
      keyboard: false
    });
  }

  // Labels that would overlap one already shown are hidden (governorates first, then seats, then
  // the other towns, in the order they were added); zooming in brings them back.
  function declutter(map) {
    var shown = [];
    var spans = map.getContainer().querySelectorAll(".map-label span");
    var ordered = Array.prototype.slice.call(spans).sort(function (a, b) { return rank(a) - rank(b); });
    ordered.forEach(function (span) {
      span.style.visibility = "";
      var box = span.getBoundingClientRect();
      var clash = shown.some(function (o) {
        return box.left < o.right + 2 && box.right > o.left - 2 && box.top < o.bottom && box.bottom > o.top;
      });
      if (clash) { span.style.visibility = "hidden"; } else { shown.push(box); }
    });
  }
  function rank(span) {
    var c = span.parentNode.className;
    return c.indexOf("map-label-governorate") >= 0 ? 0 : (c.indexOf("map-label-seat") >= 0 ? 1 : 2);
  }
  function watch(map) {
    if (map._sanadDeclutter) { return; }
    map._sanadDeclutter = true;
    map.on("zoomend moveend", function () { declutter(map); });
  }

  function zoomed(map, layer, test) {
    function apply() {
      if (test(map.getZoom())) { if (!map.hasLayer(layer)) { layer.addTo(map); } }
      else if (map.hasLayer(layer)) { map.removeLayer(layer); }
      declutter(map);
    }
    watch(map);
    map.on("zoomend", apply);
    apply();
  }

  function governorates(map, geo, options) {
    var group = L.layerGroup();
    L.geoJSON(geo).eachLayer(function (layer) {
      var p = layer.feature.properties;
      var name = ar() ? (p.name_ar || "").replace(/^محافظة\s+/, "") : p.name;
      group.addLayer(label(layer.getBounds().getCenter(), name, "map-label-governorate"));
    });
    var below = (options && options.below) || 8;
    zoomed(map, group, function (z) { return z < below; });
    return group;
  }

  function towns(map, url, options) {
    if (!url) { return; }
    var seatsFrom = (options && options.seatsFrom) || 7, allFrom = (options && options.allFrom) || 8;
    fetch(url).then(function (r) { return r.json(); }).then(function (geo) {
      var seats = L.layerGroup(), others = L.layerGroup();
      geo.features.forEach(function (f) {
        var latlng = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
        var name = ar() ? f.properties.name_ar : f.properties.name;
        var target = f.properties.seat ? seats : others;
        target.addLayer(L.circleMarker(latlng, { radius: 2.5, color: "#3d3d3d", weight: 1, fillColor: "#ffffff", fillOpacity: 1, interactive: false }));
        target.addLayer(label(latlng, name, f.properties.seat ? "map-label-town map-label-seat" : "map-label-town"));
      });
      zoomed(map, seats, function (z) { return z >= seatsFrom; });
      zoomed(map, others, function (z) { return z >= allFrom; });
    });
  }

  window.sanadMapLabels = { governorates: governorates, towns: towns };
})();
