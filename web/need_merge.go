package web

import (
	"net/http"
	"strconv"
	"strings"
)

// needMerge closes the need in the path as a duplicate of the need whose
// number is typed (staff): its co-signers move to that one.
func (s *Server) needMerge(w http.ResponseWriter, r *http.Request) error {
	n, err := s.needOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	into, perr := strconv.ParseInt(strings.TrimPrefix(r.PostForm.Get("into"), "#"), 10, 64)
	var bad map[string]string
	if perr != nil || into < 1 {
		bad = map[string]string{"into": "error.needs.merge_unknown"}
	} else {
		err = s.needs.Merge(r.Context(), n.ID, into)
		if err == nil {
			s.tellNeed(r, "need.merged", "notify.event.need_merged", n, "")
			return s.redirect(w, r, needLink(into), "flash.needs.merged")
		}
	}
	f := newForm("needs.merge", r.PostForm)
	status, err := f.fail(needFailWith(err, bad), "into")
	if err != nil {
		return err
	}
	return s.renderNeedShow(w, r, status, n, nil, nil, f)
}
