// Package generator builds a 政府信息公开 (government information disclosure)
// website from a folder of Markdown and TOML files. This comment is the
// specification of the input: the files, their keys and the URLs they get.
//
// # The site folder
//
//	config.toml              site settings (see Config keys below)
//	indexno.lock             every published 索引号, written by gongkai build; commit it
//	content/policies/        政策文件: NAME.md, or NAME/index.md with attachments beside it
//	content/interpretations/ 政策解读: NAME.md
//	content/news/            政务动态: NAME.md
//	content/credit/          政务失信记录: *.toml, each with [[record]] tables
//	content/commitments/     公开承诺: *.toml, each with [[commitment]] tables
//	content/tasks/           任务分工 tables: *.toml; progress in content/tasks/progress/*.toml
//	content/reports/         政府信息公开工作年度报告: YEAR.toml
//	layouts/                 templates overriding the built-in ones (optional)
//	static/                  files copied as they are (optional)
//
// Files and folders whose names start with "." or "_" are ignored.
// All text files must be UTF-8 (a BOM is tolerated).
//
// # Front matter
//
// A Markdown file starts with TOML front matter between two lines of "+++".
// Keys are snake_case English; pages show the Chinese labels. An unknown key
// is an error that names the nearest known key. Dates are TOML local dates
// (2017-08-25) or strings in the same form.
//
// Policy documents (content/policies/):
//
//	title        标题       string, required
//	doc_number   发文字号   string; written in any usual form (沈政发[2017]45号,
//	                        瀋政發〔2017〕45號) and shown normalised to 〔〕; unique
//	organ        发文机关   string, or array of strings for joint documents; required
//	signed       成文日期   date, required
//	published    发布日期   date, required
//	topic        主题分类   "一级/二级" (the second level may be omitted); required
//	keywords     主题词     array of strings
//	category     文件类别   规章 / 行政规范性文件 / 其他文件 (default 其他文件)
//	index_no     索引号     string; generated from index_pattern when absent; unique;
//	                        once published it is recorded in indexno.lock and kept
//	index_no_previous       the locked 索引号, to acknowledge changing index_no
//	summary      内容概述   string; default: the first 300 characters of the body
//	effective    生效日期   date; default: signed
//	expires      失效日期   date (exclusive with valid_years)
//	valid_years  有效期     integer number of years from effective
//	repeals      废止       array of 发文字号 this document repeals (not its own)
//	amends       修改       array of 发文字号 this document amends (not its own)
//	repealed     废止日期   date, for a repeal by a document not on the site
//	disclosure   公开方式   主动公开 (default) / 依申请公开 / 不予公开
//	exemption    不公开依据 required unless 主动公开: one of the grounds listed below
//	reason       不公开理由 required unless 主动公开
//	review_by    复核日期   required unless 主动公开
//	aliases      旧地址     array of old URL paths that must redirect here
//	allow_refs   array of 发文字号 or paths: references to withheld items made on purpose
//	allow_pii    array of exact strings that look like personal data but are not
//
// Policy interpretations (content/interpretations/): title, published,
// organ, interprets (the 发文字号 or the content path of the document it
// explains), form (文字解读 / 图解 / 音视频 / 新闻发布会 / 其他, default
// 文字解读), keywords, summary, index_no, index_no_previous, disclosure keys,
// aliases, allow_refs, allow_pii.
//
// News (content/news/): title, published, organ or source (one of them
// required), keywords, summary, index_no, index_no_previous, disclosure keys,
// aliases, allow_refs, allow_pii.
//
// Every document has a 索引号 (the catalogue lists it, 条例 Art 12): written
// as index_no, or generated from index_pattern with the code of its first
// organ and its year; policies are numbered first, so a news item's number
// never moves a policy's. Credit records on display and commitments get
// theirs after every document's (from the deciding organ, or the
// commitment's subject, and the year), are locked by their address
// (/credit/ID/, /commitments/SUBJECT/#c-ID) and are listed in the
// catalogue after the documents.
//
// Credit records (content/credit/*.toml), each a [[record]] table:
// id (stable identifier, ASCII letters, digits and "-"; required), subject,
// subject_type (政府机构 / 公务员 / 企业 / 其他), credit_code (统一社会信用代码),
// behaviour, basis (the decision's 文号), decided (认定日期), organ (认定机关),
// severity (轻微 / 一般 / 严重), status (公示中 / 异议处理中 / 已修复 / 已移出),
// minor (true for a case involving a minor: refused), disclosure keys.
// A record is shown from its decided date (a date after the build's is
// warned of) until its period ends. A natural person's name (公务员; 其他
// when the part before a bracket or · reads as a person's name) is masked
// in the subject, keeping a bracket after it, and wherever the behaviour,
// basis or organ writes it, in either script.
//
// Commitments (content/commitments/*.toml), each a [[commitment]] table:
// id (ASCII letters, digits and "-", like a record's), subject, content,
// made, due, status (履行中 / 已兑现 / 未兑现),
// evidence (array of {title, url}), disclosure keys.
//
// Task progress (content/tasks/progress/*.toml), each a [[progress]] table,
// at most one per task: task (the task's id, required), status (未启动 /
// 推进中 / 已完成, required), log (array of {date, text}), evidence (array
// of {title, url}). A task past its deadline is 逾期 unless it is 已完成,
// or 推进中 with a deadline to start by (7月底前启动) or one followed by a
// period (长期推进, 每季度 …). The log (oldest first) and the evidence are shown under
// the task's status wherever the task is listed, and exported in
// data/tasks.json and data/tasks.csv; their text is checked for personal
// data like every published text.
//
// An evidence url is a path on the site (/policies/…/; one that leads to
// no page of the build is a warning, since a page may end by the calendar
// alone) or an http:// or https:// address, without blanks, control
// characters or backslashes.
//
// Exemption grounds (exemption), with their articles of the 条例:
//
//	国家秘密 (第十四条) · 法律法规禁止公开 (第十四条) · 三安全一稳定 (第十四条)
//	商业秘密 (第十五条) · 个人隐私 (第十五条) · 第三方合法权益 (第十五条)
//	内部事务信息 (第十六条) · 过程性信息 (第十六条) · 行政执法案卷 (第十六条)
//
// # URLs
//
// Every URL is a folder ending in "/" served by its index.html, below the
// path of base_url. A content file's URL is its kind's folder plus the file
// name without ".md" (or the bundle folder's name):
//
//	content/policies/shenzhengfa-2017-45.md   → /policies/shenzhengfa-2017-45/
//	content/policies/x/index.md, x/a.pdf      → /policies/x/, /policies/x/a.pdf
//	content/interpretations/NAME.md           → /interpretations/NAME/
//	content/news/NAME.md                      → /news/NAME/
//	credit record id                          → /credit/ID/
//	commitment subject                        → /commitments/SUBJECT/
//	cited 发文字号 (on the site or not)        → /numbers/KEY/
//
// Listings: /xxgk/ (政府信息公开), /policies/ (政策文件库, all, newest first,
// paged by 50: /policies/page/2/), /policies/in-force/ (现行有效),
// /policies/archive/ (失效/废止), /policies/organ/NAME/, /policies/year/YYYY/,
// /policies/topic/一级/, /interpretations/, /news/, /credit/, /commitments/,
// /tasks/, /catalogue/ (政府信息公开目录), /search/. Open data:
// /data/documents.json.
//
// # Layouts
//
// A file in the site's layouts/ replaces the built-in one of the same name
// (html/template). Besides the data, layouts have these functions: url
// (a site path under base_url), abs (the absolute URL), date (2017年8月25日),
// topic, join, size, tagclass, taskclass, unitURL, numberURL, doclist (a
// list of documents, written in Go), and cached: {{cached "NAME" DATA}}
// runs template NAME with DATA once per build and reuses its HTML on every
// page. It is for what depends on the site alone (base.html's site-header
// and site-footer, given .Site); NAME sees only DATA, which must be a
// pointer (.Site), a string, an integer or a boolean. Some built-in parts
// are written in Go with the same bytes, for speed: the document page's
// "main" (render/docmain.go) unless the site has its own document.html or
// partials.html; the "pager" partial (called with .Pager) unless it has
// its own partials.html; and the frame of every page (base.html around
// "head" and "main", render/basepage.go) unless it has its own base.html;
// with all three built in, a document page is written whole without a
// template. A site's own file replaces them as a whole, and a template a
// site's own file defines (such as "base" in its partials.html) replaces
// the built-in one: its templates run as written.
package generator
