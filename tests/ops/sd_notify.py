#!/usr/bin/env python3
"""The systemd protocol of `moncompte serve` (Type=notify), without systemd: a datagram socket
stands for NOTIFY_SOCKET. READY=1 comes once the service listens (after the migrations and the
Argon2id self-test), WATCHDOG=1 keeps coming from the event loop (WATCHDOG_USEC), SIGHUP gives
RELOADING=1 then READY=1, SIGTERM gives STOPPING=1 and exit status 0.
    sd_notify.py MONCOMPTE_BINARY"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1]
work = tempfile.mkdtemp(prefix="mc-sdnotify-")
path = os.path.join(work, "notify")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
sock.settimeout(0.5)

env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="400000")
proc = subprocess.Popen(
    [binary, "serve", "--listen", "127.0.0.1:0", "--db", "sqlite:" + os.path.join(work, "m.sqlite"),
     "--set", "log.format=json", "--set", "delivery.enabled=false",
     "--set", "password.argon2_m_cost_kib=8192", "--set", "password.argon2_t_cost=1"],
    env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

messages = []


def wait_for(what, pred, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        try:
            messages.append(sock.recv(4096).decode())
        except socket.timeout:
            pass
        if proc.poll() is not None:
            break
    proc.kill()
    print("FAILED: waiting for", what, "messages:", messages, "output:", proc.stdout.read())
    sys.exit(1)


def count(m):
    return sum(1 for x in messages for line in x.split("\n") if line == m)


wait_for("READY=1", lambda: count("READY=1") >= 1)
# The socket listens before READY=1 is sent: the "listening" line is already out.
first = proc.stdout.readline()
while first and '"listening"' not in first:
    first = proc.stdout.readline()
assert '"listening"' in first, first
wait_for("three WATCHDOG=1", lambda: count("WATCHDOG=1") >= 3)
proc.send_signal(signal.SIGHUP)
wait_for("RELOADING=1 then READY=1", lambda: count("RELOADING=1") == 1 and count("READY=1") >= 2)
proc.send_signal(signal.SIGTERM)
wait_for("STOPPING=1", lambda: count("STOPPING=1") == 1)
rc = proc.wait(timeout=60)
if rc != 0:
    print("FAILED: exit status", rc, proc.stdout.read())
    sys.exit(1)
print("sd_notify ok:", json.dumps(sorted(set(messages))))
