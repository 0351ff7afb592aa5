package serve

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"

	"gongkai/generator/diag"
)

// liveHTML is what every served page gets before </body>: the reload script
// with the version the page was served from and the output file it is
// (key; "" for pages that are not one, such as the 404 page), and the
// error overlay when the last build failed. It is added by the handler, so
// `gongkai build` output never contains it.
func (s *Server) liveHTML(st *state, key string) string {
	var b strings.Builder
	if st.failed() {
		b.WriteString(overlayHTML(st))
	}
	fmt.Fprintf(&b, reloadScript, st.version, st.index, jsString(key), jsString(s.id), EventsPath)
	return b.String()
}

// jsString is s as a JavaScript string literal that is safe inside a
// script element.
func jsString(s string) string {
	b, _ := json.Marshal(s) // escapes <, > and & as \u003c…
	return string(b)
}

// reloadScript listens to the events stream and reloads the page when a
// build changed it: when the server's version differs from the one the
// page was served from and the build event does not show that the page's
// own file (f) is unchanged since that version — a build that failed or
// follows a failed one, a change of style sheets or scripts, or versions
// the page missed (the stream connected late or was broken) or a restart
// of the server (sid) all reload.
// A page the build did not change stays, and takes the new version. The
// search page also reloads when the index generation differs (the index
// is written after the pages). The scroll position survives the reload.
// The stream is left on window.gongkaiEvents for tests and debugging.
// Escape closes the error overlay.
const reloadScript = `<script id="gongkai-live">(function(){var v=%d,iv=%d,f=%s,sid=%s,k="gongkai-scroll:"+location.pathname;` +
	`try{var y=sessionStorage.getItem(k);if(y!==null){sessionStorage.removeItem(k);window.scrollTo(0,+y)}}catch(e){}` +
	`var o=document.getElementById("gongkai-errors"),bad=!!o;if(o){var c=function(){o.remove();document.removeEventListener("keydown",x)},` +
	`x=function(e){if(e.key==="Escape")c()};o.querySelector("button").addEventListener("click",c);document.addEventListener("keydown",x);o.querySelector("button").focus()}` +
	`if(!window.EventSource)return;var es=window.gongkaiEvents=new EventSource(%q);es.addEventListener("build",function(e){var d=JSON.parse(e.data);` +
	`if(d.version===v&&d.server===sid)return;if(d.server===sid&&d.ok&&!bad&&!d.all&&d.from===v&&f!==""&&(d.changed||[]).indexOf(f)<0){v=d.version;return}` +
	`es.close();try{sessionStorage.setItem(k,String(window.scrollY))}catch(e){}location.reload()});` +
	`es.addEventListener("index",function(e){if(JSON.parse(e.data).index!==iv&&/\/search\/$/.test(location.pathname)){es.close();location.reload()}})})();</script>`

// overlayStyle keeps the overlay readable at any text size: sizes in rem,
// wrapping lines, scrolling when long, high contrast.
const overlayStyle = `<style>#gongkai-errors{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(0,0,0,.55);padding:1rem;font:1rem/1.6 system-ui,"Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}` +
	`#gongkai-errors .ge-box{max-width:60rem;margin:0 auto;background:#fff;color:#1a1a1a;border:.25rem solid #b00020;border-radius:.5rem;padding:1rem 1.5rem}` +
	`#gongkai-errors h2{margin:0 0 .5rem;font-size:1.4rem;color:#b00020}#gongkai-errors ol{padding-left:1.5rem}#gongkai-errors li{margin:1rem 0}` +
	`#gongkai-errors .ge-fix{color:#0b5d1e}#gongkai-errors pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;color:#1a1a1a;padding:.5rem;font:.95rem/1.5 ui-monospace,"WenQuanYi Micro Hei Mono",monospace;border-left:.25rem solid #888}` +
	`#gongkai-errors .ge-line{font-weight:bold;background:#fff0f0}#gongkai-errors mark{background:#ffd400;color:#000;outline:2px solid #b00020}` +
	`#gongkai-errors button{font-size:1rem;padding:.4rem 1rem;min-height:2.75rem;cursor:pointer}#gongkai-errors button:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}</style>`

// maxOverlayErrors keeps the overlay (added to every page) short when a
// change breaks many documents at once; the terminal lists them all.
const maxOverlayErrors = 20

// overlayHTML lists the errors of the last failed build: position, message,
// fix, and the source lines with the offending line and column marked.
func overlayHTML(st *state) string {
	var b strings.Builder
	b.WriteString(overlayStyle)
	b.WriteString(`<div id="gongkai-errors" role="alert" aria-labelledby="gongkai-errors-title"><div class="ge-box">`)
	errs, warns := 0, 0
	for _, d := range st.diags {
		if d.Severity == diag.Error {
			errs++
		} else {
			warns++
		}
	}
	if errs == 0 {
		errs = 1 // a failure without a diagnostic (st.failure) is one error
	}
	fmt.Fprintf(&b, `<h2 id="gongkai-errors-title">网站未能重新生成：发现 %d 个错误</h2>`, errs)
	b.WriteString(`<p>下面是出错的位置和改法。改正并保存文件后，页面会自动刷新。在此之前显示的是上一次成功生成的版本。</p><ol>`)
	if st.failure != "" {
		fmt.Fprintf(&b, `<li><p>%s</p></li>`, html.EscapeString(st.failure))
	}
	shown := 0
	for _, d := range st.diags {
		if d.Severity == diag.Error && shown < maxOverlayErrors {
			b.WriteString(diagHTML(d))
			shown++
		}
	}
	b.WriteString(`</ol>`)
	if rest := errs - shown; st.failure == "" && rest > 0 {
		fmt.Fprintf(&b, `<p>还有 %d 个错误未列出，请看运行 gongkai serve 的终端窗口。</p>`, rest)
	}
	if warns > 0 {
		fmt.Fprintf(&b, `<p>另有 %d 个警告，不影响生成，列在终端窗口中。</p>`, warns)
	}
	b.WriteString(`<p><button type="button">关闭提示（Esc）</button></p></div></div>`)
	return b.String()
}

// diagHTML renders one diagnostic as a list item.
func diagHTML(d diag.Diagnostic) string {
	var b strings.Builder
	kind := "错误"
	if d.Severity == diag.Warning {
		kind = "警告"
	}
	fmt.Fprintf(&b, `<li><p><strong>%s：%s</strong>`, kind, html.EscapeString(position(d)))
	fmt.Fprintf(&b, `<br>%s</p>`, html.EscapeString(d.Msg))
	if d.Fix != "" {
		fmt.Fprintf(&b, `<p class="ge-fix">改法：%s</p>`, html.EscapeString(d.Fix))
	}
	if len(d.Context) > 0 {
		fmt.Fprintf(&b, `<pre aria-label="%s 附近的内容">`, html.EscapeString(d.Pos.File))
		for i, line := range d.Context {
			// A file that is not UTF-8 (the error says so) is quoted with
			// its undecodable bytes replaced: the page is UTF-8.
			line = strings.ToValidUTF8(line, "\uFFFD")
			n := d.CtxStart + i
			if n == d.Pos.Line {
				fmt.Fprintf(&b, `<span class="ge-line">&gt; %4d | %s</span>`+"\n", n, markColumn(line, d.Pos.Col))
			} else {
				fmt.Fprintf(&b, "  %4d | %s\n", n, html.EscapeString(line))
			}
		}
		b.WriteString(`</pre>`)
	}
	b.WriteString(`</li>`)
	return b.String()
}

// position is "文件 第 L 行第 C 列" in words, followed by the file:line:col
// form that editors understand.
func position(d diag.Diagnostic) string {
	p := d.Pos
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s 第 %d 行第 %d 列（%s:%d:%d）", p.File, p.Line, p.Col, p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s 第 %d 行（%s:%d）", p.File, p.Line, p.File, p.Line)
	}
	return p.File
}

// markColumn escapes line and wraps the character at the 1-based column
// (counted in characters, as diag counts it) in <mark>; a column past the
// end marks a space after the line.
func markColumn(line string, col int) string {
	if col <= 0 {
		return html.EscapeString(line)
	}
	r := []rune(line)
	if col > len(r) {
		return html.EscapeString(line) + `<mark title="此处">&nbsp;</mark>`
	}
	return html.EscapeString(string(r[:col-1])) + `<mark title="此处">` + html.EscapeString(string(r[col-1])) + `</mark>` + html.EscapeString(string(r[col:]))
}
