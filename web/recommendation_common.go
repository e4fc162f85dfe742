package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/locale"
	"birlik/needs"
	"birlik/spaces"
	"birlik/topics"
)

// recFormFields are the recommendation form's fields in page order.
var recFormFields = []string{"title", "summary", "proposal", "level", "rights", "sdgs", "needs", "refs"}

func recValues(r *needs.Recommendation) url.Values {
	return url.Values{"title": {r.Title}, "summary": {r.Summary}, "proposal": {r.Proposal}, "level": {string(r.Level)},
		"rights": r.Rights, "sdgs": r.SDGs, "needs": {needIDList(r.NeedIDs)}, "refs": {r.Refs}, "version": {strconv.Itoa(r.Version)}}
}

func recFromForm(pf url.Values) (needs.Recommendation, url.Values, map[string]string) {
	kept := url.Values{}
	for _, name := range append(recFormFields, "version") {
		if v, ok := pf[name]; ok {
			kept[name] = v
		}
	}
	r := needs.Recommendation{Title: pf.Get("title"), Summary: pf.Get("summary"), Proposal: pf.Get("proposal"),
		Level: needs.Level(pf.Get("level")), Refs: pf.Get("refs"), Rights: pf["rights"], SDGs: pf["sdgs"], Version: formVersion(pf)}
	ids, ok := needIDs(pf.Get("needs"))
	var bad map[string]string
	if !ok {
		bad = map[string]string{"needs": "error.needs.need_numbers"}
	}
	r.NeedIDs = ids
	return r, kept, bad
}

type recFormPage struct {
	Space  *spaces.Space
	Rec    *needs.Recommendation // nil when drafting
	Levels []option
	Rights []needCheckbox
	SDGs   []needCheckbox
}

func (s *Server) renderRecForm(w http.ResponseWriter, r *http.Request, status int, sp *spaces.Space, rec *needs.Recommendation, f *form) error {
	l := reqInfo(r).lang
	p := recFormPage{Space: sp, Rec: rec, Levels: options(l, "needs.choose", needs.Levels, levelKey),
		Rights: needCheckboxes(l, f, "rights", topics.Right), SDGs: needCheckboxes(l, f, "sdgs", topics.SDG)}
	title := l.T("recs.new.title", "space", sp.NameIn(l.Code))
	if rec != nil {
		title = l.T("recs.edit.title", "title", rec.Title)
	}
	return s.render(w, r, status, "needs/rec_form", page{Title: title, Form: f, Data: p})
}

// mayDraftIn returns EFORBIDDEN unless the reader may draft
// recommendations in the space.
func (s *Server) mayDraftIn(r *http.Request, sp *spaces.Space) error {
	if !s.needs.MayDraft(r.Context(), sp.ID) {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.needs.not_drafter")
	}
	return nil
}

// topicNames names codes of a vocabulary.
func topicNames(l *locale.Lang, k topics.Kind, codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = l.T(topics.Key(k, c))
	}
	return out
}
