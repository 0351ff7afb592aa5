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
