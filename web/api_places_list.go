package web

import (
	"net/http"

	"birlik/network"
)

// apiPlacesList lists places (region, provinces, districts) in Turkish
// alphabetical order, filtered by kind, parent and a search query. Places
// are few (a region, 11 provinces, their districts), so the list is paged
// here rather than in SQL.
func (s *Server) apiPlacesList(w http.ResponseWriter, r *http.Request) error {
	q, ok, err := s.apiQuery(w, r)
	if !ok {
		return err
	}
	places, err := s.network.Places(r.Context(), network.PlaceFilter{
		Kind: network.PlaceKind(q.Get("kind")), ParentID: q.Get("parent"), Query: q.Get("q"),
	})
	if err != nil {
		return err
	}
	page, perPage := apiPaging(q)
	total := len(places)
	from := min((page-1)*perPage, total)
	to := min(from+perPage, total)
	data := make([]apiPlace, 0, to-from)
	for i := from; i < to; i++ {
		data = append(data, newAPIPlace(&places[i]))
	}
	return s.apiWrite(w, r, newAPIList(r, q, data, total, page, perPage), true)
}
