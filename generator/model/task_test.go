package model

import (
	"slices"
	"testing"
)

func TestTaskUnits(t *testing.T) {
	all := []string{"甲", "乙", "丙", "丁"}
	cases := []struct {
		name             string
		lead, coop, resp []string
		shared           bool // the task uses lead's array
	}{
		{"one array", all[:1], all[1:3], all[3:], true},
		{"one array, no lead", all[:0], all[0:2], all[2:4], true},
		{"one array, only resp", all[:0], all[0:0], all[0:4], true},
		{"separate arrays", []string{"甲"}, []string{"乙"}, []string{"丙"}, false},
		{"gap in the array", all[:1], all[2:3], nil, false},
		{"nil lists", nil, nil, []string{"丙"}, false},
		{"none", nil, nil, nil, false},
	}
	for _, c := range cases {
		var tk Task
		tk.SetUnits(c.lead, c.coop, c.resp)
		if !slices.Equal(tk.Lead(), c.lead) || !slices.Equal(tk.Coop(), c.coop) || !slices.Equal(tk.Resp(), c.resp) {
			t.Errorf("%s: got %q %q %q, want %q %q %q", c.name, tk.Lead(), tk.Coop(), tk.Resp(), c.lead, c.coop, c.resp)
		}
		if want := slices.Concat(c.lead, c.coop, c.resp); !slices.Equal(tk.Units, want) {
			t.Errorf("%s: Units %q, want %q", c.name, tk.Units, want)
		}
		if shared := len(tk.Units) > 0 && &tk.Units[0] == &all[0]; shared != c.shared {
			t.Errorf("%s: shares the array: %v, want %v", c.name, shared, c.shared)
		}
		// Appending to one list must not write over the next.
		if len(tk.Lead()) > 0 || len(tk.Coop()) > 0 {
			before := slices.Clone(tk.Units)
			_ = append(tk.Lead(), "X")
			_ = append(tk.Coop(), "X")
			if !slices.Equal(tk.Units, before) {
				t.Errorf("%s: appending to a list changed the units: %q", c.name, tk.Units)
			}
		}
	}
	// A task table cell might list any number of units: beyond what the
	// counts hold, every unit is kept, as responsible.
	many := make([]string, 70000)
	var tk Task
	tk.SetUnits(many[:10], many[10:], nil)
	if len(tk.Units) != len(many) || len(tk.Lead()) != 0 || len(tk.Resp()) != len(many) {
		t.Errorf("70000 units: %d kept, %d lead, %d resp", len(tk.Units), len(tk.Lead()), len(tk.Resp()))
	}
}

func TestTaskPos(t *testing.T) {
	d := &Document{Source: "content/policies/a.md"}
	tk := Task{Doc: d}
	tk.SetPos(Pos{File: d.Source, Line: 12, Col: 3})
	if got := tk.Pos(); got != (Pos{File: "content/policies/a.md", Line: 12, Col: 3}) {
		t.Errorf("document task: %+v", got)
	}
	row := Task{Doc: d, Table: &TaskRow{}}
	row.SetPos(Pos{File: "content/tasks/t.toml", Line: 4, Col: 1})
	if got := row.Pos(); got != (Pos{File: "content/tasks/t.toml", Line: 4, Col: 1}) {
		t.Errorf("table row: %+v", got)
	}
	if p := (&Task{}).Pos(); p != (Pos{}) {
		t.Errorf("no document: %+v", p)
	}
}

func TestPeriodString(t *testing.T) {
	for p, want := range map[Period]string{PeriodNone: "", PeriodOngoing: "ongoing", PeriodRecurring: "recurring"} {
		if p.String() != want {
			t.Errorf("%d: %q, want %q", p, p.String(), want)
		}
	}
}
