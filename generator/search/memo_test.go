package search

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

var testSeed = maphash.MakeSeed()

// lazyDocs gives each document its Sum and serves its text through Lazy,
// as serve does.
func lazyDocs(docs []Doc) []Doc {
	out := slices.Clone(docs)
	for i := range out {
		text := out[i].Text
		out[i].Text = ""
		out[i].Sum = maphash.String(testSeed, text) | 1
		out[i].Lazy = func() (string, error) { return text, nil }
	}
	return out
}

// buildFiles builds docs with m (nil: none); with a memo the packs come
// as pieces, as in serve.
func buildFiles(t *testing.T, m *Memo, docs []Doc) map[string]string {
	t.Helper()
	files := map[string]string{}
	if m != nil {
		m.WritePieces = func(p string, pieces [][]byte) error {
			files[p] = string(bytes.Join(pieces, nil))
			return nil
		}
	}
	if err := Build(m, lazyDocs(docs), func(p string, data []byte) error {
		files[p] = string(data)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return files
}

// wholeFiles is a whole build of docs without a memo (packs joined).
func wholeFiles(t *testing.T, heavyOcc int, docs []Doc) map[string]string {
	t.Helper()
	b := NewBuilder()
	b.HeavyOcc = heavyOcc
	if err := b.Index(len(docs), func(id int, _ *[]byte) (Doc, error) { return docs[id], nil }); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	if err := b.Write(func(p string, data []byte) error { files[p] = string(data); return nil }); err != nil {
		t.Fatal(err)
	}
	return files
}

// sameFiles compares a patched index with a whole build of the same documents.
func sameFiles(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if maps.Equal(got, want) {
		return
	}
	var diff []string
	for p := range want {
		if got[p] != want[p] {
			diff = append(diff, p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diff = append(diff, "+"+p)
		}
	}
	slices.Sort(diff)
	t.Fatalf("%s: the patched index differs from a whole build (%d files vs %d): %v", what, len(got), len(want), diff[:min(len(diff), 8)])
}

// TestMemoPatch edits documents one step after another and checks at each
// step that Build with the memo wrote exactly the files of a whole build,
// and that it patched when it could: texts changed, Traditional and astral
// characters added, a title moved (the field end of the summaries), a text
// emptied, a document of the heavy-gram sample edited, several at once, a
// document added.
func TestMemoPatch(t *testing.T) {
	base := seedDocs(t)
	slices.SortFunc(base, func(x, y Doc) int { return strings.Compare(x.URL, y.URL) })
	if len(base) < 40 {
		t.Fatalf("only %d seed documents", len(base))
	}
	// The seed texts are too few for packs (records over 512 bytes) and
	// summaries (positional records over 20 KB): the test lowers both.
	defer func(i, p, s int) { inlineMax, packTarget, summaryMin = i, p, s }(inlineMax, packTarget, summaryMin)
	inlineMax, packTarget, summaryMin = 48, 4<<10, 120
	for _, heavyOcc := range []int{0, 200} {
		m := &Memo{HeavyOcc: heavyOcc}
		docs := slices.Clone(base)
		first := buildFiles(t, m, docs)
		if !slices.ContainsFunc(slices.Collect(maps.Keys(first)), func(p string) bool { return strings.HasPrefix(p, "search/p/") }) {
			t.Fatal("no pack: the large-record path is not exercised")
		}
		if !slices.ContainsFunc(m.recs, func(e encoded) bool { return e.sumLen > 0 }) {
			t.Fatal("no summary: the summary path is not exercised")
		}
		if m.Patched != -1 {
			t.Fatalf("first build: Patched = %d, want -1", m.Patched)
		}
		step := func(what string, wantPatched int, edit func()) {
			t.Helper()
			edit()
			got := buildFiles(t, m, docs)
			want := wholeFiles(t, heavyOcc, docs)
			sameFiles(t, what, got, want)
			if wantPatched >= -1 && m.Patched != wantPatched {
				t.Errorf("heavy %d, %s: Patched = %d, want %d", heavyOcc, what, m.Patched, wantPatched)
			}
		}
		step("nothing changed", 0, func() {})
		step("a sentence added", 1, func() { docs[3].Text += "\n新增一句：推进政务公开标准化规范化。" })
		step("Traditional and astral characters", 1, func() { docs[5].Text = "政務誠信建設𠀀𠀁，" + docs[5].Text + "一網通辦" })
		step("a title changed", 1, func() { docs[9].Title = "关于加强政务诚信建设的实施意见（修订）" })
		step("a 发文字号 added", 1, func() { docs[11].DocNo = "沈政发〔2017〕45号" })
		step("a text emptied", 1, func() { docs[13].Text = "" })
		// A document of the sample (every heavyStride-th) edited: the
		// heavy grams stay with the default threshold, and change (the
		// index is made whole) with a low one.
		sampleEdit := 1
		if heavyOcc > 0 {
			sampleEdit = -1
		}
		step("a sample document edited", sampleEdit, func() { docs[16].Text = strings.Repeat("政府信息公开", 50) + docs[16].Text })
		step("a sample document edited a little", 1, func() { docs[24].Text += "补充一句。" })
		step("two documents", 2, func() {
			docs[3].Text = docs[21].Text
			docs[30].Text = strings.ReplaceAll(docs[30].Text, "的", "之")
		})
		step("metadata only", 0, func() { docs[7].Tag, docs[7].Date, docs[7].Year = "废止", "2021-02-03", 2021 })
		step("a document added", -1, func() {
			docs = append(docs, Doc{URL: "/zz/new/", Title: "新文件", Kind: "policy", Text: "新增文件的正文。"})
		})
		rng := rand.New(rand.NewSource(int64(heavyOcc) + 7))
		for i := range 12 {
			step("random edits", -2, func() {
				for range 1 + rng.Intn(3) {
					d := &docs[rng.Intn(len(docs))]
					r := []rune(d.Text)
					at := rng.Intn(len(r) + 1)
					cut := min(len(r)-at, rng.Intn(80))
					ins := []rune(docs[rng.Intn(len(docs))].Text)
					from := rng.Intn(len(ins) + 1)
					ins = ins[from:min(len(ins), from+rng.Intn(60))]
					d.Text = string(slices.Concat(r[:at], ins, r[at+cut:]))
				}
			})
			if m.Patched == -1 && i > 0 && heavyOcc == 0 {
				t.Logf("random step %d made the index whole", i)
			}
		}
		// The sample's counts, patched step by step, are a fresh count's.
		fresh := NewBuilder()
		fresh.HeavyOcc = heavyOcc
		if err := fresh.Index(len(docs), func(id int, _ *[]byte) (Doc, error) { return docs[id], nil }); err != nil {
			t.Fatal(err)
		}
		for _, c := range [][2]*countTable{{fresh.counts.bi, m.counts.bi}, {fresh.counts.tri, m.counts.tri}} {
			if !sameCounts(c[0], c[1]) || !sameCounts(c[1], c[0]) {
				t.Errorf("heavy %d: the patched sample counts differ from a fresh count", heavyOcc)
			}
		}
		// Most records are patched on their coded bits (splice), the
		// others decoded whole; both ways were checked above.
		if m.spliced.Load() == 0 {
			t.Errorf("heavy %d: no record was spliced", heavyOcc)
		}
	}
}

// TestCopyBits copies every bit range of a buffer onto every writer
// alignment.
func TestCopyBits(t *testing.T) {
	src := []byte{0xA5, 0x3C, 0xFF, 0x00, 0x81, 0x7E, 0x12, 0x34, 0x56, 0x78, 0x9A}
	bit := func(b []byte, i uint) byte { return b[i>>3] >> (7 - i&7) & 1 }
	for lead := uint(0); lead < 9; lead++ {
		for from := uint(0); from < uint(len(src))*8; from += 3 {
			for to := from; to <= uint(len(src))*8; to += 5 {
				var w bitWriter
				w.write(0x1FF, lead)
				w.copyBits(src, from, to)
				out := w.flush()
				if got, want := uint(len(out))*8-uint(w.pad), lead+to-from; got != want {
					t.Fatalf("lead %d, [%d,%d): %d bits, want %d", lead, from, to, got, want)
				}
				for i := from; i < to; i++ {
					if bit(out, lead+i-from) != bit(src, i) {
						t.Fatalf("lead %d, [%d,%d): bit %d differs", lead, from, to, i)
					}
				}
			}
		}
	}
}

// TestMemoFallbacks: a text that cannot be read fails the build and
// leaves the memo usable; an old text that can no longer be read, texts
// given without Lazy (the memo keeps no text) and a changed HeavyOcc make
// the index whole, never a wrong one.
func TestMemoFallbacks(t *testing.T) {
	docs := seedDocs(t)[:40]
	slices.SortFunc(docs, func(x, y Doc) int { return strings.Compare(x.URL, y.URL) })
	m := &Memo{}
	buildFiles(t, m, docs)
	bad := lazyDocs(docs)
	bad[3].Sum++
	bad[3].Lazy = func() (string, error) { return "", errors.New("读不到") }
	if err := Build(m, bad, func(string, []byte) error { return nil }); err == nil {
		t.Fatal("Build read a text it could not read")
	}
	docs[4].Text += "补充"
	got := buildFiles(t, m, docs)
	if m.Patched != 1 {
		t.Errorf("after the failure: Patched = %d, want 1", m.Patched)
	}
	sameFiles(t, "after a failure", got, buildFiles(t, nil, docs))

	// The memo's old text of document 5 becomes unreadable, then 5 is edited.
	m.ents[5].Lazy = func() (string, error) { return "", errors.New("旧文本读不到") }
	docs[5].Text = "数字政府建设"
	got = buildFiles(t, m, docs)
	if m.Patched != -1 {
		t.Errorf("old text unreadable: Patched = %d, want -1", m.Patched)
	}
	sameFiles(t, "old text unreadable", got, buildFiles(t, nil, docs))

	// Texts given as Text, without Lazy.
	plain := func() map[string]string {
		files := map[string]string{}
		m.WritePieces = nil
		if err := Build(m, docs, func(p string, data []byte) error { files[p] = string(data); return nil }); err != nil {
			t.Fatal(err)
		}
		return files
	}
	plain()
	docs[6].Text = "营商环境优化"
	got = plain()
	if m.Patched != -1 {
		t.Errorf("texts without Lazy: Patched = %d, want -1", m.Patched)
	}
	sameFiles(t, "texts without Lazy", got, buildFiles(t, nil, docs))

	// The heavy-gram threshold changed between builds.
	buildFiles(t, m, docs)
	m.HeavyOcc = 200
	docs[7].Text += "再补充"
	got = buildFiles(t, m, docs)
	if m.Patched != -1 {
		t.Errorf("HeavyOcc changed: Patched = %d, want -1", m.Patched)
	}
	sameFiles(t, "HeavyOcc changed", got, buildFiles(t, &Memo{HeavyOcc: 200}, docs))
}

// sameCounts reports whether every gram counted in a has the same count in b.
func sameCounts(a, b *countTable) bool {
	for _, e := range a.tab.ents {
		if e.key != 0 && a.n[e.slot] != b.count(e.key) {
			return false
		}
	}
	return true
}

// TestMemoSharedRecords: grams that always occur together have equal
// records, stored once in a pack; patching one of them, then restoring it,
// emptying the last document of a posting (whose predecessor splice cannot
// know) and emptying many documents at once all give a whole build's files.
func TestMemoSharedRecords(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	docs := make([]Doc, 1500)
	for i := range docs {
		docs[i] = Doc{URL: fmt.Sprintf("/d/%04d/", i), Title: "文", Text: strings.Repeat("甲乙，", 1+rng.Intn(9)) + "丙"}
	}
	m := &Memo{}
	buildFiles(t, m, docs)
	step := func(what string, edit func()) {
		t.Helper()
		edit()
		sameFiles(t, what, buildFiles(t, m, docs), buildFiles(t, nil, docs))
	}
	step("nothing changed", func() {})
	step("甲 once more", func() { docs[9].Text += "甲" })
	step("as before", func() { docs[9].Text = strings.TrimSuffix(docs[9].Text, "甲") })
	step("a title", func() { docs[17].Title = "甲乙" })
	step("the last emptied", func() { docs[1499].Text = "" })
	step("the last back", func() { docs[1499].Text = "甲乙" })
	step("twenty emptied", func() {
		for i := range 20 {
			docs[i*7+1].Text = ""
		}
	})
}
