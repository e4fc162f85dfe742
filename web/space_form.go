package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"birlik"
	"birlik/locale"
	"birlik/spaces"
	"birlik/topics"
)

// Shared by the space pages: the space form (new, edit) and reading the
// space a path names.

// spaceFields are the space form's fields in page order, named as the
// spaces service names them in its field errors.
var spaceFields = []string{"name_tr", "name_en", "name_fr", "slug", "kind", "parent", "visibility", "quorum",
	"purpose_tr", "purpose_en", "purpose_fr", "themes", "groups", "archived"}

// spaceValues is a space as form values.
func spaceValues(sp *spaces.Space) url.Values {
	v := url.Values{"slug": {sp.Slug}, "kind": {string(sp.Kind)}, "visibility": {string(sp.Visibility)},
		"version": {strconv.Itoa(sp.Version)}, "themes": sp.Themes, "groups": sp.Groups}
	for _, l := range spaces.Langs {
		v.Set("name_"+l, sp.Name[l])
		v.Set("purpose_"+l, sp.Purpose[l])
	}
	if sp.ParentID != 0 {
		v.Set("parent", strconv.FormatInt(sp.ParentID, 10))
	}
	if sp.Quorum != 0 {
		v.Set("quorum", strconv.Itoa(sp.Quorum))
	}
	if sp.Archived {
		v.Set("archived", "1")
	}
	return v
}

// spaceFromForm reads a space from the form. A quorum that is not a
// whole number is -1, which the service refuses with the field named.
func spaceFromForm(pf url.Values) spaces.Space {
	sp := spaces.Space{Slug: pf.Get("slug"), Kind: spaces.Kind(pf.Get("kind")), Visibility: spaces.Visibility(pf.Get("visibility")),
		Name: map[string]string{}, Purpose: map[string]string{}, Themes: pf["themes"], Groups: pf["groups"],
		Archived: pf.Get("archived") == "1", Version: formVersion(pf)}
	for _, l := range spaces.Langs {
		sp.Name[l] = pf.Get("name_" + l)
		sp.Purpose[l] = pf.Get("purpose_" + l)
	}
	if p := pf.Get("parent"); p != "" {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil && id > 0 {
			sp.ParentID = id
		} else {
			sp.ParentID = -1
		}
	}
	if q := pf.Get("quorum"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil {
			n = -1
		}
		sp.Quorum = n
	}
	return sp
}

// keepSpace returns what was typed into the space form, to show again.
func keepSpace(pf url.Values) url.Values {
	out := keep(pf, append(spaceFields, "version")...)
	out["themes"], out["groups"] = pf["themes"], pf["groups"]
	return out
}

// spaceFormPage is the space form, for a new space or to edit one.
type spaceFormPage struct {
	Space        *spaces.Space // nil when creating
	New          bool
	Kinds        []option
	Visibilities []option
	Parents      []option
	// LockedParent: a coordinator edits their space but does not move
	// it; the parent shows as text (ParentName, "" for none).
	LockedParent bool
	ParentName   string
	Themes       []option
	Groups       []option
	Changed      []changed
}

func kindOptions(l *locale.Lang, first string) []option {
	return options(l, first, []spaces.Kind{spaces.Platform, spaces.Committee, spaces.WorkingGroup}, spaceKindKey)
}

func spaceKindKey(k spaces.Kind) string { return "spaces.kind." + string(k) }

func topicOptions(l *locale.Lang, k topics.Kind, first string) []option {
	var out []option
	if first != "" {
		out = append(out, option{Label: l.T(first)})
	}
	for _, c := range topics.Codes(k) {
		out = append(out, option{Value: c, Label: l.T(topics.Key(k, c))})
	}
	return out
}

// parentOptions lists the spaces a new or edited space may sit in: every
// space for admins, those they coordinate for a coordinator; never the
// space itself.
func (s *Server) parentOptions(ctx context.Context, l *locale.Lang, self int64) ([]option, error) {
	list, err := s.spaces.List(ctx, spaces.Filter{Archived: true})
	if err != nil {
		return nil, err
	}
	a := birlik.ActorFrom(ctx)
	var mine []int64
	if !a.Is(birlik.RoleAdmin) {
		if mine, err = s.spaces.Coordinated(ctx); err != nil {
			return nil, err
		}
	}
	out := []option{{Value: "", Label: l.T("spaces.form.no_parent")}}
	for _, su := range list {
		if su.ID == self || (!a.Is(birlik.RoleAdmin) && !slices.Contains(mine, su.ID)) {
			continue
		}
		out = append(out, option{Value: strconv.FormatInt(su.ID, 10), Label: su.NameIn(l.Code)})
	}
	return out, nil
}

func (s *Server) renderSpaceForm(w http.ResponseWriter, r *http.Request, status int, sp *spaces.Space, f *form, diff []changed) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	d := spaceFormPage{Space: sp, New: sp == nil, Kinds: kindOptions(l, ""), Changed: diff,
		Visibilities: options(l, "", []spaces.Visibility{spaces.Public, spaces.Private}, func(v spaces.Visibility) string { return "spaces.visibility." + string(v) }),
		Themes:       topicOptions(l, topics.Theme, ""), Groups: topicOptions(l, topics.Group, "")}
	title := l.T("spaces.new.title")
	var self int64
	if sp != nil {
		self = sp.ID
		title = l.T("spaces.edit.title", "name", sp.NameIn(l.Code))
	}
	if sp != nil && !a.Is(birlik.RoleAdmin) {
		d.LockedParent = true
		if sp.ParentID != 0 {
			if p, err := s.spaces.ByID(ctx, sp.ParentID); err == nil {
				d.ParentName = p.NameIn(l.Code)
			}
		}
	} else {
		var err error
		if d.Parents, err = s.parentOptions(ctx, l, self); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "spaces/form", page{Title: title, Form: f, Data: d})
}

// pathSpace reads the space the path names, if the actor may read it;
// ENOTFOUND otherwise, private spaces included.
func (s *Server) pathSpace(r *http.Request) (*spaces.Space, error) {
	slug := r.PathValue("slug")
	if slug == "" || len(slug) > 100 {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	return s.spaces.BySlug(r.Context(), slug)
}

// editableSpace reads the space of the path for its edit pages: ENOTFOUND
// as pathSpace, EFORBIDDEN unless the actor manages it.
func (s *Server) editableSpace(r *http.Request) (*spaces.Space, error) {
	sp, err := s.pathSpace(r)
	if err != nil {
		return nil, err
	}
	ok, err := s.spaces.Manages(r.Context(), sp.ID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	return sp, nil
}

func spacePath(sp *spaces.Space) string { return "/spaces/" + sp.Slug }
