package web

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"

	"birlik/geo"
	"birlik/seed"
	"birlik/streets"
)

// The sites as GeoJSON: the overview the map draws (simplified outlines,
// kept with each site when it is saved, so that 3,000 sites stay under
// 2 MB), and the export with the full geometry. Both carry the licence
// notice of the boundaries the map draws them over (OpenStreetMap's,
// ODbL) as a foreign member of the collection, as /places.geojson does;
// the export repeats it in every feature, which may be copied alone.

// streetCollection is a FeatureCollection of sites.
type streetCollection struct {
	Type        string          `json:"type"`
	Attribution string          `json:"attribution"`
	Features    []streetFeature `json:"features"`
}

type streetFeature struct {
	Type       string          `json:"type"`
	ID         int64           `json:"id"`
	Properties any             `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

// streetOverviewProps are what a marker of the map says.
type streetOverviewProps struct {
	ID           int64      `json:"id"`
	Name         string     `json:"name"`
	Municipality string     `json:"municipality"`
	Province     string     `json:"province"`
	Cycle        int        `json:"cycle"`
	Phase        string     `json:"phase"`
	PhaseLabel   string     `json:"phase_label"`
	PhaseIndex   int        `json:"phase_index"` // the marker's colour and shape (see streets_map.js)
	AreaM2       int64      `json:"area_m2"`
	Centroid     [2]float64 `json:"centroid"` // longitude, latitude: where the marker stands
	URL          string     `json:"url"`
}

// streetSitesGeoJSON serves the published sites' overview for the map,
// filtered by ?cycle= and ?province=.
func (s *Server) streetSitesGeoJSON(w http.ResponseWriter, r *http.Request) error {
	l := reqInfo(r).lang
	sites, err := s.streets.MapSites(r.Context(), streetFilter(r.URL.Query()), true)
	if err != nil {
		return err
	}
	fc := streetCollection{Type: "FeatureCollection", Attribution: seed.Attribution, Features: make([]streetFeature, 0, len(sites))}
	for _, site := range sites {
		fc.Features = append(fc.Features, streetFeature{
			Type: "Feature",
			ID:   site.ID,
			Properties: streetOverviewProps{
				ID: site.ID, Name: site.Name, Municipality: site.OrgName, Province: site.ProvinceID, Cycle: site.CycleYear,
				Phase: string(site.Phase), PhaseLabel: phaseLabel(l, site.Phase), PhaseIndex: phaseIndex(site.Phase),
				AreaM2: int64(math.Round(site.AreaM2)), Centroid: round5(site.Centroid[0], site.Centroid[1]),
				URL: "/streets/sites/" + strconv.FormatInt(site.ID, 10),
			},
			Geometry: overviewGeometry(site.Overview),
		})
	}
	w.Header().Set("Content-Type", "application/geo+json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	return json.NewEncoder(w).Encode(fc)
}

// overviewGeometry is a stored overview, or null when there is none: a
// feature may have no geometry (RFC 7946, 3.2), a broken one would make
// the whole collection unreadable.
func overviewGeometry(b []byte) json.RawMessage {
	if len(b) == 0 || !json.Valid(b) {
		return json.RawMessage("null")
	}
	return b
}

// round5 rounds a position to 5 decimals, about a metre.
func round5(lon, lat float64) [2]float64 {
	return [2]float64{math.Round(lon*1e5) / 1e5, math.Round(lat*1e5) / 1e5}
}

// streetExportProps are a site's figures in the GeoJSON export; the CSV
// export has the same columns.
type streetExportProps struct {
	ID           int64             `json:"id"`
	Name         string            `json:"name"`
	Description  string            `json:"description"`
	OrgID        string            `json:"org_id"`
	Municipality string            `json:"municipality"`
	ProvinceID   string            `json:"province_id"`
	Province     string            `json:"province"`
	Cycle        int               `json:"cycle"`
	Intervention string            `json:"intervention"`
	Phase        string            `json:"phase"`
	PhaseDates   map[string]string `json:"phase_dates"`
	AreaM2       float64           `json:"area_m2"`
	Centroid     [2]float64        `json:"centroid"`
	URL          string            `json:"url"`
	Attribution  string            `json:"attribution"`
}

// streetSitesExportGeoJSON writes every site the reader may read, with
// its full geometry, filtered by ?cycle= and ?province=.
func (s *Server) streetSitesExportGeoJSON(w http.ResponseWriter, r *http.Request) error {
	sites, err := s.streets.ExportSites(r.Context(), streetFilter(r.URL.Query()))
	if err != nil {
		return err
	}
	fc := streetCollection{Type: "FeatureCollection", Attribution: seed.Attribution, Features: make([]streetFeature, 0, len(sites))}
	for _, site := range sites {
		var g json.RawMessage = geo.GeoJSON(site.Geometry)
		if len(site.Geometry) == 0 || !json.Valid(g) {
			g = json.RawMessage("null")
		}
		fc.Features = append(fc.Features, streetFeature{Type: "Feature", ID: site.ID, Properties: exportProps(site), Geometry: g})
	}
	download(w, "streets-sites", "geojson", "application/geo+json; charset=utf-8")
	return s.downloaded(r, json.NewEncoder(w).Encode(fc))
}

func exportProps(site streets.Site) streetExportProps {
	dates := map[string]string{}
	for p, d := range site.PhaseDates {
		dates[string(p)] = d
	}
	return streetExportProps{
		ID: site.ID, Name: site.Name, Description: site.Description, OrgID: site.OrgID, Municipality: site.OrgName,
		ProvinceID: site.ProvinceID, Province: site.ProvinceName, Cycle: site.CycleYear, Intervention: string(site.Intervention),
		Phase: string(site.Phase), PhaseDates: dates, AreaM2: math.Round(site.AreaM2*10) / 10,
		Centroid: round5(site.Centroid[0], site.Centroid[1]), URL: "/streets/sites/" + strconv.FormatInt(site.ID, 10),
		Attribution: seed.Attribution,
	}
}
