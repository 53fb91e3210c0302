"""The benchmark's Python peer: N coroutines gathered, each awaiting asyncio.sleep(SECONDS).

Prints {"late_p99": seconds}: how late the 99th-percentile wake was against its deadline.
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


async def main(count, seconds):
    lateness = []
    await asyncio.gather(*(sleeper(seconds, lateness) for _ in range(count)))
    lateness.sort()
    print(json.dumps({"late_p99": lateness[max(0, math.ceil(count * 0.99) - 1)]}))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 1.0))
