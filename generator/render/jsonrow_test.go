package render

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// encodingJSON is how writeJSONList encoded rows before jsonAppender.
func encodingJSON(t testing.TB, v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// TestJSONRowsMatchEncodingJSON: the hand-written rows are byte for byte
// what encoding/json gives, for empty and odd values: control characters,
// quotes, HTML characters, invalid UTF-8, U+2028/U+2029, nil and empty
// lists.
func TestJSONRowsMatchEncodingJSON(t *testing.T) {
	pieces := []string{"", "政务诚信", `"`, `\`, "<a&b>", "\x00", "\x01", "\b", "\f", "\n", "\r", "\t", "\x1f", "\x7f",
		"\xff", "\xe6\x94", "\u2028", "\u2029", "\u2027", "\U0001F600", "沈政发〔2017〕45号", " ", "a"}
	rng := rand.New(rand.NewPCG(1, 2))
	str := func() string {
		var s string
		for range rng.IntN(5) {
			s += pieces[rng.IntN(len(pieces))]
		}
		return s
	}
	strs := func() []string {
		switch rng.IntN(3) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		out := make([]string, 1+rng.IntN(3))
		for i := range out {
			out[i] = str()
		}
		return out
	}
	for i := range 5000 {
		row := TaskJSON{ID: str(), Document: str(), DocNumber: str(), Item: str(), Title: str(), Text: str(),
			Requirement: str(), Carrier: str(), Lead: strs(), Coop: strs(), Resp: strs(), DeadlineText: str(), Deadline: str(), Period: str(), Status: str(), Overdue: rng.IntN(2) == 0}
		for range rng.IntN(3) {
			row.Log = append(row.Log, noteJSON{str(), str()})
		}
		for range rng.IntN(3) {
			row.Evidence = append(row.Evidence, linkJSON{str(), str()})
		}
		want := encodingJSON(t, row)
		if got := row.appendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("row %d:\n got %s\nwant %s", i, got, want)
		}
	}
	for _, s := range pieces {
		if got, want := appendJSONString(nil, s), encodingJSON(t, s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

// FuzzJSONString: any string is encoded as encoding/json encodes it.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "政务", "\x00\"\\\u2028", "\xff\xfe", "<>&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendJSONString(nil, s), encodingJSON(t, s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	})
}
