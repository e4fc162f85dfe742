package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/documents"
	"birlik/locale"
	"birlik/notify"
)

// documentsBlock is what the "documents-block" partial renders: a
// parent's documents with their download and delete buttons, and the
// upload form when the account may attach. Build it in a page's handler
// with Server.documentsBlock and include {{template "documents-block"
// .Data.Documents}}.
type documentsBlock struct {
	Kind      string
	ID        int64
	Docs      []documentRow
	CanAttach bool
	Next      string // the page the forms come back to
	Error     string // the upload's error, translated; "" for none
	MaxMB     int
	Accept    string // the file input's accept list
	HeadingID string // unique id of the block's heading on its page
	// Standalone is set on the documents page, whose h1 (of id
	// HeadingID) heads the block.
	Standalone bool
}

// documentRow is one document of the list.
type documentRow struct {
	*documents.Document
	Href      string // the download link
	CanDelete bool
	TypeLabel string // "PDF", "DOCX", …
	SizeText  string // "12 KB", "3,4 MB", in the reader's language
}

// sizeText writes a file size for people: kilobytes (rounded up) below a
// megabyte, megabytes with one decimal above.
func sizeText(l *locale.Lang, size int64) string {
	if size < 1<<20 {
		return l.T("documents.size.kb", "n", (size+1023)/1024)
	}
	return l.T("documents.size.mb", "n", float64(size*10/(1<<20))/10)
}

// documentAccept lists the extensions the upload offers; the server
// judges by content regardless.
const documentAccept = ".pdf,.png,.jpg,.jpeg,.webp,.odt,.ods,.docx,.xlsx,.txt,.md,.csv"

// documentsBlock returns the documents of a parent as the request's
// actor may see them. Errors: ENOTFOUND when they may not read the
// parent.
func (s *Server) documentsBlock(r *http.Request, kind string, id int64) (documentsBlock, error) {
	ctx := r.Context()
	p := documentParents{s}
	list, err := s.documents.List(ctx, p, kind, id)
	if err != nil {
		return documentsBlock{}, err
	}
	can, err := s.documents.CanAttach(ctx, p, kind, id)
	if err != nil {
		return documentsBlock{}, err
	}
	b := documentsBlock{Kind: kind, ID: id, CanAttach: can, Next: r.URL.RequestURI(), MaxMB: documents.MaxSize >> 20,
		Accept: documentAccept, HeadingID: "documents-" + kind + "-" + strconv.FormatInt(id, 10)}
	for _, d := range list {
		b.Docs = append(b.Docs, documentRow{Document: d, Href: documentHref(d), CanDelete: documents.CanDelete(ctx, d),
			TypeLabel: documentTypeLabel(d.ContentType), SizeText: sizeText(reqInfo(r).lang, d.Size)})
	}
	return b, nil
}

// documentHref is a document's download link; the name at its end is
// what browsers offer to save it as.
func documentHref(d *documents.Document) string {
	return "/documents/" + strconv.FormatInt(d.ID, 10) + "/" + url.PathEscape(d.Name)
}

// documentTypeLabel names a content type for people.
func documentTypeLabel(ct string) string {
	switch ct {
	case "application/pdf":
		return "PDF"
	case "image/png":
		return "PNG"
	case "image/jpeg":
		return "JPEG"
	case "image/webp":
		return "WebP"
	case "application/vnd.oasis.opendocument.text":
		return "ODT"
	case "application/vnd.oasis.opendocument.spreadsheet":
		return "ODS"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return "DOCX"
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return "XLSX"
	case "text/csv; charset=utf-8":
		return "CSV"
	}
	return "TXT"
}

// documentsOfPage is what documents/list shows: a parent's documents on
// a page of their own, for parents whose page does not include the block
// yet, and for an upload refused (the error beside the field).
type documentsOfPage struct {
	Block       documentsBlock
	ParentLabel string
	ParentHref  string // "" when the parent has no page (yet)
	// Follow is the parent's follow button, for parents one can follow.
	Follow *followButton
}

// documentsPage returns the documents page of a parent.
func (s *Server) documentsPage(r *http.Request, b documentsBlock) (documentsOfPage, error) {
	label, href, err := s.followLabel(r.Context(), reqInfo(r).lang, b.Kind, b.ID)
	b.Standalone = true
	d := documentsOfPage{Block: b, ParentLabel: label, ParentHref: href}
	if notify.ValidKind(b.Kind) {
		fb := s.followButton(r, b.Kind, b.ID)
		d.Follow = &fb
	}
	return d, err
}

// parentOf reads the parent kind and id of the path.
func parentOf(r *http.Request) (string, int64, error) {
	kind := r.PathValue("kind")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || !documents.ValidKind(kind) {
		return "", 0, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	return kind, id, nil
}

// documentList shows a parent's documents and the upload form.
func (s *Server) documentList(w http.ResponseWriter, r *http.Request) error {
	kind, id, err := parentOf(r)
	if err != nil {
		return err
	}
	b, err := s.documentsBlock(r, kind, id)
	if err != nil {
		return err
	}
	d, err := s.documentsPage(r, b)
	if err != nil {
		return err
	}
	l := reqInfo(r).lang
	return s.render(w, r, http.StatusOK, "documents/list", page{Title: l.T("documents.page.title", "name", d.ParentLabel), Data: d})
}
