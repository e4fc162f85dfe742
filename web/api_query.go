package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"birlik"
	"birlik/network"
)

// The API is strict about query strings where the pages are tolerant. A
// page can drop a value it cannot read and still show something useful to
// the person looking at it; a program that sends ?knd=ngo or
// ?per_page=500 must hear that its request was not understood, rather than
// receive a list it takes for the one it asked for. So every API route
// declares the parameters it accepts (apiParams), each value is checked
// here, and anything unknown, repeated or malformed (not even UTF-8 text,
// say) is refused with 400,
// naming each offending parameter. Only then are the values handed to
// network's tolerant parsers, which by then keep every one of them
// (FuzzAPIQuery checks that, and that the OpenAPI document describes the
// same rules).
//
// Two conventions keep clients simple: a value that is empty or only
// spaces counts as absent (forms and URL builders send those), and "lang"
// is accepted everywhere, chosen as on the pages.

// apiParam is one query parameter an API route accepts.
type apiParam struct {
	name string
	// check returns "" when the value is acceptable, else the catalogue
	// key saying what is wrong. It sees only non-blank values.
	check func(v string) string
}

// Bounds of the API's query values. They are network's own: what the
// strict check accepts, the tolerant parser keeps.
const (
	apiMaxPage  = 1_000_000
	apiMaxQuery = 200 // characters of a search query
	apiMaxID    = 100 // characters of an id
)

var apiIDPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func apiCheckText(v string) string {
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > apiMaxQuery {
		return "error.api.param.text"
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return "error.api.param.text"
		}
	}
	return ""
}

func apiCheckID(v string) string {
	if len(v) > apiMaxID || !apiIDPattern.MatchString(v) {
		return "error.api.param.id"
	}
	return ""
}

func apiCheckEnum[T ~string](allowed []T) func(string) string {
	return func(v string) string {
		for _, a := range allowed {
			if v == string(a) {
				return ""
			}
		}
		return "error.api.param.enum"
	}
}

func apiCheckRange(lo, hi int, key string) func(string) string {
	return func(v string) string {
		if n, err := strconv.Atoi(v); err != nil || n < lo || n > hi {
			return key
		}
		return ""
	}
}

func apiCheckBool(v string) string {
	if v != "true" && v != "false" {
		return "error.api.param.bool"
	}
	return ""
}

// Parameters shared by several routes.
var (
	apiLangParam    = apiParam{"lang", apiCheckText} // any text: unknown languages fall back
	apiQueryParam   = apiParam{"q", apiCheckText}
	apiPageParam    = apiParam{"page", apiCheckRange(1, apiMaxPage, "error.api.param.page")}
	apiPerPageParam = apiParam{"per_page", apiCheckRange(1, network.MaxPerPage, "error.api.param.per_page")}
)

// apiParams lists, for every API route by its pattern, the query
// parameters it accepts. A route missing here answers 500: the test that
// walks routes() catches it first.
var apiParams = map[string][]apiParam{
	"GET /api/v1/openapi.json": {apiLangParam},
	"GET /api/v1/places": {apiLangParam, apiQueryParam,
		{"kind", apiCheckEnum([]network.PlaceKind{network.Region, network.Province, network.District})},
		{"parent", apiCheckID}, apiPageParam, apiPerPageParam},
	"GET /api/v1/places/{id}": {apiLangParam, {"include", apiCheckEnum([]string{"boundary"})}},
	"GET /api/v1/organisations": {apiLangParam, apiQueryParam,
		{"kind", apiCheckEnum(network.OrgKinds)},
		{"municipality_kind", apiCheckEnum(network.MunicipalityKinds)},
		{"province", apiCheckID},
		{"parent", apiCheckID},
		{"member", apiCheckEnum(network.MemberStatuses)},
		{"sort", apiCheckEnum(network.OrgSorts)},
		apiPageParam, apiPerPageParam},
	"GET /api/v1/organisations/{id}": {apiLangParam},
	"GET /api/v1/people": {apiLangParam, apiQueryParam,
		{"org", apiCheckID},
		{"province", apiCheckID},
		{"kind", apiCheckEnum(network.AffiliationKinds)},
		{"current", apiCheckBool},
		{"sort", apiCheckEnum(network.PeopleSorts)},
		apiPageParam, apiPerPageParam},
	"GET /api/v1/people/{id}": {apiLangParam},
}

// checkAPIQuery reads a raw query string strictly against params. It
// returns the values with blank ones removed, or an EINVALID error whose
// fields name each parameter that is unknown, repeated or malformed.
func checkAPIQuery(raw string, params []apiParam) (url.Values, error) {
	values, err := url.ParseQuery(raw)
	if err != nil {
		return nil, birlik.Errorf(birlik.EINVALID, "error.api.query_syntax")
	}
	fields := map[string]string{}
	for name, vs := range values {
		var p *apiParam
		for i := range params {
			if params[i].name == name {
				p = &params[i]
				break
			}
		}
		switch {
		case p == nil:
			fields[name] = "error.api.param.unknown"
		case len(vs) > 1:
			fields[name] = "error.api.param.repeated"
		case strings.TrimSpace(vs[0]) == "":
			delete(values, name)
		default:
			if key := p.check(vs[0]); key != "" {
				fields[name] = key
			}
		}
	}
	if len(fields) > 0 {
		return nil, &birlik.Error{Code: birlik.EINVALID, Message: "error.api.bad_query", Fields: fields}
	}
	return values, nil
}

// apiQuery checks r's query string against the parameters its route
// accepts. When ok is false the 400 answer has been written.
func (s *Server) apiQuery(w http.ResponseWriter, r *http.Request) (q url.Values, ok bool, err error) {
	params, known := apiParams[r.Pattern]
	if !known {
		return nil, false, fmt.Errorf("web: API route %q declares no parameters", r.Pattern)
	}
	q, err = checkAPIQuery(r.URL.RawQuery, params)
	if err != nil {
		s.apiError(w, r, err, http.StatusBadRequest)
		return nil, false, nil
	}
	return q, true, nil
}

// apiPaging returns the page and page size of checked values.
func apiPaging(q url.Values) (page, perPage int) {
	page, perPage = 1, network.DefaultPerPage
	if n, err := strconv.Atoi(q.Get("page")); err == nil {
		page = n
	}
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil {
		perPage = n
	}
	return page, perPage
}
