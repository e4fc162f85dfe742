package documents

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strconv"
	"unicode/utf8"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// maxNameLen bounds a file name, in characters.
const maxNameLen = 200

// fileError is an EINVALID error on the form's file field.
func fileError(key string) error {
	var v birlik.Invalid
	v.Add("file", key)
	return v.Err()
}

// readable checks the actor may read the parent: ENOTFOUND otherwise, as
// for a parent that does not exist.
func readable(ctx context.Context, p Parents, kind string, id int64) error {
	if !ValidKind(kind) || id <= 0 {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	ok, err := p.CanRead(ctx, kind, id)
	if err != nil {
		return err
	}
	if !ok {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	return nil
}

// CanAttach reports whether the actor in ctx may attach files to the
// parent (they must be signed in and allowed by p). Errors: ENOTFOUND
// when they may not read it.
func (s *Service) CanAttach(ctx context.Context, p Parents, kind string, id int64) (bool, error) {
	if err := readable(ctx, p, kind, id); err != nil {
		return false, err
	}
	if !birlik.ActorFrom(ctx).Signed() {
		return false, nil
	}
	return p.CanAttach(ctx, kind, id)
}

// Attach stores the file read from r, named name, as a document of the
// parent, for the actor in ctx. The file is refused (EINVALID on the
// field "file") when empty, larger than MaxSize, of a type not accepted
// (judged from its content), or named with an extension that does not fit
// its content. Errors: ENOTFOUND when the actor may not read the parent,
// EFORBIDDEN when they may not attach to it.
func (s *Service) Attach(ctx context.Context, p Parents, kind string, parentID int64, name string, r io.Reader) (*Document, error) {
	a := birlik.ActorFrom(ctx)
	ok, err := s.CanAttach(ctx, p, kind, parentID)
	if err != nil {
		return nil, err
	}
	if !ok || a.UserID == 0 && !a.System {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	name = cleanName(name)
	if name == "" {
		return nil, fileError("error.documents.required")
	}
	if utf8.RuneCountInString(name) > maxNameLen {
		return nil, fileError("error.documents.name_long")
	}
	tmp, err := os.CreateTemp("", "birlik-upload-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	sum := sha256.New()
	size, err := io.Copy(io.MultiWriter(tmp, sum), io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	switch {
	case size == 0:
		return nil, fileError("error.documents.empty")
	case size > MaxSize:
		return nil, fileError("error.documents.too_large")
	}
	ct, err := sniff(tmp, size, name)
	if errors.Is(err, errNotUTF8) {
		return nil, fileError("error.documents.text_encoding")
	}
	if err != nil {
		return nil, err
	}
	if ct == "" {
		return nil, fileError("error.documents.type")
	}
	if !fitsType(name, ct) {
		return nil, fileError("error.documents.extension")
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	key := make([]byte, 16)
	rand.Read(key)
	d := &Document{ParentKind: kind, ParentID: parentID, Name: name, ContentType: ct, Size: size,
		SHA256: hex.EncodeToString(sum.Sum(nil)), UploadedBy: a.UserID, CreatedAt: s.now(),
		blobKey: "documents/" + hex.EncodeToString(key)}
	if err := s.Blobs.Put(ctx, d.blobKey, tmp); err != nil {
		return nil, err
	}
	if err := s.insert(ctx, d); err != nil {
		s.Blobs.Delete(context.WithoutCancel(ctx), d.blobKey)
		return nil, err
	}
	return d, nil
}

func (s *Service) insert(ctx context.Context, d *Document) error {
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var by any
	if d.UploadedBy != 0 {
		by = d.UploadedBy
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO documents (parent_kind, parent_id, name, content_type, size, sha256, blob_key, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		d.ParentKind, d.ParentID, d.Name, d.ContentType, d.Size, d.SHA256, d.blobKey, by, d.CreatedAt).Scan(&d.ID)
	if err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, d.CreatedAt, audit.Create, "document", strconv.FormatInt(d.ID, 10), birlik.ActorFrom(ctx).OrgID, nil, d.record()); err != nil {
		return err
	}
	return tx.Commit()
}

// record is what the audit log keeps of a document.
func (d *Document) record() map[string]any {
	return map[string]any{"parent_kind": d.ParentKind, "parent_id": d.ParentID, "name": d.Name,
		"content_type": d.ContentType, "size": d.Size, "sha256": d.SHA256, "uploaded_by": d.UploadedBy}
}

const columns = `d.id, d.parent_kind, d.parent_id, d.name, d.content_type, d.size, d.sha256, d.blob_key,
	COALESCE(d.uploaded_by, 0), COALESCE(NULLIF(u.name, ''), u.email, ''), d.created_at`

func scan(row interface{ Scan(...any) error }, signed bool) (*Document, error) {
	d := &Document{}
	if err := row.Scan(&d.ID, &d.ParentKind, &d.ParentID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &d.blobKey,
		&d.UploadedBy, &d.UploaderName, &d.CreatedAt); err != nil {
		return nil, err
	}
	if !signed {
		d.UploaderName = ""
	}
	return d, nil
}

// List returns the parent's documents, newest first. Errors: ENOTFOUND
// when the actor may not read the parent.
func (s *Service) List(ctx context.Context, p Parents, kind string, id int64) ([]*Document, error) {
	if err := readable(ctx, p, kind, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+columns+` FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by
		WHERE d.parent_kind = ? AND d.parent_id = ? ORDER BY d.created_at DESC, d.id DESC`, kind, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	signed := birlik.ActorFrom(ctx).Signed()
	var out []*Document
	for rows.Next() {
		d, err := scan(rows, signed)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Get returns a document, if the actor may read its parent; ENOTFOUND
// otherwise.
func (s *Service) Get(ctx context.Context, p Parents, id int64) (*Document, error) {
	d, err := scan(s.DB.QueryRowContext(ctx, `SELECT `+columns+` FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by
		WHERE d.id = ?`, id), birlik.ActorFrom(ctx).Signed())
	if errors.Is(err, sql.ErrNoRows) {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	if err := readable(ctx, p, d.ParentKind, d.ParentID); err != nil {
		return nil, err
	}
	return d, nil
}

// Open returns a document and its content, if the actor may read its
// parent; the caller closes the content. Errors: ENOTFOUND.
func (s *Service) Open(ctx context.Context, p Parents, id int64) (*Document, io.ReadCloser, error) {
	d, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	rc, err := s.Blobs.Open(ctx, d.blobKey)
	if err != nil {
		return nil, nil, err
	}
	return d, rc, nil
}

// CanDelete reports whether the actor in ctx may delete d: the person
// who attached it, or union staff.
func CanDelete(ctx context.Context, d *Document) bool {
	a := birlik.ActorFrom(ctx)
	return a.System || a.Staff() || (a.UserID != 0 && a.UserID == d.UploadedBy)
}

// Delete removes a document and its file. Errors: ENOTFOUND when the
// actor may not read its parent, EFORBIDDEN when they neither attached
// it nor work for the union.
func (s *Service) Delete(ctx context.Context, p Parents, id int64) (*Document, error) {
	d, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !CanDelete(ctx, d) {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
		}
		return audit.Write(ctx, tx, s.now(), audit.Delete, "document", strconv.FormatInt(id, 10), birlik.ActorFrom(ctx).OrgID, d.record(), nil)
	})
	if err != nil {
		return nil, err
	}
	// The record is gone: a file left behind by a failure here is
	// unreachable, and harmless.
	s.Blobs.Delete(context.WithoutCancel(ctx), d.blobKey)
	return d, nil
}
