//go:build unix && !linux

package generator

const mapPopulate = 0
