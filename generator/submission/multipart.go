package submission

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"sort"

	"github.com/rainmaker-blog/rainmaker/generator/images"
)

// mediaMultipart is the form's body when it carries a photo.
const mediaMultipart = "multipart/form-data"

// The bounds of a multipart body besides the photo's: every part's
// headers are short in a browser's post (a name, a file name, a type),
// and a story has a few dozen parts at most (tags repeat).
const (
	maxParts          = 64
	maxPartHeader     = 1 << 10
	multipartOverhead = 64 << 10 // boundaries and part headers, on top of MaxBody and the photo
)

// errTextTooLarge is a multipart body whose text parts alone pass the
// limit of a body without a photo: it is answered 413, like such a body.
var errTextTooLarge = errors.New("the text of the story is too large")

// multipartBody is what a multipart/form-data post holds: the text
// fields, as a urlencoded form would have them, and the photo's bytes.
type multipartBody struct {
	values url.Values
	photo  []byte // nil when no photo was chosen
}

// decodeMultipart reads a multipart/form-data body, read whole within its
// limit already. A body that is not a form gets one error, of the whole
// body (Pointer "#"); else errs are those of the parts. Parts are taken raw: a Content-Transfer-Encoding is not
// undone (RFC 7578 deprecates it; browsers send none). The file name a
// client sends is never used: the photo's name in the inbox comes from
// the story's id. maxText bounds the text parts together.
func decodeMultipart(body []byte, boundary string, maxText int64) (multipartBody, []FieldError, error) {
	out := multipartBody{values: url.Values{}}
	if boundary == "" || len(boundary) > 70 { // RFC 2046's limit
		return out, []FieldError{bodyError("has no valid boundary parameter in its Content-Type (multipart/form-data; boundary=...)")}, nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	var errs []FieldError
	var text int64
	files := 0
	for parts := 1; ; parts++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, []FieldError{bodyError("is not valid multipart/form-data: " + err.Error())}, nil
		}
		if parts > maxParts {
			return out, []FieldError{bodyError(fmt.Sprintf("has more than %d parts", maxParts))}, nil
		}
		name, isFile, msg := partName(p)
		if msg != "" {
			return out, []FieldError{bodyError(msg)}, nil
		}
		f := FieldNamed(name)
		switch {
		case isFile && (f == nil || f.Kind != KindPhoto):
			errs = append(errs, FieldError{Field: truncate(name, 40), Message: "is not a file field of a story submission; only \"photo\" is", Pointer: fieldPointer(name)})
		case isFile:
			data, err := io.ReadAll(io.LimitReader(p, f.MaxBytes+1))
			switch {
			case err != nil:
				return out, []FieldError{bodyError("is not valid multipart/form-data: " + err.Error())}, nil
			case len(data) == 0:
				continue // no photo chosen: browsers send an empty part
			case files > 0:
				errs = append(errs, FieldError{Field: name, Message: "send one photo only"})
			case int64(len(data)) > f.MaxBytes:
				errs = append(errs, FieldError{Field: name, Message: fmt.Sprintf("must be at most %d MB; scale the photo down or choose another", f.MaxBytes>>20)})
			default:
				out.photo = data
			}
			files++
		default:
			data, err := io.ReadAll(io.LimitReader(p, maxText-text+1))
			if err != nil {
				return out, []FieldError{bodyError("is not valid multipart/form-data: " + err.Error())}, nil
			}
			if text += int64(len(data)); text > maxText {
				return out, nil, errTextTooLarge
			}
			if f != nil && f.Kind == KindPhoto {
				if len(data) > 0 {
					errs = append(errs, FieldError{Field: name, Message: "must be sent as a file (a part with a filename)"})
				}
				continue
			}
			out.values.Add(name, string(data))
		}
	}
	return out, errs, nil
}

// partName reads a part's field name from its Content-Disposition, and
// whether it is a file (it has a filename parameter, even an empty one).
// msg says what is wrong with a part that is not a form field.
func partName(p *multipart.Part) (name string, isFile bool, msg string) {
	size := 0
	for k, vs := range p.Header {
		for _, v := range vs {
			size += len(k) + len(v) + 4
		}
	}
	if size > maxPartHeader {
		return "", false, fmt.Sprintf("has a part whose headers are longer than %d bytes", maxPartHeader)
	}
	disposition, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil || disposition != "form-data" {
		return "", false, "has a part that is not form-data (Content-Disposition: form-data; name=...)"
	}
	name, ok := params["name"]
	if !ok {
		return "", false, "has a part without a field name"
	}
	_, isFile = params["filename"]
	return name, isFile, ""
}

// decodePhoto checks and re-encodes the photo of a valid submission, or
// says what is wrong with it, for the person who chose it.
func decodePhoto(data []byte) (*images.Upload, *FieldError) {
	f := FieldNamed("photo")
	up, err := images.Reencode(f.Name, data, f.MaxPixels)
	if err == nil {
		return up, nil
	}
	var ie *images.Error
	errors.As(err, &ie)
	msg := "could not be processed; choose another photo"
	switch {
	case errors.Is(err, images.ErrUnsupported) && ie != nil && (ie.Format == string(images.GIF) || ie.Format == string(images.SVG)):
		msg = fmt.Sprintf("is a %s image; choose a JPEG, PNG or WebP photo", formatName(ie.Format))
	case errors.Is(err, images.ErrUnsupported) && ie != nil && ie.Format != "":
		msg = "is an animated image; choose a still JPEG, PNG or WebP photo"
	case errors.Is(err, images.ErrUnsupported):
		msg = "is not a JPEG, PNG or WebP image; choose a photo in one of those formats"
	case errors.Is(err, images.ErrTooLarge):
		msg = fmt.Sprintf("is %d×%d pixels (%.0f megapixels); the limit is %d megapixels: scale it down first",
			ie.Width, ie.Height, float64(ie.Width)*float64(ie.Height)/1e6, f.MaxPixels/1_000_000)
	case errors.Is(err, images.ErrUndecodable):
		msg = fmt.Sprintf("could not be read as a %s image: it may be damaged or cut off; choose it again, or save it again in an image editor", formatName(ie.Format))
	}
	return nil, &FieldError{Field: f.Name, Message: msg}
}

func formatName(f string) string {
	if name, ok := map[string]string{"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WebP", "svg": "SVG"}[f]; ok {
		return name
	}
	return "photo"
}

// mergeErrors puts decoding errors of two sources in the order of the
// form, problems with the whole body first.
func mergeErrors(a, b []FieldError) []FieldError {
	all := append(append([]FieldError(nil), a...), b...)
	sort.SliceStable(all, func(i, j int) bool { return fieldIndex(all[i].Field) < fieldIndex(all[j].Field) })
	return all
}
