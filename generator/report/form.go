package report

// The layout of the official form (国办公开办函〔2021〕30号): the rows of
// table 三 and 四 with their TOML keys and labels. Parsing, validation, the
// page and the CSV files are all driven by these lists, so the form is
// written down once.

// Rows of table 三, in the form's order.
const (
	Received              = iota // 一、本年新收政府信息公开申请数量
	CarriedOver                  // 二、上年结转政府信息公开申请数量
	Granted                      // 三（一）予以公开
	PartlyGranted                // 三（二）部分公开
	WithheldStateSecret          // 三（三）1 属于国家秘密
	WithheldLawForbids           // 三（三）2 其他法律行政法规禁止公开
	WithheldSecurity             // 三（三）3 危及“三安全一稳定”
	WithheldThirdParty           // 三（三）4 保护第三方合法权益
	WithheldInternal             // 三（三）5 属于三类内部事务信息
	WithheldProcess              // 三（三）6 属于四类过程性信息
	WithheldEnforcement          // 三（三）7 属于行政执法案卷
	WithheldInquiry              // 三（三）8 属于行政查询事项
	UnavailableNotHeld           // 三（四）1 本机关不掌握相关政府信息
	UnavailableNeedCreate        // 三（四）2 没有现成信息需要另行制作
	UnavailableUnclear           // 三（四）3 补正后申请内容仍不明确
	NotHandledPetition           // 三（五）1 信访举报投诉类申请
	NotHandledRepeated           // 三（五）2 重复申请
	NotHandledPublication        // 三（五）3 要求提供公开出版物
	NotHandledExcessive          // 三（五）4 无正当理由大量反复申请
	NotHandledConfirm            // 三（五）5 要求行政机关确认或重新出具已获取信息
	OtherNoCorrection            // 三（六）1 逾期不补正
	OtherNoFee                   // 三（六）2 逾期未缴纳费用
	OtherOther                   // 三（六）3 其他
	Total                        // 三（七）总计
	CarriedForward               // 四、结转下年度继续办理
	NumRows3
)

// rowSpec describes one row of table 三: its key under [applications] and its
// labels in the form (section, group, item; empty when the row has none).
type rowSpec struct {
	key                  string
	section, group, item string
}

const (
	secResult   = "三、本年度办理结果"
	grpWithheld = "（三）不予公开"
	grpUnavail  = "（四）无法提供"
	grpNotHand  = "（五）不予处理"
	grpOther    = "（六）其他处理"
)

var rows3 = [NumRows3]rowSpec{
	Received:              {"received", "一、本年新收政府信息公开申请数量", "", ""},
	CarriedOver:           {"carried_over", "二、上年结转政府信息公开申请数量", "", ""},
	Granted:               {"granted", secResult, "（一）予以公开", ""},
	PartlyGranted:         {"partly_granted", secResult, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""},
	WithheldStateSecret:   {"withheld.state_secret", secResult, grpWithheld, "1.属于国家秘密"},
	WithheldLawForbids:    {"withheld.law_forbids", secResult, grpWithheld, "2.其他法律行政法规禁止公开"},
	WithheldSecurity:      {"withheld.security", secResult, grpWithheld, "3.危及“三安全一稳定”"},
	WithheldThirdParty:    {"withheld.third_party", secResult, grpWithheld, "4.保护第三方合法权益"},
	WithheldInternal:      {"withheld.internal", secResult, grpWithheld, "5.属于三类内部事务信息"},
	WithheldProcess:       {"withheld.process", secResult, grpWithheld, "6.属于四类过程性信息"},
	WithheldEnforcement:   {"withheld.enforcement", secResult, grpWithheld, "7.属于行政执法案卷"},
	WithheldInquiry:       {"withheld.inquiry", secResult, grpWithheld, "8.属于行政查询事项"},
	UnavailableNotHeld:    {"unavailable.not_held", secResult, grpUnavail, "1.本机关不掌握相关政府信息"},
	UnavailableNeedCreate: {"unavailable.need_create", secResult, grpUnavail, "2.没有现成信息需要另行制作"},
	UnavailableUnclear:    {"unavailable.unclear", secResult, grpUnavail, "3.补正后申请内容仍不明确"},
	NotHandledPetition:    {"not_handled.petition", secResult, grpNotHand, "1.信访举报投诉类申请"},
	NotHandledRepeated:    {"not_handled.repeated", secResult, grpNotHand, "2.重复申请"},
	NotHandledPublication: {"not_handled.publication", secResult, grpNotHand, "3.要求提供公开出版物"},
	NotHandledExcessive:   {"not_handled.excessive", secResult, grpNotHand, "4.无正当理由大量反复申请"},
	NotHandledConfirm:     {"not_handled.confirm", secResult, grpNotHand, "5.要求行政机关确认或重新出具已获取信息"},
	OtherNoCorrection:     {"other_handling.no_correction", secResult, grpOther, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
	OtherNoFee:            {"other_handling.no_fee", secResult, grpOther, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
	OtherOther:            {"other_handling.other", secResult, grpOther, "3.其他"},
	Total:                 {"total", secResult, "（七）总计", ""},
	CarriedForward:        {"carried_forward", "四、结转下年度继续办理", "", ""},
}

// label is the row's full name for messages: 三、本年度办理结果（三）不予公开 1.属于国家秘密.
func (s rowSpec) label() string {
	l := s.section + s.group
	if s.item != "" {
		l += " " + s.item
	}
	return l
}

// isResult reports whether the row is one of 三（一）…（六）, the parts of （七）总计.
func isResult(i int) bool { return i >= Granted && i < Total }

// cols3 are table 三's column labels.
var cols3 = [NumCols3]string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"}

// rows4 are table 四's rows: key under [appeals], and labels.
type row4Spec struct{ key, kind, way string }

var rows4 = [NumRows4]row4Spec{
	Review:             {"review", "行政复议", ""},
	LawsuitDirect:      {"lawsuit_direct", "行政诉讼", "未经复议直接起诉"},
	LawsuitAfterReview: {"lawsuit_after_review", "行政诉讼", "复议后起诉"},
}

func (r4 row4Spec) label() string {
	if r4.way == "" {
		return r4.kind
	}
	return r4.kind + "（" + r4.way + "）"
}

// cols4 are table 四's column labels within each group.
var cols4 = [NumCols4]string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}

// Labels of table 二's office-supplied items.
var proactiveKeys = []struct{ key, item, label string }{
	{"licensing", "第二十条第（五）项", "行政许可 本年处理决定数量"},
	{"penalty", "第二十条第（六）项", "行政处罚 本年处理决定数量"},
	{"coercion", "第二十条第（六）项", "行政强制 本年处理决定数量"},
	{"fees", "第二十条第（八）项", "行政事业性收费 本年收费金额（万元）"},
}
