package network

import "strings"

// Catalogue keys of the network's vocabulary. Pages and exports show a
// kind, status or column through these keys, translated, never the stored
// code itself; the catalogues live in locale/catalogues/*/network.json.

// Key returns the catalogue key of the place level's name.
func (k PlaceKind) Key() string { return "network.place_kind." + string(k) }

// Key returns the catalogue key of the organisation kind's name.
func (k OrgKind) Key() string { return "network.org_kind." + string(k) }

// Key returns the catalogue key of the municipality tier's name.
func (k MunicipalityKind) Key() string { return "network.municipality_kind." + string(k) }

// Key returns the catalogue key of the membership state's name.
func (m MemberStatus) Key() string { return "network.member_status." + string(m) }

// Key returns the catalogue key of the gender's name; the unstated gender
// has one too, since figures by gender show it.
func (g Gender) Key() string {
	if g == GenderUnknown {
		return "network.gender.unknown"
	}
	return "network.gender." + string(g)
}

// Genders lists the genders in the order forms show them, the unstated
// one last.
var Genders = []Gender{Female, Male, GenderOther, GenderUndisclosed, GenderUnknown}

// Key returns the catalogue key of the affiliation kind's name.
func (k AffiliationKind) Key() string { return "network.affiliation_kind." + string(k) }

// FieldKey returns the catalogue key of a field's label, for the field
// names that validation errors and RowError.Field carry (the CSV column
// names). Unknown names give the key of the generic label.
func FieldKey(field string) string {
	if !contains(fieldNames, field) {
		return "network.field.other"
	}
	return "network.field." + field
}

var fieldNames = []string{"id", "name", "short_name", "kind", "municipality_kind", "parent_id", "place_id", "province_id",
	"population", "website", "email", "phone", "address", "member_status", "member_since", "member_until", "code", "boundary",
	"given_name", "family_name", "honorific", "gender", "lang", "notes", "org_id", "department", "position",
	"affiliation_kind", "work_email", "work_phone", "started", "ended"}

// OrgSortKey returns the catalogue key of an organisation order's label
// ("-population" → "network.org_sort.population_desc").
func OrgSortKey(sort string) string { return "network.org_sort." + sortName(sort, OrgSorts) }

// PeopleSortKey returns the catalogue key of a people order's label.
func PeopleSortKey(sort string) string { return "network.people_sort." + sortName(sort, PeopleSorts) }

func sortName(sort string, allowed []string) string {
	if sort == "" || !contains(allowed, sort) {
		sort = allowed[0]
	}
	if name, ok := strings.CutPrefix(sort, "-"); ok {
		return name + "_desc"
	}
	return sort
}
