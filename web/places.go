package web

import (
	"context"

	"birlik/network"
)

// Shared by the place pages: the figures each place shows.

// placeRow is a place with how many municipalities it has and how many of
// them are members of the union.
type placeRow struct {
	network.Place
	Municipalities int
	Members        int
	Share          int // the fill class of the map, 0 to 3
	Percent        int // members per municipality, rounded down
}

// provinceRows returns the provinces in Turkish order with their figures
// and boundaries.
func (s *Server) provinceRows(ctx context.Context, onlyID string) ([]placeRow, error) {
	var places []network.Place
	if onlyID != "" {
		p, err := s.network.Place(ctx, onlyID)
		if err != nil {
			return nil, err
		}
		places = []network.Place{*p}
	} else {
		var err error
		if places, err = s.network.Boundaries(ctx, network.Province); err != nil {
			return nil, err
		}
	}
	counts, err := s.network.MembershipByProvince(ctx)
	if err != nil {
		return nil, err
	}
	rows := make([]placeRow, 0, len(places))
	for _, p := range places {
		r := placeRow{Place: p}
		if p.Kind == network.Province {
			r.Municipalities, r.Members = counts[p.ID].Municipalities, counts[p.ID].Members
		}
		r.Share = shareClass(r.Members, r.Municipalities)
		if r.Municipalities > 0 {
			r.Percent = r.Members * 100 / r.Municipalities
		}
		rows = append(rows, r)
	}
	return rows, nil
}

func mapAreas(rows []placeRow) []mapArea {
	out := make([]mapArea, len(rows))
	for i, r := range rows {
		out[i] = mapArea{Place: r.Place, Municipalities: r.Municipalities, Members: r.Members}
	}
	return out
}
