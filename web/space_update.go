package web

import (
	"net/http"
	"strconv"

	"birlik"
	"birlik/spaces"
	"birlik/topics"
)

// spaceUpdate saves a space. Like personUpdate, a stale form answers 409
// with everything typed kept, what someone else saved listed, and the new
// version taken.
func (s *Server) spaceUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.editableSpace(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	pf := r.PostForm
	sp := spaceFromForm(pf)
	sp.ID = old.ID
	if _, sent := pf["parent"]; !sent {
		sp.ParentID = old.ParentID // a coordinator's form shows the parent without a field
	}
	err = s.spaces.Update(ctx, &sp)
	if err == nil {
		return s.redirect(w, r, spacePath(&sp), "flash.spaces.saved")
	}
	if c := birlik.ErrorCode(err); c == birlik.EFORBIDDEN || c == birlik.ENOTFOUND {
		return err
	}
	kept := keepSpace(pf)
	f := newForm("spaces", kept)
	status, err := f.fail(err, spaceFields...)
	if err != nil {
		return err
	}
	current := old
	var diff []changed
	if status == http.StatusConflict {
		if current, err = s.spaces.ByID(ctx, old.ID); err != nil {
			return err
		}
		f.Values.Set("version", strconv.Itoa(current.Version))
		l := reqInfo(r).lang
		stored := spaceValues(current)
		diff = differences(l, "spaces", kept, stored, func(name, v string) string {
			switch name {
			case "kind":
				return l.T(spaceKindKey(spaces.Kind(v)))
			case "visibility":
				return l.T("spaces.visibility." + v)
			}
			return v
		}, "name_tr", "name_en", "name_fr", "kind", "visibility", "quorum", "purpose_tr", "purpose_en", "purpose_fr")
		for _, k := range []topics.Kind{topics.Theme, topics.Group} {
			name := string(k) + "s"
			if !sameSet(pf[name], stored[name]) {
				var names string
				for i, c := range stored[name] {
					if i > 0 {
						names += ", "
					}
					names += l.T(topics.Key(k, c))
				}
				if names == "" {
					names = l.T("network.empty")
				}
				diff = append(diff, changed{Label: l.T("spaces.field." + name), Current: names})
			}
		}
	}
	return s.renderSpaceForm(w, r, status, current, f, diff)
}

func sameSet(a, b []string) bool {
	in := map[string]bool{}
	for _, x := range a {
		in[x] = true
	}
	if len(in) != len(b) {
		return false
	}
	for _, x := range b {
		if !in[x] {
			return false
		}
	}
	return true
}
