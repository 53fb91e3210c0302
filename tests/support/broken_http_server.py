#!/usr/bin/env python3
"""A deliberately broken HTTP server on 127.0.0.1, for the fetch error tests.

Prints its port on the first line of standard output, then answers each connection by the
request's path:
  /garbage   a response that is not HTTP
  /huge      a Content-Length above asyncdemo's 8 MiB cap
  /endless   a body with no Content-Length that never stops (until the client gives up)
  /reset     closes the connection with a TCP reset
  /cut       promises 100 bytes, sends 5 and closes
  /chunked   a valid chunked response, "hello world"
  /two-lengths  two Content-Length headers that differ (a response smuggled in another)
  /no-status-line  a body with no status line and no headers, then the close
  /silent    reads the request and never answers
Runs until killed.
"""
import socket
import struct
import sys
import threading
import time


def handle(conn):
    try:
        data = b""
        while b"\r\n\r\n" not in data:
            more = conn.recv(4096)
            if not more:
                return
            data += more
        path = data.split(b" ")[1].decode()
        if path == "/garbage":
            conn.sendall(b"SPAM SPAM SPAM\r\n\r\n")
        elif path == "/huge":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 9999999999\r\n\r\nxx")
        elif path == "/endless":
            conn.sendall(b"HTTP/1.1 200 OK\r\n\r\n")
            chunk = b"x" * 65536
            while True:
                conn.sendall(chunk)
        elif path == "/reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif path == "/cut":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello")
        elif path == "/chunked":
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n")
        elif path == "/two-lengths":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n"
                         b"hello, world")
        elif path == "/no-status-line":
            conn.sendall(b'{"id": 1}\n')
        elif path == "/silent":
            time.sleep(3600)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    print(server.getsockname()[1], flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
