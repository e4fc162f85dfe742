package streets

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// maxAlt bounds a photo's alternative text, in characters: a sentence
// or two, as screen readers read it.
const maxAlt = 500

// Photos returns the site's photos, before ones first, each stage in its
// order. ENOTFOUND when the actor may not read the site.
func (s *Service) Photos(ctx context.Context, siteID int64) ([]Photo, error) {
	if err := s.MayRead(ctx, siteID); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT site_id, document_id, stage, alt, position FROM street_site_photos
		WHERE site_id = ? ORDER BY CASE stage WHEN 'before' THEN 0 ELSE 1 END, position, document_id`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Photo
	for rows.Next() {
		var p Photo
		if err := rows.Scan(&p.SiteID, &p.DocumentID, &p.Stage, &p.Alt, &p.Position); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddPhoto attaches a stored document to the site as a photo, or, when
// it is one already, changes its stage, text and position. The document
// must be an image attached to that site (package documents, parent kind
// "site"). A Position of 0 puts a new photo last of its stage. Fields:
// document_id, stage, alt. EINVALID (no alt text, not an image, not the
// site's), EFORBIDDEN, ENOTFOUND.
func (s *Service) AddPhoto(ctx context.Context, p Photo) error {
	if err := s.MayChange(ctx, p.SiteID); err != nil {
		return err
	}
	var v birlik.Invalid
	if p.Stage != Before && p.Stage != After {
		v.Add("stage", "error.streets.stage_invalid")
	}
	checkText(&v, "alt", &p.Alt, true, false, maxAlt)
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var kind, contentType string
	var parent int64
	err = tx.QueryRowContext(ctx, `SELECT parent_kind, parent_id, content_type FROM documents WHERE id = ?`, p.DocumentID).
		Scan(&kind, &parent, &contentType)
	switch {
	case errors.Is(err, sql.ErrNoRows) || err == nil && (kind != "site" || parent != p.SiteID):
		v.Add("document_id", "error.streets.photo_not_site")
	case err != nil:
		return err
	case !strings.HasPrefix(contentType, "image/"):
		v.Add("document_id", "error.streets.photo_not_image")
	}
	if err := v.Err(); err != nil {
		return err
	}
	var before *Photo
	var old Photo
	err = tx.QueryRowContext(ctx, `SELECT site_id, document_id, stage, alt, position FROM street_site_photos
		WHERE site_id = ? AND document_id = ?`, p.SiteID, p.DocumentID).Scan(&old.SiteID, &old.DocumentID, &old.Stage, &old.Alt, &old.Position)
	switch {
	case err == nil:
		before = &old
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if p.Position <= 0 {
		if before != nil && before.Stage == p.Stage {
			p.Position = before.Position
		} else if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM street_site_photos
			WHERE site_id = ? AND stage = ?`, p.SiteID, string(p.Stage)).Scan(&p.Position); err != nil {
			return err
		}
	}
	action := audit.Create
	if before == nil {
		_, err = tx.ExecContext(ctx, `INSERT INTO street_site_photos (site_id, document_id, stage, alt, position) VALUES (?, ?, ?, ?, ?)`,
			p.SiteID, p.DocumentID, string(p.Stage), p.Alt, p.Position)
	} else {
		action = audit.Update
		_, err = tx.ExecContext(ctx, `UPDATE street_site_photos SET stage = ?, alt = ?, position = ? WHERE site_id = ? AND document_id = ?`,
			string(p.Stage), p.Alt, p.Position, p.SiteID, p.DocumentID)
	}
	if err != nil {
		return err
	}
	var prev any
	if before != nil {
		prev = before
	}
	if err := s.auditPhoto(ctx, tx, action, p.SiteID, p.DocumentID, prev, p); err != nil {
		return err
	}
	return tx.Commit()
}

// RemovePhoto detaches a photo (the document stays, attached to the
// site). EFORBIDDEN, ENOTFOUND.
func (s *Service) RemovePhoto(ctx context.Context, siteID, documentID int64) error {
	if err := s.MayChange(ctx, siteID); err != nil {
		return err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var old Photo
	err = tx.QueryRowContext(ctx, `SELECT site_id, document_id, stage, alt, position FROM street_site_photos
		WHERE site_id = ? AND document_id = ?`, siteID, documentID).Scan(&old.SiteID, &old.DocumentID, &old.Stage, &old.Alt, &old.Position)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound()
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM street_site_photos WHERE site_id = ? AND document_id = ?`, siteID, documentID); err != nil {
		return err
	}
	if err := s.auditPhoto(ctx, tx, audit.Delete, siteID, documentID, old, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// auditPhoto records a change to a site's photos, under the site's
// municipality.
func (s *Service) auditPhoto(ctx context.Context, tx *store.Tx, action string, siteID, documentID int64, before, after any) error {
	var org string
	if err := tx.QueryRowContext(ctx, `SELECT org_id FROM street_sites WHERE id = ?`, siteID).Scan(&org); err != nil {
		return err
	}
	id := strconv.FormatInt(siteID, 10) + "/" + strconv.FormatInt(documentID, 10)
	return audit.Write(ctx, tx, s.now(), action, "street_site_photo", id, org, before, after)
}
