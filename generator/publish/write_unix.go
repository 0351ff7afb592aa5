//go:build unix

package publish

import "syscall"

// writeFile creates p with data. It uses the system calls directly: os.File
// registers every file with the network poller and sets its flags, three
// extra system calls per file, which add up over the tens of thousands of
// files of a large site.
func writeFile(p string, data []byte) error {
	fd, err := syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return &pathError{Op: "open", Path: p, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &pathError{Op: "write", Path: p, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &pathError{Op: "close", Path: p, Err: err}
	}
	return nil
}
