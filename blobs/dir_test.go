package blobs_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"birlik"
	"birlik/blobs"
)

func read(t *testing.T, s blobs.Store, key string) string {
	t.Helper()
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestDirPutOpenDelete stores, replaces, reads and deletes a file.
func TestDirPutOpenDelete(t *testing.T) {
	ctx := context.Background()
	d := blobs.Dir(t.TempDir())
	if err := d.Put(ctx, "documents/2026/abc-1", strings.NewReader("birinci")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, d, "documents/2026/abc-1"); got != "birinci" {
		t.Errorf("read %q", got)
	}
	if err := d.Put(ctx, "documents/2026/abc-1", strings.NewReader("ikinci")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, d, "documents/2026/abc-1"); got != "ikinci" {
		t.Errorf("after replacing: %q", got)
	}
	if err := d.Delete(ctx, "documents/2026/abc-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, "documents/2026/abc-1"); birlik.ErrorCode(err) != birlik.ENOTFOUND {
		t.Errorf("open after delete: %v", err)
	}
	if err := d.Delete(ctx, "documents/2026/abc-1"); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
}

// TestDirRefusesBadKeys checks that no key reaches outside the folder.
func TestDirRefusesBadKeys(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	d := blobs.Dir(filepath.Join(root, "files"))
	for _, key := range []string{"", "..", "../secret", "a/../../b", "/etc/passwd", "a/./b", `a\b`, "a b", "ç", "a..b", "a/.hidden"} {
		t.Run(key, func(t *testing.T) {
			if err := d.Put(ctx, key, strings.NewReader("x")); birlik.ErrorCode(err) != birlik.EINVALID {
				t.Errorf("Put(%q): %v, want invalid", key, err)
			}
			if _, err := d.Open(ctx, key); birlik.ErrorCode(err) != birlik.EINVALID {
				t.Errorf("Open(%q): %v, want invalid", key, err)
			}
			if err := d.Delete(ctx, key); birlik.ErrorCode(err) != birlik.EINVALID {
				t.Errorf("Delete(%q): %v, want invalid", key, err)
			}
		})
	}
	if entries, _ := os.ReadDir(root); len(entries) > 0 {
		t.Errorf("bad keys wrote %v", entries)
	}
}

// failingReader fails half-way through.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n > 0 {
		return 0, errors.New("connection lost")
	}
	r.n++
	return copy(p, "half a fi"), nil
}

// TestDirPutIsAtomic checks that a failed write leaves the old file
// whole and no temporary file behind.
func TestDirPutIsAtomic(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	d := blobs.Dir(root)
	if err := d.Put(ctx, "k/one", strings.NewReader("the whole old file")); err != nil {
		t.Fatal(err)
	}
	if err := d.Put(ctx, "k/one", &failingReader{}); err == nil {
		t.Fatal("a failed read was stored")
	}
	if got := read(t, d, "k/one"); got != "the whole old file" {
		t.Errorf("after a failed replace: %q", got)
	}
	entries, err := os.ReadDir(filepath.Join(root, "k"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "one" {
		t.Errorf("folder holds %v, want the file alone", entries)
	}
}
