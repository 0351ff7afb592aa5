package search

import "sync"

// arena hands out byte blocks for intermediate postings from large chunks
// that, where the platform allows, lie outside the garbage-collected heap
// (arena_mmap.go). The postings are the largest data of a build while
// pages render; on the heap, the collector would size its next cycle on
// them (doubling their footprint at the default GOGC) although they hold no
// pointers and are freed in one go. Blocks must hold no Go pointers and
// must not be used after release.
type arena struct {
	chunks []chunk
	free   []byte // the unused rest of the last chunk
}

type chunk struct {
	b      []byte
	mapped bool // from mapChunk: give back with unmapChunk
}

// arenaChunk is the size of the chunks; maxBlock, the largest block, is
// small next to it, so little is left unused at a chunk's end.
const (
	arenaChunk = 4 << 20
	maxBlock   = 64 << 10
	minBlock   = 16
)

// block returns an empty slice with capacity n (n ≤ maxBlock).
func (a *arena) block(n int) []byte {
	if len(a.free) < n {
		b, mapped := mapChunk(arenaChunk)
		a.chunks = append(a.chunks, chunk{b, mapped})
		a.free = b
	}
	b := a.free[:0:n]
	a.free = a.free[n:]
	return b
}

func (a *arena) release() {
	for _, c := range a.chunks {
		if c.mapped {
			unmapChunk(c.b)
		}
	}
	a.chunks, a.free = nil, nil
}

// arenas are the arenas of one index build. Write releases them once the
// postings are encoded; a build abandoned before Write releases them when
// its Builder is collected (see NewBuilder).
type arenas struct {
	mu   sync.Mutex
	list []*arena
}

func (s *arenas) add() *arena {
	a := &arena{}
	s.mu.Lock()
	s.list = append(s.list, a)
	s.mu.Unlock()
	return a
}

func (s *arenas) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.list {
		a.release()
	}
	s.list = nil
}
