package documents_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/blobs"
	"birlik/documents"
	"birlik/store"
	"birlik/store/storetest"
)

// parents is a Parents with fixed answers: space 1 is readable by all
// and open to attach for signed-in accounts; space 2 is readable by
// staff only (a private space).
type parents struct{}

func (parents) CanRead(ctx context.Context, kind string, id int64) (bool, error) {
	switch {
	case kind == documents.Space && id == 1:
		return true, nil
	case kind == documents.Space && id == 2:
		return birlik.ActorFrom(ctx).Staff(), nil
	}
	return false, nil
}

func (parents) CanAttach(ctx context.Context, kind string, id int64) (bool, error) {
	a := birlik.ActorFrom(ctx)
	return a.UserID != 0 && a.Role != birlik.RoleViewer, nil
}

type fixture struct {
	t     *testing.T
	db    *store.DB
	svc   *documents.Service
	blobs blobs.Dir
	users map[string]*accounts.User
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, db: db, blobs: blobs.Dir(t.TempDir()), users: map[string]*accounts.User{}}
	f.svc = documents.New(db, f.blobs)
	f.svc.Now = func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }
	acc := accounts.New(db)
	sys := birlik.WithActor(context.Background(), birlik.SystemActor)
	for _, nu := range []accounts.NewUser{
		{Email: "coordinator@test", Role: birlik.RoleCoordinator, Name: "Cem Koordinatör"},
		{Email: "committee@test", Role: birlik.RoleCommittee, Name: "Kemal Meclis"},
		{Email: "other@test", Role: birlik.RoleCommittee, Name: "Başka Üye"},
		{Email: "viewer@test", Role: birlik.RoleViewer},
	} {
		u, _, err := acc.Create(sys, nu)
		if err != nil {
			t.Fatal(err)
		}
		f.users[nu.Email] = u
	}
	return f
}

func (f *fixture) as(email string) context.Context {
	if email == "" {
		return context.Background()
	}
	return birlik.WithActor(context.Background(), f.users[email].Actor())
}

func (f *fixture) attach(email string, space int64, name string, data []byte) (*documents.Document, error) {
	return f.svc.Attach(f.as(email), parents{}, documents.Space, space, name, bytes.NewReader(data))
}

func fieldError(err error) string { return birlik.FieldErrors(err)["file"] }

// zipOf returns a zip archive holding the named files, in order.
func zipOf(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: files[i], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, files[i+1])
	}
	w.Close()
	return buf.Bytes()
}

const (
	docxTypes = `<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`
	docmTypes = `<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>`
	xlsxTypes = `<?xml version="1.0"?><Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`
)

// TestTypesAndSizes checks the allow-list, judged by content, and the
// limits on size and name.
func TestTypesAndSizes(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	pdf := []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
	cases := []struct {
		name     string
		file     string
		data     []byte
		wantType string // "" when refused
		wantErr  string
	}{
		{"pdf", "Toplantı tutanağı.pdf", pdf, "application/pdf", ""},
		{"png", "afiş.PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png", ""},
		{"jpeg", "foto.jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "image/jpeg", ""},
		{"webp", "foto.webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), "image/webp", ""},
		{"odt", "rapor.odt", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<x/>"), "application/vnd.oasis.opendocument.text", ""},
		{"ods", "tablo.ods", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet", ""},
		{"docx", "rapor.docx", zipOf(t, "[Content_Types].xml", docxTypes, "word/document.xml", "<w/>"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""},
		{"xlsx", "tablo.xlsx", zipOf(t, "[Content_Types].xml", xlsxTypes), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""},
		{"text", "notlar.txt", []byte("Göçmenlere yönelik hizmetler\n"), "text/plain; charset=utf-8", ""},
		{"csv", "liste.csv", []byte("\xef\xbb\xbfil,sayı\nBursa,12\n"), "text/csv; charset=utf-8", ""},
		{"macro-enabled word", "rapor.docx", zipOf(t, "[Content_Types].xml", docmTypes), "", "error.documents.type"},
		{"other archive", "arsiv.zip", zipOf(t, "a.txt", "x"), "", "error.documents.type"},
		{"program", "kur.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), "", "error.documents.type"},
		{"html named as a page", "sayfa.html", []byte("<html><script>alert(1)</script></html>"), "", "error.documents.extension"},
		{"pdf named as word", "rapor.docx", pdf, "", "error.documents.extension"},
		{"no extension", "rapor", pdf, "", "error.documents.extension"},
		{"latin-5 text", "liste.csv", []byte("il,say\xfd\nBursa,12\n"), "", "error.documents.text_encoding"},
		{"empty", "bos.txt", nil, "", "error.documents.empty"},
		{"too large", "buyuk.txt", bytes.Repeat([]byte("a"), documents.MaxSize+1), "", "error.documents.too_large"},
		{"largest", "buyuk.txt", bytes.Repeat([]byte("a"), documents.MaxSize), "text/plain; charset=utf-8", ""},
		{"no name", "  ", pdf, "", "error.documents.required"},
		{"name too long", strings.Repeat("ğ", 201) + ".pdf", pdf, "", "error.documents.name_long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := f.attach("committee@test", 1, c.file, c.data)
			if c.wantType == "" {
				if got := fieldError(err); got != c.wantErr {
					t.Fatalf("error %v (file: %q), want %s", err, got, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.ContentType != c.wantType || d.Size != int64(len(c.data)) || len(d.SHA256) != 64 {
				t.Errorf("stored %+v", d)
			}
		})
	}
	// The name keeps its last element only, without control characters.
	d, err := f.attach("committee@test", 1, "C:\\Users\\ayse\\Belgeler\\rapor\u202efdp.pdf", pdf)
	if err != nil || d.Name != "raporfdp.pdf" {
		t.Errorf("name %q, %v", d.Name, err)
	}
}

// TestWhoMayReadAttachAndDelete checks that a document follows its
// parent's rule, and that only its uploader or staff delete it.
func TestWhoMayReadAttachAndDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		pdf := []byte("%PDF-1.4 gizli\n")
		public, err := f.attach("committee@test", 1, "açık.pdf", pdf)
		if err != nil {
			t.Fatal(err)
		}
		private, err := f.attach("coordinator@test", 2, "gizli.pdf", pdf)
		if err != nil {
			t.Fatal(err)
		}
		// Attaching: not to a parent one cannot read, nor as a viewer or
		// the public.
		if _, err := f.attach("committee@test", 2, "x.pdf", pdf); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("attaching to an unreadable parent: %v", err)
		}
		for _, who := range []string{"viewer@test", ""} {
			if _, err := f.attach(who, 1, "x.pdf", pdf); birlik.ErrorCode(err) != birlik.EFORBIDDEN {
				t.Errorf("attaching as %q: %v", who, err)
			}
		}
		if _, err := f.svc.Attach(f.as("committee@test"), parents{}, "planet", 1, "x.pdf", bytes.NewReader(pdf)); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("attaching to an unknown kind: %v", err)
		}

		// Reading: the public read the public space's document, without
		// learning who attached it; the private one exists for staff only.
		d, rc, err := f.svc.Open(f.as(""), parents{}, public.ID)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if string(data) != string(pdf) || d.Name != "açık.pdf" || d.UploaderName != "" {
			t.Errorf("the public read %+v: %q", d, data)
		}
		if d, err := f.svc.Get(f.as("viewer@test"), parents{}, public.ID); err != nil || d.UploaderName != "Kemal Meclis" {
			t.Errorf("a signed-in reader sees %+v, %v", d, err)
		}
		for _, who := range []string{"", "viewer@test", "committee@test"} {
			if _, _, err := f.svc.Open(f.as(who), parents{}, private.ID); birlik.ErrorCode(err) != birlik.ENOTFOUND {
				t.Errorf("%q opening the private document: %v", who, err)
			}
			if _, err := f.svc.List(f.as(who), parents{}, documents.Space, 2); birlik.ErrorCode(err) != birlik.ENOTFOUND {
				t.Errorf("%q listing the private space: %v", who, err)
			}
		}
		if list, err := f.svc.List(f.as("coordinator@test"), parents{}, documents.Space, 2); err != nil || len(list) != 1 || list[0].ID != private.ID {
			t.Errorf("staff list %+v %v", list, err)
		}
		if _, _, err := f.svc.Open(ctx, parents{}, 999); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("a document that does not exist: %v", err)
		}

		// Deleting: not another member's; the uploader's own, and staff
		// any.
		if _, err := f.svc.Delete(f.as("other@test"), parents{}, public.ID); birlik.ErrorCode(err) != birlik.EFORBIDDEN {
			t.Errorf("deleting another's document: %v", err)
		}
		if _, err := f.svc.Delete(f.as("committee@test"), parents{}, public.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Delete(f.as("coordinator@test"), parents{}, private.ID); err != nil {
			t.Fatal(err)
		}
		if list, err := f.svc.List(f.as("coordinator@test"), parents{}, documents.Space, 1); err != nil || len(list) != 0 {
			t.Errorf("after deleting: %+v %v", list, err)
		}
		// The files are gone with their records, and every change is in
		// the audit log.
		sys := birlik.WithActor(ctx, birlik.SystemActor)
		var files, entries int
		db.QueryRowContext(sys, `SELECT COUNT(*) FROM documents`).Scan(&files)
		db.QueryRowContext(sys, `SELECT COUNT(*) FROM audit_log WHERE entity = 'document'`).Scan(&entries)
		if files != 0 || entries != 4 {
			t.Errorf("%d documents left, %d audit entries (want 0 and 4)", files, entries)
		}
	})
}
