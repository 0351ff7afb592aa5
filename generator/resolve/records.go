package resolve

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"gongkai/generator/content"
	"gongkai/generator/docno"
	"gongkai/generator/hanfold"
	"gongkai/generator/model"
	"gongkai/generator/pii"
	"gongkai/generator/tasks"
)

// records resolves tasks, credit records and commitments.
func (r *resolver) records(in *content.Result) {
	r.tasks(in)
	r.credit(in.Credit)
	r.commitments(in.Commitments)
	r.recordIndexNumbers()
}

func (r *resolver) tasks(in *content.Result) {
	units := r.cfg.UnitAliases()
	// used marks the [units] aliases some unit name matched (a warning
	// names the others). A spelling is resolved once per worker, and each
	// worker marks what it resolves; the facts kept between builds keep
	// the aliases their tasks matched (unitHits).
	used := make([]atomic.Bool, len(units.Aliases))
	// Unit pages index units across documents written in either script:
	// 各有關部門 and 各有关部门 are one unit, named in Simplified characters.
	// A site names a few hundred units in some hundred thousand tasks:
	// each spelling is resolved once, and the tasks share the strings.
	// Each worker of the parallel step below has its own resolver.
	type resolved struct {
		name  string
		alias int // matched alias, -1 if none
	}
	newCanon := func() func(lead, coop, resp []string, hits *[]int32) (l, c, r []string) {
		seen := map[string]resolved{}
		canonOne := func(u string) resolved {
			c, ok := seen[u]
			if !ok {
				c.name, c.alias = units.Canon(hanfold.SimplifyString(unescape(u)))
				if c.name == u {
					// u is a view of a document's facts: a copy, so that
					// the facts' array is not kept alive by a unit name.
					c.name = strings.Clone(u)
				}
				if c.alias >= 0 {
					used[c.alias].Store(true)
				}
				seen[u] = c
			}
			return c
		}
		// canonAll resolves a task's three unit lists into one array, the
		// lists one after another (model.Task.SetUnits keeps it as it is).
		// Tasks name the same units in the same order again and again
		// (各有关部门, or a bureau with its usual partners): equal arrays
		// are shared, as the tasks never change them.
		lists := map[string][]string{}
		var key []byte
		var names []string
		return func(lead, coop, resp []string, hits *[]int32) (l, c, r []string) {
			n := len(lead) + len(coop) + len(resp)
			if n == 0 {
				return nil, nil, nil
			}
			names, key = names[:0], key[:0]
			for _, us := range [][]string{lead, coop, resp} {
				for _, u := range us {
					res := canonOne(u)
					if hits != nil && res.alias >= 0 && !slices.Contains(*hits, int32(res.alias)) {
						*hits = append(*hits, int32(res.alias))
					}
					cu := res.name
					names = append(names, cu)
					key = append(binary.AppendUvarint(key, uint64(len(cu))), cu...)
				}
			}
			all, ok := lists[string(key)]
			if !ok {
				all = slices.Clone(names)
				lists[string(key)] = all
			}
			nl, nc := len(lead), len(lead)+len(coop)
			return all[:nl], all[nl:nc], all[nc:]
		}
	}
	var byID *taskIndex
	next := map[string]int{} // next suffix to try, by base id
	add := func(t *model.Task) {
		if o := byID.get(t.ID); o != nil {
			// The same attribution twice in one document: keep both, make
			// the id unique (remembering the last suffix, so that k copies
			// cost k steps, not k²).
			base := t.ID
			for n := max(next[base], 2); ; n++ {
				id := fmt.Sprintf("%s-%d", base, n)
				if byID.get(id) == nil {
					t.ID, next[base] = id, n+1
					break
				}
			}
		}
		byID.put(t)
		t.Seq = int32(len(r.site.Tasks))
		r.site.Tasks = append(r.site.Tasks, t)
		if t.Doc != nil {
			t.Doc.Tasks = append(t.Doc.Tasks, t)
		}
	}
	// Task ids hang on the document's number; a document without one, or
	// one whose number another document also claims (an imported archive
	// with checks.duplicate_numbers = "warn"), uses its path. The ids are
	// hashes of the folded text, computed in parallel; making them unique
	// (add) is done in order below.
	// Each document's facts are its own (see FactCache), so the workers
	// write to them without locks; serve keeps both between builds. The
	// workers also make the tasks; only making their ids unique is done in
	// order.
	canons := make([]func(lead, coop, resp []string, hits *[]int32) (l, c, r []string), runtime.GOMAXPROCS(0))
	for w := range canons {
		canons[w] = newCanon()
	}
	// fmt prints maps in key order; %q quotes each name, so that
	// ["甲 乙"] and ["甲", "乙"] differ.
	aliases := fmt.Sprintf("%q", r.cfg.Units)
	built := make([][]*model.Task, len(r.site.Documents))
	parallelForW(len(r.site.Documents), len(canons), func(w, i int) {
		d := r.site.Documents[i]
		if d.Kind != model.KindPolicy {
			return
		}
		f := r.facts[d]
		key := d.DocKey
		if key == "" || r.byKey[key] != d {
			key = d.Source
		}
		if r.cache == nil {
			// A one-off build: nothing to keep, each task made directly.
			// One array holds the document's tasks (they live as long),
			// and one their strings: views of the facts' array would keep
			// the whole of it (cited numbers, titles, clauses) alive
			// through the render phase, a quarter of the live heap.
			// The array is sized from the texts as found, which unescape
			// only shortens: it never grows, so the strings taken from it
			// stay valid.
			ts, all := make([]*model.Task, len(f.tasks)), make([]model.Task, len(f.tasks))
			n := 0
			for _, x := range f.tasks {
				n += len(x.Item) + len(x.Title) + len(x.Text) + len(x.DeadlineText)
			}
			buf := make([]byte, 0, n)
			own := func(s string) string {
				if s == "" {
					return ""
				}
				start := len(buf)
				buf = append(buf, s...)
				return unsafe.String(&buf[start], len(s))
			}
			for j, x := range f.tasks {
				t := &all[j]
				*t = model.Task{
					ID: tasks.ID(key, x), Doc: d, Item: own(unescape(x.Item)), Title: own(unescape(x.Title)), Text: own(unescape(x.Text)),
					DeadlineText: own(unescape(x.DeadlineText)), Deadline: x.Deadline, Period: x.Period, StartBy: x.Start,
				}
				t.SetPos(model.Pos{File: d.Source, Line: d.BodyLine + x.Line - 1, Col: x.Col})
				t.SetUnits(canons[w](x.Lead, x.Coop, x.Resp, nil))
				ts[j] = t
			}
			built[i] = ts
			return
		}
		if f.ids == nil || f.idKey != key {
			f.ids = make([]string, len(f.tasks))
			for j, x := range f.tasks {
				f.ids[j] = tasks.ID(key, x)
			}
			f.idKey = key
		}
		if f.strs == nil {
			// The facts kept between builds are copies already (detach):
			// a string without escapes is shared, not copied again.
			f.strs = make([]taskStrings, len(f.tasks))
			for j, x := range f.tasks {
				f.strs[j] = newTaskStrings(unescape(x.Item), unescape(x.Title), unescape(x.Text), unescape(x.DeadlineText))
			}
		}
		if f.units == nil || f.unitsKey != aliases {
			f.units = make([]taskUnits, len(f.tasks))
			f.unitHits = nil
			for j, x := range f.tasks {
				u := &f.units[j]
				u.lead, u.coop, u.resp = canons[w](x.Lead, x.Coop, x.Resp, &f.unitHits)
			}
			f.unitsKey = aliases
		}
		for _, a := range f.unitHits {
			used[a].Store(true)
		}
		ts := make([]*model.Task, len(f.tasks))
		for j, x := range f.tasks {
			s := &f.strs[j]
			u := &f.units[j]
			ts[j] = &model.Task{
				ID: f.ids[j], Doc: d, Item: s.item, Title: s.title, Text: s.text,
				DeadlineText: s.deadline, Deadline: x.Deadline, Period: x.Period, StartBy: x.Start,
				TextSum: s.sum,
			}
			ts[j].SetUnits(u.lead, u.coop, u.resp)
			ts[j].SetPos(model.Pos{File: d.Source, Line: d.BodyLine + x.Line - 1, Col: x.Col})
		}
		built[i] = ts
	})
	n := len(in.Tables)
	for _, ts := range built {
		n += len(ts)
	}
	byID = newTaskIndex(n)
	r.site.Tasks = slices.Grow(r.site.Tasks, n)
	for i, ts := range built {
		if len(ts) > 0 {
			d := r.site.Documents[i]
			d.Tasks = slices.Grow(d.Tasks, len(ts))
		}
		for j := range ts {
			add(ts[j])
		}
	}
	canonAll := canons[0]
	for _, row := range in.Tables {
		n, err := docno.Parse(row.Document)
		var d *model.Document
		if err == nil {
			d = r.byKey[n.Key()]
			if d == nil && r.withheldKey[n.Key()] != nil {
				continue // the table of a withheld document is withheld with it
			}
		}
		if d == nil {
			r.diags.Errorf(row.Pos(), "document 写任务所属文件的发文字号，该文件须在本站", "任务表的 document %q 不是本站文件的发文字号", row.Document)
			continue
		}
		t := row.Task
		t.Doc = d
		// A table row is identified by its own cells (the item, the
		// requirement and the units as written in the table), not by its
		// row number, nor by the names [units] aliases give its units: a
		// new alias must not change a task's id (nor orphan its progress
		// entry), as a task of a text keeps its attribution as written.
		written := strings.Join(t.Units, "、")
		t.SetUnits(canonAll(t.Lead(), t.Coop(), t.Resp(), nil))
		if row.Seq > 0 {
			t.Item = fmt.Sprintf("附件%d", row.Seq)
		}
		t.Deadline, t.Period, t.StartBy = tasks.ParseDeadline(t.DeadlineText, d.Year)
		t.ID = tasks.ID(d.DocKey, tasks.Task{Title: t.Title, Text: t.Requirement() + "|" + written})
		add(&t)
	}
	if in.Unread == 0 { // the units of a document not read are not known
		for i, a := range units.Aliases {
			if !used[i].Load() {
				r.diags.Warnf(a.Pos, "核对写法（繁体或简体、全角或半角括号都能匹配），或删去这个别名",
					"[units] 中 %q 的别名 %q 与本站任务中的任何单位名称都不匹配", a.Canon, a.Alias)
			}
		}
	}
	statusAt := map[*model.Task]model.Pos{} // where a task's progress was given
	for _, p := range in.Progress {
		t := byID.get(p.TaskID)
		if t == nil && in.Unread > 0 {
			// The task may be one of a document that could not be read
			// (its errors are reported): once it reads, the entry is
			// checked again. Telling staff to delete the entry would be
			// wrong advice.
			continue
		}
		if t == nil {
			r.diags.Errorf(p.Pos, "任务编号见该任务所在页面或 data/tasks.json；任务文字改动后编号会变，改用新编号；所属文件已删除或改为不公开时，删去这条进展",
				"没有编号为 %q 的任务", p.TaskID)
			continue
		}
		if at, ok := statusAt[t]; ok {
			r.diags.Errorf(p.Pos, "把这两条合并为一条 [[progress]]（记录写在 log 中）", "任务 %s 的进展已在 %s 第 %d 行写过", p.TaskID, at.File, at.Line)
			continue
		}
		statusAt[t] = p.Pos
		t.Status = p.Status
		if len(p.Log)+len(p.Evidence) > 0 {
			pr := &model.TaskProgress{Log: slices.Clone(p.Log), Evidence: p.Evidence, Pos: p.Pos, EvidencePos: p.EvidencePos, AllowPII: p.AllowPII}
			slices.SortStableFunc(pr.Log, func(a, b model.ProgressNote) int { return cmp.Compare(a.Date, b.Date) })
			t.Progress = pr
		}
	}
	for _, t := range r.site.Tasks {
		if t.Status == "" {
			t.Status = "未启动"
		}
		// Past the deadline and not met: a task to start by a date, or
		// started and carried on (7月底前啟動長期推進), is late only while
		// 未启动 — an ongoing task is never 已完成, and was 逾期 for ever.
		t.Overdue = t.Deadline != 0 && t.Deadline < r.asOf && !t.DeadlineMet()
	}
}

// unescape returns s without Markdown's backslash escapes: a unit written
// 人行\*\*市中心支行 is 人行**市中心支行. Task fields come from detached
// facts (copies, not views of a body): without escapes s is returned as
// it is.
func unescape(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// personLike reports whether a credit record's subject is a natural person.
// For 其他 the name decides, erring towards a person: a name is masked
// unless it says it is an organisation, with a word such as 公司 or 委员会,
// or with a one-character ending such as 局 or 社 on a name too long for a
// person's or after a place (市、区 …): 王建社 and 李秀会 are people's
// names, 市教育局 and 红星农机合作社 are not. Only the name's head decides,
// the part before a bracket or a ·: 王建国（示例市人民政府工作人员） is a
// person, whose bracket names where the person works.
func personLike(c *model.CreditRecord) bool {
	switch c.SubjectType {
	case "公务员":
		return true
	case "其他":
		name, _ := subjectHead(c.Subject)
		if i := strings.IndexAny(name, "·•・"); i > 0 {
			name = name[:i]
		}
		if utf8.RuneCountInString(name) <= 3 {
			return true // 王大学, 张学院: a person's name, whatever its characters
		}
		for _, w := range orgWords {
			if strings.Contains(name, w) {
				return false
			}
		}
		r := []rune(name)
		if len(r) < 2 || !strings.ContainsRune(orgEnds, r[len(r)-1]) {
			return true
		}
		return len(r) < 5 && !strings.ContainsAny(string(r[:len(r)-1]), "省市县区镇乡村旗州盟")
	}
	return false
}

// subjectHead splits a subject at its first bracket: 王建国（示例市人民政府
// 工作人员） is 王建国 and （示例市人民政府工作人员）. A subject without a
// bracket, or starting with one, is all head.
func subjectHead(s string) (head, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, "（(【[")
	if i <= 0 {
		return s, ""
	}
	head = strings.TrimRight(s[:i], " \t\u3000")
	if head == "" {
		return s, ""
	}
	return head, s[len(head):]
}

// maskSubject is a person's subject as published: the name masked (张*,
// 欧阳**), what a bracket after it says kept.
func maskSubject(s string) string {
	head, rest := subjectHead(s)
	return pii.MaskName(head) + rest
}

// maskIn masks each occurrence of name in text, written in either script
// (張示例 and 张示例 are one name), where masked — the name's published
// form, as many characters long — has a *: with masked 张**, 张示例 becomes
// 张** and 張示例 becomes 張**. Otherwise text is returned as it is.
func maskIn(text, name, masked string) string {
	nr, mr := []rune(name), []rune(masked)
	if len(nr) < 2 || len(nr) != len(mr) || name == masked {
		return text
	}
	for i := range nr {
		nr[i] = hanfold.Simplify(nr[i])
	}
	tr := []rune(text)
	changed := false
	for i := 0; i+len(nr) <= len(tr); i++ {
		k := 0
		for k < len(nr) && hanfold.Simplify(tr[i+k]) == nr[k] {
			k++
		}
		if k < len(nr) {
			continue
		}
		for k := range nr {
			if mr[k] == '*' {
				tr[i+k] = '*'
			}
		}
		changed = true
		i += len(nr) - 1
	}
	if !changed {
		return text
	}
	return string(tr)
}

// orgWords mark an organisation's name wherever they stand; orgEnds do at
// its end, on a name longer than a person's.
var orgWords = []string{"公司", "政府", "委员会", "中心", "学校", "医院", "银行", "集团", "合作社", "协会", "学会", "商会", "联合会",
	"基金会", "办公室", "事务所", "有限", "股份", "研究院", "研究所", "大学", "学院", "幼儿园", "诊所", "药店", "药房", "超市",
	"酒店", "宾馆", "饭店", "书店", "商场", "商行", "商店", "经营部", "门市部", "工作室", "管理局", "管理处", "工厂", "企业", "单位", "机关",
	"支队", "大队", "中队", "街道", "社区", "村委", "居委"}

const orgEnds = "局委会院所办站队部社厅处室组厂场馆店行"

// published does what every TOML record needs: its id is unique among
// those seen (ids), a passed review date is reported, and a withheld record
// is counted by its ground and reported as not published.
func (r *resolver) published(ids map[string]bool, id, what string, pos model.Pos, d model.Disclosure, subject string) bool {
	if ids[id] {
		r.diags.Errorf(pos, "每条"+what+"的 id 必须唯一", "%s编号 %q 重复", what, id)
	}
	ids[id] = true
	r.checkReview(d, subject)
	if !d.Published() {
		r.site.WithheldCounts[d.Exemption]++
		return false
	}
	return true
}

func (r *resolver) credit(recs []*model.CreditRecord) {
	ids := map[string]bool{}
	for _, c := range recs {
		if !r.published(ids, c.ID, "失信记录", c.Pos, c.Disclosure, c.Subject) {
			continue
		}
		if c.Minor {
			r.diags.Errorf(c.Pos, "涉及未成年人的案件不得公开：删除该记录，或改为 disclosure = \"不予公开\"（exemption = \"个人隐私\"）", "失信记录 %s 涉及未成年人", c.ID)
			continue
		}
		if c.CreditCode != "" && !pii.ValidCreditCode(c.CreditCode) {
			r.diags.Errorf(c.Pos, "统一社会信用代码为 18 位，末位是校验码；请核对", "失信记录 %s 的统一社会信用代码 %q 校验不通过", c.ID, c.CreditCode)
		}
		c.URL = "/credit/" + c.ID + "/"
		c.DisplaySubject = c.Subject
		if personLike(c) && *r.cfg.Credit.MaskNames {
			c.DisplaySubject = maskSubject(c.Subject)
			// The name is masked wherever the record writes it, not only
			// as its subject: 张示例在履职中… is published 张**在履职中….
			// The subject as written is masked first, then its name alone.
			head, _ := subjectHead(c.Subject)
			for _, f := range []*string{&c.Behaviour, &c.Organ, &c.Basis} {
				*f = maskIn(*f, strings.TrimSpace(c.Subject), c.DisplaySubject)
				*f = maskIn(*f, head, pii.MaskName(head))
			}
		}
		if n, err := docno.Parse(c.Basis); err == nil {
			c.BasisDoc = r.byKey[n.Key()]
		}
		period := r.cfg.Credit.Periods[c.Severity]
		if period[1] > 0 && c.Decided != 0 {
			c.ShowUntil = c.Decided.AddMonths(period[1]).AddDays(-1)
			c.RepairFrom = c.Decided.AddMonths(period[0])
		}
		switch c.RecordStatus {
		case "公示中":
			c.Shown = true
		case "异议处理中":
			c.Shown = *r.cfg.Credit.ShowDisputed
		}
		if c.Decided > r.asOf {
			// Shown from its 认定 date, not before: a record is entered
			// ahead of time, or its date is mistyped.
			r.diags.Warnf(c.KeyPos("decided"), "认定日期晚于今天，该记录自认定日期起才公示；若日期有误请改正",
				"失信记录 %s 的认定日期 %s 尚未到来", c.ID, c.Decided.ISO())
			c.Shown = false
		}
		if c.ShowUntil == 0 || r.asOf > c.ShowUntil {
			c.Shown = false
		}
		if c.Shown {
			r.site.Credit = append(r.site.Credit, c)
		} else {
			r.site.HiddenCredit = append(r.site.HiddenCredit, c)
		}
	}
	sort.SliceStable(r.site.Credit, func(i, j int) bool {
		a, b := r.site.Credit[i], r.site.Credit[j]
		if a.Decided != b.Decided {
			return a.Decided > b.Decided
		}
		return a.ID < b.ID
	})
}

// commitments checks the commitments, computes 逾期 and keeps the published
// ones, newest first.
func (r *resolver) commitments(cs []*model.Commitment) {
	ids := map[string]bool{}
	for _, c := range cs {
		if !r.published(ids, c.ID, "承诺", c.Pos, c.Disclosure, c.Subject) {
			continue
		}
		c.URL = SubjectURL(c.Subject)
		c.Overdue = c.State == "履行中" && c.Due != 0 && c.Due < r.asOf
		r.site.Commitments = append(r.site.Commitments, c)
	}
	sort.SliceStable(r.site.Commitments, func(i, j int) bool {
		a, b := r.site.Commitments[i], r.site.Commitments[j]
		if a.Made != b.Made {
			return a.Made > b.Made
		}
		return a.ID < b.ID
	})
}

// SubjectURL is the page of a commitment subject.
func SubjectURL(subject string) string { return "/commitments/" + PathSegment(subject) + "/" }

// UnitURL is the page of a unit in the task tables.
func UnitURL(unit string) string { return "/tasks/units/" + PathSegment(unit) + "/" }

// PathSegment makes a name usable as one URL path segment: slashes and
// characters that URLs or file systems treat specially become "-".
func PathSegment(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', '?', '#', '%', ' ', '"', '<', '>', '|', ':', '*', '\'':
			return '-'
		}
		return r
	}, s)
}

// taskIndex finds tasks by id. A site has some hundred thousand tasks, and
// an id is almost always ten hex digits (tasks.ID): those are kept in an
// open-addressing table by their value, the rest (suffixed ids, ids written
// in a progress file) in a map.
type taskIndex struct {
	tab   []taskSlot
	other map[string]*model.Task
}

type taskSlot struct {
	key uint64 // the id's value + 1; 0: empty
	t   *model.Task
}

func newTaskIndex(n int) *taskIndex {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return &taskIndex{tab: make([]taskSlot, size), other: map[string]*model.Task{}}
}

// hexKey is the value + 1 of a ten-digit lowercase hex id, or 0.
func hexKey(id string) uint64 {
	if len(id) != 10 {
		return 0
	}
	var v uint64
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint64(c-'a'+10)
		default:
			return 0
		}
	}
	return v + 1
}

func (x *taskIndex) slot(k uint64) *taskSlot {
	mask := uint64(len(x.tab) - 1)
	for h := k * 0x9E3779B97F4A7C15 >> 20 & mask; ; h = (h + 1) & mask {
		if s := &x.tab[h]; s.key == k || s.key == 0 {
			return s
		}
	}
}

func (x *taskIndex) get(id string) *model.Task {
	if k := hexKey(id); k != 0 {
		return x.slot(k).t
	}
	return x.other[id]
}

// put adds t, whose id is not in the index yet.
func (x *taskIndex) put(t *model.Task) {
	k := hexKey(t.ID)
	if k == 0 {
		x.other[t.ID] = t
		return
	}
	if s := x.slot(k); s.key == 0 {
		*s = taskSlot{k, t}
	}
}
