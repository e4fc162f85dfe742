package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"birlik"
	"birlik/documents"
	"birlik/notify"
)

// Browser tests of the notification and document pages: each in every
// language with axe-core and on a 360 px phone, like the other areas'
// (see browser_test.go for the harness).

// followAndHear makes the tab's account follow the public test space and
// publishes an event of it, so that its notifications page has news.
func followAndHear(b *browser) {
	b.t.Helper()
	ctx := birlik.WithActor(context.Background(), b.actor())
	if err := b.e.srv.notify.Follow(ctx, notify.Space, testPublicSpace); err != nil {
		b.t.Fatal(err)
	}
	b.e.publishSpaceEvent(testPublicSpace)
}

// unsubscribePath is the unsubscribe link of the viewer's mails.
func unsubscribePath(b *browser) string {
	b.t.Helper()
	token, err := b.e.srv.notify.UnsubscribeToken(context.Background(), b.e.users[viewerEmail].ID)
	if err != nil {
		b.t.Fatal(err)
	}
	return "/unsubscribe/" + token
}

// attachOnce attaches a PDF to the public test space, once.
func attachOnce(b *browser) {
	b.t.Helper()
	ctx := b.e.actorOf(coordinatorEmail)
	p := documentParents{b.e.srv}
	list, err := b.e.srv.documents.List(ctx, p, documents.Space, testPublicSpace)
	if err != nil {
		b.t.Fatal(err)
	}
	if len(list) == 0 {
		if _, err := b.e.srv.documents.Attach(ctx, p, documents.Space, testPublicSpace, "Çalıştay programı.pdf", strings.NewReader(string(testPDF))); err != nil {
			b.t.Fatal(err)
		}
	}
}

// notifyBrowserPages are the notification and document pages.
func notifyBrowserPages() []browserPage {
	docs := "/documents/of/space/" + strconv.Itoa(testPublicSpace)
	return []browserPage{
		{name: "notifications, none yet", as: viewerEmail, path: "/notifications"},
		{name: "notifications with news", as: focalEmail, open: func(b *browser) {
			followAndHear(b)
			b.visit("/notifications")
		}},
		{name: "notification settings", as: focalEmail, open: func(b *browser) {
			followAndHear(b)
			b.visit("/notifications/settings")
		}},
		{name: "notification settings changed meanwhile", as: committeeEmail, open: func(b *browser) {
			b.visit("/notifications/settings")
			ctx := birlik.WithActor(context.Background(), b.actor())
			st, err := b.e.srv.notify.Settings(ctx)
			if err != nil {
				b.t.Fatal(err)
			}
			if err := b.e.srv.notify.SetDigest(ctx, notify.Weekly, st.Version); err != nil {
				b.t.Fatal(err)
			}
			b.submit("main form[action='/notifications/settings'] button[type=submit]", http.StatusConflict)
			summaryHasFocus(b)
		}},
		{name: "unsubscribe link", open: func(b *browser) { b.visit(unsubscribePath(b)) }},
		{name: "unsubscribed", open: func(b *browser) {
			b.visit(unsubscribePath(b))
			if !strings.Contains(b.html("main"), "<form") {
				return // e-mail is off already (an earlier language's run)
			}
			b.submit("main form button[type=submit]", http.StatusOK)
		}},
		{name: "documents of a space", open: func(b *browser) { attachOnce(b); b.visit(docs) }},
		{name: "documents of a space for staff", as: coordinatorEmail, open: func(b *browser) { attachOnce(b); b.visit(docs) }},
		{name: "document refused", as: coordinatorEmail, open: func(b *browser) {
			b.visit(docs)
			uploadFile(b, "#f-file", "kur.exe", []byte("MZ\x90\x00\x03\x00\x00\x00"))
			b.submit("form[enctype='multipart/form-data'] button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
	}
}

// TestBrowserNotifyPages checks every notification and document page in
// every language, then on a phone screen.
func TestBrowserNotifyPages(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	checkPages(t, e, notifyBrowserPages())
}

// TestBrowserFollowFromAPage follows a space with the button of its
// documents page and finds the news on the notifications page; then
// stops following it from the settings page.
func TestBrowserFollowFromAPage(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	b := newBrowser(t, e)
	b.signIn(b.accountLike(focalEmail))
	b.language("en")
	docs := "/documents/of/space/" + strconv.Itoa(testPublicSpace)
	b.visit(docs)
	b.submit("form.follow-form button", http.StatusOK)
	if loc := b.location(); loc != docs {
		t.Errorf("after following: on %s, want back on %s", loc, docs)
	}
	if main := b.html("main"); !strings.Contains(main, "You now follow this") || !strings.Contains(main, "Stop following") {
		t.Errorf("after following the page shows:\n%s", main)
	}
	b.e.publishSpaceEvent(testPublicSpace)
	b.visit("/notifications")
	if main := b.html("main"); !strings.Contains(main, "1 unread notification") || !strings.Contains(main, "The space Test Platform was updated.") {
		t.Errorf("notifications page:\n%s", main)
	}
	b.submit("form[action^='/notifications/'][action$='/read'] button", http.StatusOK)
	if main := b.html("main"); !strings.Contains(main, "All notifications are read.") {
		t.Errorf("after marking read:\n%s", main)
	}
	b.visit("/notifications/settings")
	b.submit("form[action^='/unfollow/'] button", http.StatusOK)
	if main := b.html("main"); !strings.Contains(main, "You do not follow anything yet.") {
		t.Errorf("after unfollowing:\n%s", main)
	}
	b.checkPage("settings after unfollowing")
}
