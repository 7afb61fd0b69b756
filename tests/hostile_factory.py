"""Hostile inputs built in the tests: small files that used to exhaust memory or hang a batch."""

from __future__ import annotations

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


def mutants(data: bytes, count: int) -> list[bytes]:
    """Damaged copies of a real PDF: bytes flipped, truncated, a stream duplicated, xref shifted."""
    out = []
    for i in range(count):
        mutant = bytearray(data)
        kind = i % 4
        if kind == 0:
            for j in range(40):
                position = (j * 7919 + i * 104729) % len(mutant)
                mutant[position] ^= 0xFF
        elif kind == 1:
            mutant = mutant[: len(mutant) * (i + 1) // (count + 2)]
        elif kind == 2:
            start = mutant.find(b"stream", len(mutant) // 3)
            end = mutant.find(b"endstream", start)
            if start > 0 and end > start:
                mutant[end:end] = mutant[start:end] * 3
        else:
            xref = mutant.rfind(b"startxref")
            if xref > 0:
                mutant[xref + 10: xref + 12] = b"99"
        out.append(bytes(mutant))
    return out
