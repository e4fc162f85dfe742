package web

import (
	"net/http"

	"birlik/network"
	"birlik/seed"
)

type placesPage struct {
	Region         *network.Place
	Provinces      []placeRow
	Map            *mapView
	Municipalities int
	Members        int
}

// placesList is the public page of the region: its provinces with their
// plate codes, populations and municipalities, and a map of the members
// drawn on the server (see mapsvg.go), with the same figures in a table.
func (s *Server) placesList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	region, err := s.network.Place(ctx, seed.RegionID)
	if err != nil {
		return err
	}
	rows, err := s.provinceRows(ctx, "")
	if err != nil {
		return err
	}
	p := placesPage{Region: region, Provinces: rows}
	for _, r := range rows {
		p.Municipalities += r.Municipalities
		p.Members += r.Members
	}
	p.Map = s.newMap(l, "provinces-map", l.T("network.places.map", "name", region.Name), "/places.geojson?lang="+l.Code, mapAreas(rows))
	return s.render(w, r, http.StatusOK, "network/places_list", page{Title: l.T("network.places.title"), Data: p})
}
