package spaces

import "birlik"

// VisibleSQL returns a condition that holds for the rows of the spaces
// table (under alias, e.g. "s") the actor may read, with its arguments.
// Every package whose records live in a space (meetings, needs,
// recommendations, practices, documents) filters with it in its queries,
// so that a private space's content is never read by whom it is not for:
//
//   - union staff (admins, coordinators) and the system read every space;
//   - anyone reads a public space, signed in or not;
//   - a signed-in account reads a private space when the person it is
//     linked to (users.person_id) is a current member, or, for a focal
//     point, when their municipality is represented by a current member:
//     the focal point acts for that municipality in the space.
func VisibleSQL(a birlik.Actor, alias string) (string, []any) {
	switch {
	case a.System || a.Staff():
		return "1 = 1", nil
	case a.UserID == 0:
		return alias + ".visibility = 'public'", nil
	}
	org := ""
	if a.Scoped() {
		org = a.OrgID
	}
	return "(" + alias + ".visibility = 'public' OR " + alias + `.id IN (SELECT vm.space_id FROM space_members vm
		WHERE vm.left_on IS NULL AND (vm.person_id = (SELECT vu.person_id FROM users vu WHERE vu.id = ?) OR vm.org_id = ?)))`,
		[]any{a.UserID, org}
}
