package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"birlik/locale"
)

// TestEveryKeyUsedIsInTheCatalogue finds the catalogue keys that templates
// and Go code name literally and checks each is in the Turkish catalogue
// (the locale tests check the other languages have the same keys). A key
// missing would show to users as the raw key.
func TestEveryKeyUsedIsInTheCatalogue(t *testing.T) {
	cat := locale.MustLoad()
	known := map[string]bool{}
	for _, k := range cat.Keys("tr") {
		known[k] = true
	}
	used := map[string]string{} // key → where

	// Templates: {{t "key" …}}, (t "key"), {{n "key" …}}.
	tmpl := regexp.MustCompile(`[({]\s*(?:t|n)\s+"([a-z0-9_.]+)"`)
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := templateFS.ReadFile(p)
		for _, m := range tmpl.FindAllStringSubmatch(string(data), -1) {
			used[m[1]] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Go code of the whole module: string literals that look like keys of
	// the families users see (errors, flashes, mail).
	keyLike := regexp.MustCompile(`^(error|flash|mail)\.[a-z0-9_]+(\.[a-z0-9_]+)*$`)
	root := filepath.Join("..")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || name == "node_modules" || (strings.HasPrefix(name, ".") && name != "..") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && keyLike.MatchString(s) && !strings.HasSuffix(s, ".") {
				used[s] = p
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 20 {
		t.Fatalf("found only %d keys in use; the scan is broken", len(used))
	}
	for key, where := range used {
		if !known[key] {
			t.Errorf("%s uses %q, which is not in the catalogue", where, key)
		}
	}
}
