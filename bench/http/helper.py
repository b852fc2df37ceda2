#!/usr/bin/env python3
"""Small helpers for wrk_vs_nginx.sh (standard library only).

  helper.py body FILE [SIZE]            write a vision request with a SIZExSIZE PNG
  helper.py ports N                     print N free TCP ports on 127.0.0.1
  helper.py field KEY                   print a top-level string field of the JSON on stdin
  helper.py nginx TEMPLATE OUT KEY=VALUE...  fill @KEY@ placeholders (nginx-quoted values);
                                        HEADERS=FILE: add_header lines for a saved response's headers
  helper.py summary RESULT_DIR ROUNDS   print the table and the JSON summary
"""
import base64
import json
import os
import socket
import statistics
import struct
import sys
import zlib


def png(size):
    # A deterministic, mildly noisy RGB image: real enough for the decoder,
    # small enough (a few KB) that request parsing does not dominate.
    rows = bytearray()
    seed = 12345
    for y in range(size):
        rows.append(0)  # filter: none
        for x in range(size):
            seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
            n = (seed >> 16) & 0x3
            rows += bytes(((x * 4 + n) & 0xFF, (y * 4 + n) & 0xFF, ((x + y) * 2) & 0xFF))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def cmd_body(path, size="32"):
    image = "data:image/png;base64," + base64.b64encode(png(int(size))).decode()
    body = json.dumps({"image": image, "prompt": "What colours are in this image?",
                       "model": "Vision Chat"}, separators=(",", ":"))
    with open(path, "w") as f:
        f.write(body)


def cmd_ports(n):
    socks = []
    for _ in range(int(n)):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    print(" ".join(str(s.getsockname()[1]) for s in socks))
    for s in socks:
        s.close()


def cmd_field(key):
    value = json.load(sys.stdin).get(key)
    if not isinstance(value, str):
        sys.exit(f"no string field {key!r} in the response")
    print(value)


def nginx_quote(value):
    if "$" in value:
        sys.exit("nginx strings cannot hold '$' here")
    return value.replace("\\", "\\\\").replace("'", "\\'")


# Headers nginx writes itself, or that describe l402d's connection, not its reply.
OWN_HEADERS = {"content-length", "content-type", "date", "server", "connection", "keep-alive"}


def add_header_lines(headers_file):
    """add_header directives repeating a saved response's headers (curl -D)."""
    lines = []
    for raw in open(headers_file, encoding="utf-8"):
        name, sep, value = raw.rstrip("\r\n").partition(": ")
        if not sep or name.lower() in OWN_HEADERS or name.startswith("HTTP/"):
            continue
        lines.append(f"add_header {name} '{nginx_quote(value)}' always;")
    return "\n      ".join(lines)


def cmd_nginx(template, out, *pairs):
    text = open(template).read()
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key == "BODY":
            value = nginx_quote(value)
        elif key == "HEADERS":
            value = add_header_lines(value)
        text = text.replace("@" + key + "@", value)
    with open(out, "w") as f:
        f.write(text)


TARGETS = ("nginx", "challenge", "replay")
TARGET_RATIO = {"challenge": 0.25, "replay": 0.6}
# The 402 offering L402, MPP and x402 against one offering L402 alone (issue
# 14): the extra rails may cost at most a tenth of the challenge rate.
TARGET_RAILS = 0.9


def cmd_summary(result_dir, rounds, meta_json="{}"):
    rounds = int(rounds)
    meta = json.loads(meta_json)
    rails = os.path.exists(os.path.join(result_dir, "challenge_l402.1.json"))
    targets = TARGETS + (("challenge_l402",) if rails else ())
    runs = []
    for r in range(1, rounds + 1):
        run = {}
        for t in targets:
            with open(os.path.join(result_dir, f"{t}.{r}.json")) as f:
                run[t] = json.load(f)
            cpu_file = os.path.join(result_dir, f"{t}.{r}.json.cpu")
            if os.path.exists(cpu_file):
                with open(cpu_file) as f:
                    cpu = json.load(f)
                n = max(1, run[t]["requests"])
                run[t]["cpu_us_per_request"] = {
                    "server": cpu["server_cpu_s"] / n * 1e6, "wrk": cpu["wrk_cpu_s"] / n * 1e6}
        run["ratio_challenge"] = run["challenge"]["rps"] / run["nginx"]["rps"]
        run["ratio_replay"] = run["replay"]["rps"] / run["nginx"]["rps"]
        if rails:
            run["ratio_rails"] = run["challenge"]["rps"] / run["challenge_l402"]["rps"]
        runs.append(run)

    print()
    print(f"{'round':>5} {'nginx 402':>12} {'challenge':>12} {'replay':>12} "
          f"{'chal/nginx':>11} {'replay/nginx':>13}")
    for i, run in enumerate(runs, 1):
        print(f"{i:>5} {run['nginx']['rps']:>12.0f} {run['challenge']['rps']:>12.0f} "
              f"{run['replay']['rps']:>12.0f} {run['ratio_challenge']:>11.3f} "
              f"{run['ratio_replay']:>13.3f}")
    med = {t: statistics.median(r[t]["rps"] for r in runs) for t in TARGETS}
    med_rc = statistics.median(r["ratio_challenge"] for r in runs)
    med_rr = statistics.median(r["ratio_replay"] for r in runs)
    print(f"{'median':>5} {med['nginx']:>12.0f} {med['challenge']:>12.0f} {med['replay']:>12.0f} "
          f"{med_rc:>11.3f} {med_rr:>13.3f}")
    print()
    for t in targets:
        lat = [r[t]["latency_us"] for r in runs]
        errs = sum(sum(r[t]["errors"][k] for k in ("connect", "read", "write", "timeout"))
                   for r in runs)
        print(f"{t:>14}: p50 {statistics.median(l['p50'] for l in lat)/1000:.2f} ms, "
              f"p99 {statistics.median(l['p99'] for l in lat)/1000:.2f} ms, "
              f"socket errors {errs}")
    cpu = {}
    if all("cpu_us_per_request" in r[t] for r in runs for t in targets):
        print()
        print("CPU time per request, median (server = l402d, or nginx's workers; "
              "the two cores are shared):")
        for t in targets:
            cpu[t] = {k: round(statistics.median(r[t]["cpu_us_per_request"][k] for r in runs), 1)
                      for k in ("server", "wrk")}
            print(f"{t:>14}: server {cpu[t]['server']:.1f} us, wrk {cpu[t]['wrk']:.1f} us")
    ok_c = med_rc >= TARGET_RATIO["challenge"]
    ok_r = med_rr >= TARGET_RATIO["replay"]
    print()
    print(f"challenge/nginx {med_rc:.3f} (target >= {TARGET_RATIO['challenge']}): "
          f"{'PASS' if ok_c else 'MISS'}")
    print(f"replay/nginx    {med_rr:.3f} (target >= {TARGET_RATIO['replay']}): "
          f"{'PASS' if ok_r else 'MISS'}")
    rails_summary = {}
    if rails:
        med_l402 = statistics.median(r["challenge_l402"]["rps"] for r in runs)
        med_rails = statistics.median(r["ratio_rails"] for r in runs)
        per_round = ", ".join(f"{r['ratio_rails']:.3f}" for r in runs)
        print(f"all rails / L402 alone {med_rails:.3f} (challenge {med['challenge']:.0f} vs "
              f"{med_l402:.0f} req/s; per round {per_round}; target >= {TARGET_RAILS}): "
              f"{'PASS' if med_rails >= TARGET_RAILS else 'MISS'}")
        rails_summary = {"rails": {"challenge_all_rails_rps": round(med['challenge'], 1),
                                   "challenge_l402_only_rps": round(med_l402, 1),
                                   "ratio": round(med_rails, 4), "target": TARGET_RAILS,
                                   "pass": med_rails >= TARGET_RAILS}}
    summary = dict(meta)
    summary.update(rails_summary)
    summary.update({
        "rps": {t: round(med[t], 1) for t in TARGETS},
        "ratio": {"challenge": round(med_rc, 4), "replay": round(med_rr, 4)},
        "target": TARGET_RATIO,
        "pass": {"challenge": ok_c, "replay": ok_r},
        "cpu_us_per_request": cpu,
        "rounds": [{t: r[t] for t in targets} for r in runs],
    })
    with open(os.path.join(result_dir, "summary.json"), "w") as f:
        json.dump(summary, f)
    print()
    print("RESULT " + json.dumps({k: summary[k] for k in summary if k != "rounds"},
                                 separators=(",", ":")))


if __name__ == "__main__":
    commands = {"body": cmd_body, "ports": cmd_ports, "field": cmd_field, "nginx": cmd_nginx,
                "summary": cmd_summary}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](*sys.argv[2:])
