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
