"""The benchmark's Python peer: N coroutines gathered, each awaiting asyncio.sleep(SECONDS).

Prints {"late_p50": seconds, "late_p99": seconds}: how late the median and the 99th-percentile
wake were against their deadlines (nearest rank).
Usage: python3 asyncio_sleepers.py N [SECONDS]
"""
import asyncio
import json
import math
import sys
import time


async def sleeper(seconds, lateness):
    deadline = time.monotonic() + seconds
    await asyncio.sleep(seconds)
    lateness.append(time.monotonic() - deadline)


def rank(values, percent):
    return values[max(0, math.ceil(len(values) * percent / 100) - 1)]


async def main(count, seconds):
    lateness = []
    await asyncio.gather(*(sleeper(seconds, lateness) for _ in range(count)))
    lateness.sort()
    print(json.dumps({"late_p50": rank(lateness, 50), "late_p99": rank(lateness, 99)}))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 1.0))
