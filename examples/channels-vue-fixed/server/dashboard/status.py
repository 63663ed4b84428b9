import os
import time

import psutil

BOOTED = time.time()


def read_system_status() -> dict:
    load1, _, _ = os.getloadavg()
    return {
        "uptime_s": int(time.time() - BOOTED),
        "load": load1,
        "memory_percent": psutil.virtual_memory().percent,
        "disk_percent": psutil.disk_usage("/").percent,
    }
