// Package tasks extracts 任务分工 (the division of tasks) from the text of
// policy documents: every measure that a document assigns to units, with its
// item number, lead sentence, lead / cooperating / responsible units and
// deadline.
//
// Chinese policy documents (implementation plans, 实施方案 / 工作方案) number
// their measures with the levels of GB/T 9704-2012 §7.3.3 — 一、 / （一） /
// 1. / （1） — and close each measure with an attribution in brackets:
//
//	〔牵头单位：市发展改革委；配合单位：各有关部门，各区、县（市）政府〕
//	（牵头单位：省发展改革委；配合单位：各市政府）
//	〔责任单位：各区、县（市）政府〕
//	（市放管服办公室、市审改办会同各有关部门，2018年底前）
//	（各市政府、省政府各部门负责落实）
//	（省审计厅牵头落实）
//	（市政府办公室、各有关部门，持续推进）     units and a deadline
//	（市人社局、市委组织部等）                 organ names alone, at the end of a line
//
// The last two forms carry no role word; they are read as 责任单位, and a
// bracket of names alone counts only when it ends its line and every name
// ends in an organ's generic name (局, 厅, 委, 办, 单位 …), so that ordinary
// brackets — (以下简称…), (试行), (社区), (国发〔2016〕76号) — are never tasks.
//
// Extract finds these in Simplified or Traditional text, with full- or
// half-width punctuation, in Markdown (## 一、…, **（一）…。**) or in plain
// lines, whether each measure has a line of its own or a whole document sits
// on one line. Everything here is a pure function of its input.
package tasks

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode/utf8"

	"gongkai/generator/model"
)

// Task is one measure and the units assigned to it.
type Task struct {
	Item         string   // item number path, e.g. 二（一）3; "" before any numbered item
	Title        string   // the item's lead sentence, or the first sentence of the measure's text
	Text         string   // the attribution as written, brackets included
	Lead         []string // 牵头单位 (also X牵头落实, X in X会同Y)
	Coop         []string // 配合单位 (also Y in X会同Y)
	Resp         []string // 责任单位 (also X负责落实, units with only a deadline)
	DeadlineText string   // as written: 2018年底前, 持续推进, 7月底前启动
	Deadline     model.Date
	Period       model.Period
	Start        bool // Deadline is when the task is to start (7月底前启动), not to be done
	Line, Col    int  // 1-based position of the attribution's opening bracket (column in runes)
}

// Extract returns the tasks of a policy body (Markdown or plain text), in
// the order of their attributions. docYear is the year of the document
// (成文日期), used for deadlines written without a year (年底前, 7月底前).
//
// The measure an attribution closes is the text from the previous
// attribution or the start of its paragraph up to the bracket; an
// attribution alone on its line applies to the paragraph before it. When the
// attribution has no deadline, the measure's own text is searched for one
// (2018年6月底前，建立…).
func Extract(body string, docYear int) []Task {
	e := extractor{docYear: docYear}
	e.run(body)
	return e.out
}

// ID returns a stable identifier for a task: the first 10 hex digits of a
// SHA-256 over the document key, the attribution and the title, each folded
// (width, brackets, whitespace removed). It does not depend on the task's
// position or item number, so editing other parts of the document, or
// renumbering its items, keeps the id; editing the task's own attribution
// or lead sentence makes it a different task. Two tasks of one document
// with the same attribution and title get the same id; the caller must
// disambiguate them (for example by appending -2).
func ID(docKey string, t Task) string {
	// One buffer, hashed at once: the digest of the parts written in turn.
	var stack [512]byte
	b := append(stack[:0], docKey...)
	b = append(b, 0)
	b = appendIDText(b, t.Text)
	b = append(b, 0)
	b = appendIDText(b, t.Title)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:5])
}

// appendIDText appends s folded, without whitespace, to b.
func appendIDText(b []byte, s string) []byte {
	for _, r := range s {
		if f := foldRune(r); !isSpace(f) {
			b = utf8.AppendRune(b, f)
		}
	}
	return b
}
