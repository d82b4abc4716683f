#!/usr/bin/env python3
"""Fake WeChat and Alipay for scripts/schemathesis, so the sign-in routes answer from real
HTTP services: every code signs in, and Alipay's answers are signed with the test gateway
key (tests/fixtures/alipay_gateway_private_key.pem) the way the real gateway signs them.

Prints one line `wechat=http://ADDR alipay=http://ADDR/gateway.do` and serves until killed.
"""

import base64
import hashlib
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(ROOT, "tests/fixtures/alipay_gateway_private_key.pem"), "rb") as f:
    GATEWAY_KEY = serialization.load_pem_private_key(f.read(), password=None)


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Platform(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, body):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        return self.rfile.read(int(self.headers.get("content-length") or 0))

    def do_GET(self):
        url = urlsplit(self.path)
        code = (parse_qs(url.query).get("js_code") or [""])[0]
        if url.path == "/sns/jscode2session" and code:
            # A real session_key is base64 of 16 bytes.
            key = base64.b64encode(hashlib.md5(code.encode()).digest()).decode()
            self.answer({"openid": "o-" + digest(code), "session_key": key})
        else:
            self.answer({"errcode": 40029, "errmsg": "invalid code"})

    def do_POST(self):
        url = urlsplit(self.path)
        body = self.body()
        if url.path == "/cgi-bin/stable_token":
            self.answer({"access_token": "ACCESS-fake", "expires_in": 7200})
        elif url.path == "/wxa/business/getuserphonenumber":
            self.answer({"errcode": 40029, "errmsg": "invalid code"})
        elif url.path == "/gateway.do":
            params = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
            # A refresh token names the code it came from, so a refresh answers for the same user.
            grant = params.get("code") or (params.get("refresh_token") or "").removeprefix("RT-")
            member = json.dumps(
                {
                    "user_id": "2088" + str(int(digest(grant), 16) % 10**12),
                    "access_token": "AT-" + digest(grant),
                    "expires_in": 3600,
                    "refresh_token": "RT-" + grant,
                    "re_expires_in": 7200,
                },
                separators=(",", ":"),
            )
            sign = base64.b64encode(
                GATEWAY_KEY.sign(member.encode(), padding.PKCS1v15(), hashes.SHA256())
            ).decode()
            self.answer(
                ('{"alipay_system_oauth_token_response":%s,"sign":"%s"}' % (member, sign)).encode()
            )
        else:
            self.answer({"errcode": 404, "errmsg": "no such API"})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Platform)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % server.server_address[1]
    print("wechat=%s alipay=%s/gateway.do" % (base, base), flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
