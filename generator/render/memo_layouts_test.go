package render

import "testing"

// TestMemoLayoutsPublished: early pages are checked against the site
// fingerprint (configuration, date) and layouts of the last published
// render, not of a render that was given up, failed or stopped because a
// file changed under it (its pages were never shown).
func TestMemoLayoutsPublished(t *testing.T) {
	var m Memo
	l1 := map[string]uint64{"base": 1, "document": 1}
	l2 := map[string]uint64{"base": 1, "document": 2}
	steps := []struct {
		what      string
		site      uint64
		sums      map[string]uint64
		same      bool // what samePublished must report
		published bool // the render's pages are then published
	}{
		{"first render", 1, l1, false, true},
		{"same site and layouts", 1, l1, true, true},
		{"changed layouts, render failed", 1, l2, false, false},
		{"the same new layouts again", 1, l2, false, true},
		{"layouts of the published render", 1, l2, true, true},
		{"changed configuration, a file changed under the render", 2, l2, false, false},
		{"the same new configuration again", 2, l2, false, true},
		{"configuration of the published render", 2, l2, true, false},
	}
	for _, s := range steps {
		if got := m.samePublished(s.site, s.sums); got != s.same {
			t.Errorf("%s: samePublished = %v, want %v", s.what, got, s.same)
		}
		if s.published {
			m.Published()
		}
	}
}
