package submission

import (
	"crypto/sha256"
	"encoding/hex"
)

// ConsentVersionLength is the length of a consent version: 12 hex
// digits, 48 bits, plenty to tell a site's texts apart.
const ConsentVersionLength = 12

// ConsentOutdated is the message of a submission whose form showed
// another consent text than the one in force: the submitter agrees anew.
const ConsentOutdated = "the consent text has changed since this form was loaded: reload the form, read the new text and tick the box again"

// ConsentVersion is the version of a consent text: the first 12 hex
// digits of the SHA-256 of the exact text shown, so any change to the
// text, even of one character, is a new version.
func ConsentVersion(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])[:ConsentVersionLength]
}

// ConsentText is the consent text the form shows, and ConsentVersion
// its version.
func (v *Validator) ConsentText() string    { return v.consentText }
func (v *Validator) ConsentVersion() string { return ConsentVersion(v.consentText) }

// checkConsentVersion returns the version and text a submission agrees
// to: the current ones when it names none, else an error unless it names
// the current version.
func (v *Validator) checkConsentVersion(version string) (string, string, string) {
	current := v.ConsentVersion()
	if version == "" || version == current {
		return current, v.consentText, ""
	}
	return version, "", ConsentOutdated
}

// consentOutdated reports whether errs refuse an outdated consent text.
func consentOutdated(errs []FieldError) bool {
	for _, e := range errs {
		if e.Field == "consent_version" && e.Message == ConsentOutdated {
			return true
		}
	}
	return false
}
