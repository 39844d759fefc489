package main

import (
	"slices"
	"testing"
)

func TestParseSizes(t *testing.T) {
	tests := []struct {
		list    string
		want    []int
		wantErr bool
	}{
		{list: "10000", want: []int{10000}},
		{list: "10000,100000", want: []int{10000, 100000}},
		{list: " 100 , 1000 ", want: []int{100, 1000}},
		{list: "", wantErr: true},
		{list: "10000,", wantErr: true},
		{list: "0", wantErr: true},
		{list: "-5", wantErr: true},
		{list: "ten", wantErr: true},
		{list: "100,100", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parseSizes(tt.list)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseSizes(%q) error = %v, want error %v", tt.list, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && !slices.Equal(got, tt.want) {
			t.Errorf("parseSizes(%q) = %v, want %v", tt.list, got, tt.want)
		}
	}
}
