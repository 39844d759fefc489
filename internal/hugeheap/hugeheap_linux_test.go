//go:build linux

package hugeheap

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// vmFlags returns the VmFlags of the mapping that holds addr, from
// /proc/self/smaps.
func vmFlags(t *testing.T, addr uintptr) []string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	inside := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := mappingRange(line); ok {
			inside = lo <= addr && addr < hi
			continue
		}
		if inside && strings.HasPrefix(line, "VmFlags:") {
			return strings.Fields(strings.TrimPrefix(line, "VmFlags:"))
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return nil
}

// mappingRange parses the "lo-hi perms ..." line that starts a mapping.
func mappingRange(line string) (lo, hi uintptr, ok bool) {
	span, _, found := strings.Cut(line, " ")
	a, b, dash := strings.Cut(span, "-")
	if !found || !dash {
		return 0, 0, false
	}
	l, err1 := strconv.ParseUint(a, 16, 64)
	h, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(l), uintptr(h), true
}

func hasFlag(flags []string, want string) bool {
	for _, f := range flags {
		if f == want {
			return true
		}
	}
	return false
}

func requireTHP(t *testing.T) {
	t.Helper()
	if !available() {
		t.Skip("transparent huge pages are off on this system")
	}
}

var sink [][]byte

func TestEnableAdvisesTheHeapAndItsGrowth(t *testing.T) {
	requireTHP(t)
	stop := enable(16<<20, time.Millisecond)
	defer stop()
	defer stop() // stopping twice is harmless

	small := make([]byte, 1<<20)
	sink = append(sink, small)
	if f := vmFlags(t, uintptr(unsafe.Pointer(&small[0]))); !hasFlag(f, "hg") {
		t.Errorf("heap memory within the reserve is not advised for huge pages: VmFlags %v", f)
	}

	// Far beyond the reserve: the runtime maps new heap, which the tick
	// must advise.
	big := make([]byte, 256<<20)
	sink = append(sink, big)
	addr := uintptr(unsafe.Pointer(&big[len(big)-1]))
	deadline := time.Now().Add(5 * time.Second)
	for {
		f := vmFlags(t, addr)
		if hasFlag(f, "hg") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("heap grown after Enable is not advised within 5 s: VmFlags %v", f)
		}
		time.Sleep(2 * time.Millisecond)
	}
	sink = nil
}

func TestMemTotal(t *testing.T) {
	for _, tc := range []struct {
		meminfo string
		want    uint64
	}{
		{"MemTotal:       24683620 kB\nMemFree:         1234 kB\n", 24683620 << 10},
		{"MemFree:         1234 kB\nMemTotal: 2048 kB", 2048 << 10},
		{"MemFree:         1234 kB\n", 0},
		{"MemTotal:       lots kB\n", 0},
		{"MemTotal:       1024 MB\n", 0},
		{"", 0},
	} {
		if got := memTotal([]byte(tc.meminfo)); got != tc.want {
			t.Errorf("memTotal(%q) = %d, want %d", tc.meminfo, got, tc.want)
		}
	}
}

func TestReserveSize(t *testing.T) {
	for _, tc := range []struct {
		total uint64
		want  int
	}{
		{0, 0},                 // unknown, or strict overcommit: no reserve
		{1 << 30, 256 << 20},   // a small machine: a quarter of it
		{24 << 30, maxReserve}, // this project's machines
		{1 << 40, maxReserve},  // never more
	} {
		if got := reserveSize(tc.total); got != tc.want {
			t.Errorf("reserveSize(%d) = %d, want %d", tc.total, got, tc.want)
		}
	}
}
