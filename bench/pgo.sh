#!/usr/bin/env bash
# bench/pgo.sh — makes cmd/gongkai/default.pgo again: the CPU profile of
# three builds of the 10,000-document corpus, which `go build` uses for
# profile-guided optimisation (https://go.dev/doc/pgo). Run it after a
# change that moves where a build spends its time, then compare with
# `bench/run.sh --src` (see bench/README.md, "Profile-guided optimisation").
#
# Usage: bench/pgo.sh [CORPUS_DIR]
#   CORPUS_DIR  a corpus made by `bench/run.sh -n 10000 --prepare DIR`
#               (default: one is made in a temporary folder, about 1 min)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=${1:-}
if [ -z "$corpus" ]; then
	"$root/bench/run.sh" -n 10000 --prepare "$work/corpus"
	corpus=$work/corpus
fi
# The profile of a binary built without a profile: what the code does
# itself, not what the last profile made of it.
(cd "$root" && go build -pgo=off -o "$work/gongkai" ./cmd/gongkai)
for i in 1 2 3; do
	"$work/gongkai" build --site "$corpus" --out "$work/out" --as-of 2026-11-22 --profile "$work/prof$i" >"$work/log" 2>&1 ||
		{ tail -20 "$work/log" >&2; exit 1; }
	rm -rf "$work/out"
done
go tool pprof -proto "$work"/prof[123]/cpu.pprof >"$root/cmd/gongkai/default.pgo"
echo "wrote cmd/gongkai/default.pgo ($(wc -c <"$root/cmd/gongkai/default.pgo") bytes) from $corpus"
