#!/usr/bin/env python3
"""The demo's two upstream services (`users`, `orders`) for scripts/schemathesis, so the
routes that call them answer from real HTTP services instead of 502. (WeChat and Alipay
are faked by scripts/fake_platforms.py.)

Prints one line `users=http://ADDR orders=http://ADDR` and serves until killed.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def user(uid):
    return {"id": uid, "name": f"user {uid}"}


def order(oid, uid):
    return {"id": oid, "user_id": uid, "total": 12.5}


class Service(BaseHTTPRequestHandler):
    routes = {}

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        status, body = self.get(url.path, query)
        self.answer(status, body)

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        try:
            sent = json.loads(raw or b"null")
        except ValueError:
            return self.answer(400, {"error": "bad json"})
        if self.path == "/orders" and self.name == "orders":
            return self.answer(200, {"id": 1, "placed": sent})
        self.answer(404, {"error": "not found"})


class Users(Service):
    name = "users"

    def get(self, path, query):
        if path.startswith("/users/") and path[7:].isdigit():
            return 200, user(int(path[7:]))
        if path == "/users":
            ids = [int(i) for i in query.get("ids", [""])[0].split(",") if i.isdigit()]
            return 200, [user(i) for i in ids]
        return 404, {"error": "not found"}


class Orders(Service):
    name = "orders"

    def get(self, path, query):
        if path == "/orders/recent":
            return 200, [order(1, 1), order(2, 2)]
        if path == "/orders":
            uid = query.get("user", ["0"])[0]
            return 200, [order(1, int(uid))] if uid.isdigit() else []
        return 404, {"error": "not found"}


def main():
    servers = {name: ThreadingHTTPServer(("127.0.0.1", 0), cls)
               for name, cls in (("users", Users), ("orders", Orders))}
    for server in servers.values():
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(" ".join(f"{name}=http://127.0.0.1:{s.server_address[1]}" for name, s in servers.items()),
          flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
