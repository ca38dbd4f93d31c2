"""The OpenAI-compatible embedder against a real local server that speaks the protocol."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from newsdesk.analyze.embed import get_embedder
from newsdesk.analyze.embed_remote import OpenAIEmbedder
from newsdesk.config import Settings
from newsdesk.errors import EmbeddingError
from tests.support.httpserver import RecordedRequest, Response, TestServer


def toy_vector(text: str) -> list[float]:
    """A stand-in model: a deterministic, unnormalised 8-wide vector per text."""
    digest = hashlib.sha256(text.encode()).digest()
    return [float(b) + 1.0 for b in digest[:8]]


def embeddings_api(request: RecordedRequest) -> Response:
    body = json.loads(request.body)
    data = [
        {"object": "embedding", "index": i, "embedding": toy_vector(text)}
        for i, text in enumerate(body["input"])
    ]
    data.reverse()  # servers may answer out of order; `index` says where each belongs
    payload = {"object": "list", "model": body["model"], "data": data}
    return Response(body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})


def test_vectors_come_back_in_input_order_and_normalised(http_server: TestServer) -> None:
    http_server.route("/v1/embeddings", embeddings_api)
    settings = Settings(
        embeddings_url=http_server.url("/v1"), embeddings_model="toy", embeddings_api_key="k1"
    )
    embedder = get_embedder(settings)
    texts = [f"text number {i}" for i in range(150)]  # more than one request's batch
    vectors = embedder.embed(texts)
    expected = np.array([toy_vector(t) for t in texts], dtype=np.float32)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(vectors, expected, atol=1e-6)
    assert embedder.dim == 8 and embedder.name == "openai:toy"
    sent = http_server.requests_to("/v1/embeddings")
    assert len(sent) == 3
    assert sent[0].headers["authorization"] == "Bearer k1"
    assert json.loads(sent[0].body)["model"] == "toy"


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(Response(status=500, body=b"boom"), id="server-error"),
        pytest.param(Response(body=b"not json"), id="not-json"),
        pytest.param(Response(body=b'{"data": []}'), id="too-few-vectors"),
        pytest.param(
            Response(body=b'{"data": [{"index": 0, "embedding": ["x"]}]}'), id="not-numbers"
        ),
    ],
)
def test_a_bad_answer_is_one_embedding_error(http_server: TestServer, answer: Response) -> None:
    http_server.route("/v1/embeddings", answer)
    embedder = OpenAIEmbedder(url=http_server.url("/v1/embeddings"), model="toy")
    with pytest.raises(EmbeddingError) as caught:
        embedder.embed(["hello"])
    assert "\n" not in str(caught.value)


def test_an_unreachable_endpoint_is_an_embedding_error() -> None:
    embedder = OpenAIEmbedder(url="http://127.0.0.1:9/v1", model="toy", timeout=2)
    with pytest.raises(EmbeddingError):
        embedder.embed(["hello"])
