package generator

import (
	"fmt"
	"path"
	"strings"
)

// Scaffold returns the path and text of a new content file of kind, with
// every key of that kind written out and explained in Chinese.
func Scaffold(kind, name string, today string) (string, []byte, error) {
	if name == "" || strings.ContainsAny(name, "/\\ ?#%\"'<>") || strings.HasPrefix(name, ".") {
		return "", nil, fmt.Errorf("名称 %q 不能用作文件名：只用字母、数字和连字符，如 shenzhengfa-2017-45", name)
	}
	name = strings.TrimSuffix(strings.TrimSuffix(name, ".md"), ".toml")
	t, ok := scaffolds[kind]
	if !ok {
		return "", nil, fmt.Errorf("未知的类型 %q：可选 policy（政策文件）、interpretation（政策解读）、news（政务动态）、credit（失信记录）、commitment（公开承诺）", kind)
	}
	text := strings.ReplaceAll(t.text, "{today}", today)
	text = strings.ReplaceAll(text, "{name}", name)
	return path.Join("content", t.dir, name+t.ext), []byte(text), nil
}

type scaffold struct{ dir, ext, text string }

const disclosureKeys = `# 公开方式：主动公开（默认）/ 依申请公开 / 不予公开。以公开为常态、不公开为例外。
# disclosure = "主动公开"
# 以下三项仅在不主动公开时必填：
# exemption = "过程性信息"   # 不公开依据，可选：国家秘密、法律法规禁止公开、三安全一稳定（第十四条）；商业秘密、个人隐私、第三方合法权益（第十五条）；内部事务信息、过程性信息、行政执法案卷（第十六条）
# reason = "……"             # 不公开的具体理由
# review_by = 2027-01-01     # 复核日期（条例第十八条：定期复核）
`

// docKeys are the optional keys every kind of document has.
const docKeys = `# summary = ""              # 内容概述；不写时取正文前 300 字
# index_no = ""             # 索引号；不写时按 config.toml 的 index_pattern 自动生成
# index_no_previous = ""    # 确需更改已公开的索引号时，写原来的索引号以确认
# aliases = []              # 旧网址，访问时跳转到本页，如 ["/old/path/"]
# allow_refs = []           # 有意提及不公开的文件时，写它的发文字号或路径
# allow_pii = []            # 被误认为个人信息的号码，如 ["13800000000"]（确认不是个人信息时才写）
# missing = []              # 原文未载明的必填项，如 ["signed"]（页面显示“原文未载明”）
`

// attachmentKeys close the front matter of a document: tables come last.
const attachmentKeys = `# 附件：把文件改成文件夹 NAME/index.md，附件放在同一文件夹，每个附件写一个表（写在前言最后）：
# [[attachment]]
# file = "附件1.pdf"         # 文件名
# title = "附件名称"          # 名称；不写时用文件名
`

// recordKeys are the optional keys of a TOML record.
const recordKeys = `# allow_pii = []            # 被误认为个人信息的号码，如单位账号（确认不是个人信息时才写）
`

var scaffolds = map[string]scaffold{
	"policy": {"policies", ".md", `+++
title = ""                  # 标题（必填），如 "沈阳市人民政府关于印发……的通知"
doc_number = ""             # 发文字号，如 "沈政发〔2017〕45号"；没有文号时删除此行
organ = ""                  # 发文机关（必填）；联合发文写成 ["机关一", "机关二"]
signed = {today}            # 成文日期（必填）
published = {today}         # 发布日期（必填）
topic = "综合政务/政务公开"   # 主题分类（必填），"一级/二级"
keywords = []               # 主题词，如 ["政务诚信", "信用"]
category = "行政规范性文件"   # 文件类别：规章 / 行政规范性文件 / 其他文件
# effective = {today}       # 生效日期；不写时与成文日期相同
# valid_years = 5           # 有效期（年），与 expires 二选一
# expires = 2030-01-01      # 失效日期（当日起失效）
# repeals = []              # 本文件废止的文件的发文字号
# amends = []               # 本文件修改的文件的发文字号
# repealed = 2030-01-01     # 被本站以外的文件废止时，写废止日期
` + docKeys + disclosureKeys + attachmentKeys + `+++

各区、县（市）人民政府，市政府各部门：

（正文）
`},
	"interpretation": {"interpretations", ".md", `+++
title = ""                  # 标题（必填）
published = {today}         # 发布日期（必填）
organ = ""                  # 发布机关（必填）
interprets = ""             # 解读的文件（必填）：发文字号，如 "沈政发〔2017〕45号"，或路径 "content/policies/x.md"
form = "文字解读"            # 解读形式：文字解读 / 图解 / 音视频 / 新闻发布会 / 其他
keywords = []               # 主题词
# topic = "综合政务/政务公开" # 主题分类，"一级/二级"
` + docKeys + disclosureKeys + attachmentKeys + `+++

（正文）
`},
	"news": {"news", ".md", `+++
title = ""                  # 标题（必填）
published = {today}         # 发布日期（必填）
organ = ""                  # 发布机关；或写 source（二者至少写一项）
# source = ""               # 来源，如 "辽宁省卫生健康委"
keywords = []               # 主题词
# topic = "综合政务/政务公开" # 主题分类，"一级/二级"
` + docKeys + disclosureKeys + attachmentKeys + `+++

（正文）
`},
	"credit": {"credit", ".toml", `# 政务失信记录。每条记录一个 [[record]] 表。
# 公示期限按失信程度自动计算（轻微不公示；一般 3 个月至 1 年；严重 1 至 3 年），期满自动停止公示。

[[record]]
id = "{name}-001"           # 编号（必填，唯一）
subject = ""                # 失信主体（必填）；自然人姓名将自动遮蔽，如 张*
subject_type = "政府机构"    # 主体类型：政府机构 / 公务员 / 企业 / 其他
credit_code = ""            # 统一社会信用代码（18 位）；没有时删除此行
behaviour = ""              # 失信行为（必填）
basis = ""                  # 认定依据：决定书文号（必填）
decided = {today}           # 认定日期（必填）
organ = ""                  # 认定机关（必填）
severity = "一般"            # 失信程度：轻微 / 一般 / 严重
status = "公示中"            # 状态：公示中 / 异议处理中 / 已修复 / 已移出
# minor = false             # 涉及未成年人的案件不得公开
` + recordKeys + disclosureKeys},
	"commitment": {"commitments", ".toml", `# 公开承诺。每项承诺一个 [[commitment]] 表。

[[commitment]]
id = "{name}-001"           # 编号（必填，唯一）
subject = ""                # 承诺主体（必填）
content = ""                # 承诺内容（必填）
made = {today}              # 承诺日期（必填）
due = {today}               # 完成时限
status = "履行中"            # 履行状态：履行中 / 已兑现 / 未兑现
evidence = []               # 佐证材料，如 [{title = "验收报告", url = "/news/x/"}]
` + recordKeys + disclosureKeys},
}
