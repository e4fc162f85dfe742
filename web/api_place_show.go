package web

import (
	"encoding/json"
	"net/http"

	"birlik/seed"
)

// apiPlaceShow answers one place. Its boundary, which can weigh tens of
// kilobytes, comes only with ?include=boundary, and then with the
// attribution the boundaries' licence asks for.
func (s *Server) apiPlaceShow(w http.ResponseWriter, r *http.Request) error {
	q, ok, err := s.apiQuery(w, r)
	if !ok {
		return err
	}
	p, err := s.network.Place(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if q.Get("include") != "boundary" {
		return s.apiWrite(w, r, apiItem[apiPlace]{newAPIPlace(p)}, true)
	}
	d := apiPlaceBoundary{apiPlace: newAPIPlace(p)}
	if p.Boundary != nil {
		attribution := seed.Attribution
		d.Boundary, d.Attribution = json.RawMessage(p.Boundary), &attribution
	}
	return s.apiWrite(w, r, apiItem[apiPlaceBoundary]{d}, true)
}
