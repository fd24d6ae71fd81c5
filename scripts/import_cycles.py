#!/usr/bin/env python3
"""Import cycles between the files of src/: every `crate::…`, `super::…` and
`self::…` path a file names (in `use` or inline) is an edge to the file that
defines that module; `mod` declarations are not edges, and neither is a path
to one of the file's own ancestor modules (a submodule is part of its parent,
as `super::` says), so the cycles found run between siblings or cousins. Prints each strongly
connected component of more than one file and exits 1 when there is one.

Usage: scripts/import_cycles.py [-v] [SRC_DIR]   (-v: the edges inside each cycle)
"""

import os
import re
import sys

ARGS = [a for a in sys.argv[1:] if a != "-v"]
SRC = ARGS[0] if ARGS else "src"
PATH = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
USE_GROUP = re.compile(r"\buse\s+(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^;]*)\};", re.S)


def module_of(path):
    rel = os.path.relpath(path, SRC)[:-3]
    parts = rel.split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return parts


def file_of(parts, files):
    """The file defining the longest prefix of `parts`."""
    for n in range(len(parts), -1, -1):
        prefix = parts[:n]
        if not prefix:
            return "lib.rs"
        for candidate in ("/".join(prefix) + ".rs", "/".join(prefix) + "/mod.rs"):
            if candidate in files:
                return candidate
    return None


def is_ancestor(dest, rel):
    """Whether file `dest` defines a module that contains file `rel`'s module."""
    if dest == "lib.rs":
        return True
    module = dest[: -len("/mod.rs")] if dest.endswith("/mod.rs") else dest[: -len(".rs")]
    return rel.startswith(module + "/")


def strip(text):
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    return text


def main():
    files = {}
    for root, _, names in os.walk(SRC):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.join(root, name)
                files[os.path.relpath(path, SRC).replace(os.sep, "/")] = path
    edges = {f: set() for f in files}
    for rel, path in files.items():
        here = module_of(path)
        text = strip(open(path, encoding="utf-8").read())
        # `#[cfg(test)] mod tests` blocks name their parent freely; skip them.
        text = re.split(r"#\[cfg\(test\)\]\s*mod tests", text)[0]
        paths = []
        for m in USE_GROUP.finditer(text):
            base, prefix, group = m.groups()
            for item in re.findall(r"[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*", group):
                paths.append((base, prefix + "::" + item))
        text = USE_GROUP.sub("", text)
        paths += [(m.group(1), m.group(2)) for m in PATH.finditer(text)]
        # Paths through a child module this file declares (`mod walk;` ... `walk::Item`).
        for child in re.findall(r"\bmod\s+([A-Za-z_][A-Za-z0-9_]*)\s*;", text):
            for m in re.finditer(r"(?<![:A-Za-z0-9_])" + child + r"((?:::[A-Za-z_][A-Za-z0-9_]*)+)", text):
                paths.append(("self", "::" + child + m.group(1)))
        for base, rest in paths:
            parts = [p for p in rest.split("::") if p]
            if base == "crate":
                target = parts
            elif base == "self":
                target = here + parts
            else:
                up = here[:-1]
                while parts and parts[0] == "super":
                    up, parts = up[:-1], parts[1:]
                target = up + parts
            dest = file_of(target, files)
            if dest and dest != rel and not is_ancestor(dest, rel):
                edges[rel].add(dest)
    # Tarjan's strongly connected components.
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def connect(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            connect(v)
    for comp in out:
        print(f"cycle of {len(comp)} files: " + ", ".join(comp))
        if "-v" in sys.argv:
            for v in comp:
                inside = sorted(w for w in edges[v] if w in comp)
                print(f"    {v} -> {', '.join(inside)}")
    if not out:
        print(f"no import cycle among {len(files)} files")
    sys.exit(1 if out else 0)


if __name__ == "__main__":
    main()
