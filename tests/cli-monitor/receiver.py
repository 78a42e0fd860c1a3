#!/usr/bin/env python3
"""A local webhook receiver for tests/cli-monitor: listens on 127.0.0.1 on a
free port (written to PORTFILE), appends each POST body as one line to
OUTFILE and each request's path and Content-Type to OUTFILE.hdr, answers 500
to the first FAIL requests and 200 to the rest. Usage:
receiver.py PORTFILE OUTFILE [FAIL]."""
import http.server
import sys

port_file, out_file = sys.argv[1], sys.argv[2]
fail_left = [int(sys.argv[3]) if len(sys.argv) > 3 else 0]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        with open(out_file + ".hdr", "a") as f:
            f.write("%s %s\n" % (self.path, self.headers.get("Content-Type")))
        if fail_left[0] > 0:
            fail_left[0] -= 1
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with open(out_file, "ab") as f:
            f.write(body + b"\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(port_file + ".tmp", port_file)
srv.serve_forever()
