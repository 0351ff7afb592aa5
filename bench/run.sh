#!/usr/bin/env bash
# bench/run.sh — full-build benchmark of gongkai on the synthetic corpus from
# ../shared/bench/gencorpus, optionally side by side with Hugo on the same
# documents. See bench/README.md for what is measured and how to read it.
#
# Usage:
#   bench/run.sh [-n "1000 10000"] [-r RUNS] [--hugo] [--profile] [--keep]
#                [--out bench/results-DATE.txt] [--prepare DIR] [--src DIR]
set -euo pipefail

usage() {
	cat <<'EOF'
usage: bench/run.sh [options]
  -n "N1 N2 ..."   corpus sizes, ascending (default "1000 10000"; 100000 works, ~1.5 GB of corpus)
  -r RUNS          timed runs per size and tool (default 3; the median is reported)
  --hugo           also build the same corpus with Hugo in the same run (installs hugo with apt if missing and root)
  --profile        one extra gongkai build per size with --profile; prints the top CPU and allocation sites
  --keep           keep the temporary work folder (corpora, outputs, logs, pprof files)
  --out FILE       also write the report to FILE (default bench/results-YYYYMMDD-HHMMSS.txt)
  --src DIR        build gongkai from the source tree DIR instead of this checkout (e.g. another
                   commit exported with `git archive REV | tar -x -C DIR`, to compare before/after)
  --prepare DIR    only generate the first size's corpus into DIR, ready for `gongkai build --site DIR`
                   and for `GONGKAI_CORPUS=DIR go test -bench . ./bench/`, then exit
environment: TMPDIR (where the work folder goes), HUGO_FLAGS (extra flags for hugo, e.g. --minify),
             AS_OF (the --as-of date, default 2026-11-22), SETTLE (seconds to wait after flushing
             the previous output before the next timed build; default 3, see settle and set_aside)
EOF
}

ARGS=""
for a in "$@"; do case "$a" in *' '*) ARGS+="\"$a\" " ;; *) ARGS+="$a " ;; esac; done
SIZES="1000 10000"
RUNS=3
HUGO=0
PROFILE=0
KEEP=0
OUT=""
PREPARE=""
SRC=""
AS_OF=${AS_OF:-2026-11-22}
HUGO_FLAGS=${HUGO_FLAGS:-}

while [ $# -gt 0 ]; do
	case "$1" in
	-n) SIZES=$2; shift 2 ;;
	-r) RUNS=$2; shift 2 ;;
	--hugo) HUGO=1; shift ;;
	--profile) PROFILE=1; shift ;;
	--keep) KEEP=1; shift ;;
	--out) OUT=$2; shift 2 ;;
	--prepare) PREPARE=$2; shift 2 ;;
	--src) SRC=$2; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
done
case "$RUNS" in '' | *[!0-9]* | 0) echo "-r needs a positive number" >&2; exit 2 ;; esac
for n in $SIZES; do
	case "$n" in '' | *[!0-9]* | 0) echo "-n needs positive numbers, got '$n'" >&2; exit 2 ;; esac
done

ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
GEN=$(cd "$ROOT/../shared/bench/gencorpus" && pwd)
SEEDS=$(cd "$GEN/../../seeds" && pwd)
SRC=$(cd "${SRC:-$ROOT}" && pwd) # the Go source tree that is benchmarked

# ---------------------------------------------------------------- helpers

log() { printf '%s\n' "$*"; }

# need_tool installs an apt package when a command is missing and we may.
need_tool() { # command package
	if command -v "$1" >/dev/null 2>&1 || [ -x "$1" ]; then return 0; fi
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		log "installing $2 with apt-get ..."
		DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >/dev/null 2>&1 || true
	fi
	command -v "$1" >/dev/null 2>&1 || [ -x "$1" ]
}

# tv_wall / tv_rss read a `/usr/bin/time -v` report: seconds and KiB.
tv_wall() {
	awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.2f\n", s }' "$1"
}
tv_rss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
tv_cpu() { awk -F': ' '/Percent of CPU/ { print $2 }' "$1"; }
# tv_cpusec is user + system CPU seconds: less sensitive than wall time to
# other work on a shared machine, but blind to waiting and to parallelism.
tv_cpusec() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f\n", s }' "$1"; }

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# tree_sum prints one digest over every file's path and bytes.
tree_sum() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) | sha256sum | cut -c1-16; }
tree_files() { find "$1" -type f | wc -l; }
tree_size() { du -sh "$1" | cut -f1; }
# mtimes lists path, mtime (ns) and inode of every file, sorted by path.
mtimes() { (cd "$1" && find . -type f -printf '%P\t%T@\t%i\n' | LC_ALL=C sort); }

# pprof_top prints a short pprof -top table without the file header.
pprof_top() { # file [pprof flags]
	local f=$1
	shift
	go tool pprof -top -nodecount=15 "$@" "$BIN" "$f" 2>/dev/null |
		grep -Ev '^ *(File|Build ID|Type|Time|Dropped|Showing top|Active filters|show=)' | sed 's/^/    /' || true
}

# quiet_log drops the source-context lines that follow each diagnostic.
quiet_log() { grep -Ev '^ *>? *[0-9]* \|' "$1" || true; }

# prepare_gongkai generates the gongkai-format corpus of n documents in dir.
prepare_gongkai() { # n dir
	"$W/gencorpus" -seeds "$SEEDS" -n "$1" -out "$2" 2>"$2.gen.log" >/dev/null || { cat "$2.gen.log"; return 1; }
	local cfg="$2/config.toml"
	cp "$ROOT/config.toml" "$cfg"
	# The generator draws 发文字号 serials at random, so some numbers collide;
	# a real site must fix those, the benchmark only reports them as warnings.
	if grep -q '^\[checks\]' "$cfg"; then
		sed -i '/^duplicate_numbers *=/d; s/^\[checks\]$/[checks]\nduplicate_numbers = "warn"/' "$cfg"
	else
		printf '\n[checks]\nduplicate_numbers = "warn"\n' >>"$cfg"
	fi
}

# prepare_hugo generates the same documents in Hugo's format with a minimal
# site: two templates (single, list) and the three taxonomies of the corpus.
prepare_hugo() { # n dir
	"$W/gencorpus" -seeds "$SEEDS" -format hugo -n "$1" -out "$2" 2>"$2.gen.log" >/dev/null || { cat "$2.gen.log"; return 1; }
	cat >"$2/hugo.toml" <<'EOF'
baseURL = "https://www.example.gov.cn/"
languageCode = "zh-cn"
title = "政策文件库"
hasCJKLanguage = true
paginate = 50
[taxonomies]
organ = "organs"
topic = "topics"
year = "years"
EOF
	mkdir -p "$2/layouts/_default"
	cat >"$2/layouts/_default/single.html" <<'EOF'
<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{{ .Title }} - {{ site.Title }}</title></head>
<body><main>
<h1>{{ .Title }}</h1>
<table>
<tr><th>发文机关</th><td>{{ range .GetTerms "organs" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</td></tr>
<tr><th>发文字号</th><td>{{ .Params.doc_number }}</td></tr>
<tr><th>主题分类</th><td>{{ range .GetTerms "topics" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</td></tr>
<tr><th>成文日期</th><td>{{ .Date.Format "2006年1月2日" }}</td></tr>
<tr><th>有效性</th><td>{{ .Params.validity }}</td></tr>
</table>
{{ .Content }}
</main></body></html>
EOF
	cat >"$2/layouts/_default/list.html" <<'EOF'
<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{{ .Title }} - {{ site.Title }}</title></head>
<body><main>
<h1>{{ .Title }}</h1>
<ul>{{ range (.Paginate .Pages.ByDate.Reverse).Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ .Params.doc_number }} {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
</main></body></html>
EOF
}

# ---------------------------------------------------------------- setup

WORK_PARENT=${TMPDIR:-/tmp}
W=$(mktemp -d "$WORK_PARENT/gongkai-bench.XXXXXX")
cleanup() { if [ "$KEEP" = 1 ]; then echo "work folder kept: $W"; else rm -rf "$W"; fi; }
trap cleanup EXIT

(cd "$GEN" && go build -o "$W/gencorpus" .)

if [ -n "$PREPARE" ]; then
	n=${SIZES%% *}
	rm -rf "$PREPARE"
	mkdir -p "$(dirname "$PREPARE")"
	prepare_gongkai "$n" "$PREPARE"
	rm -f "$PREPARE.gen.log"
	echo "corpus of $n documents in $PREPARE (config.toml with [checks] duplicate_numbers = \"warn\")"
	exit 0
fi

if [ -z "$OUT" ]; then OUT="$ROOT/bench/results-$(date +%Y%m%d-%H%M%S).txt"; fi
mkdir -p "$(dirname "$OUT")"

main() {
	need_tool /usr/bin/time time || { echo "/usr/bin/time is missing: apt-get install -y time" >&2; exit 1; }
	if [ "$HUGO" = 1 ] && ! need_tool hugo hugo; then
		log "hugo is not installed and could not be installed (apt-get install -y hugo): Hugo is skipped"
		HUGO=0
	fi

	(cd "$SRC" && go build -o "$W/gongkai" ./cmd/gongkai)
	BIN=$W/gongkai

	local source
	if git -C "$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		source="$(git -C "$SRC" rev-parse --short HEAD), working tree clean"
		local changed
		changed=$(git -C "$SRC" status --porcelain | wc -l)
		if [ "$changed" -gt 0 ]; then source="$(git -C "$SRC" rev-parse --short HEAD), working tree DIRTY ($changed paths modified or untracked)"; fi
	else
		source="$SRC (not a git checkout)"
	fi

	log "# gongkai build benchmark — $(date '+%Y-%m-%d %H:%M:%S %Z')"
	log "command:  bench/run.sh $ARGS"
	log "source:   $source"
	log "machine:  $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(free -h | awk '/^Mem:/ { print $2 " RAM, " $7 " available" }')"
	log "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine skews the figures)"
	log "go:       $(go version)"
	[ "$HUGO" = 1 ] && log "hugo:     $(hugo version)"
	log "as-of:    $AS_OF; runs per size: $RUNS; work folder: $W"
	log "disk:     $(df -h "$W" | awk 'NR == 2 { print $4 " free on " $6 }')"
	log ""

	declare -gA GK_WALL GK_RSS GK_CPU HU_CPU GK_PAGES GK_REB GK_REB_RSS GK_MT GK_SAME GK_FILES HU_WALL HU_RSS HU_PAGES
	local n
	for n in $SIZES; do
		check_disk "$n"
		bench_gongkai "$n" || true
		if [ "$HUGO" = 1 ]; then bench_hugo "$n" || true; fi
		log ""
	done
	summary
}

# check_disk stops when the work folder clearly cannot hold a size's files:
# about 16 KB of corpus and 110 KB of output per document, one gongkai
# output per timed run (set aside until the script exits, see set_aside)
# and two more, and the Hugo corpus and outputs when Hugo runs.
check_disk() { # n
	local need_kb avail_kb per=$((40 + 110 * (RUNS + 2)))
	[ "$HUGO" = 1 ] && per=$((per + 16 + 45 * (RUNS + 1)))
	need_kb=$(($1 * per))
	avail_kb=$(df -Pk "$W" | awk 'NR == 2 { print $4 }')
	if [ "$avail_kb" -lt "$need_kb" ]; then
		log "not enough disk in $W for N=$1: about $((need_kb / 1024)) MB needed, $((avail_kb / 1024)) MB free (set TMPDIR)"
		exit 1
	fi
}

# set_aside moves the previous output out of the way before a timed build
# instead of deleting it; the moved folders are deleted when the script
# exits. ext4 without a journal (this machine's root) does not reuse an
# inode deleted in the last 60 s, or 6 minutes when its inode table block
# is dirty, as it is while a build creates files next to it: it skips such
# inodes one by one (find_inode_bit → recently_deleted in `perf record`).
# A build right after deleting the previous output's 37,000 inodes pays for
# that skipping, in kernel time that grows run after run (2.0, 3.7, 5.4 s
# of system time in three back-to-back 10,000-document builds; 31 s of
# waiting after the deletion did not remove it). Neither CI on a clean
# clone nor gongkai itself (it deletes the old output after the new one is
# in place) meets that case, so the timed builds do not either. Both tools
# get the same treatment.
set_aside() { # dir...
	local d
	mkdir -p "$W/trash"
	for d in "$@"; do
		if [ -e "$d" ]; then mv "$d" "$W/trash/$(date +%s%N)"; fi
	done
}

# settle runs before each timed build: it flushes the previous output to
# disk, so that its write-back does not overlap the timed build.
# SETTLE=seconds changes the pause after the flush (default 3).
settle() {
	sync
	sleep "${SETTLE:-3}"
}

bench_gongkai() { # n
	local n=$1 c="$W/gongkai-$n" i walls=() rsss=() cpus=() sums=() pages="" warns=""
	log "## gongkai, N=$n"
	prepare_gongkai "$n" "$c" || return 1
	log "corpus: $(tree_files "$c/content") files, $(tree_size "$c/content")"
	: >"$W/phases-$n"
	for i in $(seq 1 "$RUNS"); do
		set_aside "$c/public"
		settle
		if ! /usr/bin/time -v -o "$W/time" "$BIN" build --site "$c" --as-of "$AS_OF" --verbose >"$W/build.log" 2>&1; then
			log "run $i: build FAILED — last lines of the log:"
			quiet_log "$W/build.log" | tail -n 15
			cp "$W/build.log" "$W/failed-$n.log"
			GK_WALL[$n]=FAIL
			return 1
		fi
		walls+=("$(tv_wall "$W/time")")
		rsss+=("$(tv_rss "$W/time")")
		cpus+=("$(tv_cpusec "$W/time")")
		sums+=("$(tree_sum "$c/public")")
		pages=$(sed -n 's/^已生成 \([0-9]*\) 个页面.*/\1/p' "$W/build.log")
		warns=$(sed -n 's/^已生成.*，\([0-9]*\) 个警告.*/\1/p' "$W/build.log")
		grep -E '^  [a-z]+ +[0-9.]+ ms( |$)' "$W/build.log" | awk -v r="$i" '{ print r, $1, $2 }' >>"$W/phases-$n"
		log "run $i: wall ${walls[-1]} s, peak RSS $(mb "${rsss[-1]}") MB, CPU ${cpus[-1]} s ($(tv_cpu "$W/time")), output digest ${sums[-1]}"
	done
	GK_WALL[$n]=$(median "${walls[@]}")
	GK_RSS[$n]=$(median "${rsss[@]}")
	GK_CPU[$n]=$(median "${cpus[@]}")
	GK_PAGES[$n]=$pages
	GK_FILES[$n]=$(tree_files "$c/public")
	log "median: wall ${GK_WALL[$n]} s, peak RSS $(mb "${GK_RSS[$n]}") MB, CPU ${GK_CPU[$n]} s; $pages pages, ${GK_FILES[$n]} files ($(tree_size "$c/public")), $warns warnings"
	log "phases (median ms over $RUNS runs):"
	awk '{ if (!($2 in seen)) { seen[$2] = 1; order[++k] = $2 } v[$2] = v[$2] " " $3 }
		END { for (j = 1; j <= k; j++) print order[j], v[order[j]] }' "$W/phases-$n" |
		while read -r name vals; do
			# shellcheck disable=SC2086
			printf '  %-8s %10s ms\n' "$name" "$(median $vals)"
		done

	# A second build with nothing changed: every file must keep its mtime.
	mtimes "$c/public" >"$W/mt-before"
	sleep 1
	if ! /usr/bin/time -v -o "$W/time" "$BIN" build --site "$c" --as-of "$AS_OF" >"$W/rebuild.log" 2>&1; then
		log "unchanged rebuild FAILED"
		quiet_log "$W/rebuild.log" | tail -n 15
		return 1
	fi
	mtimes "$c/public" >"$W/mt-after"
	GK_REB[$n]=$(tv_wall "$W/time")
	GK_REB_RSS[$n]=$(tv_rss "$W/time")
	GK_MT[$n]=$(awk -F'\t' 'NR == FNR { t[$1] = $2; next } !($1 in t) || t[$1] != $2 { c++ } END { print c + 0 }' "$W/mt-before" "$W/mt-after")
	local gone reported
	gone=$(awk -F'\t' 'NR == FNR { t[$1] = 1; next } { delete t[$1] } END { print length(t) }' "$W/mt-before" "$W/mt-after")
	reported=$(sed -n 's/^已生成 [0-9]* 个页面（\([0-9]*\) 个文件有变化）.*/\1/p' "$W/rebuild.log")
	log "unchanged rebuild: wall ${GK_REB[$n]} s, peak RSS $(mb "${GK_REB_RSS[$n]}") MB; files with a new mtime: ${GK_MT[$n]} (must be 0), files gone: $gone, gongkai reports ${reported:-?} changed"

	# Identical bytes: the same input built into a different folder.
	"$BIN" build --site "$c" --out "$W/public-2" --as-of "$AS_OF" >"$W/build2.log" 2>&1 || { log "build into a second folder FAILED"; return 1; }
	local s2 s1
	s1=$(tree_sum "$c/public")
	s2=$(tree_sum "$W/public-2")
	sums+=("$s1" "$s2")
	if [ "$(printf '%s\n' "${sums[@]}" | sort -u | wc -l)" = 1 ]; then
		GK_SAME[$n]=yes
	else
		GK_SAME[$n]=NO
		diff -rq "$c/public" "$W/public-2" | head -n 5 || true
	fi
	log "identical bytes over the $RUNS timed runs, the unchanged rebuild and a build into another --out: ${GK_SAME[$n]} ($s2)"
	set_aside "$W/public-2"

	if [ "$PROFILE" = 1 ]; then
		set_aside "$c/public"
		"$BIN" build --site "$c" --as-of "$AS_OF" --profile "$W/prof-$n" >/dev/null 2>&1 || true
		log "profile (pprof files in $W/prof-$n; use --keep to keep them):"
		log "  CPU, cumulative, gongkai's own functions (the phases and what they spend):"
		pprof_top "$W/prof-$n/cpu.pprof" -cum -show='^gongkai/'
		log "  CPU, flat (where the cycles go):"
		pprof_top "$W/prof-$n/cpu.pprof"
		log "  allocations (bytes allocated over the build; peak RSS is above):"
		pprof_top "$W/prof-$n/heap.pprof" -sample_index=alloc_space
	fi
	[ "$KEEP" = 1 ] || set_aside "$c"
}

bench_hugo() { # n
	local n=$1 h="$W/hugo-$n" i walls=() rsss=() cpus=()
	log "## Hugo, N=$n"
	prepare_hugo "$n" "$h" || return 1
	for i in $(seq 1 "$RUNS"); do
		set_aside "$h/public" "$h/resources"
		settle
		# shellcheck disable=SC2086
		if ! /usr/bin/time -v -o "$W/time" hugo --quiet -s "$h" --cacheDir "$W/hugo-cache" $HUGO_FLAGS >"$W/hugo.log" 2>&1; then
			log "run $i: hugo FAILED:"
			tail -n 15 "$W/hugo.log"
			HU_WALL[$n]=FAIL
			return 1
		fi
		walls+=("$(tv_wall "$W/time")")
		rsss+=("$(tv_rss "$W/time")")
		cpus+=("$(tv_cpusec "$W/time")")
		log "run $i: wall ${walls[-1]} s, peak RSS $(mb "${rsss[-1]}") MB, CPU ${cpus[-1]} s ($(tv_cpu "$W/time"))"
	done
	HU_WALL[$n]=$(median "${walls[@]}")
	HU_RSS[$n]=$(median "${rsss[@]}")
	HU_CPU[$n]=$(median "${cpus[@]}")
	HU_PAGES[$n]=$(find "$h/public" -name '*.html' | wc -l)
	log "median: wall ${HU_WALL[$n]} s, peak RSS $(mb "${HU_RSS[$n]}") MB, CPU ${HU_CPU[$n]} s; ${HU_PAGES[$n]} HTML files ($(tree_size "$h/public"))"
	if [ "${GK_WALL[$n]:-FAIL}" != FAIL ]; then
		log "gongkai/Hugo: wall time $(ratio "${GK_WALL[$n]}" "${HU_WALL[$n]}"), memory $(ratio "${GK_RSS[$n]}" "${HU_RSS[$n]}"), CPU time $(ratio "${GK_CPU[$n]}" "${HU_CPU[$n]}")"
	fi
	[ "$KEEP" = 1 ] || set_aside "$h"
}

summary() {
	log "## Summary (medians of $RUNS runs; wall and CPU (user+sys) in s, peak RSS in MB)"
	printf '%-7s %8s %8s %8s %7s %8s %9s %9s' N gk_wall gk_rss gk_cpu pages rebuild new_mtime identical
	[ "$HUGO" = 1 ] && printf ' %9s %9s %9s %8s %8s %8s' hugo_wall hugo_rss hugo_cpu t_gk/hu m_gk/hu c_gk/hu
	printf '\n'
	local n
	for n in $SIZES; do
		if [ "${GK_WALL[$n]:-FAIL}" = FAIL ]; then
			printf '%-7s %8s %8s %8s %7s %8s %9s %9s' "$n" FAIL - - - - - -
		else
			printf '%-7s %8s %8s %8s %7s %8s %9s %9s' "$n" "${GK_WALL[$n]}" "$(mb "${GK_RSS[$n]}")" "${GK_CPU[$n]}" "${GK_PAGES[$n]}" \
				"${GK_REB[$n]:--}" "${GK_MT[$n]:--}" "${GK_SAME[$n]:--}"
		fi
		if [ "$HUGO" = 1 ]; then
			if [ "${HU_WALL[$n]:-FAIL}" = FAIL ]; then
				printf ' %9s %9s %9s %8s %8s %8s' FAIL - - - - -
			else
				local t=- m=- u=-
				if [ "${GK_WALL[$n]:-FAIL}" != FAIL ]; then
					t=$(ratio "${GK_WALL[$n]}" "${HU_WALL[$n]}")
					m=$(ratio "${GK_RSS[$n]}" "${HU_RSS[$n]}")
					u=$(ratio "${GK_CPU[$n]}" "${HU_CPU[$n]}")
				fi
				printf ' %9s %9s %9s %8s %8s %8s' "${HU_WALL[$n]}" "$(mb "${HU_RSS[$n]}")" "${HU_CPU[$n]}" "$t" "$m" "$u"
			fi
		fi
		printf '\n'
	done
	local prev=""
	for n in $SIZES; do
		if [ -n "$prev" ]; then
			local line="scaling $prev→$n (N ×$(ratio "$n" "$prev")): gongkai"
			if [ "${GK_WALL[$prev]:-FAIL}" != FAIL ] && [ "${GK_WALL[$n]:-FAIL}" != FAIL ]; then
				line+=" time ×$(ratio "${GK_WALL[$n]}" "${GK_WALL[$prev]}"), memory ×$(ratio "${GK_RSS[$n]}" "${GK_RSS[$prev]}"), CPU ×$(ratio "${GK_CPU[$n]}" "${GK_CPU[$prev]}")"
			else
				line+=" -"
			fi
			if [ "$HUGO" = 1 ] && [ "${HU_WALL[$prev]:-FAIL}" != FAIL ] && [ "${HU_WALL[$n]:-FAIL}" != FAIL ]; then
				line+="; Hugo time ×$(ratio "${HU_WALL[$n]}" "${HU_WALL[$prev]}"), memory ×$(ratio "${HU_RSS[$n]}" "${HU_RSS[$prev]}"), CPU ×$(ratio "${HU_CPU[$n]}" "${HU_CPU[$prev]}")"
			fi
			log "$line"
		fi
		prev=$n
	done
	log "(linear growth means time and memory grow by at most the N factor; results also in $OUT)"
}

main 2>&1 | tee "$OUT"
exit "${PIPESTATUS[0]}"
