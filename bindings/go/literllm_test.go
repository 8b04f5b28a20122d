package literllm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime/pprof"
	"sync"
	"testing"
	"time"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

type fixture struct {
	Name    string          `json:"name"`
	Op      string          `json:"op"`
	Stream  bool            `json:"stream"`
	Config  map[string]any  `json:"config"`
	Request json.RawMessage `json:"request"`
	Expect  map[string]any  `json:"expect"`
}

func mockURL(t testing.TB) string {
	u := os.Getenv("LITER_LLM_MOCK_URL")
	if u == "" {
		t.Fatal("LITER_LLM_MOCK_URL is not set: run through `make test-go`")
	}
	return u
}

func loadFixtures(t *testing.T) []fixture {
	files, _ := filepath.Glob("../../tests/fixtures/*.json")
	var all []fixture
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cs []fixture
		if err := json.Unmarshal(b, &cs); err != nil {
			t.Fatal(f, err)
		}
		all = append(all, cs...)
	}
	if len(all) < 40 {
		t.Fatalf("only %d fixtures", len(all))
	}
	return all
}

func caseConfig(t testing.TB, name string, extra map[string]any) (literllm.Config, string) {
	run := fmt.Sprintf("go%d", rand.Int63())
	base := fmt.Sprintf("%s/s/%s/%s/v1", mockURL(t), name, run)
	cfg := literllm.Config{BaseURL: base, APIKey: "test-key"}
	if extra != nil {
		b, _ := json.Marshal(extra)
		_ = json.Unmarshal(b, &cfg)
		cfg.BaseURL, cfg.APIKey = base, "test-key"
	}
	return cfg, run
}

type logEntry struct {
	Disconnected bool `json:"disconnected"`
	Completed    bool `json:"completed"`
}

func mockLog(t testing.TB, name, run string) []logEntry {
	resp, err := http.Get(fmt.Sprintf("%s/_log/%s/%s", mockURL(t), name, run))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var l []logEntry
	_ = json.NewDecoder(resp.Body).Decode(&l)
	return l
}

// subset reports whether expected is contained in actual (objects: listed keys; lists:
// same length, element-wise; scalars: equal).
func subset(expected, actual any) bool {
	switch e := expected.(type) {
	case map[string]any:
		a, ok := actual.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range e {
			av, ok := a[k]
			if !ok || !subset(v, av) {
				return false
			}
		}
		return true
	case []any:
		a, ok := actual.([]any)
		if !ok || len(a) != len(e) {
			return false
		}
		for i := range e {
			if !subset(e[i], a[i]) {
				return false
			}
		}
		return true
	default:
		return reflect.DeepEqual(expected, actual)
	}
}

func TestFixtures(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		fx := fx
		t.Run(fx.Name, func(t *testing.T) {
			t.Parallel()
			cfg, run := caseConfig(t, fx.Name, fx.Config)
			c, err := literllm.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			ctx := context.Background()
			var data json.RawMessage
			var meta *literllm.Meta
			chunks := 0
			if fx.Stream && fx.Op == "chat" {
				var s *literllm.ChatStream
				s, err = c.ChatStream(ctx, fx.Request)
				if err == nil {
					for s.Next() {
						var raw any
						_ = json.Unmarshal(s.Chunk().Raw, &raw)
						out, _ := json.Marshal(s.Chunk())
						var back any
						_ = json.Unmarshal(out, &back)
						if msg := agree(back, raw, "chunk"); msg != "" {
							t.Fatalf("typed chunk disagrees with the raw chunk: %s", msg)
						}
						chunks++
					}
					err = s.Err()
					if err == nil {
						data = s.Response().Raw
					}
					meta = s.Meta()
				}
			} else if fx.Stream {
				var s *literllm.EventStream
				s, err = c.Stream(ctx, fx.Op, fx.Request)
				if err == nil {
					for s.Next() {
						chunks++
					}
					err = s.Err()
					data, meta = s.Final(), s.Meta()
				}
			} else {
				data, meta, err = c.CallWithMeta(ctx, fx.Op, fx.Request)
			}
			ex := fx.Expect
			if ex["ok"] == true {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				var got any
				_ = json.Unmarshal(data, &got)
				if want, ok := ex["response"]; ok && !subset(want, got) {
					t.Fatalf("response %s does not contain %v", data, want)
				}
				checkTyped(t, fx.Op, data)
			} else {
				var le *literllm.Error
				if !errors.As(err, &le) {
					t.Fatalf("want *Error, got %v", err)
				}
				label := ex["label"].(string)
				if le.Label != label || !errors.Is(err, literllm.Labels[label]) {
					t.Fatalf("want label %s, got %v", label, err)
				}
				if st, ok := ex["status"]; ok && float64(le.Status) != st.(float64) {
					t.Fatalf("want status %v, got %d", st, le.Status)
				}
				for l, s := range literllm.Labels {
					if l != label && l != literllm.Parents[label] && errors.Is(err, s) {
						t.Fatalf("error also matches %s", l)
					}
				}
			}
			if want, ok := ex["meta"]; ok {
				var le *literllm.Error
				if errors.As(err, &le) && le.Meta != meta {
					t.Fatalf("the error's Meta is not the call's")
				}
				if meta == nil {
					t.Fatalf("no meta; want %v", want)
				}
				var got any
				_ = json.Unmarshal(meta.Raw, &got)
				if !subset(want, got) {
					t.Fatalf("meta %s does not contain %v", meta.Raw, want)
				}
			}
			if n, ok := ex["chunks"]; ok && float64(chunks) != n.(float64) {
				t.Fatalf("want %v chunks, got %d", n, chunks)
			}
			if n, ok := ex["attempts"]; ok {
				if got := len(mockLog(t, fx.Name, run)); float64(got) != n.(float64) {
					t.Fatalf("want %v attempts, got %d", n, got)
				}
			}
		})
	}
}

var hi = []literllm.Message{{Role: "user", Content: "hi"}}

func TestTypedChat(t *testing.T) {
	cfg, _ := caseConfig(t, "chat_basic", nil)
	c, err := literllm.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := c.Chat(context.Background(), &literllm.ChatRequest{Model: "openai/gpt-4o-mini", Messages: hi,
		Extra: map[string]any{"max_retries": 0}})
	if err != nil || r.Content() != "Hello there!" || r.Usage.PromptTokensDetails.CachedTokens != 4 {
		t.Fatalf("%v %+v", err, r)
	}
}

func waitDisconnected(t *testing.T, name, run string) {
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if l := mockLog(t, name, run); len(l) > 0 && l[0].Disconnected {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("upstream connection was not closed")
}

func TestCancelMidStream(t *testing.T) {
	cfg, run := caseConfig(t, "stream_idle_timeout", map[string]any{"stream_idle_timeout": 30})
	c, _ := literllm.NewClient(cfg)
	defer c.Close()
	ctx, cancel := context.WithCancel(context.Background())
	s, err := c.ChatStream(ctx, &literllm.ChatRequest{Model: "m", Messages: hi})
	if err != nil || !s.Next() {
		t.Fatal(err, s.Err())
	}
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if s.Next() {
		t.Fatal("got a chunk after cancel")
	}
	if !errors.Is(s.Err(), context.Canceled) || !errors.Is(s.Err(), literllm.ErrCancelled) {
		t.Fatalf("want context.Canceled + ErrCancelled, got %v", s.Err())
	}
	waitDisconnected(t, "stream_idle_timeout", run)
	// prompt, as the mock saw it: closed before its script (3 chunks, 1.5 s apart) ended
	if mockLog(t, "stream_idle_timeout", run)[0].Completed {
		t.Fatal("the upstream finished its script: the cancel did not reach it")
	}
}

func TestDeadlineDuringSlowUpstream(t *testing.T) {
	cfg, run := caseConfig(t, "error_timeout_deadline", map[string]any{"max_retries": 0})
	c, _ := literllm.NewClient(cfg)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.Chat(ctx, &literllm.ChatRequest{Model: "m", Messages: hi})
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, literllm.ErrTimeout) {
		t.Fatalf("want DeadlineExceeded + ErrTimeout, got %v", err)
	}
	waitDisconnected(t, "error_timeout_deadline", run)
	// prompt, as the mock saw it: closed before its 2 s delay ended
	if mockLog(t, "error_timeout_deadline", run)[0].Completed {
		t.Fatal("the upstream answered: the deadline did not reach it")
	}
}

func TestConcurrency(t *testing.T) {
	c, err := literllm.NewClient(literllm.Config{BaseURL: mockURL(t) + "/bench/v1", APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for g := 0; g < 1000; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				r, err := c.Chat(context.Background(), &literllm.ChatRequest{Model: "m", Messages: hi})
				if err != nil || r.Content() != "Hello from the mock." {
					errs <- fmt.Errorf("%v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestStreamsParkNoOSThreads(t *testing.T) {
	c, _ := literllm.NewClient(literllm.Config{BaseURL: mockURL(t) + "/bench/v1", APIKey: "k"})
	defer c.Close()
	before := pprof.Lookup("threadcreate").Count()
	var wg sync.WaitGroup
	var mu sync.Mutex
	chunks := 0
	for g := 0; g < 200; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := c.ChatStream(context.Background(), map[string]any{"model": "m", "messages": hi})
			if err != nil {
				t.Error(err)
				return
			}
			defer s.Close()
			n := 0
			for s.Next() {
				n++
			}
			if s.Err() != nil || s.Response().Usage.CompletionTokens != 20 {
				t.Error(s.Err())
			}
			mu.Lock()
			chunks += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	created := pprof.Lookup("threadcreate").Count() - before
	if chunks != 200*21 {
		t.Fatalf("got %d chunks", chunks)
	}
	t.Logf("200 concurrent streams created %d OS threads", created)
	// Parked streams hold no thread; what the runtime starts is bounded by the entry gate
	// (16) plus its own few, never one per stream.
	if created > 50 {
		t.Fatalf("200 concurrent streams created %d OS threads", created)
	}
}

func TestMisuse(t *testing.T) {
	cfg, _ := caseConfig(t, "chat_basic", nil)
	c, _ := literllm.NewClient(cfg)
	ctx := context.Background()
	if _, err := c.Chat(ctx, nil); !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatal(err)
	}
	if _, err := c.Call(ctx, "nope", map[string]any{}); !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatal(err)
	}
	if _, err := c.Call(ctx, "chat", "{not json"); !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatal(err)
	}
	c.Close()
	c.Close()
	if _, err := c.Chat(ctx, &literllm.ChatRequest{Model: "m", Messages: hi}); !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatal(err)
	}
	if _, err := c.ChatStream(ctx, &literllm.ChatRequest{Model: "m", Messages: hi}); !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatal(err)
	}
	var nilClient *literllm.Client
	if _, err := nilClient.Models(ctx, ""); !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatal(err)
	}
	if _, err := literllm.NewClient(literllm.Config{Timeout: -1}); !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatal(err)
	}
}

func TestRoutingTypedConfigAndMeta(t *testing.T) {
	cfg, _ := caseConfig(t, "route_failover_503", nil)
	cfg.Deployments = []literllm.Deployment{
		{ID: "east", ModelName: "chat-default", Model: "openai/east-m", Priority: 0},
		{ID: "west", ModelName: "chat-default", Model: "openai/west-m", Priority: 1},
	}
	cfg.Router = &literllm.Router{Strategy: literllm.StrategyPriority}
	c, err := literllm.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := c.Chat(context.Background(), &literllm.ChatRequest{Model: "chat-default", Messages: hi})
	if err != nil {
		t.Fatal(err)
	}
	m := r.Meta
	if m == nil || m.Deployment != "west" || m.Provider != "openai" || m.Model != "west-m" || len(m.Attempts) != 2 {
		t.Fatalf("meta %+v", m)
	}
	if a := m.Attempts[0]; a.Deployment != "east" || a.Label != "service_unavailable" || a.Status != 503 {
		t.Fatalf("first attempt %+v", a)
	}
	if a := m.Attempts[1]; a.Deployment != "west" || a.Label != "" {
		t.Fatalf("second attempt %+v", a)
	}
}

func TestRoutingConfigJSON(t *testing.T) {
	d := literllm.Deployment{ID: "a", ModelName: "g", Model: "azure/gpt-4o", Weight: 3,
		Settings: map[string]any{"api_version": "2024-10-21"}}
	cd := literllm.Cooldown{Off: true}
	b, err := json.Marshal(map[string]any{"d": d, "c": cd})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"c":false,"d":{"api_version":"2024-10-21","id":"a","model":"azure/gpt-4o","model_name":"g","weight":3}}`
	if string(b) != want {
		t.Fatalf("%s", b)
	}
	var back struct {
		D literllm.Deployment `json:"d"`
		C literllm.Cooldown   `json:"c"`
	}
	if err := json.Unmarshal(b, &back); err != nil || !back.C.Off || back.D.Settings["api_version"] != "2024-10-21" {
		t.Fatalf("%v %+v", err, back)
	}
	cfgJSON, _ := json.Marshal(literllm.Config{Provider: "openai", Extra: map[string]any{"provider": "x", "max_event_bytes": 1024}})
	if string(cfgJSON) != `{"max_event_bytes":1024,"provider":"openai"}` {
		t.Fatalf("Extra: %s", cfgJSON)
	}
	// a config the library refuses is an invalid_argument / unsupported error, not a panic
	bad, _ := caseConfig(t, "chat_basic", nil)
	bad.Router = &literllm.Router{Strategy: "fastest"}
	if _, err := literllm.NewClient(bad); !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatalf("unknown strategy: %v", err)
	}
}

func TestTypedCost(t *testing.T) {
	cfg, _ := caseConfig(t, "chat_meta_cost", nil)
	c, err := literllm.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	usage := map[string]any{"prompt_tokens": 1200, "completion_tokens": 300,
		"prompt_tokens_details": map[string]any{"cached_tokens": 200}}
	cost, err := c.Cost(context.Background(), "openai/gpt-4o", usage)
	if err != nil || cost.USD != "0.00575" || cost.Breakdown["output"] != "0.003" || cost.PricedAs != "openai/gpt-4o" {
		t.Fatalf("%v %+v", err, cost)
	}
	if r, ok := cost.Rat(); !ok || r.Cmp(big.NewRat(575, 100000)) != 0 {
		t.Fatalf("rat %v", r)
	}
	unknown, err := c.Cost(context.Background(), "openai/my-private-model", usage)
	if err != nil || unknown.Known() || unknown.Reason == "" {
		t.Fatalf("%v %+v", err, unknown)
	}
	r, err := c.Chat(context.Background(), &literllm.ChatRequest{Model: "openai/gpt-4o", Messages: hi})
	if err != nil || r.Meta.Cost == nil || r.Meta.Cost.USD != "0.00575" {
		t.Fatalf("%v %+v", err, r.Meta)
	}
}

func TestTypedCountTokens(t *testing.T) {
	cfg, _ := caseConfig(t, "tokens_local_openai", nil)
	c, err := literllm.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	msgs := []literllm.Message{{Role: "system", Content: "You are terse."}, {Role: "user", Content: "Hello, world!"}}
	n, err := c.CountTokens(context.Background(), &literllm.CountTokensRequest{Model: "openai/gpt-4o", Messages: msgs})
	if err != nil || n.InputTokens != 19 || n.Tokenizer != "o200k" || n.IsEstimate || n.Method != "local" ||
		n.ContextWindow == nil || *n.ContextWindow != 128000 || n.Fits == nil || !*n.Fits {
		t.Fatalf("%v %+v", err, n)
	}
	_, err = c.CountTokens(context.Background(), &literllm.CountTokensRequest{Model: "cohere/command-r-plus", Text: "x", Exact: true})
	if !errors.Is(err, literllm.ErrUnsupported) {
		t.Fatalf("exact without an exact way: %v", err)
	}
}

func TestBudgetUsageTyped(t *testing.T) {
	cfg, _ := caseConfig(t, "budget_within_hard", nil)
	cfg.Pricing = map[string]map[string]any{"openai/budget-m": {"input_mtok": "1000", "output_mtok": "1000"}}
	cfg.Budgets = []literllm.Budget{{Scope: "global", LimitUSD: "1.00", Window: "daily"}}
	c, err := literllm.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := c.Chat(context.Background(), &literllm.ChatRequest{Model: "openai/budget-m", Messages: hi, MaxTokens: 3})
	if err != nil || r.Meta.Cost.USD != "0.012" || r.Meta.CacheHit {
		t.Fatalf("%v %+v", err, r)
	}
	u, err := c.Usage(context.Background(), "", "")
	if err != nil || u.State != "memory" || len(u.Budgets) != 1 || u.Budgets[0].SpentUSD != "0.012" || u.Budgets[0].HeldUSD != "0" {
		t.Fatalf("%v %+v", err, u)
	}
}
