#!/usr/bin/env python3
"""embed.py OUT.c SRCROOT FILE…: compiles files into a C table.

The table is looked up by path with embedded_find() (src/data/embedded.h).
"""
import sys


def main():
    out, root, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    lines = ['#include "compat.h"', '#include "data/embedded.h"', ""]
    for i, name in enumerate(files):
        with open(f"{root}/{name}", "rb") as f:
            data = f.read()
        lines.append(f"static const unsigned char file_{i}[] = {{")
        for off in range(0, len(data), 16):
            chunk = data[off:off + 16]
            lines.append("\t" + ", ".join(str(b) for b in chunk) + ",")
        lines.append("\t0")
        lines.append("};")
    lines.append("const struct embedded_file embedded_files[] = {")
    for i, name in enumerate(files):
        size = len(open(f"{root}/{name}", "rb").read())
        lines.append(f'\t{{"{name}", file_{i}, {size}}},')
    lines.append("};")
    lines.append(f"const size_t embedded_files_count = {len(files)};")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
