package generator

import (
	"regexp"
	"testing"

	"gongkai/generator/content"
	"gongkai/generator/model"
)

// TestScaffoldNamesEveryKey: `gongkai new KIND` writes every key of the
// kind's schema, set or commented out, so staff see what they may write.
func TestScaffoldNamesEveryKey(t *testing.T) {
	for name, kind := range map[string]model.Kind{"policy": model.KindPolicy, "interpretation": model.KindInterpretation,
		"news": model.KindNews, "credit": model.KindCredit, "commitment": model.KindCommitment} {
		_, text, err := Scaffold(name, "x", "2026-01-01")
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range content.Keys(kind) {
			if !regexp.MustCompile(`(?m)^(# )?(\[\[)?` + k + `( =|\]\])`).Match(text) {
				t.Errorf("new %s does not name the key %q", name, k)
			}
		}
	}
}
