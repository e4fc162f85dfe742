package meetings_test

import (
	"testing"
	"time"

	"birlik"
	"birlik/meetings"
)

// TestValidateRefusesControlCharacters: a NUL byte or another control
// character in a meeting's text is refused beside its field (PostgreSQL
// would refuse the NUL with an error instead), while line breaks stay
// allowed where the field has several lines.
func TestValidateRefusesControlCharacters(t *testing.T) {
	start := time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	m := &meetings.Meeting{Title: "Göç\x00 toplantısı", Description: "Birinci satır\r\nİkinci satır", Format: meetings.InPerson,
		Place: "Salon\x07", StartsAt: start, EndsAt: start.Add(time.Hour)}
	var v birlik.Invalid
	meetings.Validate(m, &v)
	errs := birlik.FieldErrors(v.Err())
	if errs["title"] != "error.meetings.malformed" || errs["place"] != "error.meetings.malformed" {
		t.Errorf("field errors %v; want title and place malformed", errs)
	}
	if _, bad := errs["description"]; bad || m.Description != "Birinci satır\nİkinci satır" {
		t.Errorf("description %q refused (%v) or not normalised", m.Description, errs["description"])
	}
}
