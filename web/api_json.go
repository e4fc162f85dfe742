package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"birlik/network"
)

// The API's answers are built from the structs below, never from domain
// structs: a field added to network.Person for the pages (notes, the
// optimistic-lock version, search columns) must not appear in the API by
// accident. Every struct here is described in openapi.json, and the test
// there checks real answers against that description.
//
// Conventions: names in snake_case; every documented key is always
// present, with null for what is unknown or does not apply (numbers,
// optional text, references); times in RFC 3339, UTC; calendar dates as
// YYYY-MM-DD.

// apiItem is the answer for one record.
type apiItem[T any] struct {
	Data T `json:"data"`
}

// apiList is the answer for a page of a list.
type apiList[T any] struct {
	Data  []T      `json:"data"` // never nil: an empty page is []
	Meta  apiMeta  `json:"meta"`
	Links apiLinks `json:"links"`
}

type apiMeta struct {
	Total   int `json:"total"`    // records matching, on every page
	Page    int `json:"page"`     // from 1
	PerPage int `json:"per_page"` // page size asked for (or the default)
	Pages   int `json:"pages"`    // 0 when nothing matches
}

// apiLinks are relative URLs of the same list, keeping every filter.
type apiLinks struct {
	Self string  `json:"self"`
	Next *string `json:"next"` // null on the last page and beyond
	Prev *string `json:"prev"` // null on the first page
}

// newAPIList makes the answer for one page of a list of total records.
func newAPIList[T any](r *http.Request, q url.Values, data []T, total, page, perPage int) apiList[T] {
	if data == nil {
		data = []T{}
	}
	pages := (total + perPage - 1) / perPage
	link := func(p int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Del("page")
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		if len(v) == 0 {
			return r.URL.Path
		}
		return r.URL.Path + "?" + v.Encode()
	}
	l := apiLinks{Self: link(page)}
	if page < pages {
		next := link(page + 1)
		l.Next = &next
	}
	if page > 1 {
		// Beyond the end, "prev" leads back to the last page there is.
		prev := link(max(1, min(page-1, pages)))
		l.Prev = &prev
	}
	return apiList[T]{Data: data, Meta: apiMeta{Total: total, Page: page, PerPage: perPage, Pages: pages}, Links: l}
}

// apiWrite encodes v as the answer. Public data may be kept by any cache
// for a minute and then revalidated by its ETag; personal data is never
// stored.
func (s *Server) apiWrite(w http.ResponseWriter, r *http.Request, v any, public bool) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return s.apiWriteBody(w, r, buf.Bytes(), public)
}

func (s *Server) apiWriteBody(w http.ResponseWriter, r *http.Request, body []byte, public bool) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	if !public {
		h.Set("Cache-Control", "no-store")
	} else {
		// Public answers depend on nothing but the URL, so their hash is a
		// strong validator.
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:12]) + `"`
		h.Set("Cache-Control", "public, max-age=60")
		h.Set("ETag", etag)
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	}
	_, err := w.Write(body)
	return err
}

// etagMatches reports whether an If-None-Match header names etag; the
// comparison is weak, as RFC 9110 asks for If-None-Match.
func etagMatches(header, etag string) bool {
	for part := range strings.SplitSeq(header, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == "*" || part == etag {
			return true
		}
	}
	return false
}

// apiRef names another record: a parent, a place, an organisation.
type apiRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func apiRefTo(id, name string) *apiRef {
	if id == "" {
		return nil
	}
	return &apiRef{ID: id, Name: name}
}

// apiOptional returns nil for "", so that unknown text is null.
func apiOptional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func apiTime(t time.Time) time.Time { return t.UTC() }

type apiPlace struct {
	ID         string    `json:"id"`
	Kind       string    `json:"kind"`
	Name       string    `json:"name"`
	Code       *string   `json:"code"`
	Parent     *apiRef   `json:"parent"`
	Population *int64    `json:"population"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// apiPlaceBoundary is a place with its boundary, asked for by
// ?include=boundary; the licence of the boundaries (ODbL) asks for the
// attribution wherever they are passed on.
type apiPlaceBoundary struct {
	apiPlace
	Boundary    json.RawMessage `json:"boundary"`    // GeoJSON geometry; null when unknown
	Attribution *string         `json:"attribution"` // null when there is no boundary
}

func newAPIPlace(p *network.Place) apiPlace {
	return apiPlace{
		ID: p.ID, Kind: string(p.Kind), Name: p.Name, Code: apiOptional(p.Code),
		Parent: apiRefTo(p.ParentID, p.ParentName), Population: p.Population, UpdatedAt: apiTime(p.UpdatedAt),
	}
}

type apiOrganisation struct {
	ID               string        `json:"id"`
	Kind             string        `json:"kind"`
	MunicipalityKind *string       `json:"municipality_kind"`
	Name             string        `json:"name"`
	ShortName        *string       `json:"short_name"`
	Parent           *apiRef       `json:"parent"`
	Place            *apiRef       `json:"place"`
	Province         *apiRef       `json:"province"`
	Population       *int64        `json:"population"`
	Website          *string       `json:"website"`
	Email            *string       `json:"email"`
	Phone            *string       `json:"phone"`
	Address          *string       `json:"address"`
	Membership       apiMembership `json:"membership"`
	UpdatedAt        time.Time     `json:"updated_at"`
}

type apiMembership struct {
	Status string  `json:"status"`
	Since  *string `json:"since"` // YYYY-MM-DD
	Until  *string `json:"until"` // YYYY-MM-DD
}

func newAPIOrganisation(o *network.Organisation) apiOrganisation {
	return apiOrganisation{
		ID: o.ID, Kind: string(o.Kind), MunicipalityKind: apiOptional(string(o.MunicipalityKind)), Name: o.Name,
		ShortName: apiOptional(o.ShortName), Parent: apiRefTo(o.ParentID, o.ParentName), Place: apiRefTo(o.PlaceID, o.PlaceName),
		Province: apiRefTo(o.ProvinceID, o.ProvinceName), Population: o.Population,
		Website: apiOptional(o.Website), Email: apiOptional(o.Email), Phone: apiOptional(o.Phone), Address: apiOptional(o.Address),
		Membership: apiMembership{Status: string(o.MemberStatus), Since: apiOptional(o.MemberSince), Until: apiOptional(o.MemberUntil)},
		UpdatedAt:  apiTime(o.UpdatedAt),
	}
}

// apiPerson is a person as lists show them: their main current
// affiliation's organisation, position and department. Notes stay out of
// the API: they are the union's working remarks, not contact data.
type apiPerson struct {
	ID           int64     `json:"id"`
	GivenName    string    `json:"given_name"`
	FamilyName   string    `json:"family_name"`
	Honorific    *string   `json:"honorific"`
	Gender       *string   `json:"gender"` // null when not stated
	Email        *string   `json:"email"`
	Phone        *string   `json:"phone"`
	Lang         string    `json:"lang"`
	Organisation *apiRef   `json:"organisation"` // null when no affiliation lasts
	Position     *string   `json:"position"`
	Department   *string   `json:"department"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// apiPersonDetail is one person with every affiliation, current first.
type apiPersonDetail struct {
	apiPerson
	Affiliations []apiAffiliation `json:"affiliations"` // never nil
}

type apiAffiliation struct {
	ID           int64   `json:"id"`
	Organisation apiRef  `json:"organisation"`
	Department   *string `json:"department"`
	Position     *string `json:"position"`
	Kind         string  `json:"kind"`
	WorkEmail    *string `json:"work_email"`
	WorkPhone    *string `json:"work_phone"`
	Started      *string `json:"started"` // YYYY-MM-DD
	Ended        *string `json:"ended"`   // YYYY-MM-DD; null while current
	Current      bool    `json:"current"`
}

func newAPIPerson(p *network.Person) apiPerson {
	return apiPerson{
		ID: p.ID, GivenName: p.GivenName, FamilyName: p.FamilyName, Honorific: apiOptional(p.Honorific),
		Gender: apiOptional(string(p.Gender)), Email: apiOptional(p.Email), Phone: apiOptional(p.Phone), Lang: p.Lang,
		Organisation: apiRefTo(p.OrgID, p.OrgName), Position: apiOptional(p.Position), Department: apiOptional(p.Department),
		UpdatedAt: apiTime(p.UpdatedAt),
	}
}

func newAPIPersonDetail(p *network.Person) apiPersonDetail {
	d := apiPersonDetail{apiPerson: newAPIPerson(p), Affiliations: []apiAffiliation{}}
	for _, a := range p.Affiliations {
		d.Affiliations = append(d.Affiliations, apiAffiliation{
			ID: a.ID, Organisation: apiRef{ID: a.OrgID, Name: a.OrgName}, Department: apiOptional(a.Department),
			Position: apiOptional(a.Position), Kind: string(a.Kind), WorkEmail: apiOptional(a.WorkEmail), WorkPhone: apiOptional(a.WorkPhone),
			Started: apiOptional(a.Started), Ended: apiOptional(a.Ended), Current: a.Current(),
		})
	}
	return d
}
