package web

import (
	"bytes"
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"birlik"
	"birlik/accounts"
	"birlik/network"
)

// Shared by the import pages. An import is two requests: the upload,
// which checks the whole file and shows every bad row or what saving would
// change, and the confirmation, which checks the file again (the records
// may have changed meanwhile) and saves it. Between the two the file waits
// in the staging store, bound to the account and session that sent it;
// the confirmation form carries only its random id. A large file is
// checked and saved in the background instead, with a status page in
// between (import_jobs.go).

// importKinds are what can be imported, in page order.
var importKinds = []string{"organisations", "people"}

// importResultCookie carries the counts of a saved import to the page the
// confirmation redirects to (a flash message has no placeholders).
const importResultCookie = "birlik_import_result"

// importKind reads the kind of the path; any other is not found.
func importKind(r *http.Request) (string, error) {
	k := r.PathValue("kind")
	if !contains(importKinds, k) {
		return "", birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	return k, nil
}

func importColumns(kind string) []string {
	if kind == "people" {
		return network.PeopleCSVColumns
	}
	return network.OrgCSVColumns
}

// importCheck is a checked file: what saving it would do, or what is
// wrong with it. Exactly one of the two ways is set. A check done in the
// background is kept as JSON until its report is shown; save is not.
type importCheck struct {
	Rows                        int
	Creates, Updates, Unchanged int
	Errors                      []network.RowError
	save                        func(ctx context.Context, progress func(done, total int)) (created, updated int, err error)
}

// checkImport reads and checks a whole file without writing anything.
// progress, when not nil, hears how many lines have been read.
func (s *Server) checkImport(ctx context.Context, kind string, data []byte, progress func(lines int)) (*importCheck, error) {
	if kind == "people" {
		imp, err := s.network.ParsePeopleCSV(ctx, bytes.NewReader(data), progress)
		if err != nil {
			return nil, err
		}
		return &importCheck{Rows: len(imp.Rows), Creates: imp.Creates, Updates: imp.Updates, Unchanged: imp.Unchanged, Errors: imp.Errors,
			save: func(ctx context.Context, progress func(done, total int)) (int, int, error) {
				return s.network.SavePeople(ctx, imp.Rows, progress)
			}}, nil
	}
	imp, err := s.network.ParseOrganisationsCSV(ctx, bytes.NewReader(data), progress)
	if err != nil {
		return nil, err
	}
	return &importCheck{Rows: len(imp.Rows), Creates: imp.Creates, Updates: imp.Updates, Unchanged: imp.Unchanged, Errors: imp.Errors,
		save: func(ctx context.Context, progress func(done, total int)) (int, int, error) {
			return s.network.SaveOrganisations(ctx, imp.Rows, progress)
		}}, nil
}

// confirmable reports whether a checked file may be confirmed: it is
// clean and would change something.
func (c *importCheck) confirmable() bool { return len(c.Errors) == 0 && c.Creates+c.Updates > 0 }

// readUpload reads the file of a multipart upload form, streaming it
// rather than spooling it to disk, and refuses one over the import limit
// or a request that is not an upload.
func readUpload(w http.ResponseWriter, r *http.Request) (name string, data []byte, err error) {
	tooLarge := birlik.Errorf(birlik.EINVALID, "error.network.csv.too_large", "max", network.MaxImportBytes>>20)
	noFile := birlik.Errorf(birlik.EINVALID, "error.import.no_file")
	found, err := eachPart(w, r, network.MaxImportBytes+1<<20, tooLarge, func(p *multipart.Part) (bool, error) {
		if p.FormName() != "file" {
			return false, nil
		}
		var over bool
		data, over, err = readAll(p, network.MaxImportBytes, tooLarge)
		switch {
		case err != nil:
			return true, err
		case over:
			return true, tooLarge
		case len(bytes.TrimSpace(data)) == 0:
			return true, noFile
		}
		if name = strings.ToValidUTF8(p.FileName(), ""); len(name) > 200 {
			name = name[:200]
		}
		return true, nil
	})
	switch {
	case errors.Is(err, errNoForm) || (err == nil && !found):
		return "", nil, noFile
	case err != nil:
		return "", nil, err
	}
	return name, data, nil
}

// sessionKey is what binds a kept upload to the session that sent it.
func sessionKey(r *http.Request) string {
	if t := reqInfo(r).token; t != "" {
		return accounts.HashToken(t)
	}
	return ""
}

// importRow is one bad row of a report, translated.
type importRow struct {
	Line    int
	Field   string
	Message string
}

// importReportPage is the report of a checked file.
type importReportPage struct {
	Kind       string
	FileName   string
	Check      *importCheck
	Problems   []importRow
	ErrorLines int
	UploadID   string // set when the file is clean and kept for confirmation
}

// renderImportReport shows the report of a checked file: with status, or
// when status is 0, 422 for a file with errors and 200 for a clean one.
func (s *Server) renderImportReport(w http.ResponseWriter, r *http.Request, status int, kind, fileName string, c *importCheck, uploadID string) error {
	l := reqInfo(r).lang
	p := importReportPage{Kind: kind, FileName: fileName, Check: c, UploadID: uploadID}
	lines := map[int]bool{}
	for _, e := range c.Errors {
		row := importRow{Line: e.Line, Message: l.T(e.Message, e.Args...)}
		if e.Field != "" {
			row.Field = l.T(network.FieldKey(e.Field))
			if row.Field == l.T("network.field.other") {
				row.Field = e.Field
			}
		}
		p.Problems = append(p.Problems, row)
		lines[e.Line] = true
	}
	p.ErrorLines = len(lines)
	switch {
	case status != 0:
	case len(c.Errors) > 0:
		status = http.StatusUnprocessableEntity
	default:
		status = http.StatusOK
	}
	return s.render(w, r, status, "network/import_report", page{Title: l.T("network.import.report.title." + kind), Data: p})
}

// importPage is the page with the two upload forms.
type importPage struct {
	Kinds  []importKindView
	MaxMB  int
	Result *importResult // the counts of an import just saved
}

type importKindView struct {
	Kind     string
	Columns  string // the header, comma-separated
	Required []string
	Error    string // already translated: why the last upload of this kind was refused
}

type importResult struct {
	Kind             string
	Created, Updated int
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, failedKind string, failure error) error {
	l := reqInfo(r).lang
	p := importPage{MaxMB: network.MaxImportBytes >> 20}
	for _, k := range importKinds {
		v := importKindView{Kind: k, Columns: strings.Join(importColumns(k), ",")}
		if k == "people" {
			v.Required = []string{"given_name", "family_name", "org_id"}
		} else {
			v.Required = []string{"name", "kind"}
		}
		if k == failedKind && failure != nil {
			var e *birlik.Error
			if errors.As(failure, &e) {
				v.Error = l.T(e.Message, e.Args...)
			}
		}
		p.Kinds = append(p.Kinds, v)
	}
	if c, err := r.Cookie(importResultCookie); err == nil {
		s.clearCookie(w, importResultCookie)
		if parts := strings.Split(c.Value, "."); len(parts) == 3 && contains(importKinds, parts[0]) {
			created, err1 := strconv.Atoi(parts[1])
			updated, err2 := strconv.Atoi(parts[2])
			if err1 == nil && err2 == nil && created >= 0 && updated >= 0 {
				p.Result = &importResult{Kind: parts[0], Created: created, Updated: updated}
			}
		}
	}
	return s.render(w, r, status, "network/import", page{Title: l.T("network.import.title"), Data: p})
}
