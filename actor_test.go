package birlik

import (
	"slices"
	"testing"
)

// TestOwnedRules: who acts for an organisation, and the SQL conditions
// that put the same rule in a query.
func TestOwnedRules(t *testing.T) {
	for _, tc := range []struct {
		name        string
		a           Actor
		actsForOwn  bool
		actsForElse bool
		read, write string
		args        []any
	}{
		{"system", SystemActor, true, true, "1 = 1", "1 = 1", nil},
		{"admin", Actor{UserID: 1, Role: RoleAdmin}, true, true, "1 = 1", "1 = 1", nil},
		{"coordinator", Actor{UserID: 2, Role: RoleCoordinator}, true, true, "1 = 1", "1 = 1", nil},
		{"focal point", Actor{UserID: 3, Role: RoleFocalPoint, OrgID: "istanbul-kadikoy"}, true, false,
			"(s.published = TRUE OR s.org_id = ?)", "s.org_id = ?", []any{"istanbul-kadikoy"}},
		{"focal point without an organisation", Actor{UserID: 4, Role: RoleFocalPoint}, false, false, "s.published = TRUE", "1 = 0", nil},
		{"viewer", Actor{UserID: 5, Role: RoleViewer}, false, false, "s.published = TRUE", "1 = 0", nil},
		{"the public", Actor{}, false, false, "s.published = TRUE", "1 = 0", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.ActsFor("istanbul-kadikoy"); got != tc.actsForOwn {
				t.Errorf("ActsFor(own) = %v", got)
			}
			if got := tc.a.ActsFor("bursa-nilufer"); got != tc.actsForElse {
				t.Errorf("ActsFor(another) = %v", got)
			}
			if tc.a.Role == RoleFocalPoint && tc.a.OrgID == "" && tc.a.ActsFor("") {
				t.Error("a focal point without an organisation acts for the empty one")
			}
			read, rargs := OwnedReadSQL(tc.a, "s.published", "s.org_id")
			write, wargs := OwnedWriteSQL(tc.a, "s.org_id")
			if read != tc.read || !slices.Equal(rargs, tc.args) {
				t.Errorf("OwnedReadSQL = %q %v, want %q %v", read, rargs, tc.read, tc.args)
			}
			if write != tc.write || !slices.Equal(wargs, tc.args) {
				t.Errorf("OwnedWriteSQL = %q %v, want %q %v", write, wargs, tc.write, tc.args)
			}
		})
	}
}
