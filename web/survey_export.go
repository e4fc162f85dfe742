package web

import (
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"birlik"
	"birlik/publiclife"
)

// The protocol's tables as CSV, as the Public Life Data Protocol writes
// them: one file per table, of a site or of every site the reader may
// read. The import reads the same files back.

// surveyTable reads the table of a "<table>.csv" path segment; any other
// name is not found.
func surveyTable(file string) (string, error) {
	table, ok := strings.CutSuffix(file, ".csv")
	if !ok || !slices.Contains(publiclife.Tables, table) {
		return "", birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	return table, nil
}

// surveySiteExport writes one protocol table of the site.
func (s *Server) surveySiteExport(w http.ResponseWriter, r *http.Request) error {
	site, err := s.surveySite(r)
	if err != nil {
		return err
	}
	table, err := surveyTable(r.PathValue("file"))
	if err != nil {
		return err
	}
	return s.exportTable(w, r, "site-"+strconv.FormatInt(site.ID, 10)+"-"+table, table, site.ID)
}

// surveyAllExport writes one protocol table of every site the reader may
// read.
func (s *Server) surveyAllExport(w http.ResponseWriter, r *http.Request) error {
	table, err := surveyTable(r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.exportTable(w, r, "publiclife-"+table, table, 0)
}

// exportTable downloads one table of the site (0: every site). A failure
// before the first byte is an error page, not an empty file.
func (s *Server) exportTable(w http.ResponseWriter, r *http.Request, name, table string, siteID int64) error {
	download(w, name, "csv", "text/csv; charset=utf-8")
	sw := &startedWriter{w: w}
	err := s.life.Export(r.Context(), table, siteID, sw)
	if err != nil && !sw.started {
		w.Header().Del("Content-Disposition")
		return err
	}
	return s.downloaded(r, err)
}

// startedWriter tells whether anything was written through it.
type startedWriter struct {
	w       io.Writer
	started bool
}

func (sw *startedWriter) Write(p []byte) (int, error) {
	sw.started = sw.started || len(p) > 0
	return sw.w.Write(p)
}
