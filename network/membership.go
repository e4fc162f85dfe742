package network

import "context"

// ProvinceMembership is how many municipalities a province has and how
// many of them are members of the union.
type ProvinceMembership struct {
	Municipalities int
	Members        int // municipalities whose membership status is "member"
}

// MembershipByProvince counts, in one pass, the municipalities of every
// province and the members among them, for maps and the places pages;
// provinces without municipalities are absent. Organisations are public
// facts: anyone may read it.
func (s *Service) MembershipByProvince(ctx context.Context) (map[string]ProvinceMembership, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT province_id, COUNT(*), SUM(CASE WHEN member_status = 'member' THEN 1 ELSE 0 END)
		FROM organisations WHERE kind = 'municipality' AND province_id IS NOT NULL GROUP BY province_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]ProvinceMembership{}
	for rows.Next() {
		var id string
		var m ProvinceMembership
		if err := rows.Scan(&id, &m.Municipalities, &m.Members); err != nil {
			return nil, err
		}
		out[id] = m
	}
	return out, rows.Err()
}
