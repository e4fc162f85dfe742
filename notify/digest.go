package notify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"birlik/locale"
	"birlik/mail"
	"birlik/store"
)

// claimTimeout is how long a mail may stay claimed but not sent before a
// later run takes it for lost (the server stopped mid-send) and sends it
// again.
const claimTimeout = 15 * time.Minute

// mailItems bounds the notifications a mail lists; the rest are counted.
const mailItems = 50

// SendDue sends the e-mails due at now: to people with immediate mail,
// what is new; to people with a daily digest, once a day from DigestHour
// (local time), everything waiting since the last one; weekly digests
// the same on Mondays. Each mail is claimed in the database before it is
// sent, so that it goes once even with several app servers, and released
// when the server refuses it, so that the next run tries again. Mail goes
// in the recipient's language, with a one-click unsubscribe link. It
// returns how many mails were sent, and the errors of those that failed.
func (s *Service) SendDue(ctx context.Context, sender mail.Sender, now time.Time) (int, error) {
	now = now.UTC().Truncate(time.Microsecond)
	if err := s.releaseStale(ctx, now); err != nil {
		return 0, err
	}
	due, err := s.candidates(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	var errs []error
	for _, r := range due {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		ok, err := s.sendTo(ctx, sender, r, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("notify: mail to user %d: %w", r.id, err))
			continue
		}
		if ok {
			sent++
		}
	}
	return sent, errors.Join(errs...)
}

// reader is a person with notifications waiting for a mail.
type reader struct {
	recipient
	email, lang string
}

func (s *Service) candidates(ctx context.Context) ([]reader, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT u.id, u.role, COALESCE(u.org_id, ''), COALESCE(st.digest, 'daily'), u.email, u.lang
		FROM users u LEFT JOIN notify_settings st ON st.user_id = u.id
		WHERE u.active AND u.id IN (SELECT n.user_id FROM notifications n WHERE n.mail_state = 'pending')
		ORDER BY u.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reader
	for rows.Next() {
		var r reader
		if err := rows.Scan(&r.id, &r.role, &r.org, &r.digest, &r.email, &r.lang); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// lastDigest returns the latest moment at or before now at which a
// digest of kind d is due, and the period it names.
func (s *Service) lastDigest(d Digest, now time.Time) (time.Time, string) {
	local := now.In(s.Location)
	at := time.Date(local.Year(), local.Month(), local.Day(), s.DigestHour, 0, 0, 0, s.Location)
	if d == Weekly {
		at = at.AddDate(0, 0, -((int(at.Weekday()) + 6) % 7)) // back to Monday
		if local.Before(at) {
			at = at.AddDate(0, 0, -7)
		}
	} else if local.Before(at) {
		at = at.AddDate(0, 0, -1)
	}
	return at.UTC(), at.Format(time.DateOnly)
}

// sendTo sends r's mail if one is due; it reports whether it sent one.
func (s *Service) sendTo(ctx context.Context, sender mail.Sender, r reader, now time.Time) (bool, error) {
	if r.digest == Off {
		_, err := s.DB.ExecContext(ctx, `UPDATE notifications SET mail_state = 'skipped' WHERE user_id = ? AND mail_state = 'pending'`, r.id)
		return false, err
	}
	boundary, period := now, ""
	if r.digest != Immediate {
		boundary, period = s.lastDigest(r.digest, now)
	}
	// Something must have waited since before the digest's hour: what
	// came after waits for the next one.
	var first int64
	err := s.DB.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM notifications
		WHERE user_id = ? AND mail_state = 'pending' AND created_at <= ?`, r.id, boundary).Scan(&first)
	if err != nil || first == 0 {
		return false, err
	}
	if r.digest == Immediate {
		period = "n" + strconv.FormatInt(first, 10)
	}
	mailID, err := s.claim(ctx, r.id, string(r.digest), period, now)
	if err != nil || mailID == 0 {
		return false, err
	}
	msg, err := s.compose(ctx, r, mailID)
	if err == nil && msg != nil {
		err = sender.Send(ctx, *msg)
	}
	if err != nil {
		if rerr := s.release(context.WithoutCancel(ctx), mailID); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return false, err
	}
	_, err = s.DB.ExecContext(ctx, `UPDATE notify_mails SET state = 'sent', sent_at = ? WHERE id = ?`, now, mailID)
	return msg != nil && err == nil, err
}

// claim records a mail of kind and period for the user and hands it
// every notification waiting; 0 when another run has it already.
func (s *Service) claim(ctx context.Context, userID int64, kind, period string, now time.Time) (int64, error) {
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO notify_mails (user_id, kind, period, state, claimed_at) VALUES (?, ?, ?, 'sending', ?)
		RETURNING id`, userID, kind, period, now).Scan(&id)
	if store.IsUniqueViolation(err) {
		return 0, nil // this period's mail went already, or is going
	}
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE notifications SET mail_state = 'sent', mail_id = ? WHERE user_id = ? AND mail_state = 'pending'`, id, userID)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return 0, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE notify_mails SET items = ? WHERE id = ?`, n, id); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

// release gives a mail's notifications back to the queue and forgets
// the mail, so that a later run sends them.
func (s *Service) release(ctx context.Context, mailID int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET mail_state = 'pending', mail_id = NULL WHERE mail_id = ?`, mailID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM notify_mails WHERE id = ? AND state = 'sending'`, mailID)
		return err
	})
}

// releaseStale releases the mails claimed long ago and never marked
// sent: their server stopped while sending.
func (s *Service) releaseStale(ctx context.Context, now time.Time) error {
	rows, err := s.DB.QueryContext(ctx, `SELECT id FROM notify_mails WHERE state = 'sending' AND claimed_at < ?`, now.Add(-claimTimeout))
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.release(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// compose writes the mail of mailID for r, in r's language; nil when
// nothing in it may be shown to r any more.
func (s *Service) compose(ctx context.Context, r reader, mailID int64) (*mail.Message, error) {
	vis, args := visibleEvent(r.actor())
	rows, err := s.DB.QueryContext(ctx, `SELECT `+notificationColumns+` FROM notifications n JOIN notify_events e ON e.id = n.event_id
		WHERE n.mail_id = ? AND `+vis+` ORDER BY n.id`, append([]any{mailID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, err
		}
		items = append(items, n)
	}
	if err := rows.Err(); err != nil || len(items) == 0 {
		return nil, err
	}
	token, err := s.UnsubscribeToken(ctx, r.id)
	if err != nil {
		return nil, err
	}
	l := s.Catalogue.Lang(cmp.Or(r.lang, locale.Default))
	base := strings.TrimSuffix(s.BaseURL, "/")
	unsubscribe := base + "/unsubscribe/" + token
	kind := string(r.digest)
	var b strings.Builder
	b.WriteString(l.N("mail.notify.intro."+kind, int64(len(items))))
	b.WriteString("\n\n")
	for i, n := range items {
		if i == mailItems {
			b.WriteString(l.N("mail.notify.more", int64(len(items)-mailItems)))
			b.WriteString("\n\n")
			break
		}
		fmt.Fprintf(&b, "• %s\n  %s", n.Text(l), l.DateTime(n.CreatedAt.In(s.Location)))
		if n.URL != "" {
			fmt.Fprintf(&b, "\n  %s%s", base, n.URL)
		}
		b.WriteString("\n\n")
	}
	b.WriteString(l.T("mail.notify.all", "url", base+"/notifications"))
	b.WriteString("\n")
	b.WriteString(l.T("mail.notify.settings", "url", base+"/notifications/settings"))
	b.WriteString("\n")
	b.WriteString(l.T("mail.notify.unsubscribe", "url", unsubscribe))
	b.WriteString("\n")
	return &mail.Message{
		To:      r.email,
		Subject: l.N("mail.notify.subject."+kind, int64(len(items))),
		Text:    b.String(),
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + unsubscribe + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			"Auto-Submitted":        "auto-generated",
		},
	}, nil
}

// Run sends due mail (SendDue) now and then every interval until ctx
// ends, one run at a time: the scheduler `birlik serve` starts. A run
// that fails is logged and the next one tries again.
func (s *Service) Run(ctx context.Context, sender mail.Sender, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		run, cancel := context.WithTimeout(ctx, max(every, time.Minute)*5)
		n, err := s.SendDue(run, sender, s.Now())
		cancel()
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("notification mail", "sent", n, "error", err)
		case n > 0:
			log.Info("notification mail", "sent", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
