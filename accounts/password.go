package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters. OWASP's Password Storage Cheat Sheet, which ASVS 5
// (V11.4.2) defers to, gives m=19 MiB, t=2, p=1 as the floor; we use twice
// its memory. Hashes made with weaker parameters are upgraded at the next
// sign-in (see needsRehash).
const (
	argonMemory  = 38 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Password length bounds (ASVS 5 V6.2.1, V6.2.9): at least 12 characters,
// and long passphrases allowed.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 128
)

// HashPassword returns an argon2id hash in the PHC string format, with a
// fresh random salt.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errMalformedHash = errors.New("accounts: malformed password hash")

// checkPassword reports whether password matches the PHC-format hash, in
// time that does not depend on where they differ.
func checkPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errMalformedHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, errMalformedHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errMalformedHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, errMalformedHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// needsRehash reports whether hash was made with parameters weaker than
// today's.
func needsRehash(hash string) bool {
	var m, t uint32
	var p uint8
	parts := strings.Split(hash, "$")
	if len(parts) != 6 {
		return true
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return true
	}
	return m < argonMemory || t < argonTime
}

// dummyHash is checked against when an e-mail address is unknown, so that
// a failed sign-in takes as long whether or not the account exists.
var dummyHash, _ = HashPassword("birlik-dummy-password-for-timing")

// commonPasswords are refused outright (ASVS 5 V6.2.4 asks for a check
// against the most common passwords). A short list catches what people
// actually type; length does the rest.
var commonPasswords = map[string]bool{
	"123456789012": true, "1234567890123": true, "password1234": true, "passwordpassword": true,
	"qwertyuiopas": true, "qwerty123456": true, "111111111111": true, "000000000000": true,
	"iloveyou1234": true, "administrator": true, "admin1234567": true, "welcome12345": true,
	"sifre1234567": true, "şifre1234567": true, "parola123456": true, "birlik123456": true,
	"marmara12345": true, "istanbul1234": true, "türkiye12345": true, "turkiye12345": true,
	"abc123456789": true, "aaaaaaaaaaaa": true, "letmein12345": true, "changeme1234": true,
}

// ValidatePassword returns the catalogue key of what is wrong with a new
// password, or "" when it is acceptable. Any character is allowed,
// including spaces, and nothing about composition is demanded (ASVS 5
// V6.2.5): length and a common-password check are what matter.
func ValidatePassword(password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return "error.password.too_short"
	case n > MaxPasswordLen:
		return "error.password.too_long"
	case commonPasswords[strings.ToLower(password)]:
		return "error.password.common"
	case email != "" && strings.EqualFold(password, email):
		return "error.password.is_email"
	}
	return ""
}
