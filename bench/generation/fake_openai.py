#!/usr/bin/env python3
"""A local stand-in for an OpenAI-compatible chat API: answers POST /v1/chat/completions after a
fixed latency with a valid metadata answer, and logs the arrival time of every call (one line of
epoch seconds per call) so the benchmark can check the rate limit from the provider's side.
    fake_openai.py PORT LATENCY_SECONDS LOG_FILE
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LATENCY, LOG = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
lock = threading.Lock()
ANSWER = {"summary": "A project used to measure how many generation jobs a rate-limited provider sustains.",
          "tags": ["benchmark", "rate limit", "generation"], "category": "engineering",
          "confidence": 0.9, "quality": 0.8}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        arrived = time.time()
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock, open(LOG, "a") as log:
            log.write(f"{arrived:.3f}\n")
        time.sleep(LATENCY)
        body = json.dumps({"id": "chatcmpl-bench", "object": "chat.completion", "created": int(arrived),
                           "model": "fake-model",
                           "choices": [{"index": 0, "finish_reason": "stop",
                                        "message": {"role": "assistant", "content": json.dumps(ANSWER)}}],
                           "usage": {"prompt_tokens": 500, "completion_tokens": 60, "total_tokens": 560}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
