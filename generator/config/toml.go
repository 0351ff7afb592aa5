package config

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"gongkai/generator/diag"
	"gongkai/generator/model"
)

// TOMLError turns a TOML decoding error into a diagnostic at its position in
// file; lineOffset is added to the line (for front matter that starts below
// line 1 of its file). src is the text that was decoded: the decoder counts
// columns in bytes, diagnostics in characters.
func TOMLError(file string, lineOffset int, src []byte, err error) diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.Error, Pos: model.Pos{File: file}}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		d.Pos.Line = pe.Position.Line + lineOffset
		d.Pos.Col = pe.Position.Col
		if start := pe.Position.Start; start >= 0 && start <= len(src) {
			lineStart := bytes.LastIndexByte(src[:start], '\n') + 1
			d.Pos.Col = utf8.RuneCount(src[lineStart:start]) + 1
		}
		d.Msg = "TOML 语法错误：" + tomlMessage(pe.Message)
		d.Fix = tomlFix(pe.Message)
		return d
	}
	d.Msg = "TOML 格式错误：" + err.Error()
	d.Fix = "检查该文件的 TOML 写法"
	return d
}

// tomlMessage says in Chinese what the TOML decoder's common messages
// mean, with the decoder's own words after it (in brackets) for anyone
// who looks the message up; others are given as they are.
func tomlMessage(msg string) string {
	var zh string
	switch {
	case strings.Contains(msg, "strings cannot contain newlines"):
		zh = "字符串没有在同一行结束（缺少结尾的英文双引号）"
	case strings.HasPrefix(msg, "unexpected EOF"):
		zh = "文件在引号或括号结束之前就结束了"
	case strings.HasPrefix(msg, "invalid datetime"):
		zh = "日期写法不对或日期不存在（要写成 2017-08-25 这样，月和日各两位）"
	case strings.Contains(msg, "has already been defined"):
		zh = "同一个键写了两次"
	case strings.HasPrefix(msg, "expected value but found"):
		zh = "等号后面的值写法不对（文字要加英文双引号）"
	case strings.Contains(msg, "key name appears blank"):
		zh = "等号前面缺少键名"
	case strings.Contains(msg, "array terminator"):
		zh = "方括号 [ ] 没有配对，或数组的各项之间缺少逗号"
	case strings.HasPrefix(msg, "expected '.' or '='"):
		zh = "键名里有空格或不允许的字符，或缺少等号"
	case strings.Contains(msg, "to end table name"):
		zh = "表名的方括号没有配对"
	case strings.HasPrefix(msg, "expected a top-level item to end with a newline"):
		zh = "一行里写了多于一个值（每行只写 键 = 值）"
	case strings.Contains(msg, "cannot have leading zeroes"):
		zh = "数字不能以 0 开头"
	default:
		return msg
	}
	return zh + "（" + msg + "）"
}

func tomlFix(msg string) string {
	switch {
	case strings.Contains(msg, "expected") && strings.Contains(msg, "quote"),
		strings.Contains(msg, "unexpected EOF"), strings.Contains(msg, "unterminated"), strings.Contains(msg, "newline"):
		return "字符串要用英文双引号括起来，并在同一行结束，如 title = \"关于……的通知\""
	case strings.Contains(msg, "already"):
		return "同一个键只能写一次，删掉重复的一行"
	case strings.Contains(msg, "bare keys"), strings.Contains(msg, "expected value"),
		strings.Contains(msg, "invalid"):
		return "每行写成 键 = 值；文字要加英文双引号，日期写成 2017-08-25"
	}
	return "每行写成 键 = 值；文字要加英文双引号（\"），日期写成 2017-08-25"
}

// KeyLine finds the 1-based line where key is assigned in a TOML text, or 0.
// It is a plain scan, good enough to point at a key that decoded badly.
func KeyLine(data []byte, key string) int {
	if key == "" {
		return 0
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if bytes.HasPrefix(t, []byte(key)) {
			rest := bytes.TrimSpace(t[len(key):])
			if len(rest) > 0 && rest[0] == '=' {
				return i + 1
			}
		}
	}
	return 0
}

// SectionKeyLine finds the 1-based line where key is assigned in the table
// [section] of a TOML text, the key written bare or in double quotes; else
// the line of the table's header; else 0. Like KeyLine, a plain scan.
func SectionKeyLine(data []byte, section, key string) int {
	header, in := 0, false
	for i, line := range bytes.Split(data, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) > 0 && t[0] == '[' {
			name := t[1:]
			if end := bytes.IndexByte(name, ']'); end >= 0 && !bytes.HasPrefix(name, []byte("[")) {
				name = bytes.ReplaceAll(name[:end], []byte(" "), nil)
				in = string(name) == section
				if in && header == 0 {
					header = i + 1
				}
			} else {
				in = false
			}
			continue
		}
		if !in {
			continue
		}
		var k []byte
		if len(t) > 0 && t[0] == '"' {
			if end := bytes.IndexByte(t[1:], '"'); end >= 0 {
				k, t = t[1:1+end], t[2+end:]
			}
		} else if end := bytes.IndexAny(t, "= \t"); end > 0 {
			k, t = t[:end], t[end:]
		}
		if k != nil && string(k) == key {
			if rest := bytes.TrimSpace(t); len(rest) > 0 && rest[0] == '=' {
				return i + 1
			}
		}
	}
	return header
}
