package web

import (
	"net/http"

	"birlik/network"
)

type placeShowPage struct {
	Place          *network.Place
	Row            placeRow // the province's figures (zero for other places)
	Children       []network.Place
	Municipalities []network.Organisation
	Map            *mapView
}

// placeShow is a place's page: its facts, the places in it, the
// municipalities that serve it, and its boundary on a map when it has
// one. The region's page is the places list.
func (s *Server) placeShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	pl, err := s.network.Place(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if pl.Kind == network.Region {
		http.Redirect(w, r, "/places", http.StatusSeeOther)
		return nil
	}
	p := placeShowPage{Place: pl}
	if p.Children, err = s.network.Places(ctx, network.PlaceFilter{ParentID: pl.ID}); err != nil {
		return err
	}
	// The municipalities of a province, or of the district's province
	// that serve the district: a few dozen at most.
	province := pl.ID
	if pl.Kind == network.District {
		province = pl.ParentID
	}
	all, err := s.network.ExportOrganisations(ctx, network.OrgFilter{Kind: network.Municipality, ProvinceID: province})
	if err != nil {
		return err
	}
	for _, o := range all {
		if pl.Kind == network.Province || o.PlaceID == pl.ID {
			p.Municipalities = append(p.Municipalities, o)
		}
	}
	if pl.Kind == network.Province {
		rows, err := s.provinceRows(ctx, pl.ID)
		if err != nil {
			return err
		}
		p.Row = rows[0]
		if pl.Boundary != nil {
			p.Map = s.newMap(l, "place-map", l.T("network.place.map", "name", pl.Name), "/places.geojson?id="+pl.ID+"&lang="+l.Code, mapAreas(rows))
		}
	}
	return s.render(w, r, http.StatusOK, "network/place_show", page{Title: pl.Name, Data: p})
}
