// Package birlik holds the vocabulary every part of the product shares: the
// coded error that domain packages return and the web layer translates, and
// the actor on whose behalf a request runs. Domain packages (network,
// accounts, audit, …) live in their own folders and depend on this one; it
// depends on nothing of ours.
package birlik

import (
	"errors"
	"fmt"
)

// Error codes. A domain package picks the code; only the web layer maps it to
// an HTTP status and a translated sentence.
const (
	ECONFLICT  = "conflict"  // the change clashes with stored state (duplicate, stale version)
	EFORBIDDEN = "forbidden" // the actor may not do this
	// EUNAUTHORIZED: the request says nobody, or nobody we know, is asking
	// (no session or token, or a bad token); signing in may help.
	EUNAUTHORIZED = "unauthorized"
	EINTERNAL     = "internal"  // a fault of ours; logged, never shown in detail
	EINVALID      = "invalid"   // the input is wrong; Fields says where
	ENOTFOUND     = "not_found" // no such record, or none the actor may see
	ETHROTTLED    = "throttled" // too many attempts; try later
)

// Error is the error domain packages return for anything a user should hear
// about. Message is a catalogue key, never a sentence: the web layer
// translates it in the reader's language, with Args filled in.
type Error struct {
	Code    string
	Message string // catalogue key, e.g. "error.organisation.id_taken"
	Args    []any  // values for the message's placeholders
	// Fields maps a form field name to a catalogue key explaining what is
	// wrong with it. Only set for EINVALID.
	Fields map[string]string
	// FieldArgs holds the values of a field's message placeholders, for
	// the fields whose message has any ("ring 2 crosses itself at
	// vertex 5"). nil for most errors.
	FieldArgs map[string][]any
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("birlik: %s: %s %v", e.Code, e.Message, e.Fields)
	}
	return fmt.Sprintf("birlik: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and catalogue key.
func Errorf(code, message string, args ...any) *Error {
	return &Error{Code: code, Message: message, Args: args}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the catalogue key of the first *Error in err's chain,
// or the generic internal-error key.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "error.internal"
}

// Invalid collects field errors while a domain package validates input, so
// that a form shows every problem at once rather than the first.
type Invalid struct {
	fields map[string]string
	args   map[string][]any
	order  []string
}

// Add records that field is wrong for the reason given by the catalogue key.
// The first reason recorded for a field wins: it is usually the most basic.
func (v *Invalid) Add(field, key string) {
	if v.fields == nil {
		v.fields = make(map[string]string)
	}
	if _, ok := v.fields[field]; ok {
		return
	}
	v.fields[field] = key
	v.order = append(v.order, field)
}

// AddArgs is Add for a message with placeholders, filled in with args
// when the message is translated.
func (v *Invalid) AddArgs(field, key string, args ...any) {
	if v.Has(field) {
		return
	}
	v.Add(field, key)
	if v.args == nil {
		v.args = make(map[string][]any)
	}
	v.args[field] = args
}

// Has reports whether field already has an error.
func (v *Invalid) Has(field string) bool { _, ok := v.fields[field]; return ok }

// Err returns nil when nothing was added, otherwise an EINVALID *Error.
func (v *Invalid) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "error.form_invalid", Fields: v.fields, FieldArgs: v.args}
}

// Fields returns the field names in the order their errors were added.
func (v *Invalid) Fields() []string { return v.order }

// FieldErrors returns the per-field catalogue keys of err, or nil.
func FieldErrors(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// FieldArgs returns the placeholder values of field's error in err, or
// nil.
func FieldArgs(err error, field string) []any {
	var e *Error
	if errors.As(err, &e) {
		return e.FieldArgs[field]
	}
	return nil
}
