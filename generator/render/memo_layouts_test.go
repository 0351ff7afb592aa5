package render

import "testing"

// TestMemoLayoutsPublished: the layouts early pages are checked against
// are those of the last published render, not of a render that was given
// up or failed (its pages were never shown).
func TestMemoLayoutsPublished(t *testing.T) {
	var m Memo
	l1 := map[string]uint64{"base": 1, "document": 1}
	l2 := map[string]uint64{"base": 1, "document": 2}
	if m.layouts(l1) {
		t.Error("first render: layouts reported as kept")
	}
	m.Published()
	if !m.layouts(l1) {
		t.Error("same layouts as the published render: not reported as kept")
	}
	m.Published()
	if m.layouts(l2) {
		t.Error("changed layouts reported as kept")
	}
	// That render failed: nothing published. The next one, with the same
	// new layouts, must still see them as changed.
	if m.layouts(l2) {
		t.Error("layouts of a render that was never published reported as kept")
	}
	m.Published()
	if !m.layouts(l2) {
		t.Error("layouts of the published render not reported as kept")
	}
}
