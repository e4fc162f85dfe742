package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"birlik"
	"birlik/documents"
	"birlik/notify"
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
	next, doc, err := s.attachUpload(w, r, kind, id)
	if err == nil {
		s.publishDocumentAdded(r, doc)
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
	return s.render(w, r, http.StatusUnprocessableEntity, "documents/list", page{Title: l.T("documents.page.title", "name", d.ParentLabel), Form: f, Data: d})
}

// attachUpload streams the multipart form's file into the documents
// service: the form's fields come before the file (next=), so that a
// file of 20 MB is never held in memory. It returns where to go next.
func (s *Server) attachUpload(w http.ResponseWriter, r *http.Request, kind string, id int64) (string, *documents.Document, error) {
	next := "/documents/of/" + kind + "/" + r.PathValue("id")
	var d *documents.Document
	found, err := eachPart(w, r, documents.MaxSize+1<<20, fieldErr("file", "error.documents.too_large"), func(p *multipart.Part) (bool, error) {
		switch p.FormName() {
		case "next":
			v, _ := io.ReadAll(io.LimitReader(p, 2048))
			if p := localPath(string(v)); p != "/" {
				next = p
			}
		case "file":
			if p.FileName() == "" {
				return true, fileRequired()
			}
			var err error
			d, err = s.documents.Attach(r.Context(), documentParents{s}, kind, id, p.FileName(), uploadReader{p})
			return true, err
		}
		return false, nil
	})
	if errors.Is(err, errNoForm) || (err == nil && !found) {
		return next, nil, fileRequired()
	}
	return next, d, err
}

// publishDocumentAdded tells the followers of a space that a document
// was attached to it. (Meetings, needs and practices publish theirs when
// their parts add them to documentParents.) The upload stands even if
// this fails: it is logged.
func (s *Server) publishDocumentAdded(r *http.Request, d *documents.Document) {
	if d.ParentKind != documents.Space {
		return
	}
	ctx := r.Context()
	sp, err := s.spaces.ByID(ctx, d.ParentID)
	if err == nil {
		id := strconv.FormatInt(d.ParentID, 10)
		_, err = s.notify.Publish(ctx, nil, notify.Event{Kind: "document.added", TargetKind: notify.Space, TargetID: d.ParentID,
			SpaceID: d.ParentID, Key: "notify.event.document_added", Args: map[string]any{"parent": sp.Name, "name": d.Name},
			URL: "/documents/of/space/" + id})
	}
	if err != nil {
		s.log.WarnContext(ctx, "notify document added", "document", d.ID, "error", err)
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
