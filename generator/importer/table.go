package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Flattened tables. Copying a table out of Word or a web page often leaves
// one cell per line: the header cells first (序号 / 任务事项 / 工作要求 …),
// then every row's cells in order, a cell that held several lines spread
// over several lines, empty cells as lines of white space, and a merged
// cell (牵头单位 spanning a group of rows) written once, before the first
// row of its group. The rows are found by their 序号 cells, which count up.

// Column roles.
const (
	colSeq         = "seq"
	colItem        = "item"
	colRequirement = "requirement"
	colCarrier     = "carrier"
	colDeadline    = "deadline"
	colLead        = "lead"
	colResp        = "resp"
	colCoop        = "coop"
	colOther       = "other"
)

// columnNames maps header cells (Simplified, no spaces) to roles.
var columnNames = map[string]string{
	"序号": colSeq, "编号": colSeq,
	"任务事项": colItem, "工作任务": colItem, "主要任务": colItem, "重点任务": colItem, "具体任务": colItem,
	"任务名称": colItem, "任务": colItem, "事项": colItem, "工作事项": colItem, "工作内容": colItem,
	"项目": colItem, "项目名称": colItem, "重点工作": colItem,
	"工作要求": colRequirement, "具体要求": colRequirement, "要求": colRequirement, "工作措施": colRequirement,
	"具体措施": colRequirement, "主要措施": colRequirement, "措施": colRequirement, "主要内容": colRequirement,
	"具体内容": colRequirement, "工作目标": colRequirement, "目标": colRequirement,
	"公开载体": colCarrier, "载体": colCarrier, "公开渠道": colCarrier,
	"完成时限": colDeadline, "时限": colDeadline, "完成时间": colDeadline, "时间节点": colDeadline,
	"时间安排": colDeadline, "进度安排": colDeadline, "完成期限": colDeadline, "时限要求": colDeadline,
	"牵头单位": colLead, "牵头部门": colLead, "主办单位": colLead,
	"责任单位": colResp, "责任部门": colResp, "负责单位": colResp, "实施单位": colResp, "落实单位": colResp,
	"配合单位": colCoop, "配合部门": colCoop, "协办单位": colCoop, "参与单位": colCoop,
	"文件名称": colItem, "文件标题": colItem, "名称": colItem,
	"备注": colOther, "文号": colOther, "发文字号": colOther, "类别": colOther, "分类": colOther,
}

type table struct {
	header  []string   // column names as written
	roles   []string   // role of each column
	rows    [][]string // one string per column
	seqs    []int
	units   []string // units named by the heading above the table (X负责落实的工作任务)
	unitsAs string   // colLead or colResp
	start   int      // index of the first header line in the body
	end     int      // index after the last line of the table
	trail   []int    // indices of the lines after the last row that no column can hold (see splitTrail)
	lineNo  int      // source line of the header
}

// tcell is one cell line.
type tcell struct {
	text, fold string
	idx        int // index in the body lines
}

// findTables finds the flattened tables among body lines.
func findTables(body []*line) []*table {
	var out []*table
	for i := 0; i < len(body); i++ {
		if body[i].blank {
			continue
		}
		names, roles, next := readHeader(body, i)
		if !validHeader(roles) {
			continue
		}
		t := &table{header: names, roles: roles, start: i, lineNo: body[i].no}
		t.units, t.unitsAs = headingUnits(body, i)
		t.end = t.parse(body, next)
		if len(t.rows) == 0 {
			continue
		}
		out = append(out, t)
		i = t.end - 1
	}
	return out
}

// validHeader reports whether header cells make a table: a 序号 column and
// at least one other known column.
func validHeader(roles []string) bool {
	known := 0
	for _, r := range roles {
		if r != colSeq && r != colOther {
			known++
		}
	}
	return contains(roles, colSeq) && known > 0
}

// maxHeaderCell is the longest header cell, in characters.
const maxHeaderCell = 12

// readHeader reads the header cells from i: the run of short lines before
// the first row's 序号 cell ("1"), beginning with a known column name.
// Cells not in columnNames are kept as other columns. A cell may be split
// over two lines (牵头 / 单位) when the column was narrow. Without a "1"
// cell after it, only the known names are read.
func readHeader(body []*line, i int) (names, roles []string, next int) {
	var ends []int // index after each cell
	j := i
	known := 0 // cells up to the last known name
	for j < len(body) {
		if body[j].blank {
			j++
			continue
		}
		l := body[j]
		key := compactFold(l.fold)
		if key == "1" {
			break
		}
		if r, ok := columnNames[key]; ok {
			names, roles = append(names, strings.TrimSpace(l.text)), append(roles, r)
			j++
			ends, known = append(ends, j), len(names)
			continue
		}
		k := nextNonBlank(body, j+1)
		if k < len(body) {
			if r, ok := columnNames[key+compactFold(body[k].fold)]; ok && utf8.RuneCountInString(key) <= 3 {
				names = append(names, strings.TrimSpace(l.text)+strings.TrimSpace(body[k].text))
				roles = append(roles, r)
				j = k + 1
				ends, known = append(ends, j), len(names)
				continue
			}
		}
		if len(names) == 0 || !headerCell(l) {
			break
		}
		names, roles = append(names, strings.TrimSpace(l.text)), append(roles, colOther)
		j++
		ends = append(ends, j)
	}
	// Unknown cells are columns only when the first row follows them, and
	// not when they are the merged cell of a group column (written before
	// the first row of its group).
	if j < len(body) && compactFold(body[j].fold) == "1" && (&table{roles: roles}).groupColumn() < 0 {
		known = len(names)
	}
	if known < len(names) {
		names, roles = names[:known], roles[:known]
		j = i
		if known > 0 {
			j = ends[known-1]
		}
	}
	return names, roles, j
}

// headerCell reports whether a line can be a header cell: short, without
// sentence punctuation, not a heading or a number.
func headerCell(l *line) bool {
	f := compactFold(l.fold)
	if f == "" || utf8.RuneCountInString(f) > maxHeaderCell || sentencePunct(f) || strings.ContainsAny(f, ":：") {
		return false
	}
	if _, err := strconv.Atoi(f); err == nil {
		return false
	}
	switch l.kind {
	case kText, kTitle, kSigOrgan:
		return true
	}
	return false
}

func nextNonBlank(body []*line, j int) int {
	for j < len(body) && body[j].blank {
		j++
	}
	return j
}

func compactFold(f string) string { return strings.ReplaceAll(strings.TrimSpace(f), " ", "") }

// headingUnits reads the units from the heading above a table:
// 一、各市政府、省政府各部门负责落实的工作任务 → resp; ……牵头落实的…… → lead.
var headingUnitRe = regexp.MustCompile(`^[一二三四五六七八九十]+\s*[、.]\s*(.+?)(牵头落实|负责落实|牵头|负责)`)

func headingUnits(body []*line, i int) ([]string, string) {
	for j := i - 1; j >= 0; j-- {
		l := body[j]
		if l.blank {
			continue
		}
		if l.kind != kH1 {
			return nil, ""
		}
		m := headingUnitRe.FindStringSubmatchIndex(l.fold)
		if m == nil {
			return nil, ""
		}
		from, to := runeOffset(l.fold, m[2]), runeOffset(l.fold, m[3])
		units := splitUnits(cut(l.text, from, to))
		role := colResp
		if strings.HasPrefix(l.fold[m[4]:m[5]], "牵头") {
			role = colLead
		}
		return units, role
	}
	return nil, ""
}

// splitUnits splits a list of unit names.
func splitUnits(s string) []string {
	var out []string
	for _, u := range strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == '，' || r == ',' || r == '；' || r == ';' || r == ' ' || r == '\u3000'
	}) {
		if u = strings.TrimSpace(u); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// tableStop reports whether a line ends a table: a first-level heading, a
// new document, a new attachment.
func tableStop(l *line) bool {
	switch l.kind {
	case kH1, kMarker, kAnnex:
		return true
	}
	return false
}

// parse reads the rows from the cells after the header and returns the
// index after the table.
func (t *table) parse(body []*line, from int) int {
	var cells []tcell
	end := from
	for j := from; j < len(body); j++ {
		l := body[j]
		if l.blank && !l.cell {
			continue
		}
		if !l.blank && tableStop(l) {
			break
		}
		if !l.blank {
			if _, roles, _ := readHeader(body, j); validHeader(roles) {
				break
			}
		}
		cells = append(cells, tcell{text: strings.TrimSpace(l.text), fold: compactFold(l.fold), idx: j})
		end = j + 1
	}
	groupCol := t.groupColumn()
	// Row starts: 序号 cells counting up (restarting at 1 in a new group).
	var starts []int
	expect := 1
	for k, c := range cells {
		n, err := strconv.Atoi(c.fold)
		if err != nil {
			continue
		}
		if n == expect || (n == 1 && (groupCol >= 0 || len(starts) == 0)) {
			starts = append(starts, k)
			t.seqs = append(t.seqs, n)
			expect = n + 1
		}
	}
	if len(starts) == 0 {
		return from
	}
	group := ""
	if groupCol >= 0 {
		group = joinCells(cells[:starts[0]])
	}
	for r, s := range starts {
		stop := len(cells)
		if r+1 < len(starts) {
			stop = starts[r+1]
		}
		rowCells := cells[s+1 : stop]
		if r == len(starts)-1 {
			var rest []tcell
			if rowCells, rest = t.splitTrail(rowCells); len(rest) > 0 {
				end = rest[0].idx
				for _, c := range rest {
					if c.text != "" {
						t.trail = append(t.trail, c.idx)
					}
				}
			}
		}
		nextGroup := ""
		if groupCol >= 0 && r+1 < len(starts) {
			rowCells, nextGroup = splitGroupTail(rowCells)
		}
		t.rows = append(t.rows, t.assign(rowCells, group))
		if nextGroup != "" {
			group = nextGroup
		}
	}
	return end
}

// splitTrail separates from the cells of a table's last row the lines
// after it that are not table content. A table ends with its last complete
// row, whose last cell is the last column's: a time limit (年底前完成) or a
// unit (省财政厅). Lines after that cell that cannot be a cell of that
// column — for a time limit, a line with no date or period expression (or
// a long or labelled one: 注：……); for a unit, a line naming no organ —
// belong after the table (a note, or page debris pasted under it; see
// dropTableTrail), not in its last cell. A row with fewer cells than
// columns, or whose last fitting cell is not a whole time limit or unit,
// is left as it is.
func (t *table) splitTrail(cells []tcell) (row, rest []tcell) {
	var whole, part func(string) bool
	switch t.roles[len(t.roles)-1] {
	case colDeadline:
		whole, part = deadlineLike, func(f string) bool {
			return periodLike(f) && utf8.RuneCountInString(f) <= 30 && !strings.ContainsAny(f, ":：")
		}
	case colLead, colResp, colCoop:
		whole, part = organLike, namesOrgan
	default:
		return cells, nil
	}
	k := len(cells)
	for k > 0 && !whole(cells[k-1].fold) {
		if part(cells[k-1].fold) {
			return cells, nil
		}
		k--
	}
	if k == 0 || k == len(cells) || k < len(t.roles)-1-indexOf(t.roles, colSeq) {
		return cells, nil
	}
	for _, c := range cells[k:] {
		if c.text != "" {
			return cells[:k], cells[k:]
		}
	}
	return cells, nil
}

// periodRe matches a date or a period expression, or a part of one: any
// digit, a unit of time, and the words of time limits (年底前, 长期,
// 每季度, 适时, 完成, 推进 …).
var periodRe = regexp.MustCompile(`\d|年|月|日|季度|周|旬|前|底|内|期|长期|持续|常态|定期|适时|及时|随时|完成|推进|启动|实施|开展|办结|到位`)

// periodLike reports whether a line can be (part of) a time limit cell.
func periodLike(f string) bool { return periodRe.MatchString(f) }

// namesOrgan reports whether a line names an organ anywhere: one of its
// words (between punctuation or spaces) ends with an organ suffix.
func namesOrgan(f string) bool {
	for _, part := range strings.FieldsFunc(f, func(r rune) bool { return !isHan(r) && !unicode.IsLetter(r) }) {
		if hasOrganSuffix(part) {
			return true
		}
	}
	return false
}

// groupColumn returns the index of a unit column written before 序号 (a
// merged cell spanning rows), or -1.
func (t *table) groupColumn() int {
	for i, r := range t.roles {
		if r == colSeq {
			return -1
		}
		if r == colLead || r == colResp || r == colCoop {
			return i
		}
	}
	return -1
}

// splitGroupTail separates the merged unit cell of the next group from the
// end of a row: it follows the row's deadline cell(s).
func splitGroupTail(cells []tcell) ([]tcell, string) {
	last := -1
	for k := len(cells) - 1; k >= 0; k-- {
		if deadlineLike(cells[k].fold) {
			last = k
			break
		}
	}
	if last >= 0 && last < len(cells)-1 {
		return cells[:last+1], joinCells(cells[last+1:])
	}
	if last < 0 && len(cells) > 2 && organLike(cells[len(cells)-1].fold) {
		return cells[:len(cells)-1], cells[len(cells)-1].text
	}
	return cells, ""
}

var deadlineRe = regexp.MustCompile(`(启动|完成|推进|实施|发布|公开|开展|建成|到位|办结)$|^(长期|持续|常态|每年|每季度|每月|每周|每半年|定期|适时|及时|年底|年内|上半年|下半年|\d{4}年|\d{1,2}月)`)

// deadlineLike reports whether a cell reads as a 完成时限: 7月底前启动,
// 年底前完成, 长期推进, 每季度发布.
func deadlineLike(f string) bool {
	return f != "" && utf8.RuneCountInString(f) <= 30 && !strings.ContainsAny(f, "。;,") && deadlineRe.MatchString(f)
}

// assign distributes a row's cells over the columns after 序号: the first
// is the item, trailing time-limit cells the deadline, and the single-cell
// columns (载体, 单位) take cells from the end, leaving the rest to the
// requirement, which often spans several lines (1.…；2.…；).
func (t *table) assign(cells []tcell, group string) []string {
	row := make([]string, len(t.roles))
	seqAt := indexOf(t.roles, colSeq)
	for i, r := range t.roles {
		if i < seqAt && (r == colLead || r == colResp || r == colCoop) {
			row[i] = group
		}
	}
	post := []int{}
	for i := seqAt + 1; i < len(t.roles); i++ {
		post = append(post, i)
	}
	if len(post) == 0 || len(cells) == 0 {
		return row
	}
	// Deadline as the last column: trailing time-limit cells.
	if t.roles[post[len(post)-1]] == colDeadline {
		k := len(cells)
		for k > 1 && deadlineLike(cells[k-1].fold) {
			k--
		}
		if k == len(cells) && len(cells) >= len(post) {
			k = len(cells) - 1
		}
		row[post[len(post)-1]] = joinCells(cells[k:])
		cells = cells[:k]
		post = post[:len(post)-1]
	}
	if len(post) == 0 || len(cells) == 0 {
		return row
	}
	row[post[0]] = cells[0].text
	cells, post = cells[1:], post[1:]
	multi := -1
	for k, c := range post {
		if t.roles[c] == colRequirement {
			multi = k
			break
		}
	}
	if multi < 0 && len(cells) <= len(post) {
		// No multi-line column and no more cells than columns: one cell
		// each, from the left (trailing cells such as 备注 left empty).
		for k, c := range cells {
			row[post[k]] = c.text
		}
		return row
	}
	if multi < 0 && len(post) > 0 {
		multi = 0
	}
	// Single columns after the multi-line one take cells from the end.
	for k := len(post) - 1; k > multi && len(cells) > 0; k-- {
		if len(cells) == 1 && t.roles[post[multi]] == colRequirement {
			break
		}
		row[post[k]] = cells[len(cells)-1].text
		cells = cells[:len(cells)-1]
	}
	// Single columns before it take cells from the front.
	for k := 0; k < multi && len(cells) > 0; k++ {
		row[post[k]] = cells[0].text
		cells = cells[1:]
	}
	if multi >= 0 {
		row[post[multi]] = joinCells(cells)
	}
	return row
}

// joinCells joins the lines of one cell. A line that starts a numbered
// sub-item (1.……； 2.……。) stays on a line of its own, as in the original
// cell; other lines are joined directly after punctuation, and with a space
// otherwise so that words do not run together.
func joinCells(cells []tcell) string {
	var b strings.Builder
	for i, c := range cells {
		if c.text == "" {
			continue
		}
		if i > 0 && b.Len() > 0 {
			r := lastRune(b.String())
			switch lv, _ := marker(c.fold); {
			case lv >= 2 && strings.ContainsRune(closers, r):
				b.WriteByte('\n')
			case !(isCJKPunct(r) || isASCIIPunct(r) || isHan(r) && isHan(firstRune(c.text))):
				b.WriteByte(' ')
			}
		}
		b.WriteString(c.text)
	}
	return b.String()
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func contains(xs []string, x string) bool { return indexOf(xs, x) >= 0 }

// isTaskTable reports whether the table assigns tasks: it has an item
// column and units for every row.
func (t *table) isTaskTable() bool {
	if indexOf(t.roles, colItem) < 0 {
		return false
	}
	for _, row := range t.rows {
		if len(t.rowUnits(row, colLead))+len(t.rowUnits(row, colResp)) == 0 {
			return false
		}
	}
	return true
}

// rowUnits returns the units of a role for a row, from its column or from
// the heading above the table.
func (t *table) rowUnits(row []string, role string) []string {
	var out []string
	for i, r := range t.roles {
		if r == role {
			out = append(out, splitUnits(row[i])...)
		}
	}
	if len(out) == 0 && t.unitsAs == role {
		out = append(out, t.units...)
	}
	return out
}

// cellOf returns the first cell of a role.
func (t *table) cellOf(row []string, role string) string {
	if i := indexOf(t.roles, role); i >= 0 {
		return row[i]
	}
	return ""
}

// markdown renders the table as a GFM table; merged unit cells are
// repeated on every row.
func (t *table) markdown() string {
	var b strings.Builder
	b.WriteString("|")
	for _, h := range t.header {
		b.WriteString(" " + escapeCell(h) + " |")
	}
	b.WriteString("\n|")
	for range t.header {
		b.WriteString(" --- |")
	}
	for r, row := range t.rows {
		b.WriteString("\n|")
		for i, c := range row {
			if t.roles[i] == colSeq {
				c = strconv.Itoa(t.seqs[r])
			}
			b.WriteString(" " + escapeCell(c) + " |")
		}
	}
	return b.String()
}
