package search

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// LoadCorpus reads a corpus written by ../shared/bench/gencorpus (its
// content/policies/*.md) into Docs, for measurements and tests. Markdown
// emphasis and heading marks are dropped; the front matter is read with a
// few patterns, enough for the generator's output.
func LoadCorpus(dir string) ([]Doc, error) {
	files, err := filepath.Glob(filepath.Join(dir, "content", "policies", "*.md"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	docs := make([]Doc, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		docs = append(docs, parseCorpusDoc(filepath.Base(f), string(b)))
	}
	return docs, nil
}

var fmLine = regexp.MustCompile(`^(\w+)\s*=\s*"?([^"]*)"?\s*$`)

var mdMarks = strings.NewReplacer("**", "", "__", "")

func parseCorpusDoc(name, s string) Doc {
	d := Doc{URL: "/policies/" + strings.TrimSuffix(name, ".md") + "/", Kind: "policy", KindLabel: "政策文件"}
	body := s
	if strings.HasPrefix(s, "+++\n") {
		if end := strings.Index(s[4:], "\n+++\n"); end >= 0 {
			front := s[4 : 4+end]
			body = s[4+end+5:]
			for _, line := range strings.Split(front, "\n") {
				m := fmLine.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				switch m[1] {
				case "title":
					d.Title = m[2]
				case "doc_number":
					d.DocNo = m[2]
				case "organ":
					d.Organs = []string{m[2]}
				case "published":
					d.Date = m[2]
					if len(m[2]) >= 4 {
						for _, c := range m[2][:4] {
							d.Year = d.Year*10 + int(c-'0')
						}
					}
				case "topic":
					d.Topic, _, _ = strings.Cut(m[2], "/")
				case "repealed":
					d.Tag = "废止"
				case "valid_years":
					if d.Tag == "" {
						d.Tag = "失效"
					}
				}
			}
		}
	}
	if d.Tag == "" {
		d.Tag = "有效"
	}
	var sb strings.Builder
	sb.Grow(len(body))
	for line := range strings.Lines(body) {
		sb.WriteString(mdMarks.Replace(strings.TrimLeft(line, "# ")))
	}
	d.Text = sb.String()
	return d
}
