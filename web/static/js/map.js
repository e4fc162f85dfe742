// Turns the server-drawn SVG maps (see web/mapsvg.go) into interactive
// Leaflet maps of the same areas, read from the GeoJSON address the map
// names. Without JavaScript, without Leaflet or when the GeoJSON cannot be
// read, the SVG stays: it is a complete map on its own. Tiles are drawn
// only when the server is configured with a tile address; the boundaries
// show either way, and their licence notice stays under the map.
(function () {
  "use strict";
  if (!window.L || !window.fetch) { return; }

  function upgrade(box) {
    var svg = box.querySelector("svg.map-svg");
    var url = box.getAttribute("data-geojson");
    if (!svg || !url) { return; }
    fetch(url, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (res) {
        if (!res.ok) { throw new Error("GeoJSON " + res.status); }
        return res.json();
      })
      .then(function (data) {
        if (!data || !data.features || !data.features.length) { return; }
        var el = document.createElement("div");
        el.className = "map-leaflet";
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", box.getAttribute("data-label") || "");
        box.insertBefore(el, svg);
        // One map, not two, for every reader: the SVG's links stay
        // reachable in the table beside the map and on each area's page.
        svg.setAttribute("hidden", "");
        try {
          draw(box, el, data);
          box.classList.add("map--interactive");
        } catch (err) {
          box.removeChild(el);
          svg.removeAttribute("hidden");
          throw err;
        }
      })
      .catch(function (err) { if (window.console) { console.warn("map: keeping the drawn map:", err); } });
  }

  function draw(box, el, data) {
    var map = L.map(el, {
      attributionControl: false, // the notice is in the caption under the map
      scrollWheelZoom: false,
      zoomSnap: 0.25,
      zoomControl: false
    });
    L.control.zoom({
      zoomInTitle: box.getAttribute("data-zoom-in") || "+",
      zoomOutTitle: box.getAttribute("data-zoom-out") || "−"
    }).addTo(map);
    var tiles = box.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18 }).addTo(map);
    }
    var layer = L.geoJSON(data, {
      style: function (f) {
        return { className: "map-area-path " + (f.properties.share_class || "map-share-0"), weight: 1.5 };
      },
      onEachFeature: function (f, lyr) {
        // A DOM text node, not a string: Leaflet reads a string as HTML.
        var tip = document.createElement("span");
        tip.textContent = f.properties.label || f.properties.name;
        lyr.bindTooltip(tip, { sticky: true });
        lyr.on("click", function () { window.location.href = f.properties.url; });
      }
    }).addTo(map);
    map.invalidateSize();
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
  }

  var maps = document.querySelectorAll(".map[data-geojson]");
  for (var i = 0; i < maps.length; i++) { upgrade(maps[i]); }
})();
