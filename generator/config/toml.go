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
		d.Msg = "TOML 语法错误：" + pe.Message
		d.Fix = tomlFix(pe.Message)
		return d
	}
	d.Msg = "TOML 格式错误：" + err.Error()
	d.Fix = "检查该文件的 TOML 写法"
	return d
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
