#!/usr/bin/env python3
"""Compares cargo secure's workflow rules with zizmor's, file by file.

    scripts/compare-zizmor.py DIR [--binary target/debug/cargo-secure] [--zizmor PATH]

Every workflow file under DIR (a YAML file with a top-level `jobs:`; action
definitions, Dependabot and zizmor configuration are skipped) is copied, alone,
into a tiny Rust workspace as `.github/workflows/<name>`, then measured three
ways: zizmor directly (`--offline --no-config`), cargo secure with
`--no-zizmor` (the built-in rules) and cargo secure with zizmor. It prints, per
kind of finding, how many files each one flags, and the false positives of the
built-in rules: flags on files of DIR's `template-injection/` and
`dangerous-triggers/` directories where zizmor reports neither audit.

Run on zizmor's test data (`crates/zizmor/tests/integration/test-data` in
zizmorcore/zizmor) this gives the figures of the changelog. Everything runs
offline; zizmor is found on PATH unless --zizmor names it.
"""

import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
# (row, zizmor audits, cargo secure built-in codes)
ROWS = [
    ("template injection", {"template-injection"}, {"workflow-script-injection"}),
    ("dangerous triggers", {"dangerous-triggers"}, {"dangerous-trigger"}),
    (
        "excessive permissions",
        {"excessive-permissions"},
        {"token-permissions-missing", "token-permissions-write-all", "token-permissions-write"},
    ),
    ("cache poisoning", {"cache-poisoning"}, {"workflow-cache-poisoning"}),
    ("artipacked", {"artipacked"}, {"checkout-persists-credentials"}),
    ("unpinned images", {"unpinned-images"}, {"container-image-not-pinned"}),
    ("GITHUB_ENV writes", {"github-env"}, {"workflow-env-file-write"}),
]
FP_DIRS = ("template-injection", "dangerous-triggers")


def workflows(directory):
    for path in sorted(directory.rglob("*")):
        if path.suffix not in (".yml", ".yaml") or not path.is_file():
            continue
        if path.stem in ("action", "dependabot", "zizmor") or "configs" in path.parts:
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        if re.search(r"^jobs\s*:", text, re.M):
            yield path


def zizmor_audits(zizmor, repo):
    out = subprocess.run(
        [zizmor, "--offline", "--no-config", "--no-exit-codes", "--format=json", str(repo)],
        capture_output=True, text=True, cwd="/", timeout=120,
    )
    try:
        return {f["ident"] for f in json.loads(out.stdout or "[]")}
    except json.JSONDecodeError:
        return set()


def secure_codes(binary, repo, with_zizmor, zizmor):
    env = dict(os.environ)
    args = [binary, "secure", "--offline", "--format", "json", "--color", "never",
            "--db", str(ROOT / "fixtures/outputs/advisory-db")]
    if with_zizmor:
        env["CARGO_SECURE_ZIZMOR"] = zizmor
    else:
        args.append("--no-zizmor")
    out = subprocess.run(args, capture_output=True, text=True, cwd=repo, env=env, timeout=300)
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        sys.exit(f"cargo secure failed on {repo}: {out.stderr.strip()}")
    posture = next(l for l in report["layers"] if l["id"] == "posture")
    return {f["code"] for f in posture.get("findings", [])}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", type=pathlib.Path)
    parser.add_argument("--binary", default=str(ROOT / "target/debug/cargo-secure"))
    parser.add_argument("--zizmor", default=shutil.which("zizmor"))
    parser.add_argument("--list", action="store_true", help="print each file's results")
    args = parser.parse_args()
    if not args.zizmor:
        sys.exit("zizmor not found: pip install zizmor, or pass --zizmor PATH")
    version = subprocess.run([args.zizmor, "--version"], capture_output=True, text=True).stdout
    files = list(workflows(args.dir))
    counts = {row: [0, 0, 0, 0] for row, _, _ in ROWS}
    kinds, false_positives, fp_files = {}, [], 0
    with tempfile.TemporaryDirectory() as tmp:
        base = pathlib.Path(tmp) / "ws"
        for path in files:
            shutil.rmtree(base, ignore_errors=True)
            (base / "src").mkdir(parents=True)
            (base / "Cargo.toml").write_text(
                '[workspace]\n\n[package]\nname = "cmp"\nversion = "0.1.0"\nedition = "2021"\n')
            (base / "Cargo.lock").write_text('version = 4\n\n[[package]]\nname = "cmp"\nversion = "0.1.0"\n')
            (base / "src/lib.rs").write_text("")
            (base / ".github/workflows").mkdir(parents=True)
            shutil.copy(path, base / ".github/workflows" / path.name)
            zz = zizmor_audits(args.zizmor, base)
            builtin = secure_codes(args.binary, base, False, args.zizmor)
            both = secure_codes(args.binary, base, True, args.zizmor)
            for audit in zz:
                kinds[audit] = kinds.get(audit, 0) + 1
            for row, audits, codes in ROWS:
                zizmor_codes = {f"zizmor/{a}" for a in audits}
                counts[row][0] += bool(zz & audits)
                counts[row][1] += bool(builtin & codes)
                counts[row][2] += bool(zz & audits and builtin & codes)
                counts[row][3] += bool(both & (codes | zizmor_codes))
            rel = path.relative_to(args.dir)
            if rel.parts[0] in FP_DIRS and not zz & {"template-injection", "dangerous-triggers"}:
                fp_files += 1
                flagged = builtin & {"workflow-script-injection", "dangerous-trigger"}
                if flagged:
                    false_positives.append(f"{rel}: {', '.join(sorted(flagged))}")
            if args.list:
                print(f"{rel}: zizmor {sorted(zz)} built-in {sorted(builtin)}")
    print(f"{len(files)} workflow files, one at a time; {version.strip()}")
    print(f"{'files flagged':24} {'zizmor':>8} {'built-in':>9} {'of zizmor':>10} {'with zizmor':>12}")
    for row, (z, b, both, w) in counts.items():
        print(f"{row:24} {z:>8} {b:>9} {both:>10} {w:>12}")
    print(f"false positives of the built-in rules on {fp_files} clean files: {len(false_positives)}")
    for line in false_positives:
        print(f"  {line}")
    print(f"zizmor fired {len(kinds)} kinds of audit: "
          + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()
