#!/usr/bin/env python3
"""A tiny loopback webhook target: appends each delivered handoff id (one per line) to a file."""
import http.server, json, sys

port, out_path = int(sys.argv[1]), sys.argv[2]

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        handoff = json.loads(body)["handoff"]["id"]
        with open(out_path, "a") as f:
            f.write(handoff + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
