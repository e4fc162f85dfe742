package network

import (
	"context"

	"birlik"
)

// Stats are the network's key figures for the dashboard and the public
// portal, computed from the records every time rather than kept, so they
// can never drift from them.
type Stats struct {
	Provinces, Districts int
	Organisations        int // every organisation, the union included
	ByKind               map[OrgKind]int
	Municipalities       int
	ByMunicipalityKind   map[MunicipalityKind]int
	Members              int // organisations whose membership status is "member"
	// People counts only the people the actor may read: everyone for
	// union staff and committee members, their own organisation's people
	// for a focal point, and 0 for viewers and the public.
	People         int
	PeopleByGender map[Gender]int // never nil; GenderUnknown counts people who did not say
}

// Stats computes the key figures as the actor in ctx may see them. It
// never refuses: someone who may read no people sees a count of 0.
func (s *Service) Stats(ctx context.Context) (Stats, error) {
	st := Stats{ByKind: map[OrgKind]int{}, ByMunicipalityKind: map[MunicipalityKind]int{}, PeopleByGender: map[Gender]int{}}
	if err := s.DB.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN kind = 'province' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN kind = 'district' THEN 1 ELSE 0 END), 0) FROM places`).Scan(&st.Provinces, &st.Districts); err != nil {
		return st, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT kind, COALESCE(municipality_kind, ''), member_status, COUNT(*) FROM organisations
		GROUP BY kind, municipality_kind, member_status`)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind OrgKind
		var mk MunicipalityKind
		var member MemberStatus
		var n int
		if err := rows.Scan(&kind, &mk, &member, &n); err != nil {
			return st, err
		}
		st.Organisations += n
		st.ByKind[kind] += n
		if kind == Municipality {
			st.Municipalities += n
			st.ByMunicipalityKind[mk] += n
		}
		if member == Member {
			st.Members += n
		}
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	rows.Close()
	scope, args, err := readScope(birlik.ActorFrom(ctx))
	if err != nil {
		return st, nil // no people to count for this actor
	}
	q := `SELECT p.gender, COUNT(*) FROM people p`
	if scope != "" {
		q += " WHERE " + scope
	}
	prows, err := s.DB.QueryContext(ctx, q+" GROUP BY p.gender", args...)
	if err != nil {
		return st, err
	}
	defer prows.Close()
	for prows.Next() {
		var g Gender
		var n int
		if err := prows.Scan(&g, &n); err != nil {
			return st, err
		}
		st.People += n
		st.PeopleByGender[g] += n
	}
	return st, prows.Err()
}
