#!/usr/bin/env python3
"""Build step: writes a text file as a C array so the binary carries it.

usage: embed_text.py INPUT OUTPUT.c SYMBOL
Defines `const char SYMBOL[]` (the bytes, NUL-terminated) and
`const unsigned long SYMBOL_len`."""
import sys

src, out, sym = sys.argv[1:4]
data = open(src, "rb").read()
with open(out, "w") as f:
    f.write("/* Generated from %s by scripts/embed_text.py; do not edit. */\n" % src.split("/")[-1])
    f.write("extern const char %s[];\nextern const unsigned long %s_len;\n" % (sym, sym))
    f.write("const char %s[] = {\n" % sym)
    for i in range(0, len(data), 16):
        f.write("\t" + ", ".join(str(b if b < 128 else b - 256) for b in data[i:i + 16]) + ",\n")
    f.write("\t0\n};\nconst unsigned long %s_len = %d;\n" % (sym, len(data)))
