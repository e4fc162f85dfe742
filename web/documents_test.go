package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"birlik/documents"
)

// The documents routes' rows of the authorization matrix: a parent that
// does not exist is not found for everyone; posting needs an account.
func init() {
	signed := map[string]int{"anon": forbidden}
	pub, priv := "/documents/of/space/"+strconv.Itoa(testPublicSpace), "/documents/of/space/"+strconv.Itoa(testPrivateSpace)
	outsiders := map[string]int{"anon": notFound, "committee": notFound, "viewer": notFound}
	authCases = append(authCases,
		// A space's documents are read by whoever reads the space (the
		// private one: staff and the member municipality's focal point),
		// and attached by staff (an empty form here: 422).
		authCase{pattern: "GET /documents/of/{kind}/{id}", own: pub, other: priv, def: ok, wantOther: outsiders},
		authCase{pattern: "POST /documents/of/{kind}/{id}", own: pub, other: priv, form: url.Values{}, def: forbidden,
			want: map[string]int{"anon": forbidden, "admin": invalid, "coordinator": invalid}, wantOther: map[string]int{"committee": notFound, "viewer": notFound}},
		authCase{pattern: "GET /documents/{id}/{name}", own: "/documents/999999/rapor.pdf", def: notFound},
		authCase{pattern: "POST /documents/{id}/delete", own: "/documents/999999/delete", def: notFound, want: signed},
	)
}

// upload posts a file to a parent's documents as a browser's form would.
func (e *testEnv) uploadDocument(c *http.Client, path, name string, data []byte) response {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("next", "/documents/of/space/"+strconv.Itoa(testPublicSpace)+"?from=test")
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		e.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return e.do(c, req)
}

var testPDF = []byte("%PDF-1.7\n% Göç platformu toplantı tutanağı\n%%EOF\n")

// TestDocumentsUploadDownloadDelete attaches files to a public and a
// private space and checks who may download and delete them.
func TestDocumentsUploadDownloadDelete(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.notify.Follow(e.actorOf(focalEmail), "space", testPublicSpace); err != nil {
		t.Fatal(err)
	}
	coord := e.signedIn(coordinatorEmail)
	pub := "/documents/of/space/" + strconv.Itoa(testPublicSpace)
	priv := "/documents/of/space/" + strconv.Itoa(testPrivateSpace)

	res := e.uploadDocument(coord, pub, "Toplantı tutanağı.pdf", testPDF)
	if res.StatusCode != seeOther || res.Header.Get("Location") != pub+"?from=test" {
		t.Fatalf("upload: %d → %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	if res := e.uploadDocument(coord, priv, "gizli.pdf", testPDF); res.StatusCode != seeOther {
		t.Fatalf("upload to the private space: %d", res.StatusCode)
	}
	// The space's followers are told.
	if n, _ := e.srv.notify.UnreadCount(e.actorOf(focalEmail)); n != 1 {
		t.Errorf("the follower has %d notifications, want 1", n)
	}
	pubDocs, _ := e.srv.documents.List(e.actorOf(adminEmail), documentParents{e.srv}, documents.Space, testPublicSpace)
	privDocs, _ := e.srv.documents.List(e.actorOf(adminEmail), documentParents{e.srv}, documents.Space, testPrivateSpace)
	if len(pubDocs) != 1 || len(privDocs) != 1 {
		t.Fatalf("stored %d and %d documents", len(pubDocs), len(privDocs))
	}
	pubHref, privHref := documentHref(pubDocs[0]), documentHref(privDocs[0])

	// The public space's page lists it for the public, who may download
	// it: as an attachment, of the stored type, not sniffed.
	anon := e.client()
	res = e.get(anon, pub)
	if res.StatusCode != ok || !strings.Contains(res.Body, pubHref) || strings.Contains(res.Body, `type="file"`) || strings.Contains(res.Body, "Cem Koordinatör") {
		t.Errorf("the public's page: %d (upload form or uploader shown?)\n%s", res.StatusCode, res.Body)
	}
	res = e.get(anon, pubHref)
	if res.StatusCode != ok || res.Body != string(testPDF) {
		t.Fatalf("download: %d %q", res.StatusCode, res.Body)
	}
	for h, want := range map[string]string{
		"Content-Type":           "application/pdf",
		"X-Content-Type-Options": "nosniff",
		"Content-Disposition":    "attachment; filename*=utf-8''Toplant%C4%B1%20tutana%C4%9F%C4%B1.pdf",
	} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	// The private space's document: its members' municipality and staff
	// download it; another municipality and the public are told it does
	// not exist.
	for email, want := range map[string]int{focalEmail: ok, adminEmail: ok, otherFocalEmail: notFound, viewerEmail: notFound, "": notFound} {
		if res := e.get(e.signedIn(email), privHref); res.StatusCode != want {
			t.Errorf("%q downloading the private document: %d, want %d", email, res.StatusCode, want)
		}
	}
	if res := e.get(e.signedIn(otherFocalEmail), priv); res.StatusCode != notFound {
		t.Errorf("an outsider listing the private space's documents: %d", res.StatusCode)
	}
	if res := e.uploadDocument(e.signedIn(otherFocalEmail), priv, "x.pdf", testPDF); res.StatusCode != notFound {
		t.Errorf("an outsider uploading to the private space: %d", res.StatusCode)
	}

	// Refusals: a type not allowed and a file too large, each beside the
	// field, translated; attaching is for staff here.
	res = e.uploadDocument(coord, pub, "kur.exe", []byte("MZ\x90\x00\x03\x00\x00\x00"))
	if res.StatusCode != invalid || !strings.Contains(res.Body, `id="f-file-error"`) || !strings.Contains(res.Body, "Bu dosya türü kabul edilmiyor.") ||
		!strings.Contains(res.Body, `href="#f-file"`) {
		t.Errorf("a program: %d\n%s", res.StatusCode, res.Body)
	}
	res = e.uploadDocument(coord, pub, "buyuk.txt", bytes.Repeat([]byte("a"), documents.MaxSize+1))
	if res.StatusCode != invalid || !strings.Contains(res.Body, "Dosya çok büyük") {
		t.Errorf("too large: %d", res.StatusCode)
	}
	if res := e.uploadDocument(e.signedIn(viewerEmail), pub, "x.pdf", testPDF); res.StatusCode != forbidden {
		t.Errorf("a viewer uploading: %d", res.StatusCode)
	}

	// Deleting: not by a committee member (not theirs, not staff); by
	// staff, yes.
	del := "/documents/" + strconv.FormatInt(pubDocs[0].ID, 10) + "/delete"
	if res := e.post(e.signedIn(committeeEmail), del, nil); res.StatusCode != forbidden {
		t.Errorf("a committee member deleting: %d", res.StatusCode)
	}
	if res := e.post(e.signedIn(adminEmail), del, url.Values{"next": {pub}}); res.StatusCode != seeOther || res.Header.Get("Location") != pub {
		t.Errorf("staff deleting: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := e.get(anon, pubHref); res.StatusCode != notFound {
		t.Errorf("download after delete: %d", res.StatusCode)
	}
}
