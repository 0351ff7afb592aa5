package resolve

import (
	"fmt"
	"math/rand"
	"testing"

	"gongkai/generator/model"
)

// TestTaskIndex: every id put is found again, by value for ten hex digits
// and by string for any other form; absent ids are not found.
func TestTaskIndex(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var ids []string
	for i := 0; i < 5000; i++ {
		ids = append(ids, fmt.Sprintf("%010x", rng.Int63()&(1<<40-1)))
	}
	ids = append(ids, "0000000000", "ffffffffff", "f150fbbc69-2", "F150FBBC69", "short", "")
	x := newTaskIndex(len(ids))
	put := map[string]*model.Task{}
	for _, id := range ids {
		if put[id] != nil {
			continue
		}
		task := &model.Task{ID: id}
		x.put(task)
		put[id] = task
	}
	for id, task := range put {
		if got := x.get(id); got != task {
			t.Errorf("get(%q) = %v, want the task put", id, got)
		}
	}
	for _, id := range []string{"0000000001", "f150fbbc69", "f150fbbc69-3", "zzzzzzzzzz"} {
		if put[id] == nil && x.get(id) != nil {
			t.Errorf("get(%q) found a task never put", id)
		}
	}
}

func TestPersonLike(t *testing.T) {
	for name, want := range map[string]bool{
		"王建社": true, "李秀会": true, "王大学": true, "张学院": true, "欧阳秀会": true, "张三": true, "王五": true,
		"市教育局": false, "红星农机合作社": false, "某某科技有限公司": false, "示例县农业农村局": false,
		"东城区某某服务部": false, "某某律师事务所": false, "新华书店": false,
		// The head before a bracket or a · decides.
		"王建国（示例市人民政府工作人员）": true, "李明（示例公司法定代表人）": true, "李明(示例公司法定代表人)": true,
		"欧阳秀会【示例集团职工】": true, "阿依古丽·买买提": true,
		"示例市人民政府（办公室）": false, "测试市某局(信用中心)": false, "某某科技有限公司【原某某厂】": false,
	} {
		c := &model.CreditRecord{Subject: name, SubjectType: "其他"}
		if got := personLike(c); got != want {
			t.Errorf("personLike(%s) = %v, want %v", name, got, want)
		}
	}
	if !personLike(&model.CreditRecord{Subject: "某某局", SubjectType: "公务员"}) || personLike(&model.CreditRecord{Subject: "王建社", SubjectType: "企业"}) {
		t.Error("subject types 公务员 and 企业 decide alone")
	}
}

func TestMaskSubject(t *testing.T) {
	for in, want := range map[string]string{
		"张示例": "张**", "欧阳秀会": "欧阳**", "王建国（示例市人民政府工作人员）": "王**（示例市人民政府工作人员）",
		"李明 (示例公司法定代表人)": "李* (示例公司法定代表人)",
	} {
		if got := maskSubject(in); got != want {
			t.Errorf("maskSubject(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestMaskIn(t *testing.T) {
	for _, c := range []struct{ text, name, masked, want string }{
		{"张示例在履职中违反服务承诺", "张示例", "张**", "张**在履职中违反服务承诺"},
		{"張示例在履職中，张示例又…", "张示例", "张**", "張**在履職中，张**又…"},
		{"张示例在履职中", "張示例", "張**", "张**在履职中"},
		{"王建国（示例市人民政府工作人员）王建国", "王建国（示例市人民政府工作人员）", "王**（示例市人民政府工作人员）", "王**（示例市人民政府工作人员）王建国"},
		{"张示张示例", "张示例", "张**", "张示张**"},
		{"无关文字", "张示例", "张**", "无关文字"},
		{"王王", "王", "王", "王王"},
	} {
		if got := maskIn(c.text, c.name, c.masked); got != c.want {
			t.Errorf("maskIn(%s, %s) = %s, want %s", c.text, c.name, got, c.want)
		}
	}
}
