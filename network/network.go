// Package network holds the union's member network: places (region →
// province → district, with boundaries where known), the organisations in
// them (member municipalities, public institutions, NGOs, academia,
// international organisations, funders, the union itself), their
// membership of the union, and people with their affiliations over time.
//
// Who may see what is decided here, in the queries: places and
// organisations are public facts; people are personal data, which union
// staff and committee members read across the network and a focal point
// reads and changes only for their own municipality.
package network

import (
	"time"

	"birlik/store"
)

// Service is the network store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// PlaceKind is the level of a place in the hierarchy.
type PlaceKind string

// The place levels, from the top.
const (
	Region   PlaceKind = "region"
	Province PlaceKind = "province"
	District PlaceKind = "district"
)

// Place is an area: the Marmara region, one of its 11 provinces, or one of
// their districts.
type Place struct {
	ID         string // slug: "marmara", "bursa", "bursa-nilufer"
	Kind       PlaceKind
	ParentID   string // "" for the region
	ParentName string // read-only, joined
	Name       string
	Code       string // the licence-plate code for provinces ("16")
	Population *int64 // nil when unknown
	// Boundary is a GeoJSON geometry (Polygon or MultiPolygon, WGS84), nil
	// when unknown. Lists leave it out; Place and Boundaries fill it.
	Boundary  []byte
	CreatedAt time.Time
	UpdatedAt time.Time
}

// OrgKind is what an organisation is.
type OrgKind string

// The organisation kinds.
const (
	Union             OrgKind = "union"
	Municipality      OrgKind = "municipality"
	PublicInstitution OrgKind = "public_institution"
	NGO               OrgKind = "ngo"
	Academia          OrgKind = "academia"
	International     OrgKind = "international"
	Funder            OrgKind = "funder"
	Private           OrgKind = "private"
	OtherOrg          OrgKind = "other"
)

// OrgKinds lists the kinds in the order forms and filters show them.
var OrgKinds = []OrgKind{Municipality, PublicInstitution, NGO, Academia, International, Funder, Private, OtherOrg, Union}

// MunicipalityKind is the tier of a municipality in Turkish local
// government.
type MunicipalityKind string

// The municipality tiers.
const (
	Metropolitan MunicipalityKind = "metropolitan" // büyükşehir belediyesi
	Provincial   MunicipalityKind = "provincial"   // il belediyesi
	DistrictMun  MunicipalityKind = "district"     // ilçe belediyesi
	Belde        MunicipalityKind = "belde"        // belde belediyesi
)

// MunicipalityKinds lists the tiers from the top.
var MunicipalityKinds = []MunicipalityKind{Metropolitan, Provincial, DistrictMun, Belde}

// MemberStatus is an organisation's standing in the union.
type MemberStatus string

// The membership states.
const (
	NotMember MemberStatus = "none"
	Member    MemberStatus = "member"
	Candidate MemberStatus = "candidate"
	Suspended MemberStatus = "suspended"
	Former    MemberStatus = "former"
)

// MemberStatuses lists the states in the order filters show them.
var MemberStatuses = []MemberStatus{Member, Candidate, Suspended, Former, NotMember}

// Organisation is a municipality, institution or other body in the
// network. Its ID is a stable, readable slug that appears in URLs; the
// seeded municipalities keep the seed's ids ("istanbul-kadikoy").
type Organisation struct {
	ID               string
	Kind             OrgKind
	MunicipalityKind MunicipalityKind // set for municipalities only
	Name             string
	ShortName        string
	ParentID         string // the municipality above: a district's metropolitan one, a belde's district
	PlaceID          string // the district (or province) the organisation serves or sits in
	ProvinceID       string // derived from PlaceID on save; filters use it
	Population       *int64 // residents served; nil when unknown
	Website          string
	Email            string
	Phone            string
	Address          string
	MemberStatus     MemberStatus
	MemberSince      string // YYYY-MM-DD or ""
	MemberUntil      string // YYYY-MM-DD or ""
	Version          int    // optimistic lock: updates must carry the version they were made from
	CreatedAt        time.Time
	UpdatedAt        time.Time

	// Read-only, joined for display.
	ParentName   string
	PlaceName    string
	ProvinceName string
}

// Gender is a person's gender as they state it; it feeds disaggregated
// figures (attendance by sex), so "undisclosed" is always a valid answer.
type Gender string

// The genders.
const (
	GenderUnknown     Gender = ""
	Female            Gender = "female"
	Male              Gender = "male"
	GenderOther       Gender = "other"
	GenderUndisclosed Gender = "undisclosed"
)

// Person is someone in the network: a department head, an expert, a mayor
// or councillor, a partner's contact.
type Person struct {
	ID         int64
	GivenName  string
	FamilyName string
	Honorific  string // "Dr.", "Prof. Dr.", …
	Gender     Gender
	Email      string // personal or main address; unique when set
	Phone      string
	Lang       string // preferred language code
	Notes      string
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time

	// OrgID is the organisation of the person's main current affiliation,
	// kept on the row for lists; scoping uses the affiliations themselves.
	OrgID string
	// Read-only, joined for display from the main current affiliation.
	OrgName    string
	Position   string
	Department string

	// Affiliations, current first then by end date; filled by Person only.
	Affiliations []Affiliation
}

// AffiliationKind says how a person holds their position.
type AffiliationKind string

// The affiliation kinds.
const (
	Staff     AffiliationKind = "staff"
	Elected   AffiliationKind = "elected"
	Appointed AffiliationKind = "appointed"
	Volunteer AffiliationKind = "volunteer"
	OtherTie  AffiliationKind = "other"
)

// AffiliationKinds lists the kinds in form order.
var AffiliationKinds = []AffiliationKind{Staff, Elected, Appointed, Volunteer, OtherTie}

// Affiliation is a person's tie to an organisation over a period. Ended is
// "" while it lasts; when someone moves, their old affiliation is ended
// and a new one started, so the history stays.
type Affiliation struct {
	ID         int64
	PersonID   int64
	OrgID      string
	OrgName    string // read-only, joined
	Department string
	Position   string
	Kind       AffiliationKind
	WorkEmail  string
	WorkPhone  string
	Started    string // YYYY-MM-DD or ""
	Ended      string // YYYY-MM-DD or "" while current
}

// Current reports whether the affiliation lasts.
func (a Affiliation) Current() bool { return a.Ended == "" }
