"""A local HTTP server around the handler core, to try the endpoint without a cloud.

POST any path with a JSON body; the answer is exactly what the serverless adapters return.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .handlers.core import Response, handle


class _Handler(BaseHTTPRequestHandler):
    server_version = "fraud-detection"

    def _answer(self, response: Response) -> None:
        payload = response.text().encode()
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self._answer(handle(self.command, body))

    do_POST = _serve
    do_GET = _serve
    do_PUT = _serve
    do_DELETE = _serve


def make_server(host: str, port: int) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), _Handler)


def serve(host: str, port: int) -> None:
    server = make_server(host, port)
    print(f"fraud detection on http://{host}:{server.server_address[1]}/ (POST JSON; Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
