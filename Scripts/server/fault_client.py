#!/usr/bin/env python3
"""Posts customer messages to a Frontline server for DURATION seconds from several
threads, logging every acknowledged (2xx) message as a JSON line: conversation, message
id, reply count. Connection errors and 5xx are retried later with the same message id
(as a chat server would), never logged as acknowledged. PORT may be a comma-separated list
(replicas): each request goes to a random one, a retry possibly to another."""
import http.client, json, random, sys, threading, time

ports, key, out_path, duration = [int(p) for p in sys.argv[1].split(",")], sys.argv[2], sys.argv[3], float(sys.argv[4])
texts = ["hi", "where is my order A-12345?", "thanks", "how do I return an item?",
         "what are your opening hours?", "I want to talk to a human agent", "hello"]
lock = threading.Lock()
out = open(out_path, "a", buffering=1)
stats = {"acked": 0, "failed": 0}
deadline = time.time() + duration

def worker(n):
    conns = {}
    seq = 0
    pending = None
    while time.time() < deadline:
        if pending is None:
            seq += 1
            pending = (f"fault-{n}-{random.randint(1, 40)}", f"m-{n}-{seq}", random.choice(texts))
        conversation, message_id, text = pending
        body = json.dumps({"text": text, "sender": "fault", "channel": "web", "message_id": message_id})
        port = random.choice(ports)
        try:
            conn = conns.get(port)
            if conn is None:
                conn = conns[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("POST", f"/v1/conversations/{conversation}/messages", body,
                         {"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
            response = conn.getresponse()
            data = response.read()
            if 200 <= response.status < 300:
                reply = json.loads(data)
                with lock:
                    out.write(json.dumps({"conversation": conversation, "message_id": message_id,
                                          "replies": len(reply["replies"]), "handoff": reply.get("handoff") is not None}) + "\n")
                    stats["acked"] += 1
                pending = None
            else:
                with lock:
                    stats["failed"] += 1
                time.sleep(0.05)
        except Exception:
            with lock:
                stats["failed"] += 1
            conns.pop(port, None)
            time.sleep(0.05)

threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(stats))
