package submission_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/gif"
	_ "image/jpeg"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

func zipOf(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create("payload.html")
	f.Write([]byte("<script>alert(1)</script>"))
	zw.Close()
	return buf.Bytes()
}

// TestPhotoIsStoredWithoutMetadata: a phone's photo with GPS in its EXIF
// and a zip appended is kept as a clean JPEG beside its story.
func TestPhotoIsStoredWithoutMetadata(t *testing.T) {
	s := newTestServer(t, nil)
	photo := append(jpegWithGPS(t, 64, 48), zipOf(t)...)
	if !bytes.Contains(photo, []byte(gpsMarker)) {
		t.Fatal("the fixture has no GPS block")
	}
	w := s.do(multipartRequest(t, formFields(), part{name: "photo", filename: "IMG_0001.jpg", data: photo}))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	list := s.stored(t)
	if len(list) != 1 || list[0].PhotoFile != list[0].ID+".photo.jpg" {
		t.Fatalf("stored %+v", list)
	}
	kept, err := os.ReadFile(filepath.Join(s.inbox.Dir, list[0].PhotoFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{gpsMarker, "Exif", "PK\x03\x04", "<script>"} {
		if bytes.Contains(kept, []byte(leak)) {
			t.Errorf("the stored photo holds %q", leak)
		}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(kept))
	if err != nil || format != "jpeg" || cfg.Width != 64 || cfg.Height != 48 {
		t.Errorf("stored photo: %s %dx%d, %v", format, cfg.Width, cfg.Height, err)
	}
	if got := list[0]; got.Title != "From burnout to my best quarter" || len(got.Tags) != 2 {
		t.Errorf("the text fields of a multipart post: %+v", got)
	}
}

// TestHostileUploads: each is refused with a clear answer naming what is
// wrong, and nothing is stored, neither story nor photo.
func TestHostileUploads(t *testing.T) {
	jpg := jpegOf(t, 64, 64)
	gifData := func() []byte {
		var buf bytes.Buffer
		gif.Encode(&buf, image.NewPaletted(image.Rect(0, 0, 8, 8), color.Palette{color.Black, color.White}), nil)
		return buf.Bytes()
	}()
	photo := func(data []byte) []part { return []part{{name: "photo", filename: "me.jpg", data: data}} }
	for name, tc := range map[string]struct {
		fields map[string]any
		files  []part
		status int
		field  string // named in the answer
		says   string
	}{
		"a zip renamed .jpg":           {nil, photo(zipOf(t)), 400, "photo", "not a JPEG, PNG or WebP"},
		"a PNG of 30000×30000 in 1 KB": {nil, photo(pngClaiming(30000, 30000)), 400, "photo", "900 megapixels"},
		"a GIF":                        {nil, photo(gifData), 400, "photo", "GIF"},
		"an SVG":                       {nil, photo([]byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)), 400, "photo", "SVG"},
		"a truncated JPEG":             {nil, photo(jpg[:len(jpg)/2]), 400, "photo", "damaged or cut off"},
		"a polyglot: PNG magic, HTML":  {nil, photo(append([]byte("\x89PNG\r\n\x1a\n"), "<html><script>alert(1)</script>"...)), 400, "photo", "damaged or cut off"},
		"an HTML page named .jpg":      {nil, photo([]byte("<!DOCTYPE html><script>alert(1)</script>")), 400, "photo", "not a JPEG"},
		"two file parts":               {nil, append(photo(jpg), photo(jpg)...), 400, "photo", "one photo only"},
		"a file just over 5 MB":        {nil, photo(append(jpg, make([]byte, 5<<20)...)), 400, "photo", "at most 5 MB"},
		"a 6 MB file":                  {nil, photo(make([]byte, 6<<20)), 413, "", "at most"},
		"a file under another name":    {nil, []part{{name: "avatar", filename: "a.jpg", data: jpg}}, 400, "avatar", "only \\\"photo\\\" is"},
		"a part with huge headers": {nil, []part{{name: "photo", filename: "a.jpg", data: jpg,
			header: textproto.MIMEHeader{"X-Padding": {strings.Repeat("a", 2<<10)}}}}, 400, "body", "headers are longer"},
		"the photo as a text part": {map[string]any{"photo": "me.jpg"}, nil, 400, "photo", "as a file"},
		"an unknown text part":     {map[string]any{"avatar_url": "https://evil.example/x.jpg"}, nil, 400, "avatar_url", "not a field"},
		"too many parts":           {map[string]any{"tags": strings.Split(strings.Repeat("coaching,", 70), ",")}, nil, 400, "body", "more than 64 parts"},
	} {
		t.Run(name, func(t *testing.T) {
			s := newTestServer(t, nil)
			fields := formFields()
			for k, v := range tc.fields {
				fields[k] = v
			}
			w := s.do(multipartRequest(t, fields, tc.files...))
			body := w.Body.String()
			if w.Code != tc.status || !strings.Contains(body, tc.says) ||
				(tc.field != "" && !strings.Contains(body, `"field":"`+tc.field+`"`)) {
				t.Errorf("%d %s; want %d naming %q, saying %q", w.Code, body, tc.status, tc.field, tc.says)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q", ct)
			}
			if n := len(s.stored(t)); n != 0 || len(photosIn(t, s.inbox.Dir)) != 0 {
				t.Errorf("%d stories and photos %v stored", n, photosIn(t, s.inbox.Dir))
			}
		})
	}
}

// TestMultipartBodyErrors: bodies that are not a form at all.
func TestMultipartBodyErrors(t *testing.T) {
	s := newTestServer(t, nil)
	for name, tc := range map[string]struct{ contentType, body string }{
		"no boundary":        {"multipart/form-data", "--x\r\n\r\n--x--\r\n"},
		"a boundary of 71":   {"multipart/form-data; boundary=" + strings.Repeat("b", 71), ""},
		"never closed":       {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nPriya"},
		"not form-data":      {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: attachment; name=\"name\"\r\n\r\nPriya\r\n--x--\r\n"},
		"a part of no name":  {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\nPriya\r\n--x--\r\n"},
		"garbage":            {"multipart/form-data; boundary=x", "\x00\x01\x02"},
		"no disposition":     {"multipart/form-data; boundary=x", "--x\r\nContent-Type: text/plain\r\n\r\nPriya\r\n--x--\r\n"},
		"text over the body": {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"story\"\r\n\r\n" + strings.Repeat("s", submission.DefaultMaxBody+1) + "\r\n--x--\r\n"},
	} {
		r := newRequest(tc.contentType, tc.body)
		w := s.do(r)
		want := http.StatusBadRequest
		if name == "text over the body" {
			want = http.StatusRequestEntityTooLarge
		}
		if w.Code != want || w.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
		}
		if want == 400 && !strings.Contains(w.Body.String(), `"field":"body"`) {
			t.Errorf("%s: the answer does not name the body: %s", name, w.Body)
		}
	}
	if n := len(s.stored(t)); n != 0 {
		t.Errorf("%d stored", n)
	}
}

// TestUploadFileNameIsNeverUsed: a file name that climbs out of the inbox
// names nothing; the photo is kept under the story's id.
func TestUploadFileNameIsNeverUsed(t *testing.T) {
	parent := t.TempDir()
	inboxDir := filepath.Join(parent, "inbox")
	s := newTestServer(t, func(o *submission.ServerOptions) {
		o.Inbox.Dir = inboxDir
		o.Inbox.Open()
	})
	s.inbox.Dir = inboxDir
	for _, name := range []string{"../../escaped.jpg", "/etc/passwd", `..\..\win.jpg`, "photo\x00.php", "inbox/../../x.jpg"} {
		fields := formFields()
		fields["title"] = "A story named " + strings.ReplaceAll(name, "\x00", "")
		w := s.do(multipartRequest(t, fields, part{name: "photo", filename: name, data: jpegOf(t, 16, 16)}))
		if w.Code != http.StatusSeeOther {
			t.Errorf("%q: %d %s", name, w.Code, w.Body)
		}
	}
	for _, f := range filesIn(t, parent) {
		if !strings.HasPrefix(f, "inbox"+string(filepath.Separator)) {
			t.Errorf("a file outside the inbox: %s", f)
		}
	}
	for _, s := range s.stored(t) {
		if !strings.HasPrefix(s.PhotoFile, s.ID+".photo.") {
			t.Errorf("photo kept as %q", s.PhotoFile)
		}
	}
	if n := len(photosIn(t, inboxDir)); n != 5 {
		t.Errorf("%d photos kept, want 5", n)
	}
}

func TestPhotoCannotBeJSON(t *testing.T) {
	s := newTestServer(t, nil)
	obj := validJSON()
	obj["photo"] = "data:image/jpeg;base64,/9j/4AAQ"
	obj["form_token"] = "1.2.3.4"
	data, _ := json.Marshal(obj)
	w := s.do(jsonRequest(string(data)))
	if w.Code != 400 || !strings.Contains(w.Body.String(), "multipart/form-data") || !strings.Contains(w.Body.String(), `"field":"form_token"`) {
		t.Errorf("%d %s", w.Code, w.Body)
	}
	v := validStory()
	v.Set("photo", "me.jpg")
	if w := s.do(formRequest(v)); w.Code != 400 || !strings.Contains(w.Body.String(), "multipart/form-data") {
		t.Errorf("a photo in a urlencoded form: %d %s", w.Code, w.Body)
	}
}

// TestFormWithoutPhotoStillWorks: the form's multipart post without a
// chosen photo (an empty file part, as browsers send) is a story.
func TestFormWithoutPhotoStillWorks(t *testing.T) {
	s := newTestServer(t, nil)
	w := s.do(multipartRequest(t, formFields(), part{name: "photo", filename: "", data: nil}))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if list := s.stored(t); len(list) != 1 || list[0].PhotoFile != "" {
		t.Errorf("stored %+v", list)
	}
}

// FuzzMultipart: any body, any boundary: the server answers 303, 400 or
// 413, never 500 or a panic, and a story it keeps has a photo that decodes.
func FuzzMultipart(f *testing.F) {
	body, ct := multipartBody(f, formFields(), []part{{name: "photo", filename: "a.jpg", data: jpegOf(f, 8, 8)}})
	boundary := strings.TrimPrefix(ct, "multipart/form-data; boundary=")
	f.Add(body, boundary)
	f.Add(strings.Replace(body, "filename", "filenam", 1), boundary)
	f.Add("--x\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a\"\r\n\r\n\x89PNG\r\n\x1a\n\r\n--x--\r\n", "x")
	f.Add("", "")
	s := newTestServer(f, nil)
	f.Fuzz(func(t *testing.T, body, boundary string) {
		r := newRequest("multipart/form-data; boundary=\""+strings.ReplaceAll(boundary, `"`, "")+"\"", body)
		w := s.do(r)
		switch w.Code {
		case 303, 400, 413, 415:
		default:
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		if w.Code == 303 {
			for _, st := range s.stored(t) {
				if st.PhotoFile == "" {
					continue
				}
				data, _ := os.ReadFile(filepath.Join(s.inbox.Dir, st.PhotoFile))
				if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil && !strings.HasSuffix(st.PhotoFile, ".webp") {
					t.Fatalf("kept photo %s does not decode: %v", st.PhotoFile, err)
				}
			}
		}
	})
}
