package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"birlik"
	"birlik/locale"
)

// form carries what a person typed and what is wrong with it back to the
// page, so that a refused form shows every problem next to its field and
// in a summary at the top, and loses nothing that was typed.
type form struct {
	Prefix string            // catalogue prefix of the form's labels: "<prefix>.field.<name>"
	Values url.Values        // as submitted, or as loaded from the record
	Errors map[string]string // field name → catalogue key
	Args   map[string][]any  // field name → the values of its message's placeholders, for the few that have any
	Order  []string          // fields with errors, in the order they appear
	// Message is a catalogue key for a problem with the whole form (a
	// conflict, a refused sign-in), shown at the top.
	Message string
}

func newForm(prefix string, values url.Values) *form {
	if values == nil {
		values = url.Values{}
	}
	return &form{Prefix: prefix, Values: values, Errors: map[string]string{}}
}

// Get returns a submitted value.
func (f *form) Get(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Has reports whether a checkbox or multi-value field holds value.
func (f *form) Has(name, value string) bool {
	if f == nil {
		return false
	}
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Invalid reports whether the form has any error.
func (f *form) Invalid() bool { return f != nil && (len(f.Errors) > 0 || f.Message != "") }

// fail records err on the form: field errors next to their fields, any
// other domain error as the form's message. It returns the HTTP status to
// render the form again with, or the error itself when it is not the
// user's to fix (an internal failure), which the caller returns.
func (f *form) fail(err error, order ...string) (int, error) {
	var e *birlik.Error
	if !errors.As(err, &e) || e.Code == birlik.EINTERNAL {
		return 0, err
	}
	for name, key := range e.Fields {
		f.Errors[name] = key
	}
	for name, args := range e.FieldArgs {
		if f.Args == nil {
			f.Args = map[string][]any{}
		}
		f.Args[name] = args
	}
	f.Order = f.Order[:0]
	for _, name := range order {
		if _, ok := f.Errors[name]; ok {
			f.Order = append(f.Order, name)
		}
	}
	for name := range f.Errors {
		if !contains(f.Order, name) {
			f.Order = append(f.Order, name)
		}
	}
	if len(e.Fields) == 0 || e.Message != "error.form_invalid" {
		f.Message = e.Message
	}
	return statusOf(err), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// summaryItem is one line of a form's error summary.
type summaryItem struct {
	ID, Label, Error string
}

// Summary lists the form's field errors with their labels, for the box at
// the top whose links move focus to each field.
func (f *form) Summary(l *locale.Lang) []summaryItem {
	if f == nil {
		return nil
	}
	out := make([]summaryItem, 0, len(f.Order))
	for _, name := range f.Order {
		out = append(out, summaryItem{ID: "f-" + name, Label: l.T(f.Prefix + ".field." + name), Error: f.errorText(l, name)})
	}
	return out
}

// errorText is the translated error of the field, "" for none.
func (f *form) errorText(l *locale.Lang, name string) string {
	key := f.Errors[name]
	if key == "" {
		return ""
	}
	return l.T(key, f.Args[name]...)
}

// parseForm reads a POSTed form, bounded in size; a body too large or
// malformed is an invalid request, not a server error.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return birlik.Errorf(birlik.EINVALID, "error.bad_request")
	}
	for k, vs := range r.PostForm {
		for i, v := range vs {
			r.PostForm[k][i] = strings.TrimSpace(v)
		}
	}
	return nil
}
