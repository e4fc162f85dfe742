package geo

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// BenchmarkParseValidateArea reads, checks (against a province) and
// measures a 200-vertex site, as package streets does on every save.
func BenchmarkParseValidateArea(b *testing.B) {
	doc := []byte(circleDoc(200))
	r := provinceRegion(b, "İstanbul")
	b.ReportAllocs()
	for b.Loop() {
		m, err := Parse(doc)
		if err != nil {
			b.Fatal(err)
		}
		if err := Validate(m, r); err != nil {
			b.Fatal(err)
		}
		if Area(m) <= 0 {
			b.Fatal("no area")
		}
	}
}

// BenchmarkValidateWorstCase validates the shape the edge sweep likes
// least: MaxVertices vertices in a serpentine whose every long edge spans
// the whole width, so that all of them overlap in longitude.
func BenchmarkValidateWorstCase(b *testing.B) {
	m := serpentine(MaxVertices)
	if err := Validate(m, nil); err != nil {
		b.Fatalf("the serpentine is invalid: %v %v", err, errorArgs(err))
	}
	for b.Loop() {
		if err := Validate(m, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// serpentine is a valid polygon of about n vertices, 100 m wide, whose
// long edges run east–west across all of it.
func serpentine(n int) orb.MultiPolygon {
	l := newLocal(orb.Point{29.0260, 40.9840})
	rows := (n - 2) / 2
	step := 0.05 // metres between rows
	r := orb.Ring{l.point(0, 0)}
	for k := 0; k < rows; k++ {
		y := float64(k) * step
		if k%2 == 0 {
			r = append(r, l.point(100, y), l.point(100, y+step))
		} else {
			r = append(r, l.point(1, y), l.point(1, y+step))
		}
	}
	r = append(r, l.point(0, float64(rows)*step), r[0])
	return orb.MultiPolygon{{r}}
}

// BenchmarkOverview makes the overview of a 200-vertex site.
func BenchmarkOverview(b *testing.B) {
	m, err := Parse([]byte(circleDoc(200)))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_ = GeoJSON(Round(Simplify(m, 1.5), 5))
	}
}

// BenchmarkParseLargest reads the largest document allowed, of
// MaxVertices positions written long.
func BenchmarkParseLargest(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"type":"Polygon","coordinates":[[`)
	for i := 0; i <= MaxVertices; i++ {
		a := 2 * math.Pi * float64(i%MaxVertices) / MaxVertices
		fmt.Fprintf(&sb, "[%.15f,%.15f,0.000000000000000],", 29.0262+0.001*math.Cos(a), 40.9842+0.001*math.Sin(a))
	}
	doc := []byte(strings.TrimSuffix(sb.String(), ",") + `]]}`)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		m, err := Parse(doc)
		if err != nil {
			b.Fatal(err)
		}
		if err := Validate(m, nil); err != nil {
			b.Fatal(err)
		}
	}
}
