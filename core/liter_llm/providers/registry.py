"""Providers as data rows: base URL, auth, key variable, adapter, quirks.

Adding a provider that speaks OpenAI's wire format is one row here, no code; a provider with
its own wire format names its adapter module (``providers/<adapter>.py``).
Each row declares the ops its server offers (``ops``); an op outside them is ``unsupported``
naming provider and op, before anything is sent. Quirks:
- ``no_stream_options``: the server rejects ``stream_options``; it is dropped.
- ``eof_ends_stream``: the server may end a stream without ``data: [DONE]``; a clean end of
  the body after a ``finish_reason`` is then accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProviderSpec:
    name: str
    base_url: str
    api_key_env: str | None = None
    auth_header: str = "Authorization"
    auth_prefix: str = "Bearer "
    requires_key: bool = True
    adapter: str = "openai"
    quirks: frozenset[str] = field(default_factory=frozenset)
    docs: str = ""
    # the ops this server offers (None: everything its adapter can send)
    ops: frozenset[str] | None = None
    # chat parameters sent under another name, and ones the server has no field for
    # (rejected as `unsupported` unless drop_params)
    renames: tuple[tuple[str, str], ...] = ()
    unsupported: tuple[str, ...] = ()
    # an environment variable that gives the base URL (a per-account or per-workspace host);
    # ``{setting}`` placeholders in base_url come from the provider's settings, else from
    # ``<NAME>_<SETTING>`` in the environment
    base_url_env: str | None = None


# Op sets of OpenAI-compatible servers (what their documentation lists).
CHAT = frozenset({"chat", "models"})
EMBED = CHAT | {"embed"}
AUDIO_IN = frozenset({"transcribe", "translate"})
AUDIO = AUDIO_IN | {"speech"}
FILES = frozenset({"file_upload", "file_list", "file_retrieve", "file_content", "file_delete"})
BATCHES = FILES | {"batch_create", "batch_retrieve", "batch_list", "batch_cancel"}
RESPONSES = frozenset({"responses", "response_retrieve", "response_cancel", "response_delete"})
OPENAI_OPS = EMBED | AUDIO | BATCHES | RESPONSES | {"moderate", "images", "image_edit"}
MAX_TOKENS = {"max_completion_tokens": "max_tokens"}  # servers that only know max_tokens


def _row(
    name: str,
    base_url: str,
    env: str | None,
    *quirks: str,
    key: bool = True,
    adapter: str = "openai",
    ops: frozenset[str] | None = CHAT,
    rename: dict[str, str] | None = None,
    unsupported: tuple[str, ...] = (),
    base_env: str | None = None,
    header: tuple[str, str] | None = None,
) -> ProviderSpec:
    return ProviderSpec(
        name,
        base_url,
        env,
        auth_header=header[0] if header else "Authorization",
        auth_prefix=header[1] if header else "Bearer ",
        requires_key=key,
        adapter=adapter,
        quirks=frozenset(quirks),
        ops=ops,
        renames=tuple((rename or {}).items()),
        unsupported=unsupported,
        base_url_env=base_env,
    )


def _local(name: str, base_url: str, ops: frozenset[str] = EMBED, *quirks: str) -> ProviderSpec:
    """A server run on the caller's own machine: no key needed (one is sent when given)."""
    return _row(name, base_url, f"{name.upper()}_API_KEY", *quirks, key=False, ops=ops)


PROVIDERS: dict[str, ProviderSpec] = {
    p.name: p
    for p in (
        _row("openai", "https://api.openai.com/v1", "OPENAI_API_KEY", ops=OPENAI_OPS),
        # ---- hosted OpenAI-compatible APIs
        _row(
            "groq",
            "https://api.groq.com/openai/v1",
            "GROQ_API_KEY",
            ops=CHAT | AUDIO | BATCHES,
        ),
        _row(
            "together",
            "https://api.together.xyz/v1",
            "TOGETHER_API_KEY",
            ops=EMBED | {"images", "rerank", "transcribe", "speech"} | BATCHES,
        ),
        _row("fireworks", "https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY", ops=EMBED),
        _row("deepseek", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", rename=MAX_TOKENS),
        _row("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", ops=EMBED),
        _row("xai", "https://api.x.ai/v1", "XAI_API_KEY", ops=CHAT | {"images"} | RESPONSES),
        _row(
            "perplexity",
            "https://api.perplexity.ai",
            "PERPLEXITYAI_API_KEY",
            "no_stream_options",
            ops=frozenset({"chat"}),
            rename=MAX_TOKENS,
            unsupported=("tools", "tool_choice"),
        ),
        _row("cerebras", "https://api.cerebras.ai/v1", "CEREBRAS_API_KEY"),
        _row(
            "deepinfra",
            "https://api.deepinfra.com/v1/openai",
            "DEEPINFRA_API_KEY",
            ops=EMBED | {"images", "transcribe", "speech"} | BATCHES,
        ),
        _row("huggingface", "https://router.huggingface.co/v1", "HF_TOKEN"),
        _row("nvidia_nim", "https://integrate.api.nvidia.com/v1", "NVIDIA_NIM_API_KEY", ops=EMBED),
        _row(
            "nebius", "https://api.studio.nebius.com/v1", "NEBIUS_API_KEY", ops=EMBED | {"images"}
        ),
        _row(
            "sambanova",
            "https://api.sambanova.ai/v1",
            "SAMBANOVA_API_KEY",
            ops=EMBED | AUDIO_IN,
        ),
        _row("novita", "https://api.novita.ai/v3/openai", "NOVITA_API_KEY", ops=EMBED),
        _row("hyperbolic", "https://api.hyperbolic.xyz/v1", "HYPERBOLIC_API_KEY"),
        _row("lambda", "https://api.lambda.ai/v1", "LAMBDA_API_KEY"),
        _row(
            "scaleway",
            "https://api.scaleway.ai/v1",
            "SCW_SECRET_KEY",
            ops=EMBED | {"transcribe"},
        ),
        _row("moonshot", "https://api.moonshot.ai/v1", "MOONSHOT_API_KEY", ops=CHAT | FILES),
        _row("moonshot_cn", "https://api.moonshot.cn/v1", "MOONSHOT_API_KEY", ops=CHAT | FILES),
        _row(
            "zhipu",
            "https://open.bigmodel.cn/api/paas/v4",
            "ZHIPUAI_API_KEY",
            ops=frozenset({"chat", "embed", "images"}),
        ),
        _row(
            "zai",
            "https://api.z.ai/api/paas/v4",
            "ZAI_API_KEY",
            ops=frozenset({"chat", "images"}),
        ),
        _row(
            "dashscope",
            "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
            "DASHSCOPE_API_KEY",
            ops=EMBED | BATCHES,
        ),
        _row(
            "dashscope_cn",
            "https://dashscope.aliyuncs.com/compatible-mode/v1",
            "DASHSCOPE_API_KEY",
            ops=EMBED | BATCHES,
        ),
        _row(
            "baichuan",
            "https://api.baichuan-ai.com/v1",
            "BAICHUAN_API_KEY",
            ops=frozenset({"chat", "embed"}),
        ),
        _row("minimax", "https://api.minimax.io/v1", "MINIMAX_API_KEY", ops=frozenset({"chat"})),
        _row(
            "minimax_cn", "https://api.minimaxi.com/v1", "MINIMAX_API_KEY", ops=frozenset({"chat"})
        ),
        _row(
            "github",
            "https://models.github.ai/inference",
            "GITHUB_TOKEN",
            ops=frozenset({"chat", "embed"}),
        ),
        _row(
            "cloudflare",
            "https://api.cloudflare.com/client/v4/accounts/{account_id}/ai/v1",
            "CLOUDFLARE_API_TOKEN",
            ops=frozenset({"chat", "embed"}),
        ),
        _row(
            "databricks",
            "https://{workspace}.cloud.databricks.com/serving-endpoints",
            "DATABRICKS_TOKEN",
            ops=frozenset({"chat", "embed"}),
            base_env="DATABRICKS_API_BASE",
        ),
        _row(
            "snowflake",
            "https://{account_id}.snowflakecomputing.com/api/v2/cortex/v1",
            "SNOWFLAKE_JWT",
            ops=frozenset({"chat"}),
            rename=MAX_TOKENS,
        ),
        _row("ai21", "https://api.ai21.com/studio/v1", "AI21_API_KEY", ops=frozenset({"chat"})),
        _row("friendliai", "https://api.friendli.ai/serverless/v1", "FRIENDLI_TOKEN"),
        _row("featherless", "https://api.featherless.ai/v1", "FEATHERLESS_API_KEY"),
        _row(
            "nscale", "https://inference.api.nscale.com/v1", "NSCALE_API_KEY", ops=CHAT | {"images"}
        ),
        _row(
            "volcengine",
            "https://ark.cn-beijing.volces.com/api/v3",
            "ARK_API_KEY",
            ops=frozenset({"chat", "embed", "images"}),
        ),
        _row(
            "siliconflow",
            "https://api.siliconflow.com/v1",
            "SILICONFLOW_API_KEY",
            ops=EMBED | {"rerank", "images", "speech", "transcribe"},
        ),
        _row(
            "stepfun",
            "https://api.stepfun.com/v1",
            "STEPFUN_API_KEY",
            ops=CHAT | FILES | {"speech", "transcribe", "images"},
        ),
        _row("yi", "https://api.lingyiwanwu.com/v1", "YI_API_KEY"),
        _row(
            "hunyuan",
            "https://api.hunyuan.cloud.tencent.com/v1",
            "HUNYUAN_API_KEY",
            ops=frozenset({"chat", "embed"}),
        ),
        _row(
            "qianfan",
            "https://qianfan.baidubce.com/v2",
            "QIANFAN_API_KEY",
            ops=frozenset({"chat", "embed"}),
        ),
        _row(
            "upstage",
            "https://api.upstage.ai/v1",
            "UPSTAGE_API_KEY",
            ops=frozenset({"chat", "embed"}),
        ),
        _row("reka", "https://api.reka.ai/v1", "REKA_API_KEY", ops=frozenset({"chat"})),
        _row("inception", "https://api.inceptionlabs.ai/v1", "INCEPTION_API_KEY"),
        _row("writer", "https://api.writer.com/v1", "WRITER_API_KEY"),
        _row("digitalocean", "https://inference.do-ai.run/v1", "DIGITALOCEAN_INFERENCE_KEY"),
        _row(
            "ovhcloud",
            "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1",
            "OVHCLOUD_API_KEY",
            ops=EMBED | {"transcribe"},
        ),
        _row("chutes", "https://llm.chutes.ai/v1", "CHUTES_API_KEY"),
        _row("kluster", "https://api.kluster.ai/v1", "KLUSTER_API_KEY", ops=CHAT | BATCHES),
        _row("parasail", "https://api.parasail.io/v1", "PARASAIL_API_KEY", ops=CHAT | BATCHES),
        _row("avian", "https://api.avian.io/v1", "AVIAN_API_KEY"),
        _row(
            "aimlapi",
            "https://api.aimlapi.com/v1",
            "AIML_API_KEY",
            ops=EMBED | {"images", "speech", "transcribe"},
        ),
        _row("v0", "https://api.v0.dev/v1", "V0_API_KEY", ops=frozenset({"chat"})),
        _row("morph", "https://api.morphllm.com/v1", "MORPH_API_KEY", ops=frozenset({"chat"})),
        _row("vercel", "https://ai-gateway.vercel.sh/v1", "AI_GATEWAY_API_KEY", ops=EMBED),
        _row("requesty", "https://router.requesty.ai/v1", "REQUESTY_API_KEY"),
        _row("poe", "https://api.poe.com/v1", "POE_API_KEY"),
        _row(
            "portkey",
            "https://api.portkey.ai/v1",
            "PORTKEY_API_KEY",
            ops=EMBED | AUDIO | {"images", "moderate"} | BATCHES,
            header=("x-portkey-api-key", ""),
        ),
        _row("meta_llama", "https://api.llama.com/compat/v1", "LLAMA_API_KEY"),
        _row("wandb", "https://api.inference.wandb.ai/v1", "WANDB_API_KEY"),
        _row("baseten", "https://inference.baseten.co/v1", "BASETEN_API_KEY"),
        _row("cortecs", "https://api.cortecs.ai/v1", "CORTECS_API_KEY"),
        _row("clarifai", "https://api.clarifai.com/v2/ext/openai/v1", "CLARIFAI_PAT"),
        _row(
            "heroku", "https://us.inference.heroku.com/v1", "INFERENCE_KEY", ops=frozenset({"chat"})
        ),
        _row("gmi", "https://api.gmi-serving.com/v1", "GMI_API_KEY"),
        _row("arcee", "https://conductor.arcee.ai/v1", "ARCEE_API_KEY"),
        _row("sarvam", "https://api.sarvam.ai/v1", "SARVAM_API_KEY", ops=frozenset({"chat"})),
        _row(
            "cometapi",
            "https://api.cometapi.com/v1",
            "COMETAPI_KEY",
            ops=EMBED | {"images"},
        ),
        _row(
            "iointelligence",
            "https://api.intelligence.io.solutions/api/v1",
            "IOINTELLIGENCE_API_KEY",
            ops=EMBED,
        ),
        _row("publicai", "https://api.publicai.co/v1", "PUBLICAI_API_KEY"),
        _row("synthetic", "https://api.synthetic.new/openai/v1", "SYNTHETIC_API_KEY"),
        _row("nanogpt", "https://nano-gpt.com/api/v1", "NANOGPT_API_KEY"),
        _row(
            "mixedbread", "https://api.mixedbread.com/v1", "MXBAI_API_KEY", ops=frozenset({"embed"})
        ),
        _row(
            "recraft",
            "https://external.api.recraft.ai/v1",
            "RECRAFT_API_TOKEN",
            ops=frozenset({"images"}),
        ),
        _row(
            "empower", "https://app.empower.dev/api/v1", "EMPOWER_API_KEY", ops=frozenset({"chat"})
        ),
        _row("aleph_alpha", "https://api.aleph-alpha.com", "AA_TOKEN", ops=frozenset({"chat"})),
        _row(
            "galadriel",
            "https://api.galadriel.com/v1",
            "GALADRIEL_API_KEY",
            ops=frozenset({"chat"}),
        ),
        _row("targon", "https://api.targon.com/v1", "TARGON_API_KEY"),
        _row(
            "lepton",
            "https://llama3-1-8b.lepton.run/api/v1",
            "LEPTON_API_KEY",
            ops=frozenset({"chat"}),
        ),
        _row(
            "predibase",
            "https://serving.app.predibase.com/{tenant_id}/deployments/v2/llms/{deployment}/v1",
            "PREDIBASE_API_KEY",
            ops=frozenset({"chat"}),
        ),
        _row("crusoe", "https://managed-inference-api-proxy.crusoecloud.com/v1", "CRUSOE_API_KEY"),
        _row(
            "infomaniak",
            "https://api.infomaniak.com/1/ai/{product_id}/openai",
            "INFOMANIAK_API_KEY",
            ops=frozenset({"chat", "embed", "transcribe"}),
        ),
        _row(
            "codestral",
            "https://codestral.mistral.ai/v1",
            "CODESTRAL_API_KEY",
            "no_stream_options",
            ops=frozenset({"chat"}),
            rename={"seed": "random_seed", **MAX_TOKENS},
        ),
        _row(
            "litellm",
            "http://localhost:4000/v1",
            "LITELLM_API_KEY",
            key=False,
            ops=OPENAI_OPS | {"rerank"},
        ),
        # ---- servers run locally (no key needed)
        _local("ollama", "http://localhost:11434/v1", EMBED | {"responses"}, "eof_ends_stream"),
        _local("vllm", "http://localhost:8000/v1", EMBED | AUDIO_IN | {"rerank"} | RESPONSES),
        _local("lmstudio", "http://localhost:1234/v1", EMBED | {"responses"}),
        _local("tgi", "http://localhost:8080/v1", CHAT),
        _local("llamacpp", "http://localhost:8080/v1", EMBED | {"rerank"}),
        _local(
            "localai", "http://localhost:8080/v1", EMBED | AUDIO_IN | {"speech", "images", "rerank"}
        ),
        _local("jan", "http://localhost:1337/v1", CHAT),
        _local("llamafile", "http://localhost:8080/v1", EMBED),
        _local(
            "xinference",
            "http://localhost:9997/v1",
            EMBED | {"rerank", "images", "speech", "transcribe"},
        ),
        _local("lemonade", "http://localhost:8000/api/v1", EMBED),
        _local("docker_model_runner", "http://localhost:12434/engines/v1", EMBED),
        _local("infinity", "http://localhost:7997", frozenset({"embed", "rerank", "models"})),
        _local("tei", "http://localhost:8080/v1", frozenset({"embed"})),
        _local("sglang", "http://localhost:30000/v1", EMBED),
        _local("aphrodite", "http://localhost:2242/v1", CHAT),
        _local("tabbyapi", "http://localhost:5000/v1", EMBED),
        _local("koboldcpp", "http://localhost:5001/v1", CHAT),
        _local("oobabooga", "http://localhost:5000/v1", EMBED),
        _local("gpt4all", "http://localhost:4891/v1", CHAT),
        _local("mlx", "http://localhost:8080/v1", CHAT),
        _local("nim_local", "http://localhost:8000/v1", EMBED),
        _local("openvino", "http://localhost:8000/v3", EMBED),
        # ---- native wire formats: one adapter module each (providers/<adapter>.py)
        _row(
            "mistral",
            "https://api.mistral.ai/v1",
            "MISTRAL_API_KEY",
            "no_stream_options",
            adapter="mistral",
            ops=None,
        ),
        _row(
            "anthropic",
            "https://api.anthropic.com",
            "ANTHROPIC_API_KEY",
            adapter="anthropic",
            ops=None,
        ),
        _row("cohere", "https://api.cohere.com", "COHERE_API_KEY", adapter="cohere", ops=None),
        _row(
            "gemini",
            "https://generativelanguage.googleapis.com",
            "GEMINI_API_KEY",
            adapter="gemini",
            ops=None,
        ),
        _row(
            "vertex",
            "https://{location}-aiplatform.googleapis.com",
            None,
            "vertex",
            key=False,
            adapter="gemini",
            ops=frozenset({"chat", "embed", "count_tokens"}),
        ),
        _row(
            "bedrock",
            "https://bedrock-runtime.{region}.amazonaws.com",
            "AWS_BEARER_TOKEN_BEDROCK",
            key=False,
            adapter="bedrock",
            ops=None,
        ),
        _row(
            "azure",
            "https://YOUR-RESOURCE.openai.azure.com",
            "AZURE_API_KEY",
            key=False,
            adapter="azure",
            ops=None,
        ),
        _row("voyage", "https://api.voyageai.com/v1", "VOYAGE_API_KEY", adapter="voyage", ops=None),
        _row("jina", "https://api.jina.ai/v1", "JINA_AI_API_KEY", adapter="jina", ops=None),
        _row(
            "watsonx",
            "https://us-south.ml.cloud.ibm.com",
            "WATSONX_APIKEY",
            key=False,
            adapter="watsonx",
            ops=None,
            base_env="WATSONX_URL",
        ),
    )
}


def get(name: str) -> ProviderSpec | None:
    return PROVIDERS.get(name)
