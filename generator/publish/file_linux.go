package publish

import (
	"io"
	"io/fs"
	"syscall"
	"time"
)

// writeFile creates (or truncates) a file, writes data and returns the
// file's stamp. It goes straight to open, write, fstat and close: os.File
// would also try to register each file with the network poller, which
// fails for a regular file after two more system calls, and a build
// writes tens of thousands of files (bench/RESULTS.md).
func writeFile(path string, data []byte) (Stamp, error) {
	fd, err := retry(func() (int, error) {
		return syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return Stamp{}, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			syscall.Close(fd)
			return Stamp{}, &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	var st syscall.Stat_t
	_, err = retry(func() (int, error) { return 0, syscall.Fstat(fd, &st) })
	if cerr := syscall.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		return Stamp{}, &fs.PathError{Op: "write", Path: path, Err: err}
	}
	return Stamp{Size: st.Size, ModTime: time.Unix(st.Mtim.Unix()).UnixNano()}, nil
}

func retry(call func() (int, error)) (int, error) {
	for {
		n, err := call()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
