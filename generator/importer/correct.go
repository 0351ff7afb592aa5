package importer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"gongkai/generator/model"
)

// Correct applies a person's corrections to the front matter of a content
// file that Import wrote: each key of set gets its value (replacing the
// key's line, or added after the imported keys), is taken off the `missing`
// list, and a comment records the correction and note. The body and every
// other line stay as they were, so a correction can be replayed on every
// new import of the same text (scripts/import-sample.sh does that for the
// sample site).
//
// Values may be strings, string arrays, integers, booleans and dates
// (model.Date, or a time.Time at midnight as TOML decodes 2018-07-07).
func Correct(data []byte, set map[string]any, note string) ([]byte, error) {
	lines, body, err := splitFront(data)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	done := map[string]bool{}
	for i, l := range lines {
		if k := keyOf(l); k != "" && set[k] != nil {
			v, err := tomlValue(set[k])
			if err != nil {
				return nil, fmt.Errorf("%s：%v", k, err)
			}
			lines[i] = k + " = " + v
			done[k] = true
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return keyRank(keys[i]) < keyRank(keys[j]) })
	for _, k := range keys {
		if done[k] || set[k] == nil {
			continue
		}
		v, err := tomlValue(set[k])
		if err != nil {
			return nil, fmt.Errorf("%s：%v", k, err)
		}
		at := insertAt(lines, k)
		lines = append(lines[:at], append([]string{k + " = " + v}, lines[at:]...)...)
	}
	sort.Strings(keys)
	lines = dropMissing(lines, keys)
	c := "# 人工校正：" + strings.Join(keys, "、")
	if note != "" {
		c += "。" + strings.ReplaceAll(note, "\n", " ")
	}
	lines = append(lines[:1], append([]string{c}, lines[1:]...)...)
	out := "+++\n" + strings.Join(lines, "\n") + "\n+++\n" + body
	var probe map[string]any
	if _, err := toml.Decode(strings.Join(lines, "\n"), &probe); err != nil {
		return nil, fmt.Errorf("校正后的前置元数据不是有效的 TOML：%v", err)
	}
	return []byte(out), nil
}

// keyOrder is the order in which Import writes the keys; a key added by a
// correction takes its place in it.
var keyOrder = []string{"title", "doc_number", "organ", "source", "signed", "published", "interprets", "form",
	"topic", "keywords", "category", "index_no", "effective", "valid_years", "expires"}

func keyRank(k string) int {
	if i := indexOf(keyOrder, k); i >= 0 {
		return i
	}
	return len(keyOrder)
}

// insertAt returns where to add key k: after the last imported key that
// comes before it, else before the first one, and never after the missing
// list and the comments that end the front matter.
func insertAt(lines []string, k string) int {
	end := len(lines)
	for i, l := range lines {
		if strings.HasPrefix(l, "# 原文未载明") || keyOf(l) == "missing" || strings.HasPrefix(l, "# 请核对") {
			end = i
			break
		}
	}
	at, first := -1, -1
	for i, l := range lines[:end] {
		if kk := keyOf(l); kk != "" {
			if first < 0 {
				first = i
			}
			if keyRank(kk) <= keyRank(k) {
				at = i + 1
			}
		}
	}
	switch {
	case at >= 0:
		return at
	case first >= 0:
		return first
	}
	return end
}

// splitFront returns the lines between the two +++ lines and the rest.
func splitFront(data []byte) ([]string, string, error) {
	s := string(data)
	if !strings.HasPrefix(s, "+++\n") {
		return nil, "", fmt.Errorf("文件不以 +++ 开头，不是 gongkai import 写的内容文件")
	}
	end := strings.Index(s[4:], "\n+++\n")
	if end < 0 {
		return nil, "", fmt.Errorf("找不到前置元数据结尾的 +++")
	}
	return strings.Split(s[4:4+end], "\n"), s[4+end+5:], nil
}

// keyOf returns the key of a top-level `key = value` line, or "".
func keyOf(l string) string {
	i := strings.Index(l, " = ")
	if i <= 0 || strings.HasPrefix(l, "#") {
		return ""
	}
	for _, r := range l[:i] {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return ""
		}
	}
	return l[:i]
}

// dropMissing takes keys off the missing list and its comment; both go
// when nothing is left missing.
func dropMissing(lines []string, keys []string) []string {
	var missing []string
	for _, l := range lines {
		if keyOf(l) == "missing" {
			var v struct{ Missing []string }
			if _, err := toml.Decode(l, &v); err == nil {
				missing = v.Missing
			}
		}
	}
	var left []string
	for _, m := range missing {
		if !contains(keys, m) {
			left = append(left, m)
		}
	}
	var out []string
	for _, l := range lines {
		switch {
		case keyOf(l) == "missing":
			if len(left) == 0 {
				continue
			}
			var w tomlWriter
			w.strs("missing", left)
			l = strings.TrimSuffix(w.b.String(), "\n")
		case strings.HasPrefix(l, "# 原文未载明"):
			if len(left) == 0 {
				continue
			}
			var names []string
			for _, m := range left {
				if lb, ok := keyLabels[m]; ok {
					names = append(names, lb+"（"+m+"）")
				}
			}
			l = "# 原文未载明，需人工补充：" + strings.Join(names, "、")
		}
		out = append(out, l)
	}
	return out
}

// tomlValue writes one value as TOML.
func tomlValue(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return quote(x), nil
	case []string:
		q := make([]string, len(x))
		for i, s := range x {
			q[i] = quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]", nil
	case []any:
		ss := make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return "", fmt.Errorf("列表只能包含文字")
			}
			ss[i] = s
		}
		return tomlValue(ss)
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case bool:
		return strconv.FormatBool(x), nil
	case model.Date:
		return x.ISO(), nil
	case time.Time:
		if x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 {
			return "", fmt.Errorf("只写日期，不写时间")
		}
		return model.MakeDate(x.Year(), int(x.Month()), x.Day()).ISO(), nil
	}
	return "", fmt.Errorf("不支持的值 %v", v)
}
