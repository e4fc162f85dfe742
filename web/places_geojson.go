package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"birlik/seed"
)

// geoFeatureCollection is the GeoJSON of the province map. The licence
// notice of the boundaries travels with them: in the collection (a
// foreign member, as RFC 7946 allows) and in every feature's properties,
// so that a feature copied alone keeps it.
type geoFeatureCollection struct {
	Type        string       `json:"type"`
	Attribution string       `json:"attribution"`
	License     string       `json:"license"`
	Features    []geoFeature `json:"features"`
}

type geoFeature struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Properties geoProperties   `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

type geoProperties struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Code           string `json:"code"`
	Population     *int64 `json:"population"`
	Municipalities int    `json:"municipalities"`
	Members        int    `json:"members"`
	ShareClass     string `json:"share_class"` // the map's fill class
	Label          string `json:"label"`       // the area's name and figures, in the reader's language
	URL            string `json:"url"`
	Attribution    string `json:"attribution"`
}

// placesGeoJSON serves the provinces' boundaries with their figures, for
// the interactive map and as open data; ?id= narrows it to one province.
func (s *Server) placesGeoJSON(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	only := r.URL.Query().Get("id")
	if len(only) > 100 {
		only = ""
	}
	rows, err := s.provinceRows(ctx, only)
	if err != nil {
		return err
	}
	fc := geoFeatureCollection{Type: "FeatureCollection", Attribution: seed.Attribution, License: "ODbL-1.0", Features: []geoFeature{}}
	for _, row := range rows {
		if row.Boundary == nil {
			continue
		}
		fc.Features = append(fc.Features, geoFeature{
			Type: "Feature",
			ID:   row.ID,
			Properties: geoProperties{
				ID: row.ID, Name: row.Name, Code: row.Code, Population: row.Population,
				Municipalities: row.Municipalities, Members: row.Members,
				ShareClass: "map-share-" + strconv.Itoa(row.Share),
				Label:      areaLabel(l, mapArea{Place: row.Place, Municipalities: row.Municipalities, Members: row.Members}),
				URL:        "/places/" + row.ID, Attribution: seed.Attribution,
			},
			Geometry: json.RawMessage(row.Boundary),
		})
	}
	w.Header().Set("Content-Type", "application/geo+json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	return json.NewEncoder(w).Encode(fc)
}
