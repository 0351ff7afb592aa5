// Command searchbench builds the search index over a gencorpus corpus and
// reports build time, memory, index size, bytes downloaded per query and
// recall/precision against a substring ground truth.
//
//	cd ../shared/bench/gencorpus && go run . -n 10000 -out /tmp/corpus-10000
//	go run ./generator/search/cmd/searchbench -corpus /tmp/corpus-10000 [-out DIR]
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/generator/cpuclock"
	"gongkai/generator/hanfold"
	"gongkai/generator/search"
)

func main() {
	corpus := flag.String("corpus", "/tmp/corpus-10000", "corpus folder written by gencorpus")
	out := flag.String("out", "", "also write the index files under this folder")
	random := flag.Int("random", 300, "number of random substring queries")
	heavy := flag.Int("heavy", 0, "Builder.HeavyOcc (0: default)")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the build to this file")
	flag.Parse()
	docs, err := search.LoadCorpus(*corpus)
	if err != nil || len(docs) == 0 {
		fmt.Fprintln(os.Stderr, "无法读取语料：", err)
		os.Exit(1)
	}
	// Ground truth text, folded, per document.
	folded := make([]string, len(docs))
	for i, d := range docs {
		folded[i] = hanfold.FoldString(d.Title + "\n" + d.DocNo + "\n" + strings.Join(d.Organs, "、") + "\n" + d.Text)
	}
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	if *prof != "" {
		f, err := os.Create(*prof)
		if err == nil {
			pprof.StartCPUProfile(f)
		}
	}
	cpu0 := cpuclock.Process()
	start := time.Now()
	b := search.NewBuilder()
	b.HeavyOcc = *heavy
	for _, d := range docs {
		b.Add(d)
	}
	addDone := time.Since(start)
	files := map[string][]byte{}
	total := 0
	err = b.Write(func(p string, data []byte) error {
		files[p] = data
		total += len(data)
		return nil
	})
	elapsed := time.Since(start)
	cpu := cpuclock.Process() - cpu0
	pprof.StopCPUProfile()
	runtime.ReadMemStats(&m1)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("docs %d  build %v wall, %v CPU (add %v)  index %.1f MB in %d files  alloc %.0f MB\n",
		len(docs), elapsed.Round(time.Millisecond), cpu.Round(time.Millisecond), addDone.Round(time.Millisecond),
		float64(total)/1e6, len(files), float64(m1.TotalAlloc-m0.TotalAlloc)/1e6)
	sizeByDir := map[string]int{}
	for p, d := range files {
		dir := filepath.Dir(p)
		sizeByDir[dir] += len(d)
	}
	fmt.Println("by folder:", sizeByDir)
	if *out != "" {
		for p, d := range files {
			fp := filepath.Join(*out, p)
			os.MkdirAll(filepath.Dir(fp), 0o755)
			if err := os.WriteFile(fp, d, 0o644); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	}
	read := func(p string) ([]byte, error) {
		if d, ok := files[p]; ok {
			return d, nil
		}
		return nil, os.ErrNotExist
	}
	queries := []string{"政务诚信", "政務誠信", "一网通办", "一網通辦", "营商环境", "社会信用体系", "人民政府",
		"信用", "诚", "瀋陽市", "沈阳市人民政府办公厅", "污水处理厂", "安全生产 责任", "放管服", "守信联合激励",
		"2018年底前", "国发〔2016〕76号", "政府信息公开", "城市", "誠信建設", "加强组织领导", "失信联合惩戒制度"}
	rng := rand.New(rand.NewSource(1))
	for range *random {
		t := []rune(folded[rng.Intn(len(folded))])
		n := 2 + rng.Intn(7)
		if len(t) <= n {
			continue
		}
		at := rng.Intn(len(t) - n)
		q := string(t[at : at+n])
		if strings.ContainsAny(q, " \n，。、；：（）“”《》〔〕,.;:") {
			continue
		}
		// Half of them in Traditional characters where possible.
		if rng.Intn(2) == 0 {
			q = toTraditional(q)
		}
		queries = append(queries, q)
	}
	bad := 0
	var dl, dlShort []int
	for qi, q := range queries {
		ix, err := search.Open(read)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		t0 := time.Now()
		res, err := ix.Search(q, search.Filter{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		qt := time.Since(t0)
		for _, h := range res.Hits[:min(10, len(res.Hits))] {
			ix.Meta(h.Doc)
		}
		dl = append(dl, ix.BytesRead)
		if n := utf8.RuneCountInString(q); n >= 2 && n <= 4 {
			dlShort = append(dlShort, ix.BytesRead)
		}
		truth := groundTruth(folded, q)
		got := map[int]bool{}
		for _, h := range res.Hits {
			got[h.Doc] = true
		}
		tp := 0
		for d := range truth {
			if got[d] {
				tp++
			}
		}
		recall, precision := 1.0, 1.0
		if len(truth) > 0 {
			recall = float64(tp) / float64(len(truth))
		}
		if len(got) > 0 {
			precision = float64(tp) / float64(len(got))
		}
		if recall != 1 || precision != 1 {
			bad++
		}
		if qi < 22 || recall != 1 || precision != 1 {
			fmt.Printf("%-14s hits %5d truth %5d recall %.3f precision %.3f  downloaded %6.1f KB  %v\n",
				q, len(res.Hits), len(truth), recall, precision, float64(ix.BytesRead)/1024, qt.Round(time.Microsecond))
		}
	}
	fmt.Printf("%d queries, %d with recall or precision below 1\n", len(queries), bad)
	for _, s := range []struct {
		name string
		v    []int
	}{{"all queries", dl}, {"2-4 character queries", dlShort}} {
		if len(s.v) == 0 {
			continue
		}
		sort.Ints(s.v)
		fmt.Printf("downloaded (fresh page, index + 10 results' display data), %s (%d): median %.1f KB, p90 %.1f KB, max %.1f KB\n",
			s.name, len(s.v), float64(s.v[len(s.v)/2])/1024, float64(s.v[len(s.v)*9/10])/1024, float64(s.v[len(s.v)-1])/1024)
	}
	if bad > 0 {
		os.Exit(1)
	}
}

// groundTruth returns the documents whose folded text contains every
// phrase of q (phrases: runs of letters and digits, as the query parser reads them).
func groundTruth(folded []string, q string) map[int]bool {
	p := search.ParseQuery(q)
	out := map[int]bool{}
	for i, t := range folded {
		ok := true
		for _, ph := range p.Phrases {
			if !strings.Contains(t, string(ph)) {
				ok = false
				break
			}
		}
		if ok {
			out[i] = true
		}
	}
	return out
}

// toTraditional maps Simplified characters back to a Traditional form
// using the reverse of the folding table (first Traditional form found).
func toTraditional(s string) string {
	rev := map[rune]rune{}
	for _, p := range hanfold.Pairs() {
		if _, ok := rev[p[1]]; !ok {
			rev[p[1]] = p[0]
		}
	}
	var sb strings.Builder
	for _, r := range s {
		if t, ok := rev[r]; ok {
			r = t
		}
		sb.WriteRune(r)
	}
	return sb.String()
}
