package meetings

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"birlik/locale"
	"birlik/mail"
)

// ReminderLead is how long before a meeting its reminder goes out.
const ReminderLead = 24 * time.Hour

// recipient is whom an e-mail about a registration goes to.
type recipient struct {
	email, lang, name     string
	title                 string
	starts                time.Time
	place, address        string
	online                bool
	link                  string // to join online; only registered people are written to
	meetingID, registrant int64
}

// recipientOf reads the addressee of a registration: the person's e-mail,
// or that of the account linked to them.
func (s *Service) recipientOf(ctx context.Context, registrationID int64) (*recipient, error) {
	r := &recipient{}
	var email sql.NullString
	var format Format
	err := s.DB.QueryRowContext(ctx, `SELECT COALESCE(NULLIF(p.email, ''), (SELECT MIN(u.email) FROM users u WHERE u.person_id = p.id AND u.active)),
		p.lang, p.given_name || ' ' || p.family_name, m.id, m.title, m.starts_at, m.place, m.address, m.format, m.online_url
		FROM meeting_registrations r JOIN people p ON p.id = r.person_id JOIN meetings m ON m.id = r.meeting_id WHERE r.id = ?`,
		registrationID).Scan(&email, &r.lang, &r.name, &r.meetingID, &r.title, &r.starts, &r.place, &r.address, &format, &r.link)
	r.email, r.online, r.registrant = email.String, format.HasLink(), registrationID
	return r, err
}

func (s *Service) lang(code string) *locale.Lang {
	return s.Catalogue.Match("", code, locale.Default)
}

// where says where the meeting is: its venue, and for an online or
// hybrid meeting the link to join (the e-mails go to people holding a
// place, who may see it).
func (s *Service) where(l *locale.Lang, r *recipient) string {
	var parts []string
	if r.place != "" {
		parts = append(parts, r.place)
	}
	if r.address != "" {
		parts = append(parts, strings.ReplaceAll(r.address, "\n", ", "))
	}
	out := strings.Join(parts, ", ")
	if r.online {
		if out != "" {
			out += "\n"
		}
		out += l.T("mail.meetings.online")
		if r.link != "" {
			out += ": " + r.link
		}
	}
	return out
}

// TellPromoted e-mails each person moved from the waiting list that they
// now have a place, with a link to the meeting under baseURL. People with
// no e-mail address are skipped. It tries every message and returns the
// first failure.
func (s *Service) TellPromoted(ctx context.Context, sender mail.Sender, baseURL string, ps []Promoted) error {
	s.init()
	var first error
	for _, p := range ps {
		r, err := s.recipientOf(ctx, p.RegistrationID)
		if err == nil && r.email == "" {
			continue
		}
		if err == nil {
			l := s.lang(r.lang)
			err = sender.Send(ctx, mail.Message{
				To:      r.email,
				Subject: l.T("mail.meetings.promoted.subject", "title", r.title),
				Text: l.T("mail.meetings.promoted.body", "name", r.name, "title", r.title,
					"when", l.DateTime(r.starts.In(s.Loc)), "where", s.where(l, r), "link", baseURL+"/meetings/"+idString(r.meetingID)),
			})
		}
		if err != nil {
			s.Log.WarnContext(ctx, "meetings: could not tell a person they have a place", "registration", p.RegistrationID, "err", err)
			if first == nil {
				first = err
			}
		}
	}
	return first
}

// SendReminders e-mails every person holding a place at a meeting that
// starts within ReminderLead from now (Service.Now) and has not been
// reminded yet. Each reminder is recorded before it is sent, so that it
// goes out once even with several servers running this; a reminder that
// fails to send is released for the next run. It returns how many were
// sent and the first failure.
func (s *Service) SendReminders(ctx context.Context, sender mail.Sender, baseURL string) (int, error) {
	s.init()
	now := s.now()
	rows, err := s.DB.QueryContext(ctx, `SELECT r.id FROM meeting_registrations r JOIN meetings m ON m.id = r.meeting_id
		WHERE r.status = 'registered' AND r.reminded_at IS NULL AND m.starts_at > ? AND m.starts_at <= ?
		ORDER BY m.starts_at, r.id LIMIT 5000`, now, now.Add(ReminderLead))
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	var first error
	fail := func(id int64, err error) {
		s.Log.WarnContext(ctx, "meetings: reminder not sent", "registration", id, "err", err)
		if first == nil {
			first = err
		}
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		res, err := s.DB.ExecContext(ctx, `UPDATE meeting_registrations SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL AND status = 'registered'`, now, id)
		if err != nil {
			fail(id, err)
			continue
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // another server took it, or it was cancelled meanwhile
		}
		r, err := s.recipientOf(ctx, id)
		if err != nil {
			fail(id, err)
			continue
		}
		if r.email == "" {
			continue // nobody to write to; recorded, so not looked at again
		}
		l := s.lang(r.lang)
		err = sender.Send(ctx, mail.Message{
			To:      r.email,
			Subject: l.T("mail.meetings.reminder.subject", "title", r.title),
			Text: l.T("mail.meetings.reminder.body", "name", r.name, "title", r.title,
				"when", l.DateTime(r.starts.In(s.Loc)), "where", s.where(l, r), "link", baseURL+"/meetings/"+idString(r.meetingID)),
		})
		if err != nil {
			if _, uerr := s.DB.ExecContext(context.WithoutCancel(ctx), `UPDATE meeting_registrations SET reminded_at = NULL WHERE id = ?`, id); uerr != nil {
				err = errors.Join(err, uerr)
			}
			fail(id, err)
			continue
		}
		sent++
	}
	return sent, first
}

// RunReminders calls SendReminders every interval until ctx ends; failures
// are logged and retried on the next tick. Run it in its own goroutine
// from `birlik serve`.
func (s *Service) RunReminders(ctx context.Context, sender mail.Sender, baseURL string, every time.Duration) {
	s.init()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.SendReminders(ctx, sender, baseURL); err != nil && ctx.Err() == nil {
			s.Log.WarnContext(ctx, "meetings: reminders", "sent", n, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
