package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"birlik/mail"
	"birlik/mail/mailtest"
)

func TestSMTPDelivers(t *testing.T) {
	sink := mailtest.Start(t)
	s := &mail.SMTP{Addr: sink.Addr, From: "birlik@marmara.gov.tr"}
	msg := mail.Message{To: "ayşe@example.org", Subject: "Parola sıfırlama — Birlik", Text: "Merhaba,\n.bağlantı: https://example.org/x\n"}
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got := sink.Wait(1, 5*time.Second)
	if len(got) != 1 {
		t.Fatalf("received %d messages", len(got))
	}
	m := got[0]
	if m.Subject != msg.Subject {
		t.Errorf("subject %q, want %q", m.Subject, msg.Subject)
	}
	if m.From != "birlik@marmara.gov.tr" || len(m.To) != 1 || m.To[0] != "ayşe@example.org" {
		t.Errorf("envelope %q → %v", m.From, m.To)
	}
	if !strings.Contains(m.Body, "https://example.org/x") || !strings.Contains(m.Body, "Merhaba,") {
		t.Errorf("body %q", m.Body)
	}
}

func TestSMTPUnreachable(t *testing.T) {
	s := &mail.SMTP{Addr: "127.0.0.1:1", From: "x@example.org", Timeout: time.Second}
	if err := s.Send(context.Background(), mail.Message{To: "y@example.org"}); err == nil {
		t.Error("sending to a closed port succeeded")
	}
}

// TestExtraHeaders checks that Message.Headers reach the recipient (the
// one-click unsubscribe of RFC 8058 needs two) and that a header cannot
// smuggle in another, nor replace one the message writes itself.
func TestExtraHeaders(t *testing.T) {
	sink := mailtest.Start(t)
	s := &mail.SMTP{Addr: sink.Addr, From: "birlik@marmara.gov.tr"}
	msg := mail.Message{To: "ayse@example.org", Subject: "Özet", Text: "x", Headers: map[string]string{
		"List-Unsubscribe":      "<https://example.org/unsubscribe/abc>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"X-Injected":            "a\r\nBcc: victim@example.org",
		"Subject":               "replaced",
		"Bad Name":              "x",
	}}
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	got := sink.Wait(1, 5*time.Second)
	if len(got) != 1 {
		t.Fatalf("received %d messages", len(got))
	}
	raw := got[0].Raw
	for _, want := range []string{"List-Unsubscribe: <https://example.org/unsubscribe/abc>\r\n", "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"} {
		if !strings.Contains(raw, want) {
			t.Errorf("the message lacks %q:\n%s", want, raw)
		}
	}
	for _, bad := range []string{"Bcc:", "X-Injected", "replaced", "Bad Name"} {
		if strings.Contains(raw, bad) {
			t.Errorf("the message holds %q:\n%s", bad, raw)
		}
	}
	if got[0].Subject != "Özet" {
		t.Errorf("subject %q", got[0].Subject)
	}
}
