//go:build !unix

package main

import "os/exec"

// killGroup stops only the command itself where process groups are not
// available.
func killGroup(cmd *exec.Cmd) {}

// lockFile does not lock where flock(2) is missing: processes sharing an
// inbox there may build at once.
func lockFile(path string) (unlock func(), err error) { return func() {}, nil }
