package web

import (
	"net/http"
	"net/url"

	"birlik/spaces"
	"birlik/topics"
)

// spacesListPage is the list of spaces with its filters.
type spacesListPage struct {
	Spaces    []spaces.Summary
	Kinds     []option
	Themes    []option
	Groups    []option
	Filtered  bool
	CanCreate bool
	// OrgID, OrgName: the list is of the spaces where this organisation
	// is represented (?org=, from an organisation's page).
	OrgID, OrgName string
}

// spacesList lists the spaces the reader may see (private ones only to
// their members and union staff), filtered by kind, theme and group
// through a plain GET form.
func (s *Server) spacesList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	q := r.URL.Query()
	f := spaces.ParseFilter(q)
	list, err := s.spaces.List(ctx, f)
	if err != nil {
		return err
	}
	canCreate, err := s.spaces.MayCreate(ctx)
	if err != nil {
		return err
	}
	v := url.Values{"kind": {string(f.Kind)}, "theme": {f.Theme}, "group": {f.Group}}
	d := spacesListPage{Spaces: list, Kinds: kindOptions(l, "spaces.filter.any_kind"),
		Themes: topicOptions(l, topics.Theme, "spaces.filter.any_theme"), Groups: topicOptions(l, topics.Group, "spaces.filter.any_group"),
		Filtered: f.Kind != "" || f.Theme != "" || f.Group != "" || f.OrgID != "", CanCreate: canCreate}
	if f.OrgID != "" {
		d.OrgID, d.OrgName = f.OrgID, s.orgName(ctx, f.OrgID)
		v.Set("org", f.OrgID)
	}
	return s.render(w, r, http.StatusOK, "spaces/list", page{Title: l.T("spaces.list.title"), Form: newForm("spaces", v), Data: d})
}
