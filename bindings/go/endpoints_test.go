package literllm_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

func endpointClient(t *testing.T, name string, extra map[string]any) (*literllm.Client, string) {
	t.Helper()
	cfg, run := caseConfig(t, name, extra)
	c, err := literllm.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, run
}

// rawLog is the mock's record of a run: paths and bodies.
func rawLog(t *testing.T, name, run string) []map[string]any {
	resp, err := http.Get(fmt.Sprintf("%s/_log/%s/%s", mockURL(t), name, run))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var l []map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&l)
	return l
}

func TestSpeechBytesAndFile(t *testing.T) {
	ctx := context.Background()
	c, _ := endpointClient(t, "ep_audio", nil)
	req := &literllm.SpeechRequest{Model: "tts-1", Input: "hi", Voice: "alloy"}
	audio, err := c.Speech(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if audio.ContentType != "audio/mpeg" || !bytes.HasPrefix(audio.Data, []byte("ID3")) || len(audio.Data) != 3+256*64 {
		t.Fatalf("audio %s %d bytes", audio.ContentType, len(audio.Data))
	}
	path := filepath.Join(t.TempDir(), "hi.mp3")
	saved, err := c.SpeechToFile(ctx, req, path)
	if err != nil {
		t.Fatal(err)
	}
	disk, _ := os.ReadFile(path)
	if saved.Path != path || saved.Size != int64(len(audio.Data)) || !bytes.Equal(disk, audio.Data) {
		t.Fatalf("saved %+v, %d bytes on disk", saved, len(disk))
	}
}

func TestTranscribeFileFromPath(t *testing.T) {
	wav := append([]byte("RIFF$\x00\x00\x00WAVEfmt "), make([]byte, 32)...)
	for i := range 32 {
		wav[12+i] = byte(i)
	}
	path := filepath.Join(t.TempDir(), "hello.wav")
	if err := os.WriteFile(path, wav, 0o600); err != nil {
		t.Fatal(err)
	}
	c, run := endpointClient(t, "transcribe_json", nil)
	temp := 0.0
	tr, err := c.Transcribe(context.Background(), &literllm.TranscriptionRequest{
		Model: "whisper-1", File: literllm.FileFromPath(path), Language: "en",
		Temperature: &temp, TimestampGranularities: []string{"word", "segment"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Text != "Hello world." || tr.Meta == nil {
		t.Fatalf("transcription %+v", tr)
	}
	sum := sha256.Sum256(wav)
	body := rawLog(t, "transcribe_json", run)[0]["body"].(map[string]any)
	f := body["files"].(map[string]any)["file"].(map[string]any)
	if f["sha256"] != hex.EncodeToString(sum[:]) || f["filename"] != "hello.wav" {
		t.Fatalf("uploaded %v", f)
	}
}

func TestImagesRerankFilesBatches(t *testing.T) {
	ctx := context.Background()
	c, _ := endpointClient(t, "images_generate", nil)
	img, err := c.Images(ctx, &literllm.ImageRequest{Model: "gpt-image-1", Prompt: "a red fox", Size: "1024x1024", N: 1})
	if err != nil {
		t.Fatal(err)
	}
	png, err := img.Data[0].Bytes()
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("image %v %v", png, err)
	}
	c, _ = endpointClient(t, "images_edit_multipart", nil)
	if _, err := c.ImageEdit(ctx, &literllm.ImageEditRequest{
		Model: "gpt-image-1", Prompt: "add a hat", N: 1,
		Image: []literllm.File{literllm.FileFromBytes("fox.png", png[:48])},
	}); err != nil {
		t.Fatal(err)
	}
	c, _ = endpointClient(t, "rerank_compatible", map[string]any{"provider": "together"})
	rr, err := c.Rerank(ctx, &literllm.RerankRequest{
		Model: "Salesforce/Llama-Rank-V1", Query: "capital of France?", TopN: 2, ReturnDocuments: true,
		Documents: []string{"Paris is the capital.", "Berlin is big."},
	})
	if err != nil || rr.Results[0].Index != 0 || rr.Results[0].Document.Text != "Paris is the capital." {
		t.Fatalf("rerank %+v %v", rr, err)
	}
	c, _ = endpointClient(t, "file_upload", nil)
	fo, err := c.UploadFile(ctx, literllm.FileFromBytes("batch.jsonl", []byte("{}\n")), "batch")
	if err != nil || fo.ID != "file-abc123" {
		t.Fatalf("upload %+v %v", fo, err)
	}
	c, _ = endpointClient(t, "file_content", nil)
	content, err := c.FileContent(ctx, "file-abc123")
	if err != nil || !bytes.HasPrefix(content.Data, []byte(`{"custom_id"`)) {
		t.Fatalf("content %v", err)
	}
	c, _ = endpointClient(t, "batch_create", nil)
	b, err := c.CreateBatch(ctx, &literllm.BatchRequest{
		InputFileID: "file-abc123", Endpoint: "/v1/chat/completions", Metadata: map[string]string{"job": "nightly"},
	})
	if err != nil || b.Status != "validating" {
		t.Fatalf("batch %+v %v", b, err)
	}
	c, _ = endpointClient(t, "file_not_found", nil)
	if _, err := c.RetrieveFile(ctx, "file-nope"); !errors.Is(err, literllm.ErrNotFound) {
		t.Fatalf("want not_found, got %v", err)
	}
	if _, err := c.RetrieveFile(ctx, "../models"); !errors.Is(err, literllm.ErrInvalidArgument) {
		t.Fatalf("want invalid_argument, got %v", err)
	}
}

func TestResponsesTypedAndStreamed(t *testing.T) {
	ctx := context.Background()
	c, _ := endpointClient(t, "responses_create", nil)
	r, err := c.CreateResponse(ctx, &literllm.ResponseRequest{
		Model: "gpt-4.1-mini", Input: "Say hi", Instructions: "Be brief.", MaxOutputTokens: 20,
	})
	if err != nil || r.OutputText() != "Hi!" || r.Usage.TotalTokens != 7 {
		t.Fatalf("response %+v %v", r, err)
	}
	c, _ = endpointClient(t, "responses_stream", nil)
	s, err := c.ResponseStream(ctx, map[string]any{"model": "gpt-4.1-mini", "input": "Say hi"})
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for s.Next() {
		if s.Event().Type == "response.output_text.delta" {
			text += s.Event().Delta
		}
	}
	if s.Err() != nil || text != "Hi!" || s.Response().OutputText() != "Hi!" {
		t.Fatalf("stream %q %v", text, s.Err())
	}
	c, _ = endpointClient(t, "responses_stream_cut", nil)
	s, _ = c.ResponseStream(ctx, map[string]any{"model": "gpt-4.1-mini", "input": "Say hi"})
	for s.Next() {
	}
	if !errors.Is(s.Err(), literllm.ErrStreamIncomplete) || s.Response() != nil {
		t.Fatalf("a cut stream must fail, got %v", s.Err())
	}
}

func TestUndeclaredEndpointIsUnsupported(t *testing.T) {
	c, _ := endpointClient(t, "endpoint_undeclared", map[string]any{"provider": "deepseek"})
	_, err := c.Speech(context.Background(), &literllm.SpeechRequest{Model: "deepseek-chat", Input: "hi", Voice: "alloy"})
	var le *literllm.Error
	if !errors.As(err, &le) || le.Label != "unsupported" || le.Provider != "deepseek" {
		t.Fatalf("want unsupported from deepseek, got %v", err)
	}
}
