#!/usr/bin/env python3
"""The soak's buyers: CONNECTIONS keep-alive connections to one l402d, each a
buyer who, in a loop, asks for a challenge (70 %), repeats a request it has
paid for (20 %, answered from the stored result), or buys anew (10 %:
challenge, the development node's /dev/pay, the paid request). Every answer
must have the status its step expects; anything else, or a broken connection,
is an error. Every INTERVAL seconds it samples the server's RSS and prints a
line; at the end, one `RESULT {json}` line.

  load.py PORT PID PATH CONNECTIONS SECONDS [INTERVAL]

Standard library only (asyncio), so the load needs nothing beyond Debian's
python3. It is not a throughput benchmark: its figures are errors, latency
percentiles under a steady mixed load, and the growth of the server's memory.
"""
import asyncio
import json
import random
import sys
import time


class Stats:
    def __init__(self):
        self.latencies = []  # seconds, this interval
        self.all_latencies = []
        self.counts = {"challenge": 0, "replay": 0, "buy": 0}
        self.errors = 0
        self.error_kinds = {}
        self.error_bodies = {}  # the first answer of each kind, for the why

    def error(self, kind, body=b""):
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1
        self.error_bodies.setdefault(kind, body[:300].decode("utf-8", "replace"))


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            body += await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        body = b""
    return status, headers, body


class Buyer:
    def __init__(self, port, path, stats):
        self.port, self.path, self.stats = port, path, stats
        self.reader = self.writer = None
        self.credential = None

    async def connect(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def request(self, method, path, body=b"", authorization=None):
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
        if body:
            head += "Content-Type: application/json\r\n"
        if authorization:
            head += f"Authorization: {authorization}\r\n"
        started = time.monotonic()
        self.writer.write(head.encode() + b"\r\n" + body)
        status, headers, body = await read_response(self.reader)
        elapsed = time.monotonic() - started
        self.stats.latencies.append(elapsed)
        if headers.get("connection", "").lower() == "close":
            self.writer.close()
            await self.connect()
        return status, body

    def expect(self, step, status, want, body=b""):
        if status != want:
            self.stats.error(f"{step}: {status}", body)
            return False
        return True

    async def challenge(self):
        status, body = await self.request("GET", self.path)
        self.stats.counts["challenge"] += 1
        return json.loads(body) if self.expect("challenge", status, 402, body) else None

    async def replay(self):
        status, body = await self.request("GET", self.path, authorization=self.credential)
        self.stats.counts["replay"] += 1
        self.expect("replay", status, 200, body)

    async def buy(self):
        offer = await self.challenge()
        if offer is None:
            return
        paid = json.dumps({"invoice": offer["invoice"]}).encode()
        status, body = await self.request("POST", "/dev/pay", paid)
        if not self.expect("pay", status, 200, body):
            return
        credential = f"L402 {offer['macaroon']}:{json.loads(body)['preimage']}"
        status, body = await self.request("GET", self.path, authorization=credential)
        self.stats.counts["buy"] += 1
        if self.expect("paid", status, 200, body):
            self.credential = credential

    async def run(self, until):
        while time.monotonic() < until:
            try:
                if self.writer is None:
                    await self.connect()
                r = random.random()
                if r < 0.7:
                    await self.challenge()
                elif r < 0.9 and self.credential:
                    await self.replay()
                else:
                    await self.buy()
            except (OSError, asyncio.IncompleteReadError, ValueError) as e:
                self.stats.error(type(e).__name__)
                if self.writer is not None:
                    self.writer.close()
                self.writer = None
                await asyncio.sleep(0.1)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


async def main():
    port, pid, path, connections, seconds = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3],
                                             int(sys.argv[4]), float(sys.argv[5]))
    interval = float(sys.argv[6]) if len(sys.argv) > 6 else 30.0
    stats = Stats()
    started = time.monotonic()
    until = started + seconds
    rss = [(0.0, rss_kib(pid))]
    buyers = [Buyer(port, path, stats) for _ in range(connections)]
    tasks = [asyncio.create_task(b.run(until)) for b in buyers]
    requests = 0
    while time.monotonic() < until:
        await asyncio.sleep(min(interval, max(0.0, until - time.monotonic())))
        t = time.monotonic() - started
        rss.append((t, rss_kib(pid)))
        window = stats.latencies
        stats.latencies = []
        stats.all_latencies += window
        requests += len(window)
        print(f"{t:7.0f} s  {len(window) / interval:8.0f} req/s  p99 {percentile(window, 0.99) * 1000:7.1f} ms"
              f"  errors {stats.errors}  RSS {rss[-1][1] / 1024:6.1f} MiB", flush=True)
    await asyncio.gather(*tasks)
    stats.all_latencies += stats.latencies
    # Growth after warm-up: from the first sample a minute or more in.
    warm = next((kib for t, kib in rss if t >= 60), rss[-1][1])
    # And over the second half, once the bounded caches have long been full.
    half = next((kib for t, kib in rss if t >= seconds / 2), rss[-1][1])
    result = {
        "connections": connections, "seconds": seconds, "requests": len(stats.all_latencies),
        "requests_per_s": round(len(stats.all_latencies) / seconds),
        "counts": stats.counts, "errors": stats.errors, "error_kinds": stats.error_kinds,
        "first_error_answers": stats.error_bodies,
        "p50_ms": round(percentile(stats.all_latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(stats.all_latencies, 0.99) * 1000, 2),
        "rss_start_mib": round(rss[0][1] / 1024, 1), "rss_after_1min_mib": round(warm / 1024, 1),
        "rss_end_mib": round(rss[-1][1] / 1024, 1),
        "rss_growth_after_1min_pct": round(100.0 * (rss[-1][1] - warm) / warm, 1) if warm else None,
        "rss_growth_second_half_pct": round(100.0 * (rss[-1][1] - half) / half, 1) if half else None,
    }
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
