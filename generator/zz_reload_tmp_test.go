package generator_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/model"
	"gongkai/generator/publish"
)

type tsLog struct{ t0 *time.Time }

func (l tsLog) Write(p []byte) (int, error) {
	fmt.Printf("%8.1f ms %s", float64(time.Since(*l.t0).Microseconds())/1000, p)
	return len(p), nil
}

func TestZZReload(t *testing.T) {
	corpus := os.Getenv("ZZ_CORPUS")
	if corpus == "" {
		t.Skip()
	}
	var t0 time.Time
	s := generator.NewSession(generator.Options{Site: os.DirFS(corpus), Defaults: gongkai.Layouts, AsOf: model.MakeDate(2026, 11, 22), Log: tsLog{&t0}})
	t0 = time.Now()
	if _, _, err := s.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	rel := "content/policies/" + firstMD(t, filepath.Join(corpus, "content/policies"))
	full := filepath.Join(corpus, rel)
	orig, _ := os.ReadFile(full)
	defer os.WriteFile(full, orig, 0o644)
	var prof *os.File
	for i := range 12 {
		if i == 2 && os.Getenv("ZZ_PROF") != "" {
			prof, _ = os.Create(os.Getenv("ZZ_PROF"))
			pprof.StartCPUProfile(prof)
		}
		os.WriteFile(full, []byte(strings.TrimRight(string(orig), "\n")+fmt.Sprintf("\n\n第%d次修改。\n", i)), 0o644)
		t0 = time.Now()
		fmt.Println("---- edit", i)
		ctx, cancel := context.WithCancel(context.Background())
		s.BuildPagesEarly(ctx, []string{rel}, func(files map[string]publish.File) {
			fmt.Printf("%8.1f ms EARLY (%d files)\n", float64(time.Since(t0).Microseconds())/1000, len(files))
			if os.Getenv("ZZ_FULL") == "" {
				cancel()
			}
		})
		cancel()
		fmt.Printf("%8.1f ms done\n", float64(time.Since(t0).Microseconds())/1000)
	}
	if prof != nil {
		pprof.StopCPUProfile()
		prof.Close()
	}
}

func firstMD(t *testing.T, dir string) string {
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if strings.HasSuffix(e.Name(), ".md") {
			return e.Name()
		}
	}
	t.Fatal("none")
	return ""
}
