package submission

// idempotencyParameter documents the Idempotency-Key header.
func idempotencyParameter() map[string]any {
	return map[string]any{
		"name": "Idempotency-Key", "in": "header", "required": false,
		"description": "Makes a retry safe: a request sent again with the same key and body gets the first answer and stores nothing new; " +
			"the same key with another body is answered 422. Keys are remembered for a day. An sf-string (draft-ietf-httpapi-idempotency-key), " +
			"1 to 255 printable ASCII characters; a UUID is a good key. Form posts without a key are stored once per body.",
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
			"503": problemJSONResponse("The inbox cannot be written: stories would not be stored.", ProblemUnavailable,
				"The inbox cannot be written", 503, "stories would not be stored; the server's log says why"),
			"default": problemJSONResponse("Any other error, as problem details.", ProblemMethod, "Method not allowed", 405, "use GET, HEAD"),
		},
	}
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
