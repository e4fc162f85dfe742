package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"birlik/locale"
)

// templateFuncs returns the functions templates call, bound to one
// language and to the time zone pages show times in.
func templateFuncs(l *locale.Lang, loc *time.Location) template.FuncMap {
	return template.FuncMap{
		// t translates a catalogue key: {{t "nav.home"}}, {{t "x" "name" .Name}}.
		"t": l.T,
		// n translates a plural message: {{n "org.count" .Total}}.
		"n": func(key string, count any, args ...any) string { return l.N(key, toInt64(count), args...) },
		"num": func(v any) string {
			if p, ok := v.(*int64); ok {
				if p == nil {
					return ""
				}
				return l.Number(*p)
			}
			return l.Number(v)
		},
		"date":     func(t time.Time) string { return l.Date(t.In(loc)) },
		"datetime": func(t time.Time) string { return l.DateTime(t.In(loc)) },
		"isodate":  l.ISODate,
		"upper":    locale.Upper,
		"static":   staticURL,
		"field":    func(f *form, name, typ string, opts ...string) fieldView { return newField(l, f, name, typ, opts) },
		"choice": func(f *form, name string, options []option, opts ...string) fieldView {
			fv := newField(l, f, name, "select", opts)
			fv.Options = options
			return fv
		},
		"dict": dict,
		// with returns u with its query changed: {{with_query .Query "page" 2}}.
		"query":     setQuery,
		"add":       func(a, b int) int { return a + b },
		"hasPrefix": strings.HasPrefix,
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
	}
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int64:
		return x
	case int32:
		return int64(x)
	case uint:
		return int64(x)
	case float64:
		return int64(x)
	}
	n, _ := strconv.ParseInt(fmt.Sprint(v), 10, 64)
	return n
}

func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		m[k] = kv[i+1]
	}
	return m
}

// setQuery returns the query string q with the given keys set (an empty
// value removes the key), as "?a=b"; for pagination and sort links that
// keep the current filters.
func setQuery(q url.Values, kv ...any) string {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		v := fmt.Sprint(kv[i+1])
		if v == "" {
			out.Del(k)
		} else {
			out.Set(k, v)
		}
	}
	if len(out) == 0 {
		return "?"
	}
	return "?" + out.Encode()
}

// option is one choice of a select, radio group or filter.
type option struct {
	Value string
	Label string // already translated
}

// fieldView is what the field partials render: a labelled input with its
// hint and its error tied to it by aria-describedby.
type fieldView struct {
	ID           string
	Name         string
	Type         string // text, email, password, number, date, textarea, select, …
	Label        string
	Hint         string
	Error        string
	Value        string
	Required     bool
	Autocomplete string
	Readonly     bool
	Options      []option
	Describedby  string
	Attrs        map[string]string // extra: min, max, maxlength, inputmode, …
}

// newField builds a field of form f. Its label is the catalogue key
// "<form prefix>.field.<name>", its hint "<prefix>.hint.<name>" when the
// catalogue has one. opts are "required", "readonly", "autocomplete=…",
// or any other "attr=value".
func newField(l *locale.Lang, f *form, name, typ string, opts []string) fieldView {
	if f == nil {
		f = &form{}
	}
	fv := fieldView{ID: "f-" + name, Name: name, Type: typ, Value: f.Get(name), Attrs: map[string]string{}}
	fv.Label = l.T(f.Prefix + ".field." + name)
	if hint := f.Prefix + ".hint." + name; l.T(hint) != hint {
		fv.Hint = l.T(hint)
	}
	fv.Error = f.errorText(l, name)
	var ids []string
	if fv.Hint != "" {
		ids = append(ids, fv.ID+"-hint")
	}
	if fv.Error != "" {
		ids = append(ids, fv.ID+"-error")
	}
	fv.Describedby = strings.Join(ids, " ")
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "required":
			fv.Required = true
		case "readonly":
			fv.Readonly = true
		case "autocomplete":
			fv.Autocomplete = v
		default:
			fv.Attrs[k] = v
		}
	}
	return fv
}
