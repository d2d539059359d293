"""A loopback HTTP fault proxy for the sync tests (OFFLINE-SYNC.md §4.2: ~100 lines, no toxiproxy).

One request per connection (the client sends ``Connection: close``). Each connection takes the next
planned fault (``pass`` when none is planned):

- ``refuse``: the connection is closed before anything is read (the server never hears of it);
- ``drop_request``: the request is read and thrown away (the server never hears of it);
- ``cut``: half of the request reaches the server, then both sides are closed;
- ``drop_response``: the server gets the whole request and answers (it committed), the answer is
  thrown away: "committed, response lost";
- ``pass``: the request and the answer go through.
"""

from __future__ import annotations

import collections
import socket
import threading

FAULTS = ("pass", "refuse", "drop_request", "cut", "drop_response")


def _read_request(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


class FaultProxy:
    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.planned: collections.deque[str] = collections.deque()
        self.seen: collections.Counter[str] = collections.Counter()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def plan(self, *faults: str) -> None:
        self.planned.extend(faults)

    def close(self) -> None:
        self._stop = True
        self.server.close()

    def _serve(self) -> None:
        while not self._stop:
            try:
                client, _addr = self.server.accept()
            except OSError:
                return
            fault = self.planned.popleft() if self.planned else "pass"
            self.seen[fault] += 1
            threading.Thread(target=self._handle, args=(client, fault), daemon=True).start()

    def _handle(self, client: socket.socket, fault: str) -> None:
        with client:
            if fault == "refuse":
                return
            request = _read_request(client)
            if fault == "drop_request" or not request:
                return
            with socket.create_connection(self.upstream) as upstream:
                if fault == "cut":
                    upstream.sendall(request[: max(1, len(request) // 2)])
                    return
                upstream.sendall(request)
                response = _read_all(upstream)
            if fault == "drop_response":
                return
            client.sendall(response)
