package web

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"slices"
	"strings"

	"birlik"
	"birlik/publiclife"
	"birlik/streets"
)

// Importing a site's surveys in the protocol's own tables: four CSV
// files, or one .zip holding them. The publiclife service checks the set
// whole before it saves anything; every bad row comes back with its
// table, line and column.

// maxSurveyImport bounds the files of one import, unzipped: the protocol
// tables of a whole study fit in a few megabytes.
const maxSurveyImport = 20 << 20

type surveyImportPage struct {
	Site   *streets.Site
	Tables []string
	Result *publiclife.ImportResult // after a successful import
	Rows   []surveyImportRow        // the problems of a refused import
}

// surveyImportRow is one problem of an import, translated.
type surveyImportRow struct {
	Table, Column, Message string
	Line                   int
}

// surveyImportForm shows the upload form to those who may enter the
// site's surveys.
func (s *Server) surveyImportForm(w http.ResponseWriter, r *http.Request) error {
	site, err := s.surveySite(r)
	if err != nil {
		return err
	}
	if !mayEditSurveys(r.Context(), site) {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	return s.renderSurveyImport(w, r, http.StatusOK, surveyImportPage{Site: site}, newForm("surveys_import", nil))
}

// surveyImport reads the uploaded tables and imports them: a summary of
// what was saved, or every problem and nothing saved.
func (s *Server) surveyImport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	site, err := s.surveySite(r)
	if err != nil {
		return err
	}
	// Refuse before reading megabytes that could not be saved.
	if err := s.life.MayWrite(ctx, site.ID); err != nil {
		return err
	}
	d := surveyImportPage{Site: site}
	f := newForm("surveys_import", nil)
	tables, err := readSurveyTables(w, r)
	if err == nil {
		var res publiclife.ImportResult
		if res, err = s.life.Import(ctx, site.ID, tables); err == nil {
			d.Result = &res
			return s.renderSurveyImport(w, r, http.StatusOK, d, f)
		}
	}
	var ie *publiclife.ImportError
	if errors.As(err, &ie) {
		for _, row := range ie.Rows {
			d.Rows = append(d.Rows, surveyImportRow{Table: row.Table, Line: row.Line, Column: row.Column, Message: l.T(row.Key, row.Args...)})
		}
		f.Message = "error.surveys.import_refused"
		return s.renderSurveyImport(w, r, http.StatusUnprocessableEntity, d, f)
	}
	status, err := f.fail(err, append([]string{"zip"}, publiclife.Tables...)...)
	if err != nil {
		return err
	}
	return s.renderSurveyImport(w, r, status, d, f)
}

func (s *Server) renderSurveyImport(w http.ResponseWriter, r *http.Request, status int, d surveyImportPage, f *form) error {
	d.Tables = publiclife.Tables
	l := reqInfo(r).lang
	return s.render(w, r, status, "streets/surveys/import", page{Title: l.T("surveys.import.title", "site", d.Site.Name), Form: f, Data: d})
}

// readSurveyTables reads the upload: a file per table (fields named after
// the tables) or a .zip (field "zip") whose files are named after them
// ("study.csv", in any folder). A table given twice keeps the last.
func readSurveyTables(w http.ResponseWriter, r *http.Request) (map[string][]byte, error) {
	tables := map[string][]byte{}
	size := 0
	_, err := eachPart(w, r, maxSurveyImport+1<<20, fieldErr("zip", "error.surveys.import_too_large"), func(p *multipart.Part) (bool, error) {
		name := p.FormName()
		if name != "zip" && !slices.Contains(publiclife.Tables, name) {
			return false, nil
		}
		tooLarge := fieldErr(name, "error.surveys.import_too_large")
		data, over, err := readAll(p, maxSurveyImport, tooLarge)
		switch {
		case err != nil:
			return true, err
		case over:
			return true, tooLarge
		case len(data) == 0:
			return false, nil // a file field left empty
		case name != "zip":
			tables[name] = data
			size += len(data)
			return false, nil
		}
		return false, unzipTables(data, tables, &size)
	})
	switch {
	case errors.Is(err, errNoForm):
		return nil, fieldErr("zip", "error.surveys.import_files_required")
	case err != nil:
		return nil, err
	case len(tables) == 0:
		return nil, fieldErr("zip", "error.surveys.import_files_required")
	}
	return tables, nil
}

// unzipTables adds the protocol tables of a .zip to tables, counting
// what it unpacks in size so that a small archive that unpacks to
// gigabytes is refused.
func unzipTables(data []byte, tables map[string][]byte, size *int) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fieldErr("zip", "error.surveys.zip_invalid")
	}
	for _, zf := range zr.File {
		base := path.Base(strings.ReplaceAll(zf.Name, `\`, "/"))
		table, ok := strings.CutSuffix(strings.ToLower(base), ".csv")
		if !ok || strings.HasPrefix(base, "._") || !slices.Contains(publiclife.Tables, table) {
			continue // folders, a Mac's resource forks, notes beside the tables
		}
		rc, err := zf.Open()
		if err != nil {
			return fieldErr("zip", "error.surveys.zip_invalid")
		}
		b, err := io.ReadAll(io.LimitReader(rc, int64(maxSurveyImport-*size+1)))
		rc.Close()
		if err != nil {
			return fieldErr("zip", "error.surveys.zip_invalid")
		}
		*size += len(b)
		if *size > maxSurveyImport {
			return fieldErr("zip", "error.surveys.import_too_large")
		}
		tables[table] = b
	}
	return nil
}
