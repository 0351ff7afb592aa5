package importer

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Encoding names reported by Decode.
const (
	EncUTF8    = "UTF-8"
	EncUTF8BOM = "UTF-8 BOM"
	EncUTF16LE = "UTF-16LE"
	EncUTF16BE = "UTF-16BE"
	EncGB18030 = "GB18030"
)

// Decode returns data as UTF-8 text and the name of the encoding it was
// written in. UTF-8 (with or without a byte-order mark) and UTF-16 with a
// byte-order mark are recognised by their bytes; anything else is tried as
// GB18030, the superset of GBK and GB2312 that Chinese Windows and OA systems
// write. Text that is valid in none of them is an error, in Chinese, and so
// is text holding control characters that plain text never contains (NUL
// and the like: a program, an image or a Word file, not a text file).
func Decode(data []byte) (text string, enc string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		rest := data[3:]
		if !utf8.Valid(rest) {
			return "", "", errors.New("文件以 UTF-8 标记开头，但其后的内容不是有效的 UTF-8：请用文本编辑器重新以 UTF-8 保存")
		}
		text, enc = string(rest), EncUTF8BOM
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		text, enc, err = decodeWith(data, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), EncUTF16LE)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		text, enc, err = decodeWith(data, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), EncUTF16BE)
	case utf8.Valid(data):
		text, enc = string(data), EncUTF8
	default:
		text, enc, err = decodeWith(data, simplifiedchinese.GB18030, EncGB18030)
	}
	if err != nil {
		return "", "", err
	}
	if r, ok := controlChar(text); ok {
		return "", "", fmt.Errorf("文件含有纯文本中不会出现的控制字符（U+%04X）：这是二进制文件（程序、图片、Word 文档等），不是纯文本；请先在原程序中另存为纯文本（UTF-8）再导入", r)
	}
	return text, enc, nil
}

// controlChar returns the first C0 control character in text other than
// tab, line feed, carriage return and form feed (which plain text does
// contain: a form feed separates pages), and whether there is one.
func controlChar(text string) (rune, bool) {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return rune(c), true
		}
	}
	return 0, false
}

// decodeWith decodes data and refuses the result when the decoder had to
// replace bytes it could not read: x/text decoders substitute U+FFFD rather
// than fail, and a silently damaged document is worse than an error. A
// U+FFFD that the source itself encodes is no failure, so the replacement
// characters of the result are counted against the encoded ones of the
// source: any one more is a byte the decoder could not read.
func decodeWith(data []byte, e encoding.Encoding, name string) (string, string, error) {
	out, err := e.NewDecoder().Bytes(data)
	if err == nil && bytes.Count(out, []byte("\uFFFD")) > encodedReplacements(data, name) {
		err = errors.New("invalid")
	}
	if err != nil {
		return "", "", errors.New("无法识别文件编码：内容既不是有效的 UTF-8，也不是 GB18030/GBK 或带标记的 UTF-16（可能是二进制文件或已损坏）；请用文本编辑器另存为 UTF-8 后再导入")
	}
	s := string(out)
	s = strings.TrimPrefix(s, "\uFEFF")
	return s, name, nil
}

// encodedReplacements counts the U+FFFD characters the source encodes:
// 84 31 A4 37 in GB18030, the code unit FFFD in UTF-16 (at even offsets).
func encodedReplacements(data []byte, name string) int {
	switch name {
	case EncGB18030:
		return bytes.Count(data, []byte{0x84, 0x31, 0xA4, 0x37})
	case EncUTF16LE, EncUTF16BE:
		lo, hi := byte(0xFD), byte(0xFF)
		if name == EncUTF16BE {
			lo, hi = hi, lo
		}
		n := 0
		for i := 0; i+1 < len(data); i += 2 {
			if data[i] == lo && data[i+1] == hi {
				n++
			}
		}
		return n
	}
	return 0
}
