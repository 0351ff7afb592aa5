package config

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestTOMLErrorInChinese: the decoder's common messages are explained in
// Chinese at the position it gives, with its own words kept in brackets.
func TestTOMLErrorInChinese(t *testing.T) {
	for src, want := range map[string]string{
		"title = \"关于\nb = 1\n":   "字符串没有在同一行结束",
		"signed = 2017-13-45\n":   "日期写法不对或日期不存在",
		"signed = 2018-7-7\n":     "日期写法不对或日期不存在",
		"a = 1\na = 2\n":          "同一个键写了两次",
		"title = 关于\n":            "等号后面的值写法不对",
		"title = \"关于":            "文件在引号或括号结束之前就结束了",
		"organ = [\"甲\", \"乙\"\n": "方括号 [ ] 没有配对",
		"a = 1 2\n":               "一行里写了多于一个值",
	} {
		var v map[string]any
		_, err := toml.Decode(src, &v)
		if err == nil {
			t.Fatalf("%q decoded", src)
		}
		d := TOMLError("x.md", 1, []byte(src), err)
		if !strings.HasPrefix(d.Msg, "TOML 语法错误："+want) || !strings.HasSuffix(d.Msg, "）") || d.Pos.Line < 2 {
			t.Errorf("%q: %q at line %d; want it to start with %q and end with the decoder's words in brackets", src, d.Msg, d.Pos.Line, want)
		}
	}
}
