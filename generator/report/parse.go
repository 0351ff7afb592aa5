package report

import (
	"fmt"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"gongkai/generator/config"
	"gongkai/generator/diag"
	"gongkai/generator/model"
	"gongkai/generator/pii"
)

// maxFigure bounds every count, so that sums cannot overflow and a slipped
// finger (an extra row of zeros) is caught.
const maxFigure = 1_000_000_000

// schema lists the known keys of each table ("" is the top level); a key
// that is itself a table appears in tables.
var schema, tables = buildSchema()

func buildSchema() (map[string][]string, map[string]bool) {
	s := map[string][]string{
		"":          {"year", "organ", "note", "published", "overview", "problems", "other_matters", "proactive", "applications", "appeals"},
		"proactive": nil,
		"appeals":   nil,
	}
	t := map[string]bool{"proactive": true, "applications": true, "appeals": true}
	for _, k := range proactiveKeys {
		s["proactive"] = append(s["proactive"], k.key)
	}
	for _, r := range rows3 {
		parent, key := "applications", r.key
		if i := strings.IndexByte(r.key, '.'); i >= 0 {
			sub := r.key[:i]
			parent, key = "applications."+sub, r.key[i+1:]
			if !t[parent] {
				t[parent] = true
				s["applications"] = append(s["applications"], sub)
			}
		}
		s[parent] = append(s[parent], key)
	}
	for _, r := range rows4 {
		s["appeals"] = append(s["appeals"], r.key)
	}
	return s, t
}

// parser holds what every check needs to place its message.
type parser struct {
	file      string
	data      []byte
	diags     *diag.List
	locs      map[string]loc
	r         *Report
	bad       map[string]bool // keys whose value was missing or wrong: derived checks skip them
	withTotal map[string]bool // rows written with their 总计
}

// Parse reads content/reports/YEAR.toml. Every problem goes to diags with its
// file:line:column and a fix; the returned Report is never nil (figures that
// could not be read are zero), so a caller may go on and collect all of a
// build's problems before failing.
func Parse(file string, data []byte, diags *diag.List) *Report {
	r := &Report{Source: file}
	p := &parser{file: file, data: data, diags: diags, r: r, bad: map[string]bool{}, withTotal: map[string]bool{}}
	r.Year = p.fileYear()
	src := strings.TrimPrefix(string(data), "\ufeff")
	var m map[string]any
	if _, err := toml.Decode(src, &m); err != nil {
		diags.Add(config.TOMLError(file, 0, data, err))
		return r
	}
	p.locs = scanKeys([]byte(src))
	p.checkKeys(m, "")
	p.readTop(m)
	p.readProactive(p.table(m, "proactive", "二、主动公开政府信息情况"))
	p.readApplications(p.table(m, "applications", "三、收到和处理政府信息公开申请情况"))
	p.readAppeals(p.table(m, "appeals", "四、政府信息公开行政复议、行政诉讼情况"))
	return r
}

// table returns the section under key. A missing section is reported here;
// one that is not a table has been reported by checkKeys. Either way the
// result is nil and the section's figures stay zero.
func (p *parser) table(m map[string]any, key, label string) map[string]any {
	if _, ok := m[key]; !ok {
		p.missingTable(key, label)
	}
	return sub(m, key)
}

// sub returns the table under key, or nil when absent or not a table (the
// key check has reported that).
func sub(m map[string]any, key string) map[string]any {
	t, _ := m[key].(map[string]any)
	return t
}

// fileYear takes the report year from the file name, YEAR.toml.
func (p *parser) fileYear() int {
	name := strings.TrimSuffix(path.Base(p.file), ".toml")
	y, err := strconv.Atoi(name)
	if err != nil || len(name) != 4 || y < 1900 || y > 2200 {
		p.diags.Errorf(model.Pos{File: p.file, Line: 1}, "把文件改名为“年份.toml”，如 content/reports/2025.toml",
			"年度报告的文件名 %q 不是年份", path.Base(p.file))
		return 0
	}
	return y
}

// pos is where key (a full dotted path) is written; for a key that is not
// written, where its table is, else line 1.
func (p *parser) pos(key string) model.Pos {
	for k := key; ; {
		if l, ok := p.locs[k]; ok {
			return model.Pos{File: p.file, Line: l.line, Col: l.col}
		}
		i := strings.LastIndexByte(k, '.')
		if i < 0 {
			return model.Pos{File: p.file, Line: 1}
		}
		k = k[:i]
	}
}

// elemPos is where element i of the array under key is written.
func (p *parser) elemPos(key string, i int) model.Pos {
	if l, ok := p.locs[key]; ok && i < len(l.elems) {
		return model.Pos{File: p.file, Line: l.elems[i][0], Col: l.elems[i][1]}
	}
	return p.pos(key)
}

func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// checkKeys reports unknown keys, naming the nearest known one, and keys
// that should be tables but are not.
func (p *parser) checkKeys(m map[string]any, parent string) {
	known := schema[parent]
	for _, k := range sortedKeys(m) {
		full := join(parent, k)
		if !contains(known, k) {
			p.diags.Errorf(p.pos(full), p.unknownFix(k, parent, known), "未知的键 %q", full)
			continue
		}
		t, isTable := m[k].(map[string]any)
		switch {
		case tables[full] && !isTable:
			p.diags.Errorf(p.pos(full), fmt.Sprintf("写成单独一节：另起一行写 [%s]，再在下面逐行填写", full), "%s 应是一节（表），不是单个值", full)
		case tables[full]:
			p.checkKeys(t, full)
		case isTable:
			p.diags.Errorf(p.pos(full), "这是一个值，不是一节；检查方括号标题是否写错", "%s 不应是一节（表）", full)
		}
	}
}

// unknownFix suggests the nearest key of the same table, or the table where
// the key belongs when it was written in the wrong place.
func (p *parser) unknownFix(k, parent string, known []string) string {
	if near := diag.Nearest(k, known); near != "" {
		return fmt.Sprintf("是不是 %s？", near)
	}
	for _, t := range sortedKeys(schema) {
		if t != parent && contains(schema[t], k) {
			if t == "" {
				return fmt.Sprintf("%s 应写在文件开头、第一个 [方括号] 标题之前", k)
			}
			return fmt.Sprintf("%s 应写在 [%s] 一节中", k, t)
		}
	}
	where := "文件开头"
	if parent != "" {
		where = "[" + parent + "]"
	}
	return fmt.Sprintf("删掉或改正这一行；%s 中可用的键：%s", where, strings.Join(known, "、"))
}

func (p *parser) readTop(m map[string]any) {
	r := p.r
	if v, ok := m["year"]; ok {
		y, isInt := v.(int64)
		switch {
		case !isInt:
			p.diags.Errorf(p.pos("year"), fmt.Sprintf("写成不带引号的年份：year = %d，或删掉这一行（年度取自文件名）", r.Year), "year 应为年份数字")
		case int(y) != r.Year:
			p.diags.Errorf(p.pos("year"), fmt.Sprintf("删掉 year 这一行（年度取自文件名），或改为 year = %d", r.Year),
				"year = %v 与文件名的年度 %d 不一致", v, r.Year)
		}
	}
	r.Organ = p.text(m, "organ", "报告机关", `写成 organ = "示例市人民政府"，用于标题《示例市人民政府2025年政府信息公开工作年度报告》`)
	r.Overview = p.text(m, "overview", "一、总体情况", `写成 overview = """……"""（三个双引号之间可写多段）`)
	r.Problems = p.text(m, "problems", "五、存在的主要问题及改进情况", `写成 problems = """……"""`)
	r.OtherMatters = p.optText(m, "other_matters", "六、其他需要报告的事项")
	r.Note = p.optText(m, "note", "说明")
	if v, ok := m["published"]; ok {
		t, isTime := v.(time.Time)
		if !isTime {
			p.diags.Errorf(p.pos("published"), "日期不加引号，写成 published = 2026-01-20", "published（发布日期）应为日期")
		} else {
			r.Published = model.MakeDate(t.Year(), int(t.Month()), t.Day())
		}
	}
}

// text reads a required, non-empty text.
func (p *parser) text(m map[string]any, key, label, fix string) string {
	if _, ok := m[key]; !ok {
		p.diags.Errorf(p.pos(key), fix+"；写在文件开头、第一个 [方括号] 标题之前", "缺少 %s（%s）", key, label)
		return ""
	}
	s := p.optText(m, key, label)
	if s == "" {
		p.diags.Errorf(p.pos(key), fix, "%s（%s）不能为空", key, label)
	}
	return s
}

// optText reads an optional text.
func (p *parser) optText(m map[string]any, key, label string) string {
	v, ok := m[key]
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		p.diags.Errorf(p.pos(key), fmt.Sprintf(`文字要加英文双引号：%s = "……"`, key), "%s（%s）应为文字", key, label)
		return ""
	}
	s = strings.TrimSpace(s)
	// The report's texts are published as written: numbers only, as an
	// office's e-mail address may stand in them.
	for _, h := range pii.ScanNumbers(s) {
		p.diags.Errorf(p.pos(key), h.Fix(), "%s（%s）中发现未遮蔽的%s %s", key, label, h.Kind, h.Text)
	}
	return s
}

// count checks one figure: a non-negative integer.
func (p *parser) count(v any, pos model.Pos, what string) (int64, bool) {
	switch x := v.(type) {
	case int64:
		if x < 0 {
			p.diags.Errorf(pos, "填写 0 或正整数", "%s不能是负数（现为 %d）", what, x)
			return 0, false
		}
		if x > maxFigure {
			p.diags.Errorf(pos, "核对这个数字是否多写了位数", "%s的数字过大（%d）", what, x)
			return 0, false
		}
		return x, true
	case float64:
		p.diags.Errorf(pos, "件数只能是整数：去掉小数点，如 3", "%s应为整数（现为 %v）", what, x)
	default:
		p.diags.Errorf(pos, "写成不带引号的整数，如 3；没有的填 0", "%s应为数字", what)
	}
	return 0, false
}

// required returns the value of key under table parent, reporting it as
// missing (with how to add it: hint follows "key = 0") when it is not there.
func (p *parser) required(m map[string]any, parent, key, label, hint string) (v any, full string, ok bool) {
	full = join(parent, key)
	if v, ok = m[key]; !ok {
		p.diags.Errorf(p.pos(full), fmt.Sprintf("在 [%s] 一节中加一行 %s = 0%s", parent, key, hint), "缺少 %s（%s）", full, label)
	}
	return v, full, ok
}

// figure reads a required count under table parent.
func (p *parser) figure(m map[string]any, parent, key, label string) int64 {
	v, full, ok := p.required(m, parent, key, label, "（没有的填 0）")
	if !ok {
		return 0
	}
	n, _ := p.count(v, p.pos(full), full+"（"+label+"）")
	return n
}

func (p *parser) readProactive(m map[string]any) {
	r := p.r
	if m == nil {
		return
	}
	r.Licensing = p.figure(m, "proactive", "licensing", proactiveKeys[0].label)
	r.Penalty = p.figure(m, "proactive", "penalty", proactiveKeys[1].label)
	r.Coercion = p.figure(m, "proactive", "coercion", proactiveKeys[2].label)
	r.Fees = p.money(m, "proactive", "fees", proactiveKeys[3].label)
}

// money reads the fee figure: a non-negative number of 万元, decimals allowed.
func (p *parser) money(m map[string]any, parent, key, label string) float64 {
	v, full, ok := p.required(m, parent, key, label, "（单位万元，可有小数，如 12.35）")
	if !ok {
		return 0
	}
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		p.diags.Errorf(p.pos(full), "写成不带引号的数字，单位万元，如 12.35；没有的填 0", "%s（%s）应为数字", full, label)
		return 0
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > maxFigure {
		p.diags.Errorf(p.pos(full), "填写 0 或正数，单位万元，如 12.35", "%s（%s）应为非负数（现为 %v）", full, label, v)
		return 0
	}
	return f
}

// missingTable reports a whole missing section at the end of the file, where
// it is to be added.
func (p *parser) missingTable(key, label string) {
	lines := strings.Count(strings.TrimRight(string(p.data), "\n"), "\n") + 1
	p.diags.Errorf(model.Pos{File: p.file, Line: lines}, fmt.Sprintf("在文件末尾加上 [%s] 一节，按年度报告格式逐项填写", key),
		"缺少 [%s]（%s）", key, label)
}

// row reads an array of n figures, optionally followed by their 总计. It
// returns the n+1 values (总计 computed when absent, or when the given one is
// wrong and has been reported) and whether every value was readable.
func (p *parser) row(m map[string]any, full, label string, cols []string) ([]int64, bool) {
	n := len(cols) - 1
	out := make([]int64, n+1)
	key := full[strings.LastIndexByte(full, '.')+1:]
	zeros := strings.TrimSuffix(strings.Repeat("0, ", n), ", ")
	order := strings.Join(cols[:n], "、")
	v, ok := m[key]
	if !ok {
		p.bad[full] = true
		parent := full[:strings.LastIndexByte(full, '.')]
		p.diags.Errorf(p.pos(full), fmt.Sprintf("在 [%s] 一节中加一行 %s = [%s]（依次为 %s；没有的也填 0）", parent, key, zeros, order),
			"缺少 %s（%s）", full, label)
		return out, false
	}
	arr, isArr := v.([]any)
	if !isArr || (len(arr) != n && len(arr) != n+1) {
		p.bad[full] = true
		p.diags.Errorf(p.pos(full), fmt.Sprintf("写成 %s = [%s]，依次为 %s，可再加第 %d 个数：总计", key, zeros, order, n+1),
			"%s（%s）应为 %d 个或 %d 个数字组成的数组", full, label, n, n+1)
		return out, false
	}
	good := true
	for i, e := range arr {
		x, okc := p.count(e, p.elemPos(full, i), fmt.Sprintf("%s 第%d项（%s）", full, i+1, cols[i]))
		out[i] = x
		good = good && okc
	}
	p.withTotal[full] = len(arr) == n+1
	var sum int64
	for _, x := range out[:n] {
		sum += x
	}
	if len(arr) == n+1 && good && out[n] != sum {
		p.diags.Errorf(p.elemPos(full, n), fmt.Sprintf("总计应为 %d（%s 之和），或核对前面各项", sum, order),
			"%s（%s）的总计 %d 不等于各项之和 %d", full, label, out[n], sum)
	}
	out[n] = sum
	if !good {
		p.bad[full] = true
	}
	return out, good
}

func (p *parser) readApplications(m map[string]any) {
	if m == nil {
		return
	}
	r := p.r
	var given bool // the office wrote （七）总计
	missing := map[string]bool{}
	for i, spec := range rows3 {
		full := "applications." + spec.key
		t := m
		if j := strings.IndexByte(spec.key, '.'); j >= 0 {
			group := spec.key[:j]
			if t = sub(m, group); t == nil {
				// One message for the whole missing group, not one per row.
				p.bad[full] = true
				if !missing[group] {
					missing[group] = true
					p.missingGroup(group, spec.group)
				}
				continue
			}
		}
		if i == Total {
			if _, given = m["total"]; !given {
				continue // computed below
			}
		}
		vals, _ := p.row(t, full, spec.label(), cols3[:])
		copy(r.Applications[i][:], vals)
	}
	p.checkTotal(given)
	p.checkBalance()
}

// missingGroup reports a missing sub-table of [applications], such as
// [applications.withheld], with every key it needs.
func (p *parser) missingGroup(group, label string) {
	t := "applications." + group
	if _, there := p.locs[t]; there {
		return // written, but not as a table: checkKeys has said so
	}
	var lines []string
	for _, k := range schema[t] {
		lines = append(lines, k+" = [0, 0, 0, 0, 0, 0]")
	}
	p.diags.Errorf(p.pos("applications"), fmt.Sprintf("加上 [%s] 一节，逐行填写：%s", t, strings.Join(lines, "；")),
		"缺少 [%s]（%s）", t, label)
}

// checkTotal sets （七）总计 to the sum of （一）…（六） and, when the office
// wrote it, checks each column against that sum.
func (p *parser) checkTotal(given bool) {
	r := p.r
	var sum Row3
	partsOK := true
	for i := Granted; i < Total; i++ {
		partsOK = partsOK && !p.bad["applications."+rows3[i].key]
		for c := range sum {
			sum[c] += r.Applications[i][c]
		}
	}
	if given && partsOK && !p.bad["applications.total"] {
		for c := range sum {
			// A 总计 column the office left out was computed from the row
			// and is right whenever the other columns are.
			if c == ColTotal && !p.withTotal["applications.total"] {
				continue
			}
			if r.Applications[Total][c] != sum[c] {
				p.diags.Errorf(p.elemPos("applications.total", c), fmt.Sprintf("（七）总计应等于（一）至（六）各行之和：改为 %d，或核对各行", sum[c]),
					"（七）总计的“%s”为 %d，但（一）至（六）之和为 %d", cols3[c], r.Applications[Total][c], sum[c])
			}
		}
	}
	r.Applications[Total] = sum
	if !partsOK {
		p.bad["applications.total"] = true
	}
}

// checkBalance checks, per column, 一 + 二 = 三 + 四: every application
// received or carried over was either handled this year or carried forward.
func (p *parser) checkBalance() {
	for _, i := range []int{Received, CarriedOver, Total, CarriedForward} {
		if p.bad["applications."+rows3[i].key] {
			return
		}
	}
	a := &p.r.Applications
	for c := range NumCols3 {
		in := a[Received][c] + a[CarriedOver][c]
		out := a[Total][c] + a[CarriedForward][c]
		if in != out {
			p.diags.Errorf(p.elemPos("applications.carried_forward", c), "第一项加第二项之和应等于第三项加第四项之和：核对这一列的新收、结转和各项办理结果",
				"“%s”一列不平衡：一、本年新收 %d + 二、上年结转 %d = %d，而 三、办理结果总计 %d + 四、结转下年度 %d = %d",
				cols3[c], a[Received][c], a[CarriedOver][c], in, a[Total][c], a[CarriedForward][c], out)
		}
	}
}

func (p *parser) readAppeals(m map[string]any) {
	if m == nil {
		return
	}
	for i, spec := range rows4 {
		vals, _ := p.row(m, "appeals."+spec.key, spec.label(), cols4[:])
		copy(p.r.Appeals[i][:], vals)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
