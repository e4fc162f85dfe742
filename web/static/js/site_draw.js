// A small tool to draw a street site's polygons on a Leaflet map: click
// the map to add corners, a button closes the polygon, another starts the
// next one, one undoes the last corner, one clears the drawing. It writes
// the drawing as GeoJSON into the form's geometry textarea, which stays
// the form's one source of truth: without JavaScript the textarea (and
// the file upload beside it) work alone, and whatever is typed into it is
// drawn.
//
// Written for Birlik rather than taken from Leaflet.draw, which is
// unmaintained (no release since 2018) and would be a large dependency for
// the four actions a site needs.
(function () {
  "use strict";
  if (!window.L) { return; }

  // Signed area of a ring of [lon, lat] in the plane: positive when the
  // ring runs counter-clockwise, as RFC 7946 wants outer rings.
  function signedArea(ring) {
    var s = 0;
    for (var i = 0, n = ring.length; i < n; i++) {
      var a = ring[i], b = ring[(i + 1) % n];
      s += a[0] * b[1] - b[0] * a[1];
    }
    return s / 2;
  }

  function round(x) { return Math.round(x * 1e7) / 1e7; }

  function setup(box) {
    var area = box.querySelector("textarea");
    if (!area) { return; }
    var polygons = []; // each an array of rings, rings closed, [lon, lat]
    var current = [];  // the corners of the polygon being drawn

    var el = document.createElement("div");
    el.className = "site-draw__map";
    el.setAttribute("role", "region");
    el.setAttribute("aria-label", box.getAttribute("data-label") || "");
    var help = document.createElement("p");
    help.className = "field__hint";
    help.textContent = box.getAttribute("data-add") || "";
    var bar = document.createElement("div");
    bar.className = "site-draw__tools";
    var status = document.createElement("p");
    status.className = "site-draw__status";
    status.setAttribute("aria-live", "polite");
    box.insertBefore(status, box.firstChild);
    box.insertBefore(bar, box.firstChild);
    box.insertBefore(el, box.firstChild);
    box.insertBefore(help, box.firstChild);

    function button(attr, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button--secondary button--small";
      b.textContent = box.getAttribute(attr) || attr;
      b.addEventListener("click", function () { action(); render(); write(); });
      bar.appendChild(b);
      return b;
    }

    var map = L.map(el, { attributionControl: false, scrollWheelZoom: false, doubleClickZoom: false });
    var tiles = box.getAttribute("data-tiles");
    if (tiles) { L.tileLayer(tiles, { maxZoom: 20 }).addTo(map); }
    var drawn = L.layerGroup().addTo(map);
    map.setView([40.7, 29.0], 8);

    function closeCurrent() {
      if (current.length < 3) { return; }
      var ring = current.slice();
      if (signedArea(ring) < 0) { ring.reverse(); }
      ring.push(ring[0].slice());
      polygons.push([ring]);
      current = [];
    }

    button("data-close", closeCurrent);
    button("data-new", closeCurrent);
    button("data-undo", function () {
      if (current.length > 0) {
        current.pop();
      } else if (polygons.length > 0) {
        // Reopen the last polygon, without its closing corner, and take
        // its last corner away.
        var ring = polygons.pop()[0].slice(0, -1);
        ring.pop();
        current = ring;
      }
    });
    button("data-clear", function () { polygons = []; current = []; });

    function write() {
      var all = polygons.slice();
      if (all.length === 0) { area.value = ""; return; }
      var g = all.length === 1 ? { type: "Polygon", coordinates: all[0] } : { type: "MultiPolygon", coordinates: all };
      area.value = JSON.stringify(g, function (k, v) { return typeof v === "number" ? round(v) : v; });
    }

    function read() {
      polygons = [];
      var text = area.value.trim();
      if (!text || text.charAt(0) !== "{") { return; } // KML, or nothing: left as typed
      try {
        var g = JSON.parse(text);
        if (g.type === "Feature") { g = g.geometry; }
        if (g && g.type === "Polygon") { polygons = [g.coordinates]; }
        if (g && g.type === "MultiPolygon") { polygons = g.coordinates; }
      } catch (e) { polygons = []; }
    }

    function latlngs(ring) { return ring.map(function (p) { return [p[1], p[0]]; }); }

    function render() {
      drawn.clearLayers();
      polygons.forEach(function (poly) {
        L.polygon(poly.map(latlngs), { className: "site-draw__polygon", weight: 2 }).addTo(drawn);
      });
      if (current.length > 0) {
        L.polyline(latlngs(current), { className: "site-draw__line", weight: 2 }).addTo(drawn);
        current.forEach(function (p) { L.circleMarker([p[1], p[0]], { radius: 4, className: "site-draw__corner" }).addTo(drawn); });
      }
      status.textContent = (box.getAttribute("data-status") || "")
        .replace("{polygons}", String(polygons.length)).replace("{points}", String(current.length));
    }

    map.on("click", function (e) {
      current.push([e.latlng.lng, e.latlng.lat]);
      render();
    });
    function fit() {
      // The page may have moved the map's box since the map was made
      // (the header wrapping, a font arriving): measure it again, or the
      // view is fitted to a stale size and clicks land kilometres away.
      map.invalidateSize({ animate: false });
      if (drawn.getLayers().length > 0) {
        map.fitBounds(L.featureGroup(drawn.getLayers()).getBounds(), { maxZoom: 18, padding: [20, 20], animate: false });
      }
    }
    // What is typed or pasted into the textarea is drawn, and shown.
    area.addEventListener("change", function () { read(); current = []; render(); fit(); });

    read();
    render();
    var url = box.getAttribute("data-boundaries");
    if (url && window.fetch) {
      fetch(url, { credentials: "same-origin" }).then(function (res) { return res.ok ? res.json() : null; }).then(function (data) {
        if (!data) { return; }
        var b = L.geoJSON(data, { interactive: false, style: function () { return { className: "streets-province", weight: 1 }; } }).addTo(map);
        b.bringToBack();
        if (drawn.getLayers().length > 0) {
          fit();
        } else {
          // Not animated: a zoom animation still running when a pasted
          // street is fitted would end by putting this view back.
          map.invalidateSize({ animate: false });
          map.fitBounds(b.getBounds(), { animate: false });
        }
        box.setAttribute("data-ready", "");
      }).catch(function () {});
    }
    // Closing the form with a polygon still open would lose it: close it.
    var form = box.closest("form");
    if (form) { form.addEventListener("submit", function () { if (current.length >= 3) { closeCurrent(); write(); } }); }
  }

  var boxes = document.querySelectorAll(".site-draw");
  for (var i = 0; i < boxes.length; i++) { setup(boxes[i]); }
})();
