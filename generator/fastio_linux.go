//go:build linux

package generator

import (
	"io"
	"io/fs"
	"syscall"
	"time"
)

// A build reads and writes tens of thousands of small files. os.File
// registers each with the network poller (an fcntl and a failing
// epoll_ctl for a regular file) and stats on read: on a virtual machine
// where every system call is dear, that was a fifth of the file work.
// These go straight to open, read or write, and close.

// rawReadFile reads a whole file.
func rawReadFile(path string) ([]byte, error) {
	data, _, err := rawReadFileInto(path, nil)
	return data, err
}

// rawReadFileInto reads a whole file into buf's memory when it is large
// enough, else into a new buffer. The stamp is the file's size and
// modification time before the read.
func rawReadFileInto(path string, buf []byte) ([]byte, fileStamp, error) {
	fd, err := openRetry(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, fileStamp{}, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := fstatRetry(fd, &st); err != nil {
		return nil, fileStamp{}, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		return nil, fileStamp{}, &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}
	}
	stamp := fileStamp{size: st.Size, modTime: time.Unix(st.Mtim.Unix()).UnixNano()}
	// One byte more than the size, so that the file's end is seen by the
	// first read when it has not grown.
	if need := int(st.Size) + 1; cap(buf) < need {
		buf = make([]byte, 0, need)
	}
	buf = buf[:0]
	for {
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, fileStamp{}, &fs.PathError{Op: "read", Path: path, Err: err}
		case n == 0:
			return buf, stamp, nil
		}
		buf = buf[:len(buf)+n]
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// rawWriteFile creates (or truncates) a file and writes data to it.
func rawWriteFile(path string, data []byte) error {
	fd, err := openRetry(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
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
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

// rawMkdir creates one folder.
func rawMkdir(path string) error {
	for {
		err := syscall.Mkdir(path, 0o755)
		if err != syscall.EINTR {
			if err != nil {
				return &fs.PathError{Op: "mkdir", Path: path, Err: err}
			}
			return nil
		}
	}
}

func openRetry(path string, mode int, perm uint32) (int, error) {
	for {
		fd, err := syscall.Open(path, mode, perm)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func fstatRetry(fd int, st *syscall.Stat_t) error {
	for {
		if err := syscall.Fstat(fd, st); err != syscall.EINTR {
			return err
		}
	}
}
