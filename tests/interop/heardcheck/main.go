// Command heardcheck verifies a Heard log's checkpoints, proofs and tiles with the Go
// reference code (golang.org/x/mod/sumdb/note and sumdb/tlog), independently of Heard's Rust
// verifiers. tests/interop.rs writes the folders and runs it.
//
// Build in GOPATH mode, with the Debian package golang-golang-x-mod-dev:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o heardcheck ./tests/interop/heardcheck
//
// Usage: heardcheck DIR. DIR holds (all required):
//
//	vkey                   the log's verifier key, one line: <name>+<hex key ID>+<base64(0x01 ‖ key)>
//	checkpoint             a signed checkpoint note (c2sp.org/tlog-checkpoint), the newer tree
//	old_checkpoint         a signed checkpoint note of an older tree of the same log
//	consistency            the consistency proof from old_checkpoint to checkpoint:
//	                       base64 hashes (RFC 4648 standard, padded), one a line
//	inclusion/<name>/index decimal leaf index
//	inclusion/<name>/entry the entry's bytes, raw (the Merkle leaf input)
//	inclusion/<name>/proof its inclusion proof in the tree of `checkpoint`: base64 hashes, one a line
//	tiles/                 a c2sp.org/tlog-tiles folder (heard export-tiles): its own
//	                       `checkpoint`, tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>]
//
// It prints one line per check, `ok <name>` or `FAIL <name>: <reason>`, and exits 1 if any
// check failed (2 on a usage error). Checks: vkey, checkpoint, old_checkpoint, consistency,
// inclusion/<name> (sorted by name), tiles/checkpoint, tiles/hashes, tiles/entries.
package main

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tileHeight is the C2SP tlog-tiles height: 256 hashes per full tile.
const tileHeight = 8

type checkpoint struct {
	origin string
	tree   tlog.Tree
}

type checker struct {
	dir      string
	failed   bool
	verifier note.Verifier
}

func (c *checker) report(name string, err error) {
	if err != nil {
		c.failed = true
		fmt.Printf("FAIL %s: %v\n", name, err)
		return
	}
	fmt.Printf("ok %s\n", name)
}

func (c *checker) read(rel string) ([]byte, error) {
	return os.ReadFile(filepath.Join(c.dir, rel))
}

// openCheckpoint verifies a signed note with the log key and parses the checkpoint text by
// hand (c2sp.org/tlog-checkpoint: origin, decimal size, base64 root hash, then extensions).
func (c *checker) openCheckpoint(rel string) (*checkpoint, error) {
	if c.verifier == nil {
		return nil, errors.New("no verifier key")
	}
	msg, err := c.read(rel)
	if err != nil {
		return nil, err
	}
	n, err := note.Open(msg, note.VerifierList(c.verifier))
	if err != nil {
		return nil, fmt.Errorf("signature: %w", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		return nil, errors.New("checkpoint text has fewer than three lines")
	}
	origin, sizeText, rootText := lines[0], lines[1], lines[2]
	if origin == "" {
		return nil, errors.New("empty origin")
	}
	if origin != c.verifier.Name() {
		return nil, fmt.Errorf("origin %q differs from the log key name %q", origin, c.verifier.Name())
	}
	size, err := strconv.ParseInt(sizeText, 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != sizeText {
		return nil, fmt.Errorf("bad tree size %q", sizeText)
	}
	root, err := tlog.ParseHash(rootText)
	if err != nil || base64.StdEncoding.EncodeToString(root[:]) != rootText {
		return nil, fmt.Errorf("bad root hash %q", rootText)
	}
	return &checkpoint{origin: origin, tree: tlog.Tree{N: size, Hash: root}}, nil
}

func (c *checker) readHashes(rel string) ([]tlog.Hash, error) {
	data, err := c.read(rel)
	if err != nil {
		return nil, err
	}
	var hashes []tlog.Hash
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if line == "" {
			continue
		}
		h, err := tlog.ParseHash(line)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %v", rel, i+1, err)
		}
		hashes = append(hashes, h)
	}
	return hashes, nil
}

func (c *checker) consistency(old, cur *checkpoint) error {
	if old == nil || cur == nil {
		return errors.New("needs both checkpoints")
	}
	proof, err := c.readHashes("consistency")
	if err != nil {
		return err
	}
	if old.tree.N > cur.tree.N {
		return fmt.Errorf("old size %d is above new size %d", old.tree.N, cur.tree.N)
	}
	if err := tlog.CheckTree(tlog.TreeProof(proof), cur.tree.N, cur.tree.Hash, old.tree.N, old.tree.Hash); err != nil {
		return fmt.Errorf("trees of size %d and %d are not consistent: %v", old.tree.N, cur.tree.N, err)
	}
	return nil
}

func (c *checker) inclusion(name string, cur *checkpoint) error {
	if cur == nil {
		return errors.New("needs the checkpoint")
	}
	base := filepath.Join("inclusion", name)
	indexText, err := c.read(filepath.Join(base, "index"))
	if err != nil {
		return err
	}
	index, err := strconv.ParseInt(strings.TrimSpace(string(indexText)), 10, 64)
	if err != nil || index < 0 {
		return fmt.Errorf("bad index %q", indexText)
	}
	entry, err := c.read(filepath.Join(base, "entry"))
	if err != nil {
		return err
	}
	proof, err := c.readHashes(filepath.Join(base, "proof"))
	if err != nil {
		return err
	}
	if index >= cur.tree.N {
		return fmt.Errorf("index %d is not below the tree size %d", index, cur.tree.N)
	}
	if err := tlog.CheckRecord(tlog.RecordProof(proof), cur.tree.N, cur.tree.Hash, index, tlog.RecordHash(entry)); err != nil {
		return fmt.Errorf("entry is not leaf %d of the tree of size %d: %v", index, cur.tree.N, err)
	}
	return nil
}

// indexPath writes a tile index in 3-digit groups, all but the last prefixed by x.
func indexPath(n int64) string {
	groups := []string{fmt.Sprintf("%03d", n%1000)}
	for n /= 1000; n > 0; n /= 1000 {
		groups = append([]string{fmt.Sprintf("x%03d", n%1000)}, groups...)
	}
	return strings.Join(groups, "/")
}

// tilePath is the C2SP tlog-tiles path of a tile; level "entries" names entry bundles.
func tilePath(level string, n int64, w int) string {
	p := "tile/" + level + "/" + indexPath(n)
	if w != 1<<tileHeight {
		p += fmt.Sprintf(".p/%d", w)
	}
	return p
}

// tileFiles reads hash tiles from a tlog-tiles folder for tlog.TileHashReader, which
// authenticates them against the tree hash.
type tileFiles struct{ dir string }

func (t tileFiles) Height() int { return tileHeight }

func (t tileFiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(tiles))
	for i, tile := range tiles {
		if tile.H != tileHeight || tile.L < 0 {
			return nil, fmt.Errorf("unexpected tile %+v", tile)
		}
		b, err := os.ReadFile(filepath.Join(t.dir, tilePath(strconv.Itoa(tile.L), tile.N, tile.W)))
		if err != nil {
			return nil, err
		}
		if len(b) != tile.W*tlog.HashSize {
			return nil, fmt.Errorf("%s has %d bytes, want %d", tilePath(strconv.Itoa(tile.L), tile.N, tile.W), len(b), tile.W*tlog.HashSize)
		}
		data[i] = b
	}
	return data, nil
}

func (t tileFiles) SaveTiles([]tlog.Tile, [][]byte) {}

// readRawTiles reads, without authentication, every tile of tile level `level` the tree
// needs (full ones, then the partial one) and returns their hashes in order.
func (c *checker) readRawTiles(level int, tree tlog.Tree) ([]tlog.Hash, error) {
	count := tree.N >> uint(level*tileHeight)
	var hashes []tlog.Hash
	for n := int64(0); n<<tileHeight < count; n++ {
		w := count - n<<tileHeight
		if w > 1<<tileHeight {
			w = 1 << tileHeight
		}
		b, err := tileFiles{filepath.Join(c.dir, "tiles")}.ReadTiles([]tlog.Tile{{H: tileHeight, L: level, N: n, W: int(w)}})
		if err != nil {
			return nil, err
		}
		for i := 0; i < len(b[0]); i += tlog.HashSize {
			var h tlog.Hash
			copy(h[:], b[0][i:])
			hashes = append(hashes, h)
		}
	}
	return hashes, nil
}

// tileHashesDirect recomputes the tree from the raw level-0 tiles with
// tlog.StoredHashesForRecordHash and checks its tlog.TreeHash against the checkpoint root
// and every level-1 tile hash against the recomputed stored hash. It does not rely on
// tlog.TileHashReader: in x/mod v0.7.0 its check of child tiles against their parents
// starts at len(stx), an index into the deduplicated tile list, and can skip tiles (in a
// tree of 300, tile/0/000 is never authenticated).
func (c *checker) tileHashesDirect(tree tlog.Tree) error {
	leaves, err := c.readRawTiles(0, tree)
	if err != nil {
		return err
	}
	var stored []tlog.Hash
	r := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			if x < 0 || x >= int64(len(stored)) {
				return nil, fmt.Errorf("stored hash %d is missing", x)
			}
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, leaf := range leaves {
		hs, err := tlog.StoredHashesForRecordHash(int64(i), leaf, r)
		if err != nil {
			return err
		}
		stored = append(stored, hs...)
	}
	root, err := tlog.TreeHash(tree.N, r)
	if err != nil {
		return err
	}
	if root != tree.Hash {
		return errors.New("the tree hash of the level-0 tiles differs from the checkpoint root")
	}
	for l := 1; tree.N>>uint(l*tileHeight) > 0; l++ {
		upper, err := c.readRawTiles(l, tree)
		if err != nil {
			return err
		}
		for k, h := range upper {
			if stored[tlog.StoredHashIndex(l*tileHeight, int64(k))] != h {
				return fmt.Errorf("hash %d of the level-%d tiles differs from the tree of the level-0 tiles", k, l)
			}
		}
	}
	return nil
}

// tileHashes reads every leaf hash and every level-8 hash of the tree through
// tlog.TileHashReader (which authenticates the tiles it reads against the checkpoint root,
// see tileHashesDirect for its gap), then recomputes the root with tlog.TreeHash.
func (c *checker) tileHashes(tree tlog.Tree) ([]tlog.Hash, error) {
	r := tlog.TileHashReader(tree, tileFiles{filepath.Join(c.dir, "tiles")})
	var indexes []int64
	for i := int64(0); i < tree.N; i++ {
		indexes = append(indexes, tlog.StoredHashIndex(0, i))
	}
	for i := int64(0); i < tree.N>>tileHeight; i++ {
		indexes = append(indexes, tlog.StoredHashIndex(tileHeight, i))
	}
	if len(indexes) == 0 {
		return nil, nil
	}
	hashes, err := r.ReadHashes(indexes)
	if err != nil {
		return nil, err
	}
	root, err := tlog.TreeHash(tree.N, r)
	if err != nil {
		return nil, err
	}
	if root != tree.Hash {
		return nil, errors.New("tree hash from the tiles differs from the checkpoint root")
	}
	return hashes[:tree.N], nil
}

func (c *checker) tileEntries(tree tlog.Tree, leaves []tlog.Hash) error {
	if int64(len(leaves)) != tree.N {
		return errors.New("needs the authenticated leaf hashes")
	}
	seq := int64(0)
	for n := int64(0); seq < tree.N; n++ {
		w := int(tree.N - seq)
		if w > 1<<tileHeight {
			w = 1 << tileHeight
		}
		rel := tilePath("entries", n, w)
		b, err := os.ReadFile(filepath.Join(c.dir, "tiles", rel))
		if err != nil {
			return err
		}
		for i := 0; i < w; i++ {
			if len(b) < 2 {
				return fmt.Errorf("%s ends after %d entries, want %d", rel, i, w)
			}
			l := int(binary.BigEndian.Uint16(b))
			if len(b) < 2+l {
				return fmt.Errorf("%s: entry %d is truncated", rel, seq)
			}
			if tlog.RecordHash(b[2:2+l]) != leaves[seq] {
				return fmt.Errorf("%s: entry %d does not hash to leaf %d of the tiles", rel, seq, seq)
			}
			b = b[2+l:]
			seq++
		}
		if len(b) != 0 {
			return fmt.Errorf("%s has %d bytes after its %d entries", rel, len(b), w)
		}
	}
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: heardcheck DIR")
		os.Exit(2)
	}
	c := &checker{dir: os.Args[1]}

	vkey, err := c.read("vkey")
	if err == nil {
		c.verifier, err = note.NewVerifier(strings.TrimSpace(string(vkey)))
	}
	c.report("vkey", err)

	cur, err := c.openCheckpoint("checkpoint")
	c.report("checkpoint", err)
	old, err := c.openCheckpoint("old_checkpoint")
	c.report("old_checkpoint", err)
	c.report("consistency", c.consistency(old, cur))

	names, err := os.ReadDir(filepath.Join(c.dir, "inclusion"))
	if err != nil || len(names) == 0 {
		c.report("inclusion", fmt.Errorf("no inclusion cases: %v", err))
	}
	var sorted []string
	for _, n := range names {
		sorted = append(sorted, n.Name())
	}
	sort.Strings(sorted)
	for _, name := range sorted {
		c.report("inclusion/"+name, c.inclusion(name, cur))
	}

	tcp, err := c.openCheckpoint("tiles/checkpoint")
	c.report("tiles/checkpoint", err)
	var leaves []tlog.Hash
	if tcp == nil {
		err = errors.New("needs tiles/checkpoint")
	} else if err = c.tileHashesDirect(tcp.tree); err == nil {
		leaves, err = c.tileHashes(tcp.tree)
	}
	c.report("tiles/hashes", err)
	if err == nil {
		err = c.tileEntries(tcp.tree, leaves)
	} else {
		err = errors.New("needs tiles/hashes")
	}
	c.report("tiles/entries", err)

	if c.failed {
		os.Exit(1)
	}
}
