package web

import (
	"net/http"
	"strconv"

	"birlik"
	"birlik/needs"
	"birlik/topics"
)

type recVersionPage struct {
	Rec          *needs.Recommendation
	Version      *needs.RecVersion
	Rights, SDGs []string
}

// recommendationVersion shows one kept version of a recommendation.
func (s *Server) recommendationVersion(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.recOf(r)
	if err != nil {
		return err
	}
	rev, err := strconv.Atoi(r.PathValue("rev"))
	if err != nil || rev < 1 {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	v, err := s.needs.Version(r.Context(), rec.ID, rev)
	if err != nil {
		return err
	}
	l := reqInfo(r).lang
	return s.render(w, r, http.StatusOK, "needs/rec_version", page{
		Title: l.T("recs.version.title", "title", v.Title, "n", v.Revision),
		Data:  recVersionPage{Rec: rec, Version: v, Rights: topicNames(l, topics.Right, v.Rights), SDGs: topicNames(l, topics.SDG, v.SDGs)},
	})
}
