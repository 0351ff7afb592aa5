package importer

import (
	"bytes"
	"errors"
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
// write. Text that is valid in none of them is an error, in Chinese.
func Decode(data []byte) (text string, enc string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		rest := data[3:]
		if !utf8.Valid(rest) {
			return "", "", errors.New("文件以 UTF-8 标记开头，但其后的内容不是有效的 UTF-8：请用文本编辑器重新以 UTF-8 保存")
		}
		return string(rest), EncUTF8BOM, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeWith(data, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), EncUTF16LE)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeWith(data, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), EncUTF16BE)
	case utf8.Valid(data):
		return string(data), EncUTF8, nil
	}
	return decodeWith(data, simplifiedchinese.GB18030, EncGB18030)
}

// decodeWith decodes data and refuses the result when the decoder had to
// replace bytes it could not read: x/text decoders substitute U+FFFD rather
// than fail, and a silently damaged document is worse than an error.
func decodeWith(data []byte, e encoding.Encoding, name string) (string, string, error) {
	out, err := e.NewDecoder().Bytes(data)
	if err == nil && bytes.ContainsRune(out, utf8.RuneError) && !containsEncodedReplacement(data, name) {
		err = errors.New("invalid")
	}
	if err != nil {
		return "", "", errors.New("无法识别文件编码：内容既不是有效的 UTF-8，也不是 GB18030/GBK 或带标记的 UTF-16；请用文本编辑器另存为 UTF-8 后再导入")
	}
	s := string(out)
	s = strings.TrimPrefix(s, "\uFEFF")
	return s, name, nil
}

// containsEncodedReplacement reports whether the source itself holds U+FFFD
// (GB18030 encodes it as 84 31 A4 37), in which case its presence in the
// output is not a decoding failure.
func containsEncodedReplacement(data []byte, name string) bool {
	if name == EncGB18030 {
		return bytes.Contains(data, []byte{0x84, 0x31, 0xA4, 0x37})
	}
	return false
}
