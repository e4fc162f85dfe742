package documents

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path"
	"strings"
	"unicode/utf8"
)

// MaxSize is the largest file accepted, in bytes.
const MaxSize = 20 << 20

// fileType is an accepted kind of file and the name endings that fit it.
type fileType struct {
	contentType string
	exts        []string
}

// The accepted types. Anything else is refused: executable files and
// HTML (which a browser would run) most of all.
const (
	typePDF  = "application/pdf"
	typePNG  = "image/png"
	typeJPEG = "image/jpeg"
	typeWebP = "image/webp"
	typeODT  = "application/vnd.oasis.opendocument.text"
	typeODS  = "application/vnd.oasis.opendocument.spreadsheet"
	typeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	typeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	typeText = "text/plain; charset=utf-8"
	typeCSV  = "text/csv; charset=utf-8"
)

var extensions = map[string][]string{
	typePDF:  {".pdf"},
	typePNG:  {".png"},
	typeJPEG: {".jpg", ".jpeg"},
	typeWebP: {".webp"},
	typeODT:  {".odt"},
	typeODS:  {".ods"},
	typeDOCX: {".docx"},
	typeXLSX: {".xlsx"},
	typeText: {".txt", ".text", ".md"},
	typeCSV:  {".csv"},
}

// sniff returns the content type of the file f of size bytes named name,
// decided from its content alone, or "" when it is not of an accepted
// type. The name only tells a CSV file from other plain text.
func sniff(f *os.File, size int64, name string) (string, error) {
	head := make([]byte, 512)
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return "", err
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return typePDF, nil
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return typePNG, nil
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return typeJPEG, nil
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return typeWebP, nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return sniffZip(f, size)
	}
	return sniffText(f, name)
}

// sniffZip tells the office formats apart: OpenDocument files start with
// an uncompressed "mimetype" entry naming their type; Office Open XML
// files declare their main part in [Content_Types].xml (macro-enabled
// variants declare another, and are refused).
func sniffZip(f *os.File, size int64) (string, error) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return "", nil // not a readable archive: refused, not a fault
	}
	read := func(name string) string {
		for _, zf := range zr.File {
			if zf.Name != name || zf.UncompressedSize64 > 1<<20 {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				return ""
			}
			defer rc.Close()
			data, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
			return string(data)
		}
		return ""
	}
	switch strings.TrimSpace(read("mimetype")) {
	case typeODT:
		return typeODT, nil
	case typeODS:
		return typeODS, nil
	}
	ct := read("[Content_Types].xml")
	switch {
	case strings.Contains(ct, `ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"`):
		return typeDOCX, nil
	case strings.Contains(ct, `ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"`):
		return typeXLSX, nil
	}
	return "", nil
}

// errNotUTF8 marks text that is not UTF-8, which gets its own message:
// the fix (save as UTF-8) is not obvious.
var errNotUTF8 = &textError{}

type textError struct{}

func (*textError) Error() string { return "documents: text is not UTF-8" }

// sniffText accepts UTF-8 text without control characters other than
// tab, line breaks and form feed.
func sniffText(f *os.File, name string) (string, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return "", err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			return "", nil // binary
		}
	}
	if !utf8.Valid(data) {
		return "", errNotUTF8
	}
	if strings.EqualFold(path.Ext(name), ".csv") {
		return typeCSV, nil
	}
	return typeText, nil
}

// fitsType reports whether name ends in an extension of contentType.
func fitsType(name, contentType string) bool {
	ext := strings.ToLower(path.Ext(name))
	for _, e := range extensions[contentType] {
		if e == ext {
			return true
		}
	}
	return false
}

// cleanName keeps the last element of a path a browser may send (some
// send C:\Users\…), without control characters or surrounding spaces.
func cleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return -1 // controls and bidirectional overrides, which disguise extensions
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == ".." {
		return ""
	}
	return name
}
