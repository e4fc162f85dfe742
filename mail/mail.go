// Package mail sends the product's e-mail: invitations, password resets,
// and later reminders and digests. In production it speaks SMTP; in
// development, with no server configured, it writes each message to the
// log so that links can be followed from the terminal.
package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"sort"
	"strings"
	"time"
)

// Message is one plain-text e-mail.
type Message struct {
	To      string
	Subject string
	Text    string
	// Headers are extra header fields, such as List-Unsubscribe (RFC
	// 8058). Names are written as given; a name that is not a valid field
	// name, a field the message writes itself, or a value with a line
	// break is dropped, so that no caller can inject headers.
	Headers map[string]string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends through an SMTP server. It uses STARTTLS when the server
// offers it, and authenticates only over TLS (or to localhost).
type SMTP struct {
	Addr     string // host:port
	From     string // envelope and header sender
	Username string // empty: no authentication
	Password string
	Timeout  time.Duration // per message; default 30 s
}

// Send delivers m.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	conn.SetDeadline(time.Now().Add(timeout))
	host, _, _ := net.SplitHostPort(s.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("mail: starttls: %w", err)
		}
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return fmt.Errorf("mail: auth: %w", err)
		}
	}
	if err := c.Mail(s.From); err != nil {
		return fmt.Errorf("mail: from: %w", err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return fmt.Errorf("mail: to: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: data: %w", err)
	}
	if _, err := w.Write(Format(s.From, m, time.Now())); err != nil {
		return fmt.Errorf("mail: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: send: %w", err)
	}
	return c.Quit()
}

// Format returns m as an RFC 5322 message with a UTF-8 plain-text body;
// the subject is encoded so that Turkish letters survive any server.
func Format(from string, m Message, date time.Time) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\n", from)
	fmt.Fprintf(&b, "To: %s\r\n", m.To)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", date.Format(time.RFC1123Z))
	names := make([]string, 0, len(m.Headers))
	for name := range m.Headers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		v := m.Headers[name]
		if !validHeader(name) || strings.ContainsAny(v, "\r\n") {
			continue
		}
		fmt.Fprintf(&b, "%s: %s\r\n", name, v)
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n")
	b.WriteString("Content-Transfer-Encoding: 8bit\r\n\r\n")
	for _, line := range strings.Split(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n") {
		if strings.HasPrefix(line, ".") {
			line = "." + line // dot-stuffing is done by net/smtp; this keeps a leading dot visible to old readers
		}
		b.WriteString(line)
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}

// ownHeaders are the fields Format writes itself; Message.Headers may not
// replace them.
var ownHeaders = map[string]bool{"from": true, "to": true, "subject": true, "date": true, "mime-version": true,
	"content-type": true, "content-transfer-encoding": true, "cc": true, "bcc": true}

// validHeader reports whether name is a field name (RFC 5322: printable
// ASCII but the colon) that Format does not write itself.
func validHeader(name string) bool {
	if name == "" || ownHeaders[strings.ToLower(name)] {
		return false
	}
	for _, c := range []byte(name) {
		if c <= ' ' || c >= 127 || c == ':' {
			return false
		}
	}
	return true
}

// Log writes messages to the log instead of sending them: the development
// default, so that a fresh install works without a mail server.
type Log struct {
	Logger *slog.Logger
}

// Send logs m.
func (l Log) Send(ctx context.Context, m Message) error {
	l.Logger.InfoContext(ctx, "mail not sent (no SMTP server configured); printing it instead",
		"to", m.To, "subject", m.Subject, "body", m.Text)
	return nil
}
