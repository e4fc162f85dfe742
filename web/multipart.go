package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"birlik"
)

// Uploads are read part by part as they stream in, never spooled to disk
// by ParseMultipartForm: the form's fields come before its files, so a
// handler knows what a file is for when it reaches it, and a file of
// 20 MB goes straight to its store.

// errNoForm is what eachPart returns for a request that is not a
// multipart form at all; each caller says what it missed.
var errNoForm = errors.New("web: not a multipart form")

// eachPart walks the parts of a multipart form whose body may hold at
// most max bytes, calling each for every part (and closing the part
// after). The walk ends when each says stop, with done true, or at the
// end of the form, with done false. A body over max ends it with
// tooLarge; a malformed body with a bad request; a request that is no
// multipart form with errNoForm.
func eachPart(w http.ResponseWriter, r *http.Request, max int64, tooLarge error, each func(p *multipart.Part) (stop bool, err error)) (done bool, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, max)
	mr, err := r.MultipartReader()
	if err != nil {
		return false, errNoForm
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, bodyError(err, tooLarge)
		}
		stop, err := each(part)
		part.Close()
		if err != nil || stop {
			return stop, err
		}
	}
}

// readAll reads a part of at most limit bytes: over says the part held
// more (data is then nil). A body over its bound gives tooLarge.
func readAll(p *multipart.Part, limit int64, tooLarge error) (data []byte, over bool, err error) {
	data, err = io.ReadAll(io.LimitReader(p, limit+1))
	if err != nil {
		return nil, false, bodyError(err, tooLarge)
	}
	if int64(len(data)) > limit {
		return nil, true, nil
	}
	return data, false, nil
}

// bodyError is the error of a failed read of a request body: tooLarge
// when the body went over its bound, a bad request otherwise.
func bodyError(err, tooLarge error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return tooLarge
	}
	return birlik.Errorf(birlik.EINVALID, "error.bad_request")
}
