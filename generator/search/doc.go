// Package search builds gongkai's static full-text index at build time and
// answers queries over it (the same algorithm as the browser client in
// layouts/assets/search.js).
//
// # Text model
//
// Every document becomes one stream of codes: its title, 发文字号, 发文机关
// and body, each folded with hanfold.Fold (Traditional→Simplified, full-width
// → half-width, Latin case) so that 政務誠信 and 政务诚信 match. Letters,
// digits and Han characters are indexable; every other run of characters
// (punctuation, spaces, markup remnants) becomes one separator, and a phrase
// never spans a separator. Positions are indexes into this stream.
//
// # Terms and records
//
//   - every character (unigram): a document-level record (documents, term
//     frequency, and whether it occurs in the title or 发文字号);
//   - every pair of adjacent characters (bigram): a positional record
//     (documents, frequencies, positions);
//   - a "heavy" bigram, one with many occurrences (政府, 信用), keeps only a
//     document-level record; its positions are stored split by the
//     neighbouring character, as the trigrams that contain it (政府办,
//     人民政), each occurrence once — so a phrase query never downloads the
//     positions of a very common pair, only those of rarer trigrams;
//   - a heavy trigram (政务诚) also gets the 4-grams around it as
//     document-level records (政务诚信), so a frequent 4-character phrase is
//     answered from one small record;
//   - a large positional record carries a document-level summary, used
//     when the query is exactly that gram;
//   - each 发文字号, normalised to docno's key (NormDocNo: #沈政发〔2017〕45号,
//     also for 沈政发[2017]第045号, 瀋政發﹝2017﹞45號, 沈政发2017 45号), a
//     document-level record; a query that reads as a 发文字号 is looked up
//     by the same key.
//
// Heavy grams are chosen from a fixed sample of the documents (every 8th
// by id); the choice affects sizes, never results, because the client
// reads from each record's type which form a gram has.
//
// A query phrase of n ≥ 3 characters that is not itself a stored gram is
// matched by covering it with positional grams (bigrams, or trigrams where
// a bigram is heavy; the cover with the fewest bytes is chosen) and
// intersecting their positions at fixed offsets: the result is exactly the
// set of documents whose folded text contains the phrase (recall and
// precision 1).
//
// Records are Exp-Golomb coded bit streams (bits.go, record.go); terms are
// spread over content-hashed shard files by a hash of the term; large
// records are concatenated into a few content-hashed pack files and read
// with HTTP Range requests, so the index is a few hundred files while a
// query downloads only a few small shards and byte ranges (a server that
// ignores Range sends whole packs; results are the same). The layout of
// the files is described in write.go. Result display data (URL, title,
// 发文字号, date) is one file read by ranges in blocks of four documents;
// snippets are cut by the client from the result pages themselves.
//
// # Building
//
// The render phase hands documents over through Builder.Index while it
// renders their pages: each worker folds a page's text and adds it to its
// own partial index, in batches, and drops the folded text, so a large
// site's text is never held whole. A batch's gram occurrences are noted
// in reading order and sorted by term before they reach the postings, so
// that a posting's tail is touched once per batch, not once per
// occurrence (Add and Write remain for callers that
// have every document at hand). Heavy grams are chosen first, from every
// heavyStride-th document; each worker then walks a contiguous range of
// ids, and an idle worker takes over the second half of the largest range
// left. The partial postings of a term are read in turn by the encoder
// (joinParts, piece): nothing is copied to join them, and the output does
// not depend on how the ranges were split.
//
// With Builder.Spill (a one-off build), a range's postings go to a
// temporary file in os.TempDir (TMPDIR) whenever its arena reaches
// spillBudget, and the range goes on as a new part; the file holds each
// part's terms grouped by a hash of the gram, and Write encodes one such
// bucket at a time from every part (spill.go). The postings are about 15
// MB per 1,000 documents of the benchmark corpus; the file is unlinked as
// soon as it is made, and the build keeps them in memory when no file can
// be made. The bytes written are the same either way.
//
// # Patching (serve)
//
// `gongkai serve` writes the index again after every edit; Build with a
// Memo makes it from the change alone (memo.go). The memo holds each gram's
// record as bytes within the files last written, with its posting's counts
// and last document, the documents as indexed, the heavy grams and the
// sample's counts that chose them. After an edit, the old and the new text
// of each changed document are indexed alone; a gram whose entry for that
// document differs gets its record patched: on the coded bits when the
// counts give the same code orders (the old bits up to the document, its
// new entry, the rest copied with the next gap coded again), else decoded
// whole and encoded again. An edited document of the heavy-gram sample is
// checked against the kept counts. The files are then laid out from the
// records as in a full build, so the bytes are those of a full build of the
// same documents; the index is made whole when the list of documents
// changed, when many documents changed, or when the heavy grams would.
//
// # Filters
//
// Each document has one value or none for kind, year, 主题分类 and
// 有效性, and any number of 发文机关 (a jointly issued document has
// several): it passes the organ filter when one of its organs is the one
// wanted, and the organ facet counts it under each of them.
//
// # Ranking
//
// Documents whose normalised 发文字号 equals the query come first; then those
// where every query phrase occurs in the title or 发文字号; then by BM25 over
// the phrases; ties by date, newest first.
package search
