package search

import (
	"math/rand"
	"testing"
)

// TestExpGolombRoundTrip writes values of every size with every order and
// reads them back.
func TestExpGolombRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	type item struct {
		v uint32
		k uint
	}
	var items []item
	for _, v := range []uint32{0, 1, 2, 3, 7, 8, 255, 256, 1<<16 - 1, 1 << 20, 1<<32 - 1} {
		for k := uint(0); k <= 24; k++ {
			items = append(items, item{v, k})
		}
	}
	for range 5000 {
		items = append(items, item{rng.Uint32() >> rng.Intn(32), uint(rng.Intn(20))})
	}
	var w bitWriter
	bitsWant := uint(0)
	for _, it := range items {
		w.eg(it.v, it.k)
		bitsWant += egLen(it.v, it.k)
	}
	buf := w.flush()
	if got := uint(len(buf)); got != (bitsWant+7)/8 {
		t.Fatalf("wrote %d bytes, want %d", got, (bitsWant+7)/8)
	}
	r := bitReader{buf: buf}
	for i, it := range items {
		if got := r.eg(it.k); got != it.v {
			t.Fatalf("item %d: eg(%d, k=%d) read back as %d", i, it.v, it.k, got)
		}
	}
}

func TestExpGolombKnownCodes(t *testing.T) {
	// Order 0: 0 → 1, 1 → 010, 2 → 011, 3 → 00100. Order 2: 5 → 1 01 → 0 10 01? (hi=(5>>2)+1=2 → "010", low "01")
	var w bitWriter
	w.eg(0, 0) // 1
	w.eg(1, 0) // 010
	w.eg(2, 0) // 011
	w.eg(3, 0) // 00100
	w.eg(5, 2) // 010 01
	got := w.flush()
	// 1 010 011 0 | 0100 0100 | 1 + padding
	want := []byte{0b10100110, 0b01000100, 0b10000000}
	if string(got) != string(want) {
		t.Fatalf("codes = %08b, want %08b", got, want)
	}
}
