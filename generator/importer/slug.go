package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"gongkai/generator/docno"
	"gongkai/generator/hanfold"
)

// Slugs are ASCII file names. A document with a 发文字号 is named after it:
// the 机关代字 in pinyin, the year and the serial (辽政办〔2016〕23号 →
// liaozhengban-2016-23), so that the name says which document it is and
// stays the same on every import. Agency codes are abbreviations built from
// a small set of characters (province and city abbreviations, 政 发 办 函
// and the names of departments); an agency with a character outside the
// table, and a document without a number, get a name from a hash of their
// number or text instead.

// pinyinTable lists "character syllable" pairs (Simplified; agencies are
// folded before lookup). For characters with several readings the reading
// used in place and organ names is given (长 chang, 重 chong, 行 xing).
const pinyinTable = `
京jing 津jin 沪hu 渝yu 冀ji 豫yu 云yun 辽liao 黑hei 湘xiang 皖wan 鲁lu 新xin 苏su 浙zhe 赣gan 鄂e
桂gui 甘gan 晋jin 蒙meng 陕shan 吉ji 闽min 贵gui 粤yue 青qing 藏zang 川chuan 宁ning 琼qiong 港gang
澳ao 台tai 蜀shu 黔qian 滇dian 陇long 秦qin 沈shen 大da 连lian 鞍an 抚fu 本ben 丹dan 锦jin 营ying
阜fu 铁tie 朝chao 葫hu 盘pan 成cheng 绵mian 德de 杭hang 甬yong 温wen 嘉jia 湖hu 绍shao 金jin 衢qu
舟zhou 丽li 穗sui 深shen 珠zhu 汕shan 佛fo 韶shao 江jiang 湛zhan 茂mao 肇zhao 惠hui 梅mei 河he
阳yang 清qing 东dong 中zhong 潮chao 揭jie 厦xia 榕rong 泉quan 漳zhang 莆pu 南nan 昆kun 筑zhu 邕yong
长chang 株zhu 潭tan 衡heng 岳yue 常chang 张zhang 益yi 郴chen 永yong 怀huai 娄lou 武wu 汉han
宜yi 襄xiang 黄huang 孝xiao 荆jing 随sui 恩en 郑zheng 洛luo 开kai 安an 焦jiao 濮pu 许xu 漯luo
三san 商shang 周zhou 驻zhu 信xin 济ji 淄zi 枣zao 烟yan 潍wei 泰tai 威wei 日ri 临lin 聊liao 滨bin
菏he 石shi 唐tang 邯han 邢xing 保bao 承cheng 沧cang 廊lang 并bing 太tai 同tong 朔shuo 忻xin 吕lv
运yun 呼hu 包bao 乌wu 赤chi 通tong 兰lan 西xi 咸xian 渭wei 延yan 榆yu 哈ha 齐qi 牡mu 佳jia 绥sui
四si 白bai 松song 合he 芜wu 蚌beng 淮huai 马ma 铜tong 徽hui 滁chu 六liu 亳bo 宣xuan 池chi 昌chang
萍ping 九jiu 上shang 银yin 吴wu 固gu 海hai 儋dan 拉la 克ke 吐tu 喀ka 伊yi 塔ta 阿a 博bo 巴ba
库ku 锡xi 徐xu 扬yang 镇zhen 宿su 盐yan 无wu 峪yu 关guan 酒jiu 平ping 庆qing 定ding 天tian 凉liang
攀pan 泸lu 遂sui 内nei 乐le 眉mei 广guang 达da 雅ya 资zi 都du 重chong 津jin 嘉jia 义yi 兴xing
政zheng 发fa 办ban 函han 字zi 府fu 委wei 厅ting 局ju 部bu 令ling 综zong 财cai 教jiao 人ren 社she
卫wei 建jian 农nong 水shui 环huan 交jiao 审shen 统tong 民min 公gong 司si 法fa 规gui 计ji 经jing
科ke 文wen 旅lv 体ti 应ying 急ji 监jian 质zhi 药yao 食shi 林lin 草cao 能neng 源yuan 税shui
国guo 住zhu 城cheng 乡xiang 市shi 县xian 区qu 党dang 组zu 纪ji 改gai 革ge 价jia 物wu 编bian
外wai 侨qiao 总zong 预yu 融rong 险xian 证zheng 务wu 督du 查cha 考kao 核he 评ping 电dian 明ming
密mi 秘mi 劳lao 动dong 就jiu 业ye 残can 妇fu 团tuan 工gong 会hui 协xie 联lian 盟meng 军jun 警jing
消xiao 防fang 输shu 航hang 邮you 档dang 案an 史shi 志zhi 测ce 绘hui 地di 震zhen 气qi 象xiang
粮liang 储chu 知zhi 识shi 产chan 权quan 标biao 准zhun 检jian 验yan 疫yi 健jian 康kang 生sheng 育yu
老lao 龄ling 医yi 疗liao 障zhang 退tui 役yi 伍wu 兵bing 扶fu 贫pin 移yi 作zuo 供gong 销xiao 宗zong
族zu 播bo 影ying 视shi 闻wen 出chu 版ban 网wang 息xi 数shu 据ju 服fu 管guan 理li 行xing 执zhi
批pi 复fu 意yi 见jian 请qing 示shi 报bao 告gao 要yao 议yi 决jue 放fang 园yuan 高gao 技ji 术shu
自zi 贸mao 试shi 口kou 岸an 边bian 入ru 境jing 事shi 院yuan 察cha 仲zhong 裁cai 判pan 狱yu 戒jie
毒du 治zhi 情qing 救jiu 援yuan 减jian 灾zai 员yuan 群qun 房fang 土tu 划hua 渔yu 牧mu 畜xu 兽shou
种zhong 子zi 机ji 械xie 力li 煤mei 炭tan 油you 化hua 冶ye 有you 色se 轻qing 纺fang 织zhi 空kong
船chuan 器qi 道dao 路lu 利li 容rong 绿lv 洋yang 传chuan 战zhan 干gan 校xiao 学xue 研yan 究jiu
室shi 参can 馆guan 接jie 待dai 招zhao 投tou 促cu 进jin 易yi 备bei 专zhuan 卖mai 蓄xu 券quan
期qi 货huo 托tuo 基ji 担dan 小xiao 额e 贷dai 款kuan 价jia 格ge 企qi 私si 个ge 体ti 劳lao 保bao
函han 电dian 传chuan 纪ji 要yao 字zi 号hao 令ling 通tong 告gao 决jue 省sheng 厅ting 署shu 直zhi
属shu 级ji 统tong 筹chou 规gui 范fan 改gai 委wei 办ban 金jin 银yin 行xing 险xian 资zi 源yuan
`

var pinyin = func() map[rune]string {
	m := map[rune]string{}
	for _, f := range strings.Fields(pinyinTable) {
		rs := []rune(f)
		m[rs[0]] = string(rs[1:])
	}
	return m
}()

// agencySlug spells an agency code in pinyin, or returns false when a
// character is not in the table.
func agencySlug(agency string) (string, bool) {
	var b strings.Builder
	for _, r := range agency {
		r = hanfold.Simplify(r)
		if r == '発' {
			r = '发'
		}
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
			continue
		}
		if r >= 'A' && r <= 'Z' {
			b.WriteRune(r + 'a' - 'A')
			continue
		}
		p, ok := pinyin[r]
		if !ok {
			return "", false
		}
		b.WriteString(p)
	}
	return b.String(), b.Len() > 0
}

// numberSlug names a document after its 发文字号.
func numberSlug(n docno.Number) string {
	tail := strconv.Itoa(n.Serial)
	if n.Year != 0 {
		tail = strconv.Itoa(n.Year) + "-" + tail
	}
	if a, ok := agencySlug(n.Agency); ok {
		return a + "-" + tail
	}
	return "doc-" + shortHash(n.Key()) + "-" + tail
}

// textSlug names a document without a number after a hash of its text,
// prefixed by its kind (and year when the date is known).
func textSlug(prefix string, year int, text string) string {
	if year > 0 {
		prefix += "-" + strconv.Itoa(year)
	}
	return prefix + "-" + shortHash(text)
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:4])
}
