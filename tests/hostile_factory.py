"""Hostile inputs built in the tests: small files that used to exhaust memory or hang a batch."""

from __future__ import annotations

import random
import zlib

from pdf_factory import _assemble, _stream


def flate_bomb(decoded_mib: int) -> bytes:
    """A one-page PDF whose content stream inflates to `decoded_mib` MiB of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 24)
    parts = [packer.compress(b"BT /F1 11 Tf 72 720 Td (Safeguarding bomb) Tj ET\n")]
    for _ in range(max(1, decoded_mib // 16)):
        parts.append(packer.compress(chunk))
    parts.append(packer.flush())
    return _assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(b"".join(parts), b"/Filter /FlateDecode "),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def huge_mediabox_pdf() -> bytes:
    """A 1 KB PDF whose page claims to be 4 billion points wide, with prose on it."""
    lines = b"\n".join(b"(Children subject of a child protection plan line %d) Tj T*" % i for i in range(30))
    return _assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [-2147483648 -2147483648 2147483647 2147483647] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(b"BT /F1 11 Tf 72 720 Td 14 TL\n" + lines + b"\nET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def alias_bomb_yaml(levels: int = 9) -> str:
    """A few hundred bytes of YAML whose aliases expand to billions of strings."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"themes: {{bomb: {{phrases: *a{levels - 1}}}}}")
    return "\n".join(lines) + "\n"


def flipped(data: bytes, rng: random.Random, flips: int = 64) -> bytes:
    """`flips` bytes inverted at random offsets."""
    mutant = bytearray(data)
    for position in rng.sample(range(len(mutant)), min(flips, len(mutant))):
        mutant[position] ^= 0xFF
    return bytes(mutant)


def truncated_at(data: bytes, fraction: float) -> bytes:
    return data[: int(len(data) * fraction)]


def _streams(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every stream body."""
    spans, at = [], 0
    while (start := data.find(b"stream", at)) >= 0:
        end = data.find(b"endstream", start + 6)
        if end < 0:
            break
        if data[start - 3:start] != b"end":
            spans.append((start + 6, end))
        at = end + 9
    return spans


def stream_duplicated(data: bytes, rng: random.Random, copies: int = 3) -> bytes:
    """One stream's body repeated inside it, so its /Length and every later offset are wrong."""
    spans = _streams(data)
    if not spans:
        return data
    start, end = rng.choice(spans)
    return data[:end] + data[start:end] * copies + data[end:]


def streams_flipped(data: bytes, rng: random.Random, flips: int = 48) -> bytes:
    """Bytes inverted inside stream bodies only: damage the decoders see, not the file structure."""
    mutant = bytearray(data)
    spans = [(start, end) for start, end in _streams(data) if end - start > 8]
    for _ in range(flips if spans else 0):
        start, end = rng.choice(spans)
        mutant[rng.randrange(start + 2, end)] ^= 1 << rng.randrange(8)
    return bytes(mutant)


def xref_damaged(data: bytes, rng: random.Random) -> bytes:
    """`startxref` pointing at a random place, and random offsets in the cross-reference table."""
    mutant = bytearray(data)
    table = mutant.rfind(b"\nxref")
    if table > 0:
        rows = mutant.index(b"\n", mutant.index(b"\n", table + 1) + 1) + 1  # after "xref" and "0 N"
        for _ in range(20):
            row = rows + rng.randrange(0, 40) * 20  # rows of "nnnnnnnnnn ggggg n\r\n"
            mutant[row:row + 10] = b"%010d" % rng.randrange(len(mutant) * 2)
    marker = mutant.rfind(b"startxref")
    if marker > 0:
        end = mutant.find(b"%%EOF", marker)
        mutant[marker + 9:end] = b"\n%d\n" % rng.randrange(len(mutant))
    return bytes(mutant)


def chunk_removed(data: bytes, rng: random.Random) -> bytes:
    """A random run of bytes cut out of the middle."""
    start = rng.randrange(len(data) // 4, len(data) // 2)
    return data[:start] + data[start + rng.randrange(64, 4096):]


def mutants(data: bytes, seed: int) -> dict[str, bytes]:
    """Damaged copies of a real PDF, by kind of damage; the same seed gives the same bytes."""
    rng = random.Random(seed)
    out = {"flipped": flipped(data, rng), "flipped-many": flipped(data, rng, 2000)}
    for fraction in (0.1, 0.5, 0.9, 0.999):
        out[f"truncated-{fraction:g}"] = truncated_at(data, fraction)
    out["stream-duplicated"] = stream_duplicated(data, rng)
    out["streams-flipped"] = streams_flipped(data, rng)
    out["xref-damaged"] = xref_damaged(data, rng)
    out["chunk-removed"] = chunk_removed(data, rng)
    return out
