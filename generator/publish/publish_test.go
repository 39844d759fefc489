package publish

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func key(b byte) Key { return Key{b} }

// build publishes files through a Disk whose previous manifest is prev:
// each file is carried when fresh, else written with its data.
func build(t *testing.T, target string, prev Previous, files map[string]string, keys map[string]Key) (*Disk, Previous) {
	t.Helper()
	d, err := NewDisk(target, prev)
	if err != nil {
		t.Fatal(err)
	}
	for rel, data := range files {
		if d.Fresh(rel, keys[rel]) && d.Carry(rel, keys[rel]) == nil {
			continue
		}
		if err := d.Write(rel, keys[rel], []byte(data), nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d, d.Manifests()
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDiskCarriesWhatIsFreshAndRewritesWhatWasTouched(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"index.html": "home", "posts/a/index.html": "a", "posts/b/index.html": "b", "feed.xml": "feed"}
	keys := map[string]Key{"index.html": key(1), "posts/a/index.html": key(2), "posts/b/index.html": key(3), "feed.xml": key(4)}
	_, m := build(t, target, Previous{}, files, keys)
	if len(m.Live) != 4 || m.Live["index.html"].Key != key(1) || m.Live["index.html"].Stamp.Size != 4 || m.Standby != nil {
		t.Fatalf("manifests %v", m)
	}
	for round := range 4 {
		os.Remove(filepath.Join(target, "posts/a/index.html"))
		os.WriteFile(filepath.Join(target, "feed.xml"), []byte("gone"), 0o644) // same size, new time
		files["posts/b/index.html"], keys["posts/b/index.html"] = fmt.Sprint("b", round), key(byte(30+round))
		var d *Disk
		d, m = build(t, target, m, files, keys)
		if st := d.Stats(); st.Carried != 1 || st.Written != 3 {
			t.Errorf("round %d: stats %+v, want index.html carried and 3 files written", round, st)
		}
		for rel, want := range files {
			if got := read(t, filepath.Join(target, rel)); got != want {
				t.Errorf("round %d: %s = %q, want %q", round, rel, got, want)
			}
		}
	}
	// A file the new build does not make is gone, from both folders.
	delete(files, "feed.xml")
	_, m = build(t, target, m, files, keys)
	_, m = build(t, target, m, files, keys)
	if _, err := os.Stat(filepath.Join(target, "feed.xml")); !os.IsNotExist(err) {
		t.Errorf("feed.xml survived builds that do not make it: %v", err)
	}
}

// A build stopped part way leaves files in the standby that no manifest
// names: the next build finds and removes them.
func TestDiskRemovesWhatAStoppedBuildLeft(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"index.html": "home"}
	keys := map[string]Key{"index.html": key(1)}
	_, m := build(t, target, Previous{}, files, keys)
	_, m = build(t, target, m, files, keys)
	d, err := NewDisk(target, m)
	if err != nil {
		t.Fatal(err)
	}
	d.Write("stray/index.html", key(9), []byte("from a build that failed"), nil)
	d.Abort()
	for range 3 {
		_, m = build(t, target, m, files, keys)
		if _, err := os.Stat(filepath.Join(target, "stray")); !os.IsNotExist(err) {
			t.Fatalf("the stopped build's folder is in the output: %v", err)
		}
	}
}

// The standby may hold anything (a killed build, a hand's edit): a file
// where the site has a folder, a folder where it has a file.
func TestDiskClearsTheWayInTheStandby(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	os.MkdirAll(filepath.Join(standbyPath(target), "feed.xml", "x"), 0o755)
	os.WriteFile(filepath.Join(standbyPath(target), "posts"), []byte("a file"), 0o644)
	files := map[string]string{"feed.xml": "feed", "posts/a/index.html": "a"}
	build(t, target, Previous{}, files, map[string]Key{"feed.xml": key(1), "posts/a/index.html": key(2)})
	for rel, want := range files {
		if got := read(t, filepath.Join(target, rel)); got != want {
			t.Errorf("%s = %q, want %q", rel, got, want)
		}
	}
}

func TestDiskAbortLeavesTheTargetAsItWas(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	keys := map[string]Key{"index.html": key(1)}
	_, m := build(t, target, Previous{}, map[string]string{"index.html": "home"}, keys)
	_, m = build(t, target, m, map[string]string{"index.html": "home"}, keys)
	d, err := NewDisk(target, m)
	if err != nil {
		t.Fatal(err)
	}
	d.Write("index.html", key(2), []byte("half a build"), nil)
	d.Abort()
	if got := read(t, filepath.Join(target, "index.html")); got != "home" {
		t.Errorf("index.html = %q after an aborted build", got)
	}
	// The standby the aborted build wrote into is not trusted: the next
	// build with the same key does not take its half-written file.
	_, m = build(t, target, m, map[string]string{"index.html": "home"}, keys)
	if got := read(t, filepath.Join(target, "index.html")); got != "home" {
		t.Errorf("index.html = %q after the build following an aborted one", got)
	}
}

func TestDiskRefusesPathsOutsideTheOutput(t *testing.T) {
	d, err := NewDisk(filepath.Join(t.TempDir(), "public"), Previous{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, rel := range []string{"../x", "a/../../x", "a/./b", "", `a\b`} {
		if err := d.Write(rel, key(1), []byte("x"), nil); err == nil {
			t.Errorf("%q: written", rel)
		}
		if d.Fresh(rel, key(1)) {
			t.Errorf("%q: fresh", rel)
		}
	}
}

func TestMemoryCarriesThePreviousBytes(t *testing.T) {
	m := NewMemory(nil)
	m.Write("a.html", key(1), []byte("a"), nil)
	m.Write("b.html", key(2), []byte("b"), nil)
	next := NewMemory(m.Files())
	if !next.Fresh("a.html", key(1)) || next.Fresh("a.html", key(9)) || next.Fresh("c.html", key(1)) || next.Fresh("a.html", Key{}) {
		t.Error("Fresh is true only for a file of the previous build with the same, non-zero key")
	}
	next.Carry("a.html", key(1))
	buf := []byte("b2")
	released := false
	next.Write("b.html", key(3), buf, func() { released = true })
	buf[0] = 'X' // the writer copied it before release
	if got := next.Files(); string(got["a.html"].Data) != "a" || string(got["b.html"].Data) != "b2" || !released {
		t.Errorf("files %v, released %v", got, released)
	}
	if err := next.Carry("c.html", key(1)); err == nil {
		t.Error("carried a file the previous build did not make")
	}
}

func TestMemoryChanges(t *testing.T) {
	m := NewMemory(nil)
	for _, name := range []string{"same", "rewritten", "edited", "gone"} {
		m.Write(name, key(1), []byte(name), nil)
	}
	next := NewMemory(m.Files())
	next.Carry("same", key(1))
	next.Write("rewritten", key(2), []byte("rewritten"), nil) // a new key, the same bytes
	next.Write("edited", key(2), []byte("edited again"), nil)
	next.Write("new", key(2), []byte("new"), nil)
	changed, removed := next.Changes()
	if !slices.Equal(changed, []string{"edited", "new"}) || !slices.Equal(removed, []string{"gone"}) {
		t.Errorf("changed %q, removed %q; want [edited new] and [gone]", changed, removed)
	}
	// The same site again, all carried: nothing changed or removed.
	again := NewMemory(next.Files())
	for name, f := range next.Files() {
		again.Carry(name, f.Key)
	}
	if changed, removed := again.Changes(); changed != nil || removed != nil {
		t.Errorf("carrying everything: changed %q, removed %q", changed, removed)
	}
}

func TestManifestRoundTrip(t *testing.T) {
	m := Manifest{"index.html": {Key: key(1), Stamp: Stamp{Size: 10, ModTime: -5}}, "posts/ü/index.html": {Key: key(2)}}
	data := m.Encode([]byte("head"))
	got, rest, err := DecodeManifest(append(data[4:], "tail"...))
	if err != nil || !maps.Equal(got, m) || string(rest) != "tail" {
		t.Fatalf("decoded %v, rest %q, err %v", got, rest, err)
	}
	for cut := range len(data) - 4 {
		if _, _, err := DecodeManifest(data[4 : 4+cut]); err == nil {
			t.Fatalf("a manifest cut at %d bytes decoded", cut)
		}
	}
}

// FuzzDecodeManifest: a damaged manifest is refused, never a crash, and
// what decodes encodes to the same bytes.
func FuzzDecodeManifest(f *testing.F) {
	f.Add(Manifest{"a": {Key: key(1), Stamp: Stamp{1, 2}}}.Encode(nil))
	f.Add([]byte{1, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, data []byte) {
		m, rest, err := DecodeManifest(data)
		if err != nil {
			return
		}
		again := m.Encode(nil)
		back, _, err := DecodeManifest(again)
		if err != nil || !maps.Equal(back, m) {
			t.Fatalf("round trip: %v, %v", back, err)
		}
		if len(m) == len(back) && !bytes.HasSuffix(data, rest) {
			t.Fatal("rest is not the end of the input")
		}
	})
}

// BenchmarkDisk writes 1,000 pages of 16 KiB, each in its own folder,
// then carries them all into the next builds.
func BenchmarkDisk(b *testing.B) {
	page := bytes.Repeat([]byte("<p>x</p>\n"), 16<<10/9)
	target := filepath.Join(b.TempDir(), "public")
	var prev Previous
	b.SetBytes(int64(len(page)) * 1000)
	for b.Loop() {
		d, err := NewDisk(target, prev)
		if err != nil {
			b.Fatal(err)
		}
		for i := range 1000 {
			rel := fmt.Sprintf("posts/p%d/index.html", i)
			if d.Fresh(rel, key(1)) && d.Carry(rel, key(1)) == nil {
				continue
			}
			d.Write(rel, key(1), page, nil)
		}
		if err := d.Commit(); err != nil {
			b.Fatal(err)
		}
		prev = d.Manifests()
	}
}

func TestListFiles(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"a.html", "posts/x/index.html", "posts/y/index.html", "deep/er/still/file.txt", "ü nicode/ß.txt"} {
		os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(root, p), nil, 0o644)
	}
	os.MkdirAll(filepath.Join(root, "empty/folder"), 0o755)
	os.Symlink("a.html", filepath.Join(root, "link"))
	got := listFiles(root)
	slices.Sort(got)
	want := []string{"a.html", "deep/er/still/file.txt", "link", "posts/x/index.html", "posts/y/index.html", "ü nicode/ß.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("listFiles = %q, want %q", got, want)
	}
}
