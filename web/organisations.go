package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/network"
)

// Shared by the organisation form's pages: creating (staff) and editing
// (staff every field; a focal point their own organisation's contact
// details, the rest shown read-only).

// orgFields are the organisation form's fields in page order, named as
// the network service names them in its field errors.
var orgFields = []string{"id", "name", "short_name", "kind", "municipality_kind", "parent_id", "place_id", "population",
	"website", "email", "phone", "address", "member_status", "member_since", "member_until"}

// orgContactFields are the fields a focal point may change.
var orgContactFields = []string{"short_name", "population", "website", "email", "phone", "address"}

type orgFormPage struct {
	Org      *network.Organisation // the stored record; nil when creating
	New      bool
	Full     bool // every field is editable (staff); else contact fields only
	Kinds    []option
	MunKinds []option
	Members  []option
	Parents  orgChoices
	Places   orgChoices
	Changed  []changed // after a conflict: what someone else saved
}

// orgValues is an organisation as form values.
func orgValues(o *network.Organisation) url.Values {
	return url.Values{
		"id": {o.ID}, "name": {o.Name}, "short_name": {o.ShortName}, "kind": {string(o.Kind)},
		"municipality_kind": {string(o.MunicipalityKind)}, "parent_id": {o.ParentID}, "place_id": {o.PlaceID},
		"population": {formatCount(o.Population)}, "website": {o.Website}, "email": {o.Email}, "phone": {o.Phone},
		"address": {o.Address}, "member_status": {string(o.MemberStatus)}, "member_since": {o.MemberSince},
		"member_until": {o.MemberUntil}, "version": {strconv.Itoa(o.Version)},
	}
}

// orgFromForm reads an organisation from posted values, and the values
// to show again if it is refused (only the form's own fields).
func orgFromForm(pf url.Values) (network.Organisation, url.Values) {
	kept := url.Values{}
	for _, name := range append(orgFields, "version") {
		if v, ok := pf[name]; ok {
			kept[name] = v[:1]
		}
	}
	o := network.Organisation{
		ID: pf.Get("id"), Name: pf.Get("name"), ShortName: pf.Get("short_name"), Kind: network.OrgKind(pf.Get("kind")),
		MunicipalityKind: network.MunicipalityKind(pf.Get("municipality_kind")), ParentID: pf.Get("parent_id"),
		PlaceID: pf.Get("place_id"), Population: parseCount(pf.Get("population")), Website: pf.Get("website"),
		Email: pf.Get("email"), Phone: pf.Get("phone"), Address: pf.Get("address"),
		MemberStatus: network.MemberStatus(pf.Get("member_status")), MemberSince: pf.Get("member_since"),
		MemberUntil: pf.Get("member_until"), Version: formVersion(pf),
	}
	return o, kept
}

// renderOrgForm shows the organisation form: for a new organisation when
// o is nil, else for o as stored.
func (s *Server) renderOrgForm(w http.ResponseWriter, r *http.Request, status int, o *network.Organisation, f *form, changed []changed) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	p := orgFormPage{
		Org:      o,
		New:      o == nil,
		Full:     a.Staff(),
		Kinds:    orgKindOptions(l, ""),
		MunKinds: munKindOptions(l, "network.org.no_municipality_kind"),
		Members:  memberOptions(l, ""),
		Changed:  changed,
	}
	title := l.T("network.org.new.title")
	if o != nil {
		title = l.T("network.org.edit.title", "name", o.Name)
	}
	if p.Full {
		var err error
		if p.Parents, err = s.orgChoices(ctx, f.Get("parent_id")); err != nil {
			return err
		}
		if p.Places, err = s.placeChoices(ctx, l); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "network/organisation_form", page{Title: title, Form: f, Data: p})
}

// loadEditableOrg reads the organisation of the path and checks that the
// actor may change it: ENOTFOUND when there is none, EFORBIDDEN for a
// focal point of another organisation (organisations are public, so
// there is nothing to hide by answering not found).
func (s *Server) loadEditableOrg(ctx context.Context, id string) (*network.Organisation, error) {
	o, err := s.network.Organisation(ctx, id)
	if err != nil {
		return nil, err
	}
	if !mayEditOrg(birlik.ActorFrom(ctx), o.ID) {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.network.org.not_yours")
	}
	return o, nil
}
