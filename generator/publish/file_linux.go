package publish

import (
	"encoding/binary"
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

// regularStamp is the stamp of a regular file, without the allocations of
// os.Lstat: a build looks at every file of the site.
func regularStamp(path string) (Stamp, bool) {
	var st syscall.Stat_t
	if _, err := retry(func() (int, error) { return 0, syscall.Lstat(path, &st) }); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return Stamp{}, false
	}
	return Stamp{Size: st.Size, ModTime: time.Unix(st.Mtim.Unix()).UnixNano()}, true
}

// listFiles lists the files below root, as slash paths. It reads each
// folder with getdents and takes the entry's type from it: no stat, and
// none of os.File's poller set-up, for the ten thousand folders of a
// large site, walked on every build.
func listFiles(root string) []string {
	var files []string
	buf := make([]byte, 32<<10)
	var walk func(dir, rel string)
	walk = func(dir, rel string) {
		fd, err := retry(func() (int, error) {
			return syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		})
		if err != nil {
			return
		}
		var subdirs []string
		for {
			n, err := retry(func() (int, error) { return syscall.ReadDirent(fd, buf) })
			if err != nil || n <= 0 {
				break
			}
			// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name
			for b := buf[:n]; len(b) >= 19; {
				reclen := int(binary.NativeEndian.Uint16(b[16:18]))
				if reclen < 19 || reclen > len(b) {
					break
				}
				typ, name := b[18], b[19:reclen]
				if i := indexZero(name); i >= 0 {
					name = name[:i]
				}
				b = b[reclen:]
				switch n := string(name); {
				case n == "." || n == "..":
				case typ == syscall.DT_DIR:
					subdirs = append(subdirs, n)
				case typ == syscall.DT_UNKNOWN:
					var st syscall.Stat_t
					if syscall.Lstat(dir+"/"+n, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
						subdirs = append(subdirs, n)
					} else {
						files = append(files, rel+n)
					}
				default:
					files = append(files, rel+n)
				}
			}
		}
		syscall.Close(fd)
		for _, sub := range subdirs {
			walk(dir+"/"+sub, rel+sub+"/")
		}
	}
	walk(root, "")
	return files
}

func indexZero(b []byte) int {
	for i, c := range b {
		if c == 0 {
			return i
		}
	}
	return -1
}
