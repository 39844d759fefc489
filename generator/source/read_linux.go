package source

import (
	"io/fs"
	"syscall"
	"time"
)

// readFileInto reads a whole file into buf's memory when it is large
// enough, else into a new buffer; the stamp is the file's size and time
// from before the read. It goes straight to open, fstat, read and close:
// os.File would also try to register each file with the network poller,
// which fails for a regular file after two more system calls, and a build
// reads every content file twice (bench/RESULTS.md).
func readFileInto(path string, buf []byte) ([]byte, Stamp, error) {
	fd, err := eintr(func() (int, error) { return syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0) })
	if err != nil {
		return nil, Stamp{}, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if _, err := eintr(func() (int, error) { return 0, syscall.Fstat(fd, &st) }); err != nil {
		return nil, Stamp{}, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		return nil, Stamp{}, &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}
	}
	stamp := Stamp{Size: st.Size, ModTime: time.Unix(st.Mtim.Unix()).UnixNano()}
	// One byte more than the size, so that the first read sees the end
	// of a file that has not grown.
	if need := int(st.Size) + 1; cap(buf) < need {
		buf = make([]byte, 0, need)
	}
	buf = buf[:0]
	for {
		n, err := eintr(func() (int, error) { return syscall.Read(fd, buf[len(buf):cap(buf)]) })
		if err != nil {
			return nil, Stamp{}, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return buf, stamp, nil
		}
		buf = buf[:len(buf)+n]
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

func eintr(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
