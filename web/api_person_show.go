package web

import (
	"net/http"
	"strconv"

	"birlik"
)

// apiPersonShow answers one person with their affiliations. Someone
// outside the caller's reach is not found, exactly like someone who does
// not exist, and so is an id that cannot be one.
func (s *Server) apiPersonShow(w http.ResponseWriter, r *http.Request) error {
	if _, ok, err := s.apiQuery(w, r); !ok {
		return err
	}
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 || strconv.FormatInt(id, 10) != raw {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	p, err := s.network.Person(r.Context(), id)
	if err != nil {
		return err
	}
	return s.apiWrite(w, r, apiItem[apiPersonDetail]{newAPIPersonDetail(p)}, false)
}
