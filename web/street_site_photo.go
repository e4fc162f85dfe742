package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"birlik"
	"birlik/documents"
	"birlik/streets"
)

// sitePhotoAdd uploads a photo of a site, before or after, with the text
// that says what it shows: the file is stored by package documents
// (attached to the site) and then becomes the site's photo. A refused
// photo comes back on the site's page with the reason beside the field
// and the stage and text kept; a file stored for a photo then refused is
// removed again.
func (s *Server) sitePhotoAdd(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	site, err := s.editableSite(r)
	if err != nil {
		return err
	}
	v := url.Values{}
	err = s.readPhotoUpload(w, r, site, v)
	if err == nil {
		return s.redirect(w, r, "/streets/sites/"+strconv.FormatInt(site.ID, 10)+"#photos", "flash.streets_web.photo_added")
	}
	f := newForm("streets_web.photo", v)
	status, err := f.fail(err, "stage", "alt", "file")
	if err != nil {
		return err
	}
	// The service speaks of the stored document; the person chose a file.
	if key, ok := f.Errors["document_id"]; ok {
		delete(f.Errors, "document_id")
		f.Errors["file"] = key
		f.Order = slices.DeleteFunc(f.Order, func(n string) bool { return n == "document_id" || n == "file" })
		f.Order = append(f.Order, "file")
	}
	if site, err = s.streets.Site(ctx, site.ID); err != nil {
		return err
	}
	return s.renderSiteShow(w, r, status, site, f)
}

// readPhotoUpload streams the multipart form: the stage and the text
// come before the file, so that a photo of 20 MB is never held in
// memory. What was typed is written to v.
func (s *Server) readPhotoUpload(w http.ResponseWriter, r *http.Request, site *streets.Site, v url.Values) error {
	ctx := r.Context()
	found, err := eachPart(w, r, documents.MaxSize+1<<20, fieldErr("file", "error.documents.too_large"), func(p *multipart.Part) (bool, error) {
		switch name := p.FormName(); name {
		case "stage", "alt":
			b, _ := io.ReadAll(io.LimitReader(p, 4096))
			v.Set(name, strings.TrimSpace(string(b)))
		case "file":
			if p.FileName() == "" {
				return true, fieldErr("file", "error.documents.required")
			}
			doc, err := s.documents.Attach(ctx, documentParents{s}, documents.Site, site.ID, p.FileName(), uploadReader{p})
			if err != nil {
				return true, err
			}
			err = s.streets.AddPhoto(ctx, streets.Photo{SiteID: site.ID, DocumentID: doc.ID, Stage: streets.PhotoStage(v.Get("stage")), Alt: v.Get("alt")})
			if err != nil {
				if _, derr := s.documents.Delete(ctx, documentParents{s}, doc.ID); derr != nil {
					s.log.WarnContext(ctx, "remove a refused photo's file", "document", doc.ID, "error", derr)
				}
			}
			return true, err
		}
		return false, nil
	})
	if errors.Is(err, errNoForm) || (err == nil && !found) {
		return fieldErr("file", "error.documents.required")
	}
	return err
}

// sitePhotoRemove takes a photo off a site and deletes its file.
func (s *Server) sitePhotoRemove(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	site, err := s.editableSite(r)
	if err != nil {
		return err
	}
	doc, err := pathNamedID(r, "doc")
	if err != nil {
		return err
	}
	if err := s.streets.RemovePhoto(ctx, site.ID, doc); err != nil {
		return err
	}
	// The photo is off the page; a file the remover may not delete (a
	// focal point's colleague uploaded it) stays among the site's
	// documents, where staff can remove it.
	if _, err := s.documents.Delete(ctx, documentParents{s}, doc); err != nil && birlik.ErrorCode(err) != birlik.EFORBIDDEN {
		return err
	}
	return s.redirect(w, r, "/streets/sites/"+strconv.FormatInt(site.ID, 10)+"#photos", "flash.streets_web.photo_removed")
}

// editableSite reads the site of the path, which the actor must be
// allowed to change: 404 for a site they may not read, 403 for one they
// may read but not change.
func (s *Server) editableSite(r *http.Request) (*streets.Site, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	site, err := s.streets.Site(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !streets.MayEdit(birlik.ActorFrom(r.Context()), site.OrgID) {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	return site, nil
}
