// Reads a C2SP tlog-tiles folder with Go's reference tile code, golang.org/x/mod/sumdb/tlog (tiles of height 8,
// as tlog-tiles fixes them), after verifying its checkpoint with golang.org/x/mod/sumdb/note.
// Usage: go run tilecheck.go VKEY_FILE TILE_DIR INDEX...   (GOPATH mode: GO111MODULE=off GOPATH=<gocode>)
// For each INDEX it proves the entry's inclusion from the tiles and checks the entry bundle hashes to it; it
// proves consistency from every INDEX+1 to the checkpoint's size. Prints "ok SIZE ROOT" or "error: ..." (exit 1).
package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type dirTiles struct{ dir string }

func (d dirTiles) Height() int { return 8 }

// C2SP drops Go's height element: tile/8/L/N -> tile/L/N.
func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		p := strings.Replace(t.Path(), "tile/8/", "tile/", 1)
		b, err := os.ReadFile(filepath.Join(d.dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func (d dirTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func fail(err error) {
	fmt.Println("error:", err)
	os.Exit(1)
}

func entry(dir string, n, i int64) []byte {
	w := n - i/256*256
	name := tlog.Tile{H: 8, L: 0, N: i / 256, W: 256}.Path()
	if w < 256 {
		name = tlog.Tile{H: 8, L: 0, N: i / 256, W: int(w)}.Path()
	}
	name = strings.Replace(name, "tile/8/0/", "tile/entries/", 1)
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		fail(err)
	}
	for k := int64(0); ; k++ {
		l := int(b[0])<<8 | int(b[1])
		if k == i%256 {
			return b[2 : 2+l]
		}
		b = b[2+l:]
	}
}

func main() {
	vkey, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	dir := os.Args[2]
	msg, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		fail(err)
	}
	v, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		fail(err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		fail(err)
	}
	lines := strings.Split(n.Text, "\n")
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail(err)
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != 32 {
		fail(fmt.Errorf("bad root %q", lines[2]))
	}
	var root tlog.Hash
	copy(root[:], raw)
	tree := tlog.Tree{N: size, Hash: root}
	hr := tlog.TileHashReader(tree, dirTiles{dir})
	th, err := tlog.TreeHash(size, hr)
	if err != nil {
		fail(err)
	}
	if th != root {
		fail(fmt.Errorf("tree hash %v from the tiles is not the signed root %v", th, root))
	}
	for _, a := range os.Args[3:] {
		i, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			fail(err)
		}
		p, err := tlog.ProveRecord(size, i, hr)
		if err != nil {
			fail(err)
		}
		if err := tlog.CheckRecord(p, size, root, i, tlog.RecordHash(entry(dir, size, i))); err != nil {
			fail(fmt.Errorf("entry %d: %v", i, err))
		}
		old, err := tlog.TreeHash(i+1, hr)
		if err != nil {
			fail(err)
		}
		tp, err := tlog.ProveTree(size, i+1, hr)
		if err != nil {
			fail(err)
		}
		if err := tlog.CheckTree(tp, size, root, i+1, old); err != nil {
			fail(fmt.Errorf("consistency from %d: %v", i+1, err))
		}
	}
	fmt.Println("ok", size, root)
}
