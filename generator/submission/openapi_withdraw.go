package submission

// withdrawPaths document the thanks page and the withdraw link, under
// the endpoint's path.
func withdrawPaths(opts SpecOptions) map[string]any {
	return map[string]any{
		opts.Path + "/thanks/{token}": map[string]any{
			"get": map[string]any{
				"parameters":  []any{tokenParameter()},
				"operationId": "thanks",
				"summary":     "The thanks page a form post is sent to",
				"description": "Shows the private link that withdraws the story. Reloading it stores nothing.",
				"responses": map[string]any{
					"200":     linkPageResponse("The thanks page."),
					"404":     linkProblem("The token is not one this server made.", ProblemBadLink, "This link is not valid", 404),
					"default": linkProblem("Any other error, such as 405 for another method.", ProblemMethod, "Method not allowed", 405),
				},
			},
		},
		opts.Path + "/withdraw/{token}": map[string]any{
			"get": map[string]any{
				"parameters":  []any{tokenParameter()},
				"operationId": "confirmWithdraw",
				"summary":     "What the withdraw link does, with one button",
				"description": "Opening the link withdraws nothing: a mail scanner may open it. The page's form POSTs to the same address.",
				"responses": map[string]any{
					"200":     linkPageResponse("The page that asks to confirm."),
					"404":     linkProblem("The token is not one this server made: changed, cut short, or of another server.", ProblemBadLink, "This link is not valid", 404),
					"410":     linkProblem("Nothing of the story is kept any more: it was withdrawn or erased.", ProblemGone, "There is nothing left to withdraw", 410),
					"default": linkProblem("Any other error, such as 405 for another method.", ProblemMethod, "Method not allowed", 405),
				},
			},
			"post": withdrawOperation(),
		},
	}
}

func withdrawOperation() map[string]any {
	busy := linkProblem("An editor is approving the story at this moment; nothing was changed.", ProblemBusy, "The story could not be withdrawn right now", 503)
	busy["headers"] = map[string]any{"Retry-After": map[string]any{
		"required": true, "description": "Seconds to wait before trying again.", "schema": map[string]any{"type": "integer", "minimum": 1}, "example": 5,
	}}
	return map[string]any{
		"operationId": "withdraw",
		"parameters":  []any{tokenParameter()},
		"summary":     "Withdraw the story and erase its submitter's data",
		"description": "Takes the story off the site if it was published (and rebuilds it), and erases the story from the inbox " +
			"with the email address, consent record, photo and notifications. The answer says what was removed. Using the link again answers 410.",
		"responses": map[string]any{
			"200": map[string]any{
				"description": "The story was withdrawn.",
				"content": map[string]any{
					"application/json": map[string]any{
						"schema": ref("Withdrawn"),
						"example": map[string]any{"id": "20261127T093000Z-3f9a1c2b", "status": "withdrawn", "unpublished": true, "site_rebuilt": true,
							"removed": []string{"the record of the approved story, with the email address and consent"}},
					},
					"text/html": htmlContent("…Your story is withdrawn…"),
				},
			},
			"404":     linkProblem("The token is not one this server made.", ProblemBadLink, "This link is not valid", 404),
			"410":     linkProblem("Nothing of the story is kept any more: the link was used already.", ProblemGone, "There is nothing left to withdraw", 410),
			"500":     linkProblem("Part of the story could not be erased; using the link again erases the rest.", ProblemStorage, "The story could not be withdrawn completely", 500),
			"503":     busy,
			"default": linkProblem("Any other error, such as 405 for another method.", ProblemMethod, "Method not allowed", 405),
		},
	}
}

func tokenParameter() map[string]any {
	return map[string]any{
		"name": "token", "in": "path", "required": true,
		"description": "The story's private token: its id and an HMAC-SHA256 signature of it by this server.",
		"schema":      map[string]any{"type": "string", "maxLength": withdrawTokenLength},
		"example":     exampleToken,
	}
}

// withdrawnSchema is the JSON answer of a withdrawal.
func withdrawnSchema() map[string]any {
	return map[string]any{
		"type": "object", "required": []string{"id", "status", "removed", "unpublished", "site_rebuilt"}, "additionalProperties": false,
		"properties": map[string]any{
			"id":           map[string]any{"type": "string", "pattern": IDPattern},
			"status":       map[string]any{"const": "withdrawn"},
			"removed":      map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "description": "What was erased, for people."},
			"unpublished":  map[string]any{"type": "boolean", "description": "Whether the story was taken out of the site's content."},
			"site_rebuilt": map[string]any{"type": "boolean", "description": "Whether the site was built again without it; if not, the next build removes it."},
		},
	}
}

// linkPageResponse is a page of the link: HTML for browsers, a short
// JSON answer for scripts.
func linkPageResponse(description string) map[string]any {
	return map[string]any{
		"description": description + " Scripts (that do not ask for text/html) get the link as JSON.",
		"content": map[string]any{
			"text/html": htmlContent("…the page…"),
			"application/json": map[string]any{
				"schema": map[string]any{
					"type": "object", "required": []string{"step", "withdraw_url"}, "additionalProperties": false,
					"properties": map[string]any{
						"step":         map[string]any{"enum": []string{"thanks", "confirm"}},
						"withdraw_url": map[string]any{"type": "string", "format": "uri-reference"},
					},
				},
				"example": map[string]any{"step": "thanks", "withdraw_url": "https://example.org/api/stories/withdraw/" + exampleToken},
			},
		},
	}
}

func linkProblem(description, typ, title string, status int) map[string]any {
	r := problemJSONResponse(description, typ, title, status, "")
	r["content"].(map[string]any)["text/html"] = htmlContent("…" + title + "…")
	return r
}

func htmlContent(example string) map[string]any {
	return map[string]any{"schema": map[string]any{"type": "string"},
		"example": "<!DOCTYPE html><html lang=\"en\"><title>Your story</title>" + example + "</html>"}
}
