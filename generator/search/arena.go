package search

import (
	"encoding/binary"
	"sync"
)

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

// blockRef is where a block lies in its arena: its chunk and the offset
// of its header.
type blockRef struct{ chunk, off uint32 }

// blockHeader is the bytes before a block's data: once the block is full,
// the next block's chunk and offset and the block's used length (little
// endian). A chain's blocks are linked in the arena, so that listing them
// takes no memory of the collected heap (slices of blocks took 24 MB of
// the live heap at 10,000 documents, and as much again when joined).
const blockHeader = 12

// block returns a new block: where it is, and its data, an empty slice
// with capacity n (n ≤ maxBlock).
func (a *arena) block(n int) (blockRef, []byte) {
	need := n + blockHeader
	if len(a.free) < need {
		b, mapped := mapChunk(arenaChunk)
		a.chunks = append(a.chunks, chunk{b, mapped})
		a.free = b
	}
	c := len(a.chunks) - 1
	ref := blockRef{uint32(c), uint32(len(a.chunks[c].b) - len(a.free))}
	b := a.free[blockHeader:blockHeader:need]
	a.free = a.free[need:]
	return ref, b
}

// link records that the block at r, full with used bytes, is followed by
// the block at next.
func (a *arena) link(r blockRef, used int, next blockRef) {
	h := a.chunks[r.chunk].b[r.off : r.off+blockHeader]
	binary.LittleEndian.PutUint32(h[0:], next.chunk)
	binary.LittleEndian.PutUint32(h[4:], next.off)
	binary.LittleEndian.PutUint32(h[8:], uint32(used))
}

// follow returns the data of the full block at r and where the next block
// is.
func (a *arena) follow(r blockRef) ([]byte, blockRef) {
	b := a.chunks[r.chunk].b[r.off:]
	next := blockRef{binary.LittleEndian.Uint32(b[0:]), binary.LittleEndian.Uint32(b[4:])}
	used := binary.LittleEndian.Uint32(b[8:])
	return b[blockHeader : blockHeader+used], next
}

// size is the bytes of the arena's chunks.
func (a *arena) size() int { return len(a.chunks) * arenaChunk }

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
	file *spillFile // the postings written out (Builder.Spill), or nil
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
	if s.file != nil {
		s.file.close()
		s.file = nil
	}
}

// size is the bytes of the arenas' chunks.
func (s *arenas) size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, a := range s.list {
		n += a.size()
	}
	return n
}
