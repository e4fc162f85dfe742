package web

import (
	"encoding/json"
	"net/http"

	"birlik/staging"
)

// importJobProgress answers js/import.js, which asks every second how far
// a job has gone: the same sentences as the page, and whether the work
// still runs (when it no longer does, the script loads the page again).
func (s *Server) importJobProgress(w http.ResponseWriter, r *http.Request) error {
	kind, u, err := s.importJob(r)
	if err != nil {
		return err
	}
	v := s.jobView(reqInfo(r).lang, kind, u)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(struct {
		State   staging.JobState `json:"state"`
		Running bool             `json:"running"`
		Done    int              `json:"done"`
		Total   int              `json:"total"` // 0: not known yet
		Percent string           `json:"percent"`
		Text    string           `json:"text"`
		Started string           `json:"started"`
	}{v.State, v.Running, v.Done, v.Total, v.Percent, v.Text, v.Started})
}
