"""Content decoders that hand out at most `PIECE` bytes at a time, so the fetch's size cap is
checked after each piece and a gzip bomb never inflates in one go (see ingest/fetch.py)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Protocol

import brotli

PIECE = 64 * 1024


class _Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def flush(self) -> Iterator[bytes]: ...


class Zlib:
    """gzip (every member) or deflate (zlib-wrapped or raw, told apart by the first two bytes)."""

    def __init__(self, coding: str) -> None:
        self._gzip = coding == "gzip"
        self._wbits = zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS
        self._inflate = zlib.decompressobj(self._wbits)
        self._head: bytes | None = None if self._gzip else b""

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._head is not None:
            data = self._head + data
            if len(data) < 2:
                self._head = data
                return
            self._head = None
            if (data[0] & 0x0F) != 8 or (data[0] << 8 | data[1]) % 31:
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, no header
        while True:
            if self._inflate.eof:
                data = self._inflate.unused_data + data
                if not (self._gzip and data.startswith(b"\x1f\x8b")):
                    return  # trailing bytes after the stream: ignored, as browsers do
                self._inflate = zlib.decompressobj(self._wbits)
            out = self._inflate.decompress(data, PIECE)
            data = self._inflate.unconsumed_tail
            if out:
                yield out
            if not data and len(out) < PIECE:
                return

    def flush(self) -> Iterator[bytes]:
        data, self._head = self._head or b"", None  # a one-byte deflate body: zlib judges it
        yield from self.feed(data)


class Brotli:
    def __init__(self) -> None:
        self._inflate = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        out = self._inflate.process(data, output_buffer_limit=PIECE)
        while out:
            yield out
            out = self._inflate.process(b"", output_buffer_limit=PIECE)

    def flush(self) -> Iterator[bytes]:
        yield from ()


class Chain:
    """Decoders applied in turn, lazily, so every stage stays bounded by `PIECE`; none at all
    passes network reads through as they come (httpcore reads at most 64 KiB at a time)."""

    def __init__(self, decoders: Sequence[_Decoder]) -> None:
        self._decoders = decoders

    def feed(self, data: bytes) -> Iterator[bytes]:
        stream: Iterable[bytes] = (data,)
        for decoder in self._decoders:
            stream = _through(decoder, stream)
        return iter(stream)

    def flush(self) -> Iterator[bytes]:
        stream: Iterable[bytes] = ()
        for decoder in self._decoders:
            stream = chain(_through(decoder, stream), _flushed(decoder))
        return iter(stream)


def _through(decoder: _Decoder, stream: Iterable[bytes]) -> Iterator[bytes]:
    for data in stream:
        yield from decoder.feed(data)


def _flushed(decoder: _Decoder) -> Iterator[bytes]:
    yield from decoder.flush()  # a generator, so the flush waits until earlier output is out
