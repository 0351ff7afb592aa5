#!/bin/sh
# Regenerates the sample site's imported content from the raw seed texts:
#
#   scripts/import-sample.sh [SEEDS_DIR]      (default: ../shared/seeds, relative to the repo)
#
# 1. `gongkai import` reads every SEEDS_DIR/*.txt into a scratch site and
#    writes a JSON report (what it found, dropped and could not read).
# 2. The manual corrections in scripts/sample-corrections.toml are applied
#    by scripts/sample-corrections.go: per imported document (named by seed
#    file and starting line, as in the report) the front-matter keys a
#    person has to decide — news titles, 主题分类, 主题词, 文件类别, a
#    source or date inferred from the body, the kind of one item — and a
#    readable file name. Nothing in the body is edited by hand.
# 3. The result replaces the imported files among content/policies/*.md,
#    content/interpretations/*.md, content/news/*.md and content/tasks/*.toml
#    (scripts/remove-imported.sh knows them by the importer's comment at
#    their top; hand-written files there, content/tasks/progress/, credit/,
#    commitments/ and reports/ stay as they are), and `gongkai check` runs on
#    the site.
#
# Run it after changing the importer, and commit the changes it makes to
# content/. It fails when a correction no longer matches a document (the
# importer now splits the texts differently) or a document has none; then
# update scripts/sample-corrections.toml. See docs/importer.md.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
seeds=${1:-$repo/../shared/seeds}
seeds=$(cd "$seeds" && pwd)
cd "$repo"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
cp config.toml "$scratch/"

go build -o "$scratch/gongkai" ./cmd/gongkai
"$scratch/gongkai" import --site "$scratch" --report "$scratch/report.json" "$seeds"/*.txt >"$scratch/import.txt"
go run scripts/sample-corrections.go -site "$scratch" -report "$scratch/report.json" scripts/sample-corrections.toml

# Only the files a previous import wrote are replaced (they start with the
# importer's comment, see scripts/remove-imported.sh); hand-written examples
# such as content/policies/shili-huiyi-jiyao-taolungao.md stay, and an
# imported file that would replace one is an error (before anything is
# removed).
dirs="content/policies content/interpretations content/news content/tasks"
mkdir -p $dirs
kept=$(sh scripts/remove-imported.sh -l $dirs)
for f in "$scratch"/content/policies/*.md "$scratch"/content/interpretations/*.md \
	"$scratch"/content/news/*.md "$scratch"/content/tasks/*.toml; do
	[ -f "$f" ] || continue
	dest=content/${f#"$scratch"/content/}
	if printf '%s\n' "$kept" | grep -qxF "$dest"; then
		echo "$dest 是手写的文件，不是导入生成的，导入结果不能覆盖它：请在 scripts/sample-corrections.toml 中给导入的文件另起名称" >&2
		exit 1
	fi
done
sh scripts/remove-imported.sh $dirs
for dir in $dirs; do
	for f in "$scratch/$dir"/*.md "$scratch/$dir"/*.toml; do
		if [ -f "$f" ]; then
			cp "$f" "$dir/"
		fi
	done
done

echo "已从 $seeds 重新导入示例站点内容（导入报告：gongkai import 的输出如下）"
sed -n '/^== /p;/^已新建/p' "$scratch/import.txt"
"$scratch/gongkai" check --site .
