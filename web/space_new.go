package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/spaces"
)

// spaceNew shows the form for a new space. Admins may create any; a
// coordinator only a working group inside a space they coordinate, and
// is refused the page when they coordinate none. From a space's page the
// parent comes preselected (?parent=).
func (s *Server) spaceNew(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ok, err := s.spaces.MayCreate(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.spaces.create_forbidden")
	}
	v := url.Values{"kind": {string(spaces.Platform)}, "visibility": {string(spaces.Public)}}
	if !birlik.ActorFrom(ctx).Is(birlik.RoleAdmin) {
		v.Set("kind", string(spaces.WorkingGroup))
	}
	if p, err := strconv.ParseInt(r.URL.Query().Get("parent"), 10, 64); err == nil && p > 0 {
		v.Set("parent", strconv.FormatInt(p, 10))
		v.Set("kind", string(spaces.WorkingGroup))
	}
	return s.renderSpaceForm(w, r, http.StatusOK, nil, newForm("spaces", v), nil)
}
