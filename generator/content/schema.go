package content

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"gongkai/generator/diag"
	"gongkai/generator/model"
)

// ftype is the type of a front-matter value.
type ftype int

const (
	tString ftype = iota
	tStrings
	tStringOrList
	tDate
	tInt
	tBool
	tLinks
	tAttachments
)

type field struct {
	key, label string
	typ        ftype
	required   bool
	choices    []string // closed list for strings
}

// ParseDate parses a date written as a string in front matter. It defaults to
// YYYY-MM-DD; the build sets it to the parser that also reads Chinese forms.
var ParseDate = model.ParseISO

// Closed lists.
var (
	Categories       = []string{"规章", "行政规范性文件", "其他文件"}
	Modes            = []string{model.DiscloseActive, model.DiscloseOnRequest, model.DiscloseNone}
	Forms            = []string{"文字解读", "图解", "音视频", "新闻发布会", "其他"}
	SubjectTypes     = []string{"政府机构", "公务员", "企业", "其他"}
	Severities       = []string{"轻微", "一般", "严重"}
	CreditStatuses   = []string{"公示中", "异议处理中", "已修复", "已移出"}
	CommitmentStates = []string{"履行中", "已兑现", "未兑现"}
	TaskStatuses     = []string{"未启动", "推进中", "已完成"}
)

// Exemptions maps each ground for withholding to its article of the 条例.
var Exemptions = map[string]string{
	"国家秘密":     "第十四条",
	"法律法规禁止公开": "第十四条",
	"三安全一稳定":   "第十四条",
	"商业秘密":     "第十五条",
	"个人隐私":     "第十五条",
	"第三方合法权益":  "第十五条",
	"内部事务信息":   "第十六条",
	"过程性信息":    "第十六条",
	"行政执法案卷":   "第十六条",
}

// ExemptionNames lists the grounds in article order.
func ExemptionNames() []string {
	return []string{"国家秘密", "法律法规禁止公开", "三安全一稳定", "商业秘密", "个人隐私", "第三方合法权益", "内部事务信息", "过程性信息", "行政执法案卷"}
}

var disclosureFields = []field{
	{key: "disclosure", label: "公开方式", typ: tString, choices: Modes},
	{key: "exemption", label: "不公开依据", typ: tString},
	{key: "reason", label: "不公开理由", typ: tString},
	{key: "review_by", label: "复核日期", typ: tDate},
}

var commonDocFields = append([]field{
	{key: "title", label: "标题", typ: tString, required: true},
	{key: "published", label: "发布日期", typ: tDate, required: true},
	{key: "keywords", label: "主题词", typ: tStrings},
	{key: "summary", label: "内容概述", typ: tString},
	{key: "index_no", label: "索引号", typ: tString},
	{key: "index_no_previous", label: "原索引号", typ: tString},
	{key: "aliases", label: "旧地址", typ: tStrings},
	{key: "allow_refs", label: "有意引用", typ: tStrings},
	{key: "allow_pii", label: "个人信息豁免", typ: tStrings},
	{key: "missing", label: "原文未载明", typ: tStrings},
	{key: "attachment", label: "附件", typ: tAttachments},
}, disclosureFields...)

var policyFields = append([]field{
	{key: "doc_number", label: "发文字号", typ: tString},
	{key: "organ", label: "发文机关", typ: tStringOrList, required: true},
	{key: "signed", label: "成文日期", typ: tDate, required: true},
	{key: "topic", label: "主题分类", typ: tString, required: true},
	{key: "category", label: "文件类别", typ: tString, choices: Categories},
	{key: "effective", label: "生效日期", typ: tDate},
	{key: "expires", label: "失效日期", typ: tDate},
	{key: "valid_years", label: "有效期", typ: tInt},
	{key: "repeals", label: "废止文件", typ: tStrings},
	{key: "amends", label: "修改文件", typ: tStrings},
	{key: "repealed", label: "废止日期", typ: tDate},
}, commonDocFields...)

var interpretationFields = append([]field{
	{key: "organ", label: "发布机关", typ: tStringOrList, required: true},
	{key: "interprets", label: "解读文件", typ: tString, required: true},
	{key: "form", label: "解读形式", typ: tString, choices: Forms},
	{key: "topic", label: "主题分类", typ: tString},
}, commonDocFields...)

var newsFields = append([]field{
	{key: "organ", label: "发布机关", typ: tStringOrList},
	{key: "source", label: "来源", typ: tString},
	{key: "topic", label: "主题分类", typ: tString},
}, commonDocFields...)

var creditFields = append([]field{
	{key: "id", label: "编号", typ: tString, required: true},
	{key: "subject", label: "失信主体", typ: tString, required: true},
	{key: "subject_type", label: "主体类型", typ: tString, required: true, choices: SubjectTypes},
	{key: "credit_code", label: "统一社会信用代码", typ: tString},
	{key: "behaviour", label: "失信行为", typ: tString, required: true},
	{key: "basis", label: "认定依据", typ: tString, required: true},
	{key: "decided", label: "认定日期", typ: tDate, required: true},
	{key: "organ", label: "认定机关", typ: tString, required: true},
	{key: "severity", label: "失信程度", typ: tString, required: true, choices: Severities},
	{key: "status", label: "状态", typ: tString, required: true, choices: CreditStatuses},
	{key: "minor", label: "涉及未成年人", typ: tBool},
	{key: "allow_pii", label: "个人信息豁免", typ: tStrings},
}, disclosureFields...)

var commitmentFields = append([]field{
	{key: "id", label: "编号", typ: tString, required: true},
	{key: "subject", label: "承诺主体", typ: tString, required: true},
	{key: "content", label: "承诺内容", typ: tString, required: true},
	{key: "made", label: "承诺日期", typ: tDate, required: true},
	{key: "due", label: "完成时限", typ: tDate},
	{key: "status", label: "履行状态", typ: tString, required: true, choices: CommitmentStates},
	{key: "evidence", label: "佐证材料", typ: tLinks},
	{key: "allow_pii", label: "个人信息豁免", typ: tStrings},
}, disclosureFields...)

var attachmentFields = append([]field{
	{key: "file", label: "文件", typ: tString, required: true},
	{key: "title", label: "名称", typ: tString},
}, disclosureFields...)

// Keys returns the front-matter (or table) keys of a kind, in schema order.
func Keys(k model.Kind) []string {
	var out []string
	for _, f := range Fields(k) {
		out = append(out, f.key)
	}
	return out
}

// Fields returns the front-matter fields of a kind, for `gongkai new` and docs.
func Fields(k model.Kind) []field {
	switch k {
	case model.KindPolicy:
		return policyFields
	case model.KindInterpretation:
		return interpretationFields
	case model.KindNews:
		return newsFields
	case model.KindCredit:
		return creditFields
	case model.KindCommitment:
		return commitmentFields
	}
	return nil
}

// values holds the decoded, type-checked values of one table.
type values struct {
	m   map[string]any
	pos func(key string) model.Pos
}

func (v values) str(k string) string {
	s, _ := v.m[k].(string)
	return s
}
func (v values) strs(k string) []string {
	s, _ := v.m[k].([]string)
	return s
}
func (v values) date(k string) model.Date {
	d, _ := v.m[k].(model.Date)
	return d
}
func (v values) int(k string) int {
	i, _ := v.m[k].(int)
	return i
}
func (v values) bool(k string) bool {
	b, _ := v.m[k].(bool)
	return b
}
func (v values) has(k string) bool { _, ok := v.m[k]; return ok }

// decodeTable checks the raw TOML table against fields, converting values.
// what names the thing for messages (e.g. 政策文件).
func decodeTable(raw map[string]any, fields []field, pos func(string) model.Pos, what string, diags *diag.List) values {
	v := values{m: make(map[string]any, len(raw)), pos: pos}
	// A table has a few dozen fields at most: found by a scan, with no
	// map made for every table of every file.
	find := func(k string) (*field, bool) {
		for i := range fields {
			if fields[i].key == k {
				return &fields[i], true
			}
		}
		return nil, false
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var missing []string
	if m, ok := raw["missing"].([]any); ok {
		for _, x := range m {
			if s, ok := x.(string); ok {
				missing = append(missing, s)
			}
		}
	}
	for _, k := range keys {
		f, ok := find(k)
		if !ok {
			var names []string
			for _, f := range fields {
				names = append(names, f.key)
			}
			fix := "可用的键：" + strings.Join(names, "、")
			if n := diag.Nearest(k, names); n != "" {
				nf, _ := find(n)
				fix = fmt.Sprintf("是否想写 %s？（%s）", n, nf.label)
			}
			diags.Errorf(pos(k), fix, "%s不支持的键 %q", what, k)
			continue
		}
		val, err := convert(raw[k], *f)
		if err != "" {
			diags.Errorf(pos(k), err, "%s（%s）的值 %s", f.key, f.label, describe(raw[k]))
			continue
		}
		if empty(val) {
			if f.required {
				diags.Errorf(pos(k), fmt.Sprintf("填写 %s（%s）；原文确实没有时删除这一行并写 missing = [%q]", f.key, f.label, f.key),
					"%s（%s）是必填项，不能为空", f.key, f.label)
			}
			continue // an empty optional value is the same as an absent one
		}
		if s, ok := val.(string); ok && len(f.choices) > 0 && !contains(f.choices, s) {
			fix := "可选值：" + strings.Join(f.choices, "、")
			diags.Errorf(pos(k), fix, "%s（%s）的值 %q 不在可选范围内", f.key, f.label, s)
			continue
		}
		v.m[k] = val
	}
	for _, f := range fields {
		if f.required && !v.has(f.key) && raw[f.key] == nil && !contains(missing, f.key) {
			diags.Errorf(pos(""), fmt.Sprintf("添加一行 %s = …；原文确实没有时写 missing = [%q]", f.key, f.key),
				"%s缺少必填项 %s（%s）", what, f.key, f.label)
		}
	}
	for _, m := range missing {
		if _, ok := find(m); !ok {
			diags.Errorf(pos("missing"), "missing 只能列出本类内容的键", "missing 中的 %q 不是已知的键", m)
		}
	}
	return v
}

// empty reports whether a converted value is an empty string or list.
func empty(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case []string:
		return len(v) == 0
	}
	return false
}

func describe(x any) string {
	switch x := x.(type) {
	case string:
		return fmt.Sprintf("%q 无效", x)
	case time.Time:
		return x.Format("2006-01-02") + " 无效"
	}
	return fmt.Sprintf("%v 类型不对", x)
}

// convert returns the value as the field's Go type, or a fix message.
func convert(x any, f field) (any, string) {
	switch f.typ {
	case tString:
		s, ok := x.(string)
		if !ok {
			return nil, "应为文字，用英文双引号括起来"
		}
		return strings.TrimSpace(s), ""
	case tStrings, tStringOrList:
		if s, ok := x.(string); ok {
			if f.typ == tStringOrList {
				if s = strings.TrimSpace(s); s == "" {
					return []string{}, ""
				}
				return []string{s}, ""
			}
			return nil, fmt.Sprintf("应为文字列表，写成 %s = [\"…\", \"…\"]", f.key)
		}
		arr, ok := x.([]any)
		if !ok {
			return nil, fmt.Sprintf("应为文字列表，写成 %s = [\"…\", \"…\"]", f.key)
		}
		out := make([]string, 0, len(arr))
		for _, e := range arr {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Sprintf("列表中的每一项都应为文字，写成 %s = [\"…\", \"…\"]", f.key)
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, ""
	case tDate:
		switch d := x.(type) {
		case time.Time:
			if d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 {
				return nil, "只写日期，不写时间，如 2017-08-25"
			}
			return model.MakeDate(d.Year(), int(d.Month()), d.Day()), ""
		case string:
			dd, err := ParseDate(strings.TrimSpace(d))
			if err != nil {
				return nil, "写成 2017-08-25 这样的日期（" + err.Error() + "）"
			}
			return dd, ""
		}
		return nil, "写成 2017-08-25 这样的日期"
	case tInt:
		i, ok := x.(int64)
		if !ok || i < 0 || i > 1000 {
			return nil, "应为不带引号的非负整数，如 5"
		}
		return int(i), ""
	case tBool:
		b, ok := x.(bool)
		if !ok {
			return nil, "应为 true 或 false"
		}
		return b, ""
	case tLinks:
		arr, ok := x.([]map[string]any)
		if !ok {
			if a2, ok2 := x.([]any); ok2 {
				for _, e := range a2 {
					m, ok := e.(map[string]any)
					if !ok {
						return nil, "写成 evidence = [{title = \"…\", url = \"…\"}]"
					}
					arr = append(arr, m)
				}
			} else {
				return nil, "写成 evidence = [{title = \"…\", url = \"…\"}]"
			}
		}
		var out []model.Link
		for _, m := range arr {
			t, _ := m["title"].(string)
			u, _ := m["url"].(string)
			if u == "" || len(m) > 2 {
				return nil, "每一项写成 {title = \"…\", url = \"…\"}，url 必填"
			}
			if !linkURL(u) {
				return nil, fmt.Sprintf("url 写成网站中的路径（如 /policies/shenzhengfa-2017-45/）或以 https://、http:// 开头的网址，不含空格和反斜杠，现为 %q", u)
			}
			out = append(out, model.Link{Title: t, URL: u})
		}
		return out, ""
	case tAttachments:
		arr, ok := x.([]map[string]any)
		if !ok {
			return nil, "附件写成 [[attachment]] 表，每个表有 file = \"文件名\""
		}
		return arr, ""
	}
	return nil, "无法识别的值"
}

// linkURL reports whether u may be a link's url: a path on the site or
// an http(s) address — not javascript:, not a scheme-relative //host, and
// without blanks, control characters or backslashes (browsers drop tabs
// and line breaks from a URL and read "/\host" as "//host").
func linkURL(u string) bool {
	for _, c := range u {
		if c <= ' ' || c == 0x7f || c == '\\' || unicode.IsSpace(c) || unicode.IsControl(c) {
			return false
		}
	}
	if strings.HasPrefix(u, "/") {
		return !strings.HasPrefix(u, "//")
	}
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// disclosure reads the disclosure keys of a table and checks them.
func disclosure(v values, what string, diags *diag.List) model.Disclosure {
	d := model.Disclosure{Mode: v.str("disclosure"), Exemption: v.str("exemption"), Reason: v.str("reason"), ReviewBy: v.date("review_by"), Pos: v.pos("disclosure")}
	if d.Published() {
		for _, k := range []string{"exemption", "reason", "review_by"} {
			if v.has(k) {
				diags.Warnf(v.pos(k), "主动公开的内容不需要此项；若要不公开，写 disclosure = \"不予公开\" 或 \"依申请公开\"", "%s是主动公开，%s 不起作用", what, k)
			}
		}
		return d
	}
	if d.Exemption == "" {
		diags.Errorf(v.pos("disclosure"), "添加 exemption = \"…\"，可选："+strings.Join(ExemptionNames(), "、"),
			"%s为%s，但没有写不公开的法定依据（exemption）", what, d.Mode)
	} else if _, ok := Exemptions[d.Exemption]; !ok {
		diags.Errorf(v.pos("exemption"), "可选："+strings.Join(ExemptionNames(), "、")+"（条例第十四至十六条）",
			"exemption 的值 %q 不是条例规定的不公开依据", d.Exemption)
	}
	if d.Reason == "" {
		diags.Errorf(v.pos("disclosure"), "添加 reason = \"……\"，用文字说明不公开的具体理由", "%s为%s，但没有写理由（reason）", what, d.Mode)
	}
	if d.ReviewBy == 0 {
		diags.Errorf(v.pos("disclosure"), "添加 review_by = 2027-01-01（条例第十八条：不公开的信息应定期复核）", "%s为%s，但没有写复核日期（review_by）", what, d.Mode)
	}
	return d
}
