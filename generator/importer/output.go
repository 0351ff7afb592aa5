package importer

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/generator/model"
)

// tomlWriter writes TOML by hand, in a fixed key order, with comments for
// people; every string goes through quote so the result is always valid.
type tomlWriter struct{ b strings.Builder }

func (w *tomlWriter) comment(s string) {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	w.b.WriteString("# " + strings.ToValidUTF8(s, "\uFFFD") + "\n")
}

func (w *tomlWriter) str(key, v string) {
	switch {
	case strings.Contains(v, "\n"):
		w.b.WriteString(key + " = " + quoteLines(v) + "\n")
	case v != "":
		w.b.WriteString(key + " = " + quote(v) + "\n")
	}
}

// quoteLines returns s as a TOML multi-line basic string, one line of s per
// line of the file (a cell with sub-items 1.…；2.…；).
func quoteLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		q := quote(l)
		lines[i] = q[1 : len(q)-1]
	}
	return `"""` + "\n" + strings.Join(lines, "\n") + `"""`
}

func (w *tomlWriter) date(key string, d model.Date) {
	if !d.IsZero() {
		w.b.WriteString(key + " = " + d.ISO() + "\n")
	}
}

func (w *tomlWriter) int(key string, n int) {
	if n != 0 {
		w.b.WriteString(key + " = " + strconv.Itoa(n) + "\n")
	}
}

func (w *tomlWriter) strs(key string, vs []string) {
	if len(vs) == 0 {
		return
	}
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = quote(v)
	}
	w.b.WriteString(key + " = [" + strings.Join(q, ", ") + "]\n")
}

// strOrList writes a single string, or an array for several (joint organs).
func (w *tomlWriter) strOrList(key string, vs []string) {
	if len(vs) == 1 {
		w.str(key, vs[0])
		return
	}
	w.strs(key, vs)
}

func (w *tomlWriter) raw(s string) { w.b.WriteString(s) }

// quote returns s as a TOML basic string.
func quote(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// keyLabels names the front-matter keys in Chinese for the comments.
var keyLabels = map[string]string{
	"title": "标题", "doc_number": "发文字号", "organ": "发文机关", "signed": "成文日期",
	"published": "发布日期", "topic": "主题分类", "interprets": "解读文件",
}

// frontMatter writes the document as a Markdown file with TOML front matter.
func frontMatter(d *document, input string, missing []string) []byte {
	var w tomlWriter
	w.raw("+++\n")
	w.comment("由 gongkai import 从 " + input + " 第" + strconv.Itoa(d.firstLine) + "行起导入；各项取自原文，未作推断")
	if d.title == "" && d.titleHint != "" {
		w.comment("原文没有标题；首句为：" + runePrefix(d.titleHint, 60))
	}
	w.str("title", d.title)
	switch d.kind {
	case "policy":
		if d.hasNumber {
			w.str("doc_number", d.number.String())
		}
		w.strOrList("organ", d.organs)
		w.date("signed", d.signed)
		w.date("published", d.published)
		w.str("topic", d.topic)
		w.strs("keywords", d.keywords)
		w.str("category", d.category)
		w.str("index_no", d.indexNo)
		w.date("effective", d.effective)
		if d.validYears > 0 {
			w.int("valid_years", d.validYears)
		} else {
			w.date("expires", d.expires)
		}
	case "interpretation":
		w.strOrList("organ", d.organs)
		w.date("published", d.published)
		w.str("interprets", d.interprets)
		w.str("topic", d.topic)
		w.strs("keywords", d.keywords)
	default:
		w.strOrList("organ", d.organs)
		w.str("source", d.source)
		w.date("published", d.published)
		w.str("topic", d.topic)
		w.strs("keywords", d.keywords)
	}
	if len(missing) > 0 {
		var names []string
		for _, m := range missing {
			if l, ok := keyLabels[m]; ok {
				names = append(names, l+"（"+m+"）")
			}
		}
		w.comment("原文未载明，需人工补充：" + strings.Join(names, "、"))
		w.strs("missing", missing)
	}
	for _, a := range d.attention {
		w.comment("请核对：" + a)
	}
	w.raw("+++\n\n")
	w.raw(d.markdown)
	return []byte(w.b.String())
}

// taskFile writes a document's task tables as content/tasks/*.toml.
func taskFile(d *document, docRef string) []byte {
	var w tomlWriter
	w.comment("任务分工表：由 gongkai import 从附件表格导入（" + docRef + "）")
	w.comment("请对照原文核对各行；单位名称按原文照录")
	for ti, t := range d.tables {
		if !t.isTaskTable() {
			continue
		}
		w.raw("\n")
		w.comment("表" + strconv.Itoa(ti+1) + "：原文第" + strconv.Itoa(t.lineNo) + "行起，列为 " + strings.Join(t.header, "、"))
		for r, row := range t.rows {
			w.raw("\n[[task]]\n")
			w.str("document", docRef)
			w.int("seq", t.seqs[r])
			w.str("item", t.cellOf(row, colItem))
			w.str("requirement", t.cellOf(row, colRequirement))
			w.str("carrier", t.cellOf(row, colCarrier))
			w.str("deadline", t.cellOf(row, colDeadline))
			w.strs("lead", t.rowUnits(row, colLead))
			w.strs("resp", t.rowUnits(row, colResp))
			w.strs("coop", t.rowUnits(row, colCoop))
		}
	}
	return []byte(w.b.String())
}

// firstSentence returns the first sentence of a text, for the title hint.
func firstSentence(s string) string {
	for i, r := range s {
		if r == '。' || r == '！' || r == '？' {
			return s[:i+utf8.RuneLen(r)]
		}
	}
	return s
}
