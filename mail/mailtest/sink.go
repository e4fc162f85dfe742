// Package mailtest runs a real SMTP server on the loopback interface that
// keeps what it receives, so tests send mail through the same code as
// production and read it back.
package mailtest

import (
	"bufio"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one received e-mail.
type Message struct {
	From    string
	To      []string
	Subject string // decoded
	Body    string
	Raw     string
}

// Sink is a listening SMTP server.
type Sink struct {
	Addr string // host:port to send to

	ln       net.Listener
	mu       sync.Mutex
	messages []Message
	arrived  chan struct{}
}

// Start listens on a free loopback port until the test ends.
func Start(t testing.TB) *Sink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Sink{Addr: ln.Addr().String(), ln: ln, arrived: make(chan struct{}, 1000)}
	go s.serve()
	t.Cleanup(func() { ln.Close() })
	return s
}

// Messages returns what has arrived so far.
func (s *Sink) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Wait blocks until at least n messages have arrived or timeout passes,
// and returns what has arrived.
func (s *Sink) Wait(n int, timeout time.Duration) []Message {
	deadline := time.After(timeout)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		select {
		case <-s.arrived:
		case <-deadline:
			return s.Messages()
		}
	}
}

func (s *Sink) serve() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.handle(conn)
	}
}

// handle speaks the part of RFC 5321 a client needs to hand over mail.
func (s *Sink) handle(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Minute))
	r := bufio.NewReader(conn)
	reply := func(line string) { io.WriteString(conn, line+"\r\n") }
	reply("220 mailtest ready")
	var cur Message
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(verb, "EHLO"), strings.HasPrefix(verb, "HELO"):
			reply("250 mailtest")
		case strings.HasPrefix(verb, "MAIL FROM:"):
			cur = Message{From: strings.Trim(line[len("MAIL FROM:"):], "<> ")}
			reply("250 ok")
		case strings.HasPrefix(verb, "RCPT TO:"):
			cur.To = append(cur.To, strings.Trim(line[len("RCPT TO:"):], "<> "))
			reply("250 ok")
		case verb == "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" || l == ".\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.Raw = data.String()
			if msg, err := mail.ReadMessage(strings.NewReader(cur.Raw)); err == nil {
				dec := new(mime.WordDecoder)
				cur.Subject, _ = dec.DecodeHeader(msg.Header.Get("Subject"))
				body, _ := io.ReadAll(msg.Body)
				cur.Body = strings.ReplaceAll(string(body), "\r\n", "\n")
			}
			s.mu.Lock()
			s.messages = append(s.messages, cur)
			s.mu.Unlock()
			s.arrived <- struct{}{}
			reply("250 queued")
		case verb == "RSET":
			cur = Message{}
			reply("250 ok")
		case verb == "NOOP":
			reply("250 ok")
		case verb == "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}
