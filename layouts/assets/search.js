/* gongkai site search: the browser side of generator/search.
 *
 * Reads the manifest named by data-index on #s-app, downloads only the
 * shards and records a query needs, and renders results with filters.
 * The algorithm mirrors generator/search/search.go (Go), which the tests
 * use to measure recall and precision; keep the two in step.
 * No framework, no build step (ES2017).
 */
(function () {
  'use strict';

  var app = document.getElementById('s-app');
  if (!app) return;

  var REC_DOCS = 0, REC_POS = 1;
  var DIR_SIZE = 256, META_BLOCK = 4, PAGE_SIZE = 10;
  var FACETS = ['kind', 'organ', 'year', 'topic', 'tag'];
  var FACET_LABELS = { kind: '类别', organ: '发文机关', year: '年份', topic: '主题分类', tag: '有效性' };
  var TAG_CLASS = { '有效': 'valid', '已修改': 'amended', '尚未生效': 'pending', '失效': 'expired', '废止': 'repealed' };
  var DOCNO_DROP = '〔〕[]【】()（）［］{}｛｝〈〉<>《》﹝﹞〖〗﹙﹚第号號 \u3000\t-—_.．、,，:：';
  var DOCNO_OPEN = '〔[【（(［﹝〖﹙', DOCNO_CLOSE = '〕]】）)］﹞〗﹚';

  var manifestURL = new URL(app.getAttribute('data-index'), location.href);
  var siteBase = app.getAttribute('data-base') || '/';
  var els = {
    form: app.querySelector('.s-form'),
    input: app.querySelector('#s-q'),
    status: app.querySelector('.s-status'),
    filters: app.querySelector('.s-filters'),
    results: app.querySelector('.s-results'),
    pager: app.querySelector('.s-pager'),
    empty: app.querySelector('.s-empty')
  };

  // ---- Loading -------------------------------------------------------

  var cache = new Map(); // path → Promise<ArrayBuffer>
  var ranges = new Map(); // path#off+len → Promise<Uint8Array>

  function fetchBytes(name) {
    var url = new URL(name, manifestURL).href;
    if (!cache.has(url)) {
      cache.set(url, fetch(url).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status + '：' + url);
        return r.arrayBuffer();
      }).catch(function (e) { cache.delete(url); throw e; }));
    }
    return cache.get(url).then(function (b) { return new Uint8Array(b); });
  }

  // fetchRange reads n bytes at off of a pack file with a Range request.
  // A server that ignores Range answers 200 with the whole file: it is then
  // kept whole and later ranges are cut from it.
  function fetchRange(name, off, n) {
    var url = new URL(name, manifestURL).href;
    if (cache.has(url)) {
      return cache.get(url).then(function (b) { return new Uint8Array(b, off, n); });
    }
    var key = url + '#' + off + '+' + n;
    if (!ranges.has(key)) {
      ranges.set(key, fetch(url, { headers: { Range: 'bytes=' + off + '-' + (off + n - 1) } }).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status + '：' + url);
        if (r.status === 206) {
          return r.arrayBuffer().then(function (b) {
            if (b.byteLength !== n) throw new Error('范围请求长度不符：' + url);
            return new Uint8Array(b);
          });
        }
        var whole = r.arrayBuffer();
        if (!cache.has(url)) cache.set(url, whole);
        return whole.then(function (b) { return new Uint8Array(b, off, n); });
      }).catch(function (e) { ranges.delete(key); throw e; }));
    }
    return ranges.get(key);
  }

  function fetchJSON(name) {
    return fetchBytes(name).then(function (b) { return JSON.parse(new TextDecoder().decode(b)); });
  }

  function gunzip(bytes) {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(bytes); // served decompressed
    if (typeof DecompressionStream === 'undefined') {
      return Promise.reject(new Error('浏览器不支持解压缩'));
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  var index = null; // {m, cols, fold}

  function openIndex() {
    if (index) return index;
    index = fetchJSON(manifestURL.href).then(function (m) {
      return fetchBytes(m.docs).then(gunzip).then(function (raw) {
        var r = { b: raw, i: 0 };
        var n = uvarint(r);
        var names = ['length', 'fieldEnd', 'date', 'kind', 'organ', 'year', 'topic', 'tag'];
        var cols = {};
        names.forEach(function (c) {
          if (c === 'organ') {
            // Organs: a count, then the ids, per document (a jointly
            // issued document has several); document d's ids are
            // organ[organOff[d]] up to organ[organOff[d + 1]].
            var off = new Uint32Array(n + 1), ids = [];
            for (var i = 0; i < n; i++) {
              for (var k = uvarint(r); k > 0; k--) ids.push(uvarint(r));
              off[i + 1] = ids.length;
            }
            cols.organ = Uint32Array.from(ids);
            cols.organOff = off;
            return;
          }
          var a = new Uint32Array(n);
          for (var j = 0; j < n; j++) a[j] = uvarint(r);
          cols[c] = a;
        });
        var nb = uvarint(r);
        var metaOff = new Array(nb + 1);
        metaOff[0] = 0;
        for (var b = 0; b < nb; b++) metaOff[b + 1] = metaOff[b] + uvarint(r);
        cols.metaOff = metaOff;
        var fold = new Map();
        var pairs = Array.from(m.fold || '');
        for (var k = 0; k + 1 < pairs.length; k += 2) fold.set(pairs[k], pairs[k + 1]);
        return { m: m, cols: cols, fold: fold, shards: new Map() };
      });
    });
    index.catch(function () { index = null; });
    return index;
  }

  // ---- Codes ---------------------------------------------------------

  function uvarint(r) {
    var v = 0, s = 0;
    while (r.i < r.b.length) {
      var c = r.b[r.i++];
      v += (c & 0x7f) * Math.pow(2, s);
      if (c < 0x80) return v;
      s += 7;
      if (s > 28) return v;
    }
    return v;
  }

  function BitReader(buf, start) { this.b = buf; this.pos = start * 8; this.end = buf.length * 8; }
  BitReader.prototype.bit = function () {
    if (this.pos >= this.end) { this.pos++; return 1; }
    var v = (this.b[this.pos >> 3] >> (7 - (this.pos & 7))) & 1;
    this.pos++;
    return v;
  };
  BitReader.prototype.read = function (n) {
    var v = 0;
    for (; n > 0; n--) v = v * 2 + this.bit();
    return v;
  };
  // Exp-Golomb code of order k (see bits.go).
  BitReader.prototype.eg = function (k) {
    var z = 0;
    while (this.bit() === 0) { if (++z > 32) return 0; }
    var hi = Math.pow(2, z) + this.read(z);
    return (hi - 1) * Math.pow(2, k) + this.read(k);
  };

  function decodeRecord(rec) {
    var r = { b: rec, i: 1 };
    var typ = rec[0];
    var df = uvarint(r);
    var kd = rec[r.i], kt = rec[r.i + 1];
    r.i += 2;
    var kp = 0;
    if (typ === REC_POS) kp = rec[r.i++];
    var br = new BitReader(rec, r.i);
    var out = [];
    var doc = -1;
    for (var n = 0; n < df && br.pos < br.end; n++) {
      doc += br.eg(kd) + 1;
      var p = { doc: doc, tf: br.eg(kt) + 1, field: false, pos: null };
      if (typ === REC_DOCS) {
        p.field = br.bit() === 1;
      } else {
        if (p.tf > (1 << 20)) break;
        var ps = new Int32Array(p.tf);
        var at = -1;
        for (var j = 0; j < p.tf; j++) { at += br.eg(kp) + 1; ps[j] = at; }
        p.pos = ps;
      }
      out.push(p);
    }
    return out;
  }

  function fnv32a(s) {
    var bytes = new TextEncoder().encode(s);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function parseShard(b) {
    var r = { b: b, i: 0 };
    var n = uvarint(r);
    var out = new Map();
    var inline = [];
    var dec = new TextDecoder();
    for (var k = 0; k < n; k++) {
      var l = uvarint(r);
      var t = dec.decode(b.subarray(r.i, r.i + l));
      r.i += l;
      var flags = b[r.i++];
      var e = { typ: flags & 1, df: uvarint(r), n: 0, rec: null, ext: null, sum: null };
      e.n = uvarint(r);
      if (flags & 2) e.ext = { pack: uvarint(r), off: uvarint(r), n: e.n }; else inline.push([t, e]);
      if (flags & 4) {
        var ns = uvarint(r);
        e.sum = { pack: uvarint(r), off: uvarint(r), n: ns };
      }
      out.set(t, e);
    }
    inline.forEach(function (x) { x[1].rec = b.subarray(r.i, r.i + x[1].n); r.i += x[1].n; });
    return out;
  }

  function lookup(ix, term) {
    var bucket = fnv32a(term) & (ix.m.buckets - 1);
    if (!ix.shards.has(bucket)) {
      ix.shards.set(bucket, fetchJSON('d/' + ix.m.dirs[Math.floor(bucket / DIR_SIZE)] + '.json').then(function (names) {
        var name = names[bucket % DIR_SIZE];
        if (!name) return new Map();
        return fetchBytes('s/' + name + '.bin').then(parseShard);
      }));
    }
    return ix.shards.get(bucket).then(function (sh) { return sh.get(term) || null; });
  }

  var decoded = new Map(); // pack:offset → postings (repeated queries stay fast)

  function recordOf(ix, e, summary) {
    var x = summary ? e.sum : e.ext;
    if (!x) return Promise.resolve(decodeRecord(e.rec));
    var name = 'p/' + ix.m.packs[x.pack] + '.bin';
    var key = name + '#' + x.off;
    if (!decoded.has(key)) {
      decoded.set(key, fetchRange(name, x.off, x.n).then(decodeRecord));
      decoded.get(key).catch(function () { decoded.delete(key); });
    }
    return decoded.get(key);
  }

  // ---- Query ---------------------------------------------------------

  var INDEXABLE = /[\p{L}\p{N}]/u;
  var HAN = /\p{Script=Han}/u;

  function foldChar(ix, ch) {
    var c = ch.codePointAt(0);
    if (c >= 0xff01 && c <= 0xff5e) ch = String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) return ' ';
    if (c < 0x250 || (c >= 0xff01 && c <= 0xff5e)) return ch.toLowerCase();
    return ix.fold.get(ch) || ch;
  }

  function indexable(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0xe000 && c <= 0xf8ff) return false;
    return INDEXABLE.test(ch);
  }

  function parseQuery(ix, q) {
    q = Array.from(q).slice(0, 1000).join(''); // characters, as Go's ParseQuery counts them
    var phrases = [], cur = [];
    Array.from(q).forEach(function (ch) {
      var f = foldChar(ix, ch);
      if (indexable(f)) { cur.push(f); return; }
      if (cur.length) { phrases.push(cur); cur = []; }
    });
    if (cur.length) phrases.push(cur);
    return { phrases: phrases, docNo: normDocNo(ix, q) };
  }

  // normDocNo is NormDocNo of stream.go: the key of a 发文字号 written in
  // any usual form (docno.Parse and Number.Key, parseDocNo below), else
  // read again with brackets and separators dropped, else that text when
  // it is Han characters and at least five digits; '' for none.
  function normDocNo(ix, s) {
    var key = parseDocNo(ix, s);
    if (key) return key;
    var k = '';
    Array.from(s).forEach(function (ch) {
      if (DOCNO_DROP.indexOf(ch) >= 0) return;
      var f = foldChar(ix, ch);
      if (f === ' ' || DOCNO_DROP.indexOf(f) >= 0) return;
      k += f;
    });
    key = parseDocNo(ix, k);
    if (key) return key;
    var m = /^(\p{Script=Han}+)([0-9]{5,})$/u.exec(k);
    return m ? k : '';
  }

  var SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

  // parseDocNo mirrors docno.Parse followed by Number.Key: the agency
  // folded to Simplified (発 to 发), then 〔year〕serial号, or 第serial号
  // for an order (令) without a year; '' when s is not a 发文字号.
  function parseDocNo(ix, s) {
    var rs = Array.from(s);
    var lo = 0, i = rs.length;
    while (lo < i && SPACE.test(rs[lo])) lo++;
    while (i > lo && SPACE.test(rs[i - 1])) i--;
    if (i === lo) return '';
    function skipSpace() { while (i > lo && SPACE.test(rs[i - 1])) i--; }
    function isDigit(ch) { return (ch >= '0' && ch <= '9') || (ch >= '０' && ch <= '９'); }
    function digitsBack() {
      var j = i, d = '';
      while (j > lo && isDigit(rs[j - 1])) j--;
      for (var k = j; k < i; k++) {
        var c = rs[k].charCodeAt(0);
        d += String.fromCharCode(c >= 0xff10 ? c - 0xfee0 : c);
      }
      i = j;
      return d;
    }
    function yearOf(y) {
      var v = Number(y);
      return y.length === 4 && v >= 1949 && v <= 2100 ? v : -1;
    }
    if (rs[i - 1] === '号' || rs[i - 1] === '號') i--;
    skipSpace();
    var serial = digitsBack();
    if (!serial) return '';
    skipSpace();
    var hasDi = i > lo && rs[i - 1] === '第';
    if (hasDi) { i--; skipSpace(); }
    var year;
    if (i > lo && DOCNO_CLOSE.indexOf(rs[i - 1]) >= 0) {
      i--;
      skipSpace();
      var y = digitsBack();
      skipSpace();
      if (i === lo || DOCNO_OPEN.indexOf(rs[i - 1]) < 0) return '';
      i--;
      year = yearOf(y);
    } else if (i > lo && isDigit(rs[i - 1])) {
      year = yearOf(digitsBack());
    } else if (i > lo && rs[i - 1] === '令') {
      year = 0;
    } else if (!hasDi && serial.length > 4) {
      year = yearOf(serial.slice(0, 4));
      serial = serial.slice(4);
    } else {
      return '';
    }
    if (year < 0) return '';
    serial = serial.replace(/^0+/, '');
    if (!serial || serial.length > 6) return '';
    var agency = rs.slice(lo, i);
    while (agency.length && SPACE.test(agency[agency.length - 1])) agency.pop();
    if (!agency.length || agency.length > (year ? 10 : 16)) return '';
    var a = '';
    for (var k = 0; k < agency.length; k++) {
      var ch = agency[k];
      if (ch.codePointAt(0) < 0x2e80 || ch === '〇' || !HAN.test(ch)) return '';
      ch = foldChar(ix, ch);
      a += ch === '発' ? '发' : ch;
    }
    return year ? a + '〔' + year + '〕' + serial + '号' : a + '第' + serial + '号';
  }

  // Documents containing phrase p (array of folded characters): Map doc → {tf, field}.
  function matchPhrase(ix, p) {
    var s = p.join('');
    var n = p.length;
    var first = n <= 4 ? lookup(ix, s) : Promise.resolve(null);
    return first.then(function (e) {
      if (!e && n <= 2) return new Map();
      var direct = n <= 2 || (e && (n === 3 || e.typ === REC_DOCS));
      if (direct) {
        return recordOf(ix, e, !!e.sum).then(function (ps) {
          var out = new Map();
          ps.forEach(function (x) {
            var field = x.field;
            if (x.pos) field = x.pos[0] < ix.cols.fieldEnd[x.doc];
            out.set(x.doc, { tf: x.tf, field: field });
          });
          return out;
        });
      }
      return cover(ix, p).then(function (grams) {
        if (!grams) return new Map();
        return alignGrams(ix, grams, n);
      });
    });
  }

  function cover(ix, p) {
    var n = p.length;
    var jobs = [];
    for (var i = 0; i + 2 <= n; i++) {
      jobs.push((function (i) {
        var t = p.slice(i, i + 2).join('');
        return lookup(ix, t).then(function (e) {
          if (!e) return null;
          if (e.typ === REC_POS) return [{ term: t, off: i, len: 2, e: e }];
          // Heavy bigram: its positions are stored in the trigrams around it.
          var subs = [i, i - 1].filter(function (s) { return s >= 0 && s + 3 <= n; });
          return Promise.all(subs.map(function (s) {
            var tt = p.slice(s, s + 3).join('');
            return lookup(ix, tt).then(function (te) { return te ? { term: tt, off: s, len: 3, e: te } : null; });
          })).then(function (gs) {
            if (gs.length === 0 || gs.some(function (g) { return !g; })) return null;
            return gs;
          });
        });
      })(i));
    }
    return Promise.all(jobs).then(function (res) {
      if (res.some(function (r) { return !r; })) return null;
      var cands = [].concat.apply([], res);
      return minCover(cands, n);
    });
  }

  function minCover(cands, n) {
    var best = [], from = [];
    for (var i = 0; i <= n; i++) { best.push(Infinity); from.push([]); }
    best[0] = 0;
    for (var j = 0; j < n; j++) {
      if (best[j] === Infinity) continue;
      cands.forEach(function (c, ci) {
        var end = c.off + c.len;
        if (c.off > j || end <= j) return;
        var v = best[j] + c.e.n;
        if (v < best[end]) { best[end] = v; from[end] = from[j].concat([ci]); }
      });
    }
    return from[n].map(function (ci) { return cands[ci]; });
  }

  function alignGrams(ix, grams, n) {
    grams.sort(function (a, b) { return a.e.df - b.e.df; });
    return Promise.all(grams.map(function (g) { return recordOf(ix, g.e, false); })).then(function (recs) {
      var cur = null;
      for (var gi = 0; gi < grams.length; gi++) {
        var off = grams[gi].off;
        var next = new Map();
        recs[gi].forEach(function (ps) {
          if (gi === 0) {
            var starts = [];
            for (var k = 0; k < ps.pos.length; k++) starts.push(ps.pos[k] - off);
            next.set(ps.doc, starts);
            return;
          }
          var prev = cur.get(ps.doc);
          if (!prev) return;
          var keep = [], k2 = 0;
          prev.forEach(function (s) {
            var want = s + off;
            while (k2 < ps.pos.length && ps.pos[k2] < want) k2++;
            if (k2 < ps.pos.length && ps.pos[k2] === want) keep.push(s);
          });
          if (keep.length) next.set(ps.doc, keep);
        });
        cur = next;
        if (cur.size === 0) break;
      }
      var out = new Map();
      cur.forEach(function (starts, d) {
        out.set(d, { tf: starts.length, field: starts[0] + n <= ix.cols.fieldEnd[d] });
      });
      return out;
    });
  }

  function bm25(tf, dl, avg) {
    var k1 = 1.2, b = 0.75;
    return tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / (avg || 1)));
  }

  // All matching documents with tier and score (before filters).
  function runQuery(ix, q) {
    var pq = parseQuery(ix, q);
    var N = ix.m.n;
    return Promise.all(pq.phrases.map(function (p) { return matchPhrase(ix, p); })).then(function (all) {
      var docs = null;
      all.forEach(function (hits) {
        var idf = Math.log(1 + (N - hits.size + 0.5) / (hits.size + 0.5));
        var next = new Map();
        hits.forEach(function (h, d) {
          var prev = docs ? docs.get(d) : { doc: d, tier: 1, score: 0 };
          if (!prev) return;
          if (!h.field) prev.tier = 0;
          prev.score += idf * bm25(h.tf, Math.pow(2, ix.cols.length[d] / 12) - 1, ix.m.avgdl);
          next.set(d, prev);
        });
        docs = next;
      });
      docs = docs || new Map();
      if (!pq.docNo) return docs;
      return lookup(ix, '#' + pq.docNo).then(function (e) {
        if (!e) return docs;
        return recordOf(ix, e, false).then(function (ps) {
          ps.forEach(function (x) {
            var h = docs.get(x.doc);
            if (!h) { h = { doc: x.doc, tier: 0, score: 0 }; docs.set(x.doc, h); }
            h.tier = 2;
          });
          return docs;
        });
      });
    });
  }

  function facetValue(ix, facet, d) {
    var c = ix.cols, m = ix.m;
    switch (facet) {
      case 'kind': return m.kinds[c.kind[d]][0];
      case 'organ':
        var names = [];
        for (var i = c.organOff[d]; i < c.organOff[d + 1]; i++) names.push(m.organs[c.organ[i]]);
        return names.join('、');
      case 'year': return c.year[d] ? String(c.year[d]) : '';
      case 'topic': return m.topics[c.topic[d]];
      default: return m.tags[c.tag[d]];
    }
  }

  // Facet columns and their value lists: a facet value is compared by id.
  function facetColumn(ix, facet) {
    var c = ix.cols, m = ix.m;
    switch (facet) {
      case 'kind': return { col: c.kind, names: m.kinds.map(function (k) { return k[0]; }) };
      case 'organ': return { col: c.organ, off: c.organOff, names: m.organs }; // several per document
      case 'topic': return { col: c.topic, names: m.topics };
      case 'tag': return { col: c.tag, names: m.tags };
      default: return { col: c.year, names: null }; // the value is the year itself
    }
  }

  // Filters, facet counts (each facet ignoring its own filter) and ranking.
  function finish(ix, docs, want) {
    var fs = FACETS.map(function (f) {
      var fc = facetColumn(ix, f);
      var w = -1;
      if (want[f]) w = fc.names ? fc.names.indexOf(want[f]) : Number(want[f]) || -2;
      if (want[f] && w < 0) w = -2; // a value that no document has
      return { name: f, col: fc.col, off: fc.off, names: fc.names, want: w, counts: new Map() };
    });
    var nf = fs.length;
    var vals = new Array(nf);
    var hits = [];
    function count(f, v) { f.counts.set(v, (f.counts.get(v) || 0) + 1); }
    docs.forEach(function (h, d) {
      var failed = -1, nfail = 0, f, k;
      for (var i = 0; i < nf; i++) {
        f = fs[i];
        if (f.off) {
          // Several values (organs): the document passes when one of
          // them is the one wanted.
          if (f.want === -1) continue;
          for (k = f.off[d]; k < f.off[d + 1] && f.col[k] !== f.want; k++);
          if (k === f.off[d + 1]) { failed = i; nfail++; }
          continue;
        }
        vals[i] = f.col[d];
        if (f.want !== -1 && vals[i] !== f.want) { failed = i; nfail++; }
      }
      if (nfail > 1) return;
      for (var j = 0; j < nf; j++) {
        if (nfail === 0 || failed === j) {
          f = fs[j];
          if (f.off) {
            for (k = f.off[d]; k < f.off[d + 1]; k++) count(f, f.col[k]);
          } else if (vals[j]) {
            count(f, vals[j]);
          }
        }
      }
      if (nfail === 0) hits.push(h);
    });
    var counts = {};
    fs.forEach(function (f) {
      var m = new Map();
      f.counts.forEach(function (n, v) { m.set(f.names ? f.names[v] : String(v), n); });
      counts[f.name] = m;
    });
    var date = ix.cols.date;
    hits.sort(function (a, b) {
      return (b.tier - a.tier) || (b.score - a.score) || (date[b.doc] - date[a.doc]) || (a.doc - b.doc);
    });
    return { hits: hits, counts: counts };
  }

  function meta(ix, d) {
    var blk = Math.floor(d / META_BLOCK);
    var off = ix.cols.metaOff[blk];
    return fetchRange('m/' + ix.m.meta + '.bin', off, ix.cols.metaOff[blk + 1] - off).then(function (b) {
      var rows = JSON.parse(new TextDecoder().decode(b));
      var r = rows[d % META_BLOCK];
      return { url: r[0], title: r[1], docNo: r[2], date: r[3], lang: r[4] || '' };
    });
  }

  // ---- Rendering -----------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // Document URLs in the index may or may not carry the site's base path.
  function siteURL(u) {
    if (/^[a-z]+:/i.test(u)) return u;
    if (siteBase !== '/' && u.indexOf(siteBase) === 0) return u;
    return siteBase.replace(/\/$/, '') + (u.charAt(0) === '/' ? u : '/' + u);
  }

  function formatDate(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
    return m ? m[1] + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' : (s || '');
  }

  // findPhrase is the index of the first occurrence of the phrase p (folded
  // characters) in folded (the folded characters of a text) from "from"
  // on, or -1. Characters are compared whole: one outside the BMP is one
  // entry, never confused with another.
  function findPhrase(folded, p, from) {
    outer:
    for (var i = from; i + p.length <= folded.length; i++) {
      for (var k = 0; k < p.length; k++) {
        if (folded[i + k] !== p[k]) continue outer;
      }
      return i;
    }
    return -1;
  }

  function foldAll(ix, chars) {
    return chars.map(function (ch) { return foldChar(ix, ch); });
  }

  // Appends text to node with every occurrence of the phrases marked.
  function appendMarked(ix, node, text, phrases) {
    var chars = Array.from(text);
    var folded = foldAll(ix, chars);
    var marks = new Uint8Array(chars.length);
    phrases.forEach(function (p) {
      if (!p.length) return;
      for (var at = findPhrase(folded, p, 0); at >= 0; at = findPhrase(folded, p, at + 1)) {
        for (var k = at; k < at + p.length; k++) marks[k] = 1;
      }
    });
    var i = 0;
    while (i < chars.length) {
      var j = i;
      while (j < chars.length && marks[j] === marks[i]) j++;
      var part = chars.slice(i, j).join('');
      node.appendChild(marks[i] ? el('mark', null, part) : document.createTextNode(part));
      i = j;
    }
  }

  var snippetCache = new Map();

  // Loads the document page and shows the text around the first match.
  function fillSnippet(ix, node, url, phrases) {
    if (!snippetCache.has(url)) {
      snippetCache.set(url, fetch(url).then(function (r) { return r.ok ? r.text() : ''; }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var body = doc.querySelector('article .body') || doc.querySelector('article') || doc.querySelector('main');
        return body ? body.textContent.replace(/\s+/g, ' ').trim() : '';
      }).catch(function () { return ''; }));
    }
    snippetCache.get(url).then(function (text) {
      if (!text) return;
      var chars = Array.from(text);
      var folded = foldAll(ix, chars);
      var at = -1;
      phrases.forEach(function (p) {
        var i = p.length ? findPhrase(folded, p, 0) : -1;
        if (i >= 0 && (at < 0 || i < at)) at = i;
      });
      var start = Math.max(0, at - 40), end = Math.min(chars.length, Math.max(at, 0) + 100);
      node.textContent = '';
      if (start > 0) node.appendChild(document.createTextNode('…'));
      appendMarked(ix, node, chars.slice(start, end).join(''), phrases);
      if (end < chars.length) node.appendChild(document.createTextNode('…'));
    });
  }

  function renderHit(ix, h, phrases) {
    var li = el('li', 's-hit');
    var h3 = el('h3', 's-title');
    var a = el('a');
    h3.appendChild(a);
    var info = el('p', 's-meta');
    var snip = el('p', 's-snippet');
    li.appendChild(h3);
    li.appendChild(info);
    li.appendChild(snip);
    var tag = facetValue(ix, 'tag', h.doc);
    var organ = facetValue(ix, 'organ', h.doc);
    var kind = ix.m.kinds[ix.cols.kind[h.doc]];
    meta(ix, h.doc).then(function (m) {
      var url = siteURL(m.url);
      a.href = url;
      // A document in another script: its title, number and text (the
      // snippet) carry its lang; the site's labels stay Simplified.
      if (m.lang) {
        a.setAttribute('lang', m.lang);
        snip.setAttribute('lang', m.lang);
      }
      appendMarked(ix, a, m.title, phrases);
      if (tag) info.appendChild(el('span', 's-tag s-tag-' + (TAG_CLASS[tag] || 'other'), tag));
      if (kind && kind[1]) info.appendChild(el('span', 's-kind', kind[1]));
      if (organ) info.appendChild(el('span', 's-organ', organ));
      if (m.docNo) {
        var dn = el('span', 's-docno');
        if (m.lang) dn.setAttribute('lang', m.lang);
        appendMarked(ix, dn, m.docNo, phrases);
        info.appendChild(dn);
      }
      if (m.date) {
        var t = el('time', 's-date', formatDate(m.date));
        t.setAttribute('datetime', m.date);
        info.appendChild(t);
      }
      fillSnippet(ix, snip, url, phrases);
    }).catch(function () { a.textContent = '（无法加载此结果）'; });
    return li;
  }

  function renderFilters(ix, counts, want) {
    els.filters.textContent = '';
    FACETS.forEach(function (f) {
      var list = Array.from(counts[f].entries()).sort(function (a, b) { return (b[1] - a[1]) || (a[0] < b[0] ? -1 : 1); });
      if (f === 'year') list.sort(function (a, b) { return Number(b[0]) - Number(a[0]); });
      if (list.length === 0 && !want[f]) return;
      var wrap = el('div', 's-filter');
      var id = 's-f-' + f;
      var label = el('label', null, FACET_LABELS[f]);
      label.htmlFor = id;
      var sel = el('select');
      sel.id = id;
      sel.name = f;
      sel.appendChild(new Option('全部', ''));
      var seen = false;
      list.forEach(function (e) {
        var text = f === 'kind' ? kindLabel(ix, e[0]) : f === 'year' ? e[0] + '年' : e[0];
        var o = new Option(text + '（' + e[1] + '）', e[0]);
        if (e[0] === want[f]) { o.selected = true; seen = true; }
        sel.appendChild(o);
      });
      if (want[f] && !seen) {
        var o = new Option(want[f] + '（0）', want[f]);
        o.selected = true;
        sel.appendChild(o);
      }
      sel.addEventListener('change', function () { state[f] = sel.value; state.page = 1; update(true); });
      wrap.appendChild(label);
      wrap.appendChild(sel);
      els.filters.appendChild(wrap);
    });
    var any = FACETS.some(function (f) { return want[f]; });
    if (any) {
      var clear = el('button', 's-clear', '清除筛选');
      clear.type = 'button';
      clear.addEventListener('click', function () { FACETS.forEach(function (f) { state[f] = ''; }); state.page = 1; update(true); });
      els.filters.appendChild(clear);
    }
    els.filters.hidden = els.filters.childNodes.length === 0;
  }

  function kindLabel(ix, id) {
    for (var i = 0; i < ix.m.kinds.length; i++) if (ix.m.kinds[i][0] === id) return ix.m.kinds[i][1] || id;
    return id;
  }

  function renderEmpty(q, filtered) {
    els.empty.textContent = '';
    els.empty.appendChild(el('p', 's-empty-title', '没有找到与“' + q + '”相关的结果。'));
    var ul = el('ul');
    var tips = [];
    if (filtered) tips.push('取消部分筛选条件，或点击“清除筛选”；');
    tips.push('检查是否有错别字，或换用更短、更常用的词语；');
    tips.push('多个关键词用空格分开时须同时出现，可减少关键词；');
    tips.push('按发文字号搜索，例如“沈政发〔2017〕45号”，括号和“号”字可以省略；');
    tips.forEach(function (t) { ul.appendChild(el('li', null, t)); });
    var li = el('li', null, '也可以到');
    var a = el('a', null, '政策文件库');
    a.href = siteURL('/policies/');
    li.appendChild(a);
    li.appendChild(document.createTextNode('按发文机关、年份或主题分类浏览。'));
    ul.appendChild(li);
    els.empty.appendChild(ul);
    els.empty.hidden = false;
  }

  function renderPager(total) {
    els.pager.textContent = '';
    var pages = Math.ceil(total / PAGE_SIZE);
    if (pages <= 1) { els.pager.hidden = true; return; }
    els.pager.hidden = false;
    function btn(text, page, disabled) {
      var b = el('button', 's-page', text);
      b.type = 'button';
      b.disabled = disabled;
      b.addEventListener('click', function () {
        state.page = page;
        update(true);
        els.status.focus();
      });
      return b;
    }
    els.pager.appendChild(btn('上一页', state.page - 1, state.page <= 1));
    els.pager.appendChild(el('span', 's-page-no', '第 ' + state.page + ' / ' + pages + ' 页'));
    els.pager.appendChild(btn('下一页', state.page + 1, state.page >= pages));
  }

  // ---- State and URL -------------------------------------------------

  var state = { q: '', page: 1, kind: '', organ: '', year: '', topic: '', tag: '' };

  function readURL() {
    var p = new URLSearchParams(location.search);
    state.q = p.get('q') || '';
    state.page = Math.max(1, parseInt(p.get('page') || '1', 10) || 1);
    FACETS.forEach(function (f) { state[f] = p.get(f) || ''; });
  }

  // writeURL puts the state in the address: as a new history entry when a
  // reader searched, filtered or paged (push), so that Back returns to the
  // search before; in place when the page opened or went back.
  function writeURL(push) {
    var p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    FACETS.forEach(function (f) { if (state[f]) p.set(f, state[f]); });
    if (state.page > 1) p.set('page', String(state.page));
    var s = p.toString();
    var url = location.pathname + (s ? '?' + s : '') + location.hash;
    if (push && url !== location.pathname + location.search + location.hash) {
      history.pushState(null, '', url);
    } else {
      history.replaceState(null, '', url);
    }
  }

  var lastQuery = null; // {q, docs}
  var seq = 0;

  function update(push) {
    writeURL(push);
    var q = state.q.trim();
    els.results.textContent = '';
    els.empty.hidden = true;
    els.pager.hidden = true;
    if (!q) {
      els.status.textContent = '请输入关键词、标题或发文字号。';
      els.filters.hidden = true;
      return;
    }
    var my = ++seq;
    els.status.textContent = '正在检索……';
    var t0 = performance.now();
    openIndex().then(function (ix) {
      var docsP = lastQuery && lastQuery.q === q ? Promise.resolve(lastQuery.docs) : runQuery(ix, q);
      return docsP.then(function (docs) {
        if (my !== seq) return;
        lastQuery = { q: q, docs: docs };
        var want = {};
        FACETS.forEach(function (f) { want[f] = state[f]; });
        var res = finish(ix, docs, want);
        var ms = Math.round(performance.now() - t0);
        app.setAttribute('data-ms', String(ms));
        renderFilters(ix, res.counts, want);
        var filtered = FACETS.some(function (f) { return want[f]; });
        if (res.hits.length === 0) {
          els.status.textContent = '没有找到结果。';
          renderEmpty(q, filtered);
          return;
        }
        var pages = Math.ceil(res.hits.length / PAGE_SIZE);
        if (state.page > pages) {
          state.page = pages;
          writeURL(false);
        }
        els.status.textContent = '找到 ' + res.hits.length + ' 条结果' + (pages > 1 ? '，第 ' + state.page + ' 页' : '') + '。';
        var phrases = parseQuery(ix, q).phrases;
        var ol = el('ol', 's-list');
        ol.start = (state.page - 1) * PAGE_SIZE + 1;
        res.hits.slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE).forEach(function (h) {
          ol.appendChild(renderHit(ix, h, phrases));
        });
        els.results.appendChild(ol);
        renderPager(res.hits.length);
      });
    }).catch(function (e) {
      if (my !== seq) return;
      els.status.textContent = '搜索暂时无法使用（' + e.message + '）。请稍后重试，或到政策文件库浏览。';
    });
  }

  els.form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    state.q = els.input.value;
    state.page = 1;
    update(true);
  });

  // Back and Forward show the search of that entry.
  window.addEventListener('popstate', function () {
    readURL();
    els.input.value = state.q;
    update(false);
  });

  readURL();
  els.input.value = state.q;
  app.classList.add('s-ready');
  update(false);
})();
