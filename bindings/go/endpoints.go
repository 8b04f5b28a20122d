package literllm

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// File is a file sent to a provider (audio to transcribe, an image to edit, an upload). A
// Path is streamed from disk by the library and never read into memory here; Data is sent
// as it is (base64 inside the request's JSON, the C ABI's convention for bytes).
type File struct {
	Path        string
	Data        []byte
	Filename    string // needed with Data; a Path's base name otherwise
	ContentType string // guessed from the file name when empty
}

// FileFromPath is a file on disk, streamed when sent.
func FileFromPath(path string) File { return File{Path: path} }

// FileFromBytes is a file held in memory under a name (its extension tells the format).
func FileFromBytes(filename string, data []byte) File {
	return File{Data: data, Filename: filename}
}

// MarshalJSON writes the C ABI's file object: {"path"} or {"data": base64, "filename"}.
func (f File) MarshalJSON() ([]byte, error) {
	m := map[string]string{}
	if f.Path != "" {
		m["path"] = f.Path
	} else {
		m["data"] = base64.StdEncoding.EncodeToString(f.Data)
	}
	if f.Filename != "" {
		m["filename"] = f.Filename
	}
	if f.ContentType != "" {
		m["content_type"] = f.ContentType
	}
	return json.Marshal(m)
}

// Binary is an answer of bytes (speech audio, a file's content).
type Binary struct {
	ContentType string
	Data        []byte
	Path        string // set when the bytes were written to a file (SpeechToFile, ...)
	Size        int64
	Meta        *Meta
}

func binaryOf(data json.RawMessage, meta *Meta) (*Binary, error) {
	var env struct {
		ContentType string `json:"content_type"`
		Bytes       int64  `json:"bytes"`
		Data        string `json:"data"`
		Path        string `json:"path"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, &Error{Label: "invalid_response", Message: err.Error()}
	}
	raw, err := base64.StdEncoding.DecodeString(env.Data)
	if err != nil {
		return nil, &Error{Label: "invalid_response", Message: "bytes answer is not base64: " + err.Error()}
	}
	return &Binary{ContentType: env.ContentType, Data: raw, Path: env.Path, Size: env.Bytes, Meta: meta}, nil
}

func (c *Client) callBinary(ctx context.Context, op string, req any, opts ...CallOption) (*Binary, error) {
	data, meta, err := c.CallWithMeta(ctx, op, req, opts...)
	if err != nil {
		return nil, err
	}
	return binaryOf(data, meta)
}

// ---------------------------------------------------------------- images

// ImageRequest generates images ("images" op).
type ImageRequest struct {
	Model          string         `json:"model"`
	Prompt         string         `json:"prompt"`
	N              int            `json:"n,omitempty"`
	Size           string         `json:"size,omitempty"`
	Quality        string         `json:"quality,omitempty"`
	ResponseFormat string         `json:"response_format,omitempty"`
	Background     string         `json:"background,omitempty"`
	OutputFormat   string         `json:"output_format,omitempty"`
	User           string         `json:"user,omitempty"`
	ExtraBody      map[string]any `json:"extra_body,omitempty"`
}

// ImageEditRequest edits images ("image_edit" op): the images and mask are uploaded.
type ImageEditRequest struct {
	Model  string `json:"model"`
	Prompt string `json:"prompt"`
	Image  []File `json:"-"`
	Mask   *File  `json:"mask,omitempty"`
	N      int    `json:"n,omitempty"`
	Size   string `json:"size,omitempty"`
}

// MarshalJSON sends one image as "image", several as a list.
func (r ImageEditRequest) MarshalJSON() ([]byte, error) {
	type plain ImageEditRequest
	var image any = r.Image
	if len(r.Image) == 1 {
		image = r.Image[0]
	}
	return json.Marshal(struct {
		plain
		Image any `json:"image"`
	}{plain(r), image})
}

// Image is one generated image: a URL or base64 data.
type Image struct {
	URL           string `json:"url,omitempty"`
	B64JSON       string `json:"b64_json,omitempty"`
	RevisedPrompt string `json:"revised_prompt,omitempty"`
}

// Bytes decodes the image's base64 data.
func (i Image) Bytes() ([]byte, error) { return base64.StdEncoding.DecodeString(i.B64JSON) }

// ImagesResponse is the answer of "images" and "image_edit".
type ImagesResponse struct {
	Created int64           `json:"created"`
	Data    []Image         `json:"data"`
	Usage   *Usage          `json:"usage,omitempty"`
	Raw     json.RawMessage `json:"-"`
	Meta    *Meta           `json:"-"`
}

func setImages(o *ImagesResponse, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }

// Images generates images from a prompt.
func (c *Client) Images(ctx context.Context, req *ImageRequest, opts ...CallOption) (*ImagesResponse, error) {
	return callInto(c, ctx, "images", req, setImages, opts...)
}

// ImageEdit edits images by a prompt (and an optional mask).
func (c *Client) ImageEdit(ctx context.Context, req *ImageEditRequest, opts ...CallOption) (*ImagesResponse, error) {
	return callInto(c, ctx, "image_edit", req, setImages, opts...)
}

// ---------------------------------------------------------------- audio

// SpeechRequest is text to speech ("speech" op).
type SpeechRequest struct {
	Model          string   `json:"model"`
	Input          string   `json:"input"`
	Voice          string   `json:"voice"`
	ResponseFormat string   `json:"response_format,omitempty"`
	Speed          *float64 `json:"speed,omitempty"`
	Instructions   string   `json:"instructions,omitempty"`
}

// Speech returns the audio bytes.
func (c *Client) Speech(ctx context.Context, req *SpeechRequest, opts ...CallOption) (*Binary, error) {
	return c.callBinary(ctx, "speech", req, opts...)
}

// SpeechToFile streams the audio into path (complete, or not there at all) and returns its
// size; the bytes never pass through Go.
func (c *Client) SpeechToFile(ctx context.Context, req *SpeechRequest, path string, opts ...CallOption) (*Binary, error) {
	return c.callBinary(ctx, "speech", withOption(req, "output_file", path), opts...)
}

// TranscriptionRequest is audio to text ("transcribe", "translate").
type TranscriptionRequest struct {
	Model                  string   `json:"model"`
	File                   File     `json:"file"`
	Language               string   `json:"language,omitempty"`
	Prompt                 string   `json:"prompt,omitempty"`
	ResponseFormat         string   `json:"response_format,omitempty"`
	Temperature            *float64 `json:"temperature,omitempty"`
	TimestampGranularities []string `json:"timestamp_granularities,omitempty"`
}

// Transcription is the text of an audio file (for text, SRT and VTT formats: Text only).
type Transcription struct {
	Text     string          `json:"text"`
	Language string          `json:"language,omitempty"`
	Duration float64         `json:"duration,omitempty"`
	Usage    *Usage          `json:"usage,omitempty"`
	Raw      json.RawMessage `json:"-"`
	Meta     *Meta           `json:"-"`
}

func setTranscription(o *Transcription, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }

// Transcribe returns the text of the audio, in its language.
func (c *Client) Transcribe(ctx context.Context, req *TranscriptionRequest, opts ...CallOption) (*Transcription, error) {
	return callInto(c, ctx, "transcribe", req, setTranscription, opts...)
}

// Translate returns the audio's text in English.
func (c *Client) Translate(ctx context.Context, req *TranscriptionRequest, opts ...CallOption) (*Transcription, error) {
	return callInto(c, ctx, "translate", req, setTranscription, opts...)
}

// ---------------------------------------------------------------- moderation and rerank

// ModerationRequest classifies text ("moderate" op); Input is a string or a list.
type ModerationRequest struct {
	Model string `json:"model"`
	Input any    `json:"input"`
}

// Moderation is the answer of "moderate".
type Moderation struct {
	ID      string             `json:"id"`
	Model   string             `json:"model"`
	Results []ModerationResult `json:"results"`
	Raw     json.RawMessage    `json:"-"`
	Meta    *Meta              `json:"-"`
}

// ModerationResult is one input's verdict.
type ModerationResult struct {
	Flagged        bool               `json:"flagged"`
	Categories     map[string]bool    `json:"categories"`
	CategoryScores map[string]float64 `json:"category_scores"`
}

// Moderate classifies the input.
func (c *Client) Moderate(ctx context.Context, req *ModerationRequest, opts ...CallOption) (*Moderation, error) {
	return callInto(c, ctx, "moderate", req, func(o *Moderation, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }, opts...)
}

// RerankRequest orders documents by relevance to a query ("rerank" op).
type RerankRequest struct {
	Model           string   `json:"model"`
	Query           string   `json:"query"`
	Documents       []string `json:"documents"`
	TopN            int      `json:"top_n,omitempty"`
	ReturnDocuments bool     `json:"return_documents,omitempty"`
}

// RerankResult is one document's place: its index in the request and its score.
type RerankResult struct {
	Index          int     `json:"index"`
	RelevanceScore float64 `json:"relevance_score"`
	Document       *struct {
		Text string `json:"text"`
	} `json:"document,omitempty"`
}

// RerankResponse lists the documents best first.
type RerankResponse struct {
	ID      string          `json:"id,omitempty"`
	Model   string          `json:"model"`
	Results []RerankResult  `json:"results"`
	Usage   *Usage          `json:"usage,omitempty"`
	Raw     json.RawMessage `json:"-"`
	Meta    *Meta           `json:"-"`
}

// Rerank orders the documents by relevance to the query.
func (c *Client) Rerank(ctx context.Context, req *RerankRequest, opts ...CallOption) (*RerankResponse, error) {
	return callInto(c, ctx, "rerank", req, func(o *RerankResponse, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }, opts...)
}

// ---------------------------------------------------------------- files and batches

// FileObject describes an uploaded file.
type FileObject struct {
	ID        string          `json:"id"`
	Bytes     int64           `json:"bytes"`
	CreatedAt int64           `json:"created_at"`
	Filename  string          `json:"filename"`
	Purpose   string          `json:"purpose"`
	Status    string          `json:"status,omitempty"`
	Raw       json.RawMessage `json:"-"`
	Meta      *Meta           `json:"-"`
}

// FileList is a page of files.
type FileList struct {
	Data    []FileObject    `json:"data"`
	HasMore bool            `json:"has_more"`
	Raw     json.RawMessage `json:"-"`
	Meta    *Meta           `json:"-"`
}

// Deleted confirms a deletion.
type Deleted struct {
	ID      string          `json:"id"`
	Deleted bool            `json:"deleted"`
	Raw     json.RawMessage `json:"-"`
	Meta    *Meta           `json:"-"`
}

func setFile(o *FileObject, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }

func setFileList(o *FileList, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }

func setDeleted(o *Deleted, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }

// UploadFile uploads a file for a purpose ("batch", "fine-tune", "assistants", ...).
func (c *Client) UploadFile(ctx context.Context, file File, purpose string, opts ...CallOption) (*FileObject, error) {
	return callInto(c, ctx, "file_upload", map[string]any{"file": file, "purpose": purpose}, setFile, opts...)
}

// ListFiles lists uploaded files ("" for every purpose).
func (c *Client) ListFiles(ctx context.Context, purpose string, opts ...CallOption) (*FileList, error) {
	req := map[string]any{}
	if purpose != "" {
		req["purpose"] = purpose
	}
	return callInto(c, ctx, "file_list", req, setFileList, opts...)
}

// RetrieveFile returns a file's description.
func (c *Client) RetrieveFile(ctx context.Context, id string, opts ...CallOption) (*FileObject, error) {
	return callInto(c, ctx, "file_retrieve", map[string]any{"file_id": id}, setFile, opts...)
}

// FileContent returns a file's bytes.
func (c *Client) FileContent(ctx context.Context, id string, opts ...CallOption) (*Binary, error) {
	return c.callBinary(ctx, "file_content", map[string]any{"file_id": id}, opts...)
}

// DeleteFile deletes a file.
func (c *Client) DeleteFile(ctx context.Context, id string, opts ...CallOption) (*Deleted, error) {
	return callInto(c, ctx, "file_delete", map[string]any{"file_id": id}, setDeleted, opts...)
}

// BatchRequest runs an uploaded JSONL file of requests as a batch.
type BatchRequest struct {
	InputFileID      string            `json:"input_file_id"`
	Endpoint         string            `json:"endpoint"`
	CompletionWindow string            `json:"completion_window"`
	Metadata         map[string]string `json:"metadata,omitempty"`
}

// Batch is a batch's state.
type Batch struct {
	ID            string          `json:"id"`
	Status        string          `json:"status"`
	Endpoint      string          `json:"endpoint"`
	InputFileID   string          `json:"input_file_id"`
	OutputFileID  string          `json:"output_file_id,omitempty"`
	ErrorFileID   string          `json:"error_file_id,omitempty"`
	CreatedAt     int64           `json:"created_at,omitempty"`
	RequestCounts map[string]int  `json:"request_counts,omitempty"`
	Raw           json.RawMessage `json:"-"`
	Meta          *Meta           `json:"-"`
}

// BatchList is a page of batches.
type BatchList struct {
	Data    []Batch         `json:"data"`
	HasMore bool            `json:"has_more"`
	Raw     json.RawMessage `json:"-"`
	Meta    *Meta           `json:"-"`
}

func setBatch(o *Batch, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }

func setBatchList(o *BatchList, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }

// CreateBatch starts a batch (CompletionWindow "24h" when empty).
func (c *Client) CreateBatch(ctx context.Context, req *BatchRequest, opts ...CallOption) (*Batch, error) {
	r := *req
	if r.CompletionWindow == "" {
		r.CompletionWindow = "24h"
	}
	return callInto(c, ctx, "batch_create", &r, setBatch, opts...)
}

// RetrieveBatch returns a batch's state.
func (c *Client) RetrieveBatch(ctx context.Context, id string, opts ...CallOption) (*Batch, error) {
	return callInto(c, ctx, "batch_retrieve", map[string]any{"batch_id": id}, setBatch, opts...)
}

// ListBatches lists batches: at most limit (0: the provider's default), after an id.
func (c *Client) ListBatches(ctx context.Context, limit int, after string, opts ...CallOption) (*BatchList, error) {
	req := map[string]any{}
	if limit > 0 {
		req["limit"] = limit
	}
	if after != "" {
		req["after"] = after
	}
	return callInto(c, ctx, "batch_list", req, setBatchList, opts...)
}

// CancelBatch cancels a batch.
func (c *Client) CancelBatch(ctx context.Context, id string, opts ...CallOption) (*Batch, error) {
	return callInto(c, ctx, "batch_cancel", map[string]any{"batch_id": id}, setBatch, opts...)
}

// ---------------------------------------------------------------- the Responses API

// ResponseRequest creates a response; Input is a string or a list of input items.
type ResponseRequest struct {
	Model              string         `json:"model"`
	Input              any            `json:"input"`
	Instructions       string         `json:"instructions,omitempty"`
	MaxOutputTokens    int            `json:"max_output_tokens,omitempty"`
	Temperature        *float64       `json:"temperature,omitempty"`
	PreviousResponseID string         `json:"previous_response_id,omitempty"`
	Tools              []any          `json:"tools,omitempty"`
	Store              *bool          `json:"store,omitempty"`
	Background         bool           `json:"background,omitempty"`
	ExtraBody          map[string]any `json:"extra_body,omitempty"`
}

// Response is a Responses API response.
type Response struct {
	ID     string            `json:"id"`
	Status string            `json:"status"`
	Model  string            `json:"model"`
	Output []json.RawMessage `json:"output"`
	Usage  *Usage            `json:"usage,omitempty"`
	Raw    json.RawMessage   `json:"-"`
	Meta   *Meta             `json:"-"`
}

// OutputText joins the text of the response's output messages.
func (r *Response) OutputText() string {
	var b strings.Builder
	for _, item := range r.Output {
		var msg struct {
			Type    string `json:"type"`
			Content []struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"content"`
		}
		if json.Unmarshal(item, &msg) != nil || msg.Type != "message" {
			continue
		}
		for _, c := range msg.Content {
			if c.Type == "output_text" {
				b.WriteString(c.Text)
			}
		}
	}
	return b.String()
}

func setResponse(o *Response, raw json.RawMessage, m *Meta) { o.Raw, o.Meta = raw, m }

// CreateResponse creates a response; req is a *ResponseRequest, a map or raw JSON.
func (c *Client) CreateResponse(ctx context.Context, req any, opts ...CallOption) (*Response, error) {
	return callInto(c, ctx, "responses", req, setResponse, opts...)
}

// RetrieveResponse returns a stored response.
func (c *Client) RetrieveResponse(ctx context.Context, id string, opts ...CallOption) (*Response, error) {
	return callInto(c, ctx, "response_retrieve", map[string]any{"response_id": id}, setResponse, opts...)
}

// CancelResponse cancels a background response.
func (c *Client) CancelResponse(ctx context.Context, id string, opts ...CallOption) (*Response, error) {
	return callInto(c, ctx, "response_cancel", map[string]any{"response_id": id}, setResponse, opts...)
}

// DeleteResponse deletes a stored response.
func (c *Client) DeleteResponse(ctx context.Context, id string, opts ...CallOption) (*Deleted, error) {
	return callInto(c, ctx, "response_delete", map[string]any{"response_id": id}, setDeleted, opts...)
}

// ResponseEvent is one event of a streamed response ("response.output_text.delta", ...).
type ResponseEvent struct {
	Type  string          `json:"type"`
	Delta string          `json:"delta,omitempty"`
	Raw   json.RawMessage `json:"-"`
}

// ResponseStream is a streamed response: its events, then the final Response.
type ResponseStream struct {
	*EventStream
	ev       *ResponseEvent
	response *Response
}

// ResponseStream starts a streamed response.
func (c *Client) ResponseStream(ctx context.Context, req any, opts ...CallOption) (*ResponseStream, error) {
	s, err := c.Stream(ctx, "responses", req, opts...)
	if err != nil {
		return nil, err
	}
	return &ResponseStream{EventStream: s}, nil
}

// Next advances to the next event; false at the end or on error (see Err).
func (s *ResponseStream) Next() bool {
	return typedNext(s.EventStream, &s.ev, &s.response,
		func(e *ResponseEvent, raw json.RawMessage) { e.Raw = raw }, setResponse)
}

// Event is the event Next moved to.
func (s *ResponseStream) Event() *ResponseEvent { return s.ev }

// Response is the final response once Next returned false without error.
func (s *ResponseStream) Response() *Response { return s.response }

// withOption adds a per-call option to a request struct (marshalled, then merged).
func withOption(req any, key string, value any) map[string]any {
	m := map[string]any{}
	if b, err := json.Marshal(req); err == nil {
		_ = json.Unmarshal(b, &m)
	}
	m[key] = value
	return m
}
