package render

import (
	"html/template"
	"strings"
	"sync"
	"testing"
)

// TestCached: {{cached NAME DATA}} runs NAME once per name and data, from
// any number of goroutines, and its HTML goes into the page unescaped;
// the template sees only DATA, and its output is not escaped again; data that cannot be a map key is an error,
// not a panic.
func TestCached(t *testing.T) {
	runs := 0
	var mu sync.Mutex
	set := template.Must(template.New("").Funcs(template.FuncMap{
		"cached": func(string, any) (template.HTML, error) { return "", nil },
		"count":  func() string { mu.Lock(); defer mu.Unlock(); runs++; return "" },
	}).Parse(`{{define "part"}}{{count}}<b title="{{.}}">{{.}} & </b>{{end}}{{define "page"}}<p>{{cached "part" .Name}}</p>{{end}}{{define "bad"}}{{cached "part" .List}}{{end}}`))
	set.Funcs(template.FuncMap{"cached": cachedFunc(set)})
	type data struct {
		Name string
		List []string
	}
	var wg sync.WaitGroup
	outs := make([]string, 16)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b strings.Builder
			name := "甲<乙>"
			if i%2 == 1 {
				name = "丙"
			}
			if err := set.ExecuteTemplate(&b, "page", data{Name: name}); err != nil {
				t.Error(err)
			}
			outs[i] = b.String()
		}()
	}
	wg.Wait()
	if want := `<p><b title="甲&lt;乙&gt;">甲&lt;乙&gt; & </b></p>`; outs[0] != want {
		t.Errorf("page = %s, want %s", outs[0], want)
	}
	if want := `<p><b title="丙">丙 & </b></p>`; outs[1] != want {
		t.Errorf("page = %s, want %s", outs[1], want)
	}
	// Two goroutines may both miss at first; never more than that per key.
	if runs < 2 || runs > 4 {
		t.Errorf("the part ran %d times for 2 distinct data, want 2 (at most 4 when two goroutines race on a key)", runs)
	}
	err := set.ExecuteTemplate(&strings.Builder{}, "bad", data{List: []string{"x"}})
	if err == nil || !strings.Contains(err.Error(), "不能是") {
		t.Errorf("non-comparable data: error %v, want one that says it must be comparable", err)
	}
}
