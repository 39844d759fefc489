package submission

import "fmt"

// idempotencyParameter documents the Idempotency-Key header.
func idempotencyParameter() map[string]any {
	return map[string]any{
		"name": "Idempotency-Key", "in": "header", "required": false,
		"description": "Makes a retry safe: a request sent again with the same key and body gets the first answer and stores nothing new; " +
			"the same key with another body is answered 422. Keys are remembered for a day. An sf-string (draft-ietf-httpapi-idempotency-key), " +
			"1 to 255 printable ASCII characters; a UUID is a good key. Form posts without a key are stored once per form token (form_token), " +
			"or without one once per content (the same fields and photo) for a day.",
		"schema":  map[string]any{"type": "string", "minLength": 1, "maxLength": MaxKeyLength + 2, "pattern": `^"?[!#-\[\]-~]+"?$`},
		"example": `"8e03978e-40d5-43e8-bc93-6894a57f9324"`,
	}
}

// problemJSONResponse is an error answered as problem details only.
func problemJSONResponse(description, typ, title string, status int, detail string) map[string]any {
	return map[string]any{
		"description": description,
		"content": map[string]any{"application/problem+json": map[string]any{
			"schema":  ref("Problem"),
			"example": map[string]any{"type": typ, "title": title, "status": status, "detail": detail},
		}},
	}
}

// healthOperation is the check of a load balancer or monitor.
func healthOperation() map[string]any {
	return map[string]any{
		"operationId": "health",
		"summary":     "Whether a story could be stored now",
		"description": "Writes, flushes and removes a small file in the inbox, as storing a story does.",
		"responses": map[string]any{
			"200": map[string]any{
				"description": "The inbox can be written.",
				"content": map[string]any{"application/json": map[string]any{
					"schema": map[string]any{
						"type": "object", "required": []string{"status", "inbox"}, "additionalProperties": false,
						"properties": map[string]any{"status": map[string]any{"const": "ok"}, "inbox": map[string]any{"const": "writable"}},
					},
					"example": map[string]any{"status": "ok", "inbox": "writable"},
				}},
			},
			"405": problemJSONResponse("Only GET and HEAD are allowed.", ProblemMethod, "Method not allowed", 405, "use GET, HEAD"),
			"408": problemJSONResponse("The headers did not arrive in time.", ProblemTimeout, "The request took too long", 408, "send the headers within 5s"),
			"431": problemJSONResponse("The request's headers are larger than the server accepts.", ProblemHeadersTooLarge,
				"The request's headers are too large", 431, "send fewer or shorter headers"),
			"503": problemJSONResponse("The inbox cannot be written: stories would not be stored.", ProblemUnavailable,
				"The inbox cannot be written", 503, "stories would not be stored; the server's log says why"),
			"default": problemJSONResponse("Any other error, as problem details.", ProblemServer, "Internal server error", 500, "the server's log says why"),
		},
	}
}

// formOnlySchema describes the photo and the form token, which only the
// form sends.
func formOnlySchema(f Field, p map[string]any) {
	p["type"] = "string"
	if f.Kind == KindToken {
		p["maxLength"] = f.MaxLength
		p["pattern"] = `^1\.[0-9]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`
		p["description"] = "A one-time token of a form the server showed (again, with errors): a second post with it stores nothing new " +
			"and gets the first answer; with another story it is answered 409. Leave it out when the form has none."
		return
	}
	p["contentMediaType"] = "application/octet-stream"
	p["x-max-bytes"] = f.MaxBytes
	p["x-max-pixels"] = f.MaxPixels
	p["description"] = fmt.Sprintf("%s A file part (with a filename) of at most %d bytes (%d MB) and %d megapixels; "+
		"its format is told from its bytes, whatever its name or type says. It is decoded and encoded again, "+
		"which removes its metadata (EXIF, GPS) and anything appended. A GIF, an SVG, an animated or a damaged image is refused.",
		f.Hint, f.MaxBytes, f.MaxBytes>>20, f.MaxPixels/1_000_000)
}

// multipartEncoding describes the parts of the form with a photo.
func multipartEncoding() map[string]any {
	enc := map[string]any{}
	for _, f := range Fields {
		if f.Kind == KindPhoto {
			enc[f.Name] = map[string]any{"contentType": "image/jpeg, image/png, image/webp"}
		}
	}
	return enc
}

// unprocessableResponse is the 422 answer: a consent text that changed
// since the form was loaded, or an Idempotency-Key used before.
func unprocessableResponse() map[string]any {
	outdated := map[string]any{
		"type": ProblemConsentOutdated, "title": "The consent text has changed", "status": 422,
		"detail": "1 field is invalid: consent_version",
		"errors": []any{map[string]any{"field": "consent_version", "pointer": "#/consent_version", "detail": ConsentOutdated}},
	}
	reused := map[string]any{
		"type": ProblemKeyReused, "title": "The Idempotency-Key was used for another submission", "status": 422,
		"detail": "send a new key with a new submission; nothing was kept",
	}
	return map[string]any{
		"description": "Nothing was kept: the form showed an older consent text than the one in force (reload the form and agree to the new text), " +
			"or the Idempotency-Key was sent before with another submission. A request that prefers HTML gets the form again, with the current text.",
		"content": map[string]any{
			"application/problem+json": map[string]any{
				"schema": ref("Problem"),
				"examples": map[string]any{
					"consent-outdated": map[string]any{"summary": "The consent text changed", "value": outdated},
					"key-reused":       map[string]any{"summary": "The key was used for another submission", "value": reused},
				},
			},
			"text/html": map[string]any{
				"schema":  map[string]any{"type": "string"},
				"example": "<!DOCTYPE html><html lang=\"en\"><title>Share your results</title>…the form, with the current consent text…</html>",
			},
		},
	}
}
