package web

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"birlik/locale"
	"birlik/network"
	"birlik/seed"
)

// Maps are drawn on the server, as inline SVG, so that they work with no
// network, no tile server and no JavaScript: each area is a path inside a
// link to its page, named by a <title>, filled by a class that says which
// share of its municipalities are members (with a hatching as well as a
// colour, so the legend does not rely on colour alone). js/map.js then
// turns the same areas, read from /places.geojson, into a Leaflet map that
// can be zoomed and panned.

// mapWidth is the width of every map's coordinate system; the height
// follows from the areas' shape.
const mapWidth = 1000.0

// shareClasses is how many fill classes the maps use: none, under a third,
// a third to two thirds, two thirds or more.
const shareClasses = 4

// mapArea is one area to draw: a place with a boundary and its figures.
type mapArea struct {
	Place          network.Place
	Municipalities int
	Members        int
}

// shareClass returns the fill class of a share of members, 0 to 3.
func shareClass(members, municipalities int) int {
	if municipalities <= 0 || members <= 0 {
		return 0
	}
	switch share := float64(members) / float64(municipalities); {
	case share < 1.0/3:
		return 1
	case share < 2.0/3:
		return 2
	}
	return 3
}

// mapView is what the map partial draws.
type mapView struct {
	ID          string // prefix of the element ids, unique on the page
	Label       string // the map's accessible name, already translated
	ViewBox     string
	Areas       []mapShape
	Legend      []legendItem
	GeoJSON     string // the address of the same areas as GeoJSON, for js/map.js
	Attribution string // the boundaries' licence notice, always shown
	TileURL     string // optional tiles for js/map.js; "" for none
	TileAttr    string
	ZoomIn      string // the map controls' names, already translated
	ZoomOut     string
}

// mapShape is one drawn area.
type mapShape struct {
	Href  string
	Class string // "map-share-N"
	Label string // already translated: the name and the figures
	D     string // the SVG path
}

type legendItem struct {
	Class string
	Label string
}

// geometry is a GeoJSON Polygon or MultiPolygon, as polygons of rings of
// [longitude, latitude] positions.
func geometry(b []byte) [][][][2]float64 {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if json.Unmarshal(b, &g) != nil {
		return nil
	}
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if json.Unmarshal(g.Coordinates, &p) != nil {
			return nil
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if json.Unmarshal(g.Coordinates, &polys) != nil {
			return nil
		}
	default:
		return nil
	}
	out := make([][][][2]float64, 0, len(polys))
	for _, poly := range polys {
		var rings [][][2]float64
		for _, ring := range poly {
			var r [][2]float64
			for _, pos := range ring {
				if len(pos) >= 2 && !math.IsNaN(pos[0]) && !math.IsNaN(pos[1]) && !math.IsInf(pos[0], 0) && !math.IsInf(pos[1], 0) {
					r = append(r, [2]float64{pos[0], pos[1]})
				}
			}
			if len(r) >= 3 {
				rings = append(rings, r)
			}
		}
		if len(rings) > 0 {
			out = append(out, rings)
		}
	}
	return out
}

// projection is an equirectangular projection whose x is scaled by the
// cosine of the middle latitude, which keeps a region the size of Marmara
// in its true proportions, fitted to mapWidth.
type projection struct {
	minLon, maxLat, kx, scale float64
}

func newProjection(shapes [][][][][2]float64) (projection, float64, bool) {
	minLon, maxLon, minLat, maxLat := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, polys := range shapes {
		for _, rings := range polys {
			for _, ring := range rings {
				for _, p := range ring {
					minLon, maxLon = math.Min(minLon, p[0]), math.Max(maxLon, p[0])
					minLat, maxLat = math.Min(minLat, p[1]), math.Max(maxLat, p[1])
				}
			}
		}
	}
	if math.IsInf(minLon, 1) || maxLon-minLon <= 0 || maxLat-minLat <= 0 {
		return projection{}, 0, false
	}
	kx := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	if kx <= 0.01 {
		kx = 0.01
	}
	scale := mapWidth / ((maxLon - minLon) * kx)
	return projection{minLon: minLon, maxLat: maxLat, kx: kx, scale: scale}, (maxLat - minLat) * scale, true
}

func (pr projection) point(p [2]float64) (x, y float64) {
	return (p[0] - pr.minLon) * pr.kx * pr.scale, (pr.maxLat - p[1]) * pr.scale
}

// path writes polygons as an SVG path, to a tenth of a unit, leaving out
// points that would land on the one before.
func (pr projection) path(polys [][][][2]float64) string {
	var b strings.Builder
	for _, rings := range polys {
		for _, ring := range rings {
			lastX, lastY := math.Inf(1), math.Inf(1)
			n := 0
			for i, p := range ring {
				x, y := pr.point(p)
				x, y = math.Round(x*10)/10, math.Round(y*10)/10
				if i > 0 && i < len(ring)-1 && math.Abs(x-lastX) < 0.5 && math.Abs(y-lastY) < 0.5 {
					continue
				}
				if n == 0 {
					b.WriteByte('M')
				} else {
					b.WriteByte('L')
				}
				b.WriteString(strconv.FormatFloat(x, 'f', -1, 64))
				b.WriteByte(' ')
				b.WriteString(strconv.FormatFloat(y, 'f', -1, 64))
				lastX, lastY = x, y
				n++
			}
			b.WriteByte('Z')
		}
	}
	return b.String()
}

// newMap draws areas; it returns nil when none has a usable boundary.
// geojson is the address of the same areas for the interactive map.
func (s *Server) newMap(l *locale.Lang, id, label, geojson string, areas []mapArea) *mapView {
	shapes := make([][][][][2]float64, len(areas))
	drawn := false
	for i, a := range areas {
		shapes[i] = geometry(a.Place.Boundary)
		drawn = drawn || len(shapes[i]) > 0
	}
	if !drawn {
		return nil
	}
	pr, height, ok := newProjection(shapes)
	if !ok {
		return nil
	}
	m := &mapView{
		ID:          id,
		Label:       label,
		ViewBox:     "0 0 " + strconv.FormatFloat(mapWidth, 'f', 0, 64) + " " + strconv.FormatFloat(math.Ceil(height), 'f', 0, 64),
		GeoJSON:     geojson,
		Attribution: seed.Attribution,
		TileURL:     s.cfg.TileURL,
		TileAttr:    s.cfg.TileAttribution,
		ZoomIn:      l.T("network.map.zoom_in"),
		ZoomOut:     l.T("network.map.zoom_out"),
	}
	for i, a := range areas {
		if len(shapes[i]) == 0 {
			continue
		}
		m.Areas = append(m.Areas, mapShape{
			Href:  "/places/" + a.Place.ID,
			Class: "map-share-" + strconv.Itoa(shareClass(a.Members, a.Municipalities)),
			Label: areaLabel(l, a),
			D:     pr.path(shapes[i]),
		})
	}
	for c := 0; c < shareClasses; c++ {
		m.Legend = append(m.Legend, legendItem{Class: "map-share-" + strconv.Itoa(c), Label: l.T("network.map.share." + strconv.Itoa(c))})
	}
	return m
}

// areaLabel names an area with its figures: "Bursa: 3 of 17
// municipalities are members".
func areaLabel(l *locale.Lang, a mapArea) string {
	return l.N("network.map.area", int64(a.Municipalities), "name", a.Place.Name, "members", a.Members)
}
