package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"birlik"
	"birlik/network"
)

// This file checks openapi.json three ways: that it is well formed for the
// subset of JSON Schema it uses, that it lists exactly the API routes and
// the query parameters each accepts, and that the real answers of the
// running server validate against it.
//
// The validator below covers only the keywords the document uses; any
// other keyword is an error rather than silently ignored, so the document
// cannot promise a rule nobody checks. A library (santhosh-tekuri's
// jsonschema, say) would cover all of JSON Schema 2020-12, but the subset
// is small, the rules it adds of ours (UTC times, strict query strings)
// would sit beside it anyway, and the module stays free of a dependency
// used only by one test.

// openAPI is the parsed document. Numbers stay json.Number, so that
// integers are told from other numbers.
type openAPI struct {
	root map[string]any
}

func loadOpenAPI(t testing.TB) *openAPI {
	t.Helper()
	v, err := decodeJSONNumbers(openAPIDocument)
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return &openAPI{root: v.(map[string]any)}
}

func decodeJSONNumbers(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after the JSON value")
	}
	return v, nil
}

// pointer follows a local JSON pointer ("#/components/schemas/Place").
func (d *openAPI) pointer(ref string) (map[string]any, error) {
	p, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("%q: only local references are used", ref)
	}
	var cur any = d.root
	for _, part := range strings.Split(p, "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		switch c := cur.(type) {
		case map[string]any:
			var ok bool
			if cur, ok = c[part]; !ok {
				return nil, fmt.Errorf("%q: no %q", ref, part)
			}
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(c) {
				return nil, fmt.Errorf("%q: no item %q", ref, part)
			}
			cur = c[i]
		default:
			return nil, fmt.Errorf("%q: %q is not in an object or array", ref, part)
		}
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%q is not an object", ref)
	}
	return m, nil
}

// deref returns the object itself, or what its $ref points at.
func (d *openAPI) deref(m map[string]any) (map[string]any, error) {
	for range 8 {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m, nil
		}
		var err error
		if m, err = d.pointer(ref); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("reference chain too long")
}

// operation returns the operation of a path and method ("get").
func (d *openAPI) operation(path, method string) map[string]any {
	paths, _ := d.root["paths"].(map[string]any)
	item, _ := paths[path].(map[string]any)
	op, _ := item[method].(map[string]any)
	return op
}

// operations lists "get /places/{id}"-style names of every operation.
func (d *openAPI) operations() []string {
	var out []string
	paths, _ := d.root["paths"].(map[string]any)
	for p, item := range paths {
		for m := range item.(map[string]any) {
			out = append(out, m+" "+p)
		}
	}
	sort.Strings(out)
	return out
}

// parameters returns an operation's parameters, references resolved.
func (d *openAPI) parameters(op map[string]any) ([]map[string]any, error) {
	var out []map[string]any
	list, _ := op["parameters"].([]any)
	for _, p := range list {
		m, err := d.deref(p.(map[string]any))
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// schemaKeywords are the keywords the validator understands; annotations
// are listed so that they are allowed, and have no effect.
var schemaKeywords = map[string]bool{
	"$ref": true, "type": true, "enum": true, "properties": true, "required": true,
	"additionalProperties": true, "items": true, "anyOf": true, "format": true,
	"minimum": true, "maximum": true, "pattern": true, "maxLength": true,
	// annotations
	"description": true, "default": true, "title": true, "examples": true,
}

var schemaFormats = map[string]bool{"date": true, "date-time": true, "uri-reference": true}

// checkSchema reports keywords the validator would not enforce, formats
// it does not know, and references that lead nowhere, in s and below.
func (d *openAPI) checkSchema(s map[string]any, at string) []string {
	var errs []string
	for k, v := range s {
		if !schemaKeywords[k] {
			errs = append(errs, fmt.Sprintf("%s: keyword %q is not checked by the validator", at, k))
		}
		switch k {
		case "$ref":
			if _, err := d.pointer(v.(string)); err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", at, err))
			}
		case "format":
			if !schemaFormats[v.(string)] {
				errs = append(errs, fmt.Sprintf("%s: format %q is not checked", at, v))
			}
		case "pattern":
			if _, err := regexp.Compile(v.(string)); err != nil {
				errs = append(errs, fmt.Sprintf("%s: pattern: %v", at, err))
			}
		case "properties":
			for name, sub := range v.(map[string]any) {
				errs = append(errs, d.checkSchema(sub.(map[string]any), at+".properties."+name)...)
			}
			if req, ok := s["required"].([]any); ok {
				for _, r := range req {
					if _, ok := v.(map[string]any)[r.(string)]; !ok {
						errs = append(errs, fmt.Sprintf("%s: required %q is not a property", at, r))
					}
				}
			}
		case "items":
			errs = append(errs, d.checkSchema(v.(map[string]any), at+".items")...)
		case "additionalProperties":
			if sub, ok := v.(map[string]any); ok {
				errs = append(errs, d.checkSchema(sub, at+".additionalProperties")...)
			}
		case "anyOf":
			for i, sub := range v.([]any) {
				errs = append(errs, d.checkSchema(sub.(map[string]any), fmt.Sprintf("%s.anyOf[%d]", at, i))...)
			}
		}
	}
	return errs
}

// validate checks v against schema s and returns every violation, each
// with the JSON path where it is.
func (d *openAPI) validate(s map[string]any, v any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		target, err := d.pointer(ref)
		if err != nil {
			return []string{fmt.Sprintf("%s: %v", at, err)}
		}
		if errs := d.validate(target, v, at); len(errs) > 0 {
			return errs
		}
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		var all []string
		matched := false
		for _, sub := range anyOf {
			errs := d.validate(sub.(map[string]any), v, at)
			if len(errs) == 0 {
				matched = true
				break
			}
			all = append(all, errs...)
		}
		if !matched {
			return append([]string{fmt.Sprintf("%s: matches none of anyOf", at)}, all...)
		}
	}
	if t, ok := s["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.ContainsFunc(types, func(t string) bool { return jsonType(v, t) }) {
			return []string{fmt.Sprintf("%s: %s is not of type %v", at, jsonExcerpt(v), types)}
		}
	}
	var errs []string
	if enum, ok := s["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return reflect.DeepEqual(e, v) }) {
		errs = append(errs, fmt.Sprintf("%s: %s is not one of %v", at, jsonExcerpt(v), enum))
	}
	switch v := v.(type) {
	case string:
		if f, ok := s["format"].(string); ok {
			if err := checkFormat(f, v); err != nil {
				errs = append(errs, fmt.Sprintf("%s: %q: %v", at, v, err))
			}
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(v) {
			errs = append(errs, fmt.Sprintf("%s: %q does not match %s", at, v, p))
		}
		if n, ok := s["maxLength"].(json.Number); ok {
			if max, _ := n.Int64(); int64(utf8.RuneCountInString(v)) > max {
				errs = append(errs, fmt.Sprintf("%s: longer than %d characters", at, max))
			}
		}
	case json.Number:
		x, _ := v.Float64()
		if n, ok := s["minimum"].(json.Number); ok {
			if min, _ := n.Float64(); x < min {
				errs = append(errs, fmt.Sprintf("%s: %s is below %s", at, v, n))
			}
		}
		if n, ok := s["maximum"].(json.Number); ok {
			if max, _ := n.Float64(); x > max {
				errs = append(errs, fmt.Sprintf("%s: %s is above %s", at, v, n))
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v {
				errs = append(errs, d.validate(items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		if req, ok := s["required"].([]any); ok {
			for _, r := range req {
				if _, ok := v[r.(string)]; !ok {
					errs = append(errs, fmt.Sprintf("%s: lacks required %q", at, r))
				}
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if sub, ok := props[k].(map[string]any); ok {
				errs = append(errs, d.validate(sub, v[k], at+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, fmt.Sprintf("%s: property %q is not documented", at, k))
				}
			case map[string]any:
				errs = append(errs, d.validate(ap, v[k], at+"."+k)...)
			}
		}
	}
	return errs
}

func jsonType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		if _, err := n.Int64(); err == nil {
			return true
		}
		f, err := n.Float64()
		return err == nil && f == math.Trunc(f)
	}
	return false
}

func jsonExcerpt(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}

// checkFormat checks the formats the document uses. Times must be in UTC,
// as the API promises, not merely RFC 3339.
func checkFormat(format, v string) error {
	switch format {
	case "date":
		_, err := time.Parse(time.DateOnly, v)
		return err
	case "date-time":
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return err
		}
		if !strings.HasSuffix(v, "Z") || t.Location() != time.UTC {
			return fmt.Errorf("not in UTC")
		}
	case "uri-reference":
		_, err := url.Parse(v)
		return err
	}
	return nil
}

// acceptsQuery reports whether the document allows a raw query string on
// an operation, read with the API's conventions: only the documented
// query parameters, each at most once, blank values counting as absent,
// values converted to the schema's type and checked against it.
func (d *openAPI) acceptsQuery(op map[string]any, raw string) (bool, error) {
	values, err := url.ParseQuery(raw)
	if err != nil {
		return false, nil
	}
	params, err := d.parameters(op)
	if err != nil {
		return false, err
	}
	schemas := map[string]map[string]any{}
	for _, p := range params {
		if p["in"] == "query" {
			schemas[p["name"].(string)] = p["schema"].(map[string]any)
		}
	}
	for name, vs := range values {
		s, ok := schemas[name]
		if !ok || len(vs) > 1 {
			return false, nil
		}
		v := vs[0]
		if strings.TrimSpace(v) == "" {
			continue
		}
		rs, err := d.deref(s)
		if err != nil {
			return false, err
		}
		var value any = v
		switch rs["type"] {
		case "integer":
			n, err := strconv.Atoi(v)
			if err != nil {
				return false, nil
			}
			value = json.Number(strconv.Itoa(n))
		case "boolean":
			if v != "true" && v != "false" {
				return false, nil
			}
			value = v == "true"
		default:
			if !utf8.ValidString(v) {
				return false, nil
			}
		}
		if len(d.validate(s, value, name)) > 0 {
			return false, nil
		}
	}
	return true, nil
}

// TestOpenAPIDocument checks the document on its own: version, server,
// schemas the validator enforces in full, and enumerations equal to the
// domain's lists.
func TestOpenAPIDocument(t *testing.T) {
	d := loadOpenAPI(t)
	if v, _ := d.root["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	servers, _ := d.root["servers"].([]any)
	if len(servers) != 1 || servers[0].(map[string]any)["url"] != "/api/v1" {
		t.Errorf("servers = %v, want the one relative /api/v1", servers)
	}
	comps := d.root["components"].(map[string]any)
	for name, s := range comps["schemas"].(map[string]any) {
		for _, e := range d.checkSchema(s.(map[string]any), "schemas."+name) {
			t.Error(e)
		}
	}
	for name, p := range comps["parameters"].(map[string]any) {
		for _, e := range d.checkSchema(p.(map[string]any)["schema"].(map[string]any), "parameters."+name) {
			t.Error(e)
		}
	}
	for name, h := range comps["headers"].(map[string]any) {
		for _, e := range d.checkSchema(h.(map[string]any)["schema"].(map[string]any), "headers."+name) {
			t.Error(e)
		}
	}
	for _, name := range d.operations() {
		method, path, _ := strings.Cut(name, " ")
		op := d.operation(path, method)
		params, err := d.parameters(op)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for _, p := range params {
			for _, e := range d.checkSchema(p["schema"].(map[string]any), name+" "+p["name"].(string)) {
				t.Error(e)
			}
		}
		for status, r := range op["responses"].(map[string]any) {
			res, err := d.deref(r.(map[string]any))
			if err != nil {
				t.Errorf("%s %s: %v", name, status, err)
				continue
			}
			content, _ := res["content"].(map[string]any)
			for media, c := range content {
				if media != "application/json" {
					t.Errorf("%s %s: media type %s", name, status, media)
				}
				for _, e := range d.checkSchema(c.(map[string]any)["schema"].(map[string]any), name+" "+status) {
					t.Error(e)
				}
			}
			if status != "304" && content == nil {
				t.Errorf("%s %s: no content documented", name, status)
			}
		}
	}

	// The enumerations are the domain's, in the domain's order.
	enum := func(ref string) []string {
		s, err := d.pointer(ref)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, v := range s["enum"].([]any) {
			if v != nil {
				out = append(out, v.(string))
			}
		}
		return out
	}
	var genders []network.Gender
	for _, g := range network.Genders {
		if g != network.GenderUnknown {
			genders = append(genders, g)
		}
	}
	codes := []string{birlik.EINVALID, birlik.EUNAUTHORIZED, birlik.EFORBIDDEN, birlik.ENOTFOUND, birlik.EINTERNAL, birlik.ECONFLICT, birlik.ETHROTTLED}
	for _, tt := range []struct {
		ref  string
		want []string
	}{
		{"#/components/schemas/PlaceKind", enumStrings([]network.PlaceKind{network.Region, network.Province, network.District})},
		{"#/components/schemas/OrgKind", enumStrings(network.OrgKinds)},
		{"#/components/schemas/MunicipalityKind", enumStrings(network.MunicipalityKinds)},
		{"#/components/schemas/Organisation/properties/municipality_kind", enumStrings(network.MunicipalityKinds)},
		{"#/components/schemas/MemberStatus", enumStrings(network.MemberStatuses)},
		{"#/components/schemas/AffiliationKind", enumStrings(network.AffiliationKinds)},
		{"#/components/schemas/Gender", enumStrings(genders)},
		{"#/components/schemas/Person/properties/gender", enumStrings(genders)},
		{"#/components/schemas/PersonDetail/properties/gender", enumStrings(genders)},
		{"#/components/schemas/Lang", network.Langs},
		{"#/paths/~1organisations/get/parameters/7/schema", network.OrgSorts},
		{"#/paths/~1people/get/parameters/6/schema", network.PeopleSorts},
		{"#/components/schemas/Error/properties/error/properties/code", codes},
	} {
		if got := enum(tt.ref); !slices.Equal(got, tt.want) {
			t.Errorf("%s: enum %v, want %v", tt.ref, got, tt.want)
		}
	}
}

func enumStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// TestOpenAPIRoutes checks that the document lists exactly the API's
// routes, with exactly the query parameters each accepts, and that the
// routes needing an account say so.
func TestOpenAPIRoutes(t *testing.T) {
	d := loadOpenAPI(t)
	s := &Server{}
	documented := map[string]bool{}
	for _, name := range d.operations() {
		documented[name] = true
	}
	for _, rt := range s.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		rest, ok := strings.CutPrefix(path, "/api/v1/")
		if !ok {
			if strings.HasPrefix(path, "/api/") {
				t.Errorf("route %q is under /api/ but not /api/v1/", rt.pattern)
			}
			continue
		}
		name := strings.ToLower(method) + " /" + rest
		if !documented[name] {
			t.Errorf("route %q is not in openapi.json", rt.pattern)
			continue
		}
		delete(documented, name)
		params, ok := apiParams[rt.pattern]
		if !ok {
			t.Errorf("route %q declares no parameters in apiParams", rt.pattern)
		}
		var accepted []string
		for _, p := range params {
			accepted = append(accepted, p.name)
		}
		op := d.operation("/"+rest, strings.ToLower(method))
		ps, err := d.parameters(op)
		if err != nil {
			t.Fatal(err)
		}
		var query []string
		for _, p := range ps {
			if p["in"] == "query" {
				query = append(query, p["name"].(string))
			}
		}
		slices.Sort(accepted)
		slices.Sort(query)
		if !slices.Equal(accepted, query) {
			t.Errorf("%s: accepts %v, documents %v", rt.pattern, accepted, query)
		}
		_, secured := op["security"]
		if isPublic := rt.rule.name == public.name; isPublic == secured {
			t.Errorf("%s: rule %s, but the document says security %v", rt.pattern, rt.rule.name, op["security"])
		}
		if secured {
			responses := op["responses"].(map[string]any)
			for _, status := range []string{"401", "403"} {
				if _, ok := responses[status]; !ok {
					t.Errorf("%s: needs an account but documents no %s", rt.pattern, status)
				}
			}
		}
	}
	for name := range documented {
		t.Errorf("openapi.json documents %q, which no route serves", name)
	}
	for pattern := range apiParams {
		if !slices.ContainsFunc(s.routes(), func(rt route) bool { return rt.pattern == pattern }) {
			t.Errorf("apiParams has %q, which is no route", pattern)
		}
	}
}

// apiCall is one request to the running server for
// TestOpenAPIMatchesResponses.
type apiCall struct {
	op     string // the document's operation: "get /places/{id}"
	path   string // under /api/v1, with its query
	token  string // whose token: a key of apiEnv.tokens, "" for none
	header map[string]string
	want   int
}

// TestOpenAPIMatchesResponses calls every documented operation on the
// running server and validates each answer against the document: the
// status must be documented for the operation, the body must validate
// against the schema documented for that status, and documented headers
// must be there. Every status the document lists (but "default") must be
// seen at least once, so the error answers are real too.
func TestOpenAPIMatchesResponses(t *testing.T) {
	e := newAPIEnv(t)
	d := loadOpenAPI(t)
	own, other := strconv.FormatInt(e.ownPerson, 10), strconv.FormatInt(e.otherPerson, 10)
	calls := []apiCall{
		{op: "get /openapi.json", path: "/openapi.json", want: 200},
		{op: "get /openapi.json", path: "/openapi.json", header: map[string]string{"If-None-Match": "$etag"}, want: 304},
		{op: "get /openapi.json", path: "/openapi.json?v=2", want: 400},

		{op: "get /places", path: "/places", want: 200},
		{op: "get /places", path: "/places?kind=province", want: 200},
		{op: "get /places", path: "/places?parent=bursa&per_page=5&page=2", want: 200},
		{op: "get /places", path: "/places?q=nil%C3%BCfer&lang=en", want: 200},
		{op: "get /places", path: "/places?page=1000000", want: 200},
		{op: "get /places", path: "/places", header: map[string]string{"If-None-Match": "$etag"}, want: 304},
		{op: "get /places", path: "/places?kind=city", want: 400},
		{op: "get /places", path: "/places", token: "bogus", want: 401},

		{op: "get /places/{id}", path: "/places/bursa", want: 200},
		{op: "get /places/{id}", path: "/places/bursa?include=boundary", want: 200},
		{op: "get /places/{id}", path: "/places/marmara?include=boundary", want: 200},
		{op: "get /places/{id}", path: "/places/bursa-nilufer?include=boundary", want: 200},
		{op: "get /places/{id}", path: "/places/bursa", header: map[string]string{"If-None-Match": "$etag"}, want: 304},
		{op: "get /places/{id}", path: "/places/bursa?include=everything", want: 400},
		{op: "get /places/{id}", path: "/places/bursa", token: "revoked", want: 401},
		{op: "get /places/{id}", path: "/places/atlantis", want: 404},

		{op: "get /organisations", path: "/organisations", want: 200},
		{op: "get /organisations", path: "/organisations?q=izmit", want: 200},
		{op: "get /organisations", path: "/organisations?kind=municipality&municipality_kind=metropolitan&sort=-population", want: 200},
		{op: "get /organisations", path: "/organisations?province=bursa&member=member&per_page=3&page=2", want: 200},
		{op: "get /organisations", path: "/organisations?parent=istanbul-bb&sort=province", want: 200},
		{op: "get /organisations", path: "/organisations?kind=union", want: 200},
		{op: "get /organisations", path: "/organisations?page=99", want: 200},
		{op: "get /organisations", path: "/organisations", token: "coordinator", want: 200},
		{op: "get /organisations", path: "/organisations?per_page=10", header: map[string]string{"If-None-Match": "$etag"}, want: 304},
		{op: "get /organisations", path: "/organisations?per_page=500&colour=blue", want: 400},
		{op: "get /organisations", path: "/organisations", token: "bogus", want: 401},

		{op: "get /organisations/{id}", path: "/organisations/istanbul-kadikoy", want: 200},
		{op: "get /organisations/{id}", path: "/organisations/umm", want: 200},
		{op: "get /organisations/{id}", path: "/organisations/bursa-nilufer", header: map[string]string{"If-None-Match": "$etag"}, want: 304},
		{op: "get /organisations/{id}", path: "/organisations/bursa-nilufer?q=x", want: 400},
		{op: "get /organisations/{id}", path: "/organisations/bursa-nilufer", token: "bogus", want: 401},
		{op: "get /organisations/{id}", path: "/organisations/no-such-place", want: 404},

		{op: "get /people", path: "/people", token: "coordinator", want: 200},
		{op: "get /people", path: "/people", token: "focal", want: 200},
		{op: "get /people", path: "/people", token: "committee", want: 200},
		{op: "get /people", path: "/people?org=bursa-nilufer&current=false&kind=staff&sort=-name", token: "admin", want: 200},
		{op: "get /people", path: "/people?q=demir&province=istanbul&per_page=1", token: "coordinator", want: 200},
		{op: "get /people", path: "/people?current=yes", token: "coordinator", want: 400},
		{op: "get /people", path: "/people", want: 401},
		{op: "get /people", path: "/people", token: "revoked", want: 401},
		{op: "get /people", path: "/people", token: "viewer", want: 403},

		{op: "get /people/{id}", path: "/people/" + own, token: "focal", want: 200},
		{op: "get /people/{id}", path: "/people/" + other, token: "coordinator", want: 200},
		{op: "get /people/{id}", path: "/people/" + own + "?include=notes", token: "coordinator", want: 400},
		{op: "get /people/{id}", path: "/people/" + own, want: 401},
		{op: "get /people/{id}", path: "/people/" + own, token: "viewer", want: 403},
		{op: "get /people/{id}", path: "/people/" + other, token: "focal", want: 404},
		{op: "get /people/{id}", path: "/people/abc", token: "coordinator", want: 404},
	}
	seen := map[string]map[string]bool{}
	for _, c := range calls {
		t.Run(c.path+" "+c.token, func(t *testing.T) {
			method, path, _ := strings.Cut(c.op, " ")
			op := d.operation(path, method)
			if op == nil {
				t.Fatalf("no operation %q in the document", c.op)
			}
			header := map[string]string{}
			for k, v := range c.header {
				if v == "$etag" {
					v = e.api(c.token, "/api/v1"+c.path, nil).Header.Get("ETag")
				}
				header[k] = v
			}
			res := e.api(c.token, "/api/v1"+c.path, header)
			if res.StatusCode != c.want {
				t.Fatalf("status %d, want %d\n%s", res.StatusCode, c.want, excerpt(res.Body))
			}
			status := strconv.Itoa(res.StatusCode)
			r, ok := op["responses"].(map[string]any)[status].(map[string]any)
			if !ok {
				t.Fatalf("status %s is not documented for %s", status, c.op)
			}
			if seen[c.op] == nil {
				seen[c.op] = map[string]bool{}
			}
			seen[c.op][status] = true
			r, err := d.deref(r)
			if err != nil {
				t.Fatal(err)
			}
			headers, _ := r["headers"].(map[string]any)
			for name, h := range headers {
				h, err := d.deref(h.(map[string]any))
				if err != nil {
					t.Fatal(err)
				}
				got := res.Header.Get(name)
				if got == "" {
					if h["required"] == true {
						t.Errorf("header %s is missing", name)
					}
					continue
				}
				for _, e := range d.validate(h["schema"].(map[string]any), got, "header "+name) {
					t.Error(e)
				}
			}
			content, _ := r["content"].(map[string]any)
			if content == nil {
				if res.Body != "" {
					t.Errorf("body %q where none is documented", excerpt(res.Body))
				}
				return
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Fatalf("Content-Type %q", ct)
			}
			body, err := decodeJSONNumbers([]byte(res.Body))
			if err != nil {
				t.Fatalf("body is not JSON: %v\n%s", err, excerpt(res.Body))
			}
			schema := content["application/json"].(map[string]any)["schema"].(map[string]any)
			for _, e := range d.validate(schema, body, "body") {
				t.Error(e)
			}
		})
	}
	for _, name := range d.operations() {
		method, path, _ := strings.Cut(name, " ")
		for status := range d.operation(path, method)["responses"].(map[string]any) {
			if status != "default" && !seen[name][status] {
				t.Errorf("%s: documented status %s is never seen", name, status)
			}
		}
	}
}

// TestAPIQueryMatchesDocument checks, on values at the edges, that the
// strict check of each route accepts exactly what the document allows.
// FuzzAPIQuery explores further.
func TestAPIQueryMatchesDocument(t *testing.T) {
	d := loadOpenAPI(t)
	long := strings.Repeat("ş", apiMaxQuery)
	queries := []string{
		"", "lang=fr", "lang=xx", "q=izmit", "q=" + long, "q=" + long + "a", "q=a%00b", "q=a%C2%85b", "q=%FF", "q=%20%20",
		"kind=province", "kind=municipality", "kind=staff", "kind=Province", "kind=%20province",
		"parent=bursa", "parent=Bursa", "parent=bursa-", "parent=" + strings.Repeat("a", apiMaxID), "parent=" + strings.Repeat("a", apiMaxID+1),
		"province=istanbul", "org=bursa-nilufer", "municipality_kind=belde", "member=none", "member=all",
		"sort=-population", "sort=org", "sort=name", "sort=-updated", "current=true", "current=false", "current=1",
		"page=1", "page=0", "page=1000000", "page=1000001", "page=-1", "page=1.5", "page=+2", "page=",
		"per_page=1", "per_page=200", "per_page=201", "per_page=50", "include=boundary", "include=Boundary",
		"page=2&page=3", "q=a;b", "q=%zz", "unknown=1", "=1", "kind=&q=", "&&", "page",
	}
	for pattern, params := range apiParams {
		_, path, _ := strings.Cut(pattern, " ")
		op := d.operation(strings.TrimPrefix(path, "/api/v1"), "get")
		for _, raw := range queries {
			_, err := checkAPIQuery(raw, params)
			doc, derr := d.acceptsQuery(op, raw)
			if derr != nil {
				t.Fatal(derr)
			}
			if (err == nil) != doc {
				t.Errorf("%s ?%s: the API accepts it: %v; the document: %v", pattern, raw, err == nil, doc)
			}
		}
	}
}

// TestSchemaValidator checks the validator itself, on a schema that uses
// every keyword it knows, so that the tests above cannot pass by checking
// nothing.
func TestSchemaValidator(t *testing.T) {
	doc, err := decodeJSONNumbers([]byte(`{"components": {"schemas": {
		"Kind": {"type": "string", "enum": ["a", "b"]},
		"Thing": {
			"type": "object",
			"required": ["id", "kind", "when", "day", "tags", "ref", "extra"],
			"additionalProperties": false,
			"properties": {
				"id": {"type": "integer", "minimum": 1, "maximum": 10},
				"kind": {"$ref": "#/components/schemas/Kind"},
				"when": {"type": "string", "format": "date-time"},
				"day": {"type": ["string", "null"], "format": "date"},
				"tags": {"type": "array", "items": {"type": "string", "maxLength": 3, "pattern": "^[a-z]+$"}},
				"ref": {"anyOf": [{"$ref": "#/components/schemas/Kind"}, {"type": "null"}]},
				"extra": {"type": "object", "additionalProperties": {"type": "number"}}
			}
		}
	}}}`))
	if err != nil {
		t.Fatal(err)
	}
	d := &openAPI{root: doc.(map[string]any)}
	schema := map[string]any{"$ref": "#/components/schemas/Thing"}
	good := `{"id": 3, "kind": "a", "when": "2026-11-25T09:05:00.5Z", "day": null, "tags": ["ab"], "ref": "b", "extra": {"x": 1.5}}`
	tests := []struct {
		name    string
		replace [2]string // applied to good
		wantErr string    // "" for valid
	}{
		{"valid", [2]string{}, ""},
		{"date may be a date", [2]string{`"day": null`, `"day": "2026-02-28"`}, ""},
		{"wrong type", [2]string{`"id": 3`, `"id": "3"`}, "not of type"},
		{"not an integer", [2]string{`"id": 3`, `"id": 3.5`}, "not of type"},
		{"below minimum", [2]string{`"id": 3`, `"id": 0`}, "below"},
		{"above maximum", [2]string{`"id": 3`, `"id": 11`}, "above"},
		{"enum through $ref", [2]string{`"kind": "a"`, `"kind": "c"`}, "not one of"},
		{"null not allowed", [2]string{`"kind": "a"`, `"kind": null`}, "not of type"},
		{"time not in UTC", [2]string{`09:05:00.5Z`, `09:05:00+03:00`}, "not in UTC"},
		{"not a time", [2]string{`2026-11-25T09:05:00.5Z`, `yesterday`}, "cannot parse"},
		{"not a date", [2]string{`"day": null`, `"day": "2026-02-30"`}, "out of range"},
		{"item too long", [2]string{`["ab"]`, `["abcd"]`}, "longer than 3"},
		{"item pattern", [2]string{`["ab"]`, `["a1"]`}, "does not match"},
		{"anyOf matches none", [2]string{`"ref": "b"`, `"ref": 1`}, "none of anyOf"},
		{"additional property schema", [2]string{`{"x": 1.5}`, `{"x": "1.5"}`}, "extra.x"},
		{"undocumented property", [2]string{`"id": 3`, `"id": 3, "secret": 1`}, `"secret" is not documented`},
		{"missing required", [2]string{`"id": 3, `, ``}, `lacks required "id"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := decodeJSONNumbers([]byte(strings.Replace(good, tt.replace[0], tt.replace[1], 1)))
			if err != nil {
				t.Fatal(err)
			}
			errs := strings.Join(d.validate(schema, v, "body"), "\n")
			if tt.wantErr == "" && errs != "" {
				t.Errorf("unexpected errors:\n%s", errs)
			}
			if tt.wantErr != "" && !strings.Contains(errs, tt.wantErr) {
				t.Errorf("errors %q, want one containing %q", errs, tt.wantErr)
			}
		})
	}
	if errs := d.checkSchema(map[string]any{"type": "string", "minLength": json.Number("1")}, "x"); len(errs) != 1 {
		t.Errorf("an unchecked keyword passes: %v", errs)
	}
}
