package generator

import (
	"runtime"
	"sync"

	"gongkai/generator/cndate"
	"gongkai/generator/diag"
	"gongkai/generator/model"
	"gongkai/generator/pii"
)

// scan checks all published text and metadata for unmasked personal data
// before anything is written. A hit is an error naming the masked form to
// use; a document may allow exact strings with allow_pii.
func scan(site *model.Site, diags *diag.List) {
	var wg sync.WaitGroup
	next := make(chan *model.Document, 64)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range next {
				scanDoc(d, site.BodyOf, diags)
			}
		}()
	}
	for _, d := range site.Documents {
		next <- d
	}
	close(next)
	wg.Wait()
	scanRecords(site, diags)
}

// scanDoc checks one document's body and metadata.
func scanDoc(d *model.Document, bodyOf func(*model.Document) ([]byte, error), diags *diag.List) {
	allowed := map[string]bool{}
	for _, a := range d.AllowPII {
		allowed[a] = true
	}
	check := func(text string, pos func(offset int) model.Pos) {
		for _, h := range pii.Scan(text) {
			if allowed[h.Text] {
				continue
			}
			diags.Errorf(pos(h.Start), "公开内容不得含有未遮蔽的个人信息：改写为 "+h.Masked+"；若确非个人信息，在前言中写 allow_pii = [\""+h.Text+"\"]",
				"发现未遮蔽的%s %s", h.Kind, h.Text)
		}
	}
	b, err := bodyOf(d)
	if err != nil {
		diags.Errorf(model.Pos{File: d.Source}, "保存好文件后重新构建", "%v", err)
	}
	body := string(b)
	check(body, func(off int) model.Pos {
		line, col := cndate.Line(body, off)
		return model.Pos{File: d.Source, Line: d.BodyLine + line - 1, Col: col}
	})
	for key, val := range map[string]string{"title": d.Title, "summary": d.Summary} {
		check(val, func(int) model.Pos { return d.KeyPos[key] })
	}
}

func scanRecords(site *model.Site, diags *diag.List) {
	for _, c := range site.Credit {
		for _, text := range []string{c.Subject, c.Behaviour, c.Basis, c.Organ} {
			for _, h := range pii.Scan(text) {
				diags.Errorf(c.Pos, "公开的失信记录不得含有未遮蔽的个人信息：改写为 "+h.Masked, "失信记录 %s 中发现未遮蔽的%s %s", c.ID, h.Kind, h.Text)
			}
		}
	}
	for _, c := range site.Commitments {
		for _, h := range pii.Scan(c.Content) {
			diags.Errorf(c.Pos, "公开内容不得含有未遮蔽的个人信息：改写为 "+h.Masked, "承诺 %s 中发现未遮蔽的%s %s", c.ID, h.Kind, h.Text)
		}
	}
}
