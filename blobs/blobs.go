// Package blobs stores files (photos, documents) by key, apart from the
// database: a local folder by default, object storage for scale. It knows
// nothing of who may read a file; package documents decides that.
package blobs

import (
	"context"
	"io"
)

// Store keeps files by key. Keys are opaque strings made by the caller
// from letters, digits, '-' and '/'.
type Store interface {
	// Put writes r under key, replacing any file there.
	Put(ctx context.Context, key string, r io.Reader) error
	// Open returns the file under key; ENOTFOUND when there is none.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the file under key; no error when there is none.
	Delete(ctx context.Context, key string) error
}
