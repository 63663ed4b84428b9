import psutil


def current_metrics() -> dict:
    return {
        "cpu_percent": psutil.cpu_percent(),
        "memory_percent": psutil.virtual_memory().percent,
        "connections": len(psutil.net_connections(kind="tcp")),
    }
