// Verifies a signed note with Go's reference implementation, golang.org/x/mod/sumdb/note.
// Usage: go run verifynote.go VKEY_FILE NOTE_FILE   (GOPATH mode: GO111MODULE=off GOPATH=<gocode>)
// Prints "ok <signer>..." and the note text, or "error: ..." and exits 1.
package main

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

func main() {
	vkey, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	msg, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	v, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Print("ok")
	for _, s := range n.Sigs {
		fmt.Print(" ", s.Name)
	}
	fmt.Println()
	fmt.Print(n.Text)
}
