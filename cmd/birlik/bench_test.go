package main

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"birlik/demo/demotest"
)

// BenchmarkColdStart measures the issue's "cold start to first served
// page" on the scale-100 demo database: from starting the birlik binary
// (built once per run, as a user would run it) to the first 200 answer to
// GET /, stopping it with SIGTERM after each start. Target: under 1 s. Run
// it with
//
//	go test ./cmd/birlik/ -run '^$' -bench ColdStart -benchtime 20x -count 5
//
// The first run builds the fixture, once per machine (see demotest).
func BenchmarkColdStart(b *testing.B) {
	demotest.Require(b)
	if runtime.GOOS == "windows" {
		b.Skip("stops the server with SIGTERM")
	}
	bin := filepath.Join(b.TempDir(), "birlik")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	b.Run("sqlite", func(b *testing.B) { coldStarts(b, bin, demotest.SQLitePath(b, demotest.Scale)) })
	b.Run("postgres", func(b *testing.B) { coldStarts(b, bin, demotest.PostgresURL(b, demotest.Scale)) })
}

func coldStarts(b *testing.B, bin, dbURL string) {
	data := b.TempDir()
	// Only the settings under test: a BIRLIK_DEMO_SCALE or BIRLIK_ADDR of
	// the developer's shell must not change what starts.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BIRLIK_") {
			env = append(env, kv)
		}
	}
	env = append(env, "BIRLIK_DATABASE_URL="+dbURL, "BIRLIK_LOG_LEVEL=warn")
	client := &http.Client{Timeout: 5 * time.Second}
	var lat demotest.Latencies
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		addr := freeAddr(b)
		cmd := exec.Command(bin, "serve", "--addr", addr, "--data", data)
		cmd.Env = env
		cmd.Stderr = os.Stderr // warnings and failures only
		b.StartTimer()
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		for {
			res, err := client.Get("http://" + addr + "/")
			if err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					break
				}
				cmd.Process.Kill()
				b.Fatalf("GET /: status %d", res.StatusCode)
			}
			if time.Since(start) > 30*time.Second {
				cmd.Process.Kill()
				b.Fatalf("no answer within 30 s: %v", err)
			}
			time.Sleep(2 * time.Millisecond)
		}
		lat = append(lat, time.Since(start))
		b.StopTimer()
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			b.Fatalf("birlik did not stop cleanly on SIGTERM: %v", err)
		}
		b.StartTimer()
	}
	lat.Report(b)
}

// freeAddr returns a local address with a port nobody listens on.
func freeAddr(b *testing.B) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return "127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}
