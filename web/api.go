package web

import (
	"encoding/json"
	"net/http"

	"birlik"
)

// apiError writes err as the API's JSON error body:
// {"error": {"code": "not_found", "message": "…", "fields": {…}}}.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error, status int) {
	l := reqInfo(r).lang
	if l == nil {
		l = s.cat.Lang("")
	}
	code := birlik.ErrorCode(err)
	msg := birlik.ErrorMessage(err)
	if status == http.StatusInternalServerError {
		msg = "error.internal"
	}
	body := map[string]any{"code": code, "message": l.T(msg)}
	if fe := birlik.FieldErrors(err); len(fe) > 0 {
		fields := map[string]string{}
		for k, v := range fe {
			fields[k] = l.T(v)
		}
		body["fields"] = fields
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="birlik"`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": body})
}
