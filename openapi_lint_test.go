package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenAPIPassesRedocly lints the OpenAPI document the sample blog
// publishes with a real linter, Redocly's, at its recommended rules
// (tools/redocly.yaml): errors and warnings both fail.
func TestOpenAPIPassesRedocly(t *testing.T) {
	redocly := toolPath(t, ".bin/redocly")
	out, _ := buildSample(t)
	cmd := exec.Command(redocly, "lint", "--config", filepath.Join("tools", "redocly.yaml"), "--format", "stylish",
		"--max-problems", "50", filepath.Join(out, "api", "openapi.json"))
	report, err := cmd.CombinedOutput()
	text := string(report)
	if err != nil || strings.Contains(text, " warning ") || strings.Contains(text, " error ") {
		t.Fatalf("redocly lint: %v\n%s", err, text)
	}
	if !strings.Contains(text, "valid") {
		t.Fatalf("redocly lint printed no verdict:\n%s", text)
	}
}
