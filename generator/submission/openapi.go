package submission

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Problem type URIs (RFC 9457) of the answers of the receiving server.
const (
	ProblemInvalid     = "urn:rainmaker:problem:invalid-submission"
	ProblemTooLarge    = "urn:rainmaker:problem:body-too-large"
	ProblemMediaType   = "urn:rainmaker:problem:unsupported-media-type"
	ProblemRateLimited = "urn:rainmaker:problem:too-many-requests"
	ProblemMethod      = "urn:rainmaker:problem:method-not-allowed"
	ProblemNotFound    = "urn:rainmaker:problem:not-found"
	ProblemTimeout     = "urn:rainmaker:problem:request-timeout"
	ProblemBadRequest  = "urn:rainmaker:problem:bad-request"
	ProblemStorage     = "urn:rainmaker:problem:storage"
	ProblemServer      = "urn:rainmaker:problem:server-error"
	ProblemUnavailable = "urn:rainmaker:problem:unavailable"
	// ProblemHeadersTooLarge answers headers past the server's limit.
	ProblemHeadersTooLarge = "urn:rainmaker:problem:headers-too-large"
	// ProblemKeyReused answers an Idempotency-Key sent again with another body.
	ProblemKeyReused = "urn:rainmaker:problem:idempotency-key-reused"
	// ProblemConsentOutdated answers a form that showed an older consent text.
	ProblemConsentOutdated = "urn:rainmaker:problem:consent-outdated"
	// ProblemBadLink answers a withdraw link that is not one this server made.
	ProblemBadLink = "urn:rainmaker:problem:invalid-link"
	// ProblemGone answers a withdraw link whose story is erased already.
	ProblemGone = "urn:rainmaker:problem:gone"
	// ProblemBusy answers a story being approved at the same moment.
	ProblemBusy = "urn:rainmaker:problem:busy"
)

// IDPattern is the form of a submission id: its time, then random hex.
const IDPattern = `^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$`

// SpecOptions place the endpoint for the OpenAPI document.
type SpecOptions struct {
	SiteTitle string
	ServerURL string // absolute URL the path is relative to, like "https://example.org"
	Path      string // like "/api/stories"
	ThanksURL string // the site's static thanks page (receive sends form posts to its own, under Path)
	MaxBody   int64
}

// OpenAPI returns the OpenAPI 3.1 document of the submission endpoint,
// derived from Fields so that it cannot drift from the form or the server.
func (v *Validator) OpenAPI(opts SpecOptions) ([]byte, error) {
	jsonExample, formExample := v.examples()
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   opts.SiteTitle + ": story submissions",
			"version": "1.0.0",
			"description": "Readers send their success stories through the site's form (multipart/form-data, with an optional photo, " +
				"or application/x-www-form-urlencoded) or as JSON. An accepted story waits in an inbox until an author approves it; the email address is never published. " +
				"Any server that implements this document can receive the site's form.",
		},
		"servers": []any{map[string]any{"url": opts.ServerURL}},
		// Anyone may send a story: the endpoint is public by design, and
		// says so rather than leaving security undefined.
		"security":   []any{},
		"paths":      paths(opts, formExample, jsonExample),
		"components": map[string]any{"schemas": v.schemas()},
	}
	return json.MarshalIndent(doc, "", "  ")
}

func paths(opts SpecOptions, formExample, jsonExample map[string]any) map[string]any {
	paths := withdrawPaths(opts)
	paths[opts.Path] = map[string]any{"post": submitOperation(opts, formExample, jsonExample)}
	paths["/healthz"] = map[string]any{"get": healthOperation()}
	return paths
}

// examples are a valid submission as JSON and as a form, built from
// Fields and the site's tags so that they validate against the schemas.
func (v *Validator) examples() (jsonExample, formExample map[string]any) {
	jsonExample = map[string]any{}
	formExample = map[string]any{}
	for _, f := range Fields {
		switch f.Kind {
		case KindConsent:
			jsonExample[f.Name] = true
			formExample[f.Name] = "true"
		case KindTags:
			if slugs := v.TagSlugs(); len(slugs) > 0 {
				jsonExample[f.Name] = slugs[:1]
				formExample[f.Name] = slugs[:1]
			}
		case KindHoneypot, KindPhoto, KindToken:
		case KindConsentVersion:
			jsonExample[f.Name] = v.ConsentVersion()
			formExample[f.Name] = v.ConsentVersion()
		default:
			jsonExample[f.Name] = f.Example
			formExample[f.Name] = f.Example
		}
	}
	return jsonExample, formExample
}

// submitOperation is the POST that sends a story, as a form or as JSON.
func submitOperation(opts SpecOptions, formExample, jsonExample map[string]any) map[string]any {
	return map[string]any{
		"operationId": "submitStory",
		"summary":     "Send a success story",
		"requestBody": map[string]any{
			"required": true,
			"content": map[string]any{
				"application/x-www-form-urlencoded": map[string]any{
					"schema":   ref("StoryForm"),
					"encoding": formEncoding(),
					"examples": map[string]any{"story": map[string]any{"summary": "A story sent from a form without a photo", "value": formExample}},
				},
				mediaMultipart: map[string]any{
					"schema":   ref("StoryMultipart"),
					"encoding": multipartEncoding(),
					"examples": map[string]any{"story": map[string]any{"summary": "A story sent from the form (a photo may be added as the part \"photo\")", "value": formExample}},
				},
				"application/json": map[string]any{
					"schema":   ref("Story"),
					"examples": map[string]any{"story": map[string]any{"summary": "A story sent as JSON", "value": jsonExample}},
				},
			},
		},
		"parameters": []any{idempotencyParameter()},
		"responses":  submitResponses(opts),
	}
}

// submitResponses are the answers of the receiving server, by status code.
func submitResponses(opts SpecOptions) map[string]any {
	return map[string]any{
		"201": map[string]any{
			"description": "The story was received (JSON requests).",
			"content": map[string]any{"application/json": map[string]any{
				"schema": ref("Received"),
				"example": map[string]any{"id": "20261127T093000Z-3f9a1c2b", "status": "received",
					"withdraw_url": strings.TrimSuffix(opts.ServerURL, "/") + opts.Path + "/withdraw/" + exampleToken},
			}},
		},
		"303": map[string]any{
			"description": "The story was received (form posts): the browser is sent to the thanks page, which this server shows with the private link to withdraw the story.",
			"headers": map[string]any{"Location": map[string]any{
				"required": true,
				"schema":   map[string]any{"type": "string", "format": "uri-reference"},
				"example":  strings.TrimSuffix(opts.ServerURL, "/") + opts.Path + "/thanks/" + exampleToken,
			}},
		},
		"400": problemResponse("Some fields are invalid; each is named with what is wrong (a photo that is not a JPEG, PNG or WebP, too large, or damaged is an error of the field photo). "+
			"A request that prefers HTML gets the form again with the errors shown.",
			ProblemInvalid, "", 400, "", nil),
		"405": problemResponse("Only POST is allowed.", ProblemMethod, "Method not allowed", 405, "use POST", map[string]any{
			"Allow": map[string]any{"schema": map[string]any{"type": "string"}, "example": "POST, OPTIONS"},
		}),
		"409": problemResponse("The form token was sent before with another story: the first was received, this one was not kept. "+
			"A browser gets the form back with what it sent and a new token.", ProblemTokenReused,
			"This form was sent before with another story", 409, "the story sent first with it was received; to send this one too, send the form again", nil),
		"413": problemResponse(fmt.Sprintf("The body is larger than the server accepts: %d bytes, and %d more for multipart/form-data, which may carry a photo.",
			opts.MaxBody, MaxPhotoBytes+multipartOverhead), ProblemTooLarge, "The submission is too large", 413,
			"the body may be at most "+itoa(opts.MaxBody)+" bytes", nil),
		"415": problemResponse("The body is neither a form nor JSON.", ProblemMediaType, "Unsupported media type", 415,
			"send "+mediaForm+", "+mediaMultipart+" or "+mediaJSON, map[string]any{
				"Accept-Post": map[string]any{"schema": map[string]any{"type": "string"}, "example": acceptPost},
			}),
		"408": problemResponse("The body (or the headers) did not arrive in time; nothing was kept.", ProblemTimeout,
			"The request took too long", 408, "send the whole body within 15s", nil),
		"422": unprocessableResponse(),
		"431": problemJSONResponse("The request's headers are larger than the server accepts.", ProblemHeadersTooLarge,
			"The request's headers are too large", 431, "send fewer or shorter headers"),
		"500": problemResponse("The story could not be stored (or another fault of the server); nothing was kept.", ProblemStorage,
			"The story could not be stored", 500, "nothing was kept; please try again later", nil),
		"default": problemJSONResponse("Any other error, such as 404 for a path this server does not serve or 400 for a request that cannot be read, as problem details.",
			ProblemNotFound, "Not found", 404, "this server only receives stories at "+opts.Path),
		"429": problemResponse("Too many submissions from this client; try again later.", ProblemRateLimited, "Too many submissions", 429,
			"try again in 42 seconds", map[string]any{
				"Retry-After": map[string]any{"required": true, "description": "Seconds to wait before sending again.",
					"schema": map[string]any{"type": "integer", "minimum": 1}, "example": 42},
			}),
	}
}

// problemResponse is an error response: problem details as JSON, or the form
// again as HTML. A 400 gets a full example, with the invalid fields.
func problemResponse(description, typ, title string, status int, detail string, headers map[string]any) map[string]any {
	example := map[string]any{"type": typ, "title": title, "status": status, "detail": detail}
	if status == 400 {
		example = invalidExample()
	}
	r := map[string]any{
		"description": description,
		"content": map[string]any{
			"application/problem+json": map[string]any{
				"schema":  ref("Problem"),
				"example": example,
			},
			"text/html": map[string]any{
				"schema":  map[string]any{"type": "string"},
				"example": "<!DOCTYPE html><html lang=\"en\"><title>Share your results</title>…the form, with the errors explained…</html>",
			},
		},
	}
	if headers != nil {
		r["headers"] = headers
	}
	return r
}

// invalidExample is the answer to a submission with invalid fields.
func invalidExample() map[string]any {
	return map[string]any{
		"type": ProblemInvalid, "title": "The submission has invalid fields", "status": 400,
		"detail": "2 fields are invalid: title, consent",
		"errors": []any{
			map[string]any{"field": "title", "pointer": "#/title", "detail": "must be at least 5 characters, got 3"},
			map[string]any{"field": "consent", "pointer": "#/consent", "detail": "must be ticked: we publish stories only with your permission"},
		},
	}
}

// schemas are the document's components: what is sent and what comes back.
func (v *Validator) schemas() map[string]any {
	return map[string]any{
		"Story":          v.storySchema(schemaJSON),
		"StoryForm":      v.storySchema(schemaForm),
		"StoryMultipart": v.storySchema(schemaMultipart),
		"Withdrawn":      withdrawnSchema(),
		"Received": map[string]any{
			"type": "object", "required": []string{"id", "status"}, "additionalProperties": false,
			"properties": map[string]any{
				"id":     map[string]any{"type": "string", "pattern": IDPattern, "description": "The submission's id in the inbox."},
				"status": map[string]any{"const": "received"},
				"withdraw_url": map[string]any{"type": "string", "format": "uri-reference",
					"description": "The submitter's private link to withdraw the story and erase their data; give it to them, and to nobody else."},
			},
		},
		"Problem": map[string]any{
			"type":        "object",
			"description": "Problem details (RFC 9457).",
			"required":    []string{"type", "title", "status"},
			"properties": map[string]any{
				"type":   map[string]any{"type": "string", "format": "uri-reference"},
				"title":  map[string]any{"type": "string"},
				"status": map[string]any{"type": "integer", "minimum": 400, "maximum": 599},
				"detail": map[string]any{"type": "string"},
				"errors": map[string]any{
					"type": "array", "maxItems": MaxProblems,
					"description": "The invalid fields, at most 20; detail counts them all.",
					"items": map[string]any{
						"type": "object", "required": []string{"field", "pointer", "detail"},
						"properties": map[string]any{
							"field":   map[string]any{"type": "string"},
							"pointer": map[string]any{"type": "string", "description": "JSON Pointer (RFC 6901) to the field, as a URI fragment."},
							"detail":  map[string]any{"type": "string"},
						},
					},
				},
			},
		},
	}
}

// formEncoding describes how each field is form-encoded: a browser
// sends every value, reserved characters (like "@") included, and tags
// as repeated keys.
func formEncoding() map[string]any {
	enc := map[string]any{}
	for _, f := range Fields {
		if f.Kind != KindPhoto {
			enc[f.Name] = map[string]any{"style": "form", "explode": true, "allowReserved": true}
		}
	}
	return enc
}

func ref(name string) map[string]any {
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// The three encodings of a story: JSON, and the form's two.
type schemaMode int

const (
	schemaJSON      schemaMode = iota // no photo, no form token
	schemaForm                        // every value a string; no photo
	schemaMultipart                   // the form with its photo
)

// storySchema is the JSON Schema of a submission in one encoding.
func (v *Validator) storySchema(mode schemaMode) map[string]any {
	form := mode != schemaJSON
	props := map[string]any{}
	var required []string
	for _, f := range Fields {
		if (f.Kind == KindPhoto && mode != schemaMultipart) || (f.Kind == KindToken && !form) {
			continue
		}
		p := map[string]any{"title": f.Label}
		if f.Hint != "" {
			p["description"] = f.Hint
		}
		switch f.Kind {
		case KindText:
			p["type"] = "string"
			p["pattern"] = `^[^\r\n]*$`
		case KindEmail:
			p["type"] = "string"
			p["format"] = "email"
		case KindMarkdown:
			p["type"] = "string"
			p["contentMediaType"] = "text/markdown"
		case KindTags:
			items := map[string]any{"type": "string"}
			if slugs := v.TagSlugs(); len(slugs) > 0 {
				items["enum"] = slugs
			}
			p["type"] = "array"
			p["items"] = items
			p["uniqueItems"] = true
			p["maxItems"] = f.MaxItems
			if len(v.tags) == 0 {
				p["maxItems"] = 0
			}
		case KindConsent:
			if form {
				p["type"] = "string"
				p["enum"] = []string{"true", "on"}
			} else {
				p["type"] = "boolean"
				p["const"] = true
			}
		case KindHoneypot:
			p["type"] = "string"
			p["maxLength"] = 0
			p["description"] = "A trap for bots: people leave it empty."
		case KindPhoto, KindToken:
			formOnlySchema(f, p)
		case KindConsentVersion:
			p["type"] = "string"
			p["pattern"] = "^[0-9a-f]{12}$"
			p["description"] = f.Hint + " The version is the first 12 hex digits of the SHA-256 of the consent text; this site's is " +
				v.ConsentVersion() + ", of the text “" + v.consentText + "”."
			p["examples"] = []string{v.ConsentVersion()}
			p["maxLength"] = f.MaxLength
		}
		if f.Kind == KindText || f.Kind == KindEmail || f.Kind == KindMarkdown {
			if f.MinLength > 0 {
				p["minLength"] = f.MinLength
			}
			p["maxLength"] = f.MaxLength
		}
		if f.Private {
			p["description"] = strings.TrimSpace(f.Hint + " Kept private.")
		}
		if f.Required {
			required = append(required, f.Name)
		}
		props[f.Name] = p
	}
	return map[string]any{
		"type": "object", "required": required, "additionalProperties": false, "properties": props,
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
