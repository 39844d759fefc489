package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader carries a webhook's signature: "t=UNIX,v1=HEX", where
// HEX is the HMAC-SHA256, keyed with the shared secret, of the decimal
// time, a dot and the exact body. Signing the time with the body lets a
// receiver refuse a replay of an old request.
const SignatureHeader = "Rainmaker-Signature"

// DeliveryHeader names the delivery a request or email is: the same on
// every retry of it, so a receiver can drop a repeat.
const DeliveryHeader = "Rainmaker-Delivery"

// Errors of VerifySignature, for errors.Is.
var (
	ErrSignatureMalformed = errors.New("the signature header is missing or malformed")
	ErrSignatureMismatch  = errors.New("the signature does not match the body")
	ErrSignatureExpired   = errors.New("the signature's time is outside the tolerance")
)

// Sign returns the value of the Rainmaker-Signature header for body
// sent at t.
func Sign(secret []byte, body []byte, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret []byte, ts string, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(ts))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// VerifySignature checks a webhook request as a receiver should: header
// is the Rainmaker-Signature value, body the raw request body (before any
// JSON decoding), now the receiver's clock, tolerance how old (or how far
// in the future) the signed time may be; 5 minutes is usual. A header may
// carry several v1 values (while a secret is rotated); one matching is
// enough. It is short and uses only the standard library, to be copied
// into a receiver.
func VerifySignature(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs [][]byte
	for part := range strings.SplitSeq(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		switch {
		case !ok:
			return ErrSignatureMalformed
		case k == "t":
			ts = v
		case k == "v1":
			sig, err := hex.DecodeString(v)
			if err != nil {
				return ErrSignatureMalformed
			}
			sigs = append(sigs, sig)
		}
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return ErrSignatureMalformed
	}
	want := mac(secret, ts, body)
	matched := false
	for _, sig := range sigs {
		matched = hmac.Equal(sig, want) || matched
	}
	if !matched {
		return ErrSignatureMismatch
	}
	if age := now.Sub(time.Unix(unix, 0)); age > tolerance || age < -tolerance {
		return fmt.Errorf("%w: signed %s ago", ErrSignatureExpired, age.Round(time.Second))
	}
	return nil
}
