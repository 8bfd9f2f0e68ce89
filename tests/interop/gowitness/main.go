// gowitness: a C2SP tlog-witness written from the spec text (c2sp.org/tlog-witness,
// c2sp.org/tlog-cosignature) with Go's standard library and golang.org/x/mod/sumdb/{note,tlog},
// independent of Heard's code. It keeps its state in memory: tests/witness_protocol.rs uses
// it as the third witness of a log.
//
// Usage: gowitness -name NAME -seed HEX32 -log-key VKEY
// Prints "http://127.0.0.1:PORT" once listening on 127.0.0.1:0.
package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type witness struct {
	mu     sync.Mutex
	name   string
	key    ed25519.PrivateKey
	keyID  []byte
	logV   note.Verifier
	origin string
	size   int64
	root   tlog.Hash
}

func fail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintln(w, msg)
}

func (wt *witness) addCheckpoint(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		fail(w, http.StatusMethodNotAllowed, "POST only")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		fail(w, http.StatusBadRequest, "cannot read the body")
		return
	}
	head, checkpoint, ok := strings.Cut(string(body), "\n\n")
	if !ok {
		fail(w, http.StatusBadRequest, "no empty line")
		return
	}
	lines := strings.Split(head, "\n")
	if !strings.HasPrefix(lines[0], "old ") {
		fail(w, http.StatusBadRequest, "no old size line")
		return
	}
	old, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "old "), 10, 64)
	if err != nil || old < 0 {
		fail(w, http.StatusBadRequest, "bad old size")
		return
	}
	var proof tlog.TreeProof
	for _, l := range lines[1:] {
		h, err := base64.StdEncoding.DecodeString(l)
		if err != nil || len(h) != tlog.HashSize {
			fail(w, http.StatusBadRequest, "bad proof line")
			return
		}
		var x tlog.Hash
		copy(x[:], h)
		proof = append(proof, x)
	}
	origin, _, _ := strings.Cut(checkpoint, "\n")
	if origin != wt.origin {
		fail(w, http.StatusNotFound, "unknown log")
		return
	}
	n, err := note.Open([]byte(checkpoint), note.VerifierList(wt.logV))
	if err != nil {
		var unverified *note.UnverifiedNoteError
		if errors.As(err, &unverified) {
			fail(w, http.StatusForbidden, "not signed by the log")
		} else {
			fail(w, http.StatusBadRequest, "bad note: "+err.Error())
		}
		return
	}
	text := strings.Split(n.Text, "\n")
	if len(text) < 4 {
		fail(w, http.StatusBadRequest, "not a checkpoint")
		return
	}
	size, err1 := strconv.ParseInt(text[1], 10, 64)
	rootBytes, err2 := base64.StdEncoding.DecodeString(text[2])
	if err1 != nil || err2 != nil || len(rootBytes) != tlog.HashSize {
		fail(w, http.StatusBadRequest, "not a checkpoint")
		return
	}
	var root tlog.Hash
	copy(root[:], rootBytes)
	if old > size {
		fail(w, http.StatusBadRequest, "old size beyond the checkpoint")
		return
	}
	wt.mu.Lock()
	defer wt.mu.Unlock()
	if old != wt.size {
		w.Header().Set("Content-Type", "text/x.tlog.size")
		w.WriteHeader(http.StatusConflict)
		fmt.Fprintf(w, "%d\n", wt.size)
		return
	}
	if old == size {
		if old > 0 && root != wt.root {
			fail(w, http.StatusConflict, "same size, other root")
			return
		}
	} else if old == 0 {
		if len(proof) != 0 {
			fail(w, http.StatusUnprocessableEntity, "the proof from size 0 must be empty")
			return
		}
	} else if err := tlog.CheckTree(proof, size, root, old, wt.root); err != nil {
		fail(w, http.StatusUnprocessableEntity, "bad consistency proof: "+err.Error())
		return
	}
	ts := uint64(time.Now().Unix())
	msg := fmt.Sprintf("cosignature/v1\ntime %d\n%s", ts, n.Text)
	sig := ed25519.Sign(wt.key, []byte(msg))
	payload := append([]byte{}, wt.keyID...)
	payload = binary.BigEndian.AppendUint64(payload, ts)
	payload = append(payload, sig...)
	wt.size, wt.root = size, root
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "\u2014 %s %s\n", wt.name, base64.StdEncoding.EncodeToString(payload))
}

func main() {
	name := flag.String("name", "", "witness key name")
	seedHex := flag.String("seed", "", "Ed25519 seed, 64 hex digits")
	logKey := flag.String("log-key", "", "the log's verifier key")
	flag.Parse()
	seed, err := hex.DecodeString(*seedHex)
	if err != nil || len(seed) != ed25519.SeedSize {
		log.Fatal("-seed: 64 hex digits")
	}
	v, err := note.NewVerifier(*logKey)
	if err != nil {
		log.Fatal("-log-key: ", err)
	}
	key := ed25519.NewKeyFromSeed(seed)
	h := sha256.New()
	h.Write([]byte(*name + "\n"))
	h.Write([]byte{0x04})
	h.Write(key.Public().(ed25519.PublicKey))
	wt := &witness{name: *name, key: key, keyID: h.Sum(nil)[:4], logV: v, origin: v.Name()}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	mux := http.NewServeMux()
	mux.HandleFunc("/add-checkpoint", wt.addCheckpoint)
	log.Fatal(http.Serve(ln, mux))
}
