package web

import (
	"birlik"
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// healthz answers load balancers and monitors: 200 when the database
// answers within two seconds, 503 otherwise. It says nothing private.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	body := map[string]any{"status": "ok", "version": s.cfg.Version, "database": string(s.db.Dialect()), "uptime_seconds": int(time.Since(s.started).Seconds())}
	status := http.StatusOK
	if err := s.db.Ping(ctx); err != nil {
		s.log.ErrorContext(r.Context(), "health check: database", "error", err)
		body["status"], status = "unavailable", http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(body)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return birlik.Errorf(birlik.ENOTFOUND, "error.page_not_found")
}

func (s *Server) robots(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("User-agent: *\nDisallow: /signin\nDisallow: /password/\nDisallow: /api/\n"))
	return err
}
