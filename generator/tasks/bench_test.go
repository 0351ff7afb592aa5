package tasks

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// benchCorpusDir is where the benchmark looks for a generated corpus
// (cd /work/shared/bench/gencorpus && go run . -n 2000 -out /tmp/corpus-2000);
// GONGKAI_BENCH_CORPUS overrides it.
func benchCorpusDir() string {
	if d := os.Getenv("GONGKAI_BENCH_CORPUS"); d != "" {
		return d
	}
	return "/tmp/corpus-2000"
}

// benchDoc is one body to extract from, with its document year.
type benchDoc struct {
	name string
	body string
	year int
}

// loadCorpus reads the policy bodies of a generated corpus (front matter
// removed) and the seed texts in testdata. It returns nil when the corpus
// folder is missing.
func loadCorpus(tb testing.TB) []benchDoc {
	files, _ := filepath.Glob(filepath.Join(benchCorpusDir(), "content", "policies", "p*.md"))
	if len(files) == 0 {
		return nil
	}
	sort.Strings(files)
	var docs []benchDoc
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		front, body := splitFrontMatter(string(b))
		docs = append(docs, benchDoc{filepath.Base(name), body, signedYear(front)})
	}
	seeds, _ := filepath.Glob("../../testdata/seeds/*.txt")
	sort.Strings(seeds)
	for _, name := range seeds {
		b, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, benchDoc{filepath.Base(name), string(b), 2017})
	}
	return docs
}

// splitFrontMatter splits a content file at the two +++ lines.
func splitFrontMatter(s string) (front, body string) {
	const fence = "+++\n"
	if !strings.HasPrefix(s, fence) {
		return "", s
	}
	end := strings.Index(s[len(fence):], "\n"+fence)
	if end < 0 {
		return "", s
	}
	return s[len(fence) : len(fence)+end], s[len(fence)+end+1+len(fence):]
}

// signedYear reads the year of "signed = 2018-05-03" in TOML front matter.
func signedYear(front string) int {
	for _, line := range strings.Split(front, "\n") {
		if v, ok := strings.CutPrefix(line, "signed = "); ok && len(v) >= 4 {
			y, _ := strconv.Atoi(v[:4])
			return y
		}
	}
	return 0
}

// BenchmarkExtractCorpus extracts the tasks of every corpus document and
// seed text; MB/s is over the bodies' UTF-8 bytes.
func BenchmarkExtractCorpus(b *testing.B) {
	docs := loadCorpus(b)
	if docs == nil {
		b.Skipf("no corpus in %s", benchCorpusDir())
	}
	size := 0
	for _, d := range docs {
		size += len(d.body)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			Extract(d.body, d.year)
		}
	}
}

var benchDeadlines = []string{"2018年底前", "2018年6月底前", "7月底前启动，年底前完成", "持續推進", "每季度",
	"二〇一八年十二月底前", "６月３０日前", "2017年第三季度末", "2018-06-30", "长期坚持"}

func BenchmarkParseDeadline(b *testing.B) {
	for b.Loop() {
		for _, s := range benchDeadlines {
			ParseDeadline(s, 2018)
		}
	}
}

var benchUnitLists = []string{"各有关部门，各区、县（市）政府", "省法院等有关部门", "市发改委和市大数据和电子政务办",
	"市放管服辦公室、市審改辦、市電子政務辦、市政務服務中心", "省財政廳、省地稅局按職責分工分別",
	"市发展改革委（信用中心）、市委组织部、市监察局、人力资源社会保障局、法院、检察院等相关部门"}

func BenchmarkSplitUnits(b *testing.B) {
	for b.Loop() {
		for _, s := range benchUnitLists {
			SplitUnits(s)
		}
	}
}
