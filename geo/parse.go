package geo

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Parse reads a geometry from a GeoJSON or KML document, telling them
// apart by content: a Polygon or MultiPolygon, a Feature holding one, or
// a FeatureCollection whose features are polygons (merged into one
// MultiPolygon); in KML, the Polygons of its Placemarks, in
// MultiGeometries or not. Anything else is an *Error.
//
// Parse also tidies what drawing tools commonly produce: it drops a
// position repeated right after itself, and turns rings to the winding
// RFC 7946 asks for (outer boundaries counter-clockwise, holes
// clockwise). Re-orienting rather than refusing follows RFC 7946 §3.1.6
// ("parsers SHOULD NOT reject Polygons that do not follow the right-hand
// rule"): KML has no rule most tools keep and older GeoJSON had none, so
// refusing would turn away most honest files while the winding carries no
// meaning a ring's place does not already give (the first ring is the
// outer boundary). A hole given before its outer boundary is still
// refused, by Validate. Parse checks only that the document can be read
// and is not too big; call Validate on the result.
func Parse(b []byte) (orb.MultiPolygon, error) {
	b, err := trimDocument(b)
	if err != nil {
		return nil, err
	}
	var m orb.MultiPolygon
	if b[0] == '<' {
		m, err = parseKML(b)
	} else {
		m, err = parseGeoJSON(b)
	}
	if err != nil {
		return nil, err
	}
	if err := checkCount(m); err != nil {
		return nil, err
	}
	return tidy(m), nil
}

// ParseLocation reads the place of a public-life count: a LineString (a
// screenline people cross) or a Polygon (an area people stay in), from
// GeoJSON, bare or in a Feature. The returned geometry is an
// orb.LineString or orb.Polygon, tidied as Parse tidies and checked as
// Validate checks (without a region): a line needs two distinct
// positions in range.
func ParseLocation(b []byte) (orb.Geometry, error) {
	b, err := trimDocument(b)
	if err != nil {
		return nil, err
	}
	if b[0] != '{' {
		return nil, errorf("geo.error.format")
	}
	o, err := decodeJSON(b)
	if err != nil {
		return nil, err
	}
	if o.Type == "Feature" {
		if o.Geometry == nil {
			return nil, errorf("geo.error.empty")
		}
		o = o.Geometry
	}
	switch o.Type {
	case "LineString":
		var raw [][]float64
		if err := json.Unmarshal(o.Coordinates, &raw); err != nil {
			return nil, errorf("geo.error.json", "line", 1)
		}
		if len(raw) > MaxVertices {
			return nil, errorf("geo.error.too_many_vertices", "count", len(raw), "max", MaxVertices)
		}
		l := make(orb.LineString, 0, len(raw))
		for i, pos := range raw {
			if len(pos) < 2 {
				return nil, errorf("geo.error.line_position", "vertex", i+1, "count", len(pos))
			}
			p := orb.Point{pos[0], pos[1]}
			switch checkPoint(p) {
			case "geo.error.not_finite":
				return nil, errorf("geo.error.line_not_finite", "vertex", i+1, "point", pointText(p))
			case "geo.error.longitude":
				return nil, errorf("geo.error.line_longitude", "vertex", i+1, "point", pointText(p))
			case "geo.error.latitude":
				return nil, errorf("geo.error.line_latitude", "vertex", i+1, "point", pointText(p))
			}
			if len(l) == 0 || l[len(l)-1] != p {
				l = append(l, p)
			}
		}
		if len(l) < 2 {
			return nil, errorf("geo.error.line_short")
		}
		return l, nil
	case "Polygon":
		m, err := geometryPolygons(o, 0)
		if err != nil {
			return nil, err
		}
		if err := checkCount(m); err != nil {
			return nil, err
		}
		m = tidy(m)
		if err := Validate(m, nil); err != nil {
			return nil, err
		}
		return m[0], nil
	case "":
		return nil, errorf("geo.error.format")
	default:
		return nil, errorf("geo.error.location_type", "type", o.Type)
	}
}

// trimDocument checks the size of a document and drops what may come
// before its first character (a byte-order mark, blank lines).
func trimDocument(b []byte) ([]byte, error) {
	if len(b) > MaxBytes {
		return nil, errorf("geo.error.too_large", "max", MaxBytes>>20)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return nil, errorf("geo.error.empty")
	}
	if b[0] != '{' && b[0] != '<' {
		return nil, errorf("geo.error.format")
	}
	return b, nil
}

// jsonObject is any GeoJSON object, decoded once: the fields a type does
// not have stay empty.
//
// Positions are decoded here rather than by orb/geojson, which reads a
// position into a [2]float64 and so turns [29.1] into 29.1, 0 without a
// word; a user must hear which position lacks its latitude.
type jsonObject struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
	Geometry    *jsonObject     `json:"geometry"`
	Features    []jsonObject    `json:"features"`
}

func decodeJSON(b []byte) (*jsonObject, error) {
	var o jsonObject
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, errorf("geo.error.json", "line", jsonErrorLine(b, err))
	}
	return &o, nil
}

// jsonErrorLine is the line of b where decoding failed, 1 when the error
// does not say.
func jsonErrorLine(b []byte, err error) int {
	var offset int64
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	}
	offset = min(max(offset, 0), int64(len(b)))
	return bytes.Count(b[:offset], []byte("\n")) + 1
}

func parseGeoJSON(b []byte) (orb.MultiPolygon, error) {
	o, err := decodeJSON(b)
	if err != nil {
		return nil, err
	}
	switch o.Type {
	case "Feature":
		if o.Geometry == nil {
			return nil, errorf("geo.error.empty")
		}
		return geometryPolygons(o.Geometry, 0)
	case "FeatureCollection":
		var m orb.MultiPolygon
		for i, f := range o.Features {
			if f.Geometry == nil {
				return nil, errorf("geo.error.feature_type", "feature", i+1, "type", "null")
			}
			if t := f.Geometry.Type; t != "Polygon" && t != "MultiPolygon" {
				return nil, errorf("geo.error.feature_type", "feature", i+1, "type", t)
			}
			fm, err := geometryPolygons(f.Geometry, len(m))
			if err != nil {
				return nil, err
			}
			m = append(m, fm...)
		}
		if len(m) == 0 {
			return nil, errorf("geo.error.empty")
		}
		return m, nil
	default:
		return geometryPolygons(o, 0)
	}
}

// geometryPolygons decodes a Polygon or MultiPolygon geometry; first is
// the number of polygons before it, so that messages count across the
// features of a collection.
func geometryPolygons(o *jsonObject, first int) (orb.MultiPolygon, error) {
	var raw [][][][]float64
	switch o.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(o.Coordinates, &p); err != nil {
			return nil, errorf("geo.error.coordinates", "polygon", first+1)
		}
		raw = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(o.Coordinates, &raw); err != nil {
			return nil, errorf("geo.error.coordinates", "polygon", first+1)
		}
	case "":
		return nil, errorf("geo.error.format")
	default:
		return nil, errorf("geo.error.type", "type", o.Type)
	}
	if len(raw) == 0 {
		return nil, errorf("geo.error.empty")
	}
	m := make(orb.MultiPolygon, len(raw))
	for i, rp := range raw {
		if len(rp) == 0 {
			return nil, errorf("geo.error.polygon_empty", "polygon", first+i+1)
		}
		m[i] = make(orb.Polygon, len(rp))
		for j, rr := range rp {
			r := make(orb.Ring, len(rr))
			for k, pos := range rr {
				if len(pos) < 2 {
					return nil, errorf("geo.error.position", "polygon", first+i+1, "ring", j+1, "vertex", k+1, "count", len(pos))
				}
				r[k] = orb.Point{pos[0], pos[1]}
			}
			m[i][j] = r
		}
	}
	return m, nil
}

// parseKML reads the Polygons of a KML document, wherever they sit
// (Document, Folder, Placemark, MultiGeometry): a token walk rather than
// struct decoding, because KML nests them to any depth.
func parseKML(b []byte) (orb.MultiPolygon, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var (
		m        orb.MultiPolygon
		poly     orb.Polygon // the Polygon being read; poly[0] is its outer ring once read
		inPoly   bool
		boundary string // "outerBoundaryIs", "innerBoundaryIs" or ""
		inRing   bool
		text     []byte // the coordinates being read
		inCoords bool
		other    string // the first other geometry met, to name it if no polygon is found
		count    int    // positions read, to stop early on a huge document
		rings    int
		line     int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			l, _ := d.InputPos()
			var syntax *xml.SyntaxError
			if errors.As(err, &syntax) {
				l = syntax.Line
			}
			return nil, errorf("geo.error.kml", "line", l)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Polygon":
				if inPoly {
					return nil, errorf("geo.error.kml", "line", lineOf(d))
				}
				inPoly, poly = true, orb.Polygon{nil}
			case "outerBoundaryIs", "innerBoundaryIs":
				boundary = t.Name.Local
			case "LinearRing":
				inRing = true
			case "coordinates":
				inCoords, text, line = inPoly && inRing && boundary != "", text[:0], lineOf(d)
			case "Point", "LineString", "Track", "Model":
				if !inPoly && other == "" {
					other = t.Name.Local
				}
			}
		case xml.CharData:
			if inCoords {
				text = append(text, t...)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "coordinates":
				if !inCoords {
					continue
				}
				inCoords = false
				r, err := kmlRing(text, line)
				if err != nil {
					return nil, err
				}
				// A ring's closing position is no vertex of its own.
				if count, rings = count+len(r), rings+1; count > MaxVertices+rings {
					return nil, errorf("geo.error.too_many_vertices", "count", count-rings, "max", MaxVertices)
				}
				switch {
				case boundary == "innerBoundaryIs":
					poly = append(poly, r)
				case poly[0] == nil:
					poly[0] = r
				default: // a second outer boundary
					return nil, errorf("geo.error.kml", "line", line)
				}
			case "LinearRing":
				inRing = false
			case "outerBoundaryIs", "innerBoundaryIs":
				boundary = ""
			case "Polygon":
				if !inPoly {
					continue
				}
				if poly[0] == nil {
					return nil, errorf("geo.error.kml", "line", lineOf(d))
				}
				m, inPoly = append(m, poly), false
			}
		}
	}
	if len(m) == 0 {
		if other != "" {
			return nil, errorf("geo.error.type", "type", other)
		}
		return nil, errorf("geo.error.empty")
	}
	return m, nil
}

func lineOf(d *xml.Decoder) int {
	l, _ := d.InputPos()
	return l
}

// kmlRing reads KML coordinates: "lon,lat[,alt]" tuples separated by
// white space. Spaces around the commas, which some tools write, are
// allowed.
func kmlRing(text []byte, line int) (orb.Ring, error) {
	fields := strings.Fields(joinCommas(string(text)))
	r := make(orb.Ring, 0, len(fields))
	for _, f := range fields {
		parts := strings.Split(f, ",")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, errorf("geo.error.kml_coordinates", "line", line)
		}
		var p orb.Point
		for i := range 2 {
			v, err := strconv.ParseFloat(parts[i], 64)
			if err != nil {
				return nil, errorf("geo.error.kml_coordinates", "line", line)
			}
			p[i] = v
		}
		r = append(r, p)
	}
	return r, nil
}

// joinCommas removes white space next to commas, so "29.1, 41.0" reads as
// one tuple.
func joinCommas(s string) string {
	if !strings.Contains(s, ",") {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	pending := 0 // white space seen and not yet written
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			pending++
		case c == ',':
			pending = 0
			sb.WriteByte(c)
			for i+1 < len(s) && strings.IndexByte(" \t\r\n", s[i+1]) >= 0 {
				i++
			}
		default:
			if pending > 0 {
				sb.WriteByte(' ')
				pending = 0
			}
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// checkCount refuses a geometry with more than MaxVertices vertices (a
// ring's closing position is not a vertex of its own).
func checkCount(m orb.MultiPolygon) error {
	n := 0
	for _, p := range m {
		for _, r := range p {
			n += max(len(r)-1, 0)
		}
	}
	if n > MaxVertices {
		return errorf("geo.error.too_many_vertices", "count", n, "max", MaxVertices)
	}
	return nil
}

// tidy drops positions repeated right after themselves and turns closed
// rings to RFC 7946's winding (see Parse). Rings too short or not closed
// are left for Validate to name.
func tidy(m orb.MultiPolygon) orb.MultiPolygon {
	for _, p := range m {
		for j, r := range p {
			r = dropRepeats(r)
			if len(r) >= 4 && r[0] == r[len(r)-1] {
				a := ringArea(r)
				if (j == 0 && a < 0) || (j > 0 && a > 0) {
					reverse(r)
				}
			}
			p[j] = r
		}
	}
	return m
}

func dropRepeats(r orb.Ring) orb.Ring {
	if len(r) < 2 {
		return r
	}
	out := r[:1]
	for _, q := range r[1:] {
		if q != out[len(out)-1] {
			out = append(out, q)
		}
	}
	return out
}

func reverse(r orb.Ring) {
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
}
