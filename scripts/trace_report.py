#!/usr/bin/env python3
"""Summarises an `strace -f` log: every program started by a cargo-secure
process or its descendants, with its arguments and working directory, and
every network connection they made.

Usage: trace_report.py TRACE_LOG [--root DIR] [--cwd DIR]

The log must come from `strace -f -s 512 -e trace=execve,chdir,fchdir,connect,
clone,clone3,fork,vfork`. Paths under --root (the scanned checkout) are shown
as `<checkout>/...`; --cwd names the directory the traced command started
in. Exits 1 when a process was started by bare name, from
inside the checkout, or with the checkout as its working directory (other than
the trusted cargo), so the script can gate CI.
"""

import re
import sys
from collections import OrderedDict

LINE = re.compile(r"^(\d+)\s+(.*)$")
CALL = re.compile(r"^(\w+)\((.*)$")
RESUMED = re.compile(r"^<\.\.\. (\w+) resumed>(.*)$")
RESULT = re.compile(r"\)\s+=\s+(-?\d+)")


def parse(path):
    """Yields (pid, syscall, args_text, result) with unfinished calls joined."""
    pending = {}
    with open(path, errors="replace") as log:
        for raw in log:
            m = LINE.match(raw.rstrip("\n"))
            if not m:
                continue
            pid, rest = int(m.group(1)), m.group(2)
            if rest.startswith("+++") or rest.startswith("---"):
                continue
            resumed = RESUMED.match(rest)
            if resumed:
                name, tail = resumed.groups()
                head = pending.pop((pid, name), "")
                rest = f"{name}({head}{tail}"
            elif rest.endswith("<unfinished ...>"):
                call = CALL.match(rest)
                if call:
                    pending[(pid, call.group(1))] = call.group(2)[: -len("<unfinished ...>")]
                continue
            call = CALL.match(rest)
            if not call:
                continue
            result = RESULT.search(rest)
            yield pid, call.group(1), call.group(2), int(result.group(1)) if result else None


def strings(args):
    """The quoted strings of an strace argument list, unescaped."""
    out = []
    for s in re.findall(r'"((?:[^"\\]|\\.)*)"(\.\.\.)?', args):
        out.append(bytes(s[0], "utf-8").decode("unicode_escape") + ("..." if s[1] else ""))
    return out


def main():
    argv = sys.argv[1:]
    def option(name):
        if name not in argv:
            return None
        i = argv.index(name)
        value = argv[i + 1].rstrip("/")
        del argv[i : i + 2]
        return value

    root, start = option("--root"), option("--cwd")
    parent, image, cwd, records, connects = {}, {}, {}, OrderedDict(), OrderedDict()

    def ours(pid):
        seen = set()
        while pid is not None and pid not in seen:
            seen.add(pid)
            if image.get(pid, "").endswith("/cargo-secure"):
                return True
            pid = parent.get(pid)
        return False

    def where(pid):
        while pid is not None:
            if pid in cwd:
                return cwd[pid]
            pid = parent.get(pid)
        return start or "(not traced)"

    def show(path):
        if root and path.startswith(root):
            return "<checkout>" + path[len(root) :]
        return path

    for pid, name, args, result in parse(argv[0]):
        if name in ("clone", "clone3", "fork", "vfork") and result and result > 0:
            parent[result] = pid
            image.setdefault(result, image.get(pid, ""))
        elif name == "chdir" and result == 0:
            s = strings(args)
            if s:
                cwd[pid] = s[0]
        elif name == "execve" and result == 0:
            s = strings(args)
            if not s:
                continue
            program, argv0 = s[0], s[1:2]
            was_ours = ours(pid)
            image[pid] = program
            if program.endswith("/cargo-secure"):
                continue
            if was_ours:
                key = (show(program), " ".join(s[2:6]), show(where(pid)), argv0[0] if argv0 else "")
                records[key] = records.get(key, 0) + 1
        elif name == "connect" and ours(pid):
            addr = re.search(r"(sun_path|sin6?_addr)=[^)]*\)?[^}]*", args)
            text = addr.group(0) if addr else args[:120]
            port = re.search(r"sin6?_port=htons\((\d+)\)", args)
            text = (port.group(0) + " " if port else "") + text
            connects[text] = connects.get(text, 0) + 1

    bad = 0
    print("== processes started by cargo-secure (program | first arguments | working directory | count)")
    if not records:
        print("   (none)")
    for (program, first, directory, argv0), count in records.items():
        flags = []
        if program.startswith("<checkout>"):
            flags.append("FROM THE CHECKOUT")
        trusted_cargo = program.endswith("/bin/cargo") and not program.startswith("<checkout>")
        if directory.startswith("<checkout>") and not trusted_cargo:
            flags.append("CHECKOUT AS WORKING DIRECTORY")
        if argv0 and not argv0.startswith("/"):
            flags.append(f"started as `{argv0}` (PATH lookup)")
        bad += bool(flags)
        mark = ("   !! " + ", ".join(flags)) if flags else ""
        print(f"   {program} | {first} | {directory} | {count}{mark}")
    print("== connections made by cargo-secure and its children")
    if not connects:
        print("   (none)")
    for text, count in connects.items():
        print(f"   {text} | {count}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
