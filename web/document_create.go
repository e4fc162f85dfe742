package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"birlik"
	"birlik/documents"
)

// documentCreate attaches the uploaded file to the parent of the path and
// goes back to the page the form was on (next=). A refused file comes
// back on the documents page with the reason beside the field.
func (s *Server) documentCreate(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := parentOf(r)
	if err != nil {
		return err
	}
	// The parent must be readable before anything is read: a stranger
	// learns nothing from the answer but "not found".
	if ok, err := s.documents.CanAttach(r.Context(), documentParents{s}, kind, id); err != nil {
		return err
	} else if !ok {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	next, err := s.attachUpload(w, r, kind, id)
	if err == nil {
		return s.redirect(w, r, next, "flash.documents.added")
	}
	if birlik.ErrorCode(err) != birlik.EINVALID {
		return err
	}
	b, berr := s.documentsBlock(r, kind, id)
	if berr != nil {
		return berr
	}
	l := reqInfo(r).lang
	b.Error = l.T(birlik.FieldErrors(err)["file"])
	if b.Error == "" {
		b.Error = l.T(birlik.ErrorMessage(err))
	}
	b.Next = next
	f := newForm("documents", nil)
	f.fail(err, "file")
	d, err := s.documentsPage(r, b)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusUnprocessableEntity, "documents/list", page{Title: l.T("documents.page.title"), Form: f, Data: d})
}

// attachUpload streams the multipart form's file into the documents
// service: the form's fields come before the file (next=), so that a
// file of 20 MB is never held in memory. It returns where to go next.
func (s *Server) attachUpload(w http.ResponseWriter, r *http.Request, kind string, id int64) (string, error) {
	next := "/documents/of/" + kind + "/" + r.PathValue("id")
	r.Body = http.MaxBytesReader(w, r.Body, documents.MaxSize+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return next, fileRequired()
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return next, fileRequired()
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return next, fieldErr("file", "error.documents.too_large")
		}
		if err != nil {
			return next, birlik.Errorf(birlik.EINVALID, "error.bad_request")
		}
		switch part.FormName() {
		case "next":
			v, _ := io.ReadAll(io.LimitReader(part, 2048))
			if p := localPath(string(v)); p != "/" {
				next = p
			}
		case "file":
			if part.FileName() == "" {
				part.Close()
				return next, fileRequired()
			}
			_, err := s.documents.Attach(r.Context(), documentParents{s}, kind, id, part.FileName(), uploadReader{part})
			part.Close()
			return next, err
		}
		part.Close()
	}
}

func fileRequired() error { return fieldErr("file", "error.documents.required") }

func fieldErr(field, key string) error {
	var v birlik.Invalid
	v.Add(field, key)
	return v.Err()
}

// uploadReader turns the request's size limit, hit mid-file, into the
// refusal people understand.
type uploadReader struct{ p *multipart.Part }

func (u uploadReader) Read(b []byte) (int, error) {
	n, err := u.p.Read(b)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return n, fieldErr("file", "error.documents.too_large")
	}
	return n, err
}
