"""The hostile-file table: each file of a folder through `congvan extract` and the HTTP API.

`python -m bench.badinputs [FOLDER] [--api]` (default ../shared/badinputs, whose
`expectations.json` says REJECT, PARTIAL or FULL for each file) prints one row per file:
expected, got (the error code, or the pages read and the warnings), seconds, and whether it
matches. Each file runs in its own `congvan extract` process with a 6 GB address-space cap and
a 5-minute limit. `--api` also uploads every file to a `congvan serve` (started here, under the
same cap) while another thread asks /health twice a second, with a good letter uploaded after
each bad file: it prints the same table for the API, the longest /health answer, and whether
every good letter came out right.
Prints figures; asserts nothing.

Matching: REJECT wants an error code; FULL wants the contract JSON with every page; PARTIAL
wants the contract JSON (with warnings or fewer pages) — a full reading of a PARTIAL file
counts as a match too (more than was asked), shown as "FULL".
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CAP = 6 * 1024**3
#: Warnings that say something may be missing; the others (scripts, attachments) only inform.
LOSSY = {"page_failed", "repaired"}
LIMIT_S = 300.0


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def run_one(path: Path) -> tuple[str, str, float]:
    """("REJECT"|"FULL"|"PARTIAL"|"CRASH"|"TIMEOUT", detail, seconds) for one file."""
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "api", "extract", str(path)],
                              capture_output=True, text=True, timeout=LIMIT_S,
                              preexec_fn=_cap, check=False)
    except subprocess.TimeoutExpired:
        return "TIMEOUT", f"> {LIMIT_S:.0f} s", time.perf_counter() - started
    seconds = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return "CRASH", (done.stderr.strip().splitlines() or ["?"])[-1][:80], seconds
    out = json.loads(lines[-1])
    if "error" in out:
        return "REJECT", out["error"]["code"], seconds
    pages = out["file"]["pages"]
    read = len(out.get("pages") or [])
    warnings = [w["code"] for w in out.get("warnings") or []]
    words = sum(1 for f in out["fields"].values() if f.get("value") is not None)
    kind = "PARTIAL" if LOSSY & set(warnings) or read < pages else "FULL"
    detail = f"{read}/{pages} pages, {out['text_source']}, {words} fields"
    if warnings:
        detail += f", warnings: {','.join(sorted(set(warnings)))}"
    return kind, detail, seconds


def matches(expected: str, got: str) -> bool:
    """Whether what came out is what the table asks for."""
    if expected == "PARTIAL":
        return got in ("PARTIAL", "FULL")
    return expected == got


def _classify(body: dict[str, Any]) -> tuple[str, str]:
    """What a finished document answer says, as (kind, detail)."""
    if body["status"] == "failed":
        return "REJECT", body["error"]["code"]
    doc = body["document"]
    pages, read = doc["file"]["pages"], len(doc.get("pages") or [])
    warnings = sorted({w["code"] for w in doc.get("warnings") or []})
    detail = f"{read}/{pages} pages" + (f", warnings: {','.join(warnings)}" if warnings else "")
    return ("PARTIAL" if LOSSY & set(warnings) or read < pages else "FULL"), detail


def run_api(folder: Path, table: dict[str, Any]) -> None:
    """Every file through a live service, /health asked all along, good letters in between."""
    import httpx

    from corpus.synth.compose import compose
    from corpus.synth.render import render
    from tests.api import live

    with tempfile.TemporaryDirectory() as tmp:
        port = live.free_port()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (CAP, hard))  # the service inherits the cap
        proc, token = live.start(Path(tmp) / "data", port, Path(tmp) / "serve.log", workers=2)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {token}"}
        watch = live.HealthWatch(base, every=0.5)
        watch.start()
        good_ok = good_total = matched = 0
        print("\n| file (API) | expected | got | seconds | |\n|---|---|---|---:|---|")
        try:
            with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                for i, (name, row) in enumerate(sorted(table.items())):
                    started = time.perf_counter()
                    answer = client.post("/api/documents", files={
                        "files": (name, (folder / name).read_bytes())})
                    if answer.status_code != 202:
                        got, detail = "REJECT", f"HTTP {answer.status_code}"
                    else:
                        ident = answer.json()["documents"][0]["id"]
                        body = _wait(client, ident)
                        got, detail = _classify(body) if body else ("TIMEOUT", "> 300 s")
                    good = matches(row["expected"], got)
                    matched += good
                    print(f"| `{name}` | {row['expected']} | {got}: {detail} | "
                          f"{time.perf_counter() - started:.1f} | "
                          f"{'ok' if good else '**differs**'} |", flush=True)
                    letter = compose(5000 + i)
                    sent = client.post("/api/documents", files={
                        "files": (f"tot-{i}.pdf", render(letter)[0])})
                    body = _wait(client, sent.json()["documents"][0]["id"])
                    good_total += 1
                    good_ok += bool(body and body["status"] == "done" and
                                    body["document"]["fields"]["doc_ref"]["value"] ==
                                    letter.gold["doc_ref"])
        finally:
            watch.stop.set()
            watch.join(5)
            alive = proc.poll() is None
            proc.terminate()
            proc.wait(30)
        health = watch.times
        answered = [h for h in health if h != float("inf")]
        print(f"\n{matched}/{len(table)} as expected through the API; good letters right: "
              f"{good_ok}/{good_total}; /health asked {len(health)} times, failed "
              f"{len(health) - len(answered)}, slowest {max(answered, default=0) * 1000:.0f} ms;"
              f" service still running at the end: {alive}")


def _wait(client: Any, ident: str) -> dict[str, Any] | None:
    from tests.api.live import finished

    try:
        return finished(client, ident, LIMIT_S)
    except AssertionError:
        return None


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "badinputs")
    parser.add_argument("--api", action="store_true", help="also through a live service")
    parser.add_argument("--no-cli", action="store_true", help="skip `congvan extract`")
    args = parser.parse_args()
    table = json.loads((args.folder / "expectations.json").read_text("utf-8"))
    if not args.no_cli:
        ok = 0
        print("| file | expected | got | seconds | |\n|---|---|---|---:|---|")
        for name, row in sorted(table.items()):
            got, detail, seconds = run_one(args.folder / name)
            good = matches(row["expected"], got)
            ok += good
            print(f"| `{name}` | {row['expected']} | {got}: {detail} | {seconds:.1f} | "
                  f"{'ok' if good else '**differs**'} |", flush=True)
        print(f"\n{ok}/{len(table)} as expected through congvan extract")
    if args.api:
        run_api(args.folder, table)


if __name__ == "__main__":
    main()
