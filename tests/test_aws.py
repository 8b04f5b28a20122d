"""AWS credentials lookup and the event-stream decoder's framing checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from liter_llm import errors
from liter_llm.providers import aws
from mock_provider import encode_event

AWS_VARS = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for v in AWS_VARS:
        monkeypatch.delenv(v, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    return tmp_path


def test_settings_then_environment_then_profile(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (clean_env / "credentials").write_text(
        "[default]\naws_access_key_id = AKDEF\naws_secret_access_key = sdef\n"
        "[work]\naws_access_key_id = AKWORK\naws_secret_access_key = swork\n"
        "aws_session_token = twork\n"
    )
    (clean_env / "config").write_text("[profile work]\nregion = eu-central-1\n")
    assert aws.credentials({}) == aws.Credentials("AKDEF", "sdef", None)
    assert aws.region({}) is None
    monkeypatch.setenv("AWS_PROFILE", "work")
    assert aws.credentials({}) == aws.Credentials("AKWORK", "swork", "twork")
    assert aws.region({}) == "eu-central-1"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "senv")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "tenv")
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    assert aws.credentials({}) == aws.Credentials("AKENV", "senv", "tenv")
    assert aws.region({}) == "ap-south-1"
    s = {"aws_access_key_id": "AKSET", "aws_secret_access_key": "sset", "region": "us-east-2"}
    assert aws.credentials(s) == aws.Credentials("AKSET", "sset", None)
    assert aws.region(s) == "us-east-2"


def test_no_credentials_anywhere(clean_env: Path) -> None:
    assert aws.credentials({}) is None


def frames() -> bytes:
    h = {":event-type": "contentBlockDelta", ":message-type": "event"}
    return encode_event(h, {"delta": {"text": "a"}}) + encode_event(h, {"delta": {"text": "b"}})


@pytest.mark.parametrize("size", [1, 3, 7, 64, 10_000])
def test_decoder_at_every_split(size: int) -> None:
    data, dec, got = frames(), aws.EventStreamDecoder(), []
    for i in range(0, len(data), size):
        got += [m.json()["delta"]["text"] for m in dec.feed(data[i : i + size])]
    assert got == ["a", "b"] and not dec.has_partial


@pytest.mark.parametrize("where", ["prelude", "payload"])
def test_corruption_is_caught(where: str) -> None:
    data = bytearray(frames())
    data[5 if where == "prelude" else 60] ^= 0xFF
    with pytest.raises(errors.StreamIncompleteError, match="CRC"):
        aws.EventStreamDecoder().feed(bytes(data))


def test_each_retry_is_signed_again(mock_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A SigV4 signature is valid for minutes: after a long first attempt the retry must carry
    a new date and signature, not the first attempt's."""
    import asyncio
    import itertools

    import liter_llm
    from fixturelib import client_config, load_cases, mock_log

    case = next(c for c in load_cases() if c["name"] == "bedrock_throttled_then_ok")
    cfg = client_config(mock_url, case)
    clock = itertools.count(1_763_800_000, 600)  # every signing happens 10 minutes later
    monkeypatch.setattr(aws.time, "time", lambda: float(next(clock)))

    async def main() -> None:
        async with liter_llm.AsyncClient(**cfg) as c:
            await c.chat(case["request"])

    asyncio.run(main())
    log = mock_log(cfg)
    assert len(log) == 2
    dates = [e["headers"]["x-amz-date"] for e in log]
    auths = [e["headers"]["authorization"] for e in log]
    assert dates[0] != dates[1] and auths[0] != auths[1]
