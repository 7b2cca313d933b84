#!/usr/bin/env python3
"""Rewrite the run outputs quoted in the guide pages (docs/guide/*.md).

Called by scripts/gen-guide.sh, which builds the binary first. Each quoted
output sits between two markers:

    <!-- out:NAME $ patrolsim compare scenarios/x.toml -r 5 | awk ... -->
    ```text
    ...written by this script...
    ```
    <!-- /out -->

The text after `$ ` is a shell command run from a scratch directory that
holds links to the repository's `scenarios/` and `tests/` (so files a command
writes, `--out`, `--html`, `init`, land there and not in the checkout);
`patrolsim` is the binary just built. What it prints on standard output
replaces the block (a `2>&1` in the command shows standard error too). A
command followed by `| FILTER` shows an excerpt (`guide-block`, from
scripts/lib/, keeps the blocks whose first line is named; awk, sed, head also
work); the same command is run once however many excerpts it feeds.

    <!-- out:NAME transcript $ patrolsim validate bad.toml -->

shows a terminal session instead: `$ COMMAND`, then everything it printed
(standard output, then standard error without progress lines), then `$ echo $?` and its exit code when that is not 0.
Several commands separated by ` ;; ` are run in turn, each shown so.
`{code}` in a command stands for a file holding the fenced code block just
before the marker (the pandas, polars and R snippets are run so).

A line holding `<!-- at -->` ... `<!-- /at -->` gets the date and the commit
of the code that printed the outputs (the latest commit touching src/,
scenarios/ or Cargo.*; "with local changes" if those are modified). The test `guide_commands_still_parse` in
tests/all/guide.rs checks every marked command against the current binary
without running the simulations.

    scripts/gen-guide.py [--only NAME_PREFIX] PAGE...
"""

import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile

MARK = re.compile(r"^<!-- out:([A-Za-z0-9_.-]+)( transcript)? \$ (.*) -->$")
END = "<!-- /out -->"
AT = re.compile(r"<!-- at -->.*?<!-- /at -->")
PROGRESS = re.compile(r"^[a-z-]+: \d+/\d+ runs \(")


def split_filter(cmd):
    """`patrolsim ... | filter` -> (patrolsim part, filter or None): the first
    `|` outside quotes."""
    quote = None
    for i, c in enumerate(cmd):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "|":
            return cmd[:i].strip(), cmd[i + 1 :].strip()
    return cmd.strip(), None


def main():
    args = sys.argv[1:]
    only = None
    if args[:1] == ["--only"]:
        only, args = args[1], args[2:]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.environ["PATROLSIM_BIN"]
    scratch = tempfile.mkdtemp(prefix="gen-guide-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    for d in ["scenarios", "tests"]:
        os.symlink(os.path.join(root, d), os.path.join(scratch, d))
    bindir = os.path.join(scratch, ".bin")
    os.mkdir(bindir)
    os.symlink(binary, os.path.join(bindir, "patrolsim"))
    os.symlink(os.path.join(root, "scripts/lib/guide-block"), os.path.join(bindir, "guide-block"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], NO_COLOR="1")

    # The commit of the code and scenarios that printed the outputs (the
    # latest that touched them), so a commit of docs alone, or a rebase of
    # one, leaves the stamp true.
    rev = subprocess.run(["git", "-C", root, "log", "-1", "--format=%h", "--", "src",
                          "scenarios", "Cargo.toml", "Cargo.lock"],
                         capture_output=True, text=True, check=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--", "src",
                            "scenarios", "Cargo.toml", "Cargo.lock"],
                           capture_output=True, text=True, check=True).stdout.strip()
    day = subprocess.run(["date", "-u", "+%Y-%m-%d"], capture_output=True, text=True,
                         check=True).stdout.strip()
    at = f"<!-- at -->commit `{rev}`{' with local changes' if dirty else ''} ({day})<!-- /at -->"

    cache = {}

    def run(cmd, transcript):
        key = (cmd, transcript)
        if key not in cache and transcript and " ;; " in cmd:
            cache[key] = "".join(run(c, True) for c in cmd.split(" ;; "))
        if key not in cache:
            print(f"  $ {cmd}", file=sys.stderr, flush=True)
            p = subprocess.run(["bash", "-c", cmd], cwd=scratch, env=env,
                               capture_output=True, text=True)
            if transcript:
                # Progress lines (`sweep: 40/100 runs (40 %), … ETA 3 s`) vary
                # from run to run and say nothing: left out.
                err = "".join(x for x in p.stderr.splitlines(keepends=True)
                              if not PROGRESS.match(x))
                text = f"$ {cmd}\n{p.stdout}{err}"
                if p.returncode != 0:
                    text += f"$ echo $?\n{p.returncode}\n"
            else:
                if p.returncode != 0:
                    sys.exit(f"gen-guide: `{cmd}` failed ({p.returncode}):\n{p.stderr}")
                text = p.stdout
            cache[key] = text
        return cache[key]

    for page in args:
        with open(page) as f:
            lines = f.read().split("\n")
        out, i, done, last_code = [], 0, 0, ""
        while i < len(lines):
            line = lines[i]
            m = MARK.match(line.strip())
            indent = line[: len(line) - len(line.lstrip())]
            if line.startswith("```") and len(line) > 3 and not m:
                end = lines.index("```", i + 1)
                last_code = "\n".join(lines[i + 1 : end]) + "\n"
                out.extend(AT.sub(at, x) for x in lines[i : end + 1])
                i = end + 1
                continue
            if not m:
                out.append(AT.sub(at, line))
                i += 1
                continue
            name, transcript, command = m.group(1), bool(m.group(2)), m.group(3)
            try:
                end = next(k for k in range(i + 1, len(lines)) if lines[k].strip() == END)
            except StopIteration:
                sys.exit(f"{page}:{i + 1}: out:{name} has no {END}")
            if only and not name.startswith(only):
                out.extend(lines[i : end + 1])
                i = end + 1
                continue
            cmd, filt = split_filter(command)
            if "{code}" in cmd:
                code = os.path.join(scratch, f"{name}.code")
                with open(code, "w") as f:
                    f.write(last_code)
                cmd = cmd.replace("{code}", code)
            text = run(cmd, transcript)
            if filt:
                p = subprocess.run(["bash", "-c", filt], input=text, cwd=scratch, env=env,
                                   capture_output=True, text=True)
                if p.returncode != 0:
                    sys.exit(f"{page}:{i + 1}: filter `{filt}` failed:\n{p.stderr}")
                text = p.stdout
            text = text.rstrip("\n")
            block = ["```text", *text.split("\n"), "```", END]
            out.extend([line, *(indent + x if x else x for x in block)])
            i = end + 1
            done += 1
        with open(page, "w") as f:
            f.write("\n".join(out))
        print(f"{page}: {done} outputs written", file=sys.stderr)


if __name__ == "__main__":
    main()
