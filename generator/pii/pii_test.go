package pii

import (
	"reflect"
	"strings"
	"testing"
)

// The identity, card and credit-code numbers below were computed outside
// this package (check digits by hand-written GB 11643 / Luhn / GB 32100
// code) and are fictional.
func TestScanHits(t *testing.T) {
	type h struct{ kind, text, masked string }
	cases := []struct {
		in   string
		want []h
	}{
		{"身份证号码11010519491231002X，", []h{{KindID, "11010519491231002X", "110105********002X"}}},
		{"身份证：110101199003071233。", []h{{KindID, "110101199003071233", "110101********1233"}}},
		{"生于闰日510107200002290010的人", []h{{KindID, "510107200002290010", "510107********0010"}}},
		{"身份证 110101 19900307 1233", []h{{KindID, "110101 19900307 1233", "110101********1233"}}},
		{"证号１１０１０１１９９００３０７１２３３", []h{{KindID, "１１０１０１１９９００３０７１２３３", "110101********1233"}}},
		{"联系电话13812345678", []h{{KindMobile, "13812345678", "138****5678"}}},
		{"电话：138-1234-5678。", []h{{KindMobile, "138-1234-5678", "138****5678"}}},
		{"电话 138 1234 5678", []h{{KindMobile, "138 1234 5678", "138****5678"}}},
		{"手机+86 13812345678", []h{{KindMobile, "+86 13812345678", "138****5678"}}},
		{"手机+8613912345678", []h{{KindMobile, "+8613912345678", "139****5678"}}},
		{"手机＋86-199-1234-5678", []h{{KindMobile, "＋86-199-1234-5678", "199****5678"}}},
		{"手机１３８１２３４５６７８", []h{{KindMobile, "１３８１２３４５６７８", "138****5678"}}},
		{"卡号6222021234567890128", []h{{KindCard, "6222021234567890128", "6222****0128"}}},
		{"卡号：6217000012345670；", []h{{KindCard, "6217000012345670", "6217****5670"}}},
		{"卡号 6222 0212 3456 7890 128 开户行", []h{{KindCard, "6222 0212 3456 7890 128", "6222****0128"}}},
		{"邮箱zhangsan@example.com。", []h{{KindEmail, "zhangsan@example.com", "z***@example.com"}}},
		{"邮箱：13812345678@163.com", []h{{KindEmail, "13812345678@163.com", "1***@163.com"}}},
		{"张三，13812345678，110101199003071233", []h{
			{KindMobile, "13812345678", "138****5678"}, {KindID, "110101199003071233", "110101********1233"}}},
	}
	for _, c := range cases {
		var got []h
		for _, x := range Scan(c.in) {
			if c.in[x.Start:x.End] != x.Text {
				t.Errorf("Scan(%q): offsets %d:%d do not give %q", c.in, x.Start, x.End, x.Text)
			}
			got = append(got, h{x.Kind, x.Text, x.Masked})
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Scan(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestScanOffsets(t *testing.T) {
	got := Scan("电话：138-1234-5678。")
	if len(got) != 1 || got[0].Start != 9 || got[0].End != 22 {
		t.Fatalf("got %+v, want one hit at 9:22", got)
	}
}

// TestScanNoHits: numbers of government text that are not personal data.
func TestScanNoHits(t *testing.T) {
	for _, s := range []string{
		"沈政发〔2017〕45号", "遼政發〔2017〕19號", "20170825", "2017-08-25", "2017年8月25日",
		"索引号：000014349/2018-00222", "热线12345", "电话：0571-12345678", "400-800-1234", "1188名患者",
		"统一社会信用代码91110108MA01C2P4XQ", "12100000400012345P", "911101087263951590",
		"915101000000000452", // all digits, a valid credit code that passes Luhn too
		"110101199003071234", // wrong check digit
		"110101199002301239", // 30 February
		"991101199003071232", // no such province
		"12345678901",        // not 1[3-9]
		"3.1415926535897932384", "A13812345678", "13812345678B", "abc6222021234567890128",
		"https://www.gov.cn/zhengce/content/6222021234567890128.htm", "2015 2016 2017 2018",
		"0222021234567890126", "邮箱@人民日报", "a@b", "x@localhost", "name@example.c0m",
	} {
		if got := Scan(s); len(got) != 0 {
			t.Errorf("Scan(%q) = %+v, want no hits", s, got)
		}
	}
}

func TestScanEmailsAndNumbers(t *testing.T) {
	s := "举报邮箱jubao@gov.cn，电话13812345678"
	if e := ScanEmails(s); len(e) != 1 || e[0].Text != "jubao@gov.cn" {
		t.Errorf("ScanEmails = %+v", e)
	}
	if n := ScanNumbers(s); len(n) != 1 || n[0].Text != "13812345678" {
		t.Errorf("ScanNumbers = %+v", n)
	}
}

func TestMask(t *testing.T) {
	cases := []struct{ kind, in, want string }{
		{KindID, "110101199003071233", "110101********1233"},
		{KindID, "11010519491231002x", "110105********002X"},
		{KindMobile, "+86 138-1234-5678", "138****5678"},
		{KindCard, "6222 0212 3456 7890 128", "6222****0128"},
		{KindEmail, "zhangsan@example.com", "z***@example.com"},
		{KindEmail, "张三@example.com", "张***@example.com"},
		{KindMobile, "12345", "*****"},
	}
	for _, c := range cases {
		if got := Mask(c.kind, c.in); got != c.want {
			t.Errorf("Mask(%s, %q) = %q, want %q", c.kind, c.in, got, c.want)
		}
	}
}

func TestMaskName(t *testing.T) {
	cases := map[string]string{
		"张三": "张*", "欧阳娜娜": "欧阳**", "李": "李", "": "", " 王小明 ": "王**",
		"欧阳": "欧*", "司马光": "司马*", "歐陽修": "歐陽*", "诸葛亮": "诸葛*", "阿依·买买提": "阿*·***",
	}
	for in, want := range cases {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidCreditCode(t *testing.T) {
	for _, s := range []string{"91110108MA01C2P4XQ", "12100000400012345P", "91350100M000100Y43",
		"511100005000123456", "11100000000013127D", "915101000000000452", "91110108ma01c2p4xq"} {
		if !ValidCreditCode(s) {
			t.Errorf("ValidCreditCode(%q) = false", s)
		}
	}
	for _, s := range []string{"91110108MA01C2P4XR", "91110108MA01C2P4X", "91110108MA01C2P4XQ0",
		"9111O108MA01C2P4XQ", "91110108MI01C2P4XQ", "", "110101199003071233"} {
		if ValidCreditCode(s) {
			t.Errorf("ValidCreditCode(%q) = true", s)
		}
	}
}

func BenchmarkScan(b *testing.B) {
	unit := "各区、县（市）政府要按照“公开为常态”的原则，于2017年8月25日前公开沈政发〔2017〕45号文件，" +
		"索引号000014349/2018-00222，咨询电话0571-12345678，举报邮箱jubao@gov.cn。\n"
	text := strings.Repeat(unit, 1<<20/len(unit))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Scan(text)
	}
}
