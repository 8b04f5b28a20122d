// Command bench prints requests/s and p50/p99 latency through the Go binding at 1, 16 and
// 256 goroutines against the mock provider, next to net/http hitting the same mock directly.
// It measures; it asserts nothing.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

const body = `{"model":"mock-model","messages":[{"role":"user","content":"hi"}]}`

func run(conc, total int, call func() error) (rps, p50, p99 float64) {
	lat := make([]float64, total)
	var wg sync.WaitGroup
	next := make(chan int, total)
	for i := 0; i < total; i++ {
		next <- i
	}
	close(next)
	start := time.Now()
	for g := 0; g < conc; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t := time.Now()
				if err := call(); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				lat[i] = float64(time.Since(t).Microseconds()) / 1000
			}
		}()
	}
	wg.Wait()
	el := time.Since(start).Seconds()
	sort.Float64s(lat)
	return float64(total) / el, lat[total/2], lat[total*99/100]
}

// peer prints one JSON line for bench/run.py: the binding against base at 1, 16 and 256
// goroutines for the given number of seconds each.
func peer(base string, seconds float64) {
	zero := 0
	c, err := literllm.NewClient(literllm.Config{BaseURL: base + "/v1", APIKey: "k", MaxRetries: &zero})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer c.Close()
	ctx := context.Background()
	call := func() error { _, err := c.Call(ctx, "chat", body); return err }
	run(8, 200, call) // warm-up
	fmt.Print("{")
	for i, conc := range []int{1, 16, 256} {
		if i > 0 {
			fmt.Print(", ")
		}
		fmt.Printf("\"%s\": ", map[int]string{1: "seq", 16: "c16", 256: "c256"}[conc])
		load(call, conc, seconds)
	}
	// how the cost grows with the work: a 100 KB prompt, and a 1,000-chunk stream
	big := `{"model":"mock-model","messages":[{"role":"user","content":"` +
		strings.Repeat("x", 100_000) + `"}]}`
	bigCall := func() error { _, err := c.Call(ctx, "chat", big); return err }
	fmt.Print(", \"big_seq\": ")
	load(bigCall, 1, seconds)
	fmt.Print(", \"big_c16\": ")
	load(bigCall, 16, seconds)
	fmt.Print(", \"long\": ")
	longStreams(base+"/long/stream/v1", seconds)
	fmt.Println("}")
}

// longStreams prints the chunks per second of whole 1,000-chunk streams read one at a time.
func longStreams(base string, seconds float64) {
	zero := 0
	c, err := literllm.NewClient(literllm.Config{BaseURL: base, APIKey: "k", MaxRetries: &zero})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer c.Close()
	req := &literllm.ChatRequest{Model: "mock-model", Messages: []literllm.Message{{Role: "user", Content: "hi"}}}
	chunks := 0
	stop := time.Now().Add(time.Duration(seconds * float64(time.Second)))
	start := time.Now()
	for time.Now().Before(stop) {
		s, err := c.ChatStream(context.Background(), req)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for s.Next() {
			chunks++
		}
		if s.Err() != nil {
			fmt.Fprintln(os.Stderr, s.Err())
			os.Exit(1)
		}
	}
	fmt.Printf("{\"chunks_per_s\": %.1f}", float64(chunks)/time.Since(start).Seconds())
}

func load(call func() error, conc int, seconds float64) {
	var mu sync.Mutex
	lat := []float64{}
	stop := time.Now().Add(time.Duration(seconds * float64(time.Second)))
	start := time.Now()
	var wg sync.WaitGroup
	for g := 0; g < conc; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := []float64{}
			for time.Now().Before(stop) {
				t := time.Now()
				if err := call(); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				mine = append(mine, float64(time.Since(t).Microseconds())/1000)
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(start).Seconds()
	sort.Float64s(lat)
	fmt.Printf("{\"n\": %d, \"rps\": %.1f, \"p50_ms\": %.4f, \"p99_ms\": %.4f}",
		len(lat), float64(len(lat))/el, lat[len(lat)/2], lat[len(lat)*99/100])
}

func main() {
	total := flag.Int("n", 5000, "requests per row")
	peerBase := flag.String("peer", "", "bench/run.py mode: base URL of the upstream")
	seconds := flag.Float64("s", 3, "with -peer: seconds per concurrency level")
	flag.Parse()
	if *peerBase != "" {
		peer(*peerBase, *seconds)
		return
	}
	url := os.Getenv("LITER_LLM_MOCK_URL") + "/bench/v1"
	c, err := literllm.NewClient(literllm.Config{BaseURL: url, APIKey: "k"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer c.Close()
	ctx := context.Background()
	binding := func() error { _, err := c.Call(ctx, "chat", body); return err }
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 512}}
	direct := func() error {
		r, err := hc.Post(url+"/chat/completions", "application/json", bytes.NewReader([]byte(body)))
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, r.Body)
		return r.Body.Close()
	}
	run(8, 1000, binding) // warm-up
	run(8, 1000, direct)
	fmt.Println("| client | goroutines | req/s | p50 ms | p99 ms |")
	fmt.Println("|---|---|---|---|---|")
	for _, conc := range []int{1, 16, 256} {
		for _, row := range []struct {
			name string
			f    func() error
		}{{"Go binding (literllm)", binding}, {"net/http direct", direct}} {
			rps, p50, p99 := run(conc, *total, row.f)
			fmt.Printf("| %s | %d | %.0f | %.2f | %.2f |\n", row.name, conc, rps, p50, p99)
		}
	}
}
