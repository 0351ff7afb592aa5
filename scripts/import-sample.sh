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
# 3. The result replaces content/policies/*.md, content/interpretations/*.md,
#    content/news/*.md and content/tasks/*.toml (content/tasks/progress/,
#    credit/, commitments/ and reports/ are not imported and stay as they
#    are), and `gongkai check` runs on the site.
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

for dir in policies interpretations news; do
	mkdir -p "content/$dir"
	rm -f "content/$dir"/*.md
	if ls "$scratch/content/$dir"/*.md >/dev/null 2>&1; then
		cp "$scratch/content/$dir"/*.md "content/$dir/"
	fi
done
mkdir -p content/tasks
rm -f content/tasks/*.toml
if ls "$scratch/content/tasks"/*.toml >/dev/null 2>&1; then
	cp "$scratch/content/tasks"/*.toml content/tasks/
fi

echo "已从 $seeds 重新导入示例站点内容（导入报告：gongkai import 的输出如下）"
sed -n '/^== /p;/^已新建/p' "$scratch/import.txt"
"$scratch/gongkai" check --site .
