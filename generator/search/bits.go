package search

import (
	"encoding/binary"
	"math/bits"
)

// bitWriter appends bits most significant first.
type bitWriter struct {
	buf  []byte
	acc  uint64   // pending bits, right-aligned
	nacc uint     // number of pending bits (< 8 between calls)
	pos  []uint32 // scratch for encodeRecord
	sum  []byte   // scratch for encodeTerm's summaries
	pad  uint8    // zero bits flush added to fill the last byte
}

// write appends the low n bits of v (n ≤ 32). Fewer than 32 bits stay
// pending between calls, so the accumulator never overflows.
func (w *bitWriter) write(v uint64, n uint) {
	w.acc = w.acc<<n | v&(1<<n-1)
	w.nacc += n
	if w.nacc >= 32 {
		w.nacc -= 32
		x := uint32(w.acc >> w.nacc)
		w.buf = append(w.buf, byte(x>>24), byte(x>>16), byte(x>>8), byte(x))
	}
}

// writeLong appends the low n bits of v for any n ≤ 64, in 16-bit pieces.
func (w *bitWriter) writeLong(v uint64, n uint) {
	for n > 16 {
		n -= 16
		w.write(v>>n, 16)
	}
	w.write(v, n)
}

// eg appends v with the Exp-Golomb code of order k: the prefix codes
// (v>>k)+1 in Elias-gamma form, then the low k bits of v. It is close to the
// best code for gaps of mean about 2^k and never long for outliers.
func (w *bitWriter) eg(v uint32, k uint) {
	if c, total := egCode(v, k); total <= 32 {
		w.write(c, total) // the common case: one write
		return
	}
	hi := uint64(v>>k) + 1
	n := uint(bits.Len64(hi))
	w.writeLong(0, n-1)
	w.writeLong(hi, n)
	w.writeLong(uint64(v), k)
}

// flush pads the last byte with zero bits and returns the bytes.
func (w *bitWriter) flush() []byte {
	for w.nacc >= 8 {
		w.nacc -= 8
		w.buf = append(w.buf, byte(w.acc>>w.nacc))
	}
	w.pad = 0
	if w.nacc > 0 {
		w.buf = append(w.buf, byte(w.acc<<(8-w.nacc)))
		w.pad = uint8(8 - w.nacc)
		w.nacc = 0
	}
	return w.buf
}

// copyBits appends the bits [from, to) of src.
func (w *bitWriter) copyBits(src []byte, from, to uint) {
	for ; from < to && from&7 != 0; from++ {
		w.write(uint64(src[from>>3]>>(7-from&7)), 1)
	}
	for ; from+32 <= to; from += 32 {
		w.write(uint64(binary.BigEndian.Uint32(src[from>>3:])), 32)
	}
	for ; from < to; from++ {
		w.write(uint64(src[from>>3]>>(7-from&7)), 1)
	}
}

// egLen is the length in bits of v coded with eg(v, k).
func egLen(v uint32, k uint) uint {
	return 2*uint(bits.Len64(uint64(v>>k)+1)) - 1 + k
}

// bitReader reads what bitWriter wrote.
type bitReader struct {
	buf []byte
	pos uint // bit position
}

func (r *bitReader) bit() uint32 {
	i := r.pos >> 3
	if int(i) >= len(r.buf) {
		r.pos++
		return 1 // reading past the end ends any unary run
	}
	b := uint32(r.buf[i]>>(7-r.pos&7)) & 1
	r.pos++
	return b
}

func (r *bitReader) read(n uint) uint32 {
	var v uint32
	for ; n > 0; n-- {
		v = v<<1 | r.bit()
	}
	return v
}

// window is the bits from pos on, most significant first, at least 57 of
// them valid; past the end of buf they read as ones (as bit does).
func (r *bitReader) window() uint64 {
	i := int(r.pos >> 3)
	var w uint64
	if i+8 <= len(r.buf) {
		w = binary.BigEndian.Uint64(r.buf[i:])
	} else {
		for j := i; j < i+8; j++ {
			b := byte(0xFF)
			if j < len(r.buf) {
				b = r.buf[j]
			}
			w = w<<8 | uint64(b)
		}
	}
	return w << (r.pos & 7)
}

// eg reads a value written by bitWriter.eg with order k: from one 64-bit
// window when the code fits in it (the index builder decodes whole
// records when serve patches them), bit by bit otherwise.
func (r *bitReader) eg(k uint) uint32 {
	w := r.window()
	z := uint(bits.LeadingZeros64(w))
	if n := 2*z + 1 + k; n <= 56 {
		// The n bits are z zeros, then hi (z+1 bits), then the low k
		// bits: as a number, hi<<k | low; the value is (hi-1)<<k | low.
		r.pos += n
		return uint32(w>>(64-n) - 1<<k)
	}
	return r.egSlow(k)
}

func (r *bitReader) egSlow(k uint) uint32 {
	z := uint(0)
	for r.bit() == 0 {
		z++
		if z > 32 {
			return 0 // corrupt data; stop rather than loop
		}
	}
	hi := uint32(1)<<z | r.read(z)
	return (hi-1)<<k | r.read(k)
}

// appendUvarint is binary.AppendUvarint for uint32 (kept local for speed).
func appendUvarint(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// uvarint decodes a varint at b[*i], advancing *i; it returns 0 past the end.
func uvarint(b []byte, i *int) uint32 {
	if *i < len(b) && b[*i] < 0x80 {
		*i++
		return uint32(b[*i-1])
	}
	var v uint32
	var s uint
	for *i < len(b) {
		c := b[*i]
		*i++
		v |= uint32(c&0x7f) << s
		if c < 0x80 {
			return v
		}
		s += 7
		if s > 28 {
			return v
		}
	}
	return v
}

// putBits appends the low n bits of c (n ≤ 32, no higher bit set) to a
// bit writer's state held in a hot loop's locals (buf, acc, nacc as in
// bitWriter): "buf, acc, nacc = putBits(buf, acc, nacc, c, n)" is
// inlined and keeps the state in registers.
func putBits(buf []byte, acc uint64, nacc uint, c uint64, n uint) ([]byte, uint64, uint) {
	acc = acc<<n | c
	nacc += n
	if nacc >= 32 {
		nacc -= 32
		buf = binary.BigEndian.AppendUint32(buf, uint32(acc>>nacc))
	}
	return buf, acc, nacc
}

// egCode is the Exp-Golomb code of v of order k (see eg): its value and
// its length in bits (the leading zeros are implicit in the length). A
// hot loop writes "if c, n := egCode(v, k); n <= 32 {putBits} else
// {egSlow}".
func egCode(v uint32, k uint) (uint64, uint) {
	hi := uint64(v>>k) + 1
	n := uint(bits.Len64(hi))
	return hi<<k | uint64(v)&(1<<k-1), 2*n - 1 + k
}

// egSlow is eg on putBits's state, for the codes of more than 32 bits.
func egSlow(buf []byte, acc uint64, nacc uint, v uint32, k uint) ([]byte, uint64, uint) {
	w := bitWriter{buf: buf, acc: acc, nacc: nacc}
	w.eg(v, k)
	return w.buf, w.acc, w.nacc
}
