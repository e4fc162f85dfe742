package web

import (
	"net/http"

	"birlik"
	"birlik/spaces"
	"birlik/topics"
)

// spaceShowPage is a space's page: its purpose, themes and groups, who
// leads it, the organisations its members represent, the spaces inside
// it, and the panels other parts of the product fill (spacePanels).
type spaceShowPage struct {
	Space  *spaces.Space
	Parent *spaces.Space // nil at the top, or when the reader may not read it
	Themes []option
	Groups []option
	// Leaders are the chairs and coordinators; Orgs the organisations
	// represented, with their members when SeesMembers.
	Leaders     []spaces.Member
	Orgs        []spaces.OrgMembers
	MemberTotal int
	Children    []spaces.Summary
	SeesMembers bool
	CanEdit     bool // the reader manages the space
	CanAdd      bool // the reader may add members (focal points: their own people)
	Panels      spacePanels
	Follow      followButton   // follow the space's news
	Documents   documentsBlock // the space's files, and an upload form for those who may attach
}

// spaceShow shows a space to whoever may read it; a private space is
// not found for others.
func (s *Server) spaceShow(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.pathSpace(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	d := spaceShowPage{Space: sp, SeesMembers: spaces.SeesMembers(a)}
	if sp.ParentID != 0 {
		if p, err := s.spaces.ByID(ctx, sp.ParentID); err == nil {
			d.Parent = p
		} else if birlik.ErrorCode(err) != birlik.ENOTFOUND {
			return err
		}
	}
	for _, c := range sp.Themes {
		d.Themes = append(d.Themes, option{Value: c, Label: l.T(topics.Key(topics.Theme, c))})
	}
	for _, c := range sp.Groups {
		d.Groups = append(d.Groups, option{Value: c, Label: l.T(topics.Key(topics.Group, c))})
	}
	if d.Orgs, err = s.spaces.ByOrganisation(ctx, sp.ID); err != nil {
		return err
	}
	for _, o := range d.Orgs {
		d.MemberTotal += o.Count
	}
	if d.SeesMembers {
		if d.Leaders, err = s.spaces.Leaders(ctx, sp.ID); err != nil {
			return err
		}
	}
	if d.Children, err = s.spaces.List(ctx, spaces.Filter{ParentID: sp.ID}); err != nil {
		return err
	}
	if d.CanEdit, err = s.spaces.Manages(ctx, sp.ID); err != nil {
		return err
	}
	if a.Is(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleFocalPoint) {
		if d.CanAdd, err = s.spaces.MayAddMembers(ctx, sp.ID); err != nil {
			return err
		}
	}
	if d.Panels, err = s.loadSpacePanels(ctx, l, sp); err != nil {
		return err
	}
	d.Follow = s.followButton(r, "space", sp.ID)
	if d.Documents, err = s.documentsBlock(r, "space", sp.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "spaces/show", page{Title: sp.NameIn(l.Code), Data: d})
}
