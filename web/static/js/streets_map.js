// Turns the server-drawn map of street sites (see web/street_map.go) into
// an interactive Leaflet map of the same sites, read from the GeoJSON
// address the map names (/streets/sites.geojson with the page's filter),
// over the provinces' boundaries (/places.geojson), so that the map still
// shows its places with no tile server. A site is drawn as its outline
// and as a marker at its centre whose colour AND shape say its phase, as
// on the drawn map and in its legend. Without JavaScript, without Leaflet
// or when the GeoJSON cannot be read, the drawn SVG stays: it is a
// complete map on its own, and the table under it lists every site.
(function () {
  "use strict";
  if (!window.L || !window.fetch) { return; }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (res) {
        if (!res.ok) { throw new Error("GeoJSON " + res.status); }
        return res.json();
      });
  }

  function upgrade(box) {
    var svg = box.querySelector("svg.map-svg");
    var sitesURL = box.getAttribute("data-sites");
    if (!svg || !sitesURL) { return; }
    Promise.all([getJSON(sitesURL), getJSON(box.getAttribute("data-boundaries") || "/places.geojson")])
      .then(function (both) {
        var sites = both[0], boundaries = both[1];
        var el = document.createElement("div");
        el.className = "map-leaflet";
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", box.getAttribute("data-label") || "");
        box.insertBefore(el, svg);
        svg.setAttribute("hidden", "");
        try {
          draw(box, el, sites, boundaries);
          box.classList.add("map--interactive");
        } catch (err) {
          box.removeChild(el);
          svg.removeAttribute("hidden");
          throw err;
        }
      })
      .catch(function (err) { if (window.console) { console.warn("streets map: keeping the drawn map:", err); } });
  }

  function markerIcon(phase) {
    // The shapes are the page's own <symbol>s (partials/streets.html).
    return L.divIcon({
      className: "streets-marker",
      iconSize: [16, 16],
      html: '<svg class="streets-swatch streets-phase-' + phase + '" viewBox="0 0 12 12" aria-hidden="true" focusable="false">' +
        '<use href="#streets-mk-' + phase + '" width="12" height="12"/></svg>'
    });
  }

  function draw(box, el, sites, boundaries) {
    var map = L.map(el, { attributionControl: false, scrollWheelZoom: false, zoomSnap: 0.25, zoomControl: false });
    L.control.zoom({
      zoomInTitle: box.getAttribute("data-zoom-in") || "+",
      zoomOutTitle: box.getAttribute("data-zoom-out") || "−"
    }).addTo(map);
    var tiles = box.getAttribute("data-tiles");
    if (tiles) { L.tileLayer(tiles, { maxZoom: 19 }).addTo(map); }
    var provinces = L.geoJSON(boundaries, {
      interactive: false,
      style: function () { return { className: "streets-province", weight: 1 }; }
    }).addTo(map);
    var icons = {};
    var outlines = L.geoJSON(sites, {
      style: function (f) { return { className: "streets-outline-path streets-phase-" + (f.properties.phase_index || 0), weight: 2 }; }
    }).addTo(map);
    var markers = L.layerGroup().addTo(map);
    (sites.features || []).forEach(function (f) {
      var p = f.properties || {};
      if (!p.centroid) { return; }
      var phase = p.phase_index || 0;
      icons[phase] = icons[phase] || markerIcon(phase);
      // The table under the map is the keyboard's way to the sites: 3,000
      // markers in the tab order would be a trap, not a help.
      var m = L.marker([p.centroid[1], p.centroid[0]], { icon: icons[phase], keyboard: false });
      // Text, never markup: the names are typed by people (Leaflet would
      // read a string as HTML).
      m.bindTooltip(function () {
        var tip = document.createElement("span");
        tip.textContent = p.name + " · " + p.municipality + " · " + p.phase_label;
        return tip;
      });
      m.on("click", function () { window.location.href = p.url; });
      m.addTo(markers);
    });
    map.invalidateSize();
    var bounds = outlines.getBounds();
    if (!bounds.isValid()) { bounds = provinces.getBounds(); }
    map.fitBounds(bounds, { padding: [12, 12], maxZoom: 16 });
  }

  var maps = document.querySelectorAll(".streets-map[data-sites]");
  for (var i = 0; i < maps.length; i++) { upgrade(maps[i]); }
})();
