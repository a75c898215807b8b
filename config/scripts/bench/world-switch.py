#!/usr/bin/env python3
"""The wide-area delay of config/scripts/bench/world.sh: an Ethernet switch with a delay line.

This machine's kernel has no sch_netem (nor sch_fq for timestamp-based delay), so the one-way
delays between regions are applied here, in user space, in the switch namespace: every frame
that arrives on a port is held for the one-way delay between the sender's region and the
receiver's, then sent out of the receiver's port. Rates stay in the kernel (tc tbf on every
link). Frames keep their GSO size (PACKET_VNET_HDR), so a 64 KiB TCP segment costs one
receive and one send, which is what lets two shared cores carry the world.

Usage: world-switch.py DELAYS PORT...
  DELAYS  file of lines "REGION REGION ONE_WAY_MS" (symmetric; same-region pairs included)
  PORT    IFACE,MAC,REGION: a switch-side interface and the MAC and region of the host behind it
Runs until SIGTERM/SIGINT; prints "ready" once every port is open.
"""
import heapq
import os
import select
import signal
import socket
import sys
import time

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_VNET_HDR = 15
PACKET_OUTGOING = 4
VNET_HDR = 10


def main():
    delays = {}
    with open(sys.argv[1]) as lines:
        for line in lines:
            fields = line.split()
            if fields and not fields[0].startswith("#"):
                a, b, ms = fields[0], fields[1], float(fields[2]) / 1000.0
                delays[(a, b)] = delays[(b, a)] = ms
    ports = []  # (socket, region)
    by_mac = {}  # destination MAC -> port index
    for spec in sys.argv[2:]:
        iface, mac, region = spec.split(",")
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
        s.bind((iface, 0))
        s.setblocking(False)
        by_mac[bytes.fromhex(mac.replace(":", ""))] = len(ports)
        ports.append((s, region))
    poll = select.epoll()
    index_of = {}
    for i, (s, _) in enumerate(ports):
        poll.register(s.fileno(), select.EPOLLIN)
        index_of[s.fileno()] = i
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    print("ready", flush=True)
    line = []  # heap of (due, sequence, port index, frame)
    sequence = 0
    dropped = 0
    while not stop:
        now = time.monotonic()
        while line and line[0][0] <= now:
            _, _, out, frame = heapq.heappop(line)
            try:
                ports[out][0].send(frame)
            except (BlockingIOError, OSError):
                dropped += 1  # the link's queue is full: a loss, as on a congested link
        timeout = max(0.0, line[0][0] - time.monotonic()) if line else 1.0
        try:
            events = poll.poll(timeout)
        except InterruptedError:
            continue
        now = time.monotonic()
        for fd, _ in events:
            i = index_of[fd]
            s, region = ports[i]
            while True:
                try:
                    frame, address = s.recvfrom(70000)
                except (BlockingIOError, InterruptedError):
                    break
                if address[2] == PACKET_OUTGOING:
                    continue  # our own send, seen again on the socket
                destination = frame[VNET_HDR:VNET_HDR + 6]
                out = by_mac.get(destination)
                targets = [out] if out is not None else [j for j in range(len(ports)) if j != i]
                for j in targets:
                    if j == i:
                        continue
                    sequence += 1
                    due = now + delays[(region, ports[j][1])]
                    heapq.heappush(line, (due, sequence, j, frame))
    print(f"stopped; {dropped} frames dropped at full links", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
