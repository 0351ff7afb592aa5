// Package bench holds gongkai's build benchmarks. They never run as part of
// `go test ./...`: run.sh (the harness) times whole `gongkai build` runs with
// /usr/bin/time and, when it is installed, Hugo on the same corpus; the Go
// benchmark in bench_test.go times generator.Build in memory and runs only
// with -bench and a corpus named by GONGKAI_CORPUS. See README.md.
package bench
