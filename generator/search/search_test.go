package search

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"
	"unsafe"

	"gongkai/generator/hanfold"
)

// buildIndex builds docs (in the given order) and opens the result.
func buildIndex(t testing.TB, docs []Doc, heavyOcc int) (*Index, fstest.MapFS) {
	t.Helper()
	b := NewBuilder()
	b.HeavyOcc = heavyOcc
	for _, d := range docs {
		b.Add(d)
	}
	fsys := fstest.MapFS{}
	if err := b.Write(func(p string, data []byte) error {
		if _, dup := fsys[p]; dup && p != "search/index.json" {
			// Same name must mean same bytes (content-hashed names).
			if string(fsys[p].Data) != string(data) {
				t.Fatalf("two different files named %s", p)
			}
		}
		fsys[p] = &fstest.MapFile{Data: data}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ix, err := OpenFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return ix, fsys
}

func urls(t testing.TB, ix *Index, hits []Hit) []string {
	var out []string
	for _, h := range hits {
		m, err := ix.Meta(h.Doc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m.URL)
	}
	return out
}

var smallDocs = []Doc{
	{URL: "/policies/a/", Title: "沈阳市人民政府关于印发沈阳市加强政务诚信建设工作方案的通知", DocNo: "沈政发〔2017〕45号",
		Organs: []string{"沈阳市人民政府"}, Kind: "policy", KindLabel: "政策文件", Tag: "有效", Topic: "社会信用", Date: "2017-08-25", Year: 2017,
		Text: "各区、县（市）人民政府：现将《沈阳市加强政务诚信建设工作方案》印发给你们。依据辽政发〔2017〕19号，推进“一网通办”。"},
	{URL: "/policies/b/", Title: "遼寧省人民政府關於加強政務誠信建設的實施意見", DocNo: "遼政發〔2017〕19號",
		Organs: []string{"遼寧省人民政府"}, Kind: "policy", KindLabel: "政策文件", Tag: "有效", Topic: "社会信用", Date: "2017-06-01", Year: 2017,
		Text: "為貫徹落實《國務院關於加強政務誠信建設的指導意見》（國發〔2016〕76號），現提出如下意見。瀋陽市要帶頭。"},
	{URL: "/policies/c/", Title: "成都市人民政府关于加强城镇污水处理厂建设的意见", DocNo: "成府发〔2012〕44号",
		Organs: []string{"成都市人民政府"}, Kind: "policy", KindLabel: "政策文件", Tag: "失效", Topic: "生态环境", Date: "2012-11-20", Year: 2012,
		Text: "本意见自印发之日起施行，有效期5年。政务诚信不在标题中。网通办事大厅。"},
	{URL: "/news/d/", Title: "市政务服务中心推进一网通办", Organs: []string{"沈阳市政务服务中心"}, Kind: "news", KindLabel: "政务动态",
		Topic: "", Date: "2018-03-02", Year: 2018, Text: "一网通办改革持续深化，ＡＢＣ办事指南上线。"},
	{URL: "/news/e/", Title: "动态", Organs: []string{"沈阳市政务服务中心"}, Kind: "news", KindLabel: "政务动态",
		Date: "2019-03-02", Year: 2019, Text: "一网 通办 分开写不算短语。"},
}

func TestSearchSimplifiedTraditional(t *testing.T) {
	ix, _ := buildIndex(t, smallDocs, 0)
	cases := []struct {
		q    string
		want []string
	}{
		// Title matches first (a and b have 政务诚信 in the title; both
		// twice in all, b is shorter so BM25 puts it first), then body (c).
		{"政務誠信", []string{"/policies/b/", "/policies/a/", "/policies/c/"}},
		{"政务诚信", []string{"/policies/b/", "/policies/a/", "/policies/c/"}},
		// Phrase: "一网 通办" written apart (e) and 网通办 (c) do not match.
		{"一网通办", []string{"/news/d/", "/policies/a/"}},
		{"一網通辦", []string{"/news/d/", "/policies/a/"}},
		// Space-separated terms are ANDed: d has both in its title; e and a
		// in the body, e being shorter.
		{"一网 通办", []string{"/news/d/", "/news/e/", "/policies/a/"}},
		{"沈阳 有效期", nil},
		// 瀋 folds to 沈: a (title), then by BM25 the two news items (organ
		// 沈阳市政务服务中心, short texts) and b (瀋陽 in its long body).
		{"瀋", []string{"/policies/a/", "/news/e/", "/news/d/", "/policies/b/"}},
		{"abc", []string{"/news/d/"}},
		{"ＡＢＣ", []string{"/news/d/"}},
		{"不存在的词语", nil},
		{"，。", nil},
	}
	for _, c := range cases {
		res, err := ix.Search(c.q, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		got := urls(t, ix, res.Hits)
		if !slices.Equal(got, c.want) {
			t.Errorf("Search(%q) = %v, want %v", c.q, got, c.want)
		}
	}
}

func TestSearchDocNoFirst(t *testing.T) {
	ix, _ := buildIndex(t, smallDocs, 0)
	for _, q := range []string{"沈政发〔2017〕45号", "沈政发[2017]45号", "沈政发2017 45号", "瀋政發〔2017〕45號", "沈政发（2017）第45号"} {
		res, err := ix.Search(q, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		got := urls(t, ix, res.Hits)
		if len(got) == 0 || got[0] != "/policies/a/" {
			t.Errorf("Search(%q) = %v, want /policies/a/ first", q, got)
		}
	}
	// The cited number finds the cited document first, then the citing one.
	res, _ := ix.Search("辽政发〔2017〕19号", Filter{})
	if got := urls(t, ix, res.Hits); !slices.Equal(got, []string{"/policies/b/", "/policies/a/"}) {
		t.Errorf("Search(辽政发〔2017〕19号) = %v", got)
	}
}

func TestSearchRankingDateTies(t *testing.T) {
	// Same text, same length: ties are broken by date, newest first.
	var docs []Doc
	for i, d := range []string{"2015-01-01", "2019-05-05", "2017-03-03"} {
		docs = append(docs, Doc{URL: "/n/" + string(rune('a'+i)) + "/", Title: "通知", Date: d, Kind: "news", Text: "一网通办"})
	}
	ix, _ := buildIndex(t, docs, 0)
	res, _ := ix.Search("一网通办", Filter{})
	if got := urls(t, ix, res.Hits); !slices.Equal(got, []string{"/n/b/", "/n/c/", "/n/a/"}) {
		t.Errorf("tie order = %v, want newest first", got)
	}
	// BM25: more occurrences in a document of the same length rank higher.
	docs = []Doc{
		{URL: "/x/1/", Title: "甲", Date: "2020-01-01", Text: "信用信用信用其他内容其他内容"},
		{URL: "/x/2/", Title: "乙", Date: "2021-01-01", Text: "信用其他内容其他内容其他内容"},
	}
	ix, _ = buildIndex(t, docs, 0)
	res, _ = ix.Search("信用", Filter{})
	if got := urls(t, ix, res.Hits); !slices.Equal(got, []string{"/x/1/", "/x/2/"}) {
		t.Errorf("BM25 order = %v, want /x/1/ first", got)
	}
}

func TestSearchFilters(t *testing.T) {
	ix, _ := buildIndex(t, smallDocs, 0)
	res, _ := ix.Search("政务", Filter{Tag: "有效"})
	if got := urls(t, ix, res.Hits); !slices.Equal(got, []string{"/policies/b/", "/policies/a/"}) {
		t.Errorf("tag filter: %v", got)
	}
	// The tag facet ignores its own filter: 失效 stays visible with its count.
	want := []FacetCount{{"有效", 2}, {"失效", 1}}
	if !slices.Equal(res.Facets["tag"], want) {
		t.Errorf("tag facet = %v, want %v", res.Facets["tag"], want)
	}
	res, _ = ix.Search("政务", Filter{Kind: "news", Year: 2018})
	if got := urls(t, ix, res.Hits); !slices.Equal(got, []string{"/news/d/"}) {
		t.Errorf("kind+year filter: %v", got)
	}
	res, _ = ix.Search("政务", Filter{Organ: "遼寧省人民政府", Topic: "社会信用"})
	if got := urls(t, ix, res.Hits); !slices.Equal(got, []string{"/policies/b/"}) {
		t.Errorf("organ+topic filter: %v", got)
	}
}

// TestWritePieces: packs handed over as their records (Builder.WritePieces)
// are, joined, the files Write makes without it.
func TestWritePieces(t *testing.T) {
	// Small sizes, so that the sample texts make several packs.
	defer func(i, p, s int) { inlineMax, packTarget, summaryMin = i, p, s }(inlineMax, packTarget, summaryMin)
	inlineMax, packTarget, summaryMin = 48, 4<<10, 120
	docs := seedDocs(t)
	_, want := buildIndex(t, docs, 1)
	b := NewBuilder()
	b.HeavyOcc = 1
	for _, d := range docs {
		b.Add(d)
	}
	got := map[string][]byte{}
	packs := 0
	b.WritePieces = func(p string, pieces [][]byte) error {
		packs++
		got[p] = slices.Concat(pieces...)
		return nil
	}
	if err := b.Write(func(p string, data []byte) error { got[p] = data; return nil }); err != nil {
		t.Fatal(err)
	}
	if packs < 2 {
		t.Fatalf("%d packs handed over as pieces; the test needs several", packs)
	}
	if len(got) != len(want) {
		t.Errorf("%d files, want %d", len(got), len(want))
	}
	for p, f := range want {
		if string(got[p]) != string(f.Data) {
			t.Errorf("%s differs from Write's", p)
		}
	}
}

func TestBuildDeterministic(t *testing.T) {
	_, a := buildIndex(t, smallDocs, 0)
	rev := slices.Clone(smallDocs)
	slices.Reverse(rev)
	_, b := buildIndex(t, rev, 0)
	if len(a) != len(b) {
		t.Fatalf("%d files vs %d files", len(a), len(b))
	}
	for p, f := range a {
		if g, ok := b[p]; !ok || string(g.Data) != string(f.Data) {
			t.Errorf("file %s differs between Add orders", p)
		}
	}
}

// seedDocs cuts the sample texts into paragraph-sized documents: the
// seeds beside the repository when they are there, else the sample
// site's Markdown (a clean clone in CI has only that).
func seedDocs(t testing.TB) []Doc {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "seeds", "*.txt"))
	if len(files) == 0 {
		for _, dir := range []string{"policies", "interpretations", "news"} {
			md, _ := filepath.Glob(filepath.Join("..", "..", "content", dir, "*.md"))
			files = append(files, md...)
		}
	}
	if len(files) == 0 {
		t.Skip("no sample texts (../shared/seeds or content/)")
	}
	var docs []Doc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var chunk strings.Builder
		for line := range strings.Lines(string(b)) {
			chunk.WriteString(line)
			if chunk.Len() > 1500 {
				docs = append(docs, Doc{URL: "/d/" + filepath.Base(f) + "/" + string(rune('A'+len(docs)%26)) + strings.Repeat("x", len(docs)/26) + "/",
					Title: "文档", Date: "2020-01-01", Kind: "policy", Text: chunk.String()})
				chunk.Reset()
			}
		}
	}
	return docs
}

// TestRecallPrecisionSeeds checks every answer against a substring scan of
// the folded texts, for random phrases (Simplified and Traditional) of 1 to
// 8 characters, with the default layout and with every bigram and trigram
// heavy (so the trigram and 4-gram paths are exercised on all queries).
func TestRecallPrecisionSeeds(t *testing.T) {
	docs := seedDocs(t)
	folded := make([]string, len(docs))
	for i, d := range docs {
		folded[i] = hanfold.FoldString(d.Title + "\n\n\n" + d.Text)
	}
	rng := rand.New(rand.NewSource(7))
	var queries []string
	for len(queries) < 400 {
		r := []rune(docs[rng.Intn(len(docs))].Text)
		n := 1 + rng.Intn(8)
		if len(r) <= n {
			continue
		}
		at := rng.Intn(len(r) - n)
		q := string(r[at : at+n])
		if len(ParseQuery(q).Phrases) != 1 {
			continue
		}
		queries = append(queries, q)
	}
	queries = append(queries, "政務誠信", "政务诚信", "一网通办", "信用 政府", "辦公廳", "瀋陽")
	for _, heavy := range []int{0, 1} {
		ix, _ := buildIndex(t, docs, heavy)
		for _, q := range queries {
			res, err := ix.Search(q, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[int]bool{}
			for _, h := range res.Hits {
				got[h.Doc] = true
			}
			want := map[int]bool{}
			ids := sortedIDs(docs)
			for i, f := range folded {
				ok := true
				for _, p := range ParseQuery(q).Phrases {
					ok = ok && strings.Contains(f, string(p))
				}
				if ok {
					want[ids[i]] = true
				}
			}
			if len(got) != len(want) {
				t.Errorf("heavy=%d: %q: %d hits, substring truth %d", heavy, q, len(got), len(want))
				continue
			}
			for d := range want {
				if !got[d] {
					t.Errorf("heavy=%d: %q: document %d missing", heavy, q, d)
					break
				}
			}
		}
	}
}

// sortedIDs maps the position of each doc in docs to its id (URL order).
func sortedIDs(docs []Doc) []int {
	idx := make([]int, len(docs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(docs[a].URL, docs[b].URL) })
	ids := make([]int, len(docs))
	for id, i := range idx {
		ids[i] = id
	}
	return ids
}

func TestParseQuery(t *testing.T) {
	cases := []struct {
		q       string
		phrases []string
		docNo   string
	}{
		{"政務誠信 一网通办", []string{"政务诚信", "一网通办"}, ""},
		{"“一网通办”，改革", []string{"一网通办", "改革"}, ""},
		{"ＧＢ／Ｔ　９７０４", []string{"gb", "t", "9704"}, ""},
		{"沈政发〔2017〕45号", []string{"沈政发", "2017", "45号"}, "沈政发〔2017〕45号"},
		{"瀋政發〔2017〕45號", []string{"沈政发", "2017", "45号"}, "沈政发〔2017〕45号"},
		{"沈政发2017 45号", []string{"沈政发2017", "45号"}, "沈政发〔2017〕45号"},
		{"沈政发[2017]45号", []string{"沈政发", "2017", "45号"}, "沈政发〔2017〕45号"},
		{"国办发〔2016〕第8号", []string{"国办发", "2016", "第8号"}, "国办发〔2016〕8号"},
		{"测环发﹝2022﹞017号", []string{"测环发", "2022", "017号"}, "测环发〔2022〕17号"},
		{"四川省人民政府令195号", []string{"四川省人民政府令195号"}, "四川省人民政府令第195号"},
		{"沈政发2017-45号", []string{"沈政发2017", "45号"}, "沈政发〔2017〕45号"},
		{"2017", []string{"2017"}, ""},
		{"", nil, ""},
	}
	for _, c := range cases {
		q := ParseQuery(c.q)
		var got []string
		for _, p := range q.Phrases {
			got = append(got, string(p))
		}
		if !slices.Equal(got, c.phrases) || q.DocNo != c.docNo {
			t.Errorf("ParseQuery(%q) = %q, %q; want %q, %q", c.q, got, q.DocNo, c.phrases, c.docNo)
		}
	}
}

func TestAppendCodes(t *testing.T) {
	b := NewBuilder()
	got := b.appendCodes(nil, "政務，誠信 ＡＢ1")
	want := []uint16{'政', '务', sep, '诚', '信', sep, 'a', 'b', '1'}
	if !slices.Equal(got, want) {
		t.Errorf("codes = %x, want %x", got, want)
	}
	// An astral character gets a private-use code and keeps its identity.
	got = b.appendCodes(nil, "𠀀𠀀")
	if len(got) != 2 || got[0] != got[1] || got[0] < 0xE000 || got[0] > 0xF8FF {
		t.Errorf("astral codes = %x", got)
	}
}

func TestRecordRoundTrip(t *testing.T) {
	// Positional: docs 3 and 10 with positions.
	var in []byte
	var st recStats
	add := func(gap uint32, pos []uint32) {
		in = appendUvarint(in, gap)
		last := uint32(1<<32 - 1)
		for _, p := range pos {
			in = appendUvarint(in, p-last)
			last = p
		}
		in = append(in, 0)
		st.add(gap, uint32(len(pos)))
		st.npos += uint64(len(pos))
		st.sumPos += uint64(last) + 1 - uint64(len(pos))
	}
	add(3, []uint32{0, 7, 4000})
	add(6, []uint32{12})
	var w bitWriter
	got := decodeRecord(encodeRecord(recPos, onePiece(in), st, &w))
	if len(got) != 2 || got[0].doc != 3 || got[1].doc != 10 ||
		!slices.Equal(got[0].pos, []int32{0, 7, 4000}) || !slices.Equal(got[1].pos, []int32{12}) {
		t.Errorf("decoded %+v", got)
	}
	sum, sst := summarise(nil, onePiece(in), []int32{0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 20})
	d := decodeRecord(encodeRecord(recDocs, onePiece(sum), sst, &w))
	if len(d) != 2 || d[0].tf != 3 || !d[0].field || d[1].tf != 1 || !d[1].field {
		t.Errorf("summary %+v", d)
	}

	// Codes of more than 32 bits: many small gaps and a few huge ones
	// keep the orders low. The record is that of writing each value with
	// bitWriter.eg, and decodes to the postings.
	in, st = nil, recStats{}
	var want []posting
	doc := int32(-1)
	for i := range 200 {
		gap, pos := uint32(0), []uint32{uint32(i % 3)}
		switch i {
		case 50:
			gap = 1 << 29
		case 51:
			pos = []uint32{1, 1 << 29, 1<<30 + 5}
		}
		add(gap, pos)
		doc += int32(gap) + 1
		p := posting{doc: doc, tf: int32(len(pos))}
		for _, x := range pos {
			p.pos = append(p.pos, int32(x))
		}
		want = append(want, p)
	}
	rec := encodeRecord(recPos, onePiece(in), st, &w)
	got = decodeRecord(rec)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("long codes: decoded %d postings, want %d (first difference: %v)", len(got), len(want), firstDiff(got, want))
	}
	kd, kt, kp := order(st.sumGap, st.df), order(st.sumTf, st.df), order(st.sumPos, st.npos)
	ref := bitWriter{}
	ref.buf = append(appendUvarint([]byte{recPos}, uint32(st.df)), byte(kd), byte(kt), byte(kp))
	prev := int32(-1)
	for _, p := range want {
		ref.eg(uint32(p.doc-prev-1), kd)
		prev = p.doc
		ref.eg(uint32(p.tf-1), kt)
		at := int32(-1)
		for _, x := range p.pos {
			ref.eg(uint32(x-at-1), kp)
			at = x
		}
	}
	if r := ref.flush(); !bytes.Equal(rec, r) {
		t.Errorf("long codes: record differs from writing each value with bitWriter.eg")
	}
}

// firstDiff describes the first posting where got and want differ.
func firstDiff(got, want []posting) string {
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			return fmt.Sprintf("#%d: %+v, want %+v", i, got[i], want[i])
		}
	}
	return "none before the end"
}

// FuzzParseQuery: any input parses without panic into phrases of
// indexable, folded characters, and a 发文字号 key normalises to itself.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"政務誠信", "沈政发2017 45号", "〔〕", "\xff\xfe", "ＡＢＣ　１２３", "第号"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		for _, p := range q.Phrases {
			if len(p) == 0 {
				t.Fatal("empty phrase")
			}
			for _, r := range p {
				if !isIndexable(r) || hanfold.Fold(r) != r {
					t.Fatalf("phrase rune %q is not folded and indexable", r)
				}
			}
		}
		if q.DocNo != "" {
			if NormDocNo(q.DocNo) != q.DocNo || !utf8.ValidString(q.DocNo) {
				t.Fatalf("NormDocNo not stable on %q", q.DocNo)
			}
		}
	})
}

func TestEmptyIndex(t *testing.T) {
	ix, fsys := buildIndex(t, nil, 0)
	res, err := ix.Search("政务诚信", Filter{Tag: "有效"})
	if err != nil || len(res.Hits) != 0 {
		t.Errorf("empty index: %v, %v", res, err)
	}
	if _, ok := fsys["search/index.json"]; !ok {
		t.Error("no manifest written")
	}
}

// TestIndexStreaming checks that indexing documents while they are
// produced (Index: several workers, contiguous ranges split on demand,
// postings joined as pieces) writes exactly the files that Add and Write
// write for the same documents, whatever the number of workers and
// however the work is scheduled.
func TestIndexStreaming(t *testing.T) {
	docs := seedDocs(t)
	slices.SortFunc(docs, func(x, y Doc) int { return strings.Compare(x.URL, y.URL) })
	for _, heavy := range []int{0, 1} {
		_, want := buildIndex(t, docs, heavy)
		for _, procs := range []int{1, 2, 3, 7} {
			old := runtime.GOMAXPROCS(procs)
			b := NewBuilder()
			b.HeavyOcc = heavy
			var calls atomic.Int64
			err := b.Index(len(docs), func(id int, text *[]byte) (Doc, error) {
				calls.Add(1)
				if id%5 == 0 {
					time.Sleep(time.Duration(id%7) * 100 * time.Microsecond) // uneven work: ranges get split
				}
				// The text as a view of the goroutine's buffer, as the
				// render phase gives it: were it read after the buffer is
				// reused, the files would differ.
				d := docs[id]
				*text = append((*text)[:0], d.Text...)
				d.Text = unsafe.String(unsafe.SliceData(*text), len(*text))
				return d, nil
			})
			runtime.GOMAXPROCS(old)
			if err != nil {
				t.Fatal(err)
			}
			if calls.Load() != int64(len(docs)) {
				t.Errorf("procs %d: %d calls for %d documents", procs, calls.Load(), len(docs))
			}
			got := map[string][]byte{}
			if err := b.Write(func(p string, data []byte) error { got[p] = data; return nil }); err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("heavy %d, procs %d: %d files, want %d", heavy, procs, len(got), len(want))
			}
			for p, f := range want {
				if string(got[p]) != string(f.Data) {
					t.Errorf("heavy %d, procs %d: %s differs from Add+Write", heavy, procs, p)
				}
			}
		}
	}
}

// TestIndexSpill: with Spill, the postings go through a temporary file
// (in parts sealed as their arenas fill, here after every batch of a few
// documents) and the index written is the same; the file is gone after
// Write, and after a failed build.
func TestIndexSpill(t *testing.T) {
	docs := seedDocs(t)
	slices.SortFunc(docs, func(x, y Doc) int { return strings.Compare(x.URL, y.URL) })
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	// Small records still go to packs (read back from the temporary
	// files), with summaries, and equal records are shared.
	defer func(i, p, s int) { inlineMax, packTarget, summaryMin = i, p, s }(inlineMax, packTarget, summaryMin)
	inlineMax, packTarget, summaryMin = 48, 4<<10, 120
	index := func(b *Builder, fail int) error {
		return b.Index(len(docs), func(id int, _ *[]byte) (Doc, error) {
			if id == fail {
				return Doc{}, errors.New("failed")
			}
			return docs[id], nil
		})
	}
	for _, heavy := range []int{0, 1} {
		_, want := buildIndex(t, docs, heavy)
		for _, tiny := range []bool{false, true} {
			oldBudget, oldBatch := spillBudget, batchLimit
			if tiny {
				spillBudget, batchLimit = 1, 300
			}
			for _, procs := range []int{1, 2, 3} {
				old := runtime.GOMAXPROCS(procs)
				b := NewBuilder()
				b.HeavyOcc, b.Spill = heavy, true
				err := index(b, -1)
				runtime.GOMAXPROCS(old)
				if err != nil {
					t.Fatal(err)
				}
				parts := len(b.arenas.file.parts)
				if tiny && parts < 2*procs {
					t.Errorf("tiny budget, procs %d: %d parts spilled; want one per batch", procs, parts)
				}
				got := map[string][]byte{}
				if procs == 2 { // packs streamed, as a build to disk does
					b.WritePieces = func(p string, pieces [][]byte) error { got[p] = bytes.Join(pieces, nil); return nil }
				}
				if err := b.Write(func(p string, data []byte) error { got[p] = data; return nil }); err != nil {
					t.Fatal(err)
				}
				packs := 0
				for p := range got {
					if strings.HasPrefix(p, "search/p/") {
						packs++
					}
				}
				if packs < 2 {
					t.Errorf("%d packs: the test needs more", packs)
				}
				if len(got) != len(want) {
					t.Errorf("heavy %d, tiny %v, procs %d: %d files, want %d", heavy, tiny, procs, len(got), len(want))
				}
				for p, f := range want {
					if string(got[p]) != string(f.Data) {
						t.Errorf("heavy %d, tiny %v, procs %d: %s differs from the index built in memory", heavy, tiny, procs, p)
					}
				}
			}
			spillBudget, batchLimit = oldBudget, oldBatch
		}
	}
	// The files are closed however the build ends: after Write (above),
	// after a failed document, after corrupt data read back.
	fds := openFiles()
	b := NewBuilder()
	b.Spill = true
	if err := index(b, len(docs)/2); err == nil {
		t.Error("a failed document: no error")
	}
	b = NewBuilder()
	b.Spill = true
	if err := index(b, -1); err != nil {
		t.Fatal(err)
	}
	for _, o := range b.arenas.file.outs {
		if o.size > 100 {
			o.f.WriteAt([]byte{0xff, 0xff, 0xff}, o.size/2)
		}
	}
	err := b.Write(func(string, []byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "读回临时文件失败") {
		t.Errorf("corrupt spill data: error %v", err)
	}
	if got := openFiles(); got != fds {
		t.Errorf("%d files open after the builds, %d before", got, fds)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}

	// No temporary file can be made: the postings stay in memory.
	_, want := buildIndex(t, docs, 0)
	t.Setenv("TMPDIR", filepath.Join(tmp, "missing"))
	b = NewBuilder()
	b.Spill = true
	if err := index(b, -1); err != nil {
		t.Fatal(err)
	}
	if b.arenas.file != nil || len(b.parts) == 0 {
		t.Errorf("without a temporary directory: file %v, %d parts in memory", b.arenas.file, len(b.parts))
	}
	got := map[string][]byte{}
	if err := b.Write(func(p string, data []byte) error { got[p] = data; return nil }); err != nil {
		t.Fatal(err)
	}
	for p, f := range want {
		if string(got[p]) != string(f.Data) {
			t.Errorf("without a temporary directory: %s differs", p)
		}
	}
}

// openFiles counts the process's open files (Linux; -1 elsewhere).
func openFiles() int {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(fds)
}

// TestIndexError: a failing document does not stop the others (every
// problem is reported, whatever the scheduling), and the error returned is
// the first in message order.
func TestIndexError(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		b := NewBuilder()
		var calls atomic.Int64
		err := b.Index(100, func(id int, _ *[]byte) (Doc, error) {
			calls.Add(1)
			if id == 37 || id == 8 || id == 99 {
				return Doc{}, fmt.Errorf("document %d failed", id)
			}
			return smallDocs[0], nil
		})
		runtime.GOMAXPROCS(old)
		if err == nil || err.Error() != "document 37 failed" {
			t.Errorf("procs %d: err = %v, want the first in message order (document 37 failed)", procs, err)
		}
		if calls.Load() != 100 {
			t.Errorf("procs %d: %d documents produced, want all 100", procs, calls.Load())
		}
	}
}

// TestPiecesAndBlocks writes postings through posTerm's arena blocks (a
// document's entry then runs from one block into the next) and split
// into parts (re-based first gaps), and checks that the stats, the record
// and the summary equal those of the same posting written in one piece.
func TestPiecesAndBlocks(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	type occ struct{ doc, pos uint32 }
	var occs []occ
	for doc := uint32(0); doc < 400; doc += 1 + uint32(rng.Intn(4)) {
		p := uint32(0)
		for range 1 + rng.Intn(6) {
			p += 1 + uint32(rng.Intn(3000))
			occs = append(occs, occ{doc, p})
		}
	}
	fieldEnd := make([]int32, 400)
	for i := range fieldEnd {
		fieldEnd[i] = int32(rng.Intn(2000))
	}
	// One piece, on the heap.
	var whole []byte
	cur, last := int32(-1), uint32(1<<32-1)
	for _, o := range occs {
		if int32(o.doc) != cur {
			if cur >= 0 {
				whole = append(whole, 0)
			}
			whole = appendUvarint(whole, uint32(int32(o.doc)-cur-1))
			cur, last = int32(o.doc), 1<<32-1
		}
		whole = appendUvarint(whole, o.pos-last)
		last = o.pos
	}
	whole = append(whole, 0)
	var w bitWriter
	wantStats := postingStats(recPos, onePiece(whole))
	want := string(encodeRecord(recPos, onePiece(whole), wantStats, &w))
	wantSum, _ := summarise(nil, onePiece(whole), fieldEnd)
	// Parts cut at a few documents, each written through arena blocks.
	for _, cuts := range [][]uint32{nil, {100}, {1, 200, 201, 399}} {
		var ar arena
		defer ar.release()
		var ps []piece
		var cnt counts
		lastDoc := int32(-1)
		i, nblocks := 0, 0
		for k := 0; k <= len(cuts); k++ {
			end := uint32(400)
			if k < len(cuts) {
				end = cuts[k]
			}
			tm := posTerm{cur: -1, lastPos: 1<<32 - 1}
			for ; i < len(occs) && occs[i].doc < end; i++ {
				tm.addPos(int32(occs[i].doc), occs[i].pos, &ar)
			}
			if tm.cur < 0 {
				continue
			}
			tm.close(&ar)
			cnt.merge(tm.counts)
			p := tm.piece(&ar, uint32(lastDoc+1))
			ps = append(ps, p)
			bl := p.blocks()
			for _, ok := bl.next(); ok; _, ok = bl.next() {
				nblocks++
			}
			lastDoc = tm.cur
		}
		if nblocks < 5 {
			t.Fatalf("cuts %v: %d blocks; the test needs entries that span blocks", cuts, nblocks)
		}
		if st := postingStats(recPos, ps); st != wantStats {
			t.Errorf("cuts %v: stats %+v, want %+v", cuts, st, wantStats)
		}
		if st := cnt.stats(recPos, lastDoc); st != wantStats {
			t.Errorf("cuts %v: stats from counts %+v, want %+v", cuts, st, wantStats)
		}
		if got := string(encodeRecord(recPos, ps, cnt.stats(recPos, lastDoc), &w)); got != want {
			t.Errorf("cuts %v: record differs from the one-piece record", cuts)
		}
		if sum, _ := summarise(nil, ps, fieldEnd); !slices.Equal(sum, wantSum) {
			t.Errorf("cuts %v: summary differs", cuts)
		}
	}
}

// TestCountsMatchPostings: the counts kept while indexing give, for every
// term of every kind, the statistics read back from the finished posting
// (which choose the code orders, so the index bytes depend on them).
func TestCountsMatchPostings(t *testing.T) {
	docs := seedDocs(t)
	slices.SortFunc(docs, func(x, y Doc) int { return strings.Compare(x.URL, y.URL) })
	for _, heavy := range []int{0, 1} {
		old := runtime.GOMAXPROCS(3) // several parts, joined
		b := NewBuilder()
		b.HeavyOcc = heavy
		err := b.Index(len(docs), func(id int, _ *[]byte) (Doc, error) { return docs[id], nil })
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		terms := joinParts(b.parts)
		kinds := map[byte]int{}
		for _, tm := range terms {
			kinds[tm.typ]++
			if got, want := tm.counts.stats(tm.typ, tm.last), postingStats(tm.typ, tm.pieces); got != want {
				t.Fatalf("heavy %d, term %q (type %d): stats from counts %+v, from the posting %+v", heavy, string(utf16Runes(tm.runes())), tm.typ, got, want)
			}
		}
		if kinds[recPos] == 0 || kinds[recDocs] == 0 {
			t.Errorf("heavy %d: terms by type %v; the test needs both types", heavy, kinds)
		}
		b.arenas.release()
	}
}

func utf16Runes(codes []uint16) []rune {
	r := make([]rune, len(codes))
	for i, c := range codes {
		r[i] = rune(c)
	}
	return r
}

// TestAddBatchMatchesAdd: indexing documents in batches (the occurrences
// sorted by term, see inversion) gives each posting the bytes that adding
// the documents one by one gives, whatever the batch sizes.
func TestAddBatchMatchesAdd(t *testing.T) {
	docs := seedDocs(t)
	slices.SortFunc(docs, func(x, y Doc) int { return strings.Compare(x.URL, y.URL) })
	for _, heavy := range []int{0, 1, 3} {
		b := NewBuilder()
		b.HeavyOcc = heavy
		entries := make([]*entry, len(docs))
		for i, d := range docs {
			entries[i] = b.newEntry(d, nil)
			entries[i].id = int32(i)
		}
		b.heavy, _ = chooseHeavy(entries, heavyLimit(heavy))
		dump := func(sizes []int) (string, int) {
			ar := &arenas{}
			defer ar.release()
			p := newPart(0, b.heavy, ar.add())
			inv := &inversion{}
			for i, k := 0, 0; i < len(entries); k++ {
				n := min(sizes[k%len(sizes)], len(entries)-i)
				p.addBatch(entries[i:i+n], inv)
				i += n
			}
			p.finish()
			var sb strings.Builder
			grams := 0
			p.each(func(kind int, k uint64, typ byte, pc piece, end int32, c counts) {
				fmt.Fprintf(&sb, "%d %x %d %x %d %+v\n", kind, k, typ, pc.bytes(), end, c)
				grams++
			})
			return sb.String(), grams
		}
		want, grams := dump([]int{1})
		if grams < 100 {
			t.Fatalf("heavy %d: %d grams; the test needs more text", heavy, grams)
		}
		for _, sizes := range [][]int{{2}, {3, 1, 5}, {len(entries)}} {
			if got, _ := dump(sizes); got != want {
				t.Errorf("heavy %d, batches of %v: postings differ from adding one document at a time", heavy, sizes)
			}
		}
	}
}

// TestDocOf: the block table finds the document at every offset of a
// batch, with long documents, runs of short and empty ones, and a batch
// ending on a block boundary.
func TestDocOf(t *testing.T) {
	for _, lens := range [][]int{
		{3000, 5000, 1},
		{0, 0, 2048, 0, 1024},
		{1, 2, 3, 0, 0, 1, 7, 2000, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5000},
		{1024},
	} {
		var es []*entry
		total := 0
		for _, n := range lens {
			es = append(es, &entry{codes: make([]uint16, n)})
			total += n
		}
		var inv inversion
		inv.start(es, total)
		li := 0
		for off := uint32(0); off < uint32(total); off++ {
			for inv.starts[li+1] <= off {
				li++
			}
			if got := inv.docOf(off); got != li {
				t.Errorf("lengths %v: docOf(%d) = %d, want %d", lens, off, got, li)
			}
		}
	}
}

func TestDocAt(t *testing.T) {
	starts := []uint32{0, 3, 3, 10, 11, 40, 41, 42, 100}
	linear := func(off uint32) int {
		li := 0
		for li+1 < len(starts)-1 && starts[li+1] <= off {
			li++
		}
		return li
	}
	for from := 0; from < len(starts)-1; from++ {
		for off := starts[from]; off < starts[len(starts)-1]; off++ {
			if want := linear(off); starts[want] < starts[want+1] { // empty documents hold no offset
				if got := docAt(starts, from, off); got != want {
					t.Errorf("docAt(from %d, off %d) = %d, want %d", from, off, got, want)
				}
			}
		}
	}
}

// TestNewEntrySlab: codes that fit go into the slab, which grows by them;
// codes that do not fit, or outgrow the room, get an array of their own
// and leave the slab as it was; the codes are the same either way.
func TestNewEntrySlab(t *testing.T) {
	b := NewBuilder()
	for _, c := range []struct {
		name string
		room int
		text string
		in   bool
	}{
		{"fits", 100, "政务诚信建设", true},
		{"no room", 4, "政务诚信建设", false},
		{"outgrows the estimate", 12, "abcdefghijklmnopqrstuvwxyz", false},
		{"astral characters", 9, "𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊𠀋𠀌𠀍𠀎𠀏", false},
		{"empty", 10, "", true},
	} {
		d := Doc{Title: "标题", Text: c.text}
		want := b.newEntry(d, nil).codes
		slab := make([]uint16, 3, 3+c.room)
		e := b.newEntry(d, &slab)
		if !slices.Equal(e.codes, want) {
			t.Errorf("%s: codes %v, want %v", c.name, e.codes, want)
		}
		in := len(e.codes) > 0 && unsafe.SliceData(e.codes) == &slab[:4][3]
		if in != c.in {
			t.Errorf("%s: codes in the slab = %v, want %v", c.name, in, c.in)
		}
		if wantLen := 3 + map[bool]int{true: len(e.codes)}[in]; len(slab) != wantLen {
			t.Errorf("%s: slab length %d, want %d", c.name, len(slab), wantLen)
		}
		if cap(e.codes) != len(e.codes) {
			t.Errorf("%s: codes not clipped (cap %d, len %d)", c.name, cap(e.codes), len(e.codes))
		}
	}
}

// TestParseQueryLong: a long query is cut after maxQuery characters, never
// inside one, as the page's script cuts it; a number after 330 wide
// spaces is still read.
func TestParseQueryLong(t *testing.T) {
	q := ParseQuery(strings.Repeat("\u3000", 330) + "沈政发〔2017〕45号")
	if q.DocNo == "" || q.DocNo != ParseQuery("沈政发〔2017〕45号").DocNo {
		t.Errorf("after 330 wide spaces: DocNo %q", q.DocNo)
	}
	long := ParseQuery(strings.Repeat("政", maxQuery+5))
	if len(long.Phrases) != 1 || len(long.Phrases[0]) != maxQuery {
		t.Errorf("a query of %d characters read as %d phrases of %v characters", maxQuery+5, len(long.Phrases), len(long.Phrases[0]))
	}
	for _, p := range ParseQuery(strings.Repeat("ab", 499) + "政务").Phrases {
		if !utf8.ValidString(string(p)) || slices.Contains(p, utf8.RuneError) {
			t.Errorf("a character cut in half: %q", string(p))
		}
	}
}
