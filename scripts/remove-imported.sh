#!/bin/sh
# Removes from each folder named the content files a previous `gongkai import`
# wrote, and keeps every other file (hand-written examples):
#
#   scripts/remove-imported.sh DIR...       remove the imported files
#   scripts/remove-imported.sh -l DIR...    remove nothing; list the others
#
# An imported file is known by the comment the importer writes at its top
# (generator/importer/output.go): a Markdown file's front matter opens with
#   +++
#   # 由 gongkai import 从 FILE 第N行起导入；…
# and a task table starts with
#   # 任务分工表：由 gongkai import 从附件表格导入（…）
# Only the top-level *.md and *.toml of each folder are looked at.
# generator/importer's TestRemoveImported runs this script.
set -eu

list=false
if [ "${1:-}" = -l ]; then
	list=true
	shift
fi

# imported FILE: whether the importer wrote FILE.
imported() {
	l1= l2=
	{ IFS= read -r l1 || true; IFS= read -r l2 || true; } <"$1"
	case "$1" in
	*.md)
		[ "$l1" = "+++" ] || return 1
		case "$l2" in "# 由 gongkai import 从 "*) return 0 ;; esac
		;;
	*.toml)
		case "$l1" in "# 任务分工表：由 gongkai import 从"*) return 0 ;; esac
		;;
	esac
	return 1
}

for dir in "$@"; do
	for f in "$dir"/*.md "$dir"/*.toml; do
		[ -f "$f" ] || continue
		if imported "$f"; then
			$list || rm -f "$f"
		elif $list; then
			echo "$f"
		fi
	done
done
